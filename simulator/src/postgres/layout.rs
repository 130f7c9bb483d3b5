//! Whether the `events` table the search path finds is postgres-es's (its columns, of types gwt
//! reads), and where else in the database a table of that name stands: a load or a reading was
//! told only the driver's words (`column "aggregate_type" does not exist`, `relation "events"
//! does not exist`), with nothing of what was expected, or where the table meant was. Asked of
//! the catalog only as any role may (`pg_class`, `pg_attribute` and the privilege functions are
//! open to all), so that a reader with nothing but SELECT is told the same.

use postgres::types::Type;
use postgres::GenericClient;

use super::schema::TABLE_FOUND;

/// The columns gwt reads and writes, by name, with what each must hold, in the order it reads
/// them.
pub(super) const COLUMNS: [(&str, &str); 7] = [
    ("aggregate_type", "text"),
    ("aggregate_id", "text"),
    ("sequence", "a whole number"),
    ("event_type", "text"),
    ("event_version", "a version"),
    ("payload", "JSON"),
    ("metadata", "JSON"),
];

/// postgres-es's columns, as a list in words.
pub(super) fn column_names() -> String {
    COLUMNS.map(|(name, _)| name).join(", ")
}

/// The columns of the `events` table the search path finds, as a query over all of them
/// describes them (`SELECT * FROM events LIMIT 0`, which reads no row).
pub(super) fn columns_of(
    client: &mut impl GenericClient,
) -> Result<Vec<(String, Type)>, postgres::Error> {
    Ok(client
        .prepare("SELECT * FROM events LIMIT 0")?
        .columns()
        .iter()
        .map(|c| (c.name().to_string(), c.type_().clone()))
        .collect())
}

/// The types of postgres-es's columns in `columns` (those of the table), in `COLUMNS`'s order,
/// or what keeps gwt from reading the table: the columns it lacks, all named at once with those
/// it has (a table of another application's layout, told only of the first missing column
/// before), or the columns of a type gwt does not read. `table` is the table as found
/// (`public.events`).
pub(super) fn layout(columns: &[(String, Type)], table: &str) -> Result<Vec<Type>, String> {
    let find = |name: &str| columns.iter().find(|(c, _)| c == name);
    let missing: Vec<&str> = COLUMNS
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| find(name).is_none())
        .collect();
    if !missing.is_empty() {
        const SHOWN: usize = 12;
        let mut has: Vec<String> = columns
            .iter()
            .take(SHOWN)
            .map(|(c, _)| crate::report::printable(c).into_owned())
            .collect();
        if columns.len() > SHOWN {
            has.push(format!("and {} more", columns.len() - SHOWN));
        }
        let has = match has.is_empty() {
            true => "it has no columns".to_string(),
            false => format!("its columns: {}", has.join(", ")),
        };
        if missing.len() == COLUMNS.len() {
            return Err(format!(
                "{table} is not postgres-es's events table: it has none of the columns \
                 postgres-es writes ({}; {has})",
                column_names()
            ));
        }
        return Err(format!(
            "{table} is not postgres-es's events table: it lacks {} {} ({has}); expected the \
             columns postgres-es writes: {}",
            match missing.len() {
                1 => "the column",
                _ => "the columns",
            },
            missing.join(", "),
            column_names()
        ));
    }
    let text = [Type::TEXT, Type::VARCHAR, Type::BPCHAR, Type::NAME];
    let integers = [Type::INT2, Type::INT4, Type::INT8];
    let json = [Type::JSON, Type::JSONB, Type::TEXT, Type::VARCHAR];
    let mut types = Vec::new();
    // Every column of the wrong type, so that one look at the table's definition mends them all.
    let mut wrong: Vec<(&str, String, &str)> = Vec::new();
    for (name, _) in COLUMNS {
        let ty = find(name).map(|(_, ty)| ty.clone()).unwrap_or(Type::TEXT);
        let (accepted, expected): (Vec<Type>, &str) = match name {
            "sequence" => (integers.to_vec(), "bigint (or integer, smallint)"),
            "event_version" => (
                text.iter().chain(&integers).cloned().collect(),
                "text (or an integer)",
            ),
            "payload" | "metadata" => (json.to_vec(), "json (or jsonb, text)"),
            _ => (text.to_vec(), "text (or varchar)"),
        };
        if !accepted.contains(&ty) {
            wrong.push((name, sql_name(&ty), expected));
        }
        types.push(ty);
    }
    match wrong.as_slice() {
        [] => Ok(types),
        [(name, ty, expected)] => Err(format!(
            "the events table's column `{name}` is of type {ty}; expected {expected}, as \
             postgres-es writes it"
        )),
        several => {
            let each: Vec<String> = several
                .iter()
                .map(|(name, ty, expected)| {
                    format!("`{name}` is of type {ty}, expected {expected}")
                })
                .collect();
            Err(format!(
                "the events table's columns are not of the types postgres-es writes: {}",
                each.join("; ")
            ))
        }
    }
}

