//! The `SeatAssignments` aggregate: who sits in each seat of a confirmed order, seat by seat.
//! One stream per order, `SeatAssignments/<order_id>` (the CQRS Journey keyed it by its own id).

use serde::{Deserialize, Serialize};

use crate::kernel::{
    with_article, Aggregate, Context, CouldRecord, Message, NoView, Rejection, Text,
};

use super::{
    AssignSeat, ConferenceCommand, ConferenceContext, ConferenceEvent, CreateSeatAssignments,
    PersonalInfo, SeatAssigned, SeatAssignmentUpdated, SeatAssignmentsCreated, SeatPosition,
    SeatQuantities, SeatUnassigned, UnassignSeat,
};

/// One numbered seat and who holds it, if anyone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssignedSeat {
    pub position: u32,
    pub seat_type: Text,
    pub attendee: Option<PersonalInfo>,
}

/// An order's seats once they are open for assignment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Assignments {
    pub created: bool,
    pub seats: Vec<AssignedSeat>,
}

impl Assignments {
    fn seat(&self, position: u32) -> Option<&AssignedSeat> {
        self.seats.iter().find(|s| s.position == position)
    }

    fn seat_mut(&mut self, position: u32) -> Option<&mut AssignedSeat> {
        self.seats.iter_mut().find(|s| s.position == position)
    }

    fn seat_attendee(&mut self, position: u32, attendee: Option<PersonalInfo>) {
        if let Some(seat) = self.seat_mut(position) {
            seat.attendee = attendee;
        }
    }
}

/// The aggregate, one instance per `order_id`.
pub struct SeatAssignments;

impl Aggregate<ConferenceContext> for SeatAssignments {
    const NAME: &'static str = "SeatAssignments";
    const COMMANDS: &'static [&'static str] =
        &["CreateSeatAssignments", "AssignSeat", "UnassignSeat"];
    const EVENTS: &'static [&'static str] = &[
        "SeatAssignmentsCreated",
        "SeatAssigned",
        "SeatAssignmentUpdated",
        "SeatUnassigned",
    ];
    type State = Assignments;
    type View = NoView;

    fn command_stream(command: &ConferenceCommand) -> Option<Text> {
        let id = match command {
            ConferenceCommand::CreateSeatAssignments(c) => &c.order_id,
            ConferenceCommand::AssignSeat(c) => &c.order_id,
            ConferenceCommand::UnassignSeat(c) => &c.order_id,
            _ => return None,
        };
        Some(id.clone())
    }

    fn event_stream(event: &ConferenceEvent) -> Option<Text> {
        let id = match event {
            ConferenceEvent::SeatAssignmentsCreated(e) => &e.order_id,
            ConferenceEvent::SeatAssigned(e) => &e.order_id,
            ConferenceEvent::SeatAssignmentUpdated(e) => &e.order_id,
            ConferenceEvent::SeatUnassigned(e) => &e.order_id,
            _ => return None,
        };
        Some(id.clone())
    }

    fn decide(
        state: &Assignments,
        command: &ConferenceCommand,
        _: &Context<'_, NoView>,
    ) -> Result<Vec<ConferenceEvent>, Rejection> {
        match command {
            ConferenceCommand::CreateSeatAssignments(c) => create(state, c),
            ConferenceCommand::AssignSeat(c) => assign(state, c),
            ConferenceCommand::UnassignSeat(c) => Ok(unassign(state, c).into_iter().collect()),
            other => Err(Rejection::new(format!(
                "seat assignments do not handle {}",
                other.name()
            ))),
        }
    }

    fn evolve(mut state: Assignments, event: &ConferenceEvent) -> Assignments {
        match event {
            ConferenceEvent::SeatAssignmentsCreated(e) => {
                state.created = true;
                state.seats = e
                    .seats
                    .iter()
                    .map(|s| AssignedSeat {
                        position: s.position,
                        seat_type: s.seat_type.clone(),
                        attendee: None,
                    })
                    .collect();
            }
            ConferenceEvent::SeatAssigned(e) => {
                state.seat_attendee(e.position, Some(e.attendee.clone()))
            }
            ConferenceEvent::SeatAssignmentUpdated(e) => {
                state.seat_attendee(e.position, Some(e.attendee.clone()))
            }
            ConferenceEvent::SeatUnassigned(e) => state.seat_attendee(e.position, None),
            _ => {}
        }
        state
    }

    const COULD_RECORD: Option<CouldRecord<ConferenceContext, Self>> =
        Some(|state, _, event| could_record(state, event));
}

