//! Records git objects that could not be read while history was replayed, so a command
//! can stop with an environment error instead of reporting states computed without them.

use std::sync::{Mutex, PoisonError};

use git2::Oid;

/// Names a blob git could not read, and the registry path it was read for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableBlob {
    /// The blob id.
    pub blob: Oid,
    /// The registry-relative path it was read as.
    pub path: String,
    /// Git's reason, as it said it.
    pub reason: String,
}

/// The first unreadable blob since the last `take`; one process reads one repository.
static FIRST_UNREADABLE: Mutex<Option<UnreadableBlob>> = Mutex::new(None);

/// Records a blob that could not be read; only the first one is kept.
pub fn record(blob: Oid, path: &str, reason: &str) {
    let mut slot = FIRST_UNREADABLE.lock().unwrap_or_else(PoisonError::into_inner);
    if slot.is_none() {
        *slot = Some(UnreadableBlob { blob, path: path.to_owned(), reason: reason.to_owned() });
    }
}

/// Says whether a blob was recorded since the last `take`, leaving the record in place.
pub fn any() -> bool {
    FIRST_UNREADABLE.lock().unwrap_or_else(PoisonError::into_inner).is_some()
}

/// Returns the first blob recorded since the last call, and clears the record.
pub fn take() -> Option<UnreadableBlob> {
    FIRST_UNREADABLE.lock().unwrap_or_else(PoisonError::into_inner).take()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_first_blob_until_taken() {
        let first = Oid::from_bytes(&[1; 20]).expect("20 bytes are an oid");
        let second = Oid::from_bytes(&[2; 20]).expect("20 bytes are an oid");
        take();
        record(first, "registry.yaml", "bad zlib");
        record(second, "defects.yaml", "bad zlib");
        let taken = take().expect("one was recorded");
        assert_eq!((taken.blob, taken.path.as_str()), (first, "registry.yaml"));
        assert_eq!(take(), None, "taking clears the record");
    }
}
