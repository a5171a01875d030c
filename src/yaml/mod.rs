//! The strict YAML loader: builds a JSON value and a span index together from
//! `saphyr-parser`'s event stream. Schema checks are left to `schema`.

mod codes;
mod composer;
mod decode;
mod directives;
mod flow;
mod mapping;
mod outline;
mod position;
mod report;
mod scalar;
mod syntax;
mod tree;

#[cfg(test)]
mod suite_tests;
#[cfg(test)]
mod tests;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Location};
use crate::yaml::tree::{Children, IndexedNode, TreeKind};

pub use crate::yaml::codes::{CODES, NUMBER_OUT_OF_RANGE};
pub use crate::yaml::outline::Outline;

/// Bounds a single file's cost: size, nesting and alias expansion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_bytes: usize,
    /// Deepest nesting of mappings and sequences.
    pub max_depth: usize,
    /// Most nodes a document may compose into, aliases expanded.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_bytes: 1024 * 1024, max_depth: 64, max_nodes: 100_000 }
    }
}

/// Marks a stretch of the source: start and end, as line/column and as byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Where it starts (1-based line and column in characters).
    pub start: Location,
    /// Where it ends (exclusive).
    pub end: Location,
    /// Byte offset of the start in `Document::text`.
    pub start_offset: usize,
    /// Byte offset of the end in `Document::text`.
    pub end_offset: usize,
}

/// Names how a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    /// Unquoted.
    Plain,
    /// `'single'`.
    SingleQuoted,
    /// `"double"`.
    DoubleQuoted,
    /// `|` block.
    Literal,
    /// `>` block.
    Folded,
}

/// Keeps a scalar's source text, so messages can say how a value was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar {
    /// The scalar's text without quotes, escapes and folding resolved (for a plain scalar
    /// on one line, exactly as written).
    pub raw: String,
    /// How it was written.
    pub style: ScalarStyle,
}

/// Holds the spans of one node: its key (inside a mapping) and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Span of the key, for a mapping entry.
    pub key: Option<Span>,
    /// Span of the value.
    pub value: Span,
    /// Source of the value when it is a scalar.
    pub scalar: Option<Scalar>,
}

/// Holds one loaded YAML document: its JSON value, its text and the span of every node.
#[derive(Debug, Clone)]
pub struct Document {
    value: Value,
    text: String,
    /// The span index, root first; children are reached through `IndexedNode::children`.
    nodes: Vec<IndexedNode>,
}

impl Document {
    /// Returns the document as a JSON value.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// Returns the decoded source text (without BOM).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Returns the spans of the node at a JSON Pointer (`""` is the root).
    pub fn node(&self, pointer: &str) -> Option<&Node> {
        let tokens = position::split_pointer(pointer)?;
        let (found, depth) = self.walk(&tokens);
        found.filter(|_| depth == tokens.len()).map(|indexed| &indexed.node)
    }

    /// Locates a JSON Pointer: the value's start, or the nearest existing ancestor's.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        let tokens = position::split_pointer(pointer).unwrap_or_default();
        let (found, _) = self.walk(&tokens);
        found.map(|indexed| indexed.node.value.start)
    }

    /// Locates the key of a mapping entry at a JSON Pointer, else falls back to `locate`.
    pub fn locate_key(&self, pointer: &str) -> Option<Location> {
        match self.node(pointer).and_then(|node| node.key) {
            Some(key) => Some(key.start),
            None => self.locate(pointer),
        }
    }

    /// Follows tokens from the root as far as they lead: the last node reached and how many
    /// tokens were followed.
    fn walk(&self, tokens: &[String]) -> (Option<&IndexedNode>, usize) {
        let Some(mut current) = self.nodes.first() else { return (None, 0) };
        for (depth, token) in tokens.iter().enumerate() {
            let next = match &current.children {
                Children::Mapping(entries) => entries.get(token).copied(),
                Children::Sequence(items) => array_index(token).and_then(|i| items.get(i).copied()),
                Children::None => None,
            };
            match next.and_then(|position| self.nodes.get(position)) {
                Some(child) => current = child,
                None => return (Some(current), depth),
            }
        }
        (Some(current), tokens.len())
    }
}

/// Reads an RFC 6901 array index: digits without a leading zero (except `0` itself).
fn array_index(token: &str) -> Option<usize> {
    let canonical = token == "0" || (!token.starts_with('0') && !token.is_empty());
    if !canonical || !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    token.parse().ok()
}

/// Holds what loading gave: the document when it could be built, and every finding.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The document, absent when the file could not be read as one.
    pub document: Option<Document>,
    /// Findings, with `path` set to the file's path.
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads one file's bytes as a single YAML 1.2 document.
pub fn load(path: &str, bytes: &[u8], limits: &Limits) -> Loaded {
    let text = match decode::decode(path, bytes, limits.max_bytes) {
        Ok(text) => text,
        Err(finding) => return Loaded { document: None, diagnostics: vec![*finding] },
    };

    let composed = composer::compose(path, &text, limits);
    let mut diagnostics = directives::check_version(path, &text);
    diagnostics.extend(composed.findings);
    if composed.fatal {
        return Loaded { document: None, diagnostics };
    }
    let Some(root) = composed.root.filter(|root| !is_blank(root)) else {
        diagnostics.push(empty_file(path));
        return Loaded { document: None, diagnostics };
    };

    let (value, nodes) = tree::flatten(&root);
    Loaded { document: Some(Document { value, text, nodes }), diagnostics }
}

/// Tells whether a document is only an empty plain scalar (as for `---` and nothing else).
fn is_blank(root: &tree::Tree) -> bool {
    matches!(&root.kind, TreeKind::Scalar { value: Value::Null, scalar }
        if scalar.raw.is_empty() && scalar.style == ScalarStyle::Plain)
}

fn empty_file(path: &str) -> Diagnostic {
    Diagnostic::error(codes::EMPTY, path, "file holds no yaml document")
        .at(Some(Location { line: 1, column: 1 }))
        .with_help("add the document's content, or delete the file")
}
