//! Reading the `events` table back in the log's order, a page at a time through a cursor inside a
//! read-only transaction, each row into a stored event or the error that says which row and why.

use std::sync::{Arc, Mutex};

use domain::kernel::{Message, Payload, StoredReader, StoredText, StreamId};
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, Row};

use super::layout::{
    column_names, looked_for_elsewhere, outside_the_search_path, table_found, COLUMNS,
};
use super::lock_wait::{bounded_lock_wait, said_waiting, Wait};
use super::metadata::{recorded_at, Position, RowMetadata};
use super::schema::{Order, PositionsSeen, TableRead, POSITION};
use super::{redact, said};
use crate::migration::{shown, Place, Read};

/// Rows per page when reading.
pub const PAGE: i32 = 10_000;

/// A row that does not read: what is said of it, and the kind of its fault, for the summary
/// of errors by kind.
pub(super) struct RowFault {
    pub why: String,
    pub kind: String,
}

impl RowFault {
    fn new(kind: impl Into<String>, why: String) -> Self {
        RowFault {
            why,
            kind: kind.into(),
        }
    }
}

/// Column `i` of a row, named in its error: a NULL says which column holds it.
pub(super) fn column<'a, T: postgres::types::FromSql<'a>>(
    row: &'a Row,
    i: usize,
) -> Result<T, RowFault> {
    let (name, holds) = COLUMNS[i];
    match row.try_get::<_, Option<T>>(i) {
        Ok(Some(value)) => Ok(value),
        Ok(None) => Err(RowFault::new(
            format!("row's `{name}` is NULL"),
            format!("`{name}` is NULL (expected {holds})"),
        )),
        Err(e) => Err(RowFault::new(
            format!("row's `{name}` does not read"),
            format!("`{name}`: {e}"),
        )),
    }
}

/// The kind of what `metadata::recorded_at` said of a row's metadata, without the values it
/// quotes.
fn metadata_fault(why: &str) -> String {
    use crate::migration::FieldFault;
    if why.starts_with("the metadata's `recorded_at`") {
        return "row's metadata `recorded_at` is no instant".to_string();
    }
    if why.starts_with("the metadata is not JSON") {
        return "row's metadata not JSON".to_string();
    }
    match crate::migration::field_fault(why) {
        Some(FieldFault::Twice(key)) => format!("row's metadata gives `{key}` twice"),
        _ if why.starts_with("the metadata is ") => "row's metadata not a JSON object".to_string(),
        _ => "row's metadata does not read".to_string(),
    }
}

/// A row as a stored form, its payload read into its current message here, on the reading
/// thread (one that cannot be read stays text, for the verification to report), and whether
/// its metadata said when it was recorded: a row that does not is a stored event all the same,
/// at an instant not known (its `recorded_at` is then the earliest, and means nothing).
pub(super) fn stored_of<E: Message>(
    row: &Row,
    reader: &StoredReader,
) -> Result<(StoredText<E>, bool, Position), RowFault> {
    let kind: &str = column(row, 0)?;
    let id: &str = column(row, 1)?;
    let sequence: i64 = column(row, 2)?;
    let event_type: &str = column(row, 3)?;
    let version: &str = column(row, 4)?;
    let payload: &str = column(row, 5)?;
    let metadata: &str = column(row, 6)?;
    let event_version = domain::kernel::version_of_text(version).map_err(|e| {
        RowFault::new(
            "row's `event_version` is no version",
            format!("`event_version` {}", e.of(version)),
        )
    })?;
    let sequence = u64::try_from(sequence).map_err(|_| {
        RowFault::new(
            "row's `sequence` is negative",
            format!("sequence {sequence} is negative"),
        )
    })?;
    let RowMetadata {
        recorded_at,
        others: metadata,
        position,
    } = recorded_at(metadata).map_err(|why| RowFault::new(metadata_fault(&why), why))?;
    let mut stored = StoredText {
        stream: StreamId::new(kind, id),
        sequence,
        event_type: reader.event_type(event_type),
        event_version,
        payload: Payload::Text(Box::default()),
        recorded_at: recorded_at.unwrap_or(domain::kernel::Instant::MIN_UTC),
        metadata,
        others: None,
    };
    reader.read_payload_text(&mut stored, payload);
    Ok((stored, recorded_at.is_some(), position))
}

