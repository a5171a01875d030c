//! Snapshot reading: special files, folders at file places, size caps and read failures
//! become entries, and only the root failing is an error.

use std::fs;
use std::process::Command;

use super::*;

const ROLLOUTS: &str = "partners/acme/apps/shop/rollouts";

fn registry() -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("a temp folder");
    fs::create_dir_all(root.path().join(ROLLOUTS)).expect("a rollouts folder");
    fs::write(root.path().join("registry.yaml"), "kind: Registry\n").expect("a written file");
    root
}

#[test]
fn a_fifo_is_recorded_and_never_opened() {
    let root = registry();
    let fifo = root.path().join(ROLLOUTS).join("2.0.0.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    let snapshot = Snapshot::from_dir(root.path()).expect("a readable root");
    let key = format!("{ROLLOUTS}/2.0.0.yaml");
    assert_eq!(snapshot.get(&key), Some(&Entry::NotAFile(Special::Fifo)));
    assert_eq!(snapshot.file("registry.yaml"), Some(&b"kind: Registry\n"[..]));
}

#[test]
fn a_folder_counts_only_at_a_file_place() {
    let root = registry();
    fs::create_dir(root.path().join(ROLLOUTS).join("1.1.0.yaml")).expect("a folder");
    fs::create_dir(root.path().join("partners/acme/apps/shop/icon.png")).expect("a folder");
    let snapshot = Snapshot::from_dir(root.path()).expect("a readable root");
    let folders: Vec<&str> = snapshot
        .iter()
        .filter(|(_, entry)| **entry == Entry::NotAFile(Special::Folder))
        .map(|(path, _)| path)
        .collect();
    assert_eq!(
        folders,
        ["partners/acme/apps/shop/icon.png", "partners/acme/apps/shop/rollouts/1.1.0.yaml"]
    );
    assert!(snapshot.get("partners").is_none());
    assert!(snapshot.get(ROLLOUTS).is_none());
}

#[test]
fn a_file_past_its_cap_is_recorded_with_its_size() {
    let root = registry();
    let limit = byte_limit("registry.yaml");
    let big = vec![b'#'; usize::try_from(limit + 1).expect("a small limit")];
    fs::write(root.path().join("defects.yaml"), &big).expect("a written file");
    fs::write(root.path().join("README.md"), b"hello").expect("a written file");
    let snapshot = Snapshot::from_dir(root.path()).expect("a readable root");
    assert_eq!(snapshot.get("defects.yaml"), Some(&Entry::TooLarge { size: limit + 1, limit }));
    assert_eq!(snapshot.file("README.md"), Some(&b"hello"[..]));
}

#[test]
fn the_caps_follow_the_place() {
    assert_eq!(byte_limit("partners/acme/apps/shop/icon.png"), MAX_ICON_BYTES);
    assert_eq!(byte_limit("partners/acme/partner.yaml"), 1024 * 1024);
}

#[test]
fn a_file_gone_between_listing_and_reading_becomes_an_unreadable_entry() {
    let root = registry();
    let listing = Listing::from_dir(root.path()).expect("a readable root");
    fs::remove_file(root.path().join("registry.yaml")).expect("a removable file");
    assert_eq!(
        listing.read("registry.yaml"),
        Some(Entry::Unreadable("cannot read it: it vanished while being read".to_owned()))
    );
    assert_eq!(listing.read("partners/acme/partner.yaml"), None);
}

#[test]
fn a_missing_root_is_the_only_error() {
    let root = registry();
    let missing = root.path().join("nowhere");
    assert!(Snapshot::from_dir(&missing).is_err());
}

#[test]
fn an_unreadable_file_does_not_stop_the_read() {
    use std::os::unix::fs::PermissionsExt;
    let root = registry();
    let locked = root.path().join("partners/acme/partner.yaml");
    fs::write(&locked, "kind: Partner\n").expect("a written file");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod 000");
    let snapshot = Snapshot::from_dir(root.path()).expect("a readable root");
    let entry = snapshot.get("partners/acme/partner.yaml").expect("an entry for the file");
    // Root reads a mode-000 file anyway; anyone else gets an unreadable entry.
    let expected = match fs::read(&locked) {
        Ok(bytes) => Entry::File(bytes),
        Err(_) => Entry::Unreadable("cannot read it: permission denied".to_owned()),
    };
    assert_eq!(entry, &expected);
    assert!(snapshot.file("registry.yaml").is_some());
}
