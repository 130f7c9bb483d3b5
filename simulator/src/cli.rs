//! The `gwt` command line over the domains a `main` registers: `gwt`'s own binary registers the
//! domains this repository ships, and a team's binary its own (see `Domains`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use steps::runner::RunOptions;

use crate::catalog_view::CatalogFormat;
use crate::domains::Domains;

#[derive(Parser)]
#[command(
    name = "gwt",
    version,
    about = "Executable specifications of event-sourced systems"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lists every message of a domain: fields with types, stored versions, handler, subscribers.
    Catalog {
        /// The bounded context to describe.
        #[arg(long)]
        domain: String,
        /// Writes JSON for tools instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Runs feature files (or every `.feature` under folders) against a domain. Exit status 0
    /// every scenario passed; 1 a scenario failed, a file or path could not be read (it counts
    /// as a failed feature, and the others run), or no scenario ran (--tags or --name chose
    /// none); 2 the run could not start (a --tags or --name that does not parse, a --junit
    /// report that cannot be written)
    Test {
        /// Feature files or folders (default: `features/<domain>`, the domain's own suite).
        paths: Vec<PathBuf>,
        /// The bounded context the features speak of.
        #[arg(long)]
        domain: String,
        /// Runs only scenarios matching this tag expression (`@slow and not @wip`).
        #[arg(long)]
        tags: Option<String>,
        /// Runs only scenarios whose name matches this regular expression.
        #[arg(long)]
        name: Option<String>,
        /// Writes a JUnit XML report to this file.
        #[arg(long, value_name = "FILE")]
        junit: Option<PathBuf>,
        /// Skips the implicit checks (duplicate delivery; stored-form Givens and process managers
        /// restarted after each message).
        #[arg(long)]
        no_implicit_checks: bool,
        /// Keeps snapshots in this folder instead of `snapshots/` beside each feature file (to
        /// run features in a folder that is read-only or not yours).
        #[arg(long, value_name = "DIR")]
        snapshots: Option<PathBuf>,
        /// Writes each snapshot not yet reviewed, or changed, as the reviewed `.snap` file and
        /// passes its step, saying which it wrote (what `cargo insta review` accepts, without
        /// cargo). Refused under CI=true, where no snapshot is written
        #[arg(long)]
        accept_snapshots: bool,
        /// Prints only the scenarios that fail (each with its steps and what went wrong, under
        /// its feature's line), the problems in feature files, the line on the implicit checks, and
        /// the closing line.
        #[arg(long, short)]
        quiet: bool,
        /// Measures scenarios per second on this many generated scenarios (from 1 to 10000),
        /// against bare cucumber.
        #[arg(long, value_name = "SCENARIOS", num_args = 0..=1, default_missing_value = "1000",
              value_parser = steps::bench::scenario_count,
              conflicts_with_all = ["paths", "tags", "name", "junit", "no_implicit_checks",
                                    "snapshots", "accept_snapshots", "quiet"])]
        bench: Option<usize>,
    },
    /// Runs random histories under faults, checks them, and writes each failure, shrunk, as a
    /// feature file. The closing table's `checks run` counts the checks made: one after every
    /// step (repeated deliveries), and seven after each history: a step's check again, once the
    /// time long after has passed, the invariants, the state long after, read models against a
    /// rebuild, an aggregate against a replay and a snapshot, and the log read back from older
    /// stored forms. Exit status 0 no failure; 1 failures; 2 options or an
    /// --out that cannot be used; 130 stopped by Ctrl-C with no failure found (143 by SIGTERM,
    /// 129 by SIGHUP; the first signal finishes the history under way and prints the table of
    /// those run, its `stopped` row naming the signal)
    Simulate {
        /// The bounded context to simulate.
        #[arg(long)]
        domain: String,
        /// How many histories to run (at least 1).
        #[arg(long, default_value_t = 1000, value_parser = parse_histories,
              allow_hyphen_values = true)]
        histories: u64,
        /// The seed of the whole run. The same seed (with the same options) gives the same
        /// histories and failures: the same feature files and export, byte for byte, and the same
        /// closing table; the timing table below it (elapsed, histories/s, events/s) measures
        /// this run.
        #[arg(long, default_value_t = 1, value_parser = parse_seed, allow_hyphen_values = true)]
        seed: u64,
        /// Faults to inject: `all`, `none`, or a list of duplicate, reorder, crash, late, conflict.
        #[arg(long, default_value = "all")]
        faults: crate::faults::FaultKinds,
        /// This machine's share, `i/n`: runs history k when k % n == i (refused when that is
        /// none of them).
        #[arg(long, default_value = "0/1", value_parser = parse_shard, allow_hyphen_values = true)]
        shard: (u64, u64),
        /// The longest history, in steps (1 to 10000). Longer histories name more orders (the
        /// conference one more every six steps past 30, the store every eight past 32), so that
        /// each order meets as many commands as in a short one.
        #[arg(long, default_value_t = 30, value_parser = parse_max_steps,
              allow_hyphen_values = true)]
        max_steps: usize,
        /// Runs only the history with this seed, given with the --domain and --max-steps it was
        /// drawn with (a failure's feature file prints the whole command, --faults too): the
        /// seed names the history among those, so not with --seed, --histories or --shard.
        #[arg(long, value_parser = parse_seed, allow_hyphen_values = true,
              conflicts_with_all = ["seed", "histories", "shard"])]
        replay: Option<u64>,
        /// With --replay: tells the history step by step before the closing table (the shrunk
        /// one when it fails, as written to its feature file): each event recorded, command sent,
        /// rejected or delivered when due, each event a process manager or read model takes in,
        /// and every fault drawn, then the check that failed.
        #[arg(long, requires = "replay", conflicts_with_all = ["export", "bench"])]
        trace: bool,
        /// Where to write the feature files of failures (a folder, made if missing; by default
        /// simulation-failures in the current folder); not with --export or --bench, which
        /// write none.
        // The default is applied after parsing: given to the parser, it stood in the usage line
        // of every error as if typed (`Usage: gwt simulate --replay <REPLAY> --out <DIR>`).
        #[arg(long, value_name = "DIR", conflicts_with_all = ["export", "bench"])]
        out: Option<PathBuf>,
        /// How many failures to shrink and write as feature files; the rest are counted. Not
        /// with --export or --bench, which write none.
        #[arg(long, value_name = "N", default_value_t = 5, value_parser = parse_keep,
              allow_hyphen_values = true, conflicts_with_all = ["export", "bench"])]
        keep: usize,
        /// Measures events checked per second against a bare fold of the same events (every
        /// history from the first; at most 10000 histories and 300000 steps in all, as every one
        /// is kept in memory).
        #[arg(long, conflicts_with_all = ["shard", "replay"])]
        bench: bool,
        /// Writes the histories' logs to this JSON-lines file (`-`: standard output) instead of
        /// checking them; every history from the first, so not with --shard, --replay or --bench.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["shard", "replay", "bench"])]
        export: Option<PathBuf>,
        /// With --export: current stored forms, or a mix with older ones (the default).
        // `conflicts_with` too: clap does not ask for `--export` when `--bench`, which it
        // cannot go with, is given, and `--bench --versions current` passed in silence.
        #[arg(long, value_enum, requires = "export", conflicts_with = "bench")]
        versions: Option<crate::export::Versions>,
    },
    /// Reads a recorded log (JSON lines of stored forms, or a PostgreSQL events table), upcasts
    /// every event, replays it through the current domain and checks it. Exit status 0 clean; 1
    /// differences from --expect, events no command could have recorded, invariant breaches, or a
    /// migrated copy that replays otherwise; 2 a log that cannot be read whole (a line or row that
    /// is not a stored event, an event type or version the upcasters do not know, a payload they
    /// cannot read, an event out of its stream's order, repeated, missing or in another
    /// aggregate's stream), an input or output file that cannot be used (a compressed log
    /// included: feed it decompressed), or a log with no events (unless --allow-empty).
    VerifyMigration {
        /// The log: a JSON-lines file of stored forms (`-`: standard input), or a database whose
        /// `events` table has the postgres-es layout (read in a read-only transaction), named
        /// by a `postgres://` URL or a key=value connection string (`host=db user=ann
        /// dbname=store`); a file that exists by that name is read as the file. As libpq, a
        /// password the source does not give is taken from PGPASSWORD, else from the password
        /// file (PGPASSFILE, else ~/.pgpass; not read if others may read it), so that it need
        /// not show in `ps` and the shell's history; PGUSER and PGDATABASE fill in a user and
        /// database the source leaves out, PGHOST a host and PGPORT a port when its text writes
        /// none, and the report then says what was connected to.
        #[arg(long, value_name = "SOURCE")]
        from: String,
        /// The bounded context the log belongs to.
        #[arg(long)]
        domain: String,
        /// Read models exported by the system being migrated, to compare the rebuild with: a JSON
        /// object of read models by name, each an object of entries by key, as
        /// --export-read-models writes it. Fields compare by their type: amounts and instants
        /// by value however written (199 is "199.00", +00:00 is Z), text exactly.
        #[arg(long, value_name = "FILE")]
        expect: Option<PathBuf>,
        /// Writes the log in the current version (a copy; the source is never written) and checks
        /// that replaying the copy gives exactly what upcasting on read gave. The file is replaced
        /// only when the whole log was read and the copy checked.
        #[arg(long, value_name = "FILE")]
        write_migrated: Option<PathBuf>,
        /// Writes the rebuilt read models as JSON (to compare a later migration with).
        #[arg(long, value_name = "FILE")]
        export_read_models: Option<PathBuf>,
        /// Stops reading after this many errors, and shows at most this many differences and
        /// invariant breaches (0: no limit).
        #[arg(long, default_value_t = 100, value_parser = parse_max_errors,
              allow_hyphen_values = true)]
        max_errors: usize,
        /// Accepts a log with no events (exit 0). Without it, an empty log exits 2: a wrong path
        /// or database would otherwise verify clean.
        #[arg(long)]
        allow_empty: bool,
        /// Also names, on a clean log read in its order, the commands process managers sent that
        /// the log records nothing of by its end (in flight, or lost): each is kept until its
        /// stream records something after it, and process managers are handed their own timeouts
        /// as the log's clock reaches them, which costs the replay about 3%.
        #[arg(long)]
        unanswered: bool,
        /// Measures events per second on one core against a baseline that only parses and folds
        /// the same lines, and as the tool runs (reading on threads of its own); the file is read
        /// into memory first. From PostgreSQL: against only reading the rows. Then peak memory.
        /// The log must read whole (a file, read more than once: not standard input); invariant
        /// breaches are counted, not listed. It writes and compares nothing.
        #[arg(long, conflicts_with_all = ["expect", "write_migrated", "export_read_models",
              "max_errors", "allow_empty", "unanswered"])]
        bench: bool,
    },
    /// Fills an empty PostgreSQL `events` table (the postgres-es layout; made if missing) from a
    /// JSON-lines log, with COPY. A table that holds rows is refused: the log would be read as
    /// one history with them.
    Load {
        /// The database: `postgres://user@host:port/database`, or a key=value connection
        /// string (`host=db user=ann dbname=store`). The password, and what else the source
        /// leaves out, comes from the environment and the password file as for verify-migration
        /// --from (PGPASSWORD, else PGPASSFILE or ~/.pgpass).
        #[arg(long, value_name = "DATABASE")]
        to: String,
        /// The log: a JSON-lines file of stored forms (`-`: standard input).
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
    },
    /// Lists the messages and rules of a domain that no scenario mentions yet, each rule with
    /// what a scenario needs to specify it and the scenario that comes nearest. Exit status 0 all
    /// are mentioned; 1 some are not, or a feature file does not read (its scenarios are not
    /// counted, even when that leaves none); 2 a path that is not there, no feature file, or
    /// files with no scenario of the domain and no problem (every message would read as
    /// unmentioned, a gap the suite may not have)
    Coverage {
        /// Feature files or folders (default: `features/<domain>`).
        paths: Vec<PathBuf>,
        /// The bounded context the features speak of.
        #[arg(long)]
        domain: String,
        /// Writes JSON for tools instead of a report.
        #[arg(long)]
        json: bool,
    },
}

