//! What a file tells of the lines Gherkin drops or refuses, in every language Gherkin knows:
//! misspelt and malformed keywords, steps lost to descriptions, prose that only looks like them.

use std::path::Path;

use super::read_back::read_problems;
use super::*;

fn typos(text: &str) -> Vec<String> {
    description_typos(Path::new("f.feature"), text)
}

/// A file in another language is told its mistakes in its own keywords: a block out of
/// place, a misspelt keyword in a description. One naming a language Gherkin does not know is
/// told at that line, with the code meant when it is near one, where Gherkin's words named
/// the Feature line and listed English keywords.
#[test]
fn a_file_in_another_language_is_told_in_its_keywords_and_an_unknown_one_at_its_line() {
    let steps = "    Quand 1 minute passes\n    Alors no commands are sent\n";
    let text = format!(
        "# language: fr\nFonctionnalité: f\n  Scénario: s\n{steps}  Contexte:\n    Soit no \
         events\n  Scénario: t\n{steps}"
    );
    let file = crate::temporary_feature(&text);
    let (_, problems) = read_file(file.path());
    let shown = file.path().display();
    assert_eq!(
        problems,
        [format!(
            "{shown}:6:3: a `Contexte:` comes once, before the first scenario of its feature \
             (or of its rule), and this one comes after a scenario: move it above the first \
             scenario; the scenario after it is not run"
        )]
    );
    let text = "# language: fr\nFonctionnalité: f\n  Soit the events:\n    | event | a |\n  Scénario: s\n    Quand 1 minute passes\n";
    assert_eq!(
        typos(text),
        ["f.feature:3:3: `Soit the events:` stands under a Fonctionnalité or Règle line with no `Contexte:` or `Scénario:` above it, so Gherkin reads it as description text and drops it; was a `Contexte:` line left out above it?"]
    );
    let text = "# language: de\nFunktionalität: f\n  Szenaro: s\n  Regeln: siehe Wiki\n";
    assert_eq!(
        typos(text),
        ["f.feature:3:3: \"Szenaro:\" is read as description text; did you mean \"Szenario:\"?"]
    );

    for (language, said) in [
        ("xx", "`xx`"),
        ("french", "`french`; did you mean `fr`?"),
        ("FR", "`FR`; did you mean `fr`?"),
        ("en_US", "`en_US`; did you mean `en`?"),
        // A country's code for its language's, and a language of regional codes alone.
        ("jp", "`jp`; did you mean `ja`?"),
        ("zh", "`zh`; did you mean `zh-CN` or `zh-TW`?"),
    ] {
        let file = crate::temporary_feature(format!(
            "\n# language: {language}\nFeature: f\n  Scenario: s\n{steps}"
        ));
        let (feature, problems) = read_file(file.path());
        assert!(feature.is_none());
        let [problem] = &problems[..] else {
            panic!("{problems:?}")
        };
        let start = format!(
            "{}:2:1: `# language: {}` names a language Gherkin does not know: {said} \
             (Gherkin knows af, ",
            file.path().display(),
            language.trim()
        );
        assert!(problem.starts_with(&start), "{problem}");
    }
    // Blanks after a known name, which no one sees, were refused whole as Gherkin refuses them.
    let file = crate::temporary_feature(
        "# language: fr \t\nFonctionnalité: f\n  Scénario: s\n    Quand 1 minute passes\n    Alors no events are recorded\n",
    );
    let (feature, problems) = read_file(file.path());
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(feature.map(|f| f.scenarios.len()), Some(1));
}

/// Sentences of a description that begin with a keyword's word are description, as Gherkin
/// reads them: the gherkin crate refused the file at each. A block's line with its colon left
/// out and steps under it is told as that, where its steps were told as a Background's.
#[test]
fn sentences_that_begin_with_a_keyword_s_word_read_and_a_block_without_its_colon_is_told() {
    let steps = "    When 1 minute passes\n    Then no events are recorded\n";
    let text = format!(
        "Feature: f\n  Rules: see the wiki.\n  Background info.\n  Scenarios are listed \
         below.\n  Rule of thumb: be kind.\n  Scenario: s\n    Examples of this are \
         few.\n{steps}"
    );
    let file = crate::temporary_feature(&text);
    let (feature, problems) = read_file(file.path());
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(feature.expect("a feature").scenarios.len(), 1);

    let text =
        format!("Feature: f\n  Scenario a payment is refused\n{steps}  Scenario: s\n{steps}");
    let file = crate::temporary_feature(&text);
    let (feature, problems) = read_file(file.path());
    let names: Vec<String> = feature
        .expect("a feature")
        .scenarios
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, ["s"]);
    assert_eq!(
        problems,
        [format!(
            "{}:2:3: `Scenario a payment is refused` is read as description text, as \
             `Scenario` takes a colon after it, and Gherkin drops it with the steps under it; \
             did you mean `Scenario: a payment is refused`?",
            file.path().display()
        )]
    );
}

