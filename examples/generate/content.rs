//! Writes the text of every synthetic registry file, in the shapes of `example-registry/`;
//! which files exist when, and in which commit, is left to `plan`.

use miniapp::schema::tax_code_problem;

/// Reviewers the example registry lists; every review and decision names one of them.
pub const REVIEWERS: [&str; 2] = ["nguyen-thu-ha", "le-hoang-nam"];

/// Defect codes of the example catalog that a changes-requested review cites.
const DEFECTS: [(&str, &str); 4] = [
    ("TOOLKIT_NAVIGATION", "/info/name"),
    ("DATA_REPEATED_ASK", "/ios/build"),
    ("TOOLKIT_CS_INFO_MISSING", "/info"),
    ("DATA_BLOCK_ON_DECLINE", "/android/build"),
];

const GIVEN: [&str; 8] = ["An", "Bình", "Chi", "Dũng", "Giang", "Hải", "Khánh", "Linh"];
const FAMILY: [&str; 6] = ["Nguyễn", "Trần", "Lê", "Phạm", "Võ", "Đặng"];
const TRADES: [&str; 6] = ["cafe", "van-tai", "sach", "du-lich", "thoi-trang", "suc-khoe"];
const SERVICES: [&str; 8] =
    ["dat-ban", "dat-ve", "tich-diem", "giao-hang", "dat-lich", "mua-sam", "the-qua", "thue-xe"];

/// Names a partner: its slug and the person who maintains its files.
#[derive(Debug, Clone)]
pub struct PartnerNames {
    pub slug: String,
    pub login: String,
    pub person: String,
    pub email: String,
    pub tax_code: String,
    pub phone: String,
}

impl PartnerNames {
    /// Derives every name of partner `index`; `tax_code` must be unique and valid.
    pub fn new(index: usize, tax_code: String) -> Self {
        let slug = format!("{}-{index:05}", TRADES[index % TRADES.len()]);
        let given = GIVEN[index % GIVEN.len()];
        let family = FAMILY[(index / GIVEN.len()) % FAMILY.len()];
        let login = format!("dev-{index:05}");
        Self {
            email: format!("{login}@{slug}.example.vn"),
            person: format!("{family} {given}"),
            phone: format!("+8486{:07}", index % 10_000_000),
            slug,
            login,
            tax_code,
        }
    }
}

/// Hands out distinct valid Vietnamese tax codes in increasing order.
#[derive(Debug, Default)]
pub struct TaxCodes {
    next: u64,
}

impl TaxCodes {
    /// Returns the next valid tax code.
    pub fn next_code(&mut self) -> String {
        loop {
            let first_nine = 10_000_000 + self.next;
            self.next += 1;
            for check in 0..10 {
                let code = format!("{first_nine:09}{check}");
                if tax_code_problem(&code).is_none() {
                    return code;
                }
            }
        }
    }
}

/// Returns the slug of app `index` of a partner.
pub fn app_slug(index: usize) -> String {
    format!("{}-{index}", SERVICES[index % SERVICES.len()])
}

/// Returns the id of rollout `index` of an app: `1.0.0`, `1.1.0`, …
pub fn rollout_id(index: usize) -> String {
    format!("1.{index}.0")
}

pub fn partner(names: &PartnerNames) -> String {
    format!(
        "# yaml-language-server: $schema=../../schemas/partner.schema.json
apiVersion: miniapp.momo.vn/v1
kind: Partner
id: {slug}
organization:
  type: enterprise
  name: Công ty TNHH Dịch vụ {person} số {slug}
  business_field: Bán lẻ và dịch vụ trực tuyến
  tax_code: \"{tax}\"
m4b:
  status: existing
  account_id: M4B-{tax}
contacts:
  - name: {person}
    position: Giám đốc Kỹ thuật
    email: {email}
    phone: \"{phone}\"
maintainers:
  - login: {login}
    name: {person}
    email: {email}
",
        slug = names.slug,
        person = names.person,
        tax = names.tax_code,
        email = names.email,
        phone = names.phone,
        login = names.login,
    )
}

pub fn verification(names: &PartnerNames, reviewer: &str) -> String {
    format!(
        "# yaml-language-server: $schema=../../schemas/partner-verification.schema.json
apiVersion: miniapp.momo.vn/v1
kind: PartnerVerification
partner: {slug}
decision: verified
reviewer: {reviewer}
note: Đã kiểm tra giấy chứng nhận đăng ký doanh nghiệp.
",
        slug = names.slug,
    )
}

