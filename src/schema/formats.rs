//! The custom `format` checks the schemas name, as pure functions: semver, https URLs,
//! email addresses and dates. Tax codes are in `tax_code`, phones in `phone`.

/// Says whether a string is a Semantic Versioning 2.0.0 version (no leading `v`).
pub fn is_semver(input: &str) -> bool {
    let (rest, build) = match input.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (input, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (rest, None),
    };
    let core_parts: Vec<&str> = core.split('.').collect();
    core_parts.len() == 3
        && core_parts.iter().all(|part| is_numeric_identifier(part))
        && pre.is_none_or(|pre| {
            pre.split('.').all(|id| {
                is_alphanumeric_identifier(id)
                    && (!id.bytes().all(|b| b.is_ascii_digit()) || is_numeric_identifier(id))
            })
        })
        && build.is_none_or(|build| build.split('.').all(is_alphanumeric_identifier))
}

fn is_numeric_identifier(part: &str) -> bool {
    !part.is_empty()
        && part.bytes().all(|b| b.is_ascii_digit())
        && (part == "0" || !part.starts_with('0'))
}

fn is_alphanumeric_identifier(part: &str) -> bool {
    !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Says why a string is not an absolute https URL with a host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlProblem {
    /// Uses `http://`.
    PlainHttp,
    /// Has another scheme or none.
    Scheme,
    /// Holds a space or another character a URL cannot carry.
    Whitespace,
    /// Carries a user name or password before the host.
    UserInfo,
    /// Has no host, or a malformed one.
    Host,
    /// Has a port that is not a number from 1 to 65535.
    Port,
}

/// Checks that a string is an absolute `https://` URL with a host and no user info.
pub fn https_url_problem(input: &str) -> Option<UrlProblem> {
    if input.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"')) {
        return Some(UrlProblem::Whitespace);
    }
    let Some((scheme, rest)) = input.split_once("://") else {
        return Some(UrlProblem::Scheme);
    };
    if scheme.eq_ignore_ascii_case("http") {
        return Some(UrlProblem::PlainHttp);
    }
    if !scheme.eq_ignore_ascii_case("https") {
        return Some(UrlProblem::Scheme);
    }

    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Some(UrlProblem::UserInfo);
    }
    let (host, port) = split_port(authority);
    if !is_host(host) {
        return Some(UrlProblem::Host);
    }
    match port {
        Some(port) if !port.parse::<u16>().is_ok_and(|port| port > 0) => Some(UrlProblem::Port),
        _ => None,
    }
}

/// Says whether a string is an absolute https URL with a host.
pub fn is_https_url(input: &str) -> bool {
    https_url_problem(input).is_none()
}

fn split_port(authority: &str) -> (&str, Option<&str>) {
    if authority.starts_with('[') {
        return match authority.split_once("]:") {
            Some((host, port)) => (&authority[..host.len() + 1], Some(port)),
            None => (authority, None),
        };
    }
    match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    }
}

fn is_host(host: &str) -> bool {
    if let Some(inner) = host.strip_prefix('[').and_then(|host| host.strip_suffix(']')) {
        return inner.contains(':')
            && inner.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
    }
    is_domain(host, 1)
}

/// Says whether a string is a domain of at least `min_labels` labels of letters, digits and
/// inner dashes (IPv4 addresses pass too).
fn is_domain(domain: &str, min_labels: usize) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    domain.len() <= 253
        && labels.len() >= min_labels
        && labels.iter().all(|label| {
            (1..=63).contains(&label.len())
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// Says whether a string is a plausible email address: `local@domain.tld`, ASCII only.
pub fn is_email(input: &str) -> bool {
    let Some((local, domain)) = input.split_once('@') else { return false };
    let local_ok = (1..=64).contains(&local.len())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b));
    let tld_ok = domain
        .rsplit('.')
        .next()
        .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()));
    local_ok && is_domain(domain, 2) && tld_ok
}

/// Says whether a string is a calendar date written `YYYY-MM-DD`.
pub fn is_date(input: &str) -> bool {
    let bytes = input.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes.iter().enumerate().all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape_ok {
        return false;
    }
    let number = |range: std::ops::Range<usize>| input[range].parse::<u16>().unwrap_or_default();
    let Ok(month) = time::Month::try_from(number(5..7) as u8) else { return false };
    let Ok(day) = u8::try_from(number(8..10)) else { return false };
    time::Date::from_calendar_date(i32::from(number(0..4)), month, day).is_ok()
}

