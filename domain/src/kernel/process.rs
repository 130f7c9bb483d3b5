//! Process managers: long-running coordinators with their own state, evolved from the messages
//! they handle, reacting with commands to send now or at a later instant.
//!
//! By default the kernel delivers each message to an instance at most once (an inbox remembers
//! the ids it has handled). The simulator, the feature runner's duplicate-delivery and
//! stored-form runs and migration verification turn that inbox off (`System::set_inbox`), so a
//! process manager must be idempotent on its own: a message its state has already taken in (an
//! event, or a timeout it scheduled for itself) must call for nothing new (the conference's registration process remembers the last position of
//! its order's stream it acted on, with `take_news`).

use std::fmt::Debug;

use serde::{de::DeserializeOwned, Serialize};

use super::{BoundedContext, CommandEnvelope, Envelope, Instant, MessageId, Text};

/// A message delivered to a process manager: an event it subscribes to, or one of its own
/// commands (a timeout it scheduled).
pub enum Input<'a, C: BoundedContext> {
    Event(&'a Envelope<C::Event>),
    Command(&'a CommandEnvelope<C::Command>),
}

impl<C: BoundedContext> Clone for Input<'_, C> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C: BoundedContext> Copy for Input<'_, C> {}

impl<C: BoundedContext> Input<'_, C> {
    pub fn id(&self) -> MessageId {
        match self {
            Input::Event(e) => e.id,
            Input::Command(c) => c.id,
        }
    }

    pub fn causation_id(&self) -> Option<MessageId> {
        match self {
            Input::Event(e) => e.causation_id,
            Input::Command(c) => c.causation_id,
        }
    }

    pub fn event(&self) -> Option<&C::Event> {
        match self {
            Input::Event(e) => Some(&e.message),
            Input::Command(_) => None,
        }
    }

    pub fn command(&self) -> Option<&C::Command> {
        match self {
            Input::Event(_) => None,
            Input::Command(c) => Some(&c.command),
        }
    }
}

/// A command a process manager sends, now or at an instant.
#[derive(Clone, Debug, PartialEq)]
pub enum Outgoing<Cmd> {
    Send(Cmd),
    Schedule { at: Instant, command: Cmd },
}

impl<Cmd> Outgoing<Cmd> {
    pub fn command(&self) -> &Cmd {
        match self {
            Outgoing::Send(c) | Outgoing::Schedule { command: c, .. } => c,
        }
    }
}

/// What a reaction may look at besides its state and the message.
#[derive(Clone, Copy, Debug)]
pub struct ProcessContext {
    pub now: Instant,
    pub message_id: MessageId,
}

impl ProcessContext {
    /// The id the i-th command of this reaction will carry.
    pub fn sent_id(&self, index: usize) -> MessageId {
        self.message_id.child(index)
    }
}

pub trait ProcessManager<C: BoundedContext>: 'static {
    const NAME: &'static str;
    /// Events this process manager subscribes to, by name.
    const SUBSCRIBES: &'static [&'static str];
    /// Commands addressed to this process manager itself (timeouts), by name.
    const HANDLES: &'static [&'static str];

    type State: Default + Clone + Debug + PartialEq + Serialize + DeserializeOwned + Send + Sync;

    /// The instance a message belongs to; `None` if this process manager does not care.
    fn instance(input: &Input<'_, C>) -> Option<Text>;

    /// The commands this message calls for, given the state before it.
    fn react(
        state: &Self::State,
        input: &Input<'_, C>,
        context: &ProcessContext,
    ) -> Vec<Outgoing<C::Command>>;

    /// The state after the message (and after sending what `react` returned).
    fn evolve(state: Self::State, input: &Input<'_, C>, context: &ProcessContext) -> Self::State;

    /// Where an instance in `state` stands, at `end`, while its process is under way, in a few
    /// words (`seats reserved, awaiting PaymentCompleted`); None once it is done, or when the
    /// process manager cannot tell (the default: a policy that never ends). What the end of a
    /// verified log tells of processes still in flight, as a live system's log always has some.
    /// `end` is the log's last instant: a timeout due by then has come, although a log, which
    /// holds events and no commands, never shows it.
    fn in_flight(state: &Self::State, end: Instant) -> Option<String> {
        let _ = (state, end);
        None
    }
}
