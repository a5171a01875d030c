//! The registry's layout: which file lives where, and a snapshot of a registry's files
//! read from a folder (or, in `history`, from a git tree). Parsing them is left to `validate`.

mod listing;
mod snapshot;

pub use listing::Listing;
pub use snapshot::{Entry, MAX_ICON_BYTES, Snapshot, SnapshotError, Special, describe_io};

/// Names a kind of registry document; each has one schema in `schemas/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `registry.yaml`.
    Registry,
    /// `defects.yaml`.
    DefectCatalog,
    /// `partners/<partner>/partner.yaml`.
    Partner,
    /// `partners/<partner>/verification.yaml`.
    PartnerVerification,
    /// `partners/<partner>/apps/<app>/app.yaml`.
    MiniApp,
    /// `partners/<partner>/apps/<app>/cooperation.yaml`.
    Cooperation,
    /// `partners/<partner>/apps/<app>/rollouts/<id>.yaml`.
    RolloutRequest,
    /// `partners/<partner>/apps/<app>/reviews/<id>.yaml`.
    Review,
}

impl Kind {
    /// Every kind, in layout order.
    pub const ALL: [Kind; 8] = [
        Kind::Registry,
        Kind::DefectCatalog,
        Kind::Partner,
        Kind::PartnerVerification,
        Kind::MiniApp,
        Kind::Cooperation,
        Kind::RolloutRequest,
        Kind::Review,
    ];

    /// Returns the `kind:` value documents of this kind carry.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Registry => "Registry",
            Kind::DefectCatalog => "DefectCatalog",
            Kind::Partner => "Partner",
            Kind::PartnerVerification => "PartnerVerification",
            Kind::MiniApp => "MiniApp",
            Kind::Cooperation => "Cooperation",
            Kind::RolloutRequest => "RolloutRequest",
            Kind::Review => "Review",
        }
    }

    /// Returns the schema's file name in `schemas/`.
    pub fn schema_file(self) -> &'static str {
        match self {
            Kind::Registry => "registry.schema.json",
            Kind::DefectCatalog => "defect-catalog.schema.json",
            Kind::Partner => "partner.schema.json",
            Kind::PartnerVerification => "partner-verification.schema.json",
            Kind::MiniApp => "mini-app.schema.json",
            Kind::Cooperation => "cooperation.schema.json",
            Kind::RolloutRequest => "rollout-request.schema.json",
            Kind::Review => "review.schema.json",
        }
    }

    /// Finds a kind by its `kind:` value, ignoring ASCII case.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.name().eq_ignore_ascii_case(name))
    }
}

/// Says what a path in a registry is, by its place alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A document of a known kind, with the ids its path gives it.
    Document { kind: Kind, ids: PathIds },
    /// A PNG icon in an app's folder.
    Icon { partner: String, app: String },
    /// A file under `partners/` that has no place in the layout.
    Unknown,
    /// A file outside the registry's layout (README, workflows, schemas): not checked.
    Outside,
}

/// Holds the ids a path names: partner, app and rollout, as far as the path goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathIds {
    /// `<partner>` segment.
    pub partner: Option<String>,
    /// `<app>` segment.
    pub app: Option<String>,
    /// `<id>` of a rollout or review file.
    pub rollout: Option<String>,
}

