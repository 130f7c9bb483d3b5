//! A bounded context behind one object-safe interface, so that the same steps drive any domain:
//! messages go in and come out by name and JSON fields, as feature files speak of them.

use std::sync::Arc;

use domain::kernel::{
    BoundedContext, Catalog, Entry, Instant, KernelError, Message, Recorded, StoredEvent, StreamId,
    System,
};
use serde_json::Value;

use crate::restarts::RestartAfterEachMessage;

/// An event as the Then-steps see it.
#[derive(Clone, Debug, PartialEq)]
pub struct SeenEvent {
    pub name: &'static str,
    pub payload: Value,
    pub stream: StreamId,
    pub sequence: u64,
}

/// A command sent in reaction to the stimulus, with its delay if it was scheduled.
#[derive(Clone, Debug, PartialEq)]
pub struct SeenCommand {
    pub name: &'static str,
    pub payload: Value,
    pub delay: Option<chrono::TimeDelta>,
}

/// A command a process manager sent while the Givens were loaded, which counts as handled.
#[derive(Clone, Debug, PartialEq)]
pub struct SentInThePast {
    /// The process manager that sent it.
    pub by: &'static str,
    pub command: SeenCommand,
    /// What it records were it run now, on a copy of the run (never nothing): the events the
    /// Givens would list to have it so, none of which they list in its stream.
    pub would_record: Vec<&'static str>,
}

/// The commands sent in the past to a refused command's stream whose events the Givens left out,
/// with what the refused command comes to on a copy of the run where they ran first: told only
/// when that differs from the refusal, which then plausibly came of what they would record.
#[derive(Clone, Debug, PartialEq)]
pub struct PastSends {
    pub sent: Vec<SentInThePast>,
    /// `None` when the refused command is accepted once they ran; else the other reason it is
    /// refused for then.
    pub refused_then: Option<String>,
}

/// Why a stimulus did not go through.
#[derive(Clone, Debug, PartialEq)]
pub enum StimulusError {
    /// The handler refused the command: a business outcome, not a mistake in the file.
    Rejected(String),
    /// Something the author must fix (no handler, no stream, a bad message).
    Invalid(String),
}