/// Why an order's seat assignments in `state` could not have recorded `event`, as `decide` would
/// never have: its seats are numbered once, and then each seat the order has is given, renamed
/// or taken back: given only when free and to an attendee with an email, as the seat type it
/// is; renamed or taken back only when someone holds it. Whether the order was confirmed is the
/// invariants' to tell: that is in the order's stream.
fn could_record(state: &Assignments, event: &ConferenceEvent) -> Result<(), String> {
    let (order_id, position) = match event {
        ConferenceEvent::SeatAssignmentsCreated(e) if state.created => {
            return Err(format!(
                "the seats of order {} were numbered already",
                e.order_id
            ));
        }
        // Numbered as `decide` numbers them: 0, 1, 2… in seat order.
        ConferenceEvent::SeatAssignmentsCreated(e) => {
            return match e
                .seats
                .iter()
                .enumerate()
                .find(|(i, seat)| u32::try_from(*i) != Ok(seat.position))
            {
                Some((i, seat)) => Err(format!(
                    "the seats of order {} are numbered from 0 in order, but its seat {} is \
                     numbered {}",
                    e.order_id,
                    i + 1,
                    seat.position
                )),
                None => Ok(()),
            };
        }
        ConferenceEvent::SeatAssigned(e) => (&e.order_id, e.position),
        ConferenceEvent::SeatAssignmentUpdated(e) => (&e.order_id, e.position),
        ConferenceEvent::SeatUnassigned(e) => (&e.order_id, e.position),
        _ => return Ok(()),
    };
    if !state.created {
        return Err(format!(
            "the seats of order {order_id} were never opened for assignment"
        ));
    }
    let Some(seat) = state.seat(position) else {
        return Err(format!(
            "order {order_id} has no seat at position {position} (it has {})",
            match state.seats.len() {
                1 => "1 seat".to_string(),
                n => format!("{n} seats"),
            }
        ));
    };
    match (event, &seat.attendee) {
        (ConferenceEvent::SeatAssigned(e), _) if e.seat_type != seat.seat_type => Err(format!(
            "seat {position} of order {order_id} is {} seat, not {}",
            with_article(&seat.seat_type),
            e.seat_type
        )),
        (ConferenceEvent::SeatAssigned(_), Some(_)) => Err(format!(
            "seat {position} of order {order_id} was held by someone: it is taken back before \
             it is given again"
        )),
        (ConferenceEvent::SeatAssigned(e), None) if e.attendee.email().is_none() => Err(format!(
            "seat {position} of order {order_id} was given to an attendee without an email"
        )),
        (ConferenceEvent::SeatAssignmentUpdated(_) | ConferenceEvent::SeatUnassigned(_), None) => {
            Err(format!("nobody held seat {position} of order {order_id}"))
        }
        // Only a new name for the attendee who holds the seat is an update: another email takes
        // the seat back and gives it again, and the same name and email record nothing.
        (ConferenceEvent::SeatAssignmentUpdated(e), Some(holder)) => {
            match (holder.email(), e.attendee.email()) {
                (Some(held), Some(new)) if same_email(held, new) => {
                    match renamed(holder, &e.attendee) {
                        true => Ok(()),
                        false => Err(format!(
                            "seat {position} of order {order_id} was updated to the name and \
                             email its attendee had already"
                        )),
                    }
                }
                (held, new) => Err(format!(
                    "seat {position} of order {order_id} was updated to {}, but its attendee's \
                     email is {}: an attendee with another email is given the seat after it is \
                     taken back",
                    new.map_or("an attendee without an email".to_string(), |n| {
                        format!("email {n}")
                    }),
                    held.unwrap_or("none")
                )),
            }
        }
        _ => Ok(()),
    }
}

/// Numbers the order's seats once; the seats are already open if asked again, and numbering
/// them afresh would lose their attendees.
fn create(
    state: &Assignments,
    command: &CreateSeatAssignments,
) -> Result<Vec<ConferenceEvent>, Rejection> {
    if state.created {
        return Ok(vec![]);
    }
    Ok(vec![SeatAssignmentsCreated {
        order_id: command.order_id.clone(),
        seats: positions(&command.seats)?,
    }
    .into()])
}

/// The most seats one order's assignments will number. Every seat becomes an entry, so a
/// malformed command asking for billions must be refused rather than exhaust memory.
pub const MAX_SEATS_PER_ORDER: u32 = 100_000;