/// The query that reads the table, each column cast to what the reader takes, once its type is
/// known to be one that reads as it (see `layout::layout`): `sequence` of any integer width,
/// `event_version` as text or an integer, JSON as `json`, `jsonb` or text.
fn query_for(order: &Order) -> String {
    let selected: Vec<String> = COLUMNS
        .iter()
        .map(|(name, _)| {
            let cast = match *name {
                "sequence" => "bigint",
                _ => "text",
            };
            format!("events.{name}::{cast}")
        })
        .collect();
    let key = "events.aggregate_type, events.aggregate_id, events.sequence";
    match order {
        Order::Recorded { .. } => format!(
            "SELECT {} FROM events ORDER BY {POSITION}, {key}",
            selected.join(", ")
        ),
        Order::ByKey | Order::Unindexed { .. } | Order::Interleaved { .. } => {
            format!("SELECT {} FROM events ORDER BY {key}", selected.join(", "))
        }
    }
}

/// The order to read the table in: the order its rows were recorded in when `load` indexed it
/// (the index also vouches that every position reads as a number, which the ORDER BY needs: one
/// that did not would stop the whole query), by key otherwise.
fn order_of(transaction: &mut postgres::Transaction) -> Result<Order, postgres::Error> {
    // Looked up as the query's `events` is, through the search path: an index on that table
    // that leads with the position, by what it indexes rather than by `load`'s name for it (one
    // renamed, or copied with `LIKE … INCLUDING ALL`, indexes the same), built whole (a failed
    // concurrent build leaves one that vouches for nothing).
    let indexes = transaction.query(
        "SELECT pg_get_indexdef(indexrelid, 1, true), indisvalid, indexrelid::regclass::text \
         FROM pg_index WHERE indrelid = to_regclass('events')",
        &[],
    )?;
    let on_position: Vec<(bool, String)> = indexes
        .iter()
        .filter(|row| leads_with_position(row.get(0)))
        .map(|row| (row.get(1), row.get(2)))
        .collect();
    let valid = on_position.iter().any(|(valid, _)| *valid);
    if !valid {
        // Without the index the rows are read by key, whatever they carry; whether they carry
        // positions, and which index would read them in order, the report says of the rows as
        // they were read (`PositionsSeen`): one row asked (the first the server found) made a
        // table of positions whose first row gave none one that keeps no order. Reading never
        // builds the index.
        return Ok(Order::Unindexed {
            view: transaction
                .query_opt(
                    "SELECT 1 FROM pg_class WHERE oid = to_regclass('events') AND relkind \
                         = 'v'",
                    &[],
                )?
                .is_some(),
            invalid: on_position.into_iter().next().map(|(_, name)| name),
            text_metadata: transaction
                .query_opt(
                    "SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('events') \
                         AND attname = 'metadata' AND atttypid NOT IN ('json'::regtype, \
                         'jsonb'::regtype)",
                    &[],
                )?
                .is_some(),
        });
    }
    // Rows written since `load` by another system may give no position: they sort last. The
    // index holds them too, so they are counted without reading the table.
    let unplaced = transaction.query_one(
        &format!("SELECT count(*) FROM events WHERE {POSITION} IS NULL"),
        &[],
    )?;
    let unplaced = unplaced.get::<_, i64>(0).max(0) as u64;
    // The index stands, but no row gives a position (metadata rewritten since): none is read
    // in order, and the table is read as one that keeps none.
    let placed = unplaced == 0
        || transaction
            .query_one(
                &format!("SELECT EXISTS (SELECT 1 FROM events WHERE {POSITION} IS NOT NULL)"),
                &[],
            )?
            .get::<_, bool>(0);
    if !placed {
        return Ok(Order::ByKey);
    }
    if unplaced == 0 {
        return Ok(Order::Recorded {
            unplaced,
            found: None,
        });
    }
    // A row as messages name it (`row Order/o1#1`), for the user to find the rows meant.
    let named = |row: Option<Row>| {
        row.map(|row| {
            let stream = StreamId::new(row.get::<_, &str>(0), row.get::<_, &str>(1));
            format!("row {}#{}", shown(&stream), row.get::<_, i64>(2))
        })
    };
    let key = "aggregate_type::text, aggregate_id::text, sequence::bigint";
    // One that stands before a row of its own stream that gives a position would be read after
    // it, and told out of order for the reading's doing: then no order is known, and the rows
    // are read by key. Asked of the unplaced rows alone, through the index and the key; the
    // first found stops the search, as an EXISTS would.
    let interleaved = transaction.query_opt(
        &format!(
            "SELECT {key} FROM events u WHERE (u.metadata->>'position')::bigint IS NULL AND \
             EXISTS (SELECT 1 FROM events p WHERE p.aggregate_type = u.aggregate_type AND \
             p.aggregate_id = u.aggregate_id AND p.sequence > u.sequence AND \
             (p.metadata->>'position')::bigint IS NOT NULL) LIMIT 1"
        ),
        &[],
    )?;
    if let Some(found) = named(interleaved) {
        return Ok(Order::Interleaved {
            unplaced,
            found: Some(found),
        });
    }
    let found = transaction.query_opt(
        &format!("SELECT {key} FROM events WHERE {POSITION} IS NULL LIMIT 1"),
        &[],
    )?;
    Ok(Order::Recorded {
        unplaced,
        found: named(found),
    })
}

