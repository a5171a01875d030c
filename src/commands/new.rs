//! `miniapp new partner|app|rollout`: writes a new, valid registry file in its place from
//! flags (asking on a terminal), and never replaces an existing one.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{NewAppArgs, NewCommand, NewPartnerArgs, NewRolloutArgs};
use crate::commands::prompt::Asker;
use crate::commands::{self, EXIT_CLEAN};
use crate::history::{HistoryError, Repository};
use crate::model::{self, PlatformVersion, Webview};
use crate::registry::{self, Snapshot};
use crate::scaffold::{self, AppFields, PartnerFields, RolloutFields};
use crate::settings::Settings;
use crate::validate::{Typed, read_typed};

/// Runs `miniapp new`.
pub fn run(settings: &Settings, what: &NewCommand) -> anyhow::Result<ExitCode> {
    let root = settings.directory.as_path();
    if !root.join("registry.yaml").is_file() {
        return Err(commands::with_hint(
            format!("no registry at `{}`: `registry.yaml` is missing", root.display()),
            "run miniapp in a registry's root folder, or pass `-C DIR`",
        ));
    }
    let (path, value, note) = match what {
        NewCommand::Partner(args) => new_partner(args)?,
        NewCommand::App(args) => new_app(root, args)?,
        NewCommand::Rollout(args) => new_rollout(root, args)?,
    };

    let text = scaffold::render(&path, &value)?;
    scaffold::write_new(root, &path, &text).map_err(|error| match error {
        scaffold::ScaffoldError::Exists { .. } => commands::with_hint(
            format!("`{path}` exists already"),
            "miniapp new never replaces a file: pick another id, or edit the file",
        ),
        other => anyhow::Error::new(other),
    })?;
    eprintln!("wrote `{path}`");
    if let Some(note) = note {
        eprintln!("{note}");
    }
    Ok(ExitCode::from(EXIT_CLEAN))
}

type Planned = (String, serde_json::Value, Option<String>);

fn new_partner(args: &NewPartnerArgs) -> anyhow::Result<Planned> {
    let mut asker = Asker::new();
    let mut fields = PartnerFields {
        id: asker.require("--id", &args.id, "partner slug (e.g. cafe-sang)")?,
        name: asker.require("--name", &args.name, "organization's legal name")?,
        organization_type: asker.require(
            "--type",
            &args.organization_type,
            "organization type (enterprise, branch, household-business, individual, other)",
        )?,
        business_field: asker.require(
            "--business-field",
            &args.business_field,
            "business field",
        )?,
        tax_code: asker.require("--tax-code", &args.tax_code, "tax code")?,
        contact_name: asker.require("--contact-name", &args.contact_name, "contact's name")?,
        contact_position: asker.require(
            "--contact-position",
            &args.contact_position,
            "contact's position",
        )?,
        contact_email: asker.require("--contact-email", &args.contact_email, "contact's email")?,
        contact_phone: asker.require("--contact-phone", &args.contact_phone, "contact's mobile")?,
        maintainers: args.maintainers.clone(),
        m4b_account: asker.require(
            "--m4b-account",
            &args.m4b_account,
            "MoMo for Business account id",
        )?,
    };
    if fields.maintainers.is_empty() {
        let login = asker.require("--maintainer", &None, "maintainer's GitHub login")?;
        fields.maintainers.push(login);
    }
    asker.finish()?;

    slug("--id", &fields.id)?;
    let value = scaffold::partner(&fields)?;
    Ok((format!("partners/{}/partner.yaml", fields.id), value, None))
}

fn new_app(root: &Path, args: &NewAppArgs) -> anyhow::Result<Planned> {
    let mut asker = Asker::new();
    let partner = asker.require("--partner", &args.partner, "partner slug")?;
    let id = asker.require("--id", &args.id, "app slug (e.g. dat-mon)")?;
    let name = asker.require("--name", &args.name, "app's display name")?;
    let short_description =
        asker.require("--short-description", &args.short_description, "short description")?;
    let repository = asker.require("--repository", &args.repository, "source repository URL")?;
    let mut support_email = asker.optional(&args.support_email, "support email")?;
    let support_phone = asker.optional(&args.support_phone, "support phone")?;
    if support_email.is_none() && support_phone.is_none() {
        support_email =
            Some(asker.require("--support-email` or `--support-phone", &None, "support email")?);
    }
    asker.finish()?;

    slug("--partner", &partner)?;
    slug("--id", &id)?;
    require_file(root, &format!("partners/{partner}/partner.yaml"), "partner")?;
    let icon = args.icon.clone().unwrap_or_else(|| "icon.png".to_owned());
    let fields = AppFields {
        partner: partner.clone(),
        id: id.clone(),
        name,
        short_description,
        icon: icon.clone(),
        support_email,
        support_phone,
        repository,
    };
    let value = scaffold::app(&fields)?;
    let dir = registry::app_dir(&partner, &id);
    let note = (!root.join(&dir).join(&icon).is_file())
        .then(|| format!("add the icon `{dir}/{icon}`: a square PNG, at least 512 pixels a side"));
    Ok((format!("{dir}/app.yaml"), value, note))
}

