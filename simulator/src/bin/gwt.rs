//! `gwt`: executable specifications and simulations of event-sourced systems. This file only
//! parses arguments and calls the libraries.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use simulator::catalog_view::{CatalogFormat, RenderCatalog};
use simulator::domains::{factory, with_domain, DomainName};
use steps::runner::RunOptions;

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
        #[arg(long, value_enum, default_value = "conference")]
        domain: DomainName,
        /// Writes JSON for tools instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Runs feature files (or every `.feature` under folders) against a domain.
    Test {
        /// Feature files or folders.
        #[arg(required_unless_present = "bench")]
        paths: Vec<PathBuf>,
        /// The bounded context the features speak of.
        #[arg(long, value_enum, default_value = "conference")]
        domain: DomainName,
        /// Runs only scenarios matching this tag expression (`@slow and not @wip`).
        #[arg(long)]
        tags: Option<String>,
        /// Runs only scenarios whose name matches this regular expression.
        #[arg(long)]
        name: Option<String>,
        /// Writes a JUnit XML report to this file.
        #[arg(long, value_name = "FILE")]
        junit: Option<PathBuf>,
        /// Skips the implicit checks (duplicate delivery, stored-form Givens).
        #[arg(long)]
        no_implicit_checks: bool,
        /// Measures scenarios per second on this many generated scenarios, against bare cucumber.
        #[arg(long, value_name = "SCENARIOS", num_args = 0..=1, default_missing_value = "1000")]
        bench: Option<usize>,
    },
    /// Lists the messages and rules of a domain that no scenario mentions yet.
    Coverage {
        /// Feature files or folders (default: `features/<domain>`).
        paths: Vec<PathBuf>,
        /// The bounded context the features speak of.
        #[arg(long, value_enum, default_value = "conference")]
        domain: DomainName,
        /// Writes JSON for tools instead of a report.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Catalog { domain, json } => {
            let format = if json {
                CatalogFormat::Json
            } else {
                CatalogFormat::Table
            };
            write_out(&with_domain(domain, RenderCatalog(format)))
        }
        Command::Test {
            domain,
            bench: Some(count),
            ..
        } => match steps::bench::measure(factory(domain), domain.bench_scenario(), count, 3) {
            Ok(figures) => write_out(&figures.report()),
            Err(e) => {
                eprintln!("gwt test --bench: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Test {
            paths,
            domain,
            tags,
            name,
            junit,
            no_implicit_checks,
            bench: None,
        } => {
            let options = RunOptions {
                tags,
                name,
                junit,
                implicit_checks: !no_implicit_checks,
                quiet: false,
            };
            match steps::runner::run(factory(domain), &paths, &options) {
                Ok(summary) => {
                    println!("{}", summary.line());
                    if summary.ok() {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::FAILURE
                    }
                }
                Err(e) => {
                    eprintln!("gwt test: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Coverage {
            paths,
            domain,
            json,
        } => {
            let paths = if paths.is_empty() {
                vec![PathBuf::from("features").join(domain.folder())]
            } else {
                paths
            };
            let catalog = factory(domain).catalog();
            let coverage = steps::coverage::coverage(&catalog, &paths);
            let text = if json {
                serde_json::to_string_pretty(&coverage).expect("the coverage serializes") + "\n"
            } else {
                steps::coverage::report(catalog.domain, &coverage)
            };
            match write_out(&text) {
                ExitCode::SUCCESS if coverage.complete() => ExitCode::SUCCESS,
                ExitCode::SUCCESS => ExitCode::FAILURE,
                failure => failure,
            }
        }
    }
}

fn write_out(output: &str) -> ExitCode {
    // A closed pipe (`gwt catalog | head`) is not an error worth a panic.
    match std::io::stdout().write_all(output.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gwt: cannot write output: {e}");
            ExitCode::FAILURE
        }
    }
}
