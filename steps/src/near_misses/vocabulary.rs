//! The words an alignment weighs: what a slip, a typo or a filler costs, each word's synonyms,
//! the fillers and light words an author adds or leaves out, and the negations never to cross.

/// What one slip costs. A word changed or missing is a full slip; a word of ours written in a
/// word of the author's, a filler word added or an article left out are small ones, so that a
/// phrase is found through several of them.
pub(super) const SLIP: u32 = 10;
pub(super) const TYPO: u32 = 4;
/// A hole left empty is suggested as the contract writes it (`for <id>`), which tells the author
/// what to add: less than a word of ours left out, which would be suggested as if meant.
pub(super) const EMPTY_HOLE: u32 = 4;
pub(super) const MARK: u32 = 3;
/// Each word a hole takes after its first: a name or key is mostly one word.
pub(super) const HOLE_WORD: u32 = 3;
pub(super) const FILLER: u32 = 2;
pub(super) const SYNONYM: u32 = 1;
pub(super) const NEVER: u32 = u32::MAX / 4;

/// Words an author writes for ours, by our word.
pub(super) const SYNONYMS: &[(&str, &[&str])] = &[
    ("the", &["a", "an", "this", "that", "these", "those"]),
    ("these", &["the", "this", "those", "following", "a", "an"]),
    (
        "recorded",
        &[
            "emitted",
            "raised",
            "published",
            "produced",
            "stored",
            "saved",
            "appended",
            "written",
            "persisted",
            "generated",
            "created",
            "logged",
        ],
    ),
    (
        "sent",
        &[
            "issued",
            "dispatched",
            "emitted",
            "produced",
            "scheduled",
            "executed",
            "handled",
            "submitted",
            "received",
            "processed",
            "fired",
            "triggered",
            "given",
        ],
    ),
    (
        "published",
        &[
            "raised",
            "emitted",
            "received",
            "delivered",
            "occurs",
            "happens",
            "arrives",
            "sent",
            "recorded",
            "fired",
            "triggered",
            "handled",
            "processed",
            "appended",
        ],
    ),
    (
        "rejected",
        &["refused", "denied", "declined", "fails", "failed"],
    ),
    (
        "is",
        &[
            "are", "was", "were", "be", "equals", "contains", "has", "shows", "reads", "holds",
            "looks",
        ],
    ),
    ("are", &["is", "were", "was", "be", "get", "gets"]),
    (
        "pass",
        &[
            "passes", "passed", "elapse", "elapses", "elapsed", "go", "goes",
        ],
    ),
    ("minutes", &["minute", "mins", "min"]),
    ("hours", &["hour", "hrs", "hr"]),
    ("days", &["day"]),
    ("matches", &["match", "matched", "equals", "fits", "is"]),
    ("snapshot", &["snapshots"]),
    ("outcome", &["result", "results", "output", "everything"]),
    (
        "hold",
        &["holds", "held", "satisfied", "met", "pass", "true", "ok"],
    ),
    ("time", &["clock", "date", "now", "instant"]),
    (
        "settles",
        &[
            "settle",
            "settled",
            "stabilises",
            "stabilizes",
            "stabilised",
            "stabilized",
            "quiesces",
            "idles",
        ],
    ),
    ("system", &["everything", "context", "world"]),
    (
        "entry",
        &["entries", "record", "row", "item", "key", "value"],
    ),
    ("for", &["with", "of", "at", "by", "keyed"]),
    ("no", &["not", "zero"]),
    ("model", &["models", "view", "projection"]),
    ("invariants", &["invariant", "rules", "checks"]),
];

/// Words of ours that another word never stands for, however near in letters: `2 weeks pass`
/// is not `2 days pass`, nor `2 hours pass` `2 minutes pass`.
pub(super) const NEVER_FOR: &[(&str, &[&str])] = &[
    (
        "minutes",
        &[
            "hour", "hours", "hr", "hrs", "day", "days", "week", "weeks", "second", "seconds",
            "sec", "secs",
        ],
    ),
    (
        "hours",
        &[
            "minute", "minutes", "min", "mins", "day", "days", "week", "weeks", "second",
            "seconds", "sec", "secs",
        ],
    ),
    (
        "days",
        &[
            "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "week", "weeks",
            "second", "seconds", "sec", "secs",
        ],
    ),
];

/// Words an author adds that change nothing a phrase says.
pub(super) const FILLERS: &[&str] = &[
    "following",
    "new",
    "all",
    "also",
    "still",
    "should",
    "must",
    "will",
    "then",
    "only",
    "exactly",
    "just",
    "have",
    "has",
    "been",
    "be",
    "is",
    "are",
    "given",
    "current",
    "scenario",
    "set",
    "to",
    "at",
    "now",
    "prior",
    "previous",
    "past",
    "yet",
    "again",
    "below",
    "as",
    "follows",
    "being",
    "successfully",
];

/// Words of ours an author leaves out without changing what is meant.
pub(super) const LIGHT_WORDS: &[&str] = &["the", "these", "a", "is", "are"];

/// Words that turn what a step says into its opposite: never added, left out or exchanged for
/// a word that does not negate, or a step would be suggested that checks the opposite of what
/// its author wrote (`these events are not recorded:` is no `these events are recorded:`).
const NEGATIONS: &[&str] = &[
    "no", "not", "never", "none", "nothing", "neither", "nor", "without", "zero",
];

pub(super) fn negates(word: &str) -> bool {
    NEGATIONS.contains(&word) || word.ends_with("n't")
}
