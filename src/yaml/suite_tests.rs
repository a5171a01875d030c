//! Runs the loader over the public YAML test suite and reports where it agrees, sorting
//! each disagreement into a deliberate narrowing or a defect.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{Limits, Loaded, load};

/// Finds the suite: `MINIAPP_YAML_TEST_SUITE`, else `../shared` next to the package (or next
/// to the worktree folder holding it).
fn suite_root() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("MINIAPP_YAML_TEST_SUITE") {
        return Some(PathBuf::from(path));
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../shared/yaml-test-suite", "../../shared/yaml-test-suite"]
        .iter()
        .map(|relative| manifest.join(relative))
        .find(|path| path.is_dir())
}

/// Lists case folders: those holding `in.yaml`, one level of numbered sub-cases included.
fn cases(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders: Vec<PathBuf> = read_dirs(root);
    folders.sort();
    for folder in folders {
        if folder.join("in.yaml").is_file() {
            found.push(folder);
            continue;
        }
        let mut subcases: Vec<PathBuf> =
            read_dirs(&folder).into_iter().filter(|sub| sub.join("in.yaml").is_file()).collect();
        subcases.sort();
        found.extend(subcases);
    }
    found
}

fn read_dirs(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(folder) else { return Vec::new() };
    entries.filter_map(Result::ok).map(|entry| entry.path()).filter(|path| path.is_dir()).collect()
}

/// Says how a case's result compares with what the suite expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Verdict {
    /// Exactly what the suite expects.
    Agrees,
    /// Refused on purpose: a rule the registry deliberately narrows (one document per file,
    /// no empty documents, no custom tags, no numbers JSON cannot hold).
    Narrowed,
    /// A defect, or a saphyr limitation.
    Disagrees,
}

/// Codes the loader reports on purpose for valid YAML it narrows.
const NARROWING_CODES: &[&str] = &[
    "yaml-multiple-documents",
    "yaml-empty",
    "yaml-unknown-tag",
    "yaml-number-out-of-range",
    "yaml-complex-key",
    "yaml-duplicate-key",
];

/// Compares values, numbers by value: the suite writes the float `450.00` as `450`.
fn same(loaded: Option<&Value>, expected: &Value) -> bool {
    fn equal(a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Number(a), Value::Number(b)) => a == b || a.as_f64() == b.as_f64(),
            (Value::Array(a), Value::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(a, b)| equal(a, b))
            }
            (Value::Object(a), Value::Object(b)) => {
                a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| equal(v, w)))
            }
            _ => a == b,
        }
    }
    loaded.is_some_and(|loaded| equal(loaded, expected))
}

/// Sorts one case's result into a named outcome and a verdict.
fn classify(case: &Path, loaded: &Loaded) -> (&'static str, Verdict) {
    let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code).collect();
    let refused = !codes.is_empty();
    let narrowed = refused && codes.iter().all(|code| NARROWING_CODES.contains(code));
    if case.join("error").is_file() {
        return if refused {
            ("error case refused", Verdict::Agrees)
        } else {
            ("error case accepted", Verdict::Disagrees)
        };
    }
    let Ok(json) = fs::read_to_string(case.join("in.json")) else {
        return match (refused, narrowed) {
            (false, _) => ("valid, no json form, loaded", Verdict::Agrees),
            (true, true) => ("valid, no json form, narrowed", Verdict::Narrowed),
            (true, false) => ("valid, no json form, refused", Verdict::Disagrees),
        };
    };
    let expected: Vec<Value> =
        serde_json::Deserializer::from_str(&json).into_iter().filter_map(Result::ok).collect();
    let value = loaded.document.as_ref().map(|document| document.value());
    match expected.as_slice() {
        [] if codes == ["yaml-empty"] => ("empty stream refused as empty", Verdict::Agrees),
        [] => ("empty stream not refused as empty", Verdict::Disagrees),
        [_, _, ..] if codes.contains(&"yaml-multiple-documents") => {
            ("several documents refused (one per file)", Verdict::Narrowed)
        }
        [_, _, ..] => ("several documents not refused", Verdict::Disagrees),
        [expected] if !refused && same(value, expected) => ("json equal", Verdict::Agrees),
        [Value::Null] if codes == ["yaml-empty"] => {
            ("null document refused as empty", Verdict::Narrowed)
        }
        [expected] if narrowed && (same(value, expected) || value.is_none()) => {
            ("valid, narrowed", Verdict::Narrowed)
        }
        [_] if !refused => ("json differs", Verdict::Disagrees),
        [_] => ("valid, refused", Verdict::Disagrees),
    }
}

#[test]
fn yaml_test_suite_agreement() {
    let Some(root) = suite_root() else {
        eprintln!("yaml-test-suite not found next to the package; skipping");
        return;
    };
    let mut outcomes: BTreeMap<(Verdict, &str), Vec<String>> = BTreeMap::new();
    let all = cases(&root);
    for case in &all {
        let Ok(bytes) = fs::read(case.join("in.yaml")) else { continue };
        let loaded = load("in.yaml", &bytes, &Limits::default());
        let outcome = classify(case, &loaded);
        let name = case.strip_prefix(&root).unwrap_or(case).display().to_string();
        let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code).collect();
        outcomes.entry((outcome.1, outcome.0)).or_default().push(format!("{name} {codes:?}"));
    }

    let count = |verdict: Verdict| -> usize {
        outcomes.iter().filter(|((v, _), _)| *v == verdict).map(|(_, names)| names.len()).sum()
    };
    let (agrees, narrowed, disagrees) =
        (count(Verdict::Agrees), count(Verdict::Narrowed), count(Verdict::Disagrees));
    eprintln!(
        "yaml-test-suite: {} cases: {agrees} agree, {narrowed} narrowed on purpose, \
         {disagrees} disagree",
        all.len()
    );
    for ((verdict, outcome), names) in &outcomes {
        eprintln!("  {verdict:?} / {outcome}: {}", names.len());
        if *verdict != Verdict::Agrees {
            for name in names {
                eprintln!("    {name}");
            }
        }
    }
    assert!(all.len() >= 400, "found only {} cases under {}", all.len(), root.display());
    assert!(agrees >= MEASURED_AGREES, "agreement fell to {agrees} (was {MEASURED_AGREES})");
    assert_eq!(disagrees, MEASURED_DISAGREES, "disagreements changed; see the list above");
}

/// Figures measured when this test was written; update them when the loader improves.
const MEASURED_AGREES: usize = 348;
const MEASURED_DISAGREES: usize = 0;
