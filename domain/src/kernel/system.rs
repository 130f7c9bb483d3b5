//! A deterministic, synchronous, in-memory bounded context: commands are decided, events appended
//! and delivered to process managers and read models, sent commands wait in an outbox, scheduled
//! ones wait for an explicit clock. Nothing here reads a real clock or draws a random number.

use std::collections::VecDeque;

// Keys are message names and stream ids of the project's own logs: speed matters more here than
// resistance to keys crafted to collide.
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use serde_json::Value;

use super::{
    AggregateSlot, AppendError, BoundedContext, CommandEnvelope, DecodeError, Envelope, EventStore,
    Faults, Instant, Journal, Message, MessageId, ProcessSlot, ReadModelSlot, Rejection, StreamId,
    Upcasters, WiringError,
};

mod at_least_once;
mod commands;
mod delivery;
mod given;
mod inspect;
mod own_commands;
mod running;
mod sent_in_the_past;
mod unanswered;
mod whole_decisions;

pub use unanswered::Unanswered;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum KernelError {
    #[error("rejected: {0}")]
    Rejected(Rejection),
    /// No handler lists the command: a wiring `System::new` refuses, so not met in practice.
    #[error("no handler owns the command `{0}`")]
    NoHandler(String),
    /// The aggregate lists the command, but its `command_stream` names no instance for it: a
    /// match arm missing there, which the wiring check cannot see (it has no command to try).
    #[error(
        "the aggregate {aggregate} lists `{command}` in COMMANDS, but its command_stream names \
         no instance for it"
    )]
    NoInstance {
        aggregate: &'static str,
        command: String,
    },
    #[error("`{0}` names no stream (no aggregate records it, and no stream was given)")]
    NoStream(String),
    /// An aggregate lists the event in EVENTS, but its `event_stream` names no instance for it:
    /// a match arm missing there (it was told as an event no aggregate records).
    #[error(
        "the aggregate {aggregate} lists `{event}` in EVENTS, but its event_stream names no \
         instance for it (and no stream was given)"
    )]
    NoEventInstance {
        aggregate: &'static str,
        event: String,
    },
    #[error(transparent)]
    Conflict(#[from] AppendError),
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error("{stream}: expected sequence {expected}, found {found}")]
    Sequence {
        stream: StreamId,
        expected: u64,
        found: u64,
    },
    #[error("the system did not settle within {0} steps")]
    DidNotSettle(usize),
    /// The clock holds instants up to the year 262143: time passing beyond cannot be run.
    #[error(
        "the clock is at {}, and can go on at most {most_minutes} minutes",
        super::instant_text(*.now)
    )]
    BeyondTheClock { now: Instant, most_minutes: i64 },
}

/// How many whole minutes the clock can still go on from `now`: instants end in the year 262143.
pub fn minutes_left(now: Instant) -> i64 {
    (Instant::MAX_UTC - now).num_minutes()
}

#[derive(Clone, Copy, Debug)]
enum Handler {
    Aggregate(usize),
    Process(usize),
}

/// Who owns and who hears each message, by name; computed once from the wiring.
#[derive(Clone)]
struct Routes {
    commands: HashMap<&'static str, Handler>,
    /// The aggregates that record each event, in wiring order: several may, each in its own
    /// streams (see `Wiring::check`).
    event_owner: HashMap<&'static str, Vec<usize>>,
    /// Everyone an event goes to, with their names: its process managers, then its read models.
    event_targets: HashMap<&'static str, Vec<(Target, &'static str)>>,
    current_events: std::collections::HashSet<&'static str>,
}

struct Scheduled<Cmd> {
    due: Instant,
    /// When it was due as sent: earlier than `due` when a `late` fault delayed it.
    sent_due: Instant,
    order: u64,
    command: CommandEnvelope<Cmd>,
}

impl<Cmd: Clone> Clone for Scheduled<Cmd> {
    fn clone(&self) -> Self {
        Scheduled {
            due: self.due,
            sent_due: self.sent_due,
            order: self.order,
            command: self.command.clone(),
        }
    }
}

/// Who an event is delivered to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Process(usize),
    ReadModel(usize),
}

/// An event on its way to one subscriber.
struct Delivery<E> {
    event: Arc<Envelope<E>>,
    target: Target,
    replay: bool,
    /// A repeat of a delivery already made (at-least-once delivery): it must change nothing.
    repeat: bool,
}

impl<E> Clone for Delivery<E> {
    fn clone(&self) -> Self {
        Delivery {
            event: self.event.clone(),
            target: self.target,
            replay: self.replay,
            repeat: self.repeat,
        }
    }
}

