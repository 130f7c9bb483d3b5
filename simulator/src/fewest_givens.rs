//! The Givens a written feature needs: of the events recorded before the step that broke a
//! history, only those without which `gwt test` would see the step do something else.
//! Histories start from a domain's scene (the conference domain's holds two conferences); a
//! feature about one order on one of them reads better, and says more, without the other.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use domain::kernel::{Catalog, Envelope, Instant, Message, ReadModelSlot, StreamId, System};
use serde_json::Value;
use steps::runtime::{RunKind, Runtime, SystemRuntime};

use crate::engine::Variant;
use crate::simulation::{Simulated, Step};

/// A read model's entry by read model and key, as JSON.
pub type Entries = BTreeMap<(String, String), Value>;

/// An event its aggregate could not have recorded, by stream, event and why.
type Unplaced = (StreamId, &'static str, String);

/// The runs `gwt test` makes of every scenario: as written, and the two it gets for free.
const RUNS: [RunKind; 3] = [
    RunKind::Plain,
    RunKind::DuplicateDelivery,
    RunKind::StoredRoundTrip,
];

/// The scenario a feature is written about: its clock and its When, replayed on Givens.
pub struct Scenario<'a, C: Simulated> {
    pub start: Instant,
    pub catalog: Arc<Catalog>,
    pub now: Instant,
    pub stimulus: &'a Step<C>,
    /// Entries the step changed when it broke the history (under faults): the feature shows
    /// them whichever Givens it keeps, so what they hold must not change either.
    pub changed_under_faults: &'a BTreeSet<(String, String)>,
    /// Whether the feature judges its invariants long after the scenario (`Then long after,
    /// the invariants hold`) rather than right after the When (`Then the invariants hold`):
    /// what the runs show broken is then what is broken long after.
    pub long_after: bool,
}

/// One run of a scenario, as `gwt test` makes it.
pub struct Ran<C: Simulated> {
    pub run: SystemRuntime<C>,
    /// The journal's mark when the When arrived.
    pub mark: usize,
    /// Every read-model entry when the When arrived.
    pub before: Entries,
    /// The Givens their aggregates could not have recorded (`Aggregate::COULD_RECORD`), each
    /// by stream, event and why, without its position, which moves as Givens are cut.
    pub impossible: BTreeSet<Unplaced>,
    /// The first process manager that could not restart from what it persisted (the
    /// stored-form run restarts each after every message), in the kernel's words: `gwt test`
    /// fails the step where it happened.
    pub restart_failure: Option<String>,
    /// The first repeated delivery that changed something (the duplicate-delivery and
    /// stored-form runs watch every repeat), in the kernel's words: `gwt test` fails the step
    /// where it happened.
    pub repeat_change: Option<String>,
}

impl<C: Simulated> Ran<C> {
    pub fn system(&self) -> &System<C> {
        self.run.system()
    }
}

/// What one run of a scenario shows of its step: the commands refused, the events recorded,
/// the commands sent, the read-model entries the step changed, the invariants broken after it,
/// whether the read models before the When were those of the scenario as written, and whether
/// a process manager could not restart (where, the message says, moves as Givens are cut).
#[derive(PartialEq, Debug, Clone)]
struct Shown {
    refused: Vec<(String, String)>,
    recorded: Vec<(String, Value)>,
    sent: Vec<(String, Value, Option<chrono::TimeDelta>)>,
    entries: BTreeMap<(String, String), Option<Value>>,
    broken: Vec<String>,
    same_past: bool,
    cannot_restart: bool,
    changed_on_repeat: bool,
}

