//! Messages (commands and events) as plain serde structs gathered in one enum per kind, with a
//! description of every field so that tools can list, parse and check messages by name.

use std::fmt::Debug;

use serde::Serialize;
use serde_json::Value;

/// A command or event enum of a bounded context: every variant is named after its message.
pub trait Message: Clone + Debug + PartialEq + Send + Sync + 'static {
    /// The message's PascalCase type name (`SeatsReserved`).
    fn name(&self) -> &'static str;
    /// The message's fields as a JSON object, without its name.
    fn payload(&self) -> Value;
    /// Builds the message named `name` from its fields.
    fn from_payload(name: &str, payload: Value) -> Result<Self, MessageError>;
    /// Builds the message named `name` from the JSON text of its fields, without an intermediate tree.
    fn from_payload_str(name: &str, payload: &str) -> Result<Self, MessageError>;
    /// Builds the message named `name` from its fields as any deserializer gives them, so that
    /// a stored event's payload can be read while the line around it is read.
    fn deserialize_payload<'de, D: serde::Deserializer<'de>>(
        name: &str,
        deserializer: D,
    ) -> Result<Self, D::Error>;
    /// Every message of this enum, with its fields.
    fn specs() -> Vec<MessageSpec>;
    /// The names of every message of this enum.
    fn names() -> &'static [&'static str];
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MessageError {
    #[error("unknown message `{0}`")]
    Unknown(String),
    #[error("`{name}` does not fit: {reason}")]
    Invalid { name: String, reason: String },
}

/// A JSON error placed by its column in `what` (`the payload`, `the line`): serde_json counts
/// lines within the text it was given, always one here, and its "line 1" would read as the first
/// line of the file the text came from.
/// serde_json's wording ("invalid type: sequence, expected u32", "EOF while parsing a string")
/// is put in plain words ("found a list where a whole number from 0 to 4,294,967,295 was
/// expected", "the payload ends too early, inside quoted text").
/// `text` is what serde_json read, for its column to be counted in characters (see
/// `json_place`).
pub fn json_error_in(e: &serde_json::Error, what: &str, text: &str) -> String {
    json_error_in_field(e, what, text, None)
}

/// `json_error_in`, naming the `field` the mistake is in (`lines[0].quantity`), when known (see
/// `field_path`): a column alone sent a reader counting characters along a long line.
pub fn json_error_in_field(
    e: &serde_json::Error,
    what: &str,
    text: &str,
    field: Option<String>,
) -> String {
    let said = e.to_string();
    let field = field.map_or(String::new(), |f| format!(" in `{f}`"));
    match said.rfind(" at line ") {
        // A payload is one line: a column 0 there is a mistake found before anything was read
        // (a list where an object was expected), at its first character. A payload written
        // over several lines (pretty-printed in its column) is placed by its line too.
        Some(at) if e.line() > 0 => {
            let (line, column) = json_place(e, text);
            let line = match text.contains('\n') {
                true => format!("line {line}, "),
                false => String::new(),
            };
            format!(
                "{}{}, at {line}column {} of {what}",
                as_written(plain_json_words(&said[..at], what), e, text),
                field.replace(" in ", ", in "),
                column.max(1)
            )
        }
        _ => format!("{}{field}", plain_json_words(&said, what)),
    }
}

/// The fields that lead to where `T` could not be read from `deserializer` (`lines[0].quantity`),
/// found by reading it again with its path tracked: asked only of a payload that did not read,
/// so that reading one that does costs nothing more. None when the mistake is the payload's
/// own (a list where an object was expected).
pub fn field_path<'de, T, D>(deserializer: D) -> Option<String>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    let mut track = serde_path_to_error::Track::new();
    let tracked =
        serde_path_to_error::Deserializer::new(super::FieldsOnly(deserializer), &mut track);
    match T::deserialize(tracked) {
        Ok(_) => None,
        Err(_) => {
            // A value read from its JSON text (an amount) is reached through serde_json's own
            // key for raw text, which names nothing of the payload.
            let path = track.path().to_string();
            let path = path
                .split('.')
                .filter(|segment| !segment.starts_with('$'))
                .collect::<Vec<_>>()
                .join(".");
            (!path.is_empty() && path != ".").then_some(path)
        }
    }
}

