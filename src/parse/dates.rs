//! Dates, times and fiscal years as printed in minutes: 和暦 (令和/平成/昭和, 元年, kanji
//! numerals, full-width digits) and Western forms, to ISO dates and 24-hour times. The eras
//! themselves are [`crate::text::era`]'s.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::text::era::{ERAS, WEEKDAYS, western_year};
use crate::text::fold_width;

/// A date found in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFound {
    /// The date.
    pub date: NaiveDate,
    /// The weekday as printed (`火`), if printed.
    pub weekday: Option<String>,
}

/// Converts kanji numerals (`二十二`, `十`, `〇`) and `元` (in `元年`) to Arabic digits.
pub fn kanji_numerals(s: &str) -> String {
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|v| v as u32)
    };
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '元' && chars.get(i + 1) == Some(&'年') {
            out.push('1');
            i += 1;
            continue;
        }
        if digit(c).is_some() || (c == '十' || c == '百') {
            // Read a run of kanji numerals.
            let mut j = i;
            while j < chars.len() && (digit(chars[j]).is_some() || matches!(chars[j], '十' | '百'))
            {
                j += 1;
            }
            let run = &chars[i..j];
            // A lone 十 or 百 inside a word (十分, 百貨店) is not a number we need; only convert
            // when next to a date or counter character.
            let next = chars.get(j).copied();
            let is_numeric_context = matches!(
                next,
                Some(
                    '年' | '月'
                        | '日'
                        | '時'
                        | '分'
                        | '回'
                        | '件'
                        | '名'
                        | '人'
                        | 'カ'
                        | 'か'
                        | '箇'
                        | 'ヶ'
                        | 'ケ'
                        | '世'
                        | '団'
                        | '事'
                        | '校'
                        | '施'
                        | '%'
                        | '％'
                )
            );
            if is_numeric_context {
                out.push_str(&kanji_run_value(run).to_string());
            } else {
                out.extend(run);
            }
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

fn kanji_run_value(run: &[char]) -> u32 {
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|v| v as u32)
    };
    // Positional form (二〇二四) when there is no 十/百.
    if !run.iter().any(|c| matches!(c, '十' | '百')) {
        return run
            .iter()
            .fold(0, |acc, &c| acc * 10 + digit(c).unwrap_or(0));
    }
    let mut total = 0;
    let mut current = 0;
    for &c in run {
        match c {
            '百' => {
                total += current.max(1) * 100;
                current = 0;
            }
            '十' => {
                total += current.max(1) * 10;
                current = 0;
            }
            _ => current = digit(c).unwrap_or(0),
        }
    }
    total + current
}

/// Folds widths and kanji numerals; `正午` is noon and `正子` midnight.
fn prepare(s: &str) -> String {
    kanji_numerals(&fold_width(s))
        .replace("正午", "午後0時")
        .replace("正子", "午前0時")
}

/// Example: `令和４年(2022年) 3月 22日(火)`, `2024年5月20日（月）`, `令和元年５月７日`, `R6.5.20`.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)
        (?:
            (?P<era>{ERAS})\s*(?P<ey>\d{{1,2}})\s*年
            (?:\s*[(（]\s*\d{{4}}\s*年?\s*[)）])?            # (2022年)
          | (?P<wy>\d{{4}})\s*年
          | (?P<abbr>[RHS])\s*(?P<ay>\d{{1,2}})\s*[./]
          | (?P<sy>\d{{4}})\s*[./-]
        )
        \s*(?P<m>\d{{1,2}})\s*(?:月|[./-])
        \s*(?P<d>\d{{1,2}})\s*日?
        (?:\s*[(（]\s*(?P<wd>[{WEEKDAYS}])\s*(?:曜日?)?\s*[)）] | \s*(?P<wd2>[{WEEKDAYS}])曜日?)?
        "
    ))
    .unwrap()
});

/// Finds the first date in `s`.
pub fn find_date(s: &str) -> Option<DateFound> {
    let p = prepare(s);
    for caps in DATE.captures_iter(&p) {
        let year = if let Some(era) = caps.name("era") {
            western_year(era.as_str(), caps["ey"].parse().ok()?)
        } else if let Some(y) = caps.name("wy").or(caps.name("sy")) {
            y.as_str().parse().ok()
        } else if let Some(abbr) = caps.name("abbr") {
            western_year(abbr.as_str(), caps["ay"].parse().ok()?)
        } else {
            None
        };
        let (Some(year), Ok(m), Ok(d)) = (year, caps["m"].parse(), caps["d"].parse()) else {
            continue;
        };
        if let Some(date) = NaiveDate::from_ymd_opt(year, m, d) {
            return Some(DateFound {
                date,
                weekday: caps
                    .name("wd")
                    .or(caps.name("wd2"))
                    .map(|w| w.as_str().to_string()),
            });
        }
    }
    None
}

/// Where the first date of `s` is printed, as a range of characters of `s` (the date with its
/// weekday). Dates written in kanji numerals are not located.
pub fn date_span(s: &str) -> Option<std::ops::Range<usize>> {
    let folded = fold_width(s);
    for caps in DATE.captures_iter(&folded) {
        let m = caps.get(0).expect("the whole match");
        if find_date(m.as_str()).is_some() {
            let start = folded[..m.start()].chars().count();
            let end = start + m.as_str().chars().count();
            return Some(start..end);
        }
    }
    None
}

/// Example: `令和３年度（2021年度）`, `令和 3 年度`, `2024年度`.
static FISCAL_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:(?P<era>{ERAS})\s*(?P<ey>\d{{1,2}})|(?P<wy>\d{{4}}))\s*年度"
    ))
    .unwrap()
});

