//! Criterion benchmarks of the simulator: conference histories with every check on, against a
//! bare fold (aggregates replayed, read models rebuilt) of the same events. Each history is run
//! and its log folded right after it, side by side, as `gwt simulate --bench` does for its strict
//! ratio; one benchmark times the simulations, the other the folds.

// The allocator `gwt` runs on, so that these figures are the tool's.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use domain::conference::ConferenceContext;
use simulator::engine::{prepare, run_from, Scene, Variant};
use simulator::faults::FaultKinds;
use simulator::search::{history_of, history_seed};
use simulator::simulation::Drawn;

const HISTORIES: u64 = 1000;

type Histories = Vec<(u64, Vec<Drawn<ConferenceContext>>)>;

/// Runs every history and folds its log right after it; returns the time spent simulating
/// (dropping the system included) and the time spent folding.
fn side_by_side(scene: &Scene<ConferenceContext>, histories: &Histories) -> (Duration, Duration) {
    let (mut simulated, mut folded) = (Duration::ZERO, Duration::ZERO);
    for (seed, history) in histories {
        let started = Instant::now();
        let (_, system) = run_from(scene, history, *seed, FaultKinds::ALL);
        let ran = Instant::now();
        std::hint::black_box(system.replay_aggregates());
        std::hint::black_box(system.rebuild_read_models());
        let fold_ended = Instant::now();
        drop(system);
        simulated += (ran - started) + fold_ended.elapsed();
        folded += fold_ended - ran;
    }
    (simulated, folded)
}

fn simulate(c: &mut Criterion) {
    let start = steps::world::default_start();
    let histories: Histories = (0..HISTORIES)
        .map(|i| history_seed(1, i))
        .filter_map(|s| history_of::<ConferenceContext>(s, 30).map(|h| (s, h)))
        .collect();
    let scene = prepare::<ConferenceContext>(start, Variant::default());
    let events: u64 = histories
        .iter()
        .map(|(s, h)| run_from(&scene, h, *s, FaultKinds::ALL).0.events)
        .sum();
    let mut group = c.benchmark_group(format!("conference, {HISTORIES} histories"));
    group.throughput(Throughput::Elements(events));
    group.sample_size(10);
    group.bench_function("simulated with every check", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| side_by_side(&scene, &histories).0).sum())
    });
    group.bench_function("bare fold of the same events", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| side_by_side(&scene, &histories).1).sum())
    });
    group.finish();
}

criterion_group!(benches, simulate);
criterion_main!(benches);
