//! Types scalars by the YAML 1.2 core schema and resolves tags; reporting what cannot be
//! represented is left to the composer.

use saphyr_parser::Tag;
use serde_json::{Number, Value};

use crate::yaml::ScalarStyle;

/// The prefix `!!` expands to.
const CORE_PREFIX: &str = "tag:yaml.org,2002:";

/// Names a tag the loader understands, or one it does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TagKind {
    /// No tag: the core schema decides.
    None,
    /// The non-specific `!`: a scalar is a string.
    NonSpecific,
    /// `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map` or `!!seq`.
    Core(&'static str),
    /// Any other tag, as it would be written.
    Unknown(String),
}

/// Classifies a tag from saphyr's event.
pub(crate) fn classify_tag(tag: Option<&Tag>) -> TagKind {
    let Some(tag) = tag else { return TagKind::None };
    if tag.handle.is_empty() && tag.suffix == "!" {
        return TagKind::NonSpecific;
    }
    let full = format!("{}{}", tag.handle, tag.suffix);
    if let Some(name) = full.strip_prefix(CORE_PREFIX) {
        for known in ["str", "int", "float", "bool", "null", "map", "seq"] {
            if name == known {
                return TagKind::Core(known);
            }
        }
        return TagKind::Unknown(format!("!!{name}"));
    }
    if tag.handle == "!" {
        return TagKind::Unknown(format!("!{}", tag.suffix));
    }
    TagKind::Unknown(format!("!<{full}>"))
}

/// Says what a scalar became.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Typed {
    /// A JSON value.
    Value(Value),
    /// A number JSON cannot hold (beyond 64 bits, or infinite, or not a number).
    OutOfRange,
    /// The text does not fit its tag (such as `!!int abc`).
    Mismatch(&'static str),
}

/// Types a scalar's text from its style and tag (unknown tags are typed as untagged).
pub(crate) fn type_scalar(text: &str, style: ScalarStyle, tag: &TagKind) -> Typed {
    match tag {
        TagKind::NonSpecific => Typed::Value(Value::String(text.to_owned())),
        TagKind::Core(name) => type_tagged(text, name),
        TagKind::None | TagKind::Unknown(_) if style == ScalarStyle::Plain => type_plain(text),
        TagKind::None | TagKind::Unknown(_) => Typed::Value(Value::String(text.to_owned())),
    }
}

fn type_tagged(text: &str, name: &'static str) -> Typed {
    let typed = match name {
        "str" => Some(Typed::Value(Value::String(text.to_owned()))),
        "null" => is_null(text).then_some(Typed::Value(Value::Null)),
        "bool" => parse_bool(text).map(|b| Typed::Value(Value::Bool(b))),
        "int" => parse_int(text),
        "float" => parse_float(text).or_else(|| parse_int(text).map(int_as_float)),
        _ => None,
    };
    typed.unwrap_or(Typed::Mismatch(name))
}

fn int_as_float(typed: Typed) -> Typed {
    match typed {
        Typed::Value(Value::Number(number)) => number.as_f64().map_or(Typed::OutOfRange, float),
        other => other,
    }
}

/// Types a plain scalar by the core schema: null, bool, int, float, else string.
pub(crate) fn type_plain(text: &str) -> Typed {
    if is_null(text) {
        return Typed::Value(Value::Null);
    }
    if let Some(b) = parse_bool(text) {
        return Typed::Value(Value::Bool(b));
    }
    if let Some(typed) = parse_int(text).or_else(|| parse_float(text)) {
        return typed;
    }
    Typed::Value(Value::String(text.to_owned()))
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// Parses `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`.
fn parse_int(text: &str) -> Option<Typed> {
    if let Some(digits) = text.strip_prefix("0o") {
        return radix_int(digits, 8);
    }
    if let Some(digits) = text.strip_prefix("0x") {
        return radix_int(digits, 16);
    }
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = if negative {
        format!("-{digits}").parse::<i64>().ok().map(Number::from)
    } else {
        digits.parse::<u64>().ok().map(Number::from)
    };
    Some(number.map_or(Typed::OutOfRange, |n| Typed::Value(Value::Number(n))))
}

fn radix_int(digits: &str, radix: u32) -> Option<Typed> {
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some(
        u64::from_str_radix(digits, radix)
            .map_or(Typed::OutOfRange, |n| Typed::Value(Value::Number(n.into()))),
    )
}

/// Parses the core schema's float forms, including `.inf` and `.nan` (which JSON cannot hold).
fn parse_float(text: &str) -> Option<Typed> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some(Typed::OutOfRange);
    }
    if !is_float_syntax(unsigned) {
        return None;
    }
    Some(text.parse::<f64>().map_or(Typed::OutOfRange, float))
}

