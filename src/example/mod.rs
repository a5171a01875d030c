//! The bundled example registry and `miniapp init --example`: its files are embedded
//! at compile time and committed into a new repository as a realistic story of
//! pull requests, reviews and merges. Lifecycle states are left to `lifecycle`.

mod builder;
mod drafts;
pub mod files;
pub mod steps;
pub mod story;

use std::path::{Path, PathBuf};

use git2::{Oid, Repository, RepositoryInitOptions};

pub use builder::{BuildError, is_missing_or_empty};

/// The story's "now" (RFC 3339): with it, `status` shows every lifecycle state.
pub const STORY_NOW: &str = "2025-06-20T10:00:00+07:00";

/// Reports a failure to create the example repository.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The target exists and holds files.
    #[error("`{}` exists and is not empty", path.display())]
    NotEmpty {
        /// The target folder.
        path: PathBuf,
    },
    /// The target could not be inspected or created.
    #[error("failed to create `{}`", path.display())]
    CreateDir {
        /// The target folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The repository could not be initialised.
    #[error("failed to initialise a git repository in `{}`", path.display())]
    InitRepository {
        /// The target folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: git2::Error,
    },
    /// Playing the story failed.
    #[error("failed to commit the example story")]
    Story(#[from] BuildError),
}

/// Describes the repository `init` created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// Every branch and its tip, `main` included, by name.
    pub branches: Vec<(String, Oid)>,
}

impl Created {
    /// Returns the tip of a branch.
    pub fn tip(&self, name: &str) -> Option<Oid> {
        self.branches.iter().find(|(branch, _)| branch == name).map(|(_, tip)| *tip)
    }
}

/// Creates `dir` as a git repository holding the example registry's story, with `main`
/// checked out; refuses a `dir` that exists and is not empty.
pub fn init(dir: &Path) -> Result<Created, InitError> {
    let create_error = |source| InitError::CreateDir { path: dir.to_path_buf(), source };
    if !builder::is_missing_or_empty(dir).map_err(create_error)? {
        return Err(InitError::NotEmpty { path: dir.to_path_buf() });
    }
    std::fs::create_dir_all(dir).map_err(create_error)?;

    let mut options = RepositoryInitOptions::new();
    options.initial_head(story::MAIN);
    let repo = Repository::init_opts(dir, &options)
        .map_err(|source| InitError::InitRepository { path: dir.to_path_buf(), source })?;
    let branches = builder::play(&repo, steps::STEPS)?;
    builder::publish(&repo, &branches)?;
    Ok(Created { branches: branches.into_iter().collect() })
}

#[cfg(test)]
mod tests;
