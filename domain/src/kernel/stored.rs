//! Stored forms: how an event sits in an event store (`{stream, sequence, event_type,
//! event_version, payload, recorded_at}`, and what else it carries in `metadata`), and the way
//! from there to a current typed envelope.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use rustc_hash::FxHashMap;

use super::json_tree::TreeError;
use super::rfc3339::{deserialize_instant, InstantError};
use super::{
    Advice, BoundedContext, Envelope, Instant, Message, MessageError, MessageId, Recorded,
    StreamId, Text, UpcastError, Upcasters,
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredEvent {
    pub stream: StreamId,
    pub sequence: u64,
    pub event_type: String,
    pub event_version: u32,
    pub payload: Value,
    #[serde(deserialize_with = "deserialize_instant")]
    pub recorded_at: Instant,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DecodeError {
    #[error(transparent)]
    Upcast(#[from] UpcastError),
    #[error("after upcasting, {0}")]
    Message(#[from] MessageError),
    /// A payload in the current form (nothing upcast) that does not read as its message.
    #[error("{0}")]
    Payload(MessageError),
    /// A payload that is not JSON at all (a database's text column can hold anything), with
    /// where: not a message's fields of the wrong shape, as `Payload` would say.
    #[error("the payload is not JSON ({0})")]
    NotJson(String),
}

/// What is wrong with a payload that is not JSON, placed in it, or None when it is JSON.
fn not_json(text: &str) -> Option<String> {
    use serde_json::error::Category;
    match serde_json::from_str::<serde::de::IgnoredAny>(text) {
        Err(e) if matches!(e.classify(), Category::Syntax | Category::Eof) => {
            Some(super::json_error_in(&e, "the payload", text))
        }
        _ => None,
    }
}

/// A payload written as JSON text that holds the object (`"{\"order_id\": …}"`): stores that keep
/// payloads in a text column, or exports that wrote them with a JSON encoder twice, give these.
fn encoded_twice(text: &str) -> bool {
    match serde_json::from_str::<String>(text) {
        Ok(inner) => {
            serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&inner).is_ok()
        }
        Err(_) => false,
    }
}

/// A row of a postgres-es `events` table written as a JSON line (`row_to_json`, an export of
/// the table), whose stream is in two columns: each of its lines would be told that
/// `aggregate_type` is no field of a line.
pub fn is_table_row(line: &str) -> bool {
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(line)
        .is_ok_and(|row| row.contains_key("aggregate_type") && row.contains_key("aggregate_id"))
}

/// What is said of a line `is_table_row`, before its advice.
pub const TABLE_ROW: &str = "a row of a postgres-es `events` table (`aggregate_type`, \
     `aggregate_id`, …), not a stored event's line";

/// How to write such rows as stored events' lines: a literal, so that the advice can be put
/// together at compile time (`concat!`).
macro_rules! rows_as_lines {
    () => {
        "write its rows as lines, as `jq -c '{stream: (.aggregate_type + \"/\" + \
         .aggregate_id), sequence, event_type, event_version, payload, recorded_at: \
         .metadata.recorded_at}'` does when the metadata holds when each event was recorded"
    };
}

/// The advice of `rows_as_lines!` (how to write such rows as lines), for a command that takes no
/// table.
pub const ROWS_AS_LINES: &str = rows_as_lines!();

const TABLE_ROW_ADVICE: Advice = Advice {
    full: concat!(
        ": verify the table itself (`--from postgres://…`), or ",
        rows_as_lines!()
    ),
    again: ": verify the table itself, or write its rows as lines (how: at the first such error \
     above)",
};

/// What is said of a payload `encoded_twice`, in place of the text it holds, before its advice.
const ENCODED_TWICE: &str = "the payload is text that holds a JSON object (the object encoded \
     twice), where the object itself was expected";

/// The decoding it names leaves the payloads that are objects, and text that holds no JSON, as
/// they are: a log may hold all three. jq before 1.7 reads every number as a double, and would
/// round long ones in the whole file; jq 1.6 mangles `try` inside `|=`, so the form assigns.
const ENCODED_TWICE_ADVICE: Advice = Advice {
    full: ": decode such payloads first, leaving the others as they are, as `jq -c '.payload = \
     (.payload | if type == \"string\" then (. as $text | try fromjson catch $text) else . end)' \
     FILE` does (jq before 1.7 rounds long numbers), and `(payload #>> '{}')::jsonb` for a \
     PostgreSQL row whose payload is a JSON string",
    again: ": decode such payloads first (how: at the first such error above)",
};

/// The advice the errors of reading stored forms end with, which a report tells in full once.
pub const STORED_FORM_ADVICE: [Advice; 2] = [TABLE_ROW_ADVICE, ENCODED_TWICE_ADVICE];

impl StoredEvent {
    /// The id a stored event is known by when it is read back: derived from its place, so the
    /// same log always gives the same ids.
    pub fn derived_id(stream: &StreamId, sequence: u64) -> MessageId {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in stream.kind.bytes().chain([b'/']).chain(stream.id.bytes()) {
            h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        MessageId(h).child(sequence as usize)
    }

    /// Writes an envelope in the current stored form.
    pub fn encode<C: BoundedContext>(envelope: &Envelope<C::Event>, upcasters: &Upcasters) -> Self {
        let name = envelope.message.name();
        StoredEvent {
            stream: envelope.stream.clone(),
            sequence: envelope.sequence,
            event_type: name.to_string(),
            event_version: upcasters.current_version(name),
            payload: envelope.message.payload(),
            recorded_at: envelope.recorded_at,
        }
    }

    /// Writes an envelope in the stored form of `version`.
    pub fn encode_version<C: BoundedContext>(
        envelope: &Envelope<C::Event>,
        upcasters: &Upcasters,
        version: u32,
    ) -> Result<Self, UpcastError> {
        let (name, payload) = upcasters.downcast(
            envelope.message.name(),
            envelope.message.payload(),
            version,
            &Recorded::stored(&envelope.stream, envelope.recorded_at),
        )?;
        Ok(StoredEvent {
            stream: envelope.stream.clone(),
            sequence: envelope.sequence,
            event_type: name.to_string(),
            event_version: version,
            payload,
            recorded_at: envelope.recorded_at,
        })
    }

    /// Reads a stored form back as a current event, through the upcasters.
    pub fn decode<C: BoundedContext>(
        &self,
        upcasters: &Upcasters,
        is_current: impl Fn(&str) -> bool,
    ) -> Result<Envelope<C::Event>, DecodeError> {
        self.clone().into_envelope::<C>(upcasters, is_current)
    }

    /// `decode`, consuming the stored form: its payload is upcast in place instead of copied.
    pub fn into_envelope<C: BoundedContext>(
        self,
        upcasters: &Upcasters,
        is_current: impl Fn(&str) -> bool,
    ) -> Result<Envelope<C::Event>, DecodeError> {
        let recorded = Recorded::stored(&self.stream, self.recorded_at);
        let (name, payload) = upcasters.upcast(
            &self.event_type,
            self.event_version,
            self.payload,
            &recorded,
            is_current,
        )?;
        let message = C::Event::from_payload(name, payload)?;
        Ok(Envelope {
            id: Self::derived_id(&self.stream, self.sequence),
            stream: self.stream,
            sequence: self.sequence,
            recorded_at: self.recorded_at,
            causation_id: None,
            correlation_id: None,
            message,
        })
    }
}

/// What a stored event's payload was read as.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload<E> {
    /// The current message it stands for: a current form read straight into its message while
    /// the line around it was read, or any form read (and upcast) by a `StoredReader`.
    Typed(E),
    /// Its JSON text, read into its message (through the upcasters if older) when decoded. Read
    /// from a JSON line it was checked to be JSON on the way; from elsewhere (a database's text
    /// column) it is checked when it is read into its message.
    Text(Box<str>),
}

/// A stored event as read from a log: an event in its current form is read straight into its
/// typed message; only an older form goes through a JSON tree and the upcasters. Reading a long
/// log this way skips building and dropping a tree per event, and reading each payload twice.
///
/// Read with `serde`, the payload stays text (`Payload::Text`): what `gwt load` reads.
#[derive(Debug)]
pub struct StoredText<E> {
    pub stream: StreamId,
    pub sequence: u64,
    pub event_type: Text,
    pub event_version: u32,
    pub payload: Payload<E>,
    pub recorded_at: Instant,
    /// What the event carries beyond its stored form (a correlation id, a causation id, a user),
    /// as the JSON object's text, kept as written: the tool reads none of it, and a migrated
    /// copy or a table loaded from the log must hold it all the same. None for most lines.
    ///
    /// It may give any key, `recorded_at` and `position` too (a store's own global position is
    /// common): the line's own `recorded_at` is when the event was recorded, and only `gwt
    /// load`, which keeps those two keys in a table's metadata, refuses them.
    pub metadata: Option<Box<str>>,
    /// Keys the line gives beside the stored form's own (a store's `global_position`, an
    /// exporter's `id`), in the order given, with the order of the line's fields: not read, and
    /// written back where they stood by a migrated copy, which writes such a line in its own
    /// order. None for most lines.
    pub others: Option<Box<KeysBeside>>,
}

/// A key a line gives beside the stored form's own fields, kept as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OtherKey {
    pub name: Box<str>,
    /// Its value's JSON text, as the line wrote it.
    pub value: Box<str>,
    /// How many of the stored form's fields the line gave before it: where a copy puts it back
    /// among the fields, written in the order the line gave them (`KeysBeside`).
    pub after: u8,
}

/// The keys a line gives beside the stored form's fields (`OtherKey`), and the order the line
/// gave those fields in: a migrated copy writes such a line's keys, its own and the others, in
/// the line's order, so that each other key keeps its neighbours (docs/decisions.md). Kept only
/// for a line with other keys; a line without is written in the stored form's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeysBeside {
    keys: Box<[OtherKey]>,
    fields: FieldOrder,
}

impl KeysBeside {
    /// The stored form's fields in the order the line gave them.
    pub fn fields(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields.ids().map(|id| Field::NAMES[usize::from(id)])
    }

    /// The other keys, in the order the line gave them.
    pub fn keys(&self) -> &[OtherKey] {
        &self.keys
    }
}

impl std::ops::Deref for KeysBeside {
    type Target = [OtherKey];

    fn deref(&self) -> &[OtherKey] {
        &self.keys
    }
}

/// The stored form's fields in the order a line gave them, three bits each (an index into
/// `Field::NAMES`) below a leading 1: kept as the line is read, in place of a count of the
/// fields given, at the same cost, so that a line with other keys can be written back in its
/// own order without a second look at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FieldOrder(u32);

impl FieldOrder {
    const NONE: FieldOrder = FieldOrder(1);

    /// With field `id` given next. A line gives each field at most once (a second is refused),
    /// so seven fit.
    fn then(self, id: u32) -> FieldOrder {
        FieldOrder(self.0 << 3 | id)
    }

    /// How many fields were given.
    fn len(self) -> u8 {
        ((31 - self.0.leading_zeros()) / 3) as u8
    }

    /// The fields given, first to last.
    fn ids(self) -> impl Iterator<Item = u8> {
        let n = u32::from(self.len());
        (0..n).map(move |i| ((self.0 >> (3 * (n - 1 - i))) & 7) as u8)
    }
}

/// Why a line did not read as a stored event, by the field it went wrong in: what a summary of
/// errors by kind groups by, never the values a message quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineFault {
    /// The line is not JSON (cut short, not closed).
    NotJson,
    /// The line begins with a byte-order mark where only a file's first line may.
    ByteOrderMark,
    /// A row of a postgres-es table written as a line.
    TableRow,
    /// JSON, but not an object.
    NotAnObject,
    /// A field of the stored form the line does not give.
    Missing(&'static str),
    /// A field the line gives twice.
    Twice(&'static str),
    /// A field whose value does not read (a stream with no `/`, a sequence as text).
    Wrong(&'static str),
}

/// A line that did not read as a stored event: serde's error, whose words and place the report
/// gives, and what went wrong, by field, where the reading could tell.
#[derive(Debug)]
pub struct LineError {
    pub error: serde_json::Error,
    pub fault: Option<LineFault>,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for LineError {}

impl<'de, E> Deserialize<'de> for StoredText<E> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let fault = std::cell::Cell::new(None);
        deserializer.deserialize_map(LineFields {
            payload: AsText,
            fault: &fault,
            event: std::marker::PhantomData,
        })
    }
}

/// A line's `metadata`, checked as `metadata` says.
struct LineMetadata(Box<str>);

impl<'de> Deserialize<'de> for LineMetadata {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        let expected = "`metadata` must be a JSON object of what the event carries beyond its \
                        stored form (such as {\"correlation_id\": \"…\"})";
        // Raw text is JSON already, its first character the value's own.
        if !raw.get().starts_with('{') {
            return Err(D::Error::custom(format_args!(
                "{expected}; found {}",
                raw.get()
            )));
        }
        Ok(LineMetadata(Box::<str>::from(raw)))
    }
}

/// A stored event's `sequence`, refused in words that name it: serde's own ("expected u64",
/// "floating point `1e+23`") name neither the field nor what it holds.
fn sequence<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    deserializer.deserialize_any(WholeNumber {
        field: "sequence",
        what: "a position in its stream",
        text_too: false,
        least: 1,
    })
}

