//! A snapshot of a registry's files, read from a folder (or, in `history`, from a git
//! tree). Bad input never stops a read: a file that cannot be read, is too large or is
//! not a regular file becomes an entry saying so, for `validate` to report.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

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
        let mut snapshot = Snapshot::new();
        let walker = walkdir::WalkDir::new(root)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || entry.file_name() != ".git");
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let relative = error
                        .path()
                        .and_then(|path| path.strip_prefix(root).ok())
                        .filter(|relative| !relative.as_os_str().is_empty());
                    let Some(relative) = relative else {
                        return Err(SnapshotError::Walk {
                            path: root.to_path_buf(),
                            source: error,
                        });
                    };
                    let key = relative_key(relative).unwrap_or_else(|| lossy_key(relative));
                    let reason = error
                        .io_error()
                        .map_or_else(|| error.to_string(), |cause| describe_io(cause, "list it"));
                    snapshot.insert(key, Entry::Unreadable(reason));
                    continue;
                }
            };
            let Ok(relative) = entry.path().strip_prefix(root) else { continue };
            if relative.as_os_str().is_empty() {
                continue;
            }
            let Some(key) = relative_key(relative) else {
                let lossy = lossy_key(relative);
                snapshot.insert(lossy, Entry::Unreadable("its name is not valid UTF-8".to_owned()));
                continue;
            };
            if let Some(read) = read_entry(entry.path(), &key, entry.file_type()) {
                snapshot.insert(key, read);
            }
        }
        Ok(snapshot)
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

/// Reads one walked path into an entry; `None` for a folder that is not at a file's place.
fn read_entry(path: &Path, key: &str, file_type: fs::FileType) -> Option<Entry> {
    if file_type.is_symlink() {
        return Some(match fs::read_link(path) {
            Ok(target) => Entry::Symlink(target.to_string_lossy().into_owned()),
            Err(error) => Entry::Unreadable(describe_io(&error, "read the link")),
        });
    }
    if file_type.is_dir() {
        let file_place = matches!(classify(key), Place::Document { .. } | Place::Icon { .. });
        return file_place.then_some(Entry::NotAFile(Special::Folder));
    }
    if !file_type.is_file() {
        return Some(Entry::NotAFile(special_kind(file_type)));
    }
    let limit = byte_limit(key);
    Some(match read_capped(path, limit) {
        Ok(Ok(bytes)) => Entry::File(bytes),
        Ok(Err(size)) => Entry::TooLarge { size, limit },
        Err(error) => Entry::Unreadable(describe_io(&error, "read it")),
    })
}

/// Reads at most `limit + 1` bytes of a regular file: its bytes, or `Err(size)` past the cap.
fn read_capped(path: &Path, limit: u64) -> io::Result<Result<Vec<u8>, u64>> {
    let file = fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Ok(Err(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    Ok(if read > limit { Err(read.max(size)) } else { Ok(bytes) })
}

/// Names a non-regular, non-folder, non-link file type.
fn special_kind(file_type: fs::FileType) -> Special {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Special::Fifo;
        }
        if file_type.is_char_device() {
            return Special::CharDevice;
        }
        if file_type.is_block_device() {
            return Special::BlockDevice;
        }
        if file_type.is_socket() {
            return Special::Socket;
        }
    }
    let _ = file_type;
    Special::Other
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

/// Turns a relative file-system path into a `/`-separated key; `None` for non-UTF-8.
fn relative_key(relative: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = relative.iter().map(|part| part.to_str()).collect();
    let parts = parts?;
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Turns a relative path with a non-UTF-8 part into a key, replacing what does not decode.
fn lossy_key(relative: &Path) -> String {
    let parts: Vec<String> =
        relative.iter().map(|part| part.to_string_lossy().into_owned()).collect();
    parts.join("/")
}

#[cfg(test)]
mod tests;
