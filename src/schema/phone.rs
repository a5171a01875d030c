//! Vietnamese phone numbers: mobiles (prefixes from `vn-mobile-prefixes.txt`), landlines
//! and 1800/1900 hotlines, and their E.164 form. Which number a field needs is the schema's.

/// The mobile prefix table, one `0xx` prefix a line.
const MOBILE_PREFIXES: &str = include_str!("vn-mobile-prefixes.txt");

/// Names what kind of Vietnamese number a phone is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneKind {
    /// A mobile: `0` and 9 digits with a prefix from the table.
    Mobile,
    /// A landline: `02` and 9 more digits.
    Landline,
    /// A `1800` (free) or `1900` (paid) hotline: 8 or 10 digits, domestic only.
    Hotline,
}

/// Returns the mobile prefixes from the data table, in the table's order.
pub fn mobile_prefixes() -> impl Iterator<Item = &'static str> {
    MOBILE_PREFIXES.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// Says whether a national prefix such as `091` is a mobile prefix.
pub fn is_mobile_prefix(prefix: &str) -> bool {
    mobile_prefixes().any(|known| known == prefix)
}

/// Classifies a Vietnamese phone number written as `0…`, `84…` or `+84…`, spaces allowed.
pub fn phone_kind(input: &str) -> Option<PhoneKind> {
    let compact: String = input.chars().filter(|c| *c != ' ').collect();
    if is_hotline(&compact) {
        return Some(PhoneKind::Hotline);
    }
    let national = national_significant_number(&compact)?;
    match national.len() {
        9 if is_mobile_prefix(&format!("0{}", &national[..2])) => Some(PhoneKind::Mobile),
        10 if national.starts_with('2') => Some(PhoneKind::Landline),
        _ => None,
    }
}

/// Normalises a Vietnamese mobile or landline to E.164 (`+84` and the national number).
///
/// Hotlines have no E.164 form (they are dialled only inside Vietnam), so they give `None`,
/// as does anything that is not a Vietnamese number.
pub fn normalize_phone(input: &str) -> Option<String> {
    match phone_kind(input)? {
        PhoneKind::Mobile | PhoneKind::Landline => {
            let compact: String = input.chars().filter(|c| *c != ' ').collect();
            national_significant_number(&compact).map(|national| format!("+84{national}"))
        }
        PhoneKind::Hotline => None,
    }
}

/// Says whether a string is a Vietnamese phone a support line may use: any kind.
pub fn is_vn_phone(input: &str) -> bool {
    phone_kind(input).is_some()
}

/// Says whether a string is a Vietnamese mobile, the only kind a person's phone may be.
pub fn is_vn_mobile(input: &str) -> bool {
    phone_kind(input) == Some(PhoneKind::Mobile)
}

/// Returns the mobile-shaped national prefix (`0` and two digits) of a number whose prefix is
/// not in the table, so a message can name it.
pub fn unknown_mobile_prefix(input: &str) -> Option<String> {
    let compact: String = input.chars().filter(|c| *c != ' ').collect();
    let national = national_significant_number(&compact)?;
    let prefix = format!("0{}", national.get(..2)?);
    (national.len() == 9 && !is_mobile_prefix(&prefix)).then_some(prefix)
}

/// Strips the trunk `0` or the country code `84`/`+84`, leaving digits that do not start
/// with `0`.
fn national_significant_number(compact: &str) -> Option<String> {
    let rest = compact
        .strip_prefix("+84")
        .or_else(|| compact.strip_prefix("84"))
        .or_else(|| compact.strip_prefix('0'))?;
    let valid =
        !rest.is_empty() && !rest.starts_with('0') && rest.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| rest.to_owned())
}

fn is_hotline(compact: &str) -> bool {
    let Some(rest) = compact.strip_prefix("1800").or_else(|| compact.strip_prefix("1900")) else {
        return false;
    };
    matches!(rest.len(), 4 | 6) && rest.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_phone_numbers() {
        let cases = [
            ("0912345678", Some(PhoneKind::Mobile)),
            ("0912 345 678", Some(PhoneKind::Mobile)),
            ("+84 912 345 678", Some(PhoneKind::Mobile)),
            ("84912345678", Some(PhoneKind::Mobile)),
            ("0321234567", Some(PhoneKind::Mobile)),
            ("0991234567", Some(PhoneKind::Mobile)),
            ("0701234567", Some(PhoneKind::Mobile)),
            ("0951234567", None),
            ("0311234567", None),
            ("0551234567", None),
            ("091234567", None),
            ("09123456789", None),
            ("+840912345678", None),
            ("0243 826 1234", Some(PhoneKind::Landline)),
            ("+84 28 3822 1234", Some(PhoneKind::Landline)),
            ("1800 1091", Some(PhoneKind::Hotline)),
            ("1900545441", Some(PhoneKind::Hotline)),
            ("19005454", Some(PhoneKind::Hotline)),
            ("1900 54544", None),
            ("+84 1900 5454", None),
            ("0912-345-678", None),
            ("", None),
            ("+84", None),
            ("abc", None),
        ];
        for (input, expected) in cases {
            assert_eq!(phone_kind(input), expected, "{input:?}");
        }
    }

    #[test]
    fn normalizes_to_e164() {
        let cases = [
            ("0912 345 678", Some("+84912345678")),
            ("84912345678", Some("+84912345678")),
            ("+84912345678", Some("+84912345678")),
            ("024 3826 1234", Some("+842438261234")),
            ("1800 1091", None),
            ("0951234567", None),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize_phone(input).as_deref(), expected, "{input:?}");
        }
    }

    #[test]
    fn mobile_format_rejects_landlines_and_hotlines() {
        assert!(is_vn_mobile("0987654321"));
        assert!(!is_vn_mobile("02438261234"));
        assert!(!is_vn_mobile("19005454"));
        assert!(is_vn_phone("02438261234"));
        assert!(is_vn_phone("19005454"));
    }

    #[test]
    fn prefix_table_is_well_formed() {
        let prefixes: Vec<&str> = mobile_prefixes().collect();
        assert_eq!(prefixes.len(), 35);
        for prefix in &prefixes {
            assert!(prefix.len() == 3 && prefix.starts_with('0'), "{prefix:?}");
            assert!(prefix.bytes().all(|b| b.is_ascii_digit()), "{prefix:?}");
        }
        assert_eq!(unknown_mobile_prefix("0951234567").as_deref(), Some("095"));
        assert_eq!(unknown_mobile_prefix("0912345678"), None);
    }
}