/// What `settle` may do next.
enum Work {
    Deliver(usize),
    SendNext,
    DueNext,
}

/// How many times a command is decided again after its append conflicts.
const RETRIES: usize = 3;

/// How many steps `settle` takes before it decides the context loops.
const SETTLE_LIMIT: usize = 100_000;

pub struct System<C: BoundedContext> {
    clock: Instant,
    next_id: u64,
    store: EventStore<C::Event>,
    aggregates: Vec<Box<dyn AggregateSlot<C>>>,
    processes: Vec<Box<dyn ProcessSlot<C>>>,
    read_models: Vec<Box<dyn ReadModelSlot<C>>>,
    upcasters: Arc<Upcasters>,
    routes: Arc<Routes>,
    outbox: VecDeque<CommandEnvelope<C::Command>>,
    scheduled: Vec<Scheduled<C::Command>>,
    scheduled_order: u64,
    journal: Journal<C>,
    duplicate_delivery: bool,
    pending: VecDeque<Delivery<C::Event>>,
    /// The deliveries of `pending` that may go next (see `ready_deliveries`).
    ready: Vec<usize>,
    faults: Option<Box<dyn Faults>>,
    inbox: bool,
    keep_given_schedule: bool,
    /// While settling under faults, deliveries wait to be picked instead of running at once.
    deferred: bool,
    /// Repeated deliveries that changed something, when watching for them.
    watch_repeats: bool,
    repeat_violations: Vec<String>,
    /// Process managers that crashed and could not restart from what they persisted (their
    /// state does not survive being written and read back), in words.
    restart_failures: Vec<String>,
    /// Whether each aggregate is asked, as an event is folded, whether it could have recorded it.
    judge_history: bool,
    /// Whether the log's order across streams is known, so that an event may be judged with
    /// what its aggregate's view held when it was recorded.
    judge_with_views: bool,
    /// Events their aggregates could not have recorded, found since last asked.
    impossible: Vec<Unrecordable>,
    /// Events judged whose decision records another right after them, not yet followed by it
    /// (`Aggregate::RECORDED_WITH`): in a log, for the moment between two lines.
    owed: Vec<whole_decisions::Owed>,
    /// What process managers send while a recorded log is replayed, when watched
    /// (`watch_answers`).
    watch: unanswered::Watch<C>,
}

/// An event its aggregate could not have recorded in the state it was in
/// (`Aggregate::COULD_RECORD`): where it stands, what it is, and why.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unrecordable {
    pub stream: StreamId,
    pub sequence: u64,
    pub event: &'static str,
    pub why: String,
}

impl Unrecordable {
    /// What every one says after its event's name, by which its words are told apart from an
    /// invariant's among what `Then the invariants hold` finds.
    pub const SAID: &'static str = " could not have been recorded: ";
}

impl std::fmt::Display for Unrecordable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} #{}: {}{}{}",
            self.stream,
            self.sequence,
            self.event,
            Unrecordable::SAID,
            self.why
        )
    }
}

impl<C: BoundedContext> Clone for System<C> {
    fn clone(&self) -> Self {
        System {
            clock: self.clock,
            next_id: self.next_id,
            store: self.store.clone(),
            aggregates: self.aggregates.iter().map(|a| a.boxed_clone()).collect(),
            processes: self.processes.iter().map(|p| p.boxed_clone()).collect(),
            read_models: self.read_models.iter().map(|r| r.boxed_clone()).collect(),
            upcasters: self.upcasters.clone(),
            routes: self.routes.clone(),
            outbox: self.outbox.clone(),
            scheduled: self.scheduled.clone(),
            scheduled_order: self.scheduled_order,
            journal: self.journal.clone(),
            duplicate_delivery: self.duplicate_delivery,
            pending: self.pending.clone(),
            ready: Vec::new(),
            // Faults belong to one run: a copy runs orderly until given its own.
            faults: None,
            inbox: self.inbox,
            keep_given_schedule: self.keep_given_schedule,
            deferred: false,
            watch_repeats: self.watch_repeats,
            repeat_violations: self.repeat_violations.clone(),
            restart_failures: self.restart_failures.clone(),
            judge_history: self.judge_history,
            judge_with_views: self.judge_with_views,
            impossible: self.impossible.clone(),
            owed: self.owed.clone(),
            watch: self.watch.clone(),
        }
    }
}

/// Where the aggregate whose streams are of `kind` stands in the wiring.
fn owner_of<C: BoundedContext>(
    aggregates: &[Box<dyn AggregateSlot<C>>],
    kind: &str,
) -> Option<usize> {
    aggregates.iter().position(|a| a.name() == kind)
}