/// Whether an index's first key, as PostgreSQL writes it back (`((metadata ->> 'position'::text)
/// ::bigint)`), is the position `POSITION` reads, spaces and parentheses aside.
fn leads_with_position(first_key: &str) -> bool {
    let bare = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_whitespace() && *c != '(' && *c != ')')
            .collect()
    };
    let key = bare(first_key);
    // PostgreSQL writes the literal's type out; `POSITION` leaves it to be inferred.
    key == bare(POSITION).replace("'position'", "'position'::text")
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
) -> Result<(impl Iterator<Item = Read<E>>, TableRead), String> {
    let place = redact(url);
    let stalled_place = place.clone();
    let stall = stall();
    let waited_for = match stall.as_secs() {
        s if s % 60 == 0 => crate::migration::plural(s / 60, "minute", "minutes"),
        s => crate::migration::plural(s, "second", "seconds"),
    };
    let source: Arc<str> = place.as_str().into();
    let url = url.to_string();
    let (pages, received) = std::sync::mpsc::sync_channel::<Result<Vec<Read<E>>, String>>(1);
    let (ordered, order_read) = std::sync::mpsc::sync_channel::<TableRead>(1);
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
        // Where `events` is looked for, for an error to say (asked before any error: a
        // transaction takes no query after one).
        let search_path: Option<String> = transaction
            .query_one("SELECT current_setting('search_path')", &[])
            .ok()
            .map(|row| row.get(0));
        // Tables named `events` outside the search path, looked for only when it finds none
        // (asked before the error, as above, and apart, so that a failure leaves the reading's
        // transaction as it was): the one meant may stand in a schema the source did not name.
        let outside = match transaction.query_one("SELECT to_regclass('events') IS NULL", &[]) {
            Ok(row) if row.get::<_, bool>(0) => {
                outside_the_search_path(&looked_for_elsewhere(&mut transaction), &url, "read")
            }
            _ => None,
        };
        let cannot_read = |e: postgres::Error| {
            use postgres::error::SqlState;
            // The driver's words name what is missing, not what was expected.
            let expected = match e.code() {
                Some(c) if *c == SqlState::UNDEFINED_TABLE => format!(
                    "; expected postgres-es's `events` table in a schema of the search path \
                     ({}), or a database that holds it{}",
                    search_path.as_deref().unwrap_or("unknown"),
                    outside
                        .as_deref()
                        .map(|said| format!("; {said}"))
                        .unwrap_or_default()
                ),
                Some(c) if *c == SqlState::UNDEFINED_COLUMN => format!(
                    "; expected the columns postgres-es writes: {}",
                    column_names()
                ),
                _ => String::new(),
            };
            format!(
                "{place}: cannot read the events table: {}{expected}",
                said_waiting(&e, waited)
            )
        };
        // The columns (all of them, so that every one missing is named) and their types,
        // checked once before any row is read, and the order to read in.
        let query = table_found(&mut transaction, &url, "read")
            .map_err(cannot_read)
            .and_then(|found| {
                // Which `events` the search path found, for the report to name (one in another
                // schema than the one meant read as empty, or as another's log); another
                // application's table, where postgres-es's stands in a schema the search path
                // does not take, is told where that one is.
                let table =
                    found.map_err(|not| format!("{place}: {}{}", not.why, not.elsewhere_said()))?;
                let order = order_of(&mut transaction).map_err(cannot_read)?;
                Ok((query_for(&order), order, table))
            });
        let seen: Arc<Mutex<PositionsSeen>> = Arc::default();
        let query = match query {
            Ok((query, order, table)) => {
                let _ = ordered.send(TableRead {
                    order,
                    table,
                    seen: seen.clone(),
                });
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
        let seen_after = seen.clone();
        let parsing = std::thread::spawn(move || {
            let mut counted = PositionsSeen::default();
            for rows in to_parse {
                let page: Vec<Read<E>> = rows
                    .iter()
                    .map(|row| read_row(&source, row, &reader, &mut counted))
                    .collect();
                if pages.send(Ok(page)).is_err() {
                    return None;
                }
            }
            // Told before the pages end, so that the report, made once they have, has it; whole
            // unless the server ended the reading.
            counted.whole = true;
            if let Ok(mut seen) = seen.lock() {
                *seen = counted;
            }
            Some(pages)
        });
        let mut read = 0u64;
        let mut last: Option<String> = None;
        let fatal = loop {
            // Row by row, not the page at once (`query_portal`): a page cut short by the server
            // going away keeps the rows that came before the cut, which are read as the others,
            // so that the count said is exact, not rounded down to a page.
            let mut rows = Vec::with_capacity(PAGE as usize);
            let failed = match transaction.query_portal_raw(&cursor, PAGE) {
                Err(e) => Some(e),
                Ok(mut page) => loop {
                    match page.next() {
                        Ok(Some(row)) => rows.push(row),
                        Ok(None) => break None,
                        Err(e) => break Some(e),
                    }
                },
            };
            let got = rows.len();
            read += got as u64;
            if let Some(row) = rows.last() {
                last = Some(last_row(row));
            }
            // The caller stopped reading: the transaction ends here.
            if !rows.is_empty() && fetched.send(rows).is_err() {
                break None;
            }
            match failed {
                Some(e) => break Some(read_failed(&place, read, last.as_deref(), &e, waited)),
                None if got == 0 => break None,
                None => {}
            }
        };
        drop(fetched);
        // The error comes after every row read before it, and the rows counted were not all.
        if let (Some(why), Ok(Some(pages))) = (fatal, parsing.join()) {
            if let Ok(mut seen) = seen_after.lock() {
                seen.whole = false;
            }
            let _ = pages.send(Ok(vec![Read::Fatal(why)]));
        }
    });
    // One wording for a silence before the first page and after some rows.
    let silent = move |after: &str| {
        format!(
            "{stalled_place}: the database sent nothing for {waited_for} after {after}, and the \
             connection is still open: it stopped answering (GWT_PG_STALL_SECONDS sets how long \
             to wait)"
        )
    };
    match received.recv_timeout(stall) {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => return Err(e),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            return Err(silent("the query was sent"))
        }
        Err(_) => return Err("the reader stopped before it started".to_string()),
    }
    let read = order_read
        .recv()
        .map_err(|_| "the reader stopped before it started".to_string())?;
    // A server or a network that stops sending without closing the connection (a proxy that
    // hangs, a host that died behind a load balancer) would hold the reading forever.
    let mut rows = 0u64;
    let mut last: Option<String> = None;
    let mut stalled = false;
    let pages = std::iter::from_fn(move || {
        if stalled {
            return None;
        }
        match received.recv_timeout(stall) {
            Ok(page) => {
                let page = page.unwrap_or_default();
                rows += page.len() as u64;
                last = page.last().and_then(row_of).or(last.take());
                Some(page)
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                stalled = true;
                Some(vec![Read::Fatal(silent(&rows_read(rows, last.as_deref())))])
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => None,
        }
    });
    Ok((pages.flatten(), read))
}

