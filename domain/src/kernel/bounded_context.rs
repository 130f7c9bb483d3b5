//! The bounded context as the tooling sees it: which handlers exist, what they own and subscribe
//! to, and the type-erased slots through which the `System` drives them.

use std::any::Any;

// Keys are message names and stream ids of the project's own logs: speed matters more here than
// resistance to keys crafted to collide.
use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet;
use std::marker::PhantomData;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use super::{
    sorted_keys, Aggregate, Context, Envelope, FieldSpec, Input, Instant, Message, Outgoing,
    ProcessContext, ProcessManager, ReadModel, Rejection, Rule, Text, Upcasters, View,
};

/// A bounded context, bundled for the tooling.
pub trait BoundedContext:
    Sized + Clone + std::fmt::Debug + PartialEq + Send + Sync + 'static
{
    type Command: Message;
    type Event: Message;

    /// The domain's name as the command line knows it (`conference`).
    const NAME: &'static str;

    /// Fresh handlers: every aggregate, process manager and read model of the context.
    fn wiring() -> Wiring<Self>;

    /// Upcasters from every older stored form to the current one, with the current version of
    /// every event (events not named there are at version 1).
    fn upcasters() -> Upcasters {
        Upcasters::default()
    }

    /// The business rules of the context, for specification coverage.
    fn rules() -> Vec<Rule> {
        Vec::new()
    }
}

/// The handlers of a bounded context, registered by type and kept behind erased slots.
pub struct Wiring<C: BoundedContext> {
    pub aggregates: Vec<Box<dyn AggregateSlot<C>>>,
    pub processes: Vec<Box<dyn ProcessSlot<C>>>,
    pub read_models: Vec<Box<dyn ReadModelSlot<C>>>,
}

impl<C: BoundedContext> Default for Wiring<C> {
    fn default() -> Self {
        Wiring {
            aggregates: Vec::new(),
            processes: Vec::new(),
            read_models: Vec::new(),
        }
    }
}

impl<C: BoundedContext> Wiring<C> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn aggregate<A: Aggregate<C>>(mut self) -> Self {
        self.aggregates.push(Box::new(AggregateRunner::<C, A> {
            instances: Arc::default(),
            view: A::View::default(),
            _types: PhantomData,
        }));
        self
    }

    pub fn process<P: ProcessManager<C>>(mut self) -> Self {
        self.processes.push(Box::new(ProcessRunner::<C, P> {
            instances: Arc::default(),
            touched: None,
            _types: PhantomData,
        }));
        self
    }

    pub fn read_model<R: ReadModel<C>>(mut self) -> Self {
        self.read_models.push(Box::new(ReadModelRunner::<C, R> {
            model: Arc::default(),
            _types: PhantomData,
        }));
        self
    }
}

/// An aggregate type with all its instances and its view.
pub trait AggregateSlot<C: BoundedContext>: Send {
    fn name(&self) -> &'static str;
    fn commands(&self) -> &'static [&'static str];
    fn events(&self) -> &'static [&'static str];
    /// Whether the aggregate judges its events (`Aggregate::COULD_RECORD`).
    fn judges_events(&self) -> bool;
    /// The events its decisions only record together (`Aggregate::RECORDED_WITH`).
    fn recorded_with(&self) -> &'static [(&'static str, &'static str)];
    fn command_stream(&self, command: &C::Command) -> Option<Text>;
    fn event_stream(&self, event: &C::Event) -> Option<Text>;
    fn decide(
        &self,
        id: &str,
        command: &C::Command,
        now: Instant,
    ) -> Result<Vec<C::Event>, Rejection>;
    /// Folds the event at position `sequence` of the instance's stream, recorded `at`, into its
    /// state, if that lies beyond the instance's version; otherwise changes nothing and gives
    /// that version.
    fn evolve(&mut self, id: &str, sequence: u64, at: Instant, event: &C::Event)
        -> Result<(), u64>;
    /// `evolve`, asking the aggregate first whether the instance, as it stood, could have
    /// recorded the event (`Aggregate::COULD_RECORD`), with its view when `with_view` (the log's
    /// order across streams is known): `Ok(Some(why))` when it could not. The event is folded
    /// all the same, as the log has it.
    fn evolve_judged(
        &mut self,
        id: &str,
        sequence: u64,
        at: Instant,
        event: &C::Event,
        with_view: bool,
    ) -> Result<Option<String>, u64>;
    /// The position of the last event folded into an instance (0 for none): its stream's version.
    fn version(&self, id: &str) -> u64;
    /// The position of the last event folded into an instance and when it was recorded, if any
    /// was.
    fn end(&self, id: &str) -> Option<(u64, Instant)>;
    /// Feeds the aggregate's view with any recorded event of the context.
    fn observe(&mut self, event: &Envelope<C::Event>);
    fn state(&self, id: &str) -> Option<Value>;
    /// An instance's state written by `Debug`, every field of it: `state` writes what serde
    /// writes, which a field left out of the stored form is not.
    fn state_debug(&self, id: &str) -> Option<String>;
    /// An instance's state as the aggregate keeps it (for checks that read it as its own type).
    fn state_any(&self, id: &str) -> Option<&dyn Any>;
    fn ids(&self) -> Vec<Text>;
    /// An instance's state in its stored form: a snapshot.
    fn snapshot(&self, id: &str) -> Option<String>;
    /// Replaces an instance's state with one read back from a snapshot.
    fn restore(&mut self, id: &str, snapshot: &str) -> Result<(), String>;
    /// Whether an instance is in the same state here and in `other` (absent in both counts);
    /// where each stands in its stream is not compared.
    fn same_instance(&self, other: &dyn AggregateSlot<C>, id: &str) -> bool;
    fn fresh(&self) -> Box<dyn AggregateSlot<C>>;
    fn boxed_clone(&self) -> Box<dyn AggregateSlot<C>>;
    fn as_any(&self) -> &dyn Any;
    fn same_as(&self, other: &dyn AggregateSlot<C>) -> bool;
}

