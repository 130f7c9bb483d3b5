//! The scenario world: one run of the bounded context per check (as written, with duplicate
//! delivery, with stored-form Givens and process managers restarted after each message),
//! driven step by step through the `Runtime` interface.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use domain::kernel::{BoundedContext, Catalog, Instant, System};
use serde_json::Value;

use crate::diagnostics::Source;
use crate::runtime::{
    Invariants, LongAfter, RunKind, Runtime, SeenCommand, StimulusError, SystemRuntime,
};

/// Makes runs of one bounded context.
pub trait DomainFactory: Send + Sync + 'static {
    fn name(&self) -> &'static str;
    fn catalog(&self) -> Arc<Catalog>;
    fn runtime(&self, kind: RunKind, start: Instant) -> Box<dyn Runtime>;
}

/// The factory of any bounded context built on the kernel. Every run starts as a copy of one
/// fresh system, so the context's wiring and routes are worked out once, not per scenario.
pub struct ContextFactory<C: BoundedContext> {
    catalog: Arc<Catalog>,
    fresh: Mutex<System<C>>,
    invariants: Option<Invariants<C>>,
    long_after: Option<LongAfter<C>>,
}

impl<C: BoundedContext> ContextFactory<C> {
    /// Runs scenarios on the context's own handlers; an error when its wiring has mistakes.
    pub fn new() -> Result<Self, domain::kernel::WiringError> {
        Ok(Self::from_system(System::new(default_start())?))
    }

    /// Runs scenarios on a given fresh system instead (a variant with a planted bug, say).
    pub fn from_system(fresh: System<C>) -> Self {
        ContextFactory {
            catalog: Arc::new(Catalog::of::<C>()),
            fresh: Mutex::new(fresh),
            invariants: None,
            long_after: None,
        }
    }

    /// Scenarios may say `Then the invariants hold`, judged by `invariants`.
    pub fn with_invariants(mut self, invariants: Invariants<C>) -> Self {
        self.invariants = Some(invariants);
        self
    }

    /// Scenarios may say `Then long after, the invariants hold`, judged by the invariants
    /// (`with_invariants`) and `long_after` once its minutes have passed.
    pub fn with_long_after(mut self, long_after: LongAfter<C>) -> Self {
        self.long_after = Some(long_after);
        self
    }
}

impl<C: BoundedContext> DomainFactory for ContextFactory<C> {
    fn name(&self) -> &'static str {
        C::NAME
    }
    fn catalog(&self) -> Arc<Catalog> {
        self.catalog.clone()
    }
    fn runtime(&self, kind: RunKind, start: Instant) -> Box<dyn Runtime> {
        let mut system = self.fresh.lock().unwrap_or_else(|e| e.into_inner()).clone();
        system.set_now(start);
        Box::new(
            SystemRuntime::from_system(system, self.catalog.clone(), kind)
                .with_invariants(self.invariants)
                .with_long_after(self.long_after),
        )
    }
}

/// The catalogs of the other domains the command line knows, so that a name unknown in the
/// chosen domain but known in another can say which `--domain` it belongs to. Process-wide, so
/// the runner runs one run at a time (see `runner::run`).
pub(crate) fn other_catalogs() -> &'static Mutex<Vec<Arc<Catalog>>> {
    static OTHERS: OnceLock<Mutex<Vec<Arc<Catalog>>>> = OnceLock::new();
    OTHERS.get_or_init(Default::default)
}

/// ` (Name is a message of the store domain: run with --domain store)` when another domain knows
/// `name` as a message (or, with `read_model`, as a read model); empty otherwise.
pub(crate) fn known_elsewhere(name: &str, read_model: bool) -> String {
    let others = other_catalogs().lock().unwrap_or_else(|e| e.into_inner());
    others
        .iter()
        .find(|c| {
            if read_model {
                c.read_models.iter().any(|r| r.name == name)
            } else {
                c.message(name).is_some()
            }
        })
        .map(|c| {
            let what = if read_model { "read model" } else { "message" };
            format!(
                " ({name} is a {what} of the {} domain: run with --domain {})",
                c.domain, c.domain
            )
        })
        .unwrap_or_default()
}

