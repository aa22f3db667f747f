//! A question reduced to what it asks for: content words as terms, verbs that only rank,
//! and the kind of answer wanted (a figure with a counter word, a decision, a time).

use super::query::{QueryTerm, parse_query};
use crate::index::tokenizer::{JapaneseTokenizer, Morpheme};

/// A query reduced to what it asks for: its content words as terms (a question's particles,
/// question words and light verbs dropped: `委員の任期はいつまでか` → `委員 任期`), the verbs
/// and adjectives that only rank, and what kind of answer it wants — a figure with a counter
/// word (`ケース数` → `ケース` and a number of 件; `開催回数`, `何カ所`), a decision
/// (`何を決めたか`), a time (`いつまで`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reduced {
    /// The content words, as terms (excluded terms kept as they are).
    pub terms: Vec<QueryTerm>,
    /// Words that rank but need not occur (verbs and adjectives, in their base form).
    pub optional: Vec<String>,
    /// The counter words of the figure the query asks for.
    pub units: Vec<&'static str>,
    /// The query asks what was decided.
    pub decision: bool,
    /// The query asks when.
    pub when: bool,
}

/// Counter words a figure word may ask for, as the facts write them.
pub(super) const COUNTERS: &[(&str, &[&str])] = &[
    ("件", &["件"]),
    ("回", &["回"]),
    ("人", &["人", "名"]),
    ("名", &["人", "名"]),
    ("者", &["人", "名"]),
    ("カ所", &["カ所", "か所", "箇所", "ヶ所", "ケ所"]),
    ("か所", &["カ所", "か所", "箇所", "ヶ所", "ケ所"]),
    ("箇所", &["カ所", "か所", "箇所", "ヶ所", "ケ所"]),
    ("ヶ所", &["カ所", "か所", "箇所", "ヶ所", "ケ所"]),
    ("世帯", &["世帯"]),
    ("事業所", &["事業所", "カ所"]),
];

/// The counter words of a count whose subject names no counter (`ケース数`, `相談数`).
pub(super) const ANY_COUNT: &[&str] = &["件", "回", "人", "名", "カ所", "か所", "箇所", "世帯"];

/// Words that ask for a proportion.
pub(super) const PROPORTIONS: &[&str] = &["割合", "比率", "率"];

/// Verbs and adjectives that say nothing of the topic (`すればよいか`, `あるか`).
pub(super) const LIGHT: &[&str] = &[
    "する",
    "ない",
    "ある",
    "いる",
    "なる",
    "できる",
    "おる",
    "よい",
    "いい",
    "良い",
    "れる",
    "られる",
    "せる",
    "思う",
    "言う",
    "いう",
    "知る",
    "教える",
    "わかる",
    "分かる",
];

/// Words that ask what was decided.
pub(super) const DECISIONS: &[&str] = &["決める", "決まる", "決定", "了承", "承認", "結論", "決議"];

/// Whether a morpheme is a function word of a question: particles, auxiliaries, signs,
/// pronouns (`何`, `いつ`), dependent nouns (`とき`, `こと`), adnominals (`どんな`), adverbs,
/// conjunctions, light verbs.
pub(super) fn is_function_word(m: &Morpheme) -> bool {
    match m.pos.as_str() {
        "名詞" => {
            matches!(m.sub.as_str(), "非自立" | "代名詞" | "副詞可能")
                && !matches!(
                    m.surface.as_str(),
                    "今後" | "現在" | "以降" | "夜間" | "年度"
                )
        }
        "動詞" | "形容詞" => m.sub != "自立" || LIGHT.contains(&m.base.as_str()),
        "記号" => m.sub != "アルファベット",
        "接頭詞" => false,
        _ => true,
    }
}

