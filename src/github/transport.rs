//! Sending one REST request through octocrab with our own fault handling: rate limits
//! waited out within a bound, 5xx and transport faults retried with backoff, and the
//! status mapped to a typed error. Domain calls live in `requests`.

use std::time::Duration;

use octocrab::Octocrab;
use serde_json::Value;

use crate::github::GitHubError;

/// Names an HTTP method the client sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
}

/// Bounds how long and how often a request is tried.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Most time spent waiting out rate limits over the whole run.
    pub wait_budget: Duration,
    /// Retries of a 5xx answer or a transport fault.
    pub retries: u32,
    /// First backoff; each retry doubles it.
    pub backoff: Duration,
    /// Read timeout of one request.
    pub timeout: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            wait_budget: Duration::from_secs(60),
            retries: 3,
            backoff: Duration::from_millis(500),
            timeout: Duration::from_secs(30),
        }
    }
}

impl Policy {
    /// Reads `MINIAPP_GITHUB_WAIT_SECONDS`, `MINIAPP_GITHUB_BACKOFF_MS` and
    /// `MINIAPP_GITHUB_TIMEOUT_MS` over the defaults.
    pub fn from_environment() -> Self {
        let mut policy = Self::default();
        let number = |name: &str| std::env::var(name).ok().and_then(|v| v.trim().parse().ok());
        if let Some(seconds) = number("MINIAPP_GITHUB_WAIT_SECONDS") {
            policy.wait_budget = Duration::from_secs(seconds);
        }
        if let Some(millis) = number("MINIAPP_GITHUB_BACKOFF_MS") {
            policy.backoff = Duration::from_millis(millis);
        }
        if let Some(millis) = number("MINIAPP_GITHUB_TIMEOUT_MS") {
            policy.timeout = Duration::from_millis(millis.max(1));
        }
        policy
    }
}

/// Holds a successful answer: its status, JSON body and the next page's path.
#[derive(Debug, Clone)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The JSON body, `null` when empty.
    pub body: Value,
    /// Path and query of the `Link: rel="next"` page.
    pub next: Option<String>,
}

struct Raw {
    status: u16,
    retry_after: Option<u64>,
    remaining: Option<u64>,
    reset: Option<u64>,
    next: Option<String>,
    text: String,
}

/// Sends a request, retrying and waiting as the policy allows; `waited` accumulates
/// the time spent on rate limits across calls.
pub async fn send(
    client: &Octocrab,
    policy: &Policy,
    waited: &mut Duration,
    method: Method,
    path: &str,
    body: Option<&Value>,
) -> Result<Answer, GitHubError> {
    let mut failures = 0;
    loop {
        let raw = match attempt(client, method, path, body).await {
            Ok(raw) => raw,
            Err(source) if failures < policy.retries => {
                tracing::debug!(%path, error = %source, "transport fault, retrying");
                backoff(policy, &mut failures).await;
                continue;
            }
            Err(source) => return Err(GitHubError::Transport { path: path.to_owned(), source }),
        };
        if let Some(wait) = rate_limit_wait(&raw) {
            if *waited + wait > policy.wait_budget {
                return Err(GitHubError::RateLimited {
                    path: path.to_owned(),
                    waited: waited.as_secs(),
                });
            }
            tracing::warn!(%path, seconds = wait.as_secs(), "rate limited, waiting");
            tokio::time::sleep(wait).await;
            *waited += wait;
            continue;
        }
        if raw.status >= 500 && failures < policy.retries {
            tracing::debug!(%path, status = raw.status, "server error, retrying");
            backoff(policy, &mut failures).await;
            continue;
        }
        return answer(method, path, raw);
    }
}

async fn backoff(policy: &Policy, failures: &mut u32) {
    let factor = 2u32.saturating_pow(*failures);
    tokio::time::sleep(policy.backoff.saturating_mul(factor)).await;
    *failures += 1;
}

