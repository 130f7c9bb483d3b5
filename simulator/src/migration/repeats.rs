//! A position that a log file gives twice, told with the first line that holds it and whether
//! the two hold the same event: a copy is a double write, safe to drop; two events that differ
//! are two writers that disagreed, and what one of them recorded is lost.

use std::io::BufRead;

use domain::kernel::{instant_text, Message, Payload, StoredText, StreamId};
use rustc_hash::FxHashMap;

use super::lines::lines_of;
use super::reads::{Place, Read};
use super::report::Report;
use super::verify::stored_reader;
use crate::simulation::Simulated;

/// A line whose stream and position were taken already: the error told of it, by its index in
/// `Report::errors`, and where the line is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repeat {
    pub error: usize,
    pub stream: StreamId,
    pub sequence: u64,
    pub line: u64,
}

/// The most fields that differ a repeat names; the others are counted.
const MOST_FIELDS: usize = 3;

/// The most characters of a field's value a repeat shows whole.
const MOST_VALUE: usize = 60;

/// Reads the log again from `input` (the file the report is of, `source` naming it as the first
/// reading did) and tells each repeat of `report` which line first held its position and how
/// the two events compare. Only the repeats' positions are kept while reading, so a log with a
/// few repeats costs one more reading and no more memory.
pub fn compare<C: Simulated>(input: impl BufRead, source: &str, report: &mut Report) {
    if report.repeats.is_empty() {
        return;
    }
    // For each repeated position, the first line that holds it and each repeat's own line.
    let mut wanted: FxHashMap<StreamId, FxHashMap<u64, Held<C::Event>>> = FxHashMap::default();
    for repeat in &report.repeats {
        let held = wanted
            .entry(repeat.stream.clone())
            .or_default()
            .entry(repeat.sequence)
            .or_default();
        held.repeats.push((repeat.line, None));
    }
    let mut left = report.repeats.len();
    for read in lines_of::<C::Event>(input, source, stored_reader::<C>()) {
        let Read::Event(Place::Line(_, line), stored) = read else {
            continue;
        };
        let Some(held) = wanted
            .get_mut(&stored.stream)
            .and_then(|positions| positions.get_mut(&stored.sequence))
        else {
            continue;
        };
        if let Some((_, slot)) = held.repeats.iter_mut().find(|(at, _)| *at == line) {
            *slot = Some(stored);
            left -= 1;
        } else if held.first.is_none() {
            held.first = Some((line, stored));
        }
        if left == 0 {
            break;
        }
    }
    for repeat in &report.repeats {
        let Some(held) = wanted
            .get(&repeat.stream)
            .and_then(|positions| positions.get(&repeat.sequence))
        else {
            continue;
        };
        let here = held
            .repeats
            .iter()
            .find(|(at, _)| *at == repeat.line)
            .and_then(|(_, stored)| stored.as_ref());
        // The first line to hold the position may be the repeat itself, when what stood there
        // before could not be read as a stored event: nothing to compare it with.
        let (Some((line, first)), Some(here)) = (&held.first, here) else {
            continue;
        };
        if *line >= repeat.line {
            continue;
        }
        if let Some(error) = report.errors.get_mut(repeat.error) {
            error.push_str(&format!(
                "; {source}:{line}, the first line at that position, "
            ));
            error.push_str(&likeness(first, here));
        }
    }
}

/// What was read of one repeated position: its first line, and each repeat's.
struct Held<E> {
    first: Option<(u64, StoredText<E>)>,
    repeats: Vec<(u64, Option<StoredText<E>>)>,
}

impl<E> Default for Held<E> {
    fn default() -> Self {
        Held {
            first: None,
            repeats: Vec::new(),
        }
    }
}

/// How the event at a position's first line (`there`) compares with a repeat's (`here`), as the
/// end of a sentence that begins with the first line's place.
fn likeness<E: Message>(there: &StoredText<E>, here: &StoredText<E>) -> String {
    let name = |stored: &StoredText<E>| match &stored.payload {
        Payload::Typed(message) => message.name().to_string(),
        Payload::Text(_) => stored.event_type.to_string(),
    };
    let (name_there, name_here) = (name(there), name(here));
    if name_there != name_here {
        return format!(
            "holds another event: {} there, {} here",
            crate::report::name(&name_there),
            crate::report::name(&name_here)
        );
    }
    let fields = match (&there.payload, &here.payload) {
        (Payload::Typed(a), Payload::Typed(b)) if a == b => Vec::new(),
        (Payload::Typed(a), Payload::Typed(b)) => fields_that_differ(&a.payload(), &b.payload()),
        (Payload::Text(a), Payload::Text(b)) if a == b => Vec::new(),
        // One payload could not be read into its message: its error is told at its line.
        _ => {
            return format!(
                "holds another {}: its payload reads there and not here, or here and not there",
                crate::report::name(&name_here)
            )
        }
    };
    if !fields.is_empty() {
        let more = match fields.len().saturating_sub(MOST_FIELDS) {
            0 => String::new(),
            n => format!(
                ", and {} more",
                domain::kernel::plural(n as u64, "field", "fields")
            ),
        };
        let shown: Vec<&str> = fields
            .iter()
            .take(MOST_FIELDS)
            .map(String::as_str)
            .collect();
        return format!(
            "holds another {}: {}{more}",
            crate::report::name(&name_here),
            shown.join("; ")
        );
    }
    // The same event: what else differs is where and how it was stored.
    let mut also = Vec::new();
    if there.event_version != here.event_version {
        also.push(format!(
            "stored in version {} there, {} here",
            there.event_version, here.event_version
        ));
    }
    if there.recorded_at != here.recorded_at {
        also.push(format!(
            "recorded at {} there, {} here",
            instant_text(there.recorded_at),
            instant_text(here.recorded_at)
        ));
    }
    if there.metadata != here.metadata {
        also.push("with other metadata".to_string());
    }
    match also.is_empty() {
        true => "holds the same event: this line is a copy of it".to_string(),
        false => format!("holds the same event, {}", also.join(", ")),
    }
}

/// Each top-level field whose value differs between two payloads, in words: `` `quantity` 3
/// there, 5 here ``.
fn fields_that_differ(there: &serde_json::Value, here: &serde_json::Value) -> Vec<String> {
    let (Some(a), Some(b)) = (there.as_object(), here.as_object()) else {
        return vec![format!("{} there, {} here", value(there), value(here))];
    };
    let mut names: Vec<&String> = a.keys().chain(b.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|name| a.get(*name) != b.get(*name))
        .map(|name| {
            let side = |v: Option<&serde_json::Value>| v.map_or("none".to_string(), value);
            format!(
                "`{}` {} there, {} here",
                crate::report::name(name),
                side(a.get(name)),
                side(b.get(name))
            )
        })
        .collect()
}

/// A field's value as JSON, shortened when long.
fn value(v: &serde_json::Value) -> String {
    domain::kernel::shortened(&v.to_string(), MOST_VALUE).into_owned()
}
