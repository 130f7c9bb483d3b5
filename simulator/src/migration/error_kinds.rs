//! A verification's errors summed up by kind: one cause repeated across a log (every payload
//! encoded twice, every line without `recorded_at`) is one line with its count and where it was
//! first and last seen, under a list that gives each error its own line.
//!
//! A kind is what went wrong and, where it has one, the event type and version or the field it
//! went wrong in: never the values the message quotes, which differ from one line to the next.

use domain::kernel::{DecodeError, MessageError, UpcastError};

use super::plural;

/// Where an error was found, as the summary names it: a file's line by its number, a table's row
/// by its key (`Order/o1#3`), or nowhere in particular (a source that went away).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Spot {
    Line(u64),
    Row(String),
    Nowhere,
}

/// One kind of error: how many there are, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorKind {
    pub kind: String,
    pub count: u64,
    /// Where the first errors of the kind were found (up to `PLACES_NAMED`).
    pub first: Vec<Spot>,
    /// Where the last one was found.
    pub last: Spot,
    /// Each line from the first to the last holds an error of the kind (said `lines 1–100`).
    pub unbroken: bool,
}

/// Places a kind names one by one; one with more names its first and last.
const PLACES_NAMED: usize = 3;

/// Kinds the summary names, the most frequent first; the rest are counted.
const MOST_KINDS: usize = 20;

/// The kinds of `errors` (each error's kind and spot, in the log's order), the most frequent
/// first, and of as many the one seen first.
pub(super) fn summed_up<'a>(errors: impl Iterator<Item = (&'a str, &'a Spot)>) -> Vec<ErrorKind> {
    let mut kinds: Vec<ErrorKind> = Vec::new();
    let mut by_kind: rustc_hash::FxHashMap<&str, usize> = Default::default();
    for (kind, spot) in errors {
        let at = *by_kind.entry(kind).or_insert_with(|| {
            kinds.push(ErrorKind {
                kind: kind.to_string(),
                count: 0,
                first: Vec::new(),
                last: spot.clone(),
                unbroken: true,
            });
            kinds.len() - 1
        });
        let k = &mut kinds[at];
        // A line's second error of the same kind (a gap and its own fault) is one place.
        let next = match (&k.last, spot) {
            (_, _) if k.count == 0 => true,
            (Spot::Line(last), Spot::Line(line)) => {
                k.unbroken &= *line == last + 1 || line == last;
                line != last
            }
            (last, spot) => {
                k.unbroken = false;
                last != spot
            }
        };
        k.count += 1;
        if next && k.first.len() < PLACES_NAMED {
            k.first.push(spot.clone());
        }
        k.last = spot.clone();
    }
    // Stable: of kinds as frequent, the one seen first comes first.
    kinds.sort_by_key(|k| std::cmp::Reverse(k.count));
    kinds
}

/// The summary's lines, when it adds to the list above it: there are two errors or more.
/// `rows`: places are a table's rows. `stopped_early`: the counts are of what was read before
/// --max-errors stopped the reading.
pub(super) fn told(kinds: &[ErrorKind], rows: bool, stopped_early: bool) -> Vec<String> {
    let errors: u64 = kinds.iter().map(|k| k.count).sum();
    if errors < 2 {
        return Vec::new();
    }
    let units = match rows {
        true => "rows",
        false => "lines",
    };
    let mut lines = vec![match stopped_early {
        true => format!(
            "errors by kind, the most first (counted in the {units} read before --max-errors \
             stopped the reading; later {units} may hold more):"
        ),
        false => "errors by kind, the most first:".to_string(),
    }];
    for kind in kinds.iter().take(MOST_KINDS) {
        let places = places(kind);
        let at = match places.is_empty() {
            true => String::new(),
            false => format!(" ({places})"),
        };
        lines.push(format!("  {} {}{at}", kind.count, kind.kind));
    }
    if kinds.len() > MOST_KINDS {
        let rest: u64 = kinds[MOST_KINDS..].iter().map(|k| k.count).sum();
        lines.push(format!(
            "  and {} more kinds ({})",
            kinds.len() - MOST_KINDS,
            plural(rest, "error", "errors")
        ));
    }
    lines
}

