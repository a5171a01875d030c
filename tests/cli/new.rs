//! `miniapp new`: scaffolded files validate, are never overwritten, and rollouts get the
//! next build numbers from history.

use std::fs;
use std::path::Path;

use crate::support::{copy_tree, example_repository, run_in};

const PARTNER_FLAGS: &[&str] = &[
    "new",
    "partner",
    "--id",
    "acme",
    "--name",
    "Công ty TNHH Acme",
    "--type",
    "enterprise",
    "--business-field",
    "Bán lẻ",
    "--tax-code",
    "0100.233.488",
    "--contact-name",
    "Võ Ngọc Lan",
    "--contact-position",
    "Kỹ sư",
    "--contact-email",
    "lan@acme.example.vn",
    "--contact-phone",
    "0389 456 120",
    "--maintainer",
    "vo-ngoc-lan",
    "--m4b-account",
    "M4B-204518",
];

fn read(root: &Path, path: &str) -> String {
    fs::read_to_string(root.join(path)).unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn assert_valid(root: &Path) {
    let (code, stdout, stderr) = run_in(root, &["validate"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
}

#[test]
fn new_partner_app_and_first_rollout_validate_clean() {
    let temp = example_repository();
    let root = temp.path().join("registry");

    let (code, _, stderr) = run_in(&root, PARTNER_FLAGS);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("wrote `partners/acme/partner.yaml`"), "{stderr}");
    let partner = read(&root, "partners/acme/partner.yaml");
    assert!(
        partner.starts_with("# yaml-language-server: $schema=../../schemas/partner.schema.json\n")
    );
    assert!(partner.contains("tax_code: \"0100233488\"") && partner.contains("\"+84389456120\""));

    let app_flags = [
        "new",
        "app",
        "--partner",
        "acme",
        "--id",
        "shop",
        "--name",
        "Acme Shop",
        "--short-description",
        "Mua sắm và thanh toán bằng MoMo.",
        "--support-phone",
        "028 3822 1234",
        "--repository",
        "https://git.acme.example.vn/shop",
    ];
    let (code, _, stderr) = run_in(&root, &app_flags);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("add the icon `partners/acme/apps/shop/icon.png`"), "{stderr}");
    let app = read(&root, "partners/acme/apps/shop/app.yaml");
    assert!(
        app.starts_with(
            "# yaml-language-server: $schema=../../../../schemas/mini-app.schema.json\n"
        )
    );
    assert!(app.contains("phone: \"+842838221234\""), "{app}");
    fs::copy(
        root.join("partners/cafe-sang/apps/dat-mon/icon.png"),
        root.join("partners/acme/apps/shop/icon.png"),
    )
    .expect("an icon to copy");
    assert_valid(&root);

    let rollout_flags = [
        "new",
        "rollout",
        "--partner",
        "acme",
        "--app",
        "shop",
        "--id",
        "1.0.0",
        "--webview-test",
        "https://test.shop.acme.example.vn",
        "--webview-staging",
        "https://staging.shop.acme.example.vn",
        "--webview-production",
        "https://shop.acme.example.vn",
    ];
    let (code, _, stderr) = run_in(&root, &rollout_flags);
    assert_eq!(code, 0, "{stderr}");
    let rollout = read(&root, "partners/acme/apps/shop/rollouts/1.0.0.yaml");
    assert!(rollout.starts_with(
        "# yaml-language-server: $schema=../../../../../schemas/rollout-request.schema.json\n"
    ));
    assert!(rollout.contains("android:\n  version: 1.0.0\n  build: 1\n"), "{rollout}");
    assert!(rollout.contains("ios:\n  version: 1.0.0\n  build: 2\n"), "{rollout}");
    assert!(rollout.contains("info:\n  name: Acme Shop\n"), "{rollout}");
    assert_valid(&root);
}

#[test]
fn a_first_rollout_without_webview_links_names_the_missing_flags() {
    let temp = example_repository();
    let root = temp.path().join("registry");

    let flags = ["new", "rollout", "--partner", "cafe-sang", "--app", "tich-diem", "--id", "1.0.0"];
    let (code, _, stderr) = run_in(&root, &flags);

    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("`--webview-test`, `--webview-staging`, `--webview-production`"));
    assert!(stderr.contains("first rollout"), "{stderr}");
    assert!(!root.join("partners/cafe-sang/apps/tich-diem/rollouts").exists());
}

