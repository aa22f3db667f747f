//! How a block's score is raised or lowered by what the query asks for (titles, figures,
//! decisions, dates, variants).

use super::query::parse_query;
use super::reduce::Reduced;
use crate::index::document::DocType;
use crate::index::tokenizer::bigram_form;
use crate::record::EntryKind;

/// A block shorter than this (in characters) is a label or a bare phrase (a diagram's caption,
/// `（「異議なし」の声あり）`): its score is scaled down by its length, since the length
/// normalization of the ranking favours it.
pub(super) const SHORT_BLOCK: usize = 24;

/// How a block's score is raised or lowered by what the query asks for: titles of agenda
/// items, materials and meetings ranked down unless the query is the title, blocks with a
/// figure of the counter word asked for, resolutions for a decision, dates for a time.
pub struct Boost {
    query: String,
    /// Each term as typed: a block that holds it as typed ranks above one that holds only
    /// a variant (`Liberoかまくら` rather than `Liberoさくら` for `Libero` = `Liberoかまくら`).
    typed: Vec<String>,
    units: Vec<&'static str>,
    decision: bool,
    when: bool,
}

/// A block's score is multiplied by this for each term it holds only as a variant.
pub(super) const VARIANT_FACTOR: f32 = 0.8;

/// A title's score is multiplied by this unless the query is the title.
pub(super) const TITLE_FACTOR: f32 = 0.25;

impl Boost {
    pub(super) fn new(query: &str, reduced: &Reduced) -> Boost {
        let query: String = parse_query(query)
            .iter()
            .filter(|t| !t.negated)
            .map(|t| bigram_form(&t.text))
            .collect();
        let typed = reduced
            .terms
            .iter()
            .filter(|t| !t.negated)
            .map(|t| bigram_form(&t.text))
            .filter(|t| !t.is_empty())
            .collect();
        Boost {
            query,
            typed,
            units: reduced.units.clone(),
            decision: reduced.decision,
            when: reduced.when,
        }
    }

    /// The largest factor [`Boost::factor`] can give (the product of its raises).
    pub(super) fn max_factor(&self) -> f32 {
        let mut f = 1.0;
        if !self.units.is_empty() {
            f *= 1.6;
        }
        if self.decision {
            f *= 2.0;
        }
        if self.when {
            f *= 1.4;
        }
        f
    }

    /// The most [`Boost::factor`] can leave of a block's score but for its raises
    /// ([`Boost::max_factor`]), from what the index tells of the block without reading it:
    /// whether it is a title, and the fewest and the most characters it can have. A title
    /// too long to be the query is ranked down; a short block is scaled by its length.
    pub(super) fn ceiling(
        &self,
    ) -> impl Fn(bool, (usize, usize)) -> f32 + Copy + Send + Sync + use<> {
        let n = self.query.chars().count();
        move |title, (fewest, most)| {
            if title {
                if query_fills_title(n, fewest) {
                    1.0
                } else {
                    TITLE_FACTOR
                }
            } else {
                short_factor(most)
            }
        }
    }

    /// Each term as typed (in the bigram form): a block without it has its factor times
    /// [`VARIANT_FACTOR`].
    pub(super) fn typed(&self) -> &[String] {
        &self.typed
    }

    /// The factor for a block of `doc_type` (of `kind`, for an entry) on `text`.
    pub(super) fn factor(&self, doc_type: DocType, kind: Option<EntryKind>, text: &str) -> f32 {
        let mut f = 1.0;
        let hay = bigram_form(text);
        if doc_type.is_title() {
            let n = self.query.chars().count();
            let is_title = hay.contains(&self.query) && query_fills_title(n, hay.chars().count());
            if !is_title {
                f *= TITLE_FACTOR;
            }
        }
        if !doc_type.is_title() {
            f *= short_factor(hay.chars().count());
        }
        for t in &self.typed {
            if !hay.contains(t.as_str()) {
                f *= VARIANT_FACTOR;
            }
        }
        if !self.units.is_empty() && has_figure(&hay, &self.units) {
            f *= 1.6;
        }
        if self.decision {
            if kind == Some(EntryKind::Resolution) {
                f *= 2.0;
            } else if ["了承", "決定", "承認", "決まっ", "決め"]
                .iter()
                .any(|w| hay.contains(w))
            {
                f *= 1.4;
            }
        }
        if self.when && has_date(&hay) {
            f *= 1.4;
        }
        f
    }
}

/// Whether a query of `query_chars` characters makes up enough of a title of `title_chars`
/// (at least 60 %) for the title to be what is asked for.
fn query_fills_title(query_chars: usize, title_chars: usize) -> bool {
    query_chars > 0 && query_chars * 10 >= title_chars * 6
}

/// The factor of a block of `chars` characters that is not a title: below [`SHORT_BLOCK`],
/// scaled by its length (never below 0.3).
fn short_factor(chars: usize) -> f32 {
    if chars < SHORT_BLOCK {
        (chars as f32 / SHORT_BLOCK as f32).max(0.3)
    } else {
        1.0
    }
}

/// Whether a text (compacted) holds a number followed by one of `units` (`１１件`, `3カ所`).
pub(super) fn has_figure(hay: &str, units: &[&str]) -> bool {
    let chars: Vec<(usize, char)> = hay.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let digit = c.is_ascii_digit() || "一二三四五六七八九十百千".contains(c);
        let next_digit = chars.get(i + 1).is_some_and(|&(_, n)| {
            n.is_ascii_digit() || n == '.' || "一二三四五六七八九十百千".contains(n)
        });
        if digit && !next_digit {
            let rest = &hay[at + c.len_utf8()..];
            if units.iter().any(|u| rest.starts_with(u)) {
                return true;
            }
        }
    }
    false
}

/// Whether a text (compacted) holds a date (`4月1日`, `令和6年`, `2025年`).
pub(super) fn has_date(hay: &str) -> bool {
    let chars: Vec<char> = hay.chars().collect();
    chars.windows(2).any(|w| {
        (w[0].is_ascii_digit() || "元一二三四五六七八九十".contains(w[0]))
            && matches!(w[1], '年' | '月' | '日')
    })
}
