//! The domain calls on one pull request: comments, reviews, labels and reviewer
//! requests, each a thin layer over `GitHub::send` and `GitHub::list`.

use serde_json::{Value, json};

use crate::github::{GitHub, GitHubError, Method};

/// Holds an existing comment: its id and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredComment {
    /// The comment id.
    pub id: u64,
    /// Its Markdown body.
    pub body: String,
}

/// Describes one inline comment to post on the right side of the diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineComment {
    /// File path.
    pub path: String,
    /// Line in the head version.
    pub line: u32,
    /// Markdown body.
    pub body: String,
}

/// Holds what the client reads of a pull request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullRequest {
    /// Its number.
    pub number: u64,
    /// Author login.
    pub author: Option<String>,
    /// Base commit.
    pub base_sha: Option<String>,
    /// Head commit.
    pub head_sha: Option<String>,
}

/// Says what `upsert_summary` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryAction {
    /// Posted a new comment.
    Created,
    /// Edited the existing one.
    Updated,
    /// The existing one already said the same.
    Unchanged,
}

fn comments(values: Vec<Value>) -> Vec<StoredComment> {
    values
        .into_iter()
        .filter_map(|value| {
            let id = value.get("id")?.as_u64()?;
            let body = value.get("body").and_then(Value::as_str).unwrap_or_default().to_owned();
            Some(StoredComment { id, body })
        })
        .collect()
}

fn pull_request(value: &Value) -> Option<PullRequest> {
    let text = |pointer: &str| value.pointer(pointer).and_then(Value::as_str).map(str::to_owned);
    Some(PullRequest {
        number: value.get("number")?.as_u64()?,
        author: text("/user/login"),
        base_sha: text("/base/sha"),
        head_sha: text("/head/sha"),
    })
}

impl GitHub {
    /// Reads a pull request.
    pub async fn pull_request(&mut self, number: u64) -> Result<Option<PullRequest>, GitHubError> {
        let path = self.repo_path(&format!("/pulls/{number}"));
        Ok(pull_request(&self.send(Method::Get, &path, None).await?.body))
    }

    /// Finds the open pull request whose head is `sha` in `head_repository`: the trusted
    /// way to learn a `workflow_run`'s pull request.
    pub async fn pull_request_for_commit(
        &mut self,
        sha: &str,
        head_repository: Option<&str>,
    ) -> Result<Option<PullRequest>, GitHubError> {
        let path = self.repo_path(&format!("/commits/{sha}/pulls"));
        let pulls = self.list(&path).await?;
        Ok(pulls
            .iter()
            .filter(|pull| pull.pointer("/head/sha").and_then(Value::as_str) == Some(sha))
            .filter(|pull| {
                let repo = pull.pointer("/head/repo/full_name").and_then(Value::as_str);
                head_repository.is_none_or(|wanted| repo == Some(wanted))
            })
            .find_map(pull_request))
    }

    /// Lists every conversation comment of a pull request, all pages.
    pub async fn issue_comments(&mut self, pr: u64) -> Result<Vec<StoredComment>, GitHubError> {
        let path = self.repo_path(&format!("/issues/{pr}/comments"));
        Ok(comments(self.list(&path).await?))
    }

    /// Finds the newest comment carrying `marker`.
    pub async fn find_summary(
        &mut self,
        pr: u64,
        marker: &str,
    ) -> Result<Option<StoredComment>, GitHubError> {
        let found = self.issue_comments(pr).await?;
        Ok(found.into_iter().filter(|comment| comment.body.contains(marker)).max_by_key(|c| c.id))
    }

    /// Edits the summary in place when it carries `verdict_marker`, else posts a new one
    /// (the earlier summary stays as the record of the earlier verdict).
    pub async fn upsert_summary(
        &mut self,
        pr: u64,
        existing: Option<&StoredComment>,
        verdict_marker: &str,
        body: &str,
    ) -> Result<SummaryAction, GitHubError> {
        match existing {
            Some(comment) if comment.body == body => Ok(SummaryAction::Unchanged),
            Some(comment) if comment.body.contains(verdict_marker) => {
                let path = self.repo_path(&format!("/issues/comments/{}", comment.id));
                self.send(Method::Patch, &path, Some(json!({ "body": body }))).await?;
                Ok(SummaryAction::Updated)
            }
            _ => {
                let path = self.repo_path(&format!("/issues/{pr}/comments"));
                self.send(Method::Post, &path, Some(json!({ "body": body }))).await?;
                Ok(SummaryAction::Created)
            }
        }
    }