/// `said` with a number serde_json read as a float (a whole number past what 64 bits hold,
/// `99999999999999999999999999`, told as `1e+26`) put back as the text wrote it: the number
/// ends where the error was placed.
fn as_written(said: String, e: &serde_json::Error, text: &str) -> String {
    let Some(start) = said.find("found the number ") else {
        return said;
    };
    let start = start + "found the number ".len();
    let told = said[start..].split(' ').next().unwrap_or_default();
    let line = text
        .split('\n')
        .nth(e.line().saturating_sub(1))
        .unwrap_or_default();
    let before = line.get(..e.column().min(line.len())).unwrap_or_default();
    let written = before
        .trim_end_matches(|c: char| !(c.is_ascii_digit() || "eE+-.".contains(c)))
        .rsplit(|c: char| !(c.is_ascii_digit() || "eE+-.".contains(c)))
        .next()
        .unwrap_or_default();
    let same = written.parse::<f64>().ok() == told.parse::<f64>().ok();
    match !written.is_empty() && written != told && same {
        true => format!("{}{written}{}", &said[..start], &said[start + told.len()..]),
        false => said,
    }
}

/// Where serde_json placed an error in `text`, the text it read: its line, and its column
/// counted in characters, as editors and the feature runner count them. serde_json counts the
/// column in bytes, so every character before it written in more than one (`é`, `日`) put the
/// place further right than the mistake. A column 0 (an end of input just after a line end)
/// stays 0.
pub fn json_place(e: &serde_json::Error, text: &str) -> (usize, usize) {
    let line = e.line();
    let bytes = e.column();
    let column = match text.split('\n').nth(line.saturating_sub(1)) {
        Some(written) if line > 0 => {
            let counted = written
                .char_indices()
                .take_while(|&(at, _)| at < bytes)
                .count();
            // Past the line's end (no such place in practice), each byte left counts as one.
            counted + bytes.saturating_sub(written.len())
        }
        _ => bytes,
    };
    (line, column)
}

/// Where the first byte that is not UTF-8 stands in `bytes` (`e` is what reading them said):
/// its line and column from 1, the column counted in characters, as `json_place` counts. What
/// comes before that byte is text, which places it.
pub fn not_utf8_place(bytes: &[u8], e: &std::str::Utf8Error) -> (usize, usize) {
    let before = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// serde_json's (and serde's) words for what is wrong, in the words of people who write logs
/// and feature files rather than Rust: no type names, no parser states. What it does not know
/// is kept as it was said.
pub fn plain_json_words(said: &str, what: &str) -> String {
    let found = said
        .strip_prefix("invalid type: ")
        .or_else(|| said.strip_prefix("invalid value: "));
    if let Some((unexpected, expected)) = found.and_then(|rest| rest.split_once(", expected ")) {
        return format!(
            "found {} where {} was expected",
            plain_unexpected(unexpected),
            plain_expected(expected)
        );
    }
    if let Some(inside) = said.strip_prefix("EOF while parsing ") {
        let inside = match inside {
            "a string" => "inside quoted text",
            "a list" => "inside a list",
            "an object" => "inside an object",
            _ => "where a value was expected",
        };
        return format!("{what} ends too early, {inside}");
    }
    if let Some(field) = said
        .strip_prefix("duplicate field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        return format!("{what} gives `{field}` twice");
    }
    if let Some((field, expected)) = said
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once("`, expected "))
    {
        return format!(
            "`{field}` is not a field of {what} (expected {})",
            expected.replace("one of ", "one of: ")
        );
    }
    match said {
        "trailing characters" => "something follows the object".into(),
        "trailing comma" => "a comma with nothing after it".into(),
        "key must be a string" => "a key must be quoted text".into(),
        "expected ident" => "an unquoted word (only `true`, `false` and `null` are written \
                             without quotes; text must be in quotes)"
            .into(),
        "expected `,` or `}`" => {
            "expected `,` or `}` (a comma before the next field, or the end of the object)".into()
        }
        "expected `,` or `]`" => {
            "expected `,` or `]` (a comma before the next item, or the end of the list)".into()
        }
        "expected `:`" => "expected `:` between a key and its value".into(),
        "expected value" => "expected a value (quoted text, a number, an object, a list, \
                             `true`, `false` or `null`)"
            .into(),
        "invalid number" => "a number not written as JSON writes numbers".into(),
        "number out of range" => "a number too large to read".into(),
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "a control character (such as a tab or a line break) inside quoted text".into()
        }
        "recursion limit exceeded" => "values nested too deeply".into(),
        "invalid escape" => "a backslash that starts no escape in quoted text (write `\\\\` \
                             for a backslash)"
            .into(),
        "unexpected end of hex escape" => "a `\\u` escape cut short (it takes four hexadecimal \
                                           digits, and the first half of a surrogate pair takes \
                                           a second `\\u` escape after it)"
            .into(),
        "invalid unicode code point" => "a `\\u` escape that names no character".into(),
        "lone leading surrogate in hex escape" => "a `\\u` escape of half a character (the \
                                                   first of a surrogate pair, without the \
                                                   second)"
            .into(),
        _ => said.to_string(),
    }
}

