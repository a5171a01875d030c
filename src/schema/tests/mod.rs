//! End-to-end tests of the schema layer on JSON values, placed by a table-driven locator
//! that lays each entry on its own line, as block YAML would. Cases live in the submodules.

mod keys;
mod values;

use std::collections::HashMap;

use serde_json::{Value, json};

use super::{Locate, check_value, embedded};
use crate::diagnostic::{Diagnostic, Location};
use crate::registry::Kind;
use crate::yaml::{Scalar, ScalarStyle};

/// Places every node of a value on its own line: entry `n` in document order is on line `n`,
/// its key at column `1 + 2 × depth`, a scalar value after `key: `.
struct FakeDocument {
    keys: HashMap<String, Location>,
    values: HashMap<String, Location>,
    scalars: HashMap<String, Scalar>,
}

impl FakeDocument {
    fn new(value: &Value) -> Self {
        let mut document =
            FakeDocument { keys: HashMap::new(), values: HashMap::new(), scalars: HashMap::new() };
        document.values.insert(String::new(), Location { line: 1, column: 1 });
        let mut line = 1;
        document.lay_out(value, "", 0, &mut line);
        document
    }

    fn lay_out(&mut self, value: &Value, pointer: &str, depth: u32, line: &mut u32) {
        let entries: Vec<(String, &Value)> = match value {
            Value::Object(map) => map.iter().map(|(key, value)| (key.clone(), value)).collect(),
            Value::Array(items) => {
                items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect()
            }
            _ => return,
        };
        for (key, child) in entries {
            let child_pointer = format!("{pointer}/{}", super::words::pointer_segment(&key));
            let column = 1 + 2 * depth;
            self.keys.insert(child_pointer.clone(), Location { line: *line, column });
            let value_column = column + key.chars().count() as u32 + 2;
            self.values
                .insert(child_pointer.clone(), Location { line: *line, column: value_column });
            if !child.is_object() && !child.is_array() {
                let raw = match child {
                    Value::Null => String::new(),
                    Value::String(text) => text.clone(),
                    other => other.to_string(),
                };
                self.scalars
                    .insert(child_pointer.clone(), Scalar { raw, style: ScalarStyle::Plain });
            }
            *line += 1;
            self.lay_out(child, &child_pointer, depth + 1, line);
        }
    }

    fn with_scalar(mut self, pointer: &str, raw: &str, style: ScalarStyle) -> Self {
        self.scalars.insert(pointer.to_owned(), Scalar { raw: raw.to_owned(), style });
        self
    }
}

impl Locate for FakeDocument {
    fn value_location(&self, pointer: &str) -> Option<Location> {
        let mut pointer = pointer;
        loop {
            if let Some(location) = self.values.get(pointer) {
                return Some(*location);
            }
            pointer = &pointer[..pointer.rfind('/')?];
        }
    }

    fn key_location(&self, pointer: &str) -> Option<Location> {
        self.keys.get(pointer).copied().or_else(|| self.value_location(pointer))
    }

    fn scalar(&self, pointer: &str) -> Option<&Scalar> {
        self.scalars.get(pointer)
    }
}

const API: &str = "miniapp.momo.vn/v1";

fn check_with(kind: Kind, value: &Value, document: &FakeDocument) -> Vec<Diagnostic> {
    check_value(kind, "partners/acme/file.yaml", value, document)
}

fn check(kind: Kind, value: &Value) -> Vec<Diagnostic> {
    check_with(kind, value, &FakeDocument::new(value))
}

fn only(findings: &[Diagnostic]) -> &Diagnostic {
    assert_eq!(findings.len(), 1, "{findings:#?}");
    &findings[0]
}

fn at(line: u32, column: u32) -> Option<Location> {
    Some(Location { line, column })
}

