//! What the order, payment and mail tasks share: each is one task of an order, requested once
//! (once the task before it is done) and then completed once, by its own aggregate and worker.
//! A task names its messages and its rule (`Task`); the aggregate is the same for all three.

use std::marker::PhantomData;

use serde::{Deserialize, Serialize};

use crate::kernel::{Aggregate, Context, Message, Rejection, Text};

use super::{CompletedTasks, StoreCommand, StoreContext, StoreEvent};

/// One kind of task of an order: the aggregate that keeps it, the worker that does it, the
/// messages that request and complete it, and what must be done before it may be requested.
pub trait Task: 'static {
    /// The aggregate's name, and so the type of its streams (`Payment/<order_id>`).
    const AGGREGATE: &'static str;
    const WORKER: &'static str;
    const REQUEST: &'static str;
    const COMPLETE: &'static str;
    const REQUESTED: &'static str;
    const COMPLETED: &'static str;
    /// The task in general, for a command it does not handle (`a payment`).
    const ONE: &'static str;

    /// What stands before `order ORD-1` to name the task of one order in a rejection (`the
    /// payment of `; nothing for the order itself).
    const OF: &'static str;
    /// The order a command requests this task for.
    fn request_of(command: &StoreCommand) -> Option<&str>;
    /// The order a command completes this task for, and the body it completes it with.
    fn completion_of(command: &StoreCommand) -> Option<(&str, &str)>;
    /// The order a request is for, if the event is this task's request.
    fn requested(event: &StoreEvent) -> Option<&str>;
    /// The order a completion is for, if the event is this task's completion.
    fn completed(event: &StoreEvent) -> Option<&str>;
    fn requested_event(order_id: Text) -> StoreEvent;
    fn completed_event(order_id: Text, body: Text) -> StoreEvent;
    fn complete(order_id: Text, body: Text) -> StoreCommand;
    /// What must hold before the task of `order_id` may be requested.
    fn may_request(order_id: &str, done: &CompletedTasks) -> Result<(), Rejection>;
}

/// The aggregate of one kind of task: one stream per order.
pub struct TaskAggregate<T>(PhantomData<T>);

/// The task `T` of one order as a rejection names it (`the payment of order ORD-1`), in pieces
/// that `refused` joins: most commands a simulated history sends are refused, and formatting
/// each refusal's text (the task's name apart first) was most of what deciding one cost.
fn described<T: Task>(order_id: &str) -> [&str; 3] {
    [T::OF, "order ", order_id]
}

/// A rejection saying that `task` (in pieces) `why`, its text put together in one allocation.
fn refused(task: &[&str], why: &str) -> Rejection {
    let length = task.iter().map(|piece| piece.len()).sum::<usize>() + 1 + why.len();
    let mut reason = String::with_capacity(length);
    task.iter().for_each(|piece| reason.push_str(piece));
    reason.push(' ');
    reason.push_str(why);
    Rejection::new(reason)
}

impl<T: Task> Aggregate<StoreContext> for TaskAggregate<T> {
    const NAME: &'static str = T::AGGREGATE;
    const COMMANDS: &'static [&'static str] = &[T::REQUEST, T::COMPLETE];
    const EVENTS: &'static [&'static str] = &[T::REQUESTED, T::COMPLETED];
    type State = TaskState;
    type View = CompletedTasks;

    fn command_stream(command: &StoreCommand) -> Option<Text> {
        T::request_of(command)
            .or_else(|| T::completion_of(command).map(|(order_id, _)| order_id))
            .map(Text::from)
    }

    fn event_stream(event: &StoreEvent) -> Option<Text> {
        T::requested(event)
            .or_else(|| T::completed(event))
            .map(Text::from)
    }

    fn decide(
        state: &TaskState,
        command: &StoreCommand,
        context: &Context<'_, CompletedTasks>,
    ) -> Result<Vec<StoreEvent>, Rejection> {
        if let Some(order_id) = T::request_of(command) {
            state.check_request(&described::<T>(order_id))?;
            T::may_request(order_id, context.view)?;
            return Ok(vec![T::requested_event(order_id.into())]);
        }
        if let Some((order_id, body)) = T::completion_of(command) {
            state.check_completion(&described::<T>(order_id), body)?;
            return Ok(vec![T::completed_event(order_id.into(), body.into())]);
        }
        Err(Rejection::new(format!(
            "{} does not handle {}",
            T::ONE,
            command.name()
        )))
    }

    fn evolve(state: TaskState, event: &StoreEvent) -> TaskState {
        if T::requested(event).is_some() {
            TaskState::Requested
        } else if T::completed(event).is_some() {
            TaskState::Completed
        } else {
            state
        }
    }
}

/// Where one task of one order stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskState {
    #[default]
    NotRequested,
    Requested,
    Completed,
}

impl TaskState {
    /// A task is requested once; `task` names it in a rejection, in pieces (`the payment of `,
    /// `order `, `ORD-1`).
    pub fn check_request(self, task: &[&str]) -> Result<(), Rejection> {
        match self {
            TaskState::NotRequested => Ok(()),
            TaskState::Requested | TaskState::Completed => {
                Err(refused(task, "was already requested"))
            }
        }
    }

    /// A task is completed once, after it was requested, with a body saying what was done.
    pub fn check_completion(self, task: &[&str], body: &str) -> Result<(), Rejection> {
        let why = match self {
            TaskState::Requested if !body.trim().is_empty() => return Ok(()),
            TaskState::Requested => "cannot be completed without a body",
            TaskState::NotRequested => "was never requested",
            TaskState::Completed => "is already completed",
        };
        Err(refused(task, why))
    }
}
