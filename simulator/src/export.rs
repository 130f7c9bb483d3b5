//! `gwt simulate --export`: a realistic recorded log to try a migration on. Every history of a
//! simulation becomes its own part of one log (its ids, stream ids and the ids the context says
//! histories share, suffixed `-h<k>`, so histories do not collide), written as JSON lines of
//! stored forms, current or in a random mix of older forms. History `k` starts `k` minutes after
//! the first, every instant it holds moved with it, and the log holds the histories' events in
//! the order they were recorded, interleaved, as a store written by many users at once does.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::io::{self, Write};

use domain::kernel::{
    instant_text, minutes, minutes_left, parse_instant, Envelope, FieldSpec, FieldType, Instant,
    Message, StoredEvent, StreamId, Text,
};
use serde_json::Value;

use crate::engine::{prepare, run_from, Variant};
use crate::faults::SplitMix;
use crate::search::{history_of, history_seed, Options};
use crate::simulation::Simulated;

/// Which stored forms the export writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Versions {
    /// Every event in its current form.
    Current,
    /// Each event in a random one of its stored forms, older ones included.
    Mixed,
}

fn rename(value: &mut Value, ids: &HashSet<Text>, suffix: &str) {
    match value {
        Value::String(s) if ids.contains(s.as_str()) => s.push_str(suffix),
        Value::Array(items) => items.iter_mut().for_each(|v| rename(v, ids, suffix)),
        Value::Object(map) => map.values_mut().for_each(|v| rename(v, ids, suffix)),
        _ => {}
    }
}

/// How much later each history starts than the one before it. Histories last minutes to a few
/// hours, so a few hundred are under way at any time: enough to interleave streams as a busy
/// store does, few enough to hold while their events wait for their turn.
const STAGGER_MINUTES: i64 = 1;

/// The most histories an export from `start` can hold: each starts a minute after the one
/// before, and the last must leave its history a year to run before the last instant the clock
/// holds (year 262142), so that no instant moved with it runs past that.
pub fn most_histories(start: Instant) -> u64 {
    const TWO_YEARS_MINUTES: i64 = 2 * 366 * 24 * 60;
    let minutes = (minutes_left(start) - TWO_YEARS_MINUTES).max(0) as u64;
    minutes / STAGGER_MINUTES as u64
}

/// Writes the logs of `options.histories` histories (at most `most_histories`); returns how
/// many events were written.
pub fn export<C: Simulated>(
    options: &Options,
    versions: Versions,
    out: &mut dyn Write,
) -> io::Result<u64> {
    let prepared = prepare::<C>(options.start, Variant::default());
    let fields: HashMap<&'static str, Vec<FieldSpec>> = C::Event::specs()
        .into_iter()
        .map(|spec| (spec.name, spec.fields))
        .collect();
    // Lines waiting for their turn: by when they were recorded, then by history, then by place
    // in it, so that each history keeps its own order.
    let mut waiting: BinaryHeap<Reverse<(Instant, u64, usize, String)>> = BinaryHeap::new();
    let mut written = 0;
    let mut write = |line: String, out: &mut dyn Write| -> io::Result<()> {
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
        written += 1;
        Ok(())
    };
    let shared_ids = C::shared_ids(options.max_steps);
    for k in 0..options.histories {
        let later = minutes(STAGGER_MINUTES.saturating_mul(k as i64));
        let seed = history_seed(options.seed, k);
        if let Some(history) = history_of::<C>(seed, options.max_steps) {
            let (_, system) = run_from(&prepared, &history, seed, options.kinds);
            let log = system.store().log();
            let ids: HashSet<Text> = log
                .iter()
                .map(|e| e.stream.id.clone())
                .chain(shared_ids.iter().cloned())
                .collect();
            let suffix = format!("-h{k}");
            let mut rng = SplitMix::new(seed ^ 0xE2_9047);
            // A history's own order is kept even where its clock stood still or went back.
            let mut turn = Instant::MIN_UTC;
            for (i, e) in log.iter().enumerate() {
                let e = moved::<C>(e, later, &fields);
                let upcasters = system.upcasters();
                let mut stored = match versions {
                    Versions::Current => StoredEvent::encode::<C>(&e, upcasters),
                    Versions::Mixed => {
                        let forms = upcasters.stored_forms(e.message.name());
                        let (_, version) = forms[rng.below(forms.len() as u64) as usize];
                        StoredEvent::encode_version::<C>(&e, upcasters, version)
                            .unwrap_or_else(|_| StoredEvent::encode::<C>(&e, upcasters))
                    }
                };
                stored.stream = StreamId::new(
                    stored.stream.kind.clone(),
                    format!("{}{suffix}", stored.stream.id),
                );
                rename(&mut stored.payload, &ids, &suffix);
                C::exported(&mut stored);
                turn = turn.max(e.recorded_at);
                let line = serde_json::to_string(&stored).map_err(io::Error::other)?;
                waiting.push(Reverse((turn, k, i, line)));
            }
        }
        // Every later history starts after this instant: what was recorded before it is due.
        let next = options.start + minutes(STAGGER_MINUTES.saturating_mul(k as i64 + 1));
        while waiting.peek().is_some_and(|Reverse((at, ..))| *at < next) {
            if let Some(Reverse((.., line))) = waiting.pop() {
                write(line, out)?;
            }
        }
    }
    while let Some(Reverse((.., line))) = waiting.pop() {
        write(line, out)?;
    }
    out.flush()?;
    Ok(written)
}

