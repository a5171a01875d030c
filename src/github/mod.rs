//! Our GitHub client around octocrab: one repository, domain calls (find and upsert the
//! summary, post a review, set the state label, request reviewers), and a dry-run mode
//! that records writes instead of sending them. What to post is left to `comment`.

mod requests;
mod token;
mod transport;

use std::time::Duration;

use octocrab::Octocrab;
use serde_json::Value;

pub use self::requests::{InlineComment, PullRequest, StoredComment, SummaryAction};
pub use self::token::Token;
pub use self::transport::{Answer, Method, Policy, next_page};

/// The public API, used when `GITHUB_API_URL` is not set.
pub const PUBLIC_API: &str = "https://api.github.com";

/// Most pages read from one list, a guard against a `Link` loop.
const MAX_PAGES: usize = 100;

/// Reports a GitHub request that failed after retries and waits.
#[derive(Debug, thiserror::Error)]
pub enum GitHubError {
    /// The client could not be built.
    #[error("failed to build the GitHub client for `{base}`")]
    Build {
        /// The API base.
        base: String,
        /// The cause.
        #[source]
        source: octocrab::Error,
    },
    /// The request never got an answer.
    #[error("failed to reach GitHub for `{path}`")]
    Transport {
        /// The request path.
        path: String,
        /// The cause.
        #[source]
        source: octocrab::Error,
    },
    /// The token may not do this (a read-only token, as for a fork's pull request).
    #[error("GitHub refused `{method:?} {path}`: {message}")]
    Forbidden {
        /// The method.
        method: Method,
        /// The request path.
        path: String,
        /// GitHub's message.
        message: String,
    },
    /// GitHub rejected the request's content.
    #[error("GitHub rejected `{method:?} {path}`: {message}")]
    Unprocessable {
        /// The method.
        method: Method,
        /// The request path.
        path: String,
        /// GitHub's message.
        message: String,
    },
    /// The rate limit outlasted the wait budget.
    #[error("GitHub's rate limit outlasted the wait budget at `{path}` ({waited} s waited)")]
    RateLimited {
        /// The request path.
        path: String,
        /// Seconds already waited.
        waited: u64,
    },
    /// Any other failing status.
    #[error("GitHub answered {status} to `{method:?} {path}`: {message}")]
    Status {
        /// The method.
        method: Method,
        /// The request path.
        path: String,
        /// The status.
        status: u16,
        /// GitHub's message.
        message: String,
    },
}

/// Records one write a dry run would send.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PlannedRequest {
    /// The method.
    pub method: Method,
    /// Path below the API base.
    pub path: String,
    /// The JSON body.
    pub body: Option<Value>,
}

/// Talks to one repository's pull requests.
#[derive(Debug)]
pub struct GitHub {
    client: Option<Octocrab>,
    repository: String,
    policy: Policy,
    dry_run: bool,
    waited: Duration,
    planned: Vec<PlannedRequest>,
}

impl GitHub {
    /// Builds a client for `owner/name` at an API base; must run inside a tokio runtime.
    /// A dry run without a token sends nothing at all, reads included.
    pub fn new(
        base: &str,
        repository: &str,
        token: Option<&Token>,
        policy: Policy,
        dry_run: bool,
    ) -> Result<Self, GitHubError> {
        let client = match token {
            None if dry_run => None,
            _ => Some(build_client(base, token, &policy)?),
        };
        tracing::debug!(%base, %repository, dry_run, token = ?token, "GitHub client");
        Ok(Self {
            client,
            repository: repository.to_owned(),
            policy,
            dry_run,
            waited: Duration::ZERO,
            planned: Vec::new(),
        })
    }

    /// Says whether reads reach GitHub (false for a dry run without a token).
    pub fn reads(&self) -> bool {
        self.client.is_some()
    }

    /// Returns the writes a dry run recorded, in order.
    pub fn planned(&self) -> &[PlannedRequest] {
        &self.planned
    }

    /// Returns `/repos/{owner}/{name}` followed by `rest`.
    fn repo_path(&self, rest: &str) -> String {
        format!("/repos/{}{rest}", self.repository)
    }

    /// Sends one request; a dry run records writes and answers them with `null`.
    pub async fn send(
        &mut self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Answer, GitHubError> {
        let empty = Answer { status: 200, body: Value::Null, next: None };
        if self.dry_run && method != Method::Get {
            self.planned.push(PlannedRequest { method, path: path.to_owned(), body });
            return Ok(empty);
        }
        let Some(client) = &self.client else { return Ok(empty) };
        tracing::debug!(?method, %path, "GitHub request");
        transport::send(client, &self.policy, &mut self.waited, method, path, body.as_ref()).await
    }

    /// Reads every page of a list, following `Link: rel="next"`.
    pub async fn list(&mut self, path: &str) -> Result<Vec<Value>, GitHubError> {
        let separator = if path.contains('?') { '&' } else { '?' };
        let mut next = Some(format!("{path}{separator}per_page=100"));
        let mut items = Vec::new();
        for _ in 0..MAX_PAGES {
            let Some(page) = next.take() else { break };
            let answer = self.send(Method::Get, &page, None).await?;
            if let Value::Array(values) = answer.body {
                items.extend(values);
            }
            next = answer.next;
        }
        Ok(items)
    }
}

fn build_client(
    base: &str,
    token: Option<&Token>,
    policy: &Policy,
) -> Result<Octocrab, GitHubError> {
    let failed = |source| GitHubError::Build { base: base.to_owned(), source };
    // Our transport retries and waits itself, so octocrab's own retry layer is off.
    let mut builder = Octocrab::builder()
        .base_uri(base)
        .map_err(failed)?
        .add_retry_config(octocrab::service::middleware::retry::RetryConfig::None)
        .set_connect_timeout(Some(policy.timeout))
        .set_read_timeout(Some(policy.timeout));
    if let Some(token) = token {
        builder = builder.personal_token(token.expose().to_owned());
    }
    builder.build().map_err(failed)
}
