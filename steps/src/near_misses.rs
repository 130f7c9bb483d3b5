//! What an unknown step was most likely meant as. Domain experts slip against each family of
//! DSL.md's phrases in ways a plain edit distance cannot see, because their own names and
//! values fill the phrase (`Then read model SeatType has no entry for student` is far, letter by
//! letter, from `the read model <Name> has no entry for <id>`): a word left out or added, a word
//! of their own for ours, the clock set or an entry said absent in other words, weeks or seconds
//! where a step takes minutes, hours or days. Undoing those gives one phrase that reads, written with the author's own
//! names and values, or nothing when the step is too far from every phrase to guess.

use std::sync::OnceLock;

use regex::{Captures, Regex};

/// A step's text as its author may have meant it, and why it did not read so (empty when the
/// suggestion says it all).
pub(crate) type Meant = (String, String);

/// The text `text` was most likely meant as, among the phrases whose contract forms are `forms`
/// (`<Name>`, `<id>`, `<N>`, `"<text>"` and `<RFC 3339 instant>` standing for the author's
/// words), as long as `reads` accepts it: a suggestion that is no step would send the author
/// round again.
///
/// `closely` asks for a phrase the text misses by small slips only (no word changed or missing),
/// for the phrases of another keyword than the step's: the keyword is then a slip already.
pub(crate) fn meant<'f>(
    text: &str,
    forms: impl Iterator<Item = &'f str> + Clone,
    reads: impl Fn(&str) -> bool,
    closely: bool,
) -> Option<Meant> {
    let mut said = text.to_string();
    let mut why = String::new();
    for reword in REWORDINGS {
        if let Some((again, because)) = reword(&said) {
            said = again;
            if why.is_empty() {
                why = because;
            }
        }
    }
    if said != text && reads(&said) {
        return Some((said, why));
    }
    if let Some((aligned, lacks)) =
        nearest_form(&said, forms.clone(), closely).filter(|(t, _)| reads(t))
    {
        return Some((aligned, if why.is_empty() { lacks } else { why }));
    }
    // A rewording that led nowhere may have hidden what the text was near as written.
    nearest_form(text, forms, closely).filter(|(t, _)| reads(t))
}

/// A change of a step's text that undoes one kind of slip, and why it is made (empty when the
/// suggestion says it all). Each leaves a text it does not apply to alone, and they are applied
/// in turn, so that one step's several slips are all undone.
type Rewording = fn(&str) -> Option<Meant>;

const REWORDINGS: [Rewording; 15] = [
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
    let absent = |c: Captures| {
        (
            format!(
                "the read model {} has no entry for {}",
                &c["name"], &c["key"]
            ),
            String::new(),
        )
    };
    let key_first = regex(
        &KEY_FIRST,
        r"(?i)^(?:the )?read model (?P<name>\S+) for (?P<key>.+?) (?:has no entry|has no entries|does not exist|doesn't exist|is absent|is missing|is empty|is not present|is not there|is gone|is none|is null|is not found|was removed|has been removed|is removed|was deleted|has been deleted|is deleted)$",
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

/// One piece of a contract form: a word, a punctuation mark, or a place the author's words fill.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Piece<'a> {
    Word(&'a str),
    Mark(char),
    /// A hole, and how the contract writes it.
    Hole(Hole, &'a str),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Hole {
    /// `<Name>`: one word.
    Name,
    /// `"<text>"`: one double-quoted text.
    Quoted,
    /// `<N>` and `<RFC 3339 instant>`: words that start with a digit.
    Number,
    /// `<id>`: any words.
    Any,
}

/// The marks a word may carry at its end (or `(` at its start) that are pieces of their own.
const MARKS: &[char] = &[':', ',', ';', '.', '(', ')'];

/// A text as pieces: words, a double-quoted text as one word, and marks.
fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let end = if let Some(quoted) = rest.strip_prefix('"') {
            quoted.find('"').map_or(rest.len(), |i| i + 2)
        } else {
            rest.find(char::is_whitespace).unwrap_or(rest.len())
        };
        let (mut word, after) = rest.split_at(end);
        rest = after.trim_start();
        if word.starts_with('"') {
            out.push(word);
            continue;
        }
        while word.len() > 1 && word.starts_with('(') {
            out.push(&word[..1]);
            word = &word[1..];
        }
        let mut trailing = Vec::new();
        while word.len() > 1 && word.ends_with(MARKS) {
            let at = word.len() - 1;
            trailing.push(&word[at..]);
            word = &word[..at];
        }
        out.push(word);
        out.extend(trailing.into_iter().rev());
    }
    out
}

fn is_mark(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if MARKS.contains(&c))
}

