//! Builds a review document from a reviewer's verdict, defects and notes, refusing codes
//! the catalog does not allow and pointers the rollout does not hold. Who the reviewer is
//! and where the flags came from is left to `commands::review`.

use serde_json::{Map, Value, json};

use crate::model::{DefectCatalog, ReviewVerdict};

/// The free-text defect code; it always needs a note, whatever the catalog says.
const OTHER: &str = "OTHER";

/// Holds one `--defect` or `--note` in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// `CODE` or `CODE@POINTER`.
    Defect(String),
    /// A note, for the defect before it, else for the review.
    Note(String),
}

/// Holds what a review says, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Approved or changes requested.
    pub verdict: ReviewVerdict,
    /// Each defect: code, pointer, note.
    pub defects: Vec<(String, Option<String>, Option<String>)>,
    /// The review's own note.
    pub note: Option<String>,
}

/// Pairs defects and notes by position: a note after a defect belongs to it (one note
/// each), a note before every defect or with an approval belongs to the review.
pub fn pair(verdict: ReviewVerdict, marks: &[Mark]) -> Result<Verdict, Vec<String>> {
    let mut problems = Vec::new();
    let mut result = Verdict { verdict, defects: Vec::new(), note: None };
    for mark in marks {
        match mark {
            Mark::Defect(text) => {
                let (code, pointer) = match text.split_once('@') {
                    Some((code, pointer)) => (code, Some(pointer.to_owned())),
                    None => (text.as_str(), None),
                };
                result.defects.push((code.trim().to_owned(), pointer, None));
            }
            Mark::Note(note) => {
                let (owner, slot) = match result.defects.last_mut() {
                    Some((code, _, slot)) => (format!("`{code}`"), slot),
                    None => ("the review".to_owned(), &mut result.note),
                };
                if slot.is_some() {
                    problems.push(format!("{owner} has two notes: give one `--note` each"));
                    continue;
                }
                *slot = Some(note.clone());
            }
        }
    }
    if problems.is_empty() { Ok(result) } else { Err(problems) }
}

/// Checks a verdict against the defect catalog and the reviewed rollout's value.
pub fn check(verdict: &Verdict, catalog: &DefectCatalog, rollout: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    if verdict.verdict == ReviewVerdict::ChangesRequested && verdict.defects.is_empty() {
        problems.push("requesting changes needs at least one `--defect`".to_owned());
    }
    for (code, pointer, note) in &verdict.defects {
        match catalog.defects.get(code) {
            None => problems.push(format!("`{code}` is not a defect code of `defects.yaml`")),
            Some(defect) if defect.deprecated => {
                problems.push(format!("`{code}` is deprecated and is never cited again"));
            }
            Some(defect) if (defect.note_required || code == OTHER) && note.is_none() => {
                problems.push(format!("`{code}` needs a note: add `--note TEXT` right after it"));
            }
            Some(_) => {}
        }
        if let Some(pointer) = pointer {
            let resolves = pointer.is_empty() || pointer.starts_with('/');
            if !resolves || rollout.pointer(pointer).is_none() {
                problems
                    .push(format!("`{pointer}` (of `{code}`) points at nothing in the rollout"));
            }
        }
    }
    problems
}

/// Builds the review document in the schema's key order.
pub fn document(
    partner: &str,
    app: &str,
    rollout: &str,
    reviewer: &str,
    verdict: &Verdict,
) -> Value {
    let mut review = Map::new();
    review.insert("apiVersion".to_owned(), json!("miniapp.momo.vn/v1"));
    review.insert("kind".to_owned(), json!("Review"));
    review.insert("rollout".to_owned(), json!(rollout));
    review.insert("partner".to_owned(), json!(partner));
    review.insert("app".to_owned(), json!(app));
    review.insert("reviewer".to_owned(), json!(reviewer));
    review.insert("verdict".to_owned(), json!(verdict.verdict));
    if !verdict.defects.is_empty() {
        let defects: Vec<Value> = verdict
            .defects
            .iter()
            .map(|(code, pointer, note)| {
                let mut defect = Map::new();
                defect.insert("code".to_owned(), json!(code));
                if let Some(pointer) = pointer {
                    defect.insert("pointer".to_owned(), json!(pointer));
                }
                if let Some(note) = note {
                    defect.insert("note".to_owned(), json!(note));
                }
                Value::Object(defect)
            })
            .collect();
        review.insert("defects".to_owned(), Value::Array(defects));
    }
    if let Some(note) = &verdict.note {
        review.insert("note".to_owned(), json!(note));
    }
    Value::Object(review)
}
