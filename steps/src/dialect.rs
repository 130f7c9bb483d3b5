//! The keywords of the Gherkin language a feature file is written in (`# language: fr`), so that
//! the checks on lines Gherkin drops or refuses read a French or German file as they read an
//! English one, and name its own keywords back.
//!
//! The table is Gherkin's own (`gherkin-languages.json`, as the gherkin crate ships it, MIT or
//! Apache-2.0): the crate parses with it but keeps it private.

use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

use domain::kernel::nearest;

/// A block a keyword with a colon opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Block {
    Feature,
    Background,
    Rule,
    /// `Scenario:` and its synonym `Example:`.
    Scenario,
    /// `Scenario Outline:` and `Scenario Template:`.
    Outline,
    Examples,
}

const BLOCKS: [Block; 6] = [
    Block::Scenario,
    Block::Outline,
    Block::Background,
    Block::Rule,
    Block::Examples,
    Block::Feature,
];

/// One language's keywords, as Gherkin's table writes them: block keywords without their colon,
/// step keywords with the space that follows them (none in languages written without spaces),
/// and `* ` among the step keywords.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Dialect {
    feature: Vec<String>,
    background: Vec<String>,
    rule: Vec<String>,
    scenario: Vec<String>,
    scenario_outline: Vec<String>,
    examples: Vec<String>,
    given: Vec<String>,
    when: Vec<String>,
    then: Vec<String>,
    and: Vec<String>,
    but: Vec<String>,
    /// The language's name in English and in itself (`French`, `français`).
    #[serde(default)]
    name: String,
    #[serde(default)]
    native: String,
    /// The step keywords, longest first: worked out once, as every line of a file is asked
    /// whether it is a step.
    #[serde(skip)]
    prefixes: OnceLock<Vec<String>>,
    /// The step keywords as words, in the order of their kinds: worked out once.
    #[serde(skip)]
    words: OnceLock<Vec<String>>,
}

static DIALECTS: LazyLock<HashMap<String, Dialect>> = LazyLock::new(|| {
    // Shipped with the program, and read whole by a test: no input of a run can break it.
    serde_json::from_str(include_str!("gherkin-languages.json"))
        .expect("Gherkin's keyword table, shipped with gwt, reads")
});

/// The language a file's text names in its `# language:` line (from 0), as Gherkin reads it: the
/// file's first written line, blank lines before it aside, and the name all the rest of the
/// line, spaces after it included (Gherkin then knows no such language). `None` when it names
/// none.
pub(crate) fn language_named<'t>(
    lines: impl IntoIterator<Item = &'t str>,
) -> Option<(usize, &'t str)> {
    let blank = [' ', '\t'];
    let (i, first) = lines
        .into_iter()
        .enumerate()
        .find(|(_, l)| !l.trim().is_empty())?;
    let rest = first.trim_start_matches(blank).strip_prefix('#')?;
    let name = rest
        .trim_start_matches(blank)
        .strip_prefix("language")?
        .trim_start_matches(blank)
        .strip_prefix(':')?;
    // An empty name is no language line for Gherkin, which reads it as a comment.
    let name = name.trim_start_matches(blank);
    (!name.is_empty()).then_some((i, name))
}

/// `text` with the blanks after its language line's name dropped, when there are some and the
/// name without them is a language Gherkin knows (`# language: fr `); None otherwise. Gherkin
/// takes them for part of the name and refuses the file whole, for blanks no one sees.
pub(crate) fn with_language_blanks_dropped(text: &str) -> Option<String> {
    let (i, name) = language_named(text.lines())?;
    let bare = name.trim_end_matches([' ', '\t']);
    if bare.len() == name.len() || Dialect::named(bare).is_none() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for (j, line) in text.split_inclusive('\n').enumerate() {
        if j != i {
            out.push_str(line);
            continue;
        }
        let body = line.trim_end_matches(['\n', '\r']);
        out.push_str(body.trim_end_matches([' ', '\t']));
        out.push_str(&line[body.len()..]);
    }
    Some(out)
}

