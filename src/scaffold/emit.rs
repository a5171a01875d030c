//! Turns a JSON value into block-style YAML that the loader reads back to the same value:
//! strings stay plain only when YAML 1.2 core typing keeps them strings, else they are
//! double-quoted with JSON escapes (a JSON string is a valid YAML double-quoted scalar).

use serde_json::Value;

/// Renders a mapping as YAML lines, keys in the value's order, two spaces per level.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(_) | Value::Array(_) => block(value, 0, &mut out),
        scalar => {
            out.push_str(&inline(scalar));
            out.push('\n');
        }
    }
    out
}

fn block(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                out.push_str(&format!("{pad}{}:", string(key)));
                nested(child, indent + 2, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                out.push_str(&format!("{pad}-"));
                match item {
                    Value::Object(map) if !map.is_empty() => {
                        // The first key goes on the dash's line; the rest line up under it.
                        let mut inner = String::new();
                        block(item, indent + 2, &mut inner);
                        out.push(' ');
                        out.push_str(&inner[indent + 2..]);
                    }
                    other => nested(other, indent + 2, out),
                }
            }
        }
        scalar => {
            out.push_str(&format!("{pad}{}\n", inline(scalar)));
        }
    }
}

fn nested(child: &Value, indent: usize, out: &mut String) {
    match child {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            block(child, indent, out);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            block(child, indent, out);
        }
        other => {
            out.push(' ');
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
}

fn inline(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => string(text),
        Value::Array(_) => "[]".to_owned(),
        Value::Object(_) => "{}".to_owned(),
    }
}

/// Writes a string plain when that is safe, else double-quoted.
fn string(text: &str) -> String {
    if is_plain_safe(text) {
        text.to_owned()
    } else {
        serde_json::to_string(text).expect("serialising a string to JSON cannot fail")
    }
}

/// Says whether a string reads back as itself when written plain in block context.
fn is_plain_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else { return false };
    if !first.is_alphanumeric() || text.ends_with([' ', ':']) || looks_typed(text) {
        return false;
    }
    // In block context `,` is plain text; flow indicators and quotes stay quoted to be safe.
    let forbidden =
        |c: char| matches!(c, '#' | '{' | '}' | '[' | ']' | '"' | '\'' | '\\') || c.is_control();
    !text.chars().any(forbidden) && !text.contains(": ") && !text.contains("  ")
}

/// Says whether YAML 1.2 core typing would read a plain scalar as something other than a
/// string: a number, a boolean, null, infinity or not-a-number.
fn looks_typed(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    if matches!(lower.as_str(), "true" | "false" | "null" | "~" | "inf" | "nan" | "infinity") {
        return true;
    }
    let starts_numeric = text.starts_with(|c: char| c.is_ascii_digit());
    starts_numeric
        && (text.parse::<f64>().is_ok() || lower.starts_with("0x") || lower.starts_with("0o"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn strings_that_would_change_type_are_quoted() {
        let cases = [
            ("cafe-sang", "cafe-sang"),
            ("1.0.0", "1.0.0"),
            ("1.10", "\"1.10\""),
            ("0318742155", "\"0318742155\""),
            ("+84903418267", "\"+84903418267\""),
            ("true", "\"true\""),
            ("Null", "\"Null\""),
            ("no", "no"),
            ("0x1F", "\"0x1F\""),
            ("https://a.example.vn/x", "https://a.example.vn/x"),
            ("a: b", "\"a: b\""),
            ("tag #1", "\"tag #1\""),
            ("Công ty TNHH Cà Phê Sáng", "Công ty TNHH Cà Phê Sáng"),
            ("", "\"\""),
            ("-dash", "\"-dash\""),
            ("Android 1.2.0, iOS 1.2.0", "Android 1.2.0, iOS 1.2.0"),
        ];
        for (input, expected) in cases {
            assert_eq!(string(input), expected, "{input}");
        }
    }

    #[test]
    fn nested_values_read_back_unchanged() {
        let value = json!({
            "id": "acme",
            "organization": {"type": "enterprise", "tax_code": "0100233488"},
            "contacts": [{"name": "Lan", "phone": "+84389456120"}, {"name": "Bảo"}],
            "maintainers": [{"login": "lan"}],
            "build": 7,
            "empty": [],
            "flag": true,
        });
        let text = to_yaml(&value);
        let loaded = crate::yaml::load("x.yaml", text.as_bytes(), &crate::yaml::Limits::default());
        let document = loaded.document.expect("the emitted text loads");
        assert_eq!(document.value(), &value, "{text}");
        assert!(text.contains("contacts:\n  - name: Lan\n    phone: \"+84389456120\"\n"), "{text}");
    }
}
