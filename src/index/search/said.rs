//! One side of a question–answer pair as a hit carries it (see `crate::qa`): an entry as
//! said, with who said it.

use serde::Serialize;

use crate::record::{Entry, EntryKind};

/// One side of a pair: a question or an answer, as said.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Said {
    /// The entry's index in its record, in document order (what `reply_to` counts).
    pub entry: usize,
    /// What the entry is (`question`, `answer`, …).
    pub kind: EntryKind,
    /// The speaker's label as printed.
    pub speaker: Option<String>,
    /// The speaker as a person of the attendance, when resolved.
    pub person: Option<String>,
    /// The text.
    pub text: String,
    /// The line where it starts.
    pub line: usize,
}

impl Said {
    /// Entry `at` of a record (its index in document order), as said.
    pub fn of(at: usize, e: &Entry) -> Said {
        Said {
            entry: at,
            kind: e.kind,
            speaker: e.speaker.clone(),
            person: e.person.as_ref().map(|p| p.name.clone()),
            text: e.text.clone(),
            line: e.line,
        }
    }

    /// Who said it, for display: the label, with the person's name where the label lacks it.
    pub fn who(&self) -> String {
        match (&self.speaker, &self.person) {
            (Some(s), Some(p))
                if !crate::text::fold_name(s).contains(&crate::text::fold_name(p)) =>
            {
                format!("{s}（{p}）")
            }
            (Some(s), _) => s.clone(),
            (None, Some(p)) => p.clone(),
            (None, None) => String::new(),
        }
    }

    /// [`Said::who`] after a space, or nothing when no speaker is printed.
    pub fn by(&self) -> String {
        let w = self.who();
        if w.is_empty() { w } else { format!(" {w}") }
    }
}