impl Command {
    /// The domain the command works on; `None` for one that works on none.
    fn domain(&self) -> Option<&str> {
        match self {
            Command::Catalog { domain, .. }
            | Command::Test { domain, .. }
            | Command::Simulate { domain, .. }
            | Command::VerifyMigration { domain, .. }
            | Command::Coverage { domain, .. } => Some(domain),
            Command::Load { .. } => None,
        }
    }
}

/// The command line over `domains`, its arguments read from the process's: a binary's whole
/// `main`. `--domain` takes their names and defaults to the first.
pub fn main(domains: Domains) -> ExitCode {
    // A team's upcaster that panics is told on its event's line; the hook's words would repeat
    // it, once a line, out of place.
    domain::kernel::quiet_upcaster_panics();
    crate::interrupt::writes_past_the_size_limit_fail();
    main_from(domains, std::env::args_os())
}

/// Refuses `--trace` without `--replay`. clap's `requires` is not enough: it lets a required
/// argument be missing when one it conflicts with is given, so `--trace --seed 2` ran a whole
/// simulation, traced nothing, and passed.
fn trace_has_its_history(cli: Cli, domains: &Domains) -> Result<Cli, clap::Error> {
    let Command::Simulate {
        trace: true,
        replay: None,
        ..
    } = &cli.command
    else {
        return Ok(cli);
    };
    let mut line = command_line(domains);
    // Built, so that the subcommand's usage line names the program (`gwt simulate`), as
    // clap's own errors do.
    line.build();
    let message = "--trace tells one history step by step: it needs --replay SEED (the \
                   history's seed, as its feature file gives it)";
    Err(match line.find_subcommand_mut("simulate") {
        Some(simulate) => simulate.error(ErrorKind::MissingRequiredArgument, message),
        None => line.error(ErrorKind::MissingRequiredArgument, message),
    })
}

