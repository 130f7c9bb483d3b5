//! The PostgreSQL event store of real deployments: the `events` table of the `postgres-es`
//! crate (`aggregate_type, aggregate_id, sequence, event_type, event_version, payload,
//! metadata`). `load` fills it from a JSON-lines log with COPY, keeping the log's order in each
//! row's metadata (with the line's own `metadata`); `events` reads it back in that order through a cursor inside a read-only
//! transaction, a page at a time, so reading never writes and memory stays constant. Pages are fetched on one thread and parsed on another while the page before
//! is verified.

use std::io::{BufRead, Write};
use std::sync::Arc;

use domain::kernel::{
    parse_instant, Instant, InstantError, Message, Payload, StoredReader, StoredText, StreamId,
};
use postgres::{Client, NoTls, Row};
use serde_json::json;

use crate::connection::{Environment, Server};
use crate::migration::{Place, Read};

/// Rows per page when reading.
pub const PAGE: i32 = 10_000;

/// The order of recording a row keeps in its metadata (`position`, as `load` writes it), in SQL:
/// NULL where a row keeps none. The same text makes `load`'s index and the reader's ORDER BY, so
/// that the reader walks the index rather than sorting the table. Kept to one cast: PostgreSQL
/// works the ORDER BY's expression out for every row it returns, even when an index gives the
/// order, and a guard against a position that is not a number (a pattern match, a second read
/// of the metadata) made reading in this order nearly twice as slow as reading by key (1.85 s
/// against 1.0 s for a million rows, `EXPLAIN ANALYZE`); one cast, 0.72 s. The index is the
/// guard: while it stands, a row whose position is not a whole number cannot be written.
const POSITION: &str = "((metadata->>'position')::bigint)";

/// The index `load` builds on the order of recording; a table that has it is read in that order.
const ORDER_INDEX: &str = "events_recorded_order";

/// How the rows of a table were read, for the report to say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// In the order the rows record (`metadata.position`), as the log they came from was
    /// written; then `unplaced` rows that record none (written since by another system), by key.
    Recorded { unplaced: u64 },
    /// By key, stream by stream: the table records no order across streams.
    ByKey,
    /// By key, though the rows carry positions: the index `load` builds on them, which the
    /// reader walks and which vouches that every position reads as a number, is missing
    /// (dropped, or the rows copied without it), or `invalid` (a build that failed).
    Unindexed { invalid: bool },
}

/// The index `load` builds on the order of recording, as SQL makes it.
fn order_index(if_not_exists: bool) -> String {
    let guard = if if_not_exists { "IF NOT EXISTS " } else { "" };
    format!(
        "CREATE INDEX {guard}{ORDER_INDEX} ON events ({POSITION}, aggregate_type, aggregate_id, \
         sequence)"
    )
}

impl Order {
    /// What the report says of it.
    pub fn described(self) -> String {
        const MAY_DIFFER: &str = "read models and invariants that depend on the order of events \
                                  across streams may differ from the live system's";
        match self {
            Order::Recorded { unplaced: 0 } => "rows read in the order they were recorded \
                 (metadata.position, as gwt load keeps a log's order)"
                .into(),
            Order::Recorded { unplaced } => format!(
                "rows read in the order they were recorded (metadata.position, as gwt load keeps \
                 a log's order), then {} without one, stream by stream (by key): {MAY_DIFFER}",
                crate::migration::plural(unplaced, "row", "rows")
            ),
            Order::ByKey => format!(
                "rows read stream by stream (by key): the table records no order across streams \
                 (no metadata.position), so {MAY_DIFFER}"
            ),
            Order::Unindexed { invalid } => {
                let (lacks, statement) = match invalid {
                    false => ("lacks the index", order_index(false)),
                    true => (
                        "has an index of that name that is not valid (a build that failed), not \
                         the index",
                        format!("DROP INDEX {ORDER_INDEX}; {}", order_index(false)),
                    ),
                };
                format!(
                    "rows read stream by stream (by key): the rows carry the order they were \
                     recorded in (metadata.position, as gwt load writes it), but the table \
                     {lacks} that gwt reads that order through, so {MAY_DIFFER}; to read them \
                     in the order they were recorded, build it (gwt never writes to a store it \
                     reads): {statement}"
                )
            }
        }
    }
}

const CREATE: &str = "CREATE TABLE IF NOT EXISTS events (
    aggregate_type text NOT NULL,
    aggregate_id text NOT NULL,
    sequence bigint CHECK (sequence >= 0) NOT NULL,
    event_type text NOT NULL,
    event_version text NOT NULL,
    payload json NOT NULL,
    metadata json NOT NULL,
    PRIMARY KEY (aggregate_type, aggregate_id, sequence)
)";

/// Whether a `--from` source names a database rather than a file: a `postgres://` URL, or a
/// libpq key=value connection string (`host=db user=ann dbname=store`, which the driver reads
/// too) that names no file there. A path that exists stays a file, whatever it looks like.
pub fn names_a_database(source: &str) -> bool {
    is_url(source)
        || (source != "-"
            && std::fs::symlink_metadata(source).is_err()
            && is_connection_string(source))
}

pub(crate) fn is_url(source: &str) -> bool {
    source.starts_with("postgres://") || source.starts_with("postgresql://")
}

/// A key=value connection string the driver reads. Anything without `=` is a file's name: the
/// driver reads the empty string, and a lone word it refuses, as strings that set nothing.
fn is_connection_string(source: &str) -> bool {
    source.contains('=') && source.parse::<postgres::Config>().is_ok()
}

/// Why a `--from` source that is not a database could not be read as a file, without any
/// password it carries: a connection string mistyped (`hots=db password=pw`) is taken for a
/// file's name, and naming it whole would print the password.
pub fn unreadable_file(source: &str, error: &std::io::Error) -> String {
    let shown = redact(source);
    match source
        .contains('=')
        .then(|| source.parse::<postgres::Config>())
    {
        Some(Err(e)) => format!(
            "cannot read {shown}: {error}; nor is it a PostgreSQL connection string: {} \
             (write postgres://USER@HOST:PORT/DATABASE, or host=HOST port=PORT user=USER \
             dbname=DATABASE)",
            said(&e)
        ),
        _ => format!("cannot read {shown}: {error}"),
    }
}

