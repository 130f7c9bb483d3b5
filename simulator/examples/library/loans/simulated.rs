//! Histories of the library: members and books (a few unknown), loans and returns in and out of
//! turn, and time passing in minutes and in days, across the 14-day due date.

use crate::loans::{AddBook, LendBook, LibraryCommand, LibraryContext, RegisterMember, ReturnBook};
use domain::kernel::Text;
use proptest::prelude::*;

use simulator::simulation::{Simulated, Step};

const MEMBERS: &[&str] = &["m-1", "m-2", "m-3"];
const BOOKS: &[&str] = &["b-1", "b-2", "b-3", "b-4"];
const IDS: &[&str] = &["m-1", "m-2", "m-3", "b-1", "b-2", "b-3", "b-4"];

fn member() -> impl Strategy<Value = Text> {
    proptest::sample::select(MEMBERS).prop_map(Text::new_static)
}

fn book() -> impl Strategy<Value = Text> {
    proptest::sample::select(BOOKS).prop_map(Text::new_static)
}

impl Simulated for LibraryContext {
    fn setup() -> Vec<LibraryCommand> {
        vec![
            RegisterMember {
                member_id: "m-1".into(),
                name: "Ann".into(),
                email: None,
            }
            .into(),
            RegisterMember {
                member_id: "m-2".into(),
                name: "Bob".into(),
                email: Some("bob@example.org".into()),
            }
            .into(),
            AddBook {
                book_id: "b-1".into(),
                title: "Dune".into(),
            }
            .into(),
            AddBook {
                book_id: "b-2".into(),
                title: "Emma".into(),
            }
            .into(),
            AddBook {
                book_id: "b-3".into(),
                title: "Ulysses".into(),
            }
            .into(),
        ]
    }

    fn step(_max_steps: usize) -> BoxedStrategy<Step<Self>> {
        let command = prop_oneof![
            3 => (book(), member())
                .prop_map(|(book_id, member_id)| LibraryCommand::from(LendBook { book_id, member_id })),
            3 => (book(), member())
                .prop_map(|(book_id, member_id)| ReturnBook { book_id, member_id }.into()),
            1 => member().prop_map(|member_id| RegisterMember {
                member_id,
                name: "Cy".into(),
                email: None,
            }
            .into()),
            1 => book().prop_map(|book_id| AddBook {
                book_id,
                title: "Kim".into(),
            }
            .into()),
        ];
        prop_oneof![
            6 => command.prop_map(Step::Send),
            1 => (1..=120i64).prop_map(Step::Wait),
            1 => (1..=20i64).prop_map(|days| Step::Wait(days * 24 * 60)),
        ]
        .boxed()
    }

    fn shared_ids(_max_steps: usize) -> Vec<Text> {
        IDS.iter().map(Text::new).collect()
    }
}
