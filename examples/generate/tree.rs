//! Holds registry trees in memory as shared, copy-on-write folders and writes only the
//! folders a commit changed, serializing each tree's bytes directly in git's entry order.

use std::collections::BTreeMap;
use std::rc::Rc;

use git2::Oid;

use crate::objects::Objects;

/// Git's file mode of a folder and of a regular file, as written in a tree.
const TREE_MODE: &[u8] = b"40000 ";
const FILE_MODE: &[u8] = b"100644 ";

/// One folder: its entries and, once written, its tree id.
///
/// Entries are keyed by git's sort key, the name with a `/` appended for a folder, so the
/// map's byte order is the order git requires in a tree. Keys are shared strings: copying
/// a folder that a branch and the production line share (the 1,755 entries of `partners/`
/// at 100k files) then copies no names.
#[derive(Debug, Clone, Default)]
pub struct Folder {
    entries: BTreeMap<Rc<str>, Node>,
    written: Option<Oid>,
}

#[derive(Debug, Clone)]
enum Node {
    File(Oid),
    Folder(Rc<Folder>),
}

impl Folder {
    /// Sets the file at `path` (`/`-separated) to `blob`, creating folders on the way.
    pub fn set(self: &mut Rc<Self>, path: &str, blob: Oid) {
        let folder = Rc::make_mut(self);
        folder.written = None;
        match path.split_once('/') {
            None => {
                folder.entries.remove(format!("{path}/").as_str());
                folder.entries.insert(path.into(), Node::File(blob));
            }
            Some((name, rest)) => {
                let key = format!("{name}/");
                if !folder.entries.contains_key(key.as_str()) {
                    folder.entries.remove(name);
                    folder.entries.insert(key.as_str().into(), Node::Folder(Rc::default()));
                }
                if let Some(Node::Folder(child)) = folder.entries.get_mut(key.as_str()) {
                    child.set(rest, blob);
                }
            }
        }
    }

    /// Writes every folder changed since it was last written and returns the tree id;
    /// `path` names the folder (empty at the root) for the pack's delta search.
    pub fn write(
        self: &mut Rc<Self>,
        path: &str,
        objects: &mut Objects<'_>,
    ) -> Result<Oid, git2::Error> {
        if let Some(id) = self.written {
            return Ok(id);
        }
        let folder = Rc::make_mut(self);
        let mut bytes = Vec::with_capacity(folder.entries.len() * 48);
        for (key, node) in &mut folder.entries {
            let (mode, name, id) = match node {
                Node::File(blob) => (FILE_MODE, &**key, *blob),
                Node::Folder(child) => {
                    let name = &key[..key.len() - 1];
                    let child_path =
                        if path.is_empty() { name.to_owned() } else { format!("{path}/{name}") };
                    (TREE_MODE, name, child.write(&child_path, objects)?)
                }
            };
            bytes.extend_from_slice(mode);
            bytes.extend_from_slice(name.as_bytes());
            bytes.push(0);
            bytes.extend_from_slice(id.as_bytes());
        }
        let id = objects.tree(&bytes, path)?;
        folder.written = Some(id);
        Ok(id)
    }
}
