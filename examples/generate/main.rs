//! Writes a synthetic registry as a git repository, for the benchmarks in `bench/run.sh`:
//! partners, apps, rollouts and reviews with a history of pull requests, review rounds and
//! merges, the same for the same seed. Objects are written with git2 directly.
//!
//! ```console
//! cargo run --release --example generate -- --out target/bench/10k --files 10000 --commits 20000
//! ```

mod content;
mod plan;
mod random;
mod tree;

use std::collections::VecDeque;
use std::path::PathBuf;
use std::rc::Rc;

use anyhow::{Context, bail};
use clap::Parser;
use git2::{Oid, Repository, Signature, Time};

use crate::content::{PartnerNames, REVIEWERS, TaxCodes};
use crate::plan::{Action, File, Route, Routes, Who};
use crate::random::Random;
use crate::tree::{Folder, Objects};

/// The example registry's settings and defect catalog, shared by every generated registry.
const REGISTRY: &str = include_str!("../../example-registry/registry.yaml");
const DEFECTS: &str = include_str!("../../example-registry/defects.yaml");
/// One real 512×512 PNG, reused as every app's icon.
const ICON: &[u8] =
    include_bytes!("../../example-registry/partners/cafe-sang/apps/dat-ban/icon.png");
/// The first commit's time: 2023-01-02 09:00 +07:00.
const START: i64 = 1_672_624_800;

/// Writes a synthetic registry repository.
#[derive(Debug, Parser)]
struct Args {
    /// Folder to create; it must not exist.
    #[arg(long)]
    out: PathBuf,
    /// Files to aim for; sets the number of partners.
    #[arg(long, default_value_t = 10_000)]
    files: usize,
    /// Commits to aim for; sets how many rollouts go through review rounds.
    #[arg(long, default_value_t = 20_000)]
    commits: usize,
    /// Apps per partner.
    #[arg(long, default_value_t = 5)]
    apps: usize,
    /// Rollouts per app.
    #[arg(long, default_value_t = 4)]
    rollouts: usize,
    /// Pull requests left open on branches at the end.
    #[arg(long, default_value_t = 5)]
    open: usize,
    /// Partners onboarding at the same time, which interleaves their commits.
    #[arg(long, default_value_t = 24)]
    parallel: usize,
    /// Seed of every random choice.
    #[arg(long, default_value_t = 7)]
    seed: u64,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.out.exists() {
        bail!("`{}` already exists", args.out.display());
    }
    let repo = Repository::init(&args.out)
        .with_context(|| format!("failed to create `{}`", args.out.display()))?;
    let odb = repo.odb()?;
    let objects = Objects::new(&repo, &odb, 2_000)?;
    let mut writer = Writer::new(&repo, objects)?;

    let per_partner = 2 + args.apps * (3 + 2 * args.rollouts);
    let partners = args.files.saturating_sub(2).div_ceil(per_partner).max(1);
    let rollouts = partners * args.apps * args.rollouts;
    let fixed = 1 + partners * plan::commits_before_rollouts(args.apps) + 2 * args.open;
    let routes = Routes::new(args.commits.saturating_sub(fixed), rollouts);
    let mut random = Random::new(args.seed);

    writer.initial()?;
    writer.play(partners, &args, &routes, &mut random)?;
    writer.open_pull_requests(partners, &args, &mut random)?;
    writer.finish()?;

    let mut checkout = git2::build::CheckoutBuilder::new();
    repo.checkout_head(Some(checkout.force()))?;
    eprintln!(
        "wrote `{}`: {partners} partners, {} files, {} commits, {} open branches",
        args.out.display(),
        2 + partners * per_partner,
        writer.commits,
        args.open,
    );
    Ok(())
}

/// A partner whose story is playing, with its open pull-request branch.
struct Actor {
    names: PartnerNames,
    story: VecDeque<Action>,
    branch: Option<Branch>,
}

struct Branch {
    name: String,
    tree: Rc<Folder>,
    tip: Oid,
    files: Vec<(String, Oid)>,
}

/// Writes commits: the production branch's tree and tip, the clock, the shared icon blob.
struct Writer<'repo> {
    repo: &'repo Repository,
    objects: Objects<'repo>,
    tree: Rc<Folder>,
    tip: Option<Oid>,
    clock: i64,
    icon: Oid,
    commits: usize,
    tax_codes: TaxCodes,
}

impl<'repo> Writer<'repo> {
    fn new(repo: &'repo Repository, objects: Objects<'repo>) -> anyhow::Result<Self> {
        let icon = repo.blob(ICON)?;
        Ok(Self {
            repo,
            objects,
            tree: Rc::new(Folder::default()),
            tip: None,
            clock: START,
            icon,
            commits: 0,
            tax_codes: TaxCodes::default(),
        })
    }

    fn initial(&mut self) -> anyhow::Result<()> {
        let registry = self.repo.blob(REGISTRY.as_bytes())?;
        let defects = self.repo.blob(DEFECTS.as_bytes())?;
        self.tree.set("registry.yaml", registry);
        self.tree.set("defects.yaml", defects);
        self.main_commit(
            "Create the registry",
            &signature("tran-minh-quan", "quan.tran@momo.example", START),
        )
    }

