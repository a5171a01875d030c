//! Unit tests of the scaffold: header paths, and rendered documents that pass their schema.

use super::*;

#[test]
fn the_header_climbs_one_folder_per_segment() {
    let cases = [
        ("registry.yaml", Kind::Registry, "schemas/registry.schema.json"),
        ("partners/acme/partner.yaml", Kind::Partner, "../../schemas/partner.schema.json"),
        (
            "partners/acme/apps/shop/app.yaml",
            Kind::MiniApp,
            "../../../../schemas/mini-app.schema.json",
        ),
        (
            "partners/acme/apps/shop/rollouts/1.0.0.yaml",
            Kind::RolloutRequest,
            "../../../../../schemas/rollout-request.schema.json",
        ),
        (
            "partners/acme/apps/shop/reviews/1.0.0.yaml",
            Kind::Review,
            "../../../../../schemas/review.schema.json",
        ),
    ];
    for (path, kind, expected) in cases {
        assert_eq!(
            schema_header(path, kind),
            format!("# yaml-language-server: $schema={expected}"),
            "{path}"
        );
    }
}

fn fields() -> PartnerFields {
    PartnerFields {
        id: "acme".to_owned(),
        name: "Công ty Acme".to_owned(),
        organization_type: "enterprise".to_owned(),
        business_field: "Bán lẻ".to_owned(),
        tax_code: "0100.233.488".to_owned(),
        contact_name: "Võ Ngọc Lan".to_owned(),
        contact_position: "Kỹ sư".to_owned(),
        contact_email: "lan@acme.example.vn".to_owned(),
        contact_phone: "0389 456 120".to_owned(),
        maintainers: vec!["vo-ngoc-lan".to_owned()],
        m4b_account: "M4B-204518".to_owned(),
    }
}

#[test]
fn a_partner_renders_normalised_and_valid() {
    let value = partner(&fields()).expect("valid input");
    let text = render("partners/acme/partner.yaml", &value).expect("valid document");

    assert!(
        text.starts_with("# yaml-language-server: $schema=../../schemas/partner.schema.json\n")
    );
    assert!(text.contains("tax_code: \"0100233488\"\n"), "{text}");
    assert!(text.contains("phone: \"+84389456120\"\n"), "{text}");
    assert!(text.contains("account_id: M4B-204518\n"), "{text}");
}

#[test]
fn bad_input_is_refused_before_rendering() {
    let mut bad_tax = fields();
    bad_tax.tax_code = "0100233480".to_owned();
    assert!(matches!(partner(&bad_tax), Err(InputError::TaxCode { .. })));

    let mut landline = fields();
    landline.contact_phone = "1900 1234".to_owned();
    assert!(matches!(partner(&landline), Err(InputError::Phone { .. })));

    let mut bad_email = fields();
    bad_email.contact_email = "not an email".to_owned();
    let value = partner(&bad_email).expect("emails are left to the schema");
    let error = render("partners/acme/partner.yaml", &value).expect_err("schema refuses it");
    assert!(matches!(error, ScaffoldError::Invalid { .. }), "{error}");
}

#[test]
fn write_new_never_replaces_a_file() {
    let root = tempfile::tempdir().expect("a temp folder");
    let path = "partners/acme/partner.yaml";
    let written = write_new(root.path(), path, "first\n").expect("a new file");
    assert!(written.ends_with(path));

    let error = write_new(root.path(), path, "second\n").expect_err("exists");

    assert!(matches!(error, ScaffoldError::Exists { .. }), "{error}");
    assert_eq!(std::fs::read_to_string(written).expect("readable"), "first\n");
}
