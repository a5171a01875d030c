//! Creates a new, empty registry repository: `registry.yaml` from the given accounts, the
//! example's defect catalogue, the schemas, workflows and CODEOWNERS, in one first commit.
//! Asking for the values and finding the committer are left to `commands`.

use std::path::{Path, PathBuf};

use git2::{Oid, Repository, RepositoryInitOptions, Signature};
use serde_json::{Value, json};

use crate::example::files;
use crate::scaffold::{self, ScaffoldError};

/// The workflows copied from the example registry, adapted to the production branch.
const WORKFLOWS: [&str; 3] = [
    ".github/workflows/check.yml",
    ".github/workflows/comment.yml",
    ".github/workflows/promote.yml",
];

/// Describes the registry to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrySetup {
    /// The registry's display name.
    pub name: String,
    /// GitHub logins of the admins; at least one.
    pub admins: Vec<String>,
    /// GitHub logins of MoMo's reviewers.
    pub reviewers: Vec<String>,
    /// Language of texts posted to pull requests: `en` or `vi`.
    pub language: String,
    /// The branch whose history is production.
    pub production_branch: String,
}

/// Reports a failure to create a registry repository.
#[derive(Debug, thiserror::Error)]
pub enum NewRegistryError {
    /// The target exists and holds files.
    #[error("`{}` exists and is not empty", path.display())]
    NotEmpty {
        /// The target folder.
        path: PathBuf,
    },
    /// The production branch is not a valid branch name.
    #[error("`{0}` is not a valid branch name")]
    BadBranch(String),
    /// A file could not be written.
    #[error("failed to write `{}`", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A git operation failed.
    #[error("failed to {action}")]
    Git {
        /// What was being done.
        action: &'static str,
        /// The cause.
        #[source]
        source: git2::Error,
    },
    /// A file to copy is not embedded in this build.
    #[error("`{0}` is not embedded in this build of miniapp")]
    MissingFile(&'static str),
    /// A generated document would not be valid.
    #[error(transparent)]
    Document(#[from] ScaffoldError),
}

/// Returns every file of the new registry, path and content, in path order.
pub fn registry_files(setup: &RegistrySetup) -> Result<Vec<(String, Vec<u8>)>, NewRegistryError> {
    let registry = scaffold::render("registry.yaml", &registry_value(setup))?;
    let mut out = vec![
        (".github/CODEOWNERS".to_owned(), codeowners(setup).into_bytes()),
        ("README.md".to_owned(), readme(setup).into_bytes()),
        ("defects.yaml".to_owned(), embedded("defects.yaml")?),
        ("registry.yaml".to_owned(), registry.into_bytes()),
    ];
    for path in WORKFLOWS {
        let text = String::from_utf8_lossy(&embedded(path)?).into_owned();
        out.push((path.to_owned(), on_branch(&text, &setup.production_branch).into_bytes()));
    }
    for (name, text) in files::SCHEMAS {
        out.push((format!("schemas/{name}"), text.as_bytes().to_vec()));
    }
    out.sort();
    Ok(out)
}

/// Creates `dir` (missing or empty) as a git repository holding the new registry, with
/// one commit on the production branch by `author`; `partners/` is left as an empty
/// folder, which git does not track. Returns the commit.
pub fn create(
    dir: &Path,
    setup: &RegistrySetup,
    author: &Signature<'_>,
) -> Result<Oid, NewRegistryError> {
    let reference = format!("refs/heads/{}", setup.production_branch);
    if !git2::Reference::is_valid_name(&reference) {
        return Err(NewRegistryError::BadBranch(setup.production_branch.clone()));
    }
    let files = registry_files(setup)?;
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| NewRegistryError::Write { path, source }
    };
    if !crate::example::is_missing_or_empty(dir).map_err(write_error(dir))? {
        return Err(NewRegistryError::NotEmpty { path: dir.to_path_buf() });
    }

    std::fs::create_dir_all(dir.join("partners")).map_err(write_error(dir))?;
    for (path, bytes) in &files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(write_error(parent))?;
        }
        std::fs::write(&target, bytes).map_err(write_error(&target))?;
    }
    commit_all(dir, &setup.production_branch, author, &files)
}

/// Initialises the repository and commits every file as the first commit of `branch`.
fn commit_all(
    dir: &Path,
    branch: &str,
    author: &Signature<'_>,
    files: &[(String, Vec<u8>)],
) -> Result<Oid, NewRegistryError> {
    let git = |action| move |source| NewRegistryError::Git { action, source };
    let mut options = RepositoryInitOptions::new();
    options.initial_head(branch);
    let repo = Repository::init_opts(dir, &options).map_err(git("initialise the repository"))?;
    let mut index = repo.index().map_err(git("read the index"))?;
    for (path, _) in files {
        index.add_path(Path::new(path)).map_err(git("stage the files"))?;
    }
    index.write().map_err(git("write the index"))?;
    let tree_id = index.write_tree().map_err(git("write the tree"))?;
    let tree = repo.find_tree(tree_id).map_err(git("write the tree"))?;
    let message = "Create the registry\n\nWritten by `miniapp init`.\n";
    repo.commit(Some("HEAD"), author, author, message, &tree, &[]).map_err(git("commit"))
}

