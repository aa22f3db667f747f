//! The proceedings: sections matched to agenda items by number and title in document order, and
//! entries by kind and speaker, for both summary style (`《事務局より》`, `〔委員からの主な意見等〕`,
//! `○` questions, `→` answers, `⇒` resolutions) and verbatim style (one turn per speaker label).
//!
//! [`parse`] detects the style, then walks the lines with a `Builder` (the sections being
//! built, headings matched to the agenda by `agenda_match`) in `summary` or `verbatim` style;
//! `kinds` holds the wording that tells an entry's kind.

mod agenda_match;
mod builder;
mod kinds;
mod style;
mod summary;
mod verbatim;

use crate::normalize::CleanLine;
use crate::record::{AgendaItem, Section, Style};
use crate::text::{compact, fold_width};
use agenda_match::AgendaIndex;
use builder::Builder;
pub use style::detect_style;
use style::style_of;
use summary::summary;
use verbatim::verbatim;

/// The result of parsing the proceedings.
#[derive(Debug, Clone)]
pub struct Proceedings {
    /// The style detected.
    pub style: Style,
    /// The sections.
    pub sections: Vec<Section>,
}

/// Parses the proceedings lines.
pub fn parse(lines: &[CleanLine], agenda: &[AgendaItem], names: &[String]) -> Proceedings {
    // Each line is folded once, for style detection and for parsing.
    let folded: Vec<String> = lines.iter().map(|l| fold_width(&l.text)).collect();
    let style = style_of(&folded, names);
    let mut b = Builder {
        sections: Vec::new(),
        index: AgendaIndex::new(agenda),
        has_agenda: !agenda.is_empty(),
        names,
        pending_heading: None,
        pending_cue: None,
        open: false,
    };
    match style {
        Style::Summary => summary(lines, &folded, &mut b),
        Style::Verbatim => verbatim(lines, &folded, &mut b),
    }
    // Drop an empty leading section.
    b.sections
        .retain(|s| !(s.heading.is_none() && s.entries.is_empty()));
    Proceedings {
        style,
        sections: b.sections,
    }
}

fn is_end(text: &str) -> bool {
    matches!(
        compact(text).as_str(),
        "以上" | "(以上)" | "—以上—" | "-以上-"
    )
}

#[cfg(test)]
mod testing {
    pub(super) use super::*;
    pub(super) use crate::parse::agenda::{AgendaLine, build_agenda};

    pub(super) fn clines(texts: &[&str]) -> Vec<CleanLine> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| CleanLine {
                text: t.to_string(),
                no: i + 1,
                page: None,
            })
            .collect()
    }

    pub(super) fn agenda(texts: &[&str]) -> Vec<AgendaItem> {
        build_agenda(
            &texts
                .iter()
                .enumerate()
                .map(|(i, t)| AgendaLine {
                    text: t.to_string(),
                    no: i + 1,
                })
                .collect::<Vec<_>>(),
        )
    }
}
