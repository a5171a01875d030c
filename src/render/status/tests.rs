//! Tests of the status and history formats, most of them over a hostile item whose branch,
//! authors, file and findings try to inject markup, mentions and terminal escapes.

use super::*;

#[test]
fn ages_show_two_units() {
    let cases = [
        (Duration::minutes(-5), "0m"),
        (Duration::minutes(12), "12m"),
        (Duration::minutes(5 * 60 + 2), "5h 2m"),
        (Duration::hours(3 * 24 + 4) + Duration::minutes(59), "3d 4h"),
    ];
    for (elapsed, expected) in cases {
        assert_eq!(age(elapsed), expected, "{elapsed:?}");
    }
}

#[test]
fn times_show_in_the_registry_offset() {
    let time = time::macros::datetime!(2024-03-01 03:00 UTC);
    let offset = UtcOffset::from_hms(7, 0, 0).expect("valid offset");
    assert_eq!(display_time(time, offset), "2024-03-01 10:00 +07:00");
    assert_eq!(rfc3339(time, offset), "2024-03-01T10:00:00+07:00");
}

use git2::Oid;
use time::macros::datetime;

use crate::cli::{HistoryFormat, StatusFormat};
use crate::diagnostic::Diagnostic;
use crate::history::Person;
use crate::lifecycle::{ItemId, State, Transition};
use crate::render::text::is_hazard;

const BRANCH: &str = "p/a`@everyone`<b>bold</b><!--hidden-->";
const MENTION_AUTHOR: &str = "@everyone **x** | y";
const ESCAPE_AUTHOR: &str = "E\u{1b}[2J\u{1b}]0;pwned\u{7}\u{202e}X";
const FORGED_FILE: &str = "partners/nl\nerror[fake]: pwned";

fn transition(state: State, commit: &str, author: &str, file: &str) -> Transition {
    Transition {
        state,
        provenance: Provenance {
            commit: Oid::from_str(commit).expect("a commit id"),
            time: datetime!(2024-03-01 03:00 UTC),
            author: Person { name: author.to_owned(), email: "x@example.com".to_owned() }.into(),
            file: file.into(),
        },
    }
}

fn hostile_item() -> Item {
    let id = ItemId::Rollout("acme".to_owned(), "shop".to_owned(), "1.0.0".to_owned());
    Item {
        id,
        timeline: vec![
            transition(
                State::Submitted,
                "1111111111111111111111111111111111111111",
                MENTION_AUTHOR,
                FORGED_FILE,
            ),
            transition(
                State::ChangesRequested,
                "2222222222222222222222222222222222222222",
                ESCAPE_AUTHOR,
                "a|b.yaml",
            ),
        ],
        revisions: 1,
        branch: Some(BRANCH.to_owned()),
        overdue: true,
        findings: vec![Diagnostic::error(
            "history-x",
            FORGED_FILE,
            "value `a\nerror[fake]: pwned` \u{1b}]0;t\u{7} @everyone <!--",
        )],
    }
}

fn report() -> Report {
    Report {
        items: vec![hostile_item()],
        settings: crate::model::Registry::default(),
        offset: UtcOffset::from_hms(7, 0, 0).expect("valid offset"),
        production: "main".to_owned(),
        now: datetime!(2024-03-10 00:00 UTC),
    }
}

fn status(format: StatusFormat) -> String {
    let report = report();
    let items: Vec<&Item> = report.items.iter().collect();
    let mut out = Vec::new();
    write_status(format, &report, &items, &mut out).expect("writing to a vector succeeds");
    String::from_utf8(out).expect("UTF-8")
}

fn history(format: HistoryFormat) -> String {
    let report = report();
    let items: Vec<&Item> = report.items.iter().collect();
    let mut out = Vec::new();
    write_history(format, &report, &items, &mut out).expect("writing to a vector succeeds");
    String::from_utf8(out).expect("UTF-8")
}

/// Asserts that text holds no hazard but its own line breaks and forges no finding line.
fn assert_terminal_safe(text: &str) {
    assert!(!text.chars().any(|c| is_hazard(c) && c != '\n'), "{text:?}");
    assert!(!text.lines().any(|line| line.starts_with("error[fake]")), "{text}");
}

