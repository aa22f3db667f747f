//! Saved searches ("watches"): a query with its filters, kept beside the index in
//! `watches.json`, and what the index holds for it that it has not seen yet.
//!
//! Every document the index commits carries the commit's stamp, later than every stamp before
//! it (`Fields::ingested`). A watch keeps the latest stamp it has seen; [`run`] reports the
//! hits among the blocks committed after it (one range query, so nothing ingested in between
//! is missed and nothing seen is reported twice) and moves the mark to the latest stamp of the
//! state it searched. [`Watch::recent`] gives the newest hits whatever was seen, for a feed.
//! Works on the index alone, so the CLI (`gijiroku watch`) and the web page (`/watches`,
//! `/feeds/NAME.atom`) share it.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::index::search::{Filters, Hit, MAX_LIMIT, Match, Searcher, Sort};
use crate::index::{IndexError, write_atomically};

/// The longest name a watch may have, in characters.
pub const MAX_NAME_CHARS: usize = 64;

/// Errors of saved searches, each naming the file or the watch it concerns.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// The watches file could not be read.
    #[error("cannot read {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The watches file is not what this version writes.
    #[error("{path}: not a list of saved searches")]
    Format {
        /// The file.
        path: PathBuf,
        /// What serde said.
        #[source]
        source: serde_json::Error,
    },
    /// A name that cannot be a watch's (it is part of the feed's address).
    #[error("{name:?}: {reason}")]
    Name {
        /// The name given.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A watch of that name exists already.
    #[error("a saved search named {name:?} exists already (`gijiroku watch remove {name}` first)")]
    Exists {
        /// The name.
        name: String,
    },
    /// No watch has that name.
    #[error("no saved search named {name:?} (`gijiroku watch list` shows them)")]
    NotFound {
        /// The name.
        name: String,
    },
    /// The index failed.
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// The result type of saved searches.
pub type Result<T, E = WatchError> = std::result::Result<T, E>;

/// One saved search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Watch {
    /// Its name: letters, digits, `-` and `_` (the feed is `/feeds/NAME.atom`).
    pub name: String,
    /// The query, as `search` takes it.
    pub query: String,
    /// The filters (no limit: a run reports everything new).
    #[serde(default)]
    pub filters: WatchFilters,
    /// When it was saved (RFC 3339).
    pub created: String,
    /// When it last ran (RFC 3339), if it has.
    #[serde(default)]
    pub last_run: Option<String>,
    /// The latest stamp it has seen: a run reports the blocks committed after it.
    #[serde(default)]
    pub seen: u64,
}

/// The filters a watch keeps (those of `search`, without the limit).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WatchFilters {
    /// Meetings on or after this date (`YYYY-MM-DD` in the file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<chrono::NaiveDate>,
    /// Meetings on or before this date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<chrono::NaiveDate>,
    /// The council, exactly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub council: Option<String>,
    /// The body, exactly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The entry kind (`question`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The speaker, as `--speaker` takes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
}

impl WatchFilters {
    /// The filters that are set, each by its name as `search` and the search page take it
    /// (`from`, `to`, `council`, `body`, `kind`, `speaker`), with its value as typed.
    pub fn set(&self) -> Vec<(&'static str, String)> {
        let date = |d: &Option<chrono::NaiveDate>| d.map(|d| d.to_string());
        [
            ("from", date(&self.from)),
            ("to", date(&self.to)),
            ("council", self.council.clone()),
            ("body", self.body.clone()),
            ("kind", self.kind.clone()),
            ("speaker", self.speaker.clone()),
        ]
        .into_iter()
        .filter_map(|(name, v)| v.map(|v| (name, v)))
        .collect()
    }
}

/// What one run of a watch found.
#[derive(Debug, Clone, Serialize)]
pub struct Run {
    /// The watch, as it is after the run.
    pub watch: Watch,
    /// The hits among the blocks committed since the previous run, newest meeting first.
    pub hits: Vec<Hit>,
    /// True when there were more than [`MAX_LIMIT`] (only that many are reported).
    pub truncated: bool,
}

/// The file the watches of the index in `dir` are kept in.
pub fn watches_path(dir: &Path) -> PathBuf {
    dir.join("watches.json")
}

