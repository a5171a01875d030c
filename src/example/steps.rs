//! The example's story, step by step in time order: partners' pull requests, MoMo's
//! verifications, cooperation and reviews. The states it shows at `STORY_NOW` are listed
//! on `STEPS`.

use crate::example::drafts;
use crate::example::story::{BA, BAO, Change, HA, LAN, MAIN, NAM, Person, QUAN, Step, TAI, VIET};

/// Shortens a step that commits on a branch with one author.
const fn commit(
    branch: &'static str,
    author: &'static Person,
    at: &'static str,
    message: &'static str,
    changes: &'static [Change],
) -> Step {
    Step::Commit { branch, author, committer: None, at, message, changes }
}

/// Shortens a merge step.
const fn merge(
    branch: &'static str,
    by: &'static Person,
    at: &'static str,
    message: &'static str,
) -> Step {
    Step::Merge { branch, by, at, message }
}

const CS_SIGNUP: &str = "partner/cafe-sang/dang-ky";
const AB_SIGNUP: &str = "partner/an-binh-hcm/dang-ky";
const DAT_MON_1_0: &str = "partner/cafe-sang/dat-mon-1.0.0";
const CS_APPS: &str = "partner/cafe-sang/them-mini-app";
const AB_APPS: &str = "partner/an-binh-hcm/gui-hang-thue-xe";
const DC_SIGNUP: &str = "partner/dinh-cao-digital/dang-ky";
const DAT_MON_1_1: &str = "partner/cafe-sang/dat-mon-1.1.0";
const TB_SIGNUP: &str = "partner/tiem-banh-co-ba/dang-ky";

/// Open branch: `cafe-sang/dat-ban` 1.0.0 changed after a changes-requested review.
pub const OPEN_RESUBMITTED: &str = "partner/cafe-sang/dat-ban-1.0.0";
/// Open branch: `an-binh-hcm/gui-hang` 1.0.0 with a changes-requested review.
pub const OPEN_CHANGES_REQUESTED: &str = "partner/an-binh-hcm/gui-hang-1.0.0";
/// Open branch: `an-binh-hcm/dat-ve-xe` 1.1.0 approved, not merged yet.
pub const OPEN_APPROVED: &str = "partner/an-binh-hcm/dat-ve-xe-1.1.0";
/// Open branch: `cafe-sang/the-qua-tang` 1.0.0 submitted, no review yet.
pub const OPEN_SUBMITTED: &str = "partner/cafe-sang/the-qua-tang-1.0.0";

/// The branches left open when the story ends, besides `main`.
pub const OPEN_BRANCHES: [&str; 4] =
    [OPEN_RESUBMITTED, OPEN_CHANGES_REQUESTED, OPEN_APPROVED, OPEN_SUBMITTED];

