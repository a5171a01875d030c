//! Reads git tree objects as raw bytes and walks their entries without copying them, with a
//! small cache of recently read trees. Replaying a history reads each commit's trees twice
//! (as the new side of one comparison and the old side of the next) and the same folders
//! again for path lookups; libgit2 caches no tree over 4 KiB, and the `partners/` folder of a
//! large registry is far bigger, so without this cache it would be inflated again each time.

use std::cell::{OnceCell, RefCell};
use std::cmp::Ordering;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use git2::{ObjectType, Oid};

use crate::history::HistoryError;

/// Bytes of tree data kept in the cache; the oldest trees are dropped first.
const CACHE_BYTES: usize = 4 << 20;
/// Length of a SHA-1 object id, the only object format libgit2 reads here.
const ID_LEN: usize = 20;

/// Kinds of entry a registry tree holds; submodules are skipped by every reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EntryKind {
    /// A folder.
    Tree,
    /// A regular or executable file.
    File,
    /// A symbolic link, whose blob holds the target.
    Symlink,
}

/// One entry of a tree, borrowing its name from the tree's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Entry<'a> {
    /// The entry's name, raw bytes.
    pub(super) name: &'a [u8],
    /// What it is.
    pub(super) kind: EntryKind,
    /// Its object id's bytes; comparing these is cheaper than building an `Oid`.
    pub(super) raw_id: &'a [u8],
}

impl Entry<'_> {
    /// Returns the entry's object id.
    pub(super) fn id(&self) -> Oid {
        Oid::from_bytes(self.raw_id).expect("a tree entry's id is read as 20 bytes")
    }
}

/// A tree object's bytes, shared with the cache.
#[derive(Debug, Clone)]
pub(super) struct Tree {
    id: Oid,
    data: Rc<TreeData>,
}

/// A tree's bytes and, once a name was looked up in it, where each entry starts.
#[derive(Debug)]
struct TreeData {
    bytes: Box<[u8]>,
    /// Entry offsets, in the tree's order; `None` when the tree is malformed.
    offsets: OnceCell<Option<Vec<u32>>>,
}

impl TreeData {
    fn new(bytes: &[u8]) -> Rc<TreeData> {
        Rc::new(TreeData { bytes: bytes.into(), offsets: OnceCell::new() })
    }
}

impl Tree {
    /// Iterates over the entries in git's order; submodules are left out, and a malformed
    /// entry ends the iteration with an error.
    pub(super) fn entries(&self) -> Entries<'_> {
        Entries { tree: self.id, rest: &self.data.bytes }
    }

    /// Finds the folder (`folder`) or file named `name` by binary search in git's order,
    /// as libgit2's path lookup does.
    pub(super) fn find(
        &self,
        name: &[u8],
        folder: bool,
    ) -> Result<Option<Entry<'_>>, HistoryError> {
        let bytes = &self.data.bytes;
        let offsets = self.data.offsets.get_or_init(|| offsets(bytes));
        let Some(offsets) = offsets else { return Err(malformed(self.id)) };
        let entry_at = |offset: u32| {
            parse_entry(&bytes[offset as usize..]).map(|(entry, _)| entry).expect("indexed entry")
        };
        let found = offsets.binary_search_by(|offset| {
            let entry = entry_at(*offset);
            git_order((entry.name, entry.mode == TREE_MODE), (name, folder))
        });
        let Ok(at) = found else { return Ok(None) };
        let RawEntry { mode, name, raw_id } = entry_at(offsets[at]);
        Ok(kind_of(mode).map(|kind| Entry { name, kind, raw_id }))
    }

    /// Finds the entry named `name`.
    pub(super) fn get(&self, name: &[u8]) -> Result<Option<Entry<'_>>, HistoryError> {
        for entry in self.entries() {
            let entry = entry?;
            if entry.name == name {
                return Ok(Some(entry));
            }
        }
        Ok(None)
    }
}

/// Iterates over a tree's entries.
pub(super) struct Entries<'a> {
    tree: Oid,
    rest: &'a [u8],
}

impl<'a> Iterator for Entries<'a> {
    type Item = Result<Entry<'a>, HistoryError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.rest.is_empty() {
                return None;
            }
            match parse_entry(self.rest) {
                Some((RawEntry { mode, name, raw_id }, rest)) => {
                    self.rest = rest;
                    let Some(kind) = kind_of(mode) else { continue };
                    return Some(Ok(Entry { name, kind, raw_id }));
                }
                None => {
                    self.rest = &[];
                    return Some(Err(malformed(self.tree)));
                }
            }
        }
    }
}

