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
    AggregateSlot, AppendError, BoundedContext, CommandEnvelope, DecodeError, Entry, Envelope,
    EventStore, Faults, Input, Instant, Journal, Message, MessageId, Outgoing, ProcessSlot,
    ReadModelSlot, Rejection, StoredEvent, StoredText, StreamId, Upcasters, WiringError,
};

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
        .now.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
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
    order: u64,
    command: CommandEnvelope<Cmd>,
}

impl<Cmd: Clone> Clone for Scheduled<Cmd> {
    fn clone(&self) -> Self {
        Scheduled {
            due: self.due,
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

impl std::fmt::Display for Unrecordable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} #{}: {} could not have been recorded: {}",
            self.stream, self.sequence, self.event, self.why
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
        wiring.check()?;
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
    /// anything in reaction to it, is a handler that is not idempotent. The findings are kept
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

    /// Delivers every event to process managers and read models twice (at-least-once delivery).
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

    fn root_id(&mut self) -> MessageId {
        let id = MessageId(self.next_id);
        self.next_id += 1;
        id
    }

    /// The stream an event belongs to, as its recording aggregate names it: of several that
    /// record it, the first in wiring order that names an instance for it.
    pub fn stream_of(&self, event: &C::Event) -> Result<StreamId, KernelError> {
        self.routes
            .event_owner
            .get(event.name())
            .into_iter()
            .flatten()
            .find_map(|&owner| {
                let aggregate = &self.aggregates[owner];
                let id = aggregate.event_stream(event)?;
                Some(StreamId::new(aggregate.name(), id))
            })
            .ok_or_else(|| KernelError::NoStream(event.name().to_string()))
    }

    /// Whether `event` may stand in `stream`, as a recorded log names it: a stream an aggregate
    /// owns holds only events that aggregate records, each naming that very instance; an event
    /// an aggregate records stands in that aggregate's stream. Events no aggregate records (those
    /// of other systems) may stand anywhere.
    pub fn check_stream(&self, stream: &StreamId, event: &C::Event) -> Result<(), String> {
        let name = event.name();
        match owner_of(&self.aggregates, &stream.kind) {
            Some(a) => {
                let aggregate = &self.aggregates[a];
                if !aggregate.events().contains(&name) {
                    // Where it does belong, when some aggregate records it.
                    let belongs = self
                        .stream_of(event)
                        .map(|s| format!("; it belongs in {s}"))
                        .unwrap_or_default();
                    return Err(format!(
                        "{name} is not an event of {} (expected one of: {}){belongs}",
                        stream.kind,
                        aggregate.events().join(", ")
                    ));
                }
                match aggregate.event_stream(event) {
                    Some(id) if id != stream.id => Err(format!(
                        "{name} names {}/{id}, but is stored in {stream}",
                        stream.kind
                    )),
                    _ => Ok(()),
                }
            }
            None => match self.stream_of(event) {
                Ok(belongs) => Err(format!(
                    "{name} belongs in {belongs}, but is stored in {stream}"
                )),
                Err(_) => Ok(()),
            },
        }
    }

    /// Loads past events as a replay would: appended at the clock, folded into aggregates, views,
    /// process managers and read models. What process managers send now counts as handled; what
    /// they schedule after the clock stays scheduled. Gives back the event as it was appended.
    pub fn given(
        &mut self,
        stream: Option<StreamId>,
        event: C::Event,
    ) -> Result<Arc<Envelope<C::Event>>, KernelError> {
        let stream = match stream {
            Some(s) => s,
            None => self.stream_of(&event)?,
        };
        let sequence = self.version(&stream) + 1;
        self.given_at(stream, sequence, event)
    }

    /// Loads a past event as `given` does, at the position `sequence` of its stream, which must be
    /// beyond the stream's version (a gap is allowed): a replay of a recorded log keeps the log's
    /// positions.
    pub fn given_at(
        &mut self,
        stream: StreamId,
        sequence: u64,
        event: C::Event,
    ) -> Result<Arc<Envelope<C::Event>>, KernelError> {
        let envelope = self.place_root(stream, sequence, event)?;
        self.deliver(&envelope, true);
        Ok(envelope)
    }

    /// Loads a stored event (any known version) as `given` does, keeping its stream and
    /// checking that its sequence follows on.
    pub fn given_stored(&mut self, stored: &StoredEvent) -> Result<(), KernelError> {
        let expected = self.version(&stored.stream) + 1;
        if stored.sequence != expected {
            return Err(KernelError::Sequence {
                stream: stored.stream.clone(),
                expected,
                found: stored.sequence,
            });
        }
        let envelope = Arc::new(self.decode(stored)?);
        self.place(std::slice::from_ref(&envelope))?;
        self.deliver(&envelope, true);
        Ok(())
    }

    /// Decodes a stored form through the upcasters without loading it.
    pub fn decode(&self, stored: &StoredEvent) -> Result<Envelope<C::Event>, DecodeError> {
        stored.decode::<C>(&self.upcasters, |n| self.routes.current_events.contains(n))
    }

    /// `decode`, for a stored form as read from a log (its payload typed or still text); the
    /// payload is moved out of it.
    pub fn decode_text(
        &self,
        stored: &mut StoredText<C::Event>,
    ) -> Result<Envelope<C::Event>, DecodeError> {
        stored.take_envelope(&self.upcasters, |n| self.routes.current_events.contains(n))
    }

    /// `decode`, consuming the stored form (its payload is not copied).
    pub fn decode_owned(&self, stored: StoredEvent) -> Result<Envelope<C::Event>, DecodeError> {
        stored.into_envelope::<C>(&self.upcasters, |n| self.routes.current_events.contains(n))
    }

    /// Sends a command to its handler now. What it records is delivered; what process managers
    /// send in reaction waits in the outbox until the system settles.
    pub fn send(&mut self, command: C::Command) -> Result<(), KernelError> {
        let id = self.root_id();
        let envelope = CommandEnvelope {
            id,
            issued_at: self.clock,
            causation_id: None,
            correlation_id: Some(id),
            command,
        };
        self.execute(envelope)
    }

    /// An event from outside takes the next position of its stream and is delivered to every
    /// subscriber. It is appended to the log (so a rebuild sees it) but journaled as published.
    pub fn publish(
        &mut self,
        stream: Option<StreamId>,
        event: C::Event,
    ) -> Result<(), KernelError> {
        let stream = match stream {
            Some(s) => s,
            None => self.stream_of(&event)?,
        };
        let sequence = self.version(&stream) + 1;
        let envelope = self.place_root(stream, sequence, event)?;
        self.journal.push(
            |c| &mut c.published,
            || Entry::Published((*envelope).clone()),
        );
        self.deliver(&envelope, false);
        Ok(())
    }

    /// Moves the clock on, delivering every scheduled command due by then in due order (the clock
    /// stands at each one's instant while it is handled). Rejections are journaled.
    ///
    /// # Panics
    /// Past the clock's last instant; `try_advance` says so instead, for a span a user gave.
    pub fn advance(&mut self, by: chrono::TimeDelta) {
        if let Err(e) = self.try_advance(by) {
            panic!("{e}");
        }
    }

    /// `advance`, unless the clock cannot go that far: then nothing happens, and the error says
    /// how far it can.
    pub fn try_advance(&mut self, by: chrono::TimeDelta) -> Result<(), KernelError> {
        let Some(target) = self.clock.checked_add_signed(by) else {
            return Err(KernelError::BeyondTheClock {
                now: self.clock,
                most_minutes: minutes_left(self.clock),
            });
        };
        while let Some(command) = self.take_due(target) {
            let _ = self.execute(command);
            self.drain();
        }
        self.clock = self.clock.max(target);
        Ok(())
    }

    /// Runs until no work is left at the current instant: sent commands are handled, due
    /// scheduled commands delivered, and so on. Rejections are journaled, not returned.
    pub fn settle(&mut self) -> Result<(), KernelError> {
        self.drain();
        self.deferred = self.faults.is_some();
        let result = self.settle_steps();
        self.deferred = false;
        self.drain();
        result
    }

    fn settle_steps(&mut self) -> Result<(), KernelError> {
        for _ in 0..SETTLE_LIMIT {
            let work = match self.next_work() {
                Some(w) => w,
                None => return Ok(()),
            };
            let command = match work {
                Work::Deliver(i) => {
                    if let Some(d) = self.pending.remove(i) {
                        self.deliver_one(d);
                    }
                    continue;
                }
                Work::SendNext => self.outbox.pop_front(),
                Work::DueNext => self.take_due(self.clock),
            };
            if let Some(command) = command {
                match self.execute(command) {
                    Ok(()) | Err(KernelError::Rejected(_)) => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Err(KernelError::DidNotSettle(SETTLE_LIMIT))
    }

    /// The work `settle` may do next: in order, the deliveries that may go (the oldest waiting
    /// of each stream for each subscriber), the oldest sent command, a due scheduled command.
    /// Without faults the first is taken, so deliveries finish before the next command runs.
    fn next_work(&mut self) -> Option<Work> {
        let mut ready = std::mem::take(&mut self.ready);
        self.ready_deliveries(&mut ready);
        let send = !self.outbox.is_empty();
        let due = self.scheduled.iter().any(|s| s.due <= self.clock);
        let choices = ready.len() + usize::from(send) + usize::from(due);
        let work = (choices > 0).then(|| {
            let pick = match self.faults.as_mut() {
                Some(f) => f.pick(choices).min(choices - 1),
                None => 0,
            };
            let work = |pick: usize| match ready.get(pick) {
                Some(&i) => Work::Deliver(i),
                None if send && pick == ready.len() => Work::SendNext,
                None => Work::DueNext,
            };
            if pick > 0 && self.journal.tracing() {
                let (chosen, orderly) = (self.describe(&work(pick)), self.describe(&work(0)));
                self.journal
                    .trace(|| Entry::Fault(format!("reorder: {chosen} goes before {orderly}")));
            }
            work(pick)
        });
        self.ready = ready;
        work
    }

    /// A piece of work `settle` may do, in words, for a trace.
    fn describe(&self, work: &Work) -> String {
        match work {
            Work::Deliver(i) => self.describe_delivery(&self.pending[*i]),
            Work::SendNext => self.outbox.front().map_or_else(String::new, |c| {
                format!("the command {} sent", c.command.name())
            }),
            Work::DueNext => self
                .scheduled
                .iter()
                .filter(|s| s.due <= self.clock)
                .min_by_key(|s| (s.due, s.order))
                .map_or_else(String::new, |s| {
                    format!("the command {} due", s.command.command.name())
                }),
        }
    }

    fn describe_delivery(&self, d: &Delivery<C::Event>) -> String {
        format!(
            "{} ({} #{}) to {}",
            d.event.message.name(),
            d.event.stream,
            d.event.sequence,
            self.target_name(d.target)
        )
    }

    fn target_name(&self, target: Target) -> &'static str {
        match target {
            Target::Process(p) => self.processes[p].name(),
            Target::ReadModel(r) => self.read_models[r].name(),
        }
    }

    /// Indices of the deliveries that may go next without overtaking an earlier event of the
    /// same stream to the same subscriber, written into `ready` (a buffer kept between calls:
    /// this runs before every step of a settle).
    fn ready_deliveries(&self, ready: &mut Vec<usize>) {
        ready.clear();
        for (i, d) in self.pending.iter().enumerate() {
            let overtakes = ready.iter().any(|&r| {
                let earlier = &self.pending[r];
                earlier.target == d.target && earlier.event.stream == d.event.stream
            });
            if !overtakes {
                ready.push(i);
            }
        }
    }

    /// Runs every waiting delivery (in the order faults pick, within-stream order kept).
    fn drain(&mut self) {
        if self.faults.is_none() {
            // Orderly: the oldest waiting delivery may always go, so no choice is worked out.
            while let Some(d) = self.pending.pop_front() {
                self.deliver_one(d);
            }
            return;
        }
        let mut ready = std::mem::take(&mut self.ready);
        while !self.pending.is_empty() {
            self.ready_deliveries(&mut ready);
            let pick = match self.faults.as_mut() {
                Some(f) => f.pick(ready.len()).min(ready.len() - 1),
                None => 0,
            };
            if pick > 0 && self.journal.tracing() {
                let chosen = self.describe_delivery(&self.pending[ready[pick]]);
                let orderly = self.describe_delivery(&self.pending[ready[0]]);
                self.journal
                    .trace(|| Entry::Fault(format!("reorder: {chosen} goes before {orderly}")));
            }
            if let Some(d) = self.pending.remove(ready[pick]) {
                self.deliver_one(d);
            }
        }
        self.ready = ready;
    }

    fn take_due(&mut self, until: Instant) -> Option<CommandEnvelope<C::Command>> {
        let (index, _) = self
            .scheduled
            .iter()
            .enumerate()
            .filter(|(_, s)| s.due <= until)
            .min_by_key(|(_, s)| (s.due, s.order))?;
        let s = self.scheduled.remove(index);
        self.clock = self.clock.max(s.due);
        self.journal
            .push(|c| &mut c.delivered, || Entry::Delivered(s.command.clone()));
        Some(s.command)
    }

    fn execute(&mut self, envelope: CommandEnvelope<C::Command>) -> Result<(), KernelError> {
        let name = envelope.command.name();
        let handler = *self
            .routes
            .commands
            .get(name)
            .ok_or_else(|| KernelError::NoHandler(name.to_string()))?;
        match handler {
            Handler::Process(i) => {
                let out =
                    self.processes[i].deliver(Input::Command(&envelope), self.clock, self.inbox);
                let by = self.processes[i].name();
                self.dispatch(by, Input::Command(&envelope), out, false);
                Ok(())
            }
            Handler::Aggregate(i) => {
                let aggregate = &self.aggregates[i];
                let id = aggregate.command_stream(&envelope.command).ok_or_else(|| {
                    KernelError::NoInstance {
                        aggregate: aggregate.name(),
                        command: name.to_string(),
                    }
                })?;
                let stream = StreamId::new(aggregate.name(), id);
                self.decide_and_append(i, stream, envelope)
            }
        }
    }

    /// Decides a command against its aggregate and appends what it records, deciding again if
    /// another writer got to the stream first.
    fn decide_and_append(
        &mut self,
        aggregate: usize,
        stream: StreamId,
        envelope: CommandEnvelope<C::Command>,
    ) -> Result<(), KernelError> {
        for attempt in 0..=RETRIES {
            let expected = self.version(&stream);
            let events = match self.aggregates[aggregate].decide(
                &stream.id,
                &envelope.command,
                self.clock,
            ) {
                Ok(events) => events,
                Err(rejection) => {
                    self.journal.push(
                        |c| &mut c.rejected,
                        || Entry::Rejected {
                            command: envelope,
                            rejection: rejection.clone(),
                        },
                    );
                    return Err(KernelError::Rejected(rejection));
                }
            };
            if attempt < RETRIES && self.conflict_on(&stream, envelope.command.name()) {
                // Someone else wrote to the stream meanwhile: decide again on what is there now.
                continue;
            }
            let envelopes: Vec<Arc<Envelope<C::Event>>> = events
                .into_iter()
                .enumerate()
                .map(|(k, message)| {
                    Arc::new(Envelope {
                        id: envelope.id.child(k),
                        stream: stream.clone(),
                        sequence: expected + 1 + k as u64,
                        recorded_at: self.clock,
                        causation_id: Some(envelope.id),
                        correlation_id: envelope.correlation_id.or(Some(envelope.id)),
                        message,
                    })
                })
                .collect();
            self.place(&envelopes)?;
            for e in &envelopes {
                self.journal
                    .push(|c| &mut c.recorded, || Entry::Recorded((**e).clone()));
                self.enqueue(e.clone(), false);
            }
            if !self.deferred {
                self.drain();
            }
            return Ok(());
        }
        Ok(())
    }

    /// Whether the faults make another writer get to `stream` first. That writer is a command
    /// already waiting for the same stream, which then runs before this one; with none waiting
    /// the conflict is a stale read that changes nothing but costs a retry.
    fn conflict_on(&mut self, stream: &StreamId, deciding: &'static str) -> bool {
        let Some(faults) = self.faults.as_mut() else {
            return false;
        };
        if !faults.conflict(stream) {
            return false;
        }
        let rival = self.outbox.iter().position(|c| {
            let name = c.command.name();
            match self.routes.commands.get(name) {
                Some(Handler::Aggregate(a)) => {
                    self.aggregates[*a].name() == stream.kind
                        && self.aggregates[*a].command_stream(&c.command).as_deref()
                            == Some(stream.id.as_str())
                }
                _ => false,
            }
        });
        match rival.and_then(|i| self.outbox.remove(i)) {
            Some(first) => {
                let name = first.command.name();
                self.journal.trace(|| {
                    Entry::Fault(format!(
                        "conflict: {name}, waiting for {stream} too, runs first; {deciding} is \
                         decided again after it"
                    ))
                });
                let _ = self.execute(first);
            }
            None => self.journal.trace(|| {
                Entry::Fault(format!(
                    "conflict: {deciding} read {stream} stale; it is decided again, nothing \
                     having changed"
                ))
            }),
        }
        true
    }

    /// A root event (a Given, a published event) at `sequence` of its stream, placed and folded.
    fn place_root(
        &mut self,
        stream: StreamId,
        sequence: u64,
        event: C::Event,
    ) -> Result<Arc<Envelope<C::Event>>, KernelError> {
        let envelope = Arc::new(Envelope {
            id: self.root_id(),
            stream,
            sequence,
            recorded_at: self.clock,
            causation_id: None,
            correlation_id: None,
            message: event,
        });
        self.place(std::slice::from_ref(&envelope))?;
        Ok(envelope)
    }

    /// Places envelopes at the positions they name, each beyond its stream's version, and folds
    /// each into its aggregate (which moves its stream on) and into every aggregate's view. An
    /// envelope at or before its stream's version is refused; those before it stay placed.
    fn place(&mut self, envelopes: &[Arc<Envelope<C::Event>>]) -> Result<(), AppendError> {
        for e in envelopes {
            // One look at the stream both checks the position and folds the event.
            let placed = match owner_of(&self.aggregates, &e.stream.kind) {
                Some(a) if self.judge_history => self.aggregates[a]
                    .evolve_judged(&e.stream.id, e.sequence, &e.message, self.judge_with_views)
                    .map(|impossible| {
                        if let Some(why) = impossible {
                            self.impossible.push(Unrecordable {
                                stream: e.stream.clone(),
                                sequence: e.sequence,
                                event: e.message.name(),
                                why,
                            });
                        }
                    }),
                Some(a) => self.aggregates[a].evolve(&e.stream.id, e.sequence, &e.message),
                None => self.store.place_loose(&e.stream, e.sequence),
            };
            if let Err(actual) = placed {
                return Err(AppendError {
                    stream: e.stream.clone(),
                    expected: e.sequence.saturating_sub(1),
                    actual,
                });
            }
            self.store.record(std::slice::from_ref(e));
            for a in self.aggregates.iter_mut() {
                a.observe(e);
            }
        }
        Ok(())
    }

    /// The last sequence of a stream (0 when empty): its aggregate instance's version, or the
    /// store's for a stream no aggregate owns.
    pub fn version(&self, stream: &StreamId) -> u64 {
        match self.aggregate_slot(&stream.kind) {
            Some(a) => a.version(&stream.id),
            None => self.store.loose_version(stream),
        }
    }

    /// Hands an event to its process managers and read models at once.
    fn deliver(&mut self, envelope: &Arc<Envelope<C::Event>>, replay: bool) {
        self.enqueue(envelope.clone(), replay);
        self.drain();
    }

    /// Queues an event for each of its subscribers (twice each under duplicate delivery, or as
    /// many times as the faults say).
    fn enqueue(&mut self, event: Arc<Envelope<C::Event>>, replay: bool) {
        let name = event.message.name();
        let routes = self.routes.clone();
        for &(target, handler) in routes.event_targets.get(name).into_iter().flatten() {
            let copies = if self.duplicate_delivery {
                2
            } else {
                self.faults
                    .as_mut()
                    .map_or(1, |f| f.copies(handler, name).max(1))
            };
            if copies > 1 && !self.duplicate_delivery {
                self.journal.trace(|| {
                    Entry::Fault(format!(
                        "duplicate: {name} ({} #{}) is delivered {} to {handler}",
                        event.stream,
                        event.sequence,
                        match copies {
                            2 => "twice".to_string(),
                            n => format!("{n} times"),
                        }
                    ))
                });
            }
            for copy in 0..copies {
                self.pending.push_back(Delivery {
                    event: event.clone(),
                    target,
                    replay,
                    repeat: copy > 0,
                });
            }
        }
    }

    fn deliver_one(&mut self, delivery: Delivery<C::Event>) {
        if self.journal.tracing() {
            let by = self.target_name(delivery.target);
            self.journal.trace(|| Entry::Handled {
                by,
                event: delivery.event.clone(),
                again: delivery.repeat,
            });
        }
        let watched = delivery.repeat && self.watch_repeats;
        match delivery.target {
            Target::ReadModel(r) if watched => {
                if self.read_models[r].apply_changes(&delivery.event) {
                    self.repeat_violations.push(format!(
                        "the read model {} changed when {} ({} #{}) was delivered again",
                        self.read_models[r].name(),
                        delivery.event.message.name(),
                        delivery.event.stream,
                        delivery.event.sequence
                    ));
                }
            }
            Target::ReadModel(r) => self.read_models[r].apply(&delivery.event),
            Target::Process(p) => {
                let input = Input::Event(&delivery.event);
                let out = self.processes[p].deliver(input, self.clock, self.inbox);
                let by = self.processes[p].name();
                if watched && !out.is_empty() {
                    let sent: Vec<&str> = out.iter().map(|o| o.command().name()).collect();
                    self.repeat_violations.push(format!(
                        "{by} sent {} again when {} ({} #{}) was delivered again",
                        sent.join(", "),
                        delivery.event.message.name(),
                        delivery.event.stream,
                        delivery.event.sequence
                    ));
                }
                self.dispatch(by, input, out, delivery.replay);
                let crashed = self
                    .faults
                    .as_mut()
                    .is_some_and(|f| f.crash(by, delivery.repeat));
                if crashed {
                    // Worded only when a trace or a failure tells it.
                    let event = |d: &Delivery<C::Event>| {
                        format!(
                            "{} ({} #{})",
                            d.event.message.name(),
                            d.event.stream,
                            d.event.sequence
                        )
                    };
                    match self.processes[p].restart() {
                        Ok(()) => {
                            self.journal.trace(|| {
                                Entry::Fault(format!(
                                    "crash: {by} restarts from what it persisted, and {} comes \
                                     again",
                                    event(&delivery)
                                ))
                            });
                            // The receipt was not acknowledged before the crash: the message
                            // comes again.
                            self.pending.push_front(Delivery {
                                repeat: true,
                                ..delivery
                            });
                        }
                        Err(e) => {
                            let failed = format!(
                                "{by} crashed after taking in {} and could not restart from \
                                 what it persisted: {e}",
                                event(&delivery)
                            );
                            self.journal
                                .trace(|| Entry::Fault(format!("crash: {failed}")));
                            self.restart_failures.push(failed);
                        }
                    }
                }
            }
        }
    }

    fn dispatch(
        &mut self,
        by: &'static str,
        cause: Input<'_, C>,
        out: Vec<Outgoing<C::Command>>,
        replay: bool,
    ) {
        let correlation = match cause {
            Input::Event(e) => e.correlation_id,
            Input::Command(c) => c.correlation_id,
        }
        .or(Some(cause.id()));
        for (k, outgoing) in out.into_iter().enumerate() {
            let (due, command) = match outgoing {
                Outgoing::Send(c) => (None, c),
                Outgoing::Schedule { at, command } => (Some(at), command),
            };
            let envelope = CommandEnvelope {
                id: cause.id().child(k),
                issued_at: self.clock,
                causation_id: Some(cause.id()),
                correlation_id: correlation,
                command,
            };
            if replay && (due.is_none_or(|d| d <= self.clock) || !self.keep_given_schedule) {
                continue;
            }
            if !replay {
                self.journal.push(
                    |c| &mut c.sent,
                    || Entry::Sent {
                        by,
                        command: envelope.clone(),
                        due,
                    },
                );
            }
            match due {
                None => self.outbox.push_back(envelope),
                Some(due) => {
                    let late = self
                        .faults
                        .as_mut()
                        .map_or(0, |f| f.lateness(envelope.command.name()).max(0));
                    if late > 0 {
                        self.journal.trace(|| {
                            Entry::Fault(format!(
                                "late: {} arrives {} after it is due",
                                envelope.command.name(),
                                super::plural(late.unsigned_abs(), "minute", "minutes")
                            ))
                        });
                    }
                    let due = due + chrono::TimeDelta::minutes(late);
                    self.scheduled_order += 1;
                    self.scheduled.push(Scheduled {
                        due,
                        order: self.scheduled_order,
                        command: envelope,
                    });
                }
            }
        }
    }

    /// Names of the read models, in wiring order.
    pub fn read_model_names(&self) -> Vec<&'static str> {
        self.read_models.iter().map(|r| r.name()).collect()
    }

    /// A read model's entry for `key`, as JSON; `None` if the read model or the key is unknown.
    pub fn read_model(&self, name: &str, key: &str) -> Option<Value> {
        self.read_models
            .iter()
            .find(|r| r.name() == name)
            .and_then(|r| r.entry(key))
    }

    pub fn read_model_slot(&self, name: &str) -> Option<&dyn ReadModelSlot<C>> {
        self.read_models
            .iter()
            .find(|r| r.name() == name)
            .map(|r| r.as_ref())
    }

    pub fn read_model_slots(&self) -> &[Box<dyn ReadModelSlot<C>>] {
        &self.read_models
    }

    /// Every read-model entry as JSON: read model, key, entry, in wiring then key order.
    pub fn read_model_entries(&self) -> Vec<(&'static str, super::Text, Value)> {
        self.read_models
            .iter()
            .flat_map(|r| {
                r.keys()
                    .into_iter()
                    .filter_map(|k| r.entry(&k).map(|v| (r.name(), k, v)))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    pub fn aggregate_slots(&self) -> &[Box<dyn AggregateSlot<C>>] {
        &self.aggregates
    }

    /// The aggregate whose streams are of `kind`.
    pub fn aggregate_slot(&self, kind: &str) -> Option<&dyn AggregateSlot<C>> {
        owner_of(&self.aggregates, kind).map(|a| self.aggregates[a].as_ref())
    }

    pub fn process_slots(&self) -> &[Box<dyn ProcessSlot<C>>] {
        &self.processes
    }

    /// A read model's entries as their own type `E`; `None` when no read model of that name keeps
    /// entries of that type.
    pub fn read_model_entries_as<E: 'static>(&self, name: &str) -> Option<&super::Entries<E>> {
        self.read_model_slot(name)?.entries_any().downcast_ref()
    }

    /// An aggregate instance's state as its own type `S`: `Ok(None)` when the instance has none
    /// yet, `Err` when no aggregate of that name keeps states of that type.
    pub fn aggregate_state_as<S: 'static>(&self, stream: &StreamId) -> Result<Option<&S>, String> {
        let slot = self
            .aggregate_slot(&stream.kind)
            .ok_or_else(|| format!("there is no {} aggregate", stream.kind))?;
        match slot.state_any(&stream.id) {
            None => Ok(None),
            Some(state) => state.downcast_ref().map(Some).ok_or_else(|| {
                format!(
                    "the {} aggregate does not keep states of type {}",
                    stream.kind,
                    std::any::type_name::<S>()
                )
            }),
        }
    }

    /// An aggregate instance's state as JSON.
    pub fn aggregate_state(&self, stream: &StreamId) -> Option<Value> {
        self.aggregate_slot(&stream.kind)
            .and_then(|a| a.state(&stream.id))
    }

    /// Every read model rebuilt from the log, in log order, with single delivery.
    pub fn rebuild_read_models(&self) -> Vec<Box<dyn ReadModelSlot<C>>> {
        let fresh = self.read_models.iter().map(|r| r.fresh()).collect();
        self.continue_rebuild(fresh, 0)
    }

    /// A rebuild of the log's first `from` events carried on to its end: what a rebuild of the
    /// whole log gives, without folding again a prefix that every run shares.
    pub fn continue_rebuild(
        &self,
        mut models: Vec<Box<dyn ReadModelSlot<C>>>,
        from: usize,
    ) -> Vec<Box<dyn ReadModelSlot<C>>> {
        for e in self.store.log().get(from..).unwrap_or_default() {
            for (target, _) in self
                .routes
                .event_targets
                .get(e.message.name())
                .into_iter()
                .flatten()
            {
                if let Target::ReadModel(r) = *target {
                    models[r].apply(e);
                }
            }
        }
        models
    }

    /// The read models whose incrementally built state differs from a rebuild from the log.
    pub fn read_models_differing_from_rebuild(&self) -> Vec<&'static str> {
        self.rebuild_read_models()
            .iter()
            .zip(&self.read_models)
            .filter(|(rebuilt, live)| !rebuilt.same_as(live.as_ref()))
            .map(|(r, _)| r.name())
            .collect()
    }

    /// Every aggregate (with its view) replayed from the log.
    pub fn replay_aggregates(&self) -> Vec<Box<dyn AggregateSlot<C>>> {
        let fresh = self.aggregates.iter().map(|a| a.fresh()).collect();
        self.continue_replay(fresh, 0)
    }

    /// A replay of the log's first `from` events carried on to its end (see `continue_rebuild`).
    pub fn continue_replay(
        &self,
        mut aggregates: Vec<Box<dyn AggregateSlot<C>>>,
        from: usize,
    ) -> Vec<Box<dyn AggregateSlot<C>>> {
        for e in self.store.log().get(from..).unwrap_or_default() {
            if let Some(a) = owner_of(&aggregates, &e.stream.kind) {
                // The log holds each event at a position its stream was placed beyond.
                let _ = aggregates[a].evolve(&e.stream.id, e.sequence, &e.message);
            }
            for a in aggregates.iter_mut() {
                a.observe(e);
            }
        }
        aggregates
    }

    /// The aggregates whose live state differs from a replay of the log.
    pub fn aggregates_differing_from_replay(&self) -> Vec<&'static str> {
        self.aggregates
            .iter()
            .zip(&self.replay_aggregates())
            .filter(|(live, replayed)| !live.same_as(replayed.as_ref()))
            .map(|(live, _)| live.name())
            .collect()
    }

    /// The whole log in stored form at the current versions.
    pub fn stored_log(&self) -> Vec<StoredEvent> {
        self.store
            .log()
            .iter()
            .map(|e| StoredEvent::encode::<C>(e, &self.upcasters))
            .collect()
    }
}