/// The scenario clock when no `Given the time is` says otherwise.
pub fn default_start() -> Instant {
    "2026-01-05T09:00:00Z"
        .parse()
        .expect("the default start is a valid instant")
}

/// One run of a scenario.
pub struct Run {
    pub kind: RunKind,
    pub runtime: Box<dyn Runtime>,
    /// The journal position when the stimulus arrived.
    pub mark: usize,
    /// How the stimulus went, once there was one.
    pub outcome: Option<Stimulus>,
    /// Read-model entries just before the stimulus, for the outcome snapshot and to compare the
    /// runs before the When; kept only when one of those needs them.
    pub entries_before: Option<BTreeMap<(String, String), Value>>,
}

impl Run {
    /// Commands refused after the stimulus, besides the When's own command: those process
    /// managers sent while the system settled, and those delivered as time passed. Each is part
    /// of the outcome, as what was recorded and sent is (the When's own rejection is its
    /// outcome, and it comes first).
    pub fn rejected_after_stimulus(&self) -> Vec<(SeenCommand, String)> {
        let mut rejected = self.runtime.rejections(self.mark);
        if let Some(Stimulus::Command(Err(_))) = &self.outcome {
            if !rejected.is_empty() {
                rejected.remove(0);
            }
        }
        rejected
    }

    /// `report`, with what was rejected: the When's command, and any command rejected as the system
    /// settled after it, which is often why the events, commands or read-model entries expected
    /// never came (a reservation refused for a seat type availability was never given).
    pub(crate) fn with_rejection(&self, report: String) -> String {
        let report = match &self.outcome {
            Some(Stimulus::Command(Err(reason))) => {
                format!("the command was rejected ({reason}), and {report}")
            }
            _ => report,
        };
        let when_refused = matches!(self.outcome, Some(Stimulus::Command(Err(_))));
        let rejected = self.rejected_after_stimulus();
        // A rejection is the likelier reason, and already told: a timeout passed by the clock is
        // named only when nothing was refused.
        let refused = when_refused || !rejected.is_empty();
        let passed = match refused {
            true => Vec::new(),
            false => self.runtime.passed_by_clock(),
        };
        if !refused && passed.is_empty() {
            return report;
        }
        let mut told = report.trim_end_matches('\n').to_string();
        told.push_str(&self.sent_in_the_past_to_the_when());
        for (command, reason) in rejected {
            told.push_str(&format!(
                "\n{} was rejected after the When: {reason}",
                command.name
            ));
            told.push_str(&self.sent_in_the_past_to(&command, &reason));
        }
        // DSL.md counts a command due before the scenario clock as handled in the past the Givens
        // tell; a clock set past one after the Givens is easily meant otherwise.
        let instant = domain::kernel::instant_text;
        for (command, due, clock) in passed {
            told.push_str(&format!(
                "\n{command}, scheduled by the Givens for {}, is not delivered: `the time is {}` set \
                 the clock past it, so it counts as handled in the past the Givens tell (set the time \
                 before {} to have it delivered as time passes)",
                instant(due),
                instant(clock),
                instant(due),
            ));
        }
        told
    }