/// A client of the database `source` names, with what it leaves out (the password above all)
/// taken from the environment and the password file as libpq takes them (see
/// `connection::settings`). A password file libpq would not read is said, and not read.
pub fn connect(source: &str) -> Result<Client, String> {
    connected(source, false).map(|(client, _)| client)
}

/// A client as `connect` makes it, and, when the source's text leaves out the host, port,
/// database or user (the environment or a default gave them), or names several hosts, the line
/// that says what was connected to, for the report: an operator then knows which server it
/// read or wrote.
pub fn connect_told(source: &str) -> Result<(Client, Option<String>), String> {
    connected(source, true)
}

/// A client, and the line `connect_told` says when `tell` (the server is asked only then: the
/// bench connects in every timed round).
fn connected(source: &str, tell: bool) -> Result<(Client, Option<String>), String> {
    let settings = crate::connection::settings(source, &Environment::of_process())?;
    for warning in &settings.warnings {
        steps::say!("gwt: warning: {}", crate::report::printable(warning));
    }
    let mut client = settings.config.connect(NoTls).map_err(|e| {
        let mut why = format!("cannot connect to {}: {}", redact(source), said(&e));
        // The driver's error names no server: which one was tried, when the source's text
        // does not say (a port the default gave where PGPORT was meant, above all).
        if settings.source_leaves_it_open() {
            why = format!("{why}; tried {}", settings.server_named(&Server::default()));
        }
        match settings.password_hint(&e) {
            Some(hint) => format!("{why}; {hint}"),
            None => why,
        }
    })?;
    let told = (tell && settings.source_leaves_it_open())
        .then(|| settings.connected_to(&server_of(&mut client)));
    Ok((client, told))
}

/// What the server says of the session: its database, user, address and port. Asked outside
/// any transaction, and writing nothing; a server that will not say leaves the settings to
/// speak alone.
fn server_of(client: &mut Client) -> Server {
    let asked = client.query_one(
        "SELECT current_database()::text, session_user::text, host(inet_server_addr()), \
         inet_server_port()",
        &[],
    );
    match asked {
        Ok(row) => Server {
            database: row.try_get(0).ok(),
            user: row.try_get(1).ok(),
            address: row.try_get::<_, Option<String>>(2).ok().flatten(),
            port: row
                .try_get::<_, Option<i32>>(3)
                .ok()
                .flatten()
                .and_then(|p| u16::try_from(p).ok()),
        },
        Err(_) => Server::default(),
    }
}

/// A database error with what the server said, and why a connection failed: `postgres` alone
/// prints only `db error`, or `error connecting to server` without the cause its error holds.
pub(crate) fn said(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return match db.detail() {
            Some(detail) => format!("{e}: {} ({detail})", db.message()),
            None => format!("{e}: {}", db.message()),
        };
    }
    let mut out = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(why) = cause {
        let text = why.to_string();
        if !out.ends_with(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        cause = why.source();
    }
    out
}

/// The URL without its password, for messages: the one after the user (`user:pw@`, the
/// credentials ending at the first `@`, as the driver reads them), and the value of every
/// `password=` pair: a URL's parameter (`?password=pw`, `%70assword=pw` as the driver decodes
/// it), or a key/value connection string's (`host=db password=pw`), which the driver takes too.
pub fn redact(url: &str) -> String {
    let Some(scheme) = ["postgres://", "postgresql://"]
        .into_iter()
        .find(|scheme| url.starts_with(scheme))
    else {
        return password_values_hidden(url);
    };
    let rest = &url[scheme.len()..];
    let shown = match rest.find('@') {
        Some(first) => match rest[..first].split_once(':') {
            Some((user, _)) => {
                // An `@` left as is in the password: hidden up to the last `@` before the
                // query, so that no tail of the password shows as the host.
                let after = &rest[first + 1..];
                let query = after.find('?').unwrap_or(after.len());
                let at = after[..query].rfind('@').map_or(first, |a| first + 1 + a);
                format!("{scheme}{user}:***{}", &rest[at..])
            }
            None => url.to_string(),
        },
        None => url.to_string(),
    };
    password_values_hidden(&shown)
}

/// `text` with the value of every `key=value` pair whose key names the password hidden: a key
/// starts after `?`, `&` or white space; its value ends at the next `&` or white space, or, when
/// quoted (`password='p w'`), at its closing quote.
fn password_values_hidden(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(equals) = text[at..].find('=').map(|e| at + e) {
        // libpq lets white space stand around `=` (`password = pw`): the key ends before it and
        // the value starts after it.
        let key_end = text[..equals].trim_end().len();
        // The key starts after the separator's last byte: white space may take several
        // (U+00A0, U+3000), and a slice that starts inside one would panic, printing the text.
        let key = text[..key_end]
            .char_indices()
            .rfind(|&(_, c)| c == '?' || c == '&' || c.is_whitespace())
            .map_or(0, |(b, c)| b + c.len_utf8());
        let after = &text[equals + 1..];
        let value = equals + 1 + (after.len() - after.trim_start().len());
        out.push_str(&text[at..value]);
        at = value;
        if is_password_key(&text[key..key_end]) {
            let rest = &text[value..];
            let end = match rest.strip_prefix('\'') {
                Some(quoted) => closing_quote(quoted).map_or(rest.len(), |close| close + 2),
                None => rest
                    .find(|c: char| c == '&' || c.is_whitespace())
                    .unwrap_or(rest.len()),
            };
            out.push_str("***");
            at = value + end;
        }
    }
    out.push_str(&text[at..]);
    out
}

/// Where a quoted value that `quoted` goes on with ends: its first quote not escaped by a
/// backslash (libpq's `'it\'s'`).
fn closing_quote(quoted: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in quoted.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '\'' => return Some(i),
            _ => {}
        }
    }
    None
}

/// A key that gives the password, however its name is written (`password`, `%70assword`).
fn is_password_key(key: &str) -> bool {
    percent_encoding::percent_decode_str(key)
        .decode_utf8_lossy()
        .eq_ignore_ascii_case("password")
}

