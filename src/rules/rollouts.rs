//! Builds and versions across an app's rollouts, in rollout order: build numbers are
//! unique and strictly increasing per app, each platform's version increases.

use std::collections::BTreeMap;

use super::apps::AppGroup;
use super::order::Version;
use crate::diagnostic::Diagnostic;
use crate::model::{Platform, RolloutRequest};
use crate::validate::LoadedFile;

/// Runs the per-app rollout rules: builds, versions, first rollout, support.
pub fn check(apps: &BTreeMap<(String, String), AppGroup<'_>>) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for group in apps.values() {
        findings.extend(builds(&group.rollouts));
        findings.extend(versions(&group.rollouts));
        findings.extend(super::completeness::first_rollout(group));
        findings.extend(super::completeness::support(group));
    }
    findings
}

/// Where a build number or version was given.
#[derive(Clone, Copy)]
struct Given<'a, T> {
    value: T,
    file: &'a LoadedFile,
    platform: Platform,
}

impl<T> Given<'_, T> {
    fn pointer(&self, field: &str) -> String {
        format!("/{}/{field}", self.platform.key())
    }
}

fn builds(rollouts: &[(&LoadedFile, &RolloutRequest)]) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    let mut seen: BTreeMap<u64, Given<'_, u64>> = BTreeMap::new();
    let mut highest: Option<Given<'_, u64>> = None;
    for (file, rollout) in rollouts {
        let mut this_rollout = Vec::new();
        for platform in Platform::ALL {
            let Some(version) = rollout.platform(platform) else { continue };
            let given = Given { value: version.build, file, platform };
            if let Some(first) = seen.get(&given.value) {
                findings.push(duplicate_build(&given, first));
            } else if let Some(previous) = highest.filter(|previous| previous.value > given.value) {
                findings.push(build_not_increasing(&given, &previous));
            } else {
                seen.insert(given.value, given);
            }
            findings.extend(parity(&given));
            this_rollout.push(given);
        }
        for given in this_rollout {
            if highest.is_none_or(|previous| given.value > previous.value) {
                highest = Some(given);
            }
        }
    }
    findings
}

fn duplicate_build(given: &Given<'_, u64>, first: &Given<'_, u64>) -> Diagnostic {
    let pointer = given.pointer("build");
    super::at_value(
        super::BUILD_DUPLICATE,
        given.file,
        &pointer,
        format!("build number {} is already used by `{}`", given.value, first.file.path),
    )
    .with_help("every build of an app, on either platform, gets a new number")
    .with_related(super::related_value(
        first.file,
        &first.pointer("build"),
        format!("build {} first given here", first.value),
    ))
}

fn build_not_increasing(given: &Given<'_, u64>, previous: &Given<'_, u64>) -> Diagnostic {
    let pointer = given.pointer("build");
    super::at_value(
        super::BUILD_NOT_INCREASING,
        given.file,
        &pointer,
        format!(
            "build number {} is not above build {} of the earlier rollout `{}`",
            given.value, previous.value, previous.file.path
        ),
    )
    .with_help(format!(
        "use a build number above {}; rollouts are ordered by id, so `1.10.0` follows `1.9.0`",
        previous.value
    ))
    .with_related(super::related_value(
        previous.file,
        &previous.pointer("build"),
        format!("build {} given here", previous.value),
    ))
}

/// Warns when a build breaks MoMo's pattern of odd Android and even iOS build numbers.
fn parity(given: &Given<'_, u64>) -> Option<Diagnostic> {
    let expected_odd = given.platform == Platform::Android;
    if (given.value % 2 == 1) == expected_odd {
        return None;
    }
    let (platform, parity) = if expected_odd { ("Android", "odd") } else { ("iOS", "even") };
    let finding = super::at_value(
        super::BUILD_PARITY,
        given.file,
        &given.pointer("build"),
        format!("{platform} build number {} is not {parity}", given.value),
    )
    .with_help(
        "MoMo's build counter gives Android odd and iOS even numbers (1 and 2, then 3 and 4)",
    );
    Some(finding)
}

fn versions(rollouts: &[(&LoadedFile, &RolloutRequest)]) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for platform in Platform::ALL {
        let mut highest: Option<(Version<'_>, Given<'_, &str>)> = None;
        for (file, rollout) in rollouts {
            let Some(build) = rollout.platform(platform) else { continue };
            // The schema reports a malformed version; there is nothing to compare.
            let Some(version) = Version::parse(&build.version) else { continue };
            let given = Given { value: build.version.as_str(), file, platform };
            match &highest {
                Some((top, previous)) if version <= *top => {
                    findings.push(version_not_increasing(&given, previous));
                }
                _ => highest = Some((version, given)),
            }
        }
    }
    findings
}

fn version_not_increasing(given: &Given<'_, &str>, previous: &Given<'_, &str>) -> Diagnostic {
    let name = if given.platform == Platform::Android { "Android" } else { "iOS" };
    super::at_value(
        super::VERSION_NOT_INCREASING,
        given.file,
        &given.pointer("version"),
        format!(
            "{name} version `{}` is not above `{}` of the earlier rollout `{}`",
            given.value, previous.value, previous.file.path
        ),
    )
    .with_help(format!("use a version above `{}` (semver order)", previous.value))
    .with_related(super::related_value(
        previous.file,
        &previous.pointer("version"),
        format!("version `{}` given here", previous.value),
    ))
}