/// serde's name for a value found (`string "x"`, `integer `5``, `sequence`) in plain words.
fn plain_unexpected(unexpected: &str) -> String {
    let quoted = |prefix: &str| {
        unexpected
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('`')?.strip_suffix('`'))
            .map(str::to_string)
    };
    if let Some(text) = unexpected.strip_prefix("string ") {
        return format!("the text {text}");
    }
    if let Some(number) = quoted("integer ").or_else(|| quoted("floating point ")) {
        return format!("the number {number}");
    }
    if let Some(boolean) = quoted("boolean ") {
        return format!("`{boolean}`");
    }
    match unexpected {
        "sequence" => "a list".into(),
        "map" => "an object".into(),
        "unit value" | "null" | "none" => "null".into(),
        _ => unexpected.to_string(),
    }
}

/// serde's name for what was expected (`u32`, `struct SeatCreated`, `a string`) in plain words.
fn plain_expected(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => {
            let most = match expected {
                "u8" => u64::from(u8::MAX),
                "u16" => u64::from(u16::MAX),
                "u32" => u64::from(u32::MAX),
                _ => u64::MAX,
            };
            WholeRange::of(0, most.into()).describe()
        }
        // With its range, or a number just past it reads as a mistake of kind, not of size.
        "i8" | "i16" | "i32" | "i64" | "isize" => {
            let (least, most) = match expected {
                "i8" => (i64::from(i8::MIN), i64::from(i8::MAX)),
                "i16" => (i64::from(i16::MIN), i64::from(i16::MAX)),
                "i32" => (i64::from(i32::MIN), i64::from(i32::MAX)),
                _ => (i64::MIN, i64::MAX),
            };
            WholeRange::of(least.into(), most.into()).describe()
        }
        "f32" | "f64" => "a number".into(),
        "a string" | "a borrowed string" | "a character" => "text".into(),
        "a sequence" => "a list".into(),
        "a map" => "an object".into(),
        "a boolean" => "`true` or `false`".into(),
        "unit" => "null".into(),
        "an RFC 3339 formatted date and time string" => {
            "an RFC 3339 instant (such as `2026-01-05T09:00:00Z`)".into()
        }
        _ if expected.starts_with("struct ") || expected.starts_with("struct variant ") => {
            "an object".into()
        }
        _ if expected.starts_with("tuple struct ") => "a list".into(),
        _ => expected.to_string(),
    }
}

/// The name and fields of one message type.
#[derive(Debug, Clone, Serialize)]
pub struct MessageSpec {
    pub name: &'static str,
    pub fields: Vec<FieldSpec>,
}

/// One field of a message or record: its name, the Rust type it is written in, its shape, and
/// whether a value must be given (optional fields default to null).
#[derive(Debug, Clone)]
pub struct FieldSpec {
    pub name: &'static str,
    pub type_name: &'static str,
    pub ty: FieldType,
    pub required: bool,
}

/// For tools: `type`, the Rust type; `shape`, the catalog's words for it (`text or null`); and
/// `json_type`, the same words as JSON a program reads without parsing them (`FieldType::json`).
impl Serialize for FieldSpec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut field = s.serialize_struct("FieldSpec", 5)?;
        field.serialize_field("name", self.name)?;
        field.serialize_field("type", self.type_name)?;
        field.serialize_field("shape", &self.ty.describe())?;
        field.serialize_field("json_type", &self.ty.json())?;
        field.serialize_field("required", &self.required)?;
        field.end()
    }
}

impl FieldSpec {
    pub fn of<T: Field>(name: &'static str, type_name: &'static str) -> Self {
        let ty = T::field_type();
        FieldSpec {
            name,
            type_name: clean_type_name(type_name),
            required: !matches!(ty, FieldType::Optional(_)),
            ty,
        }
    }
}

