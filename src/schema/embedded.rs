//! The schemas embedded from `schemas/`: their text, their parsed values, and validators
//! compiled once with `common.schema.json` registered, so no reference is ever fetched.

use std::sync::LazyLock;

use jsonschema::Validator;
use serde_json::Value;

use super::{formats, phone, tax_code};
use crate::registry::Kind;

/// Where the schemas say they live; `$ref`s resolve against it, never over the network.
pub const BASE_URI: &str = "https://miniapp.momo.vn/schemas/";

/// File name of the shared definitions.
pub const COMMON_FILE: &str = "common.schema.json";

const COMMON_SOURCE: &str = include_str!("../../schemas/common.schema.json");

/// Returns the embedded text of a kind's schema.
pub fn source(kind: Kind) -> &'static str {
    match kind {
        Kind::Registry => include_str!("../../schemas/registry.schema.json"),
        Kind::DefectCatalog => include_str!("../../schemas/defect-catalog.schema.json"),
        Kind::Partner => include_str!("../../schemas/partner.schema.json"),
        Kind::PartnerVerification => include_str!("../../schemas/partner-verification.schema.json"),
        Kind::MiniApp => include_str!("../../schemas/mini-app.schema.json"),
        Kind::Cooperation => include_str!("../../schemas/cooperation.schema.json"),
        Kind::RolloutRequest => include_str!("../../schemas/rollout-request.schema.json"),
        Kind::Review => include_str!("../../schemas/review.schema.json"),
    }
}

/// Returns the embedded text of the shared definitions.
pub fn common_source() -> &'static str {
    COMMON_SOURCE
}

/// Fails to prepare an embedded schema; a unit test keeps every one of these from happening.
#[derive(Debug, thiserror::Error)]
pub enum EmbeddedError {
    /// The text is not JSON.
    #[error("embedded schema `{file}` is not valid JSON")]
    Parse {
        /// The schema's file name.
        file: &'static str,
        /// What the JSON parser said.
        #[source]
        source: serde_json::Error,
    },
    /// `common.schema.json` could not be registered.
    #[error("failed to register `{COMMON_FILE}`")]
    Register {
        /// What the reference resolver said.
        #[source]
        source: jsonschema::ReferencingError,
    },
    /// The schema does not compile.
    #[error("failed to compile embedded schema `{file}`")]
    Compile {
        /// The schema's file name.
        file: &'static str,
        /// What the compiler said.
        #[source]
        source: Box<jsonschema::ValidationError<'static>>,
    },
}

struct Embedded {
    values: Vec<(&'static str, Value)>,
    validators: Vec<(Kind, Validator)>,
}

static EMBEDDED: LazyLock<Embedded> = LazyLock::new(|| {
    prepare().expect("the embedded schemas parse and compile; a unit test checks every one")
});

fn prepare() -> Result<Embedded, EmbeddedError> {
    let mut values = vec![(COMMON_FILE, parse(COMMON_FILE, COMMON_SOURCE)?)];
    for kind in Kind::ALL {
        values.push((kind.schema_file(), parse(kind.schema_file(), source(kind))?));
    }
    let validators = Kind::ALL
        .into_iter()
        .map(|kind| Ok((kind, compile(kind)?)))
        .collect::<Result<Vec<_>, EmbeddedError>>()?;
    Ok(Embedded { values, validators })
}

fn parse(file: &'static str, text: &str) -> Result<Value, EmbeddedError> {
    serde_json::from_str(text).map_err(|source| EmbeddedError::Parse { file, source })
}

/// Compiles a kind's schema with the custom formats asserted and no retrieval allowed.
pub fn compile(kind: Kind) -> Result<Validator, EmbeddedError> {
    let common = parse(COMMON_FILE, COMMON_SOURCE)?;
    let schema = parse(kind.schema_file(), source(kind))?;
    let registry = jsonschema::Registry::new()
        .add(format!("{BASE_URI}{COMMON_FILE}"), common)
        .and_then(|builder| builder.prepare())
        .map_err(|source| EmbeddedError::Register { source })?;
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_registry(&registry)
        .offline()
        .should_validate_formats(true)
        .should_ignore_unknown_formats(false)
        .with_format("vn-tax-code", tax_code::is_vn_tax_code)
        .with_format("vn-phone", phone::is_vn_phone)
        .with_format("vn-mobile", phone::is_vn_mobile)
        .with_format("semver", formats::is_semver)
        .with_format("https-url", formats::is_https_url)
        .with_format("email", formats::is_email)
        .with_format("date", formats::is_date)
        .with_format("git-branch", formats::is_git_branch)
        .build(&schema)
        .map_err(|source| EmbeddedError::Compile {
            file: kind.schema_file(),
            source: Box::new(source),
        })
}

/// Returns the compiled validator of a kind.
pub fn validator(kind: Kind) -> &'static Validator {
    EMBEDDED
        .validators
        .iter()
        .find_map(|(known, validator)| (*known == kind).then_some(validator))
        .expect("a validator is compiled for every kind in `Kind::ALL`")
}