/// `e` recorded `later`, and every instant its message holds moved as much, so that a history
/// started later says the same of its own time.
fn moved<C: Simulated>(
    e: &Envelope<C::Event>,
    later: chrono::TimeDelta,
    fields: &HashMap<&'static str, Vec<FieldSpec>>,
) -> Envelope<C::Event> {
    let mut moved = e.clone();
    if later.is_zero() {
        return moved;
    }
    moved.recorded_at = e.recorded_at + later;
    let name = e.message.name();
    let Some(specs) = fields
        .get(name)
        .filter(|specs| specs.iter().any(|f| holds_instants(&f.ty)))
    else {
        return moved;
    };
    let mut payload = e.message.payload();
    move_fields(&mut payload, specs, later);
    // Moving an instant leaves the payload's shape as it was, so it reads back; a message that
    // did not would keep its own instants, which its history's first minutes hold true.
    if let Ok(message) = C::Event::from_payload(name, payload) {
        moved.message = message;
    }
    moved
}

/// Whether a field of this type holds an instant, at any depth.
fn holds_instants(ty: &FieldType) -> bool {
    match ty {
        FieldType::Instant => true,
        FieldType::List(inner) | FieldType::Optional(inner) => holds_instants(inner),
        FieldType::Record { fields, .. } => fields.iter().any(|f| holds_instants(&f.ty)),
        _ => false,
    }
}

/// Moves every instant of a payload (or record) with `fields` by `later`.
fn move_fields(value: &mut Value, fields: &[FieldSpec], later: chrono::TimeDelta) {
    let Value::Object(map) = value else {
        return;
    };
    for field in fields {
        if let Some(v) = map.get_mut(field.name) {
            move_value(v, &field.ty, later);
        }
    }
}

/// Moves every instant of a value of type `ty` by `later`.
fn move_value(value: &mut Value, ty: &FieldType, later: chrono::TimeDelta) {
    match (ty, value) {
        (FieldType::Instant, Value::String(text)) => {
            if let Ok(at) = parse_instant(text) {
                *text = instant_text(at + later);
            }
        }
        (FieldType::List(inner), Value::Array(items)) => {
            items.iter_mut().for_each(|v| move_value(v, inner, later))
        }
        (FieldType::Optional(inner), v) => move_value(v, inner, later),
        (FieldType::Record { fields, .. }, v) => move_fields(v, fields, later),
        _ => {}
    }
}