/// The first fiscal year printed in `s`, as the Western year it starts in.
pub fn find_fiscal_year(s: &str) -> Option<i32> {
    let p = prepare(s);
    let caps = FISCAL_YEAR.captures(&p)?;
    match caps.name("era") {
        Some(era) => western_year(era.as_str(), caps["ey"].parse().ok()?),
        None => caps["wy"].parse().ok(),
    }
}

/// Example: `午後２時 30分`, `午後6時半`, `14:00`, `10時`.
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<ampm>午前|午後|AM|PM|am|pm)?\s*
        (?:
            (?P<h>\d{1,2})\s*時\s*(?:(?P<min>\d{1,2})\s*分|(?P<half>半))?
          | (?P<h2>\d{1,2})\s*[:：]\s*(?P<min2>\d{2})
        )
        ",
    )
    .unwrap()
});

/// The start and end times in `s` (24-hour `HH:MM`). An end time without 午前/午後 inherits the
/// start's afternoon when that makes it later (`午後2時から4時まで` ends at 16:00).
pub fn find_times(s: &str) -> (Option<String>, Option<String>) {
    let p = prepare(s);
    // Skip the date part so that `22日` is not read as a time.
    let after_date = DATE.find(&p).map(|m| &p[m.end()..]).unwrap_or(&p);
    let mut found: Vec<(u32, u32, Option<bool>)> = Vec::new();
    for caps in TIME.captures_iter(after_date) {
        let pm = caps
            .name("ampm")
            .map(|a| matches!(a.as_str(), "午後" | "PM" | "pm"));
        let (h, m) = if let Some(h) = caps.name("h") {
            let m = if caps.name("half").is_some() {
                30
            } else {
                caps.name("min")
                    .and_then(|m| m.as_str().parse().ok())
                    .unwrap_or(0)
            };
            (h.as_str().parse().unwrap_or(99), m)
        } else {
            (
                caps["h2"].parse().unwrap_or(99),
                caps["min2"].parse().unwrap_or(99),
            )
        };
        if h > 24 || m > 59 {
            continue;
        }
        found.push((h, m, pm));
        if found.len() == 2 {
            break;
        }
    }
    let to_24 = |(h, m, pm): (u32, u32, Option<bool>), inherit_pm: bool| {
        let h = match pm {
            Some(true) if h < 12 => h + 12,
            None if inherit_pm && h < 12 => h + 12,
            _ => h,
        };
        format!("{h:02}:{m:02}")
    };
    let start = found.first().map(|&t| to_24(t, false));
    let start_pm = found.first().map(|t| t.2 == Some(true)).unwrap_or(false);
    let end = found.get(1).map(|&t| to_24(t, start_pm));
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn wareki_with_western_year_in_brackets() {
        let f = find_date("開 催 日 時 令和４年(2022年) 3月 22日(火) 午後２時 30分～午後４時 00分")
            .unwrap();
        assert_eq!(f.date, ymd(2022, 3, 22));
        assert_eq!(f.weekday.as_deref(), Some("火"));
        assert_eq!(
            find_times("令和４年(2022年) 3月 22日(火) 午後２時 30分～午後４時 00分"),
            (Some("14:30".into()), Some("16:00".into()))
        );
    }

    #[test]
    fn kanji_numerals_and_gannen() {
        assert_eq!(
            find_date("令和六年五月二十日").unwrap().date,
            ymd(2024, 5, 20)
        );
        assert_eq!(
            find_date("令和元年５月７日（火）").unwrap().date,
            ymd(2019, 5, 7)
        );
        assert_eq!(find_date("平成31年4月1日").unwrap().date, ymd(2019, 4, 1));
    }

    #[test]
    fn western_and_abbreviated_forms() {
        let f = find_date("日時: 2024年5月20日（月曜日）14:00～16:10").unwrap();
        assert_eq!(f.date, ymd(2024, 5, 20));
        assert_eq!(f.weekday.as_deref(), Some("月"));
        assert_eq!(
            find_times("日時: 2024年5月20日（月）14:00～16:10"),
            (Some("14:00".into()), Some("16:10".into()))
        );
        assert_eq!(find_date("R6.5.20").unwrap().date, ymd(2024, 5, 20));
    }

    #[test]
    fn times_in_words() {
        assert_eq!(
            find_times("令和6年5月20日(月曜日) 午後2時から4時まで"),
            (Some("14:00".into()), Some("16:00".into()))
        );
        assert_eq!(find_times("午後6時半～"), (Some("18:30".into()), None));
        assert_eq!(
            find_times("令和６年５月２０日（月）午前１０時００分～午前１１時３０分"),
            (Some("10:00".into()), Some("11:30".into()))
        );
        assert_eq!(find_times("18:30〜"), (Some("18:30".into()), None));
        assert_eq!(
            find_times("令和6年11月5日(火曜日) 午前10時から正午まで"),
            (Some("10:00".into()), Some("12:00".into()))
        );
    }

    #[test]
    fn fiscal_years() {
        assert_eq!(find_fiscal_year("令和３年度（2021年度）第３回"), Some(2021));
        assert_eq!(find_fiscal_year("令和 3 年度"), Some(2021));
    }
    #[test]
    fn weekday_written_out_without_brackets() {
        let f = find_date("令和4年8月1日月曜日午後6時半~午後8時半").unwrap();
        assert_eq!(
            (f.date, f.weekday.as_deref()),
            (ymd(2022, 8, 1), Some("月"))
        );
        assert_eq!(
            date_span("第3回 山田市協議会 令和5年9月11日(月) 午後2時開会"),
            Some(11..23)
        );
    }
}