/// The row a read was of, by its key, for the words that end a reading to name the last one.
fn row_of<E>(read: &Read<E>) -> Option<String> {
    match read {
        Read::Event(_, stored) | Read::Undated(_, stored) => {
            Some(format!("row {}#{}", shown(&stored.stream), stored.sequence))
        }
        Read::Unreadable {
            spot: crate::migration::Spot::Row(key),
            ..
        } => Some(format!("row {key}")),
        Read::Unreadable { .. } | Read::Fatal(_) => None,
    }
}

/// How long the reading waits for a page of rows before it calls the database gone: a page
/// comes in milliseconds, the first after the server has planned and begun the query (a sort of
/// a table without an index on its order may take a minute or two). `GWT_PG_STALL_SECONDS`
/// sets another wait.
pub fn stall() -> std::time::Duration {
    let seconds = std::env::var("GWT_PG_STALL_SECONDS")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .filter(|&s| s > 0)
        .unwrap_or(300);
    std::time::Duration::from_secs(seconds)
}

fn read_row<E: Message>(
    source: &Arc<str>,
    row: &Row,
    reader: &StoredReader,
    seen: &mut PositionsSeen,
) -> Read<E> {
    match stored_of(row, reader) {
        Ok((e, dated, position)) => {
            let whole = match position {
                Position::Indexable(n) => Some(n),
                Position::Cast { read, written } => {
                    seen.cast += 1;
                    if seen.first_cast.is_none() {
                        let row = format!("row {}#{}", shown(&e.stream), e.sequence);
                        seen.first_cast = Some((row, written));
                    }
                    Some(read)
                }
                Position::Absent => {
                    seen.without += 1;
                    None
                }
                Position::Other(given) => {
                    seen.not_whole += 1;
                    if seen.first_not_whole.is_none() {
                        let row = format!("row {}#{}", shown(&e.stream), e.sequence);
                        seen.first_not_whole = Some((row, given));
                    }
                    None
                }
            };
            seen.count(&e.stream, e.sequence, whole);
            match dated {
                true => Read::Event(Place::Row(source.clone()), e),
                false => Read::Undated(Place::Row(source.clone()), e),
            }
        }
        Err(fault) => {
            let kind = row.try_get::<_, &str>(0).unwrap_or_default();
            let id = row.try_get::<_, &str>(1).unwrap_or_default();
            // A NULL sequence is shown as such, not as a #0 the row does not hold.
            let sequence = row.try_get::<_, i64>(2).ok();
            let key = format!(
                "{}#{}",
                crate::report::name(&format!("{kind}/{id}")),
                sequence.map_or("NULL".to_string(), |s| s.to_string())
            );
            Read::Unreadable {
                place: format!("{source} row {key}"),
                why: fault.why,
                kind: fault.kind,
                spot: crate::migration::Spot::Row(key),
                position: (!kind.is_empty() && !id.is_empty()).then(|| {
                    let sequence = sequence.and_then(|s| u64::try_from(s).ok());
                    (StreamId::new(kind, id), sequence)
                }),
            }
        }
    }
}

