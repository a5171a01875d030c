//! The vocabulary of the example's story: the people who commit, and the steps and
//! changes it is told in. The story itself is in `steps`; playing it, in `builder`.

/// Describes a person who commits to the registry, as `registry.yaml` or a
/// `partner.yaml` lists them.
#[derive(Debug)]
pub struct Person {
    /// Display name, used in commit signatures.
    pub name: &'static str,
    /// Email, equal to the one in the YAML so authors link to accounts.
    pub email: &'static str,
}

/// MoMo's registry admin.
pub const QUAN: Person = Person { name: "Trần Minh Quân", email: "quan.tran@momo.example" };
/// MoMo reviewer for `cafe-sang`.
pub const HA: Person = Person { name: "Nguyễn Thu Hà", email: "ha.nguyen@momo.example" };
/// MoMo reviewer for `an-binh-hcm`, `dinh-cao-digital` and `tiem-banh-co-ba`.
pub const NAM: Person = Person { name: "Lê Hoàng Nam", email: "nam.le@momo.example" };
/// Maintainer of `cafe-sang`.
pub const BAO: Person = Person { name: "Phạm Gia Bảo", email: "bao.pham@cafesang.example.vn" };
/// Maintainer of `cafe-sang`.
pub const LAN: Person = Person { name: "Võ Ngọc Lan", email: "lan.vo@cafesang.example.vn" };
/// Maintainer of `an-binh-hcm`.
pub const VIET: Person =
    Person { name: "Đặng Quốc Việt", email: "viet.dang@anbinh.example.vn" };
/// Maintainer of `tiem-banh-co-ba`.
pub const BA: Person = Person { name: "Huỳnh Thị Ba", email: "tiembanhcoba@example.vn" };
/// Maintainer of `dinh-cao-digital`.
pub const TAI: Person = Person { name: "Bùi Văn Tài", email: "tai.bui@dinhcao.example" };

/// Names one change to a branch's files.
#[derive(Debug)]
pub enum Change {
    /// Writes a file with its final content from `example-registry/`.
    Put(&'static str),
    /// Writes an earlier version of a file.
    Text(&'static str, &'static str),
    /// Removes a file.
    Remove(&'static str),
    /// Writes every embedded JSON Schema under `schemas/`.
    Schemas,
}

/// Names one step of the story.
#[derive(Debug)]
pub enum Step {
    /// Starts a branch at the production branch's current tip.
    Branch(&'static str),
    /// Commits changes on a branch (`main` included).
    Commit {
        /// Branch to commit on.
        branch: &'static str,
        /// Author; also the committer unless `committer` is set.
        author: &'static Person,
        /// Committer when it differs from the author, as in a squash merge.
        committer: Option<&'static Person>,
        /// Author and committer time, RFC 3339.
        at: &'static str,
        /// Commit message.
        message: &'static str,
        /// What the commit changes.
        changes: &'static [Change],
    },
    /// Merges a branch into `main` with a merge commit, then deletes the branch.
    Merge {
        /// Branch to merge.
        branch: &'static str,
        /// Who merges.
        by: &'static Person,
        /// Merge time, RFC 3339.
        at: &'static str,
        /// Merge commit message.
        message: &'static str,
    },
}

/// The production branch of the example.
pub const MAIN: &str = "main";
