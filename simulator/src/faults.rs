//! Faults drawn from a seed (each step of a history has its own, `Drawn`): which kinds are on, how
//! often each strikes, and a count of what was injected. The same seed gives the same faults,
//! decision for decision.

use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use domain::kernel::{About, Faults, StreamId};

/// The most a `late` fault delays a scheduled command, in minutes (from 1 up to this).
pub const MOST_LATE_MINUTES: i64 = 20;

/// The kinds of fault a simulation may inject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FaultKinds {
    pub duplicate: bool,
    pub reorder: bool,
    pub crash: bool,
    pub late: bool,
    pub conflict: bool,
}

impl FaultKinds {
    pub const ALL: FaultKinds = FaultKinds {
        duplicate: true,
        reorder: true,
        crash: true,
        late: true,
        conflict: true,
    };
    pub const NONE: FaultKinds = FaultKinds {
        duplicate: false,
        reorder: false,
        crash: false,
        late: false,
        conflict: false,
    };

    pub fn names(&self) -> Vec<&'static str> {
        [
            (self.duplicate, "duplicate"),
            (self.reorder, "reorder"),
            (self.crash, "crash"),
            (self.late, "late"),
            (self.conflict, "conflict"),
        ]
        .into_iter()
        .filter_map(|(on, n)| on.then_some(n))
        .collect()
    }
}

impl FromStr for FaultKinds {
    type Err = String;
    /// `all`, `none`, or a comma-separated list of `duplicate, reorder, crash, late, conflict`.
    /// An empty list, an empty entry, or `all` or `none` beside other names is refused: each
    /// would otherwise be read silently as something the user may not have meant.
    fn from_str(s: &str) -> Result<Self, String> {
        let expected = "expected all, none, or a list of duplicate, reorder, crash, late, conflict";
        let words: Vec<&str> = s.split(',').map(str::trim).collect();
        if words.iter().all(|w| w.is_empty()) {
            return Err(format!("no fault named ({expected}; `none` for no faults)"));
        }
        if words.iter().any(|w| w.is_empty()) {
            return Err(format!("`{s}` has an empty entry in its list ({expected})"));
        }
        // Each name read first, so that one that is no fault is told as such, with the one
        // meant: `dup,dup` lists `dup` twice, but `dup` is no fault at all.
        let mut kinds = FaultKinds::NONE;
        for word in &words {
            match *word {
                "all" => kinds = FaultKinds::ALL,
                "none" => kinds = FaultKinds::NONE,
                "duplicate" => kinds.duplicate = true,
                "reorder" => kinds.reorder = true,
                "crash" => kinds.crash = true,
                "late" => kinds.late = true,
                "conflict" => kinds.conflict = true,
                unknown => {
                    let names = [
                        "all",
                        "none",
                        "duplicate",
                        "reorder",
                        "crash",
                        "late",
                        "conflict",
                    ];
                    let meant = domain::kernel::nearest(unknown, names)
                        .map(|n| format!("; did you mean `{n}`?"))
                        .unwrap_or_default();
                    return Err(format!("unknown fault `{unknown}` ({expected}){meant}"));
                }
            }
        }
        // A name given twice is a slip (a fault meant and another typed), and `all,all` is not
        // `all` beside other faults.
        if let Some((_, twice)) = words
            .iter()
            .enumerate()
            .find(|(i, w)| words[..*i].contains(w))
        {
            return Err(format!("`{s}` lists `{twice}` twice ({expected})"));
        }
        if words.len() > 1 {
            if let Some(alone) = words.iter().find(|w| matches!(**w, "all" | "none")) {
                return Err(format!(
                    "`{s}`: `{alone}` stands alone and cannot be listed with other faults \
                     ({expected})"
                ));
            }
        }
        Ok(kinds)
    }
}

/// The kinds of fault, in the order their counts are kept (`FaultCounts::snapshot`), each given
/// its own generator (`FaultPlan`), and told (`report::FAULT_NAMES`).
#[derive(Clone, Copy)]
pub enum Kind {
    Duplicate,
    Reorder,
    Crash,
    Late,
    Conflict,
}

