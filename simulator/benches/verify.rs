//! Criterion benchmark of `gwt verify-migration`: a mixed-version log of conference histories
//! verified (upcast, replayed through aggregates, process managers and read models, checked),
//! on one core against a baseline that only parses the same lines into typed events and folds
//! them, as `gwt verify-migration` runs it (reading lines on threads of their own), and the
//! parsing alone.

// The allocator `gwt` runs on, so that these figures are the tool's.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use domain::conference::ConferenceContext;
use domain::kernel::System;
use simulator::export::{export, Versions};
use simulator::migration::{
    parse_and_fold, parse_only, verify, verify_on_one_thread, Report, VerifyOptions,
};
use simulator::search::Options;

fn verify_migration(c: &mut Criterion) {
    let options = Options::new(500, 1, 1);
    let mut log = Vec::new();
    let events = export::<ConferenceContext>(&options, Versions::Mixed, &mut log)
        .expect("a log exports to memory");
    let text = String::from_utf8(log).expect("the export is UTF-8");
    let mut group = c.benchmark_group("verify-migration, 500 mixed histories");
    group.throughput(Throughput::Elements(events));
    group.sample_size(10);
    // Both ways of verifying must find the log clean, or they would not be measuring the work.
    type Verify = fn(&[u8]) -> (Report, System<ConferenceContext>);
    let mut verified = |name: &str, verify: Verify| {
        group.bench_function(name, |b| {
            b.iter(|| {
                let (report, system) = verify(text.as_bytes());
                assert_eq!(report.exit_code(), 0, "{}", report.render("bench", 0));
                std::hint::black_box(system)
            })
        });
    };
    verified("verified on one core", |log| {
        verify_on_one_thread(log, "bench", &VerifyOptions::default(), None)
    });
    verified("verified, lines read on threads of their own", |log| {
        verify(log, "bench", &VerifyOptions::default(), None)
    });
    group.bench_function("parsed and folded on one core", |b| {
        b.iter(|| std::hint::black_box(parse_and_fold::<ConferenceContext>(&text)))
    });
    group.bench_function("only parsed on one core", |b| {
        b.iter(|| std::hint::black_box(parse_only::<ConferenceContext>(&text)))
    });
    group.finish();
}

criterion_group!(benches, verify_migration);
criterion_main!(benches);
