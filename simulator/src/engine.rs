//! Runs one history under faults and checks it: repeated deliveries after every step; after the
//! history, the invariants, read models against a rebuild, one aggregate instance the history
//! wrote to against a replay of its stream (live, and from a snapshot plus tail), and the log read
//! back from a mix of older stored forms. The scene every history starts from is set and checked
//! once; a history's checks carry its folds on.

use std::sync::Arc;

use domain::kernel::{
    BoundedContext, Envelope, EventLedger, Instant, Message, ReadModelSlot, StoredEvent, System,
    Upcasters, Wiring,
};

use rustc_hash::FxHashMap;

use crate::faults::{FaultCounts, FaultKinds, FaultPlan, SplitMix};
use crate::simulation::{Drawn, Simulated, Step};

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
    Recordable,
    Restart,
}

impl Check {
    pub fn describe(self) -> &'static str {
        match self {
            Check::Invariant => "an invariant broke",
            Check::RepeatedDelivery => "a repeated delivery changed something",
            Check::Rebuild => "a read model differs from its rebuild from the log",
            Check::Replay => "an aggregate differs from a replay of the log",
            Check::Snapshot => {
                "an aggregate from a snapshot and the tail differs from a full replay"
            }
            Check::StoredForms => "the log read back from older stored forms differs",
            Check::LongAfter => "an invariant broke once enough time had passed",
            Check::Recordable => {
                "an aggregate recorded an event it says it could not have recorded"
            }
            Check::Restart => "a process manager could not restart from what it persisted",
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
    /// Commands scheduled for later (which a `late` fault delays).
    pub scheduled: u64,
}

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
    /// A fresh system of this variant.
    ///
    /// # Panics
    /// With the wiring's mistakes, when it has any: `gwt` checks the wiring before it simulates
    /// (`domains::check_wiring`), and a planted variant is a test's own.
    pub fn system(&self, start: Instant) -> System<C> {
        System::from_parts(start, (self.wiring)(), (self.upcasters)())
            .unwrap_or_else(|e| panic!("{e}"))
    }
}

/// A system with the scene set (the setup commands run, orderly), ready for histories: every
/// history starts from a copy of it, so the scene is set, and its own events checked, once per
/// simulation.
pub struct Scene<C: Simulated> {
    system: System<C>,
    /// How many commands set the scene.
    commands: u64,
    /// How many events the scene recorded: the first events of every history's log.
    events: usize,
    /// The scene's read models rebuilt from its log: each history's rebuild carries these on
    /// over its own events. Folds are pure, so that is the same as rebuilding from the whole
    /// log again.
    rebuilt: Vec<Box<dyn ReadModelSlot<C>>>,
    ledger: C::Ledger,
    /// The first check the scene's own log failed: every history fails it too.
    found: Option<(Check, String)>,
    /// Every event's older stored forms (type and version), oldest first (none for most events).
    older: FxHashMap<&'static str, Vec<(&'static str, u32)>>,
}

impl<C: Simulated> Scene<C> {
    /// The scene's system itself, to run by hand.
    pub fn into_system(self) -> System<C> {
        self.system
    }

    /// A copy of the scene's system, to run one history on.
    pub fn copy(&self) -> System<C> {
        self.system.clone()
    }

    /// What the scene found for `check`, if that was the first check it failed.
    fn found(&self, check: Check) -> Option<String> {
        self.found
            .as_ref()
            .filter(|(c, _)| *c == check)
            .map(|(_, m)| m.clone())
    }
}

