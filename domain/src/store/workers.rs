//! The seed's workers: each hears that its task was requested and reports it done, with the
//! body the seed's workers write (`<order_id>_ORDER_COMPLETED`). One instance per order.

use serde::{Deserialize, Serialize};

use crate::kernel::{Input, Outgoing, ProcessContext, ProcessManager};

use super::{
    completion_body, CompleteMail, CompleteOrder, CompletePayment, StoreCommand, StoreContext,
    StoreEvent,
};

/// Whether the worker has done its task for the order, so that it works once even if the request
/// reaches it again under another message id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerState {
    pub done: bool,
}

/// The work a request calls for, unless it was done already.
fn work(state: &WorkerState, command: StoreCommand) -> Vec<Outgoing<StoreCommand>> {
    if state.done {
        Vec::new()
    } else {
        vec![Outgoing::Send(command)]
    }
}

/// Takes an order: completes its detail.
pub struct OrderWorker;

impl ProcessManager<StoreContext> for OrderWorker {
    const NAME: &'static str = "OrderWorker";
    const SUBSCRIBES: &'static [&'static str] = &["OrderRequested"];
    const HANDLES: &'static [&'static str] = &[];
    type State = WorkerState;

    fn instance(input: &Input<'_, StoreContext>) -> Option<String> {
        match input.event()? {
            StoreEvent::OrderRequested(e) => Some(e.order_id.clone()),
            _ => None,
        }
    }

    fn react(
        state: &WorkerState,
        input: &Input<'_, StoreContext>,
        _: &ProcessContext,
    ) -> Vec<Outgoing<StoreCommand>> {
        match input.event() {
            Some(StoreEvent::OrderRequested(e)) => work(
                state,
                CompleteOrder {
                    order_id: e.order_id.clone(),
                    body: completion_body(&e.order_id, "OrderCompleted"),
                }
                .into(),
            ),
            _ => Vec::new(),
        }
    }

    fn evolve(
        state: WorkerState,
        input: &Input<'_, StoreContext>,
        _: &ProcessContext,
    ) -> WorkerState {
        WorkerState {
            done: state.done || matches!(input.event(), Some(StoreEvent::OrderRequested(_))),
        }
    }
}

/// Takes a payment: completes it.
pub struct PaymentWorker;

impl ProcessManager<StoreContext> for PaymentWorker {
    const NAME: &'static str = "PaymentWorker";
    const SUBSCRIBES: &'static [&'static str] = &["PaymentRequested"];
    const HANDLES: &'static [&'static str] = &[];
    type State = WorkerState;

    fn instance(input: &Input<'_, StoreContext>) -> Option<String> {
        match input.event()? {
            StoreEvent::PaymentRequested(e) => Some(e.order_id.clone()),
            _ => None,
        }
    }

    fn react(
        state: &WorkerState,
        input: &Input<'_, StoreContext>,
        _: &ProcessContext,
    ) -> Vec<Outgoing<StoreCommand>> {
        match input.event() {
            Some(StoreEvent::PaymentRequested(e)) => work(
                state,
                CompletePayment {
                    order_id: e.order_id.clone(),
                    body: completion_body(&e.order_id, "PaymentCompleted"),
                }
                .into(),
            ),
            _ => Vec::new(),
        }
    }

    fn evolve(
        state: WorkerState,
        input: &Input<'_, StoreContext>,
        _: &ProcessContext,
    ) -> WorkerState {
        WorkerState {
            done: state.done || matches!(input.event(), Some(StoreEvent::PaymentRequested(_))),
        }
    }
}

/// Takes a mail: sends it.
pub struct MailWorker;

impl ProcessManager<StoreContext> for MailWorker {
    const NAME: &'static str = "MailWorker";
    const SUBSCRIBES: &'static [&'static str] = &["MailRequested"];
    const HANDLES: &'static [&'static str] = &[];
    type State = WorkerState;

    fn instance(input: &Input<'_, StoreContext>) -> Option<String> {
        match input.event()? {
            StoreEvent::MailRequested(e) => Some(e.order_id.clone()),
            _ => None,
        }
    }

    fn react(
        state: &WorkerState,
        input: &Input<'_, StoreContext>,
        _: &ProcessContext,
    ) -> Vec<Outgoing<StoreCommand>> {
        match input.event() {
            Some(StoreEvent::MailRequested(e)) => work(
                state,
                CompleteMail {
                    order_id: e.order_id.clone(),
                    body: completion_body(&e.order_id, "MailCompleted"),
                }
                .into(),
            ),
            _ => Vec::new(),
        }
    }

    fn evolve(
        state: WorkerState,
        input: &Input<'_, StoreContext>,
        _: &ProcessContext,
    ) -> WorkerState {
        WorkerState {
            done: state.done || matches!(input.event(), Some(StoreEvent::MailRequested(_))),
        }
    }
}
