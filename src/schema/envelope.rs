//! The envelope every document carries, checked before its schema: `kind` must be the kind
//! its place holds and `apiVersion` the format this tool reads. The rest is the schema's.

use serde_json::Value;

use super::embedded::{COMMON_FILE, schema_value};
use super::messages::Context;
use super::scalar_help::value_phrase;
use super::words::show_value;
use crate::diagnostic::Diagnostic;
use crate::registry::Kind;

/// Returns the `apiVersion` this tool reads, from `common.schema.json`.
pub fn api_version() -> &'static str {
    schema_value(COMMON_FILE)
        .and_then(|common| common.pointer("/$defs/apiVersion/const"))
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// Checks the root is a mapping with the expected `kind` and `apiVersion`; any finding here
/// means the schema check is skipped.
pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let Some(root) = context.root.as_object() else {
        let message = format!(
            "the document must be a mapping with `apiVersion` and `kind`, not {}",
            value_phrase(context.root)
        );
        let location = context.locator.value_location("");
        return vec![context.finding("schema-type", "", location, message)];
    };

    let mut findings = Vec::new();
    if let Some(found) = root.get("kind") {
        findings.extend(wrong_kind(context, context.kind, found));
    }
    match root.get("apiVersion") {
        Some(found) if found.as_str() == Some(api_version()) => {}
        Some(found) => {
            let message = match found {
                Value::Null => "`apiVersion` is empty".to_owned(),
                other => format!("`apiVersion` `{}` is not supported", show_value(other)),
            };
            let location = context.locator.value_location("/apiVersion");
            findings.push(
                context
                    .finding("schema-api-version", "/apiVersion", location, message)
                    .with_help(format!("this version of miniapp reads `{}`", api_version())),
            );
        }
        None => {
            let location = context.mapping_location("");
            findings.push(
                context
                    .finding(
                        "schema-api-version",
                        "",
                        location,
                        "missing required key `apiVersion`".to_owned(),
                    )
                    .with_help(format!("add `apiVersion: {}` at the top", api_version())),
            );
        }
    }
    findings
}

fn wrong_kind(context: &Context<'_>, expected: Kind, found: &Value) -> Option<Diagnostic> {
    if found.as_str() == Some(expected.name()) {
        return None;
    }
    let shown = match found {
        Value::Null => "empty".to_owned(),
        other => format!("`{}`", show_value(other)),
    };
    let message =
        format!("`kind` is {shown}, but `{}` must hold a `{}`", context.path, expected.name());
    let help = match found.as_str().and_then(Kind::from_name) {
        Some(named) if named == expected => {
            format!("the case matters: write `kind: {}`", expected.name())
        }
        Some(named) => format!(
            "write `kind: {}`, or move this file to where a `{}` belongs",
            expected.name(),
            named.name()
        ),
        None => format!("write `kind: {}`", expected.name()),
    };
    let location = context.locator.value_location("/kind");
    Some(context.finding("schema-wrong-kind", "/kind", location, message).with_help(help))
}
