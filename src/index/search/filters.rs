//! What a search may be narrowed to: dates, council, body, entry kind, speaker, commits.

use chrono::NaiveDate;

use crate::record::EntryKind;

/// Filters on a search.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Earliest meeting date.
    pub from: Option<NaiveDate>,
    /// Latest meeting date.
    pub to: Option<NaiveDate>,
    /// The council, exactly.
    pub council: Option<String>,
    /// The body, exactly.
    pub body: Option<String>,
    /// The entry kind (`opinion`, `question`, …).
    pub kind: Option<EntryKind>,
    /// Part of the speaker's label or of the person's name it was resolved to (`会長` finds
    /// `河野会長`, `高橋` finds `髙橋委員`), names compared by `text::fold_name`.
    pub speaker: Option<String>,
    /// More forms of the speaker, each only in one meeting: `(meeting id, name)`, for a person
    /// the minutes of that meeting know by another name (`田中` where the query is `田中太郎`;
    /// see `people::speaker_forms`). Only used with `speaker`.
    pub speaker_in: Vec<(String, String)>,
    /// Only blocks committed after this stamp (see `Fields::ingested`): what a saved search
    /// has not seen yet.
    pub ingested_after: Option<u64>,
    /// How many hits (capped at [`MAX_LIMIT`]).
    pub limit: usize,
}

pub(super) fn filters_are_empty(f: &Filters) -> bool {
    f.from.is_none()
        && f.to.is_none()
        && f.council.is_none()
        && f.body.is_none()
        && f.kind.is_none()
        && f.speaker.is_none()
        && f.ingested_after.is_none()
}
