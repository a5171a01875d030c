//! The cache file's byte format: little-endian integers, length-prefixed UTF-8 strings and
//! raw 20-byte object ids, with every string stored once in a table. Reading never trusts a
//! length: a short or odd file is a `Corrupt` error, never a panic.

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::Arc;

use git2::Oid;
use time::OffsetDateTime;

use crate::history::Person;
use crate::lifecycle::{ItemId, Provenance, ReviewStanding, State, Transition};
use crate::model::{ReviewVerdict, RolloutPart};

/// Says why cache bytes could not be read.
#[derive(Debug, thiserror::Error)]
#[error("the cache is corrupt: {0}")]
pub struct Corrupt(pub &'static str);

/// Every state in a fixed order; a state is stored as its index.
const STATES: [State; 16] = [
    State::PendingVerification,
    State::Verified,
    State::Rejected,
    State::Requested,
    State::Cooperating,
    State::Development,
    State::InReview,
    State::Live,
    State::Updating,
    State::Declined,
    State::Submitted,
    State::ChangesRequested,
    State::Resubmitted,
    State::Approved,
    State::Superseded,
    State::Cancelled,
];

const PARTS: [RolloutPart; 4] =
    [RolloutPart::Info, RolloutPart::Android, RolloutPart::Ios, RolloutPart::Webview];

/// Returns the 64-bit FNV-1a hash of `bytes`, eight bytes at a time for speed; it guards
/// against damage, not against tampering (whoever can write `.git/` can rewrite history).
fn checksum(bytes: &[u8]) -> u64 {
    let mut sum = Checksum::default();
    sum.update(bytes);
    sum.finish()
}

/// Computes `checksum` over bytes that arrive in pieces.
struct Checksum {
    hash: u64,
    /// Bytes of a word not yet complete.
    pending: [u8; 8],
    filled: usize,
}

impl Default for Checksum {
    fn default() -> Self {
        Checksum { hash: 0xcbf2_9ce4_8422_2325, pending: [0; 8], filled: 0 }
    }
}

impl Checksum {
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    fn update(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let taken = bytes.len().min(8 - self.filled);
            self.pending[self.filled..self.filled + taken].copy_from_slice(&bytes[..taken]);
            self.filled += taken;
            bytes = &bytes[taken..];
            if self.filled == 8 {
                let word = u64::from_le_bytes(self.pending);
                self.hash = (self.hash ^ word).wrapping_mul(Self::PRIME);
                self.hash ^= self.hash >> 29;
                self.filled = 0;
            }
        }
    }

    fn finish(mut self) -> u64 {
        for byte in &self.pending[..self.filled] {
            self.hash = (self.hash ^ u64::from(*byte)).wrapping_mul(Self::PRIME);
        }
        self.hash
    }
}

/// Writes bytes through to `out`, summing them on the way.
struct Summed<'w, W: Write> {
    out: &'w mut W,
    sum: Checksum,
}

impl<W: Write> Write for Summed<'_, W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.out.write(bytes)?;
        self.sum.update(&bytes[..written]);
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Collects bytes, interning strings and provenances into tables written first. It borrows
/// every string from what it encodes, so the tables cost no copies of them.
#[derive(Default)]
pub(super) struct Encoder<'a> {
    body: Vec<u8>,
    strings: Vec<&'a str>,
    string_index: HashMap<&'a str, u32>,
    commits: Vec<u8>,
    commit_index: HashMap<(Oid, i64, u32, u32), u32>,
}

impl<'a> Encoder<'a> {
    pub(super) fn u8(&mut self, value: u8) {
        self.body.push(value);
    }

    pub(super) fn u32(&mut self, value: u32) {
        self.body.extend_from_slice(&value.to_le_bytes());
    }

    pub(super) fn count(&mut self, value: usize) {
        self.u32(u32::try_from(value).unwrap_or(u32::MAX));
    }

    pub(super) fn oid(&mut self, id: Oid) {
        self.body.extend_from_slice(id.as_bytes());
    }

    pub(super) fn option_oid(&mut self, id: Option<Oid>) {
        match id {
            Some(id) => {
                self.u8(1);
                self.oid(id);
            }
            None => self.u8(0),
        }
    }

    fn intern(&mut self, text: &'a str) -> u32 {
        if let Some(index) = self.string_index.get(text) {
            return *index;
        }
        let index = u32::try_from(self.strings.len()).unwrap_or(u32::MAX);
        self.strings.push(text);
        self.string_index.insert(text, index);
        index
    }

    pub(super) fn string(&mut self, text: &'a str) {
        let index = self.intern(text);
        self.u32(index);
    }

