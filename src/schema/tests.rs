//! End-to-end tests of the schema layer on JSON values, placed by a table-driven locator
//! that lays each entry on its own line, as block YAML would.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::{CODES, Locate, check_value, embedded, values};
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
fn required_points_at_the_parent_key() {
    let mut value = partner();
    value["organization"].as_object_mut().expect("mapping").remove("tax_code");
    let findings = check(Kind::Partner, &value);
    let finding = only(&findings);
    assert_eq!(finding.code, "schema-missing-key");
    assert_eq!(finding.message, "missing required key `tax_code` in `organization`");
    assert_eq!(finding.pointer.as_deref(), Some("/organization"));
    assert_eq!(finding.location, at(4, 1));
}

#[test]
fn required_at_the_root_points_at_the_first_key() {
    let mut value = rollout();
    value.as_object_mut().expect("mapping").remove("description");
    let findings = check(Kind::RolloutRequest, &value);
    let finding = only(&findings);
    assert_eq!(finding.message, "missing required key `description`");
    assert_eq!(finding.pointer.as_deref(), Some(""));
    assert_eq!(finding.location, at(1, 1));
}

#[test]
fn required_suggests_a_present_misspelling() {
    let mut value = rollout();
    let root = value.as_object_mut().expect("mapping");
    let description = root.remove("description").expect("present");
    root.insert("descripton".to_owned(), description);
    let findings = check(Kind::RolloutRequest, &value);
    let codes: Vec<&str> = findings.iter().map(|finding| finding.code).collect();
    assert_eq!(codes, ["schema-missing-key", "schema-unknown-key"]);
    assert_eq!(
        findings[0].help.as_deref(),
        Some("`descripton` may be a misspelling of `description`")
    );
    assert_eq!(findings[1].help.as_deref(), Some("did you mean `description`?"));
}

#[test]
fn unknown_key_points_at_the_key_with_did_you_mean() {
    let mut value = rollout();
    let info = value["info"].as_object_mut().expect("mapping");
    let text = info.remove("short_description").expect("present");
    info.insert("short_desc".to_owned(), text);
    let findings = check(Kind::RolloutRequest, &value);
    let finding = only(&findings);
    assert_eq!(finding.code, "schema-unknown-key");
    assert_eq!(finding.message, "unknown key `short_desc` in `info`");
    assert_eq!(finding.help.as_deref(), Some("did you mean `short_description`?"));
    assert_eq!(finding.pointer.as_deref(), Some("/info/short_desc"));
    // Entry order: name, icon, support, email, phone, then the moved key on line 13.
    assert_eq!(finding.location, at(13, 3));
}

#[test]
fn unknown_key_without_a_close_match_lists_the_allowed_keys() {
    let mut value = partner();
    value["m4b"]["colour"] = json!("red");
    let findings = check(Kind::Partner, &value);
    let finding = only(&findings);
    assert_eq!(
        finding.help.as_deref(),
        Some("keys allowed here: `status`, `account_id`, `registration`")
    );
}

#[test]
fn type_error_points_at_the_value_and_explains_the_number() {
    let mut value = rollout();
    value["android"]["version"] = json!(1.1);
    let document =
        FakeDocument::new(&value).with_scalar("/android/version", "1.10", ScalarStyle::Plain);
    let findings = check_with(Kind::RolloutRequest, &value, &document);
    let finding = only(&findings);
    assert_eq!(finding.code, "schema-type");
    assert_eq!(finding.message, "`android.version` must be text, not a number");
    assert_eq!(finding.help.as_deref(), Some("`1.10` was read as the number 1.1; quote it"));
    assert_eq!(finding.location, document.value_location("/android/version"));
    assert_ne!(finding.location, document.key_location("/android/version"));
}

#[test]
fn boolean_written_yes_gets_yaml_1_2_help() {
    let mut value = valid_documents().remove(4).1;
    value["defects"]["OTHER"]["blocking"] = json!("yes");
    let findings = check(Kind::DefectCatalog, &value);
    let finding = only(&findings);
    assert_eq!(finding.message, "`defects.OTHER.blocking` must be `true` or `false`, not text");
    assert_eq!(finding.help.as_deref(), Some("YAML 1.2 reads `yes` as a string; write `true`"));
}

