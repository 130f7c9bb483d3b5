//! `gwt simulate --export`: a realistic recorded log to try a migration on. Every history of a
//! simulation becomes its own part of one log (its ids, stream ids and the ids the context says
//! histories share, suffixed `-h<k>`, so histories do not collide), written as JSON lines of stored forms, current or in a random mix of older forms.

use std::collections::HashSet;
use std::io::{self, Write};

use domain::kernel::{Message, StoredEvent, StreamId, Text};
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

/// Writes the logs of `options.histories` histories; returns how many events were written.
pub fn export<C: Simulated>(
    options: &Options,
    versions: Versions,
    out: &mut dyn Write,
) -> io::Result<u64> {
    let prepared = prepare::<C>(options.start, Variant::default());
    let mut written = 0;
    for k in 0..options.histories {
        let seed = history_seed(options.seed, k);
        let Some(history) = history_of::<C>(seed, options.max_steps) else {
            continue;
        };
        let (_, system) = run_from(&prepared, &history, seed, options.kinds);
        let log = system.store().log();
        let ids: HashSet<Text> = log
            .iter()
            .map(|e| e.stream.id.clone())
            .chain(C::shared_ids().iter().map(Text::new))
            .collect();
        let suffix = format!("-h{k}");
        let mut rng = SplitMix::new(seed ^ 0xE2_9047);
        for e in log {
            let upcasters = system.upcasters();
            let mut stored = match versions {
                Versions::Current => StoredEvent::encode::<C>(e, upcasters),
                Versions::Mixed => {
                    let forms = upcasters.stored_forms(e.message.name());
                    let (_, version) = forms[rng.below(forms.len() as u64) as usize];
                    StoredEvent::encode_version::<C>(e, upcasters, version)
                        .unwrap_or_else(|_| StoredEvent::encode::<C>(e, upcasters))
                }
            };
            stored.stream = StreamId::new(
                stored.stream.kind.clone(),
                format!("{}{suffix}", stored.stream.id),
            );
            rename(&mut stored.payload, &ids, &suffix);
            C::exported(&mut stored);
            serde_json::to_writer(&mut *out, &stored)?;
            out.write_all(b"\n")?;
            written += 1;
        }
    }
    out.flush()?;
    Ok(written)
}
