//! A document's outline: where each node and key starts, and how nodes nest, without the
//! values, scalars or text. The cross-file rules keep it once the schema has run.

use crate::diagnostic::Location;
use crate::yaml::tree::Children;
use crate::yaml::{Document, array_index, position};

/// Holds the start of every node of a document and its key, with the document's shape.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// Root first, in the order of the document's span index.
    nodes: Vec<OutlineNode>,
    /// Every node's children, each node's a contiguous run; mapping runs sorted by key.
    edges: Vec<Edge>,
    /// Every mapping key, concatenated; edges name their key as a range of it.
    keys: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct OutlineNode {
    key: Option<Location>,
    value: Location,
    shape: Shape,
    first_edge: u32,
    edge_count: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Scalar,
    Sequence,
    Mapping,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edge {
    key_start: u32,
    key_end: u32,
    node: u32,
}

impl Outline {
    /// Builds the outline of a loaded document.
    pub fn of(document: &Document) -> Self {
        let mut outline = Outline::default();
        for indexed in &document.nodes {
            let first_edge = outline.edges.len();
            let shape = match &indexed.children {
                Children::None => Shape::Scalar,
                Children::Sequence(items) => {
                    for item in items {
                        outline.edges.push(Edge { key_start: 0, key_end: 0, node: to_u32(*item) });
                    }
                    Shape::Sequence
                }
                Children::Mapping(entries) => {
                    let mut sorted: Vec<(&String, &usize)> = entries.iter().collect();
                    sorted.sort_unstable();
                    for (key, node) in sorted {
                        let key_start = to_u32(outline.keys.len());
                        outline.keys.push_str(key);
                        let key_end = to_u32(outline.keys.len());
                        outline.edges.push(Edge { key_start, key_end, node: to_u32(*node) });
                    }
                    Shape::Mapping
                }
            };
            outline.nodes.push(OutlineNode {
                key: indexed.node.key.map(|span| span.start),
                value: indexed.node.value.start,
                shape,
                first_edge: to_u32(first_edge),
                edge_count: to_u32(outline.edges.len() - first_edge),
            });
        }
        outline.nodes.shrink_to_fit();
        outline.edges.shrink_to_fit();
        outline.keys.shrink_to_fit();
        outline
    }

    /// Locates a JSON Pointer like `Document::locate`: the value's start, or the nearest
    /// existing ancestor's.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        let tokens = position::split_pointer(pointer).unwrap_or_default();
        let (found, _) = self.walk(tokens.iter().map(String::as_str));
        found.map(|node| node.value)
    }

    /// Locates the key of a mapping entry like `Document::locate_key`, else falls back to
    /// `locate`.
    pub fn locate_key(&self, pointer: &str) -> Option<Location> {
        let key = position::split_pointer(pointer).and_then(|tokens| {
            let (found, depth) = self.walk(tokens.iter().map(String::as_str));
            found.filter(|_| depth == tokens.len()).and_then(|node| node.key)
        });
        key.or_else(|| self.locate(pointer))
    }

    /// Tells whether a JSON Pointer names a value, exactly as `serde_json::Value::pointer`
    /// reads pointers (`~1` then `~0` replaced, other `~` kept as written).
    pub fn resolves(&self, pointer: &str) -> bool {
        if pointer.is_empty() {
            return !self.nodes.is_empty();
        }
        let Some(rest) = pointer.strip_prefix('/') else { return false };
        let tokens: Vec<String> =
            rest.split('/').map(|token| token.replace("~1", "/").replace("~0", "~")).collect();
        let (found, depth) = self.walk(tokens.iter().map(String::as_str));
        found.is_some() && depth == tokens.len()
    }

    /// Follows tokens from the root as far as they lead: the last node reached and how many
    /// tokens were followed.
    fn walk<'t>(&self, tokens: impl Iterator<Item = &'t str>) -> (Option<&OutlineNode>, usize) {
        let Some(mut current) = self.nodes.first() else { return (None, 0) };
        let mut depth = 0;
        for token in tokens {
            match self.child(current, token) {
                Some(child) => current = child,
                None => return (Some(current), depth),
            }
            depth += 1;
        }
        (Some(current), depth)
    }

    fn child(&self, node: &OutlineNode, token: &str) -> Option<&OutlineNode> {
        let start = usize::try_from(node.first_edge).ok()?;
        let count = usize::try_from(node.edge_count).ok()?;
        let edges = self.edges.get(start..start.checked_add(count)?)?;
        let edge = match node.shape {
            Shape::Scalar => None,
            Shape::Sequence => array_index(token).and_then(|index| edges.get(index)),
            Shape::Mapping => edges
                .binary_search_by(|edge| self.key(edge).cmp(token))
                .ok()
                .and_then(|found| edges.get(found)),
        }?;
        self.nodes.get(usize::try_from(edge.node).ok()?)
    }

    fn key(&self, edge: &Edge) -> &str {
        let range = usize::try_from(edge.key_start).unwrap_or(0)
            ..usize::try_from(edge.key_end).unwrap_or(0);
        self.keys.get(range).unwrap_or_default()
    }
}

/// Narrows an index of a document's nodes or key bytes: both are bounded far below
/// `u32::MAX` by `Limits` (a file is at most a few MiB).
fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Limits, load};

    const TEXT: &str = "\
id: shop
info:
  name: Shop
  icon: icon.png
  'a/b': 1
  '~': 2
  '~1': 3
  '': 4
defects:
  - code: A
    pointer: /info/name
  - {code: B, note: x}
anchored: &base {k: 1}
merged:
  <<: *base
  j: 2
alias: *base
";

    fn document() -> Document {
        let loaded = load("t.yaml", TEXT.as_bytes(), &Limits::default());
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        loaded.document.expect("the test document loads")
    }

    #[test]
    fn locates_like_the_document() {
        let document = document();
        let outline = Outline::of(&document);
        let pointers = [
            "",
            "/",
            "/id",
            "/info",
            "/info/name",
            "/info/icon",
            "/info/missing",
            "/info/a~1b",
            "/info/~0",
            "/info/~01",
            "/info/~",
            "/info/~2",
            "/info/",
            "/defects",
            "/defects/0",
            "/defects/1/note",
            "/defects/01",
            "/defects/2",
            "/defects/-",
            "/defects/+1",
            "/merged/k",
            "/merged/j",
            "/alias/k",
            "/id/deeper",
            "no-slash",
            "/x/y/z",
        ];
        for pointer in pointers {
            assert_eq!(outline.locate(pointer), document.locate(pointer), "locate {pointer}");
            assert_eq!(outline.locate_key(pointer), document.locate_key(pointer), "key {pointer}");
            assert_eq!(
                outline.resolves(pointer),
                document.value().pointer(pointer).is_some(),
                "resolves {pointer}"
            );
        }
    }
}
