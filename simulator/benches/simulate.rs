//! Criterion benchmarks of the simulator: a batch of conference histories with every check on,
//! against a bare fold (aggregates replayed, read models rebuilt) of the same events.

// The allocator `gwt` runs on, so that these figures are the tool's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use domain::conference::ConferenceContext;
use simulator::engine::{prepare, run_from, Variant};
use simulator::faults::FaultKinds;
use simulator::search::{history_of, history_seed};

fn simulate(c: &mut Criterion) {
    let start = steps::world::default_start();
    let histories: Vec<_> = (0..100)
        .map(|i| history_seed(1, i))
        .filter_map(|s| history_of::<ConferenceContext>(s, 30).map(|h| (s, h)))
        .collect();
    let prepared = prepare::<ConferenceContext>(start, Variant::default());
    let ended: Vec<_> = histories
        .iter()
        .map(|(s, h)| run_from(&prepared, h, *s, FaultKinds::ALL))
        .collect();
    let events: u64 = ended.iter().map(|(run, _)| run.events).sum();
    let mut group = c.benchmark_group("conference, 100 histories");
    group.throughput(Throughput::Elements(events));
    group.sample_size(10);
    group.bench_function("simulated with every check", |b| {
        b.iter(|| {
            for (s, h) in &histories {
                std::hint::black_box(run_from(&prepared, h, *s, FaultKinds::ALL));
            }
        })
    });
    group.bench_function("bare fold of the same events", |b| {
        b.iter(|| {
            for (_, system) in &ended {
                std::hint::black_box(system.replay_aggregates());
                std::hint::black_box(system.rebuild_read_models());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, simulate);
criterion_main!(benches);