impl Dialect {
    /// The keywords of the language `text` is written in: English unless its first line names
    /// another. `None` for a language Gherkin does not know, whose file it refuses whole.
    pub(crate) fn of(text: &str) -> Option<&'static Dialect> {
        match language_named(text.lines()) {
            None => Some(Dialect::english()),
            Some((_, name)) => Dialect::named(name),
        }
    }

    pub(crate) fn named(name: &str) -> Option<&'static Dialect> {
        if name == "en" {
            return Some(Dialect::english());
        }
        DIALECTS.get(name)
    }

    pub(crate) fn english() -> &'static Dialect {
        // Asked for every file and step: looked up once.
        static EN: LazyLock<&'static Dialect> = LazyLock::new(|| {
            DIALECTS
                .get("en")
                .expect("Gherkin's keyword table has English")
        });
        *EN
    }

    /// The keywords opening `block`.
    pub(crate) fn keywords(&self, block: Block) -> &[String] {
        match block {
            Block::Feature => &self.feature,
            Block::Background => &self.background,
            Block::Rule => &self.rule,
            Block::Scenario => &self.scenario,
            Block::Outline => &self.scenario_outline,
            Block::Examples => &self.examples,
        }
    }

    /// The word a message writes for `block`: the table's first, but for a scenario, whose
    /// list puts the synonym `Example` (Gherkin 6) before `Scenario`.
    pub(crate) fn word(&self, block: Block) -> &str {
        let keywords = self.keywords(block);
        if block == Block::Scenario && keywords.len() > 1 {
            return &keywords[1];
        }
        preferred(keywords, Dialect::english().keywords(block)).unwrap_or_default()
    }

    /// Whether `t` opens `block`, its keyword right before a colon.
    pub(crate) fn opens(&self, t: &str, block: Block) -> bool {
        self.keywords(block).iter().any(|k| {
            t.strip_prefix(k.as_str())
                .is_some_and(|r| r.starts_with(':'))
        })
    }

    /// Whether `t` opens `block`, spaces allowed before the colon (`Scenario : x`), as Gherkin
    /// reads it.
    pub(crate) fn opens_loosely(&self, t: &str, block: Block) -> bool {
        self.keywords(block).iter().any(|k| {
            t.strip_prefix(k.as_str())
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
    }

    /// The block `t` opens, if any.
    pub(crate) fn block_of(&self, t: &str) -> Option<Block> {
        // Every block's keyword has a colon after it: most lines have none.
        if !t.contains(':') {
            return None;
        }
        BLOCKS.into_iter().find(|b| self.opens(t, *b))
    }

    /// Every block keyword, the scenario's first, the Feature's last.
    pub(crate) fn block_keywords(&self) -> impl Iterator<Item = &str> {
        BLOCKS
            .into_iter()
            .flat_map(|b| self.keywords(b).iter().map(String::as_str))
    }

    /// Step keywords as written before a step's text (`Given `, `* `), longest first, so that
    /// `Sachant que ` is found before `Sachant `.
    pub(crate) fn step_prefixes(&self) -> &[String] {
        self.prefixes.get_or_init(|| {
            let mut all: Vec<String> = [&self.given, &self.when, &self.then, &self.and, &self.but]
                .into_iter()
                .flatten()
                .cloned()
                .collect();
            all.sort_by_key(|k| std::cmp::Reverse(k.len()));
            let mut seen = std::collections::HashSet::new();
            all.retain(|k| seen.insert(k.clone()));
            all
        })
    }

    /// The step keyword `t` starts with, as written (`Given `), if `t` is a step's line.
    pub(crate) fn step_keyword<'t>(&self, t: &'t str) -> Option<&'t str> {
        self.step_prefixes()
            .iter()
            .find(|k| t.starts_with(k.as_str()))
            .map(|k| &t[..k.len()])
    }

    /// Whether Gherkin reads `t` as a step.
    pub(crate) fn is_step_line(&self, t: &str) -> bool {
        self.step_keyword(t).is_some()
    }

    /// The step keywords as words (`Given`, `Sachant que`), `*` aside.
    pub(crate) fn step_words(&self) -> Vec<&str> {
        let words = self.words.get_or_init(|| {
            let mut words: Vec<String> = self
                .step_prefixes()
                .iter()
                .map(|k| k.trim_end().to_string())
                .filter(|k| k != "*")
                .collect();
            // In the table's order of kinds (Given, When, Then, And, But), as a nearest match
            // takes the first of equals.
            words.sort_by_key(|w| self.kind_rank(w));
            words
        });
        words.iter().map(String::as_str).collect()
    }

    fn kind_rank(&self, word: &str) -> usize {
        [&self.given, &self.when, &self.then, &self.and, &self.but]
            .iter()
            .position(|list| list.iter().any(|k| k.trim_end() == word))
            .unwrap_or(usize::MAX)
    }

    /// This language's word for the English step keyword `english` (`Given` is `Soit` in
    /// French): the phrases are English, the keywords the file's.
    pub(crate) fn step_word(&self, english: &str) -> &str {
        self.step_prefix(english).trim_end()
    }

    /// [`Dialect::step_word`] as written before a step's text: with the space after it, or
    /// none in a language written without spaces (`假如`).
    pub(crate) fn step_prefix(&self, english: &str) -> &str {
        match (self.steps_of(english), Dialect::english().steps_of(english)) {
            (Some(list), Some(theirs)) => preferred(list, theirs).unwrap_or("* "),
            _ => "* ",
        }
    }

    /// The keywords of the English step keyword `english` (`Given`, …, `But`).
    fn steps_of(&self, english: &str) -> Option<&[String]> {
        Some(match english {
            "Given" => &self.given,
            "When" => &self.when,
            "Then" => &self.then,
            "And" => &self.and,
            "But" => &self.but,
            _ => return None,
        })
    }

    /// [`Dialect::step_prefix`] for the keyword Gherkin read a step as.
    pub(crate) fn prefix_of(&self, ty: cucumber::gherkin::StepType) -> &str {
        self.step_prefix(crate::phrases::keyword(ty))
    }

    /// The kind a step's keyword as written (`Soit `) gives its step: Given, When or Then,
    /// `None` for And, But and `*`, which take another step's.
    pub(crate) fn kind_of(&self, written: &str) -> Option<cucumber::gherkin::StepType> {
        use cucumber::gherkin::StepType;
        let written = written.trim_end();
        let is = |list: &[String]| list.iter().any(|k| k.trim_end() == written);
        if written == "*" || self.continues(written) {
            return None;
        }
        [
            (&self.given, StepType::Given),
            (&self.when, StepType::When),
            (&self.then, StepType::Then),
        ]
        .into_iter()
        .find_map(|(list, ty)| is(list).then_some(ty))
    }

    /// Whether a step's keyword as written (`And`, `Et`, `Mais`) continues the keyword of the step
    /// before it, as And and But do.
    pub(crate) fn continues(&self, written: &str) -> bool {
        let written = written.trim();
        written != "*"
            && [&self.and, &self.but]
                .into_iter()
                .flatten()
                .any(|k| k.trim_end() == written)
    }

    /// Whether `keyword` (as written, perhaps misspelt: `Scenario Outlin`) opens an outline
    /// rather than a scenario.
    pub(crate) fn is_outline(&self, keyword: &str) -> bool {
        let candidates = self
            .keywords(Block::Scenario)
            .iter()
            .chain(self.keywords(Block::Outline))
            .map(String::as_str);
        nearest(keyword.trim(), candidates)
            .is_some_and(|k| self.keywords(Block::Outline).iter().any(|o| o == k))
    }

    /// The keywords listed where a line is no Gherkin at all: what could have been written.
    pub(crate) fn listed(&self) -> String {
        let blocks = [
            Block::Feature,
            Block::Background,
            Block::Rule,
            Block::Scenario,
            Block::Outline,
            Block::Examples,
        ]
        .map(|b| self.word(b));
        let steps = ["Given", "When", "Then", "And", "But"].map(|s| self.step_word(s));
        blocks
            .into_iter()
            .chain(steps)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The keyword a message names from `list`, `*` aside: in a language other than English, one
/// that is not English's too (German lists `Rule` beside `Regel`), and one word rather than
/// several (`Et` rather than `Et que`); else the first.
fn preferred<'a>(list: &'a [String], english: &[String]) -> Option<&'a str> {
    let candidates = || list.iter().filter(|k| k.trim_end() != "*");
    let own = |k: &&String| !english.contains(k);
    candidates()
        .filter(own)
        .find(|k| !k.trim().contains(char::is_whitespace))
        .or_else(|| candidates().find(own))
        .or_else(|| candidates().next())
        .map(String::as_str)
}

