//! `miniapp promote`: the catalog lists live apps with provenance, validates against its
//! schema, is byte-identical on a second run, and tags each live rollout once.

use std::fs;

use crate::support::{example_repository, run_in};

fn tags(repo: &git2::Repository) -> Vec<String> {
    let names = repo.tag_names(Some("rollout/*")).expect("tag names");
    names.iter().flatten().flatten().map(str::to_owned).collect()
}

#[test]
fn promote_twice_writes_the_same_catalog_and_tags_once() {
    let temp = example_repository();
    let root = temp.path().join("registry");
    let out = temp.path().join("out");
    let out_arg = out.to_string_lossy().into_owned();
    let repo = git2::Repository::open(&root).expect("the example repository");

    let (code, _, stderr) = run_in(&root, &["promote", "--out", &out_arg, "--tag"]);
    assert_eq!(code, 0, "{stderr}");
    let first = fs::read(out.join("catalog.json")).expect("a catalog");
    let first_tags = tags(&repo);
    let target = |name: &str| repo.revparse_single(name).expect("a tag").id();
    let first_ids: Vec<git2::Oid> = first_tags.iter().map(|name| target(name)).collect();

    let (code, _, stderr) = run_in(&root, &["promote", "--out", &out_arg, "--tag"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("0 tags created, 3 existing"), "{stderr}");
    assert_eq!(fs::read(out.join("catalog.json")).expect("a catalog"), first);
    assert_eq!(tags(&repo), first_tags);
    assert_eq!(first_tags.iter().map(|name| target(name)).collect::<Vec<_>>(), first_ids);
    assert_eq!(
        first_tags,
        [
            "rollout/an-binh-hcm/dat-ve-xe/1.0.0",
            "rollout/cafe-sang/dat-mon/1.0.0",
            "rollout/cafe-sang/dat-mon/1.1.0",
        ]
    );
    let leftovers: Vec<_> = fs::read_dir(&out).expect("out").flatten().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

#[test]
fn the_catalog_validates_and_names_each_part_s_rollout() {
    let temp = example_repository();
    let root = temp.path().join("registry");
    let out = temp.path().join("out");

    let (code, _, stderr) = run_in(&root, &["promote", "--out", &out.to_string_lossy()]);

    assert_eq!(code, 0, "{stderr}");
    let text = fs::read_to_string(out.join("catalog.json")).expect("a catalog");
    let catalog: serde_json::Value = serde_json::from_str(&text).expect("json");
    let schema_text = fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/catalog.schema.json"),
    )
    .expect("the schema");
    let schema: serde_json::Value = serde_json::from_str(&schema_text).expect("schema json");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> =
        validator.iter_errors(&catalog).map(|error| error.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");

    let apps = catalog["apps"].as_array().expect("apps");
    let ids: Vec<&str> = apps.iter().filter_map(|app| app["app"].as_str()).collect();
    assert_eq!(ids, ["dat-ve-xe", "dat-mon"]);
    let dat_mon = &apps[1];
    assert_eq!(dat_mon["app_id"], "vn.cafesang.datmon");
    assert_eq!(dat_mon["android"]["build"], 5);
    assert_eq!(dat_mon["ios"]["build"], 6);
    assert_eq!(dat_mon["info"]["icon"], "partners/cafe-sang/apps/dat-mon/icon-v2.png");
    assert_eq!(dat_mon["info"]["category"], "Ẩm thực", "kept from an earlier rollout");
    assert_eq!(dat_mon["parts"]["android"]["rollout"], "1.1.0");
    assert_eq!(dat_mon["parts"]["android"]["commit"].as_str().map(str::len), Some(40));
    let repo = git2::Repository::open(&root).expect("the example repository");
    let main = repo.revparse_single("main").expect("main").id().to_string();
    assert_eq!(catalog["production"]["commit"], main.as_str());
    let (code, stdout, _) = run_in(&root, &["schema", "catalog"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, schema_text);
}

#[test]
fn promote_refuses_a_shallow_clone() {
    let temp = example_repository();
    let root = temp.path().join("registry");
    let repo = git2::Repository::open(&root).expect("the example repository");
    let head = repo.head().expect("head").target().expect("a commit");
    fs::write(root.join(".git/shallow"), format!("{head}\n")).expect("writable");

    let (code, _, stderr) =
        run_in(&root, &["promote", "--out", &temp.path().join("out").to_string_lossy()]);

    assert_eq!(code, 2);
    assert!(stderr.contains("shallow clone"), "{stderr}");
    assert!(!temp.path().join("out/catalog.json").exists());
}

#[test]
fn a_relative_out_is_taken_from_the_registry_folder_like_git_c() {
    let temp = example_repository();
    let root = temp.path().join("registry");

    let (code, _, stderr) = run_in(&root, &["promote", "--out", "catalog"]);

    assert_eq!(code, 0, "{stderr}");
    assert!(root.join("catalog/catalog.json").is_file(), "{stderr}");
}