/// A type as SQL writes it (`integer`, where PostgreSQL's catalog says `int4`).
fn sql_name(ty: &Type) -> String {
    match ty.name() {
        "int2" => "smallint".into(),
        "int4" => "integer".into(),
        "int8" => "bigint".into(),
        "bpchar" => "character".into(),
        "varchar" => "character varying".into(),
        "float4" => "real".into(),
        "float8" => "double precision".into(),
        other => other.into(),
    }
}

/// A table named `events` in a schema the search path does not take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Elsewhere {
    /// Its schema, as SQL names it (`es`, `"Event Store"`).
    pub schema: String,
    /// postgres-es's columns it lacks, by name.
    pub lacks: Vec<String>,
    /// What the session's user may not do to read it: no USAGE on its schema, or no SELECT on it.
    pub barred: Option<&'static str>,
}

impl Elsewhere {
    pub fn table(&self) -> String {
        format!("{}.events", self.schema)
    }

    /// Whether it has postgres-es's columns (their types are told once it is read).
    pub fn is_postgres_es(&self) -> bool {
        self.lacks.is_empty()
    }
}

/// The tables named `events` in the database outside the schemas the search path takes, by
/// schema; PostgreSQL's own schemas left out. Read from the catalog, which any role may read,
/// whatever it may do with the tables.
pub(super) fn elsewhere(
    client: &mut impl GenericClient,
) -> Result<Vec<Elsewhere>, postgres::Error> {
    let names: Vec<&str> = COLUMNS.iter().map(|(name, _)| *name).collect();
    let rows = client.query(
        "SELECT quote_ident(n.nspname), \
           ARRAY(SELECT wanted FROM unnest($1::text[]) AS wanted WHERE NOT EXISTS \
             (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 \
              AND NOT a.attisdropped AND a.attname::text = wanted)), \
           has_schema_privilege(n.oid, 'USAGE'), has_table_privilege(c.oid, 'SELECT') \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relname = 'events' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') \
           AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' \
           AND n.oid <> ALL (current_schemas(true)::regnamespace[]) \
         ORDER BY n.nspname",
        &[&names],
    )?;
    Ok(rows
        .iter()
        .map(|row| Elsewhere {
            schema: row.get(0),
            lacks: row.get(1),
            barred: match (row.get(2), row.get(3)) {
                (false, _) => Some("USAGE on its schema"),
                (true, false) => Some("SELECT on it"),
                (true, true) => None,
            },
        })
        .collect())
}