    pub(super) fn item(&mut self, id: &'a ItemId) {
        match id {
            ItemId::Partner(partner) => {
                self.u8(0);
                self.string(partner);
            }
            ItemId::App(partner, app) => {
                self.u8(1);
                self.string(partner);
                self.string(app);
            }
            ItemId::Rollout(partner, app, rollout) => {
                self.u8(2);
                self.string(partner);
                self.string(app);
                self.string(rollout);
            }
        }
    }

    pub(super) fn state(&mut self, state: State) {
        let index = STATES.iter().position(|known| *known == state).unwrap_or(0);
        self.u8(index as u8);
    }

    pub(super) fn part(&mut self, part: RolloutPart) {
        let index = PARTS.iter().position(|known| *known == part).unwrap_or(0);
        self.u8(index as u8);
    }

    pub(super) fn standing(&mut self, standing: Option<ReviewStanding>) {
        self.u8(match standing {
            None => 0,
            Some(ReviewStanding::Missing) => 1,
            Some(ReviewStanding::Stale) => 2,
            Some(ReviewStanding::Current(ReviewVerdict::Approved)) => 3,
            Some(ReviewStanding::Current(ReviewVerdict::ChangesRequested)) => 4,
        });
    }

    pub(super) fn timeline(&mut self, timeline: &'a [Transition]) {
        self.count(timeline.len());
        for transition in timeline {
            self.state(transition.state);
            let provenance = &transition.provenance;
            let commit = self.commit(provenance);
            self.u32(commit);
            self.string(&provenance.file);
        }
    }

    fn commit(&mut self, provenance: &'a Provenance) -> u32 {
        let name = self.intern(&provenance.author.name);
        let email = self.intern(&provenance.author.email);
        let seconds = provenance.time.unix_timestamp();
        let key = (provenance.commit, seconds, name, email);
        if let Some(index) = self.commit_index.get(&key) {
            return *index;
        }
        let index = u32::try_from(self.commit_index.len()).unwrap_or(u32::MAX);
        self.commits.extend_from_slice(provenance.commit.as_bytes());
        self.commits.extend_from_slice(&seconds.to_le_bytes());
        self.commits.extend_from_slice(&name.to_le_bytes());
        self.commits.extend_from_slice(&email.to_le_bytes());
        self.commit_index.insert(key, index);
        index
    }

    /// Writes the header, the string table, the provenance table, the body, and a checksum
    /// of all of it, since a flipped bit can still read as a well-formed file.
    pub(super) fn finish(self, header: &[u8], out: &mut impl Write) -> io::Result<()> {
        let mut out = Summed { out, sum: Checksum::default() };
        out.write_all(header)?;
        out.write_all(&(self.strings.len() as u32).to_le_bytes())?;
        for text in &self.strings {
            out.write_all(&(text.len() as u32).to_le_bytes())?;
            out.write_all(text.as_bytes())?;
        }
        out.write_all(&(self.commit_index.len() as u32).to_le_bytes())?;
        out.write_all(&self.commits)?;
        out.write_all(&self.body)?;
        let sum = out.sum.finish();
        out.out.write_all(&sum.to_le_bytes())
    }
}

/// Reads what an `Encoder` wrote, checking every length against what is left.
pub(super) struct Decoder<'a> {
    bytes: &'a [u8],
    strings: Vec<&'a str>,
    /// The strings read as provenance files, made once each.
    files: HashMap<u32, Arc<str>>,
    commits: Vec<(Oid, OffsetDateTime, Arc<Person>)>,
}

