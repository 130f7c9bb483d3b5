//! A PostgreSQL source (a `postgres://` URL or a key=value connection string) made into a
//! connection's settings as libpq makes them: what the source leaves out comes from the
//! environment (`PGUSER`, `PGDATABASE`, `PGHOST` and `PGPORT`, `PGPASSWORD`, `PGSSLMODE` and
//! its certificates, `PGCONNECT_TIMEOUT`, `PGOPTIONS`) or, for the password, from the password file
//! (`PGPASSFILE`, else `~/.pgpass`). The driver reads none of
//! them, and a password that can only be written in the URL shows in `ps` and in the shell's
//! history. What was left out is kept, so that a report can say which server it read
//! (`Settings::connected_to`) when the source's text does not.

use std::path::{Path, PathBuf};

use crate::postgres::redact;

mod password_file;
use password_file::{host_line, password_file};

/// What libpq takes from the environment for what a connection string leaves out. An empty
/// variable counts as unset, as an empty setting does for libpq.
#[derive(Clone, Debug, Default)]
pub struct Environment {
    /// `PGUSER`.
    pub user: Option<String>,
    /// `PGPASSWORD`.
    pub password: Option<String>,
    /// `PGDATABASE`.
    pub database: Option<String>,
    /// `PGHOST`.
    pub host: Option<String>,
    /// `PGPORT`.
    pub port: Option<String>,
    /// `PGPASSFILE`, else `.pgpass` in the home folder.
    pub password_file: Option<PathBuf>,
    /// `PGSSLMODE`.
    pub ssl_mode: Option<String>,
    /// `PGSSLROOTCERT`, `PGSSLCERT`, `PGSSLKEY`.
    pub ssl_root_cert: Option<String>,
    pub ssl_cert: Option<String>,
    pub ssl_key: Option<String>,
    /// The home folder, where libpq looks for `.postgresql/root.crt`.
    pub home: Option<PathBuf>,
    /// `PGCONNECT_TIMEOUT`.
    pub connect_timeout: Option<String>,
    /// `PGOPTIONS`: the server's settings for the session (`-c search_path=es`).
    pub options: Option<String>,
}

impl Environment {
    /// This process's.
    pub fn of_process() -> Environment {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Environment {
            user: var("PGUSER"),
            password: var("PGPASSWORD"),
            database: var("PGDATABASE"),
            host: var("PGHOST"),
            port: var("PGPORT"),
            password_file: var("PGPASSFILE")
                .map(PathBuf::from)
                .or_else(|| var("HOME").map(|home| Path::new(&home).join(".pgpass"))),
            ssl_mode: var("PGSSLMODE"),
            ssl_root_cert: var("PGSSLROOTCERT"),
            ssl_cert: var("PGSSLCERT"),
            ssl_key: var("PGSSLKEY"),
            home: var("HOME").map(PathBuf::from),
            connect_timeout: var("PGCONNECT_TIMEOUT"),
            options: var("PGOPTIONS"),
        }
    }
}

/// Where the password a connection offers came from, for an error to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PasswordFrom {
    /// The source itself (`user:pw@`, `password=`).
    Source,
    /// `PGPASSWORD`.
    Environment,
    /// A line of the password file.
    File { path: PathBuf, line: usize },
    /// Nowhere: the password file, if there is one, has no line for the connection, or was
    /// `skipped` (with a warning: not a plain file, or others may read it).
    Nowhere {
        looked_in: Option<PathBuf>,
        skipped: Option<PathBuf>,
    },
}

/// The password one host of the list is offered, and where it came from. The source's and
/// `PGPASSWORD` are every host's; the password file's is the host's own line, as libpq looks one
/// up for each host it tries: one line for the whole list gave every host the first host's
/// password.
#[derive(Clone)]
struct HostPassword {
    /// None: the host is tried without one, as libpq tries it (a server may ask for none).
    password: Option<Vec<u8>>,
    from: PasswordFrom,
}

/// A connection's settings, and what a message about them needs.
pub struct Settings {
    /// The driver's settings, every host listed: its `sslmode` is the TCP hosts' (a Unix
    /// socket's is `disable`, as `postgres::hosts` gives each host a config of its own), its
    /// password the source's or `PGPASSWORD`, the whole list's: a line of the password file is
    /// one host's, which `hosts` gives it.
    pub config: postgres::Config,
    /// How a connection over TCP is encrypted (`None`: it is not, `sslmode=disable`, or every
    /// host is a Unix socket, where no TLS is spoken), or why it cannot be as asked (a
    /// verifying mode without a root certificate): then a Unix socket is in the list too, which
    /// needs none and may connect before a TCP host is tried (a list without one is refused).
    pub tls: Option<Result<crate::postgres::tls::Tls, String>>,
    /// Each host's password, by its place in the list (`OneHost::index`): `hosts` offers it.
    passwords: Vec<HostPassword>,
    /// Said before connecting: a password file libpq would not read either (readable by
    /// others, not a plain file), with why.
    pub warnings: Vec<String>,
    /// Where the host, port, database and user came from.
    pub origins: Origins,
    /// `PGPORT`, when it was set and not read though the source's text names no port: a URL
    /// that lists several hosts, whose port libpq reads as a list of empty ones (each 5432).
    /// The port used may not be the one an operator expects.
    pub unread_port: Option<String>,
}

/// Where a setting of the connection came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The source names it.
    Source,
    /// The environment variable of that name.
    Variable(&'static str),
    /// Neither: the driver's port, 5432, or the server's database, the user's name.
    Default,
}

/// Where each setting that names the server and the session came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origins {
    pub host: Origin,
    pub port: Origin,
    pub database: Origin,
    pub user: Origin,
}

/// What is known of a session once connected (each None when it is not): the truth of what was
/// connected to, where the settings name several hosts, or a host by a name that is not its
/// address.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Server {
    /// Of several hosts, the one that took the connection, as the settings name it: gwt tries
    /// them in turn and knows it, where over a Unix socket the server gives no address to tell.
    pub answered: Option<String>,
    /// The rest the server says.
    pub database: Option<String>,
    pub user: Option<String>,
    /// None over a Unix socket.
    pub address: Option<String>,
    pub port: Option<u16>,
}

/// How many `@` a URL holds before its query (`?`, where `redact` places it), where only the
/// one ending its user and password belongs.
fn ats_before_query(url: &str) -> usize {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest[..crate::postgres::query_start(rest)]
        .matches('@')
        .count()
}

/// Where a source leaves out a setting, libpq's error advice: where to write it.
const WRITE: &str = "write postgres://USER@HOST:PORT/DATABASE, or host=HOST port=PORT user=USER \
                     dbname=DATABASE";

