//! The `Order` aggregate and its `ConferencePrices` view against the catalog: placing, updating
//! and pricing an order, partial and complete reservations, rejecting, naming the registrant and
//! confirming, every rejection, and, as properties, that replaying the recorded events rebuilds
//! the state and that every total is the sum of its lines.

mod common;

use common::{rejection as rejection_of, seats, t0};
use domain::conference::order::{access_code, Order, OrderState, OrderStatus};
use domain::conference::prices::ConferencePrices;
use domain::conference::*;
use domain::kernel::{
    minutes, Aggregate, Context, Envelope, Instant, Message, MessageId, Money, Rejection, StreamId,
    Text, View,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Building prices, orders and commands

fn money(text: &str) -> Money {
    text.parse().unwrap()
}

fn seat_created(conference_id: &str, seat_type: &str, name: &str, price: &str) -> ConferenceEvent {
    SeatCreated {
        conference_id: conference_id.into(),
        seat_type: seat_type.into(),
        name: name.into(),
        description: None,
        price: money(price),
        quantity: 100,
    }
    .into()
}

fn seat_updated(conference_id: &str, seat_type: &str, name: &str, price: &str) -> ConferenceEvent {
    SeatUpdated {
        conference_id: conference_id.into(),
        seat_type: seat_type.into(),
        name: name.into(),
        description: None,
        price: money(price),
        quantity: 100,
    }
    .into()
}

/// Feeds the view as the kernel does: every recorded event, in log order.
fn prices_from(events: Vec<ConferenceEvent>) -> ConferencePrices {
    let mut prices = ConferencePrices::default();
    for (i, event) in events.into_iter().enumerate() {
        let sequence = i as u64 + 1;
        prices.apply(&Envelope {
            id: MessageId(sequence),
            stream: StreamId::new("Conference", "conf-1"),
            sequence,
            recorded_at: t0(),
            causation_id: None,
            correlation_id: None,
            message: event,
        });
    }
    prices
}

/// conf-1 sells full passes at 199.00 and workshops at 50.00.
fn conf_1_prices() -> ConferencePrices {
    prices_from(vec![
        seat_created("conf-1", "full", "Full pass", "199.00"),
        seat_created("conf-1", "workshop", "Workshop", "50.00"),
    ])
}

fn given(events: &[ConferenceEvent]) -> OrderState {
    common::given::<Order>(events)
}

fn decide_at(
    now: Instant,
    state: &OrderState,
    prices: &ConferencePrices,
    command: impl Into<ConferenceCommand>,
) -> Result<Vec<ConferenceEvent>, Rejection> {
    Order::decide(state, &command.into(), &Context { now, view: prices })
}

fn decide(
    state: &OrderState,
    command: impl Into<ConferenceCommand>,
) -> Result<Vec<ConferenceEvent>, Rejection> {
    decide_at(t0(), state, &conf_1_prices(), command)
}

fn register(
    order_id: &str,
    conference_id: &str,
    wanted: &[(&'static str, i64)],
) -> RegisterToConference {
    RegisterToConference {
        order_id: order_id.into(),
        conference_id: conference_id.into(),
        seats: seats(wanted),
    }
}

fn mark_reserved(reserved: &[(&'static str, i64)]) -> MarkSeatsAsReserved {
    MarkSeatsAsReserved {
        order_id: "order-7".into(),
        seats: seats(reserved),
        expiration: t0() + minutes(15),
    }
}

fn reject_order() -> RejectOrder {
    RejectOrder {
        order_id: "order-7".into(),
    }
}

fn confirm_order() -> ConfirmOrder {
    ConfirmOrder {
        order_id: "order-7".into(),
    }
}

fn assign_registrant() -> AssignRegistrantDetails {
    AssignRegistrantDetails {
        order_id: "order-7".into(),
        first_name: "Ada".into(),
        last_name: "Lovelace".into(),
        email: "ada@example.com".into(),
    }
}

fn placed(wanted: &[(&'static str, i64)]) -> ConferenceEvent {
    OrderPlaced {
        order_id: "order-7".into(),
        conference_id: "conf-1".into(),
        seats: seats(wanted),
        reservation_auto_expiration: t0() + minutes(15),
        access_code: access_code("order-7"),
    }
    .into()
}

fn partially_reserved(reserved: &[(&'static str, i64)]) -> ConferenceEvent {
    OrderPartiallyReserved {
        order_id: "order-7".into(),
        reservation_expiration: t0() + minutes(15),
        seats: seats(reserved),
    }
    .into()
}

fn reservation_completed(reserved: &[(&'static str, i64)]) -> ConferenceEvent {
    OrderReservationCompleted {
        order_id: "order-7".into(),
        reservation_expiration: t0() + minutes(15),
        seats: seats(reserved),
    }
    .into()
}

fn expired() -> ConferenceEvent {
    OrderExpired {
        order_id: "order-7".into(),
    }
    .into()
}

fn confirmed() -> ConferenceEvent {
    OrderConfirmed {
        order_id: "order-7".into(),
    }
    .into()
}

/// An order for three full passes and two workshops, placed and not yet reserved.
fn placed_3_full_2_workshop() -> Vec<ConferenceEvent> {
    vec![placed(&[("full", 3), ("workshop", 2)])]
}

fn line(seat_type: &str, quantity: i64, unit_price: &str, line_total: &str) -> OrderLine {
    OrderLine {
        seat_type: seat_type.into(),
        quantity,
        unit_price: money(unit_price),
        line_total: money(line_total),
    }
}

fn totals(total: &str, lines: Vec<OrderLine>) -> ConferenceEvent {
    OrderTotalsCalculated {
        order_id: "order-7".into(),
        total: money(total),
        lines,
        is_free_of_charge: money(total).is_zero(),
    }
    .into()
}

fn totals_in(events: &[ConferenceEvent]) -> Vec<&OrderTotalsCalculated> {
    events
        .iter()
        .filter_map(|e| match e {
            ConferenceEvent::OrderTotalsCalculated(t) => Some(&**t),
            _ => None,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The prices view

#[test]
fn prices_are_known_per_conference_and_seat_type_from_seat_created() {
    let prices = prices_from(vec![
        seat_created("conf-1", "full", "Full pass", "199.00"),
        seat_created("conf-2", "full", "Full pass", "99.00"),
    ]);
    assert_eq!(prices.price("conf-1", "full"), Some(money("199.00")));
    assert_eq!(prices.price("conf-2", "full"), Some(money("99.00")));
    assert_eq!(prices.name("conf-1", "full"), Some("Full pass"));
    assert_eq!(prices.price("conf-1", "workshop"), None);
    assert_eq!(prices.price("conf-3", "full"), None);
}

#[test]
fn prices_and_names_follow_seat_updated() {
    let prices = prices_from(vec![
        seat_created("conf-1", "full", "Full pass", "199.00"),
        seat_updated("conf-1", "full", "Conference pass", "249.50"),
    ]);
    assert_eq!(prices.price("conf-1", "full"), Some(money("249.50")));
    assert_eq!(prices.name("conf-1", "full"), Some("Conference pass"));
}

#[test]
fn prices_ignore_events_other_than_seat_events() {
    let mut prices = conf_1_prices();
    let before = prices.clone();
    prices.apply(&Envelope {
        id: MessageId(99),
        stream: StreamId::new("Order", "order-7"),
        sequence: 1,
        recorded_at: t0(),
        causation_id: None,
        correlation_id: None,
        message: placed(&[("full", 1)]),
    });
    assert_eq!(prices, before);
}

// ---------------------------------------------------------------------------------------------
// RegisterToConference

#[test]
fn a_new_order_is_placed_held_for_15_minutes_then_priced() {
    let events = decide(
        &OrderState::default(),
        register("order-7", "conf-1", &[("full", 3), ("workshop", 2)]),
    )
    .unwrap();
    assert_eq!(
        events,
        vec![
            placed(&[("full", 3), ("workshop", 2)]),
            totals(
                "697.00",
                vec![
                    line("full", 3, "199.00", "597.00"),
                    line("workshop", 2, "50.00", "100.00"),
                ]
            ),
        ]
    );
}

#[test]
fn the_reservation_expires_15_minutes_after_the_order_is_placed() {
    let now = t0() + minutes(42);
    let events = decide_at(
        now,
        &OrderState::default(),
        &conf_1_prices(),
        register("order-7", "conf-1", &[("full", 1)]),
    )
    .unwrap();
    let ConferenceEvent::OrderPlaced(placed) = &events[0] else {
        panic!("expected OrderPlaced first, got {events:?}");
    };
    assert_eq!(placed.reservation_auto_expiration, now + minutes(15));
}

#[test]
fn lines_are_only_for_positive_quantities_in_seat_order() {
    let prices = prices_from(vec![
        seat_created("conf-1", "full", "Full pass", "199.00"),
        seat_created("conf-1", "workshop", "Workshop", "50.00"),
        seat_created("conf-1", "vip", "VIP", "500.00"),
    ]);
    let events = decide_at(
        t0(),
        &OrderState::default(),
        &prices,
        register(
            "order-7",
            "conf-1",
            &[("workshop", 2), ("vip", 0), ("full", 1), ("vip", -1)],
        ),
    )
    .unwrap();
    assert_eq!(
        events[1],
        totals(
            "299.00",
            vec![
                line("workshop", 2, "50.00", "100.00"),
                line("full", 1, "199.00", "199.00"),
            ]
        )
    );
    // The order records the seats as asked for: the process reserves from them.
    let ConferenceEvent::OrderPlaced(placed) = &events[0] else {
        panic!("expected OrderPlaced first, got {events:?}");
    };
    assert_eq!(
        placed.seats,
        seats(&[("workshop", 2), ("vip", 0), ("full", 1), ("vip", -1)])
    );
}

#[test]
fn an_order_of_zero_priced_seats_is_free_of_charge() {
    let prices = prices_from(vec![seat_created("conf-1", "student", "Student", "0.00")]);
    let events = decide_at(
        t0(),
        &OrderState::default(),
        &prices,
        register("order-7", "conf-1", &[("student", 4)]),
    )
    .unwrap();
    let totals = totals_in(&events);
    assert_eq!(totals.len(), 1);
    assert!(totals[0].total.is_zero());
    assert!(totals[0].is_free_of_charge);
}

#[test]
fn an_order_with_a_price_is_not_free_of_charge() {
    let events = decide(
        &OrderState::default(),
        register("order-7", "conf-1", &[("workshop", 1)]),
    )
    .unwrap();
    assert!(!totals_in(&events)[0].is_free_of_charge);
}

#[test]
fn pricing_uses_the_latest_price_of_the_seat_type() {
    let prices = prices_from(vec![
        seat_created("conf-1", "full", "Full pass", "199.00"),
        seat_updated("conf-1", "full", "Full pass", "149.99"),
    ]);
    let events = decide_at(
        t0(),
        &OrderState::default(),
        &prices,
        register("order-7", "conf-1", &[("full", 2)]),
    )
    .unwrap();
    assert_eq!(
        events[1],
        totals("299.98", vec![line("full", 2, "149.99", "299.98")])
    );
}

#[test]
fn a_seat_type_without_a_price_is_refused() {
    let reason = rejection_of(decide(
        &OrderState::default(),
        register("order-7", "conf-1", &[("full", 1), ("vip", 1)]),
    ));
    assert!(reason.contains("unknown seat type"), "{reason}");
    assert!(reason.contains("vip"), "{reason}");
}

#[test]
fn a_price_of_another_conference_does_not_count() {
    let prices = prices_from(vec![seat_created("conf-2", "full", "Full pass", "99.00")]);
    let reason = rejection_of(decide_at(
        t0(),
        &OrderState::default(),
        &prices,
        register("order-7", "conf-1", &[("full", 1)]),
    ));
    assert!(reason.contains("unknown seat type"), "{reason}");
}

#[test]
fn a_seat_type_without_a_price_is_refused_even_with_no_seats_of_it() {
    let reason = rejection_of(decide(
        &OrderState::default(),
        register("order-7", "conf-1", &[("full", 1), ("vip", 0)]),
    ));
    assert!(reason.contains("unknown seat type"), "{reason}");
}

#[test]
fn an_order_without_a_positive_quantity_is_refused() {
    for wanted in [
        &[][..],
        &[("full", 0)][..],
        &[("full", 0), ("workshop", -2)][..],
    ] {
        let reason = rejection_of(decide(
            &OrderState::default(),
            register("order-7", "conf-1", wanted),
        ));
        assert!(reason.contains("no seats"), "{wanted:?}: {reason}");
    }
}

#[test]
fn registering_again_updates_the_order_and_prices_it_again() {
    let state = given(&[placed(&[("full", 3)])]);
    let events = decide(
        &state,
        register("order-7", "conf-1", &[("full", 1), ("workshop", 1)]),
    )
    .unwrap();
    assert_eq!(
        events,
        vec![
            OrderUpdated {
                order_id: "order-7".into(),
                seats: seats(&[("full", 1), ("workshop", 1)]),
            }
            .into(),
            totals(
                "249.00",
                vec![
                    line("full", 1, "199.00", "199.00"),
                    line("workshop", 1, "50.00", "50.00"),
                ]
            ),
        ]
    );
}

#[test]
fn an_update_keeps_the_order_s_conference() {
    let prices = prices_from(vec![
        seat_created("conf-1", "full", "Full pass", "199.00"),
        seat_created("conf-2", "full", "Full pass", "99.00"),
    ]);
    let state = given(&[placed(&[("full", 3)])]);
    let events = decide_at(
        t0(),
        &state,
        &prices,
        register("order-7", "conf-2", &[("full", 1)]),
    )
    .unwrap();
    assert_eq!(
        events[1],
        totals("199.00", vec![line("full", 1, "199.00", "199.00")])
    );
    assert_eq!(
        given(&[placed(&[("full", 3)]), events[0].clone()]).conference_id,
        "conf-1"
    );
}

#[test]
fn an_update_is_refused_for_the_same_reasons_as_a_new_order() {
    let state = given(&[placed(&[("full", 3)])]);
    let unknown = rejection_of(decide(&state, register("order-7", "conf-1", &[("vip", 1)])));
    assert!(unknown.contains("unknown seat type"), "{unknown}");
    let none = rejection_of(decide(
        &state,
        register("order-7", "conf-1", &[("full", 0)]),
    ));
    assert!(none.contains("no seats"), "{none}");
}

#[test]
fn a_reserved_order_can_still_be_updated() {
    for history in [
        vec![placed(&[("full", 3)]), partially_reserved(&[("full", 2)])],
        vec![
            placed(&[("full", 3)]),
            reservation_completed(&[("full", 3)]),
        ],
    ] {
        let events = decide(
            &given(&history),
            register("order-7", "conf-1", &[("full", 1)]),
        )
        .unwrap();
        assert_eq!(events[0].name(), "OrderUpdated");
        assert_eq!(
            given(&[history, events].concat()).status,
            OrderStatus::PendingReservation
        );
    }
}

#[test]
fn a_confirmed_order_is_not_changed() {
    let state = given(&[placed(&[("full", 3)]), confirmed()]);
    let reason = rejection_of(decide(
        &state,
        register("order-7", "conf-1", &[("full", 1)]),
    ));
    assert!(reason.contains("confirmed"), "{reason}");
}

#[test]
fn an_expired_order_is_not_changed() {
    let state = given(&[placed(&[("full", 3)]), expired()]);
    let reason = rejection_of(decide(
        &state,
        register("order-7", "conf-1", &[("full", 1)]),
    ));
    assert!(reason.contains("expired"), "{reason}");
}

#[test]
fn a_total_beyond_what_money_holds_is_refused_without_panicking() {
    let prices = prices_from(vec![
        seat_created("conf-1", "gold", "Gold", "79228162514264337593543950335"),
        seat_created("conf-1", "full", "Full pass", "199.00"),
    ]);
    let huge_line = decide_at(
        t0(),
        &OrderState::default(),
        &prices,
        register("order-7", "conf-1", &[("gold", 2)]),
    );
    assert!(rejection_of(huge_line).contains("too large"));
    let huge_sum = decide_at(
        t0(),
        &OrderState::default(),
        &prices,
        register("order-7", "conf-1", &[("gold", 1), ("gold", 1)]),
    );
    assert!(rejection_of(huge_sum).contains("too large"));
    let huge_quantity = decide_at(
        t0(),
        &OrderState::default(),
        &prices,
        register("order-7", "conf-1", &[("full", i64::MAX)]),
    )
    .unwrap();
    assert_eq!(
        totals_in(&huge_quantity)[0].total,
        money("199.00").times(i64::MAX)
    );
}

// ---------------------------------------------------------------------------------------------
// The access code

#[test]
fn the_access_code_is_six_characters_of_a_to_z_and_0_to_9() {
    for order_id in [
        "order-7",
        "",
        "a",
        "ördér-∞",
        "a much longer order identifier 123",
    ] {
        let code = access_code(order_id);
        assert_eq!(code.len(), 6, "{order_id}: {code}");
        assert!(
            code.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
            "{order_id}: {code}"
        );
    }
}

#[test]
fn the_access_code_is_derived_from_the_order_id_by_fnv_1a_in_base_36() {
    // Computed independently: FNV-1a 64 of "order-7" is 0xdee47a9f34bede3b; of "a",
    // 0xaf63dc4c8601ec8c; each modulo 36^6, in six base-36 digits.
    assert_eq!(access_code("order-7"), "4TXGE3");
    assert_eq!(access_code("order-1"), "SAXSH9");
    assert_eq!(access_code("a"), "IV4RRG");
    assert_eq!(access_code(""), "J4UX45");
}

#[test]
fn the_placed_order_carries_the_access_code_of_its_id() {
    for order_id in ["order-1", "order-2"] {
        let events = decide(
            &OrderState::default(),
            register(order_id, "conf-1", &[("full", 1)]),
        )
        .unwrap();
        let ConferenceEvent::OrderPlaced(placed) = &events[0] else {
            panic!("expected OrderPlaced first, got {events:?}");
        };
        assert_eq!(placed.access_code, access_code(order_id));
    }
    assert_ne!(access_code("order-1"), access_code("order-2"));
}

// ---------------------------------------------------------------------------------------------
// MarkSeatsAsReserved

#[test]
fn a_reservation_of_every_seat_wanted_completes_the_order() {
    let state = given(&placed_3_full_2_workshop());
    let events = decide(&state, mark_reserved(&[("workshop", 2), ("full", 3)])).unwrap();
    assert_eq!(
        events,
        vec![reservation_completed(&[("workshop", 2), ("full", 3)])]
    );
    assert_eq!(
        given(&[placed_3_full_2_workshop(), events].concat()).status,
        OrderStatus::ReservationCompleted
    );
}

#[test]
fn seat_types_ordered_with_no_seats_need_no_reservation() {
    let state = given(&[placed(&[("full", 3), ("workshop", 0)])]);
    let events = decide(&state, mark_reserved(&[("full", 3)])).unwrap();
    assert_eq!(events, vec![reservation_completed(&[("full", 3)])]);
}

#[test]
fn a_partial_reservation_reprices_the_order_for_the_reserved_seats() {
    let state = given(&placed_3_full_2_workshop());
    let events = decide(&state, mark_reserved(&[("full", 2)])).unwrap();
    assert_eq!(
        events,
        vec![
            partially_reserved(&[("full", 2)]),
            totals("398.00", vec![line("full", 2, "199.00", "398.00")]),
        ]
    );
}

#[test]
fn a_reservation_of_no_seats_at_all_is_partial_and_costs_nothing() {
    let state = given(&placed_3_full_2_workshop());
    let events = decide(&state, mark_reserved(&[])).unwrap();
    assert_eq!(
        events,
        vec![partially_reserved(&[]), totals("0.00", vec![])]
    );
}

#[test]
fn after_a_partial_reservation_the_order_holds_the_reserved_seats() {
    let mut history = placed_3_full_2_workshop();
    history.extend(decide(&given(&history), mark_reserved(&[("full", 2)])).unwrap());
    let state = given(&history);
    assert_eq!(state.status, OrderStatus::PartiallyReserved);
    assert_eq!(state.seats, seats(&[("full", 2)]));
    // So the same reservation, told again, is now the whole order.
    assert_eq!(
        decide(&state, mark_reserved(&[("full", 2)])).unwrap(),
        vec![reservation_completed(&[("full", 2)])]
    );
}

#[test]
fn a_reservation_of_more_seats_than_wanted_is_not_complete() {
    let state = given(&[placed(&[("full", 3)])]);
    let events = decide(&state, mark_reserved(&[("full", 4)])).unwrap();
    assert_eq!(events[0], partially_reserved(&[("full", 4)]));
}

/// The catalog's rule (and the CQRS Journey's `MarkAsReserved`): every seat type the order
/// wants is reserved in exactly its quantity; seats of a type it did not ask for are no
/// shortfall. They made the order partial, priced again at its extra seat type's price.
#[test]
fn a_reservation_that_also_holds_a_seat_type_not_wanted_is_complete() {
    let state = given(&[placed(&[("full", 3)])]);
    let events = decide(&state, mark_reserved(&[("full", 3), ("workshop", 1)])).unwrap();
    assert_eq!(
        events,
        vec![reservation_completed(&[("full", 3), ("workshop", 1)])]
    );
    // Short of a wanted seat type, it is partial whatever else it holds.
    let events = decide(&state, mark_reserved(&[("full", 2), ("workshop", 1)])).unwrap();
    assert_eq!(
        events[0],
        partially_reserved(&[("full", 2), ("workshop", 1)])
    );
}

#[test]
fn marking_seats_of_an_unknown_order_is_refused() {
    let reason = rejection_of(decide(
        &OrderState::default(),
        mark_reserved(&[("full", 1)]),
    ));
    assert!(reason.contains("unknown order"), "{reason}");
}

#[test]
fn a_confirmed_order_s_reservation_is_not_marked() {
    let state = given(&[placed(&[("full", 3)]), confirmed()]);
    let reason = rejection_of(decide(&state, mark_reserved(&[("full", 3)])));
    assert!(reason.contains("confirmed"), "{reason}");
}

#[test]
fn an_expired_order_s_reservation_is_not_marked() {
    let state = given(&[placed(&[("full", 3)]), expired()]);
    let reason = rejection_of(decide(&state, mark_reserved(&[("full", 3)])));
    assert!(reason.contains("expired"), "{reason}");
}

// ---------------------------------------------------------------------------------------------
// RejectOrder

#[test]
fn rejecting_an_order_expires_it() {
    for history in [
        vec![placed(&[("full", 3)])],
        vec![placed(&[("full", 3)]), partially_reserved(&[("full", 1)])],
        vec![
            placed(&[("full", 3)]),
            reservation_completed(&[("full", 3)]),
        ],
    ] {
        let events = decide(&given(&history), reject_order()).unwrap();
        assert_eq!(events, vec![expired()]);
        assert_eq!(
            given(&[history, events].concat()).status,
            OrderStatus::Expired
        );
    }
}

#[test]
fn rejecting_an_unknown_order_records_nothing() {
    assert_eq!(
        decide(&OrderState::default(), reject_order()).unwrap(),
        vec![]
    );
}

#[test]
fn rejecting_an_expired_order_records_nothing() {
    let state = given(&[placed(&[("full", 3)]), expired()]);
    assert_eq!(decide(&state, reject_order()).unwrap(), vec![]);
}

#[test]
fn a_confirmed_order_is_not_rejected() {
    let state = given(&[placed(&[("full", 3)]), confirmed()]);
    let reason = rejection_of(decide(&state, reject_order()));
    assert!(reason.contains("confirmed"), "{reason}");
}

// ---------------------------------------------------------------------------------------------
// AssignRegistrantDetails

#[test]
fn the_registrant_is_named() {
    let state = given(&[placed(&[("full", 3)])]);
    let events = decide(&state, assign_registrant()).unwrap();
    assert_eq!(
        events,
        vec![OrderRegistrantAssigned {
            order_id: "order-7".into(),
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            email: "ada@example.com".into(),
        }
        .into()]
    );
    let after = given(&[vec![placed(&[("full", 3)])], events].concat());
    assert_eq!(
        after.registrant.and_then(|r| r.email),
        Some("ada@example.com".into())
    );
}

#[test]
fn naming_the_registrant_of_an_unknown_order_is_refused() {
    let reason = rejection_of(decide(&OrderState::default(), assign_registrant()));
    assert!(reason.contains("unknown order"), "{reason}");
}

// ---------------------------------------------------------------------------------------------
// ConfirmOrder

#[test]
fn confirming_an_order() {
    let history = vec![
        placed(&[("full", 3)]),
        reservation_completed(&[("full", 3)]),
    ];
    let events = decide(&given(&history), confirm_order()).unwrap();
    assert_eq!(events, vec![confirmed()]);
    assert_eq!(
        given(&[history, events].concat()).status,
        OrderStatus::Confirmed
    );
}

#[test]
fn a_free_order_is_confirmed_without_payment() {
    let prices = prices_from(vec![seat_created("conf-1", "student", "Student", "0.00")]);
    let placing = decide_at(
        t0(),
        &OrderState::default(),
        &prices,
        register("order-7", "conf-1", &[("student", 1)]),
    )
    .unwrap();
    assert!(totals_in(&placing)[0].is_free_of_charge);
    let events = decide_at(t0(), &given(&placing), &prices, confirm_order()).unwrap();
    assert_eq!(events, vec![confirmed()]);
}

#[test]
fn confirming_a_confirmed_order_records_nothing() {
    let state = given(&[placed(&[("full", 3)]), confirmed()]);
    assert_eq!(decide(&state, confirm_order()).unwrap(), vec![]);
}

#[test]
fn confirming_an_unknown_order_is_refused() {
    let reason = rejection_of(decide(&OrderState::default(), confirm_order()));
    assert!(reason.contains("unknown order"), "{reason}");
}

#[test]
fn confirming_an_expired_order_is_refused() {
    let state = given(&[placed(&[("full", 3)]), expired()]);
    let reason = rejection_of(decide(&state, confirm_order()));
    assert!(reason.contains("expired"), "{reason}");
}

// ---------------------------------------------------------------------------------------------
// Routing

#[test]
fn order_commands_and_events_go_to_the_order_s_stream() {
    let commands: Vec<ConferenceCommand> = vec![
        register("order-7", "conf-1", &[("full", 1)]).into(),
        mark_reserved(&[("full", 1)]).into(),
        reject_order().into(),
        assign_registrant().into(),
        confirm_order().into(),
    ];
    for command in &commands {
        assert_eq!(Order::command_stream(command).as_deref(), Some("order-7"));
        assert!(Order::COMMANDS.contains(&command.name()));
    }
    let events = vec![
        placed(&[("full", 1)]),
        totals("0.00", vec![]),
        partially_reserved(&[]),
        reservation_completed(&[]),
        expired(),
        confirmed(),
        OrderUpdated {
            order_id: "order-7".into(),
            seats: seats(&[]),
        }
        .into(),
        OrderRegistrantAssigned {
            order_id: "order-7".into(),
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            email: "ada@example.com".into(),
        }
        .into(),
    ];
    for event in &events {
        assert_eq!(Order::event_stream(event).as_deref(), Some("order-7"));
        assert!(Order::EVENTS.contains(&event.name()));
    }
    assert_eq!(Order::EVENTS.len(), events.len());
}

#[test]
fn other_messages_are_not_the_order_s() {
    let add = ConferenceCommand::from(AddSeats {
        conference_id: "conf-1".into(),
        seat_type: "full".into(),
        quantity: 1,
    });
    assert_eq!(Order::command_stream(&add), None);
    assert!(decide(&OrderState::default(), add).is_err());
    assert_eq!(
        Order::event_stream(&seat_created("conf-1", "full", "Full pass", "1.00")),
        None
    );
}

// ---------------------------------------------------------------------------------------------
// Properties

#[derive(Clone, Debug)]
enum Step {
    /// Conference management prices a seat type (the view learns it between commands).
    Price {
        conference_id: &'static str,
        seat_type: &'static str,
        cents: i64,
    },
    Register {
        conference_id: &'static str,
        seats: Vec<(&'static str, i64)>,
    },
    MarkReserved(Vec<(&'static str, i64)>),
    /// The reservation gets every seat the order wants.
    MarkAllReserved,
    Reject,
    AssignRegistrant,
    Confirm,
    /// The clock moves on.
    Wait(i64),
}

fn seat_type() -> impl Strategy<Value = &'static str> {
    prop_oneof![3 => Just("full"), 3 => Just("workshop"), 1 => Just("vip")]
}

fn quantity() -> impl Strategy<Value = i64> {
    prop_oneof![8 => -2i64..6, 1 => any::<i64>()]
}

fn seat_list() -> impl Strategy<Value = Vec<(&'static str, i64)>> {
    prop::collection::vec((seat_type(), quantity()), 0..4)
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        2 => (
            prop_oneof![Just("conf-1"), Just("conf-2")],
            seat_type(),
            prop_oneof![8 => 0i64..60_000, 1 => any::<i64>()],
        )
            .prop_map(|(conference_id, seat_type, cents)| Step::Price {
                conference_id,
                seat_type,
                cents,
            }),
        3 => (prop_oneof![Just("conf-1"), Just("conf-2")], seat_list())
            .prop_map(|(conference_id, seats)| Step::Register { conference_id, seats }),
        2 => seat_list().prop_map(Step::MarkReserved),
        2 => Just(Step::MarkAllReserved),
        1 => Just(Step::Reject),
        1 => Just(Step::AssignRegistrant),
        1 => Just(Step::Confirm),
        1 => (0i64..30).prop_map(Step::Wait),
    ]
}

/// What a run recorded: the state decided step by step and every event, in order.
struct Run {
    state: OrderState,
    events: Vec<ConferenceEvent>,
}

fn play(steps: &[Step]) -> Run {
    // Priced from the start, so that most runs place an order; `vip` waits for a `Price` step.
    let mut prices = prices_from(vec![
        seat_created("conf-1", "full", "Full pass", "199.00"),
        seat_created("conf-1", "workshop", "Workshop", "50.00"),
        seat_created("conf-2", "full", "Full pass", "99.00"),
    ]);
    let mut now = t0();
    let mut run = Run {
        state: OrderState::default(),
        events: Vec::new(),
    };
    for (i, step) in steps.iter().enumerate() {
        let command: ConferenceCommand = match step {
            Step::Price {
                conference_id,
                seat_type,
                cents,
            } => {
                prices.apply(&Envelope {
                    id: MessageId(i as u64),
                    stream: StreamId::new("Conference", *conference_id),
                    sequence: i as u64 + 1,
                    recorded_at: now,
                    causation_id: None,
                    correlation_id: None,
                    message: SeatUpdated {
                        conference_id: (*conference_id).into(),
                        seat_type: (*seat_type).into(),
                        name: Text::from(seat_type.to_uppercase()),
                        description: None,
                        price: Money::from_cents(*cents),
                        quantity: 10,
                    }
                    .into(),
                });
                continue;
            }
            Step::Wait(n) => {
                now += minutes(*n);
                continue;
            }
            Step::Register {
                conference_id,
                seats: wanted,
            } => register("order-7", conference_id, wanted).into(),
            Step::MarkReserved(reserved) => mark_reserved(reserved).into(),
            Step::MarkAllReserved => MarkSeatsAsReserved {
                seats: run
                    .state
                    .seats
                    .iter()
                    .filter(|s| s.quantity > 0)
                    .cloned()
                    .collect(),
                ..mark_reserved(&[])
            }
            .into(),
            Step::Reject => reject_order().into(),
            Step::AssignRegistrant => assign_registrant().into(),
            Step::Confirm => confirm_order().into(),
        };
        if let Ok(events) = decide_at(now, &run.state, &prices, command) {
            for event in events {
                run.state = Order::evolve(run.state, &event);
                run.events.push(event);
            }
        }
    }
    run
}

/// Events read back from their stored payloads, as an event store would give them.
fn stored(events: &[ConferenceEvent]) -> Vec<ConferenceEvent> {
    events
        .iter()
        .map(|e| ConferenceEvent::from_payload(e.name(), e.payload()).unwrap())
        .collect()
}

/// The order's status after its last status-changing event, as the catalog's `DraftOrder` states
/// name them.
fn status_after(events: &[ConferenceEvent]) -> OrderStatus {
    events
        .iter()
        .rev()
        .find_map(|e| match e {
            ConferenceEvent::OrderPlaced(_) | ConferenceEvent::OrderUpdated(_) => {
                Some(OrderStatus::PendingReservation)
            }
            ConferenceEvent::OrderPartiallyReserved(_) => Some(OrderStatus::PartiallyReserved),
            ConferenceEvent::OrderReservationCompleted(_) => {
                Some(OrderStatus::ReservationCompleted)
            }
            ConferenceEvent::OrderExpired(_) => Some(OrderStatus::Expired),
            ConferenceEvent::OrderConfirmed(_) => Some(OrderStatus::Confirmed),
            _ => None,
        })
        .unwrap_or_default()
}

/// The seats last placed, updated or reserved.
fn seats_after(events: &[ConferenceEvent]) -> SeatQuantities {
    events
        .iter()
        .rev()
        .find_map(|e| match e {
            ConferenceEvent::OrderPlaced(e) => Some(e.seats.clone()),
            ConferenceEvent::OrderUpdated(e) => Some(e.seats.clone()),
            ConferenceEvent::OrderPartiallyReserved(e) => Some(e.seats.clone()),
            ConferenceEvent::OrderReservationCompleted(e) => Some(e.seats.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

proptest! {
    #[test]
    fn replaying_the_recorded_events_rebuilds_the_order(
        steps in prop::collection::vec(step(), 0..40),
        cut in any::<prop::sample::Index>(),
    ) {
        let run = play(&steps);
        let events = stored(&run.events);
        let replayed = events.iter().fold(OrderState::default(), Order::evolve);
        prop_assert_eq!(&replayed, &run.state);
        prop_assert_eq!(replayed.status, status_after(&events));
        prop_assert_eq!(&replayed.seats, &seats_after(&events));

        // From a snapshot taken anywhere in the history, then the events after it.
        let at = cut.index(events.len() + 1);
        let snapshot = events[..at].iter().fold(OrderState::default(), Order::evolve);
        let restored: OrderState =
            serde_json::from_value(serde_json::to_value(&snapshot).unwrap()).unwrap();
        let resumed = events[at..].iter().fold(restored, Order::evolve);
        prop_assert_eq!(&resumed, &run.state);
    }

    #[test]
    fn every_total_is_the_sum_of_its_lines(steps in prop::collection::vec(step(), 0..40)) {
        let run = play(&steps);
        for event in &run.events {
            prop_assert!(Order::EVENTS.contains(&event.name()), "{}", event.name());
            prop_assert_eq!(Order::event_stream(event), Some("order-7".into()));
        }
        for totals in totals_in(&run.events) {
            let sum: Money = totals.lines.iter().map(|l| l.line_total).sum();
            prop_assert_eq!(totals.total, sum);
            prop_assert_eq!(totals.is_free_of_charge, totals.total.is_zero());
            for line in &totals.lines {
                prop_assert!(line.quantity > 0);
                prop_assert_eq!(line.line_total, line.unit_price.times(line.quantity));
            }
        }
    }

    #[test]
    fn a_confirmed_or_expired_order_records_nothing_but_its_registrant(
        steps in prop::collection::vec(step(), 0..40),
    ) {
        let run = play(&steps);
        let mut state = OrderState::default();
        for event in &run.events {
            // Nothing follows a confirmation or an expiry except naming the registrant.
            if matches!(state.status, OrderStatus::Confirmed | OrderStatus::Expired) {
                prop_assert_eq!(event.name(), "OrderRegistrantAssigned");
            }
            if state.status == OrderStatus::NotPlaced {
                prop_assert_eq!(event.name(), "OrderPlaced");
            }
            state = Order::evolve(state, event);
        }
    }
}

/// `now + 15 minutes` panicked with the clock within fifteen minutes of the last instant it
/// holds; the order is refused instead, saying why.
#[test]
fn an_order_placed_too_near_the_clock_s_end_is_refused_without_panicking() {
    let last = Instant::MAX_UTC;
    for now in [last, last - minutes(14)] {
        let reason = rejection_of(decide_at(
            now,
            &OrderState::default(),
            &conf_1_prices(),
            register("order-7", "conf-1", &[("full", 1)]),
        ));
        assert!(
            reason.starts_with("the seats cannot be held for 15 minutes from +262142-12-31T")
                && reason.ends_with("that is past the last instant the clock holds"),
            "{reason}"
        );
    }
    // Fifteen minutes before the end there is just room.
    let events = decide_at(
        last - minutes(15),
        &OrderState::default(),
        &conf_1_prices(),
        register("order-7", "conf-1", &[("full", 1)]),
    )
    .unwrap();
    assert!(
        matches!(&events[0], ConferenceEvent::OrderPlaced(placed)
            if placed.reservation_auto_expiration == last),
        "{events:?}"
    );
}
