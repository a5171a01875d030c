//! GitHub Actions event payloads (`GITHUB_EVENT_PATH`): the few fields the commands
//! take defaults from. Flags always win over what an event says.

use std::path::Path;

use serde::Deserialize;

/// Holds what miniapp reads of an event payload.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Event {
    /// The pull request's number.
    pub pull_request: Option<u64>,
    /// The base commit of a `pull_request` event.
    pub base_sha: Option<String>,
    /// The head commit (`pull_request.head.sha` or `workflow_run.head_sha`).
    pub head_sha: Option<String>,
    /// The pull request's author.
    pub author: Option<String>,
    /// `owner/name` of the repository the head commit lives in.
    pub head_repository: Option<String>,
}

/// Reports a failure to read an event payload.
#[derive(Debug, thiserror::Error)]
pub enum EventError {
    /// The file could not be read.
    #[error("failed to read the event payload `{path}`")]
    Read {
        /// The payload's path.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is not an event payload.
    #[error("failed to parse the event payload `{path}`")]
    Parse {
        /// The payload's path.
        path: String,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
}

#[derive(Deserialize)]
struct Payload {
    number: Option<u64>,
    pull_request: Option<PullRequest>,
    workflow_run: Option<WorkflowRun>,
}

#[derive(Deserialize)]
struct PullRequest {
    number: u64,
    base: GitRef,
    head: GitRef,
    user: Option<User>,
}

#[derive(Deserialize)]
struct GitRef {
    sha: String,
    repo: Option<Repository>,
}

#[derive(Deserialize)]
struct User {
    login: String,
}

#[derive(Deserialize)]
struct Repository {
    full_name: String,
}

#[derive(Deserialize)]
struct WorkflowRun {
    head_sha: String,
    head_repository: Option<Repository>,
    #[serde(default)]
    pull_requests: Vec<RunPullRequest>,
}

#[derive(Deserialize)]
struct RunPullRequest {
    number: u64,
}

impl Event {
    /// Reads the payload at `path`.
    pub fn read(path: &Path) -> Result<Self, EventError> {
        let display = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|source| EventError::Read { path: display.clone(), source })?;
        Self::parse(&text).map_err(|source| EventError::Parse { path: display, source })
    }

    /// Parses a payload's JSON text.
    pub fn parse(text: &str) -> Result<Self, serde_json::Error> {
        let payload: Payload = serde_json::from_str(text)?;
        if let Some(pull_request) = payload.pull_request {
            return Ok(Self {
                pull_request: Some(pull_request.number),
                base_sha: Some(pull_request.base.sha),
                head_sha: Some(pull_request.head.sha),
                author: pull_request.user.map(|user| user.login),
                head_repository: pull_request.head.repo.map(|repo| repo.full_name),
            });
        }
        if let Some(run) = payload.workflow_run {
            // For a fork's pull request GitHub leaves `pull_requests` empty: the caller must
            // find the pull request from `head_sha` and the head repository.
            return Ok(Self {
                pull_request: run.pull_requests.first().map(|pull| pull.number),
                base_sha: None,
                head_sha: Some(run.head_sha),
                author: None,
                head_repository: run.head_repository.map(|repo| repo.full_name),
            });
        }
        Ok(Self { pull_request: payload.number, ..Self::default() })
    }

    /// Reads the payload named by `GITHUB_EVENT_PATH`, if the variable is set.
    pub fn from_environment() -> Result<Option<Self>, EventError> {
        match std::env::var_os("GITHUB_EVENT_PATH") {
            Some(path) if !path.is_empty() => Self::read(Path::new(&path)).map(Some),
            _ => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// The recorded payloads live in `../shared/github-events`, which CI has and a user's
    /// clone does not: the test says so and skips there.
    fn shared_events() -> Option<PathBuf> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/github-events");
        if dir.is_dir() {
            Some(dir)
        } else {
            eprintln!("skipped: `{}` is absent (it exists in CI)", dir.display());
            None
        }
    }

    #[test]
    fn reads_recorded_pull_request_events() {
        let Some(dir) = shared_events() else { return };
        let opened = Event::read(&dir.join("pull_request.opened.payload.json")).expect("payload");
        assert_eq!(opened.pull_request, Some(2));
        assert_eq!(opened.base_sha.as_deref(), Some("f95f852bd8fca8fcc58a9a2d6c842781e32a215e"));
        assert_eq!(opened.head_sha.as_deref(), Some("ec26c3e57ca3a959ca5aad62de7213c562f8c821"));
        assert_eq!(opened.author.as_deref(), Some("Codertocat"));
        let null_body =
            Event::read(&dir.join("pull_request.opened.with-null-body.json")).expect("payload");
        assert_eq!(null_body.pull_request, Some(2));
        let sync =
            Event::read(&dir.join("pull_request.synchronize.payload.json")).expect("payload");
        assert!(sync.head_sha.is_some() && sync.base_sha.is_some());
    }

    #[test]
    fn reads_recorded_workflow_run_events() {
        let Some(dir) = shared_events() else { return };
        let fork = Event::read(&dir.join("workflow_run.completed.payload.json")).expect("payload");
        assert_eq!(fork.pull_request, None, "forks leave pull_requests empty");
        assert_eq!(fork.head_sha.as_deref(), Some("3484a3fb816e0859fd6e1cea078d76385ff50625"));
        assert_eq!(fork.head_repository.as_deref(), Some("octo-org/octo-repo"));
        let with_prs =
            Event::read(&dir.join("workflow_run.completed.with-pull-requests.payload.json"))
                .expect("payload");
        assert!(with_prs.pull_request.is_some());
    }

    #[test]
    fn other_payloads_give_nothing() {
        assert_eq!(Event::parse("{}").expect("json"), Event::default());
        assert!(Event::parse("[1]").is_err());
    }
}
