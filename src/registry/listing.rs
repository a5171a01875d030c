//! A registry folder's listing: every path under the root with what it is, files left
//! unread until asked for, so `validate` can read, check and drop one file at a time.
//! Reading a whole folder into memory at once is `Snapshot::from_dir`.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::snapshot::{Entry, Snapshot, SnapshotError, Special, byte_limit, describe_io};
use super::{Place, classify};

/// Holds every path under a registry folder, as `Snapshot::from_dir` would key it.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    root: PathBuf,
    entries: BTreeMap<String, Listed>,
}

/// Says what a listed path is: a regular file still to read, or an entry known already.
#[derive(Debug, Clone)]
enum Listed {
    File,
    Known(Entry),
}

impl Listing {
    /// Lists every file under `root`, skipping `.git`, without following symbolic links
    /// and without reading regular files.
    ///
    /// Only a root that cannot be listed is an error. Below it, an unreadable folder, a
    /// link, and a FIFO, device, socket or folder at a file's place are known at once;
    /// FIFOs and devices are never opened.
    pub fn from_dir(root: &Path) -> Result<Self, SnapshotError> {
        let mut listing = Listing { root: root.to_path_buf(), entries: BTreeMap::new() };
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
                    listing.known(key, Entry::Unreadable(reason));
                    continue;
                }
            };
            let Ok(relative) = entry.path().strip_prefix(root) else { continue };
            if relative.as_os_str().is_empty() {
                continue;
            }
            let Some(key) = relative_key(relative) else {
                let reason = "its name is not valid UTF-8".to_owned();
                listing.known(lossy_key(relative), Entry::Unreadable(reason));
                continue;
            };
            if let Some(listed) = list_entry(entry.path(), &key, entry.file_type()) {
                listing.entries.insert(key, listed);
            }
        }
        Ok(listing)
    }

    /// Iterates over every listed path in path order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// Returns how many paths the listing holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Says whether the listing holds no path.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Reads the entry at a listed path now, as `Snapshot::from_dir` would have read it:
    /// a regular file's bytes (or why they could not be read), else what was listed.
    pub fn read(&self, path: &str) -> Option<Entry> {
        match self.entries.get(path)? {
            Listed::Known(entry) => Some(entry.clone()),
            Listed::File => Some(read_file(&self.root.join(path), path)),
        }
    }

    /// Reads every listed file into a snapshot.
    pub fn read_all(self) -> Snapshot {
        let mut snapshot = Snapshot::new();
        for (path, listed) in self.entries {
            let entry = match listed {
                Listed::Known(entry) => entry,
                Listed::File => read_file(&self.root.join(&path), &path),
            };
            snapshot.insert(path, entry);
        }
        snapshot
    }

    fn known(&mut self, key: String, entry: Entry) {
        self.entries.insert(key, Listed::Known(entry));
    }
}

/// Lists one walked path; `None` for a folder that is not at a file's place.
fn list_entry(path: &Path, key: &str, file_type: fs::FileType) -> Option<Listed> {
    if file_type.is_symlink() {
        return Some(Listed::Known(match fs::read_link(path) {
            Ok(target) => Entry::Symlink(target.to_string_lossy().into_owned()),
            Err(error) => Entry::Unreadable(describe_io(&error, "read the link")),
        }));
    }
    if file_type.is_dir() {
        let file_place = matches!(classify(key), Place::Document { .. } | Place::Icon { .. });
        return file_place.then_some(Listed::Known(Entry::NotAFile(Special::Folder)));
    }
    if !file_type.is_file() {
        return Some(Listed::Known(Entry::NotAFile(special_kind(file_type))));
    }
    Some(Listed::File)
}

/// Reads a regular file up to the cap of its place.
fn read_file(path: &Path, key: &str) -> Entry {
    let limit = byte_limit(key);
    match read_capped(path, limit) {
        Ok(Ok(bytes)) => Entry::File(bytes),
        Ok(Err(size)) => Entry::TooLarge { size, limit },
        Err(error) => Entry::Unreadable(describe_io(&error, "read it")),
    }
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
