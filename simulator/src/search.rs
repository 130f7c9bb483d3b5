//! Drawing histories from a seed, running them, and shrinking a failing one to the smallest
//! history that still fails the same check. Each history has a seed of its own, derived from the
//! run's seed and its index, so a shard or a replay finds exactly the same history.

use std::ops::ControlFlow;
use std::time::{Duration, Instant as Clock};

use domain::kernel::Instant;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use crate::engine::{prepare, run_from, Failure, Run, Scene, Variant};
use crate::faults::{FaultKinds, SplitMix};
use crate::simulation::{Drawn, Simulated};

/// What to simulate.
#[derive(Clone, Debug)]
pub struct Options {
    pub histories: u64,
    pub seed: u64,
    pub kinds: FaultKinds,
    /// This machine's part: (index, count); history i runs when i % count == index.
    pub shard: (u64, u64),
    pub max_steps: usize,
    /// Runs only the history with this seed.
    pub replay: Option<u64>,
    /// With `replay`: tells the history step by step (see `crate::trace`).
    pub trace: bool,
    pub start: Instant,
    /// How many failures to shrink and keep (the rest are counted).
    pub keep: usize,
}

impl Options {
    /// How many histories this machine runs: those k below `histories` with k % n == i for its
    /// shard i/n, or the one replayed.
    pub fn share(&self) -> u64 {
        let (index, count) = self.shard;
        match self.replay {
            Some(_) => 1,
            None => self.histories.saturating_sub(index).div_ceil(count.max(1)),
        }
    }

    /// `histories` histories from `seed` as the command line runs them without flags: every
    /// fault, one machine, at most 30 steps, the default start; `keep` failures shrunk.
    pub fn new(histories: u64, seed: u64, keep: usize) -> Self {
        Options {
            histories,
            seed,
            kinds: FaultKinds::ALL,
            shard: (0, 1),
            max_steps: 30,
            replay: None,
            trace: false,
            start: crate::simulation::history_start(),
            keep,
        }
    }
}

/// A failing history, shrunk.
#[derive(Clone, Debug)]
pub struct Found<C: Simulated> {
    pub history_seed: u64,
    pub history: Vec<Drawn<C>>,
    pub failure: Failure,
    pub original_steps: usize,
}

/// Figures of a whole simulation.
#[derive(Clone, Debug, Default)]
pub struct Totals {
    pub histories: u64,
    pub commands: u64,
    pub events: u64,
    pub faults: [u64; 5],
    /// Commands scheduled for later (which a `late` fault delays).
    pub scheduled: u64,
    pub checks: u64,
    pub failures: u64,
    pub elapsed: Duration,
    /// Stopped before its last history, when the progress said so (Ctrl-C).
    pub stopped: bool,
    /// The signal that stopped it, when it was one (`crate::interrupt`): the table names it.
    pub stopped_by: Option<i32>,
    /// How long writing the failures' feature files took, once the histories had run (cutting
    /// a scenario's Givens runs it many times); `None` when none was written. Not in `elapsed`,
    /// which the rates divide.
    pub writing: Option<Duration>,
    /// The seeds of the first failing histories past `--keep` (at most `UNKEPT_SHOWN`), which
    /// were counted and neither shrunk nor written: each replays with `--replay`.
    pub unkept: Vec<u64>,
}

/// How many seeds of failures not kept a run names.
pub const UNKEPT_SHOWN: usize = 10;

impl Totals {
    fn add(&mut self, run: &Run) {
        self.histories += 1;
        self.commands += run.commands;
        self.events += run.events;
        self.checks += run.checks;
        self.scheduled += run.scheduled;
        for (t, f) in self.faults.iter_mut().zip(run.faults) {
            *t += f;
        }
        if run.failure.is_some() {
            self.failures += 1;
        }
    }
}

/// The seed of history `index` of a run seeded `seed`.
pub fn history_seed(seed: u64, index: u64) -> u64 {
    SplitMix::new(seed ^ index.wrapping_mul(0xD6E8_FEB8_6659_FD93)).next_u64()
}

/// The history a seed stands for (before any shrinking).
pub fn history_of<C: Simulated>(history_seed: u64, max_steps: usize) -> Option<Vec<Drawn<C>>> {
    tree_of::<C>(history_seed, max_steps).map(|t| t.current())
}

fn tree_of<C: Simulated>(
    history_seed: u64,
    max_steps: usize,
) -> Option<impl ValueTree<Value = Vec<Drawn<C>>>> {
    let mut bytes = [0u8; 16];
    let mut rng = SplitMix::new(history_seed);
    for chunk in bytes.chunks_mut(8) {
        chunk.copy_from_slice(&rng.next_u64().to_le_bytes());
    }
    // No failure persistence: the simulator keeps its failures as feature files, and a runner
    // is cloned for every alternative a union passes over, each clone copying the boxed file
    // persistence (1.4% of `gwt simulate --domain store`'s instructions).
    let config = Config {
        failure_persistence: None,
        ..Config::default()
    };
    // XorShift rather than proptest's default ChaCha: a union draws a runner of its own for each
    // alternative it passes over (to shrink to it later), and seeding a ChaCha generator took
    // about a quarter of `gwt simulate`'s instructions. The seed comes from SplitMix, so it is
    // never the all-zero state XorShift cannot leave.
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::XorShift, &bytes));
    // A step's faults are never shrunk: a failure is made smaller by taking steps out, and a
    // seed drawn smaller is no simpler fault.
    let drawn = (
        C::step(max_steps),
        proptest::arbitrary::any::<u64>().no_shrink(),
    )
        .prop_map(|(step, faults)| Drawn { step, faults });
    proptest::collection::vec(drawn, 1..=max_steps.max(1))
        .new_tree(&mut runner)
        .ok()
}

