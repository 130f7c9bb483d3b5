//! A domain in a crate of its own, as another team would write it (see `../main.rs`). A small
//! library: members borrow books for 14 days; a book kept past its due date costs its
//! borrower a fine, charged by a process manager once the due date passes (or when the book comes
//! back late, if the reminder was not heard in time).

pub mod account;
pub mod book;
pub mod context;
pub mod fines;
pub mod invariants;
pub mod judged;
pub mod member;
pub mod messages;
pub mod simulated;
pub mod upcasters;

pub use account::{MemberAccount, MemberAccountEntry};
pub use book::Book;
pub use context::LibraryContext;
pub use fines::LateReturnFines;
pub use member::Member;
pub use messages::*;

/// How long a loan lasts.
pub const LOAN_DAYS: i64 = 14;

/// The fine for a book kept past its due date, in cents.
pub const FINE_CENTS: i64 = 500;

/// The library as a `gwt` command line knows it: its suite in `features/library/`, a line for
/// `--help`, and a scenario for `gwt test --bench`.
pub fn registered() -> simulator::domains::Registered<LibraryContext> {
    simulator::domains::Registered::new()
        .about("Books lent and returned, and fines for late returns")
        .bench_scenario(include_str!("bench.scenario"))
}
