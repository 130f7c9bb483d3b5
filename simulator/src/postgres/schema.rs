//! The `events` table as `postgres-es` defines it, and the index on each row's position in the
//! log that `load` keeps, by which the log is read back in its own order.

/// The order of recording a row keeps in its metadata (`position`, as `load` writes it), in SQL:
/// NULL where a row keeps none. The same text makes `load`'s index and the reader's ORDER BY, so
/// that the reader walks the index rather than sorting the table. Kept to one cast: PostgreSQL
/// works the ORDER BY's expression out for every row it returns, even when an index gives the
/// order, and a guard against a position that is not a number (a pattern match, a second read
/// of the metadata) made reading in this order nearly twice as slow as reading by key (1.85 s
/// against 1.0 s for a million rows, `EXPLAIN ANALYZE`); one cast, 0.72 s. The index is the
/// guard: while it stands, a row whose position is not a whole number cannot be written.
pub(super) const POSITION: &str = "((metadata->>'position')::bigint)";

/// The `events` table the search path finds, schema-qualified (`public.events`), in SQL: one in
/// another schema than the one meant would be read as empty, or as another's log.
pub(super) const TABLE_FOUND: &str = "SELECT quote_ident(n.nspname) || '.events' FROM pg_class c \
     JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = 'events'::regclass";

/// The index `load` builds on the order of recording; a table that has it is read in that order.
pub(super) const ORDER_INDEX: &str = "events_recorded_order";

/// How the rows of a table were read, for the report to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Order {
    /// In the order the rows record (`metadata.position`), as the log they came from was
    /// written; then `unplaced` rows that record none (written since by another system), by key.
    /// `found`: the first of those the server found, `row Type/id#n`, for a message to name.
    Recorded {
        unplaced: u64,
        found: Option<String>,
    },
    /// By key, stream by stream: the table records no order across streams.
    ByKey,
    /// By key, though most rows record the order: `unplaced` rows record none, and some of them
    /// stand before a row of their own stream that does, so that reading by position would
    /// read a stream's events out of their order. `found`: the first of those that stand
    /// before a row of their stream the server found, `row Type/id#n`.
    Interleaved {
        unplaced: u64,
        found: Option<String>,
    },
    /// By key, though the rows carry positions: an index on them (as `load` builds one), which
    /// the reader walks and which vouches that every position reads as a number, is missing
    /// (dropped, or the rows copied without it), or `invalid`, this one (a build that failed).
    /// `text_metadata`: the metadata column is text, whose keys PostgreSQL reads only once cast
    /// to json, so no index on them can be built as it stands.
    Unindexed {
        invalid: Option<String>,
        text_metadata: bool,
        /// `events` is a view: an index is built on the table it reads,
        /// which gwt does not know, and the view's reading cannot be vouched for by one.
        view: bool,
    },
}

/// The index `load` builds on the order of recording, as SQL makes it.
pub(super) fn order_index(if_not_exists: bool, table: &str) -> String {
    let guard = if if_not_exists { "IF NOT EXISTS " } else { "" };
    format!(
        "CREATE INDEX {guard}{ORDER_INDEX} ON {table} ({POSITION}, aggregate_type, aggregate_id, \
         sequence)"
    )
}

/// The table a reading read, and in what order.
#[derive(Clone, Debug)]
pub struct TableRead {
    pub order: Order,
    /// The `events` table the search path found, schema-qualified (`public.events`).
    pub table: String,
    /// The positions its rows gave, counted as they were read.
    pub seen: std::sync::Arc<std::sync::Mutex<PositionsSeen>>,
}

/// What the rows of a table gave as their `metadata.position`, counted as they were read: a
/// table read by key for want of the index on them is advised that index, which rows without
/// one would be left out of, and which one that is not a whole number stops from being built
/// (the statement advised failed on it).
#[derive(Debug, Default)]
pub struct PositionsSeen {
    /// Every row was read: the counts are the whole table's.
    pub whole: bool,
    pub rows: u64,
    pub without: u64,
    pub not_whole: u64,
    /// The first row whose position is not a whole number, and that position as written.
    pub first_not_whole: Option<(String, Box<str>)>,
    /// Rows whose position the index reads as a whole number, but `gwt load` never writes so
    /// (`"3"`, `0`): counted with the positions, and the application's key all the same.
    pub cast: u64,
    pub first_cast: Option<(String, Box<str>)>,
    /// Rows read by key whose position is no later than the row before them in their stream's:
    /// read in the order of positions, they would be out of their stream's order.
    pub contradicting: u64,
    pub first_contradicting: Option<String>,
    /// Rows read in the order of positions that give the position of the row before them:
    /// which of the two came first is taken from their key.
    pub shared: u64,
    pub first_shared: Option<String>,
    /// The row read last: its stream, sequence and position.
    pub last: Option<(domain::kernel::StreamId, u64, i64)>,
}