struct AggregateRunner<C: BoundedContext, A: Aggregate<C>> {
    /// Shared between copies of the system until one of them writes: a history starts from a
    /// copy of the scene, and most of what the scene holds it never touches. States are boxed, as
    /// read model entries are (`Entries`): an empty slot of the table costs a pointer.
    instances: Arc<HashMap<Text, Box<Instance<A::State>>>>,
    view: A::View,
    _types: PhantomData<fn() -> (C, A)>,
}

/// An aggregate's state with its stream's version. Streams are kept here rather than in a table
/// of the event store's own: a replay's state holds one entry per stream, not two.
#[derive(Clone, Debug, Default)]
struct Instance<S> {
    version: u64,
    state: S,
    /// When the last event folded was recorded, for a reader of a log to see a stream's instants
    /// run backwards (`AggregateSlot::end`). Bookkeeping, as the version is not: two instances
    /// in the same state at the same position are the same, whatever their clocks said.
    recorded_at: Instant,
}

impl<S: PartialEq> PartialEq for Instance<S> {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version && self.state == other.state
    }
}

impl<C: BoundedContext, A: Aggregate<C>> AggregateRunner<C, A> {
    /// Folds the event at `sequence` into the instance `id` (see `AggregateSlot::evolve`), and if
    /// `judge` is given, first asks the aggregate whether the instance could have recorded it
    /// (with its view if `judge` says so): the state is at hand here, so judging costs no second
    /// lookup.
    #[inline]
    fn fold(
        &mut self,
        id: &str,
        sequence: u64,
        at: Instant,
        event: &C::Event,
        judge: Option<bool>,
    ) -> Result<Option<String>, u64> {
        // In place when the instance exists: its key is not allocated again for every event.
        let instances = Arc::make_mut(&mut self.instances);
        let mut impossible = None;
        match instances.get_mut(id) {
            Some(instance) if sequence <= instance.version => return Err(instance.version),
            Some(instance) => {
                if let (Some(with_view), Some(could_record)) = (judge, A::COULD_RECORD) {
                    let view = with_view.then_some(&self.view);
                    impossible = could_record(&instance.state, view, event).err();
                }
                instance.state = A::evolve(std::mem::take(&mut instance.state), event);
                instance.version = sequence;
                instance.recorded_at = at;
            }
            None if sequence == 0 => return Err(0),
            None => {
                let fresh = A::State::default();
                if let (Some(with_view), Some(could_record)) = (judge, A::COULD_RECORD) {
                    let view = with_view.then_some(&self.view);
                    impossible = could_record(&fresh, view, event).err();
                }
                let instance = Instance {
                    version: sequence,
                    state: A::evolve(fresh, event),
                    recorded_at: at,
                };
                instances.insert(id.into(), Box::new(instance));
            }
        }
        Ok(impossible)
    }
}