#[test]
fn status_markdown_branch_cannot_inject_mentions_or_html() {
    let markdown = status(StatusFormat::Markdown);
    let lines: Vec<&str> = markdown.lines().collect();

    assert_eq!(
        lines[2],
        "| rollout | `acme/shop/rollouts/1.0.0` | changes-requested | 2024-03-01 10:00 +07:00 \
         | 8d 21h | **overdue** | ``p/a`@everyone`<b>bold</b><!--hidden-->`` |"
    );
    assert_eq!(
        lines[6],
        "- `history-x` `partners/nl\u{fffd}error[fake]: pwned`: value \\`a<br>error\\[fake\\]: \
         pwned\\` \u{fffd}\\]0;t\u{fffd} @\u{200d}everyone &lt;!--"
    );
    assert_eq!(lines.len(), 7, "{markdown}");
}

#[test]
fn history_markdown_author_is_escaped_and_heading_is_well_formed() {
    let markdown = history(HistoryFormat::Markdown);
    let lines: Vec<&str> = markdown.lines().collect();

    assert_eq!(
        lines[0],
        "### `acme/shop/rollouts/1.0.0` on branch ``p/a`@everyone`<b>bold</b><!--hidden-->``"
    );
    assert_eq!(
        lines[4],
        "| 2024-03-01 10:00 +07:00 | `1111111` | submitted | @\u{200d}everyone \\*\\*x\\*\\* \\| y \
         | `partners/nl\u{fffd}error[fake]: pwned` |"
    );
    assert_eq!(
        lines[5],
        "| 2024-03-01 10:00 +07:00 | `2222222` | changes-requested \
         | E\u{fffd}\\[2J\u{fffd}\\]0;pwned\u{fffd}\u{fffd}X | `a\\|b.yaml` |"
    );
    assert_eq!(lines.len(), 6, "{markdown}");
}

#[test]
fn status_table_replaces_terminal_escapes_and_line_breaks() {
    let table = status(StatusFormat::Table);

    assert_terminal_safe(&table);
    assert_eq!(table.lines().count(), 4, "header, row, blank, finding: {table}");
    assert!(table.contains("p/a`@everyone`<b>bold</b><!--hidden-->"), "{table}");
    assert!(table.contains("error[history-x]: partners/nl\u{fffd}error[fake]: pwned: value"));
}

#[test]
fn history_table_replaces_terminal_escapes_in_author_names() {
    let table = history(HistoryFormat::Table);

    assert_terminal_safe(&table);
    assert_eq!(table.lines().count(), 3, "heading and two transitions: {table}");
    assert!(table.contains("E\u{fffd}[2J\u{fffd}]0;pwned\u{fffd}\u{fffd}X <x@example.com>"));
}

#[test]
fn status_table_aligns_wide_values_by_display_width() {
    let mut report = report();
    report.items[0].branch = Some("nhánh/名前".to_owned());
    let mut other = hostile_item();
    other.branch = None;
    other.id = ItemId::Partner("an-bình".to_owned());
    report.items.push(other);
    let items: Vec<&Item> = report.items.iter().collect();
    let mut out = Vec::new();
    table::status(&report, &items, &mut out).expect("writing to a vector succeeds");
    let table = String::from_utf8(out).expect("UTF-8");

    let lines: Vec<&str> = table.lines().collect();
    let column = |line: &str, field: &str| {
        let start = line.find(field).expect("field in line");
        crate::render::text::width(&line[..start])
    };
    assert_eq!(column(lines[1], "changes-requested"), column(lines[0], "STATE"), "{table}");
    assert_eq!(column(lines[2], "changes-requested"), column(lines[0], "STATE"), "{table}");
}

#[test]
fn mermaid_labels_cannot_break_the_diagram() {
    let mut item = hostile_item();
    item.branch = Some("x\" --> y\n%% z ``` [*]".to_owned());
    let mut report = report();
    report.items = vec![item];
    let items: Vec<&Item> = report.items.iter().collect();

    let mut out = Vec::new();
    write_status(StatusFormat::Mermaid, &report, &items, &mut out).expect("writing succeeds");
    let text = String::from_utf8(out).expect("UTF-8");
    let labels: Vec<&str> =
        text.lines().filter(|line| line.contains("acme/shop/rollouts")).collect();
    assert_eq!(labels.len(), 1, "{text}");
    let label = labels[0].split_once(" : ").map(|(_, label)| label).unwrap_or_default();
    assert_eq!(label, "acme/shop/rollouts/1.0.0 on x_ --_ y___ z ___ ___ overdue");

    let mut out = Vec::new();
    write_history(HistoryFormat::Mermaid, &report, &items, &mut out).expect("writing succeeds");
    let text = String::from_utf8(out).expect("UTF-8");
    assert!(
        text.lines().skip(1).all(|line| line.starts_with("    i0_") || line.starts_with("    [*]"))
    );
}