/// Where a kind was seen: each place when there are few (`lines 7, 19, 44`), a run of lines
/// as one (`lines 1–100`), else the first and the last.
fn places(kind: &ErrorKind) -> String {
    let named: Vec<String> = kind
        .first
        .iter()
        .filter_map(|spot| match spot {
            Spot::Line(n) => Some(n.to_string()),
            Spot::Row(key) => Some(key.clone()),
            Spot::Nowhere => None,
        })
        .collect();
    let last = match &kind.last {
        Spot::Line(n) => n.to_string(),
        Spot::Row(key) => key.clone(),
        Spot::Nowhere => return String::new(),
    };
    let (unit, units) = match kind.last {
        Spot::Row(_) => ("row", "rows"),
        _ => ("line", "lines"),
    };
    // Places are pushed as they change, so the last is among the first when there are few.
    let all_named = named.len() < PLACES_NAMED || named.last() == Some(&last);
    match named.as_slice() {
        [] => String::new(),
        [one] => format!("{unit} {one}"),
        [first, ..] if kind.unbroken => format!("{units} {first}–{last}"),
        several if all_named => format!("{units} {}", several.join(", ")),
        [first, ..] => format!("first {unit} {first}, last {unit} {last}"),
    }
}

/// The kind of a payload that could not be read into its current message (`event_type` at
/// `version`, as stored).
pub(super) fn of_decoding(e: &DecodeError, event_type: &str, version: u32) -> String {
    if e.is_encoded_twice() {
        return "payload encoded twice".to_string();
    }
    let form = form(event_type, version);
    match e {
        DecodeError::Upcast(UpcastError::UnknownType { .. }) => {
            format!("unknown event type {}", shown_type(event_type))
        }
        DecodeError::Upcast(UpcastError::UnknownVersion { .. }) => {
            format!("unknown version: {form}")
        }
        DecodeError::Upcast(UpcastError::Failed { .. }) => format!("{form} fails to upcast"),
        DecodeError::Message(e) => format!("{form}, after upcasting: {}", of_message(e)),
        DecodeError::Payload(e) => format!("{form}: {}", of_message(e)),
        DecodeError::NotJson(_) => format!("{form}: payload not JSON"),
    }
}

/// An event type and version as kinds name them.
pub(super) fn form(event_type: &str, version: u32) -> String {
    format!("{} version {version}", shown_type(event_type))
}

fn shown_type(event_type: &str) -> String {
    format!("`{}`", crate::report::name(event_type))
}

/// What is wrong with a payload read into a message, by the field it is wrong in when its words
/// name one.
fn of_message(e: &MessageError) -> String {
    let reason = match e {
        MessageError::Unknown(_) => return "names no message of the domain".to_string(),
        MessageError::Invalid { reason, .. } => reason,
    };
    match field_fault(reason) {
        Some(FieldFault::Missing(field)) => format!("without `{field}`"),
        Some(FieldFault::Twice(field)) => format!("gives `{field}` twice"),
        Some(FieldFault::Wrong(field)) => format!("`{field}` does not read"),
        None => "does not fit".to_string(),
    }
}

/// A field a reader's words say is missing, given twice or wrong.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum FieldFault {
    Missing(String),
    Twice(String),
    Wrong(String),
}