/// Two mistakes in one file are each told at their own line: a block took the first told
/// mistake of the whole file for its own (a tag above a step), and a misspelt `Scenario:`
/// after another scenario's steps, whose block parses alone as description, was told at the
/// first line like it.
#[test]
fn each_of_two_mistakes_in_a_file_is_told_at_its_own_line() {
    let steps = "    When 1 minute passes\n    Then no events are recorded\n";
    let good = format!("  Scenario: good\n{steps}");
    for (text, lines) in [
        (
            format!(
                "Feature: f\n  Scenario: one\n    When 1 minute passes\n    @wip\n    Then no \
                 events are recorded\n{good}  Scenaro: three\n{steps}{good}"
            ),
            [4, 9],
        ),
        (
            format!("Feature: f\n  Scenaro: one\n{steps}{good}  Scenaro: three\n{steps}{good}"),
            [2, 8],
        ),
    ] {
        let file = crate::temporary_feature(&text);
        let (feature, problems) = read_file(file.path());
        let told: Vec<usize> = problems
            .iter()
            .map(|p| {
                let at = p
                    .strip_prefix(&format!("{}:", file.path().display()))
                    .unwrap();
                at.split(':').next().unwrap().parse().unwrap()
            })
            .collect();
        assert_eq!(told, lines, "{problems:#?}");
        assert!(problems[1].contains("\"Scenaro:\" is not a keyword (`Scenaro: three`)"));
        assert_eq!(feature.expect("the good scenarios").scenarios.len(), 2);
    }
}

/// A step's phrase after words Gherkin takes for no keyword of the file is told, with the
/// step meant: a keyword with no space, a tab or a non-breaking space after it, an English
/// keyword in a French file, a keyword misspelt beyond a slip. Where Gherkin drops the line
/// as description (a scenario's first step) and where it refuses it (after a step).
#[test]
fn a_phrase_after_words_that_are_no_keyword_of_the_file_is_told_with_the_step_meant() {
    let fr = |line: &str, at: &'static str| {
        (
            format!(
                "# language: fr\nFonctionnalité: f\n  Scénario: s\n    {line}\n    Quand 1 \
                 minute passes\n    Alors no events are recorded\n"
            ),
            at,
        )
    };
    for ((text, at), said) in [
        (
            fr("Soitno events", "4:5"),
            "\"Soit\" has no space after it, so `Soitno events` is read as description \
             text, and Gherkin drops it; the scenario `s` is not run; did you mean `Soit no \
             events`?",
        ),
        (
            fr("Soit\u{a0}no events", "4:5"),
            "\"Soit\" is followed by a non-breaking space, so `Soit\u{a0}no events` is read \
             as description text, and Gherkin drops it; the scenario `s` is not run; did you \
             mean `Soit no events`?",
        ),
        (
            fr("Given no events", "4:5"),
            "\"Given\" is an English keyword, and this file's `# language:` line names \
             another, so `Given no events` is read as description text, and Gherkin drops \
             it; the scenario `s` is not run; did you mean `Soit no events`?",
        ),
        (
            fr("Étant donne que no events", "4:5"),
            "\"Étant donne que\" is not a keyword, so `Étant donne que no events` is read as \
             description text, and Gherkin drops it; the scenario `s` is not run; did you \
             mean `Soit no events`?",
        ),
        (
            (
                "# language: fr\nFonctionnalité: f\n  Scénario: s\n    Soit no events\n    \
                 When 1 minute passes\n    Alors no events are recorded\n"
                    .to_string(),
                "5:5",
            ),
            "\"When\" is an English keyword, and this file's `# language:` line names \
             another (`When 1 minute passes`); the scenario `s` is not run; did you mean \
             `Quand 1 minute passes`?",
        ),
        (
            (
                "Feature: f\n  Scenario: s\n    Given no events\n    When1 minute passes\n"
                    .to_string(),
                "4:5",
            ),
            "\"When\" has no space after it (`When1 minute passes`); the scenario `s` is not \
             run; did you mean `When 1 minute passes`?",
        ),
    ] {
        let file = crate::temporary_feature(&text);
        let (_, problems) = read_file(file.path());
        assert_eq!(
            problems,
            [format!("{}:{at}: {said}", file.path().display())]
        );
    }
}