/// Sets the scene of `variant`'s context and checks it (see `Scene`).
pub fn prepare<C: Simulated>(start: Instant, variant: Variant<C>) -> Scene<C> {
    let mut system = variant.system(start);
    // Nothing asks what followed a step of a simulated history; counting is enough.
    system.set_keep_journal(false);
    // Every event is decided, so every one must be what its aggregate says it could record:
    // otherwise verify-migration would refuse a log the domain itself wrote.
    system.judge_history(true);
    let setup = C::setup();
    let commands = setup.len() as u64;
    for command in setup {
        let _ = system.send(command);
        let _ = system.settle();
    }
    // Handlers must be idempotent by themselves: duplicates bypass the inbox and are watched.
    system.set_inbox(false);
    system.watch_repeated_deliveries(true);
    let older = older_forms::<C>(system.upcasters());
    let rebuilt = system.rebuild_read_models();
    let found = first(Check::Recordable, unrecordable(&mut system))
        .or_else(|| rebuild_differs(&system, &rebuilt).map(|m| (Check::Rebuild, m)))
        .or_else(|| {
            let differing = system.aggregates_differing_from_replay();
            (!differing.is_empty()).then(|| {
                (
                    Check::Replay,
                    format!("{} differs from a replay of the log", differing.join(", ")),
                )
            })
        })
        // Checked here once, each stream from a snapshot at every point: a history checks only
        // the streams it writes to.
        .or_else(|| crate::stream_checks::every_stream_at_every_point(&system, |_| true))
        .or_else(|| {
            // The scene's events are the same in every history: each is read back from every
            // older form here, once, rather than from one form drawn per history.
            system.store().log().iter().find_map(|e| {
                older
                    .get(e.message.name())?
                    .iter()
                    .find_map(|&form| stored_form_differs(&system, e, form))
                    .map(|m| (Check::StoredForms, m))
            })
        });
    // Equal to the scene's live read models (unless `found` says otherwise), so copies of those
    // serve: what a history leaves untouched is then shared by its live system and its rebuild,
    // and compared by address.
    let rebuilt = match found {
        None => system
            .read_model_slots()
            .iter()
            .map(|r| r.boxed_clone())
            .collect(),
        Some(_) => rebuilt,
    };
    Scene {
        commands,
        events: system.store().len(),
        ledger: C::Ledger::of_log(system.store().log()),
        rebuilt,
        found,
        older,
        system,
    }
}

/// The older stored forms of every event of `C` that has any, oldest first.
pub(crate) fn older_forms<C: BoundedContext>(
    upcasters: &Upcasters,
) -> FxHashMap<&'static str, Vec<(&'static str, u32)>> {
    <C::Event as Message>::names()
        .iter()
        .filter(|name| upcasters.has_older_form(name))
        .map(|&name| {
            let mut forms = upcasters.stored_forms(name);
            forms.pop();
            (name, forms)
        })
        .collect()
}

/// Runs a history on a copy of the scene (see `prepare`).
pub fn run_from<C: Simulated>(
    scene: &Scene<C>,
    history: &[Drawn<C>],
    seed: u64,
    kinds: FaultKinds,
) -> (Run, System<C>) {
    run_watched(scene, history, seed, kinds, None)
}

/// A point of a run where a watcher is told how the system stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moment {
    /// Step `i` of the history was applied and the system settled.
    Step(usize),
    /// The context's `LONG_AFTER_MINUTES` passed after the last step, and it settled.
    LongAfter,
}

/// What a watched run tells how the system stands, and when.
pub type Watch<'a, C> = dyn FnMut(Moment, &System<C>) + 'a;

