//! Snapshot tests of every format over one fixed report: Vietnamese text, tabs, CRLF,
//! a line past the end, findings without a place, and related places.

use std::collections::BTreeMap;

use crate::cli::DiagnosticFormat;
use crate::diagnostic::{CodeInfo, Diagnostic, Location, Related, Severity};
use crate::render::{Report, sarif, write_report};

fn at(line: u32, column: u32) -> Option<Location> {
    Some(Location { line, column })
}

fn diagnostics() -> Vec<Diagnostic> {
    let first_use = Related {
        path: "partners/acme/apps/shop/app.yaml".to_owned(),
        location: at(3, 5),
        message: "first used here".to_owned(),
    };
    let owner = Related {
        path: "partners/other/partner.yaml".to_owned(),
        location: None,
        message: "owned by another partner".to_owned(),
    };
    vec![
        Diagnostic::error(
            "registry-unknown-file",
            "notes.txt",
            "`notes.txt` has no place in the registry layout",
        )
        .with_help("see docs/registry-format.md for where each file goes"),
        Diagnostic::error(
            "schema-pattern",
            "partners/acme/partner.yaml",
            "mã số thuế `0312 45` không hợp lệ: phải có 10 hoặc 13 chữ số",
        )
        .at(at(3, 13))
        .with_pointer("/taxCode")
        .with_help("viết liền, không có khoảng trắng: `031245xxxx`"),
        Diagnostic::warning(
            "rule-display-name-length",
            "partners/acme/apps/pay/app.yaml",
            "display name `Ví Thanh toán 🎉 名前` is longer than 16 characters",
        )
        .at(at(2, 31)),
        Diagnostic::error(
            "rule-duplicate-app-id",
            "partners/acme/apps/pay/app.yaml",
            "app id `pay` is used twice",
        )
        .at(at(4, 6))
        .with_related(first_use)
        .with_related(owner),
        Diagnostic::error(
            "yaml-syntax",
            "partners/acme/apps/shop/app.yaml",
            "unexpected end of the document",
        )
        .at(at(40, 1)),
        Diagnostic::new(
            "registry-no-defects",
            Severity::Note,
            "",
            "no `defects.yaml` in the registry",
        )
        .with_pointer("/defects"),
    ]
}

fn sources() -> BTreeMap<String, String> {
    [
        (
            "partners/acme/partner.yaml",
            "id: acme\nname: Công ty Cổ phần Acme Việt Nam\ntaxCode: \"0312 45\"\n",
        ),
        (
            "partners/acme/apps/pay/app.yaml",
            // CRLF line breaks, a tab before `id`, and wide characters on line 2.
            "id: pay\r\ndisplayName: \"Ví Thanh toán 🎉 名前\"\r\nversion: 1.0.0\r\n\tid: pay\r\n",
        ),
        ("partners/acme/apps/shop/app.yaml", "id: shop\nname: Shop\nid: pay\n"),
    ]
    .into_iter()
    .map(|(path, text)| (path.to_owned(), text.to_owned()))
    .collect()
}

fn render(format: DiagnosticFormat, color: bool) -> String {
    let diagnostics = diagnostics();
    let sources = sources();
    let report = Report { diagnostics: &diagnostics, sources: &sources, path_prefix: "registry/" };
    let mut out = Vec::new();
    write_report(format, &report, color, &mut out).expect("writing to a vector succeeds");
    String::from_utf8(out).expect("every format writes UTF-8")
}

fn empty(format: DiagnosticFormat) -> String {
    let sources = BTreeMap::new();
    let report = Report { diagnostics: &[], sources: &sources, path_prefix: "" };
    let mut out = Vec::new();
    write_report(format, &report, false, &mut out).expect("writing to a vector succeeds");
    String::from_utf8(out).expect("every format writes UTF-8")
}

#[test]
fn renders_human() {
    insta::assert_snapshot!("human", render(DiagnosticFormat::Human, false));
}

#[test]
fn colors_human_only_on_top_of_the_monochrome_text() {
    let colored = render(DiagnosticFormat::Human, true);
    let monochrome = render(DiagnosticFormat::Human, false);

    assert!(colored.contains("\u{1b}[1;31merror[schema-pattern]\u{1b}[0m"));
    assert!(!monochrome.contains('\u{1b}'));
    assert_eq!(strip_ansi(&colored), monochrome);
}

fn strip_ansi(text: &str) -> String {
    let mut plain = String::new();
    let mut in_escape = false;
    for character in text.chars() {
        match (in_escape, character) {
            (false, '\u{1b}') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, _) => plain.push(character),
        }
    }
    plain
}

#[test]
fn renders_json() {
    let json = render(DiagnosticFormat::Json, false);
    let document: serde_json::Value = serde_json::from_str(&json).expect("the output is JSON");

    assert_eq!(document["summary"], serde_json::json!({"errors": 4, "warnings": 1, "notes": 1}));
    assert_eq!(document["diagnostics"][0]["column"], serde_json::Value::Null);
    insta::assert_snapshot!("json", json);
}

#[test]
fn renders_github() {
    insta::assert_snapshot!("github", render(DiagnosticFormat::Github, false));
}

