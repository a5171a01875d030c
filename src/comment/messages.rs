//! The words of everything `miniapp comment` posts, in English and Vietnamese: one
//! table per language, picked by `registry.yaml`'s `language` or `--lang`.

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
};

/// Returns the message table of a language.
pub fn messages(language: Language) -> &'static Messages {
    match language {
        Language::En => &ENGLISH,
        Language::Vi => &VIETNAMESE,
    }
}

impl Messages {
    /// Words the "and N more" line.
    pub fn and_more(&self, count: usize) -> String {
        self.and_more.replace("{n}", &count.to_string())
    }
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
}
