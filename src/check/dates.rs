//! The 和暦 of a written date checked: the era year against the Western year printed beside it,
//! and the date against the era's span.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::findings::Findings;
use crate::text::era::{self, ERA_YEAR, ERAS};
use crate::text::fold_width;

/// `令和7年(2025年)`: an era year with its Western year in brackets.
static ERA_AND_WESTERN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<era>{ERAS})\s*(?P<y>{ERA_YEAR})\s*年\s*[(（]\s*(?P<w>\d{{4}})\s*年?\s*[)）]"
    ))
    .unwrap()
});

/// An era year: `令和`, 7.
static ERA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?P<era>{ERAS})\s*(?P<y>{ERA_YEAR})\s*年")).unwrap());

/// Checks a date's 和暦 against its Western year and the era's span.
pub(super) fn check_era(f: &mut Findings, written: &str, date: NaiveDate, line: Option<usize>) {
    let folded = fold_width(written);
    if let Some(c) = ERA_AND_WESTERN.captures(&folded) {
        let y = era::year_number(&c["y"]).unwrap_or(0);
        let western: i32 = c["w"].parse().unwrap_or(0);
        if era::western_year(&c["era"], y) != Some(western) {
            f.error(
                line,
                format!(
                    "{}{}年 is {}, not {western}",
                    &c["era"],
                    &c["y"],
                    era::western_year(&c["era"], y).unwrap_or(0)
                ),
            );
        }
    }
    if let Some(c) = ERA.captures(&folded) {
        if !era::era_contains(&c["era"], date) {
            let (era, y) = era::era_of(date);
            f.error(
                line,
                format!("{date} is not in the {} era: it is {era}{y}年", &c["era"]),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eras() {
        let mut f = Findings::new(None);
        let d = NaiveDate::from_ymd_opt(2025, 5, 19).unwrap();
        check_era(&mut f, "令和7年(2025年)5月19日", d, None);
        assert!(f.list.is_empty());
        check_era(&mut f, "令和6年(2025年)5月19日", d, None);
        assert_eq!(f.list.len(), 1);
        assert!(
            f.list[0].message.contains("令和6年 is 2024"),
            "{:?}",
            f.list
        );
        let d = NaiveDate::from_ymd_opt(2019, 4, 10).unwrap();
        check_era(&mut f, "令和元年4月10日", d, None);
        assert!(f.list[1].message.contains("平成31年"), "{:?}", f.list);
    }
}
