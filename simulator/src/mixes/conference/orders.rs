//! What a conference history's steps ask of its orders, drawn blind to the system's state yet
//! aimed so that most are accepted: each order has a home conference whose seat types it mostly
//! names, low-numbered orders are named most, and seats are assigned at positions an order of a
//! few seats has, to a small pool of attendees. A deliberate minority strays: another
//! conference, a seat type the conference lacks, a position no order has, no email.

use domain::conference::{PersonalInfo, SeatQuantities, SeatQuantity};
use domain::kernel::{format_text, Text};
use proptest::prelude::*;

use super::{CONFERENCE_IDS, LATE_SEAT_TYPES, SEAT_TYPES, SEAT_TYPE_IDS};

/// How many orders a history of at most `max_steps` steps names: `order-1` to `order-5` in one
/// of the default 30, and one more for every six steps past that. Each order then meets about
/// as many commands in a long history as in a short one: a pool of five, at ten thousand steps,
/// had every order expired or confirmed early, and the rest of the history refused.
pub(super) fn orders(max_steps: usize) -> u32 {
    u32::try_from(max_steps / 6).unwrap_or(u32::MAX).max(5)
}

/// An order's number, the smallest of `NEAR` drawn from the pool: the larger `NEAR`, the more
/// the draws gather on a history's first orders. A command that only an order placed or
/// confirmed accepts (confirming, assigning a seat) gathers most, so that those orders meet
/// enough of them, in time, to be confirmed and have their seats given, renamed and taken
/// back, which a uniform draw spread too thin to happen; one an order accepts once (a payment)
/// gathers least. The shape is the same whatever the pool's size, so long histories keep it.
pub(super) fn order_near<const NEAR: usize>(max_steps: usize) -> impl Strategy<Value = u32> {
    proptest::array::uniform::<_, NEAR>(1..=orders(max_steps))
        .prop_map(|draws| draws.into_iter().min().unwrap_or(1))
}

/// The order a registration names: mostly near the first ones, which must be placed before
/// anything else is asked of them, and one time in four any of the pool, so that every order
/// of a long history is placed, and meets as many commands, as in a short one.
pub(super) fn registered(max_steps: usize) -> impl Strategy<Value = u32> {
    prop_oneof![
        3 => order_near::<4>(max_steps),
        1 => 1..=orders(max_steps),
    ]
}

pub(super) fn order_id(number: u32) -> Text {
    format_text!("order-{number}")
}

/// The conference an order registers to, but when it strays: the scene's two in turn, and one
/// order in five (`order-5` first) the late one, which a history must create and give a seat
/// type before it sells: a later order, named less, as it is refused until then.
pub(super) fn home(order: u32) -> &'static str {
    const HOMES: [usize; 5] = [0, 1, 0, 1, 2];
    CONFERENCE_IDS[HOMES[(order as usize + HOMES.len() - 1) % HOMES.len()]]
}

/// Another conference than its home, one time in twelve, for an order's registration or payment:
/// refused for its seat types when the order is new (priced at the other conference), and
/// refused as an update too, which keeps the order's own conference.
pub(super) fn astray() -> impl Strategy<Value = Option<&'static str>> {
    prop_oneof![
        11 => Just(None),
        1 => (0..CONFERENCE_IDS.len()).prop_map(|i| Some(CONFERENCE_IDS[i])),
    ]
}

/// Which seat type an order line names, once its conference is known.
#[derive(Clone, Copy, Debug)]
pub(super) enum SeatPick {
    /// One the scene gave the conference (the late one's, for a conference it gave none).
    Own(usize),
    /// The one a history may give the conference: refused while it is not given.
    Late,
    /// Any seat type a history names, the conference's or not, `ghost` included.
    Any(usize),
}

fn seat_pick() -> impl Strategy<Value = SeatPick> {
    prop_oneof![
        28 => (0..2usize).prop_map(SeatPick::Own),
        1 => Just(SeatPick::Late),
        1 => (0..SEAT_TYPE_IDS.len()).prop_map(SeatPick::Any),
    ]
}