impl PositionsSeen {
    /// One more row read, of `stream` at `sequence`, giving `position` (a whole number) or none.
    pub fn count(
        &mut self,
        stream: &domain::kernel::StreamId,
        sequence: u64,
        position: Option<i64>,
    ) {
        self.rows += 1;
        let Some(position) = position else {
            return;
        };
        if let Some((last_stream, last_sequence, last_position)) = &self.last {
            let here = || format!("row {}#{sequence}", crate::migration::shown(stream));
            if position == *last_position {
                self.shared += 1;
                if self.first_shared.is_none() {
                    self.first_shared = Some(format!(
                        "{} and row {}#{last_sequence}, at {position}",
                        here(),
                        crate::migration::shown(last_stream)
                    ));
                }
            } else if last_stream == stream && position < *last_position {
                self.contradicting += 1;
                if self.first_contradicting.is_none() {
                    self.first_contradicting = Some(format!(
                        "{}, at {position}, after #{last_sequence} at {last_position}",
                        here()
                    ));
                }
            }
        }
        self.last = Some((stream.clone(), sequence, position));
    }
}

impl TableRead {
    /// What the report says of it: the order, and the table when it is not `public.events`
    /// (the search path found another schema's); for a table with no rows, only which it was.
    /// A reading that `failed` before its first row says nothing of how many the table holds.
    pub fn described(&self, rows: u64, failed: bool) -> String {
        match (rows, self.table.as_str()) {
            (0, table) if failed => format!("{table}: no row was read before the error above"),
            (0, table) => format!("{table} holds no rows"),
            (_, "public.events") => self.order.described("rows", "events", &self.seen),
            // The statements it advises name the table as read: in a session whose search path
            // finds another (`public.events`), `events` alone would be that one.
            (_, table) => self
                .order
                .described(&format!("rows of {table}"), table, &self.seen),
        }
    }
}

impl TableRead {
    /// Why a migrated copy cannot keep the rows' positions, if it cannot: some give one that is
    /// not `gwt load`'s (a JSON number from 1), which the copy would keep as the application's
    /// own key, and `gwt load` refuses a line's `position`, as it writes that key itself.
    pub fn positions_not_gwts(&self) -> Option<String> {
        let seen = self.seen.lock().ok()?;
        let (row, written) = seen.first_cast.as_ref().or(seen.first_not_whole.as_ref())?;
        Some(format!(
            "{} a metadata.position that gwt load does not write (the first: {row}, {written}), \
             which the copy would keep as the application's own key, and gwt load refuses a \
             line's `position` (it writes that key itself): write each as gwt load does, a JSON \
             number from 1, or, where the key is the application's, rename it",
            crate::migration::plural(seen.cast + seen.not_whole, "row gives", "rows give"),
        ))
    }

    /// Why the rows were not read in an order across streams, for what needs one (the migrated
    /// copy, whose lines would give one) to say: as the report's line on the order says it,
    /// in brief. A table whose rows carry positions but lack the index was said to give none,
    /// where building the index advised is all it takes.
    pub fn why_no_order(&self) -> String {
        let seen = self.seen.lock().ok();
        let rows = |n: u64| crate::migration::plural(n, "row gives", "rows give");
        match self.order.as_seen(seen.as_deref()) {
            Order::Recorded { unplaced, found } => unplaced_rows(*unplaced, found.as_deref()),
            Order::Interleaved { unplaced, found } => format!(
                "{}, so the rows were read stream by stream",
                interleaved(*unplaced, found.as_deref())
            ),
            Order::ByKey => "the table records no order across streams (its rows give no \
                             metadata.position)"
                .to_string(),
            Order::Unindexed { view: true, .. } => "the rows carry the order they were \
                 recorded in, but the table read is a view, so they were read stream by stream \
                 (reading the table it reads, with its index, as said above, would let the copy \
                 be written)"
                .to_string(),
            Order::Unindexed { invalid, .. } => {
                let lacks = match invalid {
                    None => "the table lacks the index on metadata.position".to_string(),
                    Some(name) => {
                        format!("the table's index on metadata.position, {name}, is not valid")
                    }
                };
                let without = seen
                    .as_deref()
                    .filter(|s| s.whole && s.without > 0)
                    .map(|s| format!(" ({} none)", rows(s.without)))
                    .unwrap_or_default();
                format!(
                    "the rows carry the order they were recorded in{without}, but {lacks} that \
                     gwt reads that order through, so they were read stream by stream (with it \
                     built, as said above, the copy can be written)"
                )
            }
        }
    }
}