impl<C: BoundedContext, A: Aggregate<C>> AggregateSlot<C> for AggregateRunner<C, A> {
    fn name(&self) -> &'static str {
        A::NAME
    }
    fn commands(&self) -> &'static [&'static str] {
        A::COMMANDS
    }
    fn events(&self) -> &'static [&'static str] {
        A::EVENTS
    }
    fn judges_events(&self) -> bool {
        A::COULD_RECORD.is_some()
    }
    fn recorded_with(&self) -> &'static [(&'static str, &'static str)] {
        A::RECORDED_WITH
    }
    fn command_stream(&self, command: &C::Command) -> Option<Text> {
        A::command_stream(command)
    }
    fn event_stream(&self, event: &C::Event) -> Option<Text> {
        A::event_stream(event)
    }
    fn decide(
        &self,
        id: &str,
        command: &C::Command,
        now: Instant,
    ) -> Result<Vec<C::Event>, Rejection> {
        let fresh;
        let state = match self.instances.get(id) {
            Some(s) => &s.state,
            None => {
                fresh = A::State::default();
                &fresh
            }
        };
        A::decide(
            state,
            command,
            &Context {
                now,
                view: &self.view,
            },
        )
    }
    fn evolve(
        &mut self,
        id: &str,
        sequence: u64,
        at: Instant,
        event: &C::Event,
    ) -> Result<(), u64> {
        self.fold(id, sequence, at, event, None).map(drop)
    }
    fn evolve_judged(
        &mut self,
        id: &str,
        sequence: u64,
        at: Instant,
        event: &C::Event,
        with_view: bool,
    ) -> Result<Option<String>, u64> {
        self.fold(id, sequence, at, event, Some(with_view))
    }
    fn version(&self, id: &str) -> u64 {
        self.instances.get(id).map_or(0, |i| i.version)
    }
    fn end(&self, id: &str) -> Option<(u64, Instant)> {
        self.instances.get(id).map(|i| (i.version, i.recorded_at))
    }
    fn observe(&mut self, event: &Envelope<C::Event>) {
        self.view.apply(event);
    }
    fn state(&self, id: &str) -> Option<Value> {
        self.instances
            .get(id)
            .map(|i| serde_json::to_value(&i.state).expect("aggregate state serializes"))
    }
    fn state_debug(&self, id: &str) -> Option<String> {
        self.instances.get(id).map(|i| format!("{:#?}", i.state))
    }
    fn state_any(&self, id: &str) -> Option<&dyn Any> {
        self.instances.get(id).map(|i| &i.state as &dyn Any)
    }
    fn ids(&self) -> Vec<Text> {
        sorted_keys(&self.instances)
    }
    fn snapshot(&self, id: &str) -> Option<String> {
        self.instances
            .get(id)
            .map(|i| serde_json::to_string(&i.state).expect("aggregate state serializes"))
    }
    fn restore(&mut self, id: &str, snapshot: &str) -> Result<(), String> {
        let state: A::State = serde_json::from_str(snapshot).map_err(|e| e.to_string())?;
        // A snapshot holds the state only: the stream stays where it stands.
        let instances = Arc::make_mut(&mut self.instances);
        match instances.get_mut(id) {
            Some(instance) => instance.state = state,
            None => {
                let instance = Instance {
                    version: 0,
                    state,
                    recorded_at: Instant::MIN_UTC,
                };
                instances.insert(id.into(), Box::new(instance));
            }
        }
        Ok(())
    }
    fn same_instance(&self, other: &dyn AggregateSlot<C>, id: &str) -> bool {
        other.as_any().downcast_ref::<Self>().is_some_and(|o| {
            o.instances.get(id).map(|i| &i.state) == self.instances.get(id).map(|i| &i.state)
        })
    }
    fn fresh(&self) -> Box<dyn AggregateSlot<C>> {
        Box::new(AggregateRunner::<C, A> {
            instances: Arc::default(),
            view: A::View::default(),
            _types: PhantomData,
        })
    }
    fn boxed_clone(&self) -> Box<dyn AggregateSlot<C>> {
        Box::new(AggregateRunner::<C, A> {
            instances: self.instances.clone(),
            view: self.view.clone(),
            _types: PhantomData,
        })
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn same_as(&self, other: &dyn AggregateSlot<C>) -> bool {
        other.as_any().downcast_ref::<Self>().is_some_and(|o| {
            (Arc::ptr_eq(&o.instances, &self.instances) || o.instances == self.instances)
                && o.view == self.view
        })
    }
}

