//! `gwt verify-migration`: reads a recorded log of stored forms line by line, upcasts every event
//! to the current schema, replays the result through the current domain, checks its invariants,
//! and reports per event type and version what was read and upcast, and every failure with its
//! line. It can compare the rebuilt read models with exported ones and write the log migrated.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::sync::Arc;

use domain::kernel::{
    line_without_byte_order_mark, Catalog, CurrentForms, Envelope, EventLedger, Message,
    StoredEvent, StoredReader, StoredText, StreamId, System,
};
use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::Value;
use steps::cells::same_by_type;

use crate::simulation::Simulated;

/// What to do besides reading.
#[derive(Clone, Debug, Default)]
pub struct VerifyOptions {
    /// Stops reading after this many errors (0: never).
    pub max_errors: usize,
    /// Read models exported by the system being migrated, to compare with.
    pub expect: Option<Value>,
    /// The log is a table's rows, not a file's lines: what the report counts and says.
    pub rows: bool,
    /// The log's order across streams is not known (a table read stream by stream): an event
    /// is then judged without what its aggregate's view held when it was recorded, since the
    /// view would hold what other streams recorded after it.
    pub order_across_streams_unknown: bool,
}

/// Counts of one stored form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FormCount {
    pub read: u64,
    /// Read into the current form: upcast, or for a current form, read as it stands.
    pub upcast: u64,
    pub failed: u64,
    /// The form is its event type's current one: there was nothing to upcast.
    pub current: bool,
}

/// What a verification found.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Lines (or rows) read, stored events or not.
    pub lines: u64,
    /// Of those, the ones read as stored events.
    pub events: u64,
    /// Of the others, rows that hold a stored event but for the instant it was recorded, which
    /// their metadata does not give (postgres-es keeps none): stored events, not replayed.
    pub undated: u64,
    /// By event type, then version.
    pub forms: BTreeMap<String, BTreeMap<u32, FormCount>>,
    /// Lines that could not be read, upcast or placed, with where and what was expected.
    pub errors: Vec<String>,
    pub stopped_early: bool,
    /// Rebuilt read models that differ from the expected ones, by key and field.
    pub differences: Vec<String>,
    pub invariant_breaches: Vec<String>,
    /// The log was a table's rows, not a file's lines: the report counts rows.
    pub rows: bool,
    /// Findings not told (events no aggregate could have recorded, breaches the invariants found
    /// on the way): they follow from an event lost (an error told above), on its stream or on
    /// what depends on it, so what could come next there is not known.
    pub unjudged: u64,
    /// Findings of the end's checks not told again: they only repeat an event told above as one
    /// its aggregate could not have recorded (a read model showing what it recorded, counts it
    /// left off, a finding on the way that words it otherwise).
    pub retold: u64,
    /// What a database source connected to, when its text does not say it all (the environment
    /// or a default gave some of it): said under the first line, which names the source.
    pub connected_to: Option<String>,
}

/// The counts of every stored form met while reading. A log names a few dozen forms millions of
/// times, so they are found by hashing, and sorted for the report once reading ends.
#[derive(Default)]
struct Forms(FxHashMap<Box<str>, FxHashMap<u32, FormCount>>);

impl Forms {
    /// The counts of a stored form, found without allocating once it has been seen.
    fn of(&mut self, event_type: &str, version: u32) -> &mut FormCount {
        if !self.0.contains_key(event_type) {
            self.0.insert(event_type.into(), FxHashMap::default());
        }
        self.0
            .get_mut(event_type)
            .map(|versions| versions.entry(version).or_default())
            .expect("the type was inserted above")
    }

    /// The counts by type and version, each marked current or not by `current`.
    fn sorted(self, current: &CurrentForms) -> BTreeMap<String, BTreeMap<u32, FormCount>> {
        self.0
            .into_iter()
            .map(|(name, versions)| {
                let versions = versions
                    .into_iter()
                    .map(|(version, count)| {
                        let current = current.is_current(&name, version);
                        (version, FormCount { current, ..count })
                    })
                    .collect();
                (name.into(), versions)
            })
            .collect()
    }
}

impl Report {
    /// 0 clean, 1 differences or invariant breaches, 2 unreadable input.
    pub fn exit_code(&self) -> u8 {
        if !self.errors.is_empty() {
            2
        } else if !self.differences.is_empty() || !self.invariant_breaches.is_empty() {
            1
        } else {
            0
        }
    }