impl TableRead {
    /// Why a migrated copy cannot be written, where it is known before the table is read past
    /// its first rows (given that it has one): `undated`, the first of them that gives no
    /// `recorded_at` (`row Order/o1#1`), and the order the table was found to keep, if it
    /// gives none across streams. Each alone keeps the copy from being written, as the reading
    /// whole would find (a table postgres-es writes, its metadata `{}`, was read and verified
    /// whole first); both are said, as mending one leaves the other. None where only the whole
    /// reading can tell (an undated row past the first).
    pub fn copy_refused_before_reading(&self, undated: Option<&str>) -> Option<String> {
        let dated = undated.map(|row| {
            format!(
                "{row}, among the first read, gives no `recorded_at` in its metadata \
                 (postgres-es writes `{{}}` unless the application adds to it), and each line of \
                 a log gives the instant its event was recorded, which the copy would have to \
                 make up"
            )
        });
        // Named as the report names it: `public.events` is the table; another schema's is
        // named, in the statements too (see `described`).
        let (named, in_sql) = match self.table.as_str() {
            "public.events" => ("the table", "events"),
            table => (table, table),
        };
        let ordered = match &self.order {
            Order::Recorded { unplaced: 0, .. } => None,
            Order::Recorded { unplaced, found } => Some(unplaced_rows(*unplaced, found.as_deref())),
            Order::Interleaved { unplaced, found } => Some(format!(
                "{}, so the rows would be read stream by stream",
                interleaved(*unplaced, found.as_deref())
            )),
            Order::ByKey => Some(
                "the table records no order across streams (its rows give no metadata.position)"
                    .to_string(),
            ),
            Order::Unindexed { view: true, .. } => Some(format!(
                "{named} is a view, which takes no index on the order of recording, so its rows \
                 would be read stream by stream"
            )),
            Order::Unindexed {
                invalid,
                text_metadata,
                view: false,
            } => {
                let lacks = match invalid {
                    None => "lacks the index on metadata.position".to_string(),
                    Some(name) => {
                        format!("has an index on metadata.position, {name}, that is not valid")
                    }
                };
                Some(format!(
                    "{named} {lacks} that gwt reads the order of recording through, so its rows \
                     would be read stream by stream (where they carry that order, as gwt load \
                     writes it, building the index lets the copy be written: {})",
                    index_statement(invalid.as_deref(), *text_metadata, in_sql)
                ))
            }
        };
        match (dated, ordered) {
            (None, None) => None,
            (Some(one), None) | (None, Some(one)) => Some(one),
            (Some(dated), Some(ordered)) => Some(format!("{dated}; and {ordered}")),
        }
    }
}

/// Of `unplaced` rows that give no position, at least one before a row of its own stream that
/// gives one, `found` the first such the server found: why a table's order is not known, as
/// each message on it says it (one row is no `some of them`), naming where to look.
fn interleaved(unplaced: u64, found: Option<&str>) -> String {
    match unplaced {
        1 => format!(
            "1 row gives no metadata.position{}, and stands before a row of its own stream that \
             gives one",
            named(1, found)
        ),
        n => format!(
            "{n} rows give no metadata.position, some of them before rows of their own stream \
             that give one{}",
            named(n, found)
        ),
    }
}

/// Of `unplaced` rows that give no position, read after those that do, `found` the first of them
/// the server found: why the order across streams is not known.
fn unplaced_rows(unplaced: u64, found: Option<&str>) -> String {
    format!(
        "{} no metadata.position{}, so where {} in the order across streams is not known",
        crate::migration::plural(unplaced, "row gives", "rows give"),
        named(unplaced, found),
        match unplaced {
            1 => "it stands",
            _ => "they stand",
        }
    )
}

