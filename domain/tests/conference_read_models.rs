//! The conference read models (`Conference`, `SeatType`, `DraftOrder`, `PricedOrder`,
//! `OrderSeats`) fed enveloped events by hand: every rule of the catalog's "Read models"
//! section, their version guards, and that delivering an event twice changes nothing.

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use domain::conference::read_models::conference::{ConferenceEntry, ConferenceReadModel};
use domain::conference::read_models::draft_order::DraftOrderReadModel;
use domain::conference::read_models::order_seats::{OrderSeat, OrderSeatsReadModel};
use domain::conference::read_models::priced_order::{PricedOrderLine, PricedOrderReadModel};
use domain::conference::read_models::seat_type::SeatTypeReadModel;
use domain::conference::*;
use domain::kernel::{Described, Envelope, Instant, MessageId, Money, ReadModel, StreamId};
use proptest::prelude::*;
use serde_json::json;

// ---------------------------------------------------------------------------------------------
// Building histories

fn at(minute: u32) -> Instant {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, minute, 0).unwrap()
}

fn money(text: &str) -> Money {
    text.parse().unwrap()
}

/// Events recorded in their streams, each stream numbered from 1.
#[derive(Default)]
struct History {
    envelopes: Vec<Envelope<ConferenceEvent>>,
    positions: BTreeMap<StreamId, u64>,
}

impl History {
    fn record(mut self, kind: &'static str, id: &str, event: impl Into<ConferenceEvent>) -> Self {
        let stream = StreamId::new(kind, id);
        let sequence = self.positions.entry(stream.clone()).or_insert(0);
        *sequence += 1;
        self.envelopes
            .push(envelope(stream, *sequence, event.into()));
        self
    }

    fn conference(self, id: &str, event: impl Into<ConferenceEvent>) -> Self {
        self.record("Conference", id, event)
    }
    fn availability(self, id: &str, event: impl Into<ConferenceEvent>) -> Self {
        self.record("SeatsAvailability", id, event)
    }
    fn order(self, id: &str, event: impl Into<ConferenceEvent>) -> Self {
        self.record("Order", id, event)
    }
    fn assignments(self, id: &str, event: impl Into<ConferenceEvent>) -> Self {
        self.record("SeatAssignments", id, event)
    }

    /// conf-1 creates its full pass: 100 seats at 199.00.
    fn full_pass(self) -> Self {
        self.conference(
            "conf-1",
            seat_created("conf-1", "full", "Full pass", "199.00", 100),
        )
    }

    /// The envelope recorded `n`-th (from 0), to deliver again.
    fn nth(&self, n: usize) -> Envelope<ConferenceEvent> {
        self.envelopes[n].clone()
    }
}

fn envelope(
    stream: StreamId,
    sequence: u64,
    message: ConferenceEvent,
) -> Envelope<ConferenceEvent> {
    Envelope {
        id: MessageId(sequence),
        stream,
        sequence,
        recorded_at: at(0),
        causation_id: None,
        correlation_id: None,
        message,
    }
}

/// An envelope at an explicit position, for the guards.
fn at_position(
    kind: &'static str,
    id: &str,
    sequence: u64,
    event: impl Into<ConferenceEvent>,
) -> Envelope<ConferenceEvent> {
    envelope(StreamId::new(kind, id), sequence, event.into())
}

fn fold<R: ReadModel<ConferenceContext>>(envelopes: &[Envelope<ConferenceEvent>]) -> R {
    let mut model = R::default();
    for e in envelopes {
        model.apply(e);
    }
    model
}

fn entry<R: ReadModel<ConferenceContext>>(model: &R, key: &str) -> R::Entry {
    model
        .entries()
        .get(key)
        .unwrap_or_else(|| panic!("{} has no entry `{key}`", R::NAME))
        .as_ref()
        .clone()
}

fn field_names<D: Described>() -> Vec<&'static str> {
    D::fields().iter().map(|f| f.name).collect()
}

/// Delivering every event twice — at once, or the whole history again afterwards — gives the
/// same entries as delivering each once.
fn assert_duplicates_change_nothing<R: ReadModel<ConferenceContext>>(history: &History) {
    let once: R = fold(&history.envelopes);
    assert!(
        !once.entries().is_empty(),
        "{}: the history builds no entry",
        R::NAME
    );
    let doubled: Vec<_> = history
        .envelopes
        .iter()
        .flat_map(|e| [e.clone(), e.clone()])
        .collect();
    let replayed: Vec<_> = history
        .envelopes
        .iter()
        .chain(history.envelopes.iter())
        .cloned()
        .collect();
    assert_eq!(
        fold::<R>(&doubled).entries(),
        once.entries(),
        "{}: each twice",
        R::NAME
    );
    assert_eq!(
        fold::<R>(&replayed).entries(),
        once.entries(),
        "{}: all again",
        R::NAME
    );
}

// ---------------------------------------------------------------------------------------------
// Events

fn conference_created(id: &str, name: &str) -> ConferenceCreated {
    ConferenceCreated {
        conference_id: id.into(),
        name: name.into(),
        slug: format!("{id}-slug").into(),
        description: Some("Talks about events".into()),
        location: Some("Redmond".into()),
        tagline: Some("All about events".into()),
        start_date: at(30),
        end_date: at(59),
        owner_name: Some("Ada".into()),
        owner_email: Some("ada@example.org".into()),
    }
}

fn conference_updated(id: &str, name: &str) -> ConferenceUpdated {
    let c = conference_created(id, name);
    ConferenceUpdated {
        conference_id: c.conference_id,
        name: c.name,
        slug: format!("{id}-new-slug").into(),
        description: None,
        location: Some("Seattle".into()),
        tagline: c.tagline,
        start_date: at(45),
        end_date: c.end_date,
        owner_name: c.owner_name,
        owner_email: c.owner_email,
    }
}

fn published(id: &str) -> ConferencePublished {
    ConferencePublished {
        conference_id: id.into(),
    }
}

fn unpublished(id: &str) -> ConferenceUnpublished {
    ConferenceUnpublished {
        conference_id: id.into(),
    }
}

fn seat_created(
    conference: &str,
    seat_type: &str,
    name: &str,
    price: &str,
    quantity: i64,
) -> SeatCreated {
    SeatCreated {
        conference_id: conference.into(),
        seat_type: seat_type.into(),
        name: name.into(),
        description: Some(format!("{name} seat").into()),
        price: money(price),
        quantity,
    }
}

