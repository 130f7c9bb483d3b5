//! What must hold of any library history: a book is lent to one member at a time, every fine is
//! for a loan that was overdue and is charged once, and the member accounts say what the log says.
//! Long after a history, every loan that ran past its due date has been fined.

use std::collections::BTreeMap;

use domain::kernel::{sorted, Envelope, EventLedger, Instant, Money, System, Text};

use super::{LibraryContext, LibraryEvent, MemberAccount, MemberAccountEntry};
use domain::kernel::ReadModel;

#[derive(Clone, Debug)]
struct LoanRecord {
    member_id: Text,
    returned_at: Option<Instant>,
    fines: u32,
}

#[derive(Clone, Debug, Default)]
pub struct Ledger {
    /// Every loan, by book and due date.
    loans: BTreeMap<(Text, Instant), LoanRecord>,
    /// The open loan of each book, by its due date.
    open: BTreeMap<Text, Instant>,
    /// Every member an event is about, with the name they registered under, if they did.
    members: BTreeMap<Text, Option<Text>>,
    /// How many fines each member was charged, and their total.
    fined: BTreeMap<Text, (u32, Money)>,
    found: Vec<String>,
}

impl EventLedger<LibraryEvent> for Ledger {
    fn observe(&mut self, e: &Envelope<LibraryEvent>) {
        match &e.message {
            LibraryEvent::BookLent(lent) => {
                if let Some(due) = self.open.get(&lent.book_id) {
                    self.found.push(format!(
                        "book {} was lent to {} while still on loan (due {due})",
                        lent.book_id, lent.member_id
                    ));
                }
                self.open.insert(lent.book_id.clone(), lent.due);
                self.loans.insert(
                    (lent.book_id.clone(), lent.due),
                    LoanRecord {
                        member_id: lent.member_id.clone(),
                        returned_at: None,
                        fines: 0,
                    },
                );
            }
            LibraryEvent::BookReturned(back) => {
                if let Some(due) = self.open.remove(&back.book_id) {
                    if let Some(loan) = self.loans.get_mut(&(back.book_id.clone(), due)) {
                        loan.returned_at = Some(e.recorded_at);
                    }
                    if back.late != (e.recorded_at > due) {
                        self.found.push(format!(
                            "book {} came back at {} with late = {}, but it was due {due}",
                            back.book_id, e.recorded_at, back.late
                        ));
                    }
                }
            }
            LibraryEvent::MemberFined(fined) => {
                let key = (fined.book_id.clone(), fined.due);
                match self.loans.get_mut(&key) {
                    None => self.found.push(format!(
                        "member {} was fined for book {} due {}, which was never lent",
                        fined.member_id, fined.book_id, fined.due
                    )),
                    Some(loan) => {
                        loan.fines += 1;
                        if loan.fines > 1 {
                            self.found.push(format!(
                                "member {} was fined {} times for book {} due {}",
                                fined.member_id, loan.fines, fined.book_id, fined.due
                            ));
                        }
                        if e.recorded_at < fined.due {
                            self.found.push(format!(
                                "member {} was fined at {} for book {}, not yet due ({})",
                                fined.member_id, e.recorded_at, fined.book_id, fined.due
                            ));
                        }
                        if loan.member_id != fined.member_id {
                            self.found.push(format!(
                                "member {} was fined for book {}, which {} borrowed",
                                fined.member_id, fined.book_id, loan.member_id
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
        self.note_member(e);
    }

    fn found_on_the_way(&self) -> &[String] {
        &self.found
    }
}

impl Ledger {
    /// Notes the member an event is about, and what it says of them that no loan says: the name
    /// they registered under, the fines they were charged.
    fn note_member(&mut self, e: &Envelope<LibraryEvent>) {
        let member_id = match &e.message {
            LibraryEvent::MemberRegistered(x) => &x.member_id,
            LibraryEvent::BookLent(x) => &x.member_id,
            LibraryEvent::BookReturned(x) => &x.member_id,
            LibraryEvent::MemberFined(x) => &x.member_id,
            LibraryEvent::BookAdded(_) => return,
        };
        let name = self.members.entry(member_id.clone()).or_default();
        match &e.message {
            LibraryEvent::MemberRegistered(x) => *name = Some(x.name.clone()),
            LibraryEvent::MemberFined(x) => {
                let (count, total) = self.fined.entry(member_id.clone()).or_default();
                *count += 1;
                *total = *total + x.amount;
            }
            _ => {}
        }
    }

    /// The accounts the log gives its members: the books on loan are those of the open loans
    /// the ledger keeps for its own checks, not a second fold of the read model's.
    fn expected_accounts(&self) -> BTreeMap<&Text, MemberAccountEntry> {
        let mut accounts: BTreeMap<&Text, MemberAccountEntry> = self
            .members
            .iter()
            .map(|(member_id, name)| {
                let (fines, fines_total) = self.fined.get(member_id).copied().unwrap_or_default();
                let account = MemberAccountEntry {
                    name: name.clone(),
                    books_on_loan: Vec::new(),
                    fines,
                    fines_total,
                };
                (member_id, account)
            })
            .collect();
        for (book_id, due) in &self.open {
            let borrower = self.loans.get(&(book_id.clone(), *due));
            if let Some(account) = borrower.and_then(|loan| accounts.get_mut(&loan.member_id)) {
                account.books_on_loan.push(book_id.clone());
            }
        }
        accounts
    }
}

/// Every violation in what `ledger` kept of a system's log and in its member accounts.
pub fn invariants_with(system: &System<LibraryContext>, ledger: &Ledger) -> Vec<String> {
    let mut violations = ledger.found.clone();
    let Some(accounts) = system.read_model_entries_as::<MemberAccountEntry>(
        <MemberAccount as ReadModel<LibraryContext>>::NAME,
    ) else {
        violations.push("the MemberAccount read model is missing".into());
        return violations;
    };
    for (member_id, want) in &ledger.expected_accounts() {
        match accounts.get(*member_id) {
            None => violations.push(format!("the MemberAccount has no entry for {member_id}")),
            Some(have) if **have != *want => violations.push(format!(
                "the MemberAccount of {member_id} is {}, but the log says {}",
                json(&**have),
                json(want)
            )),
            Some(_) => {}
        }
    }
    for (member_id, _) in sorted(accounts) {
        if !ledger.members.contains_key(member_id) {
            violations.push(format!(
                "the MemberAccount has an entry for {member_id}, which no event is about"
            ));
        }
    }
    violations
}

/// Long after a history: every loan that ran past its due date was fined.
pub fn settled_long_after_with(system: &System<LibraryContext>, ledger: &Ledger) -> Vec<String> {
    let now = system.now();
    ledger
        .loans
        .iter()
        .filter(|((_, due), loan)| {
            let overdue = match loan.returned_at {
                Some(at) => at > *due,
                None => now > *due,
            };
            overdue && loan.fines == 0
        })
        .map(|((book_id, due), loan)| {
            format!(
                "member {} kept book {book_id} past its due date ({due}) and was never fined",
                loan.member_id
            )
        })
        .collect()
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
