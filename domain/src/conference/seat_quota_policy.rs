//! The seat quota policy: carries each conference's seat quotas from conference management into
//! seat availability, as `AddSeats` and `RemoveSeats` for every change of a seat type's quantity.

use litemap::LiteMap;
use serde::{Deserialize, Serialize};

use crate::conference::{
    AddSeats, ConferenceCommand, ConferenceContext, ConferenceEvent, RemoveSeats,
};
use crate::kernel::{insert_tight, Input, Outgoing, ProcessContext, ProcessManager, Text};

/// The last known quantity of each seat type of one conference: a handful, in a flat sorted list
/// (it reads and writes as the JSON object a map would).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatQuotas {
    pub quantities: LiteMap<Text, i64>,
}

/// The policy, one instance per `conference_id`.
pub struct SeatQuotaPolicy;

/// A seat type's quantity as conference management now states it.
struct Quota<'a> {
    conference_id: &'a str,
    seat_type: &'a str,
    quantity: i64,
}

impl ProcessManager<ConferenceContext> for SeatQuotaPolicy {
    const NAME: &'static str = "SeatQuotaPolicy";
    const SUBSCRIBES: &'static [&'static str] = &["SeatCreated", "SeatUpdated"];
    const HANDLES: &'static [&'static str] = &[];
    type State = SeatQuotas;

    fn instance(input: &Input<'_, ConferenceContext>) -> Option<Text> {
        quota(input).map(|q| Text::from(q.conference_id))
    }

    fn react(
        state: &SeatQuotas,
        input: &Input<'_, ConferenceContext>,
        _: &ProcessContext,
    ) -> Vec<Outgoing<ConferenceCommand>> {
        quota(input)
            .and_then(|q| {
                let known = state.quantities.get(q.seat_type).copied();
                quota_change(&q, known)
            })
            .map(Outgoing::Send)
            .into_iter()
            .collect()
    }

    fn evolve(
        mut state: SeatQuotas,
        input: &Input<'_, ConferenceContext>,
        _: &ProcessContext,
    ) -> SeatQuotas {
        if let Some(q) = quota(input) {
            insert_tight(&mut state.quantities, q.seat_type.into(), q.quantity);
        }
        state
    }
}

/// Creating and updating a seat type both state its quantity; the policy treats them alike, so
/// that a repeated `SeatCreated` only sends what changed.
fn quota<'a>(input: &'a Input<'_, ConferenceContext>) -> Option<Quota<'a>> {
    match input.event()? {
        ConferenceEvent::SeatCreated(s) => Some(Quota {
            conference_id: &s.conference_id,
            seat_type: &s.seat_type,
            quantity: s.quantity,
        }),
        ConferenceEvent::SeatUpdated(s) => Some(Quota {
            conference_id: &s.conference_id,
            seat_type: &s.seat_type,
            quantity: s.quantity,
        }),
        _ => None,
    }
}

/// The command that brings availability to the stated quantity. A seat type seen for the first
/// time is always added, even with no seats, so that availability knows it exists.
fn quota_change(quota: &Quota<'_>, known: Option<i64>) -> Option<ConferenceCommand> {
    let change = quota.quantity.saturating_sub(known.unwrap_or(0));
    if change < 0 {
        Some(
            RemoveSeats {
                conference_id: quota.conference_id.into(),
                seat_type: quota.seat_type.into(),
                quantity: change.saturating_neg(),
            }
            .into(),
        )
    } else if change > 0 || known.is_none() {
        Some(
            AddSeats {
                conference_id: quota.conference_id.into(),
                seat_type: quota.seat_type.into(),
                quantity: change,
            }
            .into(),
        )
    } else {
        None
    }
}
