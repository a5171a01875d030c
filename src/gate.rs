//! The pull-request gate.

use crate::diagnostic::CodeInfo;

/// Codes the gate reports.
pub const CODES: &[CodeInfo] = &[];
