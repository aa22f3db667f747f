//! The one list of synonyms, shared by search and tracking: names of one programme
//! (`Libero` = `相談支援包括化推進業務`), the abbreviations members type for what the minutes
//! spell out (`GH` = `グループホーム`, `医ケア児` = `医療的ケア児`, `SSW`), the loan word and the
//! official term (`ショートステイ` = `短期入所`), and the spellings of one word (`障害` =
//! `障がい`). Each group's members widen each other.
//!
//! A term equal to a member is widened by the whole group everywhere (search, `--files`,
//! `track`: [`variants`]); a term that only holds a member (`障がい福祉計画`) is widened by
//! putting the other members in its place, in the search's second tier only ([`inside`]), so
//! `--files` keeps grep's answer for such terms.
//!
//! Each function compares in the form its caller compares texts in, given as `form`: the search
//! its bigram field's (each character NFKC'd and lower-cased on its own), `track` its
//! lower-cased compact form. The two agree on every member of the list; they differ only on a
//! term whose characters compose under NFKC (half-width kana with a separate voiced mark), and
//! each caller keeps its own so that neither changes.

/// Known synonyms: each group's members widen each other (in search and in tracking).
const SYNONYMS: &[&[&str]] = &[
    &["Libero", "Liberoかまくら", "相談支援包括化推進業務"],
    &["医療的ケア児", "医ケア児"],
    &["グループホーム", "GH"],
    &["スクールソーシャルワーカー", "SSW"],
    &["短期入所", "ショートステイ"],
    &["障害", "障がい", "障碍"],
    &["8050問題", "「8050」問題", "8050世帯"],
];

/// The members of every group that `term` is a member of (compared in `form`), in the list's
/// order; the member the term equals is included.
pub fn variants(term: &str, form: impl Fn(&str) -> String) -> Vec<&'static str> {
    let k = form(term);
    let mut out = Vec::new();
    for group in SYNONYMS {
        if group.iter().any(|g| form(g) == k) {
            out.extend(group.iter().copied());
        }
    }
    out
}

/// The term with a member of a group it holds (but is not) replaced by each other member,
/// in `form`: `障がい福祉計画` → `障害福祉計画`, `医ケア児支援` → `医療的ケア児支援`. The longest
/// member found is replaced, so `Liberoかまくら` is not read as `Libero` + `かまくら`.
pub fn inside(term: &str, form: impl Fn(&str) -> String) -> Vec<String> {
    let k = form(term);
    let mut out = Vec::new();
    for group in SYNONYMS {
        let keys: Vec<String> = group.iter().map(|g| form(g)).collect();
        if keys.contains(&k) {
            continue;
        }
        let Some(found) = keys
            .iter()
            .filter(|g| g.chars().count() >= 2 && k.contains(g.as_str()))
            .max_by_key(|g| g.len())
        else {
            continue;
        };
        // A member that begins another (`Libero`, `Liberoかまくら`) is the stem of a name:
        // `Liberoさくら` is another name, not a synonym.
        if keys
            .iter()
            .any(|g| g != found && g.starts_with(found.as_str()))
        {
            continue;
        }
        for other in &keys {
            if other != found && !k.contains(other.as_str()) {
                out.push(k.replace(found.as_str(), other));
            }
        }
    }
    out
}

/// Spellings with and without the okurigana between two kanji, as official texts and members
/// write them in turn, in `form`: `受け入れ先` → `受入れ先`, `受入先`; `取り組み` → `取組み`, `取組`.
pub fn okurigana(term: &str, form: impl Fn(&str) -> String) -> Vec<String> {
    let key = form(term);
    let chars: Vec<char> = key.chars().collect();
    let kanji = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c) || c == '々';
    let hiragana = |c: char| ('\u{3041}'..='\u{3096}').contains(&c);
    // The hiragana runs of one or two characters that follow a kanji.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 1;
    while i < chars.len() {
        if hiragana(chars[i]) && kanji(chars[i - 1]) {
            let start = i;
            while i < chars.len() && hiragana(chars[i]) {
                i += 1;
            }
            if i - start <= 2 && (i == chars.len() || kanji(chars[i])) {
                runs.push((start, i));
            }
        } else {
            i += 1;
        }
    }
    if runs.is_empty() {
        // Without okurigana: insert none (the text would have to be guessed); only the
        // shortened forms are generated.
        return Vec::new();
    }
    let mut out = Vec::new();
    let drop = |skip: &[(usize, usize)]| -> String {
        chars
            .iter()
            .enumerate()
            .filter(|(n, _)| !skip.iter().any(|(s, e)| n >= s && n < e))
            .map(|(_, c)| *c)
            .collect()
    };
    // Each run dropped alone, then all of them.
    for r in &runs {
        out.push(drop(std::slice::from_ref(r)));
    }
    if runs.len() > 1 {
        out.push(drop(&runs));
    }
    out.retain(|v| v.chars().count() >= 2 && *v != key);
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A comparison form: NFKC without white space, lower case.
    fn form(s: &str) -> String {
        crate::text::compact(s).to_lowercase()
    }

    #[test]
    fn abbreviations_widen_whole_terms() {
        assert!(variants("GH", form).contains(&"グループホーム"));
        assert!(variants("ＧＨ", form).contains(&"グループホーム"));
        assert!(variants("医ケア児", form).contains(&"医療的ケア児"));
        assert!(variants("ショートステイ", form).contains(&"短期入所"));
        assert!(variants("福祉", form).is_empty());
    }

    #[test]
    fn members_inside_a_term_are_replaced() {
        assert_eq!(
            inside("障がい福祉計画", form),
            ["障害福祉計画", "障碍福祉計画"]
        );
        assert!(
            inside("Liberoかまくら", form).is_empty(),
            "{:?}",
            inside("Liberoかまくら", form)
        );
        assert!(inside("障害", form).is_empty());
    }

    #[test]
    fn okurigana_between_kanji_may_be_left_out() {
        let v = okurigana("受け入れ先", form);
        assert!(v.contains(&"受入れ先".to_string()), "{v:?}");
        assert!(v.contains(&"受入先".to_string()), "{v:?}");
        assert!(okurigana("取り組み", form).contains(&"取組み".to_string()));
        assert!(okurigana("グループホーム", form).is_empty());
    }
}
