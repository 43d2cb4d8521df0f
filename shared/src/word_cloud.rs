//! The word cloud of an open question (issue 16): short answers kept as phrases, longer
//! ones as their words, each normalised (case, punctuation, plurals where the language's
//! plural is regular enough) with the stop words of every language the app ships dropped,
//! counted once per answer and by perspective.
//!
//! Plurals: English, French and Portuguese plurals are mostly regular suffixes and are
//! folded ("buses" → "bus", "voisins" → "voisin", "ações" → "ação"); Danish and Slovenian
//! plurals change the word in too many ways for a rule of thumb, so their words are kept as
//! written (lower-cased).

use std::collections::{BTreeMap, BTreeSet};

use crate::model::Perspective;
use crate::polls::{ByPerspective, slot};

/// The languages the app ships.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    /// English.
    English,
    /// Danish.
    Danish,
    /// French.
    French,
    /// Portuguese.
    Portuguese,
    /// Slovenian.
    Slovenian,
}

/// An answer of at most this many words (stop words aside) and characters stays one phrase.
const PHRASE_WORDS: usize = 3;
/// See [`PHRASE_WORDS`].
const PHRASE_CHARS: usize = 32;

const ENGLISH: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "i", "in", "is", "it", "its",
    "me", "my", "no", "not", "of", "on", "or", "our", "so", "that", "the", "their", "them", "there", "they", "this",
    "to", "too", "us", "very", "was", "we", "were", "what", "when", "which", "who", "with", "would", "you", "your",
];
const DANISH: &[&str] = &[
    "af", "alle", "at", "de", "dem", "den", "der", "det", "du", "efter", "eller", "en", "er", "et", "for", "fra",
    "har", "hun", "han", "i", "ikke", "jeg", "kan", "med", "meget", "men", "mig", "min", "mit", "og", "om", "os", "på",
    "se", "sig", "som", "til", "var", "vi", "vil", "være",
];
const FRENCH: &[&str] = &[
    "à", "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "est", "et", "il", "ils", "je",
    "la", "le", "les", "leur", "mais", "me", "mes", "moi", "mon", "ne", "nous", "on", "ou", "par", "pas", "pour", "qu",
    "que", "qui", "sa", "se", "ses", "son", "sur", "très", "tu", "un", "une", "vous", "y", "c", "d", "j", "l", "m",
    "n", "s", "t",
];
const PORTUGUESE: &[&str] = &[
    "a", "ao", "aos", "as", "com", "como", "da", "das", "de", "do", "dos", "e", "ela", "ele", "em", "é", "eu", "isso",
    "já", "mais", "mas", "me", "meu", "minha", "muito", "na", "nas", "não", "no", "nos", "nós", "o", "os", "ou",
    "para", "pela", "pelo", "por", "que", "se", "sem", "seu", "sua", "um", "uma", "você",
];
const SLOVENIAN: &[&str] = &[
    "a", "ali", "bi", "da", "do", "ga", "in", "je", "jih", "jo", "ki", "ko", "kot", "mi", "na", "ne", "ni", "o", "od",
    "pa", "po", "pri", "s", "sem", "se", "so", "ta", "tako", "te", "ti", "to", "tudi", "v", "z", "za", "že", "zelo",
];

/// Every stop word of every language the app ships: an answer in one language often
/// borrows the small words of another (English in a Danish room, say).
fn is_stop_word(word: &str) -> bool {
    [ENGLISH, DANISH, FRENCH, PORTUGUESE, SLOVENIAN].iter().any(|list| list.contains(&word))
}

/// A word in lower case without the punctuation around it (an apostrophe or hyphen inside
/// stays); French elisions ("l'aide") keep the word after the apostrophe.
fn clean(word: &str) -> String {
    let lower = word.to_lowercase();
    let trimmed = lower.trim_matches(|c: char| !c.is_alphanumeric());
    match trimmed.split_once(['\'', '’']) {
        Some((elided, rest)) if elided.chars().count() <= 2 && !rest.is_empty() => rest.to_owned(),
        _ => trimmed.to_owned(),
    }
}