/// The settings `source` names, completed from `env` as libpq completes them: a setting the
/// source gives wins over the environment's. `PGHOST` is read when the source names no host,
/// `PGPORT` when its text names no port (see `PortText`), whatever gave the host: the driver
/// reads a URL's host without a port as port 5432, and PGPORT was not read there, where libpq
/// reads it. The password is the source's, else
/// `PGPASSWORD`, else the password file's line for the host, port, database and user: each host
/// of a list its own (see `Settings::hosts`).
pub fn settings(source: &str, env: &Environment) -> Result<Settings, String> {
    // The driver ends a URL's user and password at its first `@`: the rest of a password with an
    // `@` written as is would be taken for the host, and printed as one. Refused unprinted.
    if crate::postgres::is_url(source) && ats_before_query(source) > 1 {
        return Err(
            "the PostgreSQL URL holds more than one `@` before its query: an `@` in \
                    its user or password is written `%40` (the URL is not shown, as its \
                    password may be in what follows the first)"
                .to_string(),
        );
    }
    let shown = redact(source);
    // The TLS settings are read here: the driver knows no `sslrootcert`, `sslcert` or
    // `sslkey`, and refuses `sslmode=verify-ca` and `verify-full` as no mode at all.
    let (source, tls_settings) = crate::postgres::tls_settings::taken(source);
    let source = port_parameter_in_host(&source).unwrap_or(source);
    let source = source.as_str();
    let parsed: Result<postgres::Config, _> = source.parse();
    let mut config: postgres::Config = parsed.map_err(|e| {
        let url = crate::postgres::is_url(source);
        let what = match url {
            true => "URL",
            false => "connection string",
        };
        // A key=value string that does not parse may not end its password where it was meant
        // to (`password=ab cd` gives `ab`, then `cd` is no key): only its mask would be masked.
        // Nor are the driver's words, which quote what they could not read (`unknown option
        // `cd``, the rest of the password).
        if !url && crate::postgres::password_may_run_on(source) {
            return format!(
                "the {what} is not a PostgreSQL {what} (it is not shown, as it holds a password \
                 that may not end where it was meant to: a value with a space is quoted, \
                 password='…')"
            );
        }
        // What to write, as verify-migration says it of a source that is neither a file nor a
        // database (`gwt load --to log.jsonl` said only `unexpected EOF`).
        let why = match url {
            true => crate::postgres::said(&e),
            false => crate::postgres::refused(source, &e),
        };
        format!(
            "{shown} is not a PostgreSQL {what}: {why} (write postgres://USER@HOST:PORT/DATABASE, \
             or host=HOST port=PORT user=USER dbname=DATABASE)"
        )
    })?;
    let port_text = port_text(source, &config);
    let pgport = match (&env.port, port_text) {
        (Some(ports), PortText::Open) => Some(ports_of(ports)?),
        _ => None,
    };
    // A URL's one host without a port was given 5432 by the driver, which no setting takes
    // back: the URL is read again with PGPORT written in, as libpq would take it.
    if let (Some(ports), Some(written)) = (&pgport, with_port(source)) {
        let [port] = ports.as_slice() else {
            return Err(format!(
                "PGPORT `{}` gives {} ports for the one host {shown} names (libpq refuses it \
                 too): give one port, or write it in the source",
                env.port.as_deref().unwrap_or_default(),
                ports.len()
            ));
        };
        config = written(*port)
            .parse()
            .map_err(|_| format!("{shown} is not a PostgreSQL URL with PGPORT's port"))?;
    }
    // libpq's sslmode and certificates: the source's, else the environment's (PGSSLMODE was
    // read by no one, and PGSSLMODE=require went out unencrypted without a word).
    let asked = crate::postgres::tls_settings::resolved(&tls_settings, env)?;
    config.ssl_mode(match &asked {
        None => postgres::config::SslMode::Disable,
        Some(asked) if asked.required => postgres::config::SslMode::Require,
        Some(_) => postgres::config::SslMode::Prefer,
    });
    if config.get_connect_timeout().is_none() {
        if let Some(seconds) = &env.connect_timeout {
            let parsed = seconds
                .trim()
                .parse::<u64>()
                .map_err(|_| format!("PGCONNECT_TIMEOUT `{seconds}` is not a number of seconds"))?;
            // libpq waits forever for 0, and takes at least 2 s otherwise.
            if parsed > 0 {
                config.connect_timeout(std::time::Duration::from_secs(parsed.max(2)));
            }
        }
    }
    // libpq sends PGOPTIONS when the source gives no options of its own.
    if config.get_options().is_none() {
        if let Some(options) = &env.options {
            config.options(options);
        }
    }
    // Named in the server's `pg_stat_activity`, so that an operator sees which session is gwt's
    // (to watch it, or end it); a source that names its own keeps it.
    if config.get_application_name().is_none() {
        config.application_name("gwt");
    }
    let mut origins = Origins {
        host: Origin::Source,
        port: match port_text {
            PortText::Named => Origin::Source,
            PortText::Listed | PortText::Open => Origin::Default,
        },
        database: Origin::Source,
        user: Origin::Source,
    };
    let mut unread_port = None;
    if config.get_user().is_none_or(str::is_empty) {
        match &env.user {
            Some(user) => config.user(user),
            None => return Err(format!("{shown} names no user: {WRITE}, or set PGUSER")),
        };
        origins.user = Origin::Variable("PGUSER");
    }
    if config.get_dbname().is_none_or(str::is_empty) {
        origins.database = Origin::Default;
        if let Some(database) = &env.database {
            config.dbname(database);
            origins.database = Origin::Variable("PGDATABASE");
        }
    }
    if config.get_hosts().is_empty() && config.get_hostaddrs().is_empty() {
        let Some(hosts) = &env.host else {
            return Err(format!("{shown} names no host: {WRITE}, or set PGHOST"));
        };
        for host in hosts.split(',') {
            config.host(host);
        }
        origins.host = Origin::Variable("PGHOST");
    }
    if let Some(ports) = pgport {
        // A URL's host was given it above; any other source's hosts have no port yet.
        if config.get_ports().is_empty() {
            for port in ports {
                config.port(port);
            }
        }
        origins.port = Origin::Variable("PGPORT");
    } else if port_text == PortText::Listed {
        unread_port = env.port.clone();
    }
    // libpq ignores sslmode over a Unix socket, where TLS would protect nothing, and needs
    // none of its certificates there; the driver would try it under `prefer`, and fail on the
    // socket's folder as no server name. A list of sockets alone speaks none; a list with a
    // TCP host keeps the mode for it (each host is connected with its own, see
    // `postgres::hosts`), and what TLS lacks is said of the TCP hosts when they are tried,
    // or at once when no socket is listed, for then no host can connect without it.
    let hosts = crate::postgres::hosts::count(&config);
    let sockets = (0..hosts)
        .filter(|&i| crate::postgres::hosts::is_socket(&config, i))
        .count();
    let tls = match asked {
        _ if hosts > 0 && sockets == hosts => {
            config.ssl_mode(postgres::config::SslMode::Disable);
            None
        }
        None => None,
        Some(asked) if sockets == 0 => Some(Ok(asked.tls?)),
        Some(asked) => Some(asked.tls),
    };
    let mut warnings = Vec::new();
    let passwords = passwords(&mut config, env, &mut warnings);
    Ok(Settings {
        config,
        tls,
        passwords,
        warnings,
        origins,
        unread_port,
    })
}

