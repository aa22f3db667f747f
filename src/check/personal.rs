//! Possible personal information in a text: a phone number that is not a listed public
//! office's, an age with a family relation, the full name of someone not on the roster.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::speakers::surname;
use crate::text::fold_width;

/// Example: `0467-61-2600`, `(0467)61-2600`, `090-1234-5678`, `0467612600`.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?:^|[^\d])
        (?P<n>
            \(?0\d{1,4}\)?[-‐−ー\s]?\d{1,4}[-‐−ー]\d{3,4}
          | 0\d{9,10}
        )
        (?:$|[^\d])",
    )
    .unwrap()
});

/// Example: `80代の母`, `息子（32歳）`.
static AGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{1,3}\s*(?:歳|才|代(?:前半|後半)?)").unwrap());

/// Family relations that, with an age, may identify a person.
static FAMILY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"父|母|息子|娘|長男|長女|次男|次女|三男|三女|夫|妻|祖父|祖母|兄|姉|弟|妹|孫|おじ|おば|配偶者",
    )
    .unwrap()
});

/// Example: `佐藤 花子`, `佐藤　花子さん`: a surname and a given name with a space between.
static FULL_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\p{Han}])(?P<s>\p{Han}{1,3})[ \u{3000}](?P<g>[\p{Han}\p{Hiragana}]{1,3})(?:さん|氏|様|くん|ちゃん)?(?:$|[^\p{Han}\p{Hiragana}]|さん|氏|様|は|が|の|に|と|を|から)")
        .unwrap()
});

/// Example: `田中さん`, `山本様`: a name with an honorific.
static HONORIFIC_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\p{Han}])(?P<n>\p{Han}{2,4})(?:さん|様|氏|くん|ちゃん)").unwrap()
});

/// Words before an honorific that are not names.
const NOT_NAMES: &[&str] = &[
    "利用者",
    "保護者",
    "本人",
    "家族",
    "当事者",
    "相談者",
    "皆",
    "委員",
    "職員",
    "先生",
    "支援者",
    "事業者",
    "関係者",
    "子",
    "親御",
    "医師",
    "看護師",
    "患者",
    "住民",
    "市民",
    "学生",
    "生徒",
    "児童",
    "来所者",
    "参加者",
    "受講者",
    "お客",
    "皆様",
];

/// Possible personal information in a text, one message per finding.
pub(super) fn personal_info(
    text: &str,
    roster: &BTreeSet<String>,
    public: &[String],
) -> Vec<String> {
    let mut out = Vec::new();
    let folded = fold_width(text);
    let digits = |s: &str| -> String { s.chars().filter(char::is_ascii_digit).collect() };
    let public: BTreeSet<String> = public.iter().map(|p| digits(p)).collect();
    for c in PHONE.captures_iter(&folded) {
        let n = c["n"].trim();
        if !public.contains(&digits(n)) {
            out.push(format!(
                "possible personal information: the phone number {n} is not a listed public office's (public_phones)"
            ));
        }
    }
    for sentence in folded.split_inclusive(['。', '\n']) {
        if let (Some(a), Some(fam)) = (AGE.find(sentence), FAMILY.find(sentence)) {
            out.push(format!(
                "possible personal information: an age ({}) with a family relation ({}) in {:?}",
                a.as_str(),
                fam.as_str(),
                sentence.trim()
            ));
        }
    }
    let on_roster = |full: &str, sur: &str| {
        roster.contains(full)
            || roster.contains(sur)
            || roster.iter().any(|r| surname(r) == sur && r == full)
    };
    let mut given = BTreeSet::new();
    for c in FULL_NAME.captures_iter(&folded) {
        given.insert(c["g"].to_string());
        let full = format!("{}{}", &c["s"], &c["g"]);
        if !on_roster(&full, &c["s"]) {
            out.push(format!(
                "possible personal information: {} {} looks like the full name of someone not on the roster",
                &c["s"], &c["g"]
            ));
        }
    }
    for c in HONORIFIC_NAME.captures_iter(&folded) {
        let n = &c["n"];
        if NOT_NAMES.iter().any(|w| n.ends_with(w)) || given.contains(n) {
            continue;
        }
        let known = roster
            .iter()
            .any(|r| r == n || surname(r) == *n || n.starts_with(r.as_str()));
        if !known {
            out.push(format!(
                "possible personal information: {n} (with an honorific) looks like the name of someone not on the roster"
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster() -> BTreeSet<String> {
        ["高田", "佐藤花子"].iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn phones_ages_and_names() {
        let public = vec!["0467-61-2600".to_string()];
        assert!(
            personal_info("障害福祉課（0467-61-2600）へ連絡する。", &roster(), &public).is_empty()
        );
        let found = personal_info("本人の携帯090-1234-5678に連絡した。", &roster(), &public);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("090-1234-5678"));
        let found = personal_info("80代の母と二人で暮らしている。", &roster(), &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("80代"));
        assert!(personal_info("80件の相談があった。", &roster(), &[]).is_empty());
        let found = personal_info("山本 一郎さんの件について報告した。", &roster(), &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(personal_info("佐藤 花子委員から報告があった。", &roster(), &[]).is_empty());
        assert!(
            personal_info("利用者さんの声を聞いた。高田さんから補足。", &roster(), &[]).is_empty()
        );
        assert_eq!(
            personal_info("田中さんの家を訪問した。", &roster(), &[]).len(),
            1
        );
    }
}
