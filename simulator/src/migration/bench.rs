//! `gwt verify-migration --bench`: verification against a baseline that parses and folds the
//! same lines, and from a database against only reading its rows.

use domain::kernel::{Envelope, System};

use super::lines::lines;
#[cfg(feature = "postgres")]
use super::memory::MemoryFigures;
use super::verify::checked;
use super::{stored_reader, verify, verify_on_one_thread, VerifyOptions};
use crate::judging::Judged;

/// Figures of `gwt verify-migration --bench`.
#[derive(Clone, Debug)]
pub struct BenchFigures {
    pub events: u64,
    /// Verified on one thread, against the baseline on one thread.
    pub verified_per_second: f64,
    pub baseline_per_second: f64,
    /// Verified as `gwt verify-migration` does it, lines read on threads of their own.
    pub as_it_runs_per_second: f64,
    /// Lines only parsed into typed events on one thread, nothing folded: the ceiling that the
    /// JSON parsing alone puts on any verification that reads every line.
    pub parsed_per_second: f64,
    /// Each round's verification on one core against the baseline timed right after it, sorted.
    pub round_ratios: Vec<f64>,
}

impl BenchFigures {
    /// The median of the rounds' ratios.
    pub fn ratio(&self) -> f64 {
        match self.round_ratios.len() {
            0 => 0.0,
            n if n % 2 == 1 => self.round_ratios[n / 2],
            n => (self.round_ratios[n / 2 - 1] + self.round_ratios[n / 2]) / 2.0,
        }
    }

    pub fn report(&self, source: &str) -> String {
        let (low, high) = (
            self.round_ratios.first().copied().unwrap_or_default(),
            self.round_ratios.last().copied().unwrap_or_default(),
        );
        format!(
            "{} events from {source}, best of {} rounds\n  verify-migration on one core (upcast, replay, checks): {:>10.0} events/s\n  baseline on one core (parse into typed events, fold):  {:>10.0} events/s\n  ratio: {:.2} of the baseline, the median of the rounds' own ({low:.2}–{high:.2}) (target: at least 0.6, {}; at least 1M events/s on one core, {})\n  verify-migration as it runs, lines read on threads of their own: {:>10.0} events/s\n  lines only parsed into typed events on one core (nothing folded): {:>10.0} events/s\n",
            self.events,
            self.round_ratios.len(),
            self.verified_per_second,
            self.baseline_per_second,
            self.ratio(),
            met(self.ratio() >= 0.6),
            met(self.verified_per_second >= 1e6),
            self.as_it_runs_per_second,
            self.parsed_per_second
        )
    }
}

/// The benchmarks' baseline: the lines of `text` parsed into typed events (through the upcasters
/// where older) and folded into aggregates and read models, with nothing checked and no process
/// manager.
pub fn parse_and_fold<C: Judged>(text: &str) -> System<C> {
    let mut system =
        checked(System::<C>::new(steps::world::default_start())).without_process_managers();
    system.set_keep_log(false);
    system.set_keep_journal(false);
    each_typed_event(&mut system, text, |system, e| {
        let _ = system.given(Some(e.stream), e.message);
    });
    system
}

/// Each line of `text` that reads as a stored event, parsed into its typed event (through the
/// upcasters where older) and handed to `then` with the system that decoded it; the baselines'
/// one way of reading a log.
fn each_typed_event<C: Judged>(
    system: &mut System<C>,
    text: &str,
    mut then: impl FnMut(&mut System<C>, Envelope<C::Event>),
) {
    let reader = stored_reader::<C>();
    for line in lines(text) {
        if let Ok(mut stored) = reader.read_line(line) {
            if let Ok(e) = system.decode_text(&mut stored) {
                then(system, e);
            }
        }
    }
}

/// The lines of `text` parsed into typed events (through the upcasters where older), and nothing
/// else: how many were read.
pub fn parse_only<C: Judged>(text: &str) -> usize {
    let mut system = checked(System::<C>::new(steps::world::default_start()));
    let mut parsed = 0;
    each_typed_event(&mut system, text, |_, e| {
        parsed += 1;
        std::hint::black_box(e);
    });
    parsed
}