/// French writes a space before a colon: `Contexte : historique.` under a Feature line with
/// no step after it, or in a scenario's description, is a sentence, and so is `Exemple de
/// donnée : conf-9.` in a scenario's description; `Scénario : un` with steps under it is a
/// scenario's line, told.
#[test]
fn a_keyword_and_a_space_before_a_colon_is_a_sentence_unless_steps_follow_it() {
    let steps = "    Soit no events\n    Quand 1 minute passes\n    Alors no events are recorded\n";
    let text = format!(
        "# language: fr\nFonctionnalité: f\n  Contexte : historique.\n  Règle de gestion : \
         aucune.\n\n  Scénario: un\n    Contexte : historique.\n    Exemple de donnée : \
         conf-9.\n{steps}"
    );
    let file = crate::temporary_feature(&text);
    let (feature, problems) = read_file(file.path());
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(feature.expect("a feature").scenarios[0].steps.len(), 3);

    let text = format!("# language: fr\nFonctionnalité: f\n  Scénario : un\n{steps}");
    assert_eq!(
        read_problems(&text),
        ["f.feature:3:3: \"Scénario :\" is read as description text; did you mean \"Scénario:\"?"]
    );
}

/// A full-width colon after a keyword (`场景：一`), as Chinese and Japanese keyboards write
/// one, is told at its line: its steps were told as steps with no Background line.
#[test]
fn a_full_width_colon_after_a_keyword_is_told_at_its_line() {
    let text = "# language: zh-CN\n功能: f\n  场景：一\n    假如no events\n    当1 minute passes\n";
    assert_eq!(
        typos(text),
        ["f.feature:3:3: \"场景：\" is read as description text; did you mean \"场景:\"?"]
    );
}

/// An Examples line with no scenario above it (`Examples: see below.` in a Feature's
/// description) is no description for Gherkin: told so, where the crate named a keyword cut
/// short (`Unknown keyword: 'Exam'`).
#[test]
fn an_examples_line_with_no_scenario_above_it_is_told_so() {
    let text = "Feature: f\n  Scenarios: below.\n  Scenario: s\n    When 1 minute passes\n";
    assert_eq!(
        read_problems(text),
        [
            "f.feature:2:3: the line `Scenarios: below.` opens an Examples block, the rows of the \
             `Scenario Outline:` above it, and no scenario stands above it: in a description, \
             reword it so that it does not start `Scenarios:`"
        ]
    );
}

/// A language line Gherkin does not read (under a note, or misspelt) is told, as is a Feature
/// line in another language than the file is read in: every keyword after them was unknown.
#[test]
fn a_language_line_gherkin_does_not_read_and_a_feature_line_of_another_language_are_told() {
    let rest = "Fonctionnalité: f\n  Scénario: s\n    Quand 1 minute passes\n";
    for (head, at, said) in [
        (
            "# a note\n# language: fr\n",
            "2:1",
            "`# language: fr` is read as a comment: Gherkin reads the language only on the \
             file's first written line: move it above the lines before it (`# language: fr`)",
        ),
        // Under the feature's tags: told as a tag above no Feature line (the review's F15).
        (
            "@wip\n# language: fr\n",
            "2:1",
            "`# language: fr` is read as a comment: Gherkin reads the language only on the \
             file's first written line: move it above the lines before it (`# language: fr`)",
        ),
        (
            "# Language: fr\n",
            "1:1",
            "`# Language: fr` is read as a comment: Gherkin's language line is written `# \
             language: <code>`, in lower case, on the file's first written line (`# language: \
             fr`)",
        ),
        (
            "",
            "1:1",
            "`Fonctionnalité: f` opens a feature in `fr`, and this file is read in English, \
             Gherkin's own when the file's first line names no other: write `Feature:`, or \
             name the file's language on its first line (`# language: fr`)",
        ),
    ] {
        let file = crate::temporary_feature(format!("{head}{rest}"));
        let (_, problems) = read_file(file.path());
        assert_eq!(
            problems,
            [format!("{}:{at}: {said}", file.path().display())]
        );
    }
}

