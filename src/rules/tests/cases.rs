//! The rule tests proper: each changes the base registry and names the findings it expects.

use serde_json::json;

use super::*;
use crate::diagnostic::Severity;
use crate::registry::Entry;
use crate::rules::png;

#[test]
fn the_base_registry_is_clean() {
    assert_eq!(Fixture::base().run(), Vec::new());
}

#[test]
fn every_code_is_listed_once_with_its_prefix() {
    let mut codes: Vec<&str> = crate::rules::CODES.iter().map(|info| info.code).collect();
    assert!(codes.iter().all(|code| code.starts_with("rule-") || code.starts_with("registry-")));
    assert!(codes.contains(&"registry-symlink") && codes.contains(&"registry-unknown-file"));
    let count = codes.len();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), count, "duplicate codes");
}

#[test]
fn id_fields_must_match_paths() {
    let mut fixture = Fixture::base();
    fixture
        .edit(APP, |app| app["id"] = json!("store"))
        .edit(FIRST, |rollout| rollout["id"] = json!("1.0"))
        .edit("partners/acme/partner.yaml", |partner| partner["id"] = json!("acme-corp"));
    let findings = fixture.run();
    let codes: Vec<_> =
        findings.iter().map(|f| (f.code, f.path.as_str(), f.pointer.as_deref())).collect();
    assert_eq!(
        codes,
        [
            ("rule-id-mismatch", "partners/acme/apps/shop/app.yaml", Some("/id")),
            ("rule-id-mismatch", FIRST, Some("/id")),
            ("rule-id-mismatch", "partners/acme/partner.yaml", Some("/id")),
        ]
    );
    assert_eq!(findings[0].message, "`id` is `store` but the app folder is `shop`");
}

#[test]
fn references_must_exist() {
    let orphan_rollout = "partners/ghost/apps/gone/rollouts/1.0.0.yaml";
    let mut orphan = rollout("1.0.0", Some(("1.0.0", 1)), None);
    orphan["partner"] = json!("ghost");
    orphan["app"] = json!("gone");
    let cases: Vec<(&str, Change, Expected)> = vec![
        (
            "app without partner",
            Box::new(|f| {
                f.remove("partners/acme/partner.yaml");
            }),
            vec![("rule-missing-partner", APP)],
        ),
        (
            "rollout without app",
            Box::new(move |f| {
                f.set(orphan_rollout, orphan.clone());
            }),
            vec![("rule-missing-app", orphan_rollout)],
        ),
        (
            "review without rollout",
            Box::new(|f| {
                f.set(
                    "partners/acme/apps/shop/reviews/2.0.0.yaml",
                    review("2.0.0", json!([{ "code": "FUNC_BROKEN" }])),
                );
            }),
            vec![("rule-missing-rollout", "partners/acme/apps/shop/reviews/2.0.0.yaml")],
        ),
        (
            "no defect catalog",
            Box::new(|f| {
                f.remove("defects.yaml");
            }),
            vec![("rule-missing-defect-catalog", "defects.yaml")],
        ),
        (
            "cooperation contact unknown",
            Box::new(|f| {
                let mut value = cooperation("shop", "vn.acme.shop");
                value["contact"] = json!("stranger");
                f.set("partners/acme/apps/shop/cooperation.yaml", value);
            }),
            vec![("rule-unknown-reviewer", "partners/acme/apps/shop/cooperation.yaml")],
        ),
    ];
    for (name, change, expected) in cases {
        let mut fixture = Fixture::base();
        change(&mut fixture);
        let expected: Vec<(&str, String)> =
            expected.into_iter().map(|(code, path)| (code, path.to_owned())).collect();
        assert_eq!(fixture.codes(), expected, "{name}");
    }
}

#[test]
fn missing_references_are_named_with_the_right_article() {
    let orphan_rollout = "partners/ghost/apps/gone/rollouts/1.0.0.yaml";
    let mut orphan = rollout("1.0.0", Some(("1.0.0", 1)), None);
    orphan["partner"] = json!("ghost");
    orphan["app"] = json!("gone");
    let mut fixture = Fixture::base();
    fixture.set(orphan_rollout, orphan);
    fixture.set(
        "partners/acme/apps/shop/reviews/2.0.0.yaml",
        review("2.0.0", json!([{ "code": "FUNC_BROKEN" }])),
    );
    let messages: Vec<String> = fixture.run().into_iter().map(|f| f.message).collect();
    assert_eq!(
        messages,
        [
            "`partners/acme/apps/shop/reviews/2.0.0.yaml` belongs to a rollout that has no \
             `partners/acme/apps/shop/rollouts/2.0.0.yaml`",
            "`partners/ghost/apps/gone/rollouts/1.0.0.yaml` belongs to an app that has no \
             `partners/ghost/apps/gone/app.yaml`",
        ]
    );
}

