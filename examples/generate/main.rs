//! Writes a synthetic registry as a git repository, for the benchmarks in `bench/run.sh`:
//! partners, apps, rollouts and reviews with a history of pull requests, review rounds and
//! merges, the same for the same seed. Trees and commits are serialized here and written
//! with git2 to an in-memory object database, packed to disk in batches (`objects`).
//!
//! ```console
//! cargo run --release --example generate -- --out target/bench/10k --files 10000 --commits 20000
//! ```

mod content;
mod objects;
mod plan;
mod random;
mod tree;

use std::collections::VecDeque;
use std::path::PathBuf;
use std::rc::Rc;

use anyhow::{Context, bail};
use clap::Parser;
use git2::{Odb, Oid, Repository};

use crate::content::{PartnerNames, REVIEWERS, TaxCodes};
use crate::objects::{Objects, Person};
use crate::plan::{Action, File, Route, Routes, Who};
use crate::random::Random;
use crate::tree::Folder;

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
    // The generator reads back only objects it has just written and hashed, once, when
    // packing them: checking their hashes again would only cost time, and caching them
    // (up to 256 MB by default) would only cost memory.
    git2::opts::strict_hash_verification(false);
    git2::opts::enable_caching(false);
    // Objects go to an in-memory database of their own until a batch is packed into `repo`.
    let store = Repository::from_odb(Odb::new()?)?;
    let odb = store.odb()?;
    let mempack = odb.add_new_mempack_backend(1000)?;
    let objects = Objects::new(&store, &odb, mempack, &repo, 2_000);
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
        "wrote `{}`: {partners} partners, {} files, {} commits, {} open branches, {} packs",
        args.out.display(),
        2 + partners * per_partner,
        writer.commits,
        args.open,
        writer.objects.packs(),
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
    /// The branches left open, by name and tip, created once their objects are packed.
    open: Vec<(String, Oid)>,
}

impl<'repo> Writer<'repo> {
    fn new(repo: &'repo Repository, mut objects: Objects<'repo>) -> anyhow::Result<Self> {
        let icon = objects.blob(ICON, "icon.png")?;
        Ok(Self {
            repo,
            objects,
            tree: Rc::new(Folder::default()),
            tip: None,
            clock: START,
            icon,
            commits: 0,
            tax_codes: TaxCodes::default(),
            open: Vec::new(),
        })
    }

    fn initial(&mut self) -> anyhow::Result<()> {
        let registry = self.objects.blob(REGISTRY.as_bytes(), "registry.yaml")?;
        let defects = self.objects.blob(DEFECTS.as_bytes(), "defects.yaml")?;
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
                    let blob = self.blob(file, &path)?;
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
                        File::Text(text) => self.objects.blob(text.as_bytes(), &path)?,
                        File::Icon => self.icon,
                    };
                    branch.tree.set(&path, blob);
                    branch.files.push((path, blob));
                }
                let tree = branch.tree.write("", &mut self.objects)?;
                branch.tip = self.objects.commit(tree, &[branch.tip], &author, &message)?;
                self.commits += 1;
            }
            Action::Merge { message } => {
                let branch = actor.branch.take().context("a merge needs an open branch")?;
                for (path, blob) in &branch.files {
                    self.tree.set(path, *blob);
                }
                let reviewer = self.signature(&actor.names, Who::Reviewer(0));
                let tree = self.tree.write("", &mut self.objects)?;
                let first = self.tip.context("a merge needs a base")?;
                let message = format!("{message} from {}", branch.name);
                let id = self.objects.commit(tree, &[first, branch.tip], &reviewer, &message)?;
                self.tip = Some(id);
                self.commits += 1;
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
                self.open.push((branch.name, branch.tip));
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> anyhow::Result<()> {
        self.objects.flush()?;
        for (name, tip) in &self.open {
            self.repo.reference(&format!("refs/heads/{name}"), *tip, true, "generate")?;
        }
        let tip = self.tip.context("the registry commit comes first")?;
        self.repo.reference("refs/heads/main", tip, true, "generate")?;
        self.repo.set_head("refs/heads/main")?;
        Ok(())
    }

    fn blob(&mut self, file: File, path: &str) -> Result<Oid, git2::Error> {
        match file {
            File::Text(text) => self.objects.blob(text.as_bytes(), path),
            File::Icon => Ok(self.icon),
        }
    }

    fn main_commit(&mut self, message: &str, author: &Person) -> anyhow::Result<()> {
        let tree = self.tree.write("", &mut self.objects)?;
        let parents: Vec<Oid> = self.tip.into_iter().collect();
        self.tip = Some(self.objects.commit(tree, &parents, author, message)?);
        self.commits += 1;
        Ok(())
    }

    fn signature(&self, names: &PartnerNames, who: Who) -> Person {
        match who {
            Who::Partner => signature(&names.login, &names.email, self.clock),
            Who::Reviewer(index) => {
                let login = REVIEWERS[index % REVIEWERS.len()];
                signature(login, &format!("{login}@momo.example"), self.clock)
            }
        }
    }
}

/// Names a commit's author and committer; the time zone is always +07:00.
fn signature(name: &str, email: &str, seconds: i64) -> Person {
    Person { name: name.to_owned(), email: email.to_owned(), seconds }
}