/// Each host's password (by its place in the list) as libpq finds it when it tries the host:
/// the source's, else `PGPASSWORD`, which go in `config` for every host; else the password
/// file's line for the host. The file is read once; one libpq would not read is said in
/// `warnings`, and then no host has a password.
fn passwords(
    config: &mut postgres::Config,
    env: &Environment,
    warnings: &mut Vec<String>,
) -> Vec<HostPassword> {
    let hosts = crate::postgres::hosts::count(config).max(1);
    let every = |password: Option<Vec<u8>>, from: PasswordFrom| {
        vec![HostPassword { password, from }; hosts]
    };
    let nowhere = |looked_in, skipped| PasswordFrom::Nowhere { looked_in, skipped };
    if let Some(password) = config.get_password().filter(|p| !p.is_empty()) {
        return every(Some(password.to_vec()), PasswordFrom::Source);
    }
    if let Some(password) = &env.password {
        config.password(password.as_str());
        return every(
            Some(password.as_bytes().to_vec()),
            PasswordFrom::Environment,
        );
    }
    let Some(path) = &env.password_file else {
        return every(None, nowhere(None, None));
    };
    let text = match password_file(path) {
        Ok(Some(text)) => text,
        Ok(None) => return every(None, nowhere(None, None)),
        Err(warning) => {
            warnings.push(warning);
            return every(None, nowhere(None, Some(path.clone())));
        }
    };
    (0..hosts)
        .map(|i| match host_line(&text, config, i) {
            Some((password, line)) => HostPassword {
                password: Some(password),
                from: PasswordFrom::File {
                    path: path.clone(),
                    line,
                },
            },
            None => HostPassword {
                password: None,
                from: nowhere(Some(path.clone()), None),
            },
        })
        .collect()
}

/// How a source's text gives the port, as libpq reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PortText {
    /// It writes one: `host:5433`, `?port=` or `port=`, for one host or several.
    Named,
    /// A URL that lists several hosts before its path, none with a port: libpq reads its port
    /// as a list of empty ones, each the default, 5432, and does not read PGPORT.
    Listed,
    /// It writes none (a URL's `host:` writes an empty one, which libpq takes for none): libpq
    /// takes PGPORT, one port for every host or one for each.
    Open,
}

/// The hosts of a URL's text as the driver finds them (`h1:5433,h2`), and where they start
/// in it: after the first `@`, wherever it is (the driver ends the credentials there), up to
/// the path or the parameters. None for a key=value string.
fn url_hosts(source: &str) -> Option<(usize, &str)> {
    let scheme = ["postgres://", "postgresql://"]
        .into_iter()
        .find(|scheme| source.starts_with(scheme))?;
    let rest = &source[scheme.len()..];
    let start = rest.find('@').map_or(0, |at| at + 1);
    let after = &rest[start..];
    let end = after.find(['/', '?']).unwrap_or(after.len());
    Some((scheme.len() + start, &after[..end]))
}

/// The port a URL's host is written with (`h:5433`, `[::1]:5433`), empty when it ends in `:`.
fn port_of_host(host: &str) -> Option<&str> {
    match host.strip_prefix('[') {
        Some(v6) => v6
            .split_once(']')
            .and_then(|(_, after)| after.strip_prefix(':')),
        None => host.split_once(':').map(|(_, port)| port),
    }
}

/// How `source` gives its port (see `PortText`). The driver's settings cannot say: it gives a
/// URL's host without a port 5432, so the URL's text is looked at, its hosts (each of several)
/// and its parameters (`?port=`). A key=value string gives the driver a port only with `port=`.
fn port_text(source: &str, config: &postgres::Config) -> PortText {
    let Some((_, hosts)) = url_hosts(source) else {
        return match config.get_ports().is_empty() {
            true => PortText::Open,
            false => PortText::Named,
        };
    };
    let in_hosts = hosts
        .split(',')
        .any(|host| port_of_host(host).is_some_and(|port| !port.is_empty()));
    let rest = source.split_once("://").map_or(source, |(_, rest)| rest);
    let in_parameters = rest.split_once('?').is_some_and(|(_, parameters)| {
        parameters.split('&').any(|pair| {
            let key = pair.split_once('=').map_or(pair, |(key, _)| key);
            percent_encoding::percent_decode_str(key)
                .decode_utf8_lossy()
                .trim()
                == "port"
        })
    });
    match (in_hosts || in_parameters, hosts.contains(',')) {
        (true, _) => PortText::Named,
        (false, true) => PortText::Listed,
        (false, false) => PortText::Open,
    }
}

/// For a URL that names one host (without a port: see `PortText::Open`), the URL with a port
/// written after it, as a function of the port.
fn with_port(source: &str) -> Option<impl Fn(u16) -> String + '_> {
    let (start, hosts) = url_hosts(source).filter(|(_, hosts)| !hosts.is_empty())?;
    let bare = hosts.strip_suffix(':').unwrap_or(hosts);
    let (before, after) = (&source[..start], &source[start + hosts.len()..]);
    Some(move |port: u16| format!("{before}{bare}:{port}{after}"))
}

/// A URL whose one host is written without a port and whose `?port=` gives one, written as libpq
/// reads it: the parameter's port in the host, the parameter taken out. The driver gives the host
/// 5432 and then the parameter's port, two ports for one host, and refused the URL so.
fn port_parameter_in_host(source: &str) -> Option<String> {
    let (start, host) = url_hosts(source)?;
    if host.is_empty() || host.contains(',') || port_of_host(host).is_some_and(|p| !p.is_empty()) {
        return None;
    }
    let (base, query) = source.split_at(source.find('?')?);
    let mut port = None;
    let mut kept = Vec::new();
    for parameter in query[1..].split('&') {
        match parameter.strip_prefix("port=") {
            Some(value) => port = Some(value),
            None => kept.push(parameter),
        }
    }
    // A list of ports for one host is the driver's to refuse, as libpq refuses it.
    let port = port.filter(|p| !p.contains(','))?;
    let bare = host.strip_suffix(':').unwrap_or(host);
    let mut written = format!(
        "{}{bare}:{port}{}",
        &base[..start],
        &base[start + host.len()..]
    );
    if !kept.is_empty() {
        written = format!("{written}?{}", kept.join("&"));
    }
    Some(written)
}