    /// Lists every inline review comment of a pull request, all pages.
    pub async fn review_comments(&mut self, pr: u64) -> Result<Vec<StoredComment>, GitHubError> {
        let path = self.repo_path(&format!("/pulls/{pr}/comments"));
        Ok(comments(self.list(&path).await?))
    }

    /// Edits an inline review comment.
    pub async fn update_review_comment(&mut self, id: u64, body: &str) -> Result<(), GitHubError> {
        let path = self.repo_path(&format!("/pulls/comments/{id}"));
        self.send(Method::Patch, &path, Some(json!({ "body": body }))).await.map(drop)
    }

    /// Posts one review (event `COMMENT`) carrying several inline comments.
    pub async fn post_review(
        &mut self,
        pr: u64,
        commit: &str,
        body: &str,
        inline: &[InlineComment],
    ) -> Result<(), GitHubError> {
        let comments: Vec<Value> = inline.iter().map(inline_json).collect();
        let path = self.repo_path(&format!("/pulls/{pr}/reviews"));
        let review = json!({ "commit_id": commit, "body": body, "event": "COMMENT",
            "comments": comments });
        self.send(Method::Post, &path, Some(review)).await.map(drop)
    }

    /// Posts one inline comment on its own, for when a review with several was rejected.
    pub async fn post_review_comment(
        &mut self,
        pr: u64,
        commit: &str,
        comment: &InlineComment,
    ) -> Result<(), GitHubError> {
        let mut body = inline_json(comment);
        body["commit_id"] = Value::String(commit.to_owned());
        let path = self.repo_path(&format!("/pulls/{pr}/comments"));
        self.send(Method::Post, &path, Some(body)).await.map(drop)
    }

    /// Sets `wanted` as the only label of `family`: adds it and removes the others.
    pub async fn set_state_label(
        &mut self,
        pr: u64,
        wanted: &str,
        family: &[&str],
    ) -> Result<(), GitHubError> {
        let path = self.repo_path(&format!("/issues/{pr}/labels"));
        let current: Vec<String> = self
            .list(&path)
            .await?
            .iter()
            .filter_map(|label| label.get("name").and_then(Value::as_str).map(str::to_owned))
            .collect();
        for name in current.iter().filter(|name| family.contains(&name.as_str())) {
            if name != wanted {
                let path = format!("{path}/{}", encode_segment(name));
                self.send(Method::Delete, &path, None).await?;
            }
        }
        if !current.iter().any(|name| name == wanted) {
            self.send(Method::Post, &path, Some(json!({ "labels": [wanted] }))).await?;
        }
        Ok(())
    }

    /// Lists the logins whose review is requested.
    pub async fn requested_reviewers(&mut self, pr: u64) -> Result<Vec<String>, GitHubError> {
        let path = self.repo_path(&format!("/pulls/{pr}/requested_reviewers"));
        let answer = self.send(Method::Get, &path, None).await?;
        let users = answer.body.get("users").and_then(Value::as_array).cloned().unwrap_or_default();
        Ok(users
            .iter()
            .filter_map(|user| user.get("login").and_then(Value::as_str).map(str::to_owned))
            .collect())
    }

    /// Requests reviews from `logins`.
    pub async fn request_reviewers(
        &mut self,
        pr: u64,
        logins: &[String],
    ) -> Result<(), GitHubError> {
        let path = self.repo_path(&format!("/pulls/{pr}/requested_reviewers"));
        self.send(Method::Post, &path, Some(json!({ "reviewers": logins }))).await.map(drop)
    }
}

fn inline_json(comment: &InlineComment) -> Value {
    json!({ "path": comment.path, "line": comment.line, "side": "RIGHT", "body": comment.body })
}

/// Percent-encodes a label name for a path segment.
fn encode_segment(text: &str) -> String {
    let mut encoded = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_label_names() {
        assert_eq!(encode_segment("miniapp: approved"), "miniapp%3A%20approved");
        assert_eq!(encode_segment("a-b_c"), "a-b_c");
    }
}
