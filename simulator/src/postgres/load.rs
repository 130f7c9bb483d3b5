//! `gwt load`: a JSON-lines log copied into an empty `events` table with COPY, each row keeping
//! its position in the log.

use std::io::{BufRead, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use domain::kernel::{Payload, StoredText};
use serde_json::json;

use crate::migration::MOST_LINE;

use super::layout::{looked_for_elsewhere, outside_the_search_path, table_found};
use super::lock_wait::{bounded_lock_wait, said_waiting};
use super::schema::{order_index, CREATE, TABLE_FOUND};
use super::{connect_to_write, said};

/// What a refusal for want of a privilege adds: the driver names the object, not what the load
/// does with it.
const PRIVILEGES: &str = " (gwt load creates the events table where the search path finds \
                          none, which takes CREATE on the schema; into a table that exists, it \
                          keeps other writers out with a lock and builds an index on the order \
                          of recording, which take owning the table and CREATE on its schema)";

/// One CSV field, quoted.
fn csv(field: &str) -> String {
    format!("\"{}\"", field.replace('"', "\"\""))
}

/// How far a load has gone, for a watch on another thread: a server that stops answering
/// without closing the connection (a hung backend, a proxy that went silent) holds the load in a
/// write or a wait for an answer, where nothing can time it out, and only a watch that sees no
/// progress can end the command and say so.
#[derive(Default)]
pub struct Progress {
    /// Steps done: the connection, each statement, each row written.
    steps: AtomicU64,
    /// The commit has been sent: from here, whether the rows were copied is the server's to say.
    committing: AtomicBool,
    /// Reading the log, not waiting on the database: a pipe that brings lines slowly is no
    /// stuck server.
    reading_the_log: AtomicBool,
}

impl Progress {
    fn step(&self) {
        self.steps.fetch_add(1, Ordering::Relaxed);
    }

    /// Steps done so far.
    pub fn steps(&self) -> u64 {
        self.steps.load(Ordering::Relaxed)
    }

    /// Whether the commit has been sent.
    pub fn committing(&self) -> bool {
        self.committing.load(Ordering::Relaxed)
    }

    /// Whether the load is reading its log rather than waiting on the database.
    pub fn reading_the_log(&self) -> bool {
        self.reading_the_log.load(Ordering::Relaxed)
    }
}

/// What a load copied, and where.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub rows: u64,
    /// What was connected to, when the source does not say it all (see `connect_told`).
    pub told: Option<String>,
    /// The table the search path found, schema-qualified (`public.events`).
    pub table: String,
}

