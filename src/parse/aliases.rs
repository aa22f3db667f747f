//! Short names defined in the text: `地域生活支援拠点検討部会（以下、地域部会）`,
//! `相談支援包括化推進業務（以下「推進業務」という。）`.

use std::sync::LazyLock;

use regex::Regex;

use crate::record::Alias;
use crate::text::fold_width;

/// Example: `①地域生活支援拠点検討部会（以下、地域部会）`
static DEFINITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<long>[^\s、。,「」『』()（）]+?)
        \s*[(（]\s*以下\s*[、,]?\s*[「『]?
        (?P<short>[^」』)）、。]+?)
        [」』]?\s*(?:という|と言う|と略す|と略する|とする|と呼ぶ)?\s*。?\s*[)）]",
    )
    .unwrap()
});

/// Finds the alias definitions in `text`.
pub fn find(text: &str) -> Vec<Alias> {
    // Every definition says `以下`, which folding leaves as it is.
    if !text.contains("以下") {
        return Vec::new();
    }
    let folded = fold_width(text);
    DEFINITION
        .captures_iter(&folded)
        .filter_map(|c| {
            let long_f = &c["long"];
            // Keep the printed characters (widths as printed).
            let start = folded[..c.name("long").unwrap().start()].chars().count();
            let len = long_f.chars().count();
            let long: String = text.chars().skip(start).take(len).collect();
            let long = long
                .trim_start_matches(|ch: char| ('①'..='⑳').contains(&ch))
                .trim()
                .to_string();
            let short_start = folded[..c.name("short").unwrap().start()].chars().count();
            let short: String = text
                .chars()
                .skip(short_start)
                .take(c["short"].chars().count())
                .collect::<String>()
                .trim()
                .to_string();
            (!long.is_empty() && !short.is_empty() && long != short)
                .then_some(Alias { short, long })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions() {
        let a = find("①地域生活支援拠点検討部会（以下、地域部会）");
        assert_eq!(
            a,
            [Alias {
                short: "地域部会".into(),
                long: "地域生活支援拠点検討部会".into()
            }]
        );
        let a = find("③（仮）こどもを中心にした福祉と教育の連携部会 （以下、こども部会）");
        assert_eq!(a[0].long, "こどもを中心にした福祉と教育の連携部会");
        let a = find("本市では、相談支援包括化推進業務（以下「推進業務」という。）を開始した。");
        assert_eq!(
            (a[0].short.as_str(), a[0].long.as_str()),
            ("推進業務", "相談支援包括化推進業務")
        );
    }
}
