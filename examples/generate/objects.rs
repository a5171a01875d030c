//! Writes git objects to an in-memory pack and flushes the batch as one deltified pack file
//! every so many commits, so a long history neither writes one loose file per object nor
//! holds it all in memory.

use std::io::Write as _;

use git2::{Buf, Mempack, ObjectType, Odb, Oid, Repository};

/// Who made a commit and when; the time zone is always +07:00.
pub struct Person {
    /// The login, or the reviewer's login.
    pub name: String,
    pub email: String,
    /// Seconds since the Unix epoch.
    pub seconds: i64,
}

/// The batch's objects, kept apart from the repository on disk: the in-memory object
/// database answers the existence check of every write without looking at the pack folder.
pub struct Objects<'store> {
    /// Wraps the in-memory object database, for the pack builder.
    store: &'store Repository,
    odb: &'store Odb<'store>,
    mempack: Mempack<'store>,
    /// The repository the packs are written to.
    target: &'store Repository,
    /// Objects written since the last flush, with the path the pack's delta search pairs
    /// versions of one file or folder by.
    commits: Vec<Oid>,
    trees: Vec<(Oid, String)>,
    blobs: Vec<(Oid, String)>,
    batch: usize,
    packs: usize,
}

impl<'store> Objects<'store> {
    /// Writes to `mempack` (the only backend of `store`'s object database) and flushes a
    /// pack into `target` every `batch` commits.
    pub fn new(
        store: &'store Repository,
        odb: &'store Odb<'store>,
        mempack: Mempack<'store>,
        target: &'store Repository,
        batch: usize,
    ) -> Self {
        Self {
            store,
            odb,
            mempack,
            target,
            commits: Vec::new(),
            trees: Vec::new(),
            blobs: Vec::new(),
            batch,
            packs: 0,
        }
    }

    /// Writes a blob of the file at `path`.
    pub fn blob(&mut self, bytes: &[u8], path: &str) -> Result<Oid, git2::Error> {
        let id = self.odb.write(ObjectType::Blob, bytes)?;
        self.blobs.push((id, path.to_owned()));
        Ok(id)
    }

    /// Writes a tree from its serialized entries; `path` names its folder.
    pub fn tree(&mut self, bytes: &[u8], path: &str) -> Result<Oid, git2::Error> {
        let id = self.odb.write(ObjectType::Tree, bytes)?;
        self.trees.push((id, path.to_owned()));
        Ok(id)
    }

    /// Writes a commit of `tree` on `parents`, authored and committed by `person`, byte for
    /// byte as `git2::Repository::commit` would, and flushes the batch when it is full.
    pub fn commit(
        &mut self,
        tree: Oid,
        parents: &[Oid],
        person: &Person,
        message: &str,
    ) -> Result<Oid, git2::Error> {
        let mut text = format!("tree {tree}\n");
        for parent in parents {
            text.push_str(&format!("parent {parent}\n"));
        }
        for header in ["author", "committer"] {
            text.push_str(&format!(
                "{header} {} <{}> {} +0700\n",
                person.name, person.email, person.seconds
            ));
        }
        text.push('\n');
        text.push_str(message);
        let id = self.odb.write(ObjectType::Commit, text.as_bytes())?;
        self.commits.push(id);
        if self.commits.len() >= self.batch {
            self.flush()?;
        }
        Ok(id)
    }

    /// Packs written so far.
    pub fn packs(&self) -> usize {
        self.packs
    }

    /// Writes every pending object to a pack file with its index, newest first as the pack
    /// builder asks, and empties the in-memory database.
    pub fn flush(&mut self) -> Result<(), git2::Error> {
        if self.commits.is_empty() && self.trees.is_empty() && self.blobs.is_empty() {
            return Ok(());
        }
        let mut builder = self.store.packbuilder()?;
        for id in self.commits.iter().rev() {
            builder.insert_object(*id, None)?;
        }
        for (id, path) in self.trees.iter().rev().chain(self.blobs.iter().rev()) {
            builder.insert_object(*id, Some(path))?;
        }
        let mut pack = Buf::new();
        builder.write_buf(&mut pack)?;
        drop(builder);
        let odb = self.target.odb()?;
        let mut writer = odb.packwriter()?;
        writer.write_all(&pack).map_err(|error| git2::Error::from_str(&error.to_string()))?;
        writer.commit()?;
        self.mempack.reset()?;
        self.commits.clear();
        self.trees.clear();
        self.blobs.clear();
        self.packs += 1;
        Ok(())
    }
}
