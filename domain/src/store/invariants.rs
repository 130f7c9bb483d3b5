//! What must hold of any store history, whatever the interleaving: each order's tasks happen in
//! the seed's order, each once, each in its own stream, and the order view says what the log says.
//! Checks report violations as sentences; an empty list means the history is sound.

use std::collections::{BTreeMap, BTreeSet};

use crate::kernel::{
    sorted, Aggregate, Entries, Envelope, EventLedger, Message, ReadModel, StreamId, System, Text,
};

use super::{
    Mail, Order, OrderView, OrderViewEntry, Payment, StoreContext, StoreEvent, TaskResult, FLOW,
};

/// Every violation in a system's log and in its order view.
pub fn invariants(system: &System<StoreContext>) -> Vec<String> {
    invariants_with(system, &Ledger::of_log(system.store().log()))
}

/// Every violation in what `ledger` kept of a system's log and in its order view.
pub fn invariants_with(system: &System<StoreContext>, ledger: &Ledger) -> Vec<String> {
    let mut violations = Vec::new();
    let none = Entries::default();
    let views = system
        .read_model_entries_as::<OrderViewEntry>(OrderView::NAME)
        .unwrap_or_else(|| {
            violations.push(
                "the OrderView read model is missing, or does not keep OrderViewEntry entries"
                    .to_string(),
            );
            &none
        });
    violations.extend(check(ledger, views));
    violations
}

/// What the invariants keep of a log, folded one event at a time: enough to judge the log
/// without keeping it, so that a replay of millions of events stays within the size of its state.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    /// How far along the flow each order is, and the view entry its events make: one table,
    /// looked up once for each event (the two tables, looked up three times, were a third of
    /// what the ledger cost a simulated history).
    orders: BTreeMap<Text, OrderSoFar>,
    /// Orders a stream of which lost an event (one that could not be read or placed): what
    /// follows from it is not told, as `lost` asks.
    lost: BTreeSet<Text>,
    /// Findings about lost orders, not told.
    untold: u64,
    /// The log was read in part (`read_in_part`): a step that never happened may be in the rest.
    in_part: bool,
    /// Events out of the flow's order, or repeated.
    flow: Vec<String>,
    /// Events in a stream other than their task's.
    streams: Vec<String>,
    /// The breaches of the flow and the streams, in the order found.
    found: Vec<String>,
    /// The log's order across streams is not known: an order's tasks, each in a stream of its
    /// own, are judged to happen once each, not in the flow's order.
    unordered: bool,
}

/// What the ledger keeps of one order: where it stands in the flow, and the view entry its
/// events make, as the log says it.
#[derive(Clone, Debug)]
struct OrderSoFar {
    reached: Reached,
    expected: OrderViewEntry,
}

/// Where an order stands in the flow.
#[derive(Clone, Copy, Debug, Default)]
struct Reached {
    /// The steps seen, one bit each.
    seen: u8,
    /// The step after the furthest seen.
    next: usize,
    /// A step came out of the flow's order: told once, where it came, so that the order view
    /// (which places each event by its step) is then held to the flow's order, not the log's.
    out_of_flow: bool,
    /// The steps a later one came before, one bit each, until they come: one that comes late
    /// was told with the step that came before it (a swap is one breach), and one that never
    /// comes is told at the log's end (`never_happened`), so that a step missing and a step
    /// late do not read the same.
    skipped: u8,
}

impl EventLedger<StoreEvent> for Ledger {
    fn observe(&mut self, e: &Envelope<StoreEvent>) {
        let (flow, streams) = (self.flow.len(), self.streams.len());
        let order_id = e.message.order_id();
        let order = self
            .orders
            .entry(order_id.into())
            .or_insert_with(|| OrderSoFar {
                reached: Reached::default(),
                expected: OrderViewEntry::opened(order_id),
            });
        follow_flow(&mut order.reached, &mut self.flow, self.unordered, e);
        check_stream(&mut self.streams, e);
        expect_view(order, self.unordered, e);
        // What follows from a lost event is folded, as the log has it, but not told.
        if !self.lost.is_empty() && self.lost.contains(order_id) {
            self.untold += (self.flow.len() - flow + self.streams.len() - streams) as u64;
            self.flow.truncate(flow);
            self.streams.truncate(streams);
            return;
        }
        let new = self.flow[flow..].iter().chain(&self.streams[streams..]);
        self.found.extend(new.cloned());
    }

    fn lost(&mut self, stream: &StreamId) {
        // Each of an order's three streams is named by the order's id.
        self.lost.insert(stream.id.clone());
    }

    fn untold(&self) -> u64 {
        self.untold
    }

    fn found_on_the_way(&self) -> &[String] {
        &self.found
    }

    fn order_across_streams_unknown(&mut self) {
        self.unordered = true;
    }

    fn read_in_part(&mut self) {
        self.in_part = true;
    }

    fn not_judged(&self) -> Vec<String> {
        match self.unordered {
            true => vec![
                "in what order each order's tasks happened, each in a stream of its own: the log was \
                 read, in whole or in part, in no order across streams, so only that every step \
                 before a task's happened too is judged, at its end"
                    .to_string(),
            ],
            false => Vec::new(),
        }
    }
}

