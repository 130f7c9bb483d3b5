//! Reading a JSON-lines log: its lines a page at a time, each read into a stored event whose
//! payload is its current message, or into the error that says where and what was expected.

use std::io::BufRead;
use std::sync::Arc;

use domain::kernel::{
    line_without_byte_order_mark, Advice, LineError, LineFault, Message, StoredReader, StreamId,
};
use serde_json::Value;

use super::error_kinds::Spot;
use super::{Place, Read};

/// Lines of a JSON-lines file as they were read, a page at a time: the bytes of every line of
/// the page one after the other, with each line's number and end. Blank lines are left out.
pub(super) struct LinePage {
    bytes: Vec<u8>,
    lines: Vec<(u64, usize)>,
    /// Lines longer than `MOST_LINE`, each with its length: only their start is among `bytes`.
    too_long: Vec<(u64, u64)>,
    /// The file could not be read on after the page's last line.
    fatal: Option<String>,
}

/// The lines of `input`, `per_page` lines a page, as they are read.
pub(super) fn line_pages<'a>(
    input: impl BufRead + 'a,
    source: &'a str,
    per_page: usize,
) -> impl Iterator<Item = LinePage> + 'a {
    let mut input = input;
    let mut line_number = 0u64;
    let mut ended = false;
    // Each page starts with the room the page before took, rather than growing (and being
    // copied) a dozen times on its way there; at most `MAX_PAGE_ROOM`, so that one huge line
    // does not make every later page take as much.
    let mut room = 0;
    std::iter::from_fn(move || {
        if ended {
            return None;
        }
        let mut page = LinePage {
            bytes: Vec::with_capacity(room),
            lines: Vec::with_capacity(per_page),
            too_long: Vec::new(),
            fatal: None,
        };
        while page.lines.len() < per_page {
            line_number += 1;
            let start = page.bytes.len();
            match read_line_into(&mut input, &mut page.bytes, MOST_LINE) {
                Ok(read) if read > MOST_LINE => {
                    // Its start is enough to say what it is.
                    page.bytes.truncate(start + LONG_LINE_SHOWN);
                    page.lines.push((line_number, page.bytes.len()));
                    page.too_long.push((line_number, read as u64));
                }
                Ok(0) => {
                    ended = true;
                    break;
                }
                Err(e) => {
                    page.bytes.truncate(start);
                    page.fatal = Some(format!("{source}:{line_number}: cannot read the line: {e}"));
                    ended = true;
                    break;
                }
                Ok(_) if is_blank(&page.bytes[start..], line_number) => {
                    page.bytes.truncate(start);
                }
                Ok(_) => page.lines.push((line_number, page.bytes.len())),
            }
        }
        room = page.bytes.len().min(MAX_PAGE_ROOM);
        (!page.lines.is_empty() || page.fatal.is_some()).then_some(page)
    })
}

/// A line with nothing to read: white space only (after the byte order mark some editors begin
/// a file with).
fn is_blank(line: &[u8], line_number: u64) -> bool {
    line_without_byte_order_mark(line, line_number)
        .iter()
        .all(u8::is_ascii_whitespace)
}

/// The most room a page of lines is given before it is read: 2,048 lines of 4 KiB.
const MAX_PAGE_ROOM: usize = 8 << 20;

/// The longest line read whole. A stored event's line is a few hundred bytes; one of tens of
/// megabytes is something else (a file of another kind, a device's endless bytes), and held
/// whole it could exhaust memory before its error is told.
pub(crate) const MOST_LINE: usize = 64 << 20;

/// How much of a line longer than `MOST_LINE` is kept, to show how it begins.
const LONG_LINE_SHOWN: usize = 64;