/// Checks a name: 1 to [`MAX_NAME_CHARS`] letters (any script), digits, `-` or `_`.
pub fn check_name(name: &str) -> Result<()> {
    let bad = |reason| {
        Err(WatchError::Name {
            name: name.to_string(),
            reason,
        })
    };
    if name.is_empty() {
        return bad("a saved search needs a name");
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return bad("a name is at most 64 characters");
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return bad("a name is letters, digits, `-` and `_` (it is part of the feed's address)");
    }
    Ok(())
}

/// The watches of the index in `dir`, in the order they were saved (none when the file does
/// not exist).
pub fn load(dir: &Path) -> Result<Vec<Watch>> {
    let path = watches_path(dir);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(WatchError::Read { path, source }),
    };
    serde_json::from_str(&text).map_err(|source| WatchError::Format { path, source })
}

/// Writes the watches atomically (a reader sees the old list or the new one).
pub fn save(dir: &Path, watches: &[Watch]) -> Result<()> {
    let json = serde_json::to_string_pretty(watches).expect("watches serialise");
    write_atomically(&watches_path(dir), json.as_bytes())?;
    Ok(())
}

/// The watch named `name`.
pub fn find<'a>(watches: &'a [Watch], name: &str) -> Result<&'a Watch> {
    watches
        .iter()
        .find(|w| w.name == name)
        .ok_or_else(|| WatchError::NotFound {
            name: name.to_string(),
        })
}

/// Saves a new watch over the index in `dir`. It has seen everything the index holds now, so
/// its first run reports what is ingested after it was saved.
pub fn add(dir: &Path, name: &str, query: &str, filters: WatchFilters) -> Result<Watch> {
    check_name(name)?;
    if query.trim().is_empty() {
        return Err(WatchError::Name {
            name: name.to_string(),
            reason: "a saved search needs a query",
        });
    }
    let mut watches = load(dir)?;
    if watches.iter().any(|w| w.name == name) {
        return Err(WatchError::Exists {
            name: name.to_string(),
        });
    }
    let seen = match Searcher::open(dir) {
        Ok(s) => s.latest_stamp()?,
        Err(IndexError::Missing { .. }) => 0,
        Err(e) => return Err(e.into()),
    };
    let watch = Watch {
        name: name.to_string(),
        query: query.trim().to_string(),
        filters,
        created: now_rfc3339(),
        last_run: None,
        seen,
    };
    watches.push(watch.clone());
    save(dir, &watches)?;
    Ok(watch)
}

/// Removes the watch named `name`.
pub fn remove(dir: &Path, name: &str) -> Result<Watch> {
    let mut watches = load(dir)?;
    let at = watches
        .iter()
        .position(|w| w.name == name)
        .ok_or_else(|| WatchError::NotFound {
            name: name.to_string(),
        })?;
    let gone = watches.remove(at);
    save(dir, &watches)?;
    Ok(gone)
}

/// Runs the watches named in `names` (every watch when none is named): what each finds among
/// the blocks committed since its last run, each hit with its question or answers. Each watch then has seen the state searched; the
/// list is saved once, after every watch ran.
pub fn run(dir: &Path, names: &[String]) -> Result<Vec<Run>> {
    let mut watches = load(dir)?;
    for n in names {
        find(&watches, n)?;
    }
    let searcher = Searcher::open(dir)?;
    let latest = searcher.latest_stamp()?;
    let now = now_rfc3339();
    let mut runs = Vec::new();
    for w in watches.iter_mut() {
        if !names.is_empty() && !names.contains(&w.name) {
            continue;
        }
        let (mut hits, truncated) = if latest > w.seen {
            w.since(&searcher, w.seen)?
        } else {
            (Vec::new(), false)
        };
        crate::qa::attach(&searcher, &mut hits)?;
        w.seen = w.seen.max(latest);
        w.last_run = Some(now.clone());
        runs.push(Run {
            watch: w.clone(),
            hits,
            truncated,
        });
    }
    save(dir, &watches)?;
    Ok(runs)
}

/// How many entries a feed holds at most.
pub const FEED_ENTRIES: usize = 50;

impl Watch {
    /// The search filters of the watch, with the other names its speaker goes by.
    pub fn search_filters(&self, searcher: &Searcher) -> Result<Filters> {
        let f = &self.filters;
        let speaker_in = match &f.speaker {
            Some(who) => crate::people::speaker_forms(&searcher.records_without_texts()?, who),
            None => Vec::new(),
        };
        Ok(Filters {
            from: f.from,
            to: f.to,
            council: f.council.clone(),
            body: f.body.clone(),
            kind: f.kind.as_deref().and_then(|k| k.parse().ok()),
            speaker: f.speaker.clone(),
            speaker_in,
            ingested_after: None,
            limit: MAX_LIMIT,
        })
    }

