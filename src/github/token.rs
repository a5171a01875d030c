//! The GitHub token as a redacted type: it prints as `***` in every `Debug` and log
//! line, and only the client builder reads its value.

use std::fmt;

/// Holds a GitHub token; `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a token, or returns `None` for an empty one.
    pub fn new(value: impl Into<String>) -> Option<Self> {
        let value = value.into();
        let value = value.trim().to_owned();
        (!value.is_empty()).then_some(Self(value))
    }

    /// Reads `GITHUB_TOKEN`, when it is set and not empty.
    pub fn from_environment() -> Option<Self> {
        std::env::var("GITHUB_TOKEN").ok().and_then(Self::new)
    }

    /// Returns the secret itself, for the client's `Authorization` header only.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(***)")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_the_secret() {
        let token = Token::new("ghp_secret123").expect("a token");
        assert_eq!(format!("{token:?}"), "Token(***)");
        assert_eq!(format!("{token}"), "***");
        assert_eq!(token.expose(), "ghp_secret123");
        assert!(Token::new("  ").is_none());
    }
}