fn partner() -> Value {
    json!({
        "apiVersion": API,
        "kind": "Partner",
        "id": "acme",
        "organization": {
            "type": "enterprise",
            "name": "Công ty Acme",
            "business_field": "retail",
            "tax_code": "0100233488"
        },
        "m4b": { "status": "existing", "account_id": "M4B-1" },
        "contacts": [
            { "name": "Lan", "position": "CTO", "email": "lan@acme.vn", "phone": "0912 345 678" }
        ],
        "maintainers": [{ "login": "lan-acme" }]
    })
}

fn rollout() -> Value {
    json!({
        "apiVersion": API,
        "kind": "RolloutRequest",
        "id": "1.0.0",
        "partner": "acme",
        "app": "shop",
        "description": "first release",
        "info": {
            "name": "Acme Shop",
            "short_description": "buy things",
            "icon": "icon.png",
            "support": { "email": "help@acme.vn", "phone": "1900 5454" }
        },
        "android": { "version": "1.0.0", "build": 1, "install_mode": "NORMAL" },
        "ios": { "version": "1.0.0", "build": 2 },
        "webview": { "production": "https://shop.acme.vn/" },
        "source_commit": "0123456789abcdef0123456789abcdef01234567"
    })
}

fn valid_documents() -> Vec<(Kind, Value)> {
    vec![
        (Kind::Partner, partner()),
        (Kind::RolloutRequest, rollout()),
        (
            Kind::MiniApp,
            json!({
                "apiVersion": API, "kind": "MiniApp", "id": "shop", "partner": "acme",
                "info": { "name": "Acme Shop", "icon": "icon.png", "support": { "phone": "024 3826 1234" } },
                "source": { "repository": "https://github.com/acme/shop" },
                "team": [{ "login": "lan-acme", "role": "administrator" }]
            }),
        ),
        (
            Kind::Registry,
            json!({
                "apiVersion": API, "kind": "Registry", "name": "MoMo mini apps",
                "admins": [{ "login": "momo-admin", "email": "admin@momo.vn" }], "reviewers": []
            }),
        ),
        (
            Kind::DefectCatalog,
            json!({
                "apiVersion": API, "kind": "DefectCatalog",
                "defects": { "OTHER": { "en": "other", "vi": "khác", "note_required": true } }
            }),
        ),
        (
            Kind::PartnerVerification,
            json!({ "apiVersion": API, "kind": "PartnerVerification", "partner": "acme",
                    "decision": "verified", "reviewer": "momo-rev" }),
        ),
        (
            Kind::Cooperation,
            json!({ "apiVersion": API, "kind": "Cooperation", "partner": "acme", "app": "shop",
                    "status": "completed", "contact": "momo-rev", "app_id": "vn.momo.shop" }),
        ),
        (
            Kind::Review,
            json!({ "apiVersion": API, "kind": "Review", "rollout": "1.0.0", "partner": "acme",
                    "app": "shop", "reviewer": "momo-rev", "verdict": "changes-requested",
                    "defects": [{ "code": "FUNC_BROKEN", "pointer": "/android/build" }] }),
        ),
    ]
}

#[test]
fn valid_documents_have_no_findings() {
    for (kind, value) in valid_documents() {
        assert_eq!(check(kind, &value), Vec::<Diagnostic>::new(), "{kind:?}");
    }
}

#[test]
fn every_schema_pattern_has_a_name() {
    fn patterns(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(pattern)) = map.get("pattern") {
                    out.push(pattern.clone());
                }
                map.values().for_each(|child| patterns(child, out));
            }
            Value::Array(items) => items.iter().for_each(|child| patterns(child, out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    let mut files = vec![embedded::COMMON_FILE];
    files.extend(Kind::ALL.map(Kind::schema_file));
    for file in files {
        patterns(embedded::schema_value(file).expect("embedded"), &mut found);
    }
    for pattern in found.iter().filter(|pattern| pattern.as_str() != "\\S") {
        assert!(super::values::PATTERNS.iter().any(|(known, _, _)| known == pattern), "{pattern}");
    }
}