/// One CSV field, quoted.
fn csv(field: &str) -> String {
    format!("\"{}\"", field.replace('"', "\"\""))
}

/// Creates the table if needed and copies every event of a JSON-lines log into it, which must
/// be empty; the log's order is kept in `metadata.position`. Returns how many rows were copied,
/// and what was connected to when the source does not say it all (see `connect_told`).
/// COPY is one statement: whatever stops it, nothing of the log is written, and the error says
/// so, at the file's line when it can be known.
pub fn load(url: &str, log: impl BufRead, source: &str) -> Result<(u64, Option<String>), String> {
    const NOTHING: &str = "the load was refused as a whole: nothing was copied";
    let (mut client, told) = connect_told(url)?;
    // One transaction: a refused load leaves no table, index or row behind.
    let mut transaction = client.transaction().map_err(|e| said(&e))?;
    // A table another session holds locked would hold the load without a word.
    let waited = bounded_lock_wait(&mut transaction).map_err(|e| said(&e))?;
    let refused = |e: postgres::Error| format!("{}; {NOTHING}", said_waiting(&e, waited));
    transaction.batch_execute(CREATE).map_err(refused)?;
    // Rows already there are another history: loaded beside them, the log's rows would be read
    // first, in their order, and theirs after, by key, as if one history. Other writers are kept
    // out until the load ends, so that the table found empty stays so; readers are not.
    transaction
        .batch_execute("LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE")
        .map_err(refused)?;
    let held: i64 = transaction
        .query_one("SELECT count(*) FROM events", &[])
        .map_err(refused)?
        .get(0);
    if held > 0 {
        return Err(format!(
            "the events table already holds {}: gwt load fills an empty table, since a log \
             loaded beside other rows would be read as one history with them; load into a fresh \
             database, or empty the table first (TRUNCATE events); {NOTHING}",
            crate::migration::plural(held.max(0) as u64, "row", "rows")
        ));
    }
    // The log's order is the only order across streams the table will have: it is kept in each
    // row's metadata, indexed so that reading in that order walks the index. A table of another
    // schema whose metadata is not JSON keeps no order (and is read by key).
    let metadata_type: Option<String> = transaction
        .query_opt(
            "SELECT data_type::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = 'events' \
             AND column_name = 'metadata'",
            &[],
        )
        .map_err(refused)?
        .map(|row| row.get(0));
    let keeps_order = matches!(metadata_type.as_deref(), Some("json" | "jsonb"));
    let mut writer = transaction
        .copy_in("COPY events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata) FROM STDIN (FORMAT csv)")
        .map_err(refused)?;
    let mut rows = 0u64;
    // The file's line of each row, kept where it stops following the row's number (after a
    // blank line), so that a row the server refuses is named by its line at constant memory.
    let mut lines_of_rows = LinesOfRows::default();
    let mut failed = None;
    for (i, line) in log.lines().enumerate() {
        let number = i as u64 + 1;
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                return Err(format!(
                    "{source}:{number}: cannot read the line: {e}; {NOTHING}"
                ))
            }
        };
        let line = match number {
            1 => domain::kernel::without_byte_order_mark(&line),
            _ => &line,
        };
        if line.trim().is_empty() {
            continue;
        }
        // Read as verification reads it, the payload kept as its text: a tree would keep the
        // last of a key given twice and round a long number, and the table would hold less
        // than the log.
        let e: StoredText<()> = serde_json::from_str(line).map_err(|err| {
            format!(
                "{source}:{number}: {}; {NOTHING}",
                crate::migration::line_mistake(&err, line)
            )
        })?;
        if i64::try_from(e.sequence).is_err() {
            return Err(format!(
                "{source}:{number}: sequence {} is more than the table's bigint holds (at most \
                 {}); {NOTHING}",
                e.sequence,
                domain::kernel::readable_number(i64::MAX.into())
            ));
        }
        rows += 1;
        lines_of_rows.note(rows, number);
        let mut metadata = json!({"recorded_at": e.recorded_at, "position": rows}).to_string();
        // The line's own metadata after the tool's keys, as written (it gives none of them).
        if let Some(more) = &e.metadata {
            let inside = more.trim()[1..more.trim().len() - 1].trim();
            if !inside.is_empty() {
                metadata.pop();
                metadata.push(',');
                metadata.push_str(inside);
                metadata.push('}');
            }
        }
        let record = [
            csv(&e.stream.kind),
            csv(&e.stream.id),
            e.sequence.to_string(),
            csv(&e.event_type),
            csv(&e.event_version.to_string()),
            csv(match &e.payload {
                Payload::Text(text) => text,
                // Never so: a payload read as text stays text. An empty one would be refused
                // by the table's json column, the load with it.
                Payload::Typed(()) => "",
            }),
            csv(&metadata),
        ]
        .join(",");
        // The server may refuse the COPY while it is being written: its reason comes with
        // `finish`.
        if let Err(e) = writeln!(writer, "{record}") {
            failed = Some(e.to_string());
            break;
        }
    }
    match writer.finish() {
        Ok(_) if failed.is_none() => {
            // Built once the rows are in, which is cheaper than keeping it up to date row by
            // row.
            if keeps_order {
                transaction
                    .batch_execute(&order_index(true))
                    .map_err(refused)?;
            }
            transaction.commit().map_err(refused)?;
            Ok((rows, told))
        }
        Ok(_) => Err(format!("{}; {NOTHING}", failed.unwrap_or_default())),
        Err(e) => {
            let line = e
                .as_db_error()
                .and_then(|db| db.where_())
                .and_then(copy_line)
                .map(|row| lines_of_rows.line_of(row));
            Err(match line {
                Some(line) => format!(
                    "{source}:{line}: the database refused the row: {}; {NOTHING}",
                    said(&e)
                ),
                None => format!("the database refused the load: {}; {NOTHING}", said(&e)),
            })
        }
    }
}

