//! The view the task aggregates decide with: which orders and which payments are
//! completed, since a task may only be requested once the one before it is done.

use std::collections::BTreeSet;

use crate::kernel::{Envelope, Text, View};

use super::{StoreContext, StoreEvent};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CompletedTasks {
    orders: BTreeSet<Text>,
    payments: BTreeSet<Text>,
}

impl CompletedTasks {
    pub fn order_completed(&self, order_id: &str) -> bool {
        self.orders.contains(order_id)
    }

    pub fn payment_completed(&self, order_id: &str) -> bool {
        self.payments.contains(order_id)
    }
}

impl View<StoreContext> for CompletedTasks {
    fn apply(&mut self, event: &Envelope<StoreEvent>) {
        match &event.message {
            StoreEvent::OrderCompleted(e) => {
                self.orders.insert(e.order_id.clone());
            }
            StoreEvent::PaymentCompleted(e) => {
                self.payments.insert(e.order_id.clone());
            }
            _ => {}
        }
    }
}