/// `BufRead::read_until(b'\n', bytes)`, the end of the line found with `memchr`'s vector search
/// where the standard library's searches a word at a time; of a line longer than `most`, only
/// its first `most` bytes are kept (the rest is read and dropped). Gives the line's whole length.
pub(crate) fn read_line_into(
    input: &mut impl BufRead,
    bytes: &mut Vec<u8>,
    most: usize,
) -> std::io::Result<usize> {
    let mut read = 0;
    loop {
        let (ended, used) = {
            let available = match input.fill_buf() {
                Ok(available) => available,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            let (ended, used) = match memchr::memchr(b'\n', available) {
                Some(end) => (true, end + 1),
                None => (available.is_empty(), available.len()),
            };
            let room = most.saturating_sub(read);
            bytes.extend_from_slice(&available[..used.min(room)]);
            (ended, used)
        };
        input.consume(used);
        read += used;
        if ended {
            return Ok(read);
        }
    }
}

/// A page of lines read into stored events, each payload into the current message it stands for
/// (through the upcasters if older).
pub(super) fn read_page<E: Message>(
    page: &LinePage,
    source: &Arc<str>,
    reader: &StoredReader,
) -> Vec<Read<E>> {
    let mut reads = Vec::with_capacity(page.lines.len() + 1);
    let mut start = 0;
    for &(line_number, end) in &page.lines {
        if let Some(&(_, length)) = page.too_long.iter().find(|(n, _)| *n == line_number) {
            let begins = String::from_utf8_lossy(&page.bytes[start..end]);
            reads.push(Read::Unreadable {
                place: format!("{source}:{line_number}"),
                why: format!(
                    "a line of {} bytes, longer than any stored event (at most {} MiB were \
                     looked for); it begins {}; expected one JSON object a line",
                    domain::kernel::readable_number(length.into()),
                    MOST_LINE >> 20,
                    crate::report::printable(&format!("`{begins}…`"))
                ),
                position: position_in(&begins),
                kind: "line longer than any stored event".to_string(),
                spot: Spot::Line(line_number),
            });
            start = end;
            continue;
        }
        reads.push(read_line(
            &page.bytes[start..end],
            line_number,
            source,
            reader,
        ));
        start = end;
    }
    if let Some(why) = &page.fatal {
        reads.push(Read::Fatal(why.clone()));
    }
    reads
}

fn read_line<E: Message>(
    bytes: &[u8],
    line_number: u64,
    source: &Arc<str>,
    reader: &StoredReader,
) -> Read<E> {
    // Only a file's last line can end without one.
    let ended = bytes.ends_with(b"\n");
    let line = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let line = line_without_byte_order_mark(line, line_number);
    // A line that is not text is one bad line, not the end of the log.
    let text = match std::str::from_utf8(line) {
        Ok(text) => text,
        Err(e) => {
            return Read::Unreadable {
                place: format!("{source}:{line_number}"),
                why: not_text(&e, line),
                position: position_in(&String::from_utf8_lossy(line)),
                kind: "line not UTF-8 text".to_string(),
                spot: Spot::Line(line_number),
            }
        }
    };
    match reader.read_line(text) {
        Ok(stored) => Read::Event(Place::Line(source.clone(), line_number), stored),
        Err(e) if !ended && cut_short(&e.error, text) => Read::Unreadable {
            place: format!("{source}:{line_number}"),
            why: format!("{}{TORN_LAST_LINE}", line_mistake(&e.error, text)),
            position: position_in(text),
            kind: "last line cut short, with no newline at its end".to_string(),
            spot: Spot::Line(line_number),
        },
        Err(e) => Read::Unreadable {
            place: format!("{source}:{line_number}"),
            why: format!("{}{}", line_mistake(&e.error, text), STORED_EVENT_LINE.full),
            position: position_in(text),
            kind: line_mistake_kind(&e, text),
            spot: Spot::Line(line_number),
        },
    }
}

/// Whether a line's JSON ends before its object closes (`{"stream":"Order/o1","seq`): what a
/// write cut off part-way leaves.
fn cut_short(e: &serde_json::Error, line: &str) -> bool {
    let not_json = not_json(e, line);
    let e = not_json.as_ref().unwrap_or(e);
    e.classify() == serde_json::error::Category::Eof
}

/// What the file's last line is told when it ends, with no newline, before its object closes:
/// every writer ends its lines with one, so the write of that line was cut off part-way, and the
/// log up to it is whole.
const TORN_LAST_LINE: &str = "; it is the file's last line, and no newline ends it: a write cut \
     off part-way (a crash while the line was written?), the event it held lost; every line \
     before it was read and verified";

/// What a line that does not read as a stored event is told was expected.
pub(super) const STORED_EVENT_LINE: Advice = Advice {
    full: "; expected one JSON object a line with stream, sequence, event_type, event_version, \
     payload and recorded_at (and, if the event carries more, such as a correlation id, a \
     metadata object)",
    again: "; expected one JSON object a line, with the fields named at the first such error above",
};

/// What a line that is not UTF-8 is told, when it holds no UTF-8 either, of the file it may be
/// part of.
pub(super) const WINDOWS_1252: Advice = Advice {
    full: " (a file written in Windows-1252 or Latin-1 throughout reads as UTF-8 once turned by \
     `iconv -f WINDOWS-1252 -t UTF-8`; not one that holds UTF-8 already)",
    again: " (a file in Windows-1252 or Latin-1? see the first such error above)",
};

/// A line that is not UTF-8, placed by its first byte that is not part of a character.
pub fn not_text(e: &std::str::Utf8Error, line: &[u8]) -> String {
    let at = e.valid_up_to();
    // Placed as every other mistake is, by its column in characters.
    let column = std::str::from_utf8(&line[..at]).map_or(at, |before| before.chars().count()) + 1;
    let byte = line
        .get(at)
        .map_or(String::new(), |b| format!(" (0x{b:02X})"));
    // A line with UTF-8 in it already is no Windows-1252 file: turning the whole file would
    // write its good characters twice over (`é` as `Ã©`).
    let hint = match line[..at].is_ascii() {
        true => WINDOWS_1252.full,
        false => "",
    };
    format!(
        "not UTF-8 text: the byte at column {column}{byte} is not part of a UTF-8 \
         character{hint}; expected one JSON object a line"
    )
}

/// What is wrong with a line that does not read as a stored event. A line that is not JSON says
/// so first, at its column: "not a stored event (expected `true`, `false` or `null`)" of
/// `"payload": not json` read as a complaint about the fields rather than about the text.
pub fn line_mistake(e: &serde_json::Error, line: &str) -> String {
    use serde_json::error::Category;
    let not_json = not_json(e, line);
    let e = not_json.as_ref().unwrap_or(e);
    match e.classify() {
        Category::Syntax | Category::Eof => {
            let said = e.to_string();
            let words = said.rfind(" at line ").map_or(&said[..], |at| &said[..at]);
            let column = domain::kernel::json_place(e, line).1;
            format!(
                "not JSON at column {column}: {}{}",
                domain::kernel::plain_json_words(words, "the line"),
                match words {
                    "trailing characters" => what_follows(line, column),
                    _ => unseen_at(line, column),
                }
            )
        }
        // Named by its field (`event_type`), as a payload's mistake is: a column alone sent a
        // reader counting characters along the line.
        _ => {
            let said = e.to_string();
            let field = domain::kernel::field_path::<domain::kernel::StoredText<()>, _>(
                &mut serde_json::Deserializer::from_str(line),
            )
            // A reader that names its field already (`sequence` must be …) says it once.
            .filter(|f| !said.contains(&format!("`{f}`")));
            format!(
                "not a stored event ({}){}",
                domain::kernel::json_error_in_field(e, "the line", line, field),
                instant_in_metadata(&said, line)
            )
        }
    }
}

/// A line that is no JSON at all (cut short: `{"oops"`) is told as that, before what the
/// reading met first in it (an unknown field), which would hide the cut; but for a byte-order
/// mark at its start, which the reader names, saying more. The JSON error, or None when the
/// line's mistake is the reader's `e`.
fn not_json(e: &serde_json::Error, line: &str) -> Option<serde_json::Error> {
    use serde_json::error::Category;
    match e.classify() {
        Category::Data if !line.starts_with('\u{feff}') => {
            serde_json::from_str::<serde::de::IgnoredAny>(line)
                .err()
                .filter(|j| matches!(j.classify(), Category::Syntax | Category::Eof))
        }
        _ => None,
    }
}

/// The kind of `line_mistake`, for the summary of errors by kind: what is wrong with the line,
/// and the field it is wrong in, as the reading found it (`LineFault`), never the values its
/// message quotes (`devconf26` of a stream with no `/`).
fn line_mistake_kind(e: &LineError, line: &str) -> String {
    use serde_json::error::Category;
    if not_json(&e.error, line).is_some()
        || matches!(e.error.classify(), Category::Syntax | Category::Eof)
    {
        return "line not JSON".to_string();
    }
    match e.fault {
        Some(LineFault::NotJson) => "line not JSON".to_string(),
        Some(LineFault::ByteOrderMark) => "line begins with a byte-order mark (U+FEFF)".to_string(),
        Some(LineFault::TableRow) => "line is a row of a postgres-es table".to_string(),
        Some(LineFault::NotAnObject) => "line not a JSON object".to_string(),
        Some(LineFault::Missing(field)) => format!("line without `{field}`"),
        Some(LineFault::Twice(field)) => format!("line gives `{field}` twice"),
        Some(LineFault::Wrong("stream")) => "line's `stream` is not `Type/id`".to_string(),
        Some(LineFault::Wrong(field)) => format!("line's `{field}` does not read"),
        None => "line not a stored event".to_string(),
    }
}

/// What a line that gives no `recorded_at` is told when its metadata gives one: a store's
/// export may keep it there, and the line is then one step from reading.
fn instant_in_metadata(said: &str, line: &str) -> &'static str {
    if !said.starts_with("missing field `recorded_at`") || !line.contains("\"recorded_at\"") {
        return "";
    }
    let in_metadata = serde_json::from_str::<Value>(line).ok().is_some_and(|v| {
        v.get("metadata")
            .and_then(|m| m.get("recorded_at"))
            .is_some()
    });
    match in_metadata {
        true => INSTANT_IN_METADATA.full,
        false => "",
    }
}