/// The field a reader's words say is missing, given twice or wrong (`missing field `quantity``,
/// `duplicate field `x``, `gives `x` twice`, `… in `lines[0].quantity`, at column 9`, or a
/// reader's own that begins with it: `sequence` must be …), without its values; list indexes
/// are left out (`lines[].quantity`), as they differ from one event to the next.
pub(crate) fn field_fault(said: &str) -> Option<FieldFault> {
    let quoted = |after: &str| -> Option<String> {
        let at = said.find(after)? + after.len();
        let name = &said[at..];
        Some(without_indexes(&name[..name.find('`')?]))
    };
    if let Some(field) = quoted("missing field `") {
        return Some(FieldFault::Missing(field));
    }
    if let Some(field) = quoted("duplicate field `") {
        return Some(FieldFault::Twice(field));
    }
    if let Some(field) = quoted("gives `").filter(|_| said.contains("` twice")) {
        return Some(FieldFault::Twice(field));
    }
    if let Some(field) = quoted(", in `") {
        return Some(FieldFault::Wrong(field));
    }
    // Words that begin with what they quote name a field (`sequence` must be …) or quote a
    // value (`99999999999999999999` is out of range, `3 fulll` is not a seat quantity): only a
    // field's name is taken, told by its form, a name such as fields are given.
    let field = quoted("`").filter(|f| said.starts_with('`') && is_field_name(f))?;
    Some(FieldFault::Wrong(field))
}

/// Whether `text` is written as a field's name or path is (`price_cents`, `lines[].quantity`):
/// a letter or `_` first, then letters, digits, `_`, `.` and `[]`.
fn is_field_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'))
}

/// A field's path without its list indexes: `lines[0].quantity` is `lines[].quantity`.
fn without_indexes(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => in_index = true,
            ']' => in_index = false,
            c if in_index && c.is_ascii_digit() => continue,
            _ => {}
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(errors: &[(&str, Spot)]) -> Vec<ErrorKind> {
        summed_up(errors.iter().map(|(k, s)| (*k, s)))
    }

    /// The most frequent kind first, ties in the order first seen; a run of lines is one range,
    /// a few places are each named, many scattered ones by the first and the last.
    #[test]
    fn kinds_are_counted_most_first_with_their_places() {
        let mut errors: Vec<(&str, Spot)> = Vec::new();
        for line in 1..=5 {
            errors.push(("a", Spot::Line(line)));
        }
        errors.push(("b", Spot::Line(7)));
        errors.push(("c", Spot::Line(8)));
        errors.push(("b", Spot::Line(19)));
        for line in [20, 30, 40, 50] {
            errors.push(("c", Spot::Line(line)));
        }
        let kinds = kinds(&errors);
        let said = told(&kinds, false, false);
        assert_eq!(
            said,
            [
                "errors by kind, the most first:",
                "  5 a (lines 1–5)",
                "  5 c (first line 8, last line 50)",
                "  2 b (lines 7, 19)",
            ]
        );
    }

    #[test]
    fn rows_are_named_by_their_keys_and_one_error_is_no_summary() {
        let row = |key: &str| Spot::Row(key.to_string());
        let said = told(
            &kinds(&[("x", row("Order/o1#3")), ("x", row("Order/o2#1"))]),
            true,
            true,
        );
        assert!(
            said[0].contains("read before --max-errors stopped"),
            "{said:?}"
        );
        assert_eq!(said[1], "  2 x (rows Order/o1#3, Order/o2#1)");
        assert!(told(&kinds(&[("x", Spot::Line(3))]), false, false).is_empty());
    }

    #[test]
    fn a_field_is_named_without_its_values_or_indexes() {
        let wrong = |f: &str| Some(FieldFault::Wrong(f.to_string()));
        for (said, fault) in [
            (
                "missing field `quantity`, at column 118",
                Some(FieldFault::Missing("quantity".into())),
            ),
            (
                "found the text \"many\" where a whole number was expected, in \
                 `lines[12].quantity`, at column 113 of the payload",
                wrong("lines[].quantity"),
            ),
            (
                "the payload gives `total` twice, at column 9",
                Some(FieldFault::Twice("total".into())),
            ),
            (
                "`sequence` must be a position in its stream; found the text \"x\"",
                wrong("sequence"),
            ),
            ("expected a JSON object", None),
            // Values a message quotes first are no field: one kind for every such number.
            (
                "`99999999999999999999999` is out of range for a whole number, at column 12 of \
                 the payload",
                None,
            ),
            (
                "`3 fulll` is not a seat quantity (expected a number and a seat type)",
                None,
            ),
        ] {
            assert_eq!(field_fault(said), fault, "{said}");
        }
    }
}
