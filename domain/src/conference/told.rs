//! Events told in a unit test as a log stores them (a name and a JSON payload), and the state an
//! aggregate reaches by folding them: to ask what it could have recorded next.

use crate::kernel::{Aggregate, Message};

use super::{ConferenceContext, ConferenceEvent};

/// The event `name` with the fields `payload` gives, as read from a stored log.
pub fn told(name: &str, payload: &str) -> ConferenceEvent {
    ConferenceEvent::from_payload_str(name, payload)
        .unwrap_or_else(|e| panic!("{name} {payload}: {e}"))
}

/// The state of an instance of `A` after `events`, folded in order.
pub fn after<A: Aggregate<ConferenceContext>>(events: &[ConferenceEvent]) -> A::State {
    events.iter().fold(A::State::default(), A::evolve)
}

/// Why an instance of `A` after `past` could not have recorded `next`; `None` when it could.
pub fn refused<A: Aggregate<ConferenceContext>>(
    past: &[ConferenceEvent],
    next: &ConferenceEvent,
) -> Option<String> {
    A::could_record(&after::<A>(past), next).err()
}
