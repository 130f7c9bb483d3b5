//! The `Conference` aggregate against the catalog's "Conference management" rules: every command,
//! every rejection, and publication that records nothing when nothing changes.

mod common;

use chrono::{TimeZone, Utc};
use common::{rejection, Decision};
use domain::conference::management::{Conference, ConferenceState};
use domain::conference::*;
use domain::kernel::{Aggregate, Money};

fn given(events: Vec<ConferenceEvent>) -> ConferenceState {
    common::given::<Conference>(&events)
}

fn decide(state: &ConferenceState, command: impl Into<ConferenceCommand>) -> Decision {
    common::decide::<Conference>(state, command)
}

fn create_conference() -> CreateConference {
    CreateConference {
        conference_id: "conf-1".into(),
        name: "RustConf".into(),
        slug: "rustconf".into(),
        description: Some("All about Rust".into()),
        location: Some("Montreal".into()),
        tagline: None,
        start_date: Utc.with_ymd_and_hms(2024, 9, 10, 9, 0, 0).unwrap(),
        end_date: Utc.with_ymd_and_hms(2024, 9, 12, 17, 0, 0).unwrap(),
        owner_name: Some("Ada".into()),
        owner_email: Some("ada@example.com".into()),
    }
}

fn conference_created() -> ConferenceEvent {
    let c = create_conference();
    ConferenceCreated {
        conference_id: c.conference_id,
        name: c.name,
        slug: c.slug,
        description: c.description,
        location: c.location,
        tagline: c.tagline,
        start_date: c.start_date,
        end_date: c.end_date,
        owner_name: c.owner_name,
        owner_email: c.owner_email,
    }
    .into()
}

fn published() -> ConferenceEvent {
    ConferencePublished {
        conference_id: "conf-1".into(),
    }
    .into()
}

fn unpublished() -> ConferenceEvent {
    ConferenceUnpublished {
        conference_id: "conf-1".into(),
    }
    .into()
}

fn publish() -> PublishConference {
    PublishConference {
        conference_id: "conf-1".into(),
    }
}

fn unpublish() -> UnpublishConference {
    UnpublishConference {
        conference_id: "conf-1".into(),
    }
}

fn create_seat(seat_type: &str, cents: i64, quantity: i64) -> CreateSeat {
    CreateSeat {
        conference_id: "conf-1".into(),
        seat_type: seat_type.into(),
        name: format!("{seat_type} pass").into(),
        description: Some("three days".into()),
        price: Money::from_cents(cents),
        quantity,
    }
}

fn seat_created(seat_type: &str, cents: i64, quantity: i64) -> ConferenceEvent {
    let c = create_seat(seat_type, cents, quantity);
    SeatCreated {
        conference_id: c.conference_id,
        seat_type: c.seat_type,
        name: c.name,
        description: c.description,
        price: c.price,
        quantity: c.quantity,
    }
    .into()
}

fn update_seat(seat_type: &str, cents: i64, quantity: i64) -> UpdateSeat {
    UpdateSeat {
        conference_id: "conf-1".into(),
        seat_type: seat_type.into(),
        name: format!("{seat_type} pass, renamed").into(),
        description: None,
        price: Money::from_cents(cents),
        quantity,
    }
}

// ================================================================ conferences

#[test]
fn creating_a_conference_records_it_with_every_field() {
    assert_eq!(
        decide(&given(vec![]), create_conference()),
        Ok(vec![conference_created()])
    );
}

#[test]
fn creating_a_conference_that_exists_is_rejected() {
    let state = given(vec![conference_created()]);
    assert_eq!(
        rejection(decide(&state, create_conference())),
        "conference already exists"
    );
}

