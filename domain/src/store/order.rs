//! The `Order` aggregate: the first task of the seed's flow, an order's detail, requested by the
//! customer and completed by the order worker. One stream per order, `Order/<order_id>`.

use crate::kernel::{Aggregate, Context, Message, NoView, Rejection};

use super::{OrderCompleted, OrderRequested, StoreCommand, StoreContext, StoreEvent, TaskState};

pub struct Order;

impl Aggregate<StoreContext> for Order {
    const NAME: &'static str = "Order";
    const COMMANDS: &'static [&'static str] = &["RequestOrder", "CompleteOrder"];
    const EVENTS: &'static [&'static str] = &["OrderRequested", "OrderCompleted"];
    type State = TaskState;
    type View = NoView;

    fn command_stream(command: &StoreCommand) -> Option<String> {
        match command {
            StoreCommand::RequestOrder(c) => Some(c.order_id.clone()),
            StoreCommand::CompleteOrder(c) => Some(c.order_id.clone()),
            _ => None,
        }
    }

    fn event_stream(event: &StoreEvent) -> Option<String> {
        match event {
            StoreEvent::OrderRequested(e) => Some(e.order_id.clone()),
            StoreEvent::OrderCompleted(e) => Some(e.order_id.clone()),
            _ => None,
        }
    }

    fn decide(
        state: &TaskState,
        command: &StoreCommand,
        _: &Context<'_, NoView>,
    ) -> Result<Vec<StoreEvent>, Rejection> {
        match command {
            StoreCommand::RequestOrder(c) => {
                // The id names the order's streams and its view entry, so it cannot be blank.
                if c.order_id.trim().is_empty() {
                    return Err(Rejection::new("an order needs an id"));
                }
                state.check_request(&format!("order {}", c.order_id))?;
                Ok(vec![OrderRequested {
                    order_id: c.order_id.clone(),
                }
                .into()])
            }
            StoreCommand::CompleteOrder(c) => {
                state.check_completion(&format!("order {}", c.order_id), &c.body)?;
                Ok(vec![OrderCompleted {
                    order_id: c.order_id.clone(),
                    body: c.body.clone(),
                }
                .into()])
            }
            other => Err(Rejection::new(format!(
                "an order does not handle {}",
                other.name()
            ))),
        }
    }

    fn evolve(state: TaskState, event: &StoreEvent) -> TaskState {
        match event {
            StoreEvent::OrderRequested(_) => TaskState::Requested,
            StoreEvent::OrderCompleted(_) => TaskState::Completed,
            _ => state,
        }
    }
}
