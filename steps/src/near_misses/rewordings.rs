//! Steps said in other words than DSL.md's, each undone by a rewording of its own: a read model
//! named first, the clock set in words, an entry said absent, time passing in weeks or seconds…

use std::sync::OnceLock;

use super::Meant;
use regex::{Captures, Regex};

/// A change of a step's text that undoes one kind of slip, and why it is made (empty when the
/// suggestion says it all). Each leaves a text it does not apply to alone, and they are applied
/// in turn, so that one step's several slips are all undone.
type Rewording = fn(&str) -> Option<Meant>;

pub(super) const REWORDINGS: [Rewording; 15] = [
    read_model_named_first,
    key_named_in_words,
    entry_said_absent,
    clock_set_in_words,
    events_of_a_version,
    events_in_the_past,
    nothing_happened_yet,
    nothing_followed,
    in_their_order,
    rejection_in_words,
    with_its_text_quoted,
    someone_sends,
    time_passing,
    the_system_settles,
    invariants_long_after,
];

fn regex(re: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    re.get_or_init(|| Regex::new(pattern).expect("the near-miss patterns are valid"))
}

/// `the SeatType read model …`: the phrases name the read model after the words.
fn read_model_named_first(text: &str) -> Option<Meant> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let c = regex(
        &RE,
        r"^(?i:the |a )?(?P<name>[A-Z]\S*) (?i:read model)(?P<rest> .*)$",
    )
    .captures(text)?;
    Some((
        format!("the read model {}{}", &c["name"], &c["rest"]),
        String::new(),
    ))
}

/// `the read model SeatType with id student is:`: the key follows `for`.
fn key_named_in_words(text: &str) -> Option<Meant> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let c = regex(
        &RE,
        r"^(?i:the )?(?i:read model) (?P<name>\S+) (?i:with|for|at|of) (?i:the )?(?i:id|key|identifier|entry) (?P<rest>\S.*)$",
    )
    .captures(text)?;
    Some((
        format!("the read model {} for {}", &c["name"], &c["rest"]),
        String::new(),
    ))
}

/// An entry said absent in other words than `has no entry for <id>`: `the read model X for Y
/// does not exist`, `… has no entries for Y`, `there is no entry for Y in the read model X`.
fn entry_said_absent(text: &str) -> Option<Meant> {
    static KEY_FIRST: OnceLock<Regex> = OnceLock::new();
    static ENTRY_FIRST: OnceLock<Regex> = OnceLock::new();
    static IN_THE_MODEL: OnceLock<Regex> = OnceLock::new();
    const ENTRY: &str = r"(?:an? |any )?(?:entry|entries|row|rows|record|records|item|items)";
    // The key said again after the words (`… for o1 has no entry for o1`) is the phrase's own.
    let absent = |c: Captures| {
        let key = c.name("again").map_or(&c["key"], |k| k.as_str());
        (
            format!("the read model {} has no entry for {key}", &c["name"]),
            String::new(),
        )
    };
    let key_first = regex(
        &KEY_FIRST,
        r"(?i)^(?:the )?read model (?P<name>\S+) for (?P<key>.+?) (?:has no entry|has no entries|does not exist|doesn't exist|is absent|is missing|is empty|is not present|is not there|is gone|is none|is null|is not found|was removed|has been removed|is removed|was deleted|has been deleted|is deleted)(?: for (?P<again>.+))?$",
    );
    let entry_first = regex(
        &ENTRY_FIRST,
        &format!(
            r"(?i)^(?:the )?read model (?P<name>\S+) (?:has no|has not got an?|does not have|doesn't have|lacks|contains no|does not contain|doesn't contain|holds no|does not hold|doesn't hold) {ENTRY} (?:for|with key|with id|with the key|with the id|of|at|keyed|keyed by|named) (?P<key>.+)$"
        ),
    );
    let in_the_model = regex(
        &IN_THE_MODEL,
        &format!(
            r"(?i)^(?:there is |there are )?no {ENTRY} (?:for |with key |with id |keyed )?(?P<key>.+?) (?:is |exists )?in (?:the )?read model (?P<name>\S+)$"
        ),
    );
    static KEY_ALONE: OnceLock<Regex> = OnceLock::new();
    let key_alone = regex(
        &KEY_ALONE,
        r"(?i)^(?:the )?read model (?P<name>\S+) (?:does not contain|doesn't contain|does not include|doesn't include|does not have|doesn't have|lacks|has no) (?P<key>\S+)$",
    );
    static ENTRY_ALONE: OnceLock<Regex> = OnceLock::new();
    let entry_alone = regex(&ENTRY_ALONE, &format!("(?i)^{ENTRY}$"));
    key_first
        .captures(text)
        .or_else(|| entry_first.captures(text))
        .or_else(|| in_the_model.captures(text))
        .or_else(|| key_alone.captures(text))
        // `has no entry` names no key: the phrase, with its hole, is suggested below.
        .filter(|c| !entry_alone.is_match(&c["key"]))
        .map(absent)
}