/// What a line that gives `recorded_at` in its metadata alone is told: the `jq` that moves it
/// where the line gives it, on those lines alone (a filter that set it on every line wrote null
/// on the others, and replaced a line's own by its metadata's).
pub(super) const INSTANT_IN_METADATA: Advice = Advice {
    full: " (its metadata gives one: a line gives it beside `payload`; jq -c 'if .recorded_at == \
     null and .metadata.recorded_at != null then .recorded_at = .metadata.recorded_at | \
     del(.metadata.recorded_at) else . end' moves it there on such lines)",
    again: " (its metadata gives one: see the first such error above)",
};

/// What follows a line's object, when a reader could not see it: a carriage return (lines ended
/// by CR alone read as one line, the whole file), or a character that shows as nothing.
fn what_follows(line: &str, column: usize) -> String {
    // JSON takes a carriage return for white space, so the error stands just after it.
    let before = column.checked_sub(2).and_then(|at| line.chars().nth(at));
    match line.chars().nth(column.saturating_sub(1)) {
        _ if before == Some('\r') => " (after a carriage return: lines must end with a line \
                                      feed, and these seem to end with a carriage return alone, \
                                      so the file reads as one line)"
            .into(),
        Some('\u{feff}') => " (a byte-order mark: a second file joined on without a line end \
                               between the two?)"
            .into(),
        Some(c) if shows_as_nothing(c) => {
            format!(
                " (`{}`, a character that shows as nothing)",
                c.escape_debug()
            )
        }
        _ => String::new(),
    }
}

