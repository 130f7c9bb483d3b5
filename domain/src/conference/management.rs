//! The `Conference` aggregate of conference management: a CRUD-like record of a conference, its
//! publication and its seat types, whose events the orders context learns prices and quotas from.
//! One stream per conference, `Conference/<conference_id>`.

use serde::{Deserialize, Serialize};

use crate::kernel::{
    add_tight, Aggregate, Context, CouldRecord, Message, Money, NoView, Rejection, Text,
};

use super::{
    ConferenceCommand, ConferenceContext, ConferenceCreated, ConferenceEvent, ConferencePublished,
    ConferenceUnpublished, ConferenceUpdated, SeatCreated, SeatUpdated,
};

/// What conference management must remember to decide: whether the conference exists, whether it
/// is on sale, and which seat types it has (sorted, each once: it reads and writes as the JSON
/// array a set would; a conference has a handful).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConferenceState {
    pub created: bool,
    pub published: bool,
    pub seat_types: Vec<Text>,
}

/// The aggregate, one instance per `conference_id`.
pub struct Conference;

impl Aggregate<ConferenceContext> for Conference {
    const NAME: &'static str = "Conference";
    const COMMANDS: &'static [&'static str] = &[
        "CreateConference",
        "UpdateConference",
        "PublishConference",
        "UnpublishConference",
        "CreateSeat",
        "UpdateSeat",
    ];
    const EVENTS: &'static [&'static str] = &[
        "ConferenceCreated",
        "ConferenceUpdated",
        "ConferencePublished",
        "ConferenceUnpublished",
        "SeatCreated",
        "SeatUpdated",
    ];
    type State = ConferenceState;
    type View = NoView;

    fn command_stream(command: &ConferenceCommand) -> Option<Text> {
        let id = match command {
            ConferenceCommand::CreateConference(c) => &c.conference_id,
            ConferenceCommand::UpdateConference(c) => &c.conference_id,
            ConferenceCommand::PublishConference(c) => &c.conference_id,
            ConferenceCommand::UnpublishConference(c) => &c.conference_id,
            ConferenceCommand::CreateSeat(c) => &c.conference_id,
            ConferenceCommand::UpdateSeat(c) => &c.conference_id,
            _ => return None,
        };
        Some(id.clone())
    }

    fn event_stream(event: &ConferenceEvent) -> Option<Text> {
        let id = match event {
            ConferenceEvent::ConferenceCreated(e) => &e.conference_id,
            ConferenceEvent::ConferenceUpdated(e) => &e.conference_id,
            ConferenceEvent::ConferencePublished(e) => &e.conference_id,
            ConferenceEvent::ConferenceUnpublished(e) => &e.conference_id,
            ConferenceEvent::SeatCreated(e) => &e.conference_id,
            ConferenceEvent::SeatUpdated(e) => &e.conference_id,
            _ => return None,
        };
        Some(id.clone())
    }

    fn decide(
        state: &ConferenceState,
        command: &ConferenceCommand,
        _: &Context<'_, NoView>,
    ) -> Result<Vec<ConferenceEvent>, Rejection> {
        match command {
            ConferenceCommand::CreateConference(c) => {
                if state.created {
                    return Err(Rejection::new("conference already exists"));
                }
                Ok(vec![ConferenceCreated {
                    conference_id: c.conference_id.clone(),
                    name: c.name.clone(),
                    slug: c.slug.clone(),
                    description: c.description.clone(),
                    location: c.location.clone(),
                    tagline: c.tagline.clone(),
                    start_date: c.start_date,
                    end_date: c.end_date,
                    owner_name: c.owner_name.clone(),
                    owner_email: c.owner_email.clone(),
                }
                .into()])
            }
            ConferenceCommand::UpdateConference(c) => {
                require_conference(state)?;
                Ok(vec![ConferenceUpdated {
                    conference_id: c.conference_id.clone(),
                    name: c.name.clone(),
                    slug: c.slug.clone(),
                    description: c.description.clone(),
                    location: c.location.clone(),
                    tagline: c.tagline.clone(),
                    start_date: c.start_date,
                    end_date: c.end_date,
                    owner_name: c.owner_name.clone(),
                    owner_email: c.owner_email.clone(),
                }
                .into()])
            }
            ConferenceCommand::PublishConference(c) => {
                require_conference(state)?;
                Ok(unless(
                    state.published,
                    ConferencePublished {
                        conference_id: c.conference_id.clone(),
                    },
                ))
            }
            ConferenceCommand::UnpublishConference(c) => {
                require_conference(state)?;
                Ok(unless(
                    !state.published,
                    ConferenceUnpublished {
                        conference_id: c.conference_id.clone(),
                    },
                ))
            }
            ConferenceCommand::CreateSeat(c) => {
                require_conference(state)?;
                if state.seat_types.contains(&c.seat_type) {
                    return Err(Rejection::new(format!(
                        "seat type already exists: {}",
                        c.seat_type
                    )));
                }
                require_valid_seat(c.price, c.quantity)?;
                Ok(vec![SeatCreated {
                    conference_id: c.conference_id.clone(),
                    seat_type: c.seat_type.clone(),
                    name: c.name.clone(),
                    description: c.description.clone(),
                    price: c.price,
                    quantity: c.quantity,
                }
                .into()])
            }
            ConferenceCommand::UpdateSeat(c) => {
                require_conference(state)?;
                if !state.seat_types.contains(&c.seat_type) {
                    return Err(Rejection::new(format!(
                        "unknown seat type: {}",
                        c.seat_type
                    )));
                }
                require_valid_seat(c.price, c.quantity)?;
                Ok(vec![SeatUpdated {
                    conference_id: c.conference_id.clone(),
                    seat_type: c.seat_type.clone(),
                    name: c.name.clone(),
                    description: c.description.clone(),
                    price: c.price,
                    quantity: c.quantity,
                }
                .into()])
            }
            other => Err(Rejection::new(format!(
                "a conference does not handle {}",
                other.name()
            ))),
        }
    }

    fn evolve(mut state: ConferenceState, event: &ConferenceEvent) -> ConferenceState {
        match event {
            ConferenceEvent::ConferenceCreated(_) => state.created = true,
            ConferenceEvent::ConferencePublished(_) => state.published = true,
            ConferenceEvent::ConferenceUnpublished(_) => state.published = false,
            ConferenceEvent::SeatCreated(e) => {
                add_tight(&mut state.seat_types, e.seat_type.clone());
            }
            _ => {}
        }
        state
    }

    const COULD_RECORD: Option<CouldRecord<ConferenceContext, Self>> =
        Some(|state, _, event| could_record(state, event));
}