/// A stored event's `event_version`: a whole number, or text that writes one (`"2"`, `"2.0"`,
/// `"2.0.0"`), as a database's text column holds it, so that a log reads the same from a file and
/// from a database. A JSON number must be whole (`2.0` is refused, as a whole number of cents
/// written `4900.0` is): a log holds what its writer wrote, and only text spells a version.
fn event_version<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    deserializer
        .deserialize_any(WholeNumber {
            field: "event_version",
            what: "a version",
            text_too: true,
            least: 0,
        })
        .and_then(|version| {
            u32::try_from(version).map_err(|_| {
                serde::de::Error::custom(format_args!(
                    "`event_version` {version} is too large a number for a version (at most {})",
                    super::readable_number(u32::MAX.into())
                ))
            })
        })
}

/// Why a version written as text is not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VersionTextError {
    /// Not whole numbers joined by dots (`'1.x'`, `' 1'`, `'-1'`, `'one'`).
    NotAVersion,
    /// A minor or patch number other than 0 (`'2.1'`, `'2.9.7'`): read as its major number, it
    /// was counted and upcast as that version, although its writer said it is another form.
    NotMajorOnly { major: u32 },
    /// A major number past `u32`.
    TooLarge,
}

impl VersionTextError {
    /// What is wrong with `text`, quoted, and what was expected.
    pub fn of(&self, text: &str) -> String {
        match self {
            VersionTextError::NotAVersion => format!(
                "{text:?} is not a version (expected a whole number such as \"2\", or \"2.0\" \
                 or \"2.0.0\")"
            ),
            VersionTextError::NotMajorOnly { major } => format!(
                "{text:?} has a minor or patch number other than 0, and a stored form's version \
                 is its major number alone: no upcaster reads {text:?} (expected \"{major}\", \
                 \"{major}.0\" or \"{major}.0.0\")"
            ),
            VersionTextError::TooLarge => format!(
                "{text:?} is too large a number for a version (at most {})",
                super::readable_number(u32::MAX.into())
            ),
        }
    }
}