    /// Plays every partner's story, `parallel` partners at a time in random turns.
    fn play(
        &mut self,
        partners: usize,
        args: &Args,
        routes: &Routes,
        random: &mut Random,
    ) -> anyhow::Result<()> {
        let mut active: Vec<Actor> = Vec::new();
        let mut next = 0;
        while next < partners || !active.is_empty() {
            while active.len() < args.parallel && next < partners {
                let names = PartnerNames::new(next, self.tax_codes.next_code());
                let story = plan::partner_story(&names, args.apps, args.rollouts, routes, random);
                active.push(Actor { names, story, branch: None });
                next += 1;
            }
            let turn = random.below(active.len() as u64) as usize;
            let actor = &mut active[turn];
            match actor.story.pop_front() {
                Some(action) => self.act(actor, action, random)?,
                None => {
                    active.swap_remove(turn);
                }
            }
        }
        Ok(())
    }

    fn act(
        &mut self,
        actor: &mut Actor,
        action: Action,
        random: &mut Random,
    ) -> anyhow::Result<()> {
        self.clock += 60 + random.below(3_600) as i64;
        match action {
            Action::Main { message, who, files } => {
                for (path, file) in files {
                    let blob = self.blob(file)?;
                    self.tree.set(&path, blob);
                }
                let author = self.signature(&actor.names, who);
                self.main_commit(&message, &author)?;
            }
            Action::Open { name } => {
                let tip = self.tip.context("the registry commit comes first")?;
                actor.branch =
                    Some(Branch { name, tree: Rc::clone(&self.tree), tip, files: Vec::new() });
            }
            Action::Branch { message, who, files } => {
                let author = self.signature(&actor.names, who);
                let branch =
                    actor.branch.as_mut().context("a branch commit needs an open branch")?;
                for (path, file) in files {
                    let blob = match file {
                        File::Text(text) => self.repo.blob(text.as_bytes())?,
                        File::Icon => self.icon,
                    };
                    branch.tree.set(&path, blob);
                    branch.files.push((path, blob));
                }
                let tree = self.repo.find_tree(branch.tree.write(self.repo)?)?;
                let parent = self.repo.find_commit(branch.tip)?;
                branch.tip =
                    self.repo.commit(None, &author, &author, &message, &tree, &[&parent])?;
                self.count()?;
            }
            Action::Merge { message } => {
                let branch = actor.branch.take().context("a merge needs an open branch")?;
                for (path, blob) in &branch.files {
                    self.tree.set(path, *blob);
                }
                let reviewer = self.signature(&actor.names, Who::Reviewer(0));
                let tree = self.repo.find_tree(self.tree.write(self.repo)?)?;
                let first = self.repo.find_commit(self.tip.context("a merge needs a base")?)?;
                let second = self.repo.find_commit(branch.tip)?;
                let message = format!("{message} from {}", branch.name);
                let id = self.repo.commit(
                    None,
                    &reviewer,
                    &reviewer,
                    &message,
                    &tree,
                    &[&first, &second],
                )?;
                self.tip = Some(id);
                self.count()?;
            }
        }
        Ok(())
    }

    /// Leaves `open` pull requests on branches: a next rollout of a partner's first app,
    /// half of them with a review asking for changes.
    fn open_pull_requests(
        &mut self,
        partners: usize,
        args: &Args,
        random: &mut Random,
    ) -> anyhow::Result<()> {
        let mut taken = std::collections::BTreeSet::new();
        for number in 0..args.open.min(partners) {
            let mut partner = random.below(partners as u64) as usize;
            while !taken.insert(partner) {
                partner = (partner + 1) % partners;
            }
            let names = PartnerNames::new(partner, String::new());
            let mut story = VecDeque::new();
            plan::rollout_story(
                &names,
                0,
                args.rollouts,
                Route::PullRequest { rounds: 1 },
                0,
                &mut story,
            );
            // Keep the request and the changes-requested review; drop the rest and the merge.
            let keep = if number % 2 == 0 { 2 } else { 3 };
            let mut actor = Actor { names, story: VecDeque::new(), branch: None };
            for action in story.into_iter().take(keep) {
                self.act(&mut actor, action, random)?;
            }
            if let Some(branch) = actor.branch {
                let tip = self.repo.find_commit(branch.tip)?;
                self.repo.branch(&branch.name, &tip, true)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> anyhow::Result<()> {
        self.objects.flush()?;
        let tip = self.tip.context("the registry commit comes first")?;
        self.repo.reference("refs/heads/main", tip, true, "generate")?;
        self.repo.set_head("refs/heads/main")?;
        Ok(())
    }

    fn blob(&self, file: File) -> Result<Oid, git2::Error> {
        match file {
            File::Text(text) => self.repo.blob(text.as_bytes()),
            File::Icon => Ok(self.icon),
        }
    }

    fn main_commit(&mut self, message: &str, author: &Signature<'_>) -> anyhow::Result<()> {
        let tree = self.repo.find_tree(self.tree.write(self.repo)?)?;
        let parent = match self.tip {
            Some(tip) => vec![self.repo.find_commit(tip)?],
            None => Vec::new(),
        };
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        self.tip = Some(self.repo.commit(None, author, author, message, &tree, &parents)?);
        self.count()
    }

    fn count(&mut self) -> anyhow::Result<()> {
        self.commits += 1;
        self.objects.committed()?;
        Ok(())
    }

    fn signature(&self, names: &PartnerNames, who: Who) -> Signature<'static> {
        match who {
            Who::Partner => signature(&names.login, &names.email, self.clock),
            Who::Reviewer(index) => {
                let login = REVIEWERS[index % REVIEWERS.len()];
                signature(login, &format!("{login}@momo.example"), self.clock)
            }
        }
    }
}

fn signature(name: &str, email: &str, seconds: i64) -> Signature<'static> {
    Signature::new(name, email, &Time::new(seconds, 420))
        .expect("generated names hold no `<` or `>`")
}