fn seat_updated(
    conference: &str,
    seat_type: &str,
    name: &str,
    price: &str,
    quantity: i64,
) -> SeatUpdated {
    SeatUpdated {
        conference_id: conference.into(),
        seat_type: seat_type.into(),
        name: name.into(),
        description: None,
        price: money(price),
        quantity,
    }
}

fn seats(literal: &str) -> SeatQuantities {
    SeatQuantities::parse_literal(literal).unwrap()
}

fn seats_changed(conference: &str, literal: &str) -> AvailableSeatsChanged {
    AvailableSeatsChanged {
        conference_id: conference.into(),
        seats: seats(literal),
    }
}

fn seats_reserved(
    conference: &str,
    reservation: &str,
    details: &str,
    changed: &str,
) -> SeatsReserved {
    SeatsReserved {
        conference_id: conference.into(),
        reservation_id: reservation.into(),
        reservation_details: seats(details),
        available_seats_changed: seats(changed),
    }
}

fn reservation_cancelled(
    conference: &str,
    reservation: &str,
    changed: &str,
) -> SeatsReservationCancelled {
    SeatsReservationCancelled {
        conference_id: conference.into(),
        reservation_id: reservation.into(),
        available_seats_changed: seats(changed),
    }
}

fn order_placed(order: &str, conference: &str, literal: &str) -> OrderPlaced {
    OrderPlaced {
        order_id: order.into(),
        conference_id: conference.into(),
        seats: seats(literal),
        reservation_auto_expiration: at(15),
        access_code: "K3X9QZ".into(),
    }
}

fn order_updated(order: &str, literal: &str) -> OrderUpdated {
    OrderUpdated {
        order_id: order.into(),
        seats: seats(literal),
    }
}

fn partially_reserved(order: &str, literal: &str) -> OrderPartiallyReserved {
    OrderPartiallyReserved {
        order_id: order.into(),
        reservation_expiration: at(20),
        seats: seats(literal),
    }
}

fn reservation_completed(order: &str, literal: &str) -> OrderReservationCompleted {
    OrderReservationCompleted {
        order_id: order.into(),
        reservation_expiration: at(25),
        seats: seats(literal),
    }
}

fn expired(order: &str) -> OrderExpired {
    OrderExpired {
        order_id: order.into(),
    }
}

fn confirmed(order: &str) -> OrderConfirmed {
    OrderConfirmed {
        order_id: order.into(),
    }
}

fn registrant(order: &str, email: &str) -> OrderRegistrantAssigned {
    OrderRegistrantAssigned {
        order_id: order.into(),
        first_name: "Grace".into(),
        last_name: "Hopper".into(),
        email: email.into(),
    }
}

fn line(seat_type: &str, quantity: i64, unit_price: &str) -> OrderLine {
    let unit_price = money(unit_price);
    OrderLine {
        seat_type: seat_type.into(),
        quantity,
        unit_price,
        line_total: unit_price.times(quantity),
    }
}

fn totals(order: &str, lines: Vec<OrderLine>, is_free_of_charge: bool) -> OrderTotalsCalculated {
    OrderTotalsCalculated {
        order_id: order.into(),
        total: lines.iter().map(|l| l.line_total).sum(),
        lines,
        is_free_of_charge,
    }
}

fn assignments_created(order: &str, seat_types: &[&str]) -> SeatAssignmentsCreated {
    SeatAssignmentsCreated {
        order_id: order.into(),
        seats: seat_types
            .iter()
            .enumerate()
            .map(|(i, t)| SeatPosition {
                position: i as u32,
                seat_type: (*t).into(),
            })
            .collect(),
    }
}

fn person(first: &str, email: &str) -> PersonalInfo {
    PersonalInfo {
        first_name: Some(first.into()),
        last_name: Some("Lovelace".into()),
        email: Some(email.into()),
    }
}

fn seat_assigned(order: &str, position: u32, attendee: PersonalInfo) -> SeatAssigned {
    SeatAssigned {
        order_id: order.into(),
        position,
        seat_type: "full".into(),
        attendee,
    }
}

fn assignment_updated(order: &str, position: u32, attendee: PersonalInfo) -> SeatAssignmentUpdated {
    SeatAssignmentUpdated {
        order_id: order.into(),
        position,
        attendee,
    }
}

fn seat_unassigned(order: &str, position: u32) -> SeatUnassigned {
    SeatUnassigned {
        order_id: order.into(),
        position,
    }
}

// ---------------------------------------------------------------------------------------------
// Names and fields: the contract feature files read

#[test]
fn read_models_are_named_as_the_catalog_names_them() {
    assert_eq!(
        <ConferenceReadModel as ReadModel<ConferenceContext>>::NAME,
        "Conference"
    );
    assert_eq!(
        <SeatTypeReadModel as ReadModel<ConferenceContext>>::NAME,
        "SeatType"
    );
    assert_eq!(
        <DraftOrderReadModel as ReadModel<ConferenceContext>>::NAME,
        "DraftOrder"
    );
    assert_eq!(
        <PricedOrderReadModel as ReadModel<ConferenceContext>>::NAME,
        "PricedOrder"
    );
    assert_eq!(
        <OrderSeatsReadModel as ReadModel<ConferenceContext>>::NAME,
        "OrderSeats"
    );
}

#[test]
fn entries_have_exactly_the_catalogs_fields() {
    use domain::conference::read_models::draft_order::DraftOrderEntry;
    use domain::conference::read_models::order_seats::OrderSeatsEntry;
    use domain::conference::read_models::priced_order::PricedOrderEntry;
    use domain::conference::read_models::seat_type::SeatTypeEntry;
    assert_eq!(
        field_names::<ConferenceEntry>(),
        [
            "name",
            "slug",
            "description",
            "location",
            "start_date",
            "is_published"
        ]
    );
    assert_eq!(
        field_names::<SeatTypeEntry>(),
        [
            "conference_id",
            "name",
            "description",
            "price",
            "quantity",
            "available_quantity",
            "availability_version"
        ]
    );
    assert_eq!(
        field_names::<DraftOrderEntry>(),
        [
            "conference_id",
            "state",
            "lines",
            "reservation_expiration",
            "access_code",
            "registrant_email",
            "order_version"
        ]
    );
    assert_eq!(
        field_names::<PricedOrderEntry>(),
        [
            "total",
            "is_free_of_charge",
            "reservation_expiration",
            "lines",
            "order_version"
        ]
    );
    assert_eq!(
        field_names::<PricedOrderLine>(),
        [
            "seat_type",
            "description",
            "quantity",
            "unit_price",
            "line_total"
        ]
    );
    assert_eq!(field_names::<OrderSeatsEntry>(), ["seats"]);
    assert_eq!(
        field_names::<OrderSeat>(),
        ["position", "seat_type", "attendee"]
    );
}