/// The seat type of each seat of `seats`, in seat order: one a seat, none for a quantity of zero
/// or less. What `CreateSeatAssignments` numbers, and what the invariants hold a log's numbering
/// to.
pub(crate) fn seat_by_seat(seats: &SeatQuantities) -> impl Iterator<Item = &str> {
    seats.iter().flat_map(|s| {
        std::iter::repeat_n(
            s.seat_type.as_str(),
            usize::try_from(s.quantity).unwrap_or(0),
        )
    })
}

/// One position per seat, numbered from 0 in seat order; a non-positive quantity has no seats.
fn positions(seats: &SeatQuantities) -> Result<Vec<SeatPosition>, Rejection> {
    seats
        .iter()
        .filter(|s| s.quantity > 0)
        .try_fold(0u32, |n, s| {
            u32::try_from(s.quantity)
                .ok()
                .and_then(|q| n.checked_add(q))
                .filter(|total| *total <= MAX_SEATS_PER_ORDER)
        })
        .ok_or_else(|| {
            Rejection::new(format!(
                "too many seats to number (at most {MAX_SEATS_PER_ORDER} per order)"
            ))
        })?;
    Ok((0..=u32::MAX)
        .zip(seat_by_seat(seats))
        .map(|(position, seat_type)| SeatPosition {
            position,
            seat_type: seat_type.into(),
        })
        .collect())
}

/// Gives a seat to an attendee, taking it from whoever held it if that is someone else.
fn assign(state: &Assignments, command: &AssignSeat) -> Result<Vec<ConferenceEvent>, Rejection> {
    let Some(email) = command.attendee.email() else {
        return Err(Rejection::new("an attendee needs an email"));
    };
    let seat = state
        .seat(command.position)
        .ok_or_else(|| Rejection::new(format!("unknown position: {}", command.position)))?;
    match &seat.attendee {
        Some(holder) if holder.email().is_some_and(|held| same_email(held, email)) => {
            Ok(renamed(holder, &command.attendee)
                .then(|| {
                    SeatAssignmentUpdated {
                        order_id: command.order_id.clone(),
                        position: command.position,
                        attendee: command.attendee.clone(),
                    }
                    .into()
                })
                .into_iter()
                .collect())
        }
        holder => {
            let taken_back = holder.as_ref().map(|_| {
                SeatUnassigned {
                    order_id: command.order_id.clone(),
                    position: command.position,
                }
                .into()
            });
            let given = SeatAssigned {
                order_id: command.order_id.clone(),
                position: command.position,
                seat_type: seat.seat_type.clone(),
                attendee: command.attendee.clone(),
            }
            .into();
            Ok(taken_back.into_iter().chain([given]).collect())
        }
    }
}

/// Takes a seat from its attendee; a free seat, or a position the order does not have, has
/// nobody to take it from.
fn unassign(state: &Assignments, command: &UnassignSeat) -> Option<ConferenceEvent> {
    state
        .seat(command.position)
        .and_then(|s| s.attendee.as_ref())
        .map(|_| {
            SeatUnassigned {
                order_id: command.order_id.clone(),
                position: command.position,
            }
            .into()
        })
}

