//! The late-return fines process: one instance per book. When a book is lent it schedules a
//! `CheckLoan` for the due date; if the loan is still open then, the borrower is fined. A book
//! returned late whose loan was not fined yet (the check came late) is fined on its return.

use serde::{Deserialize, Serialize};

use domain::kernel::{
    is_news, take_news, Input, Instant, Money, Outgoing, ProcessContext, ProcessManager, Text,
};

use super::{ChargeFine, CheckLoan, LibraryCommand, LibraryContext, LibraryEvent};

pub struct LateReturnFines;

/// An open loan as the process sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Loan {
    pub member_id: Text,
    pub due: Instant,
    pub fined: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LoanWatch {
    /// The last position of the book's stream taken in: a redelivered event is at or below it.
    pub seen: u64,
    pub loan: Option<Loan>,
}

fn fine(book_id: &Text, loan: &Loan) -> LibraryCommand {
    ChargeFine {
        member_id: loan.member_id.clone(),
        book_id: book_id.clone(),
        due: loan.due,
        amount: Money::from_cents(super::FINE_CENTS),
    }
    .into()
}

impl ProcessManager<LibraryContext> for LateReturnFines {
    const NAME: &'static str = "LateReturnFines";
    const SUBSCRIBES: &'static [&'static str] = &["BookLent", "BookReturned"];
    const HANDLES: &'static [&'static str] = &["CheckLoan"];
    type State = LoanWatch;

    fn instance(input: &Input<'_, LibraryContext>) -> Option<Text> {
        match input {
            Input::Event(e) => match &e.message {
                LibraryEvent::BookLent(e) => Some(e.book_id.clone()),
                LibraryEvent::BookReturned(e) => Some(e.book_id.clone()),
                _ => None,
            },
            Input::Command(c) => match &c.command {
                LibraryCommand::CheckLoan(c) => Some(c.book_id.clone()),
                _ => None,
            },
        }
    }

    fn react(
        state: &LoanWatch,
        input: &Input<'_, LibraryContext>,
        _: &ProcessContext,
    ) -> Vec<Outgoing<LibraryCommand>> {
        match input {
            Input::Event(e) if !is_news(e.sequence, state.seen) => Vec::new(),
            Input::Event(e) => match &e.message {
                LibraryEvent::BookLent(lent) => vec![Outgoing::Schedule {
                    at: lent.due,
                    command: CheckLoan {
                        book_id: lent.book_id.clone(),
                        due: lent.due,
                    }
                    .into(),
                }],
                LibraryEvent::BookReturned(back) if back.late => match &state.loan {
                    Some(loan) if !loan.fined => vec![Outgoing::Send(fine(&back.book_id, loan))],
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            },
            Input::Command(c) => match (&c.command, &state.loan) {
                (LibraryCommand::CheckLoan(check), Some(loan))
                    if loan.due == check.due && !loan.fined =>
                {
                    vec![Outgoing::Send(fine(&check.book_id, loan))]
                }
                _ => Vec::new(),
            },
        }
    }

    fn evolve(
        mut state: LoanWatch,
        input: &Input<'_, LibraryContext>,
        _: &ProcessContext,
    ) -> LoanWatch {
        match input {
            Input::Event(e) if !take_news(&mut state.seen, e.sequence) => {}
            Input::Event(e) => match &e.message {
                LibraryEvent::BookLent(lent) => {
                    state.loan = Some(Loan {
                        member_id: lent.member_id.clone(),
                        due: lent.due,
                        fined: false,
                    })
                }
                LibraryEvent::BookReturned(_) => state.loan = None,
                _ => {}
            },
            Input::Command(c) => {
                if let (LibraryCommand::CheckLoan(check), Some(loan)) =
                    (&c.command, &mut state.loan)
                {
                    if loan.due == check.due {
                        loan.fined = true;
                    }
                }
            }
        }
        state
    }
}
