//! Facts: numbers with a counter word (件, 回, カ所, 名, 人, 世帯, 団体, 事業所, %…) and the
//! phrase they count. Ordinals (`第３回`, `３回目`) and dates are not facts; ranges (`2～3回`)
//! and approximations (`約20名`) are kept as such.

use std::sync::LazyLock;

use regex::Regex;

use crate::record::Fact;
use crate::text::fold_width;

/// Example: `計３回開催`, `約20名`, `2～3回`, `16 カ所の機関`, `1,234件`, `十二件`
static NUMBER_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<approx>約|およそ|概ね|おおむね|ほぼ)?\s*
        (?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|[一二三四五六七八九十百千〇]+)
        \s*
        (?: (?P<unit1>件|回|カ所|か所|ヶ所|ケ所|箇所|ヵ所|名|人|世帯|団体|事業所|法人|校|施設|%|パーセント) \s* [～~-] \s* )?
        (?: [～~-]\s*(?P<n2>\d+(?:\.\d+)?|[一二三四五六七八九十百千〇]+)\s* )?
        (?P<unit>件|回|カ所|か所|ヶ所|ケ所|箇所|ヵ所|名|人|世帯|団体|事業所|法人|校|施設|%|パーセント)
        (?P<after>目|ひとり|暮らし|親|程度|ほど|前後|余り|あまり|強|弱|超)?
        ",
    )
    .unwrap()
});

fn unit_name(u: &str) -> &str {
    match u {
        "か所" | "ヶ所" | "ケ所" | "箇所" | "ヵ所" => "カ所",
        "パーセント" => "%",
        other => other,
    }
}

fn value_of(n: &str) -> Option<f64> {
    if n.chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return n.replace(',', "").parse().ok();
    }
    let converted = crate::parse::dates::kanji_numerals(&format!("{n}件"));
    converted.trim_end_matches('件').parse().ok()
}

/// Finds the facts in one text; `line` and `agenda_ref` are copied into each.
pub fn find(text: &str, agenda_ref: Option<&str>, line: usize) -> Vec<Fact> {
    let mut out = Vec::new();
    for sentence in sentences(text) {
        let folded = fold_width(sentence);
        for caps in NUMBER_UNIT.captures_iter(&folded) {
            let m = caps.get(0).unwrap();
            let nm = caps.name("n").unwrap();
            let before = &folded[..nm.start()];
            let before_trim = before.trim_end();
            // Ordinals, years, dates, and numbers glued to a preceding number or Latin word.
            if before_trim.ends_with('第')
                || before_trim.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '.')
            {
                continue;
            }
            let after = caps.name("after").map(|a| a.as_str());
            if matches!(after, Some("目" | "ひとり" | "暮らし" | "親")) {
                continue;
            }
            let n = nm.as_str();
            let is_kanji = !n.starts_with(|c: char| c.is_ascii_digit());
            if is_kanji {
                // `一人`, `一回り`, `十分`: words, not counts, unless clearly counting.
                if n == "一"
                    || before_trim.ends_with(|c: char| is_kanji_char(c)) && n.chars().count() == 1
                {
                    continue;
                }
            }
            let Some(value) = value_of(n) else { continue };
            let value_max = caps.name("n2").and_then(|n2| value_of(n2.as_str()));
            let approximate = caps.name("approx").is_some()
                || matches!(
                    after,
                    Some("程度" | "ほど" | "前後" | "余り" | "あまり" | "強" | "弱" | "超")
                );
            let start_chars = folded[..m.start()].chars().count();
            let end_chars = folded[..m.end()].chars().count();
            out.push(Fact {
                subject: subject(sentence, start_chars, end_chars),
                value,
                value_max,
                approximate,
                unit: unit_name(&caps["unit"]).to_string(),
                quote: sentence.trim().to_string(),
                agenda_ref: agenda_ref.map(str::to_string),
                line,
            });
        }
    }
    out
}

fn is_kanji_char(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Sentences end with `。` (kept).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '。' {
            let end = i + c.len_utf8();
            out.push(&text[start..end]);
            start = end;
        }
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        out.push(&text[start..]);
    }
    out
}