/// Git's file mode of a folder.
const TREE_MODE: u32 = 0o040000;

fn kind_of(mode: u32) -> Option<EntryKind> {
    match mode {
        TREE_MODE => Some(EntryKind::Tree),
        0o120000 => Some(EntryKind::Symlink),
        mode if mode & 0o170000 == 0o100000 => Some(EntryKind::File),
        _ => None,
    }
}

/// Orders names as git sorts tree entries: a folder's name as if it ended in `/`.
pub(super) fn git_order(
    (one, one_folder): (&[u8], bool),
    (two, two_folder): (&[u8], bool),
) -> Ordering {
    let slash = |folder: bool| folder.then_some(b'/');
    one.iter().copied().chain(slash(one_folder)).cmp(two.iter().copied().chain(slash(two_folder)))
}

/// Lists where each entry of a tree starts; `None` when an entry is malformed.
fn offsets(bytes: &[u8]) -> Option<Vec<u32>> {
    let mut offsets = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        offsets.push(u32::try_from(bytes.len() - rest.len()).ok()?);
        rest = parse_entry(rest)?.1;
    }
    Some(offsets)
}

/// One entry as stored: `<octal mode> <name>\0<20-byte id>`.
struct RawEntry<'a> {
    mode: u32,
    name: &'a [u8],
    raw_id: &'a [u8],
}

/// Splits one entry off the front of a tree's bytes, with the bytes after it.
fn parse_entry(bytes: &[u8]) -> Option<(RawEntry<'_>, &[u8])> {
    let space = bytes.iter().position(|&byte| byte == b' ')?;
    let (mode, rest) = (&bytes[..space], &bytes[space + 1..]);
    if mode.is_empty() || mode.len() > 7 || !mode.iter().all(|digit| (b'0'..=b'7').contains(digit))
    {
        return None;
    }
    let mode = mode.iter().fold(0u32, |value, digit| value * 8 + u32::from(digit - b'0'));
    let nul = rest.iter().position(|&byte| byte == 0)?;
    let (name, rest) = (&rest[..nul], &rest[nul + 1..]);
    if name.is_empty() || rest.len() < ID_LEN {
        return None;
    }
    Some((RawEntry { mode, name, raw_id: &rest[..ID_LEN] }, &rest[ID_LEN..]))
}

fn malformed(tree: Oid) -> HistoryError {
    HistoryError::Git {
        action: format!("read tree `{tree}`"),
        source: git2::Error::from_str("the tree object is malformed"),
    }
}

/// Reads trees through a cache bounded in bytes.
#[derive(Debug, Default)]
pub(super) struct Trees {
    cache: RefCell<Cache>,
}

#[derive(Debug, Default)]
struct Cache {
    trees: HashMap<Oid, Rc<TreeData>>,
    order: VecDeque<Oid>,
    bytes: usize,
}

impl Trees {
    /// Reads the tree `id`, from the cache when it was read lately.
    pub(super) fn read(&self, repo: &git2::Repository, id: Oid) -> Result<Tree, HistoryError> {
        if let Some(data) = self.cache.borrow().trees.get(&id) {
            return Ok(Tree { id, data: Rc::clone(data) });
        }
        let failed = |source| HistoryError::Git { action: format!("read tree `{id}`"), source };
        let odb = repo.odb().map_err(failed)?;
        let object = odb.read(id).map_err(failed)?;
        if object.kind() != ObjectType::Tree {
            return Err(failed(git2::Error::from_str("the object is not a tree")));
        }
        let data = TreeData::new(object.data());
        self.cache.borrow_mut().insert(id, Rc::clone(&data));
        Ok(Tree { id, data })
    }
}

