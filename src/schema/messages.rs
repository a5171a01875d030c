//! Turns one jsonschema error into findings: a stable code, the instance pointer, a place
//! in the file and a specific lowercase message. Value-level wording is left to `values`.

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use super::embedded::SchemaPlace;
use super::words::{backticked, closest, display_path, pointer_segment, show_value};
use super::{Locate, scalar_help, values};
use crate::diagnostic::{Diagnostic, Location};
use crate::registry::Kind;

/// Holds what every message needs: the document, its file, and how to place a pointer.
pub struct Context<'a> {
    /// The kind the document's place expects.
    pub kind: Kind,
    /// Registry-relative path of the file.
    pub path: &'a str,
    /// The whole document.
    pub root: &'a Value,
    /// Places pointers in the file.
    pub locator: &'a dyn Locate,
}

impl Context<'_> {
    /// Names a pointer for a message, in backticks: `` `organization.tax_code` ``.
    pub fn name(&self, pointer: &str) -> String {
        if pointer.is_empty() {
            return "the document".to_owned();
        }
        format!("`{}`", display_path(self.root, pointer))
    }

    /// Builds an error finding about the value at `pointer`.
    pub fn finding(
        &self,
        code: &'static str,
        pointer: &str,
        location: Option<Location>,
        message: String,
    ) -> Diagnostic {
        Diagnostic::error(code, self.path, message).at(location).with_pointer(pointer)
    }

    /// Places a finding about a mapping as a whole: its key, or for the root, its first key.
    pub fn mapping_location(&self, pointer: &str) -> Option<Location> {
        if !pointer.is_empty() {
            return self.locator.key_location(pointer);
        }
        let first_key = self.root.as_object().and_then(|map| map.keys().next());
        match first_key {
            Some(key) => self.locator.key_location(&format!("/{}", pointer_segment(key))),
            None => self.locator.value_location(""),
        }
    }
}

/// Maps one validation error to its findings (an unknown-keys error gives one per key).
pub fn diagnose(error: &ValidationError<'_>, context: &Context<'_>) -> Vec<Diagnostic> {
    let pointer = error.instance_path().as_str();
    let instance: &Value = error.instance();
    let keyword =
        error.absolute_keyword_location().and_then(|uri| SchemaPlace::from_uri(uri.as_str()));
    let condition = keyword.as_ref().and_then(values::condition);
    match error.kind() {
        ValidationErrorKind::Required { property } => {
            vec![missing_key(context, pointer, instance, &show_value(property), condition)]
        }
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let allowed =
                keyword.and_then(|place| place.parent()).map(|place| place.property_names());
            unexpected
                .iter()
                .map(|key| unknown_key(context, pointer, instance, key, allowed.as_deref()))
                .collect()
        }
        ValidationErrorKind::AnyOf { context: branches }
        | ValidationErrorKind::OneOfNotValid { context: branches } => {
            alternatives(context, pointer, branches)
        }
        ValidationErrorKind::PropertyNames { error: inner } => {
            vec![values::property_name(context, pointer, inner)]
        }
        _ if instance.is_null() => vec![empty_value(context, pointer)],
        ValidationErrorKind::Type { kind } => vec![wrong_type(context, pointer, instance, kind)],
        kind => vec![values::diagnose(context, pointer, instance, kind, keyword, condition)],
    }
}

fn missing_key(
    context: &Context<'_>,
    pointer: &str,
    instance: &Value,
    key: &str,
    condition: Option<String>,
) -> Diagnostic {
    let mut message = match &condition {
        Some(condition) => format!("missing key `{key}`, required {condition}"),
        None => format!("missing required key `{key}`"),
    };
    if !pointer.is_empty() {
        message.push_str(&format!(" in {}", context.name(pointer)));
    }
    let finding =
        context.finding("schema-missing-key", pointer, context.mapping_location(pointer), message);
    let present =
        instance.as_object().map(|map| map.keys().map(String::as_str).collect::<Vec<_>>());
    match present.and_then(|keys| closest(key, keys)) {
        Some(near) => finding.with_help(format!("`{near}` may be a misspelling of `{key}`")),
        None => finding,
    }
}