fn pieces(form: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = form;
    while let Some(open) = rest.find('<') {
        let close = rest[open..].find('>').map_or(rest.len(), |i| open + i + 1);
        let quoted = rest[..open].ends_with('"') && rest[close..].starts_with('"');
        let before = if quoted {
            &rest[..open - 1]
        } else {
            &rest[..open]
        };
        out.extend(words(before).into_iter().map(piece));
        let written = match quoted {
            true => &rest[open - 1..close + 1],
            false => &rest[open..close],
        };
        let hole = match written {
            _ if quoted => Hole::Quoted,
            "<Name>" => Hole::Name,
            "<id>" => Hole::Any,
            _ => Hole::Number,
        };
        out.push(Piece::Hole(hole, written));
        rest = if quoted {
            &rest[close + 1..]
        } else {
            &rest[close..]
        };
    }
    out.extend(words(rest).into_iter().map(piece));
    out
}

fn piece(word: &str) -> Piece<'_> {
    match is_mark(word) {
        true => Piece::Mark(word.chars().next().unwrap_or(':')),
        false => Piece::Word(word),
    }
}

/// What one slip costs. A word changed or missing is a full slip; a word of ours written in a
/// word of the author's, a filler word added or an article left out are small ones, so that a
/// phrase is found through several of them.
const SLIP: u32 = 10;
const TYPO: u32 = 4;
/// A hole left empty is suggested as the contract writes it (`for <id>`), which tells the author
/// what to add: less than a word of ours left out, which would be suggested as if meant.
const EMPTY_HOLE: u32 = 4;
const MARK: u32 = 3;
/// Each word a hole takes after its first: a name or key is mostly one word.
const HOLE_WORD: u32 = 3;
const FILLER: u32 = 2;
const SYNONYM: u32 = 1;
const NEVER: u32 = u32::MAX / 4;

