//! The content of each scaffolded kind, built as JSON values in the schemas' key order.
//! Inputs arrive checked for presence; normalising phones and tax codes happens here.

use serde_json::{Map, Value, json};

use crate::model::{AppInfo, PlatformVersion, Webview};
use crate::schema::{normalize_phone, normalize_tax_code};

/// The `apiVersion` every document carries.
const API_VERSION: &str = "miniapp.momo.vn/v1";

/// Reports an input that cannot go into a document as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// A phone number is not a Vietnamese number with an E.164 form.
    #[error("`{value}` is not a Vietnamese phone number (`{flag}`)")]
    Phone {
        /// The flag it came from.
        flag: &'static str,
        /// The value as given.
        value: String,
    },
    /// A tax code fails its format or check digit.
    #[error("`{value}` is not a valid Vietnamese tax code")]
    TaxCode {
        /// The value as given.
        value: String,
    },
}

/// Holds what `new partner` writes.
#[derive(Debug, Clone, Default)]
pub struct PartnerFields {
    /// Slug.
    pub id: String,
    /// Legal name.
    pub name: String,
    /// Organization type.
    pub organization_type: String,
    /// Business field.
    pub business_field: String,
    /// Tax code as given.
    pub tax_code: String,
    /// Contact name.
    pub contact_name: String,
    /// Contact position.
    pub contact_position: String,
    /// Contact email.
    pub contact_email: String,
    /// Contact mobile as given.
    pub contact_phone: String,
    /// Maintainer logins.
    pub maintainers: Vec<String>,
    /// Existing M4B account id, as MoMo assigned it.
    pub m4b_account: String,
}

/// Builds a `Partner` document for a partner with an existing M4B account.
pub fn partner(fields: &PartnerFields) -> Result<Value, InputError> {
    let tax_code = normalize_tax_code(fields.tax_code.trim())
        .ok_or_else(|| InputError::TaxCode { value: fields.tax_code.clone() })?;
    let phone = normalize_phone(fields.contact_phone.trim()).ok_or_else(|| InputError::Phone {
        flag: "--contact-phone",
        value: fields.contact_phone.clone(),
    })?;
    let maintainers: Vec<Value> =
        fields.maintainers.iter().map(|login| json!({ "login": login })).collect();
    Ok(json!({
        "apiVersion": API_VERSION,
        "kind": "Partner",
        "id": fields.id,
        "organization": {
            "type": fields.organization_type,
            "name": fields.name,
            "business_field": fields.business_field,
            "tax_code": tax_code,
        },
        "m4b": { "status": "existing", "account_id": fields.m4b_account.trim() },
        "contacts": [{
            "name": fields.contact_name,
            "position": fields.contact_position,
            "email": fields.contact_email,
            "phone": phone,
        }],
        "maintainers": maintainers,
    }))
}

/// Holds what `new app` writes.
#[derive(Debug, Clone, Default)]
pub struct AppFields {
    /// Partner slug.
    pub partner: String,
    /// App slug.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Short description.
    pub short_description: String,
    /// Icon file name in the app's folder.
    pub icon: String,
    /// Support email.
    pub support_email: Option<String>,
    /// Support phone as given.
    pub support_phone: Option<String>,
    /// Source repository URL.
    pub repository: String,
}

/// Builds a `MiniApp` document.
pub fn app(fields: &AppFields) -> Result<Value, InputError> {
    let mut support = Map::new();
    if let Some(email) = &fields.support_email {
        support.insert("email".to_owned(), json!(email));
    }
    if let Some(phone) = &fields.support_phone {
        let normalized = normalize_phone(phone.trim())
            .ok_or_else(|| InputError::Phone { flag: "--support-phone", value: phone.clone() })?;
        support.insert("phone".to_owned(), json!(normalized));
    }
    Ok(json!({
        "apiVersion": API_VERSION,
        "kind": "MiniApp",
        "id": fields.id,
        "partner": fields.partner,
        "info": {
            "name": fields.name,
            "short_description": fields.short_description,
            "icon": fields.icon,
            "support": support,
        },
        "source": { "repository": fields.repository },
    }))
}

/// Holds what `new rollout` writes, every part already decided.
#[derive(Debug, Clone, Default)]
pub struct RolloutFields {
    /// Partner slug.
    pub partner: String,
    /// App slug.
    pub app: String,
    /// Rollout id.
    pub id: String,
    /// Description.
    pub description: String,
    /// App info to carry.
    pub info: Option<AppInfo>,
    /// Android build.
    pub android: Option<PlatformVersion>,
    /// iOS build.
    pub ios: Option<PlatformVersion>,
    /// Webview links.
    pub webview: Option<Webview>,
}

/// Builds a `RolloutRequest` document.
pub fn rollout(fields: &RolloutFields) -> Value {
    let mut document = Map::new();
    document.insert("apiVersion".to_owned(), json!(API_VERSION));
    document.insert("kind".to_owned(), json!("RolloutRequest"));
    document.insert("id".to_owned(), json!(fields.id));
    document.insert("partner".to_owned(), json!(fields.partner));
    document.insert("app".to_owned(), json!(fields.app));
    document.insert("description".to_owned(), json!(fields.description));
    if let Some(info) = &fields.info {
        document.insert("info".to_owned(), json!(info));
    }
    for (key, build) in [("android", &fields.android), ("ios", &fields.ios)] {
        if let Some(build) = build {
            document.insert(key.to_owned(), json!(build));
        }
    }
    if let Some(webview) = &fields.webview {
        document.insert("webview".to_owned(), json!(webview));
    }
    Value::Object(document)
}
