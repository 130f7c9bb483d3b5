//! The `SeatAssignments` aggregate: who sits in each seat of a confirmed order, seat by seat.
//! One stream per order, `SeatAssignments/<order_id>` (the CQRS Journey keyed it by its own id).

use serde::{Deserialize, Serialize};

use crate::kernel::{Aggregate, Context, Message, NoView, Rejection, Text};

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
    let seat_types = seats.iter().flat_map(|s| {
        std::iter::repeat_n(
            s.seat_type.as_str(),
            usize::try_from(s.quantity).unwrap_or(0),
        )
    });
    Ok((0..=u32::MAX)
        .zip(seat_types)
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