/// The row a COPY error's context names (`COPY events, line 17, column sequence: …`). The
/// context has a line for each layer that failed, innermost first: a payload a `jsonb` column
/// refuses puts `JSON data, line 1: …` (the line within the JSON) before the COPY's own line.
fn copy_line(context: &str) -> Option<u64> {
    const COPY: &str = "COPY events, line ";
    let copy = context.lines().rev().find(|l| l.starts_with(COPY))?;
    let after = &copy[COPY.len()..];
    let digits = after
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(after.len());
    after[..digits].parse().ok()
}

/// The file's line of each row copied, as the rows where it jumps (blank lines skipped).
#[derive(Default)]
struct LinesOfRows(Vec<(u64, u64)>);

impl LinesOfRows {
    fn note(&mut self, row: u64, line: u64) {
        if self.0.last().is_none_or(|&(r, l)| l + (row - r) != line) {
            self.0.push((row, line));
        }
    }

    fn line_of(&self, row: u64) -> u64 {
        let at = self.0.partition_point(|&(r, _)| r <= row);
        match at {
            0 => row,
            at => {
                let (r, l) = self.0[at - 1];
                l + (row - r)
            }
        }
    }
}

/// What the reader takes from a row's metadata (`recorded_at`); anything else in it is left
/// alone. The tool's own keys (`recorded_at`, and `position`, which orders the reading) are
/// refused when given twice: which one counts would be the JSON reader's choice, where a JSON
/// line that gives `recorded_at` twice is refused.
struct Metadata<'a> {
    recorded_at: Option<std::borrow::Cow<'a, str>>,
    /// Its other keys, as written, in their order: what the event carries beyond its stored
    /// form, for the migrated copy to keep. Empty (nothing allocated) for the metadata `gwt load`
    /// writes.
    others: Vec<(std::borrow::Cow<'a, str>, &'a serde_json::value::RawValue)>,
}

impl Metadata<'_> {
    /// The other keys as a JSON object's text, or None when there are none.
    fn others_text(&self) -> Option<Box<str>> {
        if self.others.is_empty() {
            return None;
        }
        let mut text = String::from("{");
        for (i, (key, value)) in self.others.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            text.push_str(&serde_json::to_string(key).unwrap_or_default());
            text.push(':');
            text.push_str(value.get());
        }
        text.push('}');
        Some(text.into())
    }
}

impl<'de> serde::Deserialize<'de> for Metadata<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MetadataVisitor)
    }
}

struct MetadataVisitor;

/// Text borrowed from the metadata where it holds no escapes (serde's own `Cow` always copies):
/// read for every row.
struct Borrowed<'a>(std::borrow::Cow<'a, str>);

impl<'de> serde::Deserialize<'de> for Borrowed<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Borrowed<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("text")
            }
            fn visit_borrowed_str<Er: serde::de::Error>(
                self,
                v: &'de str,
            ) -> Result<Self::Value, Er> {
                Ok(Borrowed(v.into()))
            }
            fn visit_str<Er: serde::de::Error>(self, v: &str) -> Result<Self::Value, Er> {
                Ok(Borrowed(v.to_string().into()))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

impl<'de> serde::de::Visitor<'de> for MetadataVisitor {
    type Value = Metadata<'de>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        use serde::de::Error;
        let mut recorded_at = None;
        let mut position = false;
        let mut others = Vec::new();
        while let Some(Borrowed(key)) = map.next_key()? {
            match &*key {
                // Refused before its value is read, so that the error stands where the strict
                // tree places a repeat: just after its key.
                "recorded_at" if recorded_at.is_some() => {
                    return Err(A::Error::duplicate_field("recorded_at"))
                }
                "position" if position => return Err(A::Error::duplicate_field("position")),
                "recorded_at" => recorded_at = Some(map.next_value::<Borrowed>()?.0),
                "position" => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    position = true;
                }
                _ => others.push((key, map.next_value()?)),
            }
        }
        Ok(Metadata {
            recorded_at,
            others,
        })
    }
}

/// The instant a row's metadata says its event was recorded, and the rest of it (see
/// `Metadata`). The usual metadata is read without building a tree; anything else is read again
/// to say what is wrong with it.
fn recorded_at(metadata: &str) -> Result<(Instant, Option<Box<str>>), Unread> {
    let fast = serde_json::from_str::<Metadata>(metadata);
    if let Ok(
        read @ Metadata {
            recorded_at: Some(at),
            ..
        },
    ) = &fast
    {
        if let Ok(instant) = parse_instant(at) {
            return Ok((instant, read.others_text()));
        }
    }
    const EXPECTED: &str = "expected the instant the event was recorded, such as \
                            \"2026-01-05T09:00:00Z\"";
    let not_json = |e: &serde_json::Error| {
        format!(
            "the metadata is not JSON ({})",
            domain::kernel::json_error_in(e, "the metadata", metadata)
        )
    };
    if let Err(e) = &fast {
        if e.to_string().starts_with("duplicate field") {
            return Err(domain::kernel::json_error_in(e, "the metadata", metadata).into());
        }
    }
    // serde_json's tree keeps the last of a key given twice; the strict one says which was (a
    // repeat the reading above did not reach: after a value it refused).
    let value = match domain::kernel::strict_tree(metadata, "the metadata") {
        Ok(value) => value,
        Err(domain::kernel::TreeError::Repeated { key, error })
            if key == "recorded_at" || key == "position" =>
        {
            return Err(domain::kernel::json_error_in(&error, "the metadata", metadata).into())
        }
        // A key of its own given twice, or a number a tree would round: neither is read here.
        Err(
            domain::kernel::TreeError::Repeated { .. } | domain::kernel::TreeError::Inexact { .. },
        ) => serde_json::from_str(metadata).map_err(|e| not_json(&e))?,
        Err(domain::kernel::TreeError::Json(e)) => return Err(not_json(&e).into()),
    };
    let serde_json::Value::Object(fields) = value else {
        return Err(format!(
            "the metadata is {value}, not a JSON object with `recorded_at` ({EXPECTED})"
        )
        .into());
    };
    let why = match fields.get("recorded_at") {
        None => {
            return Err(Unread {
                why: format!("{NO_RECORDED_AT} ({EXPECTED})"),
                undated: true,
            })
        }
        Some(serde_json::Value::String(at)) => match parse_instant(at) {
            // In the kernel's words, as a log's `recorded_at` and a feature file's cell are told.
            Err(e @ InstantError::FinerThanNanoseconds { .. }) => {
                format!("the metadata's `recorded_at` {}", e.of(at))
            }
            Err(e) => {
                format!("the metadata's `recorded_at` {at:?} is not an instant: {e} ({EXPECTED})")
            }
            // Never so: the reading above takes any instant parse_instant takes.
            Ok(_) => format!("the metadata cannot be read ({EXPECTED})"),
        },
        Some(other) => format!("the metadata's `recorded_at` is {other}, not text ({EXPECTED})"),
    };
    Err(why.into())
}