/// `'2'`, `'2.0'` and `'2.0.0'` are version 2: how stores that keep the version as text write it.
/// A minor or patch number other than 0 (`'2.1'`) is refused rather than read as its major
/// number, and anything but whole numbers (`'1.x'`, `' 1'`, `'-1'`) is no version, rather than
/// read as one by its first digits.
pub fn version_of_text(version: &str) -> Result<u32, VersionTextError> {
    let whole = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    // Read for every row of a database: split without gathering the parts.
    let mut parts = version.split('.');
    let major = parts
        .next()
        .filter(|p| whole(p))
        .ok_or(VersionTextError::NotAVersion)?;
    let (mut rest, mut zeros) = (0, true);
    for part in parts {
        rest += 1;
        if rest > 2 || !whole(part) {
            return Err(VersionTextError::NotAVersion);
        }
        zeros &= part.bytes().all(|b| b == b'0');
    }
    let major = major.parse().map_err(|_| VersionTextError::TooLarge)?;
    match zeros {
        true => Ok(major),
        false => Err(VersionTextError::NotMajorOnly { major }),
    }
}

/// A field that holds a whole number, 0 or more.
struct WholeNumber {
    field: &'static str,
    what: &'static str,
    /// Whether text that writes a version (`"2"`, `"2.0"`) is read too.
    text_too: bool,
    /// The least the field means (a position starts at 1), as its words say it: 0 is read, and
    /// refused where its meaning is judged, in words of its own.
    least: u64,
}

