//! The seed's workers: each hears that its task was requested and reports it done, with the
//! body the seed's workers write (`<order_id>_ORDER_COMPLETED`). One instance per order.

use std::marker::PhantomData;

use serde::{Deserialize, Serialize};

use crate::kernel::{Input, Outgoing, ProcessContext, ProcessManager, Text};

use super::{completion_body, MailTask, OrderTask, PaymentTask, StoreCommand, StoreContext, Task};

/// Whether the worker has done its task for the order, so that it works once even if the request
/// reaches it again under another message id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerState {
    pub done: bool,
}

/// A worker of one kind of task.
pub struct Worker<T>(PhantomData<T>);

impl<T: Task> ProcessManager<StoreContext> for Worker<T> {
    const NAME: &'static str = T::WORKER;
    const SUBSCRIBES: &'static [&'static str] = &[T::REQUESTED];
    const HANDLES: &'static [&'static str] = &[];
    type State = WorkerState;

    fn instance(input: &Input<'_, StoreContext>) -> Option<Text> {
        input.event().and_then(T::requested).map(Text::from)
    }

    fn react(
        state: &WorkerState,
        input: &Input<'_, StoreContext>,
        _: &ProcessContext,
    ) -> Vec<Outgoing<StoreCommand>> {
        match input.event().and_then(T::requested) {
            Some(order_id) if !state.done => vec![Outgoing::Send(T::complete(
                order_id.into(),
                completion_body(order_id, T::COMPLETED),
            ))],
            _ => Vec::new(),
        }
    }

    fn evolve(
        state: WorkerState,
        input: &Input<'_, StoreContext>,
        _: &ProcessContext,
    ) -> WorkerState {
        WorkerState {
            done: state.done || input.event().and_then(T::requested).is_some(),
        }
    }
}

/// Takes an order: completes its detail.
pub type OrderWorker = Worker<OrderTask>;
/// Takes a payment: completes it.
pub type PaymentWorker = Worker<PaymentTask>;
/// Sends the order's mail.
pub type MailWorker = Worker<MailTask>;