/// A French scenario with no steps names the `Exemple:` line after it that took them, as an
/// English one names an `Example:` line.
#[test]
fn a_french_scenario_with_no_steps_names_the_exemple_line_that_took_them() {
    let text = "# language: fr\nFonctionnalité: f\n  Scénario: deux places\n    Exemple: Alice \
                achète deux places.\n    Quand 1 minute passes\n    Alors no events are \
                recorded\n";
    assert_eq!(
        read_problems(text),
        ["f.feature:3:3: the scenario `deux places` has no steps (the line `Exemple: Alice achète \
             deux places.` at line 4 opens a scenario of its own, as `Scénario:` does, and the \
             steps under it are that one's), so nothing could fail it: it is not run (a \
             scenario has exactly one Quand)"]
    );
}

/// Prose in a description is not taken for a keyword's line: a keyword and punctuation
/// (`Example, a case.`, `Scenario-wise`), a heading over bullets (`Rule of thumb` over `* one
/// When per scenario`), a step keyword and a colon before prose (`Given: the order is new.`),
/// a full-width colon with no step after it (`背景：去年场地太小。`), French spacing in an
/// Examples description. An Examples line before a scenario's steps is told at its line.
#[test]
fn prose_in_a_description_is_not_taken_for_a_keyword_s_line() {
    let steps = "    Given no events\n    When 1 minute passes\n    Then no commands are sent\n";
    for description in [
        "Example, a case.",
        "Scenario-wise, these are common.",
        "Scenario's steps are short.",
        "Rule of thumb for the examples below\n  * one When per scenario",
        "Background of this feature\n  * one When per scenario",
        "Given: the order is new.",
        "We make sure no events are recorded",
        "Remember the events:\n  they come first.",
        "Glossary:\n  | term | meaning |\n  | order | a thing |",
    ] {
        let text = format!("Feature: f\n  {description}\n\n  Scenario: s\n{steps}");
        let file = crate::temporary_feature(&text);
        let (feature, problems) = read_file(file.path());
        assert_eq!(problems, Vec::<String>::new(), "{description}");
        assert_eq!(
            feature.expect("a feature").scenarios.len(),
            1,
            "{description}"
        );
    }
    // A glossary under a sentence of a scenario's description shows what it says.
    let text = format!(
        "Feature: f\n  Scenario: s\n    A note:\n    | term | meaning |\n    | order | a \
         thing |\n{steps}"
    );
    let file = crate::temporary_feature(&text);
    assert_eq!(read_file(file.path()).1, Vec::<String>::new());
    let zh = "# language: zh-CN\n功能: f\n  背景：去年场地太小。\n  例子：见下文。\n\n  场景: s\n    假如no events\n    当1 minute passes\n    那么no commands are sent\n";
    let file = crate::temporary_feature(zh);
    assert_eq!(read_file(file.path()).1, Vec::<String>::new());
    let fr = "# language: fr\nFonctionnalité: f\n  Plan du scénario: s <n>\n    Soit no events\n    Quand <n> minutes pass\n    Alors no commands are sent\n\n    Exemples: petit\n      Contexte : historique.\n      | n |\n      | 1 |\n";
    let file = crate::temporary_feature(fr);
    assert_eq!(read_file(file.path()).1, Vec::<String>::new());

    let text = format!("Feature: f\n  Scenario: s\n    Examples: see below.\n{steps}");
    assert_eq!(
        read_problems(&text),
        ["f.feature:3:5: the line `Examples: see below.` opens an Examples block, the rows of the \
             scenario above it, and stands before that scenario's steps: in its description, \
             reword it so that it does not start `Examples:`; the scenario `s` is not run"]
    );
}