/// Times a full verification of `text` (a JSON-lines log) on one thread against a baseline that
/// only parses the same lines into typed events and folds them into aggregates and read models,
/// as `gwt verify-migration` runs it (reading on threads of its own), and the parsing alone.
/// Each round times the four one after the other, so that a drift of the machine's speed lands
/// on all of them; the ratio is each round's own, and the speeds the best of `rounds`.
pub fn bench<C: Judged>(text: &str, rounds: usize) -> BenchFigures {
    let mut events = 0;
    let timed = |f: &mut dyn FnMut()| {
        let started = std::time::Instant::now();
        f();
        started.elapsed().as_secs_f64()
    };
    let options = VerifyOptions::default();
    let mut times = Vec::new();
    for _ in 0..rounds.max(1) {
        let one_core = timed(&mut || {
            let (report, system) =
                verify_on_one_thread::<C>(text.as_bytes(), "bench", &options, None);
            events = report.events;
            drop(std::hint::black_box(system));
        });
        let baseline = timed(&mut || {
            drop(std::hint::black_box(parse_and_fold::<C>(text)));
        });
        let as_it_runs = timed(&mut || {
            let verified = verify::<C>(text.as_bytes(), "bench", &options, None);
            drop(std::hint::black_box(verified));
        });
        let parsed = timed(&mut || {
            std::hint::black_box(parse_only::<C>(text));
        });
        times.push([one_core, baseline, as_it_runs, parsed]);
    }
    let best = |i: usize| times.iter().map(|t| t[i]).fold(f64::INFINITY, f64::min);
    let per_second = |seconds: f64| events as f64 / seconds.max(1e-9);
    let mut round_ratios: Vec<f64> = times.iter().map(|t| t[1] / t[0].max(1e-9)).collect();
    round_ratios.sort_by(f64::total_cmp);
    BenchFigures {
        events,
        verified_per_second: per_second(best(0)),
        baseline_per_second: per_second(best(1)),
        as_it_runs_per_second: per_second(best(2)),
        parsed_per_second: per_second(best(3)),
        round_ratios,
    }
}

/// A target's verdict, in the report beside it.
pub(super) fn met(met: bool) -> &'static str {
    match met {
        true => "met",
        false => "not met",
    }
}

/// Figures of `gwt verify-migration --bench --from postgres://…`.
#[cfg(feature = "postgres")]
#[derive(Clone, Debug)]
pub struct DatabaseFigures {
    pub events: u64,
    pub rounds: usize,
    /// Which table was read and how, as the verification's report says it.
    pub order: crate::postgres::TableRead,
    pub verified_per_second: f64,
    /// Rows only read, parsed and upcast into their current messages, for comparison.
    pub read_per_second: f64,
    pub memory: MemoryFigures,
}

#[cfg(feature = "postgres")]
impl DatabaseFigures {
    pub fn report(&self, source: &str) -> String {
        format!(
            "{} events from {source}, best of {} rounds; {}\n  verify-migration (read, upcast, replay, checks):       {:>10.0} events/s (target: at least 300k, {})\n  rows only read, parsed and upcast (no replay):         {:>10.0} events/s\n{}",
            self.events,
            self.rounds,
            self.order.described(self.events, false),
            self.verified_per_second,
            met(self.verified_per_second >= 300_000.0),
            self.read_per_second,
            self.memory.report()
        )
    }
}

/// Times full verifications from a database, against only reading its rows, best of `rounds`;
/// the first verification also gives the memory figures.
#[cfg(feature = "postgres")]
pub fn bench_database<C: Judged>(url: &str, rounds: usize) -> Result<DatabaseFigures, String> {
    let timed = |f: &mut dyn FnMut() -> Result<(), String>| -> Result<f64, String> {
        let started = std::time::Instant::now();
        f()?;
        Ok(started.elapsed().as_secs_f64())
    };
    let mut order = None;
    use super::verify_events;
    let rows = || {
        crate::postgres::events::<C::Event>(
            crate::postgres::connect(url)?,
            url,
            stored_reader::<C>(),
        )
    };
    let mut events = 0;
    let mut breaches = 0;
    let mut memory = None;
    let mut first = None;
    let mut best_verify = f64::INFINITY;
    let mut best_read = f64::INFINITY;
    for _ in 0..rounds.max(1) {
        let seconds = timed(&mut || {
            let (events_read, read) = rows()?;
            // Judged as the verification judges the table: a table read by key is not held
            // to an order across streams it does not record (the verdict told breaches the
            // verification did not).
            let options = VerifyOptions {
                rows: true,
                order_across_streams_unknown: !read.order.across_streams_known(),
                ..VerifyOptions::default()
            };
            order.get_or_insert(read);
            let (report, system) = verify_events::<C>(events_read, &options, None);
            if let Some(e) = report.errors.first() {
                return Err(format!("the log does not read whole: {e}"));
            }
            // Figures of nothing read are no figures (a ratio of 239,718 to nothing, exit 0).
            if report.events == 0 {
                return Err("the table holds no events, so there is nothing to measure".to_string());
            }
            events = report.events;
            breaches = report.invariant_breaches.len() as u64;
            first.get_or_insert(system);
            Ok(())
        })?;
        best_verify = best_verify.min(seconds);
        // Measured out of the timing, and the first system dropped before the next round.
        if let Some(system) = first.take() {
            memory.get_or_insert_with(|| MemoryFigures::after(events, breaches, &system));
        }
        let seconds = timed(&mut || {
            std::hint::black_box(rows()?.0.count());
            Ok(())
        })?;
        best_read = best_read.min(seconds);
    }
    Ok(DatabaseFigures {
        events,
        rounds: rounds.max(1),
        order: order.ok_or("no verification ran")?,
        verified_per_second: events as f64 / best_verify.max(1e-9),
        read_per_second: events as f64 / best_read.max(1e-9),
        memory: memory.ok_or("no verification ran")?,
    })
}
