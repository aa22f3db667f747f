//! The errors of the command line ([`CliError`]) and the exit code each gives.

use std::path::PathBuf;

use crate::error::Error;

/// Errors of the command line, wrapping the library's.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The library failed.
    #[error(transparent)]
    Lib(#[from] Error),
    /// Writing the output failed.
    #[error("cannot write the output")]
    Output(#[source] std::io::Error),
    /// YAML serialisation failed.
    #[error("cannot serialise the record as YAML")]
    Yaml(#[source] serde_norway::Error),
    /// The index failed.
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
    /// The SVG chart could not be written.
    #[error("cannot write {path}")]
    WriteFile {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A saved search failed.
    #[error(transparent)]
    Watch(#[from] crate::watch::WatchError),
    /// The web server failed.
    #[error(transparent)]
    Serve(#[from] crate::web::ServeError),
    /// `check` found problems (each was printed).
    #[error("{errors} error(s), {warnings} warning(s) in {files} file(s)")]
    Check {
        /// How many errors.
        errors: usize,
        /// How many warnings.
        warnings: usize,
        /// How many files were checked.
        files: usize,
    },
    /// A command-line value is not valid.
    #[error("{arg}: {reason}")]
    Usage {
        /// The argument.
        arg: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// Some files of an ingest failed (each was reported).
    #[error("{failed} of {total} file(s) could not be ingested")]
    PartialIngest {
        /// How many failed.
        failed: usize,
        /// How many were given.
        total: usize,
    },
}

impl CliError {
    /// The process exit code: 1 when `check` found only warnings, 2 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Check { errors: 0, .. } => 1,
            _ => 2,
        }
    }
}
