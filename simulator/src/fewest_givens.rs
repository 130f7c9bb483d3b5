//! The Givens a written feature needs: of the events recorded before the step that broke a
//! history, only those without which `gwt test` would see the step do something else.
//! Histories start from a domain's scene (the conference domain's holds two conferences); a
//! feature about one order on one of them reads better, and says more, without the other.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use domain::kernel::{
    Catalog, Envelope, Instant, Message, ReadModelSlot, StreamId, System, Unrecordable,
};
use serde_json::Value;
use steps::runtime::{RunKind, Runtime, SystemRuntime};

use crate::engine::Variant;
use crate::simulation::{Simulated, Step};

/// A read model's entry by read model and key, as JSON.
pub type Entries = BTreeMap<(String, String), Value>;

/// An event its aggregate could not have recorded, by stream, event and why.
type Unplaced = (StreamId, &'static str, String);

/// The runs `gwt test` makes of every scenario: as written, and the two it gets for free.
pub const RUNS: [RunKind; 3] = [
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
    /// The entries whose live state differs from a rebuild of them from the log, as the
    /// rebuild gives them (the plain run's only): what the log says they hold.
    rebuilt: BTreeMap<(String, String), Option<Value>>,
    /// Every entry the run left, to hold against the Thens.
    left: Left,
}

/// Every entry a run left. What a cut must keep the same is what `Shown::entries` shows, so
/// this takes no part in comparing two runs: every run leaves entries no Then names.
#[derive(Debug, Clone, Default)]
struct Left(Entries);

impl PartialEq for Left {
    fn eq(&self, _: &Left) -> bool {
        true
    }
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
            .zip(RUNS)
            .map(|(ran, kind)| {
                let after = entries(ran.system());
                let rebuilt = match kind {
                    RunKind::Plain => differing_from_rebuild(ran.system(), &after),
                    _ => BTreeMap::new(),
                };
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
                    rebuilt,
                    left: Left(after),
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

    /// What the Thens expect of the read-model entries the step touched (or that differ from a
    /// rebuild from the log), from the oracle's runs. An entry whose live state a rebuild from
    /// the log gives otherwise is expected as the rebuild gives it: the log says what it holds,
    /// and expecting the live state passed against the bug and failed once it was fixed. A
    /// field the oracle's code shows otherwise in one of `gwt test`'s runs than in another is
    /// not expected at all: a correct system shows it alike in every run, so the code under
    /// test is wrong about it in at least one, and which value is right it cannot say (a read
    /// model without its version guard counted deliveries as versions, 9 where the domain
    /// gives 3, in its plain run too). Such a failure is caught without it, by the repeated
    /// delivery's own check, or the Thens keep what catches it (`caught_by`).
    pub fn expected(&self) -> Expected {
        let plain = &self.oracle_shows[0];
        let runs: Vec<&Entries> = self.oracle_shows.iter().map(|s| &s.left.0).collect();
        let keys: BTreeSet<&(String, String)> =
            plain.entries.keys().chain(plain.rebuilt.keys()).collect();
        let mut out = Expected::default();
        for key in keys {
            let live = plain.left.0.get(key).cloned();
            let mut entry = match plain.rebuilt.get(key) {
                Some(rebuilt) => {
                    out.live.insert(key.clone(), live);
                    rebuilt.clone()
                }
                None => live,
            };
            let shown: Vec<Option<&Value>> = runs.iter().map(|r| r.get(key)).collect();
            if shown.iter().any(|v| v.is_some() != shown[0].is_some()) {
                let shown = shown.into_iter().map(Option::<&Value>::cloned).collect();
                out.unsteady.insert(key.clone(), Unsteady::Entry(shown));
                continue;
            }
            if let Some(Value::Object(fields)) = &mut entry {
                let mut left_out = Vec::new();
                fields.retain(|field, _| {
                    let values: Vec<Option<Value>> = shown
                        .iter()
                        .map(|v| v.and_then(|v| v.get(field)).cloned())
                        .collect();
                    let steady = values.iter().all(|v| *v == values[0]);
                    if !steady {
                        left_out.push((field.clone(), values));
                    }
                    steady
                });
                let none_left = fields.is_empty();
                if !left_out.is_empty() {
                    out.unsteady.insert(key.clone(), Unsteady::Fields(left_out));
                }
                if none_left {
                    continue;
                }
            }
            out.entries.insert(key.clone(), entry);
        }
        out
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
            )
        };
        let thens = outcome(&self.oracle_shows[0]);
        let expected = self.expected();
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
                if outcome_expected && (outcome(shown) != thens || !expected.held_by(&shown.left.0))
                {
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

/// What the Thens of a written feature expect of read-model entries (`Fewest::expected`).
#[derive(Debug, Default)]
pub struct Expected {
    /// Each entry a Then names, by read model and key: the fields it expects, or `None` for no
    /// entry.
    pub entries: BTreeMap<(String, String), Option<Value>>,
    /// The entries expected as a rebuild from the log gives them, each with what the oracle's
    /// code showed live instead.
    pub live: BTreeMap<(String, String), Option<Value>>,
    /// What the oracle's code shows otherwise in one of `gwt test`'s runs than in another, so
    /// that no Then expects it.
    pub unsteady: BTreeMap<(String, String), Unsteady>,
}

/// What of an entry the oracle's code shows otherwise from run to run, with what each run of
/// `RUNS` showed.
#[derive(Debug)]
pub enum Unsteady {
    /// These fields (the others are expected).
    Fields(Vec<(String, Vec<Option<Value>>)>),
    /// The entry itself, there in some runs and not in others.
    Entry(Vec<Option<Value>>),
}

impl Expected {
    /// Whether `entries`, what a run left, hold what the Thens expect: every field they name
    /// as they name it, and no entry where they expect none.
    fn held_by(&self, entries: &Entries) -> bool {
        self.entries
            .iter()
            .all(|(key, expected)| match (expected, entries.get(key)) {
                (None, None) => true,
                (Some(Value::Object(want)), Some(Value::Object(got))) => want
                    .iter()
                    .all(|(field, value)| got.get(field) == Some(value)),
                (Some(Value::Object(_)), _) | (None, Some(_)) => false,
                // An entry that is no record is named by no Then.
                (Some(_), _) => true,
            })
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
    /// the entries of `exact`; and each event broken invariants say its aggregate could not have
    /// recorded, without its position (`Unplaced` keeps none either).
    fn unnumbered(&self, positions: &Positions, exact: &BTreeSet<(String, String)>) -> Shown {
        let mut shown = self.clone();
        for message in &mut shown.broken {
            if let Some(unnumbered) = without_position(message) {
                *message = unnumbered;
            }
        }
        for (key, entry) in shown.entries.iter_mut().chain(shown.rebuilt.iter_mut()) {
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

/// The words of an event its aggregate could not have recorded (`Unrecordable`, `Stream/id #3:
/// Event could not have been recorded: why`) without its position (`Stream/id #: …`); `None` for
/// other words. A Given cut from the event's stream renumbers it: a partial reservation that took
/// too many seats kept the scene's other seat type in its Givens, cut only from the message.
fn without_position(message: &str) -> Option<String> {
    let head = &message[..message.find(Unrecordable::SAID)?];
    let hash = head.rfind(" #")? + 2;
    let digits = head[hash..].find(": ")?;
    let position = &head[hash..hash + digits];
    if position.is_empty() || !position.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{}{}", &message[..hash], &message[hash + digits..]))
}

/// The entries of `system` (`live`, as `entries` gives them) that a rebuild from its log gives
/// otherwise, each as the rebuild gives it (`None`: no entry).
fn differing_from_rebuild<C: Simulated>(
    system: &System<C>,
    live: &Entries,
) -> BTreeMap<(String, String), Option<Value>> {
    let mut differing = BTreeMap::new();
    for slot in system.rebuild_read_models() {
        let name = slot.name();
        let rebuilt: Entries = slot
            .keys()
            .into_iter()
            .filter_map(|k| Some(((name.to_string(), k.to_string()), slot.entry(&k)?)))
            .collect();
        let keys = live.keys().filter(|(n, _)| n == name).chain(rebuilt.keys());
        for key in keys {
            if live.get(key) != rebuilt.get(key) {
                differing.insert(key.clone(), rebuilt.get(key).cloned());
            }
        }
    }
    differing
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

#[cfg(test)]
mod tests {
    use super::without_position;

    #[test]
    fn an_unrecordable_event_is_compared_without_its_position() {
        let said = "SeatsAvailability/conf-2 #3: SeatsReserved could not have been recorded: \
                    reservation order-2 went from holding no seats to 2 vip";
        assert_eq!(
            without_position(said).as_deref(),
            Some(
                "SeatsAvailability/conf-2 #: SeatsReserved could not have been recorded: \
                 reservation order-2 went from holding no seats to 2 vip"
            )
        );
        // A stream id holding ` #` keeps it: only the position before the event goes.
        let odd = "Order/a #b #12: OrderPlaced could not have been recorded: why #4: no";
        assert_eq!(
            without_position(odd).as_deref(),
            Some("Order/a #b #: OrderPlaced could not have been recorded: why #4: no")
        );
        // An invariant's own words are compared as they are.
        for other in [
            "conference conf-2: reservation order-2 overbooked seat type vip",
            "Order/a #x: OrderPlaced could not have been recorded: why",
            "Order/a: OrderPlaced could not have been recorded: why",
        ] {
            assert_eq!(without_position(other), None, "{other}");
        }
    }
}
