//! The hosts of a source's list, each as a connection of its own, in the order libpq tries them.
//! The driver connects a list with one TLS mode for all of it, where libpq speaks none over a
//! Unix socket and the `sslmode` over TCP: a list that named a socket and a TCP host tried TLS
//! on the socket, where PostgreSQL never speaks it (under `prefer`, the default, the socket
//! failed on its folder as no server name; under `require`, on the server's refusal). gwt tries
//! the hosts itself, one config each, so that each gets the mode right for it.

use std::hash::{BuildHasher, Hasher};
use std::net::IpAddr;

use postgres::config::{Host, LoadBalanceHosts, SslMode};
use postgres::Config;

/// One host of the list: its own settings, and whether it is reached over a Unix socket.
#[derive(Clone, Debug)]
pub struct OneHost {
    pub config: Config,
    pub socket: bool,
    /// Its place in the source's list, which a shuffle (`load_balance_hosts=random`) does not
    /// change: what is looked up for each host (its password) is found by it.
    pub index: usize,
}

impl OneHost {
    /// The host as the source names it (its folder, name or address), for a message.
    pub fn name(&self) -> String {
        match (
            self.config.get_hosts().first(),
            self.config.get_hostaddrs().first(),
        ) {
            (Some(host), Some(address)) => format!("{} ({address})", host_name(host)),
            (Some(host), None) => host_name(host),
            (None, Some(address)) => address.to_string(),
            (None, None) => String::new(),
        }
    }

    /// Where the server was looked for, as a client writes it: `db:5432`, `[::1]:5432`, or a
    /// socket's file, `/var/run/postgresql/.s.PGSQL.5432`.
    pub fn address(&self) -> String {
        let port = self.config.get_ports().first().copied().unwrap_or(5432);
        let host = match self.config.get_hosts().first() {
            Some(Host::Unix(folder)) if self.socket => {
                return format!("{}/.s.PGSQL.{port}", folder.display())
            }
            Some(Host::Tcp(name)) if self.config.get_hostaddrs().is_empty() => name.clone(),
            _ => self
                .config
                .get_hostaddrs()
                .first()
                .map(ToString::to_string)
                .unwrap_or_default(),
        };
        match host.contains(':') {
            true => format!("[{host}]:{port}"),
            false => format!("{host}:{port}"),
        }
    }

    /// The host and its port, for a message: `host db, port 5432`.
    pub fn named(&self) -> String {
        let port = self.config.get_ports().first().copied().unwrap_or(5432);
        format!("host {}, port {port}", self.name())
    }
}

/// A host's name as the source writes it: a socket by its folder.
pub fn host_name(host: &Host) -> String {
    match host {
        Host::Tcp(name) => name.clone(),
        Host::Unix(folder) => folder.display().to_string(),
    }
}

/// How many hosts `config` names: as many as its hosts, else its addresses (`hostaddr`).
pub fn count(config: &Config) -> usize {
    config.get_hosts().len().max(config.get_hostaddrs().len())
}

/// Whether the host at `i` is reached over a Unix socket: a folder, without an address that
/// would be connected to over TCP instead (as libpq and the driver take a `hostaddr`).
pub fn is_socket(config: &Config, i: usize) -> bool {
    config.get_hostaddrs().get(i).is_none()
        && matches!(config.get_hosts().get(i), Some(Host::Unix(_)))
}