/// Runs the histories of `options`, calling `progress` after each (which may stop the run), and
/// shrinks the failures.
pub fn simulate<C: Simulated>(
    options: &Options,
    progress: impl FnMut(&Totals) -> ControlFlow<()>,
) -> (Totals, Vec<Found<C>>) {
    simulate_variant(options, Variant::default(), progress)
}

/// `simulate` on a variant of the context (a planted bug).
pub fn simulate_variant<C: Simulated>(
    options: &Options,
    variant: Variant<C>,
    mut progress: impl FnMut(&Totals) -> ControlFlow<()>,
) -> (Totals, Vec<Found<C>>) {
    let started = Clock::now();
    let mut totals = Totals::default();
    let mut found = Vec::new();
    let seeds: Box<dyn Iterator<Item = u64>> = match options.replay {
        Some(s) => Box::new(std::iter::once(s)),
        None => {
            // The shard's own histories, index, index + count, …: the same ones `k % count ==
            // index` chooses, without visiting every other history of the run to skip it (a
            // shard of 10^12 histories would never start).
            let (index, count) = options.shard;
            let step = usize::try_from(count.max(1)).unwrap_or(usize::MAX);
            Box::new(
                (index..options.histories)
                    .step_by(step)
                    .map(|i| history_seed(options.seed, i)),
            )
        }
    };
    let prepared = prepare(options.start, variant);
    for hs in seeds {
        let Some(mut tree) = tree_of::<C>(hs, options.max_steps) else {
            continue;
        };
        let history = tree.current();
        let run = run_from(&prepared, &history, hs, options.kinds).0;
        totals.add(&run);
        if let Some(failure) = run.failure {
            if found.len() < options.keep {
                let original_steps = history.len();
                let (history, failure) =
                    shrink(&mut tree, history, failure, hs, options, &prepared);
                found.push(Found {
                    history_seed: hs,
                    original_steps,
                    history,
                    failure,
                });
            } else if totals.unkept.len() < UNKEPT_SHOWN {
                totals.unkept.push(hs);
            }
        }
        totals.elapsed = started.elapsed();
        if progress(&totals).is_break() {
            totals.stopped = true;
            break;
        }
    }
    totals.elapsed = started.elapsed();
    (totals, found)
}

/// Shrinks with proptest's value tree: simplify while the same check still fails, otherwise
/// step back. Bounded, so a stubborn failure still ends. Then takes out every step the failure
/// does without (`without_needless_steps`).
fn shrink<C: Simulated>(
    tree: &mut impl ValueTree<Value = Vec<Drawn<C>>>,
    history: Vec<Drawn<C>>,
    failure: Failure,
    hs: u64,
    options: &Options,
    prepared: &Scene<C>,
) -> (Vec<Drawn<C>>, Failure) {
    let mut best = (history, failure);
    if !tree.simplify() {
        return without_needless_steps(best, hs, options, prepared);
    }
    for _ in 0..4096 {
        let candidate = tree.current();
        let still = run_from(prepared, &candidate, hs, options.kinds)
            .0
            .failure
            .filter(|f| f.check == best.1.check);
        let moved = match still {
            Some(f) => {
                best = (candidate, f);
                tree.simplify()
            }
            None => tree.complicate(),
        };
        if !moved {
            break;
        }
    }
    without_needless_steps(best, hs, options, prepared)
}

/// `history` less every step without which it still fails `failure`'s check, and the failure
/// it then gives. Proptest's tree takes each step out once, before it simplifies the steps
/// themselves; a step simplified afterwards (a withdrawal moved from one account to another) can
/// leave an earlier step with no part left in the failure (the deposit that withdrawal needed),
/// and the tree never tries taking that one out again. So each step is tried once more, the last
/// first (later steps build on earlier ones), and again until none can go. The steps after the
/// failing one never ran, so they go first.
fn without_needless_steps<C: Simulated>(
    (mut history, mut failure): (Vec<Drawn<C>>, Failure),
    hs: u64,
    options: &Options,
    prepared: &Scene<C>,
) -> (Vec<Drawn<C>>, Failure) {
    let ran = |history: &mut Vec<Drawn<C>>, failure: &Failure| {
        if let Some(step) = failure.step {
            history.truncate(step + 1);
        }
    };
    ran(&mut history, &failure);
    loop {
        let before = history.len();
        let mut i = history.len();
        while i > 0 && history.len() > 1 {
            i -= 1;
            if i >= history.len() {
                continue;
            }
            let mut candidate = history.clone();
            candidate.remove(i);
            let still = run_from(prepared, &candidate, hs, options.kinds)
                .0
                .failure
                .filter(|f| f.check == failure.check);
            if let Some(f) = still {
                ran(&mut candidate, &f);
                (history, failure) = (candidate, f);
            }
        }
        if history.len() == before {
            return (history, failure);
        }
    }
}
