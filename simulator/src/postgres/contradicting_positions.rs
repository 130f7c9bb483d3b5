//! The positions of rows that contradict their stream's sequence, asked of the table once
//! reading is over: the error names the rows, and these are the values an operator mends.

use domain::kernel::StreamId;
use postgres::Client;

use super::by_key::{ByKey, MOST_KEYS};

/// For each of `rows` (a stream, a position, and the later position of that stream read before
/// it), up to `MOST_KEYS`, what the two rows' `metadata.position` are told as: `; #2's
/// metadata.position is 100000, and #3's 378`. A row no longer there (written to since), or a
/// key held twice, which has no one position to name, is told as nothing.
pub fn contradicting_positions(
    client: &mut Client,
    rows: &[(StreamId, u64, u64)],
) -> Result<Vec<String>, String> {
    // Cast as the reading reads it: the metadata column may be json, jsonb or text.
    let mut by_key = ByKey::new(client, "metadata::text")?;
    let mut told = Vec::with_capacity(rows.len().min(MOST_KEYS));
    for (stream, sequence, after) in rows.iter().take(MOST_KEYS) {
        let mut position = |sequence: u64| -> Result<Option<String>, String> {
            Ok(match by_key.rows(stream, sequence)?.as_slice() {
                [row] => Some(position_in(row.get(0))),
                _ => None,
            })
        };
        told.push(match (position(*sequence)?, position(*after)?) {
            (Some(here), Some(there)) => {
                format!("; #{sequence}'s metadata.position is {here}, and #{after}'s {there}")
            }
            _ => String::new(),
        });
    }
    Ok(told)
}

/// A row's `metadata.position` as the table holds it (JSON), or why there is none to show.
fn position_in(metadata: Option<String>) -> String {
    const MOST: usize = 40;
    let value = metadata
        .as_deref()
        .and_then(|m| serde_json::from_str::<serde_json::Value>(m).ok())
        .and_then(|m| m.get("position").cloned());
    match value {
        Some(value) => {
            let text = value.to_string();
            match text.chars().count() > MOST {
                true => format!("{}…", text.chars().take(MOST).collect::<String>()),
                false => text,
            }
        }
        None => "none".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::position_in;

    #[test]
    fn a_position_is_shown_as_the_table_holds_it() {
        assert_eq!(position_in(Some(r#"{"position":378}"#.into())), "378");
        assert_eq!(position_in(Some(r#"{"position":"12"}"#.into())), r#""12""#);
        assert_eq!(position_in(Some("{}".into())), "none");
        assert_eq!(position_in(None), "none");
        assert_eq!(
            position_in(Some(format!(r#"{{"position":"{}"}}"#, "9".repeat(60)))),
            format!("\"{}…", "9".repeat(39))
        );
    }
}