impl WholeNumber {
    fn refuse<Er: serde::de::Error>(&self, found: std::fmt::Arguments) -> Er {
        let or_text = match self.text_too {
            true => " (or text: \"2\", \"2.0\" or \"2.0.0\")",
            false => "",
        };
        Er::custom(format_args!(
            "`{}` must be {}, a whole number ({} or more) such as 2{or_text}; found {found}",
            self.field, self.what, self.least
        ))
    }
}

impl<'de> serde::de::Visitor<'de> for WholeNumber {
    type Value = u64;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}, a whole number ({} or more)", self.what, self.least)
    }
    fn visit_u64<Er: serde::de::Error>(self, v: u64) -> Result<u64, Er> {
        Ok(v)
    }
    fn visit_i64<Er: serde::de::Error>(self, v: i64) -> Result<u64, Er> {
        u64::try_from(v).map_err(|_| self.refuse(format_args!("the number {v}")))
    }
    fn visit_f64<Er: serde::de::Error>(self, v: f64) -> Result<u64, Er> {
        // serde_json reads a whole number too large for 64 bits as a float.
        // `u64::MAX as f64` is 2^64 itself, the first number past the range.
        if v.fract() == 0.0 && v >= u64::MAX as f64 {
            return Err(Er::custom(format_args!(
                "`{}` is too large a number for {} (at most {})",
                self.field,
                self.what,
                super::readable_number(u64::MAX.into())
            )));
        }
        // Written as a float prints it (`2.0`), where `{v}` would print `2`, which reads whole.
        Err(self.refuse(format_args!("the number {v:?}")))
    }
    fn visit_str<Er: serde::de::Error>(self, v: &str) -> Result<u64, Er> {
        if !self.text_too {
            return Err(self.refuse(format_args!("the text {v:?}")));
        }
        version_of_text(v)
            .map(u64::from)
            .map_err(|e| Er::custom(format_args!("`{}` {}", self.field, e.of(v))))
    }
    fn visit_bool<Er: serde::de::Error>(self, v: bool) -> Result<u64, Er> {
        Err(self.refuse(format_args!("`{v}`")))
    }
    fn visit_unit<Er: serde::de::Error>(self) -> Result<u64, Er> {
        Err(self.refuse(format_args!("null")))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<u64, A::Error> {
        Err(self.refuse(format_args!("a list")))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, _: A) -> Result<u64, A::Error> {
        Err(self.refuse(format_args!("an object")))
    }
}

/// A stored event's `recorded_at`, refused in words that name it and the form expected.
fn recorded_at<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Instant, D::Error> {
    struct At;
    impl serde::de::Visitor<'_> for At {
        type Value = Instant;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an RFC 3339 instant (such as `2026-01-05T09:00:00Z`)")
        }
        fn visit_str<Er: serde::de::Error>(self, text: &str) -> Result<Instant, Er> {
            super::parse_instant(text).map_err(|e| match e {
                InstantError::Unreadable(_)
                | InstantError::NoOffset
                | InstantError::OffsetWithoutMinutes { .. } => Er::custom(format_args!(
                    "`recorded_at` is {text:?}, not an RFC 3339 instant such as \
                     `2026-01-05T09:00:00Z` ({e})"
                )),
                InstantError::FinerThanNanoseconds { .. } | InstantError::LeapSecondOutOfPlace => {
                    Er::custom(format_args!("`recorded_at` {}", e.of(text)))
                }
            })
        }
    }
    deserializer.deserialize_str(At)
}