/// English plurals no suffix rule folds.
const ENGLISH_IRREGULAR: &[(&str, &str)] = &[
    ("buses", "bus"),
    ("children", "child"),
    ("women", "woman"),
    ("men", "man"),
    ("feet", "foot"),
    ("lives", "life"),
    ("wives", "wife"),
];

/// The singular of a plural in `language`, by its regular suffixes.
fn singular(word: &str, language: Language) -> String {
    if language == Language::English
        && let Some((_, one)) = ENGLISH_IRREGULAR.iter().find(|(many, _)| *many == word)
    {
        return (*one).to_owned();
    }
    let long = |min: usize| word.chars().count() > min;
    let swap = |suffix: &str, with: &str| word.strip_suffix(suffix).map(|stem| format!("{stem}{with}"));
    let folded = match language {
        Language::English => if long(4) { swap("ies", "y") } else { None }
            .or_else(|| swap("sses", "ss"))
            .or_else(|| {
                if long(4) {
                    swap("xes", "x").or_else(|| swap("ches", "ch")).or_else(|| swap("shes", "sh"))
                } else {
                    None
                }
            })
            .or_else(|| if long(3) && !word.ends_with("ss") && !word.ends_with("us") { swap("s", "") } else { None }),
        Language::French => if long(4) { swap("aux", "al") } else { None }
            .or_else(|| if long(3) { swap("s", "").or_else(|| swap("x", "")) } else { None }),
        Language::Portuguese => swap("ões", "ão")
            .or_else(|| swap("ães", "ão"))
            .or_else(|| if long(4) { swap("ais", "al").or_else(|| swap("éis", "el")) } else { None })
            .or_else(|| if long(3) { swap("s", "") } else { None }),
        Language::Danish | Language::Slovenian => None,
    };
    folded.unwrap_or_else(|| word.to_owned())
}

/// What one answer puts in the cloud: itself as one phrase when it is short, else its
/// words; stop words dropped, each term once.
pub fn terms(answer: &str, language: Language) -> BTreeSet<String> {
    // Each word cleaned, and folded to its singular unless it is a stop word.
    let all: Vec<(String, bool)> = answer
        .split_whitespace()
        .map(clean)
        .filter(|word| !word.is_empty())
        .map(|word| if is_stop_word(&word) { (word, true) } else { (singular(&word, language), false) })
        .collect();
    let words: Vec<&String> = all.iter().filter(|(_, stop)| !stop).map(|(word, _)| word).collect();
    let (Some(first), Some(last)) = (all.iter().position(|(_, stop)| !stop), all.iter().rposition(|(_, stop)| !stop))
    else {
        return BTreeSet::new();
    };
    // A short answer stays a phrase, with the small words inside it ("neighbour to call").
    let phrase = all[first..=last].iter().map(|(word, _)| word.as_str()).collect::<Vec<_>>().join(" ");
    if words.len() <= PHRASE_WORDS && phrase.chars().count() <= PHRASE_CHARS {
        return BTreeSet::from([phrase]);
    }
    words.into_iter().filter(|word| word.chars().count() >= 2).cloned().collect()
}

/// The language an answer is most likely written in, by the small words it uses (an answer
/// in a mixed room need not be in the board's language); `fallback` when none tells.
pub fn language_of(answer: &str, fallback: Language) -> Language {
    let lists = [
        (Language::English, ENGLISH),
        (Language::Danish, DANISH),
        (Language::French, FRENCH),
        (Language::Portuguese, PORTUGUESE),
        (Language::Slovenian, SLOVENIAN),
    ];
    let words: Vec<String> = answer.split_whitespace().map(|word| word.to_lowercase()).collect();
    // French elisions ("l'entraide") count their small word.
    let small = |word: &String| word.split_once(['\'', '’']).map_or(word.as_str(), |(elided, _)| elided).to_owned();
    let mut best = (fallback, 0);
    for (language, list) in lists {
        let hits =
            words.iter().filter(|word| list.contains(&word.as_str()) || list.contains(&small(word).as_str())).count();
        // A tie keeps the fallback: "a" and "de" belong to several languages.
        if hits > best.1 || (hits == best.1 && hits > 0 && language == fallback) {
            best = (language, hits);
        }
    }
    best.0
}

