//! `cargo test` runs every feature file under `features/`: each domain's suite against its
//! domain, with the implicit checks on. Each file is a test of its own (`conference::order.feature`),
//! so that cargo-nextest lists and runs them apart (see `harness`); beside them, a test of each
//! domain's folder says what its walk found that is no feature file to run (a link that leads
//! nowhere, a pipe), or that it found none, as a run of the whole folder would.

mod harness;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use harness::Test;
use simulator::domains::Domains;
use steps::runner::{run, RunOptions};

fn main() -> ExitCode {
    let features = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../features");
    let mut tests = Vec::new();
    // Every domain the command line knows, each with its own suite (`features/<folder>`).
    for domain in Domains::builtin().iter() {
        let folder = features.join(domain.folder());
        let found = steps::folders::feature_files(&folder);
        let mut files = found.files.clone();
        files.sort();
        let name = domain.name().to_string();
        tests.push(Test::new(format!("{name}::folder"), move || {
            let mut problems: Vec<String> = found
                .broken_links
                .iter()
                .map(|p| format!("{}: a link that leads nowhere", p.display()))
                .chain(
                    found
                        .not_files
                        .iter()
                        .map(|p| format!("{}: not a file", p.display())),
                )
                .collect();
            if found.files.is_empty() {
                problems.push(format!("{}: no feature files", folder.display()));
            }
            match problems.is_empty() {
                true => Ok(()),
                false => Err(problems.join("\n")),
            }
        }));
        for file in files {
            let shown = file
                .strip_prefix(features.join(domain.folder()))
                .unwrap_or(&file)
                .display()
                .to_string();
            let factory = domain.factory();
            tests.push(Test::new(format!("{name}::{shown}"), move || {
                run_file(factory, &file)
            }));
        }
    }
    harness::main(tests)
}

/// One feature file run against its domain: what failed, if anything.
fn run_file(factory: Arc<dyn steps::world::DomainFactory>, file: &Path) -> Result<(), String> {
    let options = RunOptions {
        implicit_checks: true,
        ..RunOptions::default()
    };
    let summary = run(factory, &[file.to_path_buf()], &options)?;
    match summary.ok() {
        true => Ok(()),
        false => Err(summary.line()),
    }
}
