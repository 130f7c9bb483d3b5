//! The conference domain's upcasters: each older stored form of the catalog's table read as the
//! current event, the errors of forms that cannot be read, and the round trip from every current
//! event through every older form it may be stored in.

use domain::conference::upcasters::upcasters;
use domain::conference::*;
use domain::kernel::{Instant, Message, Money, Recorded, Text, UpcastError, Upcasters};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Where and when a stored form was recorded: the conference's upcasters read the payload alone.
const RECORDED: Recorded = Recorded {
    stream: None,
    recorded_at: Instant::UNIX_EPOCH,
};

fn is_current(name: &str) -> bool {
    ConferenceEvent::specs().iter().any(|s| s.name == name)
}

fn upcast(event_type: &str, version: u32, payload: Value) -> Result<(String, Value), UpcastError> {
    upcasters()
        .upcast(event_type, version, payload, &RECORDED, is_current)
        .map(|(name, payload)| (name.to_string(), payload))
}

/// Reads a stored form all the way to a current event.
fn read(event_type: &str, version: u32, payload: Value) -> ConferenceEvent {
    let (name, payload) = upcast(event_type, version, payload).unwrap();
    ConferenceEvent::from_payload(&name, payload).unwrap()
}

fn failure(event_type: &str, version: u32, payload: Value) -> String {
    match upcast(event_type, version, payload) {
        Err(UpcastError::Failed { reason, .. }) => reason,
        other => panic!("expected a failed upcast, got {other:?}"),
    }
}

fn money(text: &str) -> Money {
    text.parse().unwrap()
}

#[test]
fn the_changed_events_are_current_at_version_two_and_the_rest_at_one() {
    let u = upcasters();
    for name in [
        "OrderConfirmed",
        "OrderTotalsCalculated",
        "SeatCreated",
        "SeatUpdated",
    ] {
        assert_eq!(u.current_version(name), 2, "{name}");
    }
    assert_eq!(u.current_version("OrderPlaced"), 1);
    assert_eq!(
        u.stored_forms("OrderConfirmed"),
        [("OrderPaymentConfirmed", 1), ("OrderConfirmed", 2)]
    );
    assert_eq!(
        u.stored_forms("SeatCreated"),
        [("SeatCreated", 1), ("SeatCreated", 2)]
    );
    assert_eq!(
        u.older_names()
            .filter(|n| *n == "OrderPaymentConfirmed")
            .count(),
        1
    );
}

#[test]
fn order_payment_confirmed_reads_as_order_confirmed() {
    assert_eq!(
        read("OrderPaymentConfirmed", 1, json!({"order_id": "order-7"})),
        OrderConfirmed {
            order_id: "order-7".into()
        }
        .into()
    );
}

#[test]
fn an_order_confirmed_is_written_as_order_payment_confirmed_in_version_one() {
    let (name, payload) = upcasters()
        .downcast(
            "OrderConfirmed",
            json!({"order_id": "order-7"}),
            1,
            &RECORDED,
        )
        .unwrap();
    assert_eq!(name, "OrderPaymentConfirmed");
    assert_eq!(payload, json!({"order_id": "order-7"}));
}

#[test]
fn totals_of_version_one_are_free_of_charge_exactly_when_the_total_is_zero() {
    let lines =
        json!([{"seat_type": "full", "quantity": 2, "unit_price": "0.00", "line_total": "0.00"}]);
    for zero in [json!("0.00"), json!(0), json!(0.0), json!("0")] {
        let e = read(
            "OrderTotalsCalculated",
            1,
            json!({"order_id": "order-7", "total": zero, "lines": lines}),
        );
        let ConferenceEvent::OrderTotalsCalculated(t) = e else {
            panic!("not totals: {e:?}")
        };
        assert!(t.is_free_of_charge, "total {zero}");
        assert_eq!(t.total, Money::ZERO);
    }
    for paid in [json!("398.00"), json!(398), json!(0.01), json!("-1.00")] {
        let e = read(
            "OrderTotalsCalculated",
            1,
            json!({"order_id": "order-7", "total": paid, "lines": []}),
        );
        let ConferenceEvent::OrderTotalsCalculated(t) = e else {
            panic!("not totals: {e:?}")
        };
        assert!(!t.is_free_of_charge, "total {paid}");
    }
}