#[test]
fn every_event_a_read_model_folds_is_one_it_subscribes_to() {
    fn subscribed<R: ReadModel<ConferenceContext>>(history: &History) {
        // Only the subscribed events, as the kernel delivers them, build the same entries.
        let delivered: Vec<_> = history
            .envelopes
            .iter()
            .filter(|e| {
                use domain::kernel::Message;
                R::SUBSCRIBES.contains(&e.message.name())
            })
            .cloned()
            .collect();
        let everything: R = fold(&history.envelopes);
        assert_eq!(
            fold::<R>(&delivered).entries(),
            everything.entries(),
            "{}",
            R::NAME
        );
        assert!(!everything.entries().is_empty(), "{}", R::NAME);
    }
    let history = rich_history();
    subscribed::<ConferenceReadModel>(&history);
    subscribed::<SeatTypeReadModel>(&history);
    subscribed::<DraftOrderReadModel>(&history);
    subscribed::<PricedOrderReadModel>(&history);
    subscribed::<OrderSeatsReadModel>(&history);
}

// ---------------------------------------------------------------------------------------------
// Conference

#[test]
fn a_created_conference_shows_its_details_unpublished() {
    let model: ConferenceReadModel = fold(
        &History::default()
            .conference("conf-1", conference_created("conf-1", "EventConf"))
            .envelopes,
    );
    assert_eq!(
        entry(&model, "conf-1"),
        ConferenceEntry {
            name: "EventConf".into(),
            slug: "conf-1-slug".into(),
            description: Some("Talks about events".into()),
            location: Some("Redmond".into()),
            start_date: at(30),
            is_published: false,
        }
    );
    assert_eq!(model.entries().len(), 1);
}

#[test]
fn publishing_and_unpublishing_a_conference_show_whether_it_is_on_sale() {
    let history = History::default()
        .conference("conf-1", conference_created("conf-1", "EventConf"))
        .conference("conf-1", published("conf-1"));
    let model: ConferenceReadModel = fold(&history.envelopes);
    assert!(entry(&model, "conf-1").is_published);

    let history = history.conference("conf-1", unpublished("conf-1"));
    let model: ConferenceReadModel = fold(&history.envelopes);
    assert!(!entry(&model, "conf-1").is_published);
}

#[test]
fn an_updated_conference_shows_its_new_details_and_stays_published() {
    let history = History::default()
        .conference("conf-1", conference_created("conf-1", "EventConf"))
        .conference("conf-1", published("conf-1"))
        .conference("conf-1", conference_updated("conf-1", "EventConf 2026"));
    let model: ConferenceReadModel = fold(&history.envelopes);
    assert_eq!(
        entry(&model, "conf-1"),
        ConferenceEntry {
            name: "EventConf 2026".into(),
            slug: "conf-1-new-slug".into(),
            description: None,
            location: Some("Seattle".into()),
            start_date: at(45),
            is_published: true,
        }
    );
}

#[test]
fn publishing_an_unknown_conference_shows_nothing() {
    let model: ConferenceReadModel = fold(
        &History::default()
            .conference("conf-9", published("conf-9"))
            .envelopes,
    );
    assert!(model.entries().is_empty());
}

#[test]
fn a_late_duplicate_does_not_undo_a_newer_conference_change() {
    let history = History::default()
        .conference("conf-1", conference_created("conf-1", "EventConf"))
        .conference("conf-1", published("conf-1"))
        .conference("conf-1", conference_updated("conf-1", "EventConf 2026"))
        .conference("conf-1", unpublished("conf-1"));
    let mut model: ConferenceReadModel = fold(&history.envelopes);
    model.apply(&history.nth(0));
    model.apply(&history.nth(1));
    let c = entry(&model, "conf-1");
    assert_eq!(c.name, "EventConf 2026");
    assert!(!c.is_published);
}

#[test]
fn conferences_are_kept_apart() {
    let history = History::default()
        .conference("conf-1", conference_created("conf-1", "EventConf"))
        .conference("conf-2", conference_created("conf-2", "StreamConf"))
        .conference("conf-2", published("conf-2"));
    let model: ConferenceReadModel = fold(&history.envelopes);
    assert_eq!(entry(&model, "conf-1").name, "EventConf");
    assert!(!entry(&model, "conf-1").is_published);
    assert_eq!(entry(&model, "conf-2").name, "StreamConf");
    assert!(entry(&model, "conf-2").is_published);
}

#[test]
fn conference_duplicates_change_nothing() {
    assert_duplicates_change_nothing::<ConferenceReadModel>(&rich_history());
}

// ---------------------------------------------------------------------------------------------
// SeatType

#[test]
fn a_created_seat_type_shows_its_details_and_no_seats_available_yet() {
    let model: SeatTypeReadModel = fold(&History::default().full_pass().envelopes);
    let s = entry(&model, "full");
    assert_eq!(s.conference_id, "conf-1");
    assert_eq!(s.name.as_deref(), Some("Full pass"));
    assert_eq!(s.description.as_deref(), Some("Full pass seat"));
    assert_eq!(s.price, Some(money("199")));
    assert_eq!(s.quantity, Some(100));
    assert_eq!(s.available_quantity, 0);
    assert_eq!(s.availability_version, None);
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["availability_version"], json!(null));
    assert_eq!(json["price"], json!("199.00"));
}

#[test]
fn an_updated_seat_type_shows_its_new_details_and_keeps_its_availability() {
    let history = History::default()
        .full_pass()
        .availability("conf-1", seats_changed("conf-1", "100 full"))
        .conference(
            "conf-1",
            seat_updated("conf-1", "full", "Full conference", "249.50", 120),
        );
    let s = entry(&fold::<SeatTypeReadModel>(&history.envelopes), "full");
    assert_eq!(s.name.as_deref(), Some("Full conference"));
    assert_eq!(s.description, None);
    assert_eq!(s.price, Some(money("249.50")));
    assert_eq!(s.quantity, Some(120));
    assert_eq!(s.available_quantity, 100);
    assert_eq!(s.availability_version, Some(1));
}