/// Emails name the same person whatever their case or surrounding spaces.
fn same_email(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

fn renamed(holder: &PersonalInfo, attendee: &PersonalInfo) -> bool {
    holder.first_name != attendee.first_name || holder.last_name != attendee.last_name
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conference::told::{refused, told};

    /// One `full` seat at position 0.
    fn opened() -> ConferenceEvent {
        told(
            "SeatAssignmentsCreated",
            r#"{"order_id":"order-1","seats":[{"position":0,"seat_type":"full"}]}"#,
        )
    }

    fn assigned(position: u32, seat_type: &str, email: &str) -> ConferenceEvent {
        told(
            "SeatAssigned",
            &format!(
                r#"{{"order_id":"order-1","position":{position},"seat_type":"{seat_type}","attendee":{{"first_name":"Ada","email":"{email}"}}}}"#
            ),
        )
    }

    fn unassigned() -> ConferenceEvent {
        told("SeatUnassigned", r#"{"order_id":"order-1","position":0}"#)
    }

    fn refused_after(past: &[ConferenceEvent], next: ConferenceEvent) -> Option<String> {
        refused::<SeatAssignments>(past, &next)
    }

    #[test]
    fn seats_given_taken_back_and_given_again_are_admitted() {
        let life = [
            opened(),
            assigned(0, "full", "ada@example.com"),
            told(
                "SeatAssignmentUpdated",
                r#"{"order_id":"order-1","position":0,"attendee":{"first_name":"Ada L.","email":"ada@example.com"}}"#,
            ),
            unassigned(),
            assigned(0, "full", "grace@example.com"),
        ];
        for (i, next) in life.iter().enumerate() {
            assert_eq!(
                refused::<SeatAssignments>(&life[..i], next),
                None,
                "{next:?}"
            );
        }
    }

    /// Seats are numbered as `decide` numbers them, 0, 1, 2… in seat order.
    #[test]
    fn an_order_s_seats_are_numbered_from_0_in_order() {
        let numbered = |positions: &str| {
            told(
                "SeatAssignmentsCreated",
                &format!(r#"{{"order_id":"order-1","seats":[{positions}]}}"#),
            )
        };
        let seat = |p: u32| format!(r#"{{"position":{p},"seat_type":"full"}}"#);
        assert_eq!(
            refused_after(&[], numbered(&[seat(0), seat(1)].join(","))),
            None
        );
        assert_eq!(
            refused_after(&[], numbered(&[seat(5), seat(6)].join(","))).as_deref(),
            Some(
                "the seats of order order-1 are numbered from 0 in order, but its seat 1 is \
                 numbered 5"
            )
        );
        assert_eq!(
            refused_after(&[], numbered(&[seat(0), seat(0)].join(","))).as_deref(),
            Some(
                "the seats of order order-1 are numbered from 0 in order, but its seat 2 is \
                 numbered 0"
            )
        );
    }

    #[test]
    fn an_order_s_seats_are_numbered_once() {
        assert_eq!(
            refused_after(&[opened()], opened()).as_deref(),
            Some("the seats of order order-1 were numbered already")
        );
        assert_eq!(
            refused_after(&[], assigned(0, "full", "ada@example.com")).as_deref(),
            Some("the seats of order order-1 were never opened for assignment")
        );
    }

    #[test]
    fn a_seat_given_is_one_the_order_has_as_its_seat_type() {
        assert_eq!(
            refused_after(&[opened()], assigned(9, "full", "ada@example.com")).as_deref(),
            Some("order order-1 has no seat at position 9 (it has 1 seat)")
        );
        assert_eq!(
            refused_after(&[opened()], assigned(0, "workshop", "ada@example.com")).as_deref(),
            Some("seat 0 of order order-1 is a full seat, not workshop")
        );
    }

    #[test]
    fn a_seat_is_updated_only_to_a_new_name_for_the_email_that_holds_it() {
        let updated = |first: &str, email: &str| {
            told(
                "SeatAssignmentUpdated",
                &format!(
                    r#"{{"order_id":"order-1","position":0,"attendee":{{"first_name":"{first}","email":"{email}"}}}}"#
                ),
            )
        };
        let held = [opened(), assigned(0, "full", "ada@example.com")];
        assert_eq!(
            refused_after(&held, updated("Augusta", "ADA@example.com")),
            None
        );
        assert_eq!(
            refused_after(&held, updated("Ada", "ada@example.com")).as_deref(),
            Some("seat 0 of order order-1 was updated to the name and email its attendee had already")
        );
        assert_eq!(
            refused_after(&held, updated("Grace", "grace@example.com")).as_deref(),
            Some(
                "seat 0 of order order-1 was updated to email grace@example.com, but its \
                 attendee's email is ada@example.com: an attendee with another email is given \
                 the seat after it is taken back"
            )
        );
        assert!(refused_after(&held, updated("Augusta", ""))
            .is_some_and(|why| why.contains("updated to an attendee without an email")));
    }

    #[test]
    fn a_seat_is_given_when_free_to_someone_with_an_email_and_taken_back_when_held() {
        let held = [opened(), assigned(0, "full", "ada@example.com")];
        assert_eq!(
            refused_after(&held, assigned(0, "full", "grace@example.com")).as_deref(),
            Some(
                "seat 0 of order order-1 was held by someone: it is taken back before it is \
                 given again"
            )
        );
        assert_eq!(
            refused_after(&[opened()], assigned(0, "full", "")).as_deref(),
            Some("seat 0 of order order-1 was given to an attendee without an email")
        );
        assert_eq!(
            refused_after(&[opened()], unassigned()).as_deref(),
            Some("nobody held seat 0 of order order-1")
        );
    }
}