#[test]
fn totals_of_version_one_without_a_readable_total_are_refused() {
    let missing = failure(
        "OrderTotalsCalculated",
        1,
        json!({"order_id": "o", "lines": []}),
    );
    assert!(missing.contains("missing field `total`"), "{missing}");
    let garbled = failure(
        "OrderTotalsCalculated",
        1,
        json!({"order_id": "o", "total": "lots", "lines": []}),
    );
    assert!(
        garbled.contains("`total`") && garbled.contains("amount of money"),
        "{garbled}"
    );
}

#[test]
fn totals_are_written_in_version_one_without_is_free_of_charge() {
    let current = OrderTotalsCalculated {
        order_id: "order-7".into(),
        total: money("0"),
        lines: vec![],
        is_free_of_charge: true,
    };
    let (name, payload) = upcasters()
        .downcast(
            "OrderTotalsCalculated",
            ConferenceEvent::from(current).payload(),
            1,
            &RECORDED,
        )
        .unwrap();
    assert_eq!(name, "OrderTotalsCalculated");
    assert_eq!(
        payload,
        json!({"order_id": "order-7", "total": "0.00", "lines": []})
    );
}

#[test]
fn totals_that_version_one_cannot_express_are_not_written_in_it() {
    let odd = OrderTotalsCalculated {
        order_id: "order-7".into(),
        total: money("10.00"),
        lines: vec![],
        is_free_of_charge: true,
    };
    let err = upcasters()
        .downcast(
            "OrderTotalsCalculated",
            ConferenceEvent::from(odd).payload(),
            1,
            &RECORDED,
        )
        .unwrap_err();
    assert!(
        matches!(&err, UpcastError::Failed { reason, .. } if reason.contains("is_free_of_charge")),
        "{err}"
    );
}

#[test]
fn seat_prices_of_version_one_in_cents_read_as_decimal_prices() {
    for (event_type, cents, price) in [
        ("SeatCreated", json!(19900), "199.00"),
        ("SeatUpdated", json!(1999), "19.99"),
        ("SeatCreated", json!(0), "0.00"),
        ("SeatUpdated", json!(5), "0.05"),
    ] {
        let (name, payload) = upcast(
            event_type,
            1,
            json!({"conference_id": "conf-1", "seat_type": "full", "name": "Full pass",
                   "description": null, "price_cents": cents, "quantity": 100}),
        )
        .unwrap();
        assert_eq!(name, event_type);
        assert_eq!(payload["price"], json!(price), "{event_type} {cents}");
        assert!(payload.get("price_cents").is_none());
        let event = ConferenceEvent::from_payload(&name, payload).unwrap();
        let read_price = match event {
            ConferenceEvent::SeatCreated(s) => s.price,
            ConferenceEvent::SeatUpdated(s) => s.price,
            other => panic!("not a seat event: {other:?}"),
        };
        assert_eq!(read_price, money(price));
    }
}

#[test]
fn a_seat_of_version_one_without_price_cents_is_refused() {
    for event_type in ["SeatCreated", "SeatUpdated"] {
        let reason = failure(
            event_type,
            1,
            json!({"conference_id": "c", "seat_type": "full", "name": "F", "description": null, "quantity": 1}),
        );
        assert!(reason.contains("missing field `price_cents`"), "{reason}");
    }
}

#[test]
fn a_seat_of_version_one_whose_price_cents_is_not_a_whole_number_is_refused() {
    // `4900.0` is whole, but no whole number of cents is written with a decimal point; it was
    // called too large.
    for cents in [
        json!(19.5),
        json!(4900.0),
        json!("19900"),
        json!(null),
        json!(true),
    ] {
        let reason = failure(
            "SeatCreated",
            1,
            json!({"conference_id": "c", "seat_type": "full", "name": "F", "description": null,
                   "price_cents": cents, "quantity": 1}),
        );
        assert!(
            reason.contains("`price_cents`")
                && reason.contains("whole number of cents")
                && !reason.contains("too large"),
            "{cents}: {reason}"
        );
    }
}