/// The phrase a number counts: the clause before it, without particles; failing that, the noun
/// after `の` (`16カ所の機関`).
fn subject(sentence: &str, start: usize, end: usize) -> String {
    let chars: Vec<char> = sentence.chars().collect();
    let before: String = chars[..start].iter().collect();
    let clauses: Vec<&str> = before
        .split(['、', '，', ',', '。', '「', '」', '（', '）', '(', ')'])
        .collect();
    let strip = |s: &str| -> String {
        let mut s = s.trim().to_string();
        loop {
            let t = s
                .trim_end_matches([
                    'は', 'が', 'を', 'も', 'で', 'に', 'と', '、', '・', '：', ':', ' ', '　',
                ])
                .to_string();
            let t = [
                "累計",
                "合計",
                "全部",
                "全体",
                "計",
                "約",
                "およそ",
                "うち",
                "現在",
            ]
            .iter()
            .fold(t, |acc, w| {
                acc.strip_suffix(w).map(str::to_string).unwrap_or(acc)
            });
            if t == s {
                break;
            }
            s = t;
        }
        s
    };
    // Qualifiers of time or scope are not what is counted: `これまでに３件`, `1月末時点で11件`.
    static QUALIFIER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:これまで|今まで|現在|累計|合計|計|うち|そのうち|その|全体|全部|延べ|.*時点|.*現在|.*末)(?:に|で|は|では|には|まで|までに)?$").unwrap()
    });
    for clause in clauses.iter().rev() {
        let s = strip(clause);
        if QUALIFIER.is_match(&fold_width(clause.trim())) {
            continue;
        }
        // A clause that holds a count of its own belongs to another fact.
        if NUMBER_UNIT.is_match(&fold_width(clause)) {
            break;
        }
        if s.chars().count() >= 2 {
            return s;
        }
    }
    let after: String = chars[end.min(chars.len())..].iter().collect();
    if let Some(rest) = after.strip_prefix('の') {
        let noun: String = rest
            .chars()
            .take_while(|c| {
                !matches!(
                    c,
                    'を' | 'が' | 'は' | 'に' | 'で' | 'と' | 'へ' | 'も' | '、' | '。' | 'の'
                )
            })
            .collect();
        return noun;
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_count_with_subject() {
        let f = find(
            "現在関わっているケースは、１件で、要保護児童対策地域協議会が関係する案件である。",
            Some("2.(3)"),
            203,
        );
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].value, f[0].unit.as_str()), (1.0, "件"));
        assert_eq!(f[0].subject, "現在関わっているケース");
        assert_eq!(f[0].agenda_ref.as_deref(), Some("2.(3)"));
    }

    #[test]
    fn counts_ordinals_ranges_and_approximations() {
        let f = find(
            "部会は計３回開催（うち１回は書面会議）し、第２回では約20名が参加した。",
            None,
            1,
        );
        let got: Vec<(f64, &str, bool)> = f
            .iter()
            .map(|f| (f.value, f.unit.as_str(), f.approximate))
            .collect();
        assert_eq!(
            got,
            [(3.0, "回", false), (1.0, "回", false), (20.0, "名", true)]
        );
        assert_eq!(f[0].subject, "部会");
        let f = find("年に2～3回開催する。3回目の会議で決めた。", None, 1);
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].value, f[0].value_max), (2.0, Some(3.0)));
    }

    #[test]
    fn qualifiers_are_not_subjects() {
        let f = find(
            "重層的支援会議にかけたケースは、これまでに３件である。",
            None,
            1,
        );
        assert_eq!(f[0].subject, "重層的支援会議にかけたケース");
        let f = find(
            "Liberoさくらが関わっているケースは、1月末時点で11件となった。",
            None,
            1,
        );
        assert_eq!(f[0].subject, "Liberoさくらが関わっているケース");
    }

    #[test]
    fn subject_after_the_number() {
        let f = find("相談支援事業所など 16 カ所の機関が参加する。", None, 1);
        assert_eq!(f[0].value, 16.0);
        assert_eq!(f[0].unit, "カ所");
        assert_eq!(f[0].subject, "相談支援事業所など");
    }

    #[test]
    fn kanji_numerals_and_words_that_are_not_counts() {
        let f = find("相談は十二件あった。一人ひとりに寄り添う。", None, 1);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].value, 12.0);
    }
}
