//! `gwt simulate` end to end: a progress bar on a terminal, the simulation, the failures written
//! as feature files, and the closing table.

use std::io::IsTerminal;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};

use crate::domains::{with_simulated, DomainName, ForSimulated};
use crate::feature_writer::write_feature;
use crate::migration::plural;
use crate::output::{remove_partial_files_when_interrupted, Output};
use crate::report::table;
use crate::search::{simulate, Options};
use crate::simulation::Simulated;

struct Simulate<'a> {
    options: &'a Options,
    out: &'a Path,
}

impl ForSimulated for Simulate<'_> {
    type Output = ExitCode;
    fn run<C: Simulated>(self) -> ExitCode {
        let total = match self.options.replay {
            Some(_) => 1,
            None => self.options.histories,
        };
        let bar = if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(total);
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} histories, {msg} ({eta})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        } else {
            ProgressBar::hidden()
        };
        let (totals, found) = simulate::<C>(self.options, |t| {
            bar.set_position(t.histories);
            bar.set_message(format!("{} failures", t.failures));
        });
        bar.finish_and_clear();
        let mut status = ExitCode::SUCCESS;
        for f in &found {
            status = ExitCode::FAILURE;
            match write_feature::<C>(f, self.options, self.out) {
                Ok(path) => eprintln!(
                    "failure: {} ({} of {} steps after shrinking): {}\n  written to {}",
                    f.failure.check.describe(),
                    f.history.len(),
                    f.original_steps,
                    f.failure.message,
                    path.display()
                ),
                Err(e) => eprintln!(
                    "failure: {}; cannot write its feature: {e}",
                    f.failure.message
                ),
            }
        }
        if totals.failures > 0 {
            status = ExitCode::FAILURE;
        }
        print!("{}", table(C::NAME, &totals));
        status
    }
}

pub fn run(domain: DomainName, options: &Options, out: &Path) -> ExitCode {
    with_simulated(domain, Simulate { options, out })
}

struct Bench<'a>(&'a Options);

impl ForSimulated for Bench<'_> {
    type Output = String;
    fn run<C: Simulated>(self) -> String {
        crate::bench::measure::<C>(self.0, 7).report(C::NAME)
    }
}

/// `gwt simulate --bench`: the figures, as text.
pub fn bench(domain: DomainName, options: &Options) -> String {
    with_simulated(domain, Bench(options))
}

struct Export<'a> {
    options: &'a Options,
    versions: crate::export::Versions,
    file: &'a Path,
}

impl ForSimulated for Export<'_> {
    type Output = ExitCode;
    fn run<C: Simulated>(self) -> ExitCode {
        let histories = plural(self.options.histories, "history", "histories");
        if self.file == Path::new("-") {
            // The log is the output: what is said about it goes to standard error, so that
            // `gwt simulate --export - | gwt verify-migration --from -` reads only the log.
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            return match crate::export::export::<C>(self.options, self.versions, &mut out) {
                Ok(n) => {
                    let events = plural(n, "event", "events");
                    eprintln!("{events} of {histories} written to standard output");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("gwt simulate --export: cannot write to standard output: {e}");
                    ExitCode::from(2)
                }
            };
        }
        remove_partial_files_when_interrupted("gwt simulate --export");
        let mut output = match Output::create(self.file, "--export") {
            Ok(output) => output,
            Err(e) => {
                eprintln!("gwt simulate: {e}");
                return ExitCode::from(2);
            }
        };
        let written = {
            let mut out = std::io::BufWriter::new(output.file.as_file_mut());
            crate::export::export::<C>(self.options, self.versions, &mut out)
                .and_then(|n| out.flush().map(|()| n))
        };
        let written = written
            .map_err(|e| format!("cannot write {}: {e}", self.file.display()))
            .and_then(|n| output.persist().map(|()| n));
        match written {
            Ok(n) => {
                println!(
                    "{} of {histories} written to {}",
                    plural(n, "event", "events"),
                    self.file.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("gwt simulate --export: {e}");
                ExitCode::from(2)
            }
        }
    }
}

/// `gwt simulate --export FILE`.
pub fn export(
    domain: DomainName,
    options: &Options,
    versions: crate::export::Versions,
    file: &Path,
) -> ExitCode {
    with_simulated(
        domain,
        Export {
            options,
            versions,
            file,
        },
    )
}
