//! What the runner's tests share: one feature file written into a folder of the test's own and
//! run, quietly, on a toy domain.

use std::sync::Arc;

use steps::runner::{run, RunOptions, Summary};
use steps::world::DomainFactory;
use tempfile::TempDir;

/// Writes `text` as `{name}.feature` in a fresh folder `gwt-{suite}-{name}-…` under the
/// temporary folder and runs it on `domain` with `options`, quiet: the summary and the folder,
/// removed when dropped (and if the run panics).
pub fn run_feature_in(
    domain: impl DomainFactory + 'static,
    suite: &str,
    name: &str,
    text: &str,
    options: RunOptions,
) -> (Summary, TempDir) {
    let dir = tempfile::Builder::new()
        .prefix(&format!("gwt-{suite}-{name}-"))
        .tempdir()
        .expect("a temporary folder");
    let path = dir.path().join(format!("{name}.feature"));
    std::fs::write(&path, text).unwrap();
    let options = RunOptions {
        quiet: true,
        ..options
    };
    let summary = run(Arc::new(domain), &[path], &options).unwrap();
    (summary, dir)
}
