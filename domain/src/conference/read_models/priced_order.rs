//! The `PricedOrder` read model: each order's priced lines and total as the registrant is asked
//! to pay them, keyed by `order_id`.

use litemap::LiteMap;
use rustc_hash::FxHashMap;

use crate::conference::{
    ConferenceContext, ConferenceEvent, OrderLine, OrderPlaced, OrderTotalsCalculated,
};
use crate::kernel::{
    insert_tight, is_news, take_news, Entries, Envelope, Instant, Money, ReadModel, Text,
};
use crate::record;

record! {
    /// One priced line, described by its seat type's name when the totals were calculated.
    pub struct PricedOrderLine {
        pub seat_type: Text,
        pub description: Option<Text>,
        pub quantity: i64,
        pub unit_price: Money,
        pub line_total: Money,
    }
}

record! {
    /// What an order costs and until when its seats are held.
    pub struct PricedOrderEntry {
        pub total: Option<Money>,
        pub is_free_of_charge: Option<bool>,
        pub reservation_expiration: Option<Instant>,
        pub lines: Vec<PricedOrderLine>,
        pub order_version: u64,
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PricedOrderReadModel {
    entries: Entries<PricedOrderEntry>,
    /// Every order ever placed, kept after its entry is removed: a late duplicate of an expired
    /// order's events must not bring the entry back.
    orders: FxHashMap<Text, PlacedOrder>,
    /// Seat type names by conference, then seat type: pricing describes lines from this cache
    /// rather than asking conference management. A conference has a few seat types, so each
    /// keeps a flat sorted list, and its id once rather than once per seat type.
    seat_names: FxHashMap<Text, LiteMap<Text, SeatName>>,
}

#[derive(Clone, Debug, PartialEq)]
struct PlacedOrder {
    conference_id: Text,
    version: u64,
}

#[derive(Clone, Debug, PartialEq)]
struct SeatName {
    name: Text,
    version: u64,
}

impl ReadModel<ConferenceContext> for PricedOrderReadModel {
    const NAME: &'static str = "PricedOrder";
    const KEY: &'static str = "order_id";
    const POSITIONS: &'static [&'static str] = &["order_version"];
    const SUBSCRIBES: &'static [&'static str] = &[
        "OrderPlaced",
        "OrderTotalsCalculated",
        "OrderConfirmed",
        "OrderExpired",
        "SeatCreated",
        "SeatUpdated",
    ];
    type Entry = PricedOrderEntry;

    fn apply(&mut self, event: &Envelope<ConferenceEvent>) {
        let sequence = event.sequence;
        match &event.message {
            ConferenceEvent::SeatCreated(e) => {
                self.name_seat(&e.conference_id, &e.seat_type, &e.name, sequence)
            }
            ConferenceEvent::SeatUpdated(e) => {
                self.name_seat(&e.conference_id, &e.seat_type, &e.name, sequence)
            }
            ConferenceEvent::OrderPlaced(e) => self.place(e, sequence),
            ConferenceEvent::OrderTotalsCalculated(e) => self.price(e, sequence),
            ConferenceEvent::OrderConfirmed(e) => self.confirm(&e.order_id, sequence),
            ConferenceEvent::OrderExpired(e) => self.expire(&e.order_id, sequence),
            _ => {}
        }
    }

    fn entries(&self) -> &Entries<PricedOrderEntry> {
        &self.entries
    }
}

impl PricedOrderReadModel {
    /// Starts an order's entry with its seats held until the automatic expiration; totals are
    /// not known until they are calculated.
    fn place(&mut self, placed: &OrderPlaced, sequence: u64) {
        if self
            .orders
            .get(&placed.order_id)
            .is_some_and(|o| !is_news(sequence, o.version))
        {
            return;
        }
        self.orders.insert(
            placed.order_id.clone(),
            PlacedOrder {
                conference_id: placed.conference_id.clone(),
                version: sequence,
            },
        );
        self.entries.insert(
            placed.order_id.clone(),
            Box::new(PricedOrderEntry {
                total: None,
                is_free_of_charge: None,
                reservation_expiration: Some(placed.reservation_auto_expiration),
                lines: Vec::new(),
                order_version: sequence,
            }),
        );
    }

    /// Replaces an order's lines and total, naming each line after its seat type as known now.
    fn price(&mut self, totals: &OrderTotalsCalculated, sequence: u64) {
        let Some(conference_id) = self.take_in(&totals.order_id, sequence) else {
            return;
        };
        let lines = totals
            .lines
            .iter()
            .map(|line| self.priced_line(&conference_id, line))
            .collect();
        if let Some(order) = self.entries.get_mut(&totals.order_id) {
            order.lines = lines;
            order.total = Some(totals.total);
            order.is_free_of_charge = Some(totals.is_free_of_charge);
            order.order_version = sequence;
        }
    }

    /// A confirmed order's seats are no longer held against a deadline.
    fn confirm(&mut self, order_id: &str, sequence: u64) {
        if self.take_in(order_id, sequence).is_none() {
            return;
        }
        if let Some(order) = self.entries.get_mut(order_id) {
            order.reservation_expiration = None;
            order.order_version = sequence;
        }
    }

    /// An expired order has nothing left to pay; only its position stays known.
    fn expire(&mut self, order_id: &str, sequence: u64) {
        if self.take_in(order_id, sequence).is_some() {
            self.entries.remove(order_id);
        }
    }

    /// Records that a placed order has seen this position of its stream and gives its
    /// conference; `None` for an order never placed or a position already seen.
    fn take_in(&mut self, order_id: &str, sequence: u64) -> Option<Text> {
        let order = self.orders.get_mut(order_id)?;
        take_news(&mut order.version, sequence).then(|| order.conference_id.clone())
    }

    fn name_seat(&mut self, conference_id: &str, seat_type: &str, name: &str, sequence: u64) {
        let names = match self.seat_names.get_mut(conference_id) {
            Some(names) => names,
            None => self.seat_names.entry(conference_id.into()).or_default(),
        };
        match names.get_mut(seat_type) {
            Some(seen) => {
                if take_news(&mut seen.version, sequence) {
                    seen.name = name.into();
                }
            }
            None => {
                let seen = SeatName {
                    name: name.into(),
                    version: sequence,
                };
                insert_tight(names, seat_type.into(), seen);
            }
        }
    }

    fn priced_line(&self, conference_id: &str, line: &OrderLine) -> PricedOrderLine {
        PricedOrderLine {
            seat_type: line.seat_type.clone(),
            description: self
                .seat_names
                .get(conference_id)
                .and_then(|names| names.get(line.seat_type.as_str()))
                .map(|seat| seat.name.clone()),
            quantity: line.quantity,
            unit_price: line.unit_price,
            line_total: line.line_total,
        }
    }
}