#[test]
fn new_refuses_to_overwrite_and_names_missing_flags() {
    let temp = example_repository();
    let root = temp.path().join("registry");
    let before = read(&root, "partners/cafe-sang/partner.yaml");
    let mut flags = PARTNER_FLAGS.to_vec();
    flags[3] = "cafe-sang";

    let (code, _, stderr) = run_in(&root, &flags);

    assert_eq!(code, 2);
    assert!(stderr.contains("`partners/cafe-sang/partner.yaml` exists already"), "{stderr}");
    assert_eq!(read(&root, "partners/cafe-sang/partner.yaml"), before);

    let (code, _, stderr) = run_in(&root, &["new", "partner", "--id", "acme", "--name", "Acme"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("missing required flags: `--type`, `--business-field`"), "{stderr}");
    assert!(stderr.contains("`--m4b-account`, `--maintainer`"), "{stderr}");
    assert!(!root.join("partners/acme").exists());
}

#[test]
fn new_rollout_takes_the_next_builds_from_history_and_open_branches() {
    let temp = example_repository();
    let root = temp.path().join("registry");

    // dat-mon: 1.0.0 (1, 2) and 1.1.0 (5, 6) on main, so 7 and 8.
    let flags = [
        "new",
        "rollout",
        "--partner",
        "cafe-sang",
        "--app",
        "dat-mon",
        "--id",
        "1.2.0",
        "--android-version",
        "1.2.0",
        "--ios-version",
        "1.2.0",
        "--install-mode",
        "immediately",
    ];
    let (code, _, stderr) = run_in(&root, &flags);
    assert_eq!(code, 0, "{stderr}");
    let rollout = read(&root, "partners/cafe-sang/apps/dat-mon/rollouts/1.2.0.yaml");
    assert!(rollout.contains("  build: 7\n  install_mode: IMMEDIATELY\n"), "{rollout}");
    assert!(rollout.contains("  build: 8\n"), "{rollout}");
    assert!(!rollout.contains("info:") && !rollout.contains("webview:"), "{rollout}");
    assert_valid(&root);

    // dat-ve-xe: main holds 1.0.0 (1, 2); its open branch holds 1.1.0 (3, 4).
    let flags = [
        "new",
        "rollout",
        "--partner",
        "an-binh-hcm",
        "--app",
        "dat-ve-xe",
        "--id",
        "1.2.0",
        "--ios-version",
        "1.2.0",
    ];
    let (code, _, stderr) = run_in(&root, &flags);
    assert_eq!(code, 0, "{stderr}");
    let rollout = read(&root, "partners/an-binh-hcm/apps/dat-ve-xe/rollouts/1.2.0.yaml");
    assert!(rollout.contains("ios:\n  version: 1.2.0\n  build: 6\n"), "{rollout}");
    assert!(!rollout.contains("android:"), "{rollout}");
    assert!(stderr.contains("iOS build 6 (highest build seen: 4)"), "{stderr}");
}

#[test]
fn new_rollout_outside_git_reads_the_working_folder() {
    let root = tempfile::tempdir().expect("a temp folder");
    copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("example-registry"), root.path(), false);

    let flags = [
        "new",
        "rollout",
        "--partner",
        "an-binh-hcm",
        "--app",
        "dat-ve-xe",
        "--id",
        "2.0.0",
        "--android-version",
        "2.0.0",
    ];
    let (code, _, stderr) = run_in(root.path(), &flags);

    assert_eq!(code, 0, "{stderr}");
    let rollout = read(root.path(), "partners/an-binh-hcm/apps/dat-ve-xe/rollouts/2.0.0.yaml");
    assert!(rollout.contains("android:\n  version: 2.0.0\n  build: 5\n"), "{rollout}");
}
