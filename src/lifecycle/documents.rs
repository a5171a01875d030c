//! Reads registry documents out of blobs once each, since a long history holds the same
//! content many times; what the documents mean is left to `replay`.

use std::collections::HashMap;
use std::rc::Rc;

use git2::Oid;

use crate::history::Repository;
use crate::lifecycle::Reader;
use crate::registry::{self, Kind, Place};
use crate::validate::Typed;

/// Reads documents once per blob, since a long history holds the same content many times.
pub(crate) struct Documents {
    reader: Reader,
    cache: HashMap<(Oid, Kind), Option<Rc<Typed>>>,
}

impl Documents {
    pub(crate) fn new(reader: Reader) -> Self {
        Self { reader, cache: HashMap::new() }
    }

    pub(crate) fn read(&mut self, repo: &Repository, path: &str, blob: Oid) -> Option<Rc<Typed>> {
        let Place::Document { kind, .. } = registry::classify(path) else { return None };
        if let Some(cached) = self.cache.get(&(blob, kind)) {
            return cached.clone();
        }
        let typed = match repo.blob(blob) {
            Ok(bytes) => (self.reader)(path, &bytes).map(Rc::new),
            Err(error) => {
                // The command stops on this after compute: states computed without the
                // document would be made up.
                tracing::debug!(%error, path, "found an unreadable blob");
                crate::integrity::record(blob, path, &error_chain(&error));
                None
            }
        };
        self.cache.insert((blob, kind), typed.clone());
        typed
    }
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}