#[test]
fn review_defects_are_checked_against_catalog_and_rollout() {
    let path = "partners/acme/apps/shop/reviews/1.0.0.yaml";
    let defects = json!([
        { "code": "FUNC_BROKEN", "pointer": "/android/build" },
        { "code": "NO_SUCH_CODE" },
        { "code": "OLD_CODE" },
        { "code": "OTHER" },
        { "code": "INFO_ICON_GUIDELINE", "note": "  " },
        { "code": "INFO_ICON_GUIDELINE", "note": "too dark" },
        { "code": "FUNC_BROKEN", "pointer": "/android/nothing" },
    ]);
    let mut fixture = Fixture::base();
    fixture.set(path, review("1.0.0", defects));
    // Pointers resolve only against a loaded document, which these tests do not build.
    let pointers: Vec<(&str, Option<String>)> =
        fixture.run().into_iter().map(|f| (f.code, f.pointer)).collect();
    let expected = [
        ("rule-defect-note-missing", Some("/defects/4/note".to_owned())),
        ("rule-defect-note-missing", Some("/defects/3/note".to_owned())),
        ("rule-deprecated-defect", Some("/defects/2/code".to_owned())),
        ("rule-unknown-defect", Some("/defects/1/code".to_owned())),
    ];
    assert_eq!(pointers, expected);
}

#[test]
fn icons_must_be_square_pngs_of_the_minimum_size() {
    let cases: Vec<(&str, Entry, Vec<&str>)> = vec![
        (
            "jpeg",
            Entry::File(vec![0xff, 0xd8, 0xff, 0xe0, 0, 16, b'J', b'F']),
            vec!["rule-icon-not-png"],
        ),
        (
            "wide",
            Entry::File(png::header_bytes(300, 200)),
            vec!["rule-icon-not-square", "rule-icon-too-small"],
        ),
        ("small", Entry::File(png::header_bytes(256, 256)), vec!["rule-icon-too-small"]),
        ("large", Entry::File(png::header_bytes(1024, 1024)), vec![]),
        ("huge", Entry::File(png::header_bytes(100_000, 100_000)), vec!["rule-icon-too-large"]),
        (
            "cut after IHDR",
            Entry::File(png::header_bytes(512, 512)[..33].to_vec()),
            vec!["rule-icon-not-png"],
        ),
        ("link", Entry::Symlink("/etc/passwd".to_owned()), vec![]),
        ("too large to read", Entry::TooLarge { size: 300 << 20, limit: 10 << 20 }, vec![]),
    ];
    for (name, entry, expected) in cases {
        let mut fixture = Fixture::base();
        fixture.snapshot.insert(ICON, entry);
        // The app and its first rollout both name the icon: each reference is a finding.
        let mut codes: Vec<&str> = fixture.run().iter().map(|f| f.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes, expected, "{name}");
    }

    let mut missing = Fixture::base();
    missing.snapshot.remove(ICON);
    assert_eq!(
        missing.codes(),
        [("rule-icon-missing", APP.to_owned()), ("rule-icon-missing", FIRST.to_owned())]
    );

    let mut climbing = Fixture::base();
    climbing.edit(APP, |app| app["info"]["icon"] = json!("../../../etc/passwd.png"));
    assert_eq!(climbing.codes(), [("rule-icon-path", APP.to_owned())]);
}

#[test]
fn the_minimum_icon_size_comes_from_the_registry() {
    let mut fixture = Fixture::base();
    fixture.snapshot.insert(ICON, Entry::File(png::header_bytes(256, 256)));
    fixture.edit("registry.yaml", |registry| registry["icon"] = json!({ "min_size": 128 }));
    assert_eq!(fixture.run(), Vec::new());
}

#[test]
fn the_maximum_icon_size_comes_from_the_registry() {
    let mut fixture = Fixture::base();
    fixture.edit("registry.yaml", |registry| registry["icon"] = json!({ "max_size": 256 }));
    let codes: Vec<&str> = fixture.run().iter().map(|f| f.code).collect();
    assert_eq!(codes, ["rule-icon-too-large", "rule-icon-too-large"]);
}

