//! Composes saphyr's event stream into a shared node tree, typing scalars, expanding aliases
//! within budget and checking depth; mapping keys and merges are left to `mapping`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use saphyr_parser::{Event, Parser, Tag};

use crate::diagnostic::Diagnostic;
use crate::yaml::mapping::{Key, RawEntry};
use crate::yaml::position::{self, Positions};
use crate::yaml::scalar::{self, TagKind, Typed};
use crate::yaml::tree::{self, Tree, TreeKind};
use crate::yaml::{Limits, Scalar, ScalarStyle, Span, codes, syntax};

/// Says what composing a text gave.
pub(crate) struct Composed {
    /// The first document's tree, when one was composed.
    pub(crate) root: Option<Rc<Tree>>,
    /// Every finding, fatal or not.
    pub(crate) findings: Vec<Diagnostic>,
    /// Whether a finding stopped composing, so no document may be returned.
    pub(crate) fatal: bool,
}

/// An open mapping or sequence.
struct Frame {
    kind: FrameKind,
    start: Span,
    anchor: usize,
    /// This node's pointer token under its parent.
    token: String,
}

enum FrameKind {
    Sequence(Vec<Rc<Tree>>),
    Mapping { entries: Vec<RawEntry>, pending: Option<Key> },
}

/// Builds the tree for one text, event by event.
pub(crate) struct Composer<'t> {
    pub(crate) path: &'t str,
    pub(crate) positions: Positions<'t>,
    pub(crate) findings: Vec<Diagnostic>,
    text: &'t str,
    pub(crate) limits: &'t Limits,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Rc<Tree>>,
    nodes: usize,
    text_bytes: usize,
    root: Option<Rc<Tree>>,
}

/// Composes a text (already decoded, without BOM) into its first document's tree.
pub(crate) fn compose(path: &str, text: &str, limits: &Limits) -> Composed {
    let mut composer = Composer {
        path,
        positions: Positions::new(text),
        findings: Vec::new(),
        text,
        limits,
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        text_bytes: 0,
        root: None,
    };
    let fatal = match composer.run() {
        Ok(()) => false,
        Err(finding) => {
            composer.findings.push(*finding);
            true
        }
    };
    Composed { root: composer.root.take(), findings: composer.findings, fatal }
}

type Step = Result<(), Box<Diagnostic>>;

