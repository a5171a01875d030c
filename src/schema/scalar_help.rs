//! Help lines that explain how YAML 1.2 read a scalar, from its raw text: a quoted number,
//! `1.10` read as 1.1, `0744` read as decimal, `yes` read as a string.

use serde_json::Value;

use crate::yaml::{Scalar, ScalarStyle};

/// Words a JSON Schema type name for a message: `integer` as "an integer".
pub fn type_phrase(name: &str) -> &'static str {
    match name {
        "string" => "text",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "`true` or `false`",
        "array" => "a list",
        "object" => "a mapping",
        "null" => "empty",
        _ => "another type",
    }
}

/// Words what a value is: "a number", "a list".
pub fn value_phrase(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// Explains a type error from how the scalar was written, when the raw text tells why.
pub fn type_help(expected: &[&str], value: &Value, scalar: Option<&Scalar>) -> Option<String> {
    let raw = scalar.map(|scalar| scalar.raw.as_str());
    let quoted = scalar.is_some_and(|scalar| {
        matches!(scalar.style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted)
    });
    let wants = |name: &str| expected.contains(&name);
    match value {
        Value::Number(number) if wants("string") => Some(number_as_text(raw, &number.to_string())),
        Value::Bool(flag) if wants("string") => Some(match raw {
            Some(raw) => format!("`{raw}` was read as the boolean {flag}; quote it"),
            None => format!("{flag} is a boolean; quote it to make it text"),
        }),
        Value::String(text) if wants("boolean") => Some(text_as_boolean(text, quoted)),
        Value::String(text) if wants("integer") || wants("number") => text_as_number(text, quoted),
        Value::Number(number) if wants("integer") && !number.is_i64() && !number.is_u64() => {
            Some(format!("`{number}` has a fraction; write a whole number"))
        }
        _ => None,
    }
}

fn number_as_text(raw: Option<&str>, number: &str) -> String {
    let Some(raw) = raw else {
        return format!("{number} is a number; quote it to make it text");
    };
    let unsigned = raw.trim_start_matches(['+', '-']);
    if unsigned.len() > 1
        && unsigned.starts_with('0')
        && unsigned.bytes().all(|b| b.is_ascii_digit())
    {
        // Short runs of octal digits look like file modes; longer ones are codes and phones.
        if unsigned.len() <= 5 && unsigned.bytes().all(|b| b <= b'7') {
            return format!(
                "YAML 1.2 reads `{raw}` as the decimal number {number}, not octal; quote it"
            );
        }
        return format!(
            "YAML 1.2 reads `{raw}` as the number {number}, dropping the leading zero; quote it"
        );
    }
    let hex_with_one_e = raw.len() == 40
        && raw.bytes().all(|b| b.is_ascii_hexdigit())
        && raw.bytes().filter(|b| b.eq_ignore_ascii_case(&b'e')).count() == 1;
    if hex_with_one_e {
        return format!(
            "this commit id has one `e` and digits only, so YAML read it as the number {number} in exponent notation; quote it"
        );
    }
    format!("`{raw}` was read as the number {number}; quote it")
}

fn text_as_boolean(text: &str, quoted: bool) -> String {
    let lower = text.to_ascii_lowercase();
    if quoted && matches!(lower.as_str(), "true" | "false") {
        return format!("`\"{text}\"` is quoted, so it is text; write `{lower}` without quotes");
    }
    match lower.as_str() {
        "yes" | "y" | "on" => format!("YAML 1.2 reads `{text}` as a string; write `true`"),
        "no" | "n" | "off" => format!("YAML 1.2 reads `{text}` as a string; write `false`"),
        _ => "write `true` or `false`".to_owned(),
    }
}

fn text_as_number(text: &str, quoted: bool) -> Option<String> {
    let trimmed = text.trim();
    if quoted && trimmed.parse::<f64>().is_ok() {
        return Some(format!(
            "`\"{text}\"` is quoted, so it is text; write `{trimmed}` without quotes"
        ));
    }
    let separated = trimmed.contains(['_', ',', ' '])
        && trimmed.replace(['_', ',', ' '], "").parse::<f64>().is_ok();
    separated.then(|| {
        format!("YAML 1.2 reads `{text}` as a string; write the digits without separators")
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn scalar(raw: &str, style: ScalarStyle) -> Scalar {
        Scalar { raw: raw.to_owned(), style }
    }

    #[test]
    fn explains_how_yaml_read_a_scalar() {
        let plain = ScalarStyle::Plain;
        let quoted = ScalarStyle::DoubleQuoted;
        let commit = "1234567e89012345678901234567890123456789";
        type Case<'a> = (&'a [&'a str], Value, Option<Scalar>, Option<&'a str>);
        let cases: Vec<Case> = vec![
            (
                &["string"],
                json!(1.1),
                Some(scalar("1.10", plain)),
                Some("`1.10` was read as the number 1.1; quote it"),
            ),
            (
                &["string"],
                json!(744),
                Some(scalar("0744", plain)),
                Some("YAML 1.2 reads `0744` as the decimal number 744, not octal; quote it"),
            ),
            (
                &["string"],
                json!(1.234567e95),
                Some(scalar(commit, plain)),
                Some(
                    "this commit id has one `e` and digits only, so YAML read it as the number 1.234567e+95 in exponent notation; quote it",
                ),
            ),
            (
                &["string"],
                json!(100233488),
                Some(scalar("0100233488", plain)),
                Some(
                    "YAML 1.2 reads `0100233488` as the number 100233488, dropping the leading zero; quote it",
                ),
            ),
            (&["string"], json!(2), None, Some("2 is a number; quote it to make it text")),
            (
                &["string"],
                json!(true),
                Some(scalar("true", plain)),
                Some("`true` was read as the boolean true; quote it"),
            ),
            (
                &["boolean"],
                json!("yes"),
                Some(scalar("yes", plain)),
                Some("YAML 1.2 reads `yes` as a string; write `true`"),
            ),
            (
                &["boolean"],
                json!("Off"),
                Some(scalar("Off", plain)),
                Some("YAML 1.2 reads `Off` as a string; write `false`"),
            ),
            (
                &["boolean"],
                json!("true"),
                Some(scalar("true", quoted)),
                Some("`\"true\"` is quoted, so it is text; write `true` without quotes"),
            ),
            (
                &["boolean"],
                json!("maybe"),
                Some(scalar("maybe", plain)),
                Some("write `true` or `false`"),
            ),
            (
                &["integer"],
                json!("3"),
                Some(scalar("3", quoted)),
                Some("`\"3\"` is quoted, so it is text; write `3` without quotes"),
            ),
            (
                &["integer"],
                json!("1_000"),
                Some(scalar("1_000", plain)),
                Some("YAML 1.2 reads `1_000` as a string; write the digits without separators"),
            ),
            (
                &["integer"],
                json!(1.5),
                Some(scalar("1.5", plain)),
                Some("`1.5` has a fraction; write a whole number"),
            ),
            (&["integer"], json!("three"), Some(scalar("three", plain)), None),
            (&["object"], json!("x"), Some(scalar("x", plain)), None),
        ];
        for (expected, value, scalar, help) in cases {
            assert_eq!(type_help(expected, &value, scalar.as_ref()).as_deref(), help, "{value}");
        }
    }
}