impl<'a> Decoder<'a> {
    /// Reads the tables that follow `header`.
    pub(super) fn new(bytes: &'a [u8], header: &[u8]) -> Result<Self, Corrupt> {
        let split = bytes.len().checked_sub(8).ok_or(Corrupt("truncated"))?;
        let (bytes, sum) = bytes.split_at(split);
        if sum != checksum(bytes).to_le_bytes() {
            return Err(Corrupt("checksum mismatch"));
        }
        let bytes = bytes.strip_prefix(header).ok_or(Corrupt("unknown header or version"))?;
        let mut decoder =
            Self { bytes, strings: Vec::new(), files: HashMap::new(), commits: Vec::new() };
        let strings = decoder.count(4)?;
        for _ in 0..strings {
            let len = decoder.count(1)?;
            let text = std::str::from_utf8(decoder.take(len)?).map_err(|_| Corrupt("utf-8"))?;
            decoder.strings.push(text);
        }
        let commits = decoder.count(36)?;
        for _ in 0..commits {
            let id = decoder.oid()?;
            let seconds = i64::from_le_bytes(decoder.array()?);
            let time = OffsetDateTime::from_unix_timestamp(seconds).map_err(|_| Corrupt("time"))?;
            let (name, email) = (decoder.u32()?, decoder.u32()?);
            let (name, email) = (decoder.text(name)?.to_owned(), decoder.text(email)?.to_owned());
            decoder.commits.push((id, time, Arc::new(Person { name, email })));
        }
        Ok(decoder)
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], Corrupt> {
        if self.bytes.len() < len {
            return Err(Corrupt("truncated"));
        }
        let (taken, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        Ok(taken)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], Corrupt> {
        let mut array = [0; N];
        array.copy_from_slice(self.take(N)?);
        Ok(array)
    }

    pub(super) fn is_done(&self) -> bool {
        self.bytes.is_empty()
    }

    pub(super) fn u8(&mut self) -> Result<u8, Corrupt> {
        Ok(self.take(1)?[0])
    }

    pub(super) fn u32(&mut self) -> Result<u32, Corrupt> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    /// Reads a count of items of at least `size` bytes each, refusing more than could fit.
    pub(super) fn count(&mut self, size: usize) -> Result<usize, Corrupt> {
        let count = self.u32()? as usize;
        if count.saturating_mul(size) > self.bytes.len() {
            return Err(Corrupt("count past the end"));
        }
        Ok(count)
    }

    pub(super) fn oid(&mut self) -> Result<Oid, Corrupt> {
        Oid::from_bytes(self.take(20)?).map_err(|_| Corrupt("object id"))
    }

    pub(super) fn option_oid(&mut self) -> Result<Option<Oid>, Corrupt> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.oid().map(Some),
            _ => Err(Corrupt("option tag")),
        }
    }

    fn text(&self, index: u32) -> Result<&'a str, Corrupt> {
        self.strings.get(index as usize).copied().ok_or(Corrupt("string index"))
    }

    pub(super) fn string(&mut self) -> Result<String, Corrupt> {
        let index = self.u32()?;
        self.text(index).map(str::to_owned)
    }

    fn file(&mut self) -> Result<Arc<str>, Corrupt> {
        let index = self.u32()?;
        if let Some(file) = self.files.get(&index) {
            return Ok(Arc::clone(file));
        }
        let file: Arc<str> = Arc::from(self.text(index)?);
        self.files.insert(index, Arc::clone(&file));
        Ok(file)
    }

    pub(super) fn item(&mut self) -> Result<ItemId, Corrupt> {
        match self.u8()? {
            0 => Ok(ItemId::Partner(self.string()?)),
            1 => Ok(ItemId::App(self.string()?, self.string()?)),
            2 => Ok(ItemId::Rollout(self.string()?, self.string()?, self.string()?)),
            _ => Err(Corrupt("item tag")),
        }
    }

    pub(super) fn state(&mut self) -> Result<State, Corrupt> {
        STATES.get(self.u8()? as usize).copied().ok_or(Corrupt("state"))
    }

    pub(super) fn part(&mut self) -> Result<RolloutPart, Corrupt> {
        PARTS.get(self.u8()? as usize).copied().ok_or(Corrupt("rollout part"))
    }

    pub(super) fn standing(&mut self) -> Result<Option<ReviewStanding>, Corrupt> {
        Ok(match self.u8()? {
            0 => None,
            1 => Some(ReviewStanding::Missing),
            2 => Some(ReviewStanding::Stale),
            3 => Some(ReviewStanding::Current(ReviewVerdict::Approved)),
            4 => Some(ReviewStanding::Current(ReviewVerdict::ChangesRequested)),
            _ => return Err(Corrupt("review standing")),
        })
    }

    pub(super) fn timeline(&mut self) -> Result<Vec<Transition>, Corrupt> {
        let count = self.count(9)?;
        let mut timeline = Vec::with_capacity(count);
        for _ in 0..count {
            let state = self.state()?;
            let commit = self.u32()?;
            let file = self.file()?;
            let (id, time, author) =
                self.commits.get(commit as usize).ok_or(Corrupt("commit index"))?;
            let provenance =
                Provenance { commit: *id, time: *time, author: Arc::clone(author), file };
            timeline.push(Transition { state, provenance });
        }
        Ok(timeline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checksum_summed_in_pieces_is_the_checksum_of_the_whole() {
        let bytes: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        let whole = checksum(&bytes);
        for split in [1, 3, 7, 8, 9, 500] {
            let mut sum = Checksum::default();
            for piece in bytes.chunks(split) {
                sum.update(piece);
            }
            assert_eq!(sum.finish(), whole, "pieces of {split}");
        }
        assert_ne!(checksum(&bytes[..999]), whole);
    }
}
