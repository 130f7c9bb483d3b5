//! Seats counted per seat type, without overflow, and written in a domain expert's words.

use litemap::LiteMap;

use crate::kernel::{insert_tight, Text};

use super::super::SeatQuantities;

/// Seats per seat type, in seat-type order. A ledger holds one of these per conference and per
/// reservation, each naming one or two seat types: a flat sorted list, where a `BTreeMap` would
/// allocate a node sized for eleven for every one of them.
pub(super) type Counts = LiteMap<Text, Count>;

/// An `i128` kept in two words aligned as `i64`s: beside its seat type it takes 40 bytes, where
/// an `i128`, aligned to 16, would take 48.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Count {
    low: u64,
    high: i64,
}

impl From<i128> for Count {
    fn from(n: i128) -> Self {
        Count {
            low: n as u64,
            high: (n >> 64) as i64,
        }
    }
}

impl From<Count> for i128 {
    fn from(c: Count) -> Self {
        (i128::from(c.high) << 64) | i128::from(c.low)
    }
}

/// A list of seat quantities summed per seat type (a type may be named twice).
pub(super) fn counts(list: &SeatQuantities) -> Counts {
    let mut counts = Counts::new();
    for s in list.iter() {
        add_one(&mut counts, &s.seat_type, i128::from(s.quantity));
    }
    counts
}

pub(super) fn count(counts: &Counts, seat_type: &str) -> i128 {
    counts.get(seat_type).map_or(0, |&n| i128::from(n))
}

pub(super) fn add(to: &mut Counts, changes: &Counts) {
    for (seat_type, &change) in changes.iter() {
        add_one(to, seat_type, i128::from(change));
    }
}

pub(super) fn add_one(to: &mut Counts, seat_type: &str, change: i128) {
    // Seat types are few and known early: look up before allocating a key.
    match to.get_mut(seat_type) {
        Some(n) => *n = Count::from(i128::from(*n) + change),
        None => {
            insert_tight(to, seat_type.into(), Count::from(change));
        }
    }
}

/// A change of seats with its sign: `+6 seats`, `-1 seat`.
pub(super) fn signed_seats(n: i64) -> String {
    let sign = if n >= 0 { "+" } else { "" };
    match n.unsigned_abs() {
        1 => format!("{sign}{n} seat"),
        _ => format!("{sign}{n} seats"),
    }
}

pub(super) fn n_seats(n: i128) -> String {
    if n == 1 {
        "1 seat".to_string()
    } else {
        format!("{n} seats")
    }
}

/// Seats in the catalog's literal form, `2 full, 1 workshop`.
pub(super) fn listed(counts: &Counts) -> String {
    let parts: Vec<String> = counts
        .iter()
        .map(|(seat_type, &n)| (seat_type, i128::from(n)))
        .filter(|&(_, n)| n != 0)
        .map(|(seat_type, n)| format!("{n} {seat_type}"))
        .collect();
    if parts.is_empty() {
        "no seats".to_string()
    } else {
        parts.join(", ")
    }
}
