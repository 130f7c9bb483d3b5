//! Rows of a table that hold one key twice (a table without postgres-es's primary key, or a
//! view over two stores), told with whether they were written alike: a copy is a double write,
//! safe to drop; rows that differ are two writers that disagreed, and what one recorded is lost.

use domain::kernel::StreamId;
use postgres::Client;

use super::by_key::{ByKey, MOST_KEYS};

/// For each of `keys` (a stream and a position), up to `MOST_KEYS`, what the rows at it are
/// told: how many, and whether they are written alike, or in which columns they differ.
pub fn repeated_rows(client: &mut Client, keys: &[(StreamId, u64)]) -> Result<Vec<String>, String> {
    // Cast as the reading reads them, so that a table of other column types compares alike.
    let mut by_key = ByKey::new(
        client,
        "event_type::text, event_version::text, payload::text, metadata::text",
    )?;
    let mut told = Vec::with_capacity(keys.len().min(MOST_KEYS));
    for (stream, sequence) in keys.iter().take(MOST_KEYS) {
        let columns: Vec<[Option<String>; 4]> = (by_key.rows(stream, *sequence)?.iter())
            .map(|row| [row.get(0), row.get(1), row.get(2), row.get(3)])
            .collect();
        told.push(alike(&columns));
    }
    Ok(told)
}

/// What the rows at one key (each as its event type, version, payload and metadata) are told.
fn alike(rows: &[[Option<String>; 4]]) -> String {
    const NAMES: [&str; 4] = ["event_type", "event_version", "payload", "metadata"];
    let Some((first, others)) = rows.split_first().filter(|(_, others)| !others.is_empty()) else {
        // The row read twice is no longer there twice (written to since the reading).
        return String::new();
    };
    let differ: Vec<&str> = NAMES
        .iter()
        .enumerate()
        .filter(|(i, _)| others.iter().any(|row| row[*i] != first[*i]))
        .map(|(_, name)| *name)
        .collect();
    match differ.as_slice() {
        [] => format!(
            "; the table holds {} rows at that key, written alike: a copy",
            rows.len()
        ),
        columns => format!(
            "; the table holds {} rows at that key, which differ in {}: two writers that \
             disagreed, and what one of them recorded is lost",
            rows.len(),
            columns
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_at_one_key_are_told_alike_or_by_the_columns_they_differ_in() {
        let row = |ty: &str, payload: &str| {
            [
                Some(ty.to_string()),
                Some("1".to_string()),
                Some(payload.to_string()),
                Some("{}".to_string()),
            ]
        };
        assert_eq!(
            alike(&[row("A", "{}"), row("A", "{}")]),
            "; the table holds 2 rows at that key, written alike: a copy"
        );
        assert_eq!(
            alike(&[row("A", "{}"), row("A", "{}"), row("B", "{\"x\":1}")]),
            "; the table holds 3 rows at that key, which differ in `event_type`, `payload`: two \
             writers that disagreed, and what one of them recorded is lost"
        );
        assert_eq!(alike(&[row("A", "{}")]), "");
    }
}
