//! Peak memory of a streaming verification against the size of the read models it built.

use std::io::BufRead;

use domain::kernel::System;

use super::{read_models_json, verify, VerifyOptions};
use crate::judging::Judged;

/// Peak memory of a streaming verification against the size of the read models it built.
#[derive(Clone, Debug)]
pub struct MemoryFigures {
    pub events: u64,
    /// The process's peak resident memory (`VmHWM`), if the system tells it.
    pub peak_bytes: Option<u64>,
    /// The read models written as JSON (as `--export-read-models` writes them, compact).
    pub read_model_bytes: u64,
    /// Invariant breaches the verification found (events no command could have recorded among
    /// them): the figures measure it all the same, and say that the log is not clean.
    pub breaches: u64,
}

impl MemoryFigures {
    /// The process's peak so far, against the read models `system` built from `events` events,
    /// with `breaches` found on the way.
    pub fn after<C: Judged>(events: u64, breaches: u64, system: &System<C>) -> Self {
        MemoryFigures {
            events,
            breaches,
            peak_bytes: peak_memory(),
            read_model_bytes: serde_json::to_vec(&read_models_json(system))
                .map_or(0, |v| v.len() as u64),
        }
    }

    pub fn report(&self) -> String {
        let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
        let not_clean = match self.breaches {
            0 => String::new(),
            n => format!(
                "  the log is not clean: the verification found {}; the figures measure it all \
                 the same: run without --bench to see {}\n",
                super::plural(n, "invariant breach", "invariant breaches"),
                match n {
                    1 => "it",
                    _ => "them",
                }
            ),
        };
        not_clean
            + &match self.peak_bytes {
            Some(peak) => format!(
                "  peak memory of a streaming verification of {} events: {:.1} MiB; read models \
                 built: {:.1} MiB as JSON; ratio {:.2} (target: at most 2, {}){}\n",
                self.events,
                mib(peak),
                mib(self.read_model_bytes),
                peak as f64 / self.read_model_bytes.max(1) as f64,
                super::bench::met(peak <= 2 * self.read_model_bytes),
                // The program's own memory (its code, its threads' stacks) is the most of a
                // small log's peak, which says nothing of how memory grows with the log.
                match self.events < 100_000 {
                    true => "; a log this small measures mostly the program itself: the target \
                             is for millions of events",
                    false => "",
                }
            ),
            None => format!(
                "  peak memory: not reported by this system; read models built: {:.1} MiB as JSON\n",
                mib(self.read_model_bytes)
            ),
        }
    }
}

/// The peak resident memory of this process so far, from `/proc/self/status` (Linux).
pub fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Verifies a log streamed from `input` and reports the peak memory it took against the size of
/// the read models it built. Run it before anything else holds much memory: the peak is the
/// process's. A log that does not read whole is no measure (its lines were counted as events,
/// and figures printed for it as for a sound one): the first error instead. One with breaches
/// is: its verification does the work of any other.
pub fn measure_memory<C: Judged>(
    input: impl BufRead + Send,
    source: &str,
) -> Result<MemoryFigures, String> {
    let (report, system) = verify::<C>(input, source, &VerifyOptions::default(), None);
    if let Some(e) = report.errors.first() {
        return Err(format!("the log does not read whole: {e}"));
    }
    let breaches = report.invariant_breaches.len() as u64;
    Ok(MemoryFigures::after(report.events, breaches, &system))
}
