//! How long reading or loading waits for a lock another session holds, and what to say when it
//! gives up.

use super::said;

/// How long a statement waits for a lock another session holds when the connection sets no
/// wait of its own: PostgreSQL's default is for ever, and a table held locked (`LOCK TABLE`, an
/// `ALTER TABLE` or `VACUUM FULL` under way) held the reading without a word for as long.
const LOCK_WAIT_MS: u32 = 10_000;

/// Bounds the transaction's waits for a lock to `LOCK_WAIT_MS` (`SET LOCAL`: for this
/// transaction alone) unless the connection asked for its own wait (`options=-c
/// lock_timeout=…`, which PostgreSQL records as the client's, 0 included). Gives the wait in
/// force, for the error to say.
pub(super) fn bounded_lock_wait(
    transaction: &mut postgres::Transaction,
) -> Result<Wait, postgres::Error> {
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
pub(super) struct Wait(i64);

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
pub(super) fn said_waiting(e: &postgres::Error, waited: Wait) -> String {
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
