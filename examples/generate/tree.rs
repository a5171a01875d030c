//! Holds registry trees in memory as shared, copy-on-write folders and writes only the
//! folders a commit changed; objects go to an in-memory pack flushed to disk in batches.

use std::collections::BTreeMap;
use std::rc::Rc;

use git2::{Buf, Mempack, Oid, Repository};

/// Git's file mode of a folder and of a regular file.
const TREE_MODE: i32 = 0o040000;
const FILE_MODE: i32 = 0o100644;

/// One folder: its entries and, once written, its tree id.
#[derive(Debug, Clone, Default)]
pub struct Folder {
    entries: BTreeMap<String, Node>,
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
                folder.entries.insert(path.to_owned(), Node::File(blob));
            }
            Some((name, rest)) => {
                let child = folder
                    .entries
                    .entry(name.to_owned())
                    .or_insert_with(|| Node::Folder(Rc::new(Folder::default())));
                if let Node::File(_) = child {
                    *child = Node::Folder(Rc::new(Folder::default()));
                }
                if let Node::Folder(child) = child {
                    child.set(rest, blob);
                }
            }
        }
    }

    /// Writes every folder changed since it was last written and returns the tree id.
    pub fn write(self: &mut Rc<Self>, repo: &Repository) -> Result<Oid, git2::Error> {
        if let Some(id) = self.written {
            return Ok(id);
        }
        let folder = Rc::make_mut(self);
        let mut builder = repo.treebuilder(None)?;
        for (name, node) in &mut folder.entries {
            match node {
                Node::File(blob) => builder.insert(name, *blob, FILE_MODE)?,
                Node::Folder(child) => builder.insert(name, child.write(repo)?, TREE_MODE)?,
            };
        }
        let id = builder.write()?;
        folder.written = Some(id);
        Ok(id)
    }
}

/// Sends new objects to an in-memory pack and writes it as a pack file every `batch` commits,
/// so a long history neither writes one loose file per object nor holds it all in memory.
pub struct Objects<'repo> {
    repo: &'repo Repository,
    mempack: Mempack<'repo>,
    batch: usize,
    pending: usize,
}

impl<'repo> Objects<'repo> {
    /// Routes the repository's writes to a new in-memory pack.
    pub fn new(
        repo: &'repo Repository,
        odb: &'repo git2::Odb<'repo>,
        batch: usize,
    ) -> Result<Self, git2::Error> {
        let mempack = odb.add_new_mempack_backend(1000)?;
        Ok(Self { repo, mempack, batch, pending: 0 })
    }

    /// Counts a commit and flushes the batch when it is full.
    pub fn committed(&mut self) -> Result<(), git2::Error> {
        self.pending += 1;
        if self.pending >= self.batch {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes every pending object to a pack file with its index.
    pub fn flush(&mut self) -> Result<(), git2::Error> {
        if self.pending == 0 {
            return Ok(());
        }
        let mut pack = Buf::new();
        self.mempack.dump(self.repo, &mut pack)?;
        let odb = self.repo.odb()?;
        let mut writer = odb.packwriter()?;
        std::io::Write::write_all(&mut writer, &pack)
            .map_err(|error| git2::Error::from_str(&error.to_string()))?;
        writer.commit()?;
        self.mempack.reset()?;
        self.pending = 0;
        Ok(())
    }
}