/// One way of running a scenario against a bounded context.
pub trait Runtime: Send {
    fn catalog(&self) -> &Catalog;
    fn now(&self) -> Instant;
    /// Sets the scenario clock among the Givens (`Given the time is`): what was scheduled at or
    /// before it counts as handled; it goes back only while no event has been given.
    fn set_given_clock(&mut self, now: Instant) -> Result<(), String>;
    /// Commands the Givens scheduled that `Given the time is` then set the clock past (due
    /// strictly before it), each with when it was due and the clock set: counted as handled, they
    /// are never delivered, which a Then that expects one must explain.
    fn passed_by_clock(&self) -> Vec<(&'static str, Instant, Instant)> {
        Vec::new()
    }
    /// Loads a past event given by name and current fields.
    fn given(&mut self, stream: Option<StreamId>, name: &str, payload: Value)
        -> Result<(), String>;
    /// Loads a past event given in the stored form of `version`, through the upcasters.
    fn given_stored(
        &mut self,
        stream: Option<StreamId>,
        name: &str,
        version: u32,
        payload: Value,
    ) -> Result<(), String>;
    /// Why the event `name` (in the stored form of `version`, or current) may not stand in
    /// `stream`, as `verify-migration` refuses such an event in a log (`System::check_stream`);
    /// `None` when it may, or when the event does not read (loading it says why).
    fn stream_refusal(
        &self,
        stream: &StreamId,
        name: &str,
        version: Option<u32>,
        payload: &Value,
    ) -> Option<String>;
    fn mark(&self) -> usize;
    fn send(&mut self, name: &str, payload: Value) -> Result<(), StimulusError>;
    fn publish(
        &mut self,
        stream: Option<StreamId>,
        name: &str,
        payload: Value,
    ) -> Result<(), String>;
    /// Time passes: every command due by then is delivered, what it leads to left waiting.
    fn advance(&mut self, minutes: i64);
    /// Time passes, the context settling at each instant a command falls due before the clock
    /// moves further (`System::advance_and_settle`): a When that settles.
    fn advance_and_settle(&mut self, minutes: i64) -> Result<(), String>;
    fn settle(&mut self) -> Result<(), String>;
    /// Whether every process manager that crashed since last asked (the stored-form run
    /// crashes each after every message) restarted from what it persisted; if one could not,
    /// the first, in the kernel's words (the process manager, the message, serde's error).
    fn restarted(&mut self) -> Result<(), String>;
    /// Whether every delivery repeated since last asked (the duplicate-delivery run makes each
    /// twice, the stored-form run each again after the restart that follows it) changed
    /// nothing: no read model changed, no process manager sent anything again or persisted
    /// something else; if one did, the first, in the kernel's words.
    fn repeats_changed_nothing(&mut self) -> Result<(), String>;
    fn recorded(&self, mark: usize) -> Vec<SeenEvent>;
    fn sent(&self, mark: usize) -> Vec<SeenCommand>;
    /// Rejections since `mark`: the command (its delay unset) and the reason.
    fn rejections(&self, mark: usize) -> Vec<(SeenCommand, String)>;
    /// The commands process managers sent, while the Givens were loaded, to the stream that
    /// `command` goes to, of whose events the Givens list none in that stream. DSL.md counts them
    /// as handled, so they were not run: a refusal may come of it (a reservation of seats the
    /// Givens created but never made available). `None` unless `command`, refused for `reason`,
    /// is accepted or refused for another reason once they ran: a refusal they would not have
    /// changed is no sign of what the Givens left out.
    fn sent_in_the_past_to(&self, _command: &SeenCommand, _reason: &str) -> Option<PastSends> {
        None
    }
    fn read_model(&self, name: &str, key: &str) -> Option<Value>;
    fn read_model_keys(&self, name: &str) -> Vec<String>;
    /// Every read-model entry: read model, key, entry.
    fn read_model_entries(&self) -> Vec<(&'static str, String, Value)>;
    /// The domain's invariants that do not hold now, each in words, and every event the context
    /// recorded since the When that its aggregate says it could not have recorded
    /// (`Aggregate::COULD_RECORD`); `None` when the domain declares no invariants.
    fn broken_invariants(&self) -> Option<Vec<String>> {
        None
    }
    /// `broken_invariants` judged long after the scenario, on a copy of the run: the domain's
    /// `LongAfter::minutes` pass with nothing more happening (what is scheduled is delivered, the
    /// system settles), and then what must hold by then (`LongAfter::judge`) is judged too.
    /// The run itself stays where the scenario left it. `None` when the domain declares no
    /// invariants or nothing to judge long after; otherwise how long it waited and what broke.
    fn broken_long_after(&self) -> Option<(i64, Vec<String>)> {
        None
    }
}

/// A domain's invariants judged on a system: the ones broken, each in words. The feature
/// language knows no domain, so whoever builds the runtime hands them in.
pub type Invariants<C> = fn(&System<C>) -> Vec<String>;

/// What a domain judges long after a scenario (`Then long after, the invariants hold`): how
/// long to let pass, and what must hold by then besides the invariants (a timeout that should
/// have fired has). The feature language knows no domain: whoever builds the runtime hands it
/// in, as it does the invariants.
pub struct LongAfter<C: BoundedContext> {
    /// How long passes after the scenario before the judgement, in minutes: longer than the
    /// domain's longest timeout.
    pub minutes: i64,
    /// What must hold once that long has passed, besides the invariants: the ones broken.
    pub judge: fn(&System<C>) -> Vec<String>,
}

impl<C: BoundedContext> Clone for LongAfter<C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C: BoundedContext> Copy for LongAfter<C> {}

/// How a run treats what it is given, for the checks every scenario gets for free.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunKind {
    /// As written.
    Plain,
    /// Every delivery to process managers and read models made twice.
    DuplicateDelivery,
    /// Every Given event written to its stored form as JSON text and read back first, and every
    /// process manager restarted from what it persisted after each message it handles.
    StoredRoundTrip,
}

impl RunKind {
    pub fn describe(self) -> &'static str {
        match self {
            RunKind::Plain => "the scenario as written",
            RunKind::DuplicateDelivery => "the duplicate-delivery run (every delivery made twice)",
            RunKind::StoredRoundTrip => {
                "the stored-form run (every Given written to its stored form and read back, and \
                 every process manager restarted from what it persisted after each message)"
            }
        }
    }
}

