//! Messages about a value that has the right type but not the right content: formats,
//! patterns, enums and limits. Structural errors (keys, types) are worded in `messages`.

use jsonschema::ValidationError;
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use super::embedded::SchemaPlace;
use super::formats::{self, UrlProblem};
use super::messages::Context;
use super::phone::{self, PhoneKind};
use super::tax_code::{self, TaxCodeProblem};
use super::words::{backticked, closest, show_value};
use crate::diagnostic::Diagnostic;

/// Names the shapes the schemas' `pattern`s describe: the pattern, a noun, and a help line.
pub const PATTERNS: &[(&str, &str, &str)] = &[
    (
        "^[a-z0-9][a-z0-9-]*$",
        "a slug",
        "use lowercase letters, digits and dashes, starting with a letter or digit",
    ),
    (
        "^[a-z0-9][a-z0-9.-]*$",
        "a rollout id",
        "use lowercase letters, digits, dashes and dots, such as `2.1.0`",
    ),
    (
        "^[A-Za-z0-9][A-Za-z0-9-]{0,38}$",
        "a GitHub login",
        "a login has at most 39 letters, digits and dashes, and starts with a letter or digit",
    ),
    (
        "^[0-9a-f]{40}$",
        "a full commit id",
        "write all 40 lowercase hex digits; `git rev-parse HEAD` prints them",
    ),
    (
        "^[0-9a-f]{64}$",
        "a sha256 checksum",
        "write 64 lowercase hex digits; `sha256sum FILE` prints them",
    ),
    (
        "^[A-Za-z0-9_-][A-Za-z0-9._-]*\\.png$",
        "a PNG file name",
        "name a `.png` file at the root of the app's folder, such as `icon.png`; \
         icons cannot sit in sub-folders, so the name holds no `/`",
    ),
    (
        "^[a-z][a-z0-9]*(\\.[a-z0-9][a-z0-9-]*)+$",
        "an AppId",
        "an AppId is dotted lowercase words, such as `vn.momo.example`",
    ),
    (
        "^[+-]((0[0-9]|1[0-3]):(00|15|30|45)|14:00)$",
        "a UTC offset",
        "write a real offset with its sign, such as `+07:00`: hours `00` to `14`, \
         minutes `00`, `15`, `30` or `45`",
    ),
    (
        "^[A-Z][A-Z0-9_]*$",
        "a defect code",
        "use upper-case letters, digits and underscores, such as `FUNC_BROKEN`",
    ),
    ("^(/([^~/]|~[01])*)*$", "a JSON Pointer", "write it like `/android/build`"),
];

/// The `pattern` that only asks for some non-blank character.
const NOT_BLANK: &str = "\\S";

/// Says under which condition a keyword applies, when it sits in an `if`'s `then` or `else`:
/// "when `status` is `completed`", "unless `verdict` is `changes-requested`".
pub fn condition(keyword: &SchemaPlace) -> Option<String> {
    let segments: Vec<&str> = keyword.pointer.split('/').collect();
    let branch = segments.iter().rposition(|segment| matches!(*segment, "then" | "else"))?;
    let holder = SchemaPlace { file: keyword.file, pointer: segments[..branch].join("/") };
    let properties = holder.value()?.get("if")?.get("properties")?.as_object()?;
    let clauses: Vec<String> = properties
        .iter()
        .filter_map(|(key, schema)| {
            Some(format!("`{key}` is `{}`", show_value(schema.get("const")?)))
        })
        .collect();
    if clauses.is_empty() {
        return None;
    }
    let word = if segments[branch] == "then" { "when" } else { "unless" };
    Some(format!("{word} {}", clauses.join(" and ")))
}

/// Words a `propertyNames` error: the key itself breaks the pattern.
pub fn property_name(
    context: &Context<'_>,
    pointer: &str,
    inner: &ValidationError<'static>,
) -> Diagnostic {
    let key = show_value(inner.instance());
    let key_pointer = format!("{pointer}/{}", super::words::pointer_segment(&key));
    let location = context.locator.key_location(&key_pointer);
    let (noun, help) = match inner.kind() {
        ValidationErrorKind::Pattern { pattern } => describe_pattern(pattern),
        _ => ("an allowed key", None),
    };
    let message = format!("key `{key}` in {} is not {noun}", context.name(pointer));
    let finding = context.finding("schema-pattern", &key_pointer, location, message);
    match help {
        Some(help) => finding.with_help(help),
        None => finding,
    }
}

fn describe_pattern(pattern: &str) -> (&'static str, Option<String>) {
    match PATTERNS.iter().find(|(known, _, _)| *known == pattern) {
        Some((_, noun, help)) => (noun, Some((*help).to_owned())),
        None => ("in the required form", Some(format!("it must match `{pattern}`"))),
    }
}

