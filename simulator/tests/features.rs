//! `cargo test` runs every feature file under `features/`: the conference suite against the
//! conference domain and the store suite against the store domain, with the implicit checks on.

use std::path::PathBuf;
use std::process::ExitCode;

use simulator::domains::{factory, DomainName};
use steps::runner::{run, RunOptions, Summary};

fn main() -> ExitCode {
    let features = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../features");
    let options = RunOptions {
        implicit_checks: true,
        ..RunOptions::default()
    };
    let mut total = Summary::default();
    for (domain, folder) in [
        (DomainName::Conference, "conference"),
        (DomainName::Store, "store"),
    ] {
        match run(factory(domain), &[features.join(folder)], &options) {
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