impl<C: Simulated> Scenario<'_, C> {
    /// A run of `variant` as `gwt test` runs the written feature: the clock set where each
    /// Given was recorded (the feature says `the time is` wherever it moves on), each Given
    /// loaded at it, the clock set to the When's, the step applied and the system settled.
    pub fn run(
        &self,
        variant: Variant<C>,
        kind: RunKind,
        givens: &[Arc<Envelope<C::Event>>],
    ) -> Ran<C> {
        let mut system = variant.system(self.start);
        system.judge_history(true);
        // `Then the invariants hold` judged as `gwt test` judges it: the invariants, and every
        // event recorded from the When on against what its aggregate could have recorded; and
        // `Then long after, the invariants hold`, with what must hold long after.
        let mut run = SystemRuntime::from_system(system, self.catalog.clone(), kind)
            .with_invariants(Some(crate::domains::broken_invariants::<C>))
            .with_long_after(Some(crate::domains::long_after::<C>()));
        // The log's clock only moves on, so setting it never fails here; a scenario that could
        // not be loaded shows what it shows, and is judged by that.
        for e in givens {
            if run.now() != e.recorded_at {
                let _ = run.set_given_clock(e.recorded_at);
            }
            let _ = run.given(
                Some(e.stream.clone()),
                e.message.name(),
                e.message.payload(),
            );
        }
        if run.now() != self.now {
            let _ = run.set_given_clock(self.now);
        }
        let impossible = run
            .system_mut()
            .take_impossible()
            .into_iter()
            .map(|u| (u.stream, u.event, u.why))
            .collect();
        let mark = run.mark();
        let before = entries(run.system());
        match self.stimulus {
            Step::Send(c) => {
                let _ = run.send(c.name(), c.payload());
            }
            Step::Wait(minutes) => {
                let _ = run.advance_and_settle(*minutes);
            }
        }
        let _ = run.settle();
        // Kept from the first Given on: the first is where `gwt test` fails.
        let restart_failure = run.restarted().err();
        let repeat_change = run.system_mut().take_repeat_violations().into_iter().next();
        Ran {
            run,
            mark,
            before,
            impossible,
            restart_failure,
            repeat_change,
        }
    }

    /// What each run of `variant` shows, as `gwt test` would judge it; and the Givens their
    /// aggregates could not have recorded.
    fn shown(
        &self,
        variant: Variant<C>,
        givens: &[Arc<Envelope<C::Event>>],
    ) -> (Vec<Shown>, BTreeSet<Unplaced>) {
        let runs: Vec<Ran<C>> = RUNS.iter().map(|k| self.run(variant, *k, givens)).collect();
        let shown = runs
            .iter()
            .map(|ran| {
                let after = entries(ran.system());
                let mut keys = changed(&ran.before, &after);
                keys.extend(self.changed_under_faults.iter().cloned());
                Shown {
                    refused: ran
                        .run
                        .rejections(ran.mark)
                        .into_iter()
                        .map(|(c, reason)| (c.name.to_string(), reason))
                        .collect(),
                    recorded: ran
                        .run
                        .recorded(ran.mark)
                        .into_iter()
                        .map(|e| (e.name.to_string(), e.payload))
                        .collect(),
                    sent: ran
                        .run
                        .sent(ran.mark)
                        .into_iter()
                        .map(|c| (c.name.to_string(), c.payload, c.delay))
                        .collect(),
                    entries: keys
                        .into_iter()
                        .map(|k| {
                            let entry = after.get(&k).cloned();
                            (k, entry)
                        })
                        .collect(),
                    broken: if self.long_after {
                        ran.run.broken_long_after().map(|(_, broken)| broken)
                    } else {
                        ran.run.broken_invariants()
                    }
                    .unwrap_or_default(),
                    same_past: ran.before == runs[0].before,
                    cannot_restart: ran.restart_failure.is_some(),
                    changed_on_repeat: ran.repeat_change.is_some(),
                }
            })
            .collect();
        let impossible = runs[0].impossible.clone();
        (shown, impossible)
    }

    /// `logged` less every event the scenario does without: on each of `variants`, every run
    /// `gwt test` makes must show exactly what it shows with all of them. Events are cut by what
    /// one command led to (its correlation: a seat type's creation with the seats it made
    /// available, a registration with its reservation and expiry), so that no effect stays
    /// without its cause nor a cause without its effects; and what is left must be a past the
    /// aggregates could have recorded. Each is tried last first, as later ones build on
    /// earlier ones (an order on its conference), and again until none can go, as one may go
    /// only once another has. The runner numbers a stream's events as they are given, so an
    /// event cut from the middle of a stream leaves no gap.
    pub fn fewest_givens(
        &self,
        logged: &[Arc<Envelope<C::Event>>],
        oracle: Variant<C>,
        faulty: Variant<C>,
    ) -> Fewest<C> {
        self.cut(self.all_givens(logged, oracle, faulty), oracle, faulty)
    }

    /// Every event of `logged` as Givens, with what `gwt test`'s runs of the scenario show on
    /// `oracle` and on `faulty`: whether any run sees the failure (`Fewest::caught_by`) is known
    /// before any Given is cut, and cutting keeps what every run shows.
    pub fn all_givens(
        &self,
        logged: &[Arc<Envelope<C::Event>>],
        oracle: Variant<C>,
        faulty: Variant<C>,
    ) -> Fewest<C> {
        let [(oracle_shows, oracle_could_not), (faulty_shows, faulty_could_not)] =
            [oracle, faulty].map(|v| self.shown(v, logged));
        Fewest {
            givens: logged.to_vec(),
            oracle_shows,
            faulty_shows,
            could_not: [oracle_could_not, faulty_could_not],
            long_after: self.long_after,
        }
    }

    /// `all`'s Givens less every event the scenario does without (see `fewest_givens`).
    pub fn cut(&self, all: Fewest<C>, oracle: Variant<C>, faulty: Variant<C>) -> Fewest<C> {
        let variants = [oracle, faulty];
        let logged = &all.givens;
        // A Given cut from the middle of a stream renumbers the events after it, and with them
        // the positions read models keep (a seat type's availability version moves when
        // another seat type's seats are cut): those are compared by whether they are set, and
        // the Thens are written from the cut feature's own runs. Unless the faulty code parts
        // from the oracle's by positions alone in some run: then that is what the feature
        // catches, and the positions of the entries it parts in are compared as they are. Only
        // those: an order's version moved by a resent command kept every other entry's
        // positions too, and with them a second seat type the failure has no part in.
        let positions = Positions::of(&(oracle.wiring)().read_models);
        let exact = all.parting_by_positions_alone(&positions);
        let seen = |shown: &Shown| shown.unnumbered(&positions, &exact);
        let whole: [(Vec<Shown>, &BTreeSet<Unplaced>); 2] = [
            (
                all.oracle_shows.iter().map(seen).collect(),
                &all.could_not[0],
            ),
            (
                all.faulty_shows.iter().map(seen).collect(),
                &all.could_not[1],
            ),
        ];
        // The same outcome, from a past the aggregates could have recorded (none they could not
        // that the whole log did not hold already): an order confirmed without its placing
        // would show the same refusal, from a past no one could live.
        let same = |givens: &[Arc<Envelope<C::Event>>]| {
            variants.iter().zip(&whole).all(|(v, (shown, impossible))| {
                let (now, could_not) = self.shown(*v, givens);
                now.iter().map(seen).eq(shown.iter().cloned()) && could_not.is_subset(impossible)
            })
        };
        let kept = cut_while(logged, same);
        if kept.len() == logged.len() {
            // Every cut kept shows what the whole log showed, so what the runs show is known.
            return Fewest {
                givens: kept,
                ..all
            };
        }
        // What the runs show is known but for the positions the cut moved.
        let cut = self.all_givens(&kept, oracle, faulty);
        Fewest {
            could_not: all.could_not,
            ..cut
        }
    }

    /// `all`'s Givens less every event without which the plain run of `faulty` no longer
    /// `fails` (a check of the simulator's own, which no run of `gwt test` makes), from a past
    /// the aggregates could have recorded; with what `gwt test`'s runs show of what is left.
    pub fn cut_keeping(
        &self,
        all: Fewest<C>,
        oracle: Variant<C>,
        faulty: Variant<C>,
        fails: impl Fn(&System<C>) -> bool,
    ) -> Fewest<C> {
        let keeps = |givens: &[Arc<Envelope<C::Event>>]| {
            let ran = self.run(faulty, RunKind::Plain, givens);
            fails(ran.system()) && ran.impossible.is_subset(&all.could_not[1])
        };
        let kept = cut_while(&all.givens, keeps);
        self.all_givens(&kept, oracle, faulty)
    }
}

