//! The bounded contexts a `gwt` command line works on, chosen by name (`--domain`): a registry a
//! team's own `main` fills with its contexts, so that a domain in a crate of its own plugs in
//! without a line of this crate changed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[cfg(feature = "reference-domains")]
use domain::conference::ConferenceContext;
use domain::kernel::{Catalog, EventLedger, System, WiringError};
#[cfg(feature = "reference-domains")]
use domain::store::StoreContext;
use steps::world::DomainFactory;

use crate::judging::Judged;
use crate::simulation::Simulated;

/// What the command line does with a domain, each run for its context's type. A domain is
/// registered as a `Registered<C>`, which implements this for any judged context `C`; the
/// trait exists so that domains of different types can stand in one list.
pub trait KnownDomain: Send + Sync {
    /// The name `--domain` takes: the context's `BoundedContext::NAME`.
    fn name(&self) -> &'static str;
    /// A line on what the domain is, for `--help`.
    fn about(&self) -> Option<&'static str>;
    /// The folder of `features/` that holds the domain's suite (`gwt test` without paths).
    fn folder(&self) -> &str;
    /// A representative scenario body for `gwt test --bench`: a history, a command, and the
    /// events and commands that follow. `None` when the domain gives none.
    fn bench_scenario(&self) -> Option<&'static str>;
    /// Whether the context's wiring names its messages rightly (see `Wiring::check`).
    fn check_wiring(&self) -> Result<(), WiringError>;
    fn catalog(&self) -> Catalog;
    /// The feature-language runtime of the domain, its invariants judging `Then the invariants
    /// hold`, and with what must hold long after, `Then long after, the invariants hold`.
    fn factory(&self) -> Arc<dyn DomainFactory>;
    /// `gwt simulate` and its `--bench` and `--export`: `None` for a domain registered without
    /// a generator of histories (`Registered::without_simulation`).
    fn simulation(&self) -> Option<Simulation>;
    /// `gwt verify-migration`; `others` are the other domains' catalogs, to say where a log's
    /// events belong.
    fn verify(&self, request: &crate::run_migration::Request, others: &[Arc<Catalog>]) -> ExitCode;
    /// `gwt verify-migration --bench`; `others` as for `verify`.
    fn bench_verification(&self, from: &str, others: &[Arc<Catalog>]) -> ExitCode;
}

/// `gwt simulate`, `--bench` and `--export` for one context, each run for its type. Function
/// pointers rather than a bound on `Registered`, so that a context without a generator registers
/// all the same, and is told at `gwt simulate` what it lacks.
#[derive(Clone, Copy)]
pub struct Simulation {
    simulate: fn(&crate::search::Options, &Path) -> ExitCode,
    bench: fn(&crate::search::Options) -> Result<String, String>,
    export: fn(&crate::search::Options, crate::export::Versions, &Path) -> ExitCode,
}

impl Simulation {
    fn of<C: Simulated>() -> Self {
        Simulation {
            simulate: crate::run_simulation::run::<C>,
            bench: |options| crate::bench::measure::<C>(options, 7).report(C::NAME),
            export: crate::run_simulation::export::<C>,
        }
    }

    /// `gwt simulate`.
    pub fn simulate(&self, options: &crate::search::Options, out: &Path) -> ExitCode {
        (self.simulate)(options, out)
    }

    /// `gwt simulate --bench`: the figures, as text, or why there are none.
    pub fn bench(&self, options: &crate::search::Options) -> Result<String, String> {
        (self.bench)(options)
    }

    /// `gwt simulate --export FILE`.
    pub fn export(
        &self,
        options: &crate::search::Options,
        versions: crate::export::Versions,
        file: &Path,
    ) -> ExitCode {
        (self.export)(options, versions, file)
    }
}

/// Why `gwt simulate` cannot run on `domain`, registered without a generator, and what to add.
pub fn no_simulation(domain: &str) -> String {
    format!(
        "the domain {domain} registers no generator of histories \
         (`Registered::without_simulation`): its feature files, catalog and recorded logs are \
         checked, but it cannot be simulated. To simulate it, implement \
         `simulator::simulation::Simulated` for its context (`step`, a proptest strategy of its \
         commands and waits) and register it with `Registered::new()`"
    )
}

