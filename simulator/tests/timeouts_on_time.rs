//! What a scheduled command leads to is recorded when it fell due, over random conference
//! histories under every fault (the store schedules nothing): a history's waits, and the hour
//! after its last step, pass through each timeout's instant, so none of its consequences is
//! dated where the wait ends. An export dated an order's expiry up to 85 minutes after its
//! reservation expired, and a prefix of that log failed `verify-migration`, which expects an
//! expired order to have ended within the hour.

use domain::conference::ConferenceContext;
use domain::kernel::{Entry, Instant, Message, MessageId, System};
use rustc_hash::FxHashMap;
use simulator::engine::{prepare, run_watched, Variant};
use simulator::faults::{FaultKinds, MOST_LATE_MINUTES};
use simulator::search::{history_of, history_seed};
use simulator::simulation::Simulated;

/// What the histories showed: events led to by a scheduled command, and how many of those were
/// recorded after the instant it was due as sent (a `late` fault delayed it).
#[derive(Debug, Default)]
struct Seen {
    led_to: usize,
    late: usize,
}

/// Runs `histories` histories of `C` under every fault and checks, for every event recorded,
/// the nearest scheduled command its causes lead back to: the event is recorded no earlier than
/// that command was due as sent, no later than that plus the most a `late` fault delays it, and
/// at the same instant as everything else that command led to.
fn timeouts_on_time<C: Simulated>(histories: u64) -> Seen {
    let scene = prepare::<C>(steps::world::default_start(), Variant::default());
    let most_late = chrono::TimeDelta::minutes(MOST_LATE_MINUTES);
    let mut seen = Seen::default();
    for index in 0..histories {
        let seed = history_seed(1, index);
        let history = history_of::<C>(seed, 30).expect("a history");
        // Watched, so that the journal keeps what was sent and recorded; the draws are the same.
        let mut watch = |_, _: &System<C>| {};
        let (_, system) = run_watched(&scene, &history, seed, FaultKinds::ALL, Some(&mut watch));
        // Each command sent and each event recorded, by id: what caused it, and when a command
        // was due if it was scheduled.
        let mut sent: FxHashMap<MessageId, (Option<MessageId>, Option<Instant>)> =
            FxHashMap::default();
        let mut recorded: FxHashMap<MessageId, Option<MessageId>> = FxHashMap::default();
        for entry in system.journal().entries() {
            match entry {
                Entry::Sent { command, due, .. } => {
                    sent.insert(command.id, (command.causation_id, *due));
                }
                Entry::Recorded(e) => {
                    recorded.insert(e.id, e.causation_id);
                }
                _ => {}
            }
        }
        let scheduled_cause = |mut cause: Option<MessageId>| {
            while let Some(id) = cause {
                cause = match (sent.get(&id), recorded.get(&id)) {
                    (Some(&(_, Some(due))), _) => return Some((id, due)),
                    (Some(&(by, None)), _) => by,
                    (None, Some(&by)) => by,
                    // A command sent from outside: the history's own step.
                    (None, None) => None,
                };
            }
            None
        };
        let mut instant_of: FxHashMap<MessageId, Instant> = FxHashMap::default();
        for e in system.journal().recorded(0) {
            let Some((timeout, due)) = scheduled_cause(e.causation_id) else {
                continue;
            };
            let at = e.recorded_at;
            let what = format!(
                "history {seed:#018x}: {} ({} #{}) recorded at {at}, led to by a command due at \
                 {due}",
                e.message.name(),
                e.stream,
                e.sequence
            );
            assert!(
                due <= at && at <= due + most_late,
                "{what}: more than {MOST_LATE_MINUTES} minutes after it was due"
            );
            let first = *instant_of.entry(timeout).or_insert(at);
            assert_eq!(
                first, at,
                "{what}: the same command led to an event at {first}"
            );
            seen.led_to += 1;
            seen.late += usize::from(at > due);
        }
    }
    seen
}

#[test]
fn what_a_timeout_leads_to_is_recorded_when_it_fell_due_in_the_conference() {
    let seen = timeouts_on_time::<ConferenceContext>(300);
    // Expiries and their cancellations, some of them delayed: enough for the check to mean
    // something.
    assert!(seen.led_to > 300 && seen.late > 100, "{seen:?}");
}