/// A row as the words that end a reading name the last one read: by its key, and by the
/// position its metadata gives when it gives a whole one (where the table's order puts it).
fn last_row(row: &Row) -> String {
    let kind = row.try_get::<_, &str>(0).unwrap_or_default();
    let id = row.try_get::<_, &str>(1).unwrap_or_default();
    let sequence = row
        .try_get::<_, i64>(2)
        .map_or("NULL".to_string(), |s| s.to_string());
    let key = format!(
        "{}#{sequence}",
        crate::report::name(&format!("{kind}/{id}"))
    );
    let position = row
        .try_get::<_, &str>(6)
        .ok()
        .and_then(|metadata| recorded_at(metadata).ok())
        .and_then(|metadata| match metadata.position {
            Position::Indexable(n) | Position::Cast { read: n, .. } => Some(n),
            Position::Absent | Position::Other(_) => None,
        });
    match position {
        Some(n) => format!("row {key}, metadata.position {n}"),
        None => format!("row {key}"),
    }
}

/// `rows` read, and the last of them when there is one: `12 rows (the last read: row
/// Order/o1#3, metadata.position 12)`.
pub(super) fn rows_read(rows: u64, last: Option<&str>) -> String {
    let counted = crate::migration::plural(rows, "row", "rows");
    match last {
        Some(last) if rows > 0 => format!("{counted} (the last read: {last})"),
        _ => counted,
    }
}

