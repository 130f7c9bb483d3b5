//! Tests of the invariants and their ledger.

use super::counts::{count, n_seats, Count};
use super::seats::quota_not_carried;
use super::*;
use proptest::prelude::*;

#[test]
fn what_is_found_in_entries_is_told_in_their_keys_order_whatever_the_table_s_order() {
    let mut table: Entries<u32> = Entries::default();
    for (key, n) in [("o-3", 3), ("o-1", 1), ("o-2", 0), ("o-10", 2)] {
        table.insert(key.into(), Box::new(n));
    }
    let found = by_key(table.iter().map(|(k, v)| (k, &**v)), |key, n, found| {
        found.extend((0..*n).map(|i| format!("{key}:{i}")))
    });
    assert_eq!(
        found,
        ["o-1:0", "o-10:0", "o-10:1", "o-3:0", "o-3:1", "o-3:2"]
    );
}

proptest! {
    #[test]
    fn a_count_keeps_every_i128(n in any::<i128>()) {
        prop_assert_eq!(i128::from(Count::from(n)), n);
    }

    #[test]
    fn counts_add_as_i128s_do(a in any::<i64>(), b in any::<i64>(), c in any::<i64>()) {
        let mut counts = Counts::new();
        for change in [a, b, c] {
            add_one(&mut counts, "full", i128::from(change));
        }
        let sum = i128::from(a) + i128::from(b) + i128::from(c);
        prop_assert_eq!(count(&counts, "full"), sum);
        prop_assert_eq!(count(&counts, "workshop"), 0);
    }
}

/// The event `name` with `payload`, recorded at `sequence` of `stream`.
fn recorded(stream: &str, sequence: u64, name: &str, payload: &str) -> Envelope<ConferenceEvent> {
    Envelope {
        id: crate::kernel::MessageId(sequence),
        stream: stream.parse().expect("a stream"),
        sequence,
        recorded_at: "2026-01-05T09:00:00Z".parse().expect("an instant"),
        causation_id: None,
        correlation_id: None,
        message: crate::conference::told::told(name, payload),
    }
}

/// The ledger of `log`, each event given as its stream, position, name and payload.
fn ledger_of(log: &[(&str, u64, &str, &str)]) -> Ledger {
    let mut ledger = Ledger::default();
    for &(stream, sequence, name, payload) in log {
        ledger.observe(&recorded(stream, sequence, name, payload));
    }
    ledger
}

/// An event made with its payload written out, as `ledger_of` takes it.
fn row<'r>(
    (stream, at, name, payload): &'r (&'static str, u64, &'static str, String),
) -> (&'static str, u64, &'static str, &'r str) {
    (stream, *at, name, payload)
}

/// Conference management stating seat type `full` of conf-1 at `quantity` (created or
/// updated).
fn stated(name: &'static str, at: u64, quantity: i64) -> (&'static str, u64, &'static str, String) {
    (
        "Conference/conf-1",
        at,
        name,
        format!(
            r#"{{"conference_id":"conf-1","seat_type":"full","name":"Full","description":null,"price":"199.00","quantity":{quantity}}}"#
        ),
    )
}

/// Availability of conf-1 given `change` seats of `full`.
fn given(at: u64, change: i64) -> (&'static str, u64, &'static str, String) {
    (
        "SeatsAvailability/conf-1",
        at,
        "AvailableSeatsChanged",
        format!(
            r#"{{"conference_id":"conf-1","seats":[{{"seat_type":"full","quantity":{change}}}]}}"#
        ),
    )
}

/// What the ledger of `log` found on the way, and what it finds of conf-1's `full` quota at
/// the end.
fn quota_judged(
    log: &[(&'static str, u64, &'static str, String)],
) -> (Vec<String>, Option<String>) {
    let log: Vec<(&str, u64, &str, &str)> = log
        .iter()
        .map(|(stream, at, name, payload)| (*stream, *at, *name, payload.as_str()))
        .collect();
    let ledger = ledger_of(&log);
    let at_end = ledger
        .seats
        .of("conf-1")
        .and_then(|l| l.quota.get("full"))
        .and_then(|quota| {
            let in_flight = ledger.seats.in_flight("conf-1", "full");
            quota_not_carried("conf-1", "full", quota, in_flight)
        });
    (ledger.found_on_the_way().to_vec(), at_end)
}

#[test]
fn availability_carries_each_stated_quantity_once() {
    let carried = [stated("SeatCreated", 2, 6), given(1, 6)];
    assert_eq!(quota_judged(&carried), (vec![], None));
    // Two changes stated, one carried so far: availability lags, legitimately.
    let lagging = [
        stated("SeatCreated", 2, 6),
        given(1, 6),
        stated("SeatUpdated", 3, 7),
        stated("SeatUpdated", 4, 8),
        given(2, 1),
    ];
    assert_eq!(quota_judged(&lagging), (vec![], None));
    // A statement that leaves the quantity as it was sends nothing.
    let renamed = [
        stated("SeatCreated", 2, 6),
        given(1, 6),
        stated("SeatUpdated", 3, 6),
    ];
    assert_eq!(quota_judged(&renamed), (vec![], None));
}

