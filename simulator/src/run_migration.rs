//! `gwt verify-migration` end to end: open the source (never for writing), verify, compare,
//! write the migrated copy and check it replays the same, print the report.

use std::io::{BufReader, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};

use crate::domains::{with_simulated, DomainName, ForSimulated};
use domain::kernel::System;

use crate::migration::{read_models_json, verify, verify_events, Report, VerifyOptions};
use crate::simulation::Simulated;

pub struct Request {
    pub from: String,
    pub expect: Option<PathBuf>,
    pub write_migrated: Option<PathBuf>,
    pub export_read_models: Option<PathBuf>,
    pub max_errors: usize,
}

struct Verify<'a>(&'a Request);

/// A progress bar on stderr while a log is read, hidden unless stderr is a terminal: by bytes
/// for a file, whose size is known, by events for a database (counting its rows first would
/// cost a scan).
fn progress_bar(bytes: Option<u64>) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let (bar, template) = match bytes {
        Some(len) => (
            ProgressBar::new(len),
            "verifying {bar:30} {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
        ),
        None => (
            ProgressBar::new_spinner(),
            "verifying {spinner} {human_pos} events ({per_sec})",
        ),
    };
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// Verifies a log file, its reading shown on a progress bar.
fn verify_file<C: Simulated>(
    path: &str,
    options: &VerifyOptions,
    migrated: Option<&mut dyn std::io::Write>,
) -> std::io::Result<(Report, System<C>)> {
    let file = std::fs::File::open(path)?;
    let bar = progress_bar(file.metadata().ok().map(|m| m.len()));
    let verified = verify::<C>(BufReader::new(bar.wrap_read(file)), path, options, migrated);
    bar.finish_and_clear();
    Ok(verified)
}

/// Events between two moves of the database's progress bar, so that the bar costs nothing on
/// the replay's path.
const EVENTS_A_TICK: usize = 4096;

fn unreadable(message: String) -> ExitCode {
    eprintln!("gwt verify-migration: {message}");
    ExitCode::from(2)
}

impl ForSimulated for Verify<'_> {
    type Output = ExitCode;
    fn run<C: Simulated>(self) -> ExitCode {
        let r = self.0;
        let from_database =
            r.from.starts_with("postgres://") || r.from.starts_with("postgresql://");
        let expect = match &r.expect {
            Some(path) => match std::fs::read_to_string(path)
                .map_err(|e| e.to_string())
                .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
            {
                Ok(v) => Some(v),
                Err(e) => {
                    return unreadable(format!(
                        "cannot read the expected read models {}: {e}",
                        path.display()
                    ))
                }
            },
            None => None,
        };
        let options = VerifyOptions {
            max_errors: r.max_errors,
            expect,
        };
        let mut copy = match &r.write_migrated {
            Some(path) => match std::fs::File::create(path) {
                Ok(f) => Some(std::io::BufWriter::new(f)),
                Err(e) => return unreadable(format!("cannot write {}: {e}", path.display())),
            },
            None => None,
        };
        let migrated = copy.as_mut().map(|c| c as &mut dyn std::io::Write);
        let source = if from_database {
            crate::postgres::redact(&r.from)
        } else {
            r.from.clone()
        };
        let (mut report, system) = if from_database {
            let client = match crate::postgres::connect(&r.from) {
                Ok(c) => c,
                Err(e) => return unreadable(e),
            };
            match crate::postgres::events(client, &r.from, crate::migration::stored_reader::<C>()) {
                Ok(events) => {
                    let bar = progress_bar(None);
                    let events = events.enumerate().map(|(i, read)| {
                        if i % EVENTS_A_TICK == 0 {
                            bar.set_position(i as u64);
                        }
                        read
                    });
                    let verified = verify_events::<C>(events, &options, migrated);
                    bar.finish_and_clear();
                    verified
                }
                Err(e) => return unreadable(e),
            }
        } else {
            match verify_file::<C>(&r.from, &options, migrated) {
                Ok(verified) => verified,
                Err(e) => return unreadable(format!("cannot read {}: {e}", r.from)),
            }
        };
        drop(copy);
        if let (Some(path), 0) = (&r.write_migrated, report.exit_code()) {
            // The copy, read back with no upcasting left to do, must build the same.
            let shown = path.display().to_string();
            match verify_file::<C>(&shown, &VerifyOptions::default(), None) {
                Ok((again, replayed)) => {
                    report.errors.extend(again.errors);
                    let same = replayed
                        .aggregate_slots()
                        .iter()
                        .zip(system.aggregate_slots())
                        .all(|(a, b)| a.same_as(b.as_ref()))
                        && replayed
                            .read_model_slots()
                            .iter()
                            .zip(system.read_model_slots())
                            .all(|(a, b)| a.same_as(b.as_ref()));
                    if !same {
                        report.differences.push(format!(
                            "the migrated copy {} builds other aggregates or read models than upcasting on read",
                            path.display()
                        ));
                    }
                }
                Err(e) => report
                    .errors
                    .push(format!("cannot read back {}: {e}", path.display())),
            }
        }
        if let Some(path) = &r.export_read_models {
            let text = serde_json::to_string_pretty(&read_models_json(&system)).unwrap_or_default();
            if let Err(e) = std::fs::write(path, text) {
                eprintln!("gwt verify-migration: cannot write {}: {e}", path.display());
            }
        }
        print!("{}", report.render(&source));
        ExitCode::from(report.exit_code())
    }
}

pub fn run(domain: DomainName, request: &Request) -> ExitCode {
    with_simulated(domain, Verify(request))
}

/// `gwt load --to postgres://… --from FILE`: fills the events table from a JSON-lines log.
pub fn load(to: &str, from: &std::path::Path) -> ExitCode {
    let file = match std::fs::File::open(from) {
        Ok(f) => f,
        Err(e) => return unreadable(format!("cannot read {}: {e}", from.display())),
    };
    match crate::postgres::load(to, BufReader::new(file), &from.display().to_string()) {
        Ok(rows) => {
            println!("{rows} events copied into {}", crate::postgres::redact(to));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gwt load: {e}");
            ExitCode::from(2)
        }
    }
}

struct Bench<'a>(&'a str);

impl ForSimulated for Bench<'_> {
    type Output = ExitCode;
    fn run<C: Simulated>(self) -> ExitCode {
        let source = self.0;
        if source.starts_with("postgres://") || source.starts_with("postgresql://") {
            return match crate::migration::bench_database::<C>(source, 3) {
                Ok(figures) => {
                    print!("{}", figures.report(&crate::postgres::redact(source)));
                    ExitCode::SUCCESS
                }
                Err(e) => unreadable(e),
            };
        }
        // Memory first, streaming from the file as a real run does, before the timed rounds
        // hold the whole text.
        let memory = match std::fs::File::open(source) {
            Ok(file) => crate::migration::measure_memory::<C>(BufReader::new(file), source),
            Err(e) => return unreadable(format!("cannot read {source}: {e}")),
        };
        match std::fs::read_to_string(source) {
            Ok(text) => {
                print!("{}", crate::migration::bench::<C>(&text, 5).report(source));
                print!("{}", memory.report());
                ExitCode::SUCCESS
            }
            Err(e) => unreadable(format!("cannot read {source}: {e}")),
        }
    }
}

/// `gwt verify-migration --bench --from FILE|postgres://…`.
pub fn bench(domain: DomainName, from: &str) -> ExitCode {
    with_simulated(domain, Bench(from))
}