    /// What process managers sent, while the Givens were loaded, to the stream of `refused` (a
    /// command refused for `reason`), each on a line of its own, then what `refused` comes to
    /// were they run: counted as handled, such a command was not run, and an author who gives
    /// `SeatCreated` and not the availability it leads to finds a reservation refused for a seat
    /// type "unknown" with no word of why. Empty when none was, or when running them would leave
    /// the refusal as it is (its cause lies elsewhere, and the note would point away from it).
    pub(crate) fn sent_in_the_past_to(&self, refused: &SeenCommand, reason: &str) -> String {
        let Some(past) = self.runtime.sent_in_the_past_to(refused, reason) else {
            return String::new();
        };
        let mut told: String = (past.sent.iter())
            .map(|sent| {
                format!(
                    "\n  {} sent {} {} to the same stream as the Givens were loaded: DSL.md counts a \
                     command sent in the past as handled, so it did not run; give what it records \
                     among the Givens ({}, were it run now)",
                    sent.by,
                    sent.command.name,
                    sent.command.payload,
                    sent.would_record.join(", ")
                )
            })
            .collect();
        let were = match past.sent.len() {
            1 => "were it run first",
            _ => "were they run first",
        };
        told.push_str(&match past.refused_then {
            None => format!("\n  {were}, {} would have been accepted", refused.name),
            Some(then) => format!(
                "\n  {were}, {} would have been refused for another reason: {then}",
                refused.name
            ),
        });
        told
    }

    /// `sent_in_the_past_to` the When's command, when it was refused (the first refusal of the
    /// run is then its own); empty otherwise.
    pub(crate) fn sent_in_the_past_to_the_when(&self) -> String {
        match (&self.outcome, self.runtime.rejections(self.mark).first()) {
            (Some(Stimulus::Command(Err(_))), Some((command, reason))) => {
                self.sent_in_the_past_to(command, reason)
            }
            _ => String::new(),
        }
    }

    /// Every read-model entry of the run, by read model and key.
    pub fn entries(&self) -> BTreeMap<(String, String), Value> {
        self.runtime
            .read_model_entries()
            .into_iter()
            .map(|(name, key, entry)| ((name.to_string(), key), entry))
            .collect()
    }
}

/// What the When step was and how it went.
#[derive(Clone, Debug, PartialEq)]
pub enum Stimulus {
    Command(Result<(), String>),
    Event,
    Time,
}

/// A scenario with no When.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct MissingWhen {
    /// The scenario's line and column.
    pub(crate) at: (usize, usize),
    /// The line of the step that fails for it (its first Then, or its last step), since only a
    /// step can fail a scenario.
    pub(crate) fail_at: usize,
    /// A line of its description that holds a When (`"When 30 minutes pass!"`), which Gherkin
    /// dropped: its line, as written, and the step meant.
    pub(crate) in_description: Option<(usize, String, String)>,
}

#[derive(cucumber::World)]
#[world(init = Self::new)]
pub struct GwtWorld {
    /// The domain of the run, handed in by the runner's before hook: cucumber makes worlds
    /// without arguments, and a process-wide "current domain" let two runs at once (tests in
    /// parallel threads) run their scenarios against each other's domain.
    pub(crate) factory: Option<Arc<dyn DomainFactory>>,
    pub(crate) runs: Vec<Run>,
    pub(crate) source: Source,
    pub(crate) feature: Option<PathBuf>,
    pub(crate) scenario: String,
    pub(crate) when_line: Option<usize>,
    /// The line of the scenario's first Then, once run.
    pub(crate) then_line: Option<usize>,
    pub(crate) wants_outcome: bool,
    /// Where snapshots live when the run names a folder (`--snapshots`).
    pub(crate) snapshot_dir: Option<PathBuf>,
    /// Snapshots not reviewed yet, or changed, are written as reviewed and pass
    /// (`--accept-snapshots`).
    pub(crate) accept_snapshots: bool,
    /// The line of the step being run, for the snapshot a step writes.
    pub(crate) step_line: usize,
    /// A scenario with no When: where it is told, and which step fails for it.
    pub(crate) missing_when: Option<MissingWhen>,
    /// A scenario with a When and no Then: the line of its last step, which fails for it.
    pub(crate) missing_then: Option<usize>,
    /// For a scenario expanded from an Outline, the Examples row it runs, which its failures
    /// name (every row's scenario fails at the same step lines).
    pub(crate) examples_row: Option<String>,
    /// The scenario's name as its snapshots are named (`snapshots::snapshot_scenario`), and its
    /// line, which tells an Outline's rows apart.
    pub(crate) snapshot_name: String,
    pub(crate) scenario_line: usize,
    /// The lines of the steps of the Backgrounds the scenario runs first (its feature's and its
    /// rule's), which must be Givens.
    pub(crate) background_lines: Vec<usize>,
    /// The keyword the last `*` step stood for, which the `And` and `But` steps after it
    /// continue (none after a step written with its keyword).
    pub(crate) continued: Option<cucumber::gherkin::StepType>,
}

