//! Rows of the events table asked for by key once reading is over (what a report tells of a
//! repeat or a contradiction), in a read-only transaction, as the reading was.

use domain::kernel::StreamId;
use postgres::{Client, Row, Statement, Transaction};

use super::said;

/// The most keys looked up: each is one query through the key.
pub(super) const MOST_KEYS: usize = 1_000;

/// A read-only transaction and the query of some columns at a key.
pub(super) struct ByKey<'c> {
    transaction: Transaction<'c>,
    query: Statement,
}

impl<'c> ByKey<'c> {
    /// `columns` (a list for the `SELECT`, each cast as the reading reads it) at a key. The key
    /// is compared across integer widths, which the primary key's index (when there is one)
    /// still serves.
    pub(super) fn new(client: &'c mut Client, columns: &str) -> Result<Self, String> {
        let mut transaction = client
            .build_transaction()
            .read_only(true)
            .start()
            .map_err(|e| said(&e))?;
        let query = transaction
            .prepare(&format!(
                "SELECT {columns} FROM events WHERE aggregate_type = $1::text AND aggregate_id \
                 = $2::text AND sequence = $3::bigint"
            ))
            .map_err(|e| said(&e))?;
        Ok(ByKey { transaction, query })
    }

    /// The rows at `stream`'s `sequence`: none when it is no longer there (written to since),
    /// several in a table without the primary key.
    pub(super) fn rows(&mut self, stream: &StreamId, sequence: u64) -> Result<Vec<Row>, String> {
        let sequence = i64::try_from(sequence).unwrap_or(i64::MAX);
        self.transaction
            .query(
                &self.query,
                &[&stream.kind.as_str(), &stream.id.as_str(), &sequence],
            )
            .map_err(|e| said(&e))
    }
}
