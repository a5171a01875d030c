//! Holds the composed node tree (aliases shared, not copied) and flattens it into the JSON
//! value and the span index; building the tree is left to `composer`.

use std::collections::HashMap;
use std::rc::Rc;

use serde_json::{Map, Value};

use crate::yaml::{Node, Scalar, Span};

/// One composed node with what the budgets need: its size and height, aliases expanded.
#[derive(Debug)]
pub(crate) struct Tree {
    /// Where the node is written (for an alias, the alias itself).
    pub(crate) span: Span,
    /// What the node is.
    pub(crate) kind: TreeKind,
    /// Nodes it expands into, itself included.
    pub(crate) weight: usize,
    /// Nesting of collections: 0 for a scalar.
    pub(crate) height: usize,
    /// Bytes of scalar text it expands into.
    pub(crate) text_bytes: usize,
}

/// Names the shape of a composed node.
#[derive(Debug)]
pub(crate) enum TreeKind {
    /// A typed scalar and its source.
    Scalar { value: Value, scalar: Scalar },
    /// A sequence's items.
    Sequence(Vec<Rc<Tree>>),
    /// A mapping's entries, duplicates removed and merges applied.
    Mapping(Vec<Entry>),
    /// An alias of an anchored node.
    Alias(Rc<Tree>),
}

/// Holds one mapping entry after merges: its JSON key, the key's span and the value.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) key: String,
    pub(crate) key_span: Span,
    pub(crate) value: Rc<Tree>,
}

impl Tree {
    /// Returns the node an alias stands for, or the node itself.
    pub(crate) fn content(&self) -> &Tree {
        let mut tree = self;
        while let TreeKind::Alias(target) = &tree.kind {
            tree = target;
        }
        tree
    }

    /// Returns the scalar's source when the node (or its alias target) is a scalar.
    pub(crate) fn scalar(&self) -> Option<&Scalar> {
        match &self.content().kind {
            TreeKind::Scalar { scalar, .. } => Some(scalar),
            _ => None,
        }
    }
}

/// Holds one node of the span index and how to reach its children.
#[derive(Debug, Clone)]
pub(crate) struct IndexedNode {
    pub(crate) node: Node,
    pub(crate) children: Children,
}

/// Lists the index positions of a node's children.
#[derive(Debug, Clone)]
pub(crate) enum Children {
    /// A scalar.
    None,
    /// A sequence's items, in order.
    Sequence(Vec<usize>),
    /// A mapping's entries, by JSON key.
    Mapping(HashMap<String, usize>),
}

/// Flattens a composed tree into its JSON value and the span index (root at position 0).
pub(crate) fn flatten(root: &Tree) -> (Value, Vec<IndexedNode>) {
    let mut index = Vec::with_capacity(root.weight.min(1 << 16));
    let value = visit(root, None, &mut index);
    (value, index)
}

/// Visits one node; recursion is bounded by `Limits::max_depth`, checked while composing.
fn visit(tree: &Tree, key: Option<Span>, index: &mut Vec<IndexedNode>) -> Value {
    let position = index.len();
    let scalar = tree.scalar().cloned();
    index.push(IndexedNode {
        node: Node { key, value: tree.span, scalar },
        children: Children::None,
    });
    let (value, children) = match &tree.content().kind {
        TreeKind::Scalar { value, .. } => (value.clone(), Children::None),
        TreeKind::Sequence(items) => {
            let mut values = Vec::with_capacity(items.len());
            let mut positions = Vec::with_capacity(items.len());
            for item in items {
                positions.push(index.len());
                values.push(visit(item, None, index));
            }
            (Value::Array(values), Children::Sequence(positions))
        }
        TreeKind::Mapping(entries) => {
            let mut map = Map::new();
            let mut positions = HashMap::with_capacity(entries.len());
            for entry in entries {
                positions.insert(entry.key.clone(), index.len());
                map.insert(entry.key.clone(), visit(&entry.value, Some(entry.key_span), index));
            }
            (Value::Object(map), Children::Mapping(positions))
        }
        TreeKind::Alias(_) => (Value::Null, Children::None),
    };
    index[position].children = children;
    value
}

/// Spans a collection: flow ones end at their closing bracket, block ones at their last child.
pub(crate) fn close_span(start: Span, end: Span, last_child: Option<Span>) -> Span {
    let end = if end.end_offset > end.start_offset { end } else { last_child.unwrap_or(start) };
    Span { end: end.end, end_offset: end.end_offset, ..start }
}

/// Builds a collection node, summing its children's weight, height and text.
pub(crate) fn collection(kind: TreeKind, span: Span) -> Tree {
    let children: Vec<&Tree> = match &kind {
        TreeKind::Sequence(items) => items.iter().map(|item| item.as_ref()).collect(),
        TreeKind::Mapping(entries) => entries.iter().map(|entry| entry.value.as_ref()).collect(),
        TreeKind::Scalar { .. } | TreeKind::Alias(_) => Vec::new(),
    };
    let key_bytes = match &kind {
        TreeKind::Mapping(entries) => entries.iter().map(|entry| entry.key.len()).sum(),
        _ => 0,
    };
    let weight = children.iter().fold(1usize, |sum, child| sum.saturating_add(child.weight));
    let weight = match &kind {
        TreeKind::Mapping(entries) => weight.saturating_add(entries.len()),
        _ => weight,
    };
    let height = 1 + children.iter().map(|child| child.height).max().unwrap_or(0);
    let text_bytes =
        children.iter().fold(key_bytes, |sum: usize, child| sum.saturating_add(child.text_bytes));
    Tree { span, kind, weight, height, text_bytes }
}
