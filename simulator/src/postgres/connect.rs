//! Connecting to the database a source names, and PostgreSQL's errors in a reader's words.

use postgres::{Client, NoTls};

use super::redact;
use crate::connection::{Environment, Server};

/// A client of the database `source` names, with what it leaves out (the password above all)
/// taken from the environment and the password file as libpq takes them (see
/// `connection::settings`). A password file libpq would not read is said, and not read.
pub fn connect(source: &str) -> Result<Client, String> {
    connected(source, false, false).map(|(client, _)| client)
}

/// A client as `connect` makes it, and, when the source's text leaves out the host, port,
/// database or user (the environment or a default gave them), or names several hosts, the line
/// that says what was connected to, for the report: an operator then knows which server it
/// read or wrote.
pub fn connect_told(source: &str) -> Result<(Client, Option<String>), String> {
    connected(source, true, false)
}

/// `connect_told` for the one command that writes (`gwt load`), which refuses a source that
/// names no database, in its text or `PGDATABASE`, before connecting: reading takes the server's
/// default, the user's name, as libpq does, but that default is often the maintenance database
/// (`postgres`), which a load would fill and the report name only after the copy.
pub fn connect_to_write(source: &str) -> Result<(Client, Option<String>), String> {
    connected(source, true, true)
}

/// A client, and the line `connect_told` says when `tell` (the server is asked only then: the
/// bench connects in every timed round). The hosts are tried in turn, each with the TLS right
/// for it (see `hosts`) and the password found for it, until one takes the connection; each gets
/// the whole wait, as libpq's `connect_timeout` is for each host. A source that `writes` must
/// name its database (see `connect_to_write`).
pub(super) fn connected(
    source: &str,
    tell: bool,
    writes: bool,
) -> Result<(Client, Option<String>), String> {
    let settings = crate::connection::settings(source, &Environment::of_process())?;
    if writes && settings.origins.database == crate::connection::Origin::Default {
        let user = settings.config.get_user().unwrap_or_default();
        return Err(format!(
            "{} names no database to fill: the server would take the user's name, `{}`, which \
             is often its maintenance database; name the database gwt load writes into \
             (postgres://USER@HOST:PORT/DATABASE, dbname=DATABASE, or PGDATABASE); nothing was \
             copied",
            redact(source),
            crate::report::printable(user)
        ));
    }
    for warning in &settings.warnings {
        steps::say!("gwt: warning: {}", crate::report::printable(warning));
    }
    let hosts = settings.hosts().map_err(|e| cannot(source, &e))?;
    // The certificates are read before anything is sent: a file that is not there is told as
    // such, not as a failed handshake. Only TCP hosts need them: with a Unix socket in the list
    // what they lack is said of the TCP hosts, and the socket may connect first, as libpq's.
    let tcp_tls = settings
        .tls
        .clone()
        .map(|tls| tls.and_then(|tls| super::tls::connector(&tls)));
    if let Some(Err(why)) = &tcp_tls {
        if !hosts.iter().any(|host| host.socket) {
            return Err(cannot(source, why));
        }
    }
    let mut failed = Vec::new();
    for host in &hosts {
        let tls = match (host.socket, &tcp_tls) {
            (true, _) | (false, None) => None,
            (false, Some(Ok(connector))) => Some(connector.clone()),
            (false, Some(Err(why))) => {
                failed.push((host, ConnectError::Tls(why.clone())));
                continue;
            }
        };
        match with_deadline(&host.config, tls) {
            Ok(mut client) => {
                let told = (tell && settings.source_leaves_it_open()).then(|| {
                    let mut server = server_of(&mut client);
                    if hosts.len() > 1 {
                        server.answered = Some(host.name());
                    }
                    settings.connected_to(&server)
                });
                return Ok((client, told));
            }
            Err(e) => failed.push((host, e)),
        }
    }
    Err(failures(source, &settings, &failed))
}

