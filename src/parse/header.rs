//! The title of minutes read for what it says: council, body, fiscal year and session. (The
//! header labels, and which field each introduces, are [`crate::text::labels`].)

use std::sync::LazyLock;

use regex::Regex;

use crate::text::compact;
use crate::text::era::ERAS;

/// What a title says: council, body, fiscal year, session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TitleParts {
    /// The council (`鎌倉市障害者支援協議会`).
    pub council: Option<String>,
    /// The body (`全体会`, `相談支援部会`).
    pub body: Option<String>,
    /// The session number.
    pub session: Option<u32>,
    /// The fiscal year printed.
    pub fiscal_year: Option<i32>,
}

/// Example: `令和３年度（2021年度）第３回 鎌倉市障害者支援協議会全体会 会議概要`
static TITLE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)^
        (?: (?:{ERAS})(?:\d+|元)年度 (?:\(\d{{4}}年度\))? | \d{{4}}年度 )?
        (?: 第(?P<session>\d+)回 )?"
    ))
    .unwrap()
});

/// Document words at the end of a title.
static TITLE_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:会議概要|会議要旨|議事要旨|議事概要|会議録|議事録|逐語記録|要旨|概要|記録)(?:\(案\))?$")
        .unwrap()
});

/// Example: `鎌倉市障害者支援協議会`, `山田町自立支援協議会`, `山田市保健福祉審議会`,
/// `山田市障害者計画策定委員会`, `山田区障害福祉計画推進会議`
static COUNCIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<council>.*?(?:都|道|府|県|市|町|村|区).*?(?:協議会|審議会|委員会|推進会議|懇談会|会議))(?P<rest>.*)$").unwrap()
});

/// The body or council named in brackets after the document word:
/// `平成26年度第6回議事録(山田県総合支援協議会)`.
static NAME_AFTER_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:議事録|会議録|会議概要|議事要旨|議事概要)[(（](?P<x>[^)）]{2,40})[)）]$")
        .unwrap()
});

/// Splits a title into council, body, fiscal year and session. A title printed over several
/// lines (or repeated, as a page title and a heading) is read line by line, each field from the
/// first line that gives it.
pub fn title_parts(title: &str) -> TitleParts {
    let whole = title_parts_of(title);
    let lines: Vec<&str> = title.split('\n').filter(|l| !l.trim().is_empty()).collect();
    if lines.len() < 2 {
        return whole;
    }
    let mut parts = TitleParts::default();
    for l in &lines {
        let p = title_parts_of(l);
        parts.council = parts.council.or(p.council);
        parts.body = parts.body.or(p.body);
        parts.session = parts.session.or(p.session);
        parts.fiscal_year = parts.fiscal_year.or(p.fiscal_year);
    }
    // A body alone on its line, with the council on another: keep the council's line's reading.
    if parts.council.is_none() {
        return whole;
    }
    parts
}

fn title_parts_of(title: &str) -> TitleParts {
    let c = crate::parse::dates::kanji_numerals(&compact(title));
    let mut named = None;
    let c = match NAME_AFTER_WORD.captures(&c) {
        Some(caps) => {
            named = Some(caps["x"].to_string());
            c[..caps.get(0).expect("the match").start()].to_string() + "議事録"
        }
        None => c,
    };
    let mut parts = TitleParts {
        fiscal_year: crate::parse::dates::find_fiscal_year(&c),
        ..TitleParts::default()
    };
    // The session may follow the council (`…協議会 第2回全体会`): take it from anywhere.
    static SESSION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"第(\d+)回").unwrap());
    parts.session = SESSION.captures(&c).and_then(|m| m[1].parse().ok());
    let rest = TITLE_PREFIX
        .find(&c)
        .map(|m| &c[m.end()..])
        .unwrap_or(c.as_str());
    let rest = SESSION.replace_all(rest, "");
    let rest = rest.replace("()", "").replace("（）", "");
    // A note in brackets after the body or the document word: `全体会(逐語要約記録)`.
    static NOTE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[(（][^)）]*(?:記録|要約|要旨|案|抜粋|概要)[^)）]*[)）]$").unwrap()
    });
    let rest = NOTE.replace(&rest, "");
    let rest = TITLE_SUFFIX.replace(&rest, "");
    let rest = NOTE.replace(&rest, "");
    let rest = rest.trim_end_matches(['・', '-']);
    if let Some(caps) = COUNCIL.captures(rest) {
        parts.council = Some(caps["council"].to_string());
        let body = caps["rest"].trim();
        if !body.is_empty() {
            parts.body = Some(body.to_string());
        }
    } else if !rest.is_empty() {
        parts.body = Some(rest.to_string());
    }
    if let Some(x) = named {
        if COUNCIL.is_match(&x) && parts.council.is_none() {
            parts.council = Some(x);
            parts.body = None;
        } else if parts.body.is_none() || parts.council.is_none() {
            parts.body = Some(x);
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_with_council_and_body() {
        let t = title_parts("令和３年度（2021年度）第３回 鎌倉市障害者支援協議会全体会 会議概要");
        assert_eq!(t.council.as_deref(), Some("鎌倉市障害者支援協議会"));
        assert_eq!(t.body.as_deref(), Some("全体会"));
        assert_eq!((t.session, t.fiscal_year), (Some(3), Some(2021)));
        let t = title_parts("第1回相談支援部会 議事要旨");
        assert_eq!((t.council, t.body.as_deref()), (None, Some("相談支援部会")));
        let t = title_parts("令和6年度 第2回 山田市障害者自立支援協議会 全体会 会議録");
        assert_eq!(t.council.as_deref(), Some("山田市障害者自立支援協議会"));
        assert_eq!(t.body.as_deref(), Some("全体会"));
    }
    #[test]
    fn councils_of_other_kinds_and_names_after_the_document_word() {
        let t =
            title_parts("令和5年度山田市保健福祉審議会 障がい者保健福祉専門分科会 (第1回)議事録");
        assert_eq!(t.council.as_deref(), Some("山田市保健福祉審議会"));
        assert_eq!(t.body.as_deref(), Some("障がい者保健福祉専門分科会"));
        assert_eq!(t.session, Some(1));
        let t = title_parts("平成26年度第6回議事録(山田県総合支援協議会)");
        assert_eq!(t.council.as_deref(), Some("山田県総合支援協議会"));
        let t = title_parts("平成29年度第3回議事録(地域生活支援専門部会)");
        assert_eq!(
            (t.council, t.body.as_deref()),
            (None, Some("地域生活支援専門部会"))
        );
        let t = title_parts(
            "山田市障害者自立支援協議会 全体会(逐語要約記録)\n第3回山田市障害者自立支援協議会全体会",
        );
        assert_eq!((t.body.as_deref(), t.session), (Some("全体会"), Some(3)));
    }
}