/// The event types of a context with the version of their current stored form: what a reader
/// needs to read a current payload straight into its message. Cheap to copy to a reading thread.
#[derive(Clone, Debug, Default)]
pub struct CurrentForms(FxHashMap<&'static str, u32>);

impl CurrentForms {
    pub fn new<E: Message>(upcasters: &Upcasters) -> Self {
        CurrentForms(
            E::names()
                .iter()
                .map(|&name| (name, upcasters.current_version(name)))
                .collect(),
        )
    }

    pub fn is_current(&self, event_type: &str, version: u32) -> bool {
        self.0.get(event_type) == Some(&version)
    }
    /// An event type's name as the context spells it, kept without a copy when it is one of the
    /// context's (most are); any other name is copied.
    pub fn name(&self, event_type: &str) -> Text {
        match self.0.get_key_value(event_type) {
            Some((&name, _)) => Text::new_static(name),
            None => Text::from(event_type),
        }
    }
}

/// What a reading thread needs to read stored events all the way to their current messages, so
/// that the thread replaying them only wraps and folds them: the context's upcasters and the
/// current form of each of its event types.
#[derive(Clone)]
pub struct StoredReader {
    upcasters: Upcasters,
    current: CurrentForms,
}

impl StoredReader {
    pub fn new<E: Message>(upcasters: Upcasters) -> Self {
        let current = CurrentForms::new::<E>(&upcasters);
        StoredReader { upcasters, current }
    }

    /// An event type's name, kept without a copy when it is one of the context's.
    pub fn event_type(&self, name: &str) -> Text {
        self.current.name(name)
    }

    /// A JSON line read as `StoredText::from_line` reads it, then its payload, if still text,
    /// read into the current message it stands for (through the upcasters if older), so that
    /// `take_envelope` later only wraps it: a reading thread thus takes this work off the
    /// replaying one. A payload that cannot be read stays text, for `take_envelope` to report.
    pub fn read_line<E: Message>(&self, line: &str) -> Result<StoredText<E>, LineError> {
        let mut stored = StoredText::from_line(line, &self.current)?;
        if let Payload::Text(text) = &stored.payload {
            if let Ok(message) = self.message_of(&stored, text) {
                stored.payload = Payload::Typed(message);
            }
        }
        Ok(stored)
    }

    /// Sets the payload of `stored` from borrowed text (a database row's), read as `read_line`
    /// reads a payload: the text is copied only if it cannot be read, for `take_envelope` to
    /// report.
    pub fn read_payload_text<E: Message>(&self, stored: &mut StoredText<E>, text: &str) {
        stored.payload = match self.message_of(stored, text) {
            Ok(message) => Payload::Typed(message),
            Err(_) => Payload::Text(text.into()),
        };
    }

    /// Why the payload of `stored` does not read into its message, if it is still text (as
    /// `read_line` leaves one that does not), in the words a verification tells it.
    pub fn payload_error<E: Message>(&self, stored: &StoredText<E>) -> Option<String> {
        let Payload::Text(text) = &stored.payload else {
            return None;
        };
        let e = self.message_of(stored, text).err()?;
        Some(e.naming_nearest::<E>(&self.upcasters).to_string())
    }

    fn message_of<E: Message>(&self, stored: &StoredText<E>, text: &str) -> Result<E, DecodeError> {
        stored.message_of(text, &self.upcasters, |name| {
            self.current.0.contains_key(name)
        })
    }
}

impl<E: Message> StoredText<E> {
    /// Reads one JSON line of a log (one object with `stream, sequence, event_type,
    /// event_version, payload, recorded_at`). When the type and version come before the payload
    /// and name a current form, the payload is read into its message in the same pass. Whatever
    /// that pass cannot read is read again with the payload as text, so that what is accepted,
    /// and the error of what is not, are the plain reading's.
    pub fn from_line(line: &str, current: &CurrentForms) -> Result<Self, LineError> {
        use serde::Deserializer as _;
        let fault = std::cell::Cell::new(None);
        let mut deserializer = serde_json::Deserializer::from_str(line);
        let one_pass = deserializer
            .deserialize_map(LineFields {
                payload: Typed(current),
                fault: &fault,
                event: std::marker::PhantomData,
            })
            .and_then(|stored| deserializer.end().map(|()| stored));
        let refused = |fault, said: std::fmt::Arguments| LineError {
            error: serde::de::Error::custom(said),
            fault: Some(fault),
        };
        match one_pass {
            Ok(stored) => Ok(stored),
            // A file's first line may begin with one (`without_byte_order_mark`); another line
            // that does is most often where a second file was joined on.
            Err(_) if line.starts_with('\u{feff}') => Err(refused(
                LineFault::ByteOrderMark,
                format_args!(
                    "the line begins with a byte-order mark (U+FEFF), which only a file's first \
                     line may carry: a second file joined on here? (`sed 's/^\\xEF\\xBB\\xBF//'` \
                     takes them out)"
                ),
            )),
            Err(_) if is_table_row(line) => Err(refused(
                LineFault::TableRow,
                format_args!("{TABLE_ROW}{}", TABLE_ROW_ADVICE.full),
            )),
            Err(_) if !line.trim_start().starts_with('{') => Err(refused(
                LineFault::NotAnObject,
                format_args!(
                    "the line is not a JSON object: it begins `{}`",
                    line.trim_start().chars().take(12).collect::<String>()
                ),
            )),
            Err(_) => {
                let fault = std::cell::Cell::new(None);
                let mut deserializer = serde_json::Deserializer::from_str(line);
                let plain = deserializer
                    .deserialize_map(LineFields {
                        payload: AsText,
                        fault: &fault,
                        event: std::marker::PhantomData,
                    })
                    .and_then(|stored| deserializer.end().map(|()| stored));
                plain.map_err(|error| {
                    let fault = match error.classify() {
                        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                            Some(LineFault::NotJson)
                        }
                        _ => fault.get(),
                    };
                    LineError { error, fault }
                })
            }
        }
    }

    /// Reads the stored form as a current event, through the upcasters if it is older. The
    /// payload is moved out (empty text is left); where the event stands stays, for reporting.
    pub fn take_envelope(
        &mut self,
        upcasters: &Upcasters,
        is_current: impl Fn(&str) -> bool,
    ) -> Result<Envelope<E>, DecodeError> {
        let message = match std::mem::replace(&mut self.payload, Payload::Text(Box::default())) {
            Payload::Typed(message) => message,
            Payload::Text(text) => self.message_of(&text, upcasters, is_current)?,
        };
        Ok(Envelope {
            id: StoredEvent::derived_id(&self.stream, self.sequence),
            stream: self.stream.clone(),
            sequence: self.sequence,
            recorded_at: self.recorded_at,
            causation_id: None,
            correlation_id: None,
            message,
        })
    }

    fn message_of(
        &self,
        text: &str,
        upcasters: &Upcasters,
        is_current: impl Fn(&str) -> bool,
    ) -> Result<E, DecodeError> {
        // Asked only of a payload that did not read, off the path every event takes.
        self.message_of_payload(text, upcasters, is_current)
            .map_err(|e| match encoded_twice(text) {
                true => DecodeError::Payload(MessageError::Invalid {
                    name: self.event_type.to_string(),
                    reason: format!("{ENCODED_TWICE}{}", ENCODED_TWICE_ADVICE.full),
                }),
                false => e,
            })
    }

    fn message_of_payload(
        &self,
        text: &str,
        upcasters: &Upcasters,
        is_current: impl Fn(&str) -> bool,
    ) -> Result<E, DecodeError> {
        let current = is_current(&self.event_type)
            && upcasters.current_version(&self.event_type) == self.event_version;
        if current {
            // Whether the payload is JSON at all is asked only of one that did not read.
            return E::from_payload_str(&self.event_type, text).map_err(|e| match not_json(text) {
                Some(why) => DecodeError::NotJson(why),
                None => DecodeError::Payload(e),
            });
        }
        // Not serde_json's own tree, which would keep the last of a key given twice and round
        // long numbers, silently: the migrated copy would hold less than the log.
        let payload = super::json_tree::payload_tree(text).map_err(|e| {
            let reason = match e {
                TreeError::Repeated { error: e, .. } => {
                    super::json_error_in(&e, "the payload", text)
                }
                TreeError::Json(e) if e.classify() == serde_json::error::Category::Data => {
                    super::json_error_in(&e, "the payload", text)
                }
                TreeError::Json(e) => {
                    return DecodeError::NotJson(super::json_error_in(&e, "the payload", text))
                }
                TreeError::Inexact { column, number, .. } => format!(
                    "{}, at column {column} of the payload",
                    super::inexact_reason(&number)
                ),
            };
            DecodeError::Payload(MessageError::Invalid {
                name: self.event_type.to_string(),
                reason,
            })
        })?;
        let recorded = Recorded::stored(&self.stream, self.recorded_at);
        let (name, payload) = upcasters.upcast(
            &self.event_type,
            self.event_version,
            payload,
            &recorded,
            is_current,
        )?;
        Ok(E::from_payload(name, payload)?)
    }
}

