//! What the runner's tests share: one feature file written into a folder of the test's own and
//! run, quietly, on a toy domain.

use std::path::PathBuf;
use std::sync::Arc;

use steps::runner::{run, RunOptions, Summary};
use steps::world::DomainFactory;

/// Writes `text` as `{name}.feature` in a fresh folder `gwt-{suite}-{process}-{name}` under the
/// temporary folder and runs it on `domain` with `options`, quiet: the summary and the folder.
pub fn run_feature_in(
    domain: impl DomainFactory + 'static,
    suite: &str,
    name: &str,
    text: &str,
    options: RunOptions,
) -> (Summary, PathBuf) {
    let dir = std::env::temp_dir().join(format!("gwt-{suite}-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.feature"));
    std::fs::write(&path, text).unwrap();
    let options = RunOptions {
        quiet: true,
        ..options
    };
    let summary = run(Arc::new(domain), &[path], &options).unwrap();
    (summary, dir)
}
