//! A benchmark of the feature runner: scenarios per second through our steps (implicit checks
//! off) against bare cucumber running the same scenarios with steps that do nothing (the floor).

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use cucumber::gherkin::Step;
use cucumber::writer::{self, Coloring};
use cucumber::{cli, given, then, when, World, WriterExt as _};

use crate::runner::{run, RunOptions};
use crate::world::DomainFactory;

/// A world whose steps do nothing: what cucumber itself costs per scenario.
#[derive(Debug, Default, World)]
pub struct FloorWorld;

#[given(regex = r"^.+$")]
fn floor_given(_: &mut FloorWorld, #[step] _step: &Step) {}

#[when(regex = r"^.+$")]
fn floor_when(_: &mut FloorWorld, #[step] _step: &Step) {}

#[then(regex = r"^.+$")]
fn floor_then(_: &mut FloorWorld, #[step] _step: &Step) {}

/// Figures of one benchmark run.
#[derive(Clone, Debug)]
pub struct Figures {
    pub scenarios: usize,
    pub ours_per_second: f64,
    pub floor_per_second: f64,
}

impl Figures {
    /// Our cost per scenario as a multiple of the floor's.
    pub fn cost_ratio(&self) -> f64 {
        self.floor_per_second / self.ours_per_second
    }

    pub fn report(&self) -> String {
        format!(
            "{} scenarios\n  gwt steps (implicit checks off): {:>10.0} scenarios/s\n  bare cucumber, no-op steps:      {:>10.0} scenarios/s\n  cost per scenario: {:.2}x the floor (target: at most 1.50x)\n",
            self.scenarios,
            self.ours_per_second,
            self.floor_per_second,
            self.cost_ratio()
        )
    }
}

/// Writes `count` copies of `scenario` (a scenario body, without its `Scenario:` line) into one
/// feature file under `dir`.
pub fn write_scenarios(dir: &Path, scenario: &str, count: usize) -> io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join("bench.feature");
    let mut text = String::from("Feature: generated for the benchmark\n");
    for i in 0..count {
        text.push_str(&format!("\n  Scenario: generated {i}\n{scenario}"));
    }
    std::fs::write(&path, text)?;
    Ok(path)
}

fn floor(path: &Path) -> Result<usize, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let path = path.to_path_buf();
    let writer = runtime.block_on(async move {
        FloorWorld::cucumber::<PathBuf>()
            .with_writer(
                writer::Basic::raw(io::sink(), Coloring::Never, 0)
                    .summarized()
                    .normalized(),
            )
            .with_cli(cli::Opts::<_, _, _, cli::Empty>::default())
            .run(path)
            .await
    });
    Ok(writer.scenarios_stats().passed)
}

/// The most scenarios `--bench` generates: they go into one feature file, which cucumber holds
/// whole in memory, and each is run three times on each side.
pub const MOST_SCENARIOS: usize = 10_000;

/// How many scenarios `text` asks the benchmark for, or why that is no count it runs.
pub fn scenario_count(text: &str) -> Result<usize, String> {
    match text.trim().parse::<u64>() {
        Ok(n) => in_range(n),
        Err(_) => Err(format!("`{text}` is not {}", expected_count())),
    }
}

/// `n` scenarios if the benchmark runs that many: one bound for the command line and for
/// [`measure`].
fn in_range(n: u64) -> Result<usize, String> {
    match n {
        0 => Err(format!(
            "0 scenarios: there is nothing to measure ({})",
            expected_count()
        )),
        n if n > MOST_SCENARIOS as u64 => Err(format!(
            "{n} scenarios is more than the bench runs: it writes them into one feature file, \
             which is held whole in memory and run six times (at most {MOST_SCENARIOS}): give \
             from 1 to {MOST_SCENARIOS}"
        )),
        n => Ok(n as usize),
    }
}

fn expected_count() -> String {
    format!("a whole number of scenarios from 1 to {MOST_SCENARIOS}")
}

/// Where the benchmark writes its scenarios: a folder of this process's own, removed when the
/// benchmark ends, however it ends.
pub fn folder() -> PathBuf {
    std::env::temp_dir().join(format!("gwt-bench-{}", std::process::id()))
}

/// A folder removed when dropped, so that an error (or a panic) on the way out leaves nothing.
struct Removed(PathBuf);

impl Drop for Removed {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs both sides over the same `count` scenarios (from 1 to [`MOST_SCENARIOS`]), alternating
/// `rounds` times and keeping each side's best, since the machine is noisy.
pub fn measure(
    domain: Arc<dyn DomainFactory>,
    scenario: &str,
    count: usize,
    rounds: usize,
) -> Result<Figures, String> {
    in_range(count as u64)?;
    let dir = Removed(folder());
    let path = write_scenarios(&dir.0, scenario, count).map_err(|e| e.to_string())?;
    let options = RunOptions {
        quiet: true,
        implicit_checks: false,
        ..RunOptions::default()
    };
    let mut best_ours = f64::INFINITY;
    let mut best_floor = f64::INFINITY;
    for _ in 0..rounds.max(1) {
        let started = Instant::now();
        let summary = run(domain.clone(), std::slice::from_ref(&path), &options)?;
        best_ours = best_ours.min(started.elapsed().as_secs_f64());
        if summary.passed != count || summary.failed != 0 {
            return Err(format!(
                "the benchmark scenario does not pass: {} (its first failure: {})",
                summary.line(),
                summary.failures.first().map_or("none said", String::as_str)
            ));
        }
        let started = Instant::now();
        let passed = floor(&path)?;
        best_floor = best_floor.min(started.elapsed().as_secs_f64());
        if passed != count {
            return Err(format!("the floor ran {passed} scenarios, not {count}"));
        }
    }
    Ok(Figures {
        scenarios: count,
        ours_per_second: count as f64 / best_ours,
        floor_per_second: count as f64 / best_floor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::{RunKind, Runtime};
    use domain::kernel::Catalog;

    /// A domain no scenario can run on: every scenario fails before its first step.
    struct Unrunnable;

    impl DomainFactory for Unrunnable {
        fn name(&self) -> &'static str {
            "unrunnable"
        }
        fn catalog(&self) -> Arc<Catalog> {
            Arc::new(Catalog {
                domain: "unrunnable",
                messages: Vec::new(),
                aggregates: Vec::new(),
                process_managers: Vec::new(),
                read_models: Vec::new(),
                rules: Vec::new(),
            })
        }
        fn runtime(&self, _: RunKind, _: domain::kernel::Instant) -> Box<dyn Runtime> {
            panic!("this domain runs nothing")
        }
    }

    #[test]
    fn a_benchmark_that_fails_or_is_asked_for_no_scenarios_leaves_no_folder_behind() {
        let said = measure(Arc::new(Unrunnable), "    Given no events\n", 2, 1).unwrap_err();
        assert!(said.contains("does not pass"), "{said}");
        assert!(!folder().exists(), "{} was left behind", folder().display());
        for count in [0, MOST_SCENARIOS + 1] {
            let said = measure(Arc::new(Unrunnable), "", count, 1).unwrap_err();
            assert!(said.contains("from 1 to 10000"), "{said}");
        }
        assert!(!folder().exists());
    }
}