#[test]
fn updating_a_conference_records_its_new_details() {
    let state = given(vec![conference_created()]);
    let mut update = UpdateConference {
        conference_id: "conf-1".into(),
        name: "RustConf 2024".into(),
        slug: "rustconf-2024".into(),
        description: None,
        location: Some("Montreal, QC".into()),
        tagline: Some("Fearless".into()),
        start_date: Utc.with_ymd_and_hms(2024, 9, 11, 9, 0, 0).unwrap(),
        end_date: Utc.with_ymd_and_hms(2024, 9, 13, 17, 0, 0).unwrap(),
        owner_name: None,
        owner_email: Some("grace@example.com".into()),
    };
    let expected = ConferenceUpdated {
        conference_id: update.conference_id.clone(),
        name: update.name.clone(),
        slug: update.slug.clone(),
        description: update.description.clone(),
        location: update.location.clone(),
        tagline: update.tagline.clone(),
        start_date: update.start_date,
        end_date: update.end_date,
        owner_name: update.owner_name.clone(),
        owner_email: update.owner_email.clone(),
    };
    assert_eq!(
        decide(&state, update.clone()),
        Ok(vec![expected.clone().into()])
    );
    // A conference can be updated again and again.
    let state = given(vec![conference_created(), expected.into()]);
    update.name = "RustConf 2024, again".into();
    assert!(matches!(
        decide(&state, update).as_deref(),
        Ok([ConferenceEvent::ConferenceUpdated(e)]) if e.name == "RustConf 2024, again"
    ));
}

#[test]
fn updating_an_unknown_conference_is_rejected() {
    let c = create_conference();
    let update = UpdateConference {
        conference_id: c.conference_id,
        name: c.name,
        slug: c.slug,
        description: c.description,
        location: c.location,
        tagline: c.tagline,
        start_date: c.start_date,
        end_date: c.end_date,
        owner_name: c.owner_name,
        owner_email: c.owner_email,
    };
    assert_eq!(
        rejection(decide(&given(vec![]), update)),
        "unknown conference"
    );
}

// ================================================================ publication

#[test]
fn publishing_a_conference_records_that_it_went_on_sale() {
    let state = given(vec![conference_created()]);
    assert_eq!(decide(&state, publish()), Ok(vec![published()]));
}

#[test]
fn publishing_a_published_conference_records_nothing() {
    let state = given(vec![conference_created(), published()]);
    assert_eq!(decide(&state, publish()), Ok(vec![]));
}

#[test]
fn unpublishing_a_published_conference_records_that_it_went_off_sale() {
    let state = given(vec![conference_created(), published()]);
    assert_eq!(decide(&state, unpublish()), Ok(vec![unpublished()]));
}

#[test]
fn unpublishing_an_unpublished_conference_records_nothing() {
    let fresh = given(vec![conference_created()]);
    assert_eq!(decide(&fresh, unpublish()), Ok(vec![]));
    let taken_off_sale = given(vec![conference_created(), published(), unpublished()]);
    assert_eq!(decide(&taken_off_sale, unpublish()), Ok(vec![]));
}

#[test]
fn a_conference_taken_off_sale_can_be_published_again() {
    let state = given(vec![conference_created(), published(), unpublished()]);
    assert_eq!(decide(&state, publish()), Ok(vec![published()]));
}

#[test]
fn publishing_or_unpublishing_an_unknown_conference_is_rejected() {
    assert_eq!(
        rejection(decide(&given(vec![]), publish())),
        "unknown conference"
    );
    assert_eq!(
        rejection(decide(&given(vec![]), unpublish())),
        "unknown conference"
    );
}

// ================================================================ seat types

#[test]
fn creating_a_seat_type_records_it_with_every_field() {
    let state = given(vec![conference_created()]);
    assert_eq!(
        decide(&state, create_seat("full", 19900, 100)),
        Ok(vec![seat_created("full", 19900, 100)])
    );
}

#[test]
fn a_seat_type_may_be_free_and_have_no_seats_yet() {
    let state = given(vec![conference_created()]);
    assert_eq!(
        decide(&state, create_seat("sponsor", 0, 0)),
        Ok(vec![seat_created("sponsor", 0, 0)])
    );
}

#[test]
fn creating_a_seat_type_for_an_unknown_conference_is_rejected() {
    assert_eq!(
        rejection(decide(&given(vec![]), create_seat("full", 19900, 100))),
        "unknown conference"
    );
}

#[test]
fn creating_a_seat_type_that_exists_is_rejected() {
    let state = given(vec![conference_created(), seat_created("full", 19900, 100)]);
    assert!(rejection(decide(&state, create_seat("full", 9900, 10)))
        .contains("seat type already exists"));
    // Another seat type of the same conference is fine.
    assert_eq!(
        decide(&state, create_seat("workshop", 9900, 10)),
        Ok(vec![seat_created("workshop", 9900, 10)])
    );
}