/// A row of `n` named, as a message puts it after them: the one, or the first found of them
/// (no order was asked of the server, which would cost it sorting them all).
fn named(n: u64, found: Option<&str>) -> String {
    match (n, found) {
        (_, None) => String::new(),
        (1, Some(row)) => format!(" ({row})"),
        (_, Some(row)) => format!(" (the first found: {row})"),
    }
}

/// The statements that give `table` the index on the order of recording: the column cast to
/// json first where it is text (which takes no `->>`), and an `invalid` index of that order
/// dropped first.
fn index_statement(invalid: Option<&str>, text_metadata: bool, table: &str) -> String {
    let index = match text_metadata {
        true => format!(
            "ALTER TABLE {table} ALTER COLUMN metadata TYPE json USING metadata::json; {}",
            order_index(false, table)
        ),
        false => order_index(false, table),
    };
    match invalid {
        None => index,
        Some(name) => format!("DROP INDEX {name}; {index}"),
    }
}

impl Order {
    /// The order as the rows read show it: a table without the index whose rows, as read, give
    /// no position keeps no order.
    fn as_seen(&self, seen: Option<&PositionsSeen>) -> &Order {
        let positioned = seen.is_none_or(|s| s.rows == 0 || s.without + s.not_whole < s.rows);
        match (self, positioned) {
            (Order::Unindexed { .. }, false) => &Order::ByKey,
            _ => self,
        }
    }

    /// Whether every row was read in the order the log recorded (all of them give a position):
    /// otherwise which of two streams' events came first is not known.
    pub fn across_streams_known(&self) -> bool {
        matches!(self, Order::Recorded { unplaced: 0, .. })
    }

    /// Whether each stream's rows are read together, in the order of their positions: a table
    /// read by key.
    pub fn streams_in_sequence(&self) -> bool {
        matches!(
            self,
            Order::ByKey | Order::Interleaved { .. } | Order::Unindexed { .. }
        )
    }

    /// What the report says of it, of the `rows` read (`rows of es.events`) from `table`, as
    /// the statements it advises name it.
    fn described(&self, rows: &str, table: &str, seen: &std::sync::Mutex<PositionsSeen>) -> String {
        const MAY_DIFFER: &str = "read models and invariants that depend on the order of events \
                                  across streams may differ from the live system's";
        let seen = seen.lock().ok();
        let order = self.as_seen(seen.as_deref());
        // Rows that share a position were put in their key's order, which may not be theirs.
        let shared = match seen
            .as_ref()
            .and_then(|s| s.first_shared.as_ref().map(|f| (s, f)))
        {
            Some((s, first)) => format!(
                "; {} the position of the row read before {} (the first: {first}), and which \
                 of two came first was taken from their key, as the table records nothing \
                 else of it",
                crate::migration::plural(s.shared, "row gives", "rows give"),
                match s.shared {
                    1 => "it",
                    _ => "them",
                }
            ),
            None => String::new(),
        };
        let cast = seen.as_deref().map(cast_positions).unwrap_or_default();
        let said = match order {
            Order::Recorded { unplaced: 0, .. } => format!(
                "{rows} read in the order they were recorded (metadata.position, as gwt load \
                 keeps a log's order){shared}"
            ),
            Order::Recorded { unplaced, .. } => format!(
                "{rows} read in the order they were recorded (metadata.position, as gwt load \
                 keeps a log's order), then {} without one, stream by stream (by key): \
                 {MAY_DIFFER}{shared}",
                crate::migration::plural(*unplaced, "row", "rows")
            ),
            Order::Interleaved { unplaced, found } => format!(
                "{rows} read stream by stream (by key): {}, so the order the rows were \
                 recorded in is not known, and {MAY_DIFFER}",
                interleaved(*unplaced, found.as_deref())
            ),
            Order::ByKey => format!(
                "{rows} read stream by stream (by key): the table records no order across \
                 streams (no metadata.position), so {MAY_DIFFER}"
            ),
            Order::Unindexed { view: true, .. } => format!(
                "{rows} read stream by stream (by key): the rows carry the order they were \
                 recorded in (metadata.position, as gwt load writes it), but {table} is a view, \
                 and gwt reads that order only through an index on a table it reads, so \
                 {MAY_DIFFER}; to read them in the order they were recorded, read the table \
                 the view reads (its schema first in the search path, or the view named \
                 otherwise), with its index: {}",
                order_index(false, "<that table>")
            ),
            Order::Unindexed {
                invalid,
                text_metadata,
                view: false,
            } => {
                let statement = index_statement(invalid.as_deref(), *text_metadata, table);
                let lacks = match invalid {
                    None => "lacks the index".to_string(),
                    Some(name) => format!(
                        "has an index on that order, {name}, that is not valid (a build that \
                         failed), not the index"
                    ),
                };
                let (some, first) = seen.as_deref().map(positions_seen).unwrap_or_default();
                let carry = some.unwrap_or_else(|| "the rows carry the order they were".into());
                format!(
                    "{rows} read stream by stream (by key): {carry} recorded in \
                     (metadata.position, as gwt load writes it), but the table \
                     {lacks} that gwt reads that order through, so {MAY_DIFFER}; to read them \
                     in the order they were recorded, {first}build it (gwt never writes to a \
                     store it reads): {statement}"
                )
            }
        };
        format!("{said}{cast}")
    }
}