#[test]
fn available_quantity_follows_changes_reservations_and_cancellations() {
    let history = History::default()
        .full_pass()
        .conference(
            "conf-1",
            seat_created("conf-1", "workshop", "Workshop", "50.00", 20),
        )
        .availability("conf-1", seats_changed("conf-1", "100 full"))
        .availability("conf-1", seats_changed("conf-1", "20 workshop"));
    let model: SeatTypeReadModel = fold(&history.envelopes);
    assert_eq!(entry(&model, "full").available_quantity, 100);
    assert_eq!(entry(&model, "workshop").available_quantity, 20);

    // What is reserved is the availability change, not the reservation's details.
    let history = history.availability(
        "conf-1",
        seats_reserved(
            "conf-1",
            "order-1",
            "5 full, 2 workshop",
            "-3 full, -2 workshop",
        ),
    );
    let model: SeatTypeReadModel = fold(&history.envelopes);
    assert_eq!(entry(&model, "full").available_quantity, 97);
    assert_eq!(entry(&model, "full").availability_version, Some(3));
    assert_eq!(entry(&model, "workshop").available_quantity, 18);

    let history = history
        .availability(
            "conf-1",
            reservation_cancelled("conf-1", "order-1", "3 full"),
        )
        .availability("conf-1", seats_changed("conf-1", "-10 workshop"));
    let model: SeatTypeReadModel = fold(&history.envelopes);
    assert_eq!(entry(&model, "full").available_quantity, 100);
    assert_eq!(entry(&model, "full").availability_version, Some(4));
    assert_eq!(entry(&model, "workshop").available_quantity, 8);
    assert_eq!(entry(&model, "workshop").availability_version, Some(5));
}

#[test]
fn a_seat_type_named_twice_in_one_availability_event_moves_by_the_sum() {
    let model: SeatTypeReadModel = fold(
        &History::default()
            .availability("conf-1", seats_changed("conf-1", "10 full, -3 full"))
            .envelopes,
    );
    assert_eq!(entry(&model, "full").available_quantity, 7);
    assert_eq!(entry(&model, "full").availability_version, Some(1));
}

#[test]
fn available_quantity_may_go_negative_after_seats_are_removed() {
    let history = History::default()
        .availability("conf-1", seats_changed("conf-1", "5 full"))
        .availability(
            "conf-1",
            seats_reserved("conf-1", "order-1", "5 full", "-5 full"),
        )
        .availability("conf-1", seats_changed("conf-1", "-2 full"));
    assert_eq!(
        entry(&fold::<SeatTypeReadModel>(&history.envelopes), "full").available_quantity,
        -2
    );
}

#[test]
fn an_availability_event_not_newer_than_the_entrys_availability_version_is_ignored() {
    let mut model: SeatTypeReadModel = fold(&[
        at_position(
            "SeatsAvailability",
            "conf-1",
            1,
            seats_changed("conf-1", "10 full"),
        ),
        at_position(
            "SeatsAvailability",
            "conf-1",
            4,
            seats_changed("conf-1", "5 full"),
        ),
    ]);
    assert_eq!(entry(&model, "full").available_quantity, 15);
    assert_eq!(entry(&model, "full").availability_version, Some(4));

    model.apply(&at_position(
        "SeatsAvailability",
        "conf-1",
        3,
        seats_changed("conf-1", "7 full"),
    ));
    model.apply(&at_position(
        "SeatsAvailability",
        "conf-1",
        4,
        seats_changed("conf-1", "7 full"),
    ));
    model.apply(&at_position(
        "SeatsAvailability",
        "conf-1",
        2,
        reservation_cancelled("conf-1", "order-1", "7 full"),
    ));
    assert_eq!(entry(&model, "full").available_quantity, 15);
    assert_eq!(entry(&model, "full").availability_version, Some(4));

    model.apply(&at_position(
        "SeatsAvailability",
        "conf-1",
        5,
        seats_reserved("conf-1", "order-1", "1 full", "-1 full"),
    ));
    assert_eq!(entry(&model, "full").available_quantity, 14);
    assert_eq!(entry(&model, "full").availability_version, Some(5));
}

#[test]
fn the_availability_guard_is_per_entry() {
    let mut model: SeatTypeReadModel = fold(&[
        at_position(
            "SeatsAvailability",
            "conf-1",
            1,
            seats_changed("conf-1", "10 workshop"),
        ),
        at_position(
            "SeatsAvailability",
            "conf-1",
            3,
            seats_changed("conf-1", "100 full"),
        ),
    ]);
    // Position 2 is old news for `full` (at 3) but new for `workshop` (at 1).
    model.apply(&at_position(
        "SeatsAvailability",
        "conf-1",
        2,
        seats_changed("conf-1", "-1 full, -1 workshop"),
    ));
    assert_eq!(entry(&model, "full").available_quantity, 100);
    assert_eq!(entry(&model, "full").availability_version, Some(3));
    assert_eq!(entry(&model, "workshop").available_quantity, 9);
    assert_eq!(entry(&model, "workshop").availability_version, Some(2));
}

#[test]
fn an_availability_event_for_an_unknown_seat_type_creates_its_entry_with_unknown_fields_null() {
    let history = History::default().availability("conf-1", seats_changed("conf-1", "30 vip"));
    let model: SeatTypeReadModel = fold(&history.envelopes);
    let s = entry(&model, "vip");
    assert_eq!(s.available_quantity, 30);
    assert_eq!(s.availability_version, Some(1));
    assert_eq!(s.conference_id, "conf-1");
    let json = serde_json::to_value(&s).unwrap();
    for unknown in ["name", "description", "price", "quantity"] {
        assert_eq!(json[unknown], json!(null), "{unknown}");
    }

    // Conference management fills in the rest later, leaving availability alone.
    let history = history.conference("conf-1", seat_created("conf-1", "vip", "VIP", "999.00", 30));
    let s = entry(&fold::<SeatTypeReadModel>(&history.envelopes), "vip");
    assert_eq!(s.name.as_deref(), Some("VIP"));
    assert_eq!(s.price, Some(money("999")));
    assert_eq!(s.available_quantity, 30);
    assert_eq!(s.availability_version, Some(1));
}