/// A process manager with all its instances, each remembering the messages it has handled.
pub trait ProcessSlot<C: BoundedContext>: Send {
    fn name(&self) -> &'static str;
    fn subscribes(&self) -> &'static [&'static str];
    fn handles(&self) -> &'static [&'static str];
    /// Delivers a message; returns what the instance sends, nothing for a message no instance
    /// cares about. With `inbox` on, a message whose id the instance has handled yields nothing;
    /// off, the process manager's own state machine must make the duplicate harmless, and the
    /// id is not kept.
    fn deliver(
        &mut self,
        input: Input<'_, C>,
        now: Instant,
        inbox: bool,
    ) -> Vec<Outgoing<C::Command>>;
    /// `deliver`, telling besides whether what the instance persists changed: a repeat that
    /// changes it leaves the process manager with something the first delivery did not, so it
    /// is not idempotent even when it sends nothing.
    fn deliver_watched(
        &mut self,
        input: Input<'_, C>,
        now: Instant,
        inbox: bool,
    ) -> (Vec<Outgoing<C::Command>>, bool);
    /// Rebuilds every instance from its persisted (serialized) form, as after a crash.
    fn restart(&mut self) -> Result<(), String>;
    /// The instances whose process is under way at `end`, by id, each with where it stands
    /// (`ProcessManager::in_flight`).
    fn in_flight(&self, end: Instant) -> Vec<(Text, String)>;
    fn state(&self, id: &str) -> Option<Value>;
    fn ids(&self) -> Vec<Text>;
    /// Replaces an instance's persisted state (for restarts from persisted state).
    fn restore(&mut self, id: &str, state: Value) -> Result<(), String>;
    fn fresh(&self) -> Box<dyn ProcessSlot<C>>;
    fn boxed_clone(&self) -> Box<dyn ProcessSlot<C>>;
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Persisted<S> {
    state: S,
    /// Ids of handled messages: a set copied with every copy of the system, so a hashed one,
    /// which copies as one block.
    handled: rustc_hash::FxHashSet<super::MessageId>,
}

struct ProcessRunner<C: BoundedContext, P: ProcessManager<C>> {
    /// Shared between copies of the system until one of them writes (see `AggregateRunner`).
    instances: Arc<HashMap<Text, Box<Persisted<P::State>>>>,
    /// The instances a message reached since the last restart, once there has been one (None
    /// before: a replay that never restarts keeps no list). A restart reads back only these:
    /// what another instance persists was read back at an earlier restart, unchanged since, and
    /// reads back the same. Reading back every instance after each message made a scenario's
    /// stored-form run grow with the square of its Givens (20,000 rows: 107 s).
    touched: Option<FxHashSet<Text>>,
    _types: PhantomData<fn() -> (C, P)>,
}

impl<C: BoundedContext, P: ProcessManager<C>> ProcessRunner<C, P> {
    /// Hands a message to its instance: what it sends, and, when `watch`ed, whether what it
    /// persists changed (the state before is kept only then, as a copy costs what a state
    /// weighs).
    fn handle(
        &mut self,
        input: Input<'_, C>,
        now: Instant,
        inbox: bool,
        watch: bool,
    ) -> (Vec<Outgoing<C::Command>>, bool) {
        let Some(key) = P::instance(&input) else {
            return (Vec::new(), false);
        };
        if let Some(touched) = &mut self.touched {
            touched.insert(key.clone());
        }
        let persisted = Arc::make_mut(&mut self.instances)
            .entry(key)
            .or_insert_with(|| {
                Box::new(Persisted {
                    state: P::State::default(),
                    handled: Default::default(),
                })
            });
        if inbox && !persisted.handled.insert(input.id()) {
            return (Vec::new(), false);
        }
        let context = ProcessContext {
            now,
            message_id: input.id(),
        };
        let out = P::react(&persisted.state, &input, &context);
        let before = watch.then(|| persisted.state.clone());
        let state = std::mem::take(&mut persisted.state);
        persisted.state = P::evolve(state, &input, &context);
        let changed =
            before.is_some_and(|b| b != persisted.state && persists_apart(&b, &persisted.state));
        (out, changed)
    }
}