#[test]
fn creating_a_seat_type_with_a_negative_price_is_rejected() {
    let state = given(vec![conference_created()]);
    assert_eq!(
        rejection(decide(&state, create_seat("full", -1, 100))),
        "negative price"
    );
}

#[test]
fn creating_a_seat_type_with_a_negative_quantity_is_rejected() {
    let state = given(vec![conference_created()]);
    assert_eq!(
        rejection(decide(&state, create_seat("full", 19900, -1))),
        "negative quantity"
    );
}

#[test]
fn updating_a_seat_type_records_its_new_details() {
    let state = given(vec![conference_created(), seat_created("full", 19900, 100)]);
    let update = update_seat("full", 24900, 80);
    let expected = SeatUpdated {
        conference_id: update.conference_id.clone(),
        seat_type: update.seat_type.clone(),
        name: update.name.clone(),
        description: update.description.clone(),
        price: update.price,
        quantity: update.quantity,
    };
    assert_eq!(decide(&state, update), Ok(vec![expected.into()]));
}

#[test]
fn updating_an_unknown_seat_type_is_rejected() {
    let state = given(vec![conference_created(), seat_created("full", 19900, 100)]);
    assert!(
        rejection(decide(&state, update_seat("workshop", 9900, 10))).contains("unknown seat type")
    );
}

#[test]
fn updating_a_seat_type_of_an_unknown_conference_is_rejected() {
    assert_eq!(
        rejection(decide(&given(vec![]), update_seat("full", 9900, 10))),
        "unknown conference"
    );
}

#[test]
fn updating_a_seat_type_to_a_negative_price_or_quantity_is_rejected() {
    let state = given(vec![conference_created(), seat_created("full", 19900, 100)]);
    assert_eq!(
        rejection(decide(&state, update_seat("full", -100, 10))),
        "negative price"
    );
    assert_eq!(
        rejection(decide(&state, update_seat("full", 19900, -10))),
        "negative quantity"
    );
}

// ================================================================ the aggregate's frame

#[test]
fn commands_and_events_live_in_the_conference_stream() {
    assert_eq!(
        Conference::command_stream(&create_seat("full", 1, 1).into()).as_deref(),
        Some("conf-1")
    );
    assert_eq!(
        Conference::command_stream(&publish().into()).as_deref(),
        Some("conf-1")
    );
    assert_eq!(
        Conference::event_stream(&seat_created("full", 1, 1)).as_deref(),
        Some("conf-1")
    );
    assert_eq!(
        Conference::event_stream(&unpublished()).as_deref(),
        Some("conf-1")
    );
    let foreign = ConfirmOrder {
        order_id: "order-7".into(),
    };
    assert_eq!(Conference::command_stream(&foreign.clone().into()), None);
    assert_eq!(
        Conference::event_stream(
            &OrderConfirmed {
                order_id: "order-7".into()
            }
            .into()
        ),
        None
    );
    assert!(decide(&given(vec![conference_created()]), foreign).is_err());
}

#[test]
fn every_command_and_event_is_declared() {
    assert_eq!(Conference::NAME, "Conference");
    for name in [
        "CreateConference",
        "UpdateConference",
        "PublishConference",
        "UnpublishConference",
        "CreateSeat",
        "UpdateSeat",
    ] {
        assert!(Conference::COMMANDS.contains(&name), "{name}");
    }
    for name in [
        "ConferenceCreated",
        "ConferenceUpdated",
        "ConferencePublished",
        "ConferenceUnpublished",
        "SeatCreated",
        "SeatUpdated",
    ] {
        assert!(Conference::EVENTS.contains(&name), "{name}");
    }
}

#[test]
fn the_state_survives_a_snapshot() {
    let state = given(vec![
        conference_created(),
        published(),
        seat_created("full", 19900, 100),
    ]);
    let json = serde_json::to_value(&state).unwrap();
    assert_eq!(
        serde_json::from_value::<ConferenceState>(json).unwrap(),
        state
    );
}
