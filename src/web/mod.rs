//! `gijiroku serve`: a small web page over the index for members who never open a terminal.
//!
//! An axum router with server-rendered HTML (no JavaScript) and a JSON API beside it:
//!
//! | route | gives |
//! |---|---|
//! | `GET /` | the search page (`q`, `from`, `to`, `council`, `body`, `kind`, `speaker`, `page`) |
//! | `GET /meetings` | every indexed meeting and material |
//! | `GET /meetings/{id}` | one meeting: header, attendance, agenda, materials, proceedings, facts |
//! | `GET /track` | a figure across meetings (`facts`, `unit`, `council`) and an agenda history (`agenda`) |
//! | `GET /watches` | the saved searches, each with its search and its feed |
//! | `GET /feeds/{NAME}.atom` | a saved search's newest hits as an Atom 1.0 feed (`application/atom+xml`) |
//! | `GET /api/search` | the hits of a search as JSON (same parameters, and `per_page`) |
//! | `GET /api/meetings`, `GET /api/meetings/{id}` | the meetings, one record |
//! | `GET /api/track/facts`, `…/facts.svg`, `/api/track/agenda`, `…/agenda.svg` | tracking as JSON and SVG |
//!
//! Safety: every document text is escaped ([`html::esc`]); ids are 12 hex digits, checked before
//! anything is looked up, and no route reads a file (the pages are compiled in), so no path can
//! reach outside the index; the index is only read, and reloaded when an ingest commits
//! ([`catalog::Library`]); each request has a time limit, results a cap; the default address is
//! loopback.

mod api;
mod app;
pub mod catalog;
mod error;
pub mod feed;
pub mod html;
mod meeting_page;
mod meetings_page;
mod params;
mod parts;
mod qa_page;
mod search_page;
mod server;
mod speaker_pages;
mod track_page;

pub use app::{App, HEAVY_WAIT, max_heavy};
pub use error::{ServeError, WebError};
pub use params::{
    MAX_PER_PAGE, MAX_QUERY_CHARS, PER_PAGE, SearchParams, SearchRequest, SearchResults,
    TrackParams, check_target, iso_date, malformed_query, max_page, valid_id,
};
pub use server::{
    HEADER_TIMEOUT, Limits, MAX_CONNECTIONS, MAX_HEAD_BYTES, MAX_URI_BYTES, REQUEST_TIMEOUT,
    ServeOptions, accept, accept_with, router, serve,
};

/// An index of three bundled samples (verbatim minutes, summary minutes, a material), built once
/// for the page tests.
#[cfg(test)]
mod fixture {
    use std::path::PathBuf;
    use std::sync::LazyLock;

    use super::catalog::Catalog;

    struct Indexed {
        _dir: tempfile::TempDir,
        catalog: Catalog,
    }

    static INDEXED: LazyLock<Indexed> = LazyLock::new(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples");
        let paths = [
            "minutes/2024-07-10_soudanshien_verbatim.txt",
            "minutes/2025-02-17_zentaikai_summary.txt",
            "materials/2024-05-27_shiryo3-2_jusoteki-gaiyoban.txt",
        ]
        .map(|p| samples.join(p));
        let report = crate::pipeline::ingest(dir.path(), &paths, false, &|_| {}).expect("ingest");
        assert!(report.failed.is_empty(), "{:?}", report.failed);
        assert_eq!(report.added, 3);
        let catalog = Catalog::load(dir.path()).expect("the index loads");
        Indexed { _dir: dir, catalog }
    });

    /// The catalog of the three samples.
    pub(super) fn catalog() -> &'static Catalog {
        &INDEXED.catalog
    }

    /// The id of the sample whose file name starts with `prefix`.
    pub(super) fn id_of(prefix: &str) -> String {
        catalog()
            .records
            .iter()
            .find(|(_, r)| {
                std::path::Path::new(&r.source.path)
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
            })
            .map(|(id, _)| id.clone())
            .unwrap_or_else(|| panic!("no sample {prefix}"))
    }
}
