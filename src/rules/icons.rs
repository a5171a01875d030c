//! Icons: the file `info.icon` names (in `app.yaml` or a rollout) stays inside the app's
//! folder, exists as a regular file, and is a whole, square PNG with sides between
//! `icon.min_size` and `icon.max_size`. Files are kept as `IconFiles`: what their PNG
//! header says, not their bytes.

use std::collections::BTreeMap;

use super::apps::AppGroup;
use super::png;
use crate::diagnostic::Diagnostic;
use crate::model::{AppInfo, IconRules};
use crate::registry::{self, Entry, Snapshot};
use crate::validate::{Loaded, LoadedFile};

const POINTER: &str = "/info/icon";

/// Holds what the icon rules need of every file an icon path could name: whether it
/// exists, and for a regular file what reading it as a PNG gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IconFiles {
    files: BTreeMap<String, IconFile>,
}

/// Holds what the icon rules need of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IconFile(Option<Result<png::Header, png::Refusal>>);

impl IconFile {
    /// Reads an entry as an icon: a regular file's PNG header (checked up to `IEND`), or
    /// nothing for a link or a file `validate` could not read, which it reports itself.
    pub fn read(entry: &Entry) -> Self {
        match entry {
            Entry::File(bytes) => IconFile(Some(png::read(bytes))),
            Entry::Symlink(_)
            | Entry::Unreadable(_)
            | Entry::NotAFile(_)
            | Entry::TooLarge { .. } => IconFile(None),
        }
    }
}

impl IconFiles {
    /// Reads every entry of a snapshot an icon path could name.
    pub fn of(snapshot: &Snapshot) -> Self {
        let mut icons = IconFiles::default();
        for (path, entry) in snapshot.iter() {
            if Self::may_name(path) {
                icons.insert(path.to_owned(), IconFile::read(entry));
            }
        }
        icons
    }

    /// Tells whether an icon path could name a file: only files under `partners/`.
    pub fn may_name(path: &str) -> bool {
        path.starts_with("partners/")
    }

    /// Records one file.
    pub fn insert(&mut self, path: String, file: IconFile) {
        self.files.insert(path, file);
    }
}

/// Checks every icon that an app or one of its rollouts names.
pub fn check(
    loaded: &Loaded,
    apps: &BTreeMap<(String, String), AppGroup<'_>>,
    icons: &IconFiles,
) -> Vec<Diagnostic> {
    let rules = loaded.settings().icon;
    let mut findings = Vec::new();
    for ((partner, app), group) in apps {
        let app_dir = registry::app_dir(partner, app);
        let infos = group
            .app
            .map(|(file, app)| (file, Some(&app.info)))
            .into_iter()
            .chain(group.rollouts.iter().map(|(file, rollout)| (*file, rollout.info.as_ref())));
        for (file, info) in infos {
            let Some(icon) = info.and_then(|info: &AppInfo| info.icon.as_deref()) else {
                continue;
            };
            findings.extend(check_icon(file, &app_dir, icon, icons, rules));
        }
    }
    findings
}

fn check_icon(
    file: &LoadedFile,
    app_dir: &str,
    icon: &str,
    icons: &IconFiles,
    rules: IconRules,
) -> Vec<Diagnostic> {
    let Some(path) = resolve(app_dir, icon) else {
        let finding = super::at_value(
            super::ICON_PATH,
            file,
            POINTER,
            format!("icon path `{icon}` leaves the app's folder"),
        )
        .with_help("name a PNG file inside the app's folder, such as `icon.png`, with `/` only");
        return vec![finding];
    };
    let read = match icons.files.get(&path) {
        Some(IconFile(Some(read))) => *read,
        // `validate` already reports the link, or why the file was not read.
        Some(IconFile(None)) => return Vec::new(),
        None => {
            let finding = super::at_value(
                super::ICON_MISSING,
                file,
                POINTER,
                format!("icon `{icon}` does not exist: there is no `{path}`"),
            )
            .with_help("add the PNG file next to `app.yaml`, or fix the name");
            return vec![finding];
        }
    };
    let header = match read {
        Ok(header) => header,
        Err(refusal) => {
            let finding = super::at_value(
                super::ICON_NOT_PNG,
                file,
                POINTER,
                format!("icon `{path}` is not a PNG image: {refusal}"),
            )
            .with_help("export the icon as PNG; renaming another format to `.png` is not enough");
            return vec![finding];
        }
    };
    size_findings(file, &path, header, rules)
}

fn size_findings(
    file: &LoadedFile,
    path: &str,
    header: png::Header,
    rules: IconRules,
) -> Vec<Diagnostic> {
    let IconRules { min_size, max_size } = rules;
    let png::Header { width, height } = header;
    let mut findings = Vec::new();
    if width != height {
        findings.push(
            super::at_value(
                super::ICON_NOT_SQUARE,
                file,
                POINTER,
                format!("icon `{path}` is {width}×{height} pixels, not square"),
            )
            .with_help("icons must be square, such as 512×512"),
        );
    }
    if width.min(height) < min_size {
        findings.push(
            super::at_value(
                super::ICON_TOO_SMALL,
                file,
                POINTER,
                format!("icon `{path}` is {width}×{height} pixels, below {min_size}×{min_size}"),
            )
            .with_help(format!(
                "the registry requires at least {min_size}×{min_size} (`icon.min_size`)"
            )),
        );
    }
    if width.max(height) > max_size {
        findings.push(
            super::at_value(
                super::ICON_TOO_LARGE,
                file,
                POINTER,
                format!("icon `{path}` is {width}×{height} pixels, above {max_size}×{max_size}"),
            )
            .with_help(format!(
                "scale the icon down; the registry accepts at most {max_size}×{max_size} \
                 (`icon.max_size`)"
            )),
        );
    }
    findings
}

/// Joins an icon path to the app's folder; `None` when it is absolute, uses `\`, or climbs.
fn resolve(app_dir: &str, icon: &str) -> Option<String> {
    if icon.starts_with('/') || icon.contains('\\') || icon.contains(':') {
        return None;
    }
    let mut path = app_dir.to_owned();
    for segment in icon.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            segment => {
                path.push('/');
                path.push_str(segment);
            }
        }
    }
    (path.len() > app_dir.len()).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icon_paths_stay_in_the_app_folder() {
        let dir = "partners/acme/apps/shop";
        let cases = [
            ("icon.png", Some("partners/acme/apps/shop/icon.png")),
            ("./icon.png", Some("partners/acme/apps/shop/icon.png")),
            ("img//icon.png", Some("partners/acme/apps/shop/img/icon.png")),
            ("../../../etc/passwd.png", None),
            ("img/../icon.png", None),
            ("/etc/icon.png", None),
            ("img\\icon.png", None),
            ("C:/icon.png", None),
            ("", None),
            (".", None),
        ];
        for (icon, expected) in cases {
            assert_eq!(resolve(dir, icon).as_deref(), expected, "{icon}");
        }
    }
}