/// `main`, its arguments (the program's name first) given.
pub fn main_from(
    domains: Domains,
    args: impl IntoIterator<Item = impl Into<std::ffi::OsString> + Clone>,
) -> ExitCode {
    let parsed = command_line(&domains)
        .try_get_matches_from(args)
        .and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches))
        .and_then(|cli| trace_has_its_history(cli, &domains));
    let command = match parsed {
        Ok(cli) => cli.command,
        // Help and the version go to standard output, which clap writes without a word when
        // it cannot: through our writer, a full disk is said and exits 2 as for any report.
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let help = e.render();
            // Coloured only for a terminal that takes colour, as clap itself would print it.
            let coloured = std::io::IsTerminal::is_terminal(&std::io::stdout())
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb");
            let text = match coloured {
                true => help.ansi().to_string(),
                false => help.to_string(),
            };
            steps::stdout::print(&text);
            return steps::stdout::finish("gwt", ExitCode::SUCCESS);
        }
        // A mistake in the list of domains explains arguments it could not take (no domain to
        // default to), so it is told first.
        Err(e) => match domains.check() {
            Err(mistake) => {
                steps::say!("gwt: {mistake}");
                return ExitCode::from(2);
            }
            Ok(()) => e.exit(),
        },
    };
    // Help and the version are given whatever the list holds; a command needs a list to
    // choose from.
    if let Err(e) = domains.check() {
        steps::say!("gwt: {e}");
        return ExitCode::from(2);
    }
    let name = match &command {
        Command::Catalog { .. } => "gwt catalog",
        Command::Test { .. } => "gwt test",
        Command::Simulate { .. } => "gwt simulate",
        Command::VerifyMigration { .. } => "gwt verify-migration",
        Command::Load { .. } => "gwt load",
        Command::Coverage { .. } => "gwt coverage",
    };
    // Every report goes through `steps::stdout`, which says here, once, if it could not be
    // written.
    steps::stdout::finish(name, run(&domains, command))
}

