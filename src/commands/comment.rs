//! `miniapp comment`: runs the gate, then posts its verdict, the reviewer defects and
//! the state to the pull request. What to post is in `comment`, sending it in `github`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{CommentArgs, Lang};
use crate::commands::{self, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::comment::publish::{self, Delivery, Target};
use crate::comment::{self, Hunks, Plan, State};
use crate::event::Event;
use crate::gate::{self, Outcome, Request};
use crate::github::{GitHub, PUBLIC_API, Policy, Token};
use crate::model::Language;
use crate::settings::Settings;
use crate::validate::{self, Typed};

/// Runs `miniapp comment` on a current-thread runtime; only this command uses tokio.
pub fn run(settings: &Settings, args: &CommentArgs) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("failed to start the async runtime")?;
    runtime.block_on(run_async(settings, args))
}

async fn run_async(settings: &Settings, args: &CommentArgs) -> anyhow::Result<ExitCode> {
    let event = Event::from_environment().context("failed to read `GITHUB_EVENT_PATH`")?;
    let event = event.unwrap_or_default();
    let token = Token::from_environment();
    let base_url = std::env::var("GITHUB_API_URL")
        .ok()
        .filter(|url| !url.is_empty())
        .unwrap_or_else(|| PUBLIC_API.to_owned());
    let mut github = GitHub::new(
        &base_url,
        &args.repo,
        token.as_ref(),
        Policy::from_environment(),
        args.dry_run,
    )
    .context("failed to reach GitHub")?;
    anyhow::ensure!(token.is_some() || args.dry_run, "no token: set `GITHUB_TOKEN`");

    let number = pull_request_number(&mut github, args, &event).await?;
    let pull = if github.reads() { github.pull_request(number).await.ok().flatten() } else { None };
    let repository = crate::history::Repository::open(&settings.directory).with_context(|| {
        format!("`{}` is not inside a git repository", settings.directory.display())
    })?;
    let base = args
        .base
        .clone()
        .or(event.base_sha.clone())
        .or_else(|| pull.as_ref().and_then(|p| p.base_sha.clone()))
        .unwrap_or_else(|| commands::check::production_branch(&settings.directory));
    let head = args.head.clone().or(event.head_sha.clone()).unwrap_or_else(|| "HEAD".to_owned());
    let actor = args
        .actor
        .clone()
        .or(event.author.clone())
        .or_else(|| pull.as_ref().and_then(|p| p.author.clone()))
        .or_else(|| std::env::var("GITHUB_ACTOR").ok())
        .filter(|actor| !actor.is_empty())
        .context("no actor: pass `--actor LOGIN` (GitHub Actions sets `GITHUB_ACTOR`)")?;
    let outcome = gate::check(&repository, &Request { base: &base, head: &head, actor: &actor })
        .with_context(|| format!("failed to check `{base}`..`{head}`"))?;

    let registry = registry_settings(&outcome);
    let language = match args.lang {
        Some(Lang::En) => Language::En,
        Some(Lang::Vi) => Language::Vi,
        None => registry.language,
    };
    let hunks = Hunks::compute(repository.git(), outcome.change.merge_base, outcome.change.head)
        .context("failed to diff the change")?;
    let plan = Plan::build(&outcome, &hunks, language);
    let timeline = comment::lifecycle_timeline(&repository, &outcome, comment::messages(language));
    let reviewers = if outcome.rollouts.is_empty() {
        Vec::new()
    } else {
        comment::pick_reviewers(&registry, &outcome.change.head_snapshot, Some(&actor))
    };

    let head_sha = outcome.change.head.to_string();
    let target = Target { number, head: &head_sha };
    let context = Posting { outcome: &outcome, plan: &plan, language, timeline: &timeline };
    let delivery = deliver(&mut github, target, &context, &reviewers).await;
    finish(settings, args, &github, &context, &delivery)
}

/// Bundles what the posting steps read.
struct Posting<'a> {
    outcome: &'a Outcome,
    plan: &'a Plan,
    language: Language,
    timeline: &'a str,
}

impl Posting<'_> {
    /// Returns what the summary heads with.
    fn verdict(&self) -> comment::Verdict<'_> {
        comment::Verdict {
            state: State::of(self.outcome),
            mergeable: self.outcome.mergeable,
            notices: &self.plan.notices,
        }
    }
}