/// A context as the command line knows it: its name is the context's, its suite is
/// `features/<name>` unless told otherwise, and it is simulated when it was registered with its
/// generator (`new`).
pub struct Registered<C> {
    about: Option<&'static str>,
    folder: String,
    bench_scenario: Option<&'static str>,
    simulation: Option<Simulation>,
    context: std::marker::PhantomData<fn() -> C>,
}

impl<C: Simulated> Registered<C> {
    /// A context with every command, `gwt simulate` included.
    pub fn new() -> Self {
        Registered {
            simulation: Some(Simulation::of::<C>()),
            ..Registered::without_simulation()
        }
    }
}

impl<C: Judged> Registered<C> {
    /// A context judged but not simulated: `gwt test`, `coverage`, `catalog` and
    /// `verify-migration` work on it, and `gwt simulate` says it has no generator (exit 2). A
    /// team starts here, with its feature files and recorded logs, and registers with `new`
    /// once it implements `Simulated`.
    pub fn without_simulation() -> Self {
        Registered {
            about: None,
            folder: C::NAME.to_string(),
            bench_scenario: None,
            simulation: None,
            context: std::marker::PhantomData,
        }
    }

    /// A line on what the domain is, shown beside its name in `--help`.
    pub fn about(mut self, about: &'static str) -> Self {
        self.about = Some(about);
        self
    }

    /// The folder under `features/` holding the domain's suite, when it is not the context's
    /// name.
    pub fn features_in(mut self, folder: impl Into<String>) -> Self {
        self.folder = folder.into();
        self
    }

    /// The scenario `gwt test --bench` measures the runner with (see `KnownDomain`).
    pub fn bench_scenario(mut self, scenario: &'static str) -> Self {
        self.bench_scenario = Some(scenario);
        self
    }
}

impl<C: Simulated> Default for Registered<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C: Judged> KnownDomain for Registered<C> {
    fn name(&self) -> &'static str {
        C::NAME
    }

    fn about(&self) -> Option<&'static str> {
        self.about
    }

    fn folder(&self) -> &str {
        &self.folder
    }

    fn bench_scenario(&self) -> Option<&'static str> {
        self.bench_scenario
    }

    fn check_wiring(&self) -> Result<(), WiringError> {
        C::wiring().check()
    }

    fn catalog(&self) -> Catalog {
        Catalog::of::<C>()
    }

    /// # Panics
    /// With the wiring's mistakes, when it has any: `gwt` checks it first (`check_wiring`).
    fn factory(&self) -> Arc<dyn DomainFactory> {
        let factory = steps::world::ContextFactory::<C>::new().unwrap_or_else(|e| panic!("{e}"));
        Arc::new(
            factory
                .with_invariants(broken_invariants)
                .with_long_after(long_after::<C>()),
        )
    }

    fn simulation(&self) -> Option<Simulation> {
        self.simulation
    }

    fn verify(&self, request: &crate::run_migration::Request, others: &[Arc<Catalog>]) -> ExitCode {
        crate::run_migration::run::<C>(request, others)
    }

    fn bench_verification(&self, from: &str, others: &[Arc<Catalog>]) -> ExitCode {
        crate::run_migration::bench::<C>(from, others)
    }
}

/// The domains a command line knows, in the order `--domain` lists them; the first is the
/// default.
#[derive(Clone, Default)]
pub struct Domains {
    list: Vec<Arc<dyn KnownDomain>>,
    /// The binary's own version, for `--version` (`version`); gwt's when none is given.
    version: Option<&'static str>,
}

impl Domains {
    /// No domain yet: add them with `with`.
    pub fn new() -> Self {
        Self::default()
    }

    /// The domains this crate ships: the conference system of the CQRS Journey (the reference
    /// domain, and the default) and the store's order → payment → mail orchestration. With the
    /// `reference-domains` feature (the default).
    #[cfg(feature = "reference-domains")]
    pub fn builtin() -> Self {
        Domains::new()
            .with(
                Registered::<ConferenceContext>::new()
                    .about("The conference system of the CQRS Journey (the reference domain)")
                    .bench_scenario(include_str!("bench/conference.scenario")),
            )
            .with(
                Registered::<StoreContext>::new()
                    .about("The order → payment → mail orchestration")
                    .bench_scenario(include_str!("bench/store.scenario")),
            )
    }

    /// Adds a domain after those already known. Two domains of one name are refused when the
    /// command line starts (`check`), not here, so that building the list cannot fail.
    pub fn with(mut self, domain: impl KnownDomain + 'static) -> Self {
        self.list.push(Arc::new(domain));
        self
    }