impl DecodeError {
    /// Whether the payload was text holding its JSON object (`encoded_twice`): one cause, the
    /// writer's, whatever the event, which a summary of errors groups as one.
    pub fn is_encoded_twice(&self) -> bool {
        matches!(self, DecodeError::Payload(MessageError::Invalid { reason, .. })
            if reason.starts_with(ENCODED_TWICE))
    }

    /// An unknown event type with the known one it may be a slip of (`SeatCreatd`): the
    /// current types of `E` and the older ones `upcasters` read. Asked where the error is told,
    /// off the path every event takes.
    pub fn naming_nearest<E: Message>(self, upcasters: &Upcasters) -> Self {
        match self {
            DecodeError::Upcast(e) => DecodeError::Upcast(
                e.naming_nearest(E::names().iter().copied().chain(upcasters.older_names())),
            ),
            other => other,
        }
    }
}

/// How a line's payload is read: straight into its message when the line names a current form
/// before it (`Typed`), or as its text (`AsText`, the plain reading).
trait PayloadReading<E> {
    /// The payload, the line's type and version given before it or not.
    fn payload<'de, A: serde::de::MapAccess<'de>>(
        &self,
        map: &mut A,
        event_type: Option<&Text>,
        version: Option<u32>,
    ) -> Result<Payload<E>, A::Error>;
}

/// The plain reading: the payload as its JSON text.
struct AsText;

impl<E> PayloadReading<E> for AsText {
    fn payload<'de, A: serde::de::MapAccess<'de>>(
        &self,
        map: &mut A,
        _: Option<&Text>,
        _: Option<u32>,
    ) -> Result<Payload<E>, A::Error> {
        let raw = map.next_value::<Box<RawValue>>()?;
        Ok(Payload::Text(Box::<str>::from(raw)))
    }
}

/// The one-pass reading: a current form's payload read into its message in the same pass.
struct Typed<'c>(&'c CurrentForms);

impl<E: Message> PayloadReading<E> for Typed<'_> {
    fn payload<'de, A: serde::de::MapAccess<'de>>(
        &self,
        map: &mut A,
        event_type: Option<&Text>,
        version: Option<u32>,
    ) -> Result<Payload<E>, A::Error> {
        match (event_type, version) {
            (Some(name), Some(version)) if self.0.is_current(name, version) => {
                Ok(Payload::Typed(map.next_value_seed(TypedPayload {
                    name,
                    event: std::marker::PhantomData,
                })?))
            }
            _ => AsText.payload(map, None, None),
        }
    }
}

/// The reading of a line's fields, in any order: a repeated one refused, any other key kept as
/// written (`StoredText::others`). Where it goes wrong is set in `fault`, by field.
struct LineFields<'f, E, P> {
    payload: P,
    fault: &'f std::cell::Cell<Option<LineFault>>,
    event: std::marker::PhantomData<E>,
}

/// A key of a line: one of the stored form's fields, or another.
enum Field {
    Stream,
    Sequence,
    EventType,
    EventVersion,
    Payload,
    RecordedAt,
    Metadata,
    Other(Box<str>),
}

impl Field {
    /// The stored form's fields, in the order a line writes them.
    const NAMES: [&'static str; 7] = [
        "stream",
        "sequence",
        "event_type",
        "event_version",
        "payload",
        "recorded_at",
        "metadata",
    ];

