//! The `MemberAccount` read model: what a member has on loan and what they owe, by `member_id`.

use domain::kernel::{Entries, Envelope, Money, ReadModel, StreamId, TakenIn, Text};
use domain::record;

use super::{LibraryContext, LibraryEvent};

record! {
    pub struct MemberAccountEntry {
        pub name: Option<Text>,
        pub books_on_loan: Vec<Text>,
        pub fines: u32,
        pub fines_total: Money,
    }
}

impl MemberAccountEntry {
    pub fn opened() -> Self {
        MemberAccountEntry {
            name: None,
            books_on_loan: Vec::new(),
            fines: 0,
            fines_total: Money::default(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct MemberAccount {
    entries: Entries<MemberAccountEntry>,
    /// The last position taken in from each stream: a member's events come from their own
    /// stream and from the books they borrow, so positions are kept by stream.
    positions: TakenIn<StreamId>,
}

impl ReadModel<LibraryContext> for MemberAccount {
    const NAME: &'static str = "MemberAccount";
    const KEY: &'static str = "member_id";
    const SUBSCRIBES: &'static [&'static str] = &[
        "MemberRegistered",
        "BookLent",
        "BookReturned",
        "MemberFined",
    ];
    type Entry = MemberAccountEntry;

    fn apply(&mut self, event: &Envelope<LibraryEvent>) {
        if !self.positions.take_in(&event.stream, event.sequence) {
            return;
        }
        let member_id = match &event.message {
            LibraryEvent::MemberRegistered(e) => &e.member_id,
            LibraryEvent::BookLent(e) => &e.member_id,
            LibraryEvent::BookReturned(e) => &e.member_id,
            LibraryEvent::MemberFined(e) => &e.member_id,
            LibraryEvent::BookAdded(_) => return,
        };
        let entry = self
            .entries
            .entry(member_id.clone())
            .or_insert_with(|| Box::new(MemberAccountEntry::opened()));
        match &event.message {
            LibraryEvent::MemberRegistered(e) => entry.name = Some(e.name.clone()),
            LibraryEvent::BookLent(e) => {
                entry.books_on_loan.push(e.book_id.clone());
                entry.books_on_loan.sort();
            }
            LibraryEvent::BookReturned(e) => entry.books_on_loan.retain(|b| b != &e.book_id),
            LibraryEvent::MemberFined(e) => {
                entry.fines += 1;
                entry.fines_total = entry.fines_total + e.amount;
            }
            LibraryEvent::BookAdded(_) => {}
        }
    }

    fn entries(&self) -> &Entries<MemberAccountEntry> {
        &self.entries
    }
}