#[test]
fn a_seat_types_entry_counts_only_its_own_conferences_events() {
    let history = History::default()
        .full_pass()
        .availability("conf-1", seats_changed("conf-1", "100 full"))
        .conference(
            "conf-2",
            seat_created("conf-2", "full", "Other pass", "1.00", 5),
        )
        .availability("conf-2", seats_changed("conf-2", "5 full"))
        .availability("conf-2", seats_changed("conf-2", "5 full"));
    let s = entry(&fold::<SeatTypeReadModel>(&history.envelopes), "full");
    assert_eq!(s.conference_id, "conf-1");
    assert_eq!(s.name.as_deref(), Some("Full pass"));
    assert_eq!(s.available_quantity, 100);
    assert_eq!(s.availability_version, Some(1));
}

#[test]
fn a_late_duplicate_seat_created_does_not_undo_a_seat_update() {
    let history = History::default().full_pass().conference(
        "conf-1",
        seat_updated("conf-1", "full", "Full conference", "249.00", 120),
    );
    let mut model: SeatTypeReadModel = fold(&history.envelopes);
    model.apply(&history.nth(0));
    let s = entry(&model, "full");
    assert_eq!(s.name.as_deref(), Some("Full conference"));
    assert_eq!(s.quantity, Some(120));
}

#[test]
fn seat_type_duplicates_change_nothing() {
    assert_duplicates_change_nothing::<SeatTypeReadModel>(&rich_history());
}

// ---------------------------------------------------------------------------------------------
// DraftOrder

#[test]
fn a_placed_order_is_pending_reservation_with_its_seats() {
    let model: DraftOrderReadModel = fold(
        &History::default()
            .order(
                "order-1",
                order_placed("order-1", "conf-1", "3 full, 2 workshop"),
            )
            .envelopes,
    );
    let o = entry(&model, "order-1");
    assert_eq!(o.conference_id, "conf-1");
    assert_eq!(o.state, "PendingReservation");
    assert_eq!(o.lines, seats("3 full, 2 workshop"));
    assert_eq!(o.reservation_expiration, None);
    assert_eq!(o.access_code, "K3X9QZ");
    assert_eq!(o.registrant_email, None);
    assert_eq!(o.order_version, 1);
    let json = serde_json::to_value(&o).unwrap();
    assert_eq!(json["reservation_expiration"], json!(null));
    assert_eq!(json["registrant_email"], json!(null));
    assert_eq!(
        json["lines"],
        json!([{"seat_type": "full", "quantity": 3}, {"seat_type": "workshop", "quantity": 2}])
    );
}

#[test]
fn a_partially_reserved_order_shows_the_seats_it_got_and_until_when() {
    let history = History::default()
        .order(
            "order-1",
            order_placed("order-1", "conf-1", "3 full, 2 workshop"),
        )
        .order(
            "order-1",
            partially_reserved("order-1", "1 full, 2 workshop"),
        );
    let o = entry(&fold::<DraftOrderReadModel>(&history.envelopes), "order-1");
    assert_eq!(o.state, "PartiallyReserved");
    assert_eq!(o.lines, seats("1 full, 2 workshop"));
    assert_eq!(o.reservation_expiration, Some(at(20)));
    assert_eq!(o.order_version, 2);
}

#[test]
fn a_completed_reservation_shows_the_reserved_seats_and_until_when() {
    let history = History::default()
        .order("order-1", order_placed("order-1", "conf-1", "3 full"))
        .order("order-1", reservation_completed("order-1", "3 full"));
    let o = entry(&fold::<DraftOrderReadModel>(&history.envelopes), "order-1");
    assert_eq!(o.state, "ReservationCompleted");
    assert_eq!(o.lines, seats("3 full"));
    assert_eq!(o.reservation_expiration, Some(at(25)));
}

#[test]
fn an_updated_order_is_pending_reservation_again_with_its_new_seats() {
    let history = History::default()
        .order("order-1", order_placed("order-1", "conf-1", "3 full"))
        .order("order-1", reservation_completed("order-1", "3 full"))
        .order("order-1", order_updated("order-1", "1 full, 4 workshop"));
    let o = entry(&fold::<DraftOrderReadModel>(&history.envelopes), "order-1");
    assert_eq!(o.state, "PendingReservation");
    assert_eq!(o.lines, seats("1 full, 4 workshop"));
    assert_eq!(o.order_version, 3);
}

#[test]
fn an_expired_order_is_rejected_and_a_confirmed_one_confirmed() {
    let placed = History::default().order("order-1", order_placed("order-1", "conf-1", "3 full"));
    let rejected = placed.order("order-1", expired("order-1"));
    assert_eq!(
        entry(&fold::<DraftOrderReadModel>(&rejected.envelopes), "order-1").state,
        "Rejected"
    );

    let confirmed = History::default()
        .order("order-1", order_placed("order-1", "conf-1", "3 full"))
        .order("order-1", reservation_completed("order-1", "3 full"))
        .order("order-1", confirmed("order-1"));
    let o = entry(
        &fold::<DraftOrderReadModel>(&confirmed.envelopes),
        "order-1",
    );
    assert_eq!(o.state, "Confirmed");
    assert_eq!(o.lines, seats("3 full"));
    assert_eq!(o.reservation_expiration, Some(at(25)));
}

#[test]
fn a_registrant_gives_the_order_its_email() {
    let history = History::default()
        .order("order-1", order_placed("order-1", "conf-1", "3 full"))
        .order("order-1", registrant("order-1", "grace@example.org"));
    let o = entry(&fold::<DraftOrderReadModel>(&history.envelopes), "order-1");
    assert_eq!(o.registrant_email.as_deref(), Some("grace@example.org"));
    assert_eq!(o.state, "PendingReservation");
}