#[test]
fn empty_value_differs_from_a_missing_key() {
    let mut value = rollout();
    value["info"]["short_description"] = Value::Null;
    let findings = check(Kind::RolloutRequest, &value);
    let finding = only(&findings);
    assert_eq!(finding.code, "schema-empty-value");
    assert_eq!(finding.message, "`info.short_description` is empty");
    assert_eq!(finding.location, at(9, 3));

    value["info"]["short_description"] = json!("   ");
    let findings = check(Kind::RolloutRequest, &value);
    assert_eq!(only(&findings).message, "`info.short_description` is blank");
}

#[test]
fn format_errors_name_the_rule_broken() {
    let cases: Vec<(Kind, &str, Value, &str, &str)> = vec![
        (
            Kind::Partner,
            "/organization/tax_code",
            json!("0100233480"),
            "schema-tax-code",
            "`organization.tax_code` `0100233480` fails the check digit",
        ),
        (
            Kind::Partner,
            "/organization/tax_code",
            json!("0100233488-000"),
            "schema-tax-code",
            "`organization.tax_code` `0100233488-000` has the branch suffix `000`",
        ),
        (
            Kind::Partner,
            "/contacts/0/phone",
            json!("024 3826 1234"),
            "schema-mobile-phone",
            "`contacts[0].phone` `024 3826 1234` is a landline, not a mobile",
        ),
        (
            Kind::Partner,
            "/contacts/0/phone",
            json!("0951234567"),
            "schema-mobile-phone",
            "`contacts[0].phone` `0951234567` has `095`, which is not a mobile prefix",
        ),
        (
            Kind::Partner,
            "/contacts/0/email",
            json!("lan@acme"),
            "schema-email",
            "`contacts[0].email` `lan@acme` is not an email address",
        ),
        (
            Kind::RolloutRequest,
            "/info/support/phone",
            json!("12345"),
            "schema-phone",
            "`info.support.phone` `12345` is not a Vietnamese phone number",
        ),
        (
            Kind::RolloutRequest,
            "/android/version",
            json!("v1.2.0"),
            "schema-semver",
            "`android.version` `v1.2.0` is not a semantic version",
        ),
        (
            Kind::RolloutRequest,
            "/webview/production",
            json!("http://shop.acme.vn"),
            "schema-https-url",
            "`webview.production` `http://shop.acme.vn` is not https",
        ),
        (
            Kind::RolloutRequest,
            "/webview/production",
            json!("https://me:pw@shop.acme.vn"),
            "schema-https-url",
            "`webview.production` `https://me:pw@shop.acme.vn` carries a user name or password",
        ),
    ];
    for (kind, pointer, bad, code, message) in cases {
        let mut value =
            valid_documents().into_iter().find(|(known, _)| *known == kind).expect("kind").1;
        *value.pointer_mut(pointer).expect("pointer exists") = bad;
        let document = FakeDocument::new(&value);
        let findings = check_with(kind, &value, &document);
        let finding = only(&findings);
        assert_eq!((finding.code, finding.message.as_str()), (code, message));
        assert_eq!(finding.pointer.as_deref(), Some(pointer));
        assert_eq!(finding.location, document.value_location(pointer));
        assert!(finding.help.is_some(), "{code}");
    }
}

#[test]
fn date_format_is_checked() {
    let mut value = partner();
    value["m4b"] = json!({
        "status": "new",
        "registration": {
            "account": { "email": "a@acme.vn", "phone": "+84 912 345 678" },
            "legal": { "representative": "Lan", "registered_address": "Hà Nội",
                       "license_number": "0100233488", "issued_on": "2024-02-30" },
            "business": { "description": "retail" },
            "documents": [{ "title": "licence", "reference": "docs/licence.pdf",
                            "sha256": "ab".repeat(32) }]
        }
    });
    let findings = check(Kind::Partner, &value);
    let finding = only(&findings);
    assert_eq!(finding.code, "schema-date");
    assert_eq!(finding.message, "`m4b.registration.legal.issued_on` `2024-02-30` is not a date");
}

#[test]
fn wrong_kind_is_the_only_finding() {
    let mut value = rollout();
    value["kind"] = json!("MiniApp");
    value["extra"] = json!(1);
    let findings = check(Kind::RolloutRequest, &value);
    let finding = only(&findings);
    assert_eq!(finding.code, "schema-wrong-kind");
    assert_eq!(
        finding.message,
        "`kind` is `MiniApp`, but `partners/acme/file.yaml` must hold a `RolloutRequest`"
    );
    assert_eq!(finding.pointer.as_deref(), Some("/kind"));
    assert_eq!(finding.location, at(2, 7));
}