    /// The report as printed; each list shows at most `limit` entries (0: all), the rest
    /// counted. Every line goes through `line`, which escapes control characters: the names and
    /// messages come from the log, and must neither drive the terminal nor break a line.
    pub fn render(&self, source: &str, limit: usize) -> String {
        let mut out = String::new();
        let mut line = |text: &str| {
            out.push_str(&crate::report::printable(text));
            out.push('\n');
        };
        let (unit, units) = match self.rows {
            true => ("row", "rows"),
            false => ("line", "lines"),
        };
        // Rows that hold a stored event but for when it was recorded are stored events, counted
        // as such, and said to be what was not replayed: "0 of them stored events" told an
        // operator that a postgres-es table held none.
        let stored = self.events + self.undated;
        let not_events = self.lines - stored;
        line(&match (not_events, self.undated) {
            (0, 0) => format!(
                "verified {source}: {} read",
                plural(self.events, "event", "events")
            ),
            (not_events, 0) => format!(
                "verified {source}: {} read, {} of them stored events ({not_events} not)",
                plural(self.lines, unit, units),
                self.events
            ),
            (not_events, undated) => {
                let (gives, its, was) = match undated {
                    1 => ("gives", "its", "was"),
                    _ => ("give", "their", "were"),
                };
                format!(
                    "verified {source}: {} read, {stored} of them stored events{}, {undated} of \
                     which {gives} no `recorded_at` in {its} metadata, so {was} not replayed",
                    plural(self.lines, unit, units),
                    match not_events {
                        0 => String::new(),
                        n => format!(" ({n} not)"),
                    }
                )
            }
        });
        if let Some(connected_to) = &self.connected_to {
            line(connected_to);
        }
        line(&format!(
            "  {:<32} {:>7} {:>10} {:>10} {:>8}",
            "event type", "version", "read", "upcast", "failed"
        ));
        for (event_type, version, c) in self
            .forms
            .iter()
            .flat_map(|(t, vs)| vs.iter().map(move |(v, c)| (t, v, c)))
        {
            // A current form is read as it stands: there is nothing to upcast.
            let upcast = match c.current {
                true => "current".to_string(),
                false => c.upcast.to_string(),
            };
            line(&format!(
                "  {:<32} {version:>7} {:>10} {upcast:>10} {:>8}",
                crate::report::name(event_type),
                c.read,
                c.failed
            ));
        }
        for (title, list) in [
            ("errors", &self.errors),
            (
                "differences from the expected read models",
                &self.differences,
            ),
            ("invariant breaches", &self.invariant_breaches),
        ] {
            if list.is_empty() {
                continue;
            }
            line(&format!("{title} ({}):", list.len()));
            let shown = if limit == 0 { list.len() } else { limit };
            for e in list.iter().take(shown) {
                line(&format!("  {e}"));
            }
            if list.len() > shown {
                line(&format!(
                    "  … and {} more (--max-errors {shown} shows {shown}; 0 shows all)",
                    list.len() - shown
                ));
            }
        }
        if self.retold > 0 {
            line(&format!(
                "not told again: {} following only from what an event told above recorded (one \
                 its aggregate could not have recorded)",
                plural(self.retold, "finding", "findings")
            ));
        }
        if self.unjudged > 0 {
            line(&format!(
                "not checked: {} about what a lost event (an error above) left unknown, on its \
                 stream or on what depends on it",
                plural(self.unjudged, "later finding", "later findings")
            ));
        }
        if self.stopped_early {
            line(&format!(
                "stopped at --max-errors; later {units} were not read"
            ));
        }
        // A source that could not be read at all has said so among the errors.
        if self.lines == 0 && self.errors.is_empty() {
            line("nothing to verify: the log holds no events");
        } else if self.exit_code() == 0 {
            line("clean: every event upcast, replayed and checked");
        }
        out
    }
}

pub(crate) use domain::kernel::plural;

/// Marks `stream` as one that lost an event: its later events are not judged, the ledger stops
/// telling what follows from it, and no event is judged with its aggregate's view any more
/// (views are fed by every stream, so one that lost an event may have missed it).
fn lose<C: Simulated>(
    stream: StreamId,
    unjudged: &mut FxHashSet<StreamId>,
    ledger: &mut C::Ledger,
    system: &mut System<C>,
) {
    ledger.lost(&stream);
    system.judge_with_views(false);
    unjudged.insert(stream);
}

/// Where a stream stands while reading, to catch gaps, repeats and events out of order: the
/// position of its last event in the replaying store, or of a later one that could not be
/// loaded (kept aside, as such events are few), so that one bad event is reported once.
#[derive(Default)]
struct Positions(FxHashMap<StreamId, u64>);

impl Positions {
    fn last<C: Simulated>(&self, system: &System<C>, stream: &StreamId) -> u64 {
        let loaded = system.version(stream);
        self.0
            .get(stream)
            .map_or(loaded, |&skipped| skipped.max(loaded))
    }

    fn skip(&mut self, stream: &StreamId, sequence: u64) {
        self.0.insert(stream.clone(), sequence);
    }
}

/// A stream as the report names it: quoted when its name has characters one cannot see or that
/// would pass for others (`Order/order-1 `, with a space, beside `Order/order-1`).
pub(crate) fn shown(stream: &StreamId) -> String {
    crate::report::name(&stream.to_string()).into_owned()
}

/// Where a stored event was read: a file's line, or a database row (named by its key, which is
/// the event's stream and sequence). Written out only when an error needs it, so that reading a
/// long log builds no text per event.
#[derive(Clone, Debug)]
pub enum Place {
    Line(Arc<str>, u64),
    Row(Arc<str>),
}

impl Place {
    /// `file:line`, or `postgres://… row Type/id#sequence`.
    pub fn describe<E>(&self, stored: &StoredText<E>) -> String {
        match self {
            Place::Line(source, line) => format!("{source}:{line}"),
            Place::Row(source) => {
                format!("{source} row {}#{}", shown(&stored.stream), stored.sequence)
            }
        }
    }
}

/// One stored event read from a source, with where it was read, or why it could not be read
/// (with where, written out, and the stream position it stands at when that much could be
/// made out, so that its stream is not then reported as having a gap; `undated` when it is a
/// stored event whose only fault is that nothing says when it was recorded, for the report to
/// count apart). `Fatal` ends the reading (the source went away).
pub enum Read<E> {
    Event(Place, StoredText<E>),
    Unreadable {
        place: String,
        why: String,
        position: Option<(StreamId, u64)>,
        undated: bool,
    },
    Fatal(String),
}

/// Lines of a JSON-lines file as they were read, a page at a time: the bytes of every line of
/// the page one after the other, with each line's number and end. Blank lines are left out.
struct LinePage {
    bytes: Vec<u8>,
    lines: Vec<(u64, usize)>,
    /// The file could not be read on after the page's last line.
    fatal: Option<String>,
}

