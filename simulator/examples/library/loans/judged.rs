//! What the library is held to, wherever its systems come from (a scenario, a recorded log, a
//! simulated history): the invariants of `invariants.rs`, and, long after, every overdue loan
//! fined. This is all `gwt test`, `catalog` and `verify-migration` need of it;
//! `simulated.rs` adds the generator `gwt simulate` draws histories from.

use crate::loans::{invariants, LibraryContext, LOAN_DAYS};
use domain::kernel::System;

use simulator::judging::Judged;

impl Judged for LibraryContext {
    type Ledger = invariants::Ledger;

    fn invariants(system: &System<Self>, ledger: &Self::Ledger) -> Vec<String> {
        invariants::invariants_with(system, ledger)
    }

    // A loan's timeout falls due after its 14 days: the wait long after runs past it.
    const LONG_AFTER_MINUTES: i64 = LOAN_DAYS * 24 * 60 + 60;

    fn settled_long_after(system: &System<Self>, ledger: &Self::Ledger) -> Vec<String> {
        invariants::settled_long_after_with(system, ledger)
    }
}
