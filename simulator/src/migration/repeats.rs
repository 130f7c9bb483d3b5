//! A position that a log file gives twice, told with the first line that holds it and whether
//! the two hold the same event: a copy is a double write, safe to drop; two events that differ
//! are two writers that disagreed, and what one of them recorded is lost.

use std::io::BufRead;

use domain::kernel::{instant_text, Message, Payload, StoredReader, StoredText, StreamId};
use rustc_hash::FxHashMap;

use super::lines::lines_of;
use super::reads::{Place, Read};
use super::report::Report;
use super::verify::stored_reader;
use crate::judging::Judged;

/// A line whose stream and position were taken already: the error told of it, by its index in
/// `Report::errors`, and where the line is (0 for a table's row, which its key places).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repeat {
    pub error: usize,
    pub stream: StreamId,
    pub sequence: u64,
    pub line: u64,
}

/// What a repeat and the first at its position are called: a file's lines, or a table's rows
/// at one key (`postgres::repeated_rows`), told in the same words otherwise.
pub struct Words {
    /// How the report's one line on repeats begins.
    pub lead: &'static str,
    /// The first to hold a repeat's position, as the summary names it.
    pub first: &'static str,
    /// One that does not read, as the summary names it.
    pub one: &'static str,
    /// With nothing before them at their position, as the summary counts them.
    pub alone: &'static str,
}

/// A file's.
const LINES: Words = Words {
    lead: LEAD,
    first: "the first line at their position",
    one: "a line",
    alone: "with no line before them at their position",
};

/// The most fields that differ a repeat names; the others are counted.
const MOST_FIELDS: usize = 3;

/// The most characters of a field's value a repeat shows whole.
const MOST_VALUE: usize = 60;

/// Reads the log again from `input` (the file the report is of, `source` naming it as the first
/// reading did) and tells each repeat of `report` which line first held its position and how
/// the two events compare. Only the repeats' positions are kept while reading, so a log with a
/// few repeats costs one more reading, up to its last repeat, and no more memory.
pub fn compare<C: Judged>(input: impl BufRead, source: &str, report: &mut Report) {
    if report.repeats.is_empty() {
        return;
    }
    let reader = stored_reader::<C>();
    // For each repeated position, the first line that holds it and each repeat's own line.
    let mut wanted: FxHashMap<StreamId, FxHashMap<u64, Held<C::Event>>> = FxHashMap::default();
    for repeat in &report.repeats {
        let held = wanted
            .entry(repeat.stream.clone())
            .or_default()
            .entry(repeat.sequence)
            .or_default();
        held.repeats.push(Seen {
            line: repeat.line,
            stored: None,
            after_first: false,
        });
    }
    let mut left = report.repeats.len();
    for read in lines_of::<C::Event>(input, source, reader.clone()) {
        let (line, stream, sequence, stored) = match read {
            Read::Event(Place::Line(_, line), stored) => (
                Some(line),
                stored.stream.clone(),
                stored.sequence,
                Some(stored),
            ),
            // A line that could not be read whole may still have held the position first.
            Read::Unreadable {
                place,
                position: Some((stream, Some(sequence))),
                ..
            } => {
                if let Some(held) = wanted.get_mut(&stream).and_then(|p| p.get_mut(&sequence)) {
                    held.first.get_or_insert(Holder::Unreadable(place));
                }
                continue;
            }
            _ => continue,
        };
        let Some(held) = wanted.get_mut(&stream).and_then(|p| p.get_mut(&sequence)) else {
            continue;
        };
        let (Some(line), Some(stored)) = (line, stored) else {
            continue;
        };
        let had_first = held.first.is_some();
        if let Some(seen) = held.repeats.iter_mut().find(|s| s.line == line) {
            seen.stored = Some(stored);
            seen.after_first = had_first;
            left -= 1;
        } else if !had_first {
            held.first = Some(Holder::Readable(line, stored));
        }
        if left == 0 {
            break;
        }
    }
    let mut kinds = Kinds::default();
    for repeat in &report.repeats {
        let Some(held) = wanted
            .get(&repeat.stream)
            .and_then(|positions| positions.get(&repeat.sequence))
        else {
            continue;
        };
        let Some(seen) = held.repeats.iter().find(|s| s.line == repeat.line) else {
            continue;
        };
        // The first line to hold the position is the repeat itself when nothing before it
        // named that position (what took it could not be read far enough to say so).
        let (Some(first), Some(here), true) = (&held.first, &seen.stored, seen.after_first) else {
            continue;
        };
        let told = match first {
            Holder::Readable(line, there) => {
                let (kind, words) = likeness(there, here, &reader, "this line");
                kinds.count(kind);
                format!("; {source}:{line}, the first line at that position, {words}")
            }
            Holder::Unreadable(place) => {
                kinds.count(Kind::Unread);
                format!(
                    "; {place}, the first line at that position, could not be read (its error \
                     is told above)"
                )
            }
        };
        if let Some(error) = report.errors.get_mut(repeat.error) {
            error.push_str(&told);
        }
    }
    if report.repeats.len() > 1 {
        report.notes.push(kinds.told(report.repeats.len(), &LINES));
    }
}

/// How the report's one line on repeats begins.
const LEAD: &str = "lines at a position taken already";

