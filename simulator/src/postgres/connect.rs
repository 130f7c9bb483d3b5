//! Connecting to the database a source names, and PostgreSQL's errors in a reader's words.

use postgres::{Client, NoTls};

use super::redact;
use crate::connection::{Environment, Server};

/// A client of the database `source` names, with what it leaves out (the password above all)
/// taken from the environment and the password file as libpq takes them (see
/// `connection::settings`). A password file libpq would not read is said, and not read.
pub fn connect(source: &str) -> Result<Client, String> {
    connected(source, false).map(|(client, _)| client)
}

/// A client as `connect` makes it, and, when the source's text leaves out the host, port,
/// database or user (the environment or a default gave them), or names several hosts, the line
/// that says what was connected to, for the report: an operator then knows which server it
/// read or wrote.
pub fn connect_told(source: &str) -> Result<(Client, Option<String>), String> {
    connected(source, true)
}

/// A client, and the line `connect_told` says when `tell` (the server is asked only then: the
/// bench connects in every timed round).
pub(super) fn connected(source: &str, tell: bool) -> Result<(Client, Option<String>), String> {
    let settings = crate::connection::settings(source, &Environment::of_process())?;
    for warning in &settings.warnings {
        steps::say!("gwt: warning: {}", crate::report::printable(warning));
    }
    // The certificates are read before anything is sent: a file that is not there is told as
    // such, not as a failed handshake.
    let tls = match &settings.tls {
        Some(tls) => Some(
            super::tls::connector(tls)
                .map_err(|e| format!("cannot connect to {}: {e}", redact(source)))?,
        ),
        None => None,
    };
    let mut client = with_deadline(&settings.config, tls).map_err(|e| {
        let cause = match &e {
            ConnectError::Driver(e) => said(e),
            ConnectError::NoAnswer(wait) => format!(
                "the server said nothing within {} s of being asked (connect_timeout in the \
                 source, or PGCONNECT_TIMEOUT, sets how long to wait)",
                wait.as_secs()
            ),
        };
        let mut why = format!("cannot connect to {}: {cause}", redact(source));
        // The driver's error names no server: which one was tried, when the source's text
        // does not say (a port the default gave where PGPORT was meant, above all).
        if settings.source_leaves_it_open() {
            why = format!("{why}; tried {}", settings.server_named(&Server::default()));
        }
        let hint = match &e {
            ConnectError::Driver(e) => settings.password_hint(e),
            ConnectError::NoAnswer(_) => None,
        };
        match hint {
            Some(hint) => format!("{why}; {hint}"),
            None => why,
        }
    })?;
    let told = (tell && settings.source_leaves_it_open())
        .then(|| settings.connected_to(&server_of(&mut client)));
    Ok((client, told))
}

/// How long a connection may take when the source sets no `connect_timeout` (nor
/// `PGCONNECT_TIMEOUT`): libpq waits forever, and a server that takes the connection but never
/// answers (a hung one, a proxy before a dead one) held gwt without a word.
const CONNECT_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// A connection made within the source's `connect_timeout` (else `CONNECT_WAIT`), the session's
/// start included: the driver bounds only the socket's connection by it, and a server that
/// takes the connection and never answers held it forever. Connected on a thread of its own,
/// which is left behind, blocked, when the wait runs out (the command then ends).
fn with_deadline(
    config: &postgres::Config,
    tls: Option<tokio_postgres_rustls::MakeRustlsConnect>,
) -> Result<Client, ConnectError> {
    let wait = config
        .get_connect_timeout()
        .copied()
        .unwrap_or(CONNECT_WAIT);
    let config = config.clone();
    let (sent, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sent.send(match tls {
            Some(tls) => config.connect(tls),
            None => config.connect(NoTls),
        });
    });
    match received.recv_timeout(wait) {
        Ok(connected) => connected.map_err(ConnectError::Driver),
        Err(_) => Err(ConnectError::NoAnswer(wait)),
    }
}

/// Why a connection was not made.
enum ConnectError {
    Driver(postgres::Error),
    /// The server said nothing within the wait.
    NoAnswer(std::time::Duration),
}

/// What the server says of the session: its database, user, address and port. Asked outside
/// any transaction, and writing nothing; a server that will not say leaves the settings to
/// speak alone.
fn server_of(client: &mut Client) -> Server {
    let asked = client.query_one(
        "SELECT current_database()::text, session_user::text, host(inet_server_addr()), \
         inet_server_port()",
        &[],
    );
    match asked {
        Ok(row) => Server {
            database: row.try_get(0).ok(),
            user: row.try_get(1).ok(),
            address: row.try_get::<_, Option<String>>(2).ok().flatten(),
            port: row
                .try_get::<_, Option<i32>>(3)
                .ok()
                .flatten()
                .and_then(|p| u16::try_from(p).ok()),
        },
        Err(_) => Server::default(),
    }
}

/// A database error with what the server said, and why a connection failed: `postgres` alone
/// prints only `db error`, or `error connecting to server` without the cause its error holds.
pub(crate) fn said(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return match db.detail() {
            Some(detail) => format!("{e}: {} ({detail})", db.message()),
            None => format!("{e}: {}", db.message()),
        };
    }
    let mut out = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(why) = cause {
        let text = why.to_string();
        if !out.ends_with(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        cause = why.source();
    }
    out
}