/// A conference's seat type as `pick` chooses it.
fn seat_type_of(conference: &str, pick: SeatPick) -> &'static str {
    let late = LATE_SEAT_TYPES
        .iter()
        .find(|(c, ..)| *c == conference)
        .map(|&(_, seat_type, ..)| seat_type);
    let mut scene = SEAT_TYPES
        .iter()
        .filter(|(c, ..)| *c == conference)
        .map(|&(_, seat_type, ..)| seat_type);
    let any = |i: usize| SEAT_TYPE_IDS[i % SEAT_TYPE_IDS.len()];
    match pick {
        SeatPick::Own(i) => {
            let count = scene.clone().count();
            match count {
                0 => late.unwrap_or_else(|| any(i)),
                n => scene.nth(i % n).unwrap_or_else(|| any(i)),
            }
        }
        SeatPick::Late => late.unwrap_or_else(|| any(0)),
        SeatPick::Any(i) => any(i),
    }
}

/// An order line's seat type and quantity: mostly one or two seats, now and then more, or none
/// (an order of nothing is refused).
pub(super) fn seat_lines() -> impl Strategy<Value = Vec<(SeatPick, i64)>> {
    let quantity = prop_oneof![8 => 1..=2i64, 1 => 3..=4i64, 1 => Just(0i64)];
    proptest::collection::vec((seat_pick(), quantity), 1..=2)
}

/// The seats of `lines` at `conference`.
pub(super) fn seats_at(conference: &str, lines: &[(SeatPick, i64)]) -> SeatQuantities {
    SeatQuantities(
        lines
            .iter()
            .map(|&(pick, quantity)| SeatQuantity::new(seat_type_of(conference, pick), quantity))
            .collect(),
    )
}

/// A seat's position: mostly the first, so that a seat is given again, renamed or taken back
/// after it was given; sometimes one only larger orders have, now and then one past any order's
/// seats (refused).
pub(super) fn position() -> impl Strategy<Value = u32> {
    prop_oneof![8 => Just(0u32), 3 => Just(1), 2 => 2..4u32, 1 => 4..8u32]
}

/// An attendee of a small pool: the same email, whatever its case, under another name is the
/// same attendee renamed (`SeatAssignmentUpdated`); another email takes the seat back and gives
/// it again; no email, or an empty one, is refused.
pub(super) fn attendee() -> impl Strategy<Value = PersonalInfo> {
    (
        prop_oneof![Just("Ada"), Just("Grace")],
        prop_oneof![
            4 => Just(Some("ada@example.com")),
            3 => Just(Some("ADA@example.com")),
            2 => Just(Some("grace@example.com")),
            1 => Just(None),
            1 => Just(Some(""))
        ],
    )
        .prop_map(|(first, email)| PersonalInfo {
            first_name: Some(first.into()),
            last_name: Some("Lovelace".into()),
            email: email.map(Text::from),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An order's own seat types are its home conference's: the late conference's only one for
    /// the late conference, and the scene's two for the others.
    #[test]
    fn an_orders_own_seat_types_are_its_home_conferences() {
        let own = |n: u32| {
            let conference = home(n);
            (0..4)
                .map(|i| seat_type_of(conference, SeatPick::Own(i)))
                .collect::<Vec<_>>()
        };
        assert_eq!(home(1), "conf-1");
        assert_eq!(own(1), ["full", "workshop", "full", "workshop"]);
        assert_eq!(home(2), "conf-2");
        assert_eq!(own(2), ["vip", "speaker", "vip", "speaker"]);
        assert_eq!(home(3), "conf-1");
        assert_eq!(home(5), "conf-3");
        assert_eq!(own(5), ["late-3"; 4]);
        assert_eq!(home(6), "conf-1");
        assert_eq!(seat_type_of("conf-2", SeatPick::Late), "late-2");
    }
}