/// Why a row is not read as a stored event. `undated`: it is one in every column the reader
/// checks before the metadata, whose only fault is to give no `recorded_at` (postgres-es writes
/// `{}` there), so that the report can count it as a stored event that could not be replayed
/// rather than as a row that is none.
struct Unread {
    why: String,
    undated: bool,
}

impl From<String> for Unread {
    fn from(why: String) -> Self {
        Unread {
            why,
            undated: false,
        }
    }
}

/// What a row whose metadata gives no `recorded_at` is told.
const NO_RECORDED_AT: &str = "the metadata has no `recorded_at`";

/// One note for the rows whose metadata gives no `recorded_at`, after their errors: postgres-es
/// writes `{}` as an event's metadata unless the application adds to it, so a deployment's own
/// table gives that error on every row, a hundred times over, without saying why or what gwt
/// needs. Said once, after the errors, as the other notes are.
pub fn recorded_at_note(report: &crate::migration::Report) -> Option<String> {
    let rows = report.undated;
    if rows == 0 {
        return None;
    }
    let (give, their) = match rows {
        1 => ("1 row read gives".to_string(), "its"),
        rows => (format!("{rows} rows read give"), "their"),
    };
    Some(format!(
        "{give} no `recorded_at` in {their} metadata: postgres-es writes an event's \
         metadata as {{}} unless the application adds to it, and gwt replays each event at the \
         instant it was recorded, which it reads from there: {{\"recorded_at\": \
         \"2026-01-05T09:00:00Z\", …}} (as gwt load writes it)"
    ))
}

/// The columns read, by name, with what each must hold, in the order the query reads them.
const COLUMNS: [(&str, &str); 7] = [
    ("aggregate_type", "text"),
    ("aggregate_id", "text"),
    ("sequence", "a whole number"),
    ("event_type", "text"),
    ("event_version", "a version"),
    ("payload", "JSON"),
    ("metadata", "JSON"),
];

/// Column `i` of a row, named in its error: a NULL says which column holds it.
fn column<'a, T: postgres::types::FromSql<'a>>(row: &'a Row, i: usize) -> Result<T, String> {
    let (name, holds) = COLUMNS[i];
    match row.try_get::<_, Option<T>>(i) {
        Ok(Some(value)) => Ok(value),
        Ok(None) => Err(format!("`{name}` is NULL (expected {holds})")),
        Err(e) => Err(format!("`{name}`: {e}")),
    }
}

/// A row as a stored form, its payload read into its current message here, on the reading
/// thread (one that cannot be read stays text, for the verification to report).
fn stored_of<E: Message>(row: &Row, reader: &StoredReader) -> Result<StoredText<E>, Unread> {
    let kind: &str = column(row, 0)?;
    let id: &str = column(row, 1)?;
    let sequence: i64 = column(row, 2)?;
    let event_type: &str = column(row, 3)?;
    let version: &str = column(row, 4)?;
    let payload: &str = column(row, 5)?;
    let metadata: &str = column(row, 6)?;
    let event_version = domain::kernel::version_of_text(version)
        .map_err(|e| format!("`event_version` {}", e.of(version)))?;
    let sequence =
        u64::try_from(sequence).map_err(|_| format!("sequence {sequence} is negative"))?;
    // Read last, so that a row it refuses as undated is right in every other column.
    let (recorded_at, metadata) = recorded_at(metadata)?;
    let mut stored = StoredText {
        stream: StreamId::new(kind, id),
        sequence,
        event_type: reader.event_type(event_type),
        event_version,
        payload: Payload::Text(Box::default()),
        recorded_at,
        metadata,
    };
    reader.read_payload_text(&mut stored, payload);
    Ok(stored)
}

/// The query that reads the table, each column cast to what the reader takes, once its type is
/// known to be one that reads as it: `sequence` of any integer width, `event_version` as text
/// or an integer, JSON as `json`, `jsonb` or text. Any other type is refused here, once, naming
/// the column, rather than on every row as `error deserializing column 2`.
fn query_for(columns: &[postgres::Column], order: Order) -> Result<String, String> {
    use postgres::types::Type;
    let text = [Type::TEXT, Type::VARCHAR, Type::BPCHAR, Type::NAME];
    let integers = [Type::INT2, Type::INT4, Type::INT8];
    let json = [Type::JSON, Type::JSONB, Type::TEXT, Type::VARCHAR];
    let mut selected = Vec::new();
    // Every column of the wrong type, so that one look at the table's definition mends them all.
    let mut wrong: Vec<(&str, String, &str)> = Vec::new();
    for ((name, _), column) in COLUMNS.iter().zip(columns) {
        let ty = column.type_();
        let (accepted, cast, expected): (Vec<Type>, &str, &str) = match *name {
            "sequence" => (integers.to_vec(), "bigint", "bigint (or integer, smallint)"),
            "event_version" => (
                text.iter().chain(&integers).cloned().collect(),
                "text",
                "text (or an integer)",
            ),
            "payload" | "metadata" => (json.to_vec(), "text", "json (or jsonb, text)"),
            _ => (text.to_vec(), "text", "text (or varchar)"),
        };
        if !accepted.contains(ty) {
            wrong.push((name, sql_name(ty), expected));
        }
        selected.push(format!("events.{name}::{cast}"));
    }
    match wrong.as_slice() {
        [] => {}
        [(name, ty, expected)] => {
            return Err(format!(
                "the events table's column `{name}` is of type {ty}; expected {expected}, as \
                 postgres-es writes it"
            ))
        }
        several => {
            let each: Vec<String> = several
                .iter()
                .map(|(name, ty, expected)| {
                    format!("`{name}` is of type {ty}, expected {expected}")
                })
                .collect();
            return Err(format!(
                "the events table's columns are not of the types postgres-es writes: {}",
                each.join("; ")
            ));
        }
    }
    let key = "events.aggregate_type, events.aggregate_id, events.sequence";
    Ok(match order {
        Order::Recorded { .. } => format!(
            "SELECT {} FROM events ORDER BY {POSITION}, {key}",
            selected.join(", ")
        ),
        Order::ByKey | Order::Unindexed { .. } => {
            format!("SELECT {} FROM events ORDER BY {key}", selected.join(", "))
        }
    })
}