/// Creates the table if needed and copies every event of a JSON-lines log into it, which must
/// be empty; the log's order is kept in `metadata.position`.
/// COPY is one statement: whatever stops it, nothing of the log is written, and the error says
/// so, at the file's line when it can be known. Each step is counted in `progress`.
pub fn load(
    url: &str,
    mut log: impl BufRead,
    source: &str,
    progress: &Progress,
) -> Result<Loaded, String> {
    const NOTHING: &str = "the load was refused as a whole: nothing was copied";
    let (mut client, told) = connect_to_write(url)?;
    progress.step();
    // One transaction: a refused load leaves no table, index or row behind.
    let mut transaction = client.transaction().map_err(|e| said(&e))?;
    // A table another session holds locked would hold the load without a word.
    let waited = bounded_lock_wait(&mut transaction).map_err(|e| said(&e))?;
    let refused = |e: postgres::Error| {
        let privileges = match e.code() {
            Some(code) if *code == postgres::error::SqlState::INSUFFICIENT_PRIVILEGE => PRIVILEGES,
            _ => "",
        };
        format!("{}{privileges}; {NOTHING}", said_waiting(&e, waited))
    };
    // Loads into one database take turns from here: two that both found no table created it
    // at once, and the one that lost was told of a duplicate key in `pg_type_typname_nsp_index`.
    // The one that waits then finds the table and its rows, and says so.
    transaction
        .batch_execute("SELECT pg_advisory_xact_lock(hashtext('gwt load: events'))")
        .map_err(refused)?;
    // Created only where there is none: a role that may fill a table it was given need not
    // be allowed to create one.
    let exists: bool = transaction
        .query_one("SELECT to_regclass('events') IS NOT NULL", &[])
        .map_err(refused)?
        .get(0);
    if exists {
        // Another application's table is told as such, before it is locked or counted: its rows
        // were counted, and emptying them advised, for a table gwt could not fill after.
        if let Err(not) = table_found(&mut transaction, url, "load into").map_err(refused)? {
            return Err(format!(
                "{}; gwt load fills only a table of postgres-es's columns (which \
                 verify-migration reads), and leaves this one as it was: load into a database \
                 that has no events table (gwt load makes one) or postgres-es's{}; {NOTHING}",
                not.why,
                not.elsewhere_said()
            ));
        }
    } else {
        // postgres-es's table in a schema the search path does not take is the one meant, most
        // likely: a table made beside it would be filled where the application never reads.
        let found = looked_for_elsewhere(&mut transaction);
        if let Some(table) = found.iter().find(|t| t.is_postgres_es()) {
            let outside = outside_the_search_path(&found, url, "load into").unwrap_or_default();
            let search_path: String = transaction
                .query_one("SELECT current_setting('search_path')", &[])
                .map_err(refused)?
                .get(0);
            let here: Option<String> = transaction
                .query_one("SELECT quote_ident(current_schema())", &[])
                .map_err(refused)?
                .get(0);
            let instead = here
                .map(|here| {
                    format!(
                        "; to load into a new table in {here} instead, make it first (CREATE \
                         TABLE {here}.events (LIKE {} INCLUDING ALL))",
                        table.table()
                    )
                })
                .unwrap_or_default();
            return Err(format!(
                "no schema of the search path ({search_path}) has an events table, and gwt load \
                 makes none beside postgres-es's own: {outside}{instead}; {NOTHING}"
            ));
        }
        transaction.batch_execute(CREATE).map_err(refused)?;
    }
    progress.step();
    // Rows already there are another history: loaded beside them, the log's rows would be read
    // first, in their order, and theirs after, by key, as if one history. Other writers are kept
    // out until the load ends, so that the table found empty stays so; readers are not.
    transaction
        .batch_execute("LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE")
        .map_err(refused)?;
    progress.step();
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
    let mut column_type = |column: &str| -> Result<Option<String>, String> {
        Ok(transaction
            .query_opt(
                "SELECT data_type::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = 'events' \
                 AND column_name = $1",
                &[&column],
            )
            .map_err(refused)?
            .map(|row| row.get(0)))
    };
    let metadata_type = column_type("metadata")?;
    let keeps_order = matches!(metadata_type.as_deref(), Some("json" | "jsonb"));
    // A jsonb column keeps one of a key given twice (the last): the table would hold less than
    // the log, and verify clean where the file does not.
    let payload_type = column_type("payload")?;
    let payload_jsonb = payload_type.as_deref() == Some("jsonb");
    let metadata_jsonb = metadata_type.as_deref() == Some("jsonb");
    let mut writer = transaction
        .copy_in("COPY events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata) FROM STDIN (FORMAT csv)")
        .map_err(refused)?;
    let mut rows = 0u64;
    // The file's line of each row, kept where it stops following the row's number (after a
    // blank line), so that a row the server refuses is named by its line at constant memory.
    let mut lines_of_rows = LinesOfRows::default();
    let mut failed = None;
    let mut bytes = Vec::new();
    let mut number = 0u64;
    loop {
        bytes.clear();
        number += 1;
        progress.reading_the_log.store(true, Ordering::Relaxed);
        // Not held whole past the longest a stored event could be (a 1 GB line took 3 GB).
        let read = crate::migration::read_line_into(&mut log, &mut bytes, MOST_LINE);
        progress.reading_the_log.store(false, Ordering::Relaxed);
        match read {
            Ok(0) => break,
            Ok(read) if read > MOST_LINE => {
                return Err(format!(
                    "{source}:{number}: a line of {} bytes, longer than any stored event (at \
                     most {} MiB were looked for); expected one JSON object a line; {NOTHING}",
                    domain::kernel::readable_number(read as i128),
                    MOST_LINE >> 20
                ))
            }
            Ok(_) => {}
            Err(e) => {
                return Err(format!(
                    "{source}:{number}: cannot read the line: {e}; {NOTHING}"
                ))
            }
        }
        let line = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        // Placed as verification places it: the first byte that is no part of a character.
        let line = std::str::from_utf8(line).map_err(|e| {
            format!(
                "{source}:{number}: {}; {NOTHING}",
                crate::migration::not_text(&e, line)
            )
        })?;
        let line = match number {
            1 => domain::kernel::without_byte_order_mark(line),
            _ => line,
        };
        if line.trim().is_empty() {
            continue;
        }
        // Read as verification reads it, the payload kept as its text: a tree would keep the
        // last of a key given twice and round a long number, and the table would hold less
        // than the log.
        let e: StoredText<()> = serde_json::from_str(line).map_err(|err| {
            // An export of a postgres-es table, given back to fill one: each field of it was
            // otherwise told unknown, with nothing of what to do.
            let mistake = match domain::kernel::is_table_row(line) {
                true => format!(
                    "{}: gwt load fills a table from stored events' lines; {}",
                    domain::kernel::TABLE_ROW,
                    domain::kernel::ROWS_AS_LINES
                ),
                false => crate::migration::line_mistake(&err, line),
            };
            format!("{source}:{number}: {mistake}; {NOTHING}")
        })?;
        // A table has a column for each of the stored form's fields and none for another: read
        // past, the key would be lost, so the load is refused before it begins.
        if let Some(other) = e.others.as_deref().and_then(|o| o.keys().first()) {
            let key = serde_json::to_string(&*other.name).unwrap_or_default();
            return Err(format!(
                "{source}:{number}: the line gives `{}`, which is no field of a stored event, and \
                 the table has no column to keep it in, so it would hold less than the log; move \
                 it into the line's metadata first, as `jq -c '.metadata[{key}] = .[{key}] | \
                 del(.[{key}])'` does, or take it out (verify-migration reads the file as it is); \
                 {NOTHING}",
                other.name
            ));
        }
        if i64::try_from(e.sequence).is_err() {
            return Err(format!(
                "{source}:{number}: sequence {} is more than the table's bigint holds (at most \
                 {}); {NOTHING}",
                e.sequence,
                domain::kernel::readable_number(i64::MAX.into())
            ));
        }
        let payload = match &e.payload {
            Payload::Text(text) => Some(&**text),
            Payload::Typed(()) => None,
        };
        for (what, text, jsonb) in [
            ("payload", payload, payload_jsonb),
            ("metadata", e.metadata.as_deref(), metadata_jsonb),
        ] {
            if let (true, Some(text)) = (jsonb, text) {
                if let Err(domain::kernel::TreeError::Repeated { key, .. }) =
                    domain::kernel::strict_tree(text, &format!("the {what}"))
                {
                    return Err(format!(
                        "{source}:{number}: the {what} gives `{key}` twice, and the table's \
                         {what} column is jsonb, which keeps only the last: the table would not \
                         hold what the log does (a json column keeps it as written); {NOTHING}"
                    ));
                }
            }
        }
        if let Some(key) = e.metadata.as_deref().and_then(tools_key) {
            return Err(format!(
                "{source}:{number}: the metadata gives `{key}`, a key gwt load writes into each \
                 row's metadata itself ({}), so the table could not hold the line's own; rename \
                 it in the log first (verify-migration reads the file as it is); {NOTHING}",
                match key {
                    "position" => "for the log's order",
                    _ => "for the line's own `recorded_at`",
                }
            ));
        }
        rows += 1;
        lines_of_rows.note(rows, number);
        let mut metadata = json!({"recorded_at": e.recorded_at, "position": rows}).to_string();
        // PostgreSQL reads the metadata's position out of the JSON (the order index, the
        // reading's ORDER BY), and its text cannot hold the character `\u0000` writes: the
        // index build refused the whole load, naming no line.
        if e.metadata.as_deref().is_some_and(holds_nul) {
            return Err(format!(
                "{source}:{number}: the metadata holds `\\u0000`, which PostgreSQL cannot read \
                 as text, so the table could keep no order for it; {NOTHING}"
            ));
        }
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
        progress.step();
    }
    // An empty file, or a pipe whose writer failed (`zcat missing.gz | gwt load --from -`),
    // would leave an empty table standing for a log.
    if rows == 0 && failed.is_none() {
        return Err(format!(
            "{source} holds no events: nothing to load (a log is one JSON object a line); \
             {NOTHING}"
        ));
    }
    match writer.finish() {
        Ok(_) if failed.is_none() => {
            progress.step();
            // Built once the rows are in, which is cheaper than keeping it up to date row by
            // row.
            if keeps_order {
                transaction
                    .batch_execute(&order_index(true, "events"))
                    .map_err(refused)?;
                progress.step();
            }
            let table: String = transaction
                .query_one(TABLE_FOUND, &[])
                .map_err(refused)?
                .get(0);
            progress.committing.store(true, Ordering::Relaxed);
            transaction.commit().map_err(refused)?;
            Ok(Loaded { rows, told, table })
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

/// Whether a JSON text writes the character U+0000 (`\u0000`): an escaped backslash before
/// `u0000` (`\\u0000`) writes a backslash and `u0000`, no such character.
fn holds_nul(json: &str) -> bool {
    let bytes = json.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            if bytes[i + 1..].starts_with(b"u0000") {
                return true;
            }
            // Whatever it escapes is skipped with it.
            i += 2;
        } else {
            i += 1;
        }
    }
    false
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

/// Which of the keys `load` writes into a table's metadata itself (`recorded_at`, `position`) a
/// line's metadata gives too, if any: a log may carry them as the event's own, and the table
/// can hold only one of each.
fn tools_key(metadata: &str) -> Option<&'static str> {
    let keys: std::collections::HashMap<std::borrow::Cow<str>, serde::de::IgnoredAny> =
        serde_json::from_str(metadata).ok()?;
    ["recorded_at", "position"]
        .into_iter()
        .find(|key| keys.contains_key(*key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_character_u0000_is_told_from_an_escaped_backslash_before_u0000() {
        assert!(holds_nul(r#"{"note":"a\u0000b"}"#));
        assert!(holds_nul(r#"{"a\u0000":1}"#));
        assert!(!holds_nul(r#"{"note":"a\\u0000b"}"#));
        assert!(holds_nul(r#"{"note":"a\\\u0000b"}"#));
        assert!(holds_nul(r#"{"note":"\u00001"}"#));
        assert!(!holds_nul(r#"{"note":"\u0001"}"#));
        assert!(!holds_nul(r#"{"note":"x\"}"#));
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
}
