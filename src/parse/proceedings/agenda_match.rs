//! Headings matched to agenda items: by the number a heading prints or mentions (`議題（２）`),
//! else by title similarity, moving forward through the agenda in document order.

use std::sync::LazyLock;

use regex::Regex;

use crate::parse::agenda::{self, NumStyle, Numbered};
use crate::record::{AgendaItem, AgendaWalk};
use crate::text::similarity::Bigrams;
use crate::text::{compact, fold_width};

/// Agenda items in document order, for matching headings.
pub(super) struct AgendaIndex {
    pub(super) items: Vec<(String, String, String)>, // path, last key, compact title
    /// The bigrams of each item's compact title, computed once.
    pub(super) item_bigrams: Vec<Bigrams>,
    pub(super) cursor: usize,
    pub(super) stack: Vec<NumStyle>,
    pub(super) keys: Vec<String>,
}

impl AgendaIndex {
    pub(super) fn new(agenda: &[AgendaItem]) -> AgendaIndex {
        let items: Vec<(String, String, String)> = AgendaWalk::new(agenda)
            .map(|(_, it)| {
                let last = if it.number.is_some() {
                    agenda::numbered(&format!("{} x", it.number.as_deref().unwrap_or("")))
                        .map(|n| n.key)
                        .unwrap_or_default()
                } else {
                    String::new()
                };
                (it.path.clone(), last, title_key(&it.title))
            })
            .collect();
        AgendaIndex {
            item_bigrams: items.iter().map(|(_, _, t)| Bigrams::of(t)).collect(),
            items,
            cursor: 0,
            stack: Vec::new(),
            keys: Vec::new(),
        }
    }

    /// Finds the agenda item a numbered line heads; returns its index.
    pub(super) fn find(&self, n: &Numbered) -> Option<usize> {
        let title = title_key(&n.rest);
        let title_bigrams = Bigrams::of(&title);
        let fits = |i: usize, need_key: bool| {
            let (_, key, t) = &self.items[i];
            let key_ok = *key == n.key;
            if need_key && !key_ok {
                return false;
            }
            if title.is_empty() {
                return key_ok;
            }
            let sim = title_bigrams.similarity(&self.item_bigrams[i]);
            let prefix = title.chars().count() >= 2 && t.starts_with(&title);
            if key_ok {
                sim >= 0.5 || prefix || (t.chars().count() >= 2 && title.contains(t.as_str()))
            } else {
                sim >= 0.85 || (title == *t && !t.is_empty())
            }
        };
        let order: Vec<usize> = (self.cursor..self.items.len())
            .chain(0..self.cursor)
            .collect();
        order
            .iter()
            .copied()
            .find(|&i| fits(i, true))
            .or_else(|| order.iter().copied().find(|&i| fits(i, false)))
    }

    /// When there is no agenda, numbered headings build their own paths.
    pub(super) fn path_without_agenda(&mut self, n: &Numbered) -> String {
        match self.stack.iter().position(|&s| s == n.style) {
            Some(d) => {
                self.stack.truncate(d + 1);
                self.keys.truncate(d);
            }
            None => self.stack.push(n.style),
        }
        self.keys.push(n.key.clone());
        self.keys.concat()
    }
}

/// Alias definitions and material references do not belong to a title when comparing.
pub(super) static TITLE_NOISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[(（]\s*以下[^)）]*[)）]|[(（【][^)）】]*資料[^)）】]*[)）】]|[(（]仮[)）]")
        .unwrap()
});

pub(super) fn title_key(s: &str) -> String {
    compact(&TITLE_NOISE.replace_all(&fold_width(s), ""))
}

/// An agenda item announced in speech: `議題（２）「…」です`, `次第の3`, `議事(1)`.
pub(super) static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:議題|議事|次第の?|案件)\s*(?:[(]\s*(?P<p>\d{1,2})\s*[)]|(?P<d>\d{1,2})(?:\s*[.、]|\s*番?目?の|\s|について|に|を|は))").unwrap()
});

/// The item number a [`MENTION`] names.
pub(super) fn mentioned(caps: &regex::Captures) -> Option<u32> {
    caps.name("p").or(caps.name("d"))?.as_str().parse().ok()
}

/// True when an item's own number is `n`, however it is printed: `議題(2)` names the item
/// printed `2.` as well as `(2)`.
pub(super) fn keyed(key: &str, n: u32) -> bool {
    key == format!("({n})") || key == format!("{n}.")
}
