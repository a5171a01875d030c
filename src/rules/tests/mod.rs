//! Unit tests of the cross-file rules over registries built in memory, without the loader:
//! each case changes a valid registry and names the codes it must produce.

use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::png;
use crate::diagnostic::Diagnostic;
use crate::registry::{Entry, Place, Snapshot, classify};
use crate::validate::{Loaded, LoadedFile, Typed};

const APP: &str = "partners/acme/apps/shop/app.yaml";
const FIRST: &str = "partners/acme/apps/shop/rollouts/1.0.0.yaml";
const ICON: &str = "partners/acme/apps/shop/icon.png";

/// Expected findings of a case, as `(code, path or rollout id)`.
type Expected = Vec<(&'static str, &'static str)>;

/// A change to the base registry.
type Change = Box<dyn Fn(&mut Fixture)>;

/// Rollouts to add, by id.
type Rollouts = Vec<(&'static str, Value)>;

/// A registry in memory: documents as JSON values, other files as bytes.
struct Fixture {
    documents: Vec<(String, Value)>,
    snapshot: Snapshot,
}

impl Fixture {
    fn base() -> Self {
        let mut snapshot = Snapshot::new();
        snapshot.insert(ICON, Entry::File(png::header_bytes(512, 512)));
        let documents = vec![
            ("registry.yaml".to_owned(), registry()),
            ("defects.yaml".to_owned(), catalog()),
            ("partners/acme/partner.yaml".to_owned(), partner("acme", "0100233488")),
            (APP.to_owned(), app()),
            (FIRST.to_owned(), first_rollout()),
        ];
        Self { documents, snapshot }
    }

    fn set(&mut self, path: &str, value: Value) -> &mut Self {
        self.documents.retain(|(existing, _)| existing != path);
        self.documents.push((path.to_owned(), value));
        self
    }

    fn edit(&mut self, path: &str, change: impl FnOnce(&mut Value)) -> &mut Self {
        if let Some((_, value)) = self.documents.iter_mut().find(|(existing, _)| existing == path) {
            change(value);
        }
        self
    }

    fn remove(&mut self, path: &str) -> &mut Self {
        self.documents.retain(|(existing, _)| existing != path);
        self
    }

    fn run(&self) -> Vec<Diagnostic> {
        let mut loaded = Loaded::default();
        for (path, value) in &self.documents {
            let Place::Document { kind, ids } = classify(path) else {
                panic!("not a document: {path}")
            };
            let typed = typed(kind, value.clone());
            loaded.insert(LoadedFile { path: path.clone(), kind, ids, document: None, typed });
        }
        let mut findings = super::check(&loaded, &super::IconFiles::of(&self.snapshot));
        crate::diagnostic::sort(&mut findings);
        findings
    }

    fn codes(&self) -> Vec<(&'static str, String)> {
        self.run().into_iter().map(|finding| (finding.code, finding.path)).collect()
    }
}

fn typed(kind: crate::registry::Kind, value: Value) -> Option<Typed> {
    use crate::registry::Kind;
    fn parse<T: DeserializeOwned>(value: Value) -> T {
        serde_json::from_value(value).expect("test documents match the model")
    }
    Some(match kind {
        Kind::Registry => Typed::Registry(parse(value)),
        Kind::DefectCatalog => Typed::DefectCatalog(parse(value)),
        Kind::Partner => Typed::Partner(parse(value)),
        Kind::PartnerVerification => Typed::PartnerVerification(parse(value)),
        Kind::MiniApp => Typed::MiniApp(parse(value)),
        Kind::Cooperation => Typed::Cooperation(parse(value)),
        Kind::RolloutRequest => Typed::RolloutRequest(parse(value)),
        Kind::Review => Typed::Review(parse(value)),
    })
}

fn registry() -> Value {
    json!({
        "name": "Test registry",
        "admins": [{ "login": "momo-admin" }],
        "reviewers": [{ "login": "Momo-Reviewer" }],
    })
}

fn catalog() -> Value {
    json!({ "defects": {
        "FUNC_BROKEN": { "en": "broken", "vi": "lỗi" },
        "OTHER": { "en": "other", "vi": "khác", "blocking": false },
        "INFO_ICON_GUIDELINE": { "en": "icon", "vi": "biểu tượng", "note_required": true },
        "OLD_CODE": { "en": "old", "vi": "cũ", "deprecated": true },
    }})
}

fn partner(id: &str, tax_code: &str) -> Value {
    json!({
        "id": id,
        "organization": {
            "type": "enterprise", "name": "Acme", "business_field": "retail", "tax_code": tax_code,
        },
        "m4b": { "status": "existing", "account_id": "M4B-1" },
        "contacts": [{ "name": "An", "position": "CTO", "email": "an@acme.vn", "phone": "+84901234567" }],
        "maintainers": [{ "login": "acme-dev" }],
    })
}

fn app() -> Value {
    json!({
        "id": "shop",
        "partner": "acme",
        "info": { "name": "Shop", "icon": "icon.png", "support": { "email": "help@acme.vn" } },
        "source": { "repository": "https://github.com/acme/shop" },
    })
}

fn first_rollout() -> Value {
    json!({
        "id": "1.0.0",
        "partner": "acme",
        "app": "shop",
        "description": "first release",
        "info": {
            "name": "Shop", "short_description": "Buy things", "icon": "icon.png",
            "support": { "phone": "19001234" },
        },
        "android": { "version": "1.0.0", "build": 1 },
        "ios": { "version": "1.0.0", "build": 2 },
        "webview": {
            "test": "https://test.acme.vn", "staging": "https://staging.acme.vn",
            "production": "https://acme.vn",
        },
    })
}

fn rollout(id: &str, android: Option<(&str, u64)>, ios: Option<(&str, u64)>) -> Value {
    let mut value = json!({ "id": id, "partner": "acme", "app": "shop", "description": "update" });
    for (key, build) in [("android", android), ("ios", ios)] {
        if let Some((version, build)) = build {
            value[key] = json!({ "version": version, "build": build });
        }
    }
    value
}

fn rollout_path(id: &str) -> String {
    format!("partners/acme/apps/shop/rollouts/{id}.yaml")
}

fn review(rollout: &str, defects: Value) -> Value {
    json!({
        "rollout": rollout, "partner": "acme", "app": "shop", "reviewer": "momo-reviewer",
        "verdict": "changes-requested", "defects": defects,
    })
}

fn cooperation(app: &str, app_id: &str) -> Value {
    json!({
        "partner": "acme", "app": app, "status": "completed", "contact": "momo-admin",
        "app_id": app_id,
    })
}

mod cases;
