//! Cases about keys and the envelope: missing, unknown, empty, conditional, `kind` and
//! `apiVersion`.

use serde_json::{Value, json};

use super::*;

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