#[test]
fn a_seat_of_version_one_whose_price_cents_is_past_64_bits_is_too_large() {
    for cents in [json!(1e30), json!(9223372036854775808u64)] {
        let reason = failure(
            "SeatCreated",
            1,
            json!({"conference_id": "c", "seat_type": "full", "name": "F", "description": null,
                   "price_cents": cents, "quantity": 1}),
        );
        assert!(
            reason.contains("`price_cents` is too large a number of cents"),
            "{cents}: {reason}"
        );
    }
}

#[test]
fn a_version_one_form_that_also_gives_the_field_version_two_derives_is_refused() {
    for event_type in ["SeatCreated", "SeatUpdated"] {
        let reason = failure(
            event_type,
            1,
            json!({"conference_id": "c", "seat_type": "full", "name": "F", "description": null,
                   "price_cents": 100, "price": "5.00", "quantity": 1}),
        );
        assert!(
            reason.contains("version 1 has no `price` (it came with version 2)"),
            "{reason}"
        );
    }
    let reason = failure(
        "OrderTotalsCalculated",
        1,
        json!({"order_id": "o", "lines": [], "total": "0.00", "is_free_of_charge": false}),
    );
    assert!(
        reason.contains("version 1 has no `is_free_of_charge` (it came with version 2)"),
        "{reason}"
    );
}

#[test]
fn a_failed_upcast_names_the_stored_type_and_version() {
    let err = upcast("SeatUpdated", 1, json!({"price_cents": 1.5})).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("`SeatUpdated` version 1"), "{text}");
    assert!(text.contains("price_cents"), "{text}");
}

#[test]
fn a_payload_that_is_not_an_object_is_refused() {
    for (event_type, version) in [
        ("OrderPaymentConfirmed", 1),
        ("OrderTotalsCalculated", 1),
        ("SeatCreated", 1),
    ] {
        let reason = failure(event_type, version, json!([1, 2]));
        assert!(
            reason.contains("expected an object"),
            "{event_type}: {reason}"
        );
    }
}

#[test]
fn a_price_that_is_not_whole_cents_cannot_be_written_in_version_one() {
    for price in ["19.995", "0.001"] {
        let err = upcasters()
            .downcast(
                "SeatCreated",
                json!({"conference_id": "c", "seat_type": "full", "name": "F",
                       "description": null, "price": price, "quantity": 1}),
                1,
                &RECORDED,
            )
            .unwrap_err();
        assert!(
            matches!(&err, UpcastError::Failed { reason, .. } if reason.contains("whole number of cents")),
            "{price}: {err}"
        );
    }
    // Too large for version 1's integer cents, and must not overflow on the way.
    let err = upcasters()
        .downcast(
            "SeatUpdated",
            json!({"conference_id": "c", "seat_type": "full", "name": "F",
                   "description": null, "price": "79228162514264337593543950335", "quantity": 1}),
            1,
            &RECORDED,
        )
        .unwrap_err();
    assert!(matches!(err, UpcastError::Failed { .. }), "{err}");
}

#[test]
fn events_that_never_changed_pass_through_at_version_one() {
    let payload = json!({"order_id": "order-7"});
    assert_eq!(
        upcast("OrderExpired", 1, payload.clone()).unwrap(),
        ("OrderExpired".to_string(), payload)
    );
}

#[test]
fn current_forms_read_as_they_are() {
    let payload = json!({"conference_id": "c", "seat_type": "full", "name": "F",
                         "description": null, "price": "1.00", "quantity": 1});
    assert_eq!(
        upcast("SeatCreated", 2, payload.clone()).unwrap(),
        ("SeatCreated".to_string(), payload)
    );
}

#[test]
fn an_unknown_version_is_an_error_naming_the_known_ones() {
    for (event_type, version, known) in [
        ("SeatCreated", 3, "1, 2"),
        ("OrderConfirmed", 1, "2"),
        ("OrderPaymentConfirmed", 2, "1"),
        ("OrderPlaced", 2, "1"),
    ] {
        let err = upcast(event_type, version, json!({})).unwrap_err();
        assert_eq!(
            err,
            UpcastError::UnknownVersion {
                event_type: event_type.into(),
                version,
                known: known.into(),
            }
        );
    }
}

