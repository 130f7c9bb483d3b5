//! Histories of the conference domain: two conferences with their seat types set up, then orders
//! registering, updating, paying, paying late and abandoning, payments completed or cancelled,
//! seats assigned, quotas changed, seat types created, a third conference created, conferences
//! moved and taken off and put back on sale, and time passing across the 15- and 29-minute
//! marks. Ids come from small pools; the draws are aimed (`orders`) so that most commands are
//! accepted and orders go all the way to seats given, renamed and taken back, while a minority
//! names unknown ids, another conference's seat types, or an order in the wrong state. The
//! invariants they are judged by are the domain's own, with what must have settled in time.

mod orders;

use domain::conference::invariants;
use domain::conference::{
    AssignRegistrantDetails, AssignSeat, CancelThirdPartyProcessorPayment,
    CompleteThirdPartyProcessorPayment, ConferenceCommand, ConferenceContext, ConfirmOrder,
    CreateConference, CreateSeat, InitiateThirdPartyProcessorPayment, PublishConference,
    RegisterToConference, RejectOrder, UnassignSeat, UnpublishConference, UpdateConference,
    UpdateSeat,
};
use domain::kernel::{format_text, Instant, Money, StoredEvent, System, Text};
use proptest::prelude::*;

use crate::judging::Judged;
use crate::simulation::{Simulated, Step};
use orders::{
    astray, attendee, home, order_id, order_near, orders, position, registered, seat_lines,
    seats_at,
};

/// Seat types by conference: (conference, seat type, name, price in cents, starting quota).
/// Seat-type ids are unique across conferences, as the SeatType read model's key requires. The
/// workshop costs a price with cents: with whole prices only, pricing that dropped or rounded
/// the cents priced every history right (a review's bug, found by no check in 3,000 histories).
const SEAT_TYPES: &[(&str, &str, &str, i64, i64)] = &[
    ("conf-1", "full", "Full pass", 19900, 6),
    ("conf-1", "workshop", "Workshop", 4950, 3),
    ("conf-2", "vip", "VIP", 50000, 2),
    ("conf-2", "speaker", "Speaker", 0, 4),
];

/// Every conference a history names: the scene's two, the one a history may create, and one
/// never created.
const CONFERENCE_IDS: [&str; 4] = ["conf-1", "conf-2", "conf-3", "conf-9"];

fn conference_id() -> impl Strategy<Value = Text> {
    let [one, two, late, never] = CONFERENCE_IDS.map(Text::new);
    prop_oneof![4 => Just(one), 3 => Just(two), 3 => Just(late), 1 => Just(never)]
}

/// The scene's conferences, by id and name.
const CONFERENCES: [(&str, &str); 2] = [
    ("conf-1", "Contoso Developers"),
    ("conf-2", "Contoso Leaders"),
];

/// The conference a history may create, while orders come and go: its `ConferenceCreated`, its
/// seat type and that seat type's seats travel apart under faults, as the scene's, created in
/// order before any history, never do.
const LATE_CONFERENCE: (&str, &str) = ("conf-3", "Contoso Late");

/// The name of a conference a history names (the one never created has one too: an update of it
/// is refused for want of the conference, not of a name).
fn conference_name(conference_id: &str) -> &'static str {
    CONFERENCES
        .iter()
        .chain([&LATE_CONFERENCE])
        .find(|(id, _)| *id == conference_id)
        .map_or("Never created", |(_, name)| name)
}

/// A conference's creation by a history: the late one, or one of the scene's again (refused).
fn founded() -> impl Strategy<Value = ConferenceCommand> {
    let [one, two, late, _] = CONFERENCE_IDS;
    (
        prop_oneof![1 => Just(one), 1 => Just(two), 4 => Just(late)],
        0..LOCATIONS.len(),
    )
        .prop_map(|(conference_id, location)| {
            conference(
                conference_id,
                conference_name(conference_id),
                LOCATIONS[location],
            )
            .into()
        })
}

/// Where a conference takes place: where the scene sets it, and where a history may move it.
const LOCATIONS: [&str; 2] = ["Redmond", "Seattle"];