/// A `System` of any bounded context behind the `Runtime` interface.
pub struct SystemRuntime<C: BoundedContext> {
    system: System<C>,
    catalog: Arc<Catalog>,
    kind: RunKind,
    invariants: Option<Invariants<C>>,
    long_after: Option<LongAfter<C>>,
    /// Whether the When has come: the events recorded from then on are judged by their
    /// aggregates' `COULD_RECORD` (the Givens are not: DSL.md lets them tell a past in a few
    /// strokes, and an event published by the When is the author's, as a Given is).
    when_came: bool,
    /// See `Runtime::passed_by_clock`.
    passed_by_clock: Vec<(&'static str, Instant, Instant)>,
}

impl<C: BoundedContext> SystemRuntime<C> {
    /// What `judge` finds broken in `system` (this run, or a copy of it let run on), and every
    /// event recorded since the When that its aggregate says it could not have recorded.
    fn invariants_broken_in(&self, system: &System<C>, judge: Invariants<C>) -> Vec<String> {
        let mut broken = judge(system);
        if self.when_came {
            broken.extend(system.unrecordable().iter().map(ToString::to_string));
        }
        broken
    }

    /// A run on a fresh system of the context; an error when its wiring has mistakes.
    pub fn new(
        start: Instant,
        catalog: Arc<Catalog>,
        kind: RunKind,
    ) -> Result<Self, domain::kernel::WiringError> {
        Ok(Self::from_system(System::new(start)?, catalog, kind))
    }

    /// A run on a given (usually fresh) system, whose clock is where the run starts.
    pub fn from_system(mut system: System<C>, catalog: Arc<Catalog>, kind: RunKind) -> Self {
        // Duplicates bypass the process managers' inbox, so the run shows that each handler's
        // own state makes a repeated message harmless, as the CQRS Journey's handlers must. So
        // does the message that comes again after a restart: it meets the state read back, so a
        // guard lost on the way shows.
        system.set_duplicate_delivery(kind == RunKind::DuplicateDelivery);
        // Both runs that repeat a delivery hold the repeat to changing nothing, as `gwt
        // simulate` does: what a process manager's repeat changes in its own state shows in no
        // Then. (Set, never cleared: a system may come watched already.)
        if kind != RunKind::Plain {
            system.watch_repeated_deliveries(true);
        }
        system.set_inbox(kind == RunKind::Plain);
        if kind == RunKind::StoredRoundTrip {
            system.set_faults(Some(Box::new(RestartAfterEachMessage)));
        }
        SystemRuntime {
            system,
            catalog,
            kind,
            invariants: None,
            long_after: None,
            when_came: false,
            passed_by_clock: Vec::new(),
        }
    }

    /// The run judges `Then the invariants hold` with `invariants`.
    /// `Then the invariants hold` also holds every event the context records from the When on
    /// to what its aggregate says it could have recorded, so the system judges its history.
    pub fn with_invariants(mut self, invariants: Option<Invariants<C>>) -> Self {
        self.invariants = invariants;
        if invariants.is_some() {
            self.system.judge_history(true);
        }
        self
    }

    /// The run judges `Then long after, the invariants hold` with `long_after` (and the
    /// invariants `with_invariants` gives).
    pub fn with_long_after(mut self, long_after: Option<LongAfter<C>>) -> Self {
        self.long_after = long_after;
        self
    }

    /// The When begins: what was found of the Givens is dropped (a decision's events given in
    /// part among them), and from now on every event recorded is judged.
    fn when_comes(&mut self) {
        if !self.when_came {
            self.when_came = true;
            self.system.take_unrecordable();
        }
    }

    pub fn system(&self) -> &System<C> {
        &self.system
    }

    pub fn system_mut(&mut self) -> &mut System<C> {
        &mut self.system
    }

    fn event(name: &str, payload: Value) -> Result<C::Event, String> {
        C::Event::from_payload(name, payload).map_err(|e| e.to_string())
    }

    /// Writes an event in its stored form as JSON text and reads it back, as the stored-form
    /// check asks.
    fn round_trip(&self, stream: StreamId, event: C::Event) -> Result<C::Event, String> {
        let stored = StoredEvent {
            stream,
            sequence: 1,
            event_type: event.name().to_string(),
            event_version: self.system.upcasters().current_version(event.name()),
            payload: event.payload(),
            recorded_at: self.system.now(),
        };
        let text = serde_json::to_string(&stored).map_err(|e| e.to_string())?;
        let read: StoredEvent = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        self.system
            .decode(&read)
            .map(|e| e.message)
            .map_err(|e| format!("the stored form does not read back: {e}"))
    }