/// The rows whose position the index reads as a whole number though `gwt load` never writes
/// it so (`"3"`, `0`), as the report's line on the order ends with them: their place in that
/// order is another writer's, and a migrated copy would keep the key as the application's.
fn cast_positions(seen: &PositionsSeen) -> String {
    let Some((row, written)) = &seen.first_cast else {
        return String::new();
    };
    format!(
        "; {} a metadata.position that gwt load does not write (the first: {row}, {written}; \
         gwt load writes a JSON number from 1), which the order index reads as a whole number: \
         another writer placed {} in that order, and a migrated copy would keep {} as the \
         application's own key",
        crate::migration::plural(seen.cast, "row gives", "rows give"),
        match seen.cast {
            1 => "it",
            _ => "them",
        },
        match seen.cast {
            1 => "it",
            _ => "them",
        },
    )
}

/// Of a table read whole, which of its rows carry a position, when not all do (`5 of its 8
/// rows`), and what to do first, before the index can be built: the positions that are no
/// whole number mended, where the index's cast would refuse them (`"abc"`, `1.5`).
fn positions_seen(seen: &PositionsSeen) -> (Option<String>, String) {
    if !seen.whole {
        return (None, String::new());
    }
    let carrying = seen.rows.saturating_sub(seen.without);
    let some = (seen.without > 0).then(|| {
        let none = format!(
            "{} no metadata.position, and would be read after the others, or with the others by \
             key should one stand before a row of its stream that gives one",
            crate::migration::plural(seen.without, "row gives", "rows give")
        );
        match (carrying * 2 < seen.rows, carrying) {
            (true, 1) => format!(
                "only 1 of the {} rows ({none}) carries the order it was",
                seen.rows
            ),
            (true, _) => format!(
                "only {carrying} of the {} rows ({none}) carry the order they were",
                seen.rows
            ),
            (false, _) => format!(
                "all but {} of them ({none}) carry the order they were",
                seen.without
            ),
        }
    });
    let mut mend = Vec::new();
    if let Some((row, position)) = &seen.first_not_whole {
        mend.push(format!(
            "the {} whose metadata.position is not a whole number, which the index cannot be \
             built on (the first: {row}, {position})",
            crate::migration::plural(seen.not_whole, "row", "rows")
        ));
    }
    if let Some(first) = &seen.first_contradicting {
        mend.push(format!(
            "the {} whose metadata.position is no later than the one before it in its stream, \
             which the index would read out of its stream's order (the first: {first})",
            crate::migration::plural(seen.contradicting, "row", "rows")
        ));
    }
    let first = match mend.is_empty() {
        true => String::new(),
        false => format!("mend {}, then ", mend.join(", and ")),
    };
    (some, first)
}

pub(super) const CREATE: &str = "CREATE TABLE IF NOT EXISTS events (
    aggregate_type text NOT NULL,
    aggregate_id text NOT NULL,
    sequence bigint CHECK (sequence >= 0) NOT NULL,
    event_type text NOT NULL,
    event_version text NOT NULL,
    payload json NOT NULL,
    metadata json NOT NULL,
    PRIMARY KEY (aggregate_type, aggregate_id, sequence)
)";
