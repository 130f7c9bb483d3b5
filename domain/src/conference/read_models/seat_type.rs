//! The `SeatType` read model: each seat type's details from conference management and the seats
//! still available from its conference's `SeatsAvailability` stream, keyed by `seat_type`.

use crate::conference::{ConferenceContext, ConferenceEvent, SeatQuantities};
use crate::kernel::{is_news, Entries, Envelope, Money, ReadModel, TakenIn, Text};
use crate::record;

record! {
    /// A seat type as buyers see it: what it is, what it costs, how many are left.
    pub struct SeatTypeEntry {
        pub conference_id: Text,
        pub name: Option<Text>,
        pub description: Option<Text>,
        pub price: Option<Money>,
        pub quantity: Option<i64>,
        pub available_quantity: i64,
        pub availability_version: Option<u64>,
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SeatTypeReadModel {
    entries: Entries<SeatTypeEntry>,
    /// The last management stream position applied per seat type, kept outside the entries
    /// (the catalog lists only the availability version) so a late duplicate of `SeatCreated`
    /// cannot undo a newer `SeatUpdated`.
    management_versions: TakenIn,
}

/// A seat type's details as conference management states them.
struct SeatDetails<'a> {
    conference_id: &'a str,
    seat_type: &'a str,
    name: &'a str,
    description: &'a Option<Text>,
    price: Money,
    quantity: i64,
}

impl ReadModel<ConferenceContext> for SeatTypeReadModel {
    const NAME: &'static str = "SeatType";
    const KEY: &'static str = "seat_type";
    const POSITIONS: &'static [&'static str] = &["availability_version"];
    const SUBSCRIBES: &'static [&'static str] = &[
        "SeatCreated",
        "SeatUpdated",
        "AvailableSeatsChanged",
        "SeatsReserved",
        "SeatsReservationCancelled",
    ];
    type Entry = SeatTypeEntry;

    fn apply(&mut self, event: &Envelope<ConferenceEvent>) {
        let sequence = event.sequence;
        match &event.message {
            ConferenceEvent::SeatCreated(e) => self.describe(
                sequence,
                SeatDetails {
                    conference_id: &e.conference_id,
                    seat_type: &e.seat_type,
                    name: &e.name,
                    description: &e.description,
                    price: e.price,
                    quantity: e.quantity,
                },
            ),
            ConferenceEvent::SeatUpdated(e) => self.describe(
                sequence,
                SeatDetails {
                    conference_id: &e.conference_id,
                    seat_type: &e.seat_type,
                    name: &e.name,
                    description: &e.description,
                    price: e.price,
                    quantity: e.quantity,
                },
            ),
            ConferenceEvent::AvailableSeatsChanged(e) => {
                self.change_availability(&e.conference_id, sequence, &e.seats)
            }
            ConferenceEvent::SeatsReserved(e) => {
                self.change_availability(&e.conference_id, sequence, &e.available_seats_changed)
            }
            ConferenceEvent::SeatsReservationCancelled(e) => {
                self.change_availability(&e.conference_id, sequence, &e.available_seats_changed)
            }
            _ => {}
        }
    }

    fn entries(&self) -> &Entries<SeatTypeEntry> {
        &self.entries
    }
}

impl SeatTypeReadModel {
    /// The entry of a seat type of `conference_id`, created with nothing known but its
    /// conference. The key is the seat type alone, so the first conference to name a seat type
    /// owns the entry and others' events for it are not counted (`None`).
    fn entry_of(&mut self, conference_id: &str, seat_type: &str) -> Option<&mut SeatTypeEntry> {
        let entry = self.entries.entry(seat_type.into()).or_insert_with(|| {
            Box::new(SeatTypeEntry {
                conference_id: conference_id.into(),
                name: None,
                description: None,
                price: None,
                quantity: None,
                available_quantity: 0,
                availability_version: None,
            })
        });
        (entry.conference_id == conference_id).then_some(&mut **entry)
    }

    fn describe(&mut self, sequence: u64, seat: SeatDetails<'_>) {
        // Taken in only once applied: another conference's seat type of that name is not.
        if !self.management_versions.is_news(seat.seat_type, sequence) {
            return;
        }
        let Some(entry) = self.entry_of(seat.conference_id, seat.seat_type) else {
            return;
        };
        entry.name = Some(seat.name.into());
        entry.description = seat.description.clone();
        entry.price = Some(seat.price);
        entry.quantity = Some(seat.quantity);
        self.management_versions.record(seat.seat_type, sequence);
    }

    /// Applies one availability event, entry by entry: each seat type it names moves by the
    /// event's total for it, unless that entry has already seen this stream position.
    fn change_availability(&mut self, conference_id: &str, sequence: u64, seats: &SeatQuantities) {
        for seat_type in distinct_seat_types(seats) {
            let Some(entry) = self.entry_of(conference_id, seat_type) else {
                continue;
            };
            if !is_news(sequence, entry.availability_version) {
                continue;
            }
            entry.available_quantity = entry
                .available_quantity
                .saturating_add(change_for(seats, seat_type));
            entry.availability_version = Some(sequence);
        }
    }
}

/// The seat types a list names, each once, in the order of first mention.
fn distinct_seat_types(seats: &SeatQuantities) -> Vec<&str> {
    let mut seen: Vec<&str> = Vec::new();
    for seat in seats.iter() {
        if !seen.contains(&seat.seat_type.as_str()) {
            seen.push(&seat.seat_type);
        }
    }
    seen
}

/// The net change a list makes to one seat type (saturating: quantities are data, not trusted).
fn change_for(seats: &SeatQuantities, seat_type: &str) -> i64 {
    seats
        .iter()
        .filter(|s| s.seat_type == seat_type)
        .fold(0i64, |sum, s| sum.saturating_add(s.quantity))
}