fn float(value: f64) -> Typed {
    Number::from_f64(value).map_or(Typed::OutOfRange, |n| Typed::Value(Value::Number(n)))
}

/// Checks `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` on an unsigned text.
fn is_float_syntax(text: &str) -> bool {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (mantissa, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match fraction {
        Some(fraction) => {
            digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty())
        }
        None => !whole.is_empty() && digits(whole),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        let cases = [
            ("", json!(null)),
            ("~", json!(null)),
            ("null", json!(null)),
            ("Null", json!(null)),
            ("NULL", json!(null)),
            ("nULL", json!("nULL")),
            ("true", json!(true)),
            ("True", json!(true)),
            ("FALSE", json!(false)),
            ("tRUE", json!("tRUE")),
            ("yes", json!("yes")),
            ("no", json!("no")),
            ("on", json!("on")),
            ("off", json!("off")),
            ("y", json!("y")),
            ("n", json!("n")),
            ("0744", json!(744)),
            ("-12", json!(-12)),
            ("+12", json!(12)),
            ("0o17", json!(15)),
            ("0x1F", json!(31)),
            ("0xFFFFFFFFFFFFFFFF", json!(u64::MAX)),
            ("18446744073709551615", json!(u64::MAX)),
            ("-9223372036854775808", json!(i64::MIN)),
            ("1.10", json!(1.1)),
            ("1.", json!(1.0)),
            (".5", json!(0.5)),
            ("-1e3", json!(-1000.0)),
            ("1E+2", json!(100.0)),
            ("1_000", json!("1_000")),
            ("0b101", json!("0b101")),
            ("0o8", json!("0o8")),
            ("0x", json!("0x")),
            (".", json!(".")),
            ("1.2.3", json!("1.2.3")),
            ("e5", json!("e5")),
            ("1e", json!("1e")),
            ("-", json!("-")),
            ("inf", json!("inf")),
            ("nan", json!("nan")),
            ("2024-01-01", json!("2024-01-01")),
        ];
        for (text, expected) in cases {
            assert_eq!(type_plain(text), Typed::Value(expected), "{text:?}");
        }
    }

    #[test]
    fn numbers_json_cannot_hold_are_out_of_range() {
        for text in [
            "18446744073709551616",
            "-9223372036854775809",
            "0x10000000000000000",
            ".inf",
            "-.Inf",
            "+.INF",
            ".nan",
            ".NaN",
            "1e400",
        ] {
            assert_eq!(type_plain(text), Typed::OutOfRange, "{text:?}");
        }
    }

    #[test]
    fn tags_override_the_schema() {
        let cases = [
            ("1", TagKind::Core("str"), Typed::Value(json!("1"))),
            ("12", TagKind::Core("int"), Typed::Value(json!(12))),
            ("1", TagKind::Core("float"), Typed::Value(json!(1.0))),
            ("true", TagKind::Core("bool"), Typed::Value(json!(true))),
            ("", TagKind::Core("null"), Typed::Value(json!(null))),
            ("abc", TagKind::Core("int"), Typed::Mismatch("int")),
            ("yes", TagKind::Core("bool"), Typed::Mismatch("bool")),
            ("a", TagKind::Core("map"), Typed::Mismatch("map")),
            ("true", TagKind::NonSpecific, Typed::Value(json!("true"))),
            ("12", TagKind::Unknown("!foo".into()), Typed::Value(json!(12))),
        ];
        for (text, tag, expected) in cases {
            assert_eq!(type_scalar(text, ScalarStyle::Plain, &tag), expected, "{text:?} {tag:?}");
        }
        assert_eq!(
            type_scalar("12", ScalarStyle::DoubleQuoted, &TagKind::None),
            Typed::Value(json!("12"))
        );
    }
}