/// Says, once, that the repeats of `report` were not compared with the first lines at their
/// positions, `because` (the log was read once, the file changed).
pub fn not_compared(report: &mut Report, because: &str) {
    if !report.repeats.is_empty() {
        let n = report.repeats.len();
        report.notes.push(format!(
            "{LEAD}: {n}, not compared with the first lines at their positions, {because}"
        ));
    }
}

/// What was read of one repeated position: its first line, and each repeat's.
struct Held<E> {
    first: Option<Holder<E>>,
    repeats: Vec<Seen<E>>,
}

impl<E> Default for Held<E> {
    fn default() -> Self {
        Held {
            first: None,
            repeats: Vec::new(),
        }
    }
}

/// The first line that held a repeated position.
enum Holder<E> {
    Readable(u64, StoredText<E>),
    /// Read far enough to place it, not whole: where it is.
    Unreadable(String),
}

/// A repeat's own line as read again, and whether a line before it held its position.
struct Seen<E> {
    line: u64,
    stored: Option<StoredText<E>>,
    after_first: bool,
}

/// How a repeat compares with the first at its position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Copy,
    SameEvent,
    Another,
    /// One of the two, or both, could not be read far enough to compare.
    Unread,
}

/// How many repeats compared each way.
#[derive(Default)]
pub struct Kinds {
    copies: u64,
    same: u64,
    other: u64,
    unread: u64,
}

impl Kinds {
    pub fn count(&mut self, kind: Kind) {
        match kind {
            Kind::Copy => self.copies += 1,
            Kind::SameEvent => self.same += 1,
            Kind::Another => self.other += 1,
            Kind::Unread => self.unread += 1,
        }
    }

    /// The repeats of a report summed up by how they compare, those not compared counted too.
    pub fn told(&self, repeats: usize, words: &Words) -> String {
        let compared = self.copies + self.same + self.other + self.unread;
        let parts: Vec<String> = [
            (self.copies, format!("of the same event as {}", words.first)),
            (self.same, "of the same event stored otherwise".to_string()),
            (self.other, "of another event".to_string()),
            (
                self.unread,
                format!("not compared, as {} does not read", words.one),
            ),
            (
                (repeats as u64).saturating_sub(compared),
                words.alone.to_string(),
            ),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        format!("{}: {repeats} ({})", words.lead, parts.join(", "))
    }
}

/// How the event at a position's first line (`there`) compares with a repeat's (`here`), and
/// in words, as the end of a sentence that begins with the first line's place; `this` names the
/// repeat (`this line`, a table's `this row`). A payload that does not read is told with why,
/// here, as the first reading told only the position taken. Only what the event is and how it
/// was stored are compared: a table's row gives gwt load's `position` too, never in the event's
/// metadata, which differs between any two rows appended.
pub fn likeness<E: Message>(
    there: &StoredText<E>,
    here: &StoredText<E>,
    reader: &StoredReader,
    this: &str,
) -> (Kind, String) {
    let name = |stored: &StoredText<E>| match &stored.payload {
        Payload::Typed(message) => message.name().to_string(),
        Payload::Text(_) => stored.event_type.to_string(),
    };
    let (name_there, name_here) = (name(there), name(here));
    // The repeat's own payload error is told already, by the first reading.
    let (fails_there, fails_here) = (
        reader.payload_error(there).is_some(),
        reader.payload_error(here).is_some(),
    );
    if name_there != name_here {
        return (
            Kind::Another,
            format!(
                "holds another event: {} there, {} here",
                crate::report::name(&name_there),
                crate::report::name(&name_here),
            ),
        );
    }
    let shown_name = crate::report::name(&name_here);
    let fields = match (&there.payload, &here.payload) {
        (Payload::Typed(a), Payload::Typed(b)) if a == b => Vec::new(),
        (Payload::Typed(a), Payload::Typed(b)) => fields_that_differ(&a.payload(), &b.payload()),
        // A payload still text did not read: two that are written alike say nothing of the
        // events they stand for.
        _ => {
            let why = match (fails_there, fails_here) {
                (true, true) => "neither payload reads".to_string(),
                (true, false) => "its payload does not read (its error is told above)".to_string(),
                (false, true) => format!("{this}'s payload does not read"),
                (false, false) => "one payload does not read".to_string(),
            };
            return (
                Kind::Unread,
                format!(
                    "holds {} too, not compared: {why}",
                    domain::kernel::with_article(&shown_name)
                ),
            );
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
        return (
            Kind::Another,
            format!("holds another {shown_name}: {}{more}", shown.join("; ")),
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
    // The keys, not the order of the fields among them: that is how the line is written.
    fn keys(o: &Option<Box<domain::kernel::KeysBeside>>) -> Option<&[domain::kernel::OtherKey]> {
        o.as_deref().map(|o| o.keys())
    }
    if keys(&there.others) != keys(&here.others) {
        also.push("with other keys beside its stored form".to_string());
    }
    // The same event, type, version, instant and metadata: this line may still be written
    // otherwise (`0` for `0.00`, keys in another order), which says nothing of the event.
    match also.is_empty() {
        true => (
            Kind::Copy,
            format!("holds the same event: {this} repeats it"),
        ),
        false => (
            Kind::SameEvent,
            format!("holds the same event, {}", also.join(", ")),
        ),
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
