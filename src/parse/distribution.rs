//! Where a material was handed out: the meeting (date, council, body) and the id it carried there
//! (`資料3-2`), so that minutes citing `（資料 3-2）` can be linked to it.
//!
//! A material says this in one of three ways, the later overriding the earlier:
//!
//! 1. **Printed** above its title (`資料２`): the id only (read by the material parser).
//! 2. **File name**: a leading date and a `shiryo`/`資料` part, in any order after the date:
//!    `2024-05-27_shiryo3-2_jusoteki-gaiyoban.txt`, `20240527_資料3-2_概要版.pdf`,
//!    `2023-09-19_sankou1_meibo.docx` (`参考資料1`). Only the date, or only the id, is fine too.
//! 3. **Sidecar**: a YAML file next to it named after the whole file name plus `.meta.yaml`
//!    (`概要版.pdf.meta.yaml`), with any of these keys:
//!
//! ```yaml
//! id: 資料3-2                         # the id at the meeting
//! meeting: 2024-05-27                 # the meeting's date
//! council: さくら台市障害者支援協議会   # when several councils share an index
//! body: 全体会
//! title: 重層的支援体制整備事業 概要版  # overrides the title read from the text
//! ```

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::agenda::material_ids;
use crate::record::Record;
use crate::text::fold_width;

/// What a material's file name or sidecar says about where it was handed out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Distribution {
    /// The id at the meeting, normalized (`資料3-2`).
    pub id: Option<String>,
    /// The meeting's date, ISO.
    #[serde(rename = "meeting")]
    pub date: Option<String>,
    /// The council.
    pub council: Option<String>,
    /// The body.
    pub body: Option<String>,
    /// A title that overrides the one read from the text.
    pub title: Option<String>,
}

/// The sidecar of a material file: the whole file name plus `.meta.yaml`.
pub fn sidecar_path(path: &std::path::Path) -> std::path::PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".meta.yaml");
    path.with_file_name(name)
}

/// Example: `2024-05-27_…`, `20240527-…`, `2024_05_27 …`
static NAME_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?:\D|$)").unwrap());

/// Example: `shiryo3-2`, `shiryou_1`, `資料3-2`, `sankou1`, `参考資料2`, `besshi`
static NAME_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[_\-\s.])(?P<w>sankou[-_]?shiryou?|sankou|shiryou?|参考資料|資料|besshi|別紙)[-_\s]?(?P<n>\d{1,2}(?:[-_]\d{1,2})?)?(?:[_\-\s.]|$)",
    )
    .unwrap()
});

/// Reads the file-name convention. Example: `2024-05-27_shiryo3-2_gaiyo.txt` gives the date
/// 2024-05-27 and the id `資料3-2`.
pub fn from_file_name(name: &str) -> Distribution {
    let name = fold_width(name);
    let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(&name);
    let mut d = Distribution::default();
    if let Some(c) = NAME_DATE.captures(stem) {
        let (y, m, day): (i32, u32, u32) = (
            c[1].parse().unwrap_or(0),
            c[2].parse().unwrap_or(0),
            c[3].parse().unwrap_or(0),
        );
        if chrono::NaiveDate::from_ymd_opt(y, m, day).is_some() {
            d.date = Some(format!("{y:04}-{m:02}-{day:02}"));
        }
    }
    if let Some(c) = NAME_ID.captures(stem) {
        let word = c["w"].to_lowercase();
        let prefix = if word.starts_with("sankou") || word == "参考資料" {
            "参考資料"
        } else if word == "besshi" || word == "別紙" {
            "別紙"
        } else {
            "資料"
        };
        let number = c.name("n").map(|n| n.as_str().replace('_', "-"));
        if prefix != "資料" || number.is_some() {
            d.id = Some(normalize_id(&format!(
                "{prefix}{}",
                number.unwrap_or_default()
            )));
        }
    }
    d
}

/// Reads a sidecar's YAML. The error says what is wrong, for the caller to attach the path.
pub fn from_sidecar(text: &str) -> Result<Distribution, String> {
    let mut d: Distribution = serde_norway::from_str(text).map_err(|e| e.to_string())?;
    if let Some(date) = &d.date {
        let folded = fold_width(date.trim());
        let parsed = chrono::NaiveDate::parse_from_str(&folded, "%Y-%m-%d")
            .map_err(|_| format!("meeting: {date:?} is not a date (YYYY-MM-DD)"))?;
        d.date = Some(parsed.format("%Y-%m-%d").to_string());
    }
    d.id = d.id.as_deref().map(normalize_id);
    Ok(d)
}

/// `資料 ３－２` → `資料3-2`, as minutes' material ids are normalized.
pub fn normalize_id(id: &str) -> String {
    material_ids(id)
        .into_iter()
        .next()
        .unwrap_or_else(|| id.trim().to_string())
}

/// Applies what is known about a material's distribution to its record: each source's values
/// override the earlier ones. Minutes records are left alone (they carry their own meeting).
pub fn apply(record: &mut Record, sources: &[Distribution]) {
    if record.kind != crate::record::DocumentKind::Material {
        return;
    }
    for d in sources {
        if let Some(id) = &d.id {
            record.material_id = Some(id.clone());
        }
        if let Some(date) = &d.date {
            record.meeting.date = Some(date.clone());
            record.meeting.fiscal_year = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
                .ok()
                .map(crate::text::era::fiscal_year_of);
        }
        if let Some(c) = &d.council {
            record.meeting.council = Some(c.clone());
        }
        if let Some(b) = &d.body {
            record.meeting.body = Some(b.clone());
        }
        if let Some(t) = &d.title {
            record.title = Some(t.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        let d = from_file_name("2024-05-27_shiryo3-2_jusoteki-gaiyoban.txt");
        assert_eq!(d.date.as_deref(), Some("2024-05-27"));
        assert_eq!(d.id.as_deref(), Some("資料3-2"));
        let d = from_file_name("20250217_資料２_活動報告.pdf");
        assert_eq!(d.date.as_deref(), Some("2025-02-17"));
        assert_eq!(d.id.as_deref(), Some("資料2"));
        let d = from_file_name("2023-09-19_sankou1_meibo.docx");
        assert_eq!(d.id.as_deref(), Some("参考資料1"));
        // No convention: nothing known.
        assert_eq!(
            from_file_name("001_dea6203cfdabc490.txt"),
            Distribution::default()
        );
        // An impossible date is not a date; a bare `shiryo` carries no id.
        let d = from_file_name("2024-13-40_shiryo_x.txt");
        assert_eq!(d, Distribution::default());
    }

    #[test]
    fn sidecars() {
        let d = from_sidecar("id: 資料 ３－２\nmeeting: 2024-05-27\nbody: 全体会\n").unwrap();
        assert_eq!(d.id.as_deref(), Some("資料3-2"));
        assert_eq!(d.date.as_deref(), Some("2024-05-27"));
        assert_eq!(d.body.as_deref(), Some("全体会"));
        let e = from_sidecar("meeting: 5月27日\n").unwrap_err();
        assert!(e.contains("not a date"), "{e}");
        let e = from_sidecar("meting: 2024-05-27\n").unwrap_err();
        assert!(e.contains("meting"), "{e}");
    }

    #[test]
    fn sidecar_name() {
        assert_eq!(
            sidecar_path(std::path::Path::new("a/概要版.pdf")),
            std::path::Path::new("a/概要版.pdf.meta.yaml")
        );
    }
}