impl fmt::Debug for GwtWorld {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GwtWorld")
            .field("domain", &self.factory.as_ref().map(|d| d.name()))
            .field("scenario", &self.scenario)
            .field(
                "runs",
                &self.runs.iter().map(|r| r.kind).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl GwtWorld {
    fn new() -> Self {
        GwtWorld {
            factory: None,
            runs: Vec::new(),
            source: Source::default(),
            feature: None,
            scenario: String::new(),
            when_line: None,
            then_line: None,
            wants_outcome: false,
            snapshot_dir: None,
            accept_snapshots: false,
            step_line: 0,
            missing_when: None,
            missing_then: None,
            examples_row: None,
            snapshot_name: String::new(),
            scenario_line: 0,
            background_lines: Vec::new(),
            continued: None,
        }
    }

    /// Prepares the runs of a scenario: all three unless it is tagged `@no-implicit-checks` or
    /// the runner turned the implicit checks off.
    pub fn start(
        &mut self,
        feature: Option<&Path>,
        scenario: &str,
        implicit_checks: bool,
        wants_outcome: bool,
    ) {
        self.feature = feature.map(Path::to_path_buf);
        self.source = Source::load(feature);
        self.scenario = scenario.to_string();
        self.wants_outcome = wants_outcome;
        let kinds: &[RunKind] = if implicit_checks {
            &[
                RunKind::Plain,
                RunKind::DuplicateDelivery,
                RunKind::StoredRoundTrip,
            ]
        } else {
            &[RunKind::Plain]
        };
        self.runs = match &self.factory {
            Some(f) => kinds
                .iter()
                .map(|&kind| Run {
                    kind,
                    runtime: f.runtime(kind, default_start()),
                    mark: 0,
                    outcome: None,
                    entries_before: None,
                })
                .collect(),
            None => Vec::new(),
        };
    }

    pub fn catalog(&self) -> Option<Arc<Catalog>> {
        self.factory.as_ref().map(|f| f.catalog())
    }

    /// Applies `f` to every run; the first failure is reported with the run it happened in.
    pub(crate) fn each_run(
        &mut self,
        mut f: impl FnMut(&mut Run) -> Result<(), String>,
    ) -> Result<(), String> {
        for run in &mut self.runs {
            f(run).map_err(|e| in_run(run.kind, e))?;
        }
        Ok(())
    }

    /// Checks every run with `f`; failures name the run they happened in.
    pub(crate) fn check_runs(&self, f: impl Fn(&Run) -> Result<(), String>) -> Result<(), String> {
        for run in &self.runs {
            f(run).map_err(|e| in_run(run.kind, e))?;
        }
        Ok(())
    }
}

/// Prefixes a failure with the run it happened in, unless it is the scenario as written.
pub(crate) fn in_run(kind: RunKind, message: String) -> String {
    match kind {
        RunKind::Plain => message,
        other => format!("in {}: {message}", other.describe()),
    }
}

/// Turns a stimulus error into the step's outcome: rejections are outcomes, the rest mistakes.
pub(crate) fn outcome_of(result: Result<(), StimulusError>) -> Result<Stimulus, String> {
    match result {
        Ok(()) => Ok(Stimulus::Command(Ok(()))),
        Err(StimulusError::Rejected(reason)) => Ok(Stimulus::Command(Err(reason))),
        Err(StimulusError::Invalid(message)) => Err(message),
    }
}