/// What is said of a reading the server ended after `read` rows, `last` the last of them: an
/// error the server gave (a timeout, a view that raised one) is no silence, and says so, with
/// what lifts a statement timeout; a connection lost says the database stopped answering.
fn read_failed(
    place: &str,
    read: u64,
    last: Option<&str>,
    e: &postgres::Error,
    waited: Wait,
) -> String {
    let rows = rows_read(read, last);
    // A session ended by the server (terminated, shut down) comes as a fatal error.
    let Some(db) = e
        .as_db_error()
        .filter(|db| !matches!(db.severity(), "FATAL" | "PANIC"))
    else {
        return format!(
            "{place}: the database stopped answering after {rows}: {}",
            said_waiting(e, waited)
        );
    };
    let hint = match db.code() == &postgres::error::SqlState::QUERY_CANCELED
        && db.message().contains("statement timeout")
    {
        true => {
            "; a statement_timeout (the role's, the database's or the connection's) ended the \
             reading: set it to 0 for gwt's session with `?options=-c%20statement_timeout%3D0` \
             in a URL, `options='-c statement_timeout=0'` in a key=value string (which replace \
             PGOPTIONS: give there what it gives too), or `-c statement_timeout=0` in \
             PGOPTIONS"
        }
        false => "",
    };
    format!(
        "{place}: the database gave an error after {rows}: {}{hint}",
        said_waiting(e, waited)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The order index is known by what it indexes, as PostgreSQL 15 writes a first key back.
    #[test]
    fn an_index_leading_with_the_position_is_known_by_its_key_whatever_its_name() {
        assert!(leads_with_position(
            "((metadata ->> 'position'::text)::bigint)"
        ));
        assert!(leads_with_position(
            "(((metadata ->> 'position'::text))::bigint)"
        ));
        for other in [
            "aggregate_type",
            "aggregate_id",
            "((metadata ->> 'recorded_at'::text)::bigint)",
            "((metadata ->> 'position'::text))",
        ] {
            assert!(!leads_with_position(other), "{other}");
        }
    }
}
