//! Tests the loader end to end: typing, spans and pointers, every finding, and robustness.

use std::time::Instant;

use serde_json::json;

use super::*;

fn load_str(text: &str) -> Loaded {
    load("apps/demo/app.yaml", text.as_bytes(), &Limits::default())
}

fn at(line: u32, column: u32) -> Option<Location> {
    Some(Location { line, column })
}

/// Returns the code, line and column of each finding.
fn findings(loaded: &Loaded) -> Vec<(&'static str, u32, u32)> {
    loaded
        .diagnostics
        .iter()
        .map(|d| {
            let location = d.location.unwrap_or(Location { line: 0, column: 0 });
            (d.code, location.line, location.column)
        })
        .collect()
}

fn value_of(text: &str) -> Value {
    let loaded = load_str(text);
    assert_eq!(findings(&loaded), [], "{text:?}");
    loaded.document.expect("a clean load gives a document").value().clone()
}

#[test]
fn scalars_follow_the_core_schema() {
    let text = "a: no\nb: on\nc: 0744\nd: 1.10\ne: ~\nf: \"1\"\ng: 0x1f\nh: yes\ni: True\n\
                j: 'null'\nk: |\n  x\nl:\nm: 0o17\nn: -3\n";
    let expected = json!({
        "a": "no", "b": "on", "c": 744, "d": 1.1, "e": null, "f": "1", "g": 31, "h": "yes",
        "i": true, "j": "null", "k": "x\n", "l": null, "m": 15, "n": -3,
    });
    assert_eq!(value_of(text), expected);
}

#[test]
fn scalars_keep_raw_text_and_style() {
    let loaded = load_str("version: 1.10\nname: 'x'\nnote: \"y\"\nbody: >\n  z\n");
    let document = loaded.document.expect("valid yaml");
    let cases = [
        ("/version", "1.10", ScalarStyle::Plain),
        ("/name", "x", ScalarStyle::SingleQuoted),
        ("/note", "y", ScalarStyle::DoubleQuoted),
        ("/body", "z\n", ScalarStyle::Folded),
    ];
    for (pointer, raw, style) in cases {
        let scalar = document.node(pointer).and_then(|node| node.scalar.clone());
        assert_eq!(scalar, Some(Scalar { raw: raw.to_owned(), style }), "{pointer}");
    }
    assert_eq!(document.value()["version"], json!(1.1));
}

#[test]
fn tags_are_honoured() {
    let text = "a: !!str 12\nb: !!int \"7\"\nc: !!float 1\nd: ! true\ne: !!bool false\n";
    assert_eq!(value_of(text), json!({"a": "12", "b": 7, "c": 1.0, "d": "true", "e": false}));
}

#[test]
fn non_string_keys_become_their_text() {
    let text = "1: a\ntrue: b\n~: c\n1.5: d\n0x10: e\n";
    assert_eq!(value_of(text), json!({"1": "a", "true": "b", "~": "c", "1.5": "d", "0x10": "e"}));
}

#[test]
fn pointers_locate_values_and_keys() {
    let text = "name: demo\nlist:\n  - a\n  - key: v\n\"x/y\": 1\n\"t~\": {q: [1, 2]}\n";
    let loaded = load_str(text);
    let document = loaded.document.expect("valid yaml");
    let cases = [
        ("", at(1, 1), at(1, 1)),
        ("/name", at(1, 7), at(1, 1)),
        ("/list", at(3, 3), at(2, 1)),
        ("/list/0", at(3, 5), at(3, 5)),
        ("/list/1/key", at(4, 10), at(4, 5)),
        ("/x~1y", at(5, 8), at(5, 1)),
        ("/t~0/q/1", at(6, 15), at(6, 15)),
        // Missing pointers fall back to the nearest ancestor.
        ("/list/7", at(3, 3), at(3, 3)),
        ("/list/01", at(3, 3), at(3, 3)),
        ("/missing/deep", at(1, 1), at(1, 1)),
        ("/name/extra", at(1, 7), at(1, 7)),
    ];
    for (pointer, value, key) in cases {
        assert_eq!(document.locate(pointer), value, "locate {pointer:?}");
        assert_eq!(document.locate_key(pointer), key, "locate_key {pointer:?}");
    }
    assert!(document.node("/list/7").is_none());
    assert!(document.node("/list/1").is_some_and(|node| node.key.is_none()));
}

