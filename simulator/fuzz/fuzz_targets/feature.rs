//! `gwt test` on any bytes as a feature file (the store's domain when the text names it, else
//! the conference's): it must never panic, and every failure it reports must be placed in the
//! file (start with its path).
#![no_main]

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use steps::runner::{run, RunOptions};
use steps::world::DomainFactory;

fn factories() -> &'static (Arc<dyn DomainFactory>, Arc<dyn DomainFactory>) {
    static FACTORIES: OnceLock<(Arc<dyn DomainFactory>, Arc<dyn DomainFactory>)> = OnceLock::new();
    FACTORIES.get_or_init(|| {
        let domains = simulator::domains::Domains::builtin();
        let factory = |name| domains.get(name).expect("a built-in domain").factory();
        (factory("conference"), factory("store"))
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("gwt-fuzz-feature-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a folder for the feature");
    let path: PathBuf = dir.join("fuzz.feature");
    std::fs::write(&path, data).expect("the feature written");
    let (conference, store) = factories();
    let factory = match data.windows(5).any(|w| w == b"store") {
        true => store.clone(),
        false => conference.clone(),
    };
    let options = RunOptions {
        quiet: true,
        implicit_checks: data.first().is_some_and(|b| b & 1 == 0),
        snapshots: Some(dir.join("snapshots")),
        ..Default::default()
    };
    let places = [
        path.canonicalize()
            .unwrap_or(path.clone())
            .display()
            .to_string(),
        path.display().to_string(),
    ];
    match run(factory, std::slice::from_ref(&path), &options) {
        Ok(summary) => {
            for f in summary.failures.iter().chain(summary.problems.iter()) {
                if !places.iter().any(|p| f.starts_with(p.as_str())) {
                    panic!("a failure not placed in the file: {f}");
                }
            }
        }
        Err(e) => panic!("the run itself failed: {e}"),
    }
});