#[test]
fn api_version_is_checked_before_the_schema() {
    let mut value = partner();
    value["apiVersion"] = json!("miniapp.momo.vn/v2");
    value["organization"]["tax_code"] = json!("bad");
    let findings = check(Kind::Partner, &value);
    let finding = only(&findings);
    assert_eq!(finding.code, "schema-api-version");
    assert_eq!(finding.message, "`apiVersion` `miniapp.momo.vn/v2` is not supported");

    value.as_object_mut().expect("mapping").remove("apiVersion");
    let findings = check(Kind::Partner, &value);
    assert_eq!(only(&findings).message, "missing required key `apiVersion`");
}

#[test]
fn rollout_any_of_is_reworded() {
    let mut value = rollout();
    for key in ["info", "android", "ios", "webview"] {
        value.as_object_mut().expect("mapping").remove(key);
    }
    let findings = check(Kind::RolloutRequest, &value);
    let finding = only(&findings);
    assert_eq!(finding.code, "schema-at-least-one");
    assert_eq!(
        finding.message,
        "a rollout must carry at least one of `info`, `android`, `ios`, `webview`"
    );
    assert_eq!(finding.location, at(1, 1));
}

#[test]
fn conditional_requirements_name_their_condition() {
    let (_, mut cooperation) = valid_documents().remove(6);
    cooperation.as_object_mut().expect("mapping").remove("app_id");
    let findings = check(Kind::Cooperation, &cooperation);
    assert_eq!(
        only(&findings).message,
        "missing key `app_id`, required when `status` is `completed`"
    );

    let (_, mut review) = valid_documents().remove(7);
    review["verdict"] = json!("approved");
    let findings = check(Kind::Review, &review);
    assert_eq!(
        only(&findings).message,
        "`defects` must be empty unless `verdict` is `changes-requested`"
    );
}

#[test]
fn a_missing_condition_key_is_not_reported_twice() {
    let (_, mut review) = valid_documents().remove(7);
    let root = review.as_object_mut().expect("mapping");
    root.remove("verdict");
    root.remove("defects");
    let findings = check(Kind::Review, &review);
    assert_eq!(only(&findings).message, "missing required key `verdict`");
}

#[test]
fn patterns_and_enums_are_named() {
    let mut value = partner();
    value["id"] = json!("Acme_Corp");
    value["organization"]["type"] = json!("enterprize");
    let findings = check(Kind::Partner, &value);
    assert_eq!(findings.len(), 2, "{findings:#?}");
    assert_eq!(findings[0].message, "`id` `Acme_Corp` is not a slug");
    assert_eq!(findings[1].code, "schema-enum");
    assert_eq!(findings[1].help.as_deref(), Some("did you mean `enterprise`?"));
}

#[test]
fn findings_are_sorted_by_place() {
    let mut value = rollout();
    value["webview"]["production"] = json!("http://x.vn");
    value["id"] = json!("Bad");
    value["android"]["build"] = json!(0);
    value["zzz"] = json!(1);
    let findings = check(Kind::RolloutRequest, &value);
    let lines: Vec<u32> = findings.iter().filter_map(|f| f.location.map(|l| l.line)).collect();
    assert_eq!(findings.len(), 4, "{findings:#?}");
    assert!(lines.windows(2).all(|pair| pair[0] <= pair[1]), "{lines:?}");
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
        assert!(values::PATTERNS.iter().any(|(known, _, _)| known == pattern), "{pattern}");
    }
}

#[test]
fn codes_are_unique_prefixed_and_documented() {
    let docs = include_str!("../../docs/diagnostics.md");
    let start = docs.find("<!-- schema codes").expect("schema section opens");
    let end = docs[start..].find("\n## ").map_or(docs.len(), |end| end + start);
    let section = &docs[start..end];
    let mut seen = Vec::new();
    for info in CODES {
        assert!(info.code.starts_with("schema-"), "{}", info.code);
        assert!(!seen.contains(&info.code), "duplicate {}", info.code);
        seen.push(info.code);
        assert!(
            section.contains(&format!("\n### `{}`\n", info.code)),
            "undocumented {}",
            info.code
        );
    }
    assert_eq!(section.matches("\n### ").count(), CODES.len());
}