#[test]
fn spans_carry_byte_offsets_into_the_text() {
    let loaded = load_str("é: \"ü x\"\nlist: [a, bb]\nmap: {k: v}\n");
    let document = loaded.document.expect("valid yaml");
    let slice = |pointer: &str| {
        let span = document.node(pointer).expect("node exists").value;
        &document.text()[span.start_offset..span.end_offset]
    };
    assert_eq!(slice("/é"), "\"ü x\"");
    assert_eq!(slice("/list"), "[a, bb]");
    assert_eq!(slice("/list/1"), "bb");
    assert_eq!(slice("/map"), "{k: v}");
    assert_eq!(document.locate("/é"), at(1, 4));
    let key = document.node("/é").and_then(|node| node.key).expect("entry has a key");
    assert_eq!(&document.text()[key.start_offset..key.end_offset], "é");
}

#[test]
fn bom_is_stripped_without_shifting_columns() {
    let loaded = load("a.yaml", "\u{FEFF}a: 1\nb: 2\n".as_bytes(), &Limits::default());
    let document = loaded.document.expect("valid yaml");
    assert_eq!(document.text(), "a: 1\nb: 2\n");
    assert_eq!(document.locate("/a"), at(1, 4));
    assert_eq!(document.locate_key("/a"), at(1, 1));
    assert_eq!(document.locate("/b"), at(2, 4));
}

#[test]
fn crlf_counts_each_line_once() {
    let loaded = load_str("a: 1\r\nb:\r\n  c: 2\r\n");
    let document = loaded.document.expect("valid yaml");
    assert_eq!(document.value(), &json!({"a": 1, "b": {"c": 2}}));
    assert_eq!(document.locate("/b/c"), at(3, 6));
    let loaded = load_str("a: 1\r\na: 2\r\n");
    assert_eq!(findings(&loaded), [("yaml-duplicate-key", 2, 1)]);
}

#[test]
fn findings_name_code_line_and_column() {
    let cases: &[(&str, &str, u32, u32)] = &[
        ("a: *x\n", "yaml-undefined-alias", 1, 4),
        ("a: &x [*x]\n", "yaml-undefined-alias", 1, 8),
        ("a:\n\tb: 1\n", "yaml-tab-indent", 2, 1),
        ("a:\n  b: 1\n\tc: 2\n", "yaml-tab-indent", 3, 1),
        ("a:\n\t- b\n", "yaml-tab-indent", 2, 1),
        ("a: 1\n---\nb: 2\n", "yaml-multiple-documents", 2, 1),
        ("", "yaml-empty", 1, 1),
        ("# only a comment\n\n", "yaml-empty", 1, 1),
        ("---\n", "yaml-empty", 1, 1),
        ("a: [b, c\n", "yaml-syntax", 1, 4),
        ("a:\n - b\n  c: d\n", "yaml-syntax", 3, 4),
        ("a: \"\\q\"\n", "yaml-syntax", 1, 4),
        ("a: 99999999999999999999\n", "yaml-number-out-of-range", 1, 4),
        ("a: -9223372036854775809\n", "yaml-number-out-of-range", 1, 4),
        ("a: .inf\n", "yaml-number-out-of-range", 1, 4),
        ("a: 1e999\n", "yaml-number-out-of-range", 1, 4),
        ("a: !foo x\n", "yaml-unknown-tag", 1, 4),
        ("a: !!binary aGk=\n", "yaml-unknown-tag", 1, 4),
        ("a: !!int x\n", "yaml-tag-mismatch", 1, 4),
        ("a: !!seq {b: 1}\n", "yaml-tag-mismatch", 1, 4),
        ("[a]: 1\n", "yaml-complex-key", 1, 1),
        ("? {a: 1}\n: 1\nb: 2\n", "yaml-complex-key", 1, 3),
        ("a:\n  <<: 1\n", "yaml-bad-merge", 2, 7),
        ("a:\n  <<: [{x: 1}, 2]\n", "yaml-bad-merge", 2, 16),
        ("a: 1\na: 2\n", "yaml-duplicate-key", 2, 1),
        ("1: a\n'1': b\n", "yaml-duplicate-key", 2, 1),
        ("m: {x: 1, y: 2, x: 3}\n", "yaml-duplicate-key", 1, 17),
    ];
    for (text, code, line, column) in cases {
        let loaded = load_str(text);
        assert_eq!(findings(&loaded), [(*code, *line, *column)], "{text:?}");
        for finding in &loaded.diagnostics {
            assert_eq!(finding.path, "apps/demo/app.yaml");
            assert_eq!(finding.severity, crate::diagnostic::Severity::Error);
            assert!(CODES.iter().any(|info| info.code == finding.code), "{}", finding.code);
            let prose: String = finding.message.split('`').step_by(2).collect();
            assert_eq!(prose, prose.to_lowercase(), "{}", finding.message);
        }
    }
}

