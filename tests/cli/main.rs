//! Integration tests of the `miniapp` binary and library, compiled as one test binary.

mod check;
mod comment;
mod completions;
mod fuzz;
mod generate;
mod history;
mod init;
mod new;
mod promote;
mod review;
mod status;
mod support;
mod validate;
mod workflows;