/// The order to read the table in: the order its rows were recorded in when `load` indexed it
/// (the index also vouches that every position reads as a number, which the ORDER BY needs: one
/// that did not would stop the whole query), by key otherwise.
fn order_of(transaction: &mut postgres::Transaction) -> Result<Order, postgres::Error> {
    // Looked up as the query's `events` is, through the search path: the index of that name on
    // that table, built whole (a failed concurrent build leaves one that vouches for nothing).
    let index = transaction.query_opt(
        &format!(
            "SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('{ORDER_INDEX}') \
             AND indrelid = to_regclass('events')"
        ),
        &[],
    )?;
    let valid = index.as_ref().map(|row| row.get::<_, bool>(0));
    if valid != Some(true) {
        // Without the index the rows are read by key, whatever they carry; one row (any: the
        // first the server finds) says whether they carry positions, so that the report can
        // say which index would read them in order. Reading never builds it.
        let one = transaction.query_opt("SELECT metadata::text FROM events LIMIT 1", &[])?;
        let positioned = one
            .and_then(|row| row.get::<_, Option<String>>(0))
            .is_some_and(|metadata| carries_position(&metadata));
        return Ok(match positioned {
            true => Order::Unindexed {
                invalid: valid.is_some(),
            },
            false => Order::ByKey,
        });
    }
    // Rows written since `load` by another system may give no position: they sort last. The
    // index holds them too, so they are counted without reading the table.
    let unplaced = transaction.query_one(
        &format!("SELECT count(*) FROM events WHERE {POSITION} IS NULL"),
        &[],
    )?;
    Ok(Order::Recorded {
        unplaced: unplaced.get::<_, i64>(0).max(0) as u64,
    })
}

/// Whether a row's metadata gives a position the index could be built on: a whole number, as
/// `load` writes it, or text that reads as one.
fn carries_position(metadata: &str) -> bool {
    let Ok(serde_json::Value::Object(fields)) = serde_json::from_str(metadata) else {
        return false;
    };
    match fields.get("position") {
        Some(serde_json::Value::Number(n)) => n.is_i64(),
        Some(serde_json::Value::String(s)) => s.trim().parse::<i64>().is_ok(),
        _ => false,
    }
}

/// A type as SQL writes it (`integer`, where PostgreSQL's catalog says `int4`).
fn sql_name(ty: &postgres::types::Type) -> String {
    match ty.name() {
        "int2" => "smallint".into(),
        "int4" => "integer".into(),
        "int8" => "bigint".into(),
        "bpchar" => "character".into(),
        "varchar" => "character varying".into(),
        "float4" => "real".into(),
        "float8" => "double precision".into(),
        other => other.into(),
    }
}

/// How long a statement waits for a lock another session holds when the connection sets no
/// wait of its own: PostgreSQL's default is for ever, and a table held locked (`LOCK TABLE`, an
/// `ALTER TABLE` or `VACUUM FULL` under way) held the reading without a word for as long.
const LOCK_WAIT_MS: u32 = 10_000;

/// Bounds the transaction's waits for a lock to `LOCK_WAIT_MS` (`SET LOCAL`: for this
/// transaction alone) unless the connection asked for its own wait (`options=-c
/// lock_timeout=…`, which PostgreSQL records as the client's, 0 included). Gives the wait in
/// force, for the error to say.
fn bounded_lock_wait(transaction: &mut postgres::Transaction) -> Result<Wait, postgres::Error> {
    let setting = "SELECT setting::bigint, source FROM pg_settings WHERE name = 'lock_timeout'";
    let row = transaction.query_one(setting, &[])?;
    let (ms, source): (i64, String) = (row.get(0), row.get(1));
    if ms != 0 || source == "client" {
        return Ok(Wait(ms));
    }
    transaction.batch_execute(&format!("SET LOCAL lock_timeout = {LOCK_WAIT_MS}"))?;
    Ok(Wait(transaction.query_one(setting, &[])?.get(0)))
}

/// A wait for a lock, in milliseconds.
#[derive(Clone, Copy, Debug)]
struct Wait(i64);

impl std::fmt::Display for Wait {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self.0 {
            ms if ms % 1000 == 0 => write!(f, "{} s", ms / 1000),
            ms => write!(f, "{ms} ms"),
        }
    }
}

/// A database error as `said` puts it, or, for a statement that gave up waiting for a lock,
/// what holds it up and what to do.
fn said_waiting(e: &postgres::Error, waited: Wait) -> String {
    if e.code() != Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE) {
        return said(e);
    }
    format!(
        "the events table is locked by another session; waited {waited} for it (lock_timeout): \
         run again once that session is done, or wait longer with lock_timeout in the \
         connection's options (`?options=-c%20lock_timeout%3D60s` in a URL, `options='-c \
         lock_timeout=60s'` in a key=value string; 0 waits for ever)"
    )
}