/// `stringify!` leaves spaces inside generics (`Option < Money >`); tools show the compact form.
fn clean_type_name(raw: &'static str) -> &'static str {
    if raw.contains(' ') {
        Box::leak(raw.replace(' ', "").into_boxed_str())
    } else {
        raw
    }
}

/// The shape of a field's value, enough to coerce a table cell into it.
#[derive(Debug, Clone)]
pub enum FieldType {
    Text,
    Integer(WholeRange),
    Decimal,
    Boolean,
    Instant,
    List(Box<FieldType>),
    Optional(Box<FieldType>),
    Record {
        name: &'static str,
        fields: Vec<FieldSpec>,
    },
    /// A value object with a readable literal form of its own (`3 full, 2 workshop`); its JSON
    /// form is `inner`.
    Literal {
        name: &'static str,
        /// How a cell writes one, for the catalog.
        example: &'static str,
        inner: Box<FieldType>,
        parse: fn(&str) -> Result<Value, String>,
        /// Writes a JSON value back in the literal form, if it has the inner shape.
        format: fn(&Value) -> Option<String>,
    },
}

/// The whole numbers a field's Rust type holds, so that a number past them is refused where it
/// is written, with the range, rather than by the message as a whole in serde's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WholeRange {
    pub least: i128,
    pub most: i128,
}

impl WholeRange {
    pub const I64: WholeRange = WholeRange::of(i64::MIN as i128, i64::MAX as i128);

    pub const fn of(least: i128, most: i128) -> Self {
        WholeRange { least, most }
    }

    pub fn contains(&self, n: i128) -> bool {
        (self.least..=self.most).contains(&n)
    }

    /// The range as a sentence says it, its bounds exact and grouped by thousands: `a whole
    /// number from 0 to 4,294,967,295`.
    pub fn describe(&self) -> String {
        format!(
            "a whole number from {} to {}",
            super::readable_number(self.least),
            super::readable_number(self.most)
        )
    }
}

impl FieldType {
    /// A short human name for the shape: `text`, `list of SeatQuantity`…
    pub fn describe(&self) -> String {
        match self {
            FieldType::Text => "text".into(),
            FieldType::Integer(_) => "integer".into(),
            FieldType::Decimal => "decimal".into(),
            FieldType::Boolean => "boolean".into(),
            FieldType::Instant => "instant (RFC 3339)".into(),
            FieldType::List(t) => format!("list of {}", t.describe()),
            FieldType::Optional(t) => format!("{} or null", t.describe()),
            FieldType::Record { name, .. } => (*name).into(),
            FieldType::Literal { name, .. } => (*name).into(),
        }
    }

    /// The shape as a JSON consumer reads it, in the catalog's words: `"text"`, `"integer"`,
    /// `"decimal"` (written in JSON as a string, `"100.00"`), `"boolean"`, `"instant"` (an RFC
    /// 3339 string); `{"list": …}`, `{"optional": …}`; `{"record": name, "fields": […]}`, each
    /// field as a message's; `{"literal": name, "example": …, "in_json": …}` for a value with a
    /// cell form of its own (`3 full, 2 workshop`) and `in_json` the shape of its JSON.
    pub fn json(&self) -> Value {
        match self {
            FieldType::Text => "text".into(),
            FieldType::Integer(_) => "integer".into(),
            FieldType::Decimal => "decimal".into(),
            FieldType::Boolean => "boolean".into(),
            FieldType::Instant => "instant".into(),
            FieldType::List(inner) => serde_json::json!({ "list": inner.json() }),
            FieldType::Optional(inner) => serde_json::json!({ "optional": inner.json() }),
            FieldType::Record { name, fields } => {
                serde_json::json!({ "record": name, "fields": fields })
            }
            FieldType::Literal {
                name,
                example,
                inner,
                ..
            } => {
                serde_json::json!({ "literal": name, "example": example, "in_json": inner.json() })
            }
        }
    }
}

/// A type that can stand in a message field.
pub trait Field {
    fn field_type() -> FieldType;
}

/// A record type whose fields are described (messages, nested value objects, read-model entries).
pub trait Described {
    fn fields() -> Vec<FieldSpec>;
}