/// `run_from`, `watch` told of the system after each step and after the long wait, with every
/// delivery and fault journaled (`System::set_trace`): the same decisions are drawn as
/// unwatched, so the run is the same.
pub fn run_watched<C: Simulated>(
    scene: &Scene<C>,
    history: &[Drawn<C>],
    seed: u64,
    kinds: FaultKinds,
    mut watch: Option<&mut Watch<'_, C>>,
) -> (Run, System<C>) {
    let mut system = scene.copy();
    if watch.is_some() {
        system.set_trace(true);
    }
    let counts = Arc::new(FaultCounts::default());
    let mut run = Run::default();
    run.failure = history
        .iter()
        .enumerate()
        .find_map(|(i, drawn)| {
            apply_drawn(&mut system, drawn, kinds, &counts);
            if let Some(watch) = watch.as_mut() {
                watch(Moment::Step(i), &system);
            }
            step_checks(&mut system, &mut run).map(|(check, message)| Failure {
                check,
                step: Some(i),
                message,
            })
        })
        .or_else(|| {
            long_after(&mut system, seed, kinds, &counts);
            if let Some(watch) = watch.as_mut() {
                watch(Moment::LongAfter, &system);
            }
            let mut ledger = scene.ledger.clone();
            for e in &system.store().log()[scene.events..] {
                ledger.observe(e);
            }
            step_checks(&mut system, &mut run)
                .or_else(|| invariant_checks(&system, &ledger, &mut run))
                .or_else(|| {
                    run.checks += 1;
                    first(Check::LongAfter, C::settled_long_after(&system, &ledger))
                        .map(|(check, message)| (check, with_still_scheduled(&system, message)))
                })
                .or_else(|| history_checks(scene, &system, seed, &mut run))
                .map(|(check, message)| Failure {
                    check,
                    step: None,
                    message,
                })
        });
    run.commands = scene.commands
        + history
            .iter()
            .filter(|s| matches!(s.step, Step::Send(_)))
            .count() as u64
        + system.journal().counts().sent;
    run.events = system.store().len() as u64;
    run.faults = counts.snapshot();
    run.scheduled = counts.scheduled.load(std::sync::atomic::Ordering::Relaxed);
    system.set_faults(None);
    (run, system)
}

/// Applies a history's step under the faults its own seed draws, counted in `counts`.
pub fn apply_drawn<C: Simulated>(
    system: &mut System<C>,
    drawn: &Drawn<C>,
    kinds: FaultKinds,
    counts: &Arc<FaultCounts>,
) {
    // A wait delivers what several earlier steps scheduled: its faults strike by message.
    let plan = match drawn.step {
        Step::Send(_) => FaultPlan::new(drawn.faults, kinds, counts.clone()),
        Step::Wait(_) => FaultPlan::in_a_wait(drawn.faults, kinds, counts.clone()),
    };
    system.set_faults(Some(Box::new(plan)));
    apply(system, &drawn.step);
}

/// Lets the context's `LONG_AFTER_MINUTES` pass after a history, the system settling at each
/// instant a scheduled command falls due (`System::advance_and_settle`), under the faults the
/// history's seed draws (no step's seed: the wait is the history's own).
pub fn long_after<C: Simulated>(
    system: &mut System<C>,
    history_seed: u64,
    kinds: FaultKinds,
    counts: &Arc<FaultCounts>,
) {
    let plan = FaultPlan::in_a_wait(history_seed, kinds, counts.clone());
    system.set_faults(Some(Box::new(plan)));
    // A context that never settles leaves work behind; the checks that follow report on it.
    let _ = system.advance_and_settle(chrono::TimeDelta::minutes(C::LONG_AFTER_MINUTES));
}

/// `message`, a finding of the state long after, with the commands still scheduled when it was
/// judged: a timeout longer than the wait makes the state look stuck, where it is only waiting
/// (a domain with longer timeouts raises `Judged::LONG_AFTER_MINUTES`).
fn with_still_scheduled<C: Simulated>(system: &System<C>, message: String) -> String {
    let pending = system.scheduled();
    let Some((due, _)) = pending.first() else {
        return message;
    };
    let names: Vec<&str> = pending.iter().map(|(_, e)| e.command.name()).collect();
    let instant = domain::kernel::instant_text;
    format!(
        "{message} (judged {} after the last step, while {} still scheduled, the first due \
         at {}: if the domain's timeouts are longer than that wait, raise \
         `Judged::LONG_AFTER_MINUTES` past the longest of them)",
        steps::phrases::time_in_words(C::LONG_AFTER_MINUTES),
        match names.as_slice() {
            [one] => format!("{one} was"),
            many => format!("{} were", many.join(", ")),
        },
        instant(*due),
    )
}

/// Applies one step and lets the system settle.
pub fn apply<C: Simulated>(system: &mut System<C>, step: &Step<C>) {
    // A context that never settles leaves work behind; the checks that follow report on it.
    match step {
        Step::Send(command) => {
            let _ = system.send_and_settle(command.clone());
        }
        Step::Wait(minutes) => {
            let _ = system.advance_and_settle(chrono::TimeDelta::minutes(*minutes));
        }
    }
}

