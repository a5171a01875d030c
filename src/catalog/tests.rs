//! Unit tests of the catalog: its schema compiles and accepts what `to_json` writes.

use super::*;

fn sample() -> Catalog {
    let source = PartSource {
        rollout: "1.0.0".to_owned(),
        commit: "0123456789abcdef0123456789abcdef01234567".to_owned(),
        landed: "2025-04-10T15:00:00+07:00".to_owned(),
    };
    let mut parts = BTreeMap::new();
    parts.insert(RolloutPart::Android, source.clone());
    parts.insert(RolloutPart::Info, source);
    Catalog {
        api_version: "miniapp.momo.vn/v1",
        kind: KIND,
        production: Production {
            branch: "main".to_owned(),
            commit: "0123456789abcdef0123456789abcdef01234567".to_owned(),
        },
        apps: vec![CatalogApp {
            partner: "acme".to_owned(),
            app: "shop".to_owned(),
            app_id: Some("vn.acme.shop".to_owned()),
            info: LiveInfo { name: Some("Shop".to_owned()), ..LiveInfo::default() },
            android: Some(LiveBuild {
                version: "1.0.0".to_owned(),
                build: 1,
                install_mode: "NORMAL".to_owned(),
            }),
            ios: None,
            webview: model::Webview::default(),
            parts,
        }],
    }
}

#[test]
fn the_schema_accepts_a_catalog_and_refuses_a_broken_one() {
    let schema: serde_json::Value = serde_json::from_str(SCHEMA).expect("the schema is JSON");
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let text = to_json(&sample());
    let mut value: serde_json::Value = serde_json::from_str(&text).expect("catalog JSON");

    assert!(validator.is_valid(&value), "{text}");
    assert!(text.find("\"info\"").expect("info") < text.find("\"android\"").expect("android"));
    value["apps"][0]["parts"]["android"]["commit"] = serde_json::json!("HEAD");
    assert!(!validator.is_valid(&value));
}