fn unknown_key(
    context: &Context<'_>,
    pointer: &str,
    instance: &Value,
    key: &str,
    allowed: Option<&[String]>,
) -> Diagnostic {
    let key_pointer = format!("{pointer}/{}", pointer_segment(key));
    let mut message = format!("unknown key `{key}`");
    if !pointer.is_empty() {
        message.push_str(&format!(" in {}", context.name(pointer)));
    }
    let location = context.locator.key_location(&key_pointer);
    let finding = context.finding("schema-unknown-key", &key_pointer, location, message);

    let Some(allowed) = allowed.filter(|allowed| !allowed.is_empty()) else { return finding };
    let absent: Vec<&str> =
        allowed.iter().map(String::as_str).filter(|name| instance.get(name).is_none()).collect();
    match closest(key, absent.iter().copied()) {
        Some(near) => finding.with_help(format!("did you mean `{near}`?")),
        None => finding.with_help(format!("keys allowed here: {}", backticked(allowed))),
    }
}

fn empty_value(context: &Context<'_>, pointer: &str) -> Diagnostic {
    let scalar = context.locator.scalar(pointer);
    let written_null = scalar.is_some_and(|scalar| !scalar.raw.is_empty());
    let location = context.locator.key_location(pointer);
    if written_null {
        let raw = scalar.map(|scalar| scalar.raw.as_str()).unwrap_or_default();
        let message = format!("{} is `{raw}`, which YAML reads as no value", context.name(pointer));
        return context
            .finding("schema-empty-value", pointer, location, message)
            .with_help(format!("write a value; quote it (`\"{raw}\"`) if you mean the text"));
    }
    let message = format!("{} is empty", context.name(pointer));
    let key = display_path(context.root, pointer);
    let last = key.rsplit('.').next().unwrap_or(&key).to_owned();
    context
        .finding("schema-empty-value", pointer, location, message)
        .with_help(format!("write a value after `{last}:`, or remove the key if it is optional"))
}

fn wrong_type(
    context: &Context<'_>,
    pointer: &str,
    instance: &Value,
    kind: &TypeKind,
) -> Diagnostic {
    let expected: Vec<String> = match kind {
        TypeKind::Single(single) => vec![single.to_string()],
        TypeKind::Multiple(set) => set.iter().map(|one| one.to_string()).collect(),
    };
    let wanted: Vec<&str> = expected.iter().map(|name| scalar_help::type_phrase(name)).collect();
    let subject = context.name(pointer);
    let message = format!(
        "{subject} must be {}, not {}",
        wanted.join(" or "),
        scalar_help::value_phrase(instance)
    );
    let finding =
        context.finding("schema-type", pointer, context.locator.value_location(pointer), message);
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    match scalar_help::type_help(&expected, instance, context.locator.scalar(pointer)) {
        Some(help) => finding.with_help(help),
        None => finding,
    }
}

/// Rewords `anyOf`/`oneOf`: "at least one of" when every branch only requires a key, else
/// the findings of the branch that came closest.
fn alternatives(
    context: &Context<'_>,
    pointer: &str,
    branches: &[Vec<ValidationError<'static>>],
) -> Vec<Diagnostic> {
    let required: Option<Vec<String>> = branches
        .iter()
        .map(|branch| match branch.as_slice() {
            [only] => match only.kind() {
                ValidationErrorKind::Required { property } => Some(show_value(property)),
                _ => None,
            },
            _ => None,
        })
        .collect();
    if let Some(keys) = required.filter(|keys| !keys.is_empty()) {
        let subject = match (pointer.is_empty(), context.kind) {
            (true, Kind::RolloutRequest) => "a rollout".to_owned(),
            (true, _) => "the document".to_owned(),
            (false, _) => context.name(pointer),
        };
        let message = format!("{subject} must carry at least one of {}", backticked(&keys));
        let location = context.mapping_location(pointer);
        return vec![context.finding("schema-at-least-one", pointer, location, message)];
    }
    let closest_branch =
        branches.iter().filter(|branch| !branch.is_empty()).min_by_key(|branch| branch.len());
    match closest_branch {
        Some(branch) => branch.iter().flat_map(|error| diagnose(error, context)).collect(),
        None => {
            let message = format!("{} matches none of the allowed forms", context.name(pointer));
            let location = context.locator.value_location(pointer);
            vec![context.finding("schema-invalid", pointer, location, message)]
        }
    }
}