/// The scenario clock set in other words: `time is …`, `the clock is set to …`, `it is …`, `the
/// date is …`. The instant is what the author wrote, from its date on.
fn clock_set_in_words(text: &str) -> Option<Meant> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let c = regex(&RE, r"(?i)^(?P<words>.*?)\b(?P<t>\d{4}-\d{2}-\d{2}.*)$").captures(text)?;
    static CLOCK: OnceLock<Regex> = OnceLock::new();
    let about_the_clock = regex(
        &CLOCK,
        r"(?i)^(?:(?:the|a|our) )?(?:(?:current|scenario|present|starting|start) )?(?:time|clock|date|date and time|time and date|instant|now|today|it|it's|we are)\b",
    );
    let words = c["words"].trim();
    if !about_the_clock.is_match(words) || words.contains("event") || words.contains("minute") {
        return None;
    }
    let instant = c["t"].trim();
    let why = match crate::tables::instant(instant) {
        Ok(_) => String::new(),
        Err(_) => format!(
            "an instant is written in RFC 3339, with its time and offset (such as \
             `2026-01-05T09:00:00Z`), which `{instant}` is not"
        ),
    };
    Some((format!("the time is {instant}"), why))
}

/// The instant in a clock's value that holds words besides it (`set to 2026-01-05T09:00:00Z`,
/// `2026-01-05T09:00:00Z.`), when the instant alone reads: `Given the time is set to …` is the
/// clock's phrase, with a value that is no instant.
pub(crate) fn instant_within(value: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let c = regex(&RE, r"(?:^|\s)(?P<t>\d{4}-\d{2}-\d{2}\S*)").captures(value)?;
    let instant = c["t"].trim_end_matches(['.', ',', ';', ')']);
    (instant != value.trim() && crate::tables::instant(instant).is_ok())
        .then(|| instant.to_string())
}

/// `the events in v1:`, `the version 1 events:`, `the events at schema version 1`.
fn events_of_a_version(text: &str) -> Option<Meant> {
    static AFTER: OnceLock<Regex> = OnceLock::new();
    static BEFORE: OnceLock<Regex> = OnceLock::new();
    let after = regex(
        &AFTER,
        r"(?i)^(?:the |these )?(?:following )?events? (?:\()?(?:in|at|of|from|with|as)? ?(?:the )?(?:schema |stored |stored form )?(?:version|v) ?v?(?P<v>\d+)\)?:?$",
    );
    let before = regex(
        &BEFORE,
        r"(?i)^(?:the |these )?(?:following )?(?:version|v) ?(?P<v>\d+) (?:stored )?events?:?$",
    );
    let c = after.captures(text).or_else(|| before.captures(text))?;
    Some((format!("the events in version {}:", &c["v"]), String::new()))
}

/// A Given's events said in other words: `the following events have happened:`, `the past
/// events were recorded:` (the events of a version are `events_of_a_version`'s).
fn events_in_the_past(text: &str) -> Option<Meant> {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r"(?i)^(?:the |these |some |an? )?(?:following )?(?:(?:past|prior|previous|earlier|historical|existing|recorded|stored) )?events? (?:that )?(?:(?:have|had|has|were|was|are|is|already|been) )*(?:happened|occurred|recorded|stored|published|given|took place)(?: (?:before|already|so far|in the past|earlier|first))?:$",
    )
    .is_match(text)
    .then(|| ("the events:".to_string(), String::new()))
}

/// `Given nothing happened`, `there are no events`, `no events were recorded`.
fn nothing_happened_yet(text: &str) -> Option<Meant> {
    static RE: OnceLock<Regex> = OnceLock::new();
    regex(
        &RE,
        r"(?i)^(?:there (?:are|were|have been) no (?:prior |previous |past |earlier )?events|nothing (?:has )?happened|no events (?:are|were|have been|has been) (?:recorded|stored|published|given)|no (?:prior|previous|past|earlier) events|no events happened|no history|an empty (?:history|event store|store)|the (?:event )?store is empty|the history is empty)(?: yet| so far| before)?\.?$",
    )
    .is_match(text)
    .then(|| ("no events".to_string(), String::new()))
}

/// `Then the invariants hold long after`, `Then eventually the invariants hold`, `Then, in the
/// end, all invariants hold`: the phrase says when first, `long after, the invariants hold`.
fn invariants_long_after(text: &str) -> Option<Meant> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let when = r"(?:long after(?: that| the scenario)?|eventually|in the end|later|much later|after a long time|after a while)";
    let re = format!(
        r"(?i)^,? ?(?:{when},? (?:all |the )?invariants? (?:still )?holds?|(?:all |the )?invariants? (?:still )?holds?,? {when})\.?$"
    );
    regex(&RE, &re)
        .is_match(text)
        .then(|| ("long after, the invariants hold".to_string(), String::new()))
}