    /// The hits among the blocks committed after `stamp`, newest meeting first: those that
    /// hold every term as written, or every content word of the query (the fallbacks that
    /// only share some words are left out: a watch reports what is about its topic). Also
    /// whether there were more than [`MAX_LIMIT`].
    pub fn since(&self, searcher: &Searcher, stamp: u64) -> Result<(Vec<Hit>, bool)> {
        self.since_with(searcher, &self.search_filters(searcher)?, stamp)
    }

    /// [`Watch::since`] with the watch's filters already made ([`Watch::search_filters`]).
    fn since_with(
        &self,
        searcher: &Searcher,
        filters: &Filters,
        stamp: u64,
    ) -> Result<(Vec<Hit>, bool)> {
        let filters = Filters {
            ingested_after: Some(stamp),
            ..filters.clone()
        };
        let mut hits = searcher.search_sorted(&self.query, &filters, Sort::DateDesc)?;
        hits.retain(|h| matches!(h.matched, Match::All | Match::Words));
        let truncated = hits.len() >= MAX_LIMIT;
        Ok((hits, truncated))
    }

    /// The newest hits, whatever the watch has seen: at most `limit`, the most recently
    /// committed first (then the newest meeting). The commits are searched from the latest
    /// back, a few more each time, until `limit` hits are found or none is left.
    pub fn recent(&self, searcher: &Searcher, limit: usize) -> Result<Vec<Hit>> {
        let stamps = searcher.stamps()?;
        let filters = self.search_filters(searcher)?;
        let mut back = 1usize;
        let mut hits = loop {
            // The stamp before the `back` latest commits (0: all of them).
            let after = if back >= stamps.len() {
                0
            } else {
                stamps[stamps.len() - back - 1]
            };
            let (hits, _) = self.since_with(searcher, &filters, after)?;
            if hits.len() >= limit || after == 0 {
                break hits;
            }
            back *= 4;
        };
        hits.sort_by(|a, b| b.ingested.cmp(&a.ingested).then(b.date.cmp(&a.date)));
        hits.truncate(limit);
        Ok(hits)
    }
}

/// Now, as RFC 3339 in UTC.
fn now_rfc3339() -> String {
    stamp_rfc3339(crate::index::now_micros())
}

/// A stamp (microseconds since 1970) as RFC 3339 in UTC.
pub fn stamp_rfc3339(stamp: u64) -> String {
    chrono::DateTime::from_timestamp_micros(stamp as i64)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_letters_digits_dashes_and_underscores() {
        assert!(check_name("young-carer_2025").is_ok());
        assert!(check_name("ヤングケアラー").is_ok());
        for bad in ["", "a/b", "..", "a b", "x.atom", "<script>"] {
            assert!(check_name(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(check_name(&"a".repeat(MAX_NAME_CHARS)).is_ok());
        assert!(check_name(&"a".repeat(MAX_NAME_CHARS + 1)).is_err());
    }

    #[test]
    fn watches_round_trip_through_their_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()).unwrap(), Vec::new());
        let w = add(
            dir.path(),
            "gh",
            " グループホーム ",
            WatchFilters {
                kind: Some("question".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(w.query, "グループホーム");
        assert_eq!(w.seen, 0, "no index yet: nothing seen");
        assert!(matches!(
            add(dir.path(), "gh", "GH", WatchFilters::default()),
            Err(WatchError::Exists { .. })
        ));
        let loaded = load(dir.path()).unwrap();
        assert_eq!(loaded, vec![w.clone()]);
        assert_eq!(remove(dir.path(), "gh").unwrap(), w);
        assert!(matches!(
            remove(dir.path(), "gh"),
            Err(WatchError::NotFound { .. })
        ));
        assert_eq!(load(dir.path()).unwrap(), Vec::new());
    }

    #[test]
    fn a_damaged_file_is_reported_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(watches_path(dir.path()), "{not json").unwrap();
        let e = load(dir.path()).unwrap_err();
        assert!(e.to_string().contains("watches.json"), "{e}");
    }

    #[test]
    fn stamps_read_as_utc_times() {
        assert_eq!(stamp_rfc3339(1_748_000_000_000_000), "2025-05-23T11:33:20Z");
    }
}