/// A conference's creation, at `location`, as the scene creates each.
fn conference(conference: &str, name: &str, location: &str) -> CreateConference {
    CreateConference {
        conference_id: conference.into(),
        name: name.into(),
        slug: conference.into(),
        description: None,
        location: Some(location.into()),
        tagline: None,
        start_date: "2026-03-01T09:00:00Z".parse().expect("a valid instant"),
        end_date: "2026-03-03T17:00:00Z".parse().expect("a valid instant"),
        owner_name: None,
        owner_email: None,
    }
}

/// What conference management does to a conference while orders come: moves it, or takes it
/// off or puts it back on sale (the conference never created included, which is refused).
fn managed() -> impl Strategy<Value = ConferenceCommand> {
    // Put on sale, taken off, or moved to one of the locations.
    (conference_id(), 0..2 + LOCATIONS.len()).prop_map(|(conference_id, what)| match what {
        0 => PublishConference { conference_id }.into(),
        1 => UnpublishConference { conference_id }.into(),
        location => {
            let (name, to) = (conference_name(&conference_id), LOCATIONS[location - 2]);
            UpdateConference::from(conference(&conference_id, name, to)).into()
        }
    })
}

/// Seat types a history may create, one a conference: created while orders come and go, their
/// `SeatCreated` and the seats availability is given of them travel apart under faults, which
/// the scene's seat types, created in order before any history, never do. The late
/// conference's is its only one, so it may come before its conference is created (refused).
const LATE_SEAT_TYPES: &[(&str, &str, &str, i64)] = &[
    ("conf-1", "late-1", "Late pass", 9900),
    ("conf-2", "late-2", "Late VIP", 75000),
    ("conf-3", "late-3", "Late workshop", 2900),
];

/// Every seat type a history names: those of the scene, one no conference has, and those a
/// history may create.
const SEAT_TYPE_IDS: &[&str] = &[
    "full", "workshop", "vip", "speaker", "ghost", "late-1", "late-2", "late-3",
];

/// Every id a history of at most `max_steps` steps draws from a pool. Any may stand in a
/// payload without a stream of its own (a seat type; an order paid for but never placed, named
/// by its payment's `payment_source_id`), so an export suffixes them all, not only those that
/// name a stream.
fn pooled_ids(max_steps: usize) -> Vec<Text> {
    let orders = (1..=orders(max_steps)).map(order_id);
    SEAT_TYPE_IDS
        .iter()
        .chain(&CONFERENCE_IDS)
        .map(Text::new)
        .chain(orders.flat_map(|order| [payment(&order), order]))
        .collect()
}

/// A seat type's creation, described by its name as every seat type of a history is.
fn created(conference: &str, seat_type: &str, name: &str, cents: i64, quantity: i64) -> CreateSeat {
    CreateSeat {
        conference_id: conference.into(),
        seat_type: seat_type.into(),
        name: name.into(),
        description: Some(format_text!("{name} seat")),
        price: Money::from_cents(cents),
        quantity,
    }
}

fn payment(order_id: &str) -> Text {
    format_text!("pay-{order_id}")
}

/// The conference's invariants and what must have settled, from the domain's own
/// (`domain::conference::invariants`).
impl Judged for ConferenceContext {
    type Ledger = invariants::Ledger;

    fn invariants(system: &System<Self>, ledger: &Self::Ledger) -> Vec<String> {
        invariants::invariants_with(system, ledger)
    }

    fn settled_long_after(system: &System<Self>, ledger: &Self::Ledger) -> Vec<String> {
        invariants::settled_long_after_with(system, ledger)
    }

    const SETTLES_BY_TIME: bool = true;

    fn settled_by(system: &System<Self>, ledger: &Self::Ledger, end: Instant) -> Vec<String> {
        let long_after = domain::kernel::minutes(Self::LONG_AFTER_MINUTES);
        invariants::settled_by_with(system, ledger, end, long_after)
    }

    fn left_open(system: &System<Self>, ledger: &Self::Ledger) -> Vec<String> {
        invariants::left_open_with(system, ledger)
    }
}

impl Simulated for ConferenceContext {
    fn setup() -> Vec<ConferenceCommand> {
        let mut commands: Vec<ConferenceCommand> = Vec::new();
        for (id, name) in CONFERENCES {
            commands.push(conference(id, name, LOCATIONS[0]).into());
        }
        for &(conference, seat_type, name, cents, quantity) in SEAT_TYPES {
            commands.push(created(conference, seat_type, name, cents, quantity).into());
        }
        for (conference_id, _) in CONFERENCES {
            commands.push(
                PublishConference {
                    conference_id: conference_id.into(),
                }
                .into(),
            );
        }
        commands
    }