/// Why a conference in `state` could not have recorded `event`, as `decide` would never have:
/// created once, and nothing before; each seat type created once and only then updated, never
/// at a price or quota below zero; put on sale or taken off sale only when that changes
/// something.
fn could_record(state: &ConferenceState, event: &ConferenceEvent) -> Result<(), String> {
    // Named only when the event is refused: nothing is copied for an event admitted.
    let id = || Conference::event_stream(event).unwrap_or_default();
    // As `decide` asks it: a state read back from a snapshot need not keep its list sorted.
    let seat_type_is_known = |seat_type: &Text| state.seat_types.contains(seat_type);
    match event {
        ConferenceEvent::ConferenceCreated(_) if state.created => {
            Err(format!("conference {} was created already", id()))
        }
        ConferenceEvent::ConferenceCreated(_) => Ok(()),
        _ if !state.created => Err(format!("conference {} was never created", id())),
        ConferenceEvent::ConferencePublished(_) if state.published => {
            Err(format!("conference {} was on sale already", id()))
        }
        ConferenceEvent::ConferenceUnpublished(_) if !state.published => {
            Err(format!("conference {} was not on sale", id()))
        }
        ConferenceEvent::SeatCreated(e) if seat_type_is_known(&e.seat_type) => Err(format!(
            "seat type {} of conference {} was created already",
            e.seat_type,
            id()
        )),
        ConferenceEvent::SeatCreated(e) => valid_seat(&e.seat_type, e.price, e.quantity),
        ConferenceEvent::SeatUpdated(e) if !seat_type_is_known(&e.seat_type) => Err(format!(
            "conference {} has no seat type {} to update",
            id(),
            e.seat_type
        )),
        ConferenceEvent::SeatUpdated(e) => valid_seat(&e.seat_type, e.price, e.quantity),
        _ => Ok(()),
    }
}