/// That `source` could not be connected to, and why.
fn cannot(source: &str, why: &str) -> String {
    format!("cannot connect to {}: {why}", redact(source))
}

/// Why no host took the connection: a single host's cause, or each host's with its name and
/// port (hosts that failed alike said together); what was tried when the source's text does not
/// say it all; and the hints on the passwords (see `password_hints`).
fn failures(
    source: &str,
    settings: &crate::connection::Settings,
    failed: &[(&super::hosts::OneHost, ConnectError)],
) -> String {
    // Where a list's hosts are each named before their cause, the cause names none, so that
    // hosts that failed alike are said together.
    let cause = |host: &super::hosts::OneHost, e: &ConnectError, alone: bool| match e {
        ConnectError::Driver(e) if not_postgres(e) => format!(
            "the server{} did not answer as PostgreSQL does (is this the right port?)",
            match alone {
                true => format!(" at {}", host.address()),
                false => String::new(),
            }
        ),
        ConnectError::Driver(e) => said(e),
        ConnectError::NoAnswer(wait) => format!(
            "the server said nothing within {} s of being asked (connect_timeout in the \
             source, or PGCONNECT_TIMEOUT, sets how long to wait)",
            wait.as_secs()
        ),
        ConnectError::Tls(why) => why.clone(),
    };
    let causes = match failed {
        [(host, e)] => cause(host, e, true),
        several => alike(
            several
                .iter()
                .map(|(host, e)| (cause(host, e, false), host.named())),
        )
        .into_iter()
        .map(|(cause, hosts)| format!("{}: {cause}", hosts.join(" and ")))
        .collect::<Vec<_>>()
        .join("; "),
    };
    let mut why = cannot(source, &causes);
    // The driver's error names no server: which one was tried, when the source's text does not
    // say (a port PGPORT or the default gave, above all).
    if settings.source_leaves_it_open() {
        why = format!("{why}; tried {}", settings.server_named(&Server::default()));
    }
    match password_hints(settings, failed) {
        Some(hints) => format!("{why}; {hints}"),
        None => why,
    }
}

/// What the failed hosts' errors say of their passwords, each host's looked up for it (see
/// `Settings::password_hint`), as `hints_said` says them.
fn password_hints(
    settings: &crate::connection::Settings,
    failed: &[(&super::hosts::OneHost, ConnectError)],
) -> Option<String> {
    hints_said(failed.iter().filter_map(|(host, e)| {
        match e {
            ConnectError::Driver(e) => settings
                .password_hint(host.index, e)
                .map(|hint| (hint, host.named())),
            ConnectError::NoAnswer(_) | ConnectError::Tls(_) => None,
        }
    }))
}

/// Hints on the hosts' passwords, `(hint, host)` each: one hint alone as it is, however many
/// hosts it is said of; several each after the hosts it is said of, as the hosts of a list may
/// have had their passwords from different lines of the password file, or one a line and
/// another none.
fn hints_said(hints: impl IntoIterator<Item = (String, String)>) -> Option<String> {
    match alike(hints).as_slice() {
        [] => None,
        [(hint, _)] => Some(hint.clone()),
        several => Some(
            several
                .iter()
                .map(|(hint, hosts)| format!("for {}, {hint}", hosts.join(" and ")))
                .collect::<Vec<_>>()
                .join("; "),
        ),
    }
}

/// Each text said of hosts, once, with the hosts it is said of (`(text, host)` pairs, in the
/// order first said): hosts that failed alike are said together.
fn alike(said: impl IntoIterator<Item = (String, String)>) -> Vec<(String, Vec<String>)> {
    let mut alike: Vec<(String, Vec<String>)> = Vec::new();
    for (text, host) in said {
        match alike.iter_mut().find(|(same, _)| *same == text) {
            Some((_, hosts)) => hosts.push(host),
            None => alike.push((text, vec![host])),
        }
    }
    alike
}