#[test]
fn status_html_and_json_carry_no_markup_or_bidi() {
    let html = status(StatusFormat::Html);
    assert!(!html.contains("<b>") && !html.contains("<!--hidden"), "{html}");
    assert!(!html.chars().any(|c| is_hazard(c) && c != '\n'), "{html}");

    let json = history(HistoryFormat::Json);
    assert!(!json.chars().any(|c| is_hazard(c) && c != '\n'), "{json}");
    let entries: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(entries[1]["author"]["name"], ESCAPE_AUTHOR, "JSON keeps the exact value");
}

/// Builds the status JSON the way it was built before it was streamed: one `Value` per item.
fn status_value(report: &Report, item: &Item) -> serde_json::Value {
    let current = item.current();
    serde_json::json!({
        "kind": item.id.kind().as_str(),
        "id": item.id.to_string(),
        "state": current.state.as_str(),
        "since": rfc3339(current.provenance.time, report.offset),
        "age_seconds": (report.now - current.provenance.time).whole_seconds().max(0),
        "overdue": item.overdue,
        "branch": item.branch,
        "commit": current.provenance.commit.to_string(),
        "revisions": item.revisions,
        "provenance": provenance_value(report.offset, &current.provenance),
        "findings": item.findings,
    })
}

/// Builds one history entry the way it was built before it was streamed.
fn history_value(report: &Report, item: &Item, transition: &Transition) -> serde_json::Value {
    let mut object = serde_json::Map::new();
    object.insert("state".to_owned(), serde_json::json!(transition.state.as_str()));
    if let serde_json::Value::Object(fields) =
        provenance_value(report.offset, &transition.provenance)
    {
        object.extend(fields);
    }
    let mut entry = serde_json::Value::Object(object);
    entry["id"] = serde_json::json!(item.id.to_string());
    entry["kind"] = serde_json::json!(item.id.kind().as_str());
    entry["branch"] = serde_json::json!(item.branch);
    entry
}

fn provenance_value(offset: UtcOffset, provenance: &Provenance) -> serde_json::Value {
    serde_json::json!({
        "commit": provenance.commit.to_string(),
        "time": rfc3339(provenance.time, offset),
        "author": { "name": provenance.author.name, "email": provenance.author.email },
        "file": &*provenance.file,
    })
}

#[test]
fn streamed_json_is_byte_identical_to_the_value_built_json() {
    let mut report = report();
    let mut other = hostile_item();
    other.id = ItemId::Partner("an\u{202e}bình\u{9b}".to_owned());
    other.branch = None;
    other.overdue = false;
    other.findings.clear();
    other.timeline[1].provenance.time = datetime!(2024-04-01 00:00 UTC);
    report.items.push(other);
    let items: Vec<&Item> = report.items.iter().collect();
    let rendered = |value: serde_json::Value| {
        let mut out = Vec::new();
        crate::render::json::write_pretty(&value, &mut out).expect("writing succeeds");
        String::from_utf8(out).expect("UTF-8")
    };

    let status_values = items.iter().map(|item| status_value(&report, item)).collect();
    let mut streamed = Vec::new();
    write_status(StatusFormat::Json, &report, &items, &mut streamed).expect("writing succeeds");
    let streamed = String::from_utf8(streamed).expect("UTF-8");
    assert_eq!(streamed, rendered(serde_json::Value::Array(status_values)));
    assert!(streamed.contains(r#""id": "an\u202ebình\u009b","#), "{streamed}");
    assert!(streamed.contains(r#""age_seconds": 0,"#), "{streamed}");
    assert!(streamed.contains(r#""branch": "p/a`@everyone`<b>bold</b><!--hidden-->","#));

    let history_values = items
        .iter()
        .flat_map(|item| item.timeline.iter().map(|step| history_value(&report, item, step)))
        .collect();
    let mut streamed = Vec::new();
    write_history(HistoryFormat::Json, &report, &items, &mut streamed).expect("writing succeeds");
    let streamed = String::from_utf8(streamed).expect("UTF-8");
    assert_eq!(streamed, rendered(serde_json::Value::Array(history_values)));
    assert!(streamed.contains(r#""name": "E\u001b[2J\u001b]0;pwned\u0007\u202eX","#));
}

#[test]
fn streamed_json_of_no_items_is_an_empty_array() {
    let report = report();
    let mut out = Vec::new();
    write_status(StatusFormat::Json, &report, &[], &mut out).expect("writing succeeds");
    assert_eq!(out, b"[]\n");

    let mut out = Vec::new();
    write_history(HistoryFormat::Json, &report, &[], &mut out).expect("writing succeeds");
    assert_eq!(out, b"[]\n");
}