/// Says whether a path segment is a slug (`[a-z0-9][a-z0-9-]*`).
pub fn is_slug(segment: &str) -> bool {
    let mut chars = segment.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Says whether a segment is a rollout id: a slug that may also hold dots, not `.`-only parts.
pub fn is_rollout_id(segment: &str) -> bool {
    let mut chars = segment.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && !segment.contains("..")
}

/// Classifies a registry-relative path (with `/` separators) by the layout.
pub fn classify(path: &str) -> Place {
    let segments: Vec<&str> = path.split('/').collect();
    let document =
        |kind, partner: &str, app: Option<&str>, rollout: Option<&str>| Place::Document {
            kind,
            ids: PathIds {
                partner: Some(partner.to_owned()),
                app: app.map(str::to_owned),
                rollout: rollout.map(str::to_owned),
            },
        };
    match segments.as_slice() {
        ["registry.yaml"] => Place::Document { kind: Kind::Registry, ids: PathIds::default() },
        ["defects.yaml"] => Place::Document { kind: Kind::DefectCatalog, ids: PathIds::default() },
        ["partners", ..] => match segments[1..] {
            [partner, "partner.yaml"] if is_slug(partner) => {
                document(Kind::Partner, partner, None, None)
            }
            [partner, "verification.yaml"] if is_slug(partner) => {
                document(Kind::PartnerVerification, partner, None, None)
            }
            [partner, "apps", app, file] if is_slug(partner) && is_slug(app) => match file {
                "app.yaml" => document(Kind::MiniApp, partner, Some(app), None),
                "cooperation.yaml" => document(Kind::Cooperation, partner, Some(app), None),
                icon if icon.ends_with(".png") && !icon.starts_with('.') => {
                    Place::Icon { partner: partner.to_owned(), app: app.to_owned() }
                }
                _ => Place::Unknown,
            },
            [partner, "apps", app, folder @ ("rollouts" | "reviews"), file]
                if is_slug(partner) && is_slug(app) =>
            {
                match file.strip_suffix(".yaml") {
                    Some(id) if is_rollout_id(id) => {
                        let kind =
                            if folder == "rollouts" { Kind::RolloutRequest } else { Kind::Review };
                        document(kind, partner, Some(app), Some(id))
                    }
                    _ => Place::Unknown,
                }
            }
            _ => Place::Unknown,
        },
        _ => Place::Outside,
    }
}

/// Returns the registry path of an app's folder, such as `partners/acme/apps/shop`.
pub fn app_dir(partner: &str, app: &str) -> String {
    format!("partners/{partner}/apps/{app}")
}

/// Returns the path of a rollout request file.
pub fn rollout_path(partner: &str, app: &str, id: &str) -> String {
    format!("partners/{partner}/apps/{app}/rollouts/{id}.yaml")
}

/// Returns the path of the review file of a rollout.
pub fn review_path(partner: &str, app: &str, id: &str) -> String {
    format!("partners/{partner}/apps/{app}/reviews/{id}.yaml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_follows_the_layout() {
        let rollout = classify("partners/acme/apps/shop/rollouts/2.1.0.yaml");
        let Place::Document { kind, ids } = rollout else { panic!("not a document: {rollout:?}") };
        assert_eq!(kind, Kind::RolloutRequest);
        assert_eq!(ids.partner.as_deref(), Some("acme"));
        assert_eq!(ids.app.as_deref(), Some("shop"));
        assert_eq!(ids.rollout.as_deref(), Some("2.1.0"));

        let cases = [
            ("registry.yaml", "Registry"),
            ("defects.yaml", "DefectCatalog"),
            ("partners/acme/partner.yaml", "Partner"),
            ("partners/acme/verification.yaml", "PartnerVerification"),
            ("partners/acme/apps/shop/app.yaml", "MiniApp"),
            ("partners/acme/apps/shop/cooperation.yaml", "Cooperation"),
            ("partners/acme/apps/shop/reviews/1.0.0.yaml", "Review"),
        ];
        for (path, expected) in cases {
            match classify(path) {
                Place::Document { kind, .. } => assert_eq!(kind.name(), expected, "{path}"),
                other => panic!("{path}: {other:?}"),
            }
        }
        assert!(matches!(classify("partners/acme/apps/shop/icon.png"), Place::Icon { .. }));
        assert_eq!(classify("partners/acme/notes.txt"), Place::Unknown);
        assert_eq!(classify("partners/Acme/partner.yaml"), Place::Unknown);
        assert_eq!(classify("partners/acme/apps/shop/rollouts/../x.yaml"), Place::Unknown);
        assert_eq!(classify("partners/acme/apps/shop/rollouts/1.0.yml"), Place::Unknown);
        assert_eq!(classify("README.md"), Place::Outside);
        assert_eq!(classify(".github/workflows/check.yml"), Place::Outside);
    }

    #[test]
    fn slugs_and_rollout_ids() {
        assert!(is_slug("acme-2"));
        assert!(!is_slug("-acme"));
        assert!(!is_slug("ac.me"));
        assert!(!is_slug(""));
        assert!(is_rollout_id("2.1.0"));
        assert!(!is_rollout_id("2..1"));
        assert!(!is_rollout_id(".hidden"));
    }
}