/// Words every other error about a value.
pub fn diagnose(
    context: &Context<'_>,
    pointer: &str,
    instance: &Value,
    kind: &ValidationErrorKind,
    keyword: Option<SchemaPlace>,
    condition: Option<String>,
) -> Diagnostic {
    let name = context.name(pointer);
    let shown = show_value(instance);
    let location = context.locator.value_location(pointer);
    let finding = |code, message: String| context.finding(code, pointer, location, message);
    let when = condition.map(|condition| format!(" {condition}")).unwrap_or_default();
    match kind {
        ValidationErrorKind::Format { format } => {
            format_finding(context, pointer, instance, format)
        }
        ValidationErrorKind::Pattern { pattern } if pattern == NOT_BLANK => {
            finding("schema-empty-value", format!("{name} is blank")).with_help("write some text")
        }
        ValidationErrorKind::Pattern { pattern } => {
            let (noun, help) = describe_pattern(pattern);
            let found = finding("schema-pattern", format!("{name} `{shown}` is not {noun}"));
            match help {
                Some(help) => found.with_help(help),
                None => found,
            }
        }
        ValidationErrorKind::Enum { options } => {
            let allowed: Vec<String> = options
                .as_array()
                .map(|options| options.iter().map(show_value).collect())
                .unwrap_or_default();
            let found = finding(
                "schema-enum",
                format!("{name} `{shown}` is not one of {}", backticked(&allowed)),
            );
            match closest(&shown, allowed.iter().map(String::as_str)) {
                Some(near) => found.with_help(format!("did you mean `{near}`?")),
                None => found,
            }
        }
        ValidationErrorKind::Constant { expected_value } => finding(
            "schema-enum",
            format!("{name} is `{shown}` but must be `{}`", show_value(expected_value)),
        ),
        ValidationErrorKind::MinLength { .. }
            if instance.as_str().is_some_and(|text| text.trim().is_empty()) =>
        {
            finding("schema-empty-value", format!("{name} is blank")).with_help("write some text")
        }
        ValidationErrorKind::MinLength { limit } => {
            finding("schema-limit", format!("{name} is shorter than {limit} characters{when}"))
        }
        ValidationErrorKind::MaxLength { limit } => {
            let length = instance.as_str().map_or(0, |text| text.chars().count());
            finding(
                "schema-limit",
                format!("{name} is {length} characters long; at most {limit} are allowed{when}"),
            )
        }
        ValidationErrorKind::MinItems { limit }
            if instance.as_array().is_some_and(Vec::is_empty) =>
        {
            finding("schema-limit", format!("{name} is empty; list at least {limit}{when}"))
        }
        ValidationErrorKind::MaxItems { limit: 0 } => {
            finding("schema-limit", format!("{name} must be empty{when}"))
        }
        ValidationErrorKind::MinItems { limit } | ValidationErrorKind::MaxItems { limit } => {
            let count = instance.as_array().map_or(0, Vec::len);
            let bound = if matches!(kind, ValidationErrorKind::MinItems { .. }) {
                "at least"
            } else {
                "at most"
            };
            finding(
                "schema-limit",
                format!("{name} has {count} entries; {bound} {limit} are allowed{when}"),
            )
        }
        ValidationErrorKind::MinProperties { .. }
            if instance.as_object().is_some_and(|map| map.is_empty()) =>
        {
            let keys = keyword
                .and_then(|place| place.parent())
                .map(|place| place.property_names())
                .unwrap_or_default();
            let location = context.mapping_location(pointer);
            context.finding(
                "schema-limit",
                pointer,
                location,
                format!("{name} is empty; give at least one of {}", backticked(&keys)),
            )
        }
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => finding(
            "schema-limit",
            format!("{name} is {shown}; it must be at least {}", show_value(limit)),
        ),
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => finding(
            "schema-limit",
            format!("{name} is {shown}; it must be at most {}", show_value(limit)),
        ),
        other => finding(
            "schema-invalid",
            format!("{name} breaks the schema's `{}` rule{when}", other.keyword()),
        ),
    }
}

