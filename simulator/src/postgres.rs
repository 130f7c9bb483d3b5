//! The PostgreSQL event store of real deployments: the `events` table of the `postgres-es`
//! crate (`aggregate_type, aggregate_id, sequence, event_type, event_version, payload,
//! metadata`). `load` fills it from a JSON-lines log with COPY; `events` reads it back in keyset
//! pages inside a read-only transaction, so reading never writes and memory stays constant.

use std::io::{BufRead, Write};

use domain::kernel::{StoredEvent, StoredText, StreamId};
use postgres::{Client, NoTls, Row};
use serde_json::{json, Value};

use crate::migration::Read;

/// Rows per page when reading.
pub const PAGE: i64 = 10_000;

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
    Client::connect(url, NoTls).map_err(|e| format!("cannot connect to {}: {e}", redact(url)))
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
    client.batch_execute(CREATE).map_err(|e| e.to_string())?;
    let mut writer = client
        .copy_in("COPY events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata) FROM STDIN (FORMAT csv)")
        .map_err(|e| e.to_string())?;
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
    writer.finish().map_err(|e| e.to_string())?;
    Ok(rows)
}

/// `'2'`, `'2.0'` and `'2.0.0'` are version 2.
fn major(version: &str) -> Option<u32> {
    version.trim().split('.').next()?.parse().ok()
}

fn stored_of(row: &Row) -> Result<StoredText, String> {
    let kind: String = row.try_get(0).map_err(|e| e.to_string())?;
    let id: String = row.try_get(1).map_err(|e| e.to_string())?;
    let sequence: i64 = row.try_get(2).map_err(|e| e.to_string())?;
    let event_type: String = row.try_get(3).map_err(|e| e.to_string())?;
    let version: String = row.try_get(4).map_err(|e| e.to_string())?;
    let payload: String = row.try_get(5).map_err(|e| e.to_string())?;
    let metadata: String = row.try_get(6).map_err(|e| e.to_string())?;
    let event_version = major(&version).ok_or_else(|| {
        format!("event_version `{version}` is not a version (expected `1`, `2`, `2.0` or `2.0.0`)")
    })?;
    let payload = serde_json::value::RawValue::from_string(payload)
        .map_err(|e| format!("the payload is not JSON: {e}"))?;
    let metadata: Value =
        serde_json::from_str(&metadata).map_err(|e| format!("the metadata is not JSON: {e}"))?;
    let recorded_at = metadata
        .get("recorded_at")
        .and_then(Value::as_str)
        .and_then(|t| t.parse().ok())
        .ok_or("the metadata has no `recorded_at` instant")?;
    Ok(StoredText {
        stream: StreamId::new(kind, id),
        sequence: u64::try_from(sequence)
            .map_err(|_| format!("sequence {sequence} is negative"))?,
        event_type,
        event_version,
        payload,
        recorded_at,
    })
}

/// Every event of the table, stream by stream in sequence order, a page at a time, inside one
/// read-only transaction. A database that goes away mid-read ends the reading with an error that
/// says how far it got.
pub fn events<'c>(
    client: &'c mut Client,
    url: &str,
) -> Result<impl Iterator<Item = Read> + 'c, String> {
    let place = redact(url);
    // One page at a time is held, reversed, and handed out from its end.
    let mut out: Vec<Read> = Vec::new();
    let mut transaction = client
        .build_transaction()
        .read_only(true)
        .start()
        .map_err(|e| format!("{place}: cannot start a read-only transaction: {e}"))?;
    let mut after: (String, String, i64) = (String::new(), String::new(), -1);
    let mut read = 0u64;
    let mut gone = false;
    let pages = std::iter::from_fn(move || {
        if gone {
            return None;
        }
        if out.is_empty() {
            let rows = transaction.query(
                "SELECT aggregate_type, aggregate_id, sequence, event_type, event_version, payload::text, metadata::text
                 FROM events
                 WHERE (aggregate_type, aggregate_id, sequence) > ($1, $2, $3)
                 ORDER BY aggregate_type, aggregate_id, sequence
                 LIMIT $4",
                &[&after.0, &after.1, &after.2, &PAGE],
            );
            match rows {
                Err(e) => {
                    out.push(Read::Fatal(format!(
                        "{place}: the database stopped answering after {read} rows: {e}"
                    )));
                }
                Ok(rows) if rows.is_empty() => return None,
                Ok(rows) => {
                    for row in rows.iter().rev() {
                        let key: (String, String, i64) = (
                            row.try_get(0).unwrap_or_default(),
                            row.try_get(1).unwrap_or_default(),
                            row.try_get(2).unwrap_or_default(),
                        );
                        let at = format!("{place} row {}/{}#{}", key.0, key.1, key.2);
                        out.push(match stored_of(row) {
                            Ok(e) => Read::Event(at, e),
                            Err(why) => Read::Unreadable(at, why),
                        });
                    }
                    if let Some(last) = rows.last() {
                        after = (
                            last.try_get(0).unwrap_or_default(),
                            last.try_get(1).unwrap_or_default(),
                            last.try_get(2).unwrap_or_default(),
                        );
                    }
                }
            }
        }
        let next = out.pop();
        if next.is_some() {
            read += 1;
        }
        // Nothing more can be read once the database is gone.
        gone = matches!(next, Some(Read::Fatal(_)));
        next
    });
    Ok(pages)
}
