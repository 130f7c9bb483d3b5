//! The `OrderView` read model: the seed's query answer for an order, folded from every task's
//! events — the last event type, each worker's body, and every event type in order — keyed by
//! `order_id`.

use serde::{Deserialize, Serialize};

use crate::kernel::{Described, Entries, Envelope, FieldSpec, ReadModel, StreamId, TakenIn, Text};
use crate::record;

use super::{StoreContext, StoreEvent, FLOW, FLOW_TYPES};

record! {
    /// What a worker reported when it completed its task.
    pub struct TaskResult {
        pub body: Text,
    }
}

/// An order as the seed's `/query/<id>` shows it. Written by hand rather than with `record!`
/// because the seed names a field `type`, which the macro cannot spell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderViewEntry {
    pub id: Text,
    /// The type of the order's last event (`MAIL_COMPLETED`).
    #[serde(rename = "type")]
    pub kind: Text,
    /// The order worker's result, once the order is completed.
    pub detail: Option<TaskResult>,
    pub payment: Option<TaskResult>,
    pub mail: Option<TaskResult>,
    /// Every event type of the order, in the order they happened.
    pub events: Vec<Text>,
}

impl OrderViewEntry {
    /// The entry an order's first event opens, before anything is set.
    pub fn opened(order_id: &str) -> Self {
        OrderViewEntry {
            id: order_id.into(),
            kind: Text::default(),
            detail: None,
            payment: None,
            mail: None,
            events: Vec::new(),
        }
    }
}

impl Described for OrderViewEntry {
    fn fields() -> Vec<FieldSpec> {
        vec![
            FieldSpec::of::<String>("id", "String"),
            FieldSpec::of::<String>("type", "String"),
            FieldSpec::of::<Option<TaskResult>>("detail", "Option<TaskResult>"),
            FieldSpec::of::<Option<TaskResult>>("payment", "Option<TaskResult>"),
            FieldSpec::of::<Option<TaskResult>>("mail", "Option<TaskResult>"),
            FieldSpec::of::<Vec<String>>("events", "Vec<String>"),
        ]
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrderView {
    entries: Entries<OrderViewEntry>,
    /// The last position folded from each stream: an order's events come from three streams, so
    /// positions are kept by stream rather than by order.
    positions: TakenIn<StreamId>,
}

impl ReadModel<StoreContext> for OrderView {
    const NAME: &'static str = "OrderView";
    const KEY: &'static str = "order_id";
    const SUBSCRIBES: &'static [&'static str] = &FLOW;
    type Entry = OrderViewEntry;

    fn apply(&mut self, event: &Envelope<StoreEvent>) {
        if !self.positions.take_in(&event.stream, event.sequence) {
            return;
        }
        let order_id = event.message.order_id();
        // Whichever event of an order comes first opens its entry, as the seed's transformer
        // aggregates whatever reaches its topic.
        let entry = self
            .entries
            .entry(order_id.into())
            .or_insert_with(|| Box::new(OrderViewEntry::opened(order_id)));
        // Each order's tasks run one after the other, so an event's place in the flow is its
        // place in the log. Placing it by its step, not by its arrival, keeps the view right
        // when deliveries from the three task streams arrive out of order.
        entry.place_by_flow(&event.message);
        let result = |body: &str| Some(TaskResult { body: body.into() });
        match &event.message {
            StoreEvent::OrderCompleted(e) => entry.detail = result(&e.body),
            StoreEvent::PaymentCompleted(e) => entry.payment = result(&e.body),
            StoreEvent::MailCompleted(e) => entry.mail = result(&e.body),
            _ => {}
        }
    }

    fn entries(&self) -> &Entries<OrderViewEntry> {
        &self.entries
    }
}

impl OrderViewEntry {
    /// `event`'s type placed among the entry's by its step in the flow, not by its arrival, and
    /// the last in the flow as the entry's type.
    pub(super) fn place_by_flow(&mut self, event: &StoreEvent) {
        let step = event.flow_step();
        let at = (self.events.iter())
            .position(|e| flow_step_of(e) > step)
            .unwrap_or(self.events.len());
        self.events.insert(at, Text::new_static(event.event_type()));
        if let Some(last) = self.events.last() {
            self.kind.clone_from(last);
        }
    }
}

/// Where an event, by its seed type (`ORDER_COMPLETED`), stands in the flow.
fn flow_step_of(kind: &str) -> usize {
    FLOW_TYPES
        .iter()
        .position(|&f| f == kind)
        .unwrap_or(FLOW.len())
}