fn format_finding(
    context: &Context<'_>,
    pointer: &str,
    instance: &Value,
    format: &str,
) -> Diagnostic {
    let name = context.name(pointer);
    let text = show_value(instance);
    let location = context.locator.value_location(pointer);
    let (code, message, help) = match format {
        "vn-tax-code" => tax_code_message(&name, &text),
        "vn-phone" => (
            "schema-phone",
            format!("{name} `{text}` is not a Vietnamese phone number"),
            "write a mobile (`0912 345 678` or `+84 912 345 678`), a landline starting `02`, or a `1800`/`1900` hotline".to_owned(),
        ),
        "vn-mobile" => mobile_message(&name, &text),
        "semver" => semver_message(&name, &text),
        "https-url" => url_message(&name, &text),
        "email" => ("schema-email", format!("{name} `{text}` is not an email address"), "write an address such as `support@example.vn`".to_owned()),
        "date" => ("schema-date", format!("{name} `{text}` is not a date"), "write the date as `YYYY-MM-DD`, such as `2024-05-31`".to_owned()),
        "git-branch" => ("schema-branch-name", format!("{name} `{text}` is not a git branch name"), "use letters, digits, `.`, `_`, `/` and `-`, with no leading `-`, no `..` or `//`, and no `/`, `.` or `.lock` at the end of a part".to_owned()),
        other => ("schema-invalid", format!("{name} `{text}` is not a valid `{other}`"), String::new()),
    };
    let finding = context.finding(code, pointer, location, message);
    if help.is_empty() { finding } else { finding.with_help(help) }
}

fn tax_code_message(name: &str, text: &str) -> (&'static str, String, String) {
    let (message, help) = match tax_code::tax_code_problem(text) {
        Some(TaxCodeProblem::CheckDigit { expected: Some(expected) }) => (
            format!("{name} `{text}` fails the check digit"),
            format!("the first nine digits call for a last digit of `{expected}`; check the code against the registration certificate"),
        ),
        Some(TaxCodeProblem::CheckDigit { expected: None }) => (
            format!("{name} `{text}` fails the check digit"),
            "no last digit is valid for these first nine digits; check the code against the registration certificate".to_owned(),
        ),
        Some(TaxCodeProblem::BranchSuffix) => (
            format!("{name} `{text}` has the branch suffix `000`"),
            "branch suffixes run from `001` to `999`; a head office has no suffix".to_owned(),
        ),
        Some(TaxCodeProblem::ZeroSequence) => (
            format!("{name} `{text}` has only zeros in digits 3 to 9"),
            "check the code against the registration certificate".to_owned(),
        ),
        Some(TaxCodeProblem::Shape) | None => (
            format!("{name} `{text}` is not a Vietnamese tax code"),
            "write 10 digits, or 10 digits, `-` and a 3-digit branch suffix, such as `0314409058-002`".to_owned(),
        ),
    };
    ("schema-tax-code", message, help)
}

fn mobile_message(name: &str, text: &str) -> (&'static str, String, String) {
    let help = "a person's phone must be a mobile, such as `0912 345 678` or `+84 912 345 678`";
    let message = match (phone::phone_kind(text), phone::unknown_mobile_prefix(text)) {
        (Some(PhoneKind::Landline), _) => format!("{name} `{text}` is a landline, not a mobile"),
        (Some(PhoneKind::Hotline), _) => format!("{name} `{text}` is a hotline, not a mobile"),
        (_, Some(prefix)) => {
            format!("{name} `{text}` has `{prefix}`, which is not a mobile prefix")
        }
        _ => format!("{name} `{text}` is not a Vietnamese mobile number"),
    };
    ("schema-mobile-phone", message, help.to_owned())
}

fn semver_message(name: &str, text: &str) -> (&'static str, String, String) {
    let help = match text.strip_prefix(['v', 'V']) {
        Some(rest) if formats::is_semver(rest) => format!("drop the leading `v`: `{rest}`"),
        _ => "write MAJOR.MINOR.PATCH, such as `1.2.0` or `1.2.0-beta.1`".to_owned(),
    };
    ("schema-semver", format!("{name} `{text}` is not a semantic version"), help)
}

fn url_message(name: &str, text: &str) -> (&'static str, String, String) {
    let (problem, help) = match formats::https_url_problem(text) {
        Some(UrlProblem::PlainHttp) => ("is not https", "links must use `https://`".to_owned()),
        Some(UrlProblem::Whitespace) => (
            "contains a space or a character URLs cannot carry",
            "percent-encode it, such as `%20` for a space".to_owned(),
        ),
        Some(UrlProblem::UserInfo) => (
            "carries a user name or password",
            "remove the part before `@`; never put credentials in a link".to_owned(),
        ),
        Some(UrlProblem::Host) => (
            "has no valid host",
            "write the full address, such as `https://app.example.vn/`".to_owned(),
        ),
        Some(UrlProblem::Port) => {
            ("has an invalid port", "a port is a number from 1 to 65535".to_owned())
        }
        Some(UrlProblem::Scheme) | None => (
            "is not an absolute https URL",
            "write the full address, such as `https://app.example.vn/`".to_owned(),
        ),
    };
    ("schema-https-url", format!("{name} `{text}` {problem}"), help)
}