#[test]
fn an_order_event_not_newer_than_order_version_is_ignored() {
    let mut model: DraftOrderReadModel = fold(&[
        at_position(
            "Order",
            "order-1",
            1,
            order_placed("order-1", "conf-1", "3 full"),
        ),
        at_position(
            "Order",
            "order-1",
            4,
            reservation_completed("order-1", "3 full"),
        ),
    ]);
    model.apply(&at_position(
        "Order",
        "order-1",
        3,
        order_updated("order-1", "9 full"),
    ));
    model.apply(&at_position("Order", "order-1", 4, expired("order-1")));
    model.apply(&at_position(
        "Order",
        "order-1",
        2,
        registrant("order-1", "late@example.org"),
    ));
    model.apply(&at_position(
        "Order",
        "order-1",
        1,
        order_placed("order-1", "conf-2", "1 full"),
    ));
    let o = entry(&model, "order-1");
    assert_eq!(o.state, "ReservationCompleted");
    assert_eq!(o.lines, seats("3 full"));
    assert_eq!(o.conference_id, "conf-1");
    assert_eq!(o.registrant_email, None);
    assert_eq!(o.order_version, 4);

    model.apply(&at_position("Order", "order-1", 5, confirmed("order-1")));
    assert_eq!(entry(&model, "order-1").state, "Confirmed");
    assert_eq!(entry(&model, "order-1").order_version, 5);
}

#[test]
fn events_of_an_order_never_placed_show_nothing() {
    let history = History::default()
        .order("order-9", order_updated("order-9", "1 full"))
        .order("order-9", confirmed("order-9"))
        .order("order-9", registrant("order-9", "x@example.org"));
    assert!(fold::<DraftOrderReadModel>(&history.envelopes)
        .entries()
        .is_empty());
}

#[test]
fn draft_order_duplicates_change_nothing() {
    assert_duplicates_change_nothing::<DraftOrderReadModel>(&rich_history());
}

// ---------------------------------------------------------------------------------------------
// PricedOrder

fn named_seats() -> History {
    History::default().full_pass().conference(
        "conf-1",
        seat_created("conf-1", "workshop", "Workshop", "50.00", 20),
    )
}

#[test]
fn a_placed_order_is_priced_once_its_totals_are_known() {
    let history = named_seats().order("order-1", order_placed("order-1", "conf-1", "2 full"));
    let o = entry(&fold::<PricedOrderReadModel>(&history.envelopes), "order-1");
    assert_eq!(o.total, None);
    assert_eq!(o.is_free_of_charge, None);
    assert_eq!(o.reservation_expiration, Some(at(15)));
    assert!(o.lines.is_empty());
    assert_eq!(o.order_version, 1);
    let json = serde_json::to_value(&o).unwrap();
    assert_eq!(json["total"], json!(null));
    assert_eq!(json["is_free_of_charge"], json!(null));
}

#[test]
fn calculated_totals_replace_the_lines_and_total_describing_each_line_by_its_seat_name() {
    let history = named_seats()
        .order(
            "order-1",
            order_placed("order-1", "conf-1", "2 full, 1 workshop, 1 mystery"),
        )
        .order(
            "order-1",
            totals("order-1", vec![line("full", 5, "1.00")], false),
        )
        .order(
            "order-1",
            totals(
                "order-1",
                vec![
                    line("full", 2, "199.00"),
                    line("workshop", 1, "50.00"),
                    line("mystery", 1, "0.00"),
                ],
                false,
            ),
        );
    let o = entry(&fold::<PricedOrderReadModel>(&history.envelopes), "order-1");
    assert_eq!(o.total, Some(money("448.00")));
    assert_eq!(o.is_free_of_charge, Some(false));
    assert_eq!(o.order_version, 3);
    assert_eq!(
        o.lines,
        vec![
            PricedOrderLine {
                seat_type: "full".into(),
                description: Some("Full pass".into()),
                quantity: 2,
                unit_price: money("199.00"),
                line_total: money("398.00"),
            },
            PricedOrderLine {
                seat_type: "workshop".into(),
                description: Some("Workshop".into()),
                quantity: 1,
                unit_price: money("50.00"),
                line_total: money("50.00"),
            },
            PricedOrderLine {
                seat_type: "mystery".into(),
                description: None,
                quantity: 1,
                unit_price: money("0.00"),
                line_total: money("0.00"),
            },
        ]
    );
}

#[test]
fn is_free_of_charge_is_copied_from_the_event_not_recomputed() {
    let free = named_seats()
        .order("order-1", order_placed("order-1", "conf-1", "1 full"))
        .order(
            "order-1",
            totals("order-1", vec![line("full", 1, "0.00")], true),
        );
    assert_eq!(
        entry(&fold::<PricedOrderReadModel>(&free.envelopes), "order-1").is_free_of_charge,
        Some(true)
    );

    let odd = named_seats()
        .order("order-1", order_placed("order-1", "conf-1", "1 full"))
        .order(
            "order-1",
            totals("order-1", vec![line("full", 1, "0.00")], false),
        );
    assert_eq!(
        entry(&fold::<PricedOrderReadModel>(&odd.envelopes), "order-1").is_free_of_charge,
        Some(false)
    );
}

#[test]
fn a_lines_description_is_the_seat_name_when_the_totals_were_calculated() {
    let history = named_seats()
        .order("order-1", order_placed("order-1", "conf-1", "1 full"))
        .order(
            "order-1",
            totals("order-1", vec![line("full", 1, "199.00")], false),
        )
        .conference(
            "conf-1",
            seat_updated("conf-1", "full", "Full conference", "199.00", 100),
        );
    let model: PricedOrderReadModel = fold(&history.envelopes);
    assert_eq!(
        entry(&model, "order-1").lines[0].description.as_deref(),
        Some("Full pass")
    );

    let history = history.order(
        "order-1",
        totals("order-1", vec![line("full", 2, "199.00")], false),
    );
    let model: PricedOrderReadModel = fold(&history.envelopes);
    assert_eq!(
        entry(&model, "order-1").lines[0].description.as_deref(),
        Some("Full conference")
    );
}

#[test]
fn seat_names_are_taken_from_the_orders_own_conference() {
    let history = named_seats()
        .conference(
            "conf-2",
            seat_created("conf-2", "full", "Other pass", "1.00", 5),
        )
        .order("order-1", order_placed("order-1", "conf-1", "1 full"))
        .order(
            "order-1",
            totals("order-1", vec![line("full", 1, "199.00")], false),
        )
        .order("order-2", order_placed("order-2", "conf-2", "1 full"))
        .order(
            "order-2",
            totals("order-2", vec![line("full", 1, "1.00")], false),
        );
    let model: PricedOrderReadModel = fold(&history.envelopes);
    assert_eq!(
        entry(&model, "order-1").lines[0].description.as_deref(),
        Some("Full pass")
    );
    assert_eq!(
        entry(&model, "order-2").lines[0].description.as_deref(),
        Some("Other pass")
    );
}

