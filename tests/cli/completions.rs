//! `miniapp completions SHELL` and `miniapp man`, through the binary.

use crate::support;

const SUBCOMMANDS: [&str; 6] = ["validate", "schema", "init", "check", "completions", "man"];

#[test]
fn completions_print_a_script_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = support::miniapp().args(["completions", shell]).output().expect("runs");
        assert!(output.status.success(), "{shell}: {output:?}");
        let script = String::from_utf8(output.stdout).expect("UTF-8");
        assert!(!script.is_empty(), "{shell}");
        for name in SUBCOMMANDS {
            assert!(script.contains(name), "{shell}: `{name}` is missing");
        }
    }
}

#[test]
fn completions_refuse_an_unknown_shell() {
    let output = support::miniapp().args(["completions", "tcsh"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
}

#[test]
fn man_prints_a_roff_page_naming_every_subcommand() {
    let output = support::miniapp().arg("man").output().expect("runs");
    assert!(output.status.success(), "{output:?}");
    let page = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(page.contains(".TH miniapp 1"));
    for name in SUBCOMMANDS {
        assert!(page.contains(&format!("miniapp {name}")), "`{name}` is missing");
    }
}

#[test]
fn man_out_writes_a_page_per_command_into_a_folder() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let out = dir.path().join("man1");
    let output = support::miniapp().arg("man").arg("--out").arg(&out).output().expect("runs");
    assert!(output.status.success(), "{output:?}");
    assert!(output.stdout.is_empty(), "pages go to files, not stdout");
    for name in SUBCOMMANDS {
        let page = std::fs::read_to_string(out.join(format!("miniapp-{name}.1")))
            .unwrap_or_else(|error| panic!("miniapp-{name}.1: {error}"));
        assert!(page.contains(&format!(".TH miniapp-{name} 1")), "{name}");
    }
    let top = std::fs::read_to_string(out.join("miniapp.1")).expect("miniapp.1");
    assert!(top.contains("miniapp\\-validate(1)"), "the top page points to the others");
}
