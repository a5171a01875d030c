//! Integration tests of the `miniapp` binary and library, compiled as one test binary.

mod comment;
mod fuzz;
mod support;
mod validate;
