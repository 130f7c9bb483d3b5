//! `gwt simulate --bench`: events checked per second by the simulator with every check on,
//! against a bare fold of the same events (aggregates replayed and read models rebuilt, nothing
//! else), measured in one run so that the ratio survives a noisy machine.

use std::time::Instant as Clock;

use crate::engine::{prepare, run_from, Variant};
use crate::search::{history_of, history_seed, Options};
use crate::simulation::Simulated;

#[derive(Clone, Debug)]
pub struct Figures {
    pub histories: u64,
    pub events: u64,
    pub checked_per_second: f64,
    pub folded_per_second: f64,
}

impl Figures {
    pub fn ratio(&self) -> f64 {
        self.checked_per_second / self.folded_per_second
    }

    pub fn report(&self, domain: &str) -> String {
        format!(
            "{} histories of `{domain}`, {} events\n  simulated with every check on: {:>12.0} events/s\n  bare fold of the same events:   {:>12.0} events/s\n  ratio: {:.3} of the bare fold (target: at least 0.25)\n",
            self.histories,
            self.events,
            self.checked_per_second,
            self.folded_per_second,
            self.ratio()
        )
    }
}

/// Simulates `options.histories` histories (timed), then folds their logs (timed), best of
/// `rounds` for each.
pub fn measure<C: Simulated>(options: &Options, rounds: usize) -> Figures {
    let histories: Vec<(u64, _)> = (0..options.histories)
        .map(|i| history_seed(options.seed, i))
        .filter_map(|s| history_of::<C>(s, options.max_steps).map(|h| (s, h)))
        .collect();
    let mut best_checked = f64::INFINITY;
    let mut best_fold = f64::INFINITY;
    let mut events = 0;
    let mut systems = Vec::new();
    let prepared = prepare::<C>(options.start, Variant::default());
    for round in 0..rounds.max(1) {
        // The first round keeps its systems for the fold; later rounds drop each one as
        // `gwt simulate` does, so that memory is reused as it is in a real simulation.
        let started = Clock::now();
        let mut ended = Vec::new();
        for (seed, history) in &histories {
            let (run, system) = run_from(&prepared, history, *seed, options.kinds);
            if round == 0 {
                events += run.events;
                ended.push(system);
            }
        }
        best_checked = best_checked.min(started.elapsed().as_secs_f64());
        if round == 0 {
            systems = ended;
        }
        let started = Clock::now();
        let mut folded = 0usize;
        for system in &systems {
            folded += system.replay_aggregates().len() + system.rebuild_read_models().len();
        }
        std::hint::black_box(folded);
        best_fold = best_fold.min(started.elapsed().as_secs_f64());
    }
    Figures {
        histories: histories.len() as u64,
        events,
        checked_per_second: events as f64 / best_checked.max(1e-9),
        folded_per_second: events as f64 / best_fold.max(1e-9),
    }
}