/// Each host of `config` as a config of its own, in the order they are to be tried: as listed,
/// or shuffled under `load_balance_hosts=random`, as libpq and the driver do. A socket's speaks no
/// TLS, whatever the list's mode; a TCP host's keeps it. A list whose ports or addresses do not
/// go with its hosts is refused, as the driver refuses it.
pub fn each(config: &Config) -> Result<Vec<OneHost>, String> {
    let hosts = config.get_hosts();
    let addresses = config.get_hostaddrs();
    let ports = config.get_ports();
    let many = count(config);
    if many == 0 {
        return Err("the source names no host".into());
    }
    if !hosts.is_empty() && !addresses.is_empty() && hosts.len() != addresses.len() {
        return Err(format!(
            "the source names {} hosts and {} addresses (hostaddr): give one address for each \
             host",
            hosts.len(),
            addresses.len()
        ));
    }
    if ports.len() > 1 && ports.len() != many {
        return Err(format!(
            "the source names {many} hosts and {} ports: give one port for all of them, or one \
             for each",
            ports.len()
        ));
    }
    let mut order: Vec<usize> = (0..many).collect();
    if config.get_load_balance_hosts() == LoadBalanceHosts::Random {
        // Sorted by a hash keyed afresh by the process (std's random keys): a shuffle without
        // a random-number crate for it.
        let keys = std::collections::hash_map::RandomState::new();
        order.sort_by_cached_key(|i| {
            let mut hasher = keys.build_hasher();
            hasher.write_usize(*i);
            hasher.finish()
        });
    }
    Ok(order
        .into_iter()
        .map(|i| {
            let socket = is_socket(config, i);
            let port = ports.get(i).or(ports.first()).copied();
            let mut one = alone(config, hosts.get(i), addresses.get(i).copied(), port);
            if socket {
                one.ssl_mode(SslMode::Disable);
            }
            OneHost {
                config: one,
                socket,
                index: i,
            }
        })
        .collect())
}

/// `config` with one host, its address and its port, every other setting as it was.
fn alone(
    config: &Config,
    host: Option<&Host>,
    address: Option<IpAddr>,
    port: Option<u16>,
) -> Config {
    let mut one = Config::new();
    match host {
        Some(Host::Tcp(name)) => {
            one.host(name);
        }
        Some(Host::Unix(folder)) => {
            one.host_path(folder);
        }
        None => {}
    }
    if let Some(address) = address {
        one.hostaddr(address);
    }
    if let Some(port) = port {
        one.port(port);
    }
    if let Some(user) = config.get_user() {
        one.user(user);
    }
    if let Some(password) = config.get_password() {
        one.password(password);
    }
    if let Some(database) = config.get_dbname() {
        one.dbname(database);
    }
    if let Some(options) = config.get_options() {
        one.options(options);
    }
    if let Some(name) = config.get_application_name() {
        one.application_name(name);
    }
    if let Some(wait) = config.get_connect_timeout() {
        one.connect_timeout(*wait);
    }
    if let Some(wait) = config.get_tcp_user_timeout() {
        one.tcp_user_timeout(*wait);
    }
    if let Some(interval) = config.get_keepalives_interval() {
        one.keepalives_interval(interval);
    }
    if let Some(retries) = config.get_keepalives_retries() {
        one.keepalives_retries(retries);
    }
    one.ssl_mode(config.get_ssl_mode())
        .ssl_negotiation(config.get_ssl_negotiation())
        .keepalives(config.get_keepalives())
        .keepalives_idle(config.get_keepalives_idle())
        .target_session_attrs(config.get_target_session_attrs())
        .channel_binding(config.get_channel_binding())
        .load_balance_hosts(config.get_load_balance_hosts());
    one
}

#[cfg(test)]
mod tests {
    use super::*;
    use postgres::config::SslNegotiation;

    /// A host alone keeps every setting of its list: a setting left out of the copy would be
    /// dropped without a word (a `target_session_attrs`, a timeout).
    #[test]
    fn a_list_of_one_host_is_the_same_config_alone() {
        let source = "host=db port=6000 user=ann password=pw dbname=store options='-c x=y' \
                      application_name=app sslmode=require sslnegotiation=direct connect_timeout=7 \
                      tcp_user_timeout=8 keepalives=0 keepalives_idle=9 \
                      keepalives_interval=10 keepalives_retries=11 \
                      target_session_attrs=read-write channel_binding=require \
                      load_balance_hosts=random hostaddr=10.0.0.1";
        let config: Config = source.parse().unwrap();
        let each = each(&config).unwrap();
        assert_eq!(each.len(), 1);
        // The driver's config has no `==`: its Debug shows every setting but the password (as
        // `_`) and the TLS negotiation.
        let alone = &each[0].config;
        assert_eq!(format!("{alone:?}"), format!("{config:?}"));
        assert_eq!(alone.get_password(), Some(&b"pw"[..]));
        assert_eq!(alone.get_ssl_negotiation(), SslNegotiation::Direct);
        assert!(!each[0].socket);
        assert_eq!(each[0].named(), "host db (10.0.0.1), port 6000");
    }

