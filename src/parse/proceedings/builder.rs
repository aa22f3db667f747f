//! The sections and entries being built: the current section opened at a heading or an agenda
//! item, entries appended to it (lines of one entry healed), and what the walk over the lines
//! keeps between them.

use std::sync::LazyLock;

use regex::Regex;

use super::agenda_match::{AgendaIndex, MENTION, keyed, mentioned, title_key};
use crate::normalize::CleanLine;
use crate::parse::agenda;
use crate::record::{Entry, EntryKind, Section};
use crate::text::{compact, fold_width, heal_join};

pub(super) struct Builder<'a> {
    pub(super) sections: Vec<Section>,
    pub(super) index: AgendaIndex,
    pub(super) has_agenda: bool,
    pub(super) names: &'a [String],
    /// Heading text waiting for its continuation line, with the agenda title it should reach.
    pub(super) pending_heading: Option<String>,
    /// A block cue waiting for the entry it introduces.
    pub(super) pending_cue: Option<String>,
    pub(super) open: bool,
}

impl Builder<'_> {
    pub(super) fn section(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section {
                agenda_ref: None,
                heading: None,
                entries: Vec::new(),
            });
        }
        self.sections.last_mut().unwrap()
    }

    pub(super) fn push(
        &mut self,
        kind: EntryKind,
        speaker: Option<String>,
        text: &str,
        line: &CleanLine,
    ) {
        let cue = self.pending_cue.take();
        self.section().entries.push(Entry {
            kind,
            speaker,
            text: text.trim().to_string(),
            line: line.no,
            page: line.page,
            cue,
            reply_to: None,
            person: None,
        });
        self.open = true;
    }

    pub(super) fn last_entry(&mut self) -> Option<&mut Entry> {
        if !self.open {
            return None;
        }
        self.sections.last_mut()?.entries.last_mut()
    }

    /// Opens a section if `line` heads an agenda item (or, without an agenda, any short numbered
    /// line); returns true when it did.
    /// `folded` is `text` in its [`fold_width`] form.
    pub(super) fn heading(&mut self, text: &str, folded: &str) -> bool {
        // `議題（１）…`, `【議題1】…`
        let stripped = folded
            .trim_start_matches(['【', '['])
            .trim_start_matches("議題")
            .replace(['】', ']'], " ");
        let candidate = agenda::numbered_folded(text.trim(), folded.trim()).or_else(|| {
            if stripped != folded {
                agenda::numbered(&stripped)
            } else {
                None
            }
        });
        let Some(n) = candidate else { return false };
        let agenda_ref = if self.has_agenda {
            match self.index.find(&n) {
                Some(i) => {
                    self.index.cursor = i + 1;
                    let (path, _, title) = &self.index.items[i];
                    let head = title_key(&n.rest);
                    self.pending_heading = (!head.is_empty()
                        && title.starts_with(&head)
                        && head.chars().count() < title.chars().count())
                    .then(|| title.clone());
                    path.clone()
                }
                None => return false,
            }
        } else {
            if n.rest.chars().count() > 60 || n.rest.ends_with('。') || n.rest.is_empty() {
                return false;
            }
            self.index.path_without_agenda(&n)
        };
        self.sections.push(Section {
            agenda_ref: Some(agenda_ref),
            heading: Some(text.trim().to_string()),
            entries: Vec::new(),
        });
        self.open = false;
        true
    }

    /// True when `line_text` names an agenda item not yet opened.
    pub(super) fn announces(&self, line_text: &str) -> bool {
        if !self.has_agenda {
            return false;
        }
        let folded = fold_width(line_text);
        MENTION.captures_iter(&folded).any(|caps| {
            let Some(n) = mentioned(&caps) else {
                return false;
            };
            (self.index.cursor..self.index.items.len()).any(|i| keyed(&self.index.items[i].1, n))
        })
    }

    /// Opens the section of agenda item `i` with the last entry pushed.
    pub(super) fn open_with_last(&mut self, i: usize) {
        self.index.cursor = i + 1;
        let path = self.index.items[i].0.clone();
        let Some(entry) = self.sections.last_mut().and_then(|s| s.entries.pop()) else {
            return;
        };
        self.sections.push(Section {
            agenda_ref: Some(path),
            heading: None,
            entries: vec![entry],
        });
    }

    /// In verbatim minutes the chair announces the next item (`続いて、議題（２）…`): the turn that
    /// does so opens the item's section.
    pub(super) fn announced(&mut self, line_text: &str) {
        if !self.has_agenda || !self.open {
            return;
        }
        let folded = fold_width(line_text);
        // The last item named is the one being opened: `特に議題(2)は…。まず議題(1)について…`.
        let mut target = None;
        for caps in MENTION.captures_iter(&folded) {
            let Some(n) = mentioned(&caps) else {
                continue;
            };
            // Only forward, to an item not yet opened; the number as printed (`次第の2` is `2.`,
            // `議題(2)` is `(2)`) before the other style.
            let exact = if caps.name("p").is_some() {
                format!("({n})")
            } else {
                format!("{n}.")
            };
            let ahead = self.index.cursor..self.index.items.len();
            if let Some(i) = ahead
                .clone()
                .find(|&i| self.index.items[i].1 == exact)
                .or_else(|| ahead.clone().find(|&i| keyed(&self.index.items[i].1, n)))
            {
                target = Some(i);
            }
        }
        if let Some(i) = target {
            self.open_with_last(i);
        }
    }

    /// A stage note in brackets that names an agenda item (`【開会】【資料確認】`, `(閉会)`)
    /// records that item: the entry that holds it opens the item's section.
    pub(super) fn staged(&mut self, line_text: &str) {
        if !self.has_agenda || !self.open {
            return;
        }
        let folded = fold_width(line_text);
        let target = STAGE_BRACKETS.captures_iter(&folded).find_map(|caps| {
            let named = compact(&caps[1]);
            (self.index.cursor..self.index.items.len())
                .find(|&i| compact(&self.index.items[i].2) == named)
        });
        if let Some(i) = target {
            self.open_with_last(i);
        }
    }

    /// Continues a heading cut at the end of a line (`…協議事項等に` / `ついて`).
    pub(super) fn continue_heading(&mut self, text: &str) -> bool {
        let Some(target) = self.pending_heading.clone() else {
            return false;
        };
        let section = self.sections.last_mut().unwrap();
        let mut heading = section.heading.clone().unwrap_or_default();
        heal_join(&mut heading, text);
        let key = title_key(
            agenda::numbered(&heading)
                .map(|n| n.rest)
                .as_deref()
                .unwrap_or(&heading),
        );
        if target.starts_with(&key) {
            section.heading = Some(heading);
            if key.chars().count() >= target.chars().count() {
                self.pending_heading = None;
            }
            true
        } else {
            self.pending_heading = None;
            false
        }
    }
}

/// The words of a stage note in brackets: `【開会】`, `(閉会)`.
pub(super) static STAGE_BRACKETS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[【(]([^】)]{1,20})[】)]").unwrap());