fn new_rollout(root: &Path, args: &NewRolloutArgs) -> anyhow::Result<Planned> {
    let mut asker = Asker::new();
    let partner = asker.require("--partner", &args.partner, "partner slug")?;
    let app = asker.require("--app", &args.app, "app slug")?;
    let id = asker.require("--id", &args.id, "rollout id (e.g. 1.2.0)")?;
    asker.finish()?;
    slug("--partner", &partner)?;
    slug("--app", &app)?;
    if !registry::is_rollout_id(&id) {
        anyhow::bail!("`{id}` is not a rollout id: use lowercase letters, digits, `-` and `.`");
    }

    let app_path = format!("{}/app.yaml", registry::app_dir(&partner, &app));
    let app_document = read_app(root, &app_path)?;
    let working = Snapshot::from_dir(root).context("failed to read the registry folder")?;
    let folder = format!("{}/rollouts/", registry::app_dir(&partner, &app));
    let first = !working.iter().any(|(path, _)| path.starts_with(&folder));
    let highest = highest_build(root, &working, &partner, &app)?;

    let plan = plan_rollout(args, &id, first, &app_document)?;
    let (android, ios) = scaffold::next_builds(highest, plan.android.is_some(), plan.ios.is_some());
    let mode = args.install_mode.to_ascii_uppercase();
    let build = |version: Option<String>, build: Option<u64>| {
        version.zip(build).map(|(version, build)| PlatformVersion {
            version,
            build,
            install_mode: mode.clone(),
        })
    };
    let android = build(plan.android, android);
    let ios = build(plan.ios, ios);
    let description = args.description.clone().unwrap_or_else(|| {
        describe(&app_document, first, android.as_ref(), ios.as_ref(), plan.webview.is_some())
    });
    let builds = [("Android", &android), ("iOS", &ios)]
        .iter()
        .filter_map(|(name, build)| build.as_ref().map(|b| format!("{name} build {}", b.build)))
        .collect::<Vec<_>>();
    let note = (!builds.is_empty())
        .then(|| format!("{} (highest build seen: {highest})", builds.join(", ")));
    let fields = RolloutFields {
        partner: partner.clone(),
        app: app.clone(),
        id: id.clone(),
        description,
        info: plan.info,
        android,
        ios,
        webview: plan.webview,
    };
    Ok((registry::rollout_path(&partner, &app, &id), scaffold::rollout(&fields), note))
}

/// Holds which parts a new rollout carries, before build numbers are given.
struct RolloutPlan {
    info: Option<model::AppInfo>,
    android: Option<String>,
    ios: Option<String>,
    webview: Option<Webview>,
}

fn plan_rollout(
    args: &NewRolloutArgs,
    id: &str,
    first: bool,
    app: &model::MiniApp,
) -> anyhow::Result<RolloutPlan> {
    let links = [&args.webview_test, &args.webview_staging, &args.webview_production];
    let webview = links.iter().any(|link| link.is_some()).then(|| Webview {
        test: args.webview_test.clone(),
        staging: args.webview_staging.clone(),
        production: args.webview_production.clone(),
    });
    if !first {
        let plan = RolloutPlan {
            info: args.info.then(|| app.info.clone()),
            android: args.android_version.clone(),
            ios: args.ios_version.clone(),
            webview,
        };
        let empty = plan.info.is_none()
            && plan.android.is_none()
            && plan.ios.is_none()
            && plan.webview.is_none();
        if empty {
            return Err(commands::with_hint(
                "a rollout must carry at least one part",
                "pass `--android-version`, `--ios-version`, `--info` or a `--webview-*` link",
            ));
        }
        return Ok(plan);
    }

    // A first rollout carries everything (DOMAIN.md): app info, both platforms, all links.
    let default_version = crate::schema::formats::is_semver(id).then(|| id.to_owned());
    let mut asker = Asker::new();
    let android = asker.require(
        "--android-version",
        &args.android_version.clone().or(default_version.clone()),
        "Android version",
    )?;
    let ios = asker.require(
        "--ios-version",
        &args.ios_version.clone().or(default_version),
        "iOS version",
    )?;
    let test = asker.require("--webview-test", &args.webview_test, "test webview link")?;
    let staging =
        asker.require("--webview-staging", &args.webview_staging, "staging webview link")?;
    let production = asker.require(
        "--webview-production",
        &args.webview_production,
        "production webview link",
    )?;
    asker.finish().map_err(|error| {
        error.context(format!("`{id}` is the app's first rollout, which carries every part"))
    })?;
    Ok(RolloutPlan {
        info: Some(app.info.clone()),
        android: Some(android),
        ios: Some(ios),
        webview: Some(Webview {
            test: Some(test),
            staging: Some(staging),
            production: Some(production),
        }),
    })
}

