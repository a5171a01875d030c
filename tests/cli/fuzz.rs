//! No input crashes `validate`: every fixture, and a few hundred deterministic
//! pseudo-random files at document paths, through the library and a few through the binary.

use std::panic::{self, AssertUnwindSafe};

use miniapp::registry::{Entry, Snapshot};

use crate::support;

const TARGETS: [&str; 4] = [
    "partners/acme/partner.yaml",
    "partners/acme/apps/shop/app.yaml",
    "partners/acme/apps/shop/rollouts/1.0.0.yaml",
    "partners/acme/apps/shop/reviews/1.0.0.yaml",
];

/// Characters YAML gives meaning to, and some it refuses, for text that reaches the parser.
const ALPHABET: &[u8] = b"abcz019-_.:,[]{}&*!|>'\"#%@`? \n\n\n  \t\r<<~\\/";

/// A xorshift64* generator: the same seed gives the same files on every machine.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, bound: usize) -> usize {
        usize::try_from(self.next() % bound.max(1) as u64).expect("below a usize bound")
    }
}

/// Makes one input: random bytes, random YAML-ish text, or a mutated base document.
fn input(random: &mut Random, base: &[u8]) -> Vec<u8> {
    let length = random.below(400);
    match random.below(4) {
        0 => (0..length).map(|_| random.next() as u8).collect(),
        1 => (0..length).map(|_| ALPHABET[random.below(ALPHABET.len())]).collect(),
        2 => {
            let mut bytes = base.to_vec();
            for _ in 0..=random.below(8) {
                let at = random.below(bytes.len());
                if let Some(byte) = bytes.get_mut(at) {
                    *byte = ALPHABET[random.below(ALPHABET.len())];
                }
            }
            bytes
        }
        _ => {
            let cut = random.below(base.len());
            let mut bytes = base[..cut].to_vec();
            bytes.extend_from_slice(&base[random.below(base.len())..]);
            bytes
        }
    }
}

fn base_snapshot() -> Snapshot {
    let root = support::compose(&support::fixtures().join("valid").join("base"));
    Snapshot::from_dir(root.path()).expect("a readable base registry")
}

#[test]
fn validate_survives_every_fixture() {
    for group in ["valid", "invalid"] {
        for case in support::cases(group) {
            let root = support::compose(&case);
            let snapshot = Snapshot::from_dir(root.path()).expect("a readable composed registry");
            let outcome = panic::catch_unwind(|| miniapp::validate::validate(&snapshot));
            assert!(outcome.is_ok(), "validate panicked on {}", case.display());
        }
    }
}

#[test]
fn validate_survives_pseudo_random_documents() {
    let base = base_snapshot();
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    for round in 0..400 {
        let target = TARGETS[round % TARGETS.len()];
        let original = base.file(target).unwrap_or(b"apiVersion: miniapp.momo.vn/v1\n");
        let bytes = input(&mut random, original);
        let mut snapshot = base.clone();
        snapshot.insert(target, Entry::File(bytes.clone()));
        let outcome =
            panic::catch_unwind(AssertUnwindSafe(|| miniapp::validate::validate(&snapshot)));
        assert!(
            outcome.is_ok(),
            "validate panicked on round {round} at `{target}` with {:?}",
            String::from_utf8_lossy(&bytes)
        );
    }
}

#[test]
fn the_binary_exits_zero_or_one_on_pseudo_random_documents() {
    let mut random = Random(0x0123_4567_89ab_cdef);
    let base = base_snapshot();
    for round in 0..6 {
        let root = support::compose(&support::fixtures().join("valid").join("base"));
        let target = TARGETS[round % TARGETS.len()];
        let original = base.file(target).unwrap_or(b"kind: Review\n");
        let path = root.path().join(target);
        std::fs::create_dir_all(path.parent().expect("a document has a folder"))
            .expect("a writable temp folder");
        std::fs::write(&path, input(&mut random, original)).expect("a writable temp folder");
        let output = support::miniapp()
            .args(["validate", "-C"])
            .arg(root.path())
            .output()
            .expect("miniapp runs");
        let code = output.status.code();
        assert!(matches!(code, Some(0 | 1)), "round {round}: exit {code:?}: {output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "round {round}: {stderr}");
    }
}