    fn of(key: &str) -> Field {
        match key {
            "stream" => Field::Stream,
            "sequence" => Field::Sequence,
            "event_type" => Field::EventType,
            "event_version" => Field::EventVersion,
            "payload" => Field::Payload,
            "recorded_at" => Field::RecordedAt,
            "metadata" => Field::Metadata,
            other => Field::Other(other.into()),
        }
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Key;
        impl serde::de::Visitor<'_> for Key {
            type Value = Field;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<Er: serde::de::Error>(self, key: &str) -> Result<Field, Er> {
                Ok(Field::of(key))
            }
        }
        deserializer.deserialize_identifier(Key)
    }
}

/// A payload read into the message its line names.
struct TypedPayload<'n, E> {
    name: &'n str,
    event: std::marker::PhantomData<E>,
}

impl<'de, E: Message> serde::de::DeserializeSeed<'de> for TypedPayload<'_, E> {
    type Value = E;
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<E, D::Error> {
        E::deserialize_payload(self.name, deserializer)
    }
}

/// An event type's name, read as `NameOf` keeps it.
struct EventTypeName<'r, R>(&'r R);

impl<'de, R: NameOf> serde::de::DeserializeSeed<'de> for EventTypeName<'_, R> {
    type Value = Text;
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Text, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<R: NameOf> serde::de::Visitor<'_> for EventTypeName<'_, R> {
    type Value = Text;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<Er: serde::de::Error>(self, name: &str) -> Result<Text, Er> {
        Ok(self.0.name_of(name))
    }
}

/// An event type's name as a reading keeps it: the context's own without a copy.
trait NameOf {
    fn name_of(&self, name: &str) -> Text;
}

impl NameOf for AsText {
    fn name_of(&self, name: &str) -> Text {
        Text::from(name)
    }
}

impl NameOf for Typed<'_> {
    fn name_of(&self, name: &str) -> Text {
        self.0.name(name)
    }
}

/// The line's `recorded_at`, read as the plain reading reads it.
struct RecordedAt(Instant);

impl<'de> Deserialize<'de> for RecordedAt {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        recorded_at(deserializer).map(RecordedAt)
    }
}

/// The line's `sequence`, read as the plain reading reads it.
struct Sequence(u64);

impl<'de> Deserialize<'de> for Sequence {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        sequence(deserializer).map(Sequence)
    }
}

/// The line's `event_version`, read as the plain reading reads it.
struct EventVersion(u32);

impl<'de> Deserialize<'de> for EventVersion {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        event_version(deserializer).map(EventVersion)
    }
}

impl<'de, E, P: PayloadReading<E> + NameOf> serde::de::Visitor<'de> for LineFields<'_, E, P> {
    type Value = StoredText<E>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a stored event")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        use serde::de::Error;
        let mut stream = None;
        let mut sequence = None;
        let mut event_type: Option<Text> = None;
        let mut event_version = None;
        let mut payload = None;
        let mut recorded_at = None;
        let mut metadata = None;
        let mut others: Vec<OtherKey> = Vec::new();
        let mut given = FieldOrder::NONE;
        let fault = self.fault;
        // Where a value does not read, by its field: the summary's kind.
        let wrong = |field: &'static str| {
            move |e: A::Error| {
                fault.set(Some(LineFault::Wrong(field)));
                e
            }
        };
        fn once<T, Er: Error>(
            slot: &mut Option<T>,
            value: T,
            name: &'static str,
            fault: &std::cell::Cell<Option<LineFault>>,
        ) -> Result<(), Er> {
            match slot.replace(value) {
                None => Ok(()),
                Some(_) => {
                    fault.set(Some(LineFault::Twice(name)));
                    Err(Er::custom(format!("duplicate field `{name}`")))
                }
            }
        }
        while let Some(field) = map.next_key::<Field>()? {
            let id = match field {
                Field::Stream => {
                    let value = map.next_value().map_err(wrong("stream"))?;
                    once(&mut stream, value, "stream", fault)?;
                    0
                }
                Field::Sequence => {
                    let value = map.next_value::<Sequence>().map_err(wrong("sequence"))?;
                    once(&mut sequence, value.0, "sequence", fault)?;
                    1
                }
                Field::EventType => {
                    let value = map
                        .next_value_seed(EventTypeName(&self.payload))
                        .map_err(wrong("event_type"))?;
                    once(&mut event_type, value, "event_type", fault)?;
                    2
                }
                Field::EventVersion => {
                    let value = map
                        .next_value::<EventVersion>()
                        .map_err(wrong("event_version"))?;
                    once(&mut event_version, value.0, "event_version", fault)?;
                    3
                }
                Field::Payload => {
                    let value = self
                        .payload
                        .payload(&mut map, event_type.as_ref(), event_version)
                        .map_err(wrong("payload"))?;
                    once(&mut payload, value, "payload", fault)?;
                    4
                }
                Field::RecordedAt => {
                    let value = map
                        .next_value::<RecordedAt>()
                        .map_err(wrong("recorded_at"))?;
                    once(&mut recorded_at, value.0, "recorded_at", fault)?;
                    5
                }
                Field::Metadata => {
                    let value = map
                        .next_value::<LineMetadata>()
                        .map_err(wrong("metadata"))?;
                    once(&mut metadata, value.0, "metadata", fault)?;
                    6
                }
                // Kept as written, for a migrated copy to write back: a key the copy dropped
                // would be lost in it.
                Field::Other(name) => {
                    let value = map.next_value::<Box<RawValue>>()?;
                    others.push(OtherKey {
                        name,
                        value: Box::<str>::from(value),
                        after: given.len(),
                    });
                    continue;
                }
            };
            given = given.then(id);
        }
        // A field not given, where the line gives a key that may be it misspelt (`event_typ`),
        // says so: read past as another key, it would go unseen.
        let missing = |field: &'static str| -> A::Error {
            fault.set(Some(LineFault::Missing(field)));
            let near = others
                .iter()
                .find(|other| super::nearest(&other.name, [field]).is_some());
            match near {
                Some(other) => Error::custom(format_args!(
                    "missing field `{field}` (the line gives `{}`: `{field}` misspelt?)",
                    other.name
                )),
                None => Error::missing_field(field),
            }
        };
        Ok(StoredText {
            stream: stream.ok_or_else(|| missing("stream"))?,
            sequence: sequence.ok_or_else(|| missing("sequence"))?,
            event_type: event_type.ok_or_else(|| missing("event_type"))?,
            event_version: event_version.ok_or_else(|| missing("event_version"))?,
            payload: payload.ok_or_else(|| missing("payload"))?,
            recorded_at: recorded_at.ok_or_else(|| missing("recorded_at"))?,
            metadata,
            others: match others.is_empty() {
                true => None,
                false => Some(Box::new(KeysBeside {
                    keys: others.into_boxed_slice(),
                    fields: given,
                })),
            },
        })
    }
}