pub fn app(names: &PartnerNames, app: &str) -> String {
    format!(
        "# yaml-language-server: $schema=../../../../schemas/mini-app.schema.json
apiVersion: miniapp.momo.vn/v1
kind: MiniApp
id: {app}
partner: {slug}
info:
  name: Ứng dụng {app} của {slug}
  short_description: Đặt dịch vụ và thanh toán bằng MoMo.
  icon: icon.png
  category: Mua sắm
  support:
    email: cskh@{slug}.example.vn
    phone: \"{phone}\"
source:
  repository: https://git.{slug}.example.vn/digital/{app}
  branch: main
team:
  - login: {login}
    role: administrator
",
        slug = names.slug,
        phone = names.phone,
        login = names.login,
    )
}

pub fn cooperation(names: &PartnerNames, app: &str, reviewer: &str, completed: bool) -> String {
    let (status, app_id) = if completed {
        ("completed", format!("app_id: vn.gen{}.{app}\n", &names.slug[names.slug.len() - 5..]))
    } else {
        ("in-progress", String::new())
    };
    format!(
        "# yaml-language-server: $schema=../../../../schemas/cooperation.schema.json
apiVersion: miniapp.momo.vn/v1
kind: Cooperation
partner: {slug}
app: {app}
status: {status}
contact: {reviewer}
{app_id}note: Đã liên hệ đối tác.
",
        slug = names.slug,
    )
}

/// Writes rollout `index`; the first carries every part, later ones the platforms only.
/// `revision` > 0 marks the text changed after a review asked for changes.
pub fn rollout(names: &PartnerNames, app: &str, index: usize, revision: usize) -> String {
    let id = rollout_id(index);
    let (android, ios) = (2 * index + 1, 2 * index + 2);
    let mut text = format!(
        "# yaml-language-server: $schema=../../../../../schemas/rollout-request.schema.json
apiVersion: miniapp.momo.vn/v1
kind: RolloutRequest
id: {id}
partner: {slug}
app: {app}
description: Phát hành phiên bản {id}, bản sửa số {revision}.
",
        slug = names.slug,
    );
    if index == 0 {
        text.push_str(&format!(
            "info:
  name: Ứng dụng {app} của {slug}
  short_description: Đặt dịch vụ và thanh toán bằng MoMo.
  icon: icon.png
  category: Mua sắm
  support:
    email: cskh@{slug}.example.vn
    phone: \"{phone}\"
",
            slug = names.slug,
            phone = names.phone,
        ));
    }
    text.push_str(&format!(
        "android:
  version: {id}
  build: {android}
  install_mode: NORMAL
ios:
  version: {id}
  build: {ios}
  install_mode: NORMAL
"
    ));
    if index == 0 {
        text.push_str(&format!(
            "webview:
  test: https://test-{app}.{slug}.example.vn
  staging: https://staging-{app}.{slug}.example.vn
  production: https://{app}.{slug}.example.vn
",
            slug = names.slug,
        ));
    }
    text.push_str(&format!(
        "source_commit: \"a{:039x}\"\n",
        (index as u128) << 64 | revision as u128
    ));
    text
}

/// Writes a review of rollout `index`: approving when `changes_round` is `None`, else
/// asking for changes with a defect picked by the round.
pub fn review(
    names: &PartnerNames,
    app: &str,
    index: usize,
    reviewer: &str,
    changes_round: Option<usize>,
) -> String {
    let mut text = format!(
        "# yaml-language-server: $schema=../../../../../schemas/review.schema.json
apiVersion: miniapp.momo.vn/v1
kind: Review
rollout: {id}
partner: {slug}
app: {app}
reviewer: {reviewer}
",
        id = rollout_id(index),
        slug = names.slug,
    );
    match changes_round {
        None => text.push_str("verdict: approved\nnote: Đạt yêu cầu kiểm duyệt.\n"),
        Some(round) => {
            let (code, pointer) = DEFECTS[round % DEFECTS.len()];
            text.push_str(&format!(
                "verdict: changes-requested
defects:
  - code: {code}
    pointer: {pointer}
    note: Vòng kiểm duyệt {round}, vui lòng sửa lỗi này.
"
            ));
        }
    }
    text
}