/// Words an author writes for ours, by our word.
const SYNONYMS: &[(&str, &[&str])] = &[
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
const NEVER_FOR: &[(&str, &[&str])] = &[
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
const FILLERS: &[&str] = &[
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
const LIGHT_WORDS: &[&str] = &["the", "these", "a", "is", "are"];

/// Words that turn what a step says into its opposite: never added, left out or exchanged for
/// a word that does not negate, or a step would be suggested that checks the opposite of what
/// its author wrote (`these events are not recorded:` is no `these events are recorded:`).
const NEGATIONS: &[&str] = &[
    "no", "not", "never", "none", "nothing", "neither", "nor", "without", "zero",
];

fn negates(word: &str) -> bool {
    NEGATIONS.contains(&word) || word.ends_with("n't")
}

fn replaces(ours: &str, theirs: &str) -> u32 {
    if theirs.starts_with('"') || is_mark(theirs) {
        return NEVER;
    }
    let (ours, theirs) = (ours.to_lowercase(), theirs.to_lowercase());
    if ours == theirs {
        return 0;
    }
    if negates(&ours) != negates(&theirs) {
        return NEVER;
    }
    let listed = |list: &[(&str, &[&str])]| {
        list.iter()
            .any(|(o, t)| *o == ours && t.contains(&theirs.as_str()))
    };
    if listed(NEVER_FOR) {
        return NEVER;
    }
    if listed(SYNONYMS) {
        return SYNONYM;
    }
    let letters = ours.chars().count();
    if letters >= 3 && strsim::levenshtein(&ours, &theirs) <= (letters / 4).max(1) {
        return TYPO;
    }
    SLIP
}

fn left_out(piece: Piece) -> u32 {
    match piece {
        Piece::Word(w) if negates(w) => NEVER,
        Piece::Word(w) if LIGHT_WORDS.contains(&w) => FILLER,
        Piece::Word(_) => SLIP,
        // A read model is named before its key: a name left out is the less likely reading
        // (`the read model SeatType is:` lacks its key, not its name).
        Piece::Hole(Hole::Name, _) => EMPTY_HOLE + 1,
        Piece::Hole(..) => EMPTY_HOLE,
        Piece::Mark(_) => MARK,
    }
}

fn added(word: &str) -> u32 {
    if is_mark(word) {
        MARK
    } else if negates(&word.to_lowercase()) {
        NEVER
    } else if FILLERS.contains(&word.to_lowercase().as_str()) {
        FILLER
    } else {
        SLIP
    }
}

/// Whether a hole may take `word` (its first word when `first`) in `form`: never a word the
/// form writes itself, which would be read twice (`the read model SeatType is:` is not `… for
/// is is:`).
fn fills(form: &[Piece], hole: Hole, word: &str, first: bool) -> bool {
    let ours = |p: &Piece| matches!(p, Piece::Word(w) if w.eq_ignore_ascii_case(word));
    if is_mark(word) || (first && form.iter().any(ours)) {
        return false;
    }
    let quoted = word.starts_with('"');
    match hole {
        Hole::Name => first && !quoted,
        Hole::Quoted => first && quoted,
        Hole::Number => !quoted && (!first || word.starts_with(|c: char| c.is_ascii_digit())),
        Hole::Any => true,
    }
}

/// How `said` is best read as `form`, and what it costs: the form written with the author's words
/// in its holes, and the holes it leaves empty as the contract writes them. `None` when the
/// words cannot be read as the form at all (a negation added or left out).
fn align<'f>(form: &[Piece<'f>], said: &[&str]) -> Option<(u32, String, Vec<&'f str>)> {
    let (m, n) = (form.len(), said.len());
    // cost[i][j]: the cheapest reading of the form's first i pieces from the first j words;
    // step[i][j]: how it was reached, to write the reading out.
    #[derive(Clone, Copy)]
    enum Step {
        Start,
        Kept,
        LeftOut,
        Added,
        Filled(usize),
    }
    let mut cost = vec![vec![NEVER; n + 1]; m + 1];
    let mut step = vec![vec![Step::Start; n + 1]; m + 1];
    cost[0][0] = 0;
    for i in 0..=m {
        for j in 0..=n {
            let here = cost[i][j];
            if here >= NEVER {
                continue;
            }
            let mut offer = |i: usize, j: usize, c: u32, s: Step| {
                if here + c < cost[i][j] {
                    cost[i][j] = here + c;
                    step[i][j] = s;
                }
            };
            if j < n {
                offer(i, j + 1, added(said[j]), Step::Added);
            }
            let Some(&piece) = form.get(i) else { continue };
            offer(i + 1, j, left_out(piece), Step::LeftOut);
            match piece {
                Piece::Word(w) if j < n => offer(i + 1, j + 1, replaces(w, said[j]), Step::Kept),
                Piece::Mark(c) if j < n && said[j].chars().eq([c]) => {
                    offer(i + 1, j + 1, 0, Step::Kept)
                }
                Piece::Hole(hole, _) => {
                    for k in 1..=n - j {
                        if !fills(form, hole, said[j + k - 1], k == 1) {
                            break;
                        }
                        offer(i + 1, j + k, HOLE_WORD * (k as u32 - 1), Step::Filled(k));
                    }
                }
                _ => {}
            }
        }
    }
    if cost[m][n] >= NEVER {
        return None;
    }
    let mut written: Vec<String> = Vec::new();
    let mut empty = Vec::new();
    let (mut i, mut j) = (m, n);
    while i > 0 || j > 0 {
        match step[i][j] {
            Step::Added => j -= 1,
            s @ (Step::LeftOut | Step::Kept) => {
                i -= 1;
                if matches!(s, Step::Kept) {
                    j -= 1;
                }
                // A hole left out is written as the contract writes it, for the author to fill.
                written.push(match form[i] {
                    Piece::Word(w) => w.to_string(),
                    Piece::Hole(_, w) => {
                        empty.push(w);
                        w.to_string()
                    }
                    Piece::Mark(c) => c.to_string(),
                });
            }
            Step::Filled(k) => {
                i -= 1;
                j -= k;
                written.push(said[j..j + k].join(" "));
            }
            Step::Start => return None,
        }
    }
    written.reverse();
    let mut text = String::new();
    for word in written {
        // A colon or comma closes the word before it.
        if !(text.is_empty() || word == ":" || word == ",") {
            text.push(' ');
        }
        text.push_str(&word);
    }
    empty.reverse();
    Some((cost[m][n], text, empty))
}

/// The most words of a step read against the phrases.
const MOST_WORDS: usize = 40;

/// The form `said` is nearest to, written with the author's words in its holes, when it is near
/// enough to be a slip: up to a full slip for every three words of the form (one at least), or
/// `closely`, small slips only.
fn nearest_form<'f>(
    said: &str,
    forms: impl Iterator<Item = &'f str>,
    closely: bool,
) -> Option<Meant> {
    let words = words(said);
    // No phrase is near a text this long, and reading it against one costs as its square.
    if words.len() > MOST_WORDS {
        return None;
    }
    forms
        .filter_map(|form| {
            let form = pieces(form);
            let (cost, text, empty) = align(&form, &words)?;
            let ours = form.iter().filter(|p| matches!(p, Piece::Word(_))).count() as u32;
            let most = match closely {
                true => SLIP - 1,
                false => (SLIP * ours / 3).max(SLIP),
            };
            let why = match empty.as_slice() {
                [] => String::new(),
                holes => {
                    let holes: Vec<String> = holes.iter().map(|h| format!("`{h}`")).collect();
                    format!("the step gives no {}", holes.join(" and no "))
                }
            };
            (cost <= most).then_some((cost, (text, why)))
        })
        .min_by_key(|(cost, _)| *cost)
        .map(|(_, meant)| meant)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_quoted_text_whole_and_split_marks_off() {
        assert_eq!(
            words(r#"the command is rejected with "no seats, sorry":"#),
            [
                "the",
                "command",
                "is",
                "rejected",
                "with",
                "\"no seats, sorry\"",
                ":"
            ]
        );
        assert_eq!(
            words("the time is 2026-01-05T09:00:00Z (the start)."),
            [
                "the",
                "time",
                "is",
                "2026-01-05T09:00:00Z",
                "(",
                "the",
                "start",
                ")",
                "."
            ]
        );
    }

    #[test]
    fn a_form_is_read_with_the_authors_words_in_its_holes() {
        let form = pieces("the read model <Name> has no entry for <id>");
        let (cost, text, _) = align(
            &form,
            &words("read model SeatType has no entry for student"),
        )
        .expect("reads");
        assert_eq!(text, "the read model SeatType has no entry for student");
        assert_eq!(cost, FILLER);
        // A hole left empty is written as the contract writes it, for the author to fill.
        let (_, text, empty) =
            align(&form, &words("the read model SeatType has no entry for")).unwrap();
        assert_eq!(text, "the read model SeatType has no entry for <id>");
        assert_eq!(empty, ["<id>"]);
    }

    #[test]
    fn the_instant_within_a_clocks_value_is_found_when_it_reads_alone() {
        assert_eq!(
            instant_within("set to 2026-01-05T09:00:00Z").as_deref(),
            Some("2026-01-05T09:00:00Z")
        );
        assert_eq!(
            instant_within("2026-01-05T09:00:00Z.").as_deref(),
            Some("2026-01-05T09:00:00Z")
        );
        // The value alone, or a date that is no instant, has nothing else to suggest.
        assert_eq!(instant_within("2026-01-05T09:00:00Z"), None);
        assert_eq!(instant_within("set to 2026-01-05"), None);
        assert_eq!(instant_within("noon"), None);
    }

    /// Whatever the text, a reading is found or not, without a panic, and soon: a long text is
    /// not read against the phrases at all.
    #[test]
    fn any_text_is_read_without_a_panic() {
        let forms = [
            "the read model <Name> for <id> is:",
            "the command is rejected with \"<text>\"",
        ];
        let long = "word ".repeat(10_000);
        for text in [
            "",
            "\"",
            "(((",
            ":::",
            "\u{3000}\u{3000}",
            "the read model \u{e9}t\u{e9} for \u{65e5} is",
            "99999999999999999999999 hours pass",
            "half a second passes",
            long.as_str(),
        ] {
            let _ = meant(text, forms.iter().copied(), |_| true, false);
        }
        assert_eq!(nearest_form(&long, forms.iter().copied(), false), None);
        assert_eq!(
            meant(
                "the read model \u{e9}t\u{e9} for \u{65e5} is",
                forms.iter().copied(),
                |_| true,
                false
            ),
            Some((
                "the read model \u{e9}t\u{e9} for \u{65e5} is:".to_string(),
                String::new()
            ))
        );
    }
}