/// The story, in time order. With `STORY_NOW` (2025-06-20 10:00 +07:00) it ends with:
/// partners `cafe-sang` and `an-binh-hcm` verified, `dinh-cao-digital` rejected and
/// `tiem-banh-co-ba` pending verification; apps `dat-mon` live (1.0.0 superseded by 1.1.0,
/// 1.0.1 cancelled), `dat-ve-xe` updating (1.0.0 live, squash-merged; 1.1.0 approved on an
/// open branch), `the-qua-tang`, `dat-ban` and `gui-hang` in review (submitted,
/// resubmitted, changes requested), `tich-diem` in development, `thue-xe` cooperating,
/// `tra-gop-ve` declined, and `dat-banh` requested for nine days (overdue).
pub const STEPS: &[Step] = &[
    commit(
        MAIN,
        &QUAN,
        "2025-03-03T09:00:00+07:00",
        "Khởi tạo registry mini app\n\nThêm registry.yaml, danh mục lỗi kiểm duyệt và JSON Schema,\ncùng CODEOWNERS và các workflow GitHub Actions.\n",
        &[
            Change::Schemas,
            Change::Put("registry.yaml"),
            Change::Put("defects.yaml"),
            Change::Put("README.md"),
            Change::Put(".github/CODEOWNERS"),
            Change::Put(".github/workflows/check.yml"),
            Change::Put(".github/workflows/comment.yml"),
            Change::Put(".github/workflows/promote.yml"),
        ],
    ),
    // cafe-sang signs up with its first app.
    Step::Branch(CS_SIGNUP),
    commit(
        CS_SIGNUP,
        &BAO,
        "2025-03-05T14:10:00+07:00",
        "Đăng ký đối tác Công ty TNHH Cà Phê Sáng\n",
        &[Change::Put("partners/cafe-sang/partner.yaml")],
    ),
    commit(
        CS_SIGNUP,
        &BAO,
        "2025-03-05T14:25:00+07:00",
        "Thêm mini app Đặt món Cà Phê Sáng\n",
        &[
            Change::Put("partners/cafe-sang/apps/dat-mon/app.yaml"),
            Change::Put("partners/cafe-sang/apps/dat-mon/icon.png"),
        ],
    ),
    merge(
        CS_SIGNUP,
        &HA,
        "2025-03-06T09:30:00+07:00",
        "Merge pull request #1 from partner/cafe-sang/dang-ky\n\nĐăng ký đối tác Cà Phê Sáng và mini app Đặt món\n",
    ),
    commit(
        MAIN,
        &HA,
        "2025-03-06T10:00:00+07:00",
        "Xác minh đối tác cafe-sang\n",
        &[Change::Put("partners/cafe-sang/verification.yaml")],
    ),
    commit(
        MAIN,
        &HA,
        "2025-03-07T15:00:00+07:00",
        "Bắt đầu hợp tác mini app cafe-sang/dat-mon\n",
        &[Change::Text(
            "partners/cafe-sang/apps/dat-mon/cooperation.yaml",
            drafts::DAT_MON_COOPERATION,
        )],
    ),
    // an-binh-hcm, a branch office, signs up with two apps.
    Step::Branch(AB_SIGNUP),
    commit(
        AB_SIGNUP,
        &VIET,
        "2025-03-10T08:45:00+07:00",
        "Đăng ký đối tác Chi nhánh Vận tải An Bình tại TP.HCM\n",
        &[Change::Put("partners/an-binh-hcm/partner.yaml")],
    ),
    commit(
        AB_SIGNUP,
        &VIET,
        "2025-03-10T09:05:00+07:00",
        "Thêm mini app Vé xe khách và Mua vé trả góp\n",
        &[
            Change::Put("partners/an-binh-hcm/apps/dat-ve-xe/app.yaml"),
            Change::Put("partners/an-binh-hcm/apps/dat-ve-xe/icon.png"),
            Change::Put("partners/an-binh-hcm/apps/tra-gop-ve/app.yaml"),
            Change::Put("partners/an-binh-hcm/apps/tra-gop-ve/icon.png"),
        ],
    ),
    merge(
        AB_SIGNUP,
        &NAM,
        "2025-03-11T09:00:00+07:00",
        "Merge pull request #2 from partner/an-binh-hcm/dang-ky\n\nĐăng ký đối tác Vận tải An Bình (chi nhánh TP.HCM)\n",
    ),
    commit(
        MAIN,
        &NAM,
        "2025-03-11T10:30:00+07:00",
        "Xác minh đối tác an-binh-hcm\n",
        &[Change::Put("partners/an-binh-hcm/verification.yaml")],
    ),
    commit(
        MAIN,
        &NAM,
        "2025-03-13T14:00:00+07:00",
        "Bắt đầu hợp tác hai mini app của an-binh-hcm\n",
        &[
            Change::Text(
                "partners/an-binh-hcm/apps/dat-ve-xe/cooperation.yaml",
                drafts::DAT_VE_XE_COOPERATION,
            ),
            Change::Text(
                "partners/an-binh-hcm/apps/tra-gop-ve/cooperation.yaml",
                drafts::TRA_GOP_VE_COOPERATION,
            ),
        ],
    ),
    commit(
        MAIN,
        &HA,
        "2025-03-20T11:00:00+07:00",
        "Hoàn tất hợp tác cafe-sang/dat-mon, cấp AppId vn.cafesang.datmon\n",
        &[Change::Put("partners/cafe-sang/apps/dat-mon/cooperation.yaml")],
    ),
    commit(
        MAIN,
        &NAM,
        "2025-03-21T16:20:00+07:00",
        "Từ chối hợp tác an-binh-hcm/tra-gop-ve\n",
        &[Change::Put("partners/an-binh-hcm/apps/tra-gop-ve/cooperation.yaml")],
    ),
    commit(
        MAIN,
        &NAM,
        "2025-03-25T10:00:00+07:00",
        "Hoàn tất hợp tác an-binh-hcm/dat-ve-xe, cấp AppId vn.anbinh.datvexe\n",
        &[Change::Put("partners/an-binh-hcm/apps/dat-ve-xe/cooperation.yaml")],
    ),
    // dat-mon 1.0.0: changes requested, fixed, approved, merged; later superseded.
    Step::Branch(DAT_MON_1_0),
    commit(
        DAT_MON_1_0,
        &BAO,
        "2025-04-01T10:00:00+07:00",
        "Gửi yêu cầu phát hành Đặt món 1.0.0\n",
        &[Change::Text(
            "partners/cafe-sang/apps/dat-mon/rollouts/1.0.0.yaml",
            drafts::DAT_MON_ROLLOUT_DRAFT,
        )],
    ),
    commit(
        DAT_MON_1_0,
        &HA,
        "2025-04-03T16:00:00+07:00",
        "Kiểm duyệt Đặt món 1.0.0: yêu cầu chỉnh sửa\n",
        &[Change::Text(
            "partners/cafe-sang/apps/dat-mon/reviews/1.0.0.yaml",
            drafts::DAT_MON_REVIEW_DRAFT,
        )],
    ),
    commit(
        DAT_MON_1_0,
        &LAN,
        "2025-04-04T11:00:00+07:00",
        "Sửa mô tả ngắn và link staging theo góp ý kiểm duyệt\n",
        &[Change::Put("partners/cafe-sang/apps/dat-mon/rollouts/1.0.0.yaml")],
    ),
    commit(
        DAT_MON_1_0,
        &HA,
        "2025-04-07T09:30:00+07:00",
        "Duyệt Đặt món 1.0.0\n",
        &[Change::Put("partners/cafe-sang/apps/dat-mon/reviews/1.0.0.yaml")],
    ),
    merge(
        DAT_MON_1_0,
        &HA,
        "2025-04-07T10:00:00+07:00",
        "Merge pull request #3 from partner/cafe-sang/dat-mon-1.0.0\n\nPhát hành Đặt món Cà Phê Sáng 1.0.0\n",
    ),
    // dat-ve-xe 1.0.0: squash-merged, so rollout and approval land in one ordinary commit.
    Step::Commit {
        branch: MAIN,
        author: &VIET,
        committer: Some(&NAM),
        at: "2025-04-10T15:00:00+07:00",
        message: "Phát hành Vé xe khách An Bình 1.0.0 (#4)\n\n\
                  * Gửi yêu cầu phát hành Vé xe khách 1.0.0\n\n\
                  * Duyệt Vé xe khách 1.0.0\n\n\
                  Co-authored-by: Lê Hoàng Nam <nam.le@momo.example>\n",
        changes: &[
            Change::Put("partners/an-binh-hcm/apps/dat-ve-xe/rollouts/1.0.0.yaml"),
            Change::Put("partners/an-binh-hcm/apps/dat-ve-xe/reviews/1.0.0.yaml"),
        ],
    },
    Step::Branch(CS_APPS),
    commit(
        CS_APPS,
        &LAN,
        "2025-04-15T09:20:00+07:00",
        "Đăng ký thêm ba mini app: Rewards, Thẻ quà tặng, Đặt bàn\n",
        &[
            Change::Put("partners/cafe-sang/apps/tich-diem/app.yaml"),
            Change::Put("partners/cafe-sang/apps/tich-diem/icon.png"),
            Change::Put("partners/cafe-sang/apps/the-qua-tang/app.yaml"),
            Change::Put("partners/cafe-sang/apps/the-qua-tang/icon.png"),
            Change::Put("partners/cafe-sang/apps/dat-ban/app.yaml"),
            Change::Put("partners/cafe-sang/apps/dat-ban/icon.png"),
        ],
    ),
    merge(
        CS_APPS,
        &HA,
        "2025-04-16T10:00:00+07:00",
        "Merge pull request #5 from partner/cafe-sang/them-mini-app\n\nThêm ba mini app của Cà Phê Sáng\n",
    ),
    commit(
        MAIN,
        &HA,
        "2025-04-17T14:00:00+07:00",
        "Bắt đầu hợp tác ba mini app mới của cafe-sang\n",
        &[
            Change::Text(
                "partners/cafe-sang/apps/tich-diem/cooperation.yaml",
                drafts::TICH_DIEM_COOPERATION,
            ),
            Change::Text(
                "partners/cafe-sang/apps/the-qua-tang/cooperation.yaml",
                drafts::THE_QUA_TANG_COOPERATION,
            ),
            Change::Text(
                "partners/cafe-sang/apps/dat-ban/cooperation.yaml",
                drafts::DAT_BAN_COOPERATION,
            ),
        ],
    ),
    Step::Branch(AB_APPS),
    commit(
        AB_APPS,
        &VIET,
        "2025-04-18T17:30:00+07:00",
        "Thêm mini app Gửi hàng và Thuê xe\n",
        &[
            Change::Put("partners/an-binh-hcm/apps/gui-hang/app.yaml"),
            Change::Put("partners/an-binh-hcm/apps/gui-hang/icon.png"),
            Change::Put("partners/an-binh-hcm/apps/thue-xe/app.yaml"),
            Change::Put("partners/an-binh-hcm/apps/thue-xe/icon.png"),
        ],
    ),
    merge(
        AB_APPS,
        &NAM,
        "2025-04-21T09:15:00+07:00",
        "Merge pull request #6 from partner/an-binh-hcm/gui-hang-thue-xe\n\nThêm mini app Gửi hàng và Thuê xe\n",
    ),
    commit(
        MAIN,
        &NAM,
        "2025-04-22T10:00:00+07:00",
        "Bắt đầu hợp tác an-binh-hcm/gui-hang\n",
        &[Change::Text(
            "partners/an-binh-hcm/apps/gui-hang/cooperation.yaml",
            drafts::GUI_HANG_COOPERATION,
        )],
    ),
    // dinh-cao-digital signs up and is rejected.
    Step::Branch(DC_SIGNUP),
    commit(
        DC_SIGNUP,
        &TAI,
        "2025-04-22T13:00:00+07:00",
        "Đăng ký đối tác Đỉnh Cao Digital\n",
        &[Change::Put("partners/dinh-cao-digital/partner.yaml")],
    ),
    merge(
        DC_SIGNUP,
        &NAM,
        "2025-04-23T08:40:00+07:00",
        "Merge pull request #7 from partner/dinh-cao-digital/dang-ky\n\nĐăng ký đối tác Đỉnh Cao Digital\n",
    ),
    commit(
        MAIN,
        &NAM,
        "2025-04-24T16:00:00+07:00",
        "Từ chối xác minh đối tác dinh-cao-digital\n",
        &[Change::Put("partners/dinh-cao-digital/verification.yaml")],
    ),
    // dat-mon 1.0.1 is submitted, then cancelled in favour of 1.1.0 on the same branch.
    Step::Branch(DAT_MON_1_1),
    commit(
        DAT_MON_1_1,
        &BAO,
        "2025-05-02T10:30:00+07:00",
        "Gửi yêu cầu phát hành Đặt món 1.0.1 (sửa lỗi mã đơn)\n",
        &[Change::Text(
            "partners/cafe-sang/apps/dat-mon/rollouts/1.0.1.yaml",
            drafts::DAT_MON_CANCELLED_ROLLOUT,
        )],
    ),
    commit(
        MAIN,
        &HA,
        "2025-05-05T09:00:00+07:00",
        "Hoàn tất hợp tác cafe-sang/tich-diem, cấp AppId vn.cafesang.tichdiem\n",
        &[Change::Put("partners/cafe-sang/apps/tich-diem/cooperation.yaml")],
    ),
    commit(
        DAT_MON_1_1,
        &BAO,
        "2025-05-06T16:45:00+07:00",
        "Huỷ yêu cầu 1.0.1, gộp bản sửa lỗi vào Đặt món 1.1.0 với bộ nhận diện mới\n",
        &[
            Change::Remove("partners/cafe-sang/apps/dat-mon/rollouts/1.0.1.yaml"),
            Change::Put("partners/cafe-sang/apps/dat-mon/icon-v2.png"),
            Change::Put("partners/cafe-sang/apps/dat-mon/rollouts/1.1.0.yaml"),
        ],
    ),
    commit(
        DAT_MON_1_1,
        &HA,
        "2025-05-07T10:00:00+07:00",
        "Duyệt Đặt món 1.1.0\n",
        &[Change::Put("partners/cafe-sang/apps/dat-mon/reviews/1.1.0.yaml")],
    ),
    merge(
        DAT_MON_1_1,
        &HA,
        "2025-05-07T10:30:00+07:00",
        "Merge pull request #8 from partner/cafe-sang/dat-mon-1.1.0\n\nPhát hành Đặt món Cà Phê Sáng 1.1.0\n",
    ),
    commit(
        MAIN,
        &HA,
        "2025-05-08T11:00:00+07:00",
        "Hoàn tất hợp tác cafe-sang/the-qua-tang, cấp AppId vn.cafesang.thequatang\n",
        &[Change::Put("partners/cafe-sang/apps/the-qua-tang/cooperation.yaml")],
    ),
    commit(
        MAIN,
        &HA,
        "2025-05-09T11:00:00+07:00",
        "Hoàn tất hợp tác cafe-sang/dat-ban, cấp AppId vn.cafesang.datban\n",
        &[Change::Put("partners/cafe-sang/apps/dat-ban/cooperation.yaml")],
    ),
    commit(
        MAIN,
        &NAM,
        "2025-05-12T15:00:00+07:00",
        "Hoàn tất hợp tác an-binh-hcm/gui-hang, cấp AppId vn.anbinh.guihang\n",
        &[Change::Put("partners/an-binh-hcm/apps/gui-hang/cooperation.yaml")],
    ),
    commit(
        MAIN,
        &NAM,
        "2025-05-14T16:30:00+07:00",
        "Bắt đầu hợp tác an-binh-hcm/thue-xe\n",
        &[Change::Put("partners/an-binh-hcm/apps/thue-xe/cooperation.yaml")],
    ),
    // Open: dat-ban 1.0.0 is reviewed, then changed: resubmitted.
    Step::Branch(OPEN_RESUBMITTED),
    commit(
        OPEN_RESUBMITTED,
        &LAN,
        "2025-06-02T09:00:00+07:00",
        "Gửi yêu cầu phát hành Đặt bàn 1.0.0\n",
        &[Change::Text(
            "partners/cafe-sang/apps/dat-ban/rollouts/1.0.0.yaml",
            drafts::DAT_BAN_ROLLOUT_DRAFT,
        )],
    ),
    commit(
        OPEN_RESUBMITTED,
        &HA,
        "2025-06-04T15:30:00+07:00",
        "Kiểm duyệt Đặt bàn 1.0.0: yêu cầu chỉnh sửa\n",
        &[Change::Put("partners/cafe-sang/apps/dat-ban/reviews/1.0.0.yaml")],
    ),
    commit(
        OPEN_RESUBMITTED,
        &LAN,
        "2025-06-05T11:00:00+07:00",
        "Đổi tên và bổ sung thông tin hỗ trợ cho Đặt bàn\n",
        &[Change::Put("partners/cafe-sang/apps/dat-ban/rollouts/1.0.0.yaml")],
    ),
    // Open: gui-hang 1.0.0 with defects listed.
    Step::Branch(OPEN_CHANGES_REQUESTED),
    commit(
        OPEN_CHANGES_REQUESTED,
        &VIET,
        "2025-06-09T14:00:00+07:00",
        "Gửi yêu cầu phát hành Gửi hàng An Bình 1.0.0\n",
        &[Change::Put("partners/an-binh-hcm/apps/gui-hang/rollouts/1.0.0.yaml")],
    ),
    // tiem-banh-co-ba, new to M4B, signs up; nobody has verified it or contacted it yet.
    Step::Branch(TB_SIGNUP),
    commit(
        TB_SIGNUP,
        &BA,
        "2025-06-09T20:15:00+07:00",
        "Đăng ký hộ kinh doanh Tiệm Bánh Cô Ba và mini app đặt bánh\n",
        &[
            Change::Put("partners/tiem-banh-co-ba/partner.yaml"),
            Change::Put("partners/tiem-banh-co-ba/apps/dat-banh/app.yaml"),
            Change::Put("partners/tiem-banh-co-ba/apps/dat-banh/icon.png"),
        ],
    ),
    merge(
        TB_SIGNUP,
        &NAM,
        "2025-06-11T09:00:00+07:00",
        "Merge pull request #11 from partner/tiem-banh-co-ba/dang-ky\n\nĐăng ký Tiệm Bánh Cô Ba\n",
    ),
    commit(
        OPEN_CHANGES_REQUESTED,
        &NAM,
        "2025-06-12T17:00:00+07:00",
        "Kiểm duyệt Gửi hàng An Bình 1.0.0: yêu cầu chỉnh sửa\n",
        &[Change::Put("partners/an-binh-hcm/apps/gui-hang/reviews/1.0.0.yaml")],
    ),
    // Open: dat-ve-xe 1.1.0, approved for its exact content, waiting to be merged.
    Step::Branch(OPEN_APPROVED),
    commit(
        OPEN_APPROVED,
        &VIET,
        "2025-06-16T21:10:00+07:00",
        "Bản vá khẩn cấp Vé xe khách 1.1.0: sửa lỗi trừ tiền hai lần\n",
        &[Change::Put("partners/an-binh-hcm/apps/dat-ve-xe/rollouts/1.1.0.yaml")],
    ),
    commit(
        OPEN_APPROVED,
        &NAM,
        "2025-06-17T10:00:00+07:00",
        "Duyệt Vé xe khách 1.1.0\n",
        &[Change::Put("partners/an-binh-hcm/apps/dat-ve-xe/reviews/1.1.0.yaml")],
    ),
    // Open: the-qua-tang 1.0.0, waiting for a reviewer.
    Step::Branch(OPEN_SUBMITTED),
    commit(
        OPEN_SUBMITTED,
        &LAN,
        "2025-06-18T16:00:00+07:00",
        "Gửi yêu cầu phát hành Thẻ quà tặng 1.0.0\n",
        &[Change::Put("partners/cafe-sang/apps/the-qua-tang/rollouts/1.0.0.yaml")],
    ),
];
