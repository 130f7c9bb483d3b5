//! What the tests of the conference aggregates share: the instant they decide at, seat lists, a
//! state folded from events, a decision without a view, and the reason a decision was refused.

#![allow(dead_code)]

use std::fmt::Debug;

use chrono::{TimeZone, Utc};
use domain::conference::{ConferenceCommand, ConferenceContext, ConferenceEvent, SeatQuantities};
use domain::kernel::{Aggregate, Context, Instant, NoView, Rejection};

/// What an aggregate's `decide` gives.
pub type Decision = Result<Vec<ConferenceEvent>, Rejection>;

/// The instant every decision is made at.
pub fn t0() -> Instant {
    Utc.with_ymd_and_hms(2024, 5, 1, 9, 0, 0).unwrap()
}

pub fn seats(items: &[(&'static str, i64)]) -> SeatQuantities {
    SeatQuantities::new(items.iter().copied())
}

/// `A`'s state after `events`, from its default.
pub fn given<A: Aggregate<ConferenceContext>>(events: &[ConferenceEvent]) -> A::State {
    events.iter().fold(A::State::default(), A::evolve)
}

/// `A` deciding `command` in `state` at [`t0`], with no view.
pub fn decide<A: Aggregate<ConferenceContext, View = NoView>>(
    state: &A::State,
    command: impl Into<ConferenceCommand>,
) -> Decision {
    A::decide(
        state,
        &command.into(),
        &Context {
            now: t0(),
            view: &NoView,
        },
    )
}

/// The reason `result` was refused; a panic if it was not.
pub fn rejection<E: Debug>(result: Result<Vec<E>, Rejection>) -> String {
    match result {
        Err(r) => r.reason,
        Ok(events) => panic!("expected a rejection, got {events:?}"),
    }
}