    fn step(max_steps: usize) -> BoxedStrategy<Step<Self>> {
        let register =
            (registered(max_steps), astray(), seat_lines()).prop_map(|(order, astray, lines)| {
                // Seats of its home conference even when the order strays to another: an order
                // that names the wrong conference is refused, not placed there.
                let home = home(order);
                ConferenceCommand::from(RegisterToConference {
                    order_id: order_id(order),
                    conference_id: astray.unwrap_or(home).into(),
                    seats: seats_at(home, &lines),
                })
            });
        let registrant = order_near::<8>(max_steps).prop_map(|order| {
            AssignRegistrantDetails {
                order_id: order_id(order),
                first_name: "Ada".into(),
                last_name: "Lovelace".into(),
                email: "ada@example.com".into(),
            }
            .into()
        });
        let paid = move || order_near::<3>(max_steps).prop_map(order_id);
        let initiate = (order_near::<3>(max_steps), astray()).prop_map(|(order, astray)| {
            let order_id = order_id(order);
            InitiateThirdPartyProcessorPayment {
                payment_id: payment(&order_id),
                payment_source_id: order_id,
                conference_id: astray.unwrap_or(home(order)).into(),
                description: "registration".into(),
                total_amount: Money::from_cents(19900),
                items: vec![],
            }
            .into()
        });
        let complete = paid().prop_map(|o| {
            CompleteThirdPartyProcessorPayment {
                payment_id: payment(&o),
            }
            .into()
        });
        let cancel = paid().prop_map(|o| {
            CancelThirdPartyProcessorPayment {
                payment_id: payment(&o),
            }
            .into()
        });
        let confirmed = move || order_near::<8>(max_steps).prop_map(order_id);
        let confirm = confirmed().prop_map(|order_id| ConfirmOrder { order_id }.into());
        let reject = registered(max_steps).prop_map(|order| {
            RejectOrder {
                order_id: order_id(order),
            }
            .into()
        });
        let assign =
            (confirmed(), position(), attendee()).prop_map(|(order_id, position, attendee)| {
                AssignSeat {
                    order_id,
                    position,
                    attendee,
                }
                .into()
            });
        let unassign = (confirmed(), position())
            .prop_map(|(order_id, position)| UnassignSeat { order_id, position }.into());
        let quota = (0..SEAT_TYPES.len(), 0..=8i64).prop_map(|(i, quantity)| {
            let (conference, seat_type, name, cents, _) = SEAT_TYPES[i];
            UpdateSeat::from(created(conference, seat_type, name, cents, quantity)).into()
        });
        // The late conference's seat type is drawn more often than the others together: without
        // it, nothing of that conference can be sold.
        let late_index = LATE_SEAT_TYPES
            .iter()
            .position(|(conference, ..)| *conference == LATE_CONFERENCE.0)
            .expect("the late conference has a seat type");
        let open = (
            prop_oneof![0..LATE_SEAT_TYPES.len(), Just(late_index)],
            1..=5i64,
        )
            .prop_map(|(i, quantity)| {
                let (conference, seat_type, name, cents) = LATE_SEAT_TYPES[i];
                created(conference, seat_type, name, cents, quantity).into()
            });
        // Short waits are the likeliest, so that an order is often paid or confirmed before
        // its 29 minutes run out; the marks are still crossed, late payments with them.
        let wait = prop_oneof![
            3 => Just(1i64),
            3 => Just(5),
            1 => Just(14),
            1 => Just(15),
            1 => Just(16),
            1 => Just(29),
            1 => Just(30)
        ];
        // Registrations are the likeliest: an order must be placed before anything else is
        // asked of it, and one placed takes more (an update) until it is confirmed. Confirming
        // comes next, as a confirmed order takes it again (recording nothing), and its seats
        // are then given, renamed and taken back.
        prop_oneof![
            14 => register.prop_map(Step::Send),
            1 => registrant.prop_map(Step::Send),
            4 => initiate.prop_map(Step::Send),
            3 => complete.prop_map(Step::Send),
            1 => cancel.prop_map(Step::Send),
            6 => confirm.prop_map(Step::Send),
            1 => reject.prop_map(Step::Send),
            5 => assign.prop_map(Step::Send),
            2 => unassign.prop_map(Step::Send),
            2 => quota.prop_map(Step::Send),
            2 => open.prop_map(Step::Send),
            1 => managed().prop_map(Step::Send),
            1 => founded().prop_map(Step::Send),
            3 => wait.prop_map(Step::Wait),
        ]
        .boxed()
    }