/// PGPORT's ports: one, or a list (`5433,5434`), one for each host.
fn ports_of(ports: &str) -> Result<Vec<u16>, String> {
    ports
        .split(',')
        .map(|port| {
            port.trim()
                .parse()
                .map_err(|_| format!("PGPORT `{ports}` is not a port (a whole number up to 65535)"))
        })
        .collect()
}

impl Settings {
    /// Whether the source's text leaves out any of what names the server and the session (host,
    /// port, database, user), or names several hosts, one of which answered: then what was
    /// connected to is not in it, and the report says.
    pub fn source_leaves_it_open(&self) -> bool {
        let o = &self.origins;
        [o.host, o.port, o.database, o.user]
            .iter()
            .any(|origin| *origin != Origin::Source)
            || self.config.get_hosts().len() + self.config.get_hostaddrs().len() > 1
    }

    /// What was connected to, for a report, in one line (see `server_named`).
    pub fn connected_to(&self, server: &Server) -> String {
        format!("connected to {}", self.server_named(server))
    }

    /// The host, port, database and user, each the source's or, said beside it, where else it
    /// came from; with what the server says where it is more (the address of a host named by
    /// name or one of several, its own port, the database the user's name gave). Never the
    /// password: it is made of none of its text.
    pub fn server_named(&self, server: &Server) -> String {
        // A host and a user have no default: the source or a variable gives them, or
        // `settings` refuses it.
        let said = |origin: Origin, default: &str| match origin {
            Origin::Variable(name) => vec![format!("{name}'s")],
            Origin::Default if !default.is_empty() => vec![default.to_string()],
            Origin::Source | Origin::Default => Vec::new(),
        };
        let hosts: Vec<String> = match self.config.get_hosts() {
            [] => self
                .config
                .get_hostaddrs()
                .iter()
                .map(ToString::to_string)
                .collect(),
            named => named
                .iter()
                .map(crate::postgres::hosts::host_name)
                .collect(),
        };
        let hosts = hosts.join(",");
        let mut host_notes = said(self.origins.host, "");
        if let Some(answered) = &server.answered {
            host_notes.push(format!("{answered} answered"));
        }
        if let Some(address) = server
            .address
            .as_ref()
            .filter(|a| **a != hosts && Some(*a) != server.answered.as_ref())
        {
            host_notes.push(format!("the server's address {address}"));
        }
        let ports = match self.config.get_ports() {
            [] => "5432".to_string(),
            ports => ports
                .iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join(","),
        };
        let mut port_notes = said(self.origins.port, "the default");
        if let Some(unread) = &self.unread_port {
            port_notes.push(format!(
                "PGPORT, {unread}, is not read for a URL that lists several hosts, as libpq \
                 does not read it there: write each host's port"
            ));
        }
        if let Some(port) = server.port.filter(|p| p.to_string() != ports) {
            port_notes.push(format!("the server's port {port}"));
        }
        let database = server
            .database
            .clone()
            .or_else(|| self.config.get_dbname().map(str::to_string))
            .or_else(|| self.config.get_user().map(str::to_string))
            .unwrap_or_default();
        let user = server
            .user
            .clone()
            .or_else(|| self.config.get_user().map(str::to_string))
            .unwrap_or_default();
        let with = |value: &str, notes: Vec<String>| match notes.is_empty() {
            true => value.to_string(),
            false => format!("{value} ({})", notes.join("; ")),
        };
        format!(
            "host {}, port {}, database {}, user {}",
            with(&hosts, host_notes),
            with(&ports, port_notes),
            with(&database, said(self.origins.database, "the user's name")),
            with(&user, said(self.origins.user, "")),
        )
    }

    /// Each host of the list as `hosts::each` gives it (in the order to try them), with the
    /// password that host is offered.
    pub fn hosts(&self) -> Result<Vec<crate::postgres::hosts::OneHost>, String> {
        let mut hosts = crate::postgres::hosts::each(&self.config)?;
        for host in &mut hosts {
            let password = self
                .passwords
                .get(host.index)
                .and_then(|p| p.password.as_ref());
            if let Some(password) = password {
                host.config.password(password);
            }
        }
        Ok(hosts)
    }

    /// What to add to the error of the host at `index` of the list about its password, if
    /// anything: where the one refused came from, or, when the server asked for one and none was
    /// found, where it was looked for and where to give it.
    pub fn password_hint(&self, index: usize, e: &postgres::Error) -> Option<String> {
        let refused = e.code() == Some(&postgres::error::SqlState::INVALID_PASSWORD);
        let missing = crate::postgres::said(e).contains("password missing");
        self.passwords
            .get(index)
            .and_then(|p| hint(&p.from, refused, missing))
    }
}

