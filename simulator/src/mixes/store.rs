//! Histories of the store domain: orders requested and their tasks requested and completed, in
//! and out of turn, for a handful of orders.

use domain::kernel::{format_text, System, Text};
use domain::store::{
    invariants, CompleteMail, CompleteOrder, CompletePayment, RequestMail, RequestOrder,
    RequestPayment, StoreCommand, StoreContext,
};
use proptest::prelude::*;

use crate::simulation::{Simulated, Step};

/// The orders a history names; an export suffixes every one (see `Simulated::shared_ids`).
const ORDER_IDS: &[&str] = &["ORD-1", "ORD-2", "ORD-3", "ORD-4"];

fn order_id() -> impl Strategy<Value = Text> {
    (1..=ORDER_IDS.len() as u8).prop_map(|n| format_text!("ORD-{n}"))
}

fn body() -> impl Strategy<Value = Text> {
    prop_oneof![Just(Text::new("done")), Just(Text::default())]
}

impl Simulated for StoreContext {
    fn step() -> BoxedStrategy<Step<Self>> {
        let command = prop_oneof![
            order_id().prop_map(|order_id| StoreCommand::from(RequestOrder { order_id })),
            (order_id(), body())
                .prop_map(|(order_id, body)| CompleteOrder { order_id, body }.into()),
            order_id().prop_map(|order_id| RequestPayment { order_id }.into()),
            (order_id(), body())
                .prop_map(|(order_id, body)| CompletePayment { order_id, body }.into()),
            order_id().prop_map(|order_id| RequestMail { order_id }.into()),
            (order_id(), body())
                .prop_map(|(order_id, body)| CompleteMail { order_id, body }.into()),
        ];
        prop_oneof![
            4 => command.prop_map(Step::Send),
            1 => (1..=30i64).prop_map(Step::Wait),
        ]
        .boxed()
    }

    fn shared_ids() -> &'static [&'static str] {
        ORDER_IDS
    }

    type Ledger = invariants::Ledger;

    fn invariants(system: &System<Self>, ledger: &Self::Ledger) -> Vec<String> {
        invariants::invariants_with(system, ledger)
    }
}