/// Two states as `{:?}` writes them, each cut to the stretch around where they first differ
/// (a long state's difference was cut out of its middle).
fn where_they_differ(a: &str, b: &str) -> (String, String) {
    const BEFORE: usize = 100;
    const AFTER: usize = 200;
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let first = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let cut = |text: &[char]| {
        let start = first.saturating_sub(BEFORE);
        let end = (first + AFTER).min(text.len());
        format!(
            "{}{}{}",
            if start > 0 { "…" } else { "" },
            text[start..end].iter().collect::<String>(),
            if end < text.len() { "…" } else { "" }
        )
    };
    (cut(&a), cut(&b))
}

/// Whether two states of a process manager would be persisted apart: a field it does not
/// persist (`#[serde(skip)]`, a cache) may differ without that. A state that cannot be written
/// is judged as it is held, its restart failing elsewhere.
fn persists_apart<S: Serialize>(a: &S, b: &S) -> bool {
    match (serde_json::to_value(a), serde_json::to_value(b)) {
        (Ok(a), Ok(b)) => a != b,
        _ => true,
    }
}

impl<C: BoundedContext, P: ProcessManager<C>> ProcessSlot<C> for ProcessRunner<C, P> {
    fn name(&self) -> &'static str {
        P::NAME
    }
    fn subscribes(&self) -> &'static [&'static str] {
        P::SUBSCRIBES
    }
    fn handles(&self) -> &'static [&'static str] {
        P::HANDLES
    }
    fn deliver(
        &mut self,
        input: Input<'_, C>,
        now: Instant,
        inbox: bool,
    ) -> Vec<Outgoing<C::Command>> {
        self.handle(input, now, inbox, false).0
    }
    fn deliver_watched(
        &mut self,
        input: Input<'_, C>,
        now: Instant,
        inbox: bool,
    ) -> (Vec<Outgoing<C::Command>>, bool) {
        self.handle(input, now, inbox, true)
    }
    fn state(&self, id: &str) -> Option<Value> {
        self.instances
            .get(id)
            .map(|p| serde_json::to_value(&p.state).expect("process state serializes"))
    }
    fn restart(&mut self) -> Result<(), String> {
        // What reads back must be what was held: a field not persisted (`#[serde(skip)]`) or
        // read back otherwise than written restarts the instance as another, which decides
        // otherwise from then on, and no invariant need see it.
        let read_back = |persisted: &mut Box<Persisted<P::State>>| -> Result<(), String> {
            let stored = serde_json::to_string(persisted).map_err(|e| e.to_string())?;
            let read: Box<Persisted<P::State>> =
                serde_json::from_str(&stored).map_err(|e| e.to_string())?;
            if read.state != persisted.state {
                let (read, held) = where_they_differ(
                    &format!("{:?}", read.state),
                    &format!("{:?}", persisted.state),
                );
                return Err(format!(
                    "its state reads back from what it persisted as {read}, where it held \
                     {held}: a field it holds is not persisted (`#[serde(skip)]`), or does not \
                     read back as it was written"
                ));
            }
            *persisted = read;
            Ok(())
        };
        let instances = Arc::make_mut(&mut self.instances);
        let read = match &self.touched {
            None => instances.values_mut().try_for_each(read_back),
            Some(touched) => touched
                .iter()
                .try_for_each(|key| match instances.get_mut(key) {
                    Some(persisted) => read_back(persisted),
                    None => Ok(()),
                }),
        };
        // One that failed is read back again at the next restart, and fails again, as before.
        if read.is_ok() {
            self.touched = Some(FxHashSet::default());
        }
        read
    }
    fn ids(&self) -> Vec<Text> {
        sorted_keys(&self.instances)
    }
    fn in_flight(&self, end: Instant) -> Vec<(Text, String)> {
        let mut open: Vec<(Text, String)> = self
            .instances
            .iter()
            .filter_map(|(id, p)| Some((id.clone(), P::in_flight(&p.state, end)?)))
            .collect();
        open.sort();
        open
    }
    fn restore(&mut self, id: &str, state: Value) -> Result<(), String> {
        let p: Persisted<P::State> = match serde_json::from_value(state.clone()) {
            Ok(p) => p,
            Err(_) => Persisted {
                state: serde_json::from_value(state).map_err(|e| e.to_string())?,
                handled: Default::default(),
            },
        };
        if let Some(touched) = &mut self.touched {
            touched.insert(id.into());
        }
        Arc::make_mut(&mut self.instances).insert(id.into(), Box::new(p));
        Ok(())
    }
    fn fresh(&self) -> Box<dyn ProcessSlot<C>> {
        Box::new(ProcessRunner::<C, P> {
            instances: Arc::default(),
            touched: None,
            _types: PhantomData,
        })
    }
    fn boxed_clone(&self) -> Box<dyn ProcessSlot<C>> {
        Box::new(ProcessRunner::<C, P> {
            instances: self.instances.clone(),
            touched: self.touched.clone(),
            _types: PhantomData,
        })
    }
}