/// How `gwt simulate --help` marks a domain registered without a generator of histories.
const NOT_SIMULATED: &str = "(not simulated: registered without a generator of histories)";

/// The arguments clap reads, `--domain` given the registered names (shown in the help, anything
/// else refused with them) and the first as its default.
fn command_line(domains: &Domains) -> clap::Command {
    let first = domains.names().first().copied();
    // `gwt simulate --help` tells which domains it cannot run, rather than leaving it to the
    // error a run would give.
    let values = |simulating: bool| -> Vec<clap::builder::PossibleValue> {
        domains
            .iter()
            .map(|d| {
                let value = clap::builder::PossibleValue::new(d.name());
                match (d.about(), simulating && d.simulation().is_none()) {
                    (Some(about), false) => value.help(about),
                    (None, false) => value,
                    (Some(about), true) => value.help(format!("{about} {NOT_SIMULATED}")),
                    (None, true) => value.help(NOT_SIMULATED),
                }
            })
            .collect()
    };
    let (all, simulated) = (values(false), values(true));
    // Whatever the binary's file is called, the command line is `gwt`: its messages, and the
    // replay commands written into feature files, say so.
    Cli::command()
        .name("gwt")
        .bin_name("gwt")
        .version(domains.version_text())
        .mut_subcommands(|sub| {
            if sub.get_arguments().any(|a| a.get_id() == "domain") {
                let values = match sub.get_name() {
                    "simulate" => simulated.clone(),
                    _ => all.clone(),
                };
                sub.mut_arg("domain", |arg| {
                    let arg = arg
                        .value_parser(clap::builder::PossibleValuesParser::new(values))
                        .required(false);
                    match first {
                        Some(first) => arg.default_value(first),
                        None => arg,
                    }
                })
            } else {
                sub
            }
        })
}

