//! A snapshot of a registry's files, read from a folder (or, in `history`, from a git
//! tree). Bad input never stops a read: a file that cannot be read, is too large or is
//! not a regular file becomes an entry saying so, for `validate` to report.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use super::listing::Listing;
use super::{Place, classify};

/// Largest icon, or file outside the documents, a snapshot reads: 10 MiB.
pub const MAX_ICON_BYTES: u64 = 10 * 1024 * 1024;

/// Holds one entry of a snapshot: a file's bytes, where a link points, or why neither.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A regular file's content.
    File(Vec<u8>),
    /// A symbolic link and its target, as written in the link.
    Symlink(String),
    /// A file or folder that could not be read; holds the reason, lowercase.
    Unreadable(String),
    /// Something other than a regular file or link at a file's place: never opened.
    NotAFile(Special),
    /// A regular file larger than the snapshot reads; not read whole.
    TooLarge {
        /// The file's size in bytes, as far as it is known.
        size: u64,
        /// The most bytes the snapshot reads for a file at this place.
        limit: u64,
    },
}

/// Names what a non-regular file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    /// A folder where the layout expects a file.
    Folder,
    /// A named pipe.
    Fifo,
    /// A character device.
    CharDevice,
    /// A block device.
    BlockDevice,
    /// A Unix socket.
    Socket,
    /// Any other kind the platform reports.
    Other,
}

impl fmt::Display for Special {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Special::Folder => "a folder",
            Special::Fifo => "a named pipe (FIFO)",
            Special::CharDevice => "a character device",
            Special::BlockDevice => "a block device",
            Special::Socket => "a socket",
            Special::Other => "not a regular file",
        })
    }
}

/// Holds every file of a registry at one moment, by registry-relative path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    entries: BTreeMap<String, Entry>,
}

/// Reports a failure to read a registry from disk: only its root folder failing counts.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// The root folder could not be walked.
    #[error("failed to read `{}`", path.display())]
    Walk {
        /// The path that failed.
        path: PathBuf,
        /// The cause.
        #[source]
        source: walkdir::Error,
    },
}

impl Snapshot {
    /// Creates an empty snapshot.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads every file under `root`, skipping `.git`, without following symbolic links.
    ///
    /// Only a root that cannot be listed is an error. Below it, an unreadable file or
    /// folder, a file past its size cap, and a FIFO, device, socket or folder at a file's
    /// place each become an entry that says so; FIFOs and devices are never opened.
    pub fn from_dir(root: &Path) -> Result<Self, SnapshotError> {
        Ok(Listing::from_dir(root)?.read_all())
    }

    /// Adds or replaces an entry.
    pub fn insert(&mut self, path: impl Into<String>, entry: Entry) {
        self.entries.insert(path.into(), entry);
    }

    /// Removes an entry, returning it.
    pub fn remove(&mut self, path: &str) -> Option<Entry> {
        self.entries.remove(path)
    }

    /// Returns the entry at a path.
    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.entries.get(path)
    }

    /// Returns a regular file's bytes; `None` for a missing path or any other entry.
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        match self.entries.get(path) {
            Some(Entry::File(bytes)) => Some(bytes),
            _ => None,
        }
    }

    /// Iterates over every entry in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.entries.iter().map(|(path, entry)| (path.as_str(), entry))
    }

    /// Returns how many entries the snapshot holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Says whether the snapshot holds no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Returns the most bytes a snapshot reads for a file at a registry path.
pub fn byte_limit(key: &str) -> u64 {
    match classify(key) {
        Place::Document { .. } => {
            u64::try_from(crate::yaml::Limits::default().max_bytes).unwrap_or(u64::MAX)
        }
        Place::Icon { .. } | Place::Unknown | Place::Outside => MAX_ICON_BYTES,
    }
}

/// Says why an operation failed, in the lowercase style of findings.
pub fn describe_io(error: &io::Error, what: &str) -> String {
    let reason = match error.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::NotFound => "it vanished while being read".to_owned(),
        _ => error.to_string(),
    };
    format!("cannot {what}: {reason}")
}

#[cfg(test)]
mod tests;
