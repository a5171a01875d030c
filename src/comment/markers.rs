//! The hidden markers that let a later run find what an earlier run posted: the summary
//! comment, its verdict, and each inline finding's fingerprint.

/// Marks the summary comment.
pub const SUMMARY: &str = "<!-- miniapp:summary -->";

/// Returns the marker that records the state a summary was written for.
pub fn verdict(state: &str) -> String {
    format!("<!-- miniapp:verdict {state} -->")
}

/// Returns a finding's fingerprint: a stable hash of its code, file and pointer, so the
/// marker holds no registry text at all.
pub fn fingerprint(code: &str, path: &str, pointer: Option<&str>) -> String {
    // FNV-1a, 64 bits: stable across runs and platforms, unlike std's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in [code, "\0", path, "\0", pointer.unwrap_or("")].concat().bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Returns the hidden marker that carries a fingerprint.
pub fn finding(fingerprint: &str) -> String {
    format!("<!-- miniapp:finding {fingerprint} -->")
}

/// Reads the fingerprint out of a comment body, if it carries one.
pub fn read_finding(body: &str) -> Option<&str> {
    let start = body.find("<!-- miniapp:finding ")? + "<!-- miniapp:finding ".len();
    let rest = &body[start..];
    let end = rest.find(" -->")?;
    let fingerprint = &rest[..end];
    fingerprint.chars().all(|c| c.is_ascii_hexdigit()).then_some(fingerprint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        let a = fingerprint("PAY_NO_RESULT_REDIRECT", "r.yaml", Some("/android/build"));
        assert_eq!(a, fingerprint("PAY_NO_RESULT_REDIRECT", "r.yaml", Some("/android/build")));
        assert_ne!(a, fingerprint("PAY_NO_RESULT_REDIRECT", "r.yaml", Some("/ios/build")));
        assert_ne!(fingerprint("ab", "c", None), fingerprint("a", "bc", None));
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn reads_back_the_marker() {
        let body = format!("text\n{}\nmore", finding("00ff00ff00ff00ff"));
        assert_eq!(read_finding(&body), Some("00ff00ff00ff00ff"));
        assert_eq!(read_finding("<!-- miniapp:finding x-y -->"), None);
        assert_eq!(read_finding("no marker"), None);
    }
}