/// The code of the language whose name, in English or in itself, is `name` (`french`,
/// `Deutsch`), case aside.
pub(crate) fn language_called(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    let mut codes: Vec<(&String, &Dialect)> = DIALECTS.iter().collect();
    codes.sort_unstable_by_key(|(code, _)| code.as_str());
    codes
        .into_iter()
        .find(|(_, d)| d.name.to_lowercase() == lower || d.native.to_lowercase() == lower)
        .map(|(code, _)| code.as_str())
}

/// The codes of the languages whose Feature keyword opens `t` (`Fonctionnalité: x` is French's).
pub(crate) fn languages_opening_feature(t: &str) -> Vec<&'static str> {
    let mut codes: Vec<&str> = DIALECTS
        .iter()
        .filter(|(_, d)| d.opens(t, Block::Feature))
        .map(|(code, _)| code.as_str())
        .collect();
    codes.sort_unstable();
    codes
}

/// The language whose outline keyword `keyword` is (`Plan du scénario`), if any: a parsed
/// scenario keeps its keyword, not its file's language.
pub(crate) fn of_outline_keyword(keyword: &str) -> Option<&'static Dialect> {
    let keyword = keyword.trim();
    if Dialect::english()
        .keywords(Block::Outline)
        .iter()
        .any(|k| k == keyword)
    {
        return Some(Dialect::english());
    }
    DIALECTS
        .values()
        .find(|d| d.keywords(Block::Outline).iter().any(|k| k == keyword))
}

