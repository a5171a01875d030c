//! Integration tests of the `miniapp` binary and library, compiled as one test binary.

mod completions;
mod fuzz;
mod support;
mod validate;
mod workflows;