/// `logged` less every event `keeps` can do without: events are cut by what one command led to
/// (see `Scenario::fewest_givens`), the last first, and again until none can go.
fn cut_while<E>(
    logged: &[Arc<Envelope<E>>],
    keeps: impl Fn(&[Arc<Envelope<E>>]) -> bool,
) -> Vec<Arc<Envelope<E>>> {
    let led_by = |e: &Envelope<E>| e.correlation_id.unwrap_or(e.id);
    let mut kept = logged.to_vec();
    loop {
        let before = kept.len();
        let mut commands = Vec::new();
        for e in &kept {
            if !commands.contains(&led_by(e)) {
                commands.push(led_by(e));
            }
        }
        for command in commands.iter().rev() {
            let without: Vec<_> = kept
                .iter()
                .filter(|e| led_by(e) != *command)
                .cloned()
                .collect();
            if keeps(&without) {
                kept = without;
            }
        }
        if kept.len() == before {
            return kept;
        }
    }
}

/// The Givens a feature needs, and what `gwt test`'s runs of it show on the oracle's code and
/// on the faulty code.
pub struct Fewest<C: Simulated> {
    pub givens: Vec<Arc<Envelope<C::Event>>>,
    oracle_shows: Vec<Shown>,
    faulty_shows: Vec<Shown>,
    /// The Givens the aggregates could not have recorded, of the whole log, on each variant.
    could_not: [BTreeSet<Unplaced>; 2],
    /// Whether what the runs show broken is judged long after the scenario.
    long_after: bool,
}

impl<C: Simulated> Fewest<C> {
    /// The entries in which some run of the faulty code parts from the oracle's plain run, where
    /// that run parts from it by the positions its entries hold alone.
    fn parting_by_positions_alone(&self, positions: &Positions) -> BTreeSet<(String, String)> {
        let thens = &self.oracle_shows[0];
        let none = BTreeSet::new();
        let unnumbered = thens.unnumbered(positions, &none).entries;
        self.faulty_shows
            .iter()
            .filter(|s| {
                s.entries != thens.entries && s.unnumbered(positions, &none).entries == unnumbered
            })
            .flat_map(|s| {
                // Unnumbered alike, both hold the same keys.
                s.entries
                    .iter()
                    .filter(|(key, entry)| thens.entries.get(*key) != Some(*entry))
                    .map(|(key, _)| key.clone())
            })
            .collect()
    }

