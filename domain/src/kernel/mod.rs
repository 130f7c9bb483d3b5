//! A pure, generic kernel for event-sourced bounded contexts: deciders, process managers,
//! read models, envelopes, stored forms with upcasting, and a deterministic in-memory `System`.
//! Nothing here knows any business domain; a domain plugs in by implementing `BoundedContext`.

mod advice;
mod aggregate;
mod bounded_context;
mod byte_order_mark;
mod catalog;
mod envelope;
mod faults;
mod few;
mod fields_only;
mod journal;
mod json_tree;
mod ledger;
mod message;
mod older_fields;
mod process;
mod read_model;
mod rfc3339;
mod rules;
mod store;
mod stored;
mod system;
mod taken_in;
mod upcast;
mod upcasters_check;
mod values;
mod wiring_check;
mod words;

pub use advice::{Advice, AdviceTold};
pub use aggregate::{could_record, Aggregate, Context, CouldRecord, NoView, Rejection, View};
pub use bounded_context::{AggregateSlot, BoundedContext, ProcessSlot, ReadModelSlot, Wiring};
pub use byte_order_mark::{
    bytes_without_byte_order_mark, line_without_byte_order_mark, without_byte_order_mark,
};
pub use catalog::{
    nearest, AggregateEntry, Catalog, CatalogEntry, MessageKind, ProcessEntry, ReadModelEntry,
    RecordedWith, StoredVersion,
};
pub use envelope::{CommandEnvelope, Envelope, MessageId, StreamId, StreamIdError};
pub use faults::{About, Faults};
pub use few::{add_tight, insert_tight};
pub use fields_only::FieldsOnly;
pub use journal::{Counts, Entry, Journal};
pub use json_tree::{
    inexact_reason, same_number, strict_tree, strict_tree_as_written, TreeError, Written,
};
pub use ledger::EventLedger;
pub use message::{
    field_path, json_error_in, json_error_in_field, json_place, not_utf8_place, plain_json_words,
    Described, Field, FieldSpec, FieldType, Message, MessageError, MessageSpec, WholeRange,
};
pub use process::{Input, Outgoing, ProcessContext, ProcessManager};
pub use read_model::{sorted, sorted_keys, Entries, ReadModel};
pub use rfc3339::{
    check_fraction, deserialize_instant, deserialize_optional_instant, parse_instant, InstantError,
};
pub use rules::{Needs, Rule, WHERE_RULE_WORDS_COUNT};
/// `format!` for a `Text`.
pub use smol_str::format_smolstr as format_text;
pub use store::{AppendError, EventStore};
pub use stored::{
    is_table_row, version_of_text, CurrentForms, DecodeError, KeysBeside, LineError, LineFault,
    OtherKey, Payload, StoredEvent, StoredReader, StoredText, VersionTextError, ROWS_AS_LINES,
    STORED_FORM_ADVICE, TABLE_ROW,
};
pub use system::{minutes_left, KernelError, System, Unanswered, Unrecordable};
pub use taken_in::{is_news, take_news, KeyOf, TakenIn};
pub use upcast::{quiet_upcaster_panics, Recorded, UpcastError, Upcaster, Upcasters};
pub use upcasters_check::UpcastersMistake;
pub use values::{instant_text, minutes, Instant, Money, MoneyError, Text};
pub use wiring_check::{Component, ComponentKind, WiringError, WiringMistake};
pub use words::{
    article, counted, name, plural, printable, printable_lines, readable_number, shortened,
    with_article, MOST_NAME,
};