#[test]
fn availability_given_seats_no_statement_called_for_is_told_where_it_was_given() {
    let repeated = [stated("SeatCreated", 2, 6), given(1, 6), given(2, 6)];
    assert_eq!(
        quota_judged(&repeated),
        (
            vec![
                "conference conf-1: availability was given +6 seats of seat type full that \
                 no change of its quantity called for (conference management stated 6, and \
                 each change of it had been carried already: an AvailableSeatsChanged \
                 repeated?)"
                    .to_string()
            ],
            // Told once, where it happened, not again at the end.
            None
        )
    );
    let renamed_then_given = [
        stated("SeatCreated", 2, 6),
        given(1, 6),
        stated("SeatUpdated", 3, 6),
        given(2, -1),
    ];
    assert_eq!(quota_judged(&renamed_then_given).0.len(), 1);
}

#[test]
fn availability_given_other_than_the_stated_quantity_is_told_once_where_it_was_given() {
    let wrong_amount = |given_as: i64| {
        format!(
            "conference conf-1: availability was given +{given_as} seats of seat type full, but \
             the change of its quantity on its way called for +6 seats (the seat quota policy \
             carries each change as conference management states it)"
        )
    };
    // Told where it was given, not again at the end.
    assert_eq!(
        quota_judged(&[stated("SeatCreated", 2, 6), given(1, 10)]),
        (vec![wrong_amount(10)], None)
    );
    // Amounts that cancel out, so that the end's counts agree: 10 then none for 6 then 10.
    let cancelling = [
        stated("SeatCreated", 2, 6),
        stated("SeatUpdated", 3, 10),
        given(1, 10),
        given(2, 0),
    ];
    assert_eq!(quota_judged(&cancelling), (vec![wrong_amount(10)], None));
    // Carried in another order than stated (two commands to one stream): each amount matches.
    let crossed = [
        stated("SeatCreated", 2, 6),
        stated("SeatUpdated", 3, 10),
        given(1, 4),
        given(2, 6),
    ];
    assert_eq!(quota_judged(&crossed), (vec![], None));
    // Still on its way: nothing to judge yet.
    let on_its_way = [stated("SeatCreated", 2, 6), stated("SeatUpdated", 3, 7)];
    assert_eq!(quota_judged(&on_its_way), (vec![], None));
}

#[test]
fn availability_given_a_seat_type_conference_management_never_created_is_told() {
    let other = (
        "SeatsAvailability/conf-1",
        2,
        "AvailableSeatsChanged",
        r#"{"conference_id":"conf-1","seats":[{"seat_type":"ghost","quantity":-1}]}"#.to_string(),
    );
    assert_eq!(
        quota_judged(&[stated("SeatCreated", 2, 6), given(1, 6), other]).0,
        [
            "conference conf-1: availability was given -1 seat of seat type ghost that no \
          change of its quantity called for (conference management had not created that seat \
          type)"
        ]
    );
}