/// The character a reading stopped at, when it shows as nothing: a NUL inside a line, or a line
/// of NULs (the zero-filled tail a crash can leave at a file's end), looked empty or whole in an
/// editor beside "expected a value".
fn unseen_at(line: &str, column: usize) -> String {
    let at = line.chars().nth(column.saturating_sub(1));
    match at {
        Some('\0') if line.bytes().all(|b| b == 0) => format!(
            " (found `\\0`: the line is {} NUL bytes, the zero-filled tail a crash can leave at \
             a file's end?)",
            line.len()
        ),
        Some(c) if shows_as_nothing(c) => {
            format!(
                " (found `{}`, a character that shows as nothing)",
                c.escape_debug()
            )
        }
        _ => String::new(),
    }
}

/// Whether `c` shows as nothing where a reading stopped at it (JSON's own white space is never
/// where it stops).
fn shows_as_nothing(c: char) -> bool {
    c.is_control() || c.is_whitespace() || c == '\u{200b}'
}

/// The stream and sequence a line that is not a whole stored event still names, read from its
/// JSON if it is JSON, or else found in its text (a line cut short keeps its first fields):
/// the stream, and its position when that reads too (a sequence of `"3"`, `-3` or `3.5` does
/// not). A line that names its stream or its sequence twice, differently, names none: it does
/// not say which it stood at, and taking either would move a stream to a place it may never have
/// been (`"sequence":2,"sequence":7` then #3 would read as a repeat after #7).
fn position_in(text: &str) -> Option<(StreamId, Option<u64>)> {
    if let Ok(fields) = serde_json::from_str::<EnvelopeKeys>(text) {
        let stream = only(&fields.stream)?.as_str()?.parse().ok()?;
        let sequence = match &fields.sequence[..] {
            [] => None,
            given => only(given)?.as_u64(),
        };
        return Some((stream, sequence));
    }
    let after = |key: &str| {
        let at = text.find(key)?;
        // Named twice in a line cut short: which one counts cannot be told.
        if text[at + key.len()..].contains(key) {
            return None;
        }
        Some(text[at + key.len()..].trim_start())
    };
    let stream = after("\"stream\":")?.strip_prefix('"')?;
    let stream = stream[..stream.find('"')?].parse().ok()?;
    if text.matches("\"sequence\":").count() > 1 {
        return None;
    }
    let sequence = after("\"sequence\":").and_then(|sequence| {
        let digits = sequence
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(sequence.len());
        // `3.5` or `3e2` is no position, nor its first digits; nor digits the line was cut
        // after (`3` may have been `35`).
        match sequence[digits..].chars().next() {
            Some('.' | 'e' | 'E') | None => None,
            Some(_) => sequence[..digits].parse().ok(),
        }
    });
    Some((stream, sequence))
}