/// What a password's failure adds to an error: `refused` (the server refused the password
/// offered) says whose it was; `missing` (the server asked and none was offered) says where it
/// was looked for and where to give it.
fn hint(from: &PasswordFrom, refused: bool, missing: bool) -> Option<String> {
    match from {
        PasswordFrom::Environment if refused => Some("the password was PGPASSWORD's".into()),
        PasswordFrom::File { path, line } if refused => Some(format!(
            "the password was read from the password file {}, line {line}",
            path.display()
        )),
        PasswordFrom::Nowhere { looked_in, skipped } if missing => {
            let file = match (looked_in, skipped) {
                (Some(path), _) => format!(
                    "the password file {} has no line for this connection \
                     (HOST:PORT:DATABASE:USER:PASSWORD)",
                    path.display()
                ),
                (None, Some(path)) => format!(
                    "the password file {} was not read (see the warning above)",
                    path.display()
                ),
                (None, None) => "there is no password file (PGPASSFILE, else ~/.pgpass)".into(),
            };
            Some(format!(
                "{file}; give the password in PGPASSWORD or the password file rather than \
                 in the source, where ps and the shell's history show it"
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each host's password as `Settings::hosts` offers it, in the list's order.
    fn passwords_of(settings: &Settings) -> Vec<Option<String>> {
        let mut hosts = settings.hosts().expect("the hosts go with their ports");
        hosts.sort_by_key(|host| host.index);
        hosts
            .iter()
            .map(|host| {
                let password = host.config.get_password();
                password.map(|p| String::from_utf8_lossy(p).into_owned())
            })
            .collect()
    }

    /// The first host's password.
    fn password_of(settings: &Settings) -> Option<String> {
        passwords_of(settings).swap_remove(0)
    }

    /// Where the first host's password came from.
    fn from_of(settings: &Settings) -> &PasswordFrom {
        &settings.passwords[0].from
    }

    /// A password file of `text`, readable by its owner alone, removed when dropped: at the end
    /// of the test, pass or fail.
    fn file(name: &str, text: &str) -> tempfile::NamedTempFile {
        let file = tempfile::Builder::new()
            .prefix(&format!("gwt-pgpass-{name}-"))
            .tempfile()
            .expect("a temporary file");
        let path = file.path();
        std::fs::write(path, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        file
    }

    #[test]
    fn a_connection_string_that_does_not_read_is_not_shown_when_it_holds_a_password() {
        // libpq ends the password at the space: `cd` is no key, and was printed unmasked.
        let said = settings(
            "host=h user=ann password=ab cdsecret",
            &Environment::default(),
        )
        .err()
        .unwrap();
        assert!(!said.contains("cdsecret") && !said.contains("ab"), "{said}");
        // Nor in the driver's words, which quote the word it could not read (the review of
        // 2026-12-06, M7: `unknown option `horse``).
        let said = settings(
            "host=h user=ann password=correct horse=battery",
            &Environment::default(),
        )
        .err()
        .unwrap();
        assert!(
            !said.contains("horse") && !said.contains("battery"),
            "{said}"
        );
        assert!(
            said.starts_with(
                "the connection string is not a PostgreSQL connection string (it is not shown, \
                 as it holds a password"
            ),
            "{said}"
        );
    }

    #[test]
    fn the_password_is_the_sources_then_pgpassword_then_the_password_files() {
        let pgpass = file("precedence", "h:5432:db:ann:from-file\n");
        let env = Environment {
            password: Some("from-env".into()),
            password_file: Some(pgpass.path().to_path_buf()),
            ..Environment::default()
        };
        let given = settings("postgres://ann:in-url@h/db", &env).unwrap();
        assert_eq!(password_of(&given).as_deref(), Some("in-url"));
        assert_eq!(*from_of(&given), PasswordFrom::Source);
        let from_env = settings("postgres://ann@h/db", &env).unwrap();
        assert_eq!(password_of(&from_env).as_deref(), Some("from-env"));
        assert_eq!(*from_of(&from_env), PasswordFrom::Environment);
        let env = Environment {
            password: None,
            ..env
        };
        let from_file = settings("host=h user=ann dbname=db", &env).unwrap();
        assert_eq!(password_of(&from_file).as_deref(), Some("from-file"));
        assert_eq!(
            *from_of(&from_file),
            PasswordFrom::File {
                path: pgpass.path().to_path_buf(),
                line: 1
            }
        );
        // The database is the user's name when the source names none, as the server reads it.
        let none = settings("postgres://ann@h", &env).unwrap();
        assert_eq!(password_of(&none), None);
        assert_eq!(
            *from_of(&none),
            PasswordFrom::Nowhere {
                looked_in: Some(pgpass.path().to_path_buf()),
                skipped: None
            }
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_password_file_others_can_read_is_not_read_and_said() {
        use std::os::unix::fs::PermissionsExt;
        let pgpass = file("open", "*:*:*:*:secret\n");
        std::fs::set_permissions(pgpass.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
        let env = Environment {
            password_file: Some(pgpass.path().to_path_buf()),
            ..Environment::default()
        };
        let settings = settings("postgres://ann@h/db", &env).unwrap();
        assert_eq!(password_of(&settings), None);
        // Skipped, not missing: the hint for a refused connection says so.
        assert_eq!(
            *from_of(&settings),
            PasswordFrom::Nowhere {
                looked_in: None,
                skipped: Some(pgpass.path().to_path_buf())
            }
        );
        assert_eq!(settings.warnings.len(), 1);
        assert!(
            settings.warnings[0].contains("can be read or written by its group or others")
                && settings.warnings[0].contains("chmod 600"),
            "{:?}",
            settings.warnings
        );
        let folder = Environment {
            password_file: pgpass.path().parent().map(Path::to_path_buf),
            ..Environment::default()
        };
        let settings = super::settings("postgres://ann@h/db", &folder).unwrap();
        assert!(settings.warnings[0].contains("is not a plain file"));
    }

    #[test]
    fn what_the_source_leaves_out_comes_from_the_environment() {
        let env = Environment {
            user: Some("ann".into()),
            database: Some("store".into()),
            host: Some("db1,db2".into()),
            port: Some("5433".into()),
            ..Environment::default()
        };
        let filled = settings("sslmode=disable", &env).unwrap();
        assert_eq!(filled.config.get_user(), Some("ann"));
        assert_eq!(filled.config.get_dbname(), Some("store"));
        assert_eq!(filled.config.get_hosts().len(), 2);
        assert_eq!(filled.config.get_ports(), [5433]);
        // The source's own settings win; PGPORT gives the port of a source whose text names
        // none, whatever gave its host, as libpq takes it (it was read with PGHOST alone).
        let own = settings("postgres://bob@db3/orders", &env).unwrap();
        assert_eq!(own.config.get_user(), Some("bob"));
        assert_eq!(own.config.get_dbname(), Some("orders"));
        assert_eq!(own.config.get_ports(), [5433]);
        let ports = |source: &str, env: &Environment| {
            let settings = settings(source, env).unwrap();
            (settings.config.get_ports().to_vec(), settings.origins.port)
        };
        let pgport = Origin::Variable("PGPORT");
        for source in [
            "postgres://bob@db3:/orders",
            "postgres://bob@[::1]/orders",
            "postgres://bob@%2Fvar%2Frun%2Fpostgresql/orders",
            "postgres://bob@/orders?host=db3",
            "host=db3 user=bob",
        ] {
            assert_eq!(ports(source, &env), (vec![5433], pgport), "{source}");
        }
        // A port written in the source is the source's; one list of PGPORT's goes with the
        // hosts of a key=value string, one for each, as libpq pairs them.
        for source in [
            "postgres://bob@db3:6000/orders",
            "host=db3 port=6000 user=bob",
        ] {
            assert_eq!(
                ports(source, &env),
                (vec![6000], Origin::Source),
                "{source}"
            );
        }
        let two = Environment {
            port: Some("5433,5434".into()),
            ..env.clone()
        };
        assert_eq!(
            ports("host=db1,db2 user=bob", &two),
            (vec![5433, 5434], pgport)
        );
        // libpq refuses two ports for one host; gwt too, before connecting.
        assert!(settings("postgres://bob@db3/orders", &two)
            .err()
            .unwrap_or_default()
            .starts_with("PGPORT `5433,5434` gives 2 ports for the one host"));
        // A URL that lists several hosts has each the default where it writes no port: libpq
        // reads its port as a list of empty ones, and not PGPORT, which is said unread.
        for source in [
            "postgres://bob@db1,db2/orders",
            "postgres://bob@db1:6000,db2/orders",
        ] {
            let listed = settings(source, &env).unwrap();
            assert!(!listed.config.get_ports().contains(&5433), "{source}");
        }
        assert_eq!(
            settings("postgres://bob@db1,db2/orders", &env)
                .unwrap()
                .unread_port
                .as_deref(),
            Some("5433")
        );
        let said = |source: &str| {
            settings(source, &Environment::default())
                .err()
                .unwrap_or_default()
        };
        assert!(
            said("host=h").contains("names no user"),
            "{}",
            said("host=h")
        );
        assert!(said("user=ann").contains("names no host"));
        let bad_port = Environment {
            port: Some("x".into()),
            ..env
        };
        assert!(settings("dbname=x", &bad_port)
            .err()
            .unwrap_or_default()
            .contains("PGPORT `x` is not a port"));
    }

    /// libpq sends PGOPTIONS (`-c search_path=es`) when the source gives no options; it was
    /// read by no one, and a table in another schema was not found.
    #[test]
    fn pgoptions_gives_the_session_s_settings_unless_the_source_does() {
        let env = Environment {
            options: Some("-c search_path=es".into()),
            ..Environment::default()
        };
        let from_env = settings("host=h user=ann dbname=db", &env).unwrap();
        assert_eq!(from_env.config.get_options(), Some("-c search_path=es"));
        let own = settings("host=h user=ann dbname=db options='-c search_path=x'", &env).unwrap();
        assert_eq!(own.config.get_options(), Some("-c search_path=x"));
    }

    /// libpq ignores sslmode over a Unix socket; the driver tried TLS there under `prefer` and
    /// failed on the socket's folder as no server name (`invalid dns name`).
    #[test]
    fn a_unix_socket_is_connected_to_without_tls_whatever_the_sslmode() {
        use postgres::config::SslMode;
        let env = Environment::default();
        for source in [
            "host=/var/run/postgresql user=ann dbname=db",
            "host=/var/run/postgresql user=ann dbname=db sslmode=require",
            "postgres://ann@%2Fvar%2Frun%2Fpostgresql/db",
        ] {
            let unix = settings(source, &env).unwrap();
            assert_eq!(unix.tls, None, "{source}");
            assert_eq!(unix.config.get_ssl_mode(), SslMode::Disable, "{source}");
        }
        let from_env = Environment {
            host: Some("/tmp".into()),
            ..Environment::default()
        };
        assert_eq!(settings("user=ann dbname=db", &from_env).unwrap().tls, None);
        let tcp = settings("host=db user=ann dbname=db", &env).unwrap();
        assert!(matches!(tcp.tls, Some(Ok(_))));
        assert_eq!(tcp.config.get_ssl_mode(), SslMode::Prefer);
    }

    /// A verifying mode needs a root certificate for a host over TCP alone: sockets alone ask
    /// for none, a list with a TCP host keeps what is missing for when that host is tried, and
    /// a list without a socket is refused at once, as nothing in it could connect.
    #[test]
    fn a_verifying_mode_wants_a_root_certificate_for_tcp_hosts_alone() {
        use postgres::config::SslMode;
        let env = Environment::default();
        let sockets = settings(
            "host=/var/run/postgresql,/tmp user=ann dbname=db sslmode=verify-full",
            &env,
        )
        .unwrap();
        assert_eq!(sockets.tls, None);
        assert_eq!(sockets.config.get_ssl_mode(), SslMode::Disable);
        let from_env = Environment {
            ssl_mode: Some("verify-ca".into()),
            ..Environment::default()
        };
        assert_eq!(
            settings("host=/var/run/postgresql user=ann", &from_env)
                .unwrap()
                .tls,
            None
        );
        let mixed = settings(
            "host=/var/run/postgresql,db user=ann dbname=db sslmode=verify-full",
            &env,
        )
        .unwrap();
        assert_eq!(mixed.config.get_ssl_mode(), SslMode::Require);
        match &mixed.tls {
            Some(Err(why)) => assert!(
                why.starts_with("sslmode=verify-full checks the server's certificate"),
                "{why}"
            ),
            other => panic!("{other:?}"),
        }
        let Err(refused) = settings("host=db1,db2 user=ann dbname=db sslmode=verify-full", &env)
        else {
            panic!("a TCP list without a root certificate was taken");
        };
        assert!(refused.starts_with("sslmode=verify-full checks the server's certificate"));
    }

    #[test]
    fn what_was_connected_to_is_said_with_where_each_setting_came_from() {
        let env = Environment {
            user: Some("ann".into()),
            database: Some("store".into()),
            host: Some("db1".into()),
            port: Some("5433".into()),
            ..Environment::default()
        };
        let told = |source: &str, env: &Environment, server: &Server| {
            let settings = settings(source, env).unwrap();
            (
                settings.source_leaves_it_open(),
                settings.connected_to(server),
            )
        };
        let none = Server::default();
        assert_eq!(
            told("sslmode=disable", &env, &none),
            (
                true,
                "connected to host db1 (PGHOST's), port 5433 (PGPORT's), database store \
                 (PGDATABASE's), user ann (PGUSER's)"
                    .into()
            )
        );
        // A host the source names without a port takes PGPORT's, as libpq's reading does (the
        // driver's gave it 5432, and PGPORT was said not to have counted).
        assert_eq!(
            told("postgres://bob@db2/orders", &env, &none),
            (
                true,
                "connected to host db2, port 5433 (PGPORT's), database orders, user bob".into()
            )
        );
        // A URL that lists several hosts without their ports does not read it, as libpq does
        // not: said beside the port.
        assert_eq!(
            told("postgres://bob@db1,db2/orders", &env, &none).1,
            "connected to host db1,db2, port 5432,5432 (the default; PGPORT, 5433, is not read \
             for a URL that lists several hosts, as libpq does not read it there: write each \
             host's port), database orders, user bob"
        );
        // The server's database is the user's name when nothing names one.
        let bare = Environment::default();
        assert_eq!(
            told("host=db2 port=6000 user=bob", &bare, &none).1,
            "connected to host db2, port 6000, database bob (the user's name), user bob"
        );
        // A source that names all four leaves nothing to say.
        for whole in [
            "postgres://bob:pw@db2:5432/orders",
            "postgres://bob@[::1]:5432/orders",
            "host=db2 port=5432 user=bob dbname=orders",
            "postgres:///orders?host=db2&port=5432&user=bob",
        ] {
            assert!(!told(whole, &env, &none).0, "{whole}");
        }
        // Of several hosts, the one that answered is said, and the server's address; a port
        // the server gives as other than the one connected to (a pooler's) is said too.
        let server = Server {
            answered: Some("db2".into()),
            database: Some("orders".into()),
            user: Some("bob".into()),
            address: Some("10.0.0.6".into()),
            port: Some(5432),
        };
        assert_eq!(
            told(
                "host=db1,db2 port=6432 user=bob dbname=orders",
                &bare,
                &server
            ),
            (
                true,
                "connected to host db1,db2 (db2 answered; the server's address 10.0.0.6), port \
                 6432 (the server's port 5432), database orders, user bob"
                    .into()
            )
        );
        // Over a Unix socket the server gives no address: which host answered is all there is
        // to tell it by. An address that is the host's name is not said twice.
        let socket = Server {
            answered: Some("/var/run/postgresql".into()),
            address: None,
            port: None,
            ..server.clone()
        };
        assert_eq!(
            told(
                "host=/var/run/postgresql,db1 user=bob dbname=orders",
                &bare,
                &socket
            )
            .1,
            "connected to host /var/run/postgresql,db1 (/var/run/postgresql answered), port 5432 \
             (the default), database orders, user bob"
        );
        let second = Server {
            answered: Some("10.0.0.2".into()),
            address: Some("10.0.0.2".into()),
            port: Some(5432),
            ..server.clone()
        };
        assert_eq!(
            told(
                "host=10.0.0.1,10.0.0.2 port=5432 user=bob dbname=orders",
                &bare,
                &second
            )
            .1,
            "connected to host 10.0.0.1,10.0.0.2 (10.0.0.2 answered), port 5432, database \
             orders, user bob"
        );
        // What the server says of a host named by its address adds nothing.
        let local = Server {
            answered: None,
            address: Some("127.0.0.1".into()),
            port: Some(5433),
            ..server
        };
        assert_eq!(
            told("host=127.0.0.1 port=5433 user=bob", &bare, &local).1,
            "connected to host 127.0.0.1, port 5433, database orders (the user's name), user bob"
        );
    }

    #[test]
    fn a_port_is_named_by_the_source_only_where_its_text_gives_one() {
        use PortText::{Listed, Named, Open};
        let named = |source: &str| port_text(source, &source.parse().unwrap());
        for (source, port) in [
            ("postgres://u@h/x", Open),
            ("postgres://u@h:5433/x", Named),
            ("postgres://u@h:/x", Open),
            ("postgres://u:p:w@h/x", Open),
            ("postgres://u@[::1]/x", Open),
            ("postgres://u@[::1]:/x", Open),
            ("postgres://u@[::1]:5433/x", Named),
            ("postgres://u@h1,h2:5433/x", Named),
            ("postgres://u@h1,h2/x", Listed),
            ("postgres://u@h1:,h2:/x", Listed),
            ("postgres://u@h/x?port=5433", Named),
            ("postgres://u@h1,h2/x?port=5433", Named),
            ("postgres://u@h/x?sslmode=disable", Open),
            ("postgres:///x?host=/tmp", Open),
            ("host=h port=5433", Named),
            ("host=h1,h2", Open),
            ("host=h", Open),
        ] {
            assert_eq!(named(source), port, "{source}");
        }
        // A one-host URL's `?port=` is the host's port, as libpq takes it: the driver gave the
        // host 5432 as well, and the source was refused as naming 1 host and 2 ports.
        for (source, written) in [
            ("postgres://u@h/x?port=5436", Some("postgres://u@h:5436/x")),
            (
                "postgres://u@h:/x?sslmode=disable&port=5436&application_name=a",
                Some("postgres://u@h:5436/x?sslmode=disable&application_name=a"),
            ),
            (
                "postgres://u@[::1]/x?port=5436",
                Some("postgres://u@[::1]:5436/x"),
            ),
            ("postgres://u@h:5433/x?port=5436", None),
            ("postgres://u@h1,h2/x?port=5436", None),
            ("postgres://u@h/x?port=5436,5437", None),
            ("postgres://u@h/x", None),
        ] {
            assert_eq!(
                port_parameter_in_host(source).as_deref(),
                written,
                "{source}"
            );
        }
        let one = settings("postgres://u@h/x?port=5436", &Environment::default()).unwrap();
        assert_eq!(one.config.get_ports(), [5436]);
        let written = |source: &str| with_port(source).map(|with| with(5433));
        assert_eq!(
            written("postgres://u:p@h/x?a=b").as_deref(),
            Some("postgres://u:p@h:5433/x?a=b")
        );
        assert_eq!(
            written("postgres://u@[::1]:").as_deref(),
            Some("postgres://u@[::1]:5433")
        );
        assert_eq!(written("postgres://u@/x?host=h"), None);
        assert_eq!(written("host=h"), None);
    }

    /// The line names the server from the settings, not from the source's text: no password
    /// shows, wherever it was given.
    #[test]
    fn no_password_shows_in_what_was_connected_to() {
        let pgpass = file("told", "*:*:*:*:hunter2\n");
        let env = Environment {
            user: Some("ann".into()),
            password: Some("hunter2".into()),
            ..Environment::default()
        };
        let from_file = Environment {
            password: None,
            password_file: Some(pgpass.path().to_path_buf()),
            ..env.clone()
        };
        for (source, env) in [
            ("postgres://ann:hunter2@db", &env),
            ("postgres://ann@db?password=hunter2", &env),
            ("postgres://ann@db?%70assword=hunter2", &env),
            ("postgresql://db?user=ann&password=hunter2", &env),
            ("host=db password=hunter2", &env),
            ("host=db password = hunter2", &env),
            ("host=db password='hun ter2'", &env),
            (r"host=db password='it\'s hunter2'", &env),
            ("host=db", &env),
            ("host=db", &from_file),
        ] {
            let settings = settings(source, env).unwrap();
            assert!(password_of(&settings).is_some(), "{source}");
            let told = settings.connected_to(&Server::default());
            assert!(told.starts_with("connected to host db"), "{source}: {told}");
            assert!(
                !told.contains("hunter2") && !told.contains("hun ter2"),
                "{source}: {told}"
            );
        }
    }

    #[test]
    fn an_at_sign_left_as_is_in_a_password_is_refused_without_showing_the_url() {
        let env = Environment::default();
        for source in [
            "postgres://ann:hun@ter2@db/d",
            "postgresql://ann:p@ss@db:5433",
            "postgres://sp:Pw@Sec?ret9@127.0.0.1:5440/base",
            "postgres://sp:p@x?ter2@db",
        ] {
            let Err(said) = settings(source, &env) else {
                panic!("{source} was read");
            };
            assert!(said.contains("written `%40`"), "{source}: {said}");
            assert!(!said.contains("ter2") && !said.contains("ss@db"), "{said}");
        }
        // Written `%40`, or an `@` only in the query, is read.
        let env = Environment {
            user: Some("ann".into()),
            ..Environment::default()
        };
        assert!(settings("postgres://ann:hun%40ter2@db/d", &env).is_ok());
        assert!(settings("postgres://ann@db/d?application_name=a@b", &env).is_ok());
        // The session is named gwt in the server's list, unless the source names it.
        let named = |source: &str| {
            let config = settings(source, &env).unwrap().config;
            config.get_application_name().map(str::to_string)
        };
        assert_eq!(named("postgres://ann@db/d").as_deref(), Some("gwt"));
        assert_eq!(
            named("postgres://ann@db/d?application_name=nightly").as_deref(),
            Some("nightly")
        );
    }

    fn with_file(pgpass: &tempfile::NamedTempFile) -> Environment {
        Environment {
            password_file: Some(pgpass.path().to_path_buf()),
            ..Environment::default()
        }
    }

    fn some(passwords: &[&str]) -> Vec<Option<String>> {
        passwords.iter().map(|p| Some(p.to_string())).collect()
    }

    /// libpq looks a line up for each host it tries; the first host's line was every host's.
    #[test]
    fn each_host_of_a_list_is_offered_its_own_line_of_the_password_file() {
        let pgpass = file(
            "each",
            "first:5432:db:ann:one\nsecond:6000:db:ann:two\n\
             10.0.0.1:5432:db:ann:three\n10.0.0.2:5432:db:ann:four\n",
        );
        let env = with_file(&pgpass);
        let path = pgpass.path().to_path_buf();
        for source in [
            "host=first,second port=5432,6000 user=ann dbname=db",
            "postgres://ann@first:5432,second:6000/db",
        ] {
            let two = settings(source, &env).unwrap();
            assert_eq!(passwords_of(&two), some(&["one", "two"]), "{source}");
            let froms: Vec<_> = two.passwords.iter().map(|p| p.from.clone()).collect();
            assert_eq!(
                froms,
                [1, 2].map(|line| PasswordFrom::File {
                    path: path.clone(),
                    line
                }),
                "{source}"
            );
        }
        // A host named by its address alone is looked up by it.
        let addresses = settings("hostaddr=10.0.0.1,10.0.0.2 user=ann dbname=db", &env).unwrap();
        assert_eq!(passwords_of(&addresses), some(&["three", "four"]));
        // Shuffled, each host keeps its own.
        let random = "host=first,second port=5432,6000 user=ann dbname=db \
                      load_balance_hosts=random";
        let random = settings(random, &env).unwrap();
        for _ in 0..20 {
            for host in random.hosts().unwrap() {
                let expected: &[u8] = match host.name().as_str() {
                    "first" => b"one",
                    _ => b"two",
                };
                assert_eq!(
                    host.config.get_password(),
                    Some(expected),
                    "{}",
                    host.name()
                );
            }
        }
    }

    /// A host the password file has no line for is tried without a password, as libpq tries it,
    /// where it was given another host's; its hint says where the password was looked for.
    #[test]
    fn a_host_without_a_line_is_tried_without_a_password() {
        let pgpass = file("second", "second:5432:db:ann:two\n");
        let env = with_file(&pgpass);
        let path = pgpass.path().to_path_buf();
        let list = settings("host=first,second user=ann dbname=db", &env).unwrap();
        assert_eq!(passwords_of(&list), [None, Some("two".to_string())]);
        let missing = hint(&list.passwords[0].from, false, true).unwrap_or_default();
        assert!(
            missing.starts_with(&format!(
                "the password file {} has no line for this connection",
                path.display()
            )),
            "{missing}"
        );
        // No password was offered to it: none was refused.
        assert_eq!(hint(&list.passwords[0].from, true, false), None);
        let refused = hint(&list.passwords[1].from, true, false).unwrap_or_default();
        assert_eq!(
            refused,
            format!(
                "the password was read from the password file {}, line 1",
                path.display()
            )
        );
        // The first host's line is not the second's either.
        let pgpass = file("first", "first:5432:db:ann:one\n");
        let first = settings("host=first,second user=ann dbname=db", &with_file(&pgpass)).unwrap();
        assert_eq!(passwords_of(&first), [Some("one".to_string()), None]);
        assert!(matches!(
            &first.passwords[1].from,
            PasswordFrom::Nowhere { looked_in: Some(p), skipped: None } if p == pgpass.path()
        ));
    }

    /// libpq looks a socket in the folder it is built with up as `localhost`; any other
    /// folder by its path.
    #[test]
    fn a_socket_in_a_list_is_looked_up_as_localhost() {
        let pgpass = file(
            "socket",
            "localhost:5432:db:ann:local\ndb:5432:db:ann:remote\n/srv/pg:5432:db:ann:own\n\
             localhost:5433:db:ann:other-port\n",
        );
        let env = with_file(&pgpass);
        let list = settings(
            "host=/var/run/postgresql,db,/srv/pg,/tmp,/run/postgresql user=ann dbname=db",
            &env,
        )
        .unwrap();
        assert_eq!(
            passwords_of(&list),
            some(&["local", "remote", "own", "local", "local"])
        );
        let ports = settings("host=db,/tmp port=5432,5433 user=ann dbname=db", &env).unwrap();
        assert_eq!(passwords_of(&ports), some(&["remote", "other-port"]));
        let url = settings("postgres://ann@%2Frun%2Fpostgresql,db/db", &env).unwrap();
        assert_eq!(passwords_of(&url), some(&["local", "remote"]));
    }

    /// The source's password and PGPASSWORD are every host's, whatever the file says, as
    /// libpq reads the file only when neither gives one.
    #[test]
    fn a_password_given_for_the_list_is_every_host_s() {
        let pgpass = file("list", "first:5432:db:ann:one\nsecond:5432:db:ann:two\n");
        let env = Environment {
            password: Some("from-env".into()),
            ..with_file(&pgpass)
        };
        let list = "host=first,second,third user=ann dbname=db";
        let from_env = settings(list, &env).unwrap();
        assert_eq!(
            passwords_of(&from_env),
            some(&["from-env", "from-env", "from-env"])
        );
        assert!(from_env
            .passwords
            .iter()
            .all(|p| p.from == PasswordFrom::Environment));
        let own = settings(&format!("{list} password=pw"), &env).unwrap();
        assert_eq!(passwords_of(&own), some(&["pw", "pw", "pw"]));
        assert!(own.passwords.iter().all(|p| p.from == PasswordFrom::Source));
    }
}