#[test]
fn renders_sarif() {
    let diagnostics = diagnostics();
    let sources = sources();
    let report = Report { diagnostics: &diagnostics, sources: &sources, path_prefix: "registry/" };
    // A fixed code table, so the snapshot does not move when other codes are documented.
    let known = [
        CodeInfo {
            code: "schema-pattern",
            severity: Severity::Error,
            summary: "a string does not match its pattern",
        },
        CodeInfo {
            code: "yaml-syntax",
            severity: Severity::Error,
            summary: "a file is not well-formed YAML",
        },
    ];

    let log = sarif::log(&report, &known);
    let text = serde_json::to_string_pretty(&log)
        .expect("a JSON value serializes")
        .replace(env!("CARGO_PKG_VERSION"), "[version]");

    assert_eq!(log["runs"][0]["tool"]["driver"]["rules"].as_array().map(Vec::len), Some(6));
    assert_eq!(log["runs"][0]["results"].as_array().map(Vec::len), Some(6));
    insta::assert_snapshot!("sarif", text);
}

#[test]
fn renders_markdown() {
    insta::assert_snapshot!("markdown", render(DiagnosticFormat::Markdown, false));
}

#[test]
fn renders_an_empty_report() {
    let cases = [
        (DiagnosticFormat::Human, ""),
        (DiagnosticFormat::Github, ""),
        (DiagnosticFormat::Markdown, "No findings.\n"),
        (
            DiagnosticFormat::Json,
            "{\n  \"version\": 1,\n  \"diagnostics\": [],\n  \"summary\": {\n    \"errors\": 0,\n    \
             \"warnings\": 0,\n    \"notes\": 0\n  }\n}\n",
        ),
    ];
    for (format, expected) in cases {
        assert_eq!(empty(format), expected, "{format:?}");
    }
    let sarif: serde_json::Value =
        serde_json::from_str(&empty(DiagnosticFormat::Sarif)).expect("the output is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));
}

/// Returns the fenced blocks of a Markdown text, in order, with their info strings.
fn fenced_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in markdown.lines() {
        match (current.take(), line.strip_prefix("```")) {
            (None, Some(info)) => current = Some((info.to_owned(), String::new())),
            (Some(block), Some(_)) => blocks.push(block),
            (Some((info, mut body)), None) => {
                body.push_str(line);
                body.push('\n');
                current = Some((info, body));
            }
            (None, None) => {}
        }
    }
    blocks
}

#[test]
fn docs_examples_match_the_output() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/output-formats.md");
    let markdown = std::fs::read_to_string(path).expect("docs/output-formats.md is readable");
    let blocks = fenced_blocks(&markdown);
    let all = diagnostics();
    let sources = sources();
    let mut duplicate = all[3].clone();
    duplicate.related.truncate(1);
    let human_example = [all[1].clone(), duplicate.clone()];
    let other_examples = [all[0].clone(), duplicate];

    let expected = [
        ("text", DiagnosticFormat::Human, &human_example),
        ("json", DiagnosticFormat::Json, &other_examples),
        ("text", DiagnosticFormat::Github, &other_examples),
        ("markdown", DiagnosticFormat::Markdown, &other_examples),
    ];
    assert_eq!(blocks.len(), expected.len(), "fenced blocks in docs/output-formats.md");
    for ((info, body), (language, format, diagnostics)) in blocks.iter().zip(expected) {
        let report = Report { diagnostics, sources: &sources, path_prefix: "registry/" };
        let mut out = Vec::new();
        write_report(format, &report, false, &mut out).expect("writing to a vector succeeds");
        assert_eq!(info, language, "language of the {format:?} example");
        assert_eq!(body, &String::from_utf8_lossy(&out), "the {format:?} example");
    }
}

#[test]
fn human_findings_cannot_forge_lines_or_send_escapes() {
    let path = "partners/nl\nerror[fake]: pwned";
    let diagnostics = [
        Diagnostic::error(
            "registry-unknown-file",
            path,
            "`partners/nl\nerror[fake]: pwned` is odd",
        )
        .with_help("rename\n\u{1b}[2Jit"),
        Diagnostic::error("schema-pattern", "a.yaml", "value `x\r\nerror[fake]: pwned` \u{9b}2J")
            .at(at(1, 4))
            .with_related(Related {
                path: path.to_owned(),
                location: None,
                message: "see\u{202e}\nerror[fake]: pwned".to_owned(),
            }),
    ];
    let sources: BTreeMap<String, String> =
        [("a.yaml".to_owned(), "id: \"x\u{1b}]0;pwned\u{7}\"\n".to_owned())].into();
    let report = Report { diagnostics: &diagnostics, sources: &sources, path_prefix: "" };
    let mut out = Vec::new();
    write_report(DiagnosticFormat::Human, &report, false, &mut out).expect("writing succeeds");
    let text = String::from_utf8(out).expect("UTF-8");

    assert!(!text.lines().any(|line| line.starts_with("error[fake]")), "{text}");
    assert!(!text.chars().any(|c| crate::render::text::is_hazard(c) && c != '\n'), "{text:?}");
    assert_eq!(text.lines().count(), 3 + 1 + 7, "{text}");
    assert!(text.contains(" --> partners/nl\u{fffd}error[fake]: pwned\n"), "{text}");
}

#[test]
fn human_snippet_of_a_huge_value_stays_short() {
    let value = "Giá trị rất dài 名前 ".repeat(40_000);
    let source = format!("name: \"{value}\"\n");
    let diagnostics =
        [Diagnostic::error("schema-pattern", "a.yaml", "too long").at(at(1, 400_000))];
    let sources: BTreeMap<String, String> = [("a.yaml".to_owned(), source)].into();
    let report = Report { diagnostics: &diagnostics, sources: &sources, path_prefix: "" };
    let mut out = Vec::new();
    write_report(DiagnosticFormat::Human, &report, false, &mut out).expect("writing succeeds");
    let text = String::from_utf8(out).expect("UTF-8");

    assert!(text.len() < 1_000, "{} bytes", text.len());
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[3].starts_with("1 | …") && lines[3].ends_with('…'), "{text}");
}