/// Each value a JSON object gives `stream` and `sequence` at its top level, in order: serde_json's
/// own map keeps only the last of a key written twice.
#[derive(Default)]
struct EnvelopeKeys {
    stream: Vec<Value>,
    sequence: Vec<Value>,
}

impl<'de> serde::Deserialize<'de> for EnvelopeKeys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> serde::de::Visitor<'de> for Keys {
            type Value = EnvelopeKeys;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<EnvelopeKeys, A::Error> {
                let mut keys = EnvelopeKeys::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "stream" => keys.stream.push(map.next_value()?),
                        "sequence" => keys.sequence.push(map.next_value()?),
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(keys)
            }
        }
        deserializer.deserialize_map(Keys)
    }
}

/// The value a key was given, if it was given one: once, or each time the same.
fn only(values: &[Value]) -> Option<&Value> {
    let first = values.first()?;
    values.iter().all(|v| v == first).then_some(first)
}

/// The stored events of a JSON-lines file, line by line, each payload read into the current
/// message it stands for (through the upcasters if older) as its line is read.
pub(super) fn lines_of<'a, E: Message>(
    input: impl BufRead + 'a,
    source: &'a str,
    reader: StoredReader,
) -> impl Iterator<Item = Read<E>> + 'a {
    let shared: Arc<str> = source.into();
    line_pages(input, source, READ_AHEAD_PAGE)
        .flat_map(move |page| read_page(&page, &shared, &reader))
}

/// Lines handed over at a time: enough to make the hand-over cheap, few enough to keep memory
/// small.
pub(super) const READ_AHEAD_PAGE: usize = 2048;

/// The lines of `text`, as `str::lines` gives them, found as the verification finds them (with
/// `memchr`), so that the baselines do not split lines slower than what they are compared with.
pub(super) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        Some(match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(end) => {
                let line = &rest[..end];
                rest = &rest[end + 1..];
                line.strip_suffix('\r').unwrap_or(line)
            }
            None => std::mem::take(&mut rest),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A line that is no stored event still gives its stream, and its position when that reads
    /// whole: not a position that is no whole number, nor digits the line was cut after, nor
    /// either of two a line gives.
    #[test]
    fn a_bad_line_gives_its_stream_and_a_position_only_when_it_reads_whole() {
        let c1 = || "Conference/c1".parse::<StreamId>().unwrap();
        for (text, expected) in [
            (
                r#"{"stream":"Conference/c1","sequence":3,"x":}"#,
                Some((c1(), Some(3))),
            ),
            (
                r#"{"stream":"Conference/c1","sequence":-3}"#,
                Some((c1(), None)),
            ),
            (
                r#"{"stream":"Conference/c1","sequence":"3"}"#,
                Some((c1(), None)),
            ),
            (
                r#"{"stream":"Conference/c1","sequence":3.5,"#,
                Some((c1(), None)),
            ),
            (
                r#"{"stream":"Conference/c1","sequence":35,"#,
                Some((c1(), Some(35))),
            ),
            // Cut after its digits: `3` may have been `35`.
            (
                r#"{"stream":"Conference/c1","sequence":3"#,
                Some((c1(), None)),
            ),
            (
                r#"{"stream":"Conference/c1","sequence":2,"sequence":7}"#,
                None,
            ),
            (
                r#"{"stream":"Conference/c1","sequence":2,"sequence":7,"#,
                None,
            ),
            (r#"{"sequence":3,"#, None),
        ] {
            assert_eq!(position_in(text), expected, "{text}");
        }
    }

    /// Text made of the pieces that matter to splitting lines.
    fn texts() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("\n"),
                Just("\r\n"),
                Just("\r"),
                Just(" "),
                Just("{}"),
                Just("é")
            ],
            0..40,
        )
        .prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn lines_are_what_str_lines_gives(text in texts()) {
            prop_assert_eq!(lines(&text).collect::<Vec<_>>(), text.lines().collect::<Vec<_>>());
        }

        #[test]
        fn a_line_read_is_what_read_until_reads(text in texts(), capacity in 1usize..8) {
            let mut ours = std::io::BufReader::with_capacity(capacity, text.as_bytes());
            let mut std_reader = std::io::BufReader::with_capacity(capacity, text.as_bytes());
            loop {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                let read = read_line_into(&mut ours, &mut a, usize::MAX).unwrap();
                prop_assert_eq!(read, std_reader.read_until(b'\n', &mut b).unwrap());
                prop_assert_eq!(&a, &b);
                if read == 0 {
                    break;
                }
            }
        }
    }
}