/// `require_valid_seat`, in the words of a seat type already recorded.
fn valid_seat(seat_type: &str, price: Money, quantity: i64) -> Result<(), String> {
    if price.is_negative() {
        return Err(format!(
            "seat type {seat_type} is priced at {price}: a price is never below zero"
        ));
    }
    if quantity < 0 {
        return Err(format!(
            "seat type {seat_type} has {quantity} seats: a quota is never below zero"
        ));
    }
    Ok(())
}

fn require_conference(state: &ConferenceState) -> Result<(), Rejection> {
    if state.created {
        Ok(())
    } else {
        Err(Rejection::new("unknown conference"))
    }
}

/// A seat type's price and quota are never negative, whether it is created or changed.
fn require_valid_seat(price: Money, quantity: i64) -> Result<(), Rejection> {
    if price.is_negative() {
        return Err(Rejection::new("negative price"));
    }
    if quantity < 0 {
        return Err(Rejection::new("negative quantity"));
    }
    Ok(())
}

/// Publishing twice, or unpublishing what is off sale, records nothing.
fn unless(already: bool, event: impl Into<ConferenceEvent>) -> Vec<ConferenceEvent> {
    if already {
        Vec::new()
    } else {
        vec![event.into()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conference::told::{refused, told};

    fn created() -> ConferenceEvent {
        told(
            "ConferenceCreated",
            r#"{"conference_id":"conf-1","name":"RustConf","slug":"rustconf","start_date":"2026-03-01T09:00:00Z","end_date":"2026-03-03T17:00:00Z"}"#,
        )
    }

    fn seat(event: &str, price: &str, quantity: i64) -> ConferenceEvent {
        told(
            event,
            &format!(
                r#"{{"conference_id":"conf-1","seat_type":"full","name":"Full","price":"{price}","quantity":{quantity}}}"#
            ),
        )
    }

    fn published() -> ConferenceEvent {
        told("ConferencePublished", r#"{"conference_id":"conf-1"}"#)
    }

    fn refused_after(past: &[ConferenceEvent], next: ConferenceEvent) -> Option<String> {
        refused::<Conference>(past, &next)
    }

    #[test]
    fn a_conference_s_own_life_is_admitted() {
        let life = [
            created(),
            seat("SeatCreated", "199.00", 10),
            published(),
            seat("SeatUpdated", "0", 0),
            told("ConferenceUnpublished", r#"{"conference_id":"conf-1"}"#),
        ];
        for (i, next) in life.iter().enumerate() {
            assert_eq!(refused::<Conference>(&life[..i], next), None, "{next:?}");
        }
    }

    #[test]
    fn a_conference_is_created_once_and_nothing_comes_before() {
        assert_eq!(
            refused_after(&[created()], created()).as_deref(),
            Some("conference conf-1 was created already")
        );
        assert_eq!(
            refused_after(&[], published()).as_deref(),
            Some("conference conf-1 was never created")
        );
    }

    #[test]
    fn a_seat_type_is_created_once_and_updated_only_once_created() {
        assert_eq!(
            refused_after(
                &[created(), seat("SeatCreated", "199.00", 10)],
                seat("SeatCreated", "199.00", 10)
            )
            .as_deref(),
            Some("seat type full of conference conf-1 was created already")
        );
        assert_eq!(
            refused_after(&[created()], seat("SeatUpdated", "199.00", 10)).as_deref(),
            Some("conference conf-1 has no seat type full to update")
        );
    }

    #[test]
    fn a_seat_type_s_price_and_quota_are_never_below_zero() {
        assert_eq!(
            refused_after(&[created()], seat("SeatCreated", "-49.00", 10)).as_deref(),
            Some("seat type full is priced at -49.00: a price is never below zero")
        );
        assert_eq!(
            refused_after(
                &[created(), seat("SeatCreated", "49.00", 10)],
                seat("SeatUpdated", "49.00", -1)
            )
            .as_deref(),
            Some("seat type full has -1 seats: a quota is never below zero")
        );
    }

    #[test]
    fn publishing_or_unpublishing_is_recorded_only_when_it_changes_something() {
        assert_eq!(
            refused_after(&[created(), published()], published()).as_deref(),
            Some("conference conf-1 was on sale already")
        );
        assert_eq!(
            refused_after(
                &[created()],
                told("ConferenceUnpublished", r#"{"conference_id":"conf-1"}"#)
            )
            .as_deref(),
            Some("conference conf-1 was not on sale")
        );
    }
}