impl Cache {
    fn insert(&mut self, id: Oid, data: Rc<TreeData>) {
        let size = data.bytes.len();
        if size > CACHE_BYTES {
            return;
        }
        self.bytes += size;
        self.trees.insert(id, data);
        self.order.push_back(id);
        while self.bytes > CACHE_BYTES {
            let Some(oldest) = self.order.pop_front() else { break };
            if let Some(dropped) = self.trees.remove(&oldest) {
                self.bytes -= dropped.bytes.len();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry_bytes(mode: &str, name: &str, id: u8) -> Vec<u8> {
        let mut bytes = format!("{mode} {name}\0").into_bytes();
        bytes.extend([id; ID_LEN]);
        bytes
    }

    fn tree(parts: &[Vec<u8>]) -> Tree {
        Tree { id: Oid::ZERO_SHA1, data: TreeData::new(&parts.concat()) }
    }

    #[test]
    fn entries_are_read_in_order_and_submodules_are_skipped() {
        let tree = tree(&[
            entry_bytes("100644", "a.yaml", 1),
            entry_bytes("160000", "module", 2),
            entry_bytes("40000", "partners", 3),
            entry_bytes("120000", "link", 4),
            entry_bytes("100755", "run", 5),
        ]);
        let read: Vec<(String, EntryKind, u8)> = tree
            .entries()
            .map(|entry| {
                let entry = entry.expect("well-formed");
                (String::from_utf8_lossy(entry.name).into_owned(), entry.kind, entry.raw_id[0])
            })
            .collect();
        assert_eq!(
            read,
            [
                ("a.yaml".to_owned(), EntryKind::File, 1),
                ("partners".to_owned(), EntryKind::Tree, 3),
                ("link".to_owned(), EntryKind::Symlink, 4),
                ("run".to_owned(), EntryKind::File, 5),
            ]
        );
        assert_eq!(tree.get(b"partners").expect("readable").map(|entry| entry.raw_id[0]), Some(3));
        assert_eq!(tree.get(b"missing").expect("readable"), None);
    }

    #[test]
    fn find_searches_in_gits_order_where_folders_sort_with_a_slash() {
        // Git's order: `a-b` (file), `a.txt`, `a/` (folder), `a0`, `b` (submodule).
        let tree = tree(&[
            entry_bytes("100644", "a-b", 1),
            entry_bytes("100644", "a.txt", 2),
            entry_bytes("40000", "a", 3),
            entry_bytes("100644", "a0", 4),
            entry_bytes("160000", "b", 5),
        ]);
        let found = |name: &str, folder: bool| {
            tree.find(name.as_bytes(), folder).expect("well-formed").map(|entry| entry.raw_id[0])
        };
        assert_eq!(found("a-b", false), Some(1));
        assert_eq!(found("a.txt", false), Some(2));
        assert_eq!(found("a", true), Some(3));
        assert_eq!(found("a", false), None, "`a` is a folder");
        assert_eq!(found("a0", false), Some(4));
        assert_eq!(found("b", false), None, "a submodule is not a file");
        assert_eq!(found("c", false), None);
    }

    #[test]
    fn malformed_trees_end_in_an_error_not_a_panic() {
        let good = entry_bytes("100644", "a", 1);
        let cases: Vec<Vec<u8>> = vec![
            b"100644 a".to_vec(),
            b"100644 a\0short".to_vec(),
            entry_bytes("1x0644", "a", 1),
            entry_bytes("", "a", 1),
            entry_bytes("100644", "", 1),
            [good.clone(), b"40000".to_vec()].concat(),
        ];
        for case in cases {
            let tree = Tree { id: Oid::ZERO_SHA1, data: TreeData::new(&case) };
            let results: Vec<_> = tree.entries().collect();
            assert!(
                results.last().is_some_and(Result::is_err),
                "{:?} should end in an error",
                String::from_utf8_lossy(&case)
            );
            assert!(tree.find(b"a", false).is_err(), "a lookup in it is an error too");
        }
    }

    #[test]
    fn the_cache_drops_the_oldest_trees_past_its_budget() {
        let mut cache = Cache::default();
        let big = CACHE_BYTES / 2 + 1;
        let id = |byte: u8| Oid::from_bytes(&[byte; ID_LEN]).expect("20 bytes");
        cache.insert(id(1), TreeData::new(&vec![0; big]));
        cache.insert(id(2), TreeData::new(&vec![0; big]));
        assert!(!cache.trees.contains_key(&id(1)));
        assert!(cache.trees.contains_key(&id(2)));
        assert_eq!(cache.bytes, big);
        cache.insert(id(3), TreeData::new(&vec![0; CACHE_BYTES + 1]));
        assert!(!cache.trees.contains_key(&id(3)), "a tree over the whole budget is not kept");
    }
}
