//! Events told in a unit test as a log stores them (a name and a JSON payload), and the state an
//! aggregate reaches by folding them: to ask what it could have recorded next.

use crate::kernel::{Aggregate, Envelope, Instant, Message, MessageId, StreamId, View};

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

/// What the view of `A` holds after `past`, each event fed to it as if recorded.
pub fn seen<A: Aggregate<ConferenceContext>>(past: &[ConferenceEvent]) -> A::View {
    let mut view = A::View::default();
    for (i, event) in past.iter().enumerate() {
        view.apply(&Envelope {
            id: MessageId(i as u64),
            stream: StreamId::new("told", "told"),
            sequence: i as u64 + 1,
            recorded_at: Instant::default(),
            causation_id: None,
            correlation_id: None,
            message: event.clone(),
        });
    }
    view
}

/// Why an instance of `A` after `past` could not have recorded `next`; `None` when it could.
/// `past` may hold other aggregates' events: the instance folds what it folds, and its view
/// sees them all, as in a log.
pub fn refused<A: Aggregate<ConferenceContext>>(
    past: &[ConferenceEvent],
    next: &ConferenceEvent,
) -> Option<String> {
    crate::kernel::could_record::<_, A>(&after::<A>(past), Some(&seen::<A>(past)), next).err()
}