/// Reduces a query to what it asks for (see [`Reduced`]).
pub fn reduce(ja: &JapaneseTokenizer, query: &str) -> Reduced {
    let mut out = Reduced::default();
    for t in parse_query(query) {
        if t.phrase || t.negated {
            out.terms.push(t);
            continue;
        }
        let mut text = t.text.clone();
        // `何カ所`, `何件`, `何人`: the counter asked for.
        for (counter, units) in COUNTERS {
            let asked = format!("何{counter}");
            if text.contains(&asked) {
                out.units.extend(units.iter().copied());
                text = text.replace(&asked, " ");
            }
        }
        if text.contains("いつ") {
            out.when = true;
        }
        let mut compounds: Vec<String> = Vec::new();
        let mut current = String::new();
        for m in ja.morphemes(&text) {
            let content_noun = matches!(m.pos.as_str(), "名詞" | "接頭詞")
                || (m.pos == "記号" && m.sub == "アルファベット");
            if content_noun && !is_function_word(&m) {
                current.push_str(&m.surface);
                continue;
            }
            if !current.is_empty() {
                compounds.push(std::mem::take(&mut current));
            }
            if matches!(m.pos.as_str(), "動詞" | "形容詞") && !is_function_word(&m) {
                if DECISIONS.contains(&m.base.as_str()) {
                    out.decision = true;
                } else {
                    out.optional.push(m.base.clone());
                }
            }
        }
        if !current.is_empty() {
            compounds.push(current);
        }
        for c in compounds {
            if DECISIONS.contains(&c.as_str()) {
                out.decision = true;
                continue;
            }
            if PROPORTIONS.contains(&c.as_str()) {
                out.units.extend(["%", "割", "パーセント"]);
                out.optional.push(c);
                continue;
            }
            // A count: `ケース数`, `開催回数`, `件数`, `参加者数`.
            if let Some(base) = c.strip_suffix('数').filter(|_| c.chars().count() >= 2) {
                let mut base = base.to_string();
                let mut units: &[&str] = ANY_COUNT;
                for (counter, u) in COUNTERS {
                    if let Some(b) = base.strip_suffix(counter) {
                        units = u;
                        // `参加者数`: the people are the subject; `開催回数`: the count is.
                        if *counter != "者" {
                            base = b.to_string();
                        }
                        break;
                    }
                }
                out.units.extend(units.iter().copied());
                if base.chars().count() >= 1 {
                    out.terms.push(QueryTerm {
                        text: base,
                        phrase: false,
                        negated: false,
                    });
                }
                continue;
            }
            out.terms.push(QueryTerm {
                text: c,
                phrase: false,
                negated: false,
            });
        }
    }
    out.units.sort();
    out.units.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::super::boost::has_figure;
    use super::*;

    fn reduced(q: &str) -> Reduced {
        reduce(
            crate::index::tokenizer::DEFAULT_JAPANESE.as_ref().unwrap(),
            q,
        )
    }

    fn texts(r: &Reduced) -> Vec<&str> {
        r.terms.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn questions_keep_their_content_words() {
        let r = reduced("Liberoかまくらにはどんなときに相談すればよいか");
        assert_eq!(texts(&r), ["Liberoかまくら", "相談"]);
        let r = reduced("委員の任期はいつまでか");
        assert_eq!(texts(&r), ["委員", "任期"]);
        assert!(r.when);
        let r = reduced("移行支援シートは特別支援学校でも使えるか");
        assert_eq!(texts(&r), ["移行支援シート", "特別支援学校"]);
        assert_eq!(r.optional, ["使える"]);
        let r = reduced("拠点の検証で何を決めたか");
        assert_eq!(texts(&r), ["拠点", "検証"]);
        assert!(r.decision);
        // Plain terms stay as typed.
        assert_eq!(
            texts(&reduced("重層的支援会議 同意")),
            ["重層的支援会議", "同意"]
        );
    }

    #[test]
    fn figure_words_ask_for_a_counter() {
        let r = reduced("重層的支援会議 開催回数");
        assert_eq!(texts(&r), ["重層的支援会議", "開催"]);
        assert_eq!(r.units, ["回"]);
        let r = reduced("Libero ケース数");
        assert_eq!(texts(&r), ["Libero", "ケース"]);
        assert!(r.units.contains(&"件"));
        let r = reduced("受入れ先は何カ所");
        assert!(r.units.contains(&"カ所"), "{r:?}");
        assert!(has_figure("受入れ先は7カ所となった", &["カ所"]));
        assert!(!has_figure("カ所", &["カ所"]));
    }
}