fn describe(
    app: &model::MiniApp,
    first: bool,
    android: Option<&PlatformVersion>,
    ios: Option<&PlatformVersion>,
    webview: bool,
) -> String {
    let name = app.info.name.as_deref().unwrap_or(&app.id);
    let mut parts: Vec<String> = Vec::new();
    if let Some(android) = android {
        parts.push(format!("Android {}", android.version));
    }
    if let Some(ios) = ios {
        parts.push(format!("iOS {}", ios.version));
    }
    if webview && !first {
        parts.push("webview links".to_owned());
    }
    let what = if parts.is_empty() { "app info".to_owned() } else { parts.join(", ") };
    if first {
        format!("First release of {name} with {what} and webview links.")
    } else {
        format!("Roll out {what} of {name}.")
    }
}

/// Reads the highest build of the app: history when the folder is in a git repository
/// (the production branch and every open branch), the working folder always.
fn highest_build(root: &Path, working: &Snapshot, partner: &str, app: &str) -> anyhow::Result<u64> {
    let repo = match Repository::open(root) {
        Ok(repo) => Some(repo),
        Err(HistoryError::NotARepository { .. }) => None,
        Err(other) => return Err(other.into()),
    };
    let mut tips = Vec::new();
    if let Some(repo) = &repo {
        if repo.is_shallow() {
            eprintln!(
                "warning: the repository is a shallow clone; builds in missing history are not \
                 counted (fetch with `git fetch --unshallow`)"
            );
        }
        if !repo.is_empty()? {
            let production = match working
                .file("registry.yaml")
                .and_then(|bytes| read_typed("registry.yaml", bytes))
            {
                Some(Typed::Registry(settings)) => settings.production_branch,
                _ => "main".to_owned(),
            };
            let tip = match repo.branch_tip(&production) {
                Some(branch) => Some(branch.tip),
                None => repo.resolve("HEAD").ok(),
            };
            if let Some(tip) = tip {
                tips.push(tip);
                tips.extend(repo.open_branches(tip)?.into_iter().map(|branch| branch.tip));
            }
        }
    }
    Ok(scaffold::highest_build(repo.as_ref(), &tips, working, partner, app)?)
}

fn read_app(root: &Path, path: &str) -> anyhow::Result<model::MiniApp> {
    let full = root.join(path);
    let bytes = std::fs::read(&full).map_err(|_| {
        commands::with_hint(
            format!("`{path}` does not exist"),
            "create the app first with `miniapp new app`",
        )
    })?;
    match read_typed(path, &bytes) {
        Some(Typed::MiniApp(app)) => Ok(app),
        _ => Err(commands::with_hint(
            format!("`{path}` cannot be read as a mini app"),
            "run `miniapp validate` and fix it first",
        )),
    }
}

fn require_file(root: &Path, path: &str, what: &str) -> anyhow::Result<()> {
    if root.join(path).is_file() {
        return Ok(());
    }
    Err(commands::with_hint(
        format!("the {what} does not exist: `{path}` is missing"),
        format!("create the {what} first with `miniapp new {what}`"),
    ))
}

fn slug(flag: &str, value: &str) -> anyhow::Result<()> {
    if registry::is_slug(value) && value.len() <= 64 {
        return Ok(());
    }
    Err(commands::with_hint(
        format!("`{value}` is not a slug (`{flag}`)"),
        "use lowercase letters, digits and `-`, starting with a letter or digit",
    ))
}