impl StoredEvent {
    /// The stored event as a JSON line, with what the line it was read from carried beyond its
    /// stored form. Without other keys, in the stored form's order, its metadata last: the one
    /// string an export writes, byte for byte. With them (`others`), in the order that line gave
    /// its keys, each other key back between the fields it stood between; a field the line did
    /// not give (metadata given here but not there) goes after those it gave, in the stored
    /// form's order.
    pub fn line_with(
        &self,
        metadata: Option<&str>,
        others: Option<&KeysBeside>,
    ) -> serde_json::Result<String> {
        let Some(others) = others.filter(|o| !o.keys.is_empty()) else {
            let mut text = serde_json::to_string(self)?;
            if let Some(metadata) = metadata {
                text.pop();
                text.push_str(",\"metadata\":");
                text.push_str(metadata);
                text.push('}');
            }
            return Ok(text);
        };
        let value = |id: u8| -> serde_json::Result<Option<String>> {
            Ok(Some(match id {
                0 => serde_json::to_string(&self.stream)?,
                1 => serde_json::to_string(&self.sequence)?,
                2 => serde_json::to_string(&self.event_type)?,
                3 => serde_json::to_string(&self.event_version)?,
                4 => serde_json::to_string(&self.payload)?,
                5 => serde_json::to_string(&self.recorded_at)?,
                _ => match metadata {
                    Some(metadata) => metadata.to_string(),
                    None => return Ok(None),
                },
            }))
        };
        // The line's fields in its order, then any it did not give.
        let given = others.fields;
        let not_given = (0..Field::NAMES.len() as u8).filter(|id| !given.ids().any(|g| g == *id));
        let mut parts: Vec<String> = Vec::with_capacity(Field::NAMES.len() + others.keys.len());
        let other = |o: &OtherKey| -> serde_json::Result<String> {
            Ok(format!("{}:{}", serde_json::to_string(&*o.name)?, o.value))
        };
        let mut keys = others.keys.iter().peekable();
        for (written, id) in given.ids().enumerate() {
            while let Some(o) = keys.next_if(|o| usize::from(o.after) <= written) {
                parts.push(other(o)?);
            }
            if let Some(value) = value(id)? {
                parts.push(format!("\"{}\":{value}", Field::NAMES[usize::from(id)]));
            }
        }
        // Those the line gave after its last field (or after as many as it gave, or more).
        for o in keys {
            parts.push(other(o)?);
        }
        for id in not_given {
            if let Some(value) = value(id)? {
                parts.push(format!("\"{}\":{value}", Field::NAMES[usize::from(id)]));
            }
        }
        Ok(format!("{{{}}}", parts.join(",")))
    }
}

#[cfg(test)]
mod tests {
    use super::{version_of_text, VersionTextError};

    #[test]
    fn a_version_written_as_text_is_whole_numbers() {
        for text in ["2", "2.0", "2.0.0", "02", "2.00"] {
            assert_eq!(version_of_text(text), Ok(2), "{text}");
        }
        for text in ["1.x", " 1", "1 ", "-1", "", "1.", "1.0.0.0", "+1", "one"] {
            assert_eq!(
                version_of_text(text),
                Err(VersionTextError::NotAVersion),
                "{text:?}"
            );
        }
        assert_eq!(
            version_of_text("4294967296.0"),
            Err(VersionTextError::TooLarge)
        );
    }

    /// `'2.1'` and `'2.9.7'` were read as version 2, and counted and upcast as it.
    #[test]
    fn a_minor_or_patch_other_than_zero_is_refused_quoting_the_text() {
        for (text, major) in [("2.1", 2), ("2.9.7", 2), ("1.99", 1), ("1.0.1", 1)] {
            let e = version_of_text(text).unwrap_err();
            assert_eq!(e, VersionTextError::NotMajorOnly { major }, "{text}");
            let said = e.of(text);
            assert!(
                said.starts_with(&format!(
                    "{text:?} has a minor or patch number other than 0"
                )) && said.ends_with(&format!(
                    "(expected \"{major}\", \"{major}.0\" or \"{major}.0.0\")"
                )),
                "{said}"
            );
        }
    }
}