    /// Whether the oracle's code, run as written, breaks an invariant (or records what it says
    /// it could not have recorded) on the step.
    pub fn oracle_breaks(&self) -> bool {
        !self.oracle_shows[0].broken.is_empty()
    }

    /// What `Then the invariants hold` (or, judged long after, `Then long after, the
    /// invariants hold`) finds broken on the faulty code, in the first run of it
    /// `gwt test` makes that finds any, and which run that is.
    pub fn faulty_breaks(&self) -> Option<(RunKind, &[String])> {
        RUNS.iter()
            .zip(&self.faulty_shows)
            .find(|(_, s)| !s.broken.is_empty())
            .map(|(kind, s)| (*kind, s.broken.as_slice()))
    }

    /// Where `gwt test` sees the faulty code part from the oracle's: each run of the faulty code
    /// whose read models after the Givens are not its plain run's, whose step does otherwise
    /// than the oracle's plain run (when the Thens expect that outcome: `outcome_expected`),
    /// that leaves invariants broken (when the file expects them to hold:
    /// `invariants_expected`), or where a process manager cannot restart from what it
    /// persisted or a delivery made again changed something (which fail whatever the file
    /// expects); each said in a line. Messages are compared as sets, as the Thens
    /// are, in any order.
    pub fn caught_by(&self, (outcome_expected, invariants_expected): (bool, bool)) -> Vec<String> {
        let sorted = |items: Vec<String>| {
            let mut items = items;
            items.sort();
            items
        };
        let outcome = |s: &Shown| {
            (
                sorted(s.refused.iter().map(|r| format!("{r:?}")).collect()),
                sorted(s.recorded.iter().map(|r| format!("{r:?}")).collect()),
                sorted(s.sent.iter().map(|r| format!("{r:?}")).collect()),
                s.entries.clone(),
            )
        };
        let thens = outcome(&self.oracle_shows[0]);
        RUNS.iter()
            .zip(&self.faulty_shows)
            .filter_map(|(kind, shown)| {
                let mut what = Vec::new();
                if !shown.same_past {
                    what.push("the read models after the Givens are not the plain run's");
                }
                // Told at the Given or the When where they happen, so before the Thens.
                if shown.cannot_restart {
                    what.push("a process manager cannot restart from what it persisted");
                }
                if shown.changed_on_repeat {
                    what.push("a delivery made again changed something");
                }
                if outcome_expected && outcome(shown) != thens {
                    what.push("the step does otherwise than the Thens say");
                }
                if invariants_expected && !shown.broken.is_empty() {
                    what.push(if self.long_after {
                        "invariants are broken long after"
                    } else {
                        "invariants are broken"
                    });
                }
                (!what.is_empty()).then(|| format!("{}: {}", kind.describe(), what.join("; ")))
            })
            .collect()
    }
}

/// The fields of each read model's entries that hold a stream position
/// (`ReadModel::POSITIONS`), by read model.
struct Positions(BTreeMap<&'static str, &'static [&'static str]>);

impl Positions {
    fn of<C: Simulated>(read_models: &[Box<dyn ReadModelSlot<C>>]) -> Self {
        Positions(
            read_models
                .iter()
                .map(|r| (r.name(), r.positions()))
                .filter(|(_, fields)| !fields.is_empty())
                .collect(),
        )
    }
}

impl Shown {
    /// What it shows, each position a read model's entry holds told only as set or not, but in
    /// the entries of `exact`.
    fn unnumbered(&self, positions: &Positions, exact: &BTreeSet<(String, String)>) -> Shown {
        let mut shown = self.clone();
        for (key, entry) in shown.entries.iter_mut() {
            if exact.contains(key) {
                continue;
            }
            let (Some(fields), Some(Value::Object(entry))) =
                (positions.0.get(key.0.as_str()), entry)
            else {
                continue;
            };
            for field in *fields {
                if let Some(value) = entry.get_mut(*field).filter(|v| !v.is_null()) {
                    *value = Value::String("a position".into());
                }
            }
        }
        shown
    }
}

/// Every read model's entries in `system`.
pub fn entries<C: Simulated>(system: &System<C>) -> Entries {
    system
        .read_model_entries()
        .into_iter()
        .map(|(name, key, entry)| ((name.to_string(), key.into()), entry))
        .collect()
}

/// The entries that differ between `before` and `after`, or are in only one of them.
pub fn changed(before: &Entries, after: &Entries) -> BTreeSet<(String, String)> {
    before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .cloned()
        .collect()
}
