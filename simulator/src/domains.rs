//! The bounded contexts the command line can work on, chosen by name (`--domain`), and a way to
//! run generic code against the chosen one.

use domain::conference::ConferenceContext;
use domain::kernel::BoundedContext;
use domain::store::StoreContext;

/// A domain known to the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DomainName {
    /// The conference system of the CQRS Journey (the reference domain).
    Conference,
    /// The order → payment → mail orchestration.
    Store,
}

impl DomainName {
    /// The folder of `features/` that holds the domain's suite.
    pub fn folder(self) -> &'static str {
        match self {
            DomainName::Conference => "conference",
            DomainName::Store => "store",
        }
    }

    /// A representative scenario body for `gwt test --bench`: a history, a command, and the
    /// events and commands that follow.
    pub fn bench_scenario(self) -> &'static str {
        match self {
            DomainName::Conference => include_str!("bench/conference.scenario"),
            DomainName::Store => include_str!("bench/store.scenario"),
        }
    }
}

/// Generic work over a bounded context, run for the domain chosen at run time.
pub trait ForDomain {
    type Output;
    fn run<C: BoundedContext>(self) -> Self::Output;
}

pub fn with_domain<F: ForDomain>(name: DomainName, work: F) -> F::Output {
    match name {
        DomainName::Conference => work.run::<ConferenceContext>(),
        DomainName::Store => work.run::<StoreContext>(),
    }
}

/// Whether the domain's wiring names its messages rightly (see `Wiring::check`): `gwt` asks
/// before any command works on a domain, so that a mistake is told once, plainly.
pub fn check_wiring(name: DomainName) -> Result<(), domain::kernel::WiringError> {
    struct Check;
    impl ForDomain for Check {
        type Output = Result<(), domain::kernel::WiringError>;
        fn run<C: BoundedContext>(self) -> Self::Output {
            C::wiring().check()
        }
    }
    with_domain(name, Check)
}

/// The feature-language runtime factory of a domain, its invariants judging `Then the
/// invariants hold`, and with what must hold long after, `Then long after, the invariants
/// hold`.
///
/// # Panics
/// With the wiring's mistakes, when it has any: `gwt` checks it first (`check_wiring`).
pub fn factory(name: DomainName) -> std::sync::Arc<dyn steps::world::DomainFactory> {
    struct Factory;
    impl ForSimulated for Factory {
        type Output = std::sync::Arc<dyn steps::world::DomainFactory>;
        fn run<C: crate::simulation::Simulated>(self) -> Self::Output {
            let factory =
                steps::world::ContextFactory::<C>::new().unwrap_or_else(|e| panic!("{e}"));
            std::sync::Arc::new(
                factory
                    .with_invariants(broken_invariants)
                    .with_long_after(long_after::<C>()),
            )
        }
    }
    with_simulated(name, Factory)
}

/// What `Then long after, the invariants hold` judges of a simulated context besides its
/// invariants: what its `settled_long_after` finds once its `LONG_AFTER_MINUTES` have passed,
/// as the simulator judges it after every history.
pub fn long_after<C: crate::simulation::Simulated>() -> steps::runtime::LongAfter<C> {
    steps::runtime::LongAfter {
        minutes: C::LONG_AFTER_MINUTES,
        judge: broken_long_after::<C>,
    }
}

/// What `settled_long_after` finds in `system`, judged on a ledger of its whole log.
pub fn broken_long_after<C: crate::simulation::Simulated>(
    system: &domain::kernel::System<C>,
) -> Vec<String> {
    use domain::kernel::EventLedger;
    C::settled_long_after(system, &C::Ledger::of_log(system.store().log()))
}

/// The invariants of a simulated context that `system` breaks, judged as the simulator judges
/// them once a history has settled: on the system and on a ledger of its whole log.
pub fn broken_invariants<C: crate::simulation::Simulated>(
    system: &domain::kernel::System<C>,
) -> Vec<String> {
    use domain::kernel::EventLedger;
    crate::simulation::breaches(system, &C::Ledger::of_log(system.store().log()))
}

/// The catalogs of every domain but `name`, for the runner to say where a name it does not know
/// belongs.
pub fn other_catalogs(name: DomainName) -> Vec<std::sync::Arc<domain::kernel::Catalog>> {
    <DomainName as clap::ValueEnum>::value_variants()
        .iter()
        .filter(|&&other| other != name)
        .map(|&other| {
            struct Of;
            impl ForDomain for Of {
                type Output = domain::kernel::Catalog;
                fn run<C: BoundedContext>(self) -> Self::Output {
                    domain::kernel::Catalog::of::<C>()
                }
            }
            std::sync::Arc::new(with_domain(other, Of))
        })
        .collect()
}

/// Generic work over a simulated bounded context, run for the domain chosen at run time.
pub trait ForSimulated {
    type Output;
    fn run<C: crate::simulation::Simulated>(self) -> Self::Output;
}

pub fn with_simulated<F: ForSimulated>(name: DomainName, work: F) -> F::Output {
    match name {
        DomainName::Conference => work.run::<ConferenceContext>(),
        DomainName::Store => work.run::<StoreContext>(),
    }
}