    #[test]
    fn each_host_has_its_port_and_a_socket_speaks_no_tls() {
        let config: Config = "host=/var/run/postgresql,db1,db2 port=5433,5434,5435 user=ann \
                              sslmode=require"
            .parse()
            .unwrap();
        let each = each(&config).unwrap();
        let named: Vec<_> = each.iter().map(OneHost::named).collect();
        assert_eq!(
            named,
            [
                "host /var/run/postgresql, port 5433",
                "host db1, port 5434",
                "host db2, port 5435"
            ]
        );
        let modes: Vec<_> = each
            .iter()
            .map(|h| (h.socket, h.config.get_ssl_mode()))
            .collect();
        assert_eq!(
            modes,
            [
                (true, SslMode::Disable),
                (false, SslMode::Require),
                (false, SslMode::Require)
            ]
        );
        // One port serves every host; none is the driver's 5432.
        let one: Config = "host=db1,db2 port=6000".parse().unwrap();
        let ports: Vec<_> = each_named(&one);
        assert_eq!(ports, ["host db1, port 6000", "host db2, port 6000"]);
        let none: Config = "host=db1,db2".parse().unwrap();
        assert_eq!(
            each_named(&none),
            ["host db1, port 5432", "host db2, port 5432"]
        );
        // An address connects over TCP, whatever the host names.
        let address: Config = "host=/tmp hostaddr=127.0.0.1".parse().unwrap();
        assert!(!super::each(&address).unwrap()[0].socket);
    }

    fn each_named(config: &Config) -> Vec<String> {
        each(config).unwrap().iter().map(OneHost::named).collect()
    }

    /// Where each host was looked for, as a client writes it, for a message that names no
    /// host otherwise (a server that does not answer as PostgreSQL does).
    #[test]
    fn each_host_s_address_is_written_as_a_client_writes_it() {
        let config: Config = "host=/var/run/postgresql,db1,::1 port=5433,5434,5435"
            .parse()
            .unwrap();
        let addresses: Vec<String> = each(&config)
            .unwrap()
            .iter()
            .map(OneHost::address)
            .collect();
        assert_eq!(
            addresses,
            [
                "/var/run/postgresql/.s.PGSQL.5433",
                "db1:5434",
                "[::1]:5435"
            ]
        );
        let by_address: Config = "hostaddr=10.0.0.1".parse().unwrap();
        assert_eq!(each(&by_address).unwrap()[0].address(), "10.0.0.1:5432");
    }

    #[test]
    fn ports_or_addresses_that_do_not_go_with_the_hosts_are_refused() {
        let ports: Config = "host=db1,db2 port=1,2,3".parse().unwrap();
        assert_eq!(
            each(&ports).unwrap_err(),
            "the source names 2 hosts and 3 ports: give one port for all of them, or one for \
             each"
        );
        let addresses: Config = "host=db1,db2 hostaddr=10.0.0.1".parse().unwrap();
        assert!(each(&addresses)
            .unwrap_err()
            .starts_with("the source names 2 hosts and 1 addresses"));
    }

    /// Under `load_balance_hosts=random` every host is tried, in an order that changes; without
    /// it, in the list's.
    #[test]
    fn hosts_are_tried_in_order_unless_the_source_balances_them() {
        let listed = "host=a,b,c,d,e,f,g,h";
        let names = |config: &Config| -> Vec<String> {
            each(config).unwrap().iter().map(OneHost::name).collect()
        };
        let config: Config = listed.parse().unwrap();
        assert_eq!(names(&config), ["a", "b", "c", "d", "e", "f", "g", "h"]);
        let random: Config = format!("{listed} load_balance_hosts=random")
            .parse()
            .unwrap();
        let orders: std::collections::HashSet<Vec<String>> = (0..50)
            .map(|_| {
                let mut order = names(&random);
                let tried = order.clone();
                order.sort();
                assert_eq!(order, ["a", "b", "c", "d", "e", "f", "g", "h"]);
                tried
            })
            .collect();
        // 50 shuffles of 8 hosts alike would be a chance of 1 in 40,320^49.
        assert!(orders.len() > 1);
        // Each keeps its place in the list, by which its password is found.
        for host in each(&random).unwrap() {
            assert_eq!(
                host.name(),
                ["a", "b", "c", "d", "e", "f", "g", "h"][host.index]
            );
        }
    }
}
