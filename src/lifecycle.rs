//! Lifecycle states computed from history.

use crate::diagnostic::CodeInfo;

/// Codes the lifecycle reports.
pub const CODES: &[CodeInfo] = &[];