fn embedded(path: &'static str) -> Result<Vec<u8>, NewRegistryError> {
    files::file(path).map(<[u8]>::to_vec).ok_or(NewRegistryError::MissingFile(path))
}

fn registry_value(setup: &RegistrySetup) -> Value {
    let accounts = |logins: &[String]| -> Vec<Value> {
        logins.iter().map(|login| json!({ "login": login })).collect()
    };
    json!({
        "apiVersion": "miniapp.momo.vn/v1",
        "kind": "Registry",
        "name": setup.name,
        "language": setup.language,
        "production_branch": setup.production_branch,
        "timezone": "+07:00",
        "admins": accounts(&setup.admins),
        "reviewers": accounts(&setup.reviewers),
        "reviewers_per_rollout": 1,
        "limits": { "cooperation_contact_days": 5, "review_days": 5 },
        "icon": { "min_size": 512 },
    })
}

/// Points the example's workflows, written for `main`, at the production branch.
fn on_branch(workflow: &str, branch: &str) -> String {
    let plain = branch.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/'))
        && branch.starts_with(|c: char| c.is_ascii_alphabetic());
    let listed = if plain { format!("[{branch}]") } else { format!("[\"{branch}\"]") };
    workflow.replace("[main]", &listed).replace("`main`", &format!("`{branch}`"))
}

fn mentions(logins: &[&String]) -> String {
    logins.iter().map(|login| format!("@{login}")).collect::<Vec<_>>().join(" ")
}

fn codeowners(setup: &RegistrySetup) -> String {
    let admins: Vec<&String> = setup.admins.iter().collect();
    let momo: Vec<&String> = setup.reviewers.iter().chain(&setup.admins).collect();
    let (admins, momo) = (mentions(&admins), mentions(&momo));
    format!(
        "# Who is asked to review what; it mirrors the rights `miniapp check` enforces.\n\
         # The gate is what blocks a merge: these lines route review requests. The last\n\
         # matching line wins, so the general lines come first.\n\
         \n\
         # Everything outside partners/ steers the registry: admins.\n\
         *                                   {admins}\n\
         \n\
         # Each partner's folder: its maintainers, as listed in its partner.yaml. Add a line\n\
         # per partner, such as:\n\
         # /partners/cafe-sang/              @pham-gia-bao\n\
         \n\
         # MoMo's decisions inside partners' folders: reviewers (and admins).\n\
         /partners/*/verification.yaml       {momo}\n\
         /partners/**/cooperation.yaml       {momo}\n\
         /partners/**/reviews/               {momo}\n\
         /defects.yaml                       {momo}\n\
         \n\
         # The registry's own configuration: admins only.\n\
         /registry.yaml                      {admins}\n\
         /schemas/                           {admins}\n\
         /.github/                           {admins}\n"
    )
}

fn readme(setup: &RegistrySetup) -> String {
    format!(
        "# {name}\n\
         \n\
         A MoMo Mini App registry, run with `miniapp`. Changes arrive as pull requests into\n\
         `{branch}`; `miniapp check` gates them and a merge into `{branch}` is a release.\n\
         \n\
         - `registry.yaml` names the admins, the MoMo reviewers and the time limits.\n\
         - `defects.yaml` is the review checklist, with English and Vietnamese titles.\n\
         - `partners/<partner>/` holds a partner and its mini apps; start one with\n\
         \x20 `miniapp new partner`, then `miniapp new app` and `miniapp new rollout`.\n\
         - `schemas/` holds the JSON Schemas the files' `$schema` headers point to.\n\
         - `.github/` holds the workflows (gate, comments, promotion) and CODEOWNERS; make\n\
         \x20 the `check` job the required status check of `{branch}`.\n\
         \n\
         Run `miniapp validate` before pushing.\n",
        name = setup.name,
        branch = setup.production_branch,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflows_follow_the_production_branch() {
        let cases = [
            ("on:\n  push:\n    branches: [main]\n", "main", "branches: [main]"),
            ("branches: [main]", "release/prod", "branches: [release/prod]"),
            ("branches: [main]", "2025", "branches: [\"2025\"]"),
            ("into `main`. Make", "prod", "into `prod`. Make"),
            ("remains the same", "prod", "remains the same"),
        ];
        for (text, branch, expected) in cases {
            assert!(on_branch(text, branch).contains(expected), "{text} on {branch}");
        }
    }
}
