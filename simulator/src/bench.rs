//! `gwt simulate --bench`: events checked per second by the simulator with every check on,
//! against a bare fold of the same events (aggregates replayed and read models rebuilt, nothing
//! else), measured in one run so that the ratios survive a noisy machine. The fold is timed two
//! ways, because where the events are in memory moves it by a third: over every log once the
//! run is over (as a replay of a recorded log reads them), and over each log right after its
//! history, still in cache as the simulator's own work is.

use std::time::{Duration, Instant as Clock};

use crate::engine::{prepare, run_from, Variant};
use crate::search::{history_of, history_seed, Options};
use crate::simulation::Simulated;

#[derive(Clone, Debug)]
pub struct Figures {
    pub histories: u64,
    pub events: u64,
    pub checked_per_second: f64,
    /// Every log folded once the run is over.
    pub folded_per_second: f64,
    /// Each history simulated, timed side by side with the fold of its log that follows it.
    pub side_by_side_checked_per_second: f64,
    /// Each log folded right after its history.
    pub hot_folded_per_second: f64,
}

impl Figures {
    /// Against the fold of every log once the run is over.
    pub fn ratio(&self) -> f64 {
        self.checked_per_second / self.folded_per_second
    }

    /// Against the fold of each log right after its history, both timed side by side.
    pub fn hot_ratio(&self) -> f64 {
        self.side_by_side_checked_per_second / self.hot_folded_per_second
    }

    /// The figures for the terminal, or why there are none: a run that recorded no event has
    /// no rate to give (its ratios were `NaN`).
    pub fn report(&self, domain: &str) -> Result<String, String> {
        let histories = crate::migration::plural(self.histories, "history", "histories");
        if self.events == 0 {
            return Err(format!(
                "{histories} of `{domain}` recorded no event: nothing to measure (give more \
                 --histories or --max-steps)"
            ));
        }
        let (ratio, hot_ratio) = (self.ratio(), self.hot_ratio());
        // Said, not left to the reader to compare with the target.
        let verdict = match ratio.min(hot_ratio) >= TARGET {
            true => "met".to_string(),
            false => format!(
                "not met by {}",
                match (ratio < TARGET, hot_ratio < TARGET) {
                    (true, true) => "either ratio",
                    (true, false) => "the first ratio",
                    _ => "the second ratio",
                }
            ),
        };
        Ok(format!(
            "{histories} of `{domain}`, {} events (drawn before the timing starts: a run's own \
             events/s counts the drawing of its histories too)\n  simulated with every check \
             on:           {:>12.0} events/s\n  bare fold of every log after the run:    {:>12.0} \
             events/s\n  side by side, each history simulated:    {:>12.0} events/s\n    and the \
             fold of its log right after:   {:>12.0} events/s\n  ratio: {ratio:.3} of the bare \
             fold after the run, {hot_ratio:.3} of the bare fold after each history (target: at \
             least {TARGET}, {verdict})\n",
            self.events,
            self.checked_per_second,
            self.folded_per_second,
            self.side_by_side_checked_per_second,
            self.hot_folded_per_second,
        ))
    }
}

/// The share of the bare fold's rate the simulator is to reach with every check on.
const TARGET: f64 = 0.25;

/// Simulates `options.histories` histories (timed), then folds their logs (timed); then runs
/// them again, timing each history and the fold of its log right after it, so that the second
/// pair of figures is taken side by side under the same load. Best of `rounds`: the fastest
/// round of each kind.
pub fn measure<C: Simulated>(options: &Options, rounds: usize) -> Figures {
    let histories: Vec<(u64, _)> = (0..options.histories)
        .map(|i| history_seed(options.seed, i))
        .filter_map(|s| history_of::<C>(s, options.max_steps).map(|h| (s, h)))
        .collect();
    let mut best_checked = Duration::MAX;
    let mut best_fold = Duration::MAX;
    // (simulated, folded) of the fastest interleaved round.
    let mut best_side_by_side: Option<(Duration, Duration)> = None;
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
        best_checked = best_checked.min(started.elapsed());
        if round == 0 {
            systems = ended;
        }
        let started = Clock::now();
        let mut folded = 0usize;
        for system in &systems {
            folded += system.replay_aggregates().len() + system.rebuild_read_models().len();
        }
        std::hint::black_box(folded);
        best_fold = best_fold.min(started.elapsed());

        let (mut simulated, mut hot_fold) = (Duration::ZERO, Duration::ZERO);
        for (seed, history) in &histories {
            let started = Clock::now();
            let (_, system) = run_from(&prepared, history, *seed, options.kinds);
            let ran = Clock::now();
            let folded = system.replay_aggregates().len() + system.rebuild_read_models().len();
            std::hint::black_box(folded);
            let fold_ended = Clock::now();
            drop(system);
            simulated += (ran - started) + fold_ended.elapsed();
            hot_fold += fold_ended - ran;
        }
        if best_side_by_side.is_none_or(|(s, f)| simulated + hot_fold < s + f) {
            best_side_by_side = Some((simulated, hot_fold));
        }
    }
    let per_second = |d: Duration| events as f64 / d.as_secs_f64().max(1e-9);
    let (side_by_side, hot_fold) = best_side_by_side.unwrap_or_default();
    Figures {
        histories: histories.len() as u64,
        events,
        checked_per_second: per_second(best_checked),
        folded_per_second: per_second(best_fold),
        side_by_side_checked_per_second: per_second(side_by_side),
        hot_folded_per_second: per_second(hot_fold),
    }
}
