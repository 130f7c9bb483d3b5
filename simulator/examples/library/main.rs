//! A team's own `gwt`: its domain, the library's loans, lives in this crate (`loans/`), not in
//! gwt's, and plugs in by implementing gwt's traits and registering with the command line.
//!
//! `cargo run -p gwt-simulator --example library -- simulate --domain library` (run from this
//! folder, `gwt test --domain library` finds `features/library/`).

use std::process::ExitCode;

use simulator::domains::{Domains, Registered};

mod loans;

fn main() -> ExitCode {
    simulator::cli::main(
        Domains::builtin().with(
            Registered::<loans::LibraryContext>::new()
                .about("Books lent and returned, and fines for late returns")
                .bench_scenario(include_str!("loans/bench.scenario")),
        ),
    )
}