/// `Then nothing is recorded`, `Then nothing is sent`.
fn nothing_followed(text: &str) -> Option<Meant> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let c = regex(
        &RE,
        r"(?i)^(?:nothing|none) (?:is|was|gets|got|has been|should be)? ?(?:(?P<recorded>recorded|emitted|raised|stored|published|produced)|(?P<sent>sent|scheduled|dispatched|issued))\.?$",
    )
    .captures(text)?;
    let phrase = match c.name("recorded") {
        Some(_) => "no events are recorded",
        None => "no commands are sent",
    };
    Some((phrase.to_string(), String::new()))
}

/// `these events are recorded, in this order:`: a table is compared in its order unless the
/// step says otherwise, and the phrase that says so is `, in any order`.
fn in_their_order(text: &str) -> Option<Meant> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let c = regex(
        &RE,
        r"(?i)^(?P<head>.*\b(?:recorded|sent)),? \(?in (?:(?:this|that|the same|exact|the exact|the given|the following|strict|their|the listed|the written|the table's|order of the table|table) )?order\)?(?P<colon>:?)$",
    )
    .captures(text)?;
    Some((
        format!("{}{}", &c["head"], &c["colon"]),
        "a table is compared in its order unless the step says `, in any order`".into(),
    ))
}

/// A rejection in other words: `the command fails`, `the command is refused because "…"`, `…
/// rejected with the reason "…"`.
fn rejection_in_words(text: &str) -> Option<Meant> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let c = regex(
        &RE,
        r"(?i)^(?:the |a |this )?command (?:is |was |gets |got |should be |must be |will be )?(?:rejected|refused|denied|declined|fails|failed|should fail|must fail|will fail|is not accepted)(?:,? (?:with|because(?: of)?|saying|for|as|due to)(?: the| a| its)?(?: reason| message| error| rejection)?(?: that| of)?:?|:)?(?: (?P<reason>\S.*))?$",
    )
    .captures(text)?;
    let said = match c.name("reason") {
        Some(reason) => format!("the command is rejected with {}", reason.as_str()),
        None => "the command is rejected".to_string(),
    };
    Some((said, String::new()))
}

/// `the command is rejected with unknown conference`: the reason's text, unquoted (or in single
/// or curly quotes).
fn with_its_text_quoted(text: &str) -> Option<Meant> {
    let (head, reason) = text.split_once(" rejected with ")?;
    let reason = reason.trim();
    let bare = ["'", "\u{2018}", "\u{201c}"]
        .iter()
        .zip(["'", "\u{2019}", "\u{201d}"])
        .find_map(|(open, close)| reason.strip_prefix(open)?.strip_suffix(close))
        .unwrap_or(reason);
    if bare.is_empty() || reason.starts_with('"') {
        return None;
    }
    Some((
        format!("{head} rejected with \"{bare}\""),
        "the text the reason contains is written in double quotes".into(),
    ))
}

/// `I send the command:`, `we publish the event:`: the phrases say what happens, not who does it.
fn someone_sends(text: &str) -> Option<Meant> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let c = regex(
        &RE,
        r"(?i)^(?:i|we|the user|a user|someone|they|the system|the client) (?:(?P<command>send|sends|issue|issues|submit|submits|dispatch|dispatches|execute|executes|handle|handles) (?:the|a|this|that) command|(?P<event>publish|publishes|raise|raises|emit|emits|deliver|delivers|receive|receives) (?:the|an|this|that) event)(?P<rest>.*)$",
    )
    .captures(text)?;
    let phrase = match c.name("command") {
        Some(_) => "the command is sent",
        None => "the event is published",
    };
    Some((format!("{phrase}{}", &c["rest"]), String::new()))
}

/// `and everything settles`, `and the system has settled`: DSL.md's words are `and the system
/// settles`.
fn the_system_settles(text: &str) -> Option<Meant> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = regex(
        &RE,
        r"(?i),? and (?:the system|the whole system|everything|all|the context|the bounded context|the world)(?: has| is)? (?:settles|settle|settled|stabilises|stabilizes|stabilised|stabilized|quiesces|is idle|idles|is quiet|goes quiet|has settled)\b",
    );
    let settled = re.replace(text, " and the system settles");
    (settled != text).then(|| (settled.into_owned(), String::new()))
}

