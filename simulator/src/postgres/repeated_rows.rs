//! Rows of a table that hold one key twice (a table without postgres-es's primary key, or a
//! view over two stores), each repeat told against the first row at its key as a file's repeated
//! line is told against the first line at its position, in the file's words: the same event
//! stored alike is a double write, safe to drop; the same event recorded at another time or
//! stored otherwise says how; another event names the fields that differ, where two writers
//! disagreed and what one of them recorded is lost.

use domain::kernel::{Message, StoredReader, StoredText, StreamId};
use postgres::Client;

use super::by_key::{ByKey, MOST_KEYS};
use super::metadata::Position;
use crate::migration::{likeness, Kind, Kinds, Words};

/// A table's words for its repeats (see `migration::Words`).
const ROWS: Words = Words {
    lead: "rows at a key taken already",
    first: "the first row at their key",
    one: "a row",
    alone: "with no other row at their key now (written to since)",
};

/// The columns read, cast as the reading reads them (a table of other column types compares
/// alike), in the reading's order: `reading::stored_of` takes them so.
const COLUMNS: &str = "aggregate_type::text, aggregate_id::text, sequence::bigint, \
                       event_type::text, event_version::text, payload::text, metadata::text";

/// For each of `keys` (a stream and a position, as the report's repeats give them in the order
/// read), up to `MOST_KEYS`, how the repeat compares with the first row at its key: the second
/// time a key is given is the second row at it, and so on. And, for more than one repeat, the
/// report's one line summing them up.
pub fn repeated_rows<E: Message>(
    client: &mut Client,
    keys: &[(StreamId, u64)],
    reader: &StoredReader,
) -> Result<(Vec<String>, Option<String>), String> {
    let mut by_key = ByKey::new(client, COLUMNS)?;
    let mut told = Vec::with_capacity(keys.len().min(MOST_KEYS));
    let mut kinds = Kinds::default();
    let mut seen: Vec<(&StreamId, u64)> = Vec::new();
    for (stream, sequence) in keys.iter().take(MOST_KEYS) {
        let repeat = 1 + seen
            .iter()
            .filter(|(s, q)| *s == stream && q == sequence)
            .count();
        seen.push((stream, *sequence));
        let mut rows: Vec<Result<(StoredText<E>, Position), String>> = by_key
            .rows(stream, *sequence)?
            .iter()
            .map(|row| {
                super::reading::stored_of::<E>(row, reader)
                    .map(|(stored, _, position)| (stored, position))
                    .map_err(|fault| fault.why)
            })
            .collect();
        // As the reading read them, by position, those without one after (its ORDER BY); a
        // table read by key read them in no order it keeps, and this one is as good as any.
        rows.sort_by_key(|row| match row {
            Ok((_, Position::Indexable(n) | Position::Cast { read: n, .. })) => (0, *n),
            _ => (1, 0),
        });
        let (kind, words) = compared(&rows, repeat, reader);
        if let Some(kind) = kind {
            kinds.count(kind);
        }
        told.push(words);
    }
    let summary = (keys.len() > 1).then(|| kinds.told(keys.len(), &ROWS));
    Ok((told, summary))
}

/// How the row at `repeat` (from 1) of a key's `rows`, in the order read, compares with the
/// first: none when there is no such row any longer (written to since the reading).
fn compared<E: Message>(
    rows: &[Result<(StoredText<E>, Position), String>],
    repeat: usize,
    reader: &StoredReader,
) -> (Option<Kind>, String) {
    let (Some(first), Some(here)) = (rows.first(), rows.get(repeat)) else {
        return (None, String::new());
    };
    // Where the rows give positions, which tell them apart, they are named by them.
    let at = |row: &Result<(StoredText<E>, Position), String>| match row {
        Ok((_, Position::Indexable(n))) => Some(n.to_string()),
        Ok((_, Position::Cast { written, .. })) => Some(written.to_string()),
        _ => None,
    };
    let positions: Option<Vec<String>> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            at(row).map(|p| match i == repeat {
                true => format!("{p} (this row)"),
                false => p,
            })
        })
        .collect();
    let positions = match positions.as_deref() {
        Some([rest @ .., last]) if !rest.is_empty() => {
            format!(", at metadata.position {} and {last}", rest.join(", "))
        }
        _ => String::new(),
    };
    let held = format!(
        "; the table holds {} rows at that key{positions}",
        rows.len()
    );
    match (first, here) {
        (Ok((there, _)), Ok((here, _))) => {
            let (kind, words) = likeness(there, here, reader, "this row");
            (Some(kind), format!("{held}: the first {words}"))
        }
        // A row that does not read had its error told by the reading.
        _ => (
            Some(Kind::Unread),
            format!(
                "{held}, not compared: {} does not read (its error is told above)",
                match first.is_err() {
                    true => "the first",
                    false => "this one",
                }
            ),
        ),
    }
}
