//! 和暦, the Japanese eras as minutes print them: the era names and their regex fragments,
//! era year ↔ Western year (元年 included), the fiscal year (April to March), weekday names and
//! the `令和7年(2025年)5月19日(月)` form. Every stage that reads or writes an era year uses this.

use chrono::{Datelike, NaiveDate};

/// The era names as a regex alternation, newest first: `令和|平成|昭和`.
pub const ERAS: &str = "令和|平成|昭和";

/// An era year as printed, as a regex fragment: one or two digits, or `元` (the first year).
pub const ERA_YEAR: &str = r"(?:\d{1,2}|元)";

/// The weekday characters, Monday first, as printed in `(月)`.
pub const WEEKDAYS: &str = "月火水木金土日";

/// One era: its name, its one-letter abbreviation (`R6.5.20`), its first day and the Western
/// year of its year 0.
struct Era {
    name: &'static str,
    letter: &'static str,
    first_day: (i32, u32, u32),
    year_zero: i32,
}

/// The eras minutes use, newest first.
const TABLE: [Era; 3] = [
    Era {
        name: "令和",
        letter: "R",
        first_day: (2019, 5, 1),
        year_zero: 2018,
    },
    Era {
        name: "平成",
        letter: "H",
        first_day: (1989, 1, 8),
        year_zero: 1988,
    },
    Era {
        name: "昭和",
        letter: "S",
        first_day: (1926, 12, 25),
        year_zero: 1925,
    },
];

impl Era {
    fn named(name: &str) -> Option<&'static Era> {
        TABLE.iter().find(|e| e.name == name || e.letter == name)
    }

    fn first_day(&self) -> NaiveDate {
        let (y, m, d) = self.first_day;
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }
}

/// The Western year of an era year: `western_year("令和", 7)` is 2025. The era may be its
/// one-letter abbreviation (`R`, `H`, `S`).
pub fn western_year(era: &str, year: i32) -> Option<i32> {
    Era::named(era).map(|e| e.year_zero + year)
}

/// The number of an era year as printed: `元` is 1, digits are themselves.
pub fn year_number(printed: &str) -> Option<i32> {
    match printed.trim() {
        "元" => Some(1),
        digits => digits.parse().ok(),
    }
}

/// An era year as printed: 1 is `元`.
pub fn year_text(year: i32) -> String {
    if year == 1 {
        "元".to_string()
    } else {
        year.to_string()
    }
}

/// The era and era year a date falls in: 2019-04-30 is (`平成`, 31), 2019-05-01 (`令和`, 1).
/// Dates before 昭和 are counted in 昭和.
pub fn era_of(date: NaiveDate) -> (&'static str, i32) {
    let era = TABLE
        .iter()
        .find(|e| date >= e.first_day())
        .unwrap_or(&TABLE[TABLE.len() - 1]);
    (era.name, date.year() - era.year_zero)
}

/// Whether a date falls in the named era (before 昭和 counts as 昭和). An unknown name holds no
/// date.
pub fn era_contains(era: &str, date: NaiveDate) -> bool {
    let Some(i) = TABLE.iter().position(|e| e.name == era || e.letter == era) else {
        return false;
    };
    let after_start = i == TABLE.len() - 1 || date >= TABLE[i].first_day();
    let before_next = i == 0 || date < TABLE[i - 1].first_day();
    after_start && before_next
}

/// The fiscal year (April to March) a date belongs to, as the Western year it starts in.
pub fn fiscal_year_of(date: NaiveDate) -> i32 {
    if date.month() >= 4 {
        date.year()
    } else {
        date.year() - 1
    }
}

/// The era and era year that name a fiscal year. A fiscal year is named after the era of its
/// end: fiscal 2019 began in 平成 but is 令和元年度.
pub fn fiscal_era_of(fy: i32) -> (&'static str, i32) {
    let era = TABLE
        .iter()
        .find(|e| fy > e.year_zero)
        .unwrap_or(&TABLE[TABLE.len() - 1]);
    (era.name, fy - era.year_zero)
}

/// A fiscal year in 和暦: `令和7年度`, `令和元年度`.
pub fn fiscal_text(fy: i32) -> String {
    let (era, y) = fiscal_era_of(fy);
    format!("{era}{}年度", year_text(y))
}

/// The weekday character of a date (`月`…`日`).
pub fn weekday_char(date: NaiveDate) -> &'static str {
    ["月", "火", "水", "木", "金", "土", "日"][date.weekday().num_days_from_monday() as usize]
}

/// A date as minutes print it: `令和7年(2025年)5月19日(月)`.
pub fn date_text(date: NaiveDate) -> String {
    let (era, y) = era_of(date);
    format!(
        "{era}{}年({}年){}月{}日({})",
        year_text(y),
        date.year(),
        date.month(),
        date.day(),
        weekday_char(date)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn era_years_to_western_years_and_back() {
        assert_eq!(western_year("令和", 7), Some(2025));
        assert_eq!(western_year("R", 1), Some(2019));
        assert_eq!(western_year("平成", 31), Some(2019));
        assert_eq!(western_year("昭和", 64), Some(1989));
        assert_eq!(western_year("大正", 3), None);
        assert_eq!(era_of(ymd(2025, 5, 19)), ("令和", 7));
        assert_eq!(era_of(ymd(2019, 4, 30)), ("平成", 31));
        assert_eq!(era_of(ymd(2019, 5, 1)), ("令和", 1));
        assert_eq!(era_of(ymd(1989, 1, 7)), ("昭和", 64));
    }

    #[test]
    fn the_first_year_is_printed_gan() {
        assert_eq!(year_number("元"), Some(1));
        assert_eq!(year_number("12"), Some(12));
        assert_eq!(year_number("十"), None);
        assert_eq!(year_text(1), "元");
        assert_eq!(year_text(6), "6");
    }

    #[test]
    fn an_era_holds_the_dates_from_its_first_day_to_the_next_era() {
        assert!(era_contains("令和", ymd(2019, 5, 1)));
        assert!(!era_contains("令和", ymd(2019, 4, 30)));
        assert!(era_contains("平成", ymd(2019, 4, 30)));
        assert!(!era_contains("平成", ymd(1989, 1, 7)));
        assert!(era_contains("昭和", ymd(1950, 1, 1)));
        assert!(!era_contains("明治", ymd(1950, 1, 1)));
    }

    #[test]
    fn fiscal_years_start_in_april_and_take_the_era_of_their_end() {
        assert_eq!(fiscal_year_of(ymd(2025, 3, 31)), 2024);
        assert_eq!(fiscal_year_of(ymd(2025, 4, 1)), 2025);
        assert_eq!(fiscal_text(2019), "令和元年度");
        assert_eq!(fiscal_text(2025), "令和7年度");
        assert_eq!(fiscal_text(2018), "平成30年度");
        assert_eq!(fiscal_text(1989), "平成元年度");
    }

    #[test]
    fn dates_are_printed_with_both_years_and_the_weekday() {
        assert_eq!(weekday_char(ymd(2025, 5, 19)), "月");
        assert_eq!(date_text(ymd(2025, 5, 19)), "令和7年(2025年)5月19日(月)");
        assert_eq!(date_text(ymd(2019, 5, 7)), "令和元年(2019年)5月7日(火)");
    }
}