async fn pull_request_number(
    github: &mut GitHub,
    args: &CommentArgs,
    event: &Event,
) -> anyhow::Result<u64> {
    if let Some(number) = args.pr.or(event.pull_request) {
        return Ok(number);
    }
    // A `workflow_run` of a fork carries no pull request: find it from the trusted head
    // commit and head repository, never from an uploaded artifact.
    if let Some(sha) = &event.head_sha {
        let found = github
            .pull_request_for_commit(sha, event.head_repository.as_deref())
            .await
            .context("failed to find the pull request of the head commit")?;
        if let Some(pull) = found {
            return Ok(pull.number);
        }
    }
    Err(commands::with_hint("no pull request number", "pass `--pr N`"))
}

fn registry_settings(outcome: &Outcome) -> crate::model::Registry {
    let snapshot = &outcome.change.head_snapshot;
    match snapshot.file("registry.yaml").and_then(|b| validate::read_typed("registry.yaml", b)) {
        Some(Typed::Registry(registry)) => registry,
        _ => crate::model::Registry::default(),
    }
}

async fn deliver(
    github: &mut GitHub,
    target: Target<'_>,
    context: &Posting<'_>,
    reviewers: &[String],
) -> Delivery {
    let messages = comment::messages(context.language);
    let state = State::of(context.outcome);
    let mut delivery = Delivery::default();
    if let Err(error) =
        publish::publish_review(github, target, context.plan, messages, &mut delivery).await
    {
        note_failure(&mut delivery, "review", &error);
    }
    let listed = publish::summary_findings(context.plan, &delivery);
    let body = comment::summary_body(
        context.verdict(),
        &listed,
        context.timeline,
        messages,
        comment::MAX_BODY,
    );
    match publish::publish_summary(github, target.number, state, &body).await {
        Ok(action) => delivery.summary = Some(action),
        Err(crate::github::GitHubError::Forbidden { .. }) => delivery.read_only = true,
        Err(error) => delivery.failure = Some(format!("{:#}", anyhow::Error::new(error))),
    }
    if delivery.read_only {
        return delivery;
    }
    if let Err(error) = publish::publish_state(github, target.number, state, reviewers).await {
        note_failure(&mut delivery, "labels and reviewers", &error);
    }
    delivery
}

fn note_failure(delivery: &mut Delivery, what: &str, error: &crate::github::GitHubError) {
    if matches!(error, crate::github::GitHubError::Forbidden { .. }) {
        delivery.read_only = true;
    }
    delivery.problems.push(format!("failed to post the {what}: {error}"));
}

fn finish(
    settings: &Settings,
    args: &CommentArgs,
    github: &GitHub,
    context: &Posting<'_>,
    delivery: &Delivery,
) -> anyhow::Result<ExitCode> {
    let messages = comment::messages(context.language);
    let mut stdout = std::io::stdout().lock();
    if args.dry_run {
        let document = serde_json::json!({
            "dry_run": true,
            "reads": if github.reads() { "sent" } else { "skipped: no token, no comments assumed" },
            "requests": github.planned(),
        });
        serde_json::to_writer_pretty(&mut stdout, &document)?;
        writeln!(stdout)?;
    }
    if delivery.read_only {
        write_annotations(context.plan, &mut stdout)?;
    }
    let mut summary = comment::full_text(context.verdict(), &context.plan.findings, messages);
    summary.push_str(context.timeline);
    append_step_summary(&summary)?;
    for problem in &delivery.problems {
        eprintln!("warning: {problem}");
    }
    if !settings.quiet {
        eprintln!("{}", commands::check::verdict_line(context.outcome));
    }
    if let Some(failure) = &delivery.failure {
        eprintln!("error: failed to post the summary: {failure}");
        return Ok(ExitCode::from(EXIT_ERROR));
    }
    Ok(ExitCode::from(if context.outcome.mergeable { EXIT_CLEAN } else { EXIT_FINDINGS }))
}

/// Writes every finding as a workflow command, for a token that may not comment.
fn write_annotations(plan: &Plan, out: &mut dyn Write) -> anyhow::Result<()> {
    use crate::render::github::{escape_data, escape_property};
    for finding in &plan.findings {
        let level = match finding.severity {
            crate::diagnostic::Severity::Error => "error",
            crate::diagnostic::Severity::Warning => "warning",
            crate::diagnostic::Severity::Note => "notice",
        };
        let mut properties = format!("file={}", escape_property(&finding.path));
        if let Some(line) = finding.line {
            properties.push_str(&format!(",line={line}"));
        }
        writeln!(out, "::{level} {properties}::{}", escape_data(&finding.plain))?;
    }
    Ok(())
}

fn append_step_summary(text: &str) -> anyhow::Result<()> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|path| !path.is_empty()) else {
        return Ok(());
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .with_context(|| format!("failed to open `{}`", path.to_string_lossy()))?;
    writeln!(file, "{text}")
        .with_context(|| format!("failed to write `{}`", path.to_string_lossy()))
}
