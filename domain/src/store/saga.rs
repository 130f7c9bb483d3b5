//! The orchestrating saga of the seed: it hears each worker's completion and asks for the next
//! task — a completed order is to be paid, a paid order is to be mailed. One instance per order.

use serde::{Deserialize, Serialize};

use crate::kernel::{Input, Outgoing, ProcessContext, ProcessManager, Text};

use super::{RequestMail, RequestPayment, StoreCommand, StoreContext, StoreEvent};

pub struct OrderSaga;

/// What the saga has asked for so far, so that it asks for each task once even if a completion
/// reaches it again under another message id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSagaState {
    pub payment_requested: bool,
    pub mail_requested: bool,
    pub finished: bool,
}

impl ProcessManager<StoreContext> for OrderSaga {
    const NAME: &'static str = "OrderSaga";
    const SUBSCRIBES: &'static [&'static str] =
        &["OrderCompleted", "PaymentCompleted", "MailCompleted"];
    const HANDLES: &'static [&'static str] = &[];
    type State = OrderSagaState;

    fn instance(input: &Input<'_, StoreContext>) -> Option<Text> {
        match input.event()? {
            StoreEvent::OrderCompleted(e) => Some(e.order_id.clone()),
            StoreEvent::PaymentCompleted(e) => Some(e.order_id.clone()),
            StoreEvent::MailCompleted(e) => Some(e.order_id.clone()),
            _ => None,
        }
    }

    fn react(
        state: &OrderSagaState,
        input: &Input<'_, StoreContext>,
        _: &ProcessContext,
    ) -> Vec<Outgoing<StoreCommand>> {
        match input.event() {
            Some(StoreEvent::OrderCompleted(e)) if !state.payment_requested => {
                vec![Outgoing::Send(
                    RequestPayment {
                        order_id: e.order_id.clone(),
                    }
                    .into(),
                )]
            }
            Some(StoreEvent::PaymentCompleted(e)) if !state.mail_requested => {
                vec![Outgoing::Send(
                    RequestMail {
                        order_id: e.order_id.clone(),
                    }
                    .into(),
                )]
            }
            _ => Vec::new(),
        }
    }

    fn in_flight(state: &OrderSagaState, _: crate::kernel::Instant) -> Option<String> {
        match (
            state.payment_requested,
            state.mail_requested,
            state.finished,
        ) {
            (_, _, true) => None,
            (_, true, false) => Some("mail requested, awaiting MailCompleted".to_string()),
            (true, false, false) => {
                Some("payment requested, awaiting PaymentCompleted".to_string())
            }
            (false, false, false) => None,
        }
    }

    fn evolve(
        mut state: OrderSagaState,
        input: &Input<'_, StoreContext>,
        _: &ProcessContext,
    ) -> OrderSagaState {
        match input.event() {
            Some(StoreEvent::OrderCompleted(_)) => state.payment_requested = true,
            Some(StoreEvent::PaymentCompleted(_)) => state.mail_requested = true,
            Some(StoreEvent::MailCompleted(_)) => state.finished = true,
            _ => {}
        }
        state
    }
}
