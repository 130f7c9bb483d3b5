//! The prices an order is priced with: each conference's seat types with their names and current
//! prices, cached in the orders context from `SeatCreated` and `SeatUpdated` (the CQRS Journey's
//! "favouring autonomy": pricing never calls conference management).

use litemap::LiteMap;
use rustc_hash::FxHashMap;

use crate::kernel::{insert_tight, Envelope, Money, Text, View};

use super::{ConferenceContext, ConferenceEvent};

/// A seat type as pricing knows it: what it is called and what one seat costs.
#[derive(Clone, Debug, PartialEq)]
pub struct SeatPrice {
    pub name: Text,
    pub price: Money,
}

/// Seat types by conference, then by seat type, as last created or updated. Conferences are
/// hashed (every priced order looks its conference up); a conference has a handful of seat
/// types: a flat sorted list holds them, where a `BTreeMap` would allocate a node sized for
/// eleven for every conference.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConferencePrices {
    conferences: FxHashMap<Text, LiteMap<Text, SeatPrice>>,
}

impl ConferencePrices {
    /// Whether conference management ever spoke of the conference (created a seat type of it).
    pub fn knows(&self, conference_id: &str) -> bool {
        self.conferences.contains_key(conference_id)
    }

    /// A seat type of a conference, if conference management ever created it.
    pub fn seat(&self, conference_id: &str, seat_type: &str) -> Option<&SeatPrice> {
        self.conferences.get(conference_id)?.get(seat_type)
    }

    /// What one seat of the type costs now; `None` for a seat type the conference does not have.
    pub fn price(&self, conference_id: &str, seat_type: &str) -> Option<Money> {
        self.seat(conference_id, seat_type).map(|s| s.price)
    }

    /// The seat type's current name, to describe an order line.
    pub fn name(&self, conference_id: &str, seat_type: &str) -> Option<&str> {
        self.seat(conference_id, seat_type).map(|s| s.name.as_str())
    }

    fn set(&mut self, conference_id: &str, seat_type: &str, name: &str, price: Money) {
        let seats = self.conferences.entry(conference_id.into()).or_default();
        let seat = SeatPrice {
            name: name.into(),
            price,
        };
        insert_tight(seats, seat_type.into(), seat);
    }
}

impl View<ConferenceContext> for ConferencePrices {
    fn apply(&mut self, event: &Envelope<ConferenceEvent>) {
        match &event.message {
            ConferenceEvent::SeatCreated(e) => {
                self.set(&e.conference_id, &e.seat_type, &e.name, e.price)
            }
            ConferenceEvent::SeatUpdated(e) => {
                self.set(&e.conference_id, &e.seat_type, &e.name, e.price)
            }
            _ => {}
        }
    }
}