macro_rules! field_kind {
    ($t:ty => $k:expr) => {
        impl Field for $t {
            fn field_type() -> FieldType {
                $k
            }
        }
    };
}
field_kind!(String => FieldType::Text);
field_kind!(super::Text => FieldType::Text);
field_kind!(i64 => FieldType::Integer(WholeRange::I64));
field_kind!(i32 => FieldType::Integer(WholeRange::of(i32::MIN as i128, i32::MAX as i128)));
field_kind!(i16 => FieldType::Integer(WholeRange::of(i16::MIN as i128, i16::MAX as i128)));
field_kind!(i8 => FieldType::Integer(WholeRange::of(i8::MIN as i128, i8::MAX as i128)));
field_kind!(u16 => FieldType::Integer(WholeRange::of(0, u16::MAX as i128)));
field_kind!(u8 => FieldType::Integer(WholeRange::of(0, u8::MAX as i128)));
field_kind!(u32 => FieldType::Integer(WholeRange::of(0, u32::MAX as i128)));
field_kind!(u64 => FieldType::Integer(WholeRange::of(0, u64::MAX as i128)));
field_kind!(usize => FieldType::Integer(WholeRange::of(0, usize::MAX as i128)));
field_kind!(bool => FieldType::Boolean);
field_kind!(super::Money => FieldType::Decimal);
field_kind!(super::Instant => FieldType::Instant);

impl<T: Field> Field for Vec<T> {
    fn field_type() -> FieldType {
        FieldType::List(Box::new(T::field_type()))
    }
}

impl<T: Field> Field for Option<T> {
    fn field_type() -> FieldType {
        FieldType::Optional(Box::new(T::field_type()))
    }
}

/// Defines a described record: a plain serde struct whose fields tools can list.
/// Unknown fields are refused so that a misspelt column is an error, not silence.
///
/// ```
/// domain::record! { pub struct CarEntered { pub garage_id: String, pub spaces: u16 } }
/// ```
///
/// A field that is not `pub` is refused in words (`record! takes pub struct Name { pub field:
/// Type, … }`):
///
/// ```compile_fail
/// domain::record! { pub struct CarEntered { garage_id: String } }
/// ```
#[macro_export]
macro_rules! record {
    ($(#[$meta:meta])* pub struct $name:ident { $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty ),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name { $( $(#[$fmeta])* pub $field: $ty ),* }

        impl $crate::kernel::Described for $name {
            fn fields() -> Vec<$crate::kernel::FieldSpec> {
                vec![ $( $crate::kernel::FieldSpec::of::<$ty>(stringify!($field), stringify!($ty)) ),* ]
            }
        }

        impl $crate::kernel::Field for $name {
            fn field_type() -> $crate::kernel::FieldType {
                $crate::kernel::FieldType::Record {
                    name: stringify!($name),
                    fields: <$name as $crate::kernel::Described>::fields(),
                }
            }
        }
    };
    // Anything else (a field not `pub`, the struct not `pub`, a tuple struct): said in words,
    // where macro_rules would say only that no rule expected a token.
    ($($anything:tt)*) => {
        ::core::compile_error!(
            "record! takes `pub struct Name { pub field: Type, … }`: the struct and every one of \
             its fields `pub`, named fields only (the catalog and the feature language read them)"
        );
    };
}

/// Gathers message records into one enum implementing `Message`, named variant by variant
/// after the records, with `From` for each.
#[macro_export]
macro_rules! messages {
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        pub enum $name { $($variant(Box<$variant>)),* }

        impl $crate::kernel::Message for $name {
            fn name(&self) -> &'static str {
                match self { $(Self::$variant(_) => stringify!($variant)),* }
            }
            fn payload(&self) -> ::serde_json::Value {
                // Plain records with string keys always serialize.
                match self { $(Self::$variant(m) => ::serde_json::to_value(m).expect("a record serializes")),* }
            }
            fn from_payload(name: &str, payload: ::serde_json::Value) -> Result<Self, $crate::kernel::MessageError> {
                match name {
                    $(stringify!($variant) => <$variant as ::serde::Deserialize>::deserialize(
                            $crate::kernel::FieldsOnly(&payload))
                        .map(|m| Self::$variant(Box::new(m)))
                        .map_err(|e| $crate::kernel::MessageError::Invalid {
                            name: name.to_string(),
                            // A tree's errors have no place to count: the field says where.
                            reason: match $crate::kernel::field_path::<$variant, _>(&payload) {
                                Some(field) => format!(
                                    "{}, in `{field}`",
                                    $crate::kernel::plain_json_words(&e.to_string(), "the payload")
                                ),
                                None => $crate::kernel::plain_json_words(&e.to_string(), "the payload"),
                            },
                        }),)*
                    _ => Err($crate::kernel::MessageError::Unknown(name.to_string())),
                }
            }
            fn from_payload_str(name: &str, payload: &str) -> Result<Self, $crate::kernel::MessageError> {
                match name {
                    $(stringify!($variant) => {
                            let mut read = ::serde_json::Deserializer::from_str(payload);
                            <$variant as ::serde::Deserialize>::deserialize(
                                $crate::kernel::FieldsOnly(&mut read))
                                .and_then(|m| read.end().map(|()| m))
                        }
                        .map(|m| Self::$variant(Box::new(m)))
                        .map_err(|e| $crate::kernel::MessageError::Invalid {
                            name: name.to_string(),
                            reason: $crate::kernel::json_error_in_field(
                                &e,
                                "the payload",
                                payload,
                                match e.classify() {
                                    ::serde_json::error::Category::Data => {
                                        $crate::kernel::field_path::<$variant, _>(
                                            &mut ::serde_json::Deserializer::from_str(payload),
                                        )
                                    }
                                    _ => None,
                                },
                            ),
                        }),)*
                    _ => Err($crate::kernel::MessageError::Unknown(name.to_string())),
                }
            }
            fn deserialize_payload<'de, D: ::serde::Deserializer<'de>>(
                name: &str,
                deserializer: D,
            ) -> Result<Self, D::Error> {
                match name {
                    $(stringify!($variant) => <$variant as ::serde::Deserialize>::deserialize(
                            $crate::kernel::FieldsOnly(deserializer))
                        .map(|m| Self::$variant(Box::new(m))),)*
                    _ => Err(<D::Error as ::serde::de::Error>::custom(format!("unknown message `{name}`"))),
                }
            }
            fn names() -> &'static [&'static str] {
                &[$(stringify!($variant)),*]
            }
            fn specs() -> Vec<$crate::kernel::MessageSpec> {
                vec![ $( $crate::kernel::MessageSpec {
                    name: stringify!($variant),
                    fields: <$variant as $crate::kernel::Described>::fields(),
                } ),* ]
            }
        }

        $(impl From<$variant> for $name {
            fn from(m: $variant) -> Self { Self::$variant(Box::new(m)) }
        })*
    };
}

