//! The incremental cache of `status` and `history`: the production line replayed up to a
//! commit, and the open rollouts of each branch, stored in `.git/miniapp/cache-v2.bin`.
//! Commit ids name whole histories, so an entry is reused only for the exact commits it
//! names; any other history, and any unreadable file, means a cold replay. Deleting the file
//! is always safe.

mod codec;

use std::path::PathBuf;

use git2::Oid;

use crate::history::Repository;
use crate::lifecycle::replay::{Line, Track};
use crate::lifecycle::{ItemId, Transition};

use codec::{Corrupt, Decoder, Encoder};

/// Version of the byte format; a file of another version is ignored.
const FORMAT: u32 = 2;

/// Holds what a previous run computed.
pub(super) struct Cache {
    /// The production line's last replayed commit.
    pub(super) tip: Oid,
    /// The production line replayed up to `tip`.
    pub(super) line: Line,
    /// Open rollouts of the branches read then.
    pub(super) branches: Vec<BranchEntry>,
}

/// Holds the rollouts a branch may report, for its tip and its merge base with production.
#[derive(Debug, Clone)]
pub(super) struct BranchEntry {
    /// The branch's tip.
    pub(super) tip: Oid,
    /// Its merge base with the production tip the candidates were picked against.
    pub(super) base: Option<Oid>,
    /// Rollouts changed on the branch or cancelled there.
    pub(super) candidates: Vec<Candidate>,
}

/// Holds a rollout a branch changed or cancelled, with its timeline on that branch.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    /// The rollout.
    pub(super) id: ItemId,
    /// Its timeline on the branch.
    pub(super) timeline: Vec<Transition>,
    /// Its review rounds on the branch.
    pub(super) revisions: u32,
    /// Whether the branch holds other content for it than the merge base.
    pub(super) changed: bool,
}

/// Returns where a repository's cache lives.
pub(super) fn path(repo: &Repository) -> PathBuf {
    repo.git_dir().join("miniapp").join(format!("cache-v{FORMAT}.bin"))
}

/// The first bytes of a valid file: format, miniapp version and registry folder, since a
/// cache written by another version or for another registry folder must not be read.
fn header(repo: &Repository) -> Vec<u8> {
    format!(
        "miniapp lifecycle cache\nformat {FORMAT}\nminiapp {}\nregistry `{}`\n",
        env!("CARGO_PKG_VERSION"),
        repo.prefix()
    )
    .into_bytes()
}

/// Reads the cache; a missing, unreadable or corrupt file is ignored with a debug log, and so
/// is anything at its path that is not a regular file: reading a FIFO would wait for ever, and
/// a link to `/dev/zero` would fill the memory.
pub(super) fn load(repo: &Repository) -> Option<Cache> {
    let path = path(repo);
    let read = match std::fs::metadata(&path) {
        Ok(metadata) if metadata.is_file() => std::fs::read(&path),
        Ok(_) => Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file")),
        Err(error) => Err(error),
    };
    let bytes = match read {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::debug!(path = %path.display(), %error, "no lifecycle cache read");
            return None;
        }
    };
    match decode(&bytes, &header(repo)) {
        Ok(cache) => {
            tracing::debug!(path = %path.display(), tip = %cache.tip, "read the lifecycle cache");
            Some(cache)
        }
        Err(error) => {
            tracing::debug!(path = %path.display(), %error, "ignored the lifecycle cache");
            None
        }
    }
}