/// How many faults of each kind were injected.
#[derive(Debug, Default)]
pub struct FaultCounts {
    pub duplicate: AtomicU64,
    pub reorder: AtomicU64,
    pub crash: AtomicU64,
    pub late: AtomicU64,
    pub conflict: AtomicU64,
    /// Commands scheduled for later: the chances a `late` fault had.
    pub scheduled: AtomicU64,
}

impl FaultCounts {
    /// The counts, in `Kind`'s order.
    pub fn snapshot(&self) -> [u64; 5] {
        [
            self.duplicate.load(Ordering::Relaxed),
            self.reorder.load(Ordering::Relaxed),
            self.crash.load(Ordering::Relaxed),
            self.late.load(Ordering::Relaxed),
            self.conflict.load(Ordering::Relaxed),
        ]
    }
}

/// A small, fast, well-mixed generator (splitmix64): the same seed, the same decisions.
#[derive(Clone, Debug)]
pub struct SplitMix(u64);

impl SplitMix {
    pub fn new(seed: u64) -> Self {
        SplitMix(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// True with probability 1 in `n`.
    pub fn one_in(&mut self, n: u64) -> bool {
        self.next_u64().is_multiple_of(n.max(1))
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// The faults of one step (or of the wait after a history). Each kind draws from its own
/// generator, so turning one kind off does not change the decisions of the others.
///
/// A command's step draws its faults in turn: everything it delivers follows from that one
/// command, so the k-th delivery is the same message whatever the other steps are, and a
/// command made simpler while shrinking (a withdrawal moved to another account) keeps its
/// faults. In a wait, the timeouts of several earlier steps fall due together, and a fault
/// drawn in turn struck whichever message came k-th: another order's expiry, taken out, moved
/// it onto a different message, and shrinking kept orders that played no part in the failure
/// but to move the fault into place. A wait's plan (`in_a_wait`) strikes a message by what it is
/// instead (`About`, and the handler, the command decided or scheduled), hashed with the kind's
/// seed: a duplicate, a crash, a scheduled command made late, an append that conflicts, and a
/// delivery held back (a reorder: see `pick`). An event's position counts from the first of its
/// stream the plan is asked about, so that a step taken out earlier on the same stream, which
/// moves every position after it, moves no fault either.
pub struct FaultPlan {
    kinds: FaultKinds,
    seeds: [u64; 5],
    rngs: [SplitMix; 5],
    counts: Arc<FaultCounts>,
    /// Whether faults strike by message (a wait) rather than in turn.
    by_message: bool,
    /// The first position asked about of each stream: a wait's few streams, searched in turn
    /// (a hash map's upkeep was most of what striking by message cost).
    first: Vec<(u64, u64)>,
    /// How many times each message was decided about again, by kind, handler and message: a
    /// repeat (a duplicate's copy, or the message come again after a crash; a command
    /// scheduled, or an append decided, once more) is decided anew.
    again: Vec<(u64, u64)>,
}

impl FaultPlan {
    /// The faults of a command's step.
    pub fn new(seed: u64, kinds: FaultKinds, counts: Arc<FaultCounts>) -> Self {
        let mut root = SplitMix::new(seed);
        let seeds = std::array::from_fn(|_| root.next_u64());
        FaultPlan {
            kinds,
            seeds,
            rngs: seeds.map(SplitMix::new),
            counts,
            by_message: false,
            first: Vec::new(),
            again: Vec::new(),
        }
    }

    /// The faults of a wait, which strike a message by what it is.
    pub fn in_a_wait(seed: u64, kinds: FaultKinds, counts: Arc<FaultCounts>) -> Self {
        FaultPlan {
            by_message: true,
            ..FaultPlan::new(seed, kinds, counts)
        }
    }

    /// Whether a fault of `kind`, striking 1 in `n`, strikes a message as `handler` takes it
    /// (`again` for a repeat): drawn in turn in a command's step, by the message in a wait (see
    /// `FaultPlan`).
    fn strikes(
        &mut self,
        kind: Kind,
        handler: &str,
        (about, again): (&dyn Fn() -> About, bool),
        n: u64,
    ) -> bool {
        if self.by_message {
            self.draw_about(kind, handler, about(), again).one_in(n)
        } else {
            self.rngs[kind as usize].one_in(n)
        }
    }

    /// A draw of `kind` about a message as `handler` takes it: the same for the same message
    /// whatever else the plan is asked about, and a fresh one for each repeat of it.
    fn draw_about(&mut self, kind: Kind, handler: &str, about: About, again: bool) -> SplitMix {
        // A command (position 0) has no stream whose positions a step taken out would move.
        let first = match self
            .first
            .iter()
            .find(|(stream, _)| *stream == about.stream)
        {
            _ if about.sequence == 0 => 0,
            Some(&(_, first)) => first,
            None => {
                self.first.push((about.stream, about.sequence));
                about.sequence
            }
        };
        let handler = handler
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
            });
        let message = SplitMix::new(self.seeds[kind as usize] ^ about.stream).next_u64()
            ^ about.sequence.wrapping_sub(first);
        let key = SplitMix::new(message).next_u64().wrapping_add(handler);
        let times = match (again, self.again.iter_mut().find(|(k, _)| *k == key)) {
            (false, _) => 0,
            (true, Some((_, times))) => {
                *times += 1;
                *times
            }
            (true, None) => {
                self.again.push((key, 1));
                1
            }
        };
        SplitMix::new(key ^ times.wrapping_mul(0xD6E8_FEB8_6659_FD93))
    }
}

impl Faults for FaultPlan {
    fn copies(
        &mut self,
        handler: &'static str,
        _: &'static str,
        about: &dyn Fn() -> About,
    ) -> usize {
        if self.kinds.duplicate && self.strikes(Kind::Duplicate, handler, (about, false), 4) {
            self.counts.duplicate.fetch_add(1, Ordering::Relaxed);
            2
        } else {
            1
        }
    }

    /// In turn, one pick in three is another than the orderly one, any of the others. In a
    /// wait, a delivery is held back or not by what it is (one in three), whenever it is
    /// among the choices, and the first not held back goes: a delivery held back goes once
    /// nothing but what is held back is left, after the other streams' deliveries and the
    /// commands they lead to, and the deliveries behind it on its stream to its handler wait
    /// with it (in-stream order is kept). Taking out another order's messages leaves the
    /// others held back as they were, and in the order they were, where the k-th pick fell on
    /// another piece of work. A command is never held back: the one at the front of a queue
    /// every order shares would hold back another order's behind it.
    fn pick(
        &mut self,
        choices: usize,
        about: &dyn Fn(usize) -> Option<(&'static str, About)>,
    ) -> usize {
        if !self.kinds.reorder || choices < 2 {
            return 0;
        }
        let pick = if self.by_message {
            (0..choices)
                .find(|&i| {
                    about(i).is_none_or(|(handler, about)| {
                        !self
                            .draw_about(Kind::Reorder, handler, about, false)
                            .one_in(3)
                    })
                })
                .unwrap_or(0)
        } else {
            let rng = &mut self.rngs[Kind::Reorder as usize];
            if !rng.one_in(3) {
                return 0;
            }
            1 + rng.below(choices as u64 - 1) as usize
        };
        if pick > 0 {
            self.counts.reorder.fetch_add(1, Ordering::Relaxed);
        }
        pick
    }

    fn crash(&mut self, process: &'static str, again: bool, about: &dyn Fn() -> About) -> bool {
        let crash = self.kinds.crash && self.strikes(Kind::Crash, process, (about, again), 20);
        if crash {
            self.counts.crash.fetch_add(1, Ordering::Relaxed);
        }
        crash
    }

    /// In a wait, by the command scheduled: the same command scheduled again (a process
    /// manager not idempotent on a repeat) is decided anew.
    fn lateness(&mut self, command: &'static str, about: &dyn Fn() -> About) -> i64 {
        self.counts.scheduled.fetch_add(1, Ordering::Relaxed);
        if !self.kinds.late {
            return 0;
        }
        let mut drawn;
        let rng = if self.by_message {
            drawn = self.draw_about(Kind::Late, command, about(), true);
            &mut drawn
        } else {
            &mut self.rngs[Kind::Late as usize]
        };
        if rng.one_in(3) {
            self.counts.late.fetch_add(1, Ordering::Relaxed);
            1 + rng.below(MOST_LATE_MINUTES as u64) as i64
        } else {
            0
        }
    }

    /// In a wait, by the append and the command decided: the same command decided again at
    /// the same position (after a stale read), or another of its name deciding there first (a
    /// rival a conflict ran), is decided anew.
    fn conflict(
        &mut self,
        _: &StreamId,
        deciding: &'static str,
        about: &dyn Fn() -> About,
    ) -> bool {
        let conflict =
            self.kinds.conflict && self.strikes(Kind::Conflict, deciding, (about, true), 10);
        if conflict {
            self.counts.conflict.fetch_add(1, Ordering::Relaxed);
        }
        conflict
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_lists_read_as_documented() {
        assert_eq!("all".parse::<FaultKinds>(), Ok(FaultKinds::ALL));
        let k: FaultKinds = "duplicate, late".parse().unwrap();
        assert!(k.duplicate && k.late && !k.reorder && !k.crash && !k.conflict);
        assert!("sunspots"
            .parse::<FaultKinds>()
            .unwrap_err()
            .contains("sunspots"));
        assert_eq!("none".parse::<FaultKinds>(), Ok(FaultKinds::NONE));
    }

    #[test]
    fn empty_and_contradictory_fault_lists_are_refused() {
        for (list, says) in [
            ("", "no fault named"),
            (" , ", "no fault named"),
            ("duplicate,,late", "empty entry"),
            ("duplicate,", "empty entry"),
            ("all,none", "stands alone"),
            ("none,duplicate", "`none` stands alone"),
            ("late,all", "`all` stands alone"),
        ] {
            let err = list.parse::<FaultKinds>().unwrap_err();
            assert!(err.contains(says), "`{list}`: {err}");
        }
    }

    /// What `decide` (a wait's plan, a stream's hash, the position it starts from) decides of
    /// stream 7, for seeds 0 to 49, holding each to be the same after ten other streams were
    /// decided about first, and from position 5 as from 1.
    fn decided_alike_whatever_came_first<T: PartialEq + std::fmt::Debug>(
        decide: impl Fn(&mut FaultPlan, u64, u64) -> T,
    ) -> Vec<T> {
        (0..50)
            .map(|seed| {
                let plan = || FaultPlan::in_a_wait(seed, FaultKinds::ALL, Arc::default());
                let (mut alone, mut after_others, mut further_on) = (plan(), plan(), plan());
                for other in 100..110 {
                    decide(&mut after_others, other, 1);
                }
                let first = decide(&mut alone, 7, 1);
                assert_eq!(first, decide(&mut after_others, 7, 1), "seed {seed}");
                assert_eq!(first, decide(&mut further_on, 7, 5), "seed {seed}");
                first
            })
            .collect()
    }

    /// A message is struck by what it is: the decisions about it are the same whether or not
    /// other messages were decided about first (another order's timeout due in the same wait),
    /// and whatever position its stream starts from; each repeat of a message is decided anew.
    #[test]
    fn a_message_is_struck_whatever_else_was_decided_first() {
        let event = |stream, sequence| About { stream, sequence };
        let decide = |plan: &mut FaultPlan, stream, from| {
            (from..from + 4)
                .flat_map(|sequence| (0..3).map(move |_| event(stream, sequence)))
                .map(|about| {
                    (
                        plan.copies("Handler", "Event", &|| about),
                        plan.crash("Handler", false, &|| about),
                    )
                })
                .collect::<Vec<_>>()
        };
        decided_alike_whatever_came_first(decide);
        // Over many messages, each kind strikes about as often as it says (1 in 4, 1 in 20),
        // and about the repeats of one message, not always alike.
        let mut plan = FaultPlan::in_a_wait(1, FaultKinds::ALL, Arc::default());
        let duplicated = (0..4000)
            .filter(|m| plan.copies("H", "E", &|| event(*m, 1)) == 2)
            .count();
        let crashed = (0..4000)
            .filter(|m| plan.crash("H", false, &|| event(*m, 1)))
            .count();
        assert!((800..1200).contains(&duplicated), "{duplicated}");
        assert!((120..280).contains(&crashed), "{crashed}");
        let again: Vec<bool> = (0..64)
            .map(|_| plan.crash("H", true, &|| event(5, 1)))
            .collect();
        assert!(again.contains(&true) && again.contains(&false), "{again:?}");
    }

    /// In a wait, a scheduled command is made late, an append conflicts and a delivery is held
    /// back (a reorder) by what each is about too: the same whether or not others were decided
    /// first, and whatever position the stream starts from. A command scheduled again and an
    /// append decided again are decided anew; a delivery held back stays held back, however
    /// many picks it waits through.
    #[test]
    fn a_wait_makes_late_conflicts_and_holds_back_by_message() {
        let at = |stream, sequence| About { stream, sequence };
        let stream = StreamId::new("Order", "order-1");
        let held = |plan: &mut FaultPlan, about: About| {
            plan.pick(2, &|i| (i == 0).then_some(("Handler", about))) == 1
        };
        let decide = |plan: &mut FaultPlan, hash: u64, from: u64| {
            (from..from + 4)
                .map(|sequence| {
                    let due = at(hash ^ (sequence - from), 0);
                    (
                        [0; 2].map(|_| plan.lateness("Expire", &|| due)),
                        [0; 3].map(|_| plan.conflict(&stream, "Decide", &|| at(hash, sequence))),
                        [0; 2].map(|_| held(plan, at(hash, sequence))),
                    )
                })
                .collect::<Vec<_>>()
        };
        for (seed, first) in decided_alike_whatever_came_first(decide).iter().enumerate() {
            for (_, _, [held, again]) in first {
                assert_eq!(held, again, "seed {seed}: held back, then let go");
            }
        }
        // Over many messages, each kind strikes about as often as it says (late 1 in 3 and by
        // 1 to 20 minutes, a conflict 1 in 10, a delivery held back 1 in 3), and about the
        // repeats of one message, not always alike.
        let mut plan = FaultPlan::in_a_wait(1, FaultKinds::ALL, Arc::default());
        let late: Vec<i64> = (0..4000)
            .map(|m| plan.lateness("E", &|| at(m, 0)))
            .filter(|&late| late > 0)
            .collect();
        assert!((1150..1520).contains(&late.len()), "{}", late.len());
        assert!(late.iter().all(|l| (1..=MOST_LATE_MINUTES).contains(l)));
        assert!(late.contains(&1) && late.contains(&MOST_LATE_MINUTES));
        let conflicts = (0..4000)
            .filter(|m| plan.conflict(&stream, "D", &|| at(*m, 1)))
            .count();
        assert!((300..500).contains(&conflicts), "{conflicts}");
        let holds = (0..4000).filter(|m| held(&mut plan, at(*m, 1))).count();
        assert!((1150..1520).contains(&holds), "{holds}");
        let again: Vec<bool> = (0..64)
            .map(|_| plan.conflict(&stream, "D", &|| at(5, 1)))
            .collect();
        assert!(again.contains(&true) && again.contains(&false), "{again:?}");
        let again: Vec<i64> = (0..64).map(|_| plan.lateness("E", &|| at(5, 0))).collect();
        assert!(
            again.contains(&0) && again.iter().any(|&l| l > 0),
            "{again:?}"
        );
        // A piece of work no plan holds back (a command) goes when the delivery before it is held.
        let held_first = (1..)
            .map(|m| at(m, 1))
            .find(|&a| held(&mut plan, a))
            .unwrap();
        assert_eq!(
            plan.pick(3, &|i| (i == 0).then_some(("Handler", held_first))),
            1
        );
    }

    #[test]
    fn the_same_seed_gives_the_same_decisions() {
        let decide = |seed, wait| {
            let mut plan = match wait {
                false => FaultPlan::new(seed, FaultKinds::ALL, Arc::default()),
                true => FaultPlan::in_a_wait(seed, FaultKinds::ALL, Arc::default()),
            };
            (0..200)
                .map(|i| {
                    (
                        plan.copies("x", "y", &|| About {
                            stream: 3,
                            sequence: i as u64 % 7,
                        }),
                        plan.pick(1 + i % 4, &|_| None),
                        plan.lateness("z", &|| About {
                            stream: 9,
                            sequence: 0,
                        }),
                        plan.crash("p", false, &|| About {
                            stream: i as u64 % 5,
                            sequence: 0,
                        }),
                    )
                })
                .collect::<Vec<_>>()
        };
        for wait in [false, true] {
            assert_eq!(decide(7, wait), decide(7, wait));
            assert_ne!(decide(7, wait), decide(8, wait));
        }
    }
}
