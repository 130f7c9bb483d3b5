//! The order task: the first of the seed's flow, an order's detail, requested by the customer and
//! completed by the order worker. One stream per order, `Order/<order_id>`.

use crate::kernel::{Rejection, Text};

use super::{
    CompleteOrder, CompletedTasks, OrderCompleted, OrderRequested, StoreCommand, StoreEvent, Task,
    TaskAggregate,
};

/// Taking an order: completing its detail.
pub struct OrderTask;

/// The `Order` aggregate.
pub type Order = TaskAggregate<OrderTask>;

impl Task for OrderTask {
    const AGGREGATE: &'static str = "Order";
    const WORKER: &'static str = "OrderWorker";
    const REQUEST: &'static str = "RequestOrder";
    const COMPLETE: &'static str = "CompleteOrder";
    const REQUESTED: &'static str = "OrderRequested";
    const COMPLETED: &'static str = "OrderCompleted";
    const ONE: &'static str = "an order";

    const OF: &'static str = "";
    fn request_of(command: &StoreCommand) -> Option<&str> {
        match command {
            StoreCommand::RequestOrder(c) => Some(&c.order_id),
            _ => None,
        }
    }
    fn completion_of(command: &StoreCommand) -> Option<(&str, &str)> {
        match command {
            StoreCommand::CompleteOrder(c) => Some((&c.order_id, &c.body)),
            _ => None,
        }
    }
    fn requested(event: &StoreEvent) -> Option<&str> {
        match event {
            StoreEvent::OrderRequested(e) => Some(&e.order_id),
            _ => None,
        }
    }
    fn completed(event: &StoreEvent) -> Option<&str> {
        match event {
            StoreEvent::OrderCompleted(e) => Some(&e.order_id),
            _ => None,
        }
    }
    fn requested_event(order_id: Text) -> StoreEvent {
        OrderRequested { order_id }.into()
    }
    fn completed_event(order_id: Text, body: Text) -> StoreEvent {
        OrderCompleted { order_id, body }.into()
    }
    fn complete(order_id: Text, body: Text) -> StoreCommand {
        CompleteOrder { order_id, body }.into()
    }
    /// The first task needs nothing done before it, but an id: it names the order's streams and
    /// its view entry, so it cannot be blank.
    fn may_request(order_id: &str, _: &CompletedTasks) -> Result<(), Rejection> {
        if order_id.trim().is_empty() {
            return Err(Rejection::new("an order needs an id"));
        }
        Ok(())
    }
}