#[test]
fn duplicate_keys_name_both_lines() {
    let loaded = load_str("app:\n  name: a\n  id: 1\n  name: b\n");
    let [finding] = loaded.diagnostics.as_slice() else { panic!("{:?}", loaded.diagnostics) };
    assert_eq!(finding.code, "yaml-duplicate-key");
    assert_eq!(finding.location, at(4, 3));
    assert!(finding.message.contains("line 2"), "{}", finding.message);
    assert_eq!(finding.pointer.as_deref(), Some("/app/name"));
    assert_eq!(finding.related.len(), 1);
    assert_eq!(finding.related[0].location, at(2, 3));
    // The first entry stays, so later layers still see a document.
    let document = loaded.document.expect("duplicates are not fatal");
    assert_eq!(document.value(), &json!({"app": {"name": "a", "id": 1}}));
}

#[test]
fn merge_keys_let_explicit_and_earlier_keys_win() {
    let text = "base: &base {a: 1, b: 2}\nother: &other {b: 3, c: 4}\nm:\n  a: 0\n  \
                <<: [*base, *other]\n  d: 5\nn:\n  <<: *base\n  a: 9\ni:\n  <<: {x: 1}\n  y: 2\n";
    let loaded = load_str(text);
    assert_eq!(findings(&loaded), []);
    let document = loaded.document.expect("valid yaml");
    assert_eq!(document.value()["m"], json!({"a": 0, "b": 2, "c": 4, "d": 5}));
    assert_eq!(document.value()["n"], json!({"a": 9, "b": 2}));
    assert_eq!(document.value()["i"], json!({"x": 1, "y": 2}));
    let keys: Vec<&String> = document.value()["m"].as_object().expect("a mapping").keys().collect();
    assert_eq!(keys, ["a", "b", "c", "d"]);
    // A merged entry points where it is written: inside the anchored mapping.
    assert_eq!(document.locate("/m/b"), at(1, 23));
    assert_eq!(document.locate_key("/m/b"), at(1, 20));
    assert_eq!(document.locate_key("/m/c"), at(2, 22));
    assert!(document.node("/m/<<").is_none());
}

#[test]
fn odd_keys_have_their_own_pointers() {
    let loaded = load_str("\"\": empty\n\"~\": tilde\n&k key: 1\n*k : 2\n");
    let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["yaml-duplicate-key"]);
    let document = loaded.document.expect("duplicates are not fatal");
    assert_eq!(document.value(), &json!({"": "empty", "~": "tilde", "key": 1}));
    assert_eq!(document.locate("/"), at(1, 5));
    assert_eq!(document.locate("/~0"), at(2, 6));
    assert_eq!(loaded.diagnostics[0].location, at(4, 1));
}

#[test]
fn aliases_point_at_the_alias() {
    let loaded = load_str("a: &x [1, 2]\nb: *x\n");
    let document = loaded.document.expect("valid yaml");
    assert_eq!(document.value(), &json!({"a": [1, 2], "b": [1, 2]}));
    assert_eq!(document.locate("/b"), at(2, 4));
    assert_eq!(document.locate("/b/1"), at(1, 11));
}

#[test]
fn invalid_utf8_names_the_first_bad_byte() {
    let loaded = load("a.yaml", b"a: 1\nb: \xc3\xa9\xff\n", &Limits::default());
    assert!(loaded.document.is_none());
    assert_eq!(findings(&loaded), [("yaml-invalid-utf8", 2, 5)]);
    assert!(loaded.diagnostics[0].message.contains("0xFF"));
    let loaded = load("a.yaml", b"\xEF\xBB\xBF\xff", &Limits::default());
    assert_eq!(findings(&loaded), [("yaml-invalid-utf8", 1, 1)]);
}

#[test]
fn files_over_the_size_limit_are_refused_before_parsing() {
    let limits = Limits { max_bytes: 8, ..Limits::default() };
    let loaded = load("a.yaml", b"a: [unclosed", &limits);
    assert_eq!(findings(&loaded), [("yaml-too-large", 1, 1)]);
    let loaded = load("a.yaml", b"a: 1234", &limits);
    assert_eq!(findings(&loaded), []);
}

#[test]
fn deep_nesting_is_refused_without_overflow() {
    // saphyr itself refuses flow nesting past 255 levels, before giving any event.
    let flow = "[".repeat(100_000);
    assert_eq!(findings(&load_str(&flow)), [("yaml-too-deep", 1, 256)]);
    let flow = "[".repeat(100);
    assert_eq!(findings(&load_str(&flow)), [("yaml-too-deep", 1, 65)]);
    let block = "- ".repeat(100_000);
    assert_eq!(findings(&load_str(&block)), [("yaml-too-deep", 1, 129)]);
    let limits = Limits { max_depth: 2, ..Limits::default() };
    let loaded = load("a.yaml", b"a: &x [[1]]\n", &limits);
    assert_eq!(findings(&loaded), [("yaml-too-deep", 1, 8)]);
    let loaded = load("a.yaml", b"a: &x [1]\nb: [*x]\n", &limits);
    assert_eq!(findings(&loaded), [("yaml-too-deep", 2, 5)]);
}