/// Every event of the table, in the order its rows were recorded when they keep one (see
/// `Order`), else stream by stream in sequence order, through a cursor inside one read-only
/// transaction; with the order read in. One thread fetches pages of rows, another parses and upcasts them, while
/// the caller works on the page before; at most one page waits at each step. A database that goes
/// away mid-read ends the reading with an error, after every row read before it, that says how
/// many rows were read.
pub fn events<E: Message>(
    mut client: Client,
    url: &str,
    reader: StoredReader,
) -> Result<(impl Iterator<Item = Read<E>>, Order), String> {
    let place = redact(url);
    let source: Arc<str> = place.as_str().into();
    let (pages, received) = std::sync::mpsc::sync_channel::<Result<Vec<Read<E>>, String>>(1);
    let (ordered, order_read) = std::sync::mpsc::sync_channel::<Order>(1);
    std::thread::spawn(move || {
        // One snapshot for the whole read: the rows counted as placed or not are the rows read.
        let mut transaction = match client
            .build_transaction()
            .read_only(true)
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .start()
        {
            Ok(t) => t,
            Err(e) => {
                let _ = pages.send(Err(format!(
                    "{place}: cannot start a read-only transaction: {}",
                    said(&e)
                )));
                return;
            }
        };
        let waited = match bounded_lock_wait(&mut transaction) {
            Ok(waited) => waited,
            Err(e) => {
                let _ = pages.send(Err(format!(
                    "{place}: cannot start a read-only transaction: {}",
                    said(&e)
                )));
                return;
            }
        };
        let cannot_read = |e: postgres::Error| {
            format!(
                "{place}: cannot read the events table: {}",
                said_waiting(&e, waited)
            )
        };
        // The columns' types, checked once before any row is read, and the order to read in.
        let query = transaction
            .prepare(
                "SELECT aggregate_type, aggregate_id, sequence, event_type, event_version, \
                 payload, metadata FROM events LIMIT 0",
            )
            .map_err(cannot_read)
            .and_then(|described| {
                let columns = described.columns();
                let order = order_of(&mut transaction).map_err(cannot_read)?;
                let query = query_for(columns, order).map_err(|e| format!("{place}: {e}"))?;
                Ok((query, order))
            });
        let query = match query {
            Ok((query, order)) => {
                let _ = ordered.send(order);
                query
            }
            Err(e) => {
                let _ = pages.send(Err(e));
                return;
            }
        };
        let cursor = match transaction.bind(query.as_str(), &[]) {
            Ok(cursor) => cursor,
            Err(e) => {
                let _ = pages.send(Err(cannot_read(e)));
                return;
            }
        };
        // The first page says the reading started.
        if pages.send(Ok(Vec::new())).is_err() {
            return;
        }
        // Rows are parsed on a thread of their own, so that the server finds the next page while
        // this one is parsed: with one thread, each waited for the other.
        let (fetched, to_parse) = std::sync::mpsc::sync_channel::<Vec<Row>>(1);
        let parsing = std::thread::spawn(move || {
            for rows in to_parse {
                let page: Vec<Read<E>> = rows
                    .iter()
                    .map(|row| read_row(&source, row, &reader))
                    .collect();
                if pages.send(Ok(page)).is_err() {
                    return None;
                }
            }
            Some(pages)
        });
        let mut read = 0u64;
        let fatal = loop {
            match transaction.query_portal(&cursor, PAGE) {
                Err(e) => {
                    break Some(format!(
                        "{place}: the database stopped answering after {read} rows: {}",
                        said_waiting(&e, waited)
                    ))
                }
                Ok(rows) if rows.is_empty() => break None,
                Ok(rows) => {
                    read += rows.len() as u64;
                    // The caller stopped reading: the transaction ends here.
                    if fetched.send(rows).is_err() {
                        break None;
                    }
                }
            }
        };
        drop(fetched);
        // The error comes after every row read before it.
        if let (Some(why), Ok(Some(pages))) = (fatal, parsing.join()) {
            let _ = pages.send(Ok(vec![Read::Fatal(why)]));
        }
    });
    match received.recv() {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => return Err(e),
        Err(_) => return Err("the reader stopped before it started".to_string()),
    }
    let order = order_read
        .recv()
        .map_err(|_| "the reader stopped before it started".to_string())?;
    let events = received
        .into_iter()
        .flat_map(|page| page.unwrap_or_default());
    Ok((events, order))
}