impl Ledger {
    /// Each order whose furthest step came while one the flow puts before it never did (a
    /// payment for an order the log never completed): told once an order, at its first missing
    /// step. In a log in order, the later step was also told where it came, as one that
    /// happened before the missing one, which may yet have come (late).
    fn never_happened(&self) -> Vec<String> {
        let mut found = Vec::new();
        if self.in_part {
            return found;
        }
        for (order_id, OrderSoFar { reached, .. }) in &self.orders {
            if self.lost.contains(order_id) || reached.seen == 0 {
                continue;
            }
            let furthest = 7 - reached.seen.leading_zeros() as usize;
            if let Some(missing) = (0..furthest).find(|step| reached.seen & (1 << step) == 0) {
                found.push(format!(
                    "order {order_id}: {} happened, but {} never did, which the flow puts \
                     before it",
                    FLOW[furthest], FLOW[missing]
                ));
            }
        }
        found
    }
}

/// Each order's events follow the flow: none before the one it follows, none after one that
/// follows it, none twice. `at` is where the event's order stood; breaches go to `flow`.
fn follow_flow(
    at: &mut Reached,
    flow: &mut Vec<String>,
    unordered: bool,
    e: &Envelope<StoreEvent>,
) {
    let order_id = e.message.order_id();
    let name = e.message.name();
    let step = e.message.flow_step();
    let seen = 1 << step;
    if at.seen & seen != 0 {
        flow.push(format!("order {order_id}: {name} happened more than once"));
        return;
    }
    at.seen |= seen;
    // Which came first across streams is not known: each step once is all that can be told.
    if unordered {
        return;
    }
    if step < at.next {
        if at.skipped & seen != 0 {
            at.skipped &= !seen;
        } else {
            flow.push(format!(
                "order {order_id}: {name} happened after {}",
                FLOW[at.next - 1]
            ));
        }
        at.out_of_flow = true;
        return;
    }
    if step > at.next {
        flow.push(format!(
            "order {order_id}: {name} happened before {}",
            FLOW[step - 1]
        ));
        at.out_of_flow = true;
        at.skipped |= (seen - 1) & !((1 << at.next) - 1);
    }
    at.next = step + 1;
}

/// Each event sits in the stream of its task's aggregate for its order; breaches go to `streams`.
fn check_stream(streams: &mut Vec<String>, e: &Envelope<StoreEvent>) {
    let (kind, id) = (task_of(&e.message), e.message.order_id());
    if e.stream.kind != kind || e.stream.id != id {
        let expected = StreamId::new(kind, id);
        streams.push(format!(
            "{} of order {} is in stream {}, not {expected}",
            e.message.name(),
            e.message.order_id(),
            e.stream
        ));
    }
}

/// The view entry the order's events make, as the log says it, `e` taken in after the flow
/// was followed.
fn expect_view(order: &mut OrderSoFar, unordered: bool, e: &Envelope<StoreEvent>) {
    let entry = &mut order.expected;
    match unordered || order.reached.out_of_flow {
        // Which came first across streams is not known, or the order's events broke the
        // flow (told where they did): the view places events by their step, and is held to
        // that rather than told the same breach again as an order of events.
        true => entry.place_by_flow(&e.message),
        false => {
            entry.kind = Text::new_static(e.message.event_type());
            entry.events.push(entry.kind.clone());
        }
    }
    let result = |body: &Text| Some(TaskResult { body: body.clone() });
    match &e.message {
        StoreEvent::OrderCompleted(c) => entry.detail = result(&c.body),
        StoreEvent::PaymentCompleted(c) => entry.payment = result(&c.body),
        StoreEvent::MailCompleted(c) => entry.mail = result(&c.body),
        _ => {}
    }
}

/// Every violation a ledger kept, and those of the order view entries built from the same log,
/// by key: each order of the log has a view entry saying what the log says, and no entry stands
/// for an order the log does not know.
pub fn check(ledger: &Ledger, views: &Entries<OrderViewEntry>) -> Vec<String> {
    let mut violations = ledger.flow.clone();
    violations.extend(ledger.streams.iter().cloned());
    violations.extend(ledger.never_happened());
    for (order_id, OrderSoFar { expected: want, .. }) in &ledger.orders {
        // An order that lost an event is not known whole: what its view shows follows from the
        // error told where the event was lost.
        if ledger.lost.contains(order_id) {
            continue;
        }
        match views.get(order_id) {
            None => violations.push(format!("the OrderView has no entry for order {order_id}")),
            Some(have) => violations.extend(differences(order_id, have, want)),
        }
    }
    for (order_id, _) in sorted(views) {
        if !ledger.orders.contains_key(order_id) {
            violations.push(format!(
                "the OrderView has an entry for order {order_id}, which no event is about"
            ));
        }
    }
    violations
}

fn task_of(event: &StoreEvent) -> &'static str {
    match event {
        StoreEvent::OrderRequested(_) | StoreEvent::OrderCompleted(_) => {
            <Order as Aggregate<StoreContext>>::NAME
        }
        StoreEvent::PaymentRequested(_) | StoreEvent::PaymentCompleted(_) => {
            <Payment as Aggregate<StoreContext>>::NAME
        }
        StoreEvent::MailRequested(_) | StoreEvent::MailCompleted(_) => {
            <Mail as Aggregate<StoreContext>>::NAME
        }
    }
}

fn differences(order_id: &str, have: &OrderViewEntry, want: &OrderViewEntry) -> Vec<String> {
    if have == want {
        return Vec::new();
    }
    let fields = [
        ("id", json(&have.id), json(&want.id)),
        ("type", json(&have.kind), json(&want.kind)),
        ("detail", json(&have.detail), json(&want.detail)),
        ("payment", json(&have.payment), json(&want.payment)),
        ("mail", json(&have.mail), json(&want.mail)),
        ("events", json(&have.events), json(&want.events)),
    ];
    fields
        .into_iter()
        .filter(|(_, have, want)| have != want)
        .map(|(field, have, want)| {
            format!("the OrderView of order {order_id} has {field} {have}, but the log says {want}")
        })
        .collect()
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
