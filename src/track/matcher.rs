//! Which texts a tracking query matches: the comparable form of a text ([`comparable`]) and
//! [`Matcher`], a query's terms each widened by the synonyms and the records' aliases.

use std::collections::BTreeSet;

use super::Stored;
use crate::text::compact;
use crate::text::similarity::Bigrams;
use crate::text::synonyms;

/// The comparable form of a text: NFKC, white space removed, Latin letters lower-cased.
pub(super) fn comparable(s: &str) -> String {
    compact(s).to_lowercase()
}

/// The bigrams of a text's [`comparable`] form, for comparing it with many.
pub(super) fn bigrams(s: &str) -> Bigrams {
    Bigrams::of(&comparable(s))
}

/// How alike two texts are in their [`comparable`] form (see [`Bigrams::similarity`]).
pub(super) fn similarity(a: &str, b: &str) -> f64 {
    bigrams(a).similarity(&bigrams(b))
}

/// A query as groups of alternatives: every group must match, any alternative of a group may.
/// Terms are separated by white space; each is widened by the synonyms and the aliases defined
/// in the records (short ↔ long).
#[derive(Debug, Clone)]
pub struct Matcher {
    groups: Vec<Vec<String>>,
}

impl Matcher {
    /// Builds the matcher for `query` over the aliases of `records`.
    pub fn new(query: &str, records: &[Stored]) -> Matcher {
        let mut aliases: BTreeSet<(String, String)> = BTreeSet::new();
        for (_, r) in records {
            for a in &r.aliases {
                aliases.insert((comparable(&a.short), comparable(&a.long)));
            }
        }
        let groups = query
            .split_whitespace()
            .map(|term| {
                let k = comparable(term);
                let mut alts = vec![k.clone()];
                alts.extend(
                    synonyms::variants(term, comparable)
                        .into_iter()
                        .map(comparable),
                );
                for (short, long) in &aliases {
                    if *short == k {
                        alts.push(long.clone());
                    } else if *long == k {
                        alts.push(short.clone());
                    }
                }
                alts.sort();
                alts.dedup();
                alts
            })
            .filter(|alts| alts.iter().any(|a| !a.is_empty()))
            .collect();
        Matcher { groups }
    }

    /// True when every term (or one of its variants) occurs in `text`.
    pub fn matches(&self, text: &str) -> bool {
        if self.groups.is_empty() {
            return false;
        }
        let hay = comparable(text);
        self.groups.iter().all(|alts| {
            alts.iter()
                .any(|a| !a.is_empty() && hay.contains(a.as_str()))
        })
    }
}

/// True when two optional names agree: either is unknown, or they are the same once compacted.
pub(super) fn agree(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => comparable(a) == comparable(b),
        _ => true,
    }
}