/// The events found since last asked that their aggregates could not have recorded, in words.
fn unrecordable<C: Simulated>(system: &mut System<C>) -> Vec<String> {
    system
        .take_unrecordable()
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn first(check: Check, violations: Vec<String>) -> Option<(Check, String)> {
    violations.into_iter().next().map(|v| (check, v))
}

/// What is cheap enough to check after every step: the repeated deliveries it made, and the
/// events it recorded that their aggregates say they could not have recorded.
fn step_checks<C: Simulated>(system: &mut System<C>, run: &mut Run) -> Option<(Check, String)> {
    run.checks += 1;
    first(Check::RepeatedDelivery, system.take_repeat_violations())
        .or_else(|| first(Check::Recordable, unrecordable(system)))
        .or_else(|| first(Check::Restart, system.take_restart_failures()))
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
    first(Check::Invariant, crate::judging::breaches(system, ledger))
}

fn history_checks<C: Simulated>(
    scene: &Scene<C>,
    system: &System<C>,
    seed: u64,
    run: &mut Run,
) -> Option<(Check, String)> {
    run.checks += 4;
    let carried_on = |check| scene.found(check);
    carried_on(Check::Rebuild)
        .or_else(|| {
            let models = scene.rebuilt.iter().map(|r| r.boxed_clone()).collect();
            rebuild_differs(system, &system.continue_rebuild(models, scene.events))
        })
        .map(|m| (Check::Rebuild, m))
        .or_else(|| carried_on(Check::Replay).map(|m| (Check::Replay, m)))
        .or_else(|| carried_on(Check::Snapshot).map(|m| (Check::Snapshot, m)))
        .or_else(|| crate::stream_checks::streams_written_since(system, seed, scene.events))
        .or_else(|| {
            carried_on(Check::StoredForms)
                .or_else(|| stored_forms(scene, system, seed))
                .map(|m| (Check::StoredForms, m))
        })
        // The scene's own events were judged as it was set.
        .or_else(|| carried_on(Check::Recordable).map(|m| (Check::Recordable, m)))
}

/// The first read-model entry that differs from its rebuild, shown both ways.
pub fn rebuild_differs<C: BoundedContext>(
    system: &System<C>,
    rebuilt: &[Box<dyn ReadModelSlot<C>>],
) -> Option<String> {
    for (live, fresh) in system.read_model_slots().iter().zip(rebuilt) {
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

/// The log written in a mix of stored forms (each event after the scene that has an older form
/// in one of them, drawn from the seed; the rest as they are) and read back through the
/// upcasters gives the same events; the same events fold into the same aggregates and read
/// models, so nothing more needs replaying. Events written in their current form would only test
/// serde's round trip, which the feature language's stored-form run covers.
fn stored_forms<C: Simulated>(scene: &Scene<C>, system: &System<C>, seed: u64) -> Option<String> {
    let mut rng = SplitMix::new(seed ^ 0x0DD5_F0E5);
    system.store().log()[scene.events..].iter().find_map(|e| {
        let older = scene.older.get(e.message.name())?;
        stored_form_differs(system, e, older[rng.below(older.len() as u64) as usize])
    })
}

/// What is wrong with `event` written in the older stored form `(event_type, version)` and read
/// back, if anything.
pub(crate) fn stored_form_differs<C: BoundedContext>(
    system: &System<C>,
    event: &Envelope<C::Event>,
    (event_type, version): (&str, u32),
) -> Option<String> {
    let upcasters = system.upcasters();
    let name = event.message.name();
    // An event the older schema cannot hold (an amount finer than it kept) was never stored in
    // that form: there is nothing to read back.
    let stored = StoredEvent::encode_version::<C>(event, upcasters, version).ok()?;
    match system.decode_owned(stored) {
        Ok(back) if back.message == event.message => None,
        Ok(back) => {
            // Told as the catalog's fields, in the current stored form, rather than as Rust's
            // `Debug` of the two messages.
            let was = StoredEvent::encode::<C>(event, upcasters).payload;
            let now = StoredEvent::encode::<C>(&back, upcasters).payload;
            Some(format!(
                "{name} ({} #{}) written as {event_type} version {version} reads back otherwise: \
                 {}",
                event.stream,
                event.sequence,
                field_differences(&was, &now)
            ))
        }
        Err(err) => Some(format!(
            "{name} ({} #{}) written as {event_type} version {version} does not read back: {err}",
            event.stream, event.sequence
        )),
    }
}

/// The fields of two payloads that differ, each as `field` read back as one value where it was
/// another (a field missing on one side shown as absent); the whole payloads when they are not
/// objects.
fn field_differences(was: &serde_json::Value, now: &serde_json::Value) -> String {
    let (Some(a), Some(b)) = (was.as_object(), now.as_object()) else {
        return format!("{now} where it was {was}");
    };
    let shown = |v: Option<&serde_json::Value>| v.map_or("absent".to_string(), |v| v.to_string());
    let mut names: Vec<&String> = a.keys().chain(b.keys()).collect();
    names.sort();
    names.dedup();
    let told: Vec<String> = names
        .into_iter()
        .filter(|n| a.get(*n) != b.get(*n))
        .map(|n| {
            format!(
                "`{n}` reads back as {} where it was {}",
                shown(b.get(n)),
                shown(a.get(n))
            )
        })
        .collect();
    match told.is_empty() {
        // Equal as JSON, unequal as messages: a field the stored form does not hold.
        true => format!("the same fields as written ({now}), but not the same message"),
        false => told.join("; "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::conference::{ConferenceCommand, ConferenceContext};

    /// A step registering `order` for one seat of `seat_type` at `conference`, under the faults
    /// of seed `faults`.
    fn register(
        order: &str,
        conference: &str,
        seat_type: &'static str,
        faults: u64,
    ) -> Drawn<ConferenceContext> {
        Drawn {
            step: Step::Send(
                domain::conference::RegisterToConference {
                    order_id: order.into(),
                    conference_id: conference.into(),
                    seats: domain::conference::SeatQuantities::new([(seat_type, 1)]),
                }
                .into(),
            ),
            faults,
        }
    }

    #[test]
    fn a_message_read_back_otherwise_is_told_field_by_field() {
        let was = serde_json::json!({"garage_id": "g-1", "plate": "CAR-1", "spaces": 3});
        let now = serde_json::json!({"garage_id": "g-1", "plate": "car-1"});
        assert_eq!(
            field_differences(&was, &now),
            "`plate` reads back as \"car-1\" where it was \"CAR-1\"; `spaces` reads back as \
             absent where it was 3"
        );
    }

    /// A finding of the state long after names what was still scheduled: a timeout longer than
    /// the wait made a domain's state look stuck, and the failure blamed the faults.
    #[test]
    fn a_finding_long_after_names_the_commands_still_scheduled() {
        let scene = prepare::<ConferenceContext>(steps::world::default_start(), Variant::default());
        let mut system = scene.copy();
        let order: ConferenceCommand = domain::conference::RegisterToConference {
            order_id: "o1".into(),
            conference_id: "conf-1".into(),
            seats: domain::conference::SeatQuantities::new([("full", 1)]),
        }
        .into();
        let _ = system.send_and_settle(order);
        let told = with_still_scheduled(&system, "order o1 never ended".into());
        assert!(
            told.starts_with("order o1 never ended (judged 1 hour after the last step, while"),
            "{told}"
        );
        assert!(
            told.contains("ExpireRegistrationProcess was still scheduled"),
            "{told}"
        );
        assert!(
            told.contains("raise `Judged::LONG_AFTER_MINUTES`"),
            "{told}"
        );
        // Nothing scheduled: the finding as it was.
        let quiet = scene.copy();
        assert_eq!(with_still_scheduled(&quiet, "x".into()), "x");
    }

    /// A duplicate or a crash strikes a message by what it is, not by how many deliveries came
    /// before it: an order's messages are struck alike whether or not another conference's
    /// order was placed first, in the wait after the history too, where both orders' expiries
    /// fall due and every delivery that follows is decided in turn. Struck as the k-th delivery,
    /// the fault moved onto the other order's, and a shrunk history kept orders that played no
    /// part in its failure, only moving the fault into place.
    #[test]
    fn an_order_is_struck_alike_whatever_another_conferences_order_does() {
        let scene = prepare::<ConferenceContext>(steps::world::default_start(), Variant::default());
        // The duplicates and crashes told of order-1's messages: its own stream, its
        // conference's seats, and the timeout that names it.
        let struck = |history: &[Drawn<ConferenceContext>], seed| {
            let mut told: Vec<String> = crate::trace::trace(&scene, history, seed, FaultKinds::ALL)
                .lines()
                .filter(|l| l.contains("fault: duplicate: ") || l.contains("fault: crash: "))
                .filter(|l| l.contains("order-1 #") || l.contains("conf-1 #"))
                .map(str::to_string)
                .collect();
            told.sort();
            told
        };
        let mut compared = 0;
        for seed in 0..64u64 {
            let alone = [register("order-1", "conf-1", "full", seed)];
            let after_another = [
                register("order-9", "conf-2", "vip", seed ^ 0x5EED),
                register("order-1", "conf-1", "full", seed),
            ];
            let faults = struck(&alone, seed);
            compared += faults.len();
            assert_eq!(faults, struck(&after_another, seed), "seed {seed}");
        }
        assert!(compared > 64, "only {compared} faults compared");
    }

    /// In a wait, a delivery is held back and an append conflicts by what it is too: what
    /// becomes of order-1 while time passes (its events recorded, each delivery of them taken
    /// in, in the order taken, and the conflicts on its streams) is the same whether or not
    /// another conference's order was placed first, whose expiry falls due with order-1's.
    /// Drawn in turn, the k-th pick and the k-th append of the wait fell elsewhere once the
    /// other order's work was taken out, and order-1's deliveries went in another order.
    #[test]
    fn an_order_waits_alike_whatever_another_conferences_order_does() {
        let scene = prepare::<ConferenceContext>(steps::world::default_start(), Variant::default());
        let wait = |minutes, faults| Drawn {
            step: Step::Wait(minutes),
            faults,
        };
        // What the waits (the step of time passing and the wait after the history) told of
        // order-1 and its conference's seats, in the order told, and how many reorders and
        // conflicts they told.
        let waited = |history: &[Drawn<ConferenceContext>], seed| {
            let trace = crate::trace::trace(&scene, history, seed, FaultKinds::ALL);
            let mut waiting = false;
            let mut told = Vec::new();
            let mut faults = [0; 2];
            for line in trace.lines() {
                if !line.starts_with("  ") {
                    waiting = line.starts_with("long after ") || line.ends_with(" pass");
                    continue;
                }
                if !waiting {
                    continue;
                }
                let reorder = line.contains("fault: reorder: ");
                faults[0] += usize::from(reorder);
                faults[1] += usize::from(line.contains("fault: conflict: "));
                // `Order/order-1 #2` as an event is named, `Order/order-1 stale` as a conflict
                // names its stream. A reorder names the delivery that would have gone, maybe
                // the other order's: what it did shows in the order order-1's are taken in.
                let of_order_1 = line.contains("/order-1 ") || line.contains("/conf-1 ");
                if of_order_1 && !reorder {
                    told.push(line.to_string());
                }
            }
            (told, faults)
        };
        let mut faults = [0; 2];
        for seed in 0..128u64 {
            let alone = [
                register("order-1", "conf-1", "full", seed),
                wait(16, seed ^ 0x0A17),
            ];
            let after_another = [
                register("order-9", "conf-2", "vip", seed ^ 0x5EED),
                register("order-1", "conf-1", "full", seed),
                wait(16, seed ^ 0x0A17),
            ];
            let (told, [reorders, conflicts]) = waited(&alone, seed);
            faults[0] += reorders;
            faults[1] += conflicts;
            assert_eq!(told, waited(&after_another, seed).0, "seed {seed}");
        }
        assert!(
            faults[0] > 128 && faults[1] > 8,
            "reorders and conflicts: {faults:?}"
        );
    }
}
