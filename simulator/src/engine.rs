//! Runs one history under faults and checks it: invariants and repeated deliveries after every
//! step; after the history, read models against a rebuild, aggregates against a replay and
//! against a snapshot plus tail, and the log read back from a mix of older stored forms.

use std::sync::Arc;

use domain::kernel::{BoundedContext, Instant, Message, StoredEvent, System, Upcasters, Wiring};

use crate::faults::{FaultCounts, FaultKinds, FaultPlan, SplitMix};
use crate::simulation::{ledger_of, Simulated, Step};

/// The kinds of check, as the report counts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    Invariant,
    RepeatedDelivery,
    Rebuild,
    Replay,
    Snapshot,
    StoredForms,
    LongAfter,
}

impl Check {
    pub fn describe(self) -> &'static str {
        match self {
            Check::Invariant => "an invariant",
            Check::RepeatedDelivery => "a repeated delivery changed something",
            Check::Rebuild => "a read model differs from its rebuild from the log",
            Check::Replay => "an aggregate differs from a replay of the log",
            Check::Snapshot => {
                "an aggregate from a snapshot and the tail differs from a full replay"
            }
            Check::StoredForms => "the log read back from older stored forms differs",
            Check::LongAfter => "an invariant once enough time has passed",
        }
    }
}

/// The first check a history failed.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub check: Check,
    /// The step after which it failed; `None` for the checks made after the history.
    pub step: Option<usize>,
    pub message: String,
}

/// What one history did.
#[derive(Clone, Debug, Default)]
pub struct Run {
    pub failure: Option<Failure>,
    pub commands: u64,
    pub events: u64,
    pub checks: u64,
    pub faults: [u64; 5],
}

/// How long the engine waits after a history before the "long after" invariants.
pub const LONG_AFTER_MINUTES: i64 = 60;

/// The handlers and upcasters a simulation runs: the context's own, or a variant with a bug
/// planted on purpose (to see that the checks find it).
pub struct Variant<C: BoundedContext> {
    pub wiring: fn() -> Wiring<C>,
    pub upcasters: fn() -> Upcasters,
}

impl<C: BoundedContext> Clone for Variant<C> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C: BoundedContext> Copy for Variant<C> {}

impl<C: BoundedContext> Default for Variant<C> {
    fn default() -> Self {
        Variant {
            wiring: C::wiring,
            upcasters: C::upcasters,
        }
    }
}

impl<C: BoundedContext> Variant<C> {
    pub fn system(&self, start: Instant) -> System<C> {
        System::from_parts(start, (self.wiring)(), (self.upcasters)())
    }
}

/// A system with the scene set (the setup commands run, orderly), ready for histories: every
/// history starts from a copy of it, so the scene is set once per simulation.
pub fn prepare<C: Simulated>(start: Instant, variant: Variant<C>) -> System<C> {
    let mut system = variant.system(start);
    // Nothing asks what followed a step of a simulated history; counting is enough.
    system.set_keep_journal(false);
    for command in C::setup() {
        let _ = system.send(command);
        let _ = system.settle();
    }
    // Handlers must be idempotent by themselves: duplicates bypass the inbox and are watched.
    system.set_inbox(false);
    system.watch_repeated_deliveries(true);
    system
}

/// Runs a history on a prepared system (see `prepare`).
pub fn run_from<C: Simulated>(
    mut system: System<C>,
    history: &[Step<C>],
    seed: u64,
    kinds: FaultKinds,
) -> (Run, System<C>) {
    let counts = Arc::new(FaultCounts::default());
    system.set_faults(Some(Box::new(FaultPlan::new(seed, kinds, counts.clone()))));
    let mut run = Run::default();
    run.failure = history
        .iter()
        .enumerate()
        .find_map(|(i, step)| {
            apply(&mut system, step);
            step_checks(&mut system, &mut run).map(|(check, message)| Failure {
                check,
                step: Some(i),
                message,
            })
        })
        .or_else(|| {
            system.advance(chrono::TimeDelta::minutes(LONG_AFTER_MINUTES));
            let _ = system.settle();
            let ledger = ledger_of::<C>(system.store().log());
            step_checks(&mut system, &mut run)
                .or_else(|| invariant_checks(&system, &ledger, &mut run))
                .or_else(|| {
                    run.checks += 1;
                    first(Check::LongAfter, C::settled_long_after(&system, &ledger))
                })
                .or_else(|| history_checks(&system, seed, &mut run))
                .map(|(check, message)| Failure {
                    check,
                    step: None,
                    message,
                })
        });
    run.commands = C::setup().len() as u64
        + history
            .iter()
            .filter(|s| matches!(s, Step::Send(_)))
            .count() as u64
        + system.journal().counts().sent;
    run.events = system.store().len() as u64;
    run.faults = counts.snapshot();
    system.set_faults(None);
    (run, system)
}

/// Applies one step and lets the system settle.
pub fn apply<C: Simulated>(system: &mut System<C>, step: &Step<C>) {
    match step {
        Step::Send(command) => {
            let _ = system.send(command.clone());
        }
        Step::Wait(minutes) => system.advance(chrono::TimeDelta::minutes(*minutes)),
    }
    // A context that never settles leaves work behind; the checks that follow report on it.
    let _ = system.settle();
}

fn first(check: Check, violations: Vec<String>) -> Option<(Check, String)> {
    violations.into_iter().next().map(|v| (check, v))
}

/// What is cheap enough to check after every step: the repeated deliveries it made.
fn step_checks<C: Simulated>(system: &mut System<C>, run: &mut Run) -> Option<(Check, String)> {
    run.checks += 1;
    first(Check::RepeatedDelivery, system.take_repeat_violations())
}