    fn shared_ids(max_steps: usize) -> Vec<Text> {
        pooled_ids(max_steps)
    }

    /// An order's access code is derived from its id: from the suffixed one in an export.
    fn exported(stored: &mut StoredEvent) {
        if stored.event_type != "OrderPlaced" {
            return;
        }
        let code = stored.payload["order_id"]
            .as_str()
            .map(domain::conference::order::access_code);
        if let (Some(code), Some(fields)) = (code, stored.payload.as_object_mut()) {
            if fields.contains_key("access_code") {
                fields.insert("access_code".into(), code.as_str().into());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{prepare, run_from, Variant};
    use crate::faults::FaultKinds;
    use crate::search::{history_of, history_seed, Options};
    use domain::conference::ConferenceEvent;

    /// The late conference must be sold within histories, not only created: created, given a
    /// seat type and seats, and ordered from, with faults striking on the way.
    #[test]
    fn histories_create_the_late_conference_and_sell_its_seats_under_faults() {
        let options = Options::new(400, 7, 1);
        let scene = prepare::<ConferenceContext>(options.start, Variant::default());
        let sold = (0..options.histories)
            .filter(|&k| {
                let seed = history_seed(options.seed, k);
                let history = history_of::<ConferenceContext>(seed, options.max_steps)
                    .expect("a history is drawn");
                let (run, system) = run_from(&scene, &history, seed, FaultKinds::ALL);
                let late = LATE_CONFERENCE.0;
                let has = |wanted: fn(&ConferenceEvent, &str) -> bool| {
                    system.store().log().iter().any(|e| wanted(&e.message, late))
                };
                run.faults.iter().sum::<u64>() > 0
                    && has(|e, late| {
                        matches!(e, ConferenceEvent::ConferenceCreated(c) if c.conference_id == late)
                    })
                    && has(|e, late| {
                        matches!(e, ConferenceEvent::AvailableSeatsChanged(c) if c.conference_id == late)
                    })
                    && has(|e, late| {
                        matches!(e, ConferenceEvent::OrderPlaced(o) if o.conference_id == late)
                    })
            })
            .count();
        assert!(
            sold >= 2,
            "{sold} of 400 histories sold the late conference"
        );
    }

    /// Every id a step draws, in a history long enough that the order pool grew, is one the
    /// export suffixes; and the pool did grow.
    #[test]
    fn the_pooled_ids_hold_every_id_a_long_history_draws() {
        use proptest::strategy::ValueTree;
        use proptest::test_runner::TestRunner;
        let max_steps = 600;
        let pooled: std::collections::HashSet<String> = pooled_ids(max_steps)
            .iter()
            .map(|t| t.to_string())
            .collect();
        let step = ConferenceContext::step(max_steps);
        let mut runner = TestRunner::deterministic();
        let mut drawn = std::collections::HashSet::new();
        for _ in 0..5_000 {
            let Step::Send(command) = step.new_tree(&mut runner).unwrap().current() else {
                continue;
            };
            let mut texts = Vec::new();
            strings(&domain::kernel::Message::payload(&command), &mut texts);
            for text in texts {
                let is_id = ["order-", "pay-", "conf-"]
                    .iter()
                    .any(|p| text.starts_with(p))
                    || SEAT_TYPE_IDS.contains(&text.as_str());
                assert!(!is_id || pooled.contains(&text), "{text} is not pooled");
                if text.starts_with("order-") {
                    drawn.insert(text);
                }
            }
        }
        assert_eq!(
            orders(30),
            5,
            "the default history's pool is the five it always was"
        );
        assert!(
            drawn.len() > 90,
            "{} orders drawn of {}",
            drawn.len(),
            orders(max_steps)
        );
    }

    fn strings(value: &serde_json::Value, into: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) => into.push(s.clone()),
            serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, into)),
            serde_json::Value::Object(fields) => fields.values().for_each(|v| strings(v, into)),
            _ => {}
        }
    }
}
