//! Earlier versions of files that the story commits and later changes or removes.
//! The final version of every file lives in `example-registry/`; only versions that no
//! branch ends with live here: drafts before a fix, first cooperation notes, and the
//! cancelled rollout `dat-mon/1.0.1`, which the partner removed before any review.

/// Builds the text of a `cooperation.yaml` that MoMo opens as `in-progress`.
macro_rules! cooperation_started {
    ($partner:literal, $app:literal, $contact:literal, $note:literal) => {
        concat!(
            "# yaml-language-server: $schema=../../../../schemas/cooperation.schema.json\n",
            "apiVersion: miniapp.momo.vn/v1\n",
            "kind: Cooperation\n",
            "partner: ",
            $partner,
            "\napp: ",
            $app,
            "\nstatus: in-progress\ncontact: ",
            $contact,
            "\nnote: ",
            $note,
            "\n"
        )
    };
}

/// `cafe-sang/dat-mon` cooperation before it completed.
pub const DAT_MON_COOPERATION: &str = cooperation_started!(
    "cafe-sang",
    "dat-mon",
    "nguyen-thu-ha",
    "Đã liên hệ anh Bảo; đang hoàn thiện phụ lục hợp tác."
);

/// `an-binh-hcm/dat-ve-xe` cooperation before it completed.
pub const DAT_VE_XE_COOPERATION: &str = cooperation_started!(
    "an-binh-hcm",
    "dat-ve-xe",
    "le-hoang-nam",
    "Đã họp trực tuyến với anh Việt; chờ hồ sơ pháp lý của chi nhánh."
);

/// `an-binh-hcm/tra-gop-ve` cooperation before MoMo declined it.
pub const TRA_GOP_VE_COOPERATION: &str = cooperation_started!(
    "an-binh-hcm",
    "tra-gop-ve",
    "le-hoang-nam",
    "Đang xin ý kiến bộ phận pháp chế về mô hình trả góp."
);

/// `cafe-sang/tich-diem` cooperation before it completed.
pub const TICH_DIEM_COOPERATION: &str = cooperation_started!(
    "cafe-sang",
    "tich-diem",
    "nguyen-thu-ha",
    "Đã liên hệ chị Lan qua email."
);

/// `cafe-sang/the-qua-tang` cooperation before it completed.
pub const THE_QUA_TANG_COOPERATION: &str = cooperation_started!(
    "cafe-sang",
    "the-qua-tang",
    "nguyen-thu-ha",
    "Đã liên hệ chị Lan qua email."
);

/// `cafe-sang/dat-ban` cooperation before it completed.
pub const DAT_BAN_COOPERATION: &str =
    cooperation_started!("cafe-sang", "dat-ban", "nguyen-thu-ha", "Đã liên hệ chị Lan qua email.");

/// `an-binh-hcm/gui-hang` cooperation before it completed.
pub const GUI_HANG_COOPERATION: &str = cooperation_started!(
    "an-binh-hcm",
    "gui-hang",
    "le-hoang-nam",
    "Đã gọi điện cho anh Việt; chờ bảng cước gửi hàng."
);

/// `cafe-sang/dat-mon` rollout 1.0.0 as first submitted: a placeholder description and a
/// staging link that points at the test server.
pub const DAT_MON_ROLLOUT_DRAFT: &str = "\
# yaml-language-server: $schema=../../../../../schemas/rollout-request.schema.json
apiVersion: miniapp.momo.vn/v1
kind: RolloutRequest
id: 1.0.0
partner: cafe-sang
app: dat-mon
description: Phát hành lần đầu mini app Đặt món Cà Phê Sáng trên cả Android và iOS.
info:
  name: Đặt món Cà Phê Sáng
  short_description: Mô tả sẽ cập nhật sau.
  icon: icon.png
  category: Ẩm thực
  support:
    email: hotro@cafesang.example.vn
    phone: \"+84903418267\"
android:
  version: 1.0.0
  build: 1
  install_mode: NORMAL
ios:
  version: 1.0.0
  build: 2
  install_mode: NORMAL
webview:
  test: https://test.datmon.cafesang.example.vn
  staging: https://test.datmon.cafesang.example.vn
  production: https://datmon.cafesang.example.vn
source_commit: 4e1b7c2a9d0f3e8b6a5c1d7f2e9b0a3c8d6f4e21
";

/// The changes-requested review of the draft above.
pub const DAT_MON_REVIEW_DRAFT: &str = "\
# yaml-language-server: $schema=../../../../../schemas/review.schema.json
apiVersion: miniapp.momo.vn/v1
kind: Review
rollout: 1.0.0
partner: cafe-sang
app: dat-mon
reviewer: nguyen-thu-ha
verdict: changes-requested
defects:
  - code: INFO_DESCRIPTION_MISMATCH
    pointer: /info/short_description
    note: Mô tả ngắn đang là nội dung tạm, chưa nói ứng dụng làm gì.
  - code: WEBVIEW_LINK_INVALID
    pointer: /webview/staging
    note: Link staging trùng với link test.
";

/// `cafe-sang/dat-mon` rollout 1.0.1: submitted, then removed by the partner before any
/// review, so it ends `cancelled`; its fix shipped in 1.1.0.
pub const DAT_MON_CANCELLED_ROLLOUT: &str = "\
# yaml-language-server: $schema=../../../../../schemas/rollout-request.schema.json
apiVersion: miniapp.momo.vn/v1
kind: RolloutRequest
id: 1.0.1
partner: cafe-sang
app: dat-mon
description: Sửa lỗi không hiện mã đơn sau khi thanh toán thành công.
android:
  version: 1.0.1
  build: 3
ios:
  version: 1.0.1
  build: 4
source_commit: 71c0e5a3f9b2d6c8e4a1f7b3d0c9e5a2f8b4d6c1
";

/// `cafe-sang/dat-ban` rollout 1.0.0 as first submitted: a bare generic name and no
/// support contact.
pub const DAT_BAN_ROLLOUT_DRAFT: &str = "\
# yaml-language-server: $schema=../../../../../schemas/rollout-request.schema.json
apiVersion: miniapp.momo.vn/v1
kind: RolloutRequest
id: 1.0.0
partner: cafe-sang
app: dat-ban
description: Phát hành lần đầu Đặt bàn Cà Phê Sáng.
info:
  name: Đặt bàn
  short_description: Đặt bàn trước tại cửa hàng Cà Phê Sáng gần bạn cho nhóm bạn hoặc buổi họp.
  icon: icon.png
  category: Ẩm thực
android:
  version: 1.0.0
  build: 1
ios:
  version: 1.0.0
  build: 2
webview:
  test: https://test.datban.cafesang.example.vn
  staging: https://staging.datban.cafesang.example.vn
  production: https://datban.cafesang.example.vn
source_commit: 2b8e4f0a6c1d7e3f9a5b0c6d2e8f4a1b7c3d9e05
";
