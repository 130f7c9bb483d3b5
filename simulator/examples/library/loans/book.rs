//! The `Book` aggregate: one stream per book, `Book/<book_id>`.

use serde::{Deserialize, Serialize};

use rustc_hash::FxHashSet;

use domain::kernel::{
    Aggregate, Context, CouldRecord, Envelope, Instant, Message, Rejection, Text, View,
};

use super::{BookAdded, BookLent, BookReturned, LibraryCommand, LibraryContext, LibraryEvent};

pub struct Book;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BookState {
    pub added: bool,
    pub lent_to: Option<Text>,
    pub due: Option<Instant>,
}

/// The members registered so far, for a loan to name a real member.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RegisteredMembers(FxHashSet<Text>);

impl View<LibraryContext> for RegisteredMembers {
    fn apply(&mut self, event: &Envelope<LibraryEvent>) {
        if let LibraryEvent::MemberRegistered(e) = &event.message {
            self.0.insert(e.member_id.clone());
        }
    }
}

impl Aggregate<LibraryContext> for Book {
    const NAME: &'static str = "Book";
    const COMMANDS: &'static [&'static str] = &["AddBook", "LendBook", "ReturnBook"];
    const EVENTS: &'static [&'static str] = &["BookAdded", "BookLent", "BookReturned"];
    type State = BookState;
    type View = RegisteredMembers;

    fn command_stream(command: &LibraryCommand) -> Option<Text> {
        match command {
            LibraryCommand::AddBook(c) => Some(c.book_id.clone()),
            LibraryCommand::LendBook(c) => Some(c.book_id.clone()),
            LibraryCommand::ReturnBook(c) => Some(c.book_id.clone()),
            _ => None,
        }
    }

    fn event_stream(event: &LibraryEvent) -> Option<Text> {
        match event {
            LibraryEvent::BookAdded(e) => Some(e.book_id.clone()),
            LibraryEvent::BookLent(e) => Some(e.book_id.clone()),
            LibraryEvent::BookReturned(e) => Some(e.book_id.clone()),
            _ => None,
        }
    }

    fn decide(
        state: &BookState,
        command: &LibraryCommand,
        context: &Context<'_, RegisteredMembers>,
    ) -> Result<Vec<LibraryEvent>, Rejection> {
        match command {
            LibraryCommand::AddBook(c) => {
                if state.added {
                    return Err(Rejection::new(format!(
                        "book {} is already in the catalogue",
                        c.book_id
                    )));
                }
                Ok(vec![BookAdded {
                    book_id: c.book_id.clone(),
                    title: c.title.clone(),
                }
                .into()])
            }
            LibraryCommand::LendBook(c) => {
                if !state.added {
                    return Err(Rejection::new(format!("unknown book {}", c.book_id)));
                }
                if let Some(holder) = &state.lent_to {
                    return Err(Rejection::new(format!(
                        "book {} is already lent to {holder}",
                        c.book_id
                    )));
                }
                if !context.view.0.contains(&c.member_id) {
                    return Err(Rejection::new(format!("unknown member {}", c.member_id)));
                }
                Ok(vec![BookLent {
                    book_id: c.book_id.clone(),
                    member_id: c.member_id.clone(),
                    due: context.now + chrono::TimeDelta::days(super::LOAN_DAYS),
                }
                .into()])
            }
            LibraryCommand::ReturnBook(c) => {
                let Some(holder) = &state.lent_to else {
                    return Err(Rejection::new(format!("book {} is not on loan", c.book_id)));
                };
                if holder != &c.member_id {
                    return Err(Rejection::new(format!(
                        "book {} is lent to {holder}, not {}",
                        c.book_id, c.member_id
                    )));
                }
                let late = state.due.is_some_and(|due| context.now > due);
                Ok(vec![BookReturned {
                    book_id: c.book_id.clone(),
                    member_id: c.member_id.clone(),
                    late,
                }
                .into()])
            }
            other => Err(Rejection::new(format!(
                "a book does not handle {}",
                other.name()
            ))),
        }
    }

    fn evolve(mut state: BookState, event: &LibraryEvent) -> BookState {
        match event {
            LibraryEvent::BookAdded(_) => state.added = true,
            LibraryEvent::BookLent(e) => {
                state.lent_to = Some(e.member_id.clone());
                state.due = Some(e.due);
            }
            LibraryEvent::BookReturned(_) => {
                state.lent_to = None;
                state.due = None;
            }
            _ => {}
        }
        state
    }

    const COULD_RECORD: Option<CouldRecord<LibraryContext, Self>> = Some(could_record);
}

/// Why a book in `state` could not have recorded `event`, as `decide` would never have.
fn could_record(
    state: &BookState,
    view: Option<&RegisteredMembers>,
    event: &LibraryEvent,
) -> Result<(), String> {
    match event {
        LibraryEvent::BookAdded(e) if state.added => {
            Err(format!("book {} was added already", e.book_id))
        }
        LibraryEvent::BookLent(e) if !state.added => {
            Err(format!("book {} was never added", e.book_id))
        }
        LibraryEvent::BookLent(e) if state.lent_to.is_some() => {
            Err(format!("book {} is on loan already", e.book_id))
        }
        LibraryEvent::BookLent(e) if view.is_some_and(|v| !v.0.contains(&e.member_id)) => {
            Err(format!("member {} was never registered", e.member_id))
        }
        LibraryEvent::BookReturned(e) if state.lent_to.as_ref() != Some(&e.member_id) => {
            Err(format!("book {} is not lent to {}", e.book_id, e.member_id))
        }
        _ => Ok(()),
    }
}
