//! The library bounded context as the tooling sees it.

use domain::kernel::{BoundedContext, Rule, Upcasters, Wiring};

use super::{Book, LateReturnFines, LibraryCommand, LibraryEvent, Member, MemberAccount};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LibraryContext;

impl BoundedContext for LibraryContext {
    type Command = LibraryCommand;
    type Event = LibraryEvent;
    const NAME: &'static str = "library";

    fn wiring() -> Wiring<Self> {
        Wiring::new()
            .aggregate::<Book>()
            .aggregate::<Member>()
            .process::<LateReturnFines>()
            .read_model::<MemberAccount>()
    }

    fn upcasters() -> Upcasters {
        super::upcasters::upcasters()
    }

    fn rules() -> Vec<Rule> {
        vec![
            Rule::new("a book is lent to one member at a time", &["already lent"]),
            Rule::new("only a registered member borrows", &["unknown member"]),
            Rule::new(
                "a loan still open at its due date is fined",
                &["CheckLoan", "ChargeFine"],
            ),
            Rule::new(
                "a book returned late is fined once",
                &["BookReturned", "MemberFined"],
            ),
        ]
    }
}