/// Writes the cache through a temporary file; a failure is logged, never reported, since
/// the cache only saves time.
pub(super) fn save(repo: &Repository, tip: Oid, line: &Line, branches: &[BranchEntry]) {
    let path = path(repo);
    let temporary = path.with_extension(format!("tmp-{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        let mut file = std::io::BufWriter::new(std::fs::File::create(&temporary)?);
        encode(&header(repo), tip, line, branches, &mut file)?;
        // No sync: a file cut short by a crash fails its checksum and is ignored.
        std::io::Write::flush(&mut file)?;
        std::fs::rename(&temporary, &path)
    };
    match write() {
        Ok(()) => tracing::debug!(path = %path.display(), "wrote the lifecycle cache"),
        Err(error) => {
            let _ = std::fs::remove_file(&temporary);
            tracing::debug!(path = %path.display(), %error, "could not write the lifecycle cache");
        }
    }
}

fn encode(
    header: &[u8],
    tip: Oid,
    line: &Line,
    branches: &[BranchEntry],
    file: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let mut out = Encoder::default();
    out.oid(tip);
    let (files, items) = (&line.files, &line.items);
    out.u8(u8::from(items.production));
    out.count(files.blobs().count());
    for (path, blob) in files.blobs() {
        out.string(path);
        out.oid(blob);
    }
    // Sorted, as the reached commits below, so the same history always writes the same bytes.
    let mut reviews: Vec<(&str, Oid, Oid)> = files.reviews().collect();
    reviews.sort_unstable();
    out.count(reviews.len());
    for (path, review, content) in reviews {
        out.string(path);
        out.oid(review);
        out.oid(content);
    }
    out.count(items.tracks().len());
    for (id, track) in items.tracks() {
        out.item(id);
        out.timeline(&track.timeline);
        out.u32(track.revisions);
        out.u8(u8::from(track.seen));
        out.u8(u8::from(track.on_line));
        out.option_oid(track.landed);
        out.standing(track.standing);
    }
    out.count(items.ledger().count());
    for ((partner, app, part), holder) in items.ledger() {
        out.string(partner);
        out.string(app);
        out.part(*part);
        out.string(holder);
    }
    out.count(files.reached().len());
    let mut reached: Vec<Oid> = files.reached().iter().copied().collect();
    reached.sort_unstable();
    for id in reached {
        out.oid(id);
    }
    out.count(branches.len());
    for branch in branches {
        out.oid(branch.tip);
        out.option_oid(branch.base);
        out.count(branch.candidates.len());
        for candidate in &branch.candidates {
            out.item(&candidate.id);
            out.timeline(&candidate.timeline);
            out.u32(candidate.revisions);
            out.u8(u8::from(candidate.changed));
        }
    }
    out.finish(header, file)
}

fn decode(bytes: &[u8], header: &[u8]) -> Result<Cache, Corrupt> {
    let mut input = Decoder::new(bytes, header)?;
    let tip = input.oid()?;
    let Line { mut files, mut items } = Line::new(input.u8()? == 1);
    for _ in 0..input.count(24)? {
        let path = input.string()?;
        files.set_blob(&path, Some(input.oid()?));
    }
    for _ in 0..input.count(44)? {
        let path = input.string()?;
        files.record_review(&path, input.oid()?, input.oid()?);
    }
    for _ in 0..input.count(17)? {
        let id = input.item()?;
        let track = Track {
            timeline: input.timeline()?,
            revisions: input.u32()?,
            seen: input.u8()? == 1,
            on_line: input.u8()? == 1,
            landed: input.option_oid()?,
            standing: input.standing()?,
        };
        *items.track_mut(&id) = track;
    }
    for _ in 0..input.count(13)? {
        let key = (input.string()?, input.string()?, input.part()?);
        items.set_holder(key, input.string()?);
    }
    for _ in 0..input.count(20)? {
        files.reach(input.oid()?);
    }
    let mut branches = Vec::new();
    for _ in 0..input.count(25)? {
        let (tip, base) = (input.oid()?, input.option_oid()?);
        let mut candidates = Vec::new();
        for _ in 0..input.count(14)? {
            candidates.push(Candidate {
                id: input.item()?,
                timeline: input.timeline()?,
                revisions: input.u32()?,
                changed: input.u8()? == 1,
            });
        }
        branches.push(BranchEntry { tip, base, candidates });
    }
    if !input.is_done() {
        return Err(Corrupt("trailing bytes"));
    }
    Ok(Cache { tip, line: Line { files, items }, branches })
}

#[cfg(test)]
mod tests;
