//! The example registry's files and the JSON Schemas, embedded at compile time so an
//! installed binary needs no checkout. The story that commits them is in `story`.

/// Embeds files of `example-registry/` as `(path, bytes)` pairs.
macro_rules! embed_registry {
    ($($path:literal),* $(,)?) => {
        &[$((
            $path,
            include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/example-registry/", $path))
                as &[u8],
        )),*]
    };
}

/// Embeds schema files of `schemas/` as `(file name, text)` pairs.
macro_rules! embed_schemas {
    ($($name:literal),* $(,)?) => {
        &[$((
            $name,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/", $name)),
        )),*]
    };
}

/// Every file of `example-registry/`: the final files of `main` and of each open branch.
/// A test checks this list against the folder, so a new file cannot be forgotten here.
pub const FILES: &[(&str, &[u8])] = embed_registry![
    ".github/CODEOWNERS",
    ".github/workflows/check.yml",
    ".github/workflows/comment.yml",
    ".github/workflows/promote.yml",
    "README.md",
    "defects.yaml",
    "partners/an-binh-hcm/apps/dat-ve-xe/app.yaml",
    "partners/an-binh-hcm/apps/dat-ve-xe/cooperation.yaml",
    "partners/an-binh-hcm/apps/dat-ve-xe/icon.png",
    "partners/an-binh-hcm/apps/dat-ve-xe/reviews/1.0.0.yaml",
    "partners/an-binh-hcm/apps/dat-ve-xe/reviews/1.1.0.yaml",
    "partners/an-binh-hcm/apps/dat-ve-xe/rollouts/1.0.0.yaml",
    "partners/an-binh-hcm/apps/dat-ve-xe/rollouts/1.1.0.yaml",
    "partners/an-binh-hcm/apps/gui-hang/app.yaml",
    "partners/an-binh-hcm/apps/gui-hang/cooperation.yaml",
    "partners/an-binh-hcm/apps/gui-hang/icon.png",
    "partners/an-binh-hcm/apps/gui-hang/reviews/1.0.0.yaml",
    "partners/an-binh-hcm/apps/gui-hang/rollouts/1.0.0.yaml",
    "partners/an-binh-hcm/apps/thue-xe/app.yaml",
    "partners/an-binh-hcm/apps/thue-xe/cooperation.yaml",
    "partners/an-binh-hcm/apps/thue-xe/icon.png",
    "partners/an-binh-hcm/apps/tra-gop-ve/app.yaml",
    "partners/an-binh-hcm/apps/tra-gop-ve/cooperation.yaml",
    "partners/an-binh-hcm/apps/tra-gop-ve/icon.png",
    "partners/an-binh-hcm/partner.yaml",
    "partners/an-binh-hcm/verification.yaml",
    "partners/cafe-sang/apps/dat-ban/app.yaml",
    "partners/cafe-sang/apps/dat-ban/cooperation.yaml",
    "partners/cafe-sang/apps/dat-ban/icon.png",
    "partners/cafe-sang/apps/dat-ban/reviews/1.0.0.yaml",
    "partners/cafe-sang/apps/dat-ban/rollouts/1.0.0.yaml",
    "partners/cafe-sang/apps/dat-mon/app.yaml",
    "partners/cafe-sang/apps/dat-mon/cooperation.yaml",
    "partners/cafe-sang/apps/dat-mon/icon-v2.png",
    "partners/cafe-sang/apps/dat-mon/icon.png",
    "partners/cafe-sang/apps/dat-mon/reviews/1.0.0.yaml",
    "partners/cafe-sang/apps/dat-mon/reviews/1.1.0.yaml",
    "partners/cafe-sang/apps/dat-mon/rollouts/1.0.0.yaml",
    "partners/cafe-sang/apps/dat-mon/rollouts/1.1.0.yaml",
    "partners/cafe-sang/apps/the-qua-tang/app.yaml",
    "partners/cafe-sang/apps/the-qua-tang/cooperation.yaml",
    "partners/cafe-sang/apps/the-qua-tang/icon.png",
    "partners/cafe-sang/apps/the-qua-tang/rollouts/1.0.0.yaml",
    "partners/cafe-sang/apps/tich-diem/app.yaml",
    "partners/cafe-sang/apps/tich-diem/cooperation.yaml",
    "partners/cafe-sang/apps/tich-diem/icon.png",
    "partners/cafe-sang/partner.yaml",
    "partners/cafe-sang/verification.yaml",
    "partners/dinh-cao-digital/partner.yaml",
    "partners/dinh-cao-digital/verification.yaml",
    "partners/tiem-banh-co-ba/apps/dat-banh/app.yaml",
    "partners/tiem-banh-co-ba/apps/dat-banh/icon.png",
    "partners/tiem-banh-co-ba/partner.yaml",
    "registry.yaml",
];

/// Every JSON Schema, written to `schemas/` of the example so the `$schema` headers resolve.
pub const SCHEMAS: &[(&str, &str)] = embed_schemas![
    "common.schema.json",
    "cooperation.schema.json",
    "defect-catalog.schema.json",
    "mini-app.schema.json",
    "partner-verification.schema.json",
    "partner.schema.json",
    "registry.schema.json",
    "review.schema.json",
    "rollout-request.schema.json",
];

/// Returns the embedded bytes of a registry file.
pub fn file(path: &str) -> Option<&'static [u8]> {
    FILES.iter().find(|(candidate, _)| *candidate == path).map(|(_, bytes)| *bytes)
}
