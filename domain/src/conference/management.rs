//! The `Conference` aggregate of conference management: a CRUD-like record of a conference, its
//! publication and its seat types, whose events the orders context learns prices and quotas from.
//! One stream per conference, `Conference/<conference_id>`.

use serde::{Deserialize, Serialize};

use crate::kernel::{add_tight, Aggregate, Context, Message, Money, NoView, Rejection, Text};

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
