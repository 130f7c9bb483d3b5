//! The PostgreSQL event store of real deployments: the `events` table of the `postgres-es`
//! crate (`aggregate_type, aggregate_id, sequence, event_type, event_version, payload,
//! metadata`). `load` fills it from a JSON-lines log with COPY; `events` reads it back through a
//! cursor inside a read-only transaction, a page at a time, so reading never writes and memory
//! stays constant. Pages are fetched on one thread and parsed on another while the page before
//! is verified.

use std::io::{BufRead, Write};
use std::sync::Arc;

use domain::kernel::{
    parse_instant, Message, Payload, StoredEvent, StoredReader, StoredText, StreamId,
};
use postgres::{Client, NoTls, Row};
use serde_json::json;

use crate::migration::{Place, Read};

/// Rows per page when reading.
pub const PAGE: i32 = 10_000;

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

pub fn connect(url: &str) -> Result<Client, String> {
    Client::connect(url, NoTls)
        .map_err(|e| format!("cannot connect to {}: {}", redact(url), said(&e)))
}

/// A database error with what the server said: `postgres` alone prints only `db error`.
fn said(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{e}: {}", db.message()),
        None => e.to_string(),
    }
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// One CSV field, quoted.
fn csv(field: &str) -> String {
    format!("\"{}\"", field.replace('"', "\"\""))
}

/// Creates the table if needed and copies every event of a JSON-lines log into it; the log's
/// order is kept in `metadata.position`. Returns how many rows were copied.
pub fn load(url: &str, log: impl BufRead, source: &str) -> Result<u64, String> {
    let mut client = connect(url)?;
    client.batch_execute(CREATE).map_err(|e| said(&e))?;
    let mut writer = client
        .copy_in("COPY events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata) FROM STDIN (FORMAT csv)")
        .map_err(|e| said(&e))?;
    let mut rows = 0u64;
    for (i, line) in log.lines().enumerate() {
        let line = line.map_err(|e| format!("{source}:{}: {e}", i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let e: StoredEvent = serde_json::from_str(&line)
            .map_err(|err| format!("{source}:{}: not a stored event: {err}", i + 1))?;
        let metadata = json!({"recorded_at": e.recorded_at, "position": rows + 1});
        let record = [
            csv(&e.stream.kind),
            csv(&e.stream.id),
            e.sequence.to_string(),
            csv(&e.event_type),
            csv(&e.event_version.to_string()),
            csv(&e.payload.to_string()),
            csv(&metadata.to_string()),
        ]
        .join(",");
        writeln!(writer, "{record}").map_err(|e| e.to_string())?;
        rows += 1;
    }
    writer.finish().map_err(|e| said(&e))?;
    Ok(rows)
}

/// What the reader takes from a row's metadata; anything else in it is left alone.
#[derive(serde::Deserialize)]
struct Metadata<'a> {
    #[serde(borrow)]
    recorded_at: Option<std::borrow::Cow<'a, str>>,
}

/// A row as a stored form, its payload read into its current message here, on the reading
/// thread (one that cannot be read stays text, for the verification to report).
fn stored_of<E: Message>(row: &Row, reader: &StoredReader) -> Result<StoredText<E>, String> {
    let kind: &str = row.try_get(0).map_err(|e| e.to_string())?;
    let id: &str = row.try_get(1).map_err(|e| e.to_string())?;
    let sequence: i64 = row.try_get(2).map_err(|e| e.to_string())?;
    let event_type: &str = row.try_get(3).map_err(|e| e.to_string())?;
    let version: &str = row.try_get(4).map_err(|e| e.to_string())?;
    let payload: &str = row.try_get(5).map_err(|e| e.to_string())?;
    let metadata: &str = row.try_get(6).map_err(|e| e.to_string())?;
    let event_version = domain::kernel::version_of_text(version).ok_or_else(|| {
        format!("event_version `{version}` is not a version (expected `1`, `2`, `2.0` or `2.0.0`)")
    })?;
    let metadata: Metadata = serde_json::from_str(metadata)
        .map_err(|e| format!("the metadata is not a JSON object: {e}"))?;
    let recorded_at = metadata
        .recorded_at
        .and_then(|t| parse_instant(&t).ok())
        .ok_or("the metadata has no `recorded_at` instant")?;
    let mut stored = StoredText {
        stream: StreamId::new(kind, id),
        sequence: u64::try_from(sequence)
            .map_err(|_| format!("sequence {sequence} is negative"))?,
        event_type: reader.event_type(event_type),
        event_version,
        payload: Payload::Text(Box::default()),
        recorded_at,
    };
    reader.read_payload_text(&mut stored, payload);
    Ok(stored)
}

/// Every event of the table, stream by stream in sequence order, through a cursor inside one
/// read-only transaction. One thread fetches pages of rows, another parses and upcasts them, while
/// the caller works on the page before; at most one page waits at each step. A database that goes
/// away mid-read ends the reading with an error, after every row read before it, that says how
/// many rows were read.
pub fn events<E: Message>(
    mut client: Client,
    url: &str,
    reader: StoredReader,
) -> Result<impl Iterator<Item = Read<E>>, String> {
    let place = redact(url);
    let source: Arc<str> = place.as_str().into();
    let (pages, received) = std::sync::mpsc::sync_channel::<Result<Vec<Read<E>>, String>>(1);
    std::thread::spawn(move || {
        let mut transaction = match client.build_transaction().read_only(true).start() {
            Ok(t) => t,
            Err(e) => {
                let _ = pages.send(Err(format!(
                    "{place}: cannot start a read-only transaction: {}",
                    said(&e)
                )));
                return;
            }
        };
        let cursor = match transaction.bind(
            "SELECT aggregate_type, aggregate_id, sequence, event_type, event_version, payload::text, metadata::text
             FROM events
             ORDER BY aggregate_type, aggregate_id, sequence",
            &[],
        ) {
            Ok(cursor) => cursor,
            Err(e) => {
                let _ = pages.send(Err(format!(
                    "{place}: cannot read the events table: {}",
                    said(&e)
                )));
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
                        said(&e)
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
    Ok(received
        .into_iter()
        .flat_map(|page| page.unwrap_or_default()))
}

fn read_row<E: Message>(source: &Arc<str>, row: &Row, reader: &StoredReader) -> Read<E> {
    match stored_of(row, reader) {
        Ok(e) => Read::Event(Place::Row(source.clone()), e),
        Err(why) => {
            let kind = row.try_get::<_, &str>(0).unwrap_or_default();
            let id = row.try_get::<_, &str>(1).unwrap_or_default();
            let sequence = row.try_get::<_, i64>(2).unwrap_or_default();
            Read::Unreadable {
                place: format!("{source} row {kind}/{id}#{sequence}"),
                why,
                position: u64::try_from(sequence)
                    .ok()
                    .filter(|_| !kind.is_empty() && !id.is_empty())
                    .map(|sequence| (StreamId::new(kind, id), sequence)),
            }
        }
    }
}
