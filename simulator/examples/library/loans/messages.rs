//! Every command and event of the library.

use domain::kernel::{Instant, Money, Text};
use domain::{messages, record};

record! {
    /// A person joins the library.
    pub struct RegisterMember {
        pub member_id: Text,
        pub name: Text,
        pub email: Option<Text>,
    }
}

record! {
    /// A book enters the catalogue.
    pub struct AddBook {
        pub book_id: Text,
        pub title: Text,
    }
}

record! {
    /// A member borrows a book.
    pub struct LendBook {
        pub book_id: Text,
        pub member_id: Text,
    }
}

record! {
    /// A member brings a book back.
    pub struct ReturnBook {
        pub book_id: Text,
        pub member_id: Text,
    }
}

record! {
    /// The fines process's own timeout: is the loan due at `due` still open?
    pub struct CheckLoan {
        pub book_id: Text,
        #[serde(deserialize_with = "domain::kernel::deserialize_instant")]
        pub due: Instant,
    }
}

record! {
    /// Charges a member a fine for the loan of `book_id` that was due at `due`.
    pub struct ChargeFine {
        pub member_id: Text,
        pub book_id: Text,
        #[serde(deserialize_with = "domain::kernel::deserialize_instant")]
        pub due: Instant,
        pub amount: Money,
    }
}

record! {
    /// A person became a member (version 2: `full_name` became `name`, `email` was added).
    pub struct MemberRegistered {
        pub member_id: Text,
        pub name: Text,
        pub email: Option<Text>,
    }
}

record! {
    pub struct BookAdded {
        pub book_id: Text,
        pub title: Text,
    }
}

record! {
    /// A book was lent, to be back by `due`.
    pub struct BookLent {
        pub book_id: Text,
        pub member_id: Text,
        #[serde(deserialize_with = "domain::kernel::deserialize_instant")]
        pub due: Instant,
    }
}

record! {
    /// A book came back; `late` when after its due date.
    pub struct BookReturned {
        pub book_id: Text,
        pub member_id: Text,
        pub late: bool,
    }
}

record! {
    pub struct MemberFined {
        pub member_id: Text,
        pub book_id: Text,
        #[serde(deserialize_with = "domain::kernel::deserialize_instant")]
        pub due: Instant,
        pub amount: Money,
    }
}

messages! {
    pub enum LibraryCommand {
        RegisterMember,
        AddBook,
        LendBook,
        ReturnBook,
        CheckLoan,
        ChargeFine,
    }
}

messages! {
    pub enum LibraryEvent {
        MemberRegistered,
        BookAdded,
        BookLent,
        BookReturned,
        MemberFined,
    }
}
