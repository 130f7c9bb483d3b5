//! The `Payment` aggregate: the second task, an order's payment, which may only be requested once
//! the order is completed. One stream per order, `Payment/<order_id>`.

use crate::kernel::{Aggregate, Context, Message, Rejection};

use super::{
    CompletedTasks, PaymentCompleted, PaymentRequested, StoreCommand, StoreContext, StoreEvent,
    TaskState,
};

pub struct Payment;

impl Aggregate<StoreContext> for Payment {
    const NAME: &'static str = "Payment";
    const COMMANDS: &'static [&'static str] = &["RequestPayment", "CompletePayment"];
    const EVENTS: &'static [&'static str] = &["PaymentRequested", "PaymentCompleted"];
    type State = TaskState;
    type View = CompletedTasks;

    fn command_stream(command: &StoreCommand) -> Option<String> {
        match command {
            StoreCommand::RequestPayment(c) => Some(c.order_id.clone()),
            StoreCommand::CompletePayment(c) => Some(c.order_id.clone()),
            _ => None,
        }
    }

    fn event_stream(event: &StoreEvent) -> Option<String> {
        match event {
            StoreEvent::PaymentRequested(e) => Some(e.order_id.clone()),
            StoreEvent::PaymentCompleted(e) => Some(e.order_id.clone()),
            _ => None,
        }
    }

    fn decide(
        state: &TaskState,
        command: &StoreCommand,
        context: &Context<'_, CompletedTasks>,
    ) -> Result<Vec<StoreEvent>, Rejection> {
        match command {
            StoreCommand::RequestPayment(c) => {
                state.check_request(&format!("the payment of order {}", c.order_id))?;
                if !context.view.order_completed(&c.order_id) {
                    return Err(Rejection::new(format!(
                        "order {} is not completed, so it cannot be paid yet",
                        c.order_id
                    )));
                }
                Ok(vec![PaymentRequested {
                    order_id: c.order_id.clone(),
                }
                .into()])
            }
            StoreCommand::CompletePayment(c) => {
                state.check_completion(&format!("the payment of order {}", c.order_id), &c.body)?;
                Ok(vec![PaymentCompleted {
                    order_id: c.order_id.clone(),
                    body: c.body.clone(),
                }
                .into()])
            }
            other => Err(Rejection::new(format!(
                "a payment does not handle {}",
                other.name()
            ))),
        }
    }

    fn evolve(state: TaskState, event: &StoreEvent) -> TaskState {
        match event {
            StoreEvent::PaymentRequested(_) => TaskState::Requested,
            StoreEvent::PaymentCompleted(_) => TaskState::Completed,
            _ => state,
        }
    }
}
