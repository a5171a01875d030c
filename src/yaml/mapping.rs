//! Resolves one mapping's entries: JSON keys from scalar keys, duplicate keys, and merge keys
//! (`<<`), where explicit keys win over merged ones and earlier merged maps over later ones.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use crate::diagnostic::{Diagnostic, Related};
use crate::yaml::composer::Composer;
use crate::yaml::position;
use crate::yaml::tree::{Entry, Tree, TreeKind};
use crate::yaml::{ScalarStyle, Span, codes};

/// Holds a mapping key as composed: its JSON text and where it is written.
#[derive(Debug)]
pub(crate) struct Key {
    pub(crate) text: String,
    pub(crate) span: Span,
    /// Whether this is the merge key: a plain `<<`.
    merge: bool,
    /// Whether the key can be used (not a mapping or sequence).
    valid: bool,
}

impl Key {
    /// Reads a scalar key (its raw text is the JSON key); `None` for a collection.
    pub(crate) fn from_tree(tree: &Tree) -> Option<Self> {
        let scalar = tree.scalar()?;
        let merge = scalar.raw == "<<"
            && scalar.style == ScalarStyle::Plain
            && !matches!(tree.kind, TreeKind::Alias(_));
        Some(Self { text: scalar.raw.clone(), span: tree.span, merge, valid: true })
    }

    /// Stands in for a key that was reported and must be skipped with its value.
    pub(crate) fn invalid(span: Span) -> Self {
        Self { text: String::new(), span, merge: false, valid: false }
    }
}

/// Holds one entry as written, before merges and duplicate checks.
#[derive(Debug)]
pub(crate) struct RawEntry {
    pub(crate) key: Key,
    pub(crate) value: Rc<Tree>,
}

impl Composer<'_> {
    /// Resolves a mapping's entries in order, reporting duplicates and bad merge values.
    pub(crate) fn resolve_mapping(&mut self, pointer: &str, raw: Vec<RawEntry>) -> Vec<Entry> {
        let mut first_seen: HashMap<String, Span> = HashMap::new();
        let mut kept = Vec::with_capacity(raw.len());
        for entry in raw {
            if !entry.key.valid {
                continue;
            }
            if let Some(first) = first_seen.get(&entry.key.text) {
                self.duplicate_key(pointer, &entry.key, *first);
                continue;
            }
            first_seen.insert(entry.key.text.clone(), entry.key.span);
            kept.push(entry);
        }

        let mut taken: HashSet<String> = kept
            .iter()
            .filter(|entry| !entry.key.merge)
            .map(|entry| entry.key.text.clone())
            .collect();
        let mut entries = Vec::with_capacity(kept.len());
        for entry in kept {
            if !entry.key.merge {
                entries.push(Entry {
                    key: entry.key.text,
                    key_span: entry.key.span,
                    value: entry.value,
                });
                continue;
            }
            for source in self.merge_sources(pointer, &entry.value) {
                for merged in source {
                    if taken.insert(merged.key.clone()) {
                        entries.push(merged.clone());
                    }
                }
            }
        }
        entries
    }

    /// Lists the mappings a merge value brings, in priority order.
    fn merge_sources<'a>(&mut self, pointer: &str, value: &'a Tree) -> Vec<&'a [Entry]> {
        match &value.content().kind {
            TreeKind::Mapping(entries) => vec![entries.as_slice()],
            TreeKind::Sequence(items) => {
                let mut sources = Vec::with_capacity(items.len());
                for item in items {
                    match &item.content().kind {
                        TreeKind::Mapping(entries) => sources.push(entries.as_slice()),
                        _ => self.bad_merge(pointer, item.span),
                    }
                }
                sources
            }
            TreeKind::Scalar { .. } | TreeKind::Alias(_) => {
                self.bad_merge(pointer, value.span);
                Vec::new()
            }
        }
    }

    fn duplicate_key(&mut self, pointer: &str, key: &Key, first: Span) {
        let finding = Diagnostic::error(
            codes::DUPLICATE_KEY,
            self.path,
            format!("duplicate key `{}`: first defined on line {}", key.text, first.start.line),
        )
        .at(Some(key.span.start))
        .with_pointer(format!("{pointer}/{}", position::escape_token(&key.text)))
        .with_help("remove one of the two entries")
        .with_related(Related {
            path: self.path.to_owned(),
            location: Some(first.start),
            message: format!("`{}` first defined here", key.text),
        });
        self.findings.push(finding);
    }

    fn bad_merge(&mut self, pointer: &str, span: Span) {
        let finding = Diagnostic::error(
            codes::BAD_MERGE,
            self.path,
            "merge key `<<` takes a mapping or a sequence of mappings",
        )
        .at(Some(span.start))
        .with_pointer(pointer)
        .with_help("merge an alias of a mapping, such as `<<: *defaults`");
        self.findings.push(finding);
    }
}
