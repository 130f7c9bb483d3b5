//! The domains' own suites as the tests of a `cargo test` binary: a team's `tests/features.rs`
//! (`harness = false`) is a `main` that registers its domains and hands them to [`main`]. Each
//! feature file of a domain's suite (`features/<name>/`, the folder `gwt test` reads when given
//! no paths) is a test of its own, named `<domain>::<path under the folder>`
//! (`library::loans.feature`), run as `gwt test` runs it, with the implicit checks on; beside
//! them `<domain>::folder` fails for what a run of the whole folder would tell of it besides its
//! files (no feature file at all, a link that leads nowhere, a pipe, no folder). Through
//! [`crate::harness`], `cargo test` runs them all, `cargo test -- FILTER` those whose names hold
//! FILTER, and cargo-nextest lists them and runs each in a process of its own.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use steps::runner::{run, RunOptions};
use steps::world::DomainFactory;

use crate::domains::{suite_folder, Domains, KnownDomain};
use crate::harness::Test;

/// A team's whole `tests/features.rs`: the suites of `domains`, under `features/` of the current
/// folder, which cargo and cargo-nextest make the package's root when they run a test binary.
///
/// ```no_run
/// use simulator::domains::{Domains, Registered};
/// # // Built without gwt's own domains too (`reference-domains`), as a team's crate is.
/// # #[cfg(feature = "reference-domains")]
/// # use domain::conference::ConferenceContext as LibraryContext;
/// # #[cfg(not(feature = "reference-domains"))]
/// # fn main() {}
///
/// # #[cfg(feature = "reference-domains")]
/// fn main() -> std::process::ExitCode {
///     simulator::suite::main(Domains::new().with(Registered::<LibraryContext>::new()))
/// }
/// ```
pub fn main(domains: Domains) -> ExitCode {
    Suite::new(domains).main()
}

/// The suites of some domains, as tests: [`main`], with the folder that holds `features/`
/// chosen.
pub struct Suite {
    domains: Domains,
    root: PathBuf,
}

impl Suite {
    /// The suites of `domains`, each under `features/<folder>` (`Registered::features_in`
    /// names another folder than the domain's name) of the current folder.
    pub fn new(domains: Domains) -> Self {
        Suite {
            domains,
            root: PathBuf::new(),
        }
    }

    /// The folder that holds `features/`, when it is not the package's root: a workspace's
    /// root (`concat!(env!("CARGO_MANIFEST_DIR"), "/..")`, as gwt's own suites are).
    pub fn root(mut self, root: impl Into<PathBuf>) -> Self {
        self.root = root.into();
        self
    }

    /// Lists or runs the tests as the binary's command line asks (see [`crate::harness`]). A
    /// list of domains the command line would refuse (none, a name twice) is said on standard
    /// error, exit status 101, as arguments libtest cannot read are.
    pub fn main(self) -> ExitCode {
        self.main_from(std::env::args().skip(1))
    }

    /// [`Suite::main`] with the arguments given (the program's name left out).
    pub fn main_from(self, args: impl IntoIterator<Item = String>) -> ExitCode {
        match self.tests() {
            Ok(tests) => crate::harness::main_from(tests, args),
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(101)
            }
        }
    }

    /// Every domain's tests, in the order the domains were registered: its folder's, then one
    /// for each feature file, in name order. The folders are walked now; the files are read
    /// when their tests run.
    pub fn tests(&self) -> Result<Vec<Test>, String> {
        self.domains.check()?;
        let mut tests = Vec::new();
        for domain in self.domains.iter() {
            tests.extend(self.domain_tests(domain));
        }
        Ok(tests)
    }

    fn domain_tests(&self, domain: &dyn KnownDomain) -> Vec<Test> {
        let name = domain.name();
        let folder = suite_folder(&self.root, domain.folder());
        // A factory of a wiring that names a message wrongly would panic: each test says what
        // is wrong instead, as `gwt test` does before it runs.
        let wiring = domain.check_wiring().map_err(|e| e.to_string());
        let found = steps::folders::feature_files(&folder);
        let mut files = found.files.clone();
        files.sort();
        let mut tests = vec![Test::new(format!("{name}::folder"), {
            let (folder, wiring) = (folder.clone(), wiring.clone());
            move || {
                wiring?;
                folder_problems(&folder, &found)
            }
        })];
        let factory = wiring.is_ok().then(|| domain.factory());
        let other_domains = self.domains.other_catalogs(name);
        for file in files {
            let shown = file.strip_prefix(&folder).unwrap_or(&file);
            let shown: Vec<String> = shown
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let (factory, wiring) = (factory.clone(), wiring.clone());
            let options = RunOptions {
                implicit_checks: true,
                other_domains: other_domains.clone(),
                ..RunOptions::default()
            };
            tests.push(Test::new(
                format!("{name}::{}", shown.join("/")),
                move || {
                    wiring?;
                    run_file(
                        factory.expect("a factory of a sound wiring"),
                        &file,
                        &options,
                    )
                },
            ));
        }
        tests
    }
}

/// What a run of `folder` would tell of it besides its feature files, as `gwt test` words it.
fn folder_problems(folder: &Path, found: &steps::folders::Found) -> Result<(), String> {
    if !folder.is_dir() {
        return Err(format!(
            "{}: no such folder (the domain's own suite, which `gwt test` reads when given no \
             paths; the suite is looked for under the current folder, the package's root under \
             cargo, or under `Suite::root`)",
            folder.display()
        ));
    }
    let mut problems = found.problems();
    problems.extend(found.nothing_to_read(folder));
    match problems.is_empty() {
        true => Ok(()),
        false => Err(problems.join("\n")),
    }
}

/// One feature file run against its domain: what failed, if anything.
fn run_file(
    factory: Arc<dyn DomainFactory>,
    file: &Path,
    options: &RunOptions,
) -> Result<(), String> {
    let summary = run(factory, &[file.to_path_buf()], options)?;
    match summary.ok() {
        true => Ok(()),
        false => Err(summary.line()),
    }
}
