//! Aggregates in the decider shape: `decide` turns a command and the current state into events or
//! a rejection, `evolve` folds an event into the state. Both are pure.

use std::fmt::{self, Debug};

use serde::{de::DeserializeOwned, Serialize};

use super::{BoundedContext, Envelope, Instant, Text};

/// A command refused by its handler, with a reason a domain expert can read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Rejection {
    pub reason: String,
}

impl Rejection {
    pub fn new(reason: impl Into<String>) -> Self {
        Rejection {
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for Rejection {}

/// What a decision may look at besides the aggregate's own state: the time, and the read-only
/// view of facts kept elsewhere in the bounded context that the aggregate declared.
pub struct Context<'a, V> {
    pub now: Instant,
    pub view: &'a V,
}

/// Facts an aggregate needs from elsewhere in its bounded context (an order's prices, cached from
/// the conference's seat events), folded from every recorded event in log order.
pub trait View<C: BoundedContext>: Default + Clone + Debug + PartialEq + Send + 'static {
    fn apply(&mut self, event: &Envelope<C::Event>);
}

/// The view of an aggregate that needs nothing but its own state.
#[derive(Default, Clone, Debug, PartialEq)]
pub struct NoView;

impl<C: BoundedContext> View<C> for NoView {
    fn apply(&mut self, _: &Envelope<C::Event>) {}
}

/// A consistency boundary: one stream per instance, written `NAME/id`.
pub trait Aggregate<C: BoundedContext>: 'static {
    /// The stream type (`SeatsAvailability`).
    const NAME: &'static str;
    /// The commands this aggregate handles, by name.
    const COMMANDS: &'static [&'static str];
    /// The events this aggregate records, by name.
    const EVENTS: &'static [&'static str];

    type State: Default + Clone + Debug + PartialEq + Serialize + DeserializeOwned + Send + Sync;
    type View: View<C>;

    /// The instance a command of this aggregate goes to.
    fn command_stream(command: &C::Command) -> Option<Text>;
    /// The instance whose stream an event of this aggregate belongs to.
    fn event_stream(event: &C::Event) -> Option<Text>;

    fn decide(
        state: &Self::State,
        command: &C::Command,
        context: &Context<'_, Self::View>,
    ) -> Result<Vec<C::Event>, Rejection>;

    fn evolve(state: Self::State, event: &C::Event) -> Self::State;

    /// How the aggregate judges its events (see `CouldRecord`), or `None` (the default): then
    /// every event of it is admitted, so `gwt verify-migration` never reports one its
    /// aggregate could not have recorded, and `gwt catalog` says the aggregate does not judge
    /// its events. A constant rather than a method with a default, so that whether an
    /// aggregate judges can be told (the catalog shows it) and nothing is called when it does
    /// not.
    const COULD_RECORD: Option<CouldRecord<C, Self>> = None;

    /// Events a decision of this aggregate only ever records together, each pair as `(first,
    /// then)`: `first` is followed, right after it in its stream, by `then` (an order placed is
    /// priced in the same decision). Where events are judged (`System::judge_history`: a
    /// recorded log, a scenario from its When on), an event standing where a `then` is owed
    /// could not have been recorded, and a stream whose last event is a `first` lost the event
    /// after it (`System::take_told_in_part`). Checked with the wiring: each name is one of
    /// `EVENTS`, and each `first` is listed once.
    const RECORDED_WITH: &'static [(&'static str, &'static str)] = &[];
}

/// Why an instance in `state` could not have recorded `event`, in a domain expert's words
/// (`order order-1 was placed already, and is confirmed`); `Ok` when some command could have
/// made it record that event. `view` is the aggregate's view as the log stood just before the
/// event: what `decide` would have been given (an order's prices); `None` when the log's order
/// across streams is not known (a table read stream by stream), so that what the view held when
/// the event was recorded cannot be told, and is not judged. A replay of a recorded log asks
/// before folding each event, so that an event no command would have recorded is reported where
/// it was read rather than folded silently into a state no command could reach; the simulator
/// asks it of every event a history records, so a judge that refuses what `decide` does is
/// found. It is asked for every event of a log: it must be cheap, and allocate nothing when it
/// admits the event.
pub type CouldRecord<C, A> = fn(
    state: &<A as Aggregate<C>>::State,
    view: Option<&<A as Aggregate<C>>::View>,
    event: &<C as BoundedContext>::Event,
) -> Result<(), String>;

/// What `A` says of `event` in `state` (`Aggregate::COULD_RECORD`): `Ok` for an aggregate that
/// does not judge its events.
pub fn could_record<C: BoundedContext, A: Aggregate<C>>(
    state: &A::State,
    view: Option<&A::View>,
    event: &C::Event,
) -> Result<(), String> {
    A::COULD_RECORD.map_or(Ok(()), |judge| judge(state, view, event))
}
