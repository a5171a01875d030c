//! Typed views of the registry documents, read from values the schema layer accepted.
//! The field names mirror `schemas/`; checking them is left to `schema` and `rules`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Describes a GitHub account that acts on the registry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Account {
    /// GitHub login.
    pub login: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// The address this person commits with.
    #[serde(default)]
    pub email: Option<String>,
}

/// Holds `registry.yaml`: who runs the registry and its limits.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Registry {
    /// Display name of the registry.
    pub name: String,
    /// Language of posted messages.
    #[serde(default)]
    pub language: Language,
    /// Branch whose history is production.
    #[serde(default = "default_branch")]
    pub production_branch: String,
    /// UTC offset for displaying times, such as `+07:00`.
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// Accounts that may change anything.
    pub admins: Vec<Account>,
    /// MoMo reviewers.
    #[serde(default)]
    pub reviewers: Vec<Account>,
    /// Reviewers requested per rollout pull request.
    #[serde(default = "one")]
    pub reviewers_per_rollout: u32,
    /// Time limits.
    #[serde(default)]
    pub limits: Limits,
    /// Icon rules.
    #[serde(default)]
    pub icon: IconRules,
}

impl Default for Registry {
    fn default() -> Self {
        Self {
            name: String::new(),
            language: Language::default(),
            production_branch: default_branch(),
            timezone: default_timezone(),
            admins: Vec::new(),
            reviewers: Vec::new(),
            reviewers_per_rollout: 1,
            limits: Limits::default(),
            icon: IconRules::default(),
        }
    }
}

fn default_branch() -> String {
    "main".to_owned()
}

fn default_timezone() -> String {
    "+07:00".to_owned()
}

fn one() -> u32 {
    1
}

fn five() -> u32 {
    5
}

fn min_icon() -> u32 {
    512
}

fn max_icon() -> u32 {
    4096
}

fn yes() -> bool {
    true
}

/// Names the language messages are posted in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English.
    #[default]
    En,
    /// Vietnamese.
    Vi,
}

/// Holds the registry's time limits, in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub struct Limits {
    /// Days MoMo has to contact a partner after its app lands.
    #[serde(default = "five")]
    pub cooperation_contact_days: u32,
    /// Days MoMo has to review a rollout request.
    #[serde(default = "five")]
    pub review_days: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self { cooperation_contact_days: 5, review_days: 5 }
    }
}

/// Holds the icon rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub struct IconRules {
    /// Smallest accepted side, in pixels.
    #[serde(default = "min_icon")]
    pub min_size: u32,
    /// Largest accepted side, in pixels.
    #[serde(default = "max_icon")]
    pub max_size: u32,
}

impl Default for IconRules {
    fn default() -> Self {
        Self { min_size: min_icon(), max_size: max_icon() }
    }
}

/// Holds `defects.yaml`: every defect code with its titles.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct DefectCatalog {
    /// Defects by code.
    pub defects: BTreeMap<String, Defect>,
}

/// Describes one defect code of the review checklist.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Defect {
    /// English title.
    pub en: String,
    /// Vietnamese title.
    pub vi: String,
    /// Whether it blocks approval.
    #[serde(default = "yes")]
    pub blocking: bool,
    /// Whether a review citing it needs a note.
    #[serde(default)]
    pub note_required: bool,
    /// Whether the code is retired.
    #[serde(default)]
    pub deprecated: bool,
}

impl Defect {
    /// Returns the title in the given language.
    pub fn title(&self, language: Language) -> &str {
        match language {
            Language::En => &self.en,
            Language::Vi => &self.vi,
        }
    }
}

/// Holds `partner.yaml`: an organization, its contacts and maintainers.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Partner {
    /// Slug, equal to the folder name.
    pub id: String,
    /// The organization.
    pub organization: Organization,
    /// The M4B account.
    pub m4b: M4b,
    /// Contact people.
    pub contacts: Vec<Contact>,
    /// Accounts allowed to change this partner's files.
    pub maintainers: Vec<Account>,
}

/// Describes the partner's organization.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Organization {
    /// Organization type, such as `enterprise` or `branch`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Legal name.
    pub name: String,
    /// Business field.
    pub business_field: String,
    /// Vietnamese tax code.
    pub tax_code: String,
}

/// Describes the partner's MoMo for Business account.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct M4b {
    /// `existing` or `new`.
    pub status: String,
    /// Account id of an existing partner.
    #[serde(default)]
    pub account_id: Option<String>,
    /// Registration of a new partner, kept as given.
    #[serde(default)]
    pub registration: Option<serde_json::Value>,
}

/// Describes a contact person.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Contact {
    /// Full name.
    pub name: String,
    /// Position in the organization.
    pub position: String,
    /// Email address.
    pub email: String,
    /// Mobile phone.
    pub phone: String,
}

/// Holds `verification.yaml`: MoMo's decision on a partner.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct PartnerVerification {
    /// Partner slug.
    pub partner: String,
    /// The decision.
    pub decision: VerificationDecision,
    /// Reviewer login.
    pub reviewer: String,
    /// Why, required when rejected.
    #[serde(default)]
    pub note: Option<String>,
}

/// Names MoMo's decision on a partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerificationDecision {
    /// The partner may register apps.
    Verified,
    /// The partner was refused.
    Rejected,
}