#[test]
fn a_late_duplicate_seat_created_does_not_rename_the_cached_seat_back() {
    let history = named_seats()
        .conference(
            "conf-1",
            seat_updated("conf-1", "full", "Full conference", "199.00", 100),
        )
        .order("order-1", order_placed("order-1", "conf-1", "1 full"));
    let mut model: PricedOrderReadModel = fold(&history.envelopes);
    model.apply(&history.nth(0));
    model.apply(&at_position(
        "Order",
        "order-1",
        2,
        totals("order-1", vec![line("full", 1, "199.00")], false),
    ));
    assert_eq!(
        entry(&model, "order-1").lines[0].description.as_deref(),
        Some("Full conference")
    );
}

#[test]
fn a_confirmed_order_no_longer_shows_a_reservation_expiration() {
    let history = named_seats()
        .order("order-1", order_placed("order-1", "conf-1", "1 full"))
        .order(
            "order-1",
            totals("order-1", vec![line("full", 1, "199.00")], false),
        )
        .order("order-1", confirmed("order-1"));
    let o = entry(&fold::<PricedOrderReadModel>(&history.envelopes), "order-1");
    assert_eq!(o.reservation_expiration, None);
    assert_eq!(o.total, Some(money("199.00")));
    assert_eq!(o.order_version, 3);
    assert_eq!(
        serde_json::to_value(&o).unwrap()["reservation_expiration"],
        json!(null)
    );
}

#[test]
fn an_expired_order_is_removed_and_stays_removed() {
    let history = named_seats()
        .order("order-1", order_placed("order-1", "conf-1", "1 full"))
        .order(
            "order-1",
            totals("order-1", vec![line("full", 1, "199.00")], false),
        )
        .order("order-1", expired("order-1"))
        .order("order-2", order_placed("order-2", "conf-1", "1 full"));
    let mut model: PricedOrderReadModel = fold(&history.envelopes);
    assert!(!model.entries().contains_key("order-1"));
    assert!(model.entries().contains_key("order-2"));

    // A late duplicate of the placing or pricing does not bring it back.
    model.apply(&history.nth(2));
    model.apply(&history.nth(3));
    assert!(!model.entries().contains_key("order-1"));
}

#[test]
fn a_priced_order_event_not_newer_than_order_version_is_ignored() {
    let mut model: PricedOrderReadModel = fold(&[
        at_position(
            "Order",
            "order-1",
            1,
            order_placed("order-1", "conf-1", "1 full"),
        ),
        at_position(
            "Order",
            "order-1",
            3,
            totals("order-1", vec![line("full", 1, "199.00")], false),
        ),
    ]);
    model.apply(&at_position(
        "Order",
        "order-1",
        2,
        totals("order-1", vec![line("full", 7, "1.00")], false),
    ));
    model.apply(&at_position("Order", "order-1", 3, confirmed("order-1")));
    model.apply(&at_position("Order", "order-1", 2, expired("order-1")));
    let o = entry(&model, "order-1");
    assert_eq!(o.total, Some(money("199.00")));
    assert_eq!(o.reservation_expiration, Some(at(15)));
    assert_eq!(o.order_version, 3);
}

#[test]
fn totals_of_an_order_never_placed_show_nothing() {
    let history = named_seats().order(
        "order-9",
        totals("order-9", vec![line("full", 1, "199.00")], false),
    );
    assert!(fold::<PricedOrderReadModel>(&history.envelopes)
        .entries()
        .is_empty());
}

#[test]
fn priced_order_duplicates_change_nothing() {
    assert_duplicates_change_nothing::<PricedOrderReadModel>(&rich_history());
}

// ---------------------------------------------------------------------------------------------
// OrderSeats

fn unassigned(position: u32, seat_type: &str) -> OrderSeat {
    OrderSeat {
        position,
        seat_type: seat_type.into(),
        attendee: None,
    }
}

#[test]
fn created_assignments_show_every_seat_without_an_attendee() {
    let history = History::default().assignments(
        "order-1",
        assignments_created("order-1", &["full", "full", "workshop"]),
    );
    let o = entry(&fold::<OrderSeatsReadModel>(&history.envelopes), "order-1");
    assert_eq!(
        o.seats,
        vec![
            unassigned(0, "full"),
            unassigned(1, "full"),
            unassigned(2, "workshop")
        ]
    );
    assert_eq!(
        serde_json::to_value(&o).unwrap()["seats"][0]["attendee"],
        json!(null)
    );
}

#[test]
fn assigning_updating_and_unassigning_a_seat_change_its_attendee() {
    let history = History::default()
        .assignments(
            "order-1",
            assignments_created("order-1", &["full", "workshop"]),
        )
        .assignments(
            "order-1",
            seat_assigned("order-1", 1, person("Ada", "ada@example.org")),
        );
    let o = entry(&fold::<OrderSeatsReadModel>(&history.envelopes), "order-1");
    assert_eq!(o.seats[0], unassigned(0, "full"));
    assert_eq!(o.seats[1].attendee, Some(person("Ada", "ada@example.org")));
    assert_eq!(o.seats[1].seat_type, "workshop");

    let history = history.assignments(
        "order-1",
        assignment_updated("order-1", 1, person("Augusta", "ada@example.org")),
    );
    let o = entry(&fold::<OrderSeatsReadModel>(&history.envelopes), "order-1");
    assert_eq!(
        o.seats[1].attendee,
        Some(person("Augusta", "ada@example.org"))
    );

    let history = history.assignments("order-1", seat_unassigned("order-1", 1));
    let o = entry(&fold::<OrderSeatsReadModel>(&history.envelopes), "order-1");
    assert_eq!(
        o.seats,
        vec![unassigned(0, "full"), unassigned(1, "workshop")]
    );
}

#[test]
fn assignments_to_an_unknown_order_or_position_change_nothing() {
    let history = History::default()
        .assignments("order-1", assignments_created("order-1", &["full"]))
        .assignments(
            "order-1",
            seat_assigned("order-1", 5, person("Ada", "ada@example.org")),
        )
        .assignments(
            "order-9",
            seat_assigned("order-9", 0, person("Ada", "ada@example.org")),
        );
    let model: OrderSeatsReadModel = fold(&history.envelopes);
    assert_eq!(model.entries().len(), 1);
    assert_eq!(entry(&model, "order-1").seats, vec![unassigned(0, "full")]);
}