/// The invariants read the whole log, so they run once the history is over; what they check
/// (overbooking, orders ending twice…) is kept in the log, so nothing that happened mid-way
/// escapes them.
fn invariant_checks<C: Simulated>(
    system: &System<C>,
    ledger: &C::Ledger,
    run: &mut Run,
) -> Option<(Check, String)> {
    run.checks += 1;
    first(Check::Invariant, C::invariants(system, ledger))
}

fn history_checks<C: Simulated>(
    system: &System<C>,
    seed: u64,
    run: &mut Run,
) -> Option<(Check, String)> {
    run.checks += 4;
    rebuild(system)
        .map(|m| (Check::Rebuild, m))
        .or_else(|| {
            let differing = system.aggregates_differing_from_replay();
            (!differing.is_empty()).then(|| {
                (
                    Check::Replay,
                    format!("{} differs from a replay of the log", differing.join(", ")),
                )
            })
        })
        .or_else(|| snapshot(system, seed).map(|m| (Check::Snapshot, m)))
        .or_else(|| stored_forms(system, seed).map(|m| (Check::StoredForms, m)))
}

/// The first read-model entry that differs from a rebuild, shown both ways.
fn rebuild<C: Simulated>(system: &System<C>) -> Option<String> {
    let rebuilt = system.rebuild_read_models();
    for (live, fresh) in system.read_model_slots().iter().zip(&rebuilt) {
        if live.same_as(fresh.as_ref()) {
            continue;
        }
        let mut keys = live.keys();
        keys.extend(fresh.keys());
        keys.sort();
        keys.dedup();
        for key in keys {
            let (a, b) = (live.entry(&key), fresh.entry(&key));
            if a != b {
                return Some(format!(
                    "the read model {} for {key} is {} but a rebuild from the log gives {}",
                    live.name(),
                    a.map_or("absent".into(), |v| v.to_string()),
                    b.map_or("absent".into(), |v| v.to_string())
                ));
            }
        }
        return Some(format!(
            "the read model {} differs from its rebuild",
            live.name()
        ));
    }
    None
}

/// One aggregate instance rebuilt from a snapshot taken at a random point plus the tail of its
/// stream, against a full replay.
fn snapshot<C: Simulated>(system: &System<C>, seed: u64) -> Option<String> {
    let log = system.store().log();
    if log.is_empty() {
        return None;
    }
    let mut rng = SplitMix::new(seed ^ 0x5A4E_5A4E);
    let stream = &log[rng.below(log.len() as u64) as usize].stream;
    let events: Vec<_> = log.iter().filter(|e| &e.stream == stream).collect();
    let slot = system
        .aggregate_slots()
        .iter()
        .find(|a| a.name() == stream.kind)?;
    let at = rng.below(events.len() as u64 + 1) as usize;
    let mut full = slot.fresh();
    let mut head = slot.fresh();
    for (i, e) in events.iter().enumerate() {
        full.evolve(&stream.id, &e.message);
        if i < at {
            head.evolve(&stream.id, &e.message);
        }
    }
    let mut resumed = slot.fresh();
    // The snapshot goes through its stored form, as a stored snapshot would.
    if let Some(snapshot) = head.snapshot(&stream.id) {
        if let Err(e) = resumed.restore(&stream.id, &snapshot) {
            return Some(format!(
                "the snapshot of {stream} after {at} events does not read back: {e}"
            ));
        }
    }
    for e in &events[at..] {
        resumed.evolve(&stream.id, &e.message);
    }
    if resumed.same_instance(full.as_ref(), &stream.id) {
        return None;
    }
    let (a, b) = (resumed.state(&stream.id), full.state(&stream.id));
    Some(format!(
        "{stream} from a snapshot after {at} of {} events is {} but a full replay gives {}",
        events.len(),
        a.map_or("absent".into(), |v| v.to_string()),
        b.map_or("absent".into(), |v| v.to_string())
    ))
}

/// The log written in a mix of stored forms (each event that has an older form in one of them,
/// drawn from the seed; the rest as they are) and read back through the upcasters gives the same
/// events; the same events fold into the same aggregates and read models, so nothing more needs
/// replaying. Events written in their current form would only test serde's round trip, which the
/// feature language's stored-form run covers.
fn stored_forms<C: Simulated>(system: &System<C>, seed: u64) -> Option<String> {
    let mut rng = SplitMix::new(seed ^ 0x0DD5_F0E5);
    let upcasters = system.upcasters();
    for e in system.store().log() {
        let name = e.message.name();
        if !upcasters.has_older_form(name) {
            continue;
        }
        let forms = upcasters.stored_forms(name);
        let older = &forms[..forms.len() - 1];
        let (_, version) = older[rng.below(older.len() as u64) as usize];
        // An event the older schema cannot hold (an amount finer than it kept) was never stored
        // in that form: there is nothing to read back.
        let Ok(stored) = StoredEvent::encode_version::<C>(e, upcasters, version) else {
            continue;
        };
        let (event_type, version) = (stored.event_type.clone(), stored.event_version);
        match system.decode_owned(stored) {
            Ok(back) if back.message == e.message => {}
            Ok(back) => {
                return Some(format!(
                    "{name} ({} #{}) written as {event_type} version {version} reads back as \
                     {:?}, not {:?}",
                    e.stream, e.sequence, back.message, e.message
                ))
            }
            Err(err) => {
                return Some(format!(
                    "{name} ({} #{}) written as {event_type} version {version} does not read \
                     back: {err}",
                    e.stream, e.sequence
                ))
            }
        }
    }
    None
}