/// Time passing in other words or units: `2 hours have passed`, `a day passes`, `30 minutes
/// have passed`, `after half an hour`, `the clock advances by 15 minutes`, `2 weeks pass`,
/// `1.5 hours pass`. A step passes a whole number of minutes, hours or days: a whole count of
/// one of those is kept in the author's unit (`after 14 days`: `14 days pass`); any other time
/// (seconds, weeks, a half, a fraction) is written in the largest of them that says it exactly
/// (`2 weeks`: `14 days`, `1.5 hours`: `90 minutes`). Seconds that are no whole minutes are
/// rounded up, and said so; a fraction that is no whole minutes (`1.5 minutes`) is left to the
/// note on `<N>` (see `phrases`). What follows (`and the system settles`) is kept.
fn time_passing(text: &str) -> Option<Meant> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let c = regex(
        &RE,
        r"(?i)^(?:(?:after|wait|waiting|we wait|i wait|time passes|time advances|time moves on|time moves forward|time goes by|the time passes|the time advances|the time moves on|the time moves forward|the clock advances|the clock moves on|the clock moves forward|the clock is advanced|the clock ticks|the clock ticks on|advance the clock|advance time|move the clock on|move the clock forward)(?: by| for| of)? )?(?P<n>\d+\.\d+|\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty|forty|forty-five|fifty|sixty|ninety|half an?) (?P<unit>minutes?|mins?|hours?|hrs?|days?|seconds?|secs?|weeks?)(?: (?:pass|passes|passed|have passed|has passed|elapse|elapses|elapsed|have elapsed|has elapsed|go by|goes by|went by|have gone by|has gone by|pass by|passes by|later|are over|is over|go past|goes past))?(?P<rest>(?:,? and .*)?)$",
    )
    .captures(text)?;
    let n = c["n"].to_lowercase();
    let unit = c["unit"].to_lowercase();
    let (word, seconds_each): (&str, u128) = match unit.trim_end_matches('s') {
        "minute" | "min" => ("minute", 60),
        "hour" | "hr" => ("hour", 3_600),
        "day" => ("day", 86_400),
        "week" => ("week", 604_800),
        _ => ("second", 1),
    };
    let rest = c["rest"].trim_start_matches(',');
    let passing = |count: &str, unit: &str| match count {
        "1" => format!("1 {unit} passes{rest}"),
        n => format!("{n} {unit}s pass{rest}"),
    };
    let digits = n.bytes().all(|b| b.is_ascii_digit());
    // A count written in words, as a number.
    let in_words = || match n.as_str() {
        "a" | "an" | "one" => Some(1),
        word => WORD_NUMBERS
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, n)| *n),
    };
    // A whole count of a step's own unit is kept as written: in digits, whatever its size (the
    // step says if the clock cannot go that far).
    if seconds_each != 1 && seconds_each != 604_800 {
        if digits {
            return Some((passing(&n, word), String::new()));
        }
        if let Some(count) = in_words() {
            let why = format!("the {word}s are written in digits");
            return Some((passing(&count.to_string(), word), why));
        }
    }
    // Otherwise the count as a fraction: `half an hour` is 1/2, `1.5` is 15/10.
    let (numerator, denominator): (u128, u128) = match n.split_once('.') {
        Some((whole, fraction)) => {
            // More places than a nanosecond's are no time a step can pass.
            let places = u32::try_from(fraction.len()).ok().filter(|p| *p <= 9)?;
            let ten = 10u128.pow(places);
            let whole: u128 = whole.parse().ok()?;
            let fraction: u128 = fraction.parse().ok()?;
            (whole.checked_mul(ten)?.checked_add(fraction)?, ten)
        }
        None if n.starts_with("half") => (1, 2),
        None if digits => (n.parse().ok()?, 1),
        None => (in_words()?.into(), 1),
    };
    let exact_seconds = numerator.checked_mul(seconds_each)?;
    let whole_minutes = exact_seconds.is_multiple_of(denominator * 60);
    // A fraction in digits that is no whole number of minutes has no step to suggest but the
    // phrase, with the note on its `<N>`; nor has half a second.
    if (n.contains('.') && !whole_minutes) || !exact_seconds.is_multiple_of(denominator) {
        return None;
    }
    // A step passes whole minutes: seconds that are none are rounded up, the first step at
    // which what was due after them has come, and the why says so.
    let seconds = exact_seconds.div_ceil(denominator);
    let minutes = seconds.div_ceil(60);
    if !whole_minutes {
        let why = format!("time passes in whole minutes in a step: {seconds} seconds, rounded up");
        return Some((passing(&minutes.to_string(), "minute"), why));
    }
    // In the largest unit that says them exactly, as the simulator writes a wait.
    let step = crate::phrases::time_passes_text(i64::try_from(minutes).ok()?);
    let why = "time passes in whole minutes, hours or days in a step".to_string();
    Some((format!("{step}{rest}"), why))
}

const WORD_NUMBERS: [(&str, u64); 21] = [
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("fourteen", 14),
    ("fifteen", 15),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("forty-five", 45),
    ("fifty", 50),
    ("sixty", 60),
    ("ninety", 90),
    ("zero", 0),
];