fn read_row<E: Message>(source: &Arc<str>, row: &Row, reader: &StoredReader) -> Read<E> {
    match stored_of(row, reader) {
        Ok(e) => Read::Event(Place::Row(source.clone()), e),
        Err(Unread { why, undated }) => {
            let kind = row.try_get::<_, &str>(0).unwrap_or_default();
            let id = row.try_get::<_, &str>(1).unwrap_or_default();
            // A NULL sequence is shown as such, not as a #0 the row does not hold.
            let sequence = row.try_get::<_, i64>(2).ok();
            Read::Unreadable {
                place: format!(
                    "{source} row {}#{}",
                    crate::report::name(&format!("{kind}/{id}")),
                    sequence.map_or("NULL".to_string(), |s| s.to_string())
                ),
                why,
                undated,
                position: sequence
                    .and_then(|s| u64::try_from(s).ok())
                    .filter(|_| !kind.is_empty() && !id.is_empty())
                    .map(|sequence| (StreamId::new(kind, id), sequence)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only metadata that gives no `recorded_at` makes a row undated (a stored event that could
    /// not be replayed, as the report counts it); metadata that gives a wrong one, or is no
    /// object, is a fault of the row's like any other.
    #[test]
    fn only_metadata_without_recorded_at_makes_a_row_undated() {
        let undated = |metadata: &str| recorded_at(metadata).err().map(|unread| unread.undated);
        assert_eq!(undated("{}"), Some(true));
        assert_eq!(undated(r#"{"correlation_id":"x"}"#), Some(true));
        assert_eq!(undated(r#"{"recorded_at":null}"#), Some(false));
        assert_eq!(undated(r#"{"recorded_at":"nope"}"#), Some(false));
        assert_eq!(undated("[]"), Some(false));
        assert_eq!(undated("{"), Some(false));
        assert_eq!(undated(r#"{"recorded_at":"2026-01-05T09:00:00Z"}"#), None);
    }

    /// A `recorded_at` finer than nanoseconds is told in the kernel's words, as a log's line
    /// and a feature file's cell are, after where it was: the metadata's `recorded_at`.
    #[test]
    fn a_recorded_at_finer_than_nanoseconds_is_told_in_the_kernels_words() {
        let at = "2026-01-05T09:00:00.12345678987654321Z";
        let kernel = parse_instant(at).unwrap_err().of(at);
        assert_eq!(
            recorded_at(&format!(r#"{{"recorded_at":"{at}"}}"#))
                .err()
                .map(|unread| unread.why),
            Some(format!("the metadata's `recorded_at` {kernel}"))
        );
        assert!(
            kernel.starts_with(&format!("{at:?} is finer than an instant holds")),
            "{kernel}"
        );
        // Any other instant it cannot read keeps its own words, with the form expected.
        let said = recorded_at(r#"{"recorded_at":"nope"}"#)
            .err()
            .map(|unread| unread.why)
            .unwrap_or_default();
        assert!(
            said.starts_with("the metadata's `recorded_at` \"nope\" is not an instant: "),
            "{said}"
        );
    }

    #[test]
    fn a_refused_row_is_the_one_the_copy_names_not_the_json_data_line() {
        // As PostgreSQL 15 says it of a payload a jsonb column refuses.
        let context = "JSON data, line 1: {\"zz\":\"a\\u0000...\n\
                       COPY events, line 3000, column payload: \"{\"zz\":\"a\\u0000b\"}\"";
        assert_eq!(copy_line(context), Some(3000));
        assert_eq!(
            copy_line("COPY events, line 17, column sequence: \"x\""),
            Some(17)
        );
        assert_eq!(copy_line("JSON data, line 1: {"), None);
    }

    #[test]
    fn a_password_is_never_shown_wherever_the_url_gives_it() {
        for (url, shown) in [
            ("postgres://ann:pw@db/x", "postgres://ann:***@db/x"),
            (
                "postgres://ann@db:5433/x?password=pw",
                "postgres://ann@db:5433/x?password=***",
            ),
            (
                "postgresql://ann:pw@db/x?sslmode=disable&PassWord=pw2",
                "postgresql://ann:***@db/x?sslmode=disable&PassWord=***",
            ),
            (
                "postgres://ann@db/x?%70assword=pw",
                "postgres://ann@db/x?%70assword=***",
            ),
            // The driver's credentials end at the first `@`, whatever comes before it.
            ("postgres://ann:p?w@db/x", "postgres://ann:***@db/x"),
            // An `@` left as is in the password: none of it shows as the host.
            ("postgres://ann:p@ss@db/x", "postgres://ann:***@db/x"),
            (
                "postgres://ann:p@s@s@db/x?a=b@c",
                "postgres://ann:***@db/x?a=b@c",
            ),
            ("postgres://db/x", "postgres://db/x"),
            // A parameter's value holding an `@`, which the driver takes for the credentials' end.
            (
                "postgres://db/x?user=ann&password=p@ss",
                "postgres://db/x?user=ann&password=***",
            ),
            // The driver's key/value form.
            (
                "host=db user=ann password=pw dbname=x",
                "host=db user=ann password=*** dbname=x",
            ),
            (
                "host=db PASSWORD='p w' dbname=x",
                "host=db PASSWORD=*** dbname=x",
            ),
        ] {
            assert_eq!(redact(url), shown, "{url}");
        }
    }

    /// libpq reads `password = pw` and `password='it\\'s'`: the whole value is hidden, however
    /// spaced or escaped (both were shown, whole or in part).
    #[test]
    fn a_password_spaced_around_its_equals_sign_or_with_an_escaped_quote_is_hidden() {
        for (pairs, shown) in [
            (
                "host=h password = hunter2 dbname=x",
                "host=h password = *** dbname=x",
            ),
            ("host=h password= hunter2", "host=h password= ***"),
            ("host=h password =hunter2", "host=h password =***"),
            (
                r"host=h password='it\'s hunter2' dbname=x",
                "host=h password=*** dbname=x",
            ),
        ] {
            assert_eq!(redact(pairs), shown, "{pairs}");
            // Nor in the line that says what was connected to.
            let env = Environment {
                user: Some("ann".into()),
                ..Environment::default()
            };
            let told = crate::connection::settings(pairs, &env)
                .map(|settings| settings.connected_to(&Server::default()))
                .unwrap_or_default();
            assert!(
                told.starts_with("connected to host h, ") && !told.contains("hunter2"),
                "{pairs}: {told}"
            );
        }
    }

    #[test]
    fn a_password_after_white_space_of_several_bytes_is_hidden() {
        for space in ['\u{a0}', '\u{3000}', '\u{2003}'] {
            let url = format!("postgres://u@h/db?sslmode=disable{space}password=hunter2");
            assert_eq!(
                redact(&url),
                format!("postgres://u@h/db?sslmode=disable{space}password=***")
            );
            let pairs = format!("host=h{space}password=hunter2{space}dbname=x");
            assert_eq!(
                redact(&pairs),
                format!("host=h{space}password=***{space}dbname=x")
            );
        }
    }

    proptest::proptest! {
        /// Whatever the text, hiding passwords neither panics nor shows a password given after
        /// any separator.
        #[test]
        fn no_text_makes_hiding_passwords_panic(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("password=hunter2".to_string()),
                    proptest::strategy::Just("postgres://".to_string()),
                    proptest::strategy::Just("\u{a0}".to_string()),
                    proptest::strategy::Just("\u{3000}".to_string()),
                    proptest::strategy::Just("é".to_string()),
                    proptest::strategy::Just("'".to_string()),
                    "[=&?@: a-z]{0,3}",
                    proptest::prelude::any::<String>(),
                ],
                0..12,
            ),
            separator in proptest::sample::select(vec!['\u{a0}', '\u{3000}', '&', '?', ' ', '\t']),
        ) {
            let text = pieces.concat();
            let _ = redact(&text);
            let _ = crate::connection::settings(&text, &Environment::default())
                .map(|settings| settings.connected_to(&Server::default()));
            let hidden = redact(&format!("{text}{separator}password=hunter2"));
            proptest::prop_assert!(!hidden.ends_with("hunter2"), "{hidden}");
        }
    }
}