/// A Rule's line written otherwise than `Rule: title`, over its own lines indented under it,
/// is told, and the feature's scenarios are not run: Gherkin read its Background as the
/// feature's, for every rule (a third review's `Règle : orateurs`, `Rules: speakers`). So is a
/// misspelt Rule line after a scenario's steps, with the scenarios under it.
#[test]
fn a_rule_line_written_otherwise_is_told_and_its_background_spreads_to_nothing() {
    let body = |background: &str, given: &str, scenario: &str, when: &str, then: &str| {
        format!(
            "    {background}:\n      {given} no events\n    {scenario}: a\n      {when} 1 \
             minute passes\n      {then} no events are recorded\n"
        )
    };
    for (head, rule, said) in [
        (
            "Feature: f\n  Rules: speakers\n",
            body("Background", "Given", "Scenario", "When", "Then"),
            "2:3: `Rules: speakers` is read as description text, as Gherkin takes a line for a \
             `Rule:` line only with the colon right after the keyword, and it reads the lines \
             under it as the ones above's; the scenario `a` is not run; did you mean `Rule: \
             speakers`?",
        ),
        (
            "# language: fr\nFonctionnalité: f\n  Règle : orateurs\n",
            body("Contexte", "Soit", "Scénario", "Quand", "Alors"),
            "3:3: `Règle : orateurs` is read as description text, as Gherkin takes a line for \
             a `Règle:` line only with the colon right after the keyword, and it reads the \
             lines under it as the ones above's; the scenario `a` is not run; did you mean \
             `Règle: orateurs`?",
        ),
    ] {
        let file = crate::temporary_feature(format!("{head}{rule}"));
        let (feature, problems) = read_file(file.path());
        assert_eq!(problems, [format!("{}:{said}", file.path().display())]);
        let feature = feature.expect("a feature");
        assert!(feature.scenarios.is_empty() && feature.rules.is_empty());
    }
    let text = format!(
        "Feature: f\n  Rule: one\n{}  Rle: two\n{}",
        body("Background", "Given", "Scenario", "When", "Then"),
        body("Background", "Given", "Scenario", "When", "Then").replace(": a", ": b")
    );
    let file = crate::temporary_feature(&text);
    let (feature, problems) = read_file(file.path());
    assert_eq!(
        problems,
        [format!(
            "{}:8:3: \"Rle:\" is not a keyword (`Rle: two`); did you mean \"Rule:\"?",
            file.path().display()
        )]
    );
    let rules = feature.expect("a feature").rules;
    let names: Vec<&str> = rules
        .iter()
        .flat_map(|r| r.scenarios.iter().map(|s| s.name.as_str()))
        .collect();
    assert_eq!(names, ["a"]);
}

/// A step in an Examples block's description is told in the file's words: its Outline by the
/// file's keyword (`Szenariogrundriss`, was `Scenario Outline`), with the article that goes with
/// the Examples keyword (`a `Beispiele:` line`, was `an`).
#[test]
fn a_step_in_an_examples_description_is_told_in_the_file_s_words() {
    let block = |outline: &str, step: &str, examples: &str| {
        format!("  {outline}: g\n    {step} <n> minutes pass\n\n    {examples}:\n      {step} 1 minute passes\n      | n |\n      | 1 |\n")
    };
    let de = format!(
        "# language: de\nFunktionalität: f\n{}",
        block("Szenariogrundriss", "Wenn", "Beispiele")
    );
    assert_eq!(
        read_problems(&de),
        ["f.feature:7:7: `Wenn 1 minute passes` starts with `Wenn`, so Gherkin reads it as a step, \
          and no step stands under a `Beispiele:` line before its rows: a step of the \
          Szenariogrundriss goes among its steps, above the `Beispiele:` line; as its \
          description, reword it so that it does not start with a step's keyword; the \
          Szenariogrundriss `g` is not run"]
    );
    let en = format!(
        "Feature: f\n{}",
        block("Scenario Outline", "When", "Examples")
    );
    assert_eq!(
        read_problems(&en),
        ["f.feature:6:7: `When 1 minute passes` starts with `When`, so Gherkin reads it as a step, \
          and no step stands under an `Examples:` line before its rows: a step of the Scenario \
          Outline goes among its steps, above the `Examples:` line; as its description, reword it \
          so that it does not start with a step's keyword; the Scenario Outline `g` is not run"]
    );
}

