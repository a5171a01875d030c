//! The words of everything `miniapp comment` posts, in English and Vietnamese: one
//! table per language, picked by `registry.yaml`'s `language` or `--lang`.

use crate::diagnostic::Severity;
use crate::model::Language;

/// Holds every phrase the posted texts use.
#[derive(Debug)]
pub struct Messages {
    /// Heading of a mergeable verdict.
    pub mergeable: &'static str,
    /// Heading of a verdict that is not mergeable.
    pub not_mergeable: &'static str,
    /// The four states, in `State` order: blocked, changes requested, waiting, approved.
    pub states: [&'static str; 4],
    /// Heading of the gate's findings.
    pub findings: &'static str,
    /// Said when there are no gate findings.
    pub no_findings: &'static str,
    /// Heading of the reviewer defects.
    pub defects: &'static str,
    /// Table header of the defects: rollout, code, title, where, note.
    pub defect_columns: [&'static str; 5],
    /// Heading of the lifecycle timeline.
    pub lifecycle: &'static str,
    /// Table header of the touched items: item, name, state.
    pub lifecycle_columns: [&'static str; 3],
    /// Line before the list cut short; `{n}` is the count left out.
    pub and_more: &'static str,
    /// Said where the full list is.
    pub full_list: &'static str,
    /// Body of the review that carries the inline comments.
    pub review_body: &'static str,
    /// Prefix of an inline comment whose finding is gone.
    pub resolved: &'static str,
    /// Label of a defect's reviewer note.
    pub note: &'static str,
    /// Said of a finding that could not be placed on the diff.
    pub outside_diff: &'static str,
    /// Table header of the gate's findings: severity, code, location, message, help.
    pub gate_columns: [&'static str; 5],
    /// The severities shown in the gate's table: error, warning, note.
    pub severities: [&'static str; 3],
    /// The words around a related place in a message cell: its label and "at".
    pub related: [&'static str; 2],
    /// Prefix of an inline comment whose defect belongs to a review that no longer
    /// holds: a stale review, or a review file the gate refused.
    pub outdated: &'static str,
    /// Said of a review written for other content; `{review}`, `{rollout}`, `{n}`.
    pub stale_review: &'static str,
    /// Said of a review file whose change the gate refused on ownership; `{review}`.
    pub refused_review: &'static str,
    /// Line before the code families; empty where the findings' language is this one.
    pub families_intro: &'static str,
    /// One line on each code family, by code prefix; empty for English.
    pub families: &'static [(&'static str, &'static str)],
    /// The lifecycle states in words, by kebab-case name; empty where the name is the word.
    pub lifecycle_states: &'static [(&'static str, &'static str)],
}

const ENGLISH: Messages = Messages {
    mergeable: "mergeable",
    not_mergeable: "not mergeable",
    states: ["blocked", "changes requested", "waiting for review", "approved"],
    findings: "Gate findings",
    no_findings: "No findings.",
    defects: "Reviewer defects",
    defect_columns: ["Rollout", "Code", "Checklist item", "Where", "Note"],
    lifecycle: "Lifecycle",
    lifecycle_columns: ["Item", "Name", "State"],
    and_more: "…and {n} more, not shown here.",
    full_list: "The full list is in the job summary of this run.",
    review_body: "miniapp found these on the changed lines.",
    resolved: "✅ resolved",
    note: "Reviewer note",
    outside_diff: "Findings outside the diff are listed in the summary comment.",
    gate_columns: ["Severity", "Code", "Location", "Message", "Help"],
    severities: ["error", "warning", "note"],
    related: ["note", "at"],
    outdated: "⚪ outdated",
    stale_review: "{review} reviewed an earlier version of {rollout}: its defects ({n}) are not \
                   listed; a reviewer must review the new content.",
    refused_review: "The change to {review} was refused (`gate-not-owner`): its defects and \
                     notes are not posted.",
    families_intro: "",
    families: &[],
    lifecycle_states: &[],
};

const VIETNAMESE: Messages = Messages {
    mergeable: "có thể hợp nhất",
    not_mergeable: "chưa thể hợp nhất",
    states: ["bị chặn", "cần chỉnh sửa", "đang chờ kiểm duyệt", "đã duyệt"],
    findings: "Kết quả kiểm tra",
    no_findings: "Không có vấn đề nào.",
    defects: "Lỗi do người kiểm duyệt ghi nhận",
    defect_columns: ["Yêu cầu phát hành", "Mã", "Mục kiểm tra", "Vị trí", "Ghi chú"],
    lifecycle: "Vòng đời",
    lifecycle_columns: ["Mục", "Tên", "Trạng thái"],
    and_more: "…và {n} mục khác không hiển thị ở đây.",
    full_list: "Danh sách đầy đủ nằm trong phần tóm tắt của lần chạy này.",
    review_body: "miniapp tìm thấy các vấn đề sau trên những dòng đã thay đổi.",
    resolved: "✅ đã khắc phục",
    note: "Ghi chú của người kiểm duyệt",
    outside_diff: "Các vấn đề nằm ngoài phần thay đổi được liệt kê trong bình luận tóm tắt.",
    gate_columns: ["Mức độ", "Mã", "Vị trí", "Thông báo", "Hướng dẫn"],
    severities: ["lỗi", "cảnh báo", "lưu ý"],
    related: ["lưu ý", "tại"],
    outdated: "⚪ không còn hiệu lực",
    stale_review: "{review} đã kiểm duyệt một phiên bản trước của {rollout}: {n} lỗi trong đó \
                   không được liệt kê; người kiểm duyệt cần kiểm duyệt nội dung mới.",
    refused_review: "Thay đổi ở {review} bị từ chối (`gate-not-owner`): các lỗi và ghi chú \
                     trong đó không được đăng.",
    families_intro: "Thông báo và hướng dẫn của công cụ viết bằng tiếng Anh; mã là cố định. \
                     Ý nghĩa từng nhóm mã:",
    families: &[
        ("yaml-", "tệp không phải YAML hợp lệ hoặc vượt giới hạn của trình đọc"),
        ("schema-", "một khoá hoặc giá trị không đúng định dạng của loại tệp"),
        ("registry-", "một tệp không có chỗ trong cấu trúc của registry"),
        ("rule-", "các tệp mâu thuẫn nhau (mã định danh, số bản dựng, biểu tượng, kiểm duyệt)"),
        ("lifecycle-", "một yêu cầu phát hành trên nhánh production chưa được duyệt đúng nội dung"),
        ("gate-", "quy tắc của pull request: quyền sửa tệp, quy tắc thay đổi, kiểm duyệt"),
    ],
    lifecycle_states: &[
        ("pending-verification", "chờ xác minh"),
        ("verified", "đã xác minh"),
        ("rejected", "bị từ chối"),
        ("requested", "đã đăng ký"),
        ("cooperating", "đang hợp tác"),
        ("development", "đang phát triển"),
        ("in-review", "đang kiểm duyệt"),
        ("live", "đang hoạt động"),
        ("updating", "đang cập nhật"),
        ("declined", "bị từ chối hợp tác"),
        ("submitted", "đã gửi"),
        ("changes-requested", "cần chỉnh sửa"),
        ("resubmitted", "đã gửi lại"),
        ("approved", "đã duyệt"),
        ("superseded", "đã được thay thế"),
        ("cancelled", "đã huỷ"),
    ],
};

/// Returns the message table of a language.
pub fn messages(language: Language) -> &'static Messages {
    match language {
        Language::En => &ENGLISH,
        Language::Vi => &VIETNAMESE,
    }
}

/// Every table, for reading back what any earlier run posted.
pub const ALL: [&Messages; 2] = [&ENGLISH, &VIETNAMESE];

impl Messages {
    /// Words the "and N more" line.
    pub fn and_more(&self, count: usize) -> String {
        fill(self.and_more, &[("n", &count.to_string())])
    }

    /// Words a severity.
    pub fn severity(&self, severity: Severity) -> &'static str {
        match severity {
            Severity::Error => self.severities[0],
            Severity::Warning => self.severities[1],
            Severity::Note => self.severities[2],
        }
    }

    /// Words a lifecycle state, when this language has other words than its name.
    pub fn lifecycle_state(&self, name: &str) -> Option<&'static str> {
        self.lifecycle_states.iter().find(|(key, _)| *key == name).map(|(_, words)| *words)
    }

    /// Returns the one line on a code's family, when this language has one.
    pub fn family(&self, code: &str) -> Option<(&'static str, &'static str)> {
        self.families.iter().find(|(prefix, _)| code.starts_with(prefix)).copied()
    }
}

/// Fills `{name}` placeholders in one pass, so a value is never read as a placeholder;
/// an unknown `{…}` stays as it is.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let known = after.find('}').and_then(|close| {
            let value = values.iter().find(|(name, _)| *name == &after[..close])?.1;
            Some((close, value))
        });
        match known {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_tables_fill_every_phrase() {
        for language in [Language::En, Language::Vi] {
            let table = messages(language);
            assert!(table.and_more(3).contains('3'));
            assert!(table.states.iter().all(|state| !state.is_empty()));
            assert!(table.resolved.starts_with('✅'));
        }
        assert_ne!(messages(Language::En).findings, messages(Language::Vi).findings);
    }

    #[test]
    fn fills_placeholders_once() {
        let cases =
            [("{a} and {b}", "x and {a}"), ("{c}{a}", "{c}x"), ("no {", "no {"), ("{a}}", "x}")];
        for (template, expected) in cases {
            assert_eq!(fill(template, &[("a", "x"), ("b", "{a}")]), expected, "{template}");
        }
    }

    #[test]
    fn vietnamese_words_every_lifecycle_state_and_code_family() {
        let vietnamese = messages(Language::Vi);
        for state in ["pending-verification", "in-review", "resubmitted", "cancelled"] {
            assert!(vietnamese.lifecycle_state(state).is_some(), "{state}");
            assert_eq!(messages(Language::En).lifecycle_state(state), None);
        }
        for info in crate::diagnostic::all_codes() {
            assert!(vietnamese.family(info.code).is_some(), "no family line for `{}`", info.code);
        }
        assert_eq!(vietnamese.severity(Severity::Warning), "cảnh báo");
    }
}