/// Holds `app.yaml`: a mini app as its partner registers it.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct MiniApp {
    /// Slug, equal to the folder name.
    pub id: String,
    /// Partner slug.
    pub partner: String,
    /// App info.
    pub info: AppInfo,
    /// Linked source repository.
    pub source: Source,
    /// Team roles.
    #[serde(default)]
    pub team: Vec<TeamMember>,
}

/// Describes what users see of a mini app; every field optional in a rollout.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct AppInfo {
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Short description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_description: Option<String>,
    /// Icon path, relative to the app's folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// Support contacts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub support: Option<Support>,
    /// Category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

/// Describes how users reach support.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Support {
    /// Support email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Support phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// Describes the linked source repository.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Source {
    /// Repository URL.
    pub repository: String,
    /// Branch, when not the default.
    #[serde(default)]
    pub branch: Option<String>,
}

/// Describes a team member's role on an app.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct TeamMember {
    /// GitHub login.
    pub login: String,
    /// `administrator`, `developer` or `viewer`.
    pub role: String,
}

/// Holds `cooperation.yaml`: MoMo's cooperation with a partner on one app.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Cooperation {
    /// Partner slug.
    pub partner: String,
    /// App slug.
    pub app: String,
    /// Where cooperation stands.
    pub status: CooperationStatus,
    /// Reviewer who contacted the partner.
    pub contact: String,
    /// AppId assigned on completion.
    #[serde(default)]
    pub app_id: Option<String>,
    /// Free note.
    #[serde(default)]
    pub note: Option<String>,
}

/// Names where cooperation on an app stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CooperationStatus {
    /// MoMo contacted the partner.
    InProgress,
    /// Development features granted, AppId assigned.
    Completed,
    /// MoMo will not cooperate.
    Declined,
}

/// Holds a rollout request: changes to put into production.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RolloutRequest {
    /// Id, equal to the file name without `.yaml`.
    pub id: String,
    /// Partner slug.
    pub partner: String,
    /// App slug.
    pub app: String,
    /// What it changes.
    pub description: String,
    /// App info changes.
    #[serde(default)]
    pub info: Option<AppInfo>,
    /// Android build.
    #[serde(default)]
    pub android: Option<PlatformVersion>,
    /// iOS build.
    #[serde(default)]
    pub ios: Option<PlatformVersion>,
    /// Webview links.
    #[serde(default)]
    pub webview: Option<Webview>,
    /// Source commit of the builds.
    #[serde(default)]
    pub source_commit: Option<String>,
}

impl RolloutRequest {
    /// Lists the parts this rollout carries.
    pub fn parts(&self) -> Vec<RolloutPart> {
        let mut parts = Vec::new();
        if self.info.is_some() {
            parts.push(RolloutPart::Info);
        }
        if self.android.is_some() {
            parts.push(RolloutPart::Android);
        }
        if self.ios.is_some() {
            parts.push(RolloutPart::Ios);
        }
        if self.webview.is_some() {
            parts.push(RolloutPart::Webview);
        }
        parts
    }

    /// Returns the build of one platform, if the rollout carries it.
    pub fn platform(&self, platform: Platform) -> Option<&PlatformVersion> {
        match platform {
            Platform::Android => self.android.as_ref(),
            Platform::Ios => self.ios.as_ref(),
        }
    }
}

/// Names a part a rollout can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RolloutPart {
    /// App info (name, icon, short description, support).
    Info,
    /// An Android version.
    Android,
    /// An iOS version.
    Ios,
    /// Webview links.
    Webview,
}

/// Names a mobile platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// Android.
    Android,
    /// iOS.
    Ios,
}

impl Platform {
    /// Both platforms, Android first.
    pub const ALL: [Platform; 2] = [Platform::Android, Platform::Ios];

    /// Returns the lowercase key used in rollout files.
    pub fn key(self) -> &'static str {
        match self {
            Platform::Android => "android",
            Platform::Ios => "ios",
        }
    }
}

/// Describes one platform's build in a rollout.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct PlatformVersion {
    /// Semantic version.
    pub version: String,
    /// Build number.
    pub build: u64,
    /// `NORMAL`, `IMMEDIATELY` or `NOTIFY`.
    #[serde(default = "normal")]
    pub install_mode: String,
}

fn normal() -> String {
    "NORMAL".to_owned()
}

/// Holds webview links.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Webview {
    /// Test URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test: Option<String>,
    /// Staging URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staging: Option<String>,
    /// Production URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub production: Option<String>,
}

/// Holds a review: MoMo's decision on one rollout.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Review {
    /// Rollout id.
    pub rollout: String,
    /// Partner slug.
    pub partner: String,
    /// App slug.
    pub app: String,
    /// Reviewer login.
    pub reviewer: String,
    /// The verdict.
    pub verdict: ReviewVerdict,
    /// Defects found.
    #[serde(default)]
    pub defects: Vec<ReviewDefect>,
    /// Free note.
    #[serde(default)]
    pub note: Option<String>,
}

/// Names a review's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewVerdict {
    /// No defects: the rollout may go to production.
    Approved,
    /// Defects listed: the partner must fix them.
    ChangesRequested,
}

/// Describes one defect a reviewer found.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct ReviewDefect {
    /// Code from `defects.yaml`.
    pub code: String,
    /// JSON Pointer into the rollout.
    #[serde(default)]
    pub pointer: Option<String>,
    /// Reviewer's note.
    #[serde(default)]
    pub note: Option<String>,
}
