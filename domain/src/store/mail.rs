//! The mail task: the last of an order, its mail, which may only be requested once the payment
//! is completed. One stream per order, `Mail/<order_id>`.

use crate::kernel::{Rejection, Text};

use super::{
    CompleteMail, CompletedTasks, MailCompleted, MailRequested, StoreCommand, StoreEvent, Task,
    TaskAggregate,
};

/// Sending the order's mail.
pub struct MailTask;

/// The `Mail` aggregate.
pub type Mail = TaskAggregate<MailTask>;

impl Task for MailTask {
    const AGGREGATE: &'static str = "Mail";
    const WORKER: &'static str = "MailWorker";
    const REQUEST: &'static str = "RequestMail";
    const COMPLETE: &'static str = "CompleteMail";
    const REQUESTED: &'static str = "MailRequested";
    const COMPLETED: &'static str = "MailCompleted";
    const ONE: &'static str = "a mail";

    const OF: &'static str = "the mail of ";
    fn request_of(command: &StoreCommand) -> Option<&str> {
        match command {
            StoreCommand::RequestMail(c) => Some(&c.order_id),
            _ => None,
        }
    }
    fn completion_of(command: &StoreCommand) -> Option<(&str, &str)> {
        match command {
            StoreCommand::CompleteMail(c) => Some((&c.order_id, &c.body)),
            _ => None,
        }
    }
    fn requested(event: &StoreEvent) -> Option<&str> {
        match event {
            StoreEvent::MailRequested(e) => Some(&e.order_id),
            _ => None,
        }
    }
    fn completed(event: &StoreEvent) -> Option<&str> {
        match event {
            StoreEvent::MailCompleted(e) => Some(&e.order_id),
            _ => None,
        }
    }
    fn requested_event(order_id: Text) -> StoreEvent {
        MailRequested { order_id }.into()
    }
    fn completed_event(order_id: Text, body: Text) -> StoreEvent {
        MailCompleted { order_id, body }.into()
    }
    fn complete(order_id: Text, body: Text) -> StoreCommand {
        CompleteMail { order_id, body }.into()
    }
    fn may_request(order_id: &str, done: &CompletedTasks) -> Result<(), Rejection> {
        if !done.payment_completed(order_id) {
            // Joined rather than formatted: most requests a history sends are refused.
            return Err(Rejection::new(
                [
                    "the payment of order ",
                    order_id,
                    " is not completed, so no mail can be sent yet",
                ]
                .concat(),
            ));
        }
        Ok(())
    }
}
