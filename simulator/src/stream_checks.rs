//! An aggregate instance against its stream: replayed from the whole stream it must equal the
//! live instance, and rebuilt from a snapshot taken part-way plus the rest of the stream it must
//! equal that replay. After a history, one stream it wrote to is checked: the one that ranks
//! first by a draw from the history's seed and the stream's name, cut at a point drawn the same
//! way. Shrinking keeps the seed, so a shrunk history that still writes to the stream that
//! failed has it checked again (it still ranks first among fewer), where one stream drawn from
//! the whole log by its position was another, or none, as soon as the log grew shorter. Every
//! stream of every history cost a sixth of the simulation's speed, one of each aggregate's an
//! eighth, for snapshots written and read back. The scene's streams are checked once, at every
//! point.

use std::sync::Arc;

use domain::kernel::{AggregateSlot, BoundedContext, Envelope, StreamId, System};

use crate::engine::Check;
use crate::faults::SplitMix;

/// Of the streams `system`'s log wrote to from its `from`th event on, the one drawn for `seed`,
/// with a snapshot at the point drawn for it: what differs, and how.
pub fn streams_written_since<C: BoundedContext>(
    system: &System<C>,
    seed: u64,
    from: usize,
) -> Option<(Check, String)> {
    let log = system.store().log();
    let mut first: Option<(&StreamId, Draw)> = None;
    for e in log.get(from..).unwrap_or_default() {
        let stream = &e.stream;
        match first {
            Some((s, _)) if s == stream => {}
            Some((_, draw)) => {
                let other = Draw::of(seed, stream);
                if other.rank < draw.rank {
                    first = Some((stream, other));
                }
            }
            None => first = Some((stream, Draw::of(seed, stream))),
        }
    }
    let (stream, draw) = first?;
    let events = events_of(log, stream);
    stream_differs(system, stream, &events, &[draw.point(events.len())], |_| {
        true
    })
}

/// Every stream of `system`'s log, with a snapshot at every point of it, for the first failure
/// of a check `wanted` takes: for a log checked once (the scene's), or a scenario whose Givens
/// are being cut, where a point drawn anew as a stream grows shorter could miss what another
/// point shows.
pub fn every_stream_at_every_point<C: BoundedContext>(
    system: &System<C>,
    wanted: impl Fn(Check) -> bool,
) -> Option<(Check, String)> {
    let log = system.store().log();
    let mut streams: Vec<&StreamId> = Vec::new();
    for e in log {
        if !streams.contains(&&e.stream) {
            streams.push(&e.stream);
        }
    }
    streams.into_iter().find_map(|stream| {
        let events = events_of(log, stream);
        let points: Vec<usize> = (1..=events.len()).collect();
        stream_differs(system, stream, &events, &points, &wanted)
    })
}

fn events_of<'l, E>(log: &'l [Arc<Envelope<E>>], stream: &StreamId) -> Vec<&'l Arc<Envelope<E>>> {
    log.iter().filter(|e| &e.stream == stream).collect()
}

/// What is drawn for a stream from a history's seed and the stream's name.
#[derive(Clone, Copy)]
struct Draw {
    /// Of the streams a history wrote to, the lowest is checked: the same among any of them that
    /// holds it.
    rank: u64,
    fraction: u64,
}

impl Draw {
    fn of(seed: u64, stream: &StreamId) -> Draw {
        let mut rng = SplitMix::new(seed ^ 0x5A4E_5A4E ^ name_hash(stream));
        Draw {
            rank: rng.next_u64(),
            fraction: rng.next_u64(),
        }
    }

    /// Where the snapshot of a stream of `len` events is taken: after at least one event (a
    /// snapshot of nothing restores nothing), at the drawn fraction of the stream, so that the
    /// point moves little as shrinking shortens the stream.
    fn point(self, len: usize) -> usize {
        1 + ((u128::from(self.fraction) * len as u128) >> 64) as usize
    }
}

/// FNV-1a over the stream's kind and id: the same on every machine and every run, as a
/// simulation's output must be.
fn name_hash(stream: &StreamId) -> u64 {
    let bytes = stream
        .kind
        .as_bytes()
        .iter()
        .chain(b"/")
        .chain(stream.id.as_bytes());
    bytes.fold(0xCBF2_9CE4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01B3)
    })
}