#[test]
fn builds_are_unique_and_increasing_in_rollout_order() {
    let cases: Vec<(&str, Rollouts, Expected)> = vec![
        (
            "increasing across natural order",
            vec![
                ("1.9.0", rollout("1.9.0", Some(("1.9.0", 3)), Some(("1.9.0", 4)))),
                ("1.10.0", rollout("1.10.0", Some(("1.10.0", 5)), None)),
            ],
            vec![],
        ),
        (
            "1.10.0 comes after 1.9.0, so its lower build is not increasing",
            vec![
                ("1.9.0", rollout("1.9.0", Some(("1.9.0", 7)), None)),
                ("1.10.0", rollout("1.10.0", Some(("1.10.0", 5)), None)),
            ],
            vec![("rule-build-not-increasing", "1.10.0")],
        ),
        (
            "duplicate across platforms",
            vec![("1.1.0", rollout("1.1.0", Some(("1.1.0", 3)), Some(("1.1.0", 2))))],
            vec![("rule-build-duplicate", "1.1.0")],
        ),
        (
            "parity is a warning",
            vec![("1.1.0", rollout("1.1.0", Some(("1.1.0", 4)), None))],
            vec![("rule-build-parity", "1.1.0")],
        ),
        (
            "version must increase per platform",
            vec![("1.1.0", rollout("1.1.0", None, Some(("1.0.0-rc.1", 4))))],
            vec![("rule-version-not-increasing", "1.1.0")],
        ),
    ];
    for (name, rollouts, expected) in cases {
        let mut fixture = Fixture::base();
        for (id, value) in rollouts {
            fixture.set(&rollout_path(id), value);
        }
        let expected: Vec<(&str, String)> =
            expected.into_iter().map(|(code, id)| (code, rollout_path(id))).collect();
        assert_eq!(fixture.codes(), expected, "{name}");
    }
}

#[test]
fn parity_findings_are_warnings() {
    let mut fixture = Fixture::base();
    fixture.set(&rollout_path("1.1.0"), rollout("1.1.0", Some(("1.1.0", 4)), None));
    let findings = fixture.run();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].severity, Severity::Warning);
    assert_eq!(findings[0].pointer.as_deref(), Some("/android/build"));
}

#[test]
fn the_first_rollout_must_be_complete() {
    let mut fixture = Fixture::base();
    fixture.edit(FIRST, |rollout| {
        let object = rollout.as_object_mut().expect("a rollout is an object");
        object.remove("ios");
        object["info"].as_object_mut().expect("info is an object").remove("short_description");
        object["webview"].as_object_mut().expect("webview is an object").remove("staging");
    });
    let pointers: Vec<Option<String>> = fixture.run().into_iter().map(|f| f.pointer).collect();
    assert_eq!(
        pointers,
        ["/info/short_description", "/ios", "/webview/staging"].map(|p| Some(p.to_owned()))
    );

    let mut later_only = Fixture::base();
    later_only.set(&rollout_path("0.9.0"), rollout("0.9.0", Some(("0.9.0", 1)), None));
    later_only.edit(FIRST, |rollout| {
        rollout["android"]["build"] = json!(3);
        rollout["ios"]["build"] = json!(4);
        rollout["android"]["version"] = json!("1.0.0");
    });
    let codes: Vec<&str> = later_only.run().iter().map(|f| f.code).collect();
    assert_eq!(
        codes, ["rule-first-rollout-incomplete"; 3],
        "0.9.0 is first and lacks info, ios, webview"
    );
}

#[test]
fn effective_info_keeps_a_support_contact() {
    let mut fixture = Fixture::base();
    fixture.edit(FIRST, |rollout| rollout["info"]["support"] = json!({ "email": " " }));
    let findings = fixture.run();
    let codes: Vec<(&str, &str)> = findings.iter().map(|f| (f.code, f.path.as_str())).collect();
    assert_eq!(codes, [("rule-first-rollout-incomplete", FIRST), ("rule-support-missing", FIRST)]);
}

#[test]
fn app_ids_and_tax_codes_are_unique() {
    let mut fixture = Fixture::base();
    fixture
        .set("partners/acme/apps/shop/cooperation.yaml", cooperation("shop", "vn.acme.shop"))
        .set("partners/acme/apps/cart/app.yaml", {
            let mut value = app();
            value["id"] = json!("cart");
            value["info"].as_object_mut().expect("info is an object").remove("icon");
            value
        })
        .set("partners/acme/apps/cart/cooperation.yaml", cooperation("cart", "vn.acme.shop"))
        .set("partners/beta/partner.yaml", partner("beta", "0100 233 488"))
        .set("partners/gamma/partner.yaml", partner("gamma", "0100233488-001"));
    let findings = fixture.run();
    let codes: Vec<(&str, &str, Severity)> =
        findings.iter().map(|f| (f.code, f.path.as_str(), f.severity)).collect();
    assert_eq!(
        codes,
        [
            ("rule-duplicate-app-id", "partners/acme/apps/shop/cooperation.yaml", Severity::Error),
            ("rule-duplicate-tax-code", "partners/beta/partner.yaml", Severity::Warning),
        ]
    );
    assert_eq!(findings[0].related[0].path, "partners/acme/apps/cart/cooperation.yaml");
}

#[test]
fn notify_install_mode_is_a_note() {
    let mut fixture = Fixture::base();
    fixture.edit(FIRST, |rollout| rollout["ios"]["install_mode"] = json!("NOTIFY"));
    let findings = fixture.run();
    let codes: Vec<(&str, Severity, Option<&str>)> =
        findings.iter().map(|f| (f.code, f.severity, f.pointer.as_deref())).collect();
    assert_eq!(codes, [("rule-install-mode-notify", Severity::Note, Some("/ios/install_mode"))]);
}
