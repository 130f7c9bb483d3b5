//! `cargo test` runs every feature file under `features/`: each domain's suite against its
//! domain, with the implicit checks on, through the public `simulator::suite` a team's own
//! `tests/features.rs` uses. Each file is a test of its own (`conference::order.feature`), so
//! that cargo-nextest lists and runs them apart; beside them, a test of each domain's folder says
//! what its walk found that is no feature file to run (a link that leads nowhere, a pipe), or
//! that it found none, as a run of the whole folder would.

use std::process::ExitCode;

use simulator::domains::Domains;
use simulator::suite::Suite;

fn main() -> ExitCode {
    // The suites are the workspace's, beside this package's folder.
    Suite::new(Domains::builtin())
        .root(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .main()
}