#[test]
fn a_late_duplicate_assignment_does_not_undo_a_newer_unassignment() {
    let history = History::default()
        .assignments("order-1", assignments_created("order-1", &["full"]))
        .assignments(
            "order-1",
            seat_assigned("order-1", 0, person("Ada", "ada@example.org")),
        )
        .assignments("order-1", seat_unassigned("order-1", 0));
    let mut model: OrderSeatsReadModel = fold(&history.envelopes);
    model.apply(&history.nth(1));
    model.apply(&history.nth(0));
    assert_eq!(entry(&model, "order-1").seats, vec![unassigned(0, "full")]);
}

#[test]
fn order_seats_duplicates_change_nothing() {
    assert_duplicates_change_nothing::<OrderSeatsReadModel>(&rich_history());
}

// ---------------------------------------------------------------------------------------------
// Duplicates anywhere

/// A history touching every rule of every read model.
fn rich_history() -> History {
    History::default()
        .conference("conf-1", conference_created("conf-1", "EventConf"))
        .full_pass()
        .conference(
            "conf-1",
            seat_created("conf-1", "workshop", "Workshop", "0.00", 20),
        )
        .availability("conf-1", seats_changed("conf-1", "100 full"))
        .availability("conf-1", seats_changed("conf-1", "20 workshop"))
        .conference("conf-1", published("conf-1"))
        .order(
            "order-1",
            order_placed("order-1", "conf-1", "3 full, 2 workshop"),
        )
        .order(
            "order-1",
            totals(
                "order-1",
                vec![line("full", 3, "199.00"), line("workshop", 2, "0.00")],
                false,
            ),
        )
        .availability(
            "conf-1",
            seats_reserved(
                "conf-1",
                "order-1",
                "3 full, 2 workshop",
                "-3 full, -2 workshop",
            ),
        )
        .order(
            "order-1",
            reservation_completed("order-1", "3 full, 2 workshop"),
        )
        .conference(
            "conf-1",
            seat_updated("conf-1", "full", "Full conference", "249.00", 120),
        )
        .conference("conf-1", conference_updated("conf-1", "EventConf 2026"))
        .order("order-1", order_updated("order-1", "1 full"))
        .order(
            "order-1",
            totals("order-1", vec![line("full", 1, "249.00")], false),
        )
        .availability(
            "conf-1",
            seats_reserved("conf-1", "order-1", "1 full", "2 full, 2 workshop"),
        )
        .order("order-1", partially_reserved("order-1", "1 full"))
        .order("order-1", registrant("order-1", "grace@example.org"))
        .order("order-1", confirmed("order-1"))
        .assignments("order-1", assignments_created("order-1", &["full", "full"]))
        .assignments(
            "order-1",
            seat_assigned("order-1", 0, person("Ada", "ada@example.org")),
        )
        .assignments(
            "order-1",
            seat_assigned("order-1", 1, person("Alan", "alan@example.org")),
        )
        .assignments(
            "order-1",
            assignment_updated("order-1", 0, person("Augusta", "ada@example.org")),
        )
        .assignments("order-1", seat_unassigned("order-1", 1))
        .order("order-2", order_placed("order-2", "conf-1", "2 workshop"))
        .order(
            "order-2",
            totals("order-2", vec![line("workshop", 2, "0.00")], true),
        )
        .availability(
            "conf-1",
            seats_reserved("conf-1", "order-2", "2 workshop", "-2 workshop"),
        )
        .order("order-2", expired("order-2"))
        .availability(
            "conf-1",
            reservation_cancelled("conf-1", "order-2", "2 workshop"),
        )
        .conference("conf-1", unpublished("conf-1"))
        .conference("conf-1", published("conf-1"))
        .availability("conf-1", seats_changed("conf-1", "-5 full"))
}

/// The entries of all five read models, as JSON, to compare in one go.
fn all_entries(envelopes: &[Envelope<ConferenceEvent>]) -> serde_json::Value {
    json!({
        "Conference": fold::<ConferenceReadModel>(envelopes).entries(),
        "SeatType": fold::<SeatTypeReadModel>(envelopes).entries(),
        "DraftOrder": fold::<DraftOrderReadModel>(envelopes).entries(),
        "PricedOrder": fold::<PricedOrderReadModel>(envelopes).entries(),
        "OrderSeats": fold::<OrderSeatsReadModel>(envelopes).entries(),
    })
}

#[test]
fn the_rich_history_ends_where_the_rules_say() {
    let h = rich_history();
    let seat_types: SeatTypeReadModel = fold(&h.envelopes);
    assert_eq!(
        entry(&seat_types, "full").available_quantity,
        100 - 3 + 2 - 5
    );
    assert_eq!(
        entry(&seat_types, "workshop").available_quantity,
        20 - 2 + 2 - 2 + 2
    );
    let drafts: DraftOrderReadModel = fold(&h.envelopes);
    assert_eq!(entry(&drafts, "order-1").state, "Confirmed");
    assert_eq!(entry(&drafts, "order-2").state, "Rejected");
    let priced: PricedOrderReadModel = fold(&h.envelopes);
    assert_eq!(priced.entries().keys().collect::<Vec<_>>(), ["order-1"]);
    assert_eq!(
        entry(&priced, "order-1").lines[0].description.as_deref(),
        Some("Full conference")
    );
    let conferences: ConferenceReadModel = fold(&h.envelopes);
    assert!(entry(&conferences, "conf-1").is_published);
}

proptest! {
    /// Any envelope delivered again at any later point leaves every read model as it was.
    #[test]
    fn a_duplicate_delivered_at_any_later_point_changes_nothing(
        duplicates in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>()), 1..12)
    ) {
        let history = rich_history();
        let n = history.envelopes.len();
        let mut delivered = history.envelopes.clone();
        for (which, when) in duplicates {
            let original = which.index(n);
            // Anywhere after the first delivery of that envelope.
            let first = delivered.iter().position(|e| *e == history.envelopes[original]).unwrap_or(0);
            let place = first + 1 + when.index(delivered.len() - first);
            delivered.insert(place, history.envelopes[original].clone());
        }
        prop_assert_eq!(all_entries(&delivered), all_entries(&history.envelopes));
    }
}
