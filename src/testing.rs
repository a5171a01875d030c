//! Test support: git histories built in a temp dir with fixed signatures and times,
//! and small registry files. Compiled only for tests.

use std::collections::BTreeMap;

use git2::{Oid, Repository, Signature, Time};

/// Builds a repository commit by commit from an in-memory tree.
pub struct TestRepo {
    /// Keeps the temp dir alive as long as the repository.
    dir: tempfile::TempDir,
    /// The repository.
    pub repository: Repository,
    files: BTreeMap<String, (Vec<u8>, i32)>,
    clock: i64,
}

impl TestRepo {
    /// Creates an empty repository whose first commit will be on `main`.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let repository = Repository::init(dir.path()).expect("init");
        repository.set_head("refs/heads/main").expect("set head");
        Self { dir, repository, files: BTreeMap::new(), clock: 1_767_225_600 }
    }

    /// Returns the repository's work tree folder.
    pub fn path(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// Sets a file's content in the working state.
    pub fn write(&mut self, path: &str, content: impl AsRef<[u8]>) -> &mut Self {
        self.files.insert(path.to_owned(), (content.as_ref().to_vec(), 0o100644));
        self
    }

    /// Sets a symbolic link in the working state.
    pub fn symlink(&mut self, path: &str, target: &str) -> &mut Self {
        self.files.insert(path.to_owned(), (target.as_bytes().to_vec(), 0o120000));
        self
    }

    /// Removes a file from the working state.
    pub fn remove(&mut self, path: &str) -> &mut Self {
        self.files.remove(path);
        self
    }

    /// Commits the working state on the current branch as `name <email>`, an hour after
    /// the previous commit.
    pub fn commit(&mut self, name: &str, email: &str, message: &str) -> Oid {
        let parents = self.head_commit().into_iter().collect::<Vec<_>>();
        self.commit_with_parents(name, email, message, &parents)
    }

    /// Commits the working state with the given parents (two for a merge).
    pub fn commit_with_parents(
        &mut self,
        name: &str,
        email: &str,
        message: &str,
        parents: &[Oid],
    ) -> Oid {
        self.clock += 3600;
        let signature = Signature::new(name, email, &Time::new(self.clock, 420)).expect("sig");
        let tree = self.build_tree();
        let parents: Vec<git2::Commit<'_>> =
            parents.iter().map(|id| self.repository.find_commit(*id).expect("parent")).collect();
        let parent_refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        let tree = self.repository.find_tree(tree).expect("tree");
        self.repository
            .commit(Some("HEAD"), &signature, &signature, message, &tree, &parent_refs)
            .expect("commit")
    }

    /// Creates a branch at HEAD and switches to it, keeping the working state.
    pub fn branch(&mut self, name: &str) -> &mut Self {
        let head = self.head_commit().expect("a commit to branch from");
        {
            let commit = self.repository.find_commit(head).expect("head commit");
            self.repository.branch(name, &commit, true).expect("branch");
        }
        self.switch(name)
    }

    /// Switches to a branch and loads its tree as the working state.
    pub fn switch(&mut self, name: &str) -> &mut Self {
        self.repository.set_head(&format!("refs/heads/{name}")).expect("set head");
        self.files.clear();
        if let Some(head) = self.head_commit() {
            let tree = self.repository.find_commit(head).expect("commit").tree().expect("tree");
            let repository = &self.repository;
            let files = &mut self.files;
            tree.walk(git2::TreeWalkMode::PreOrder, |root, entry| {
                if entry.kind() == Some(git2::ObjectType::Blob) {
                    let blob = repository.find_blob(entry.id()).expect("blob");
                    let path = format!("{root}{}", entry.name().expect("utf-8 name"));
                    files.insert(path, (blob.content().to_vec(), entry.filemode()));
                }
                git2::TreeWalkResult::Ok
            })
            .expect("walk");
        }
        self
    }

    /// Returns the id of HEAD's commit, if any.
    pub fn head_commit(&self) -> Option<Oid> {
        self.repository.head().ok().and_then(|head| head.target())
    }

    fn build_tree(&self) -> Oid {
        let mut root = Folder::default();
        for (path, (content, mode)) in &self.files {
            let blob = self.repository.blob(content).expect("blob");
            let mut folder = &mut root;
            let mut parts: Vec<&str> = path.split('/').collect();
            let name = parts.pop().expect("a file name");
            for part in parts {
                folder = folder.folders.entry(part.to_owned()).or_default();
            }
            folder.files.insert(name.to_owned(), (blob, *mode));
        }
        root.write(&self.repository)
    }
}

#[derive(Default)]
struct Folder {
    folders: BTreeMap<String, Folder>,
    files: BTreeMap<String, (Oid, i32)>,
}

impl Folder {
    fn write(&self, repository: &Repository) -> Oid {
        let mut builder = repository.treebuilder(None).expect("tree builder");
        for (name, folder) in &self.folders {
            builder.insert(name, folder.write(repository), 0o040000).expect("insert tree");
        }
        for (name, (blob, mode)) in &self.files {
            builder.insert(name, *blob, *mode).expect("insert blob");
        }
        builder.write().expect("write tree")
    }
}

/// Returns a valid, square, grayscale PNG of the given side (stored, uncompressed deflate).
pub fn png(side: u32) -> Vec<u8> {
    let mut raw = Vec::new();
    for _ in 0..side {
        raw.push(0); // filter type: none
        raw.extend(std::iter::repeat_n(0x80u8, side as usize));
    }
    let mut zlib = vec![0x78, 0x01];
    let chunks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (index, chunk) in chunks.iter().enumerate() {
        zlib.push(u8::from(index + 1 == chunks.len()));
        let len = chunk.len() as u16;
        zlib.extend(len.to_le_bytes());
        zlib.extend((!len).to_le_bytes());
        zlib.extend(*chunk);
    }
    zlib.extend(adler32(&raw).to_be_bytes());

    let mut ihdr = Vec::new();
    ihdr.extend(side.to_be_bytes());
    ihdr.extend(side.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(&b"IHDR"[..], ihdr), (&b"IDAT"[..], zlib), (&b"IEND"[..], Vec::new())] {
        png.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(&data);
        png.extend(&body);
        png.extend(crc32(&body).to_be_bytes());
    }
    png
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for byte in data {
        a = (a + u32::from(*byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}