/// The lines of `input`, `per_page` lines a page, as they are read.
fn line_pages<'a>(
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
            fatal: None,
        };
        while page.lines.len() < per_page {
            line_number += 1;
            let start = page.bytes.len();
            match read_line_into(&mut input, &mut page.bytes) {
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

/// `BufRead::read_until(b'\n', bytes)`, the end of the line found with `memchr`'s vector search
/// where the standard library's searches a word at a time.
fn read_line_into(input: &mut impl BufRead, bytes: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut read = 0;
    loop {
        let (ended, used) = {
            let available = match input.fill_buf() {
                Ok(available) => available,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            match memchr::memchr(b'\n', available) {
                Some(end) => {
                    bytes.extend_from_slice(&available[..=end]);
                    (true, end + 1)
                }
                None => {
                    bytes.extend_from_slice(available);
                    (available.is_empty(), available.len())
                }
            }
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
fn read_page<E: Message>(
    page: &LinePage,
    source: &Arc<str>,
    reader: &StoredReader,
) -> Vec<Read<E>> {
    let mut reads = Vec::with_capacity(page.lines.len() + 1);
    let mut start = 0;
    for &(line_number, end) in &page.lines {
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
    let line = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let line = line_without_byte_order_mark(line, line_number);
    // A line that is not text is one bad line, not the end of the log.
    let text = match std::str::from_utf8(line) {
        Ok(text) => text,
        Err(e) => {
            return Read::Unreadable {
                place: format!("{source}:{line_number}"),
                why: format!(
                    "not UTF-8 text (byte {} is not part of a character); expected one JSON \
                     object a line",
                    e.valid_up_to() + 1
                ),
                position: position_in(&String::from_utf8_lossy(line)),
                undated: false,
            }
        }
    };
    match reader.read_line(text) {
        Ok(stored) => Read::Event(Place::Line(source.clone(), line_number), stored),
        Err(e) => Read::Unreadable {
            place: format!("{source}:{line_number}"),
            why: format!(
                "{}; expected one JSON object a line with stream, sequence, event_type, \
                 event_version, payload and recorded_at (and, if the event carries more, such \
                 as a correlation id, a metadata object)",
                line_mistake(&e, text)
            ),
            position: position_in(text),
            undated: false,
        },
    }
}

/// What is wrong with a line that does not read as a stored event. A line that is not JSON says
/// so first, at its column: "not a stored event (expected `true`, `false` or `null`)" of
/// `"payload": not json` read as a complaint about the fields rather than about the text.
pub fn line_mistake(e: &serde_json::Error, line: &str) -> String {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax | Category::Eof => {
            let said = e.to_string();
            let words = said.rfind(" at line ").map_or(&said[..], |at| &said[..at]);
            format!(
                "not JSON at column {}: {}",
                domain::kernel::json_place(e, line).1,
                domain::kernel::plain_json_words(words, "the line")
            )
        }
        _ => format!(
            "not a stored event ({})",
            domain::kernel::json_error_in(e, "the line", line)
        ),
    }
}

/// The position expected after `last` in its stream, in words: a stream that reached the
/// largest position a log can write has none after it (where `last + 1` would wrap to 0, or
/// panic).
fn expected_after(last: u64) -> String {
    match last.checked_add(1) {
        Some(next) => format!("expected #{next}"),
        None => {
            format!("the stream is at its last possible position, #{last}: no event can follow it")
        }
    }
}

/// The stream and sequence a line that is not a whole stored event still names, read from its
/// JSON if it is JSON, or else found in its text (a line cut short keeps its first fields).
/// A line that names its stream or its sequence twice, differently, names none: it does not say
/// which position it stood at, and taking either would move its stream to a place it may never
/// have been (`"sequence":2,"sequence":7` then #3 would read as a repeat after #7).
fn position_in(text: &str) -> Option<(StreamId, u64)> {
    if let Ok(fields) = serde_json::from_str::<EnvelopeKeys>(text) {
        let stream = only(&fields.stream)?.as_str()?.parse().ok()?;
        return Some((stream, only(&fields.sequence)?.as_u64()?));
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
    let sequence = after("\"sequence\":")?;
    let digits = sequence
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(sequence.len());
    Some((stream, sequence[..digits].parse().ok()?))
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
fn lines_of<'a, E: Message>(
    input: impl BufRead + 'a,
    source: &'a str,
    reader: StoredReader,
) -> impl Iterator<Item = Read<E>> + 'a {
    let shared: Arc<str> = source.into();
    line_pages(input, source, READ_AHEAD_PAGE)
        .flat_map(move |page| read_page(&page, &shared, &reader))
}

/// What reads the context's stored events into their current messages.
pub fn stored_reader<C: Simulated>() -> StoredReader {
    StoredReader::new::<C::Event>(C::upcasters())
}

/// Verifies the log read from `input`; `migrated` receives each event in its current stored form.
/// Lines are read and parsed on threads of their own while the events before them are replayed:
/// one thread, or one per core the replay leaves free. More parsers than free cores would take
/// time from the replay, which the scheduler shares out evenly (measured: on two cores, two
/// parsing threads verify a million events 10% slower than one).
pub fn verify<C: Simulated>(
    input: impl BufRead + Send,
    source: &str,
    options: &VerifyOptions,
    migrated: Option<&mut dyn Write>,
) -> (Report, System<C>) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let readers = cores.saturating_sub(1).clamp(1, MAX_READERS);
    verify_on_threads(input, source, options, migrated, readers)
}

/// Threads that parse lines at most: a parsing thread does about one and a half times the
/// replay's work an event, so three keep the replay busy.
const MAX_READERS: usize = 3;

/// `verify` with `readers` threads parsing lines (at least one).
pub fn verify_on_threads<C: Simulated>(
    input: impl BufRead + Send,
    source: &str,
    options: &VerifyOptions,
    migrated: Option<&mut dyn Write>,
    readers: usize,
) -> (Report, System<C>) {
    let reader = stored_reader::<C>();
    let shared: Arc<str> = source.into();
    std::thread::scope(|scope| {
        let pages = line_pages(input, source, READ_AHEAD_PAGE);
        let reads = read_in_parallel(scope, pages, readers, move |page: LinePage| {
            read_page(&page, &shared, &reader)
        });
        verify_events(reads, options, migrated)
    })
}

/// `verify` on the calling thread alone: what the benchmark's one-core figure measures.
pub fn verify_on_one_thread<C: Simulated>(
    input: impl BufRead,
    source: &str,
    options: &VerifyOptions,
    migrated: Option<&mut dyn Write>,
) -> (Report, System<C>) {
    verify_events(
        lines_of(input, source, stored_reader::<C>()),
        options,
        migrated,
    )
}

/// Lines handed over at a time: enough to make the hand-over cheap, few enough to keep memory
/// small.
const READ_AHEAD_PAGE: usize = 2048;

/// `pages` read on a thread of `scope` and handed, in turn, to `workers` threads that each turn
/// theirs into reads with `read`; the reads come back in the pages' order. At most one page
/// waits for each worker, and one read page waits from each. When the caller stops taking reads,
/// every thread stops.
fn read_in_parallel<'scope, P, E>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    pages: impl Iterator<Item = P> + Send + 'scope,
    workers: usize,
    read: impl Fn(P) -> Vec<Read<E>> + Send + Sync + Clone + 'scope,
) -> impl Iterator<Item = Read<E>> + 'scope
where
    P: Send + 'scope,
    E: Send + 'scope,
{
    use std::sync::mpsc::sync_channel;
    let mut to_workers = Vec::new();
    let mut from_workers = Vec::new();
    for _ in 0..workers.max(1) {
        let (give, take) = sync_channel::<P>(1);
        let (done, collect) = sync_channel::<Vec<Read<E>>>(1);
        let read = read.clone();
        scope.spawn(move || {
            for page in take {
                if done.send(read(page)).is_err() {
                    return;
                }
            }
        });
        to_workers.push(give);
        from_workers.push(collect);
    }
    scope.spawn(move || {
        for (i, page) in pages.enumerate() {
            if to_workers[i % to_workers.len()].send(page).is_err() {
                return;
            }
        }
    });
    // Page i went to worker i mod n, so taking from each worker in turn keeps the order; the
    // first worker with nothing more means the pages have ended.
    let mut turn = 0;
    std::iter::from_fn(move || {
        let page = from_workers[turn % from_workers.len()].recv().ok()?;
        turn += 1;
        Some(page)
    })
    .flatten()
}

/// Verifies the stored events of any source.
pub fn verify_events<C: Simulated>(
    events: impl Iterator<Item = Read<C::Event>>,
    options: &VerifyOptions,
    mut migrated: Option<&mut dyn Write>,
) -> (Report, System<C>) {
    let mut report = Report {
        rows: options.rows,
        ..Report::default()
    };
    let mut system = checked(System::<C>::new(steps::world::default_start()));
    // The invariants judge what the ledger keeps, so the events themselves need not stay: memory
    // follows the state the log builds, not the log's length.
    system.set_keep_log(false);
    system.set_keep_journal(false);
    // Nothing in a recorded log comes twice (a repeat is reported and skipped) and its clock never
    // runs on, so handled ids and timeouts would only be kept, never read.
    system.set_inbox(false);
    system.set_keep_given_schedule(false);
    // A recorded log holds only what its aggregates recorded: an event none could have recorded
    // in the state its stream had reached (an order placed twice) is reported where it was read.
    system.judge_history(true);
    system.judge_with_views(!options.order_across_streams_unknown);
    let mut impossible: Vec<(u64, String)> = Vec::new();
    let mut ledger = C::Ledger::default();
    let mut positions = Positions::default();
    let mut gaps = Gaps::default();
    let mut forms = Forms::default();
    // Each error with the ordinal of the read it is about, so that gaps, reported once reading
    // ends, take their place among the others.
    let mut errors: Vec<(u64, String)> = Vec::new();
    // Where the events were read that broke an invariant as they came.
    let mut breach_places: FxHashMap<String, (u64, String)> = FxHashMap::default();
    let mut located = 0;
    // The first line that could not be read far enough to say which stream it was of.
    let mut first_unplaced = None;
    // Streams that miss an event (one that could not be read or placed, or positions jumped
    // over): what their aggregates could record next is no longer known, so their later
    // events are not judged. The error was told; what follows from it would only repeat it.
    let mut unjudged: FxHashSet<StreamId> = FxHashSet::default();
    for read in events {
        // A jump is an error already: the positions it skipped come late or never.
        if options.max_errors > 0 && errors.len() + gaps.pending() >= options.max_errors {
            report.stopped_early = true;
            break;
        }
        let ordinal = report.lines;
        let (place, mut stored) = match read {
            Read::Event(place, stored) => (place, stored),
            Read::Unreadable {
                place,
                why,
                position,
                undated,
            } => {
                report.lines += 1;
                report.undated += u64::from(undated);
                errors.push((ordinal, format!("{place}: {why}")));
                // Its stream goes on after it, reported once: here.
                match position {
                    Some((stream, sequence)) => {
                        if sequence > positions.last(&system, &stream) {
                            positions.skip(&stream, sequence);
                        }
                        lose(stream, &mut unjudged, &mut ledger, &mut system);
                    }
                    None => {
                        first_unplaced.get_or_insert(ordinal);
                    }
                }
                continue;
            }
            Read::Fatal(why) => {
                errors.push((ordinal, why));
                break;
            }
        };
        report.lines += 1;
        report.events += 1;
        let form = forms.of(&stored.event_type, stored.event_version);
        form.read += 1;
        // Positions start at 1: a 0 is no position, not a repeat of the one before the first.
        if stored.sequence == 0 {
            form.failed += 1;
            lose(
                stored.stream.clone(),
                &mut unjudged,
                &mut ledger,
                &mut system,
            );
            errors.push((
                ordinal,
                format!(
                    "{}: {} position 0: a stream's positions start at 1",
                    place.describe(&stored),
                    shown(&stored.stream)
                ),
            ));
            continue;
        }
        let last = positions.last(&system, &stored.stream);
        if stored.sequence <= last {
            form.failed += 1;
            let here = place.describe(&stored);
            let why = match gaps.fill(&stored.stream, stored.sequence) {
                Some((jumped_at, from, to)) => format!(
                    "{here}: {} #{} comes after #{last}: the stream's events out of order (it \
                     jumped from #{from} to #{to} at {jumped_at})",
                    shown(&stored.stream),
                    stored.sequence
                ),
                // Its position was taken (or a line that could not be read stood there).
                None if stored.sequence == last => format!(
                    "{here}: {} #{} comes again: a repeat ({})",
                    shown(&stored.stream),
                    stored.sequence,
                    expected_after(last)
                ),
                None => format!(
                    "{here}: {} #{} comes again, after #{last}: a repeat ({})",
                    shown(&stored.stream),
                    stored.sequence,
                    expected_after(last)
                ),
            };
            errors.push((ordinal, why));
            continue;
        }
        // A jump over positions, opened as a gap once the event is known to be in its stream.
        // `stored.sequence > last` here: no overflow at the last position.
        let jumped = stored.sequence - last > 1;
        if jumped {
            lose(
                stored.stream.clone(),
                &mut unjudged,
                &mut ledger,
                &mut system,
            );
        }
        let open_gap = |gaps: &mut Gaps, stored: &StoredText<C::Event>| {
            if jumped {
                let here = place.describe(stored);
                gaps.open(&stored.stream, last, stored.sequence, here, ordinal);
            }
        };
        let envelope = match system.decode_text(&mut stored) {
            Ok(e) => e,
            Err(e) => {
                open_gap(&mut gaps, &stored);
                positions.skip(&stored.stream, stored.sequence);
                lose(
                    stored.stream.clone(),
                    &mut unjudged,
                    &mut ledger,
                    &mut system,
                );
                form.failed += 1;
                errors.push((
                    ordinal,
                    format!(
                        "{}: {} version {}: {e}",
                        place.describe(&stored),
                        crate::report::name(&stored.event_type),
                        stored.event_version
                    ),
                ));
                continue;
            }
        };
        if let Err(why) = system.check_stream(&envelope.stream, &envelope.message) {
            positions.skip(&stored.stream, stored.sequence);
            lose(
                stored.stream.clone(),
                &mut unjudged,
                &mut ledger,
                &mut system,
            );
            form.failed += 1;
            errors.push((ordinal, format!("{}: {why}", place.describe(&stored))));
            continue;
        }
        open_gap(&mut gaps, &stored);
        form.upcast += 1;
        system.set_now(envelope.recorded_at);
        let appended = match system.given_at(envelope.stream, envelope.sequence, envelope.message) {
            Ok(appended) => appended,
            Err(e) => {
                positions.skip(&stored.stream, stored.sequence);
                lose(
                    stored.stream.clone(),
                    &mut unjudged,
                    &mut ledger,
                    &mut system,
                );
                errors.push((ordinal, format!("{}: {e}", place.describe(&stored))));
                continue;
            }
        };
        // An event told here as one its aggregate could not have recorded is told to the ledger
        // too, after it is folded, so that the end's checks do not tell it again.
        let mut refused = false;
        for unrecordable in system.take_impossible() {
            if unjudged.contains(&unrecordable.stream) {
                report.unjudged += 1;
                continue;
            }
            let told = match place {
                // A row is named by its stream and position already.
                Place::Row(_) => format!(
                    "{}: {} could not have been recorded: {}",
                    place.describe(&stored),
                    unrecordable.event,
                    unrecordable.why
                ),
                Place::Line(..) => format!("{}: {unrecordable}", place.describe(&stored)),
            };
            impossible.push((ordinal, told));
            refused = true;
        }
        ledger.observe(&appended);
        if refused {
            ledger.told(&appended);
        }
        let found = ledger.found_on_the_way();
        if found.len() > located {
            for breach in &found[located..] {
                breach_places
                    .entry(breach.clone())
                    .or_insert_with(|| (ordinal, place.describe(&stored)));
            }
            located = found.len();
        }
        if let Some(out) = migrated.as_deref_mut() {
            let current = StoredEvent::encode::<C>(&appended, system.upcasters());
            if let Ok(mut text) = serde_json::to_string(&current) {
                // What the event carries beyond its stored form goes with it, as it was read.
                if let Some(metadata) = &stored.metadata {
                    text.pop();
                    text.push_str(",\"metadata\":");
                    text.push_str(metadata);
                    text.push('}');
                }
                let _ = writeln!(out, "{text}");
            }
        }
    }
    errors.extend(gaps.close(report.stopped_early, first_unplaced, options.rows));
    errors.sort_by_key(|(ordinal, _)| *ordinal);
    report.errors = errors.into_iter().map(|(_, e)| e).collect();
    report.forms = forms.sorted(&CurrentForms::new::<C::Event>(system.upcasters()));
    report.unjudged += ledger.untold();
    // Those found as events came first, in the log's order (for one event, what its aggregate
    // could not have recorded before what the invariants found); then those judged on the end
    // state.
    let mut breaches: Vec<(u64, String)> = impossible;
    let retold = ledger.retold();
    let retold: FxHashSet<&str> = retold.iter().map(String::as_str).collect();
    for breach in crate::simulation::breaches(&system, &ledger) {
        if retold.contains(breach.as_str()) {
            report.retold += 1;
            continue;
        }
        breaches.push(match breach_places.get(&breach) {
            Some((ordinal, place)) => (*ordinal, format!("{place}: {breach}")),
            None => (u64::MAX, breach),
        });
    }
    breaches.sort_by_key(|(ordinal, _)| *ordinal);
    report.invariant_breaches = breaches.into_iter().map(|(_, b)| b).collect();
    if let Some(expected) = &options.expect {
        report.differences = compare_read_models(&system, expected);
    }
    (report, system)
}

/// Positions a stream jumped over, kept until they come (then they were out of order, and are
/// reported where they come) or reading ends (then they are a gap, reported where the stream
/// jumped): each reported once, as what it turned out to be. Gaps are rare, so they are few.
#[derive(Default)]
struct Gaps {
    by_stream: FxHashMap<StreamId, Vec<Gap>>,
    /// How many, all streams together: asked after every event.
    pending: usize,
}

struct Gap {
    /// The stream's last position before the jump, and where it jumped to.
    from: u64,
    to: u64,
    /// The positions in between not seen yet, as first and last of each run.
    missing: Vec<(u64, u64)>,
    place: String,
    ordinal: u64,
}

impl Gaps {
    fn open(&mut self, stream: &StreamId, from: u64, to: u64, place: String, ordinal: u64) {
        self.pending += 1;
        self.by_stream.entry(stream.clone()).or_default().push(Gap {
            from,
            to,
            missing: vec![(from + 1, to - 1)],
            place,
            ordinal,
        });
    }

    /// Positions jumped over and not seen yet, all streams together.
    fn pending(&self) -> usize {
        self.pending
    }

    /// If a gap of `stream` left out `sequence`, it is seen now: gives where the stream jumped
    /// over it, and from and to which positions.
    fn fill(&mut self, stream: &StreamId, sequence: u64) -> Option<(String, u64, u64)> {
        let gaps = self.by_stream.get_mut(stream)?;
        let (g, r) = gaps.iter().enumerate().find_map(|(g, gap)| {
            let r = gap
                .missing
                .iter()
                .position(|&(first, last)| (first..=last).contains(&sequence))?;
            Some((g, r))
        })?;
        let gap = &mut gaps[g];
        let (first, last) = gap.missing.remove(r);
        let mut rest = Vec::new();
        if first < sequence {
            rest.push((first, sequence - 1));
        }
        if sequence < last {
            rest.push((sequence + 1, last));
        }
        gap.missing.splice(r..r, rest);
        let jump = (gap.place.clone(), gap.from, gap.to);
        if gap.missing.is_empty() {
            gaps.remove(g);
            self.pending -= 1;
        }
        Some(jump)
    }

    /// The gaps still open when reading ends, each as an error where its stream jumped; a gap
    /// after a line whose stream could not be made out may be that line.
    fn close(
        self,
        stopped_early: bool,
        first_unplaced: Option<u64>,
        rows: bool,
    ) -> impl Iterator<Item = (u64, String)> {
        self.by_stream.into_iter().flat_map(move |(stream, gaps)| {
            gaps.into_iter().map(move |gap| {
                let runs: Vec<String> = gap
                    .missing
                    .iter()
                    .map(|&(first, last)| match first == last {
                        true => format!("#{first}"),
                        false => format!("#{first}–#{last}"),
                    })
                    .collect();
                let one = gap
                    .missing
                    .iter()
                    .map(|(first, last)| last - first + 1)
                    .sum::<u64>()
                    == 1;
                let mut never = match (stopped_early, one) {
                    (true, _) => "not seen before reading stopped",
                    (false, true) => "never comes",
                    (false, false) => "never come",
                }
                .to_string();
                if first_unplaced.is_some_and(|line| line < gap.ordinal) {
                    never.push_str(match rows {
                        true => ", unless it is in a row above that could not be read",
                        false => ", unless it is in a line above that could not be read",
                    });
                }
                let jump = match gap.from {
                    0 => format!("starts at #{}", gap.to),
                    from => format!("jumps from #{from} to #{}", gap.to),
                };
                (
                    gap.ordinal,
                    format!(
                        "{}: {} {jump}: a gap ({} {never})",
                        gap.place,
                        shown(&stream),
                        runs.join(", ")
                    ),
                )
            })
        })
    }
}

/// Every read model entry, as `{read model: {key: entry}}`, for `--export-read-models`.
pub fn read_models_json<C: Simulated>(system: &System<C>) -> Value {
    let mut all: serde_json::Map<String, Value> = system
        .read_model_names()
        .into_iter()
        .map(|name| (name.to_string(), Value::Object(Default::default())))
        .collect();
    for (name, key, entry) in system.read_model_entries() {
        if let Some(Value::Object(entries)) = all.get_mut(name) {
            entries.insert(key.into(), entry);
        }
    }
    Value::Object(all)
}

/// Differences between rebuilt read models and expected ones, by read model, key and field.
/// Fields compare by the type the catalog gives them, as Then-steps do (`steps::cells`): an
/// export from the live system may write `199` or `"199.00"` for an amount and `+00:00` or `Z`
/// for an instant, and equal values are no difference; text is compared as written. A field
/// absent on one side counts as null, as in a record's nested fields. A difference shows both
/// values as the files hold them.
pub fn compare_read_models<C: Simulated>(system: &System<C>, expected: &Value) -> Vec<String> {
    let actual = read_models_json(system);
    let catalog = Catalog::of::<C>();
    let mut out = Vec::new();
    for name in keys_of_either(&actual, expected) {
        let (a, e) = (&actual[name], &expected[name]);
        if e.is_null() {
            let rebuilt = a.as_object().map_or(0, |entries| entries.len());
            if rebuilt > 0 {
                out.push(format!(
                    "{name}: not in the expected read models, but the rebuild has {rebuilt} \
                     entries"
                ));
            }
            continue;
        }
        let fields = catalog
            .read_models
            .iter()
            .find(|r| r.name == name)
            .map_or(&[][..], |r| &r.fields[..]);
        let type_of = |f: &str| {
            fields
                .iter()
                .find(|spec| spec.name == f)
                .map(|spec| &spec.ty)
        };
        for key in keys_of_either(a, e) {
            match (e.get(key), a.get(key)) {
                (Some(_), None) => out.push(format!(
                    "{name} {key}: expected, but the rebuild has no entry"
                )),
                (None, Some(_)) => out.push(format!("{name} {key}: rebuilt, but not expected")),
                (Some(ev), Some(av)) if ev != av => {
                    for f in keys_of_either(ev, av) {
                        let (x, y) = (ev.get(f), av.get(f));
                        let null = &Value::Null;
                        if !same_by_type(x.unwrap_or(null), y.unwrap_or(null), type_of(f)) {
                            out.push(format!(
                                "{name} {key}.{f}: expected {}, rebuilt {}",
                                x.map_or("nothing".into(), Value::to_string),
                                y.map_or("nothing".into(), Value::to_string)
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// The keys of two JSON objects, each once, in order (nothing of what is not an object).
fn keys_of_either<'v>(a: &'v Value, b: &'v Value) -> std::collections::BTreeSet<&'v String> {
    let keys = |v: &'v Value| v.as_object().into_iter().flat_map(|o| o.keys());
    keys(a).chain(keys(b)).collect()
}

/// Figures of `gwt verify-migration --bench`.
#[derive(Clone, Debug)]
pub struct BenchFigures {
    pub events: u64,
    /// Verified on one thread, against the baseline on one thread.
    pub verified_per_second: f64,
    pub baseline_per_second: f64,
    /// Verified as `gwt verify-migration` does it, lines read on threads of their own.
    pub as_it_runs_per_second: f64,
    /// Lines only parsed into typed events on one thread, nothing folded: the ceiling that the
    /// JSON parsing alone puts on any verification that reads every line.
    pub parsed_per_second: f64,
    /// Each round's verification on one core against the baseline timed right after it, sorted.
    pub round_ratios: Vec<f64>,
}

impl BenchFigures {
    /// The median of the rounds' ratios.
    pub fn ratio(&self) -> f64 {
        match self.round_ratios.len() {
            0 => 0.0,
            n if n % 2 == 1 => self.round_ratios[n / 2],
            n => (self.round_ratios[n / 2 - 1] + self.round_ratios[n / 2]) / 2.0,
        }
    }

    pub fn report(&self, source: &str) -> String {
        let (low, high) = (
            self.round_ratios.first().copied().unwrap_or_default(),
            self.round_ratios.last().copied().unwrap_or_default(),
        );
        format!(
            "{} events from {source}, best of {} rounds\n  verify-migration on one core (upcast, replay, checks): {:>10.0} events/s\n  baseline on one core (parse into typed events, fold):  {:>10.0} events/s\n  ratio: {:.2} of the baseline, the median of the rounds' own ({low:.2}–{high:.2}) (target: at least 0.6; at least 1M events/s on one core)\n  verify-migration as it runs, lines read on threads of their own: {:>10.0} events/s\n  lines only parsed into typed events on one core (nothing folded): {:>10.0} events/s\n",
            self.events,
            self.round_ratios.len(),
            self.verified_per_second,
            self.baseline_per_second,
            self.ratio(),
            self.as_it_runs_per_second,
            self.parsed_per_second
        )
    }
}

/// The benchmarks' baseline: the lines of `text` parsed into typed events (through the upcasters
/// where older) and folded into aggregates and read models, with nothing checked and no process
/// manager.
pub fn parse_and_fold<C: Simulated>(text: &str) -> System<C> {
    let mut system =
        checked(System::<C>::new(steps::world::default_start())).without_process_managers();
    system.set_keep_log(false);
    system.set_keep_journal(false);
    each_typed_event(&mut system, text, |system, e| {
        let _ = system.given(Some(e.stream), e.message);
    });
    system
}

/// Each line of `text` that reads as a stored event, parsed into its typed event (through the
/// upcasters where older) and handed to `then` with the system that decoded it; the baselines'
/// one way of reading a log.
fn each_typed_event<C: Simulated>(
    system: &mut System<C>,
    text: &str,
    mut then: impl FnMut(&mut System<C>, Envelope<C::Event>),
) {
    let reader = stored_reader::<C>();
    for line in lines(text) {
        if let Ok(mut stored) = reader.read_line(line) {
            if let Ok(e) = system.decode_text(&mut stored) {
                then(system, e);
            }
        }
    }
}

/// The lines of `text`, as `str::lines` gives them, found as the verification finds them (with
/// `memchr`), so that the baselines do not split lines slower than what they are compared with.
fn lines(text: &str) -> impl Iterator<Item = &str> {
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

/// The lines of `text` parsed into typed events (through the upcasters where older), and nothing
/// else: how many were read.
pub fn parse_only<C: Simulated>(text: &str) -> usize {
    let mut system = checked(System::<C>::new(steps::world::default_start()));
    let mut parsed = 0;
    each_typed_event(&mut system, text, |_, e| {
        parsed += 1;
        std::hint::black_box(e);
    });
    parsed
}

/// Times a full verification of `text` (a JSON-lines log) on one thread against a baseline that
/// only parses the same lines into typed events and folds them into aggregates and read models,
/// as `gwt verify-migration` runs it (reading on threads of its own), and the parsing alone.
/// Each round times the four one after the other, so that a drift of the machine's speed lands
/// on all of them; the ratio is each round's own, and the speeds the best of `rounds`.
pub fn bench<C: Simulated>(text: &str, rounds: usize) -> BenchFigures {
    let mut events = 0;
    let timed = |f: &mut dyn FnMut()| {
        let started = std::time::Instant::now();
        f();
        started.elapsed().as_secs_f64()
    };
    let options = VerifyOptions::default();
    let mut times = Vec::new();
    for _ in 0..rounds.max(1) {
        let one_core = timed(&mut || {
            let (report, system) =
                verify_on_one_thread::<C>(text.as_bytes(), "bench", &options, None);
            events = report.events;
            drop(std::hint::black_box(system));
        });
        let baseline = timed(&mut || {
            drop(std::hint::black_box(parse_and_fold::<C>(text)));
        });
        let as_it_runs = timed(&mut || {
            let verified = verify::<C>(text.as_bytes(), "bench", &options, None);
            drop(std::hint::black_box(verified));
        });
        let parsed = timed(&mut || {
            std::hint::black_box(parse_only::<C>(text));
        });
        times.push([one_core, baseline, as_it_runs, parsed]);
    }
    let best = |i: usize| times.iter().map(|t| t[i]).fold(f64::INFINITY, f64::min);
    let per_second = |seconds: f64| events as f64 / seconds.max(1e-9);
    let mut round_ratios: Vec<f64> = times.iter().map(|t| t[1] / t[0].max(1e-9)).collect();
    round_ratios.sort_by(f64::total_cmp);
    BenchFigures {
        events,
        verified_per_second: per_second(best(0)),
        baseline_per_second: per_second(best(1)),
        as_it_runs_per_second: per_second(best(2)),
        parsed_per_second: per_second(best(3)),
        round_ratios,
    }
}

/// Peak memory of a streaming verification against the size of the read models it built.
#[derive(Clone, Debug)]
pub struct MemoryFigures {
    pub events: u64,
    /// The process's peak resident memory (`VmHWM`), if the system tells it.
    pub peak_bytes: Option<u64>,
    /// The read models written as JSON (as `--export-read-models` writes them, compact).
    pub read_model_bytes: u64,
}

impl MemoryFigures {
    /// The process's peak so far, against the read models `system` built from `events` events.
    pub fn after<C: Simulated>(events: u64, system: &System<C>) -> Self {
        MemoryFigures {
            events,
            peak_bytes: peak_memory(),
            read_model_bytes: serde_json::to_vec(&read_models_json(system))
                .map_or(0, |v| v.len() as u64),
        }
    }

    pub fn report(&self) -> String {
        let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
        match self.peak_bytes {
            Some(peak) => format!(
                "  peak memory of a streaming verification of {} events: {:.1} MiB; read models \
                 built: {:.1} MiB as JSON; ratio {:.2} (target: at most 2)\n",
                self.events,
                mib(peak),
                mib(self.read_model_bytes),
                peak as f64 / self.read_model_bytes.max(1) as f64
            ),
            None => format!(
                "  peak memory: not reported by this system; read models built: {:.1} MiB as JSON\n",
                mib(self.read_model_bytes)
            ),
        }
    }
}

/// The peak resident memory of this process so far, from `/proc/self/status` (Linux).
pub fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Verifies a log streamed from `input` and reports the peak memory it took against the size of
/// the read models it built. Run it before anything else holds much memory: the peak is the
/// process's.
pub fn measure_memory<C: Simulated>(input: impl BufRead + Send, source: &str) -> MemoryFigures {
    let (report, system) = verify::<C>(input, source, &VerifyOptions::default(), None);
    MemoryFigures::after(report.events, &system)
}

/// Figures of `gwt verify-migration --bench --from postgres://…`.
#[derive(Clone, Debug)]
pub struct DatabaseFigures {
    pub events: u64,
    pub verified_per_second: f64,
    /// Rows only read, parsed and upcast into their current messages, for comparison.
    pub read_per_second: f64,
    pub memory: MemoryFigures,
}

impl DatabaseFigures {
    pub fn report(&self, source: &str) -> String {
        format!(
            "{} events from {source}\n  verify-migration (read, upcast, replay, checks):       {:>10.0} events/s (target: at least 300k)\n  rows only read, parsed and upcast (no replay):         {:>10.0} events/s\n{}",
            self.events,
            self.verified_per_second,
            self.read_per_second,
            self.memory.report()
        )
    }
}

/// Times full verifications from a database, against only reading its rows, best of `rounds`;
/// the first verification also gives the memory figures.
pub fn bench_database<C: Simulated>(url: &str, rounds: usize) -> Result<DatabaseFigures, String> {
    let timed = |f: &mut dyn FnMut() -> Result<(), String>| -> Result<f64, String> {
        let started = std::time::Instant::now();
        f()?;
        Ok(started.elapsed().as_secs_f64())
    };
    let rows = || {
        crate::postgres::events::<C::Event>(
            crate::postgres::connect(url)?,
            url,
            stored_reader::<C>(),
        )
        .map(|(events, _)| events)
    };
    let mut events = 0;
    let mut memory = None;
    let mut first = None;
    let mut best_verify = f64::INFINITY;
    let mut best_read = f64::INFINITY;
    for _ in 0..rounds.max(1) {
        let seconds = timed(&mut || {
            let options = VerifyOptions {
                rows: true,
                ..VerifyOptions::default()
            };
            let (report, system) = verify_events::<C>(rows()?, &options, None);
            if let Some(e) = report.errors.first() {
                return Err(format!("the log does not verify clean: {e}"));
            }
            events = report.events;
            first.get_or_insert(system);
            Ok(())
        })?;
        best_verify = best_verify.min(seconds);
        // Measured out of the timing, and the first system dropped before the next round.
        if let Some(system) = first.take() {
            memory.get_or_insert_with(|| MemoryFigures::after(events, &system));
        }
        let seconds = timed(&mut || {
            std::hint::black_box(rows()?.count());
            Ok(())
        })?;
        best_read = best_read.min(seconds);
    }
    Ok(DatabaseFigures {
        events,
        verified_per_second: events as f64 / best_verify.max(1e-9),
        read_per_second: events as f64 / best_read.max(1e-9),
        memory: memory.ok_or("no verification ran")?,
    })
}

/// A system of a context whose wiring `gwt` has checked already (`domains::check_wiring`).
///
/// # Panics
/// With the wiring's mistakes, for a caller that did not check it.
fn checked<C: domain::kernel::BoundedContext>(
    system: Result<System<C>, domain::kernel::WiringError>,
) -> System<C> {
    system.unwrap_or_else(|e| panic!("{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Rows that hold stored events but give no `recorded_at` (a postgres-es table's) are
    /// counted as stored events and said to be what was not replayed, apart from rows that are
    /// none: the first line said "0 of them stored events (28 not)" of a table of 28 events.
    #[test]
    fn rows_without_recorded_at_are_counted_as_stored_events_not_replayed() {
        use domain::conference::{ConferenceContext, ConferenceEvent};
        let row = |id: &str, undated: bool| Read::<ConferenceEvent>::Unreadable {
            place: format!("db row Conference/{id}#1"),
            why: "the metadata has no `recorded_at`".into(),
            position: Some((StreamId::new("Conference", id), 1)),
            undated,
        };
        let options = VerifyOptions {
            rows: true,
            ..VerifyOptions::default()
        };
        let first_line = |reads: Vec<Read<ConferenceEvent>>| {
            let (report, _) = verify_events::<ConferenceContext>(reads.into_iter(), &options, None);
            report
                .render("db", 0)
                .lines()
                .next()
                .unwrap_or_default()
                .to_string()
        };
        assert_eq!(
            first_line(vec![row("c1", true), row("c2", true)]),
            "verified db: 2 rows read, 2 of them stored events, 2 of which give no \
             `recorded_at` in their metadata, so were not replayed"
        );
        assert_eq!(
            first_line(vec![row("c1", true), row("c2", false)]),
            "verified db: 2 rows read, 1 of them stored events (1 not), 1 of which gives no \
             `recorded_at` in its metadata, so was not replayed"
        );
        // A row that is no stored event is said as before.
        assert_eq!(
            first_line(vec![row("c2", false)]),
            "verified db: 1 row read, 0 of them stored events (1 not)"
        );
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
                let read = read_line_into(&mut ours, &mut a).unwrap();
                prop_assert_eq!(read, std_reader.read_until(b'\n', &mut b).unwrap());
                prop_assert_eq!(&a, &b);
                if read == 0 {
                    break;
                }
            }
        }
    }
}