    /// The version `--version` gives: a team's binary gives its own
    /// (`.version(env!("CARGO_PKG_VERSION"))`), and gwt's follows it in brackets.
    pub fn version(mut self, version: &'static str) -> Self {
        self.version = Some(version);
        self
    }

    /// What `--version` prints after the program's name.
    pub fn version_text(&self) -> String {
        let gwt = env!("CARGO_PKG_VERSION");
        match self.version {
            Some(own) => format!("{own} (gwt {gwt})"),
            None => gwt.to_string(),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &dyn KnownDomain> {
        self.list.iter().map(|d| d.as_ref())
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.iter().map(|d| d.name()).collect()
    }

    pub fn get(&self, name: &str) -> Option<&dyn KnownDomain> {
        self.iter().find(|d| d.name() == name)
    }

    /// Whether the list can be chosen from: at least one domain, each named as a word
    /// `--domain` can take and a file name can hold, no name twice.
    pub fn check(&self) -> Result<(), String> {
        check_names(&self.names())
    }

    /// The catalogs of every domain but `name`, for the runner and the verification to say
    /// where a name they do not know belongs.
    pub fn other_catalogs(&self, name: &str) -> Vec<Arc<Catalog>> {
        self.iter()
            .filter(|d| d.name() != name)
            .map(|d| Arc::new(d.catalog()))
            .collect()
    }
}

/// Where a domain's own suite is under a project's `root`: `features/<folder>` (the domain's
/// name, or what `Registered::features_in` names). `gwt test` and `gwt coverage` read it from the
/// current folder when given no paths, and `crate::suite` from the package's root.
pub fn suite_folder(root: &Path, folder: &str) -> PathBuf {
    root.join("features").join(folder)
}

/// What `Then long after, the invariants hold` judges of a context besides its invariants: what
/// its `settled_long_after` finds once its `LONG_AFTER_MINUTES` have passed, as the simulator
/// judges it after every history.
pub fn long_after<C: Judged>() -> steps::runtime::LongAfter<C> {
    steps::runtime::LongAfter {
        minutes: C::LONG_AFTER_MINUTES,
        judge: broken_long_after::<C>,
    }
}

/// What `settled_long_after` finds in `system`, judged on a ledger of its whole log.
pub fn broken_long_after<C: Judged>(system: &System<C>) -> Vec<String> {
    C::settled_long_after(system, &C::Ledger::of_log(system.store().log()))
}

/// The invariants of a context that `system` breaks, judged as the simulator judges them once a
/// history has settled: on the system and on a ledger of its whole log.
pub fn broken_invariants<C: Judged>(system: &System<C>) -> Vec<String> {
    crate::judging::breaches(system, &C::Ledger::of_log(system.store().log()))
}

/// `Domains::check` on the names registered, in order.
fn check_names(names: &[&str]) -> Result<(), String> {
    if names.is_empty() {
        return Err("no domain is registered: add one with `Domains::with`".into());
    }
    for (i, name) in names.iter().enumerate() {
        // The name is typed after `--domain`, written into the replay commands of feature files
        // and into their file names: a word of lowercase letters, digits, `-` and `_`.
        let word = name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !word {
            return Err(format!(
                "a domain is registered as `{name}` (its context's `BoundedContext::NAME`): \
                 expected a word of lowercase letters, digits, `-` and `_`, starting with a \
                 letter or digit, such as `library`"
            ));
        }
        if names[..i].contains(name) {
            return Err(format!(
                "two domains are registered as `{name}` (a context's `BoundedContext::NAME` \
                 names it): `--domain {name}` could not tell them apart"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_names;

    #[test]
    fn a_domain_is_named_by_a_word_the_command_line_and_a_file_name_can_hold() {
        assert_eq!(
            check_names(&["conference", "store", "loans_2", "b-2"]),
            Ok(())
        );
        for odd in ["acme/loans", "a b", "", "-x", "Library", "_x", "lä"] {
            let refused = check_names(&["conference", odd]).expect_err(odd);
            assert!(
                refused.contains(&format!("registered as `{odd}`"))
                    && refused.contains("expected a word of lowercase letters"),
                "{refused}"
            );
        }
        assert!(check_names(&["store", "store"])
            .is_err_and(|e| e.contains("two domains are registered as `store`")));
        assert!(check_names(&[]).is_err_and(|e| e.contains("no domain is registered")));
    }
}
