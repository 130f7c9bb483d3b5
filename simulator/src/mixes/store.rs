//! Histories of the store domain: orders requested and their tasks requested and completed, in
//! and out of turn, for a handful of orders; and the invariants they are judged by.

use domain::kernel::{format_text, System, Text};
use domain::store::{
    invariants, CompleteMail, CompleteOrder, CompletePayment, RequestMail, RequestOrder,
    RequestPayment, StoreCommand, StoreContext,
};
use proptest::prelude::*;

use crate::judging::Judged;
use crate::simulation::{Simulated, Step};

/// How many orders a history of at most `max_steps` steps names: `ORD-1` to `ORD-4` in one of
/// the default 30, and one more for every eight steps past that, so that each order meets about
/// as many commands in a long history as in a short one.
fn orders(max_steps: usize) -> u32 {
    u32::try_from(max_steps / 8).unwrap_or(u32::MAX).max(4)
}

fn order_id(max_steps: usize) -> impl Strategy<Value = Text> {
    (1..=orders(max_steps)).prop_map(|n| format_text!("ORD-{n}"))
}

fn body() -> impl Strategy<Value = Text> {
    prop_oneof![Just(Text::new("done")), Just(Text::default())]
}

/// The store's invariants, from the domain's own (`domain::store::invariants`): its tasks have
/// no deadline, so nothing is judged of what must have settled by a time.
impl Judged for StoreContext {
    type Ledger = invariants::Ledger;

    fn invariants(system: &System<Self>, ledger: &Self::Ledger) -> Vec<String> {
        invariants::invariants_with(system, ledger)
    }
}

impl Simulated for StoreContext {
    fn step(max_steps: usize) -> BoxedStrategy<Step<Self>> {
        let command = prop_oneof![
            order_id(max_steps).prop_map(|order_id| StoreCommand::from(RequestOrder { order_id })),
            (order_id(max_steps), body()).prop_map(|(order_id, body)| CompleteOrder {
                order_id,
                body
            }
            .into()),
            order_id(max_steps).prop_map(|order_id| RequestPayment { order_id }.into()),
            (order_id(max_steps), body()).prop_map(|(order_id, body)| CompletePayment {
                order_id,
                body
            }
            .into()),
            order_id(max_steps).prop_map(|order_id| RequestMail { order_id }.into()),
            (order_id(max_steps), body()).prop_map(|(order_id, body)| CompleteMail {
                order_id,
                body
            }
            .into()),
        ];
        prop_oneof![
            4 => command.prop_map(Step::Send),
            1 => (1..=30i64).prop_map(Step::Wait),
        ]
        .boxed()
    }

    /// The orders a history names; an export suffixes every one.
    fn shared_ids(max_steps: usize) -> Vec<Text> {
        (1..=orders(max_steps))
            .map(|n| format_text!("ORD-{n}"))
            .collect()
    }
}
