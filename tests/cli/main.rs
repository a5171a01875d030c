//! Integration tests of the `miniapp` binary and library, compiled as one test binary.

mod check;
mod fuzz;
mod generate;
mod history;
mod status;
mod support;
mod validate;