/// The tables found elsewhere in words (`es.events`, `audit.events (not postgres-es's: it lacks
/// aggregate_type, …)`), with what the user may not do to one.
pub(super) fn listed(found: &[Elsewhere]) -> String {
    let each: Vec<String> = found
        .iter()
        .map(|table| {
            let mut said = table.table();
            let mut notes = Vec::new();
            if !table.is_postgres_es() {
                notes.push(format!(
                    "not postgres-es's: it lacks {}",
                    table.lacks.join(", ")
                ));
            }
            if let Some(barred) = table.barred {
                notes.push(format!("this user lacks {barred}"));
            }
            if !notes.is_empty() {
                said.push_str(&format!(" ({})", notes.join("; ")));
            }
            said
        })
        .collect();
    match each.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The `events` table the search path finds, not postgres-es's: why, and where postgres-es's
/// stands outside the search path, if it does.
pub(super) struct NotPostgresEs {
    pub why: String,
    pub elsewhere: Option<String>,
}

impl NotPostgresEs {
    /// Where postgres-es's table stands, as a clause to follow a sentence (`; the database
    /// has…`), or nothing.
    pub fn elsewhere_said(&self) -> String {
        self.elsewhere
            .as_ref()
            .map(|said| format!("; {said}"))
            .unwrap_or_default()
    }
}

/// The `events` table the search path finds, by its schema-qualified name, when it has
/// postgres-es's columns: `load` and `verify-migration` refuse another alike, each in its own
/// words around what this says.
pub(super) fn table_found(
    transaction: &mut postgres::Transaction,
    source: &str,
    verb: &str,
) -> Result<Result<String, NotPostgresEs>, postgres::Error> {
    let columns = columns_of(transaction)?;
    let table: String = transaction.query_one(TABLE_FOUND, &[])?.get(0);
    Ok(match layout(&columns, &table) {
        Ok(_) => Ok(table),
        Err(why) => {
            let found = looked_for_elsewhere(transaction);
            let elsewhere = outside_the_search_path(&found, source, verb)
                .filter(|_| found.iter().any(|t| t.is_postgres_es()));
            Err(NotPostgresEs { why, elsewhere })
        }
    })
}

/// The tables named `events` outside the search path, asked apart (a savepoint), so that a
/// failure leaves `transaction` as it was: none is said then.
pub(super) fn looked_for_elsewhere(transaction: &mut postgres::Transaction) -> Vec<Elsewhere> {
    transaction
        .savepoint("gwt_elsewhere")
        .and_then(|mut apart| elsewhere(&mut apart))
        .unwrap_or_default()
}

/// What to say of the tables found outside the search path, if any, to one who would `verb`
/// (`read`, `load into`) the table meant, `source` being as the user wrote it: where they are,
/// and how to put the schema of the first that is postgres-es's on the search path (one the user
/// may read first).
pub(super) fn outside_the_search_path(
    found: &[Elsewhere],
    source: &str,
    verb: &str,
) -> Option<String> {
    if found.is_empty() {
        return None;
    }
    let usable = |t: &&Elsewhere| t.is_postgres_es();
    let pick = found
        .iter()
        .filter(usable)
        .find(|t| t.barred.is_none())
        .or_else(|| found.iter().find(usable));
    let listed = listed(found);
    Some(match pick {
        Some(table) => format!(
            "the database has {listed} outside the search path: to {verb} {}, put its schema on \
             the search path: {}{}",
            table.table(),
            search_path_advice(source, &table.schema),
            match table.barred {
                Some(barred) => format!(" (and have this user granted {barred})"),
                None => String::new(),
            }
        ),
        None => format!(
            "the database has {listed} outside the search path, {} postgres-es's",
            match found.len() {
                1 => "not",
                _ => "none of them",
            }
        ),
    })
}

/// How to put `schema` (as SQL names it) on the search path of gwt's session, for a `source`
/// written as a URL or as a key=value string: the spelling the driver and the server both read
/// (`?options=-c%20search_path%3Des`; a `+` for the space reaches the server as a `+`), and
/// `PGOPTIONS`, which is sent only when the source gives no options of its own.
pub(super) fn search_path_advice(source: &str, schema: &str) -> String {
    // The server splits its options at white space, a backslash keeping the next character.
    let value = schema.replace('\\', "\\\\").replace(' ', "\\ ");
    let setting = format!("-c search_path={value}");
    let pgoptions = match setting.contains('\'') {
        true => String::new(),
        false => format!(", or run gwt with PGOPTIONS='{setting}'"),
    };
    if super::is_url(source) {
        let encoded = percent_encoded(&setting);
        let query = source.split_once('?').map(|(_, query)| query);
        let has_options = query.is_some_and(|q| q.split('&').any(|p| p.starts_with("options=")));
        match (query, has_options) {
            (_, true) => format!(
                "add {} to the URL's options (the source's options replace PGOPTIONS)",
                percent_encoded(&format!(" {setting}"))
            ),
            (Some(_), false) => format!("append &options={encoded} to the URL{pgoptions}"),
            (None, false) => format!("append ?options={encoded} to the URL{pgoptions}"),
        }
    } else {
        let quoted = setting.replace('\\', "\\\\").replace('\'', "\\'");
        match source.contains("options") {
            true => format!(
                "add {setting} to the string's options (the source's options replace \
                 PGOPTIONS)"
            ),
            false => format!("add options='{quoted}' to the connection string{pgoptions}"),
        }
    }
}

/// Text as a URL's query writes it: all but the unreserved characters percent-encoded, a space
/// as `%20`.
fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The advice is spelt as the driver's URL parser and the server's option parser read it:
    /// a space as `%20` (a `+` reaches the server as a `+`), `=` encoded, a name that needs
    /// quoting kept quoted, and a space in it escaped for the server.
    #[test]
    fn the_search_path_is_advised_in_the_spelling_of_the_source() {
        assert_eq!(
            search_path_advice("postgres://u@h/db", "es"),
            "append ?options=-c%20search_path%3Des to the URL, or run gwt with \
             PGOPTIONS='-c search_path=es'"
        );
        assert_eq!(
            search_path_advice("postgres://u@h/db?sslmode=disable", "es"),
            "append &options=-c%20search_path%3Des to the URL, or run gwt with \
             PGOPTIONS='-c search_path=es'"
        );
        assert_eq!(
            search_path_advice("postgres://u@h/db?options=-c%20x%3D1", "es"),
            "add %20-c%20search_path%3Des to the URL's options (the source's options replace \
             PGOPTIONS)"
        );
        assert_eq!(
            search_path_advice("postgres://u@h/db", "\"Event Store\""),
            "append ?options=-c%20search_path%3D%22Event%5C%20Store%22 to the URL, or run gwt \
             with PGOPTIONS='-c search_path=\"Event\\ Store\"'"
        );
        assert_eq!(
            search_path_advice("host=h dbname=db", "es"),
            "add options='-c search_path=es' to the connection string, or run gwt with \
             PGOPTIONS='-c search_path=es'"
        );
    }

    #[test]
    fn tables_elsewhere_are_listed_with_what_keeps_them_from_being_read() {
        let es = Elsewhere {
            schema: "es".into(),
            lacks: vec![],
            barred: None,
        };
        let audit = Elsewhere {
            schema: "audit".into(),
            lacks: vec!["aggregate_type".into(), "sequence".into()],
            barred: Some("USAGE on its schema"),
        };
        assert_eq!(listed(std::slice::from_ref(&es)), "es.events");
        assert_eq!(
            listed(&[audit, es.clone(), es]),
            "audit.events (not postgres-es's: it lacks aggregate_type, sequence; this user \
             lacks USAGE on its schema), es.events and es.events"
        );
    }
}