fn run(domains: &Domains, command: Command) -> ExitCode {
    // A wiring mistake (a misspelt name in SUBSCRIBES) would route nothing, silently: it is
    // told here, before any command works on the domain.
    let Some(domain) = command.domain() else {
        return match command {
            Command::Load { to, from } => {
                let catalogs: Vec<_> = domains.iter().map(|d| d.catalog()).collect();
                let read_models: Vec<crate::run_migration::ReadModelName> = catalogs
                    .iter()
                    .flat_map(|c| c.read_models.iter().map(|r| (r.name, Some(c.domain))))
                    .collect();
                crate::run_migration::load(&to, &from, &read_models)
            }
            _ => unreachable!("every command but load works on a domain"),
        };
    };
    let domain = domains
        .get(domain)
        .expect("clap admits only the names of registered domains");
    if let Err(e) = domain.check_wiring() {
        steps::say!("{e}");
        return ExitCode::from(2);
    }
    match command {
        Command::Catalog { json, .. } => {
            let format = if json {
                CatalogFormat::Json
            } else {
                CatalogFormat::Table
            };
            write_out(&crate::catalog_view::render(&domain.catalog(), format))
        }
        Command::Test {
            bench: Some(count), ..
        } => {
            crate::output::remove_when_interrupted("gwt test --bench", steps::bench::folder());
            let Some(scenario) = domain.bench_scenario() else {
                steps::say!(
                    "gwt test --bench: the domain {} gives no scenario to measure with \
                     (`Registered::bench_scenario`)",
                    domain.name()
                );
                return ExitCode::from(2);
            };
            match steps::bench::measure(domain.factory(), scenario, count, 3) {
                Ok(figures) => write_out(&figures.report()),
                Err(e) => {
                    steps::say!("gwt test --bench: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Test {
            paths,
            tags,
            name,
            junit,
            no_implicit_checks,
            snapshots,
            accept_snapshots,
            quiet,
            bench: None,
            ..
        } => {
            let paths = match suite_or(paths, domain.folder(), "test") {
                Ok(paths) => paths,
                Err(code) => return code,
            };
            let options = RunOptions {
                tags,
                name,
                junit,
                implicit_checks: !no_implicit_checks,
                quiet: false,
                only_failures: quiet,
                snapshots,
                accept_snapshots,
                other_domains: domains.other_catalogs(domain.name()),
            };
            // A CI job's timeout sends SIGTERM: the run says what it counted, and its JUnit
            // report holds the scenarios that finished, where the signal's default left the
            // report an empty file, which CI's readers refuse.
            crate::interrupt::on_signal(|signal| {
                let why = format!("interrupted by {}", crate::interrupt::signal_name(signal));
                match steps::runner::interrupted(&why) {
                    Some(said) => steps::say!("gwt test: {said}"),
                    None => steps::say!("gwt test: {why}"),
                }
                std::process::exit(crate::interrupt::status_of(signal).into());
            });
            match steps::runner::run(domain.factory(), &paths, &options) {
                Ok(summary) => {
                    steps::stdout::print(&format!("{}\n", summary.line()));
                    if summary.ok() {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::FAILURE
                    }
                }
                Err(e) => {
                    steps::say!("gwt test: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Simulate {
            histories,
            seed,
            faults,
            shard,
            max_steps,
            replay,
            trace,
            out,
            keep,
            bench,
            export,
            versions,
            ..
        } => {
            // Before the options are judged: none of them would make it simulate.
            let Some(simulation) = domain.simulation() else {
                let command = match (&export, bench) {
                    (Some(_), _) => "gwt simulate --export",
                    (None, true) => "gwt simulate --bench",
                    (None, false) => "gwt simulate",
                };
                steps::say!(
                    "{command}: {}",
                    crate::domains::no_simulation(domain.name())
                );
                return ExitCode::from(2);
            };
            let options = crate::search::Options {
                histories,
                seed,
                kinds: faults,
                shard,
                max_steps,
                replay,
                trace,
                start: crate::simulation::history_start(),
                keep,
            };
            // Shard i runs histories i, i + n, …: one whose first is past the last runs none,
            // which in a CI matrix means shards and histories do not match. Refused, as
            // `--histories 0` is, rather than passing without checking anything.
            let (index, count) = shard;
            if replay.is_none() && index >= histories {
                steps::say!(
                    "gwt simulate: --shard {index}/{count} of {histories} {}: this shard runs \
                     none of them ({}): nothing to run (give more --histories or fewer shards)",
                    if histories == 1 {
                        "history"
                    } else {
                        "histories"
                    },
                    match histories.min(count) {
                        1 => "only shard 0 has one".to_string(),
                        n => format!("only shards 0 to {} have one", n - 1),
                    },
                );
                return ExitCode::from(2);
            }
            if bench && histories > BENCH_HISTORIES {
                steps::say!(
                    "gwt simulate --bench: --histories {histories} is more than the bench can hold: \
                     it keeps every history and its system in memory (at most {BENCH_HISTORIES})"
                );
                return ExitCode::from(2);
            }
            // What it holds grows with every step too: 1,000 histories of 10,000 steps took a
            // gigabyte.
            let steps = histories.saturating_mul(max_steps as u64);
            if bench && steps > BENCH_STEPS {
                steps::say!(
                    "gwt simulate --bench: {histories} histories of up to {max_steps} steps are \
                     more than the bench can hold: it keeps every history and its system in \
                     memory (at most {} steps in all, histories × --max-steps)",
                    domain::kernel::readable_number(BENCH_STEPS.into())
                );
                return ExitCode::from(2);
            }
            if let Some(file) = export {
                simulation.export(
                    &options,
                    versions.unwrap_or(crate::export::Versions::Mixed),
                    &file,
                )
            } else if bench {
                crate::output::say_when_interrupted("gwt simulate --bench", "nothing was measured");
                match simulation.bench(&options) {
                    Ok(figures) => write_out(&figures),
                    Err(none) => {
                        steps::say!("gwt simulate --bench: {none}");
                        ExitCode::from(2)
                    }
                }
            } else {
                let out = out.unwrap_or_else(|| PathBuf::from("simulation-failures"));
                simulation.simulate(&options, &out)
            }
        }
        Command::VerifyMigration {
            bench: true, from, ..
        } => domain.bench_verification(&from, &domains.other_catalogs(domain.name())),
        Command::VerifyMigration {
            from,
            expect,
            write_migrated,
            export_read_models,
            max_errors,
            allow_empty,
            unanswered,
            bench: false,
            ..
        } => domain.verify(
            &crate::run_migration::Request {
                from,
                expect,
                write_migrated,
                export_read_models,
                max_errors,
                allow_empty,
                unanswered,
            },
            &domains.other_catalogs(domain.name()),
        ),
        Command::Load { .. } => unreachable!("load works on no domain"),
        Command::Coverage { paths, json, .. } => {
            let paths = match suite_or(paths, domain.folder(), "coverage") {
                Ok(paths) => paths,
                Err(code) => return code,
            };
            // A path that is not there is no suite at all: every message would read as
            // unmentioned, as if the suite had a gap (exit 1), where nothing was read.
            // A link that leads nowhere is there: a feature file that does not read (exit 1),
            // as `gwt test` fails it, told by the reading.
            if let Some(missing) = paths.iter().find(|p| p.symlink_metadata().is_err()) {
                steps::say!(
                    "gwt coverage: {}: no such file or folder (expected feature files or folders \
                     of them)",
                    missing.display()
                );
                return ExitCode::from(2);
            }
            let catalog = domain.catalog();
            let others = domains.other_catalogs(domain.name());
            let coverage = steps::coverage::coverage(&catalog, &others, &paths);
            let text = if json {
                let mut value = serde_json::to_value(&coverage).expect("the coverage serializes");
                // The domain measured, as the report's first line names it.
                value["domain"] = serde_json::json!(catalog.domain);
                // With no scenario read nothing is measured, as the text report says: listed as
                // missing, every message read as a gap to a tool reading the JSON.
                if coverage.scenarios == 0 {
                    value["messages_missing"] = serde_json::json!([]);
                    value["rules_missing"] = serde_json::json!([]);
                    value["rules_unspecified"] = serde_json::json!([]);
                    value["nothing_to_measure"] =
                        serde_json::json!("no scenario of this domain was read");
                }
                serde_json::to_string_pretty(&value).expect("the coverage serializes") + "\n"
            } else {
                steps::coverage::report(catalog.domain, &coverage)
            };
            write_out(&text);
            // No scenario of the domain (an empty folder, another domain's suite) is no suite
            // at all: every message would read as unmentioned. Files whose problems left no
            // scenario are a suite with problems, which `gwt test` fails too.
            if coverage.no_suite() {
                ExitCode::from(2)
            } else if coverage.complete() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

fn parse_shard(text: &str) -> Result<(u64, u64), String> {
    let (i, n) = text
        .split_once('/')
        .ok_or_else(|| format!("`{text}` is not a shard (expected `i/n`, such as `0/4`)"))?;
    let expected = "expected `i/n`, two whole numbers such as `0/4`: this run is shard i of n";
    // Digits only, too many of them: a number, more than can be counted.
    let number = |text: &str, what: &str| -> Result<u64, String> {
        let t = text.trim();
        t.parse().map_err(
            |_| match !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
                true => format!(
                    "{t} is more than a shard {what} can be (at most {})",
                    domain::kernel::readable_number(u64::MAX.into())
                ),
                false => format!("`{text}` is not a shard {what} ({expected})"),
            },
        )
    };
    let i = number(i, "index")?;
    let n = number(n, "count")?;
    if n == 0 {
        return Err(format!("shard {i}/{n}: the count must be at least 1"));
    }
    if i >= n {
        return Err(format!("shard {i}/{n}: the index must be below the count"));
    }
    Ok((i, n))
}

/// The longest history `--max-steps` takes. A history is drawn, run and shrunk whole in memory,
/// so a count in the billions would exhaust memory or never end; ten thousand steps is a history
/// hundreds of times longer than the default, and still runs in seconds.
const MAX_STEPS: u64 = 10_000;

/// The most histories `--bench` takes: it keeps every history and the system it ended with.
const BENCH_HISTORIES: u64 = 10_000;

/// The most steps `--bench` takes in all (histories × `--max-steps`): the most histories at the
/// default length, 30 steps, and a tenth of what took a gigabyte.
const BENCH_STEPS: u64 = 300_000;

fn parse_max_steps(text: &str) -> Result<usize, String> {
    let expected = format!("expected a whole number of steps from 1 to {MAX_STEPS}");
    let n: u64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}`: {expected}"))?;
    match n {
        0 => Err(format!("0: a history needs at least 1 step ({expected})")),
        n if n > MAX_STEPS => Err(format!(
            "{n} steps is longer than the longest history the simulator draws ({expected}: a \
             history is generated, run and shrunk whole in memory)"
        )),
        n => Ok(n as usize),
    }
}

fn parse_histories(text: &str) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(0) => Err("0 histories: there is nothing to run (give at least 1)".into()),
        Ok(n) => Ok(n),
        // Digits only, too many of them: said as such, with the most there can be.
        Err(_) if !text.trim().is_empty() && text.trim().bytes().all(|b| b.is_ascii_digit()) => {
            Err(format!(
                "{} histories are more than can be counted (at most {})",
                text.trim(),
                domain::kernel::readable_number(u64::MAX.into())
            ))
        }
        Err(_) => Err(format!(
            "`{text}` is not a number of histories (a whole number, at least 1)"
        )),
    }
}

fn parse_seed(text: &str) -> Result<u64, String> {
    let t = text.trim();
    match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => t.parse(),
    }
    .map_err(|_| {
        format!(
            "`{text}` is not a seed (a whole number from 0 to {}, or hex such as 0x1f)",
            u64::MAX
        )
    })
}

/// `--max-errors`, in words: a number past what the machine counts, or not a number, was told in
/// Rust's (`number too large to fit in target type`), and `-1` as an unexpected argument.
fn parse_max_errors(text: &str) -> Result<usize, String> {
    text.trim().parse().map_err(|_| {
        format!(
            "`{text}` is not a number of errors (a whole number from 0, no limit, to {})",
            usize::MAX
        )
    })
}

fn parse_keep(text: &str) -> Result<usize, String> {
    text.trim().parse().map_err(|_| {
        format!(
            "`{text}` is not a number of failures to keep (a whole number from 0 to {})",
            usize::MAX
        )
    })
}

/// Writes a report whose command has nothing else to say: `main` tells whether it was written.
fn write_out(output: &str) -> ExitCode {
    steps::stdout::print(output);
    ExitCode::SUCCESS
}

/// The paths given, or the chosen domain's own suite (`features/<folder>`, from the folder gwt
/// runs in) when none are. Run elsewhere with none, the suite is not there: said once, with
/// what to give (exit 2), where the run told only `features/conference: no such file or
/// folder`, as if the path had been given.
fn suite_or(paths: Vec<PathBuf>, folder: &str, command: &str) -> Result<Vec<PathBuf>, ExitCode> {
    if !paths.is_empty() {
        return Ok(paths);
    }
    let suite = crate::domains::suite_folder(Path::new(""), folder);
    if suite.exists() {
        return Ok(vec![suite]);
    }
    steps::say!(
        "gwt {command}: no feature files or folders given, and {} (the domain's own suite, \
         which gwt reads when none are given, from the project's root) is not here: give the \
         feature files or folders to read (gwt {command} FILE|FOLDER …)",
        suite.display()
    );
    Err(ExitCode::from(2))
}
