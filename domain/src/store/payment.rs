//! The payment task: the second of an order, which may only be requested once the order is
//! completed. One stream per order, `Payment/<order_id>`.

use crate::kernel::{Rejection, Text};

use super::{
    CompletePayment, CompletedTasks, PaymentCompleted, PaymentRequested, StoreCommand, StoreEvent,
    Task, TaskAggregate,
};

/// Taking a payment.
pub struct PaymentTask;

/// The `Payment` aggregate.
pub type Payment = TaskAggregate<PaymentTask>;

impl Task for PaymentTask {
    const AGGREGATE: &'static str = "Payment";
    const WORKER: &'static str = "PaymentWorker";
    const REQUEST: &'static str = "RequestPayment";
    const COMPLETE: &'static str = "CompletePayment";
    const REQUESTED: &'static str = "PaymentRequested";
    const COMPLETED: &'static str = "PaymentCompleted";
    const ONE: &'static str = "a payment";

    const OF: &'static str = "the payment of ";
    fn request_of(command: &StoreCommand) -> Option<&str> {
        match command {
            StoreCommand::RequestPayment(c) => Some(&c.order_id),
            _ => None,
        }
    }
    fn completion_of(command: &StoreCommand) -> Option<(&str, &str)> {
        match command {
            StoreCommand::CompletePayment(c) => Some((&c.order_id, &c.body)),
            _ => None,
        }
    }
    fn requested(event: &StoreEvent) -> Option<&str> {
        match event {
            StoreEvent::PaymentRequested(e) => Some(&e.order_id),
            _ => None,
        }
    }
    fn completed(event: &StoreEvent) -> Option<&str> {
        match event {
            StoreEvent::PaymentCompleted(e) => Some(&e.order_id),
            _ => None,
        }
    }
    fn requested_event(order_id: Text) -> StoreEvent {
        PaymentRequested { order_id }.into()
    }
    fn completed_event(order_id: Text, body: Text) -> StoreEvent {
        PaymentCompleted { order_id, body }.into()
    }
    fn complete(order_id: Text, body: Text) -> StoreCommand {
        CompletePayment { order_id, body }.into()
    }
    fn may_request(order_id: &str, done: &CompletedTasks) -> Result<(), Rejection> {
        if !done.order_completed(order_id) {
            // Joined rather than formatted: most requests a history sends are refused.
            return Err(Rejection::new(
                [
                    "order ",
                    order_id,
                    " is not completed, so it cannot be paid yet",
                ]
                .concat(),
            ));
        }
        Ok(())
    }
}
