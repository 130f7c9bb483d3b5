//! `cargo test` runs every feature file under `features/`: each domain's suite against its
//! domain, with the implicit checks on.

use std::path::PathBuf;
use std::process::ExitCode;

use simulator::domains::Domains;
use steps::runner::{run, RunOptions, Summary};

fn main() -> ExitCode {
    let features = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../features");
    let options = RunOptions {
        implicit_checks: true,
        ..RunOptions::default()
    };
    let mut total = Summary::default();
    // Every domain the command line knows, each with its own suite (`features/<folder>`).
    for domain in Domains::builtin().iter() {
        match run(
            domain.factory(),
            &[features.join(domain.folder())],
            &options,
        ) {
            Ok(s) => {
                total.passed += s.passed;
                total.failed += s.failed;
                total.unreadable += s.unreadable;
                total.failures.extend(s.failures);
            }
            Err(e) => {
                eprintln!("{e}");
                total.unreadable += 1;
            }
        }
    }
    println!("{}", total.line());
    if total.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