/// Whether `word` is a step keyword of some language Gherkin knows (`Gegeben sei` in a French
/// file).
pub(crate) fn any_language_step_word(word: &str) -> bool {
    DIALECTS.values().any(|d| d.step_words().contains(&word))
}

/// The languages Gherkin knows, by their codes, for a file that names another.
pub(crate) fn known_languages() -> Vec<&'static str> {
    let mut codes: Vec<&str> = DIALECTS.keys().map(String::as_str).collect();
    codes.sort_unstable();
    codes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gherkin_s_table_reads_whole_and_english_is_its_own() {
        assert!(DIALECTS.len() >= 70, "{}", DIALECTS.len());
        let en = Dialect::english();
        assert!(std::ptr::eq(en, &DIALECTS["en"]));
        assert_eq!(
            en.keywords(Block::Feature),
            ["Feature", "Business Need", "Ability"]
        );
        assert_eq!(en.given, ["* ", "Given "]);
        assert_eq!(en.word(Block::Scenario), "Scenario");
        assert_eq!(
            en.listed(),
            "Feature, Background, Rule, Scenario, Scenario Outline, Examples, Given, When, \
             Then, And, But"
        );
    }

    #[test]
    fn the_language_is_the_first_written_line_s() {
        assert_eq!(
            language_named("\n  #language:fr\nFeature: f".lines()),
            Some((1, "fr"))
        );
        // Gherkin takes the rest of the line, and knows no `fr `.
        assert_eq!(
            language_named("# language: fr \n".lines()),
            Some((0, "fr "))
        );
        assert!(Dialect::of("# language: fr \n").is_none());
        // Read without them, each line ending kept; an unknown name is left for its error.
        assert_eq!(
            with_language_blanks_dropped("# language: fr \t\r\nFonctionnalité: f\r\n").as_deref(),
            Some("# language: fr\r\nFonctionnalité: f\r\n")
        );
        assert_eq!(with_language_blanks_dropped("# language: fr\n"), None);
        assert_eq!(with_language_blanks_dropped("# language: xx \n"), None);
        assert_eq!(language_named("# language: de\n".lines()), Some((0, "de")));
        assert_eq!(language_named("# a note\n# language: de\n".lines()), None);
        assert_eq!(language_named("# language:\nFeature: f".lines()), None);
        assert_eq!(language_named("Feature: f\n# language: de\n".lines()), None);
        assert!(Dialect::of("# language: xx\n").is_none());
        assert!(Dialect::of("Feature: f").is_some_and(|d| std::ptr::eq(d, Dialect::english())));
    }

    #[test]
    fn french_keywords_are_read_and_named_as_french() {
        let fr = Dialect::of("# language: fr\n").expect("French");
        assert!(fr.opens("Scénario: s", Block::Scenario));
        assert!(fr.opens("Plan du scénario: s", Block::Outline));
        assert!(!fr.opens("Scenario: s", Block::Scenario));
        assert_eq!(fr.step_keyword("Sachant que x"), Some("Sachant que "));
        assert_eq!(
            fr.step_keyword("Étant donné qu'il"),
            Some("Étant donné qu'")
        );
        assert_eq!(fr.step_word("Given"), "Soit");
        assert_eq!(fr.word(Block::Scenario), "Scénario");
        assert_eq!(fr.word(Block::Background), "Contexte");
        assert!(fr.is_outline("Plan du scénari"));
        assert!(!fr.is_outline("Scénaro"));
        let zh = Dialect::named("zh-CN").expect("Chinese");
        assert!(zh.is_step_line("假如the events:"));
    }
}