#[test]
fn an_unknown_type_is_an_error() {
    let err = upcast("OrderPaid", 1, json!({"order_id": "o"})).unwrap_err();
    assert_eq!(
        err,
        UpcastError::UnknownType {
            event_type: "OrderPaid".into(),
            nearest: None,
        }
    );
    // A slip of a known type is told with the type meant, as a misspelt name of a feature
    // file is.
    let known = ["OrderPlaced", "SeatCreated", "OrderPaymentConfirmed"];
    for (slip, meant) in [
        ("SeatCreatd", "SeatCreated"),
        ("seatcreated", "SeatCreated"),
    ] {
        let err = upcast(slip, 1, json!({}))
            .unwrap_err()
            .naming_nearest(known);
        assert_eq!(
            err.to_string(),
            format!("unknown event type `{slip}`; did you mean `{meant}`?")
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Every older stored form reads back as the event it was written from

fn text() -> impl Strategy<Value = String> {
    "[a-z0-9-]{1,12}"
}

fn price() -> impl Strategy<Value = Money> {
    (-1_000_000_000i64..1_000_000_000).prop_map(Money::from_cents)
}

fn seat_details() -> impl Strategy<Value = (String, String, String, Option<String>, Money, i64)> {
    (
        text(),
        text(),
        ".{0,20}",
        prop::option::of(".{0,20}"),
        price(),
        any::<i64>(),
    )
}

fn order_line() -> impl Strategy<Value = OrderLine> {
    (text(), 0i64..1000, 0i64..100_000).prop_map(|(seat_type, quantity, cents)| {
        let unit_price = Money::from_cents(cents);
        OrderLine {
            seat_type: seat_type.into(),
            quantity,
            unit_price,
            line_total: unit_price.times(quantity),
        }
    })
}

/// Current events of the four types with older forms, as the domain records them.
fn changed_event() -> impl Strategy<Value = ConferenceEvent> {
    prop_oneof![
        text().prop_map(|order_id| OrderConfirmed {
            order_id: order_id.into()
        }
        .into()),
        (text(), prop::collection::vec(order_line(), 0..5)).prop_map(|(order_id, lines)| {
            let total: Money = lines.iter().map(|l| l.line_total).sum();
            OrderTotalsCalculated {
                order_id: order_id.into(),
                total,
                is_free_of_charge: total.is_zero(),
                lines,
            }
            .into()
        }),
        seat_details().prop_map(
            |(conference_id, seat_type, name, description, price, quantity)| SeatCreated {
                conference_id: conference_id.into(),
                seat_type: seat_type.into(),
                name: name.into(),
                description: description.map(Text::from),
                price,
                quantity,
            }
            .into()
        ),
        seat_details().prop_map(
            |(conference_id, seat_type, name, description, price, quantity)| SeatUpdated {
                conference_id: conference_id.into(),
                seat_type: seat_type.into(),
                name: name.into(),
                description: description.map(Text::from),
                price,
                quantity,
            }
            .into()
        ),
    ]
}

fn round_trip(u: &Upcasters, event: &ConferenceEvent) -> Result<usize, TestCaseError> {
    let forms = u.stored_forms(event.name());
    prop_assert!(forms.len() >= 2, "{} has no older form", event.name());
    for &(stored_name, version) in &forms {
        let (name, payload) = u
            .downcast(event.name(), event.payload(), version, &RECORDED)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(name, stored_name);
        let (current, payload) = u
            .upcast(name, version, payload, &RECORDED, is_current)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back = ConferenceEvent::from_payload(current, payload)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, event, "through {} v{}", stored_name, version);
    }
    Ok(forms.len())
}

proptest! {
    #[test]
    fn every_older_stored_form_reads_back_as_the_original_event(event in changed_event()) {
        round_trip(&upcasters(), &event)?;
    }
}