/// The cloud of a question's answers: each term with how many answers gave it, by
/// perspective. Each answer's plurals fold by the language it seems written in
/// ([`language_of`]), else `language`.
pub fn cloud<'a>(
    answers: impl IntoIterator<Item = (&'a str, Perspective)>,
    language: Language,
) -> BTreeMap<String, ByPerspective> {
    let mut cloud: BTreeMap<String, ByPerspective> = BTreeMap::new();
    for (answer, perspective) in answers {
        for term in terms(answer, language_of(answer, language)) {
            cloud.entry(term).or_default()[slot(perspective)] += 1;
        }
    }
    cloud
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(answer: &str, language: Language) -> Vec<String> {
        terms(answer, language).into_iter().collect()
    }

    #[test]
    fn english_folds_case_punctuation_and_plurals_and_keeps_short_phrases() {
        assert_eq!(words("Buses!", Language::English), ["bus"]);
        assert_eq!(words("Lifts from NEIGHBOURS.", Language::English), ["lift from neighbour"]);
        assert_eq!(words("A neighbour to call", Language::English), ["neighbour to call"], "small words inside stay");
        assert_eq!(words("The communities", Language::English), ["community"]);
        assert_eq!(words("glass", Language::English), ["glass"], "not a plural");
        let long =
            words("We need more evening buses and someone to call when the lifts do not come", Language::English);
        // "do" goes too: the small words of every shipped language are dropped (Portuguese "do").
        assert_eq!(long, ["bus", "call", "come", "evening", "lift", "more", "need", "someone"]);
        assert!(words("it is what it is", Language::English).is_empty(), "only stop words");
    }

    #[test]
    fn french_elisions_and_plurals() {
        assert_eq!(words("L'entraide des voisins", Language::French), ["entraide des voisin"]);
        assert_eq!(words("Les journaux", Language::French), ["journal"]);
        assert_eq!(words("Bus", Language::French), ["bus"], "too short to be a plural");
    }

    #[test]
    fn portuguese_plurals() {
        assert_eq!(words("As ações", Language::Portuguese), ["ação"]);
        assert_eq!(words("Animais", Language::Portuguese), ["animal"]);
        assert_eq!(words("Vizinhos!", Language::Portuguese), ["vizinho"]);
    }

    #[test]
    fn danish_and_slovenian_keep_their_words_and_drop_their_stop_words() {
        assert_eq!(words("Naboerne og familien", Language::Danish), ["naboerne og familien"]);
        assert_eq!(words("Sosedje in prijatelji", Language::Slovenian), ["sosedje in prijatelji"]);
        assert!(words("og i på", Language::Danish).is_empty());
        assert!(words("in na za", Language::Slovenian).is_empty());
    }

    #[test]
    fn an_answer_folds_by_the_language_its_small_words_tell() {
        assert_eq!(language_of("Des journaux pour les voisins", Language::English), Language::French);
        assert_eq!(language_of("As ações dos vizinhos", Language::English), Language::Portuguese);
        assert_eq!(language_of("Buses", Language::English), Language::English, "nothing tells: the fallback");
        assert_eq!(language_of("a bus", Language::English), Language::English, "a tie keeps the fallback");
        let answers = [("Les journaux du quartier", Perspective::Citizen), ("More buses", Perspective::Citizen)];
        let cloud = cloud(answers, Language::English);
        assert!(cloud.contains_key("journal quartier") || cloud.contains_key("journal du quartier"), "{cloud:?}");
        assert!(cloud.contains_key("more bus"), "{cloud:?}");
    }

    #[test]
    fn a_cloud_counts_each_term_once_per_answer_by_perspective() {
        let answers = [
            ("Buses", Perspective::Citizen),
            ("bus!", Perspective::Professional),
            ("Bus bus", Perspective::Citizen),
            ("Lifts", Perspective::Other),
        ];
        let cloud = cloud(answers, Language::English);
        assert_eq!(cloud.get("bus"), Some(&[1, 1, 0]));
        assert_eq!(cloud.get("bus bus"), Some(&[1, 0, 0]), "a short answer stays a phrase");
        assert_eq!(cloud.get("lift"), Some(&[0, 0, 1]));
    }
}