/// `Exemple:`, French's synonym of `Scénario:`, over an outline's rows is told with the
/// keyword meant (`Exemples:`); a keyword alone as a heading over prose (`Background`) is
/// description, and one over lines indented under it is the block's line, told.
#[test]
fn an_exemple_line_over_rows_and_a_keyword_alone_are_read_as_meant() {
    let text = "# language: fr\nFonctionnalité: f\n  Plan du scénario: s <n>\n    Quand <n> \
                minutes pass\n    Alors no events are recorded\n\n    Exemple:\n      | n |\n \
                     | 1 |\n";
    assert_eq!(
        read_problems(text),
        [
            "f.feature:7:5: `Exemple:` opens a scenario of its own (as `Scénario:` does), and the \
             table under it is read as its description; the Plan du scénario `s <n>` and the \
             scenario it opens, with no name, are not run; did you mean `Exemples:`, the rows of \
             the outline above?"
        ]
    );
    let steps = "    Given no events\n    When 1 minute passes\n    Then no events are recorded\n";
    let heading = format!("Feature: f\n  Background\n  * kept short\n\n  Scenario: s\n{steps}");
    let file = crate::temporary_feature(&heading);
    assert_eq!(read_file(file.path()).1, Vec::<String>::new());
    let block = format!("Feature: f\n  Background\n    Given no events\n\n  Scenario: s\n{steps}");
    let file = crate::temporary_feature(&block);
    let (feature, problems) = read_file(file.path());
    assert!(
        problems[0].contains(":2:3: `Background` is read as description text"),
        "{problems:?}"
    );
    assert!(feature.is_none_or(|f| f.scenarios.is_empty()));
}

/// A step's table headed `Event` (as the steps take it) alone in a description is told as one
/// headed `event`; a heading that starts like a keyword (`Rule of thumb:`) over a Rule line
/// with its colon left out is not taken for it, and the Rule line is told.
#[test]
fn a_capitalised_header_and_a_heading_over_a_malformed_rule_are_read_as_meant() {
    let text = "Feature: f\n  | Event   | counter_id |\n  | Counted | c-1        |\n\n  Scenario: s\n    When 1 minute passes\n";
    let (_, problems) = read_file(crate::temporary_feature(text).path());
    assert!(
        problems[0].contains(":2:3: a table of messages"),
        "{problems:?}"
    );
    let text = "Feature: f\n  Rule of thumb: keep scenarios short.\n\n  Rule speakers\n    Background:\n      Given no events\n    Scenario: s\n      When 1 minute passes\n";
    let file = crate::temporary_feature(text);
    let (_, problems) = read_file(file.path());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains(":4:3: `Rule speakers` is read as description text"),
        "{problems:?}"
    );
}

/// A Feature line with a space before its colon, as French writes one, is told with the line
/// meant, where Gherkin's words listed every keyword.
#[test]
fn a_feature_line_with_a_space_before_its_colon_is_told_with_the_line_meant() {
    let text = "# language: fr\nFonctionnalité : réservations\n  Fonctionnalité : la réservation.\n\n  Scénario: un\n    Quand 1 minute passes\n";
    assert_eq!(
        read_problems(text),
        ["f.feature:2:1: \"Fonctionnalité :\" is not a keyword (`Fonctionnalité : réservations`); did \
             you mean \"Fonctionnalité:\"?"]
    );
}

/// A tag above a step in a French file is told with the French keywords it may stand above.
#[test]
fn a_tag_out_of_place_names_the_file_s_keywords() {
    let text = "# language: fr\nFonctionnalité: f\n  Scénario: s\n    Quand 1 minute passes\n    @wip\n    Alors no events are recorded\n";
    let (_, problems) = read_file(crate::temporary_feature(text).path());
    assert!(
        problems[0].contains(
            ":5:5: a tag goes on the line above a `Fonctionnalité:`, `Règle:`, `Scénario:` or \
             `Exemples:` line, and this one stands above `Alors no events are recorded`"
        ),
        "{problems:?}"
    );
}

/// A keyword of three words with its accent left out (`Plan du scenario:`) is told at its
/// line, where its steps were told as steps whose Background line was left out; and a Rule line
/// written otherwise is told after a doc string of messages told above it.
#[test]
fn a_long_keyword_misspelt_and_a_second_mistake_in_a_feature_s_description_are_told() {
    let text = "# language: fr\nFonctionnalité: f\n\n  Plan du scenario: s <n>\n    Soit no events\n    Quand <n> minutes pass\n\n    Exemples:\n      | n |\n      | 1 |\n";
    assert_eq!(
        read_problems(text),
        ["f.feature:4:3: \"Plan du scenario:\" is read as description text; did you mean \"Plan du \
             scénario:\"?"]
    );
    let text = "Feature: f\n  \"\"\"\n  [{\"event\": \"Counted\", \"counter_id\": \"c-1\"}]\n  \"\"\"\n\n  Rule : speakers\n    Background:\n      Given no events\n    Scenario: s\n      When 1 minute passes\n";
    let (_, problems) = read_file(crate::temporary_feature(text).path());
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[1].contains(":6:3: `Rule : speakers` is read as description text"),
        "{problems:?}"
    );
}