/// Returns a parsed embedded schema by file name.
pub fn schema_value(file: &str) -> Option<&'static Value> {
    EMBEDDED.values.iter().find_map(|(known, value)| (*known == file).then_some(value))
}

/// Names a place inside an embedded schema: the file and a JSON Pointer into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaPlace {
    /// The schema's file name, such as `common.schema.json`.
    pub file: &'static str,
    /// JSON Pointer inside that file.
    pub pointer: String,
}

impl SchemaPlace {
    /// Reads an absolute keyword location such as `…/common.schema.json#/$defs/text/type`.
    pub fn from_uri(uri: &str) -> Option<SchemaPlace> {
        let (document, fragment) = uri.split_once('#').unwrap_or((uri, ""));
        let name = document.strip_prefix(BASE_URI)?;
        let (file, _) = EMBEDDED.values.iter().find(|(known, _)| *known == name)?;
        Some(SchemaPlace { file, pointer: fragment.to_owned() })
    }

    /// Returns the schema value at this place.
    pub fn value(&self) -> Option<&'static Value> {
        schema_value(self.file)?.pointer(&self.pointer)
    }

    /// Returns the place one segment up (the schema holding a keyword).
    pub fn parent(&self) -> Option<SchemaPlace> {
        let (parent, _) = self.pointer.rsplit_once('/')?;
        Some(SchemaPlace { file: self.file, pointer: parent.to_owned() })
    }

    /// Follows a `$ref` written in this place's file.
    pub fn follow(&self, reference: &str) -> Option<SchemaPlace> {
        let (document, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let file = if document.is_empty() {
            self.file
        } else {
            SchemaPlace::from_uri(&format!("{BASE_URI}{document}"))?.file
        };
        Some(SchemaPlace { file, pointer: fragment.to_owned() })
    }

    /// Lists the property names a schema object allows, through `allOf` and `$ref`.
    pub fn property_names(&self) -> Vec<String> {
        let mut names = Vec::new();
        self.collect_property_names(&mut names, 0);
        names
    }

    fn collect_property_names(&self, names: &mut Vec<String>, depth: usize) {
        let Some(schema) = self.value() else { return };
        if depth > 8 {
            return;
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            names.extend(
                properties.keys().filter(|key| !names.contains(key)).cloned().collect::<Vec<_>>(),
            );
        }
        if let Some(target) =
            schema.get("$ref").and_then(Value::as_str).and_then(|reference| self.follow(reference))
        {
            target.collect_property_names(names, depth + 1);
        }
        let branches = schema.get("allOf").and_then(Value::as_array).map_or(0, Vec::len);
        for index in 0..branches {
            let branch =
                SchemaPlace { file: self.file, pointer: format!("{}/allOf/{index}", self.pointer) };
            branch.collect_property_names(names, depth + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_schema_is_valid_2020_12_and_compiles() {
        let mut files = vec![(COMMON_FILE, COMMON_SOURCE)];
        files.extend(Kind::ALL.into_iter().map(|kind| (kind.schema_file(), source(kind))));
        for (file, text) in files {
            let value: Value = serde_json::from_str(text).expect("embedded schema is JSON");
            assert_eq!(value["$schema"], "https://json-schema.org/draft/2020-12/schema", "{file}");
            assert_eq!(value["$id"], format!("{BASE_URI}{file}"), "{file}");
            let meta = jsonschema::draft202012::meta::validate(&value);
            assert!(meta.is_ok(), "{file}: {meta:?}");
        }
        for kind in Kind::ALL {
            let compiled = compile(kind);
            assert!(compiled.is_ok(), "{kind:?}: {compiled:?}");
            assert!(!validator(kind).is_valid(&Value::Null), "{kind:?}");
        }
    }

    #[test]
    fn each_kind_schema_names_its_kind() {
        for kind in Kind::ALL {
            let value = schema_value(kind.schema_file()).expect("embedded");
            assert_eq!(value["title"], kind.name(), "{kind:?}");
            assert_eq!(value["properties"]["kind"]["const"], kind.name(), "{kind:?}");
        }
    }

    #[test]
    fn reads_keyword_locations_and_follows_references() {
        let place = SchemaPlace::from_uri(
            "https://miniapp.momo.vn/schemas/mini-app.schema.json#/properties/info/required",
        )
        .expect("known file");
        assert_eq!(place.file, "mini-app.schema.json");
        let info = place.parent().expect("has a parent");
        assert_eq!(info.pointer, "/properties/info");
        let names = info.property_names();
        assert_eq!(names, ["name", "short_description", "icon", "support", "category"]);
        assert_eq!(SchemaPlace::from_uri("https://example.com/x.json#/a"), None);
    }
}