/// Says whether a string is a branch name git accepts (as `git check-ref-format --branch`
/// would), kept to letters, digits, `.`, `_`, `/` and `-`: no leading `-`, no `..` or
/// `//`, no `/` at either end, and no part that starts with `.` or ends with `.` or `.lock`.
pub fn is_git_branch(input: &str) -> bool {
    let charset =
        input.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'/' | b'-'));
    let parts_ok = input.split('/').all(|part| {
        !part.is_empty()
            && !part.starts_with('.')
            && !part.ends_with('.')
            && !part.ends_with(".lock")
    });
    charset && parts_ok && !input.starts_with('-') && !input.contains("..") && input != "HEAD"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_git_branch_names() {
        let cases = [
            ("main", true),
            ("release/2024-05", true),
            ("team_a/v1.2", true),
            ("", false),
            ("-main", false),
            ("../../etc", false),
            ("a..b", false),
            ("a//b", false),
            ("/main", false),
            ("main/", false),
            ("main.lock", false),
            ("a.lock/b", false),
            (".hidden", false),
            ("a/.b", false),
            ("main.", false),
            ("HEAD", false),
            ("a b", false),
            ("a~1", false),
            ("a@{0}", false),
        ];
        for (input, expected) in cases {
            assert_eq!(is_git_branch(input), expected, "{input:?}");
        }
    }

    #[test]
    fn checks_semver() {
        let cases = [
            ("1.0.0", true),
            ("0.0.0", true),
            ("10.20.30", true),
            ("1.2.3-alpha.1", true),
            ("1.2.3-0.3.7", true),
            ("1.2.3-x-y-z.--", true),
            ("1.0.0+20130313144700", true),
            ("1.0.0-beta+exp.sha.5114f85", true),
            ("1.0.0+001", true),
            ("v1.0.0", false),
            ("1.0", false),
            ("1.10", false),
            ("01.0.0", false),
            ("1.0.0-01", false),
            ("1.0.0-", false),
            ("1.0.0+", false),
            ("1.0.0-alpha..1", false),
            ("1.0.0 ", false),
            ("1.0.0-alpha_1", false),
            ("", false),
        ];
        for (input, expected) in cases {
            assert_eq!(is_semver(input), expected, "{input:?}");
        }
    }

    #[test]
    fn checks_https_urls() {
        let cases = [
            ("https://example.com", None),
            ("https://app.example.vn/path?q=1#top", None),
            ("https://example.com:8443/", None),
            ("HTTPS://example.com", None),
            ("https://127.0.0.1/", None),
            ("https://[::1]:8443/", None),
            ("https://localhost", None),
            ("http://example.com", Some(UrlProblem::PlainHttp)),
            ("ftp://example.com", Some(UrlProblem::Scheme)),
            ("example.com", Some(UrlProblem::Scheme)),
            ("//example.com", Some(UrlProblem::Scheme)),
            ("https://user:pass@example.com", Some(UrlProblem::UserInfo)),
            ("https://example .com", Some(UrlProblem::Whitespace)),
            ("https://example.com/a b", Some(UrlProblem::Whitespace)),
            ("https://", Some(UrlProblem::Host)),
            ("https:///path", Some(UrlProblem::Host)),
            ("https://-bad.com", Some(UrlProblem::Host)),
            ("https://exa_mple.com", Some(UrlProblem::Host)),
            ("https://example.com:0", Some(UrlProblem::Port)),
            ("https://example.com:99999", Some(UrlProblem::Port)),
            ("https://example.com:", Some(UrlProblem::Port)),
        ];
        for (input, expected) in cases {
            assert_eq!(https_url_problem(input), expected, "{input:?}");
        }
    }

    #[test]
    fn checks_emails() {
        let cases = [
            ("support@example.vn", true),
            ("first.last+tag@mail.example.com", true),
            ("a@b.co", true),
            ("plain", false),
            ("@example.com", false),
            ("a@", false),
            ("a@localhost", false),
            ("a@@example.com", false),
            ("a b@example.com", false),
            (".a@example.com", false),
            ("a..b@example.com", false),
            ("a@example.c", false),
            ("a@example.123", false),
            ("a@-example.com", false),
        ];
        for (input, expected) in cases {
            assert_eq!(is_email(input), expected, "{input:?}");
        }
    }

    #[test]
    fn checks_dates() {
        let cases = [
            ("2024-05-31", true),
            ("2024-02-29", true),
            ("2023-02-29", false),
            ("2024-13-01", false),
            ("2024-00-10", false),
            ("2024-04-31", false),
            ("2024-4-30", false),
            ("24-04-30", false),
            ("2024/04/30", false),
            ("2024-04-30T00:00:00Z", false),
        ];
        for (input, expected) in cases {
            assert_eq!(is_date(input), expected, "{input:?}");
        }
    }
}