    fn load(&mut self, stream: Option<StreamId>, event: C::Event) -> Result<(), String> {
        let event = if self.kind == RunKind::StoredRoundTrip {
            let s = match &stream {
                Some(s) => s.clone(),
                None => self.system.stream_of(&event).map_err(|e| e.to_string())?,
            };
            self.round_trip(s, event)?
        } else {
            event
        };
        self.system
            .given(stream, event)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

impl<C: BoundedContext> Runtime for SystemRuntime<C> {
    fn catalog(&self) -> &Catalog {
        &self.catalog
    }
    fn now(&self) -> Instant {
        self.system.now()
    }
    fn set_given_clock(&mut self, now: Instant) -> Result<(), String> {
        let clock = self.system.now();
        if now < clock && !self.system.store().log().is_empty() {
            let instant = domain::kernel::instant_text;
            return Err(format!(
                "the clock cannot go back to {}: it stands at {}, and events were given before \
                 it (write `Given the time is` before them)",
                instant(now),
                instant(clock)
            ));
        }
        self.system.set_now(now);
        // Those due strictly before: one due at the very instant set is the clock's own moment
        // (the simulator's scenarios set the time to a step that a timeout fired at), and
        // naming it in a failing Then misled more than it explained.
        let passed = self
            .system
            .scheduled()
            .into_iter()
            .filter(|(due, _)| *due < now);
        let passed: Vec<_> = passed
            .map(|(due, envelope)| (envelope.command.name(), due, now))
            .collect();
        self.passed_by_clock.extend(passed);
        self.system.drop_scheduled_until(now);
        Ok(())
    }
    fn passed_by_clock(&self) -> Vec<(&'static str, Instant, Instant)> {
        self.passed_by_clock.clone()
    }
    fn given(
        &mut self,
        stream: Option<StreamId>,
        name: &str,
        payload: Value,
    ) -> Result<(), String> {
        let event = Self::event(name, payload)?;
        self.load(stream, event)
    }
    fn given_stored(
        &mut self,
        stream: Option<StreamId>,
        name: &str,
        version: u32,
        mut payload: Value,
    ) -> Result<(), String> {
        crate::cells::whole_by_value(&mut payload);
        // Kept before the upcaster takes the payload: told if it fails.
        let written = crate::older_forms::written_paths(&payload);
        // The fields written that this form lacks, but those the upcaster's words `said` name.
        let lacked = |said: &str| {
            crate::older_forms::fields_the_form_lacks(
                &self.catalog,
                name,
                version,
                written.iter().map(String::as_str),
                said,
            )
        };
        // Recorded now, in the stream the row names, as the Given records it.
        let recorded = Recorded {
            stream: stream.as_ref(),
            recorded_at: self.system.now(),
        };
        let (current, payload) = self
            .system
            .upcasters()
            .upcast(name, version, payload, &recorded, |n| {
                self.system.is_current_event(n)
            })
            .map_err(|e| {
                let said = e.to_string();
                let hint = crate::older_forms::current_fields_in_older_form(
                    &self.catalog,
                    name,
                    version,
                    written.iter().map(String::as_str),
                    &said,
                );
                let lacks = lacked(&said).map(|l| format!("; {l}"));
                said + &hint.unwrap_or_default() + &lacks.unwrap_or_default()
            })?;
        // The upcaster took the payload without a word: a field that form lacks was overwritten
        // or kept, and the Given meant something no stored event says.
        if let Some(lacked) = lacked("") {
            return Err(lacked);
        }
        let payload = crate::tables::typed_upcast(&self.catalog, current, payload)
            .map_err(|e| format!("after upcasting to the current `{current}`, {e}"))?;
        let event = C::Event::from_payload(current, payload)
            .map_err(|e| format!("after upcasting, {e}"))?;
        self.load(stream, event)
    }
    fn stream_refusal(
        &self,
        stream: &StreamId,
        name: &str,
        version: Option<u32>,
        payload: &Value,
    ) -> Option<String> {
        let event = match version {
            None => Self::event(name, payload.clone()).ok()?,
            Some(v) => {
                let mut payload = payload.clone();
                crate::cells::whole_by_value(&mut payload);
                let recorded = Recorded::stored(stream, self.system.now());
                let (current, payload) = self
                    .system
                    .upcasters()
                    .upcast(name, v, payload, &recorded, |n| {
                        self.system.is_current_event(n)
                    })
                    .ok()?;
                Self::event(current, payload).ok()?
            }
        };
        self.system.check_stream(stream, &event).err()
    }
    fn mark(&self) -> usize {
        self.system.journal().mark()
    }
    fn send(&mut self, name: &str, payload: Value) -> Result<(), StimulusError> {
        self.when_comes();
        let command = C::Command::from_payload(name, payload)
            .map_err(|e| StimulusError::Invalid(e.to_string()))?;
        match self.system.send(command) {
            Ok(()) => Ok(()),
            Err(KernelError::Rejected(r)) => Err(StimulusError::Rejected(r.reason)),
            Err(e) => Err(StimulusError::Invalid(e.to_string())),
        }
    }
    fn publish(
        &mut self,
        stream: Option<StreamId>,
        name: &str,
        payload: Value,
    ) -> Result<(), String> {
        self.when_comes();
        let event = Self::event(name, payload)?;
        let published = self.system.publish(stream, event);
        // The event published is the author's, not one the context recorded: not judged, nor
        // held to what its decision records with it. Publishing only delivers it; what it
        // leads to is decided as the system settles.
        self.system.take_unrecordable();
        published.map_err(|e| e.to_string())
    }
    fn advance(&mut self, minutes: i64) {
        self.when_comes();
        self.system.advance(chrono::TimeDelta::minutes(minutes))
    }
    fn advance_and_settle(&mut self, minutes: i64) -> Result<(), String> {
        self.when_comes();
        (self.system)
            .advance_and_settle(chrono::TimeDelta::minutes(minutes))
            .map_err(|e| e.to_string())
    }
    fn settle(&mut self) -> Result<(), String> {
        self.system.settle().map_err(|e| e.to_string())
    }
    fn restarted(&mut self) -> Result<(), String> {
        match self.system.take_restart_failures().into_iter().next() {
            Some(failed) => Err(failed),
            None => Ok(()),
        }
    }
    fn repeats_changed_nothing(&mut self) -> Result<(), String> {
        match self.system.take_repeat_violations().into_iter().next() {
            Some(changed) => Err(format!(
                "{changed}, where a message that comes again must change nothing (delivery is \
                 at least once)"
            )),
            None => Ok(()),
        }
    }
    fn recorded(&self, mark: usize) -> Vec<SeenEvent> {
        self.system
            .journal()
            .recorded(mark)
            .map(|e| SeenEvent {
                name: e.message.name(),
                payload: e.message.payload(),
                stream: e.stream.clone(),
                sequence: e.sequence,
            })
            .collect()
    }
    fn sent(&self, mark: usize) -> Vec<SeenCommand> {
        self.system
            .journal()
            .since(mark)
            .iter()
            .filter_map(|entry| match entry {
                Entry::Sent { command, due, .. } => Some(SeenCommand {
                    name: command.command.name(),
                    payload: command.command.payload(),
                    // Due as it is issued is no later than now: `now`, as DSL.md's delay
                    // column has it ("scheduled for later rather than sent now").
                    delay: due
                        .filter(|d| *d > command.issued_at)
                        .map(|d| d - command.issued_at),
                }),
                _ => None,
            })
            .collect()
    }
    fn rejections(&self, mark: usize) -> Vec<(SeenCommand, String)> {
        self.system
            .journal()
            .rejections(mark)
            .map(|(c, r)| {
                let command = SeenCommand {
                    name: c.command.name(),
                    payload: c.command.payload(),
                    delay: None,
                };
                (command, r.reason.clone())
            })
            .collect()
    }
    fn sent_in_the_past_to(&self, refused: &SeenCommand, reason: &str) -> Option<PastSends> {
        let refused = C::Command::from_payload(refused.name, refused.payload.clone()).ok()?;
        let sent: Vec<SentInThePast> = self
            .system
            .sent_in_the_past_to(&refused)
            .into_iter()
            .filter_map(|(by, sent)| {
                let mut copy = self.system.clone();
                let mark = copy.journal().mark();
                copy.send(sent.command.clone()).ok()?;
                let would_record: Vec<&'static str> = copy
                    .journal()
                    .recorded(mark)
                    .map(|e| e.message.name())
                    .collect();
                // Told only where the Givens list nothing of what it records in its stream: an
                // author who gave it (the availability the seats lead to) left nothing out.
                let stream = self.system.command_stream(&sent.command);
                let given = self.system.store().log().iter().any(|e| {
                    Some(&e.stream) == stream.as_ref() && would_record.contains(&e.message.name())
                });
                if would_record.is_empty() || given {
                    return None;
                }
                Some(SentInThePast {
                    by,
                    command: SeenCommand {
                        name: sent.command.name(),
                        payload: sent.command.payload(),
                        delay: None,
                    },
                    would_record,
                })
            })
            .collect();
        if sent.is_empty() {
            return None;
        }
        // All of them run first, as the Givens would have had them, then the refused command
        // again: the same refusal says the missing events were not its cause.
        let mut copy = self.system.clone();
        for past in &sent {
            let command = C::Command::from_payload(past.command.name, past.command.payload.clone());
            if let Ok(command) = command {
                let _ = copy.send(command);
            }
        }
        let refused_then = match copy.send(refused) {
            Ok(()) => None,
            Err(KernelError::Rejected(r)) if r.reason != reason => Some(r.reason),
            Err(_) => return None,
        };
        Some(PastSends { sent, refused_then })
    }
    fn read_model(&self, name: &str, key: &str) -> Option<Value> {
        self.system.read_model(name, key)
    }
    fn read_model_keys(&self, name: &str) -> Vec<String> {
        self.system
            .read_model_slot(name)
            .map(|r| r.keys().into_iter().map(String::from).collect())
            .unwrap_or_default()
    }
    fn read_model_entries(&self) -> Vec<(&'static str, String, Value)> {
        self.system
            .read_model_entries()
            .into_iter()
            .map(|(name, key, value)| (name, key.into(), value))
            .collect()
    }
    fn broken_invariants(&self) -> Option<Vec<String>> {
        self.invariants
            .map(|judge| self.invariants_broken_in(&self.system, judge))
    }
    fn broken_long_after(&self) -> Option<(i64, Vec<String>)> {
        let (judge, long_after) = (self.invariants?, self.long_after?);
        let mut system = self.system.clone();
        // A copy runs orderly until given faults of its own: the stored-form run's restarts go on.
        if self.kind == RunKind::StoredRoundTrip {
            system.set_faults(Some(Box::new(RestartAfterEachMessage)));
        }
        // Restarts that failed in the scenario were told at their step.
        system.take_restart_failures();
        // A scenario may take the clock to the last instant it holds: going on from there is
        // said as the step's failure.
        let mut broken = Vec::new();
        match system.advance_and_settle(chrono::TimeDelta::minutes(long_after.minutes)) {
            Err(e @ KernelError::BeyondTheClock { .. }) => {
                let cannot = format!(
                    "the long-after time ({} minutes) cannot pass after the scenario: {e}",
                    long_after.minutes
                );
                return Some((long_after.minutes, vec![cannot]));
            }
            Err(e) => broken.push(format!("the system does not settle: {e}")),
            Ok(()) => {}
        }
        broken.extend(system.take_restart_failures());
        broken.extend(self.invariants_broken_in(&system, judge));
        broken.extend((long_after.judge)(&system));
        // A timeout longer than the wait makes the state look stuck, where it is only waiting:
        // said as the simulator says it, with the knob that lengthens the wait.
        if let (Some(last), Some((due, _))) = (broken.last_mut(), system.scheduled().first()) {
            let names: Vec<&str> = (system.scheduled().iter())
                .map(|(_, c)| c.command.name())
                .collect();
            last.push_str(&format!(
                " (judged {} after the scenario, while {} still scheduled, the first due at {}: \
                 if the domain's timeouts are longer than that wait, raise its long-after time \
                 past the longest of them, `Judged::LONG_AFTER_MINUTES` for gwt's command \
                 line)",
                crate::phrases::time_in_words(long_after.minutes),
                match names.as_slice() {
                    [one] => format!("{one} was"),
                    many => format!("{} were", many.join(", ")),
                },
                domain::kernel::instant_text(*due)
            ));
        }
        Some((long_after.minutes, broken))
    }
}