#[test]
fn billion_laughs_is_refused_early() {
    let mut text = String::from("l0: &l0 lol\n");
    for level in 1..=9 {
        let aliases = vec![format!("*l{}", level - 1); 10].join(", ");
        text.push_str(&format!("l{level}: &l{level} [{aliases}]\n"));
    }
    let started = Instant::now();
    let loaded = load_str(&text);
    eprintln!("billion laughs refused in {:?}", started.elapsed());
    assert!(loaded.document.is_none());
    // Level 5 expands to 111 111 nodes, past the 100 000 budget: nothing after it is read.
    let found: Vec<(&str, u32)> = findings(&loaded).into_iter().map(|(c, l, _)| (c, l)).collect();
    assert_eq!(found, [("yaml-too-many-nodes", 6)]);
}

#[test]
fn long_strings_behind_aliases_are_refused() {
    let text = format!("a: &a \"{}\"\nb: [{}]\n", "x".repeat(100_000), vec!["*a"; 30].join(", "));
    let loaded = load_str(&text);
    let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["yaml-too-many-nodes"]);
    assert!(loaded.diagnostics[0].message.contains("bytes of text"));
}

#[test]
fn codes_are_unique_and_prefixed() {
    let mut seen = std::collections::HashSet::new();
    for info in CODES {
        assert!(info.code.starts_with("yaml-"), "{}", info.code);
        assert!(seen.insert(info.code), "{} listed twice", info.code);
    }
}

/// Generates inputs from a fixed seed, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 =
            self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, bound: usize) -> usize {
        usize::try_from(self.next()).unwrap_or(0) % bound.max(1)
    }
}

#[test]
fn arbitrary_input_never_panics() {
    const PIECES: &[&str] = &[
        "a",
        "b",
        ":",
        ": ",
        "-",
        "- ",
        " ",
        "  ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        "#",
        "&x",
        "*x",
        "&y ",
        "*y",
        "!",
        "!!str",
        "!!int ",
        "!foo ",
        "<<",
        "<<: ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "?",
        "? ",
        "'",
        "\"",
        "\\",
        "|",
        ">",
        "|-",
        ">+",
        "---",
        "...",
        "%YAML 1.2",
        "%TAG ! !x",
        "~",
        "1.10",
        "0x",
        "1e999",
        ".inf",
        "é",
        "\u{FEFF}",
        "\u{0}",
        "\u{85}",
        "\u{2028}",
        "@",
        "`",
        "999999999999999999999",
    ];
    const SEED_DOCUMENT: &str = "base: &b {x: 1, y: [a, 'q']}\napp:\n  <<: *b\n  name: \"démo\"\n  \
                                 list:\n    - |\n      text\n    - k: v\n";
    let mut random = Lcg(0x5eed);
    let limits = Limits { max_nodes: 2_000, ..Limits::default() };
    for round in 0..4_000 {
        let mut bytes = Vec::new();
        if round % 2 == 0 {
            // Mutate a realistic document: cut it somewhere and splice in a piece.
            let chars: Vec<char> = SEED_DOCUMENT.chars().collect();
            let cut = random.below(chars.len());
            let resume = (cut + random.below(8)).min(chars.len());
            let piece = PIECES[random.below(PIECES.len())];
            let text: String = chars[..cut]
                .iter()
                .chain(piece.chars().collect::<Vec<_>>().iter())
                .chain(chars[resume..].iter())
                .collect();
            bytes.extend_from_slice(text.as_bytes());
        }
        for _ in 0..random.below(60) {
            if random.below(10) == 0 {
                bytes.push(u8::try_from(random.below(256)).unwrap_or(0));
            } else {
                bytes.extend_from_slice(PIECES[random.below(PIECES.len())].as_bytes());
            }
        }
        let loaded = load("fuzz.yaml", &bytes, &limits);
        assert!(
            loaded.document.is_some() || !loaded.diagnostics.is_empty(),
            "round {round}: no document and no finding for {:?}",
            String::from_utf8_lossy(&bytes)
        );
        for finding in &loaded.diagnostics {
            assert!(finding.location.is_some(), "round {round}: {finding:?}");
        }
    }
}