impl<C: BoundedContext> System<C> {
    /// A new, empty context whose clock starts at `start`; an error when its wiring names a
    /// message wrongly (see `Wiring::check`).
    pub fn new(start: Instant) -> Result<Self, WiringError> {
        Self::from_parts(start, C::wiring(), C::upcasters())
    }

    /// A new context with handlers and upcasters other than its own: a test plants a faulty
    /// variant of one handler this way, to see that the checks find it. The wiring is checked
    /// here, once, so that a misspelt name is told before anything runs rather than routing
    /// nothing, silently.
    pub fn from_parts(
        start: Instant,
        wiring: super::Wiring<C>,
        upcasters: Upcasters,
    ) -> Result<Self, WiringError> {
        wiring.check_with(&upcasters)?;
        let mut routes = Routes {
            commands: HashMap::default(),
            event_owner: HashMap::default(),
            event_targets: HashMap::default(),
            current_events: C::Event::names().iter().copied().collect(),
        };
        for (i, a) in wiring.aggregates.iter().enumerate() {
            for c in a.commands() {
                routes.commands.insert(c, Handler::Aggregate(i));
            }
            for e in a.events() {
                routes.event_owner.entry(e).or_default().push(i);
            }
        }
        for (i, p) in wiring.processes.iter().enumerate() {
            for c in p.handles() {
                // The check made sure no other handler lists it.
                routes.commands.insert(c, Handler::Process(i));
            }
            for e in p.subscribes() {
                let target = (Target::Process(i), p.name());
                routes.event_targets.entry(e).or_default().push(target);
            }
        }
        for (i, r) in wiring.read_models.iter().enumerate() {
            for e in r.subscribes() {
                let target = (Target::ReadModel(i), r.name());
                routes.event_targets.entry(e).or_default().push(target);
            }
        }
        Ok(System {
            clock: start,
            next_id: 1,
            store: EventStore::default(),
            aggregates: wiring.aggregates,
            processes: wiring.processes,
            read_models: wiring.read_models,
            upcasters: Arc::new(upcasters),
            routes: Arc::new(routes),
            outbox: VecDeque::new(),
            scheduled: Vec::new(),
            scheduled_order: 0,
            journal: Journal::default(),
            duplicate_delivery: false,
            pending: VecDeque::new(),
            ready: Vec::new(),
            faults: None,
            inbox: true,
            keep_given_schedule: true,
            deferred: false,
            watch_repeats: false,
            repeat_violations: Vec::new(),
            restart_failures: Vec::new(),
            judge_history: false,
            judge_with_views: true,
            impossible: Vec::new(),
            owed: Vec::new(),
            watch: unanswered::Watch::default(),
        })
    }

    /// The system without its process managers: events go to read models only, and no command
    /// a process manager handles has a handler. For a baseline that measures reading and folding
    /// a log and nothing else; the wiring was checked whole before.
    pub fn without_process_managers(mut self) -> Self {
        let mut routes = (*self.routes).clone();
        routes
            .commands
            .retain(|_, h| matches!(h, Handler::Aggregate(_)));
        for targets in routes.event_targets.values_mut() {
            targets.retain(|(t, _)| matches!(t, Target::ReadModel(_)));
        }
        self.routes = Arc::new(routes);
        self.processes.clear();
        self
    }

    /// Checks every repeated delivery: a read model it changes, or a process manager that sends
    /// anything in reaction to it or persists something else after it, is a handler that is not
    /// idempotent. The findings are kept
    /// until taken with `take_repeat_violations`.
    pub fn watch_repeated_deliveries(&mut self, on: bool) {
        self.watch_repeats = on;
    }

    /// The process managers that crashed (under the faults) and could not restart from what
    /// they persisted, since last asked.
    pub fn take_restart_failures(&mut self) -> Vec<String> {
        std::mem::take(&mut self.restart_failures)
    }

    /// What repeated deliveries changed since last asked.
    pub fn take_repeat_violations(&mut self) -> Vec<String> {
        std::mem::take(&mut self.repeat_violations)
    }

    /// Asks each aggregate, as every event is folded into it, whether it could have recorded that
    /// event in the state it was in (`Aggregate::COULD_RECORD`), and keeps each event it could not
    /// have recorded, with its stream and position, until taken with `take_impossible`. Off by
    /// default: a scenario's Givens may tell a past in a few strokes, as DSL.md allows; a
    /// recorded log is held to what its aggregates could have recorded.
    pub fn judge_history(&mut self, on: bool) {
        self.judge_history = on;
    }

    /// Whether events are judged with their aggregates' views (the default), or without, for a
    /// log whose order across streams is not known (a table read stream by stream): its views
    /// would hold, when an event is judged, what other streams recorded after it.
    pub fn judge_with_views(&mut self, on: bool) {
        self.judge_with_views = on;
    }

