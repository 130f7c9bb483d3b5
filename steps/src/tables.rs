//! Message tables: one message per row, the first column naming it (`event` or `command`), the
//! others its fields (dotted columns set nested fields). Rows become messages to send or
//! expectations to compare, and every mistake points at its cell.

mod columns;
mod delay;
mod doc_string;
mod expected;
mod input;

/// A mistake in a table, at a row (0 is the header) and a column (0-based cell index).
#[derive(Clone, Debug, PartialEq)]
pub struct CellError {
    pub row: usize,
    pub column: usize,
    pub message: String,
}

impl CellError {
    fn at(row: usize, column: usize, message: impl Into<String>) -> Self {
        CellError {
            row,
            column,
            message: message.into(),
        }
    }
}

pub use columns::{instant, value_at};
pub use delay::{delay_text, parse_delay, ExpectedDelay};
pub(crate) use doc_string::in_order;
pub use doc_string::{
    doc_entry_expectation, doc_expectations, doc_messages, typed_upcast, DocMistake,
};
pub use expected::{entry_expectation, expectations, Expectation, ExpectedField};
pub use input::{input_messages, InputMessage};
