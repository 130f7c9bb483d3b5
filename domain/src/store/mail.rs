//! The `Mail` aggregate: the last task, the order's mail, which may only be requested once the
//! payment is completed. One stream per order, `Mail/<order_id>`.

use crate::kernel::{Aggregate, Context, Message, Rejection};

use super::{
    CompletedTasks, MailCompleted, MailRequested, StoreCommand, StoreContext, StoreEvent, TaskState,
};

pub struct Mail;

impl Aggregate<StoreContext> for Mail {
    const NAME: &'static str = "Mail";
    const COMMANDS: &'static [&'static str] = &["RequestMail", "CompleteMail"];
    const EVENTS: &'static [&'static str] = &["MailRequested", "MailCompleted"];
    type State = TaskState;
    type View = CompletedTasks;

    fn command_stream(command: &StoreCommand) -> Option<String> {
        match command {
            StoreCommand::RequestMail(c) => Some(c.order_id.clone()),
            StoreCommand::CompleteMail(c) => Some(c.order_id.clone()),
            _ => None,
        }
    }

    fn event_stream(event: &StoreEvent) -> Option<String> {
        match event {
            StoreEvent::MailRequested(e) => Some(e.order_id.clone()),
            StoreEvent::MailCompleted(e) => Some(e.order_id.clone()),
            _ => None,
        }
    }

    fn decide(
        state: &TaskState,
        command: &StoreCommand,
        context: &Context<'_, CompletedTasks>,
    ) -> Result<Vec<StoreEvent>, Rejection> {
        match command {
            StoreCommand::RequestMail(c) => {
                state.check_request(&format!("the mail of order {}", c.order_id))?;
                if !context.view.payment_completed(&c.order_id) {
                    return Err(Rejection::new(format!(
                        "the payment of order {} is not completed, so no mail can be sent yet",
                        c.order_id
                    )));
                }
                Ok(vec![MailRequested {
                    order_id: c.order_id.clone(),
                }
                .into()])
            }
            StoreCommand::CompleteMail(c) => {
                state.check_completion(&format!("the mail of order {}", c.order_id), &c.body)?;
                Ok(vec![MailCompleted {
                    order_id: c.order_id.clone(),
                    body: c.body.clone(),
                }
                .into()])
            }
            other => Err(Rejection::new(format!(
                "a mail does not handle {}",
                other.name()
            ))),
        }
    }

    fn evolve(state: TaskState, event: &StoreEvent) -> TaskState {
        match event {
            StoreEvent::MailRequested(_) => TaskState::Requested,
            StoreEvent::MailCompleted(_) => TaskState::Completed,
            _ => state,
        }
    }
}