async fn attempt(
    client: &Octocrab,
    method: Method,
    path: &str,
    body: Option<&Value>,
) -> Result<Raw, octocrab::Error> {
    let uri = path.to_owned();
    let response = match method {
        Method::Get => client._get(uri).await?,
        Method::Post => client._post(uri, body).await?,
        Method::Patch => client._patch(uri, body).await?,
        Method::Delete => client._delete(uri, body).await?,
    };
    let header = |name: &str| {
        response.headers().get(name).and_then(|value| value.to_str().ok()).map(str::to_owned)
    };
    let number = |name: &str| header(name).and_then(|value| value.trim().parse::<u64>().ok());
    let status = response.status().as_u16();
    let retry_after = number("retry-after");
    let remaining = number("x-ratelimit-remaining");
    let reset = number("x-ratelimit-reset");
    let next = header("link").and_then(|link| next_page(&link));
    let text = client.body_to_string(response).await?;
    Ok(Raw { status, retry_after, remaining, reset, next, text })
}

/// Says how long a primary or secondary rate limit asks to wait, if the answer is one.
fn rate_limit_wait(raw: &Raw) -> Option<Duration> {
    if raw.status != 403 && raw.status != 429 {
        return None;
    }
    if let Some(seconds) = raw.retry_after {
        return Some(Duration::from_secs(seconds.max(1)));
    }
    if raw.remaining == Some(0) {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|since| since.as_secs())
            .unwrap_or_default();
        let reset = raw.reset.unwrap_or(now + 60);
        return Some(Duration::from_secs(reset.saturating_sub(now).max(1)));
    }
    // GitHub answers a secondary limit without headers on 429 too: wait a minute.
    (raw.status == 429).then(|| Duration::from_secs(60))
}

fn answer(method: Method, path: &str, raw: Raw) -> Result<Answer, GitHubError> {
    let body: Value = if raw.text.trim().is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&raw.text).unwrap_or(Value::String(raw.text.clone()))
    };
    let message = body.get("message").and_then(Value::as_str).unwrap_or_default().to_owned();
    let path = path.to_owned();
    match raw.status {
        200..=299 => Ok(Answer { status: raw.status, body, next: raw.next }),
        403 => Err(GitHubError::Forbidden { method, path, message }),
        422 => Err(GitHubError::Unprocessable { method, path, message }),
        status => Err(GitHubError::Status { method, path, status, message }),
    }
}

/// Returns the path and query of a `Link` header's `rel="next"` target. Only the path is
/// kept so a page is always fetched from the configured API base, never another host.
pub fn next_page(link: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        if !params.split(';').any(|param| param.trim() == "rel=\"next\"") {
            return None;
        }
        let url = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
        let start = without_scheme.find('/')?;
        Some(without_scheme[start..].to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_only_the_next_link_and_keeps_its_path() {
        let cases = [
            (
                "<https://api.github.com/repositories/1000/issues?per_page=3&page=2>; \
                 rel=\"next\", <https://api.github.com/repositories/1000/issues?page=5>; \
                 rel=\"last\"",
                Some("/repositories/1000/issues?per_page=3&page=2"),
            ),
            ("<http://evil.example/x?page=1>; rel=\"prev\"", None),
            ("<http://127.0.0.1:9/a/b?page=3>; rel=\"next\"", Some("/a/b?page=3")),
            ("garbage", None),
        ];
        for (link, expected) in cases {
            assert_eq!(next_page(link).as_deref(), expected, "{link}");
        }
    }

    #[test]
    fn reads_rate_limit_waits() {
        let raw = |status, retry_after, remaining| Raw {
            status,
            retry_after,
            remaining,
            reset: None,
            next: None,
            text: String::new(),
        };
        assert_eq!(rate_limit_wait(&raw(403, Some(1), None)), Some(Duration::from_secs(1)));
        assert_eq!(rate_limit_wait(&raw(429, Some(0), None)), Some(Duration::from_secs(1)));
        assert!(rate_limit_wait(&raw(403, None, Some(0))).is_some());
        assert_eq!(rate_limit_wait(&raw(403, None, Some(10))), None, "a plain 403");
        assert_eq!(rate_limit_wait(&raw(502, Some(1), None)), None);
    }
}