/// The instance of `stream` replayed from `events` against the live one, then, for each point
/// of `points` (counts of events, ascending), rebuilt from a snapshot after that many of them
/// plus the rest against that replay: the first difference of a check `wanted` takes. One
/// replay serves every point, its snapshots taken on the way.
fn stream_differs<C: BoundedContext>(
    system: &System<C>,
    stream: &StreamId,
    events: &[&Arc<Envelope<C::Event>>],
    points: &[usize],
    wanted: impl Fn(Check) -> bool,
) -> Option<(Check, String)> {
    let slot = system.aggregate_slot(&stream.kind)?;
    // The log holds a stream's events in order, each beyond the one before: every fold takes.
    let fold = |instance: &mut dyn AggregateSlot<C>, events: &[&Arc<Envelope<C::Event>>]| {
        for e in events {
            let _ = instance.evolve(&stream.id, e.sequence, e.recorded_at, &e.message);
        }
    };
    let mut full = slot.fresh();
    let mut folded = 0;
    let mut snapshots = Vec::with_capacity(points.len());
    for &at in points {
        let at = at.clamp(folded, events.len());
        fold(full.as_mut(), &events[folded..at]);
        folded = at;
        // The snapshot goes through its stored form, as a stored snapshot would.
        snapshots.push((at, full.snapshot(&stream.id)));
    }
    fold(full.as_mut(), &events[folded..]);
    if !slot.same_instance(full.as_ref(), &stream.id) {
        return wanted(Check::Replay).then(|| {
            (
                Check::Replay,
                format!(
                    "{stream} is {} but a replay of its {} events gives {}",
                    shown(slot.state(&stream.id)),
                    events.len(),
                    shown(full.state(&stream.id))
                ),
            )
        });
    }
    if !wanted(Check::Snapshot) {
        return None;
    }
    snapshots.into_iter().find_map(|(at, snapshot)| {
        snapshot_differs(slot, full.as_ref(), stream, events, at, snapshot)
            .map(|message| (Check::Snapshot, message))
    })
}

/// The instance of `stream` rebuilt from `snapshot`, taken after `at` of `events`, plus the rest,
/// against `full`, their replay: how it differs.
fn snapshot_differs<C: BoundedContext>(
    slot: &dyn AggregateSlot<C>,
    full: &dyn AggregateSlot<C>,
    stream: &StreamId,
    events: &[&Arc<Envelope<C::Event>>],
    at: usize,
    snapshot: Option<String>,
) -> Option<String> {
    let mut resumed = slot.fresh();
    if let Some(snapshot) = snapshot {
        if let Err(e) = resumed.restore(&stream.id, &snapshot) {
            return Some(format!(
                "the snapshot of {stream} after {at} events does not read back: {e}"
            ));
        }
    }
    for e in &events[at..] {
        let _ = resumed.evolve(&stream.id, e.sequence, e.recorded_at, &e.message);
    }
    if resumed.same_instance(full, &stream.id) {
        return None;
    }
    let (from_snapshot, replayed) = (resumed.state(&stream.id), full.state(&stream.id));
    let differing = match from_snapshot == replayed {
        // Written alike, they differ in what the stored form leaves out: shown field by field.
        true => format!(
            " (written alike, they differ in what the snapshot does not keep: {})",
            crate::state_differences::debug_differences(
                &resumed.state_debug(&stream.id).unwrap_or_default(),
                &full.state_debug(&stream.id).unwrap_or_default()
            )
        ),
        false => String::new(),
    };
    Some(format!(
        "{stream} from a snapshot after {at} of {} events is {} but a full replay gives \
         {}{differing}",
        events.len(),
        shown(from_snapshot),
        shown(replayed)
    ))
}

/// An instance's state as a failure shows it.
fn shown(state: Option<serde_json::Value>) -> String {
    state.map_or("absent".into(), |v| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_point_is_within_the_stream_after_its_first_event_and_the_same_for_the_same_seed() {
        let stream = StreamId::new("Order", "order-1");
        for len in 1..=40 {
            for seed in 0..50 {
                let at = Draw::of(seed, &stream).point(len);
                assert!((1..=len).contains(&at), "{at} of {len}");
                assert_eq!(at, Draw::of(seed, &stream).point(len));
            }
        }
        // Drawn anew for each stream and seed: over many, every point of a stream is drawn.
        let points: std::collections::BTreeSet<usize> = (0..200)
            .map(|seed| Draw::of(seed, &stream).point(4))
            .collect();
        assert_eq!(points, (1..=4).collect());
        assert_ne!(
            (0..20)
                .map(|s| Draw::of(s, &stream).point(9))
                .collect::<Vec<_>>(),
            (0..20)
                .map(|s| Draw::of(s, &StreamId::new("Order", "order-2")).point(9))
                .collect::<Vec<_>>()
        );
    }
}
