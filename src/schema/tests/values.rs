//! Cases about values: types with YAML help, formats, patterns, enums and ordering.

use serde_json::{Value, json};

use super::*;

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
