//! A team's own `gwt`: its domain, the library's loans, lives in this crate (`loans/`), not in
//! gwt's, and plugs in by implementing gwt's traits and registering with the command line.
//!
//! In a team's crate this is the binary `gwt` (`[[bin]] name = "gwt"`), as the replay commands
//! written into feature files call it; here it is the example `library`: from this folder,
//! `cargo run --example library -- simulate` (or `test`, `coverage`, `verify-migration`…).

use std::process::ExitCode;

use simulator::domains::Domains;

mod loans;

fn main() -> ExitCode {
    // The team's domain alone, so it is the default; `Domains::builtin().with(…)` would add it
    // beside the conference and the store.
    simulator::cli::main(
        Domains::new()
            .with(loans::registered())
            .version(env!("CARGO_PKG_VERSION")),
    )
}