/// What follows from a lost event is not told: availability given seats after its stream
/// lost the statement that called for them, seats opened for an order whose confirmation
/// was lost. It is counted, and the other conferences and orders are judged as before.
#[test]
fn what_follows_from_a_lost_event_is_counted_not_told() {
    let mut ledger = Ledger::default();
    let feed = |ledger: &mut Ledger, (stream, at, name, payload): (&str, u64, &str, String)| {
        ledger.observe(&recorded(stream, at, name, &payload));
    };

    feed(&mut ledger, stated("SeatCreated", 2, 6));
    feed(&mut ledger, given(1, 6));
    // The SeatUpdated at #3 could not be read: its change reaches availability unstated.
    ledger.lost(&"Conference/conf-1".parse().expect("a stream"));
    feed(&mut ledger, given(2, 1));
    assert!(ledger.found_on_the_way().is_empty(), "{:?}", ledger.found);
    assert_eq!(ledger.untold(), 1);
    assert!(ledger
        .lost
        .named_in("conference conf-1: seats are not conserved"));
    assert!(!ledger
        .lost
        .named_in("conference conf-10: seats are not conserved"));
    // Another order's seats opened unconfirmed are still told.
    let opened = |order: &str| {
        (
            "SeatAssignments/order-2",
            1,
            "SeatAssignmentsCreated",
            format!(r#"{{"order_id":"{order}","seats":[{{"position":0,"seat_type":"full"}}]}}"#),
        )
    };
    let (stream, at, name, payload) = PLACED_IN_CONF_1;
    feed(&mut ledger, (stream, at, name, payload.to_string()));
    feed(&mut ledger, opened("order-2"));
    assert_eq!(ledger.found_on_the_way().len(), 1);
}

/// Totals of order-1 recorded at `at`: 2 `full` at 199.00 a line of 398.00, and `total`.
fn priced(at: u64, total: &str) -> Envelope<ConferenceEvent> {
    recorded(
        "Order/order-1",
        at,
        "OrderTotalsCalculated",
        &format!(
            r#"{{"order_id":"order-1","total":"{total}","is_free_of_charge":false,"lines":[{{"seat_type":"full","quantity":2,"unit_price":"199.00","line_total":"398.00"}}]}}"#
        ),
    )
}

#[test]
fn told_totals_account_for_what_the_priced_order_check_finds_until_later_totals_come() {
    let (stream, at, name, payload) = PLACED_IN_CONF_1;
    let mut ledger = ledger_of(&[(stream, at, name, payload)]);
    let wrong = priced(2, "400.00");
    ledger.observe(&wrong);
    assert!(ledger.retold().is_empty(), "only told totals are retold");
    ledger.told(&wrong);
    assert_eq!(
        ledger.retold(),
        ["priced order order-1 totals 400.00, but its lines add up to 398.00"]
    );
    // Later totals replace what the read model shows, right or wrong.
    ledger.observe(&priced(3, "398.00"));
    assert!(ledger.retold().is_empty());
    // Told totals with nothing for the read model's check to find leave nothing to retell
    // (told for another reason: the order could not be priced then).
    let right = priced(4, "398.00");
    ledger.observe(&right);
    ledger.told(&right);
    assert!(ledger.retold().is_empty());
}

/// A SeatsAvailability event of conf-1 at `at`, seat type `full` only.
fn availability(at: u64, name: &str, payload: &str) -> Envelope<ConferenceEvent> {
    recorded("SeatsAvailability/conf-1", at, name, payload)
}

/// A cancellation of `reservation` giving back `quantity` seats of `full`.
fn cancelled(at: u64, reservation: &str, quantity: i64) -> Envelope<ConferenceEvent> {
    availability(
        at,
        "SeatsReservationCancelled",
        &format!(
            r#"{{"conference_id":"conf-1","reservation_id":"{reservation}","available_seats_changed":[{{"seat_type":"full","quantity":{quantity}}}]}}"#
        ),
    )
}

/// A reservation of `reservation` holding `held` seats of `full`, having taken `taken`.
fn reserved(at: u64, reservation: &str, held: i64, taken: i64) -> Envelope<ConferenceEvent> {
    availability(
        at,
        "SeatsReserved",
        &format!(
            r#"{{"conference_id":"conf-1","reservation_id":"{reservation}","reservation_details":[{{"seat_type":"full","quantity":{held}}}],"available_seats_changed":[{{"seat_type":"full","quantity":{}}}]}}"#,
            -taken
        ),
    )
}

/// The ledger of conf-1 given 10 seats of `full`, then `events`, each told where it was
/// read when `told` says so.
fn seats_after(events: &[(Envelope<ConferenceEvent>, bool)]) -> Ledger {
    let (stream, at, name, payload) = given(1, 10);
    let mut ledger = ledger_of(&[(stream, at, name, &payload)]);
    for (e, told) in events {
        ledger.observe(e);
        if *told {
            ledger.told(e);
        }
    }
    ledger
}

#[test]
fn seats_a_told_cancellation_or_reservation_freed_account_for_the_end_s_counts_off_by_as_many() {
    let not_conserved = |remaining: i128, held: i128| {
        format!(
            "conference conf-1, seat type full: seats are not conserved: 10 seats added (less \
             those removed), but {remaining} remain and {held} seats are held ({held} by \
             pending reservations, 0 by committed ones), {} in all",
            remaining + held
        )
    };
    let not_left = |remaining: i128, held: i128| {
        format!(
            "the SeatType read model shows {remaining} seats of full (conference conf-1) \
             available, but its quantity of 10 less the {held} held by reservations leaves \
             {}",
            10 - held
        )
    };
    // A reservation never made gave back 2 seats: the counts are off by those 2 alone.
    let never_made = seats_after(&[(cancelled(2, "nobody", 2), true)]);
    assert_eq!(never_made.retold(), [not_conserved(12, 0), not_left(12, 0)]);
    // Not told where it was read (the simulator refuses nothing): nothing to retell.
    assert!(seats_after(&[(cancelled(2, "nobody", 2), false)])
        .retold()
        .is_empty());
    // A reservation that held 2 gave back 5: 3 beyond what it held.
    let too_many = seats_after(&[
        (reserved(2, "order-1", 2, 2), false),
        (cancelled(3, "order-1", 5), true),
    ]);
    assert_eq!(too_many.retold(), [not_conserved(13, 0), not_left(13, 0)]);
    // Counts off by more than told: a reservation holding 2 seats it never took. The end's
    // findings are wrong for that reason too, and none is retold.
    let and_a_ghost = seats_after(&[
        (cancelled(2, "nobody", 2), true),
        (reserved(3, "ghost", 2, 0), false),
    ]);
    assert!(and_a_ghost.retold().is_empty());
    // Told where it was read too (its change of the free seats is not what it holds calls
    // for): the two account for all the counts are off by.
    let both_told = seats_after(&[
        (cancelled(2, "nobody", 2), true),
        (reserved(3, "ghost", 2, 0), true),
    ]);
    assert_eq!(both_told.retold(), [not_conserved(12, 2), not_left(12, 2)]);
    // Seats a told cancellation gave back and a later fault took away again leave counts
    // that add up: nothing is found at the end, so nothing is retold.
    let evened = seats_after(&[
        (cancelled(2, "nobody", 2), true),
        (reserved(3, "order-2", 0, 2), false),
    ]);
    assert!(evened.retold().is_empty());
}

/// A reservation of conf-1 taking `taken` seats of each seat type listed.
fn reserved_of(at: u64, reservation: &str, taken: &[(&str, i64)]) -> Envelope<ConferenceEvent> {
    let seats = |sign: i64| {
        let seats: Vec<String> = taken
            .iter()
            .map(|(seat_type, n)| {
                format!(r#"{{"seat_type":"{seat_type}","quantity":{}}}"#, sign * n)
            })
            .collect();
        seats.join(",")
    };
    availability(
        at,
        "SeatsReserved",
        &format!(
            r#"{{"conference_id":"conf-1","reservation_id":"{reservation}","reservation_details":[{}],"available_seats_changed":[{}]}}"#,
            seats(1),
            seats(-1)
        ),
    )
}

#[test]
fn seats_a_told_reservation_took_of_a_seat_type_never_added_are_not_told_again_as_overbooked() {
    let overbooked = |reservation: &str, seat_type: &str, took: i128, before: i128| {
        format!(
            "conference conf-1: reservation {reservation} overbooked seat type {seat_type}: \
             it took {} when {before} remained, leaving {}",
            n_seats(took),
            before - took
        )
    };
    // Told where it was read as taking seats never added: its overbooking only repeats it.
    let ghost = seats_after(&[(reserved_of(2, "r1", &[("ghost", 2)]), true)]);
    assert_eq!(ghost.found_on_the_way(), [overbooked("r1", "ghost", 2, 0)]);
    assert_eq!(ghost.retold(), [overbooked("r1", "ghost", 2, 0)]);
    // Not told where it was read (the simulator refuses nothing): nothing to retell.
    let untold = seats_after(&[(reserved_of(2, "r1", &[("ghost", 2)]), false)]);
    assert_eq!(untold.found_on_the_way(), [overbooked("r1", "ghost", 2, 0)]);
    assert!(untold.retold().is_empty());
    // The same event overbooking a seat type that was added: that is a fault of its own.
    let both = seats_after(&[(reserved_of(2, "r1", &[("full", 12), ("ghost", 2)]), true)]);
    assert_eq!(
        both.found_on_the_way(),
        [
            overbooked("r1", "full", 12, 10),
            overbooked("r1", "ghost", 2, 0)
        ]
    );
    assert_eq!(both.retold(), [overbooked("r1", "ghost", 2, 0)]);
    // Once a reservation took seats of it, SeatsAvailability knows the seat type, with fewer
    // than none remaining: a later reservation's overbooking is not what it was told for.
    let later = seats_after(&[
        (reserved_of(2, "r1", &[("ghost", 2)]), true),
        (reserved_of(3, "r2", &[("ghost", 1)]), true),
    ]);
    assert_eq!(later.retold(), [overbooked("r1", "ghost", 2, 0)]);
    // What a reservation found is kept for its own telling only: a later reservation told
    // where it was read does not retell an earlier one's overbooking.
    let earlier = seats_after(&[
        (reserved_of(2, "r1", &[("ghost", 2)]), false),
        (reserved_of(3, "r2", &[("full", 1)]), true),
    ]);
    assert!(earlier.retold().is_empty());
}

#[test]
fn a_conference_whose_management_never_spoke_is_not_judged_by_its_quotas() {
    // A log of the orders context alone.
    assert_eq!(quota_judged(&[given(1, 6), given(2, 6)]), (vec![], None));
    let given = given(1, 6);
    let alone = ledger_of(&[row(&given)]);
    assert!(alone.never_seen().is_empty());
    assert_eq!(
        alone.not_judged(),
        [
            "the seats availability was given of 1 conference, against the seat types conference \
          management created: the log holds no Conference stream (a log of the orders context \
          alone?)"
        ]
    );
    // One whose log holds another conference's management stream lost this one's.
    let other = stated("SeatCreated", 1, 6);
    let other = (
        other.0.replace("conf-1", "conf-2"),
        other.3.replace("conf-1", "conf-2"),
    );
    let other = (other.0.as_str(), 1, "SeatCreated", other.1.as_str());
    let lost_stream = ledger_of(&[other, row(&given)]);
    assert_eq!(
        lost_stream.never_seen(),
        [
            "conference conf-1: availability was given +6 seats of seat type full, but conference \
          management created no seat type of it in the log, though the log holds conference \
          management's streams: the seat quota policy gives availability seats as conference \
          management creates seat types"
        ]
    );
    assert!(lost_stream.not_judged().is_empty());
}

/// `OrderConfirmed` of order-1, at position `at` of its stream.
fn order_1_confirmed(at: u64) -> (&'static str, u64, &'static str, &'static str) {
    (
        "Order/order-1",
        at,
        "OrderConfirmed",
        r#"{"order_id":"order-1"}"#,
    )
}

/// Order-1's seats marked reserved, at position 2 of its stream.
const MARKED_ORDER_1: (&str, u64, &str, &str) = (
    "Order/order-1",
    2,
    "OrderReservationCompleted",
    r#"{"order_id":"order-1","reservation_expiration":"2026-01-05T09:15:00Z","seats":[{"seat_type":"full","quantity":1}]}"#,
);

/// Conf-1 committing order-1's reservation, at position 2 of its availability.
const COMMITTED_ORDER_1: (&str, u64, &str, &str) = (
    "SeatsAvailability/conf-1",
    2,
    "SeatsReservationCommitted",
    r#"{"conference_id":"conf-1","reservation_id":"order-1"}"#,
);

const PLACED_IN_CONF_1: (&str, u64, &str, &str) = (
    "Order/order-1",
    1,
    "OrderPlaced",
    r#"{"order_id":"order-1","conference_id":"conf-1","seats":[{"seat_type":"full","quantity":1}],"reservation_auto_expiration":"2026-01-05T09:15:00Z","access_code":"ABC123"}"#,
);

fn reserved_in(conference: &'static str) -> (&'static str, u64, &'static str, String) {
    (
        conference,
        1,
        "SeatsReserved",
        format!(
            r#"{{"conference_id":"{}","reservation_id":"order-1","reservation_details":[],"available_seats_changed":[]}}"#,
            conference.trim_start_matches("SeatsAvailability/")
        ),
    )
}

#[test]
fn a_reservation_takes_seats_of_the_conference_its_order_was_placed_for() {
    for (conference, found) in [
        ("SeatsAvailability/conf-1", None),
        (
            "SeatsAvailability/conf-2",
            Some(
                "reservation order-1 took seats of conference conf-2, but order order-1 \
                 was placed for conference conf-1",
            ),
        ),
    ] {
        let (stream, at, name, payload) = reserved_in(conference);
        let ledger = ledger_of(&[PLACED_IN_CONF_1, (stream, at, name, &payload)]);
        assert_eq!(ledger.found_on_the_way().first().map(String::as_str), found);
        assert_eq!(ledger.at_odds.first().map(String::as_str), found);
    }
}

#[test]
fn an_order_s_seats_are_opened_for_assignment_once_it_is_confirmed() {
    let opened = (
        "SeatAssignments/order-1",
        1,
        "SeatAssignmentsCreated",
        r#"{"order_id":"order-1","seats":[{"position":0,"seat_type":"full"}]}"#,
    );
    let confirmed = order_1_confirmed(2);
    let expired = (
        "Order/order-1",
        2,
        "OrderExpired",
        r#"{"order_id":"order-1"}"#,
    );
    assert!(ledger_of(&[PLACED_IN_CONF_1, confirmed, opened])
        .found_on_the_way()
        .is_empty());
    assert_eq!(
        ledger_of(&[PLACED_IN_CONF_1, expired, opened]).found_on_the_way(),
        [
            "the seats of order order-1 were opened for assignment, but it expired (position 2 \
          of its stream) unconfirmed"
        ]
    );
    assert_eq!(
        ledger_of(&[PLACED_IN_CONF_1, opened]).found_on_the_way(),
        ["the seats of order order-1 were opened for assignment, but it had not been confirmed"]
    );
    // Placed elsewhere in the log's orders, not this one: never placed.
    let other = (
        "Order/order-2",
        1,
        "OrderPlaced",
        r#"{"order_id":"order-2","conference_id":"conf-1","seats":[{"seat_type":"full","quantity":1}],"reservation_auto_expiration":"2026-01-05T09:15:00Z","access_code":"ABC123"}"#,
    );
    assert_eq!(
        ledger_of(&[other, opened]).found_on_the_way(),
        ["the seats of order order-1 were opened for assignment, but it had not been placed"]
    );
    // A log with no order's stream at all keeps them elsewhere: not judged.
    assert!(ledger_of(&[opened]).found_on_the_way().is_empty());
}

#[test]
fn an_order_s_assignments_number_the_seats_it_holds() {
    let confirmed = order_1_confirmed(3);
    // Placed for 1 full, then reserved 2 full and 1 vip: those are the seats numbered.
    let reserved = (
        "Order/order-1",
        2,
        "OrderReservationCompleted",
        r#"{"order_id":"order-1","reservation_expiration":"2026-01-05T09:15:00Z","seats":[{"seat_type":"full","quantity":2},{"seat_type":"workshop","quantity":0},{"seat_type":"vip","quantity":1}]}"#,
    );
    let opened = |seats: &[&str]| {
        let seats: Vec<String> = seats
            .iter()
            .enumerate()
            .map(|(i, t)| format!(r#"{{"position":{i},"seat_type":"{t}"}}"#))
            .collect();
        format!(r#"{{"order_id":"order-1","seats":[{}]}}"#, seats.join(","))
    };
    let found = |seats: &[&str]| {
        let opened = opened(seats);
        let at = (
            "SeatAssignments/order-1",
            1,
            "SeatAssignmentsCreated",
            &*opened,
        );
        ledger_of(&[PLACED_IN_CONF_1, reserved, confirmed, at])
            .found_on_the_way()
            .to_vec()
    };
    assert!(found(&["full", "full", "vip"]).is_empty());
    for (seats, told) in [
        (&["vip", "full", "full"][..], "1 vip, 2 full"),
        (&["full", "vip"], "1 full, 1 vip"),
        (&["full", "full", "vip", "vip"], "2 full, 2 vip"),
        (&[], "no seats"),
    ] {
        assert_eq!(
            found(seats),
            [format!(
                "the seats of order order-1 were opened for assignment as {told}, but the order \
                 holds 2 full, 0 workshop, 1 vip (one position a seat, in the order's seat order)"
            )],
            "{seats:?}"
        );
    }
}

#[test]
fn a_count_beside_its_seat_type_takes_five_words() {
    assert_eq!(std::mem::size_of::<(Text, Count)>(), 40);
}

#[test]
fn an_order_s_seats_are_marked_reserved_until_its_placing_held_them() {
    let placed = r#"{"order_id":"o1","conference_id":"conf-1","seats":[{"seat_type":"full","quantity":2}],"reservation_auto_expiration":"2026-01-05T09:15:00Z","access_code":"X"}"#;
    let reserved = |until: &str| {
        format!(
            r#"{{"order_id":"o1","reservation_expiration":"{until}","seats":[{{"seat_type":"full","quantity":2}}]}}"#
        )
    };
    let held = reserved("2026-01-05T09:15:00Z");
    let sound = ledger_of(&[
        ("Order/o1", 1, "OrderPlaced", placed),
        ("Order/o1", 2, "OrderReservationCompleted", &held),
    ]);
    assert!(sound.found_on_the_way().is_empty(), "{:?}", sound.found);
    // An hour off, as an upcaster reading the instant in local time would make it.
    let moved = reserved("2026-01-05T10:15:00Z");
    for kind in ["OrderReservationCompleted", "OrderPartiallyReserved"] {
        let ledger = ledger_of(&[
            ("Order/o1", 1, "OrderPlaced", placed),
            ("Order/o1", 2, kind, &moved),
        ]);
        assert_eq!(
            ledger.found_on_the_way(),
            [
                "order o1's seats were marked reserved (position 2 of its stream) until \
              2026-01-05T10:15:00Z, but it was placed holding them until 2026-01-05T09:15:00Z \
              (the registration process marks them reserved until the order's own expiration)"
            ]
        );
    }
    // A log that never placed the order says nothing of its hold.
    let unplaced = ledger_of(&[("Order/o1", 2, "OrderReservationCompleted", &moved)]);
    assert!(
        unplaced.found_on_the_way().is_empty(),
        "{:?}",
        unplaced.found
    );
}

#[test]
fn an_order_is_placed_for_seat_types_its_conference_created_before() {
    let created = stated("SeatCreated", 2, 6);
    let created = row(&created);
    let in_order = ledger_of(&[created, PLACED_IN_CONF_1]);
    assert!(
        in_order.found_on_the_way().is_empty(),
        "{:?}",
        in_order.found
    );
    // The conference's stream moved after the order's, as a copy that reordered streams has it.
    let moved = ledger_of(&[PLACED_IN_CONF_1, created]);
    let told = "conference conf-1 created its first seat type (full) after order order-1 was \
                placed for it (position 1 of the order's stream): an order is placed only for \
                seat types its conference has created";
    assert_eq!(moved.found_on_the_way(), [told]);
    assert_eq!(moved.at_odds, [told]);
    // A log of the orders context alone: conference management keeps its streams elsewhere,
    // and the report says it did not judge the order against them.
    let alone = ledger_of(&[PLACED_IN_CONF_1]);
    assert!(alone.found_on_the_way().is_empty() && alone.at_odds.is_empty());
    assert!(alone.never_seen().is_empty());
    assert_eq!(
        alone.not_judged(),
        [
            "orders placed for 1 conference, against the seat types conference management \
          created: the log holds no Conference stream (a log of the orders context alone?)"
        ]
    );
    // A log that holds another conference's management stream lost this one's.
    let other = stated("SeatCreated", 1, 6);
    let other = (
        other.0.replace("conf-1", "conf-2"),
        other.3.replace("conf-1", "conf-2"),
    );
    let other = (other.0.as_str(), 1, "SeatCreated", other.1.as_str());
    let lost_stream = ledger_of(&[other, PLACED_IN_CONF_1]);
    assert!(lost_stream.found_on_the_way().is_empty());
    assert_eq!(
        lost_stream.never_seen(),
        [
            "order order-1 was placed (position 1 of its stream) for conference conf-1, whose \
          management created no seat type in the log, though the log holds conference \
          management's streams: an order is placed only for seat types its conference has \
          created"
        ]
    );
    assert!(lost_stream.not_judged().is_empty());
    // What follows from a lost event of the conference is not told.
    let mut lost = Ledger::default();
    lost.lost(&"Conference/conf-1".parse().expect("a stream"));
    for (stream, sequence, name, payload) in [PLACED_IN_CONF_1, created] {
        lost.observe(&recorded(stream, sequence, name, payload));
    }
    assert!(lost.found_on_the_way().is_empty(), "{:?}", lost.found);
}

#[test]
fn availability_given_seats_before_their_seat_type_was_created_is_told_at_the_creation() {
    let (created, given) = (stated("SeatCreated", 1, 6), given(1, 6));
    let (created, given) = (row(&created), row(&given));
    let in_order = ledger_of(&[created, given]);
    assert!(
        in_order.found_on_the_way().is_empty(),
        "{:?}",
        in_order.found
    );
    let moved = ledger_of(&[given, created]);
    assert_eq!(
        moved.found_on_the_way(),
        [
            "conference conf-1 created seat type full after availability was given 6 seats of \
             it (the seat quota policy gives availability a seat type's seats once it is created)"
        ]
    );
    assert_eq!(moved.seats.on_the_way, moved.found_on_the_way());
}

#[test]
fn an_order_s_seats_are_reserved_once_it_is_placed() {
    let reserved = reserved_in("SeatsAvailability/conf-1");
    let reserved = row(&reserved);
    let in_order = ledger_of(&[PLACED_IN_CONF_1, reserved]);
    assert!(
        in_order.found_on_the_way().is_empty(),
        "{:?}",
        in_order.found
    );
    // Another order's stream came first, so the log holds orders' streams.
    let other = PLACED_IN_CONF_1.3.replace("order-1", "order-2");
    let other = ("Order/order-2", 1, "OrderPlaced", other.as_str());
    let moved = ledger_of(&[other, reserved, PLACED_IN_CONF_1]);
    let told = "order order-1 was placed (position 1 of its stream) after conference conf-1 \
                reserved seats for it (position 1 of its availability stream): the registration \
                process asks for an order's seats once it is placed";
    assert_eq!(moved.found_on_the_way(), [told]);
    assert_eq!(moved.at_odds, [told]);
    // Before the log's first order's stream, as after it: the log holds orders' streams.
    let first = ledger_of(&[reserved, PLACED_IN_CONF_1]);
    assert_eq!(first.found_on_the_way(), [told]);
    // A log with no order's stream at all keeps them elsewhere: not judged, and said so.
    let alone = ledger_of(&[reserved]);
    assert!(alone.never_seen().is_empty());
    assert_eq!(
        alone.not_judged(),
        [
            "1 reservation of seats for orders, and the log holds no Order stream to tell whether \
          they were placed (a log of seat availability alone?)"
        ]
    );
    // Never placed: told once the log is read, not on the way (it may be placed later).
    let never = ledger_of(&[other, reserved]);
    assert!(never.found_on_the_way().is_empty(), "{:?}", never.found);
    assert_eq!(
        reserved_never_placed(&never.reserved_unplaced).collect::<Vec<_>>(),
        [
            "conference conf-1 reserved seats for order order-1 (position 1 of its availability \
             stream), but the log never placed that order: the registration process asks for an \
             order's seats once it is placed"
        ]
    );
    assert_eq!(reserved_never_placed(&moved.reserved_unplaced).count(), 0);
    assert_eq!(never.never_seen().len(), 1);
    // Its orders are judged against availability: only their conferences' management is not.
    assert!(!never
        .not_judged()
        .iter()
        .any(|said| said.contains("Order stream")));
}

/// The reservation's round trip keeps its order across streams: an order is marked reserved
/// once availability reserved seats for it, and its reservation committed once it is confirmed.
#[test]
fn an_order_is_marked_reserved_after_its_reservation_and_committed_after_its_confirmation() {
    let reserved = reserved_in("SeatsAvailability/conf-1");
    let reserved = row(&reserved);
    let (marked, committed) = (MARKED_ORDER_1, COMMITTED_ORDER_1);
    let confirmed = order_1_confirmed(3);
    let in_order = ledger_of(&[PLACED_IN_CONF_1, reserved, marked, confirmed, committed]);
    assert!(
        in_order.found_on_the_way().is_empty(),
        "{:?}",
        in_order.found
    );
    let early = ledger_of(&[PLACED_IN_CONF_1, committed, marked, reserved, confirmed]);
    assert_eq!(
        early.found_on_the_way(),
        [
            "conference conf-1 committed the reservation of order order-1 (position 2 of its \
             availability stream), but its stream had not confirmed it: the registration \
             process commits an order's seats once it is confirmed",
            "order order-1's seats were marked reserved (position 2 of its stream) before \
             conference conf-1 reserved any for it: the registration process marks an order's \
             seats reserved once availability has reserved them",
        ]
    );
    assert_eq!(early.at_odds, early.found_on_the_way());
    // A log of the orders context alone keeps availability elsewhere: not judged, said so.
    let alone = ledger_of(&[PLACED_IN_CONF_1, marked]);
    assert!(alone.found_on_the_way().is_empty() && alone.never_seen().is_empty());
    assert!(alone.not_judged().contains(
        &"1 order marked reserved, against availability's reservations: the log holds no \
          SeatsAvailability stream"
            .to_string()
    ));
    // Orders are counted once each, however often they were marked: a count of marks read as
    // more orders than the log held.
    let again = (marked.0, 3, marked.2, marked.3);
    let twice = ledger_of(&[PLACED_IN_CONF_1, marked, again]);
    assert!(twice.not_judged().contains(
        &"1 order marked reserved (2 times in all), against availability's reservations: the \
          log holds no SeatsAvailability stream"
            .to_string()
    ));
    // Marked before the log's first availability stream, which reserves for it later: told
    // once the log is read (the log holds availability's streams after all).
    let before_any = ledger_of(&[PLACED_IN_CONF_1, marked, reserved]);
    assert!(before_any.found_on_the_way().is_empty());
    assert_eq!(
        before_any.never_seen(),
        [
            "order order-1's seats were marked reserved (position 2 of its stream) before \
          conference conf-1 reserved any for it: the registration process marks an order's \
          seats reserved once availability has reserved them"
        ]
    );
    assert!(!before_any
        .not_judged()
        .iter()
        .any(|said| said.contains("SeatsAvailability stream")));
}

/// In a log whose order across streams is not known (a table read stream by stream), which came
/// first is not judged, but what never came at all is, at the end: a commit, an opening for
/// assignment or a mark of seats reserved for an order the log never confirmed or reserved.
/// They were dropped, and a table that lost an order's confirmation verified clean.
#[test]
fn a_log_read_stream_by_stream_is_judged_at_its_end_on_what_never_came() {
    let reserved = reserved_in("SeatsAvailability/conf-1");
    let reserved = row(&reserved);
    let (marked, committed) = (MARKED_ORDER_1, COMMITTED_ORDER_1);
    let confirmed = order_1_confirmed(3);
    let opened = (
        "SeatAssignments/order-1",
        1,
        "SeatAssignmentsCreated",
        r#"{"order_id":"order-1","seats":[{"position":0,"seat_type":"full"}]}"#,
    );
    let unordered = |log: &[(&str, u64, &str, &str)]| {
        let mut ledger = Ledger::default();
        ledger.order_across_streams_unknown();
        for &(stream, sequence, name, payload) in log {
            ledger.observe(&recorded(stream, sequence, name, payload));
        }
        ledger
    };
    // Read by key, whole: nothing is told, and what is not judged is said.
    let whole = unordered(&[
        PLACED_IN_CONF_1,
        marked,
        confirmed,
        opened,
        reserved,
        committed,
    ]);
    assert!(whole.found_on_the_way().is_empty(), "{:?}", whole.found);
    assert_eq!(whole.never_seen(), Vec::<String>::new());
    assert!(whole
        .not_judged()
        .iter()
        .any(|said| said.starts_with("which of two streams' events came first")));
    // Its confirmation lost: the commit and the opening are told at the end.
    let unconfirmed = unordered(&[PLACED_IN_CONF_1, marked, opened, reserved, committed]);
    assert!(unconfirmed.found_on_the_way().is_empty());
    assert_eq!(
        unconfirmed.never_seen(),
        [
            "the seats of order order-1 were opened for assignment, but the log never confirmed \
             it",
            "conference conf-1 committed the reservation of order order-1 (position 2 of its \
             availability stream), but the log never confirmed it: the registration process \
             commits an order's seats once it is confirmed",
        ]
    );
    // Its reservation lost: the mark is told.
    let unreserved = unordered(&[PLACED_IN_CONF_1, marked, confirmed, opened, committed]);
    assert_eq!(
        unreserved.never_seen(),
        [
            "order order-1's seats were marked reserved (position 2 of its stream), but \
             conference conf-1 reserved none for it in the log: the registration process marks \
             an order's seats reserved once availability has reserved them"
        ]
    );
    // Availability read before the order (rows appended without a position, read last): its
    // reservation was still made for it.
    let late_order = unordered(&[
        reserved,
        committed,
        PLACED_IN_CONF_1,
        marked,
        confirmed,
        opened,
    ]);
    assert_eq!(late_order.never_seen(), Vec::<String>::new());
}

/// A conference's sale, as its own stream tells it: created off sale, then as published and
/// unpublished last leave it; a second creation (only a log holds one) changes nothing, and a
/// stream that never created its conference has no sale to follow.
#[test]
fn the_ledger_follows_a_conference_s_sale_from_its_creation_on() {
    let conference = |name: &'static str, at: u64| {
        let payload = match name {
            "ConferenceCreated" => {
                r#"{"conference_id":"conf-1","name":"C","slug":"c","description":null,"location":null,"tagline":null,"start_date":"2026-03-01T09:00:00Z","end_date":"2026-03-02T09:00:00Z","owner_name":null,"owner_email":null}"#
            }
            _ => r#"{"conference_id":"conf-1"}"#,
        };
        ("Conference/conf-1", at, name, payload)
    };
    let on_sale =
        |log: &[(&str, u64, &str, &str)]| ledger_of(log).seats.of("conf-1").and_then(|l| l.on_sale);
    let created = conference("ConferenceCreated", 1);
    let published = conference("ConferencePublished", 2);
    let unpublished = conference("ConferenceUnpublished", 3);
    assert_eq!(on_sale(&[created]), Some(false));
    assert_eq!(on_sale(&[created, published]), Some(true));
    assert_eq!(on_sale(&[created, published, unpublished]), Some(false));
    let again = conference("ConferenceCreated", 3);
    assert_eq!(on_sale(&[created, published, again]), Some(true));
    assert_eq!(on_sale(&[conference("ConferencePublished", 1)]), None);
}

#[test]
fn the_registration_process_gives_an_order_up_only_once_its_reservation_has_run_out() {
    use crate::kernel::MessageId;
    let placed = recorded(
        PLACED_IN_CONF_1.0,
        1,
        PLACED_IN_CONF_1.2,
        PLACED_IN_CONF_1.3,
    );
    // Order-1's expiry recorded at `at`, by a command that `cause` sent in the chain `root`.
    let expired = |at: &str, cause: Option<u64>, root: Option<u64>| {
        let mut e = recorded(
            "Order/order-1",
            2,
            "OrderExpired",
            r#"{"order_id":"order-1"}"#,
        );
        e.recorded_at = at.parse().expect("an instant");
        e.causation_id = cause.map(MessageId);
        e.correlation_id = root.map(MessageId);
        e
    };
    let judged = |expiry: Envelope<ConferenceEvent>| {
        let mut ledger = Ledger::default();
        ledger.observe(&placed);
        ledger.observe(&expiry);
        ledger
    };
    // Bug 6 of the review: the timeout scheduled from the placing (09:00) plus the grace period.
    let early = judged(expired("2026-01-05T09:14:00Z", Some(7), Some(1)));
    let told = "order order-1 was given up by the registration process (OrderExpired, position \
                2 of its stream) at 2026-01-05T09:14:00Z, before its reservation ran out at \
                2026-01-05T09:15:00Z: the process gives an order up only once its reservation \
                has run out (14 minutes after, for an order placed in time)";
    assert_eq!(early.found_on_the_way(), [told]);
    let ended: Vec<&String> = early.orders.values().flat_map(|l| &l.endings).collect();
    assert_eq!(
        ended,
        [told],
        "told again with the order's endings at the end"
    );
    // Given up when the grace period ran out, at the reservation's end (an order heard of too
    // late), or later (a late timeout): sound.
    for at in [
        "2026-01-05T09:29:00Z",
        "2026-01-05T09:15:00Z",
        "2026-01-05T11:00:00Z",
    ] {
        let sound = judged(expired(at, Some(7), Some(1)));
        assert!(
            sound.found_on_the_way().is_empty(),
            "{at}: {:?}",
            sound.found
        );
    }
    // A RejectOrder sent from outside (its own chain's root) may expire an order at any time, and
    // an event that names no chain (a recorded log's) is not judged.
    for (cause, root) in [(Some(7), Some(7)), (None, None)] {
        let outside = judged(expired("2026-01-05T09:01:00Z", cause, root));
        assert!(outside.found_on_the_way().is_empty(), "{:?}", outside.found);
    }
    // An order whose placing the log does not hold has no reservation's end to judge by.
    let mut unplaced = Ledger::default();
    unplaced.observe(&expired("2026-01-05T09:01:00Z", Some(7), Some(1)));
    assert!(unplaced.found_on_the_way().is_empty());
}