/// A read model behind an erased slot: entries are seen as JSON.
pub trait ReadModelSlot<C: BoundedContext>: Send {
    fn name(&self) -> &'static str;
    fn subscribes(&self) -> &'static [&'static str];
    fn key(&self) -> &'static str;
    fn fields(&self) -> Vec<FieldSpec>;
    /// Fields of an entry that hold a stream position (`ReadModel::POSITIONS`).
    fn positions(&self) -> &'static [&'static str];
    fn apply(&mut self, event: &Envelope<C::Event>);
    /// Applies an event and tells whether any entry changed (what a repeated delivery must not
    /// do). Only the entries are compared, as `same_as` does, so only they are copied.
    fn apply_changes(&mut self, event: &Envelope<C::Event>) -> bool;
    fn entry(&self, key: &str) -> Option<Value>;
    /// Every key, in order.
    fn keys(&self) -> Vec<Text>;
    /// The entries as the read model keeps them, an `Entries<Entry>` (for checks that
    /// read them as their own type).
    fn entries_any(&self) -> &dyn Any;
    fn fresh(&self) -> Box<dyn ReadModelSlot<C>>;
    fn boxed_clone(&self) -> Box<dyn ReadModelSlot<C>>;
    fn as_any(&self) -> &dyn Any;
    fn same_as(&self, other: &dyn ReadModelSlot<C>) -> bool;
}

struct ReadModelRunner<C: BoundedContext, R: ReadModel<C>> {
    /// Shared between copies of the system until one of them writes (see `AggregateRunner`).
    model: Arc<R>,
    _types: PhantomData<fn() -> C>,
}

impl<C: BoundedContext, R: ReadModel<C>> ReadModelSlot<C> for ReadModelRunner<C, R> {
    fn name(&self) -> &'static str {
        R::NAME
    }
    fn subscribes(&self) -> &'static [&'static str] {
        R::SUBSCRIBES
    }
    fn key(&self) -> &'static str {
        R::KEY
    }
    fn fields(&self) -> Vec<FieldSpec> {
        <R::Entry as super::Described>::fields()
    }
    fn positions(&self) -> &'static [&'static str] {
        R::POSITIONS
    }
    fn apply(&mut self, event: &Envelope<C::Event>) {
        Arc::make_mut(&mut self.model).apply(event)
    }
    fn apply_changes(&mut self, event: &Envelope<C::Event>) -> bool {
        if Arc::strong_count(&self.model) > 1 {
            // Shared: writing copies the model anyway, and the shared one is the before.
            let before = Arc::clone(&self.model);
            Arc::make_mut(&mut self.model).apply(event);
            return self.model.entries() != before.entries();
        }
        let before = self.model.entries().clone();
        Arc::make_mut(&mut self.model).apply(event);
        *self.model.entries() != before
    }
    fn entry(&self, key: &str) -> Option<Value> {
        self.model
            .entries()
            .get(key)
            .map(|e| serde_json::to_value(e).expect("read model entry serializes"))
    }
    fn keys(&self) -> Vec<Text> {
        sorted_keys(self.model.entries())
    }
    fn entries_any(&self) -> &dyn Any {
        self.model.entries()
    }
    fn fresh(&self) -> Box<dyn ReadModelSlot<C>> {
        Box::new(ReadModelRunner::<C, R> {
            model: Arc::default(),
            _types: PhantomData,
        })
    }
    fn boxed_clone(&self) -> Box<dyn ReadModelSlot<C>> {
        Box::new(ReadModelRunner::<C, R> {
            model: self.model.clone(),
            _types: PhantomData,
        })
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn same_as(&self, other: &dyn ReadModelSlot<C>) -> bool {
        other.as_any().downcast_ref::<Self>().is_some_and(|o| {
            Arc::ptr_eq(&o.model, &self.model) || o.model.entries() == self.model.entries()
        })
    }
}