/// How long a connection may take when the source sets no `connect_timeout` (nor
/// `PGCONNECT_TIMEOUT`): libpq waits forever, and a server that takes the connection but never
/// answers (a hung one, a proxy before a dead one) held gwt without a word.
const CONNECT_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// A connection made within the source's `connect_timeout` (else `CONNECT_WAIT`), the session's
/// start included: the driver bounds only the socket's connection by it, and a server that
/// takes the connection and never answers held it forever. Connected on a thread of its own,
/// which is left behind, blocked, when the wait runs out (the next host is tried, or the
/// command ends).
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
    /// The TLS a TCP host needs cannot be had (a verifying mode without a root certificate).
    Tls(String),
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
            answered: None,
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

/// Whether a connection's first answer was no PostgreSQL's: a message the protocol does not
/// have, or bytes that make no whole message before the server hung up (an HTTP server answers
/// the startup with `HTTP/1.1 400`, which the driver called `bytes remaining on stream`; psql
/// says `expected authentication request from server, but received H`), or a hang-up before
/// any answer, which PostgreSQL never does (it refuses a session with an error).
fn not_postgres(e: &postgres::Error) -> bool {
    if e.as_db_error().is_some() {
        return false;
    }
    // The driver's kinds are private: its words for them are what tells them apart.
    let text = e.to_string();
    text.starts_with("unexpected message from server")
        || text.starts_with("error parsing response from server")
        || closed_by_the_server(e)
        || io_causes(e).any(|io| io.to_string() == "bytes remaining on stream")
}

/// The I/O errors among `e`'s causes.
fn io_causes(e: &postgres::Error) -> impl Iterator<Item = &std::io::Error> {
    std::iter::successors(std::error::Error::source(e), |cause| cause.source())
        .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
}

/// Whether the server hung up: the driver's `connection closed`, or a read that met the end of
/// the stream (over TLS, rustls's `peer closed connection without sending TLS close_notify`,
/// with a link to its manual).
fn closed_by_the_server(e: &postgres::Error) -> bool {
    e.is_closed()
        || io_causes(e).any(|io| {
            io.kind() == std::io::ErrorKind::UnexpectedEof
                || io.to_string() == "bytes remaining on stream"
        })
}

/// A database error with what the server said, and why a connection failed: `postgres` alone
/// prints only `db error`, or `error connecting to server` without the cause its error holds.
/// A connection the server closed is said so, in place of the driver's and the TLS library's
/// words for it.
pub(crate) fn said(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return match db.detail() {
            Some(detail) => format!("{e}: {} ({detail})", db.message()),
            None => format!("{e}: {}", db.message()),
        };
    }
    if closed_by_the_server(e) {
        return "the connection was closed by the server".to_string();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(hints: &[(&str, &str)]) -> Vec<(String, String)> {
        hints
            .iter()
            .map(|(hint, host)| (hint.to_string(), host.to_string()))
            .collect()
    }

    /// Each host of a list has its own password, so each its own hint: one said for all would
    /// tell of the first host's line where the second had none.
    #[test]
    fn each_host_s_password_hint_is_said_of_it_when_they_differ() {
        assert_eq!(hints_said(pairs(&[])), None);
        let same = pairs(&[
            ("the password was PGPASSWORD's", "host a, port 1"),
            ("the password was PGPASSWORD's", "host b, port 2"),
        ]);
        assert_eq!(
            hints_said(same).as_deref(),
            Some("the password was PGPASSWORD's")
        );
        let different = pairs(&[
            ("line 1 was refused", "host a, port 1"),
            ("the file has no line", "host b, port 2"),
            ("line 1 was refused", "host c, port 3"),
        ]);
        assert_eq!(
            hints_said(different).as_deref(),
            Some(
                "for host a, port 1 and host c, port 3, line 1 was refused; for host b, port 2, \
                 the file has no line"
            )
        );
    }
}