impl Composer<'_> {
    fn run(&mut self) -> Step {
        let mut parser = Parser::new_from_str(self.text);
        let mut documents = 0usize;
        while let Some(next) = parser.next_event() {
            let (event, raw_span) =
                next.map_err(|error| Box::new(syntax::describe(self.path, self.text, &error)))?;
            let span = self.positions.span(raw_span);
            match event {
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        self.second_document(span);
                        return Ok(());
                    }
                }
                Event::Alias(id) => self.alias(id, span)?,
                Event::Scalar(text, style, anchor, tag) => {
                    self.scalar(&text, style, anchor, tag.as_deref(), span)?;
                }
                Event::SequenceStart(anchor, tag) => self.open(false, anchor, tag, span)?,
                Event::MappingStart(anchor, tag) => self.open(true, anchor, tag, span)?,
                Event::SequenceEnd | Event::MappingEnd => self.close(span)?,
                Event::StreamEnd => return Ok(()),
                Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
            }
        }
        Ok(())
    }

    /// Counts composed nodes and text against the limits; aliases count what they expand to.
    fn charge(&mut self, nodes: usize, text_bytes: usize, span: Span) -> Step {
        self.nodes = self.nodes.saturating_add(nodes);
        self.text_bytes = self.text_bytes.saturating_add(text_bytes);
        // Without aliases the text cannot outgrow the file; aliases may add as much again.
        let max_text = self.limits.max_bytes.saturating_mul(2);
        if self.nodes <= self.limits.max_nodes && self.text_bytes <= max_text {
            return Ok(());
        }
        let message = if self.nodes > self.limits.max_nodes {
            format!("document expands into more than {} nodes", self.limits.max_nodes)
        } else {
            format!("document expands into more than {max_text} bytes of text")
        };
        Err(Box::new(
            Diagnostic::error(codes::TOO_MANY_NODES, self.path, message)
                .at(Some(span.start))
                .with_help("aliases multiply what they refer to; use fewer or smaller ones"),
        ))
    }

    fn scalar(
        &mut self,
        text: &str,
        style: saphyr_parser::ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        span: Span,
    ) -> Step {
        self.charge(1, text.len(), span)?;
        let style = convert_style(style);
        let tag = scalar::classify_tag(tag);
        if let TagKind::Unknown(name) = &tag {
            self.unknown_tag(name, span);
        }
        let is_key = self.expects_key();
        let value = match scalar::type_scalar(text, style, &tag) {
            Typed::Value(value) => value,
            _ if is_key => serde_json::Value::String(text.to_owned()),
            Typed::OutOfRange => {
                self.out_of_range(text, span);
                serde_json::Value::String(text.to_owned())
            }
            Typed::Mismatch(name) => {
                self.tag_mismatch(name, text, span);
                serde_json::Value::String(text.to_owned())
            }
        };
        let scalar = Scalar { raw: text.to_owned(), style };
        let tree = Tree {
            span,
            kind: TreeKind::Scalar { value, scalar },
            weight: 1,
            height: 0,
            text_bytes: text.len(),
        };
        self.finish(tree, anchor);
        Ok(())
    }

    fn alias(&mut self, id: usize, span: Span) -> Step {
        let Some(target) = self.anchors.get(&id).cloned() else {
            let name = self.positions.slice(&span).trim_start_matches('*').to_owned();
            return Err(Box::new(
                Diagnostic::error(
                    codes::UNDEFINED_ALIAS,
                    self.path,
                    format!("alias `*{name}` refers to the node that contains it"),
                )
                .at(Some(span.start))
                .with_help("an alias may only name a node that is complete before it"),
            ));
        };
        if self.stack.len() + target.height > self.limits.max_depth {
            return Err(self.too_deep(span));
        }
        self.charge(target.weight, target.text_bytes, span)?;
        let tree = Tree {
            span,
            weight: target.weight,
            height: target.height,
            text_bytes: target.text_bytes,
            kind: TreeKind::Alias(target),
        };
        self.attach(Rc::new(tree));
        Ok(())
    }

    fn open(
        &mut self,
        mapping: bool,
        anchor: usize,
        tag: Option<Cow<'_, Tag>>,
        span: Span,
    ) -> Step {
        if self.stack.len() >= self.limits.max_depth {
            return Err(self.too_deep(span));
        }
        self.charge(1, 0, span)?;
        match scalar::classify_tag(tag.as_deref()) {
            TagKind::None | TagKind::NonSpecific => {}
            TagKind::Core(name) if name == if mapping { "map" } else { "seq" } => {}
            TagKind::Core(name) => {
                let written = if mapping { "a mapping" } else { "a sequence" };
                self.tag_mismatch(name, written, span);
            }
            TagKind::Unknown(name) => self.unknown_tag(&name, span),
        }
        let token = self.next_token();
        let kind = if mapping {
            FrameKind::Mapping { entries: Vec::new(), pending: None }
        } else {
            FrameKind::Sequence(Vec::new())
        };
        self.stack.push(Frame { kind, start: span, anchor, token });
        Ok(())
    }

    fn close(&mut self, end: Span) -> Step {
        let Some(frame) = self.stack.pop() else { return Ok(()) };
        let pointer = self.frame_pointer(&frame.token);
        let (kind, last_end) = match frame.kind {
            FrameKind::Sequence(items) => {
                let last = items.last().map(|item| item.span);
                (TreeKind::Sequence(items), last)
            }
            FrameKind::Mapping { entries, .. } => {
                let last = entries.last().map(|entry| entry.value.span);
                (TreeKind::Mapping(self.resolve_mapping(&pointer, entries)), last)
            }
        };
        let tree = tree::collection(kind, tree::close_span(frame.start, end, last_end));
        self.finish(tree, frame.anchor);
        Ok(())
    }

    /// Registers an anchored node, then attaches it to its parent.
    fn finish(&mut self, tree: Tree, anchor: usize) {
        let tree = Rc::new(tree);
        if anchor > 0 {
            self.anchors.insert(anchor, Rc::clone(&tree));
        }
        self.attach(tree);
    }

    fn attach(&mut self, tree: Rc<Tree>) {
        if self.expects_key() {
            let key = Key::from_tree(&tree).unwrap_or_else(|| {
                let pointer = self.pointer();
                self.complex_key(&pointer, tree.span);
                Key::invalid(tree.span)
            });
            if let Some(FrameKind::Mapping { pending, .. }) =
                self.stack.last_mut().map(|frame| &mut frame.kind)
            {
                *pending = Some(key);
            }
            return;
        }
        match self.stack.last_mut().map(|frame| &mut frame.kind) {
            None => {
                self.root.get_or_insert(tree);
            }
            Some(FrameKind::Sequence(items)) => items.push(tree),
            Some(FrameKind::Mapping { entries, pending }) => {
                if let Some(key) = pending.take() {
                    entries.push(RawEntry { key, value: tree });
                }
            }
        }
    }

    fn expects_key(&self) -> bool {
        matches!(
            self.stack.last().map(|frame| &frame.kind),
            Some(FrameKind::Mapping { pending: None, .. })
        )
    }

    /// Returns the pointer token the next node takes under the open collection.
    fn next_token(&self) -> String {
        match self.stack.last().map(|frame| &frame.kind) {
            Some(FrameKind::Sequence(items)) => items.len().to_string(),
            Some(FrameKind::Mapping { pending: Some(key), .. }) => key.text.clone(),
            _ => String::new(),
        }
    }

    /// Returns the pointer of the innermost open collection.
    pub(crate) fn pointer(&self) -> String {
        let mut pointer = String::new();
        for frame in self.stack.iter().skip(1) {
            pointer.push('/');
            pointer.push_str(&position::escape_token(&frame.token));
        }
        pointer
    }

    /// Returns the pointer of a frame just popped from the stack.
    fn frame_pointer(&self, token: &str) -> String {
        if self.stack.is_empty() {
            return String::new();
        }
        format!("{}/{}", self.pointer(), position::escape_token(token))
    }

    /// Returns the pointer of the node about to be attached.
    pub(crate) fn child_pointer(&self) -> String {
        if self.stack.is_empty() || self.expects_key() {
            return self.pointer();
        }
        self.frame_pointer(&self.next_token())
    }
}

fn convert_style(style: saphyr_parser::ScalarStyle) -> ScalarStyle {
    match style {
        saphyr_parser::ScalarStyle::Plain => ScalarStyle::Plain,
        saphyr_parser::ScalarStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        saphyr_parser::ScalarStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        saphyr_parser::ScalarStyle::Literal => ScalarStyle::Literal,
        saphyr_parser::ScalarStyle::Folded => ScalarStyle::Folded,
    }
}