    /// The events found, since last asked, that their aggregates could not have recorded; each
    /// reads `Stream/id #position: EventName could not have been recorded: why`.
    pub fn take_impossible(&mut self) -> Vec<Unrecordable> {
        std::mem::take(&mut self.impossible)
    }

    /// The events found, since last taken, that their aggregates could not have recorded,
    /// left in place.
    pub fn impossible(&self) -> &[Unrecordable] {
        &self.impossible
    }

    /// Journals every entry (the default), or only counts them: for simulations, which never ask
    /// what followed a step.
    pub fn set_keep_journal(&mut self, keep: bool) {
        self.journal.set_keep(keep);
    }

    /// Journals, besides what it always does, each event a process manager or read model takes
    /// in and each fault in words (`Entry::Handled`, `Entry::Fault`): to show one run step by
    /// step (`gwt simulate --replay … --trace`). Off by default; it keeps the journal.
    pub fn set_trace(&mut self, on: bool) {
        self.journal.set_trace(on);
    }

    /// Keeps the log (the default), or only what the events built: for replaying long histories
    /// in memory proportional to their state. Rebuilds and replays need the log.
    pub fn set_keep_log(&mut self, keep: bool) {
        self.store.set_keep_log(keep);
    }

    /// Keeps what process managers schedule past the clock while past events are loaded (the
    /// default, so that a scenario's later time can run it), or drops it: a replay of a recorded
    /// log never runs it, as the log's later events already say what it did.
    pub fn set_keep_given_schedule(&mut self, keep: bool) {
        self.keep_given_schedule = keep;
    }

    /// Puts the system under faults (a simulator's), or back to orderly with `None`.
    pub fn set_faults(&mut self, faults: Option<Box<dyn Faults>>) {
        self.faults = faults;
    }

    /// Takes the faults back out (to read what they injected).
    pub fn take_faults(&mut self) -> Option<Box<dyn Faults>> {
        self.faults.take()
    }

    /// With the inbox on (the default), a process manager handles a message id once; off, a
    /// duplicate reaches its state machine, which must then make it harmless itself, and no
    /// handled id is kept.
    pub fn set_inbox(&mut self, on: bool) {
        self.inbox = on;
    }

    pub fn now(&self) -> Instant {
        self.clock
    }

    /// Sets the clock (a scenario's `Given the time is …`).
    pub fn set_now(&mut self, now: Instant) {
        self.clock = now;
    }

    /// Counts every command scheduled at or before `instant` as handled, as `given` counts what
    /// Givens schedule at or before the clock: a scenario clock set after the Givens moves
    /// that line, and a timeout it passed has fired in the past the Givens tell.
    pub fn drop_scheduled_until(&mut self, instant: Instant) {
        self.scheduled.retain(|s| s.due > instant);
    }

    /// Delivers every event to process managers and read models twice, and every command a
    /// process manager handles to it twice (at-least-once delivery).
    pub fn set_duplicate_delivery(&mut self, on: bool) {
        self.duplicate_delivery = on;
    }

    pub fn store(&self) -> &EventStore<C::Event> {
        &self.store
    }

    pub fn journal(&self) -> &Journal<C> {
        &self.journal
    }

    pub fn upcasters(&self) -> &Upcasters {
        &self.upcasters
    }

    /// Whether `name` is a current event type of this context.
    pub fn is_current_event(&self, name: &str) -> bool {
        self.routes.current_events.contains(name)
    }

    /// Commands sent and not yet handled.
    pub fn outbox(&self) -> impl Iterator<Item = &CommandEnvelope<C::Command>> {
        self.outbox.iter()
    }

    /// Commands scheduled for later, in due order, with the instant each is due.
    pub fn scheduled(&self) -> Vec<(Instant, &CommandEnvelope<C::Command>)> {
        let mut s: Vec<&Scheduled<C::Command>> = self.scheduled.iter().collect();
        s.sort_by_key(|s| (s.due, s.order));
        s.into_iter().map(|s| (s.due, &s.command)).collect()
    }

    /// The earliest instant a command still waiting was due at as it was sent, among those a
    /// `late` fault delayed: a scenario that is to leave it waiting sets its clock before that
    /// instant (a Given's timeout due at or before the scenario's clock counts as handled).
    pub fn earliest_delayed(&self) -> Option<Instant> {
        self.scheduled
            .iter()
            .filter(|s| s.sent_due < s.due)
            .map(|s| s.sent_due)
            .min()
    }

    fn root_id(&mut self) -> MessageId {
        let id = MessageId(self.next_id);
        self.next_id += 1;
        id
    }
}