#[cfg(test)]
mod tests {
    use super::{json_place, plain_json_words};

    /// serde_json's column is in bytes; the place shown is in characters.
    #[test]
    fn a_json_error_is_placed_by_characters() {
        for (text, place) in [
            ("{\"a\": \"日本語\" x}", (1, 13)),
            ("{\"a\": \"abc\" x}", (1, 13)),
            ("{\"a\":\n \"é\", x}", (2, 7)),
            ("{\"a\": \"日本語\"\n", (2, 0)),
        ] {
            let e = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
            assert_eq!(json_place(&e, text), place, "{text:?}: {e}");
        }
    }

    /// A whole number past 64 bits reaches the field as a float: it is told as written.
    #[test]
    fn a_number_read_as_a_float_is_told_as_written() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Seats {
            quantity: i64,
        }
        for (text, told) in [
            (
                r#"{"quantity":99999999999999999999999999}"#,
                "found the number 99999999999999999999999999 where a whole number from",
            ),
            (r#"{"quantity": 1.5 }"#, "found the number 1.5 where"),
            (r#"{"quantity":1e3}"#, "found the number 1e3 where"),
        ] {
            let e = serde_json::from_str::<Seats>(text).unwrap_err();
            let said = super::json_error_in(&e, "the payload", text);
            assert!(said.starts_with(told), "{text}: {said}");
        }
    }

    #[test]
    fn a_whole_number_past_its_field_s_range_is_said_with_the_range() {
        assert_eq!(
            plain_json_words(
                "invalid value: integer `9223372036854775808`, expected i64",
                "the payload"
            ),
            "found the number 9223372036854775808 where a whole number from \
             -9,223,372,036,854,775,808 to 9,223,372,036,854,775,807 was expected"
        );
        assert_eq!(
            plain_json_words("invalid type: sequence, expected u32", "the line"),
            "found a list where a whole number from 0 to 4,294,967,295 was expected"
        );
    }

    #[test]
    fn the_parser_s_states_are_said_as_what_was_expected_there() {
        for (said, plain) in [
            (
                "expected ident",
                "an unquoted word (only `true`, `false` and `null` are written without quotes; \
                 text must be in quotes)",
            ),
            (
                "expected `,` or `]`",
                "expected `,` or `]` (a comma before the next item, or the end of the list)",
            ),
            ("expected `:`", "expected `:` between a key and its value"),
        ] {
            assert_eq!(plain_json_words(said, "the doc string"), plain);
        }
    }
}
