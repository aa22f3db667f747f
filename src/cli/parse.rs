//! `gijiroku parse`: parse one document and print its record.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::CliError;
use crate::error::Error;
use crate::record::DocumentKind;

// The arguments of `parse` (the subcommand's help is on `Command::Parse`).
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The document.
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
    format: OutputFormat,
    /// Parse as this kind instead of detecting it from the content.
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
}

/// A document kind on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// Minutes (会議概要, 会議録, 議事録).
    Minutes,
    /// A meeting material (資料).
    Material,
}

impl From<KindArg> for DocumentKind {
    fn from(k: KindArg) -> DocumentKind {
        match k {
            KindArg::Minutes => DocumentKind::Minutes,
            KindArg::Material => DocumentKind::Material,
        }
    }
}

/// How a record is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Pretty-printed JSON.
    Json,
    /// YAML.
    Yaml,
}

impl ParseArgs {
    /// Parses the document and prints its record.
    pub(super) fn run(self, out: &mut dyn Write) -> Result<(), CliError> {
        let file = &self.file;
        let record = crate::pipeline::read_as(file, self.kind.map(Into::into))?;
        let text = match self.format {
            OutputFormat::Json => {
                serde_json::to_string_pretty(&record).map_err(|source| Error::Serialize {
                    path: file.to_path_buf(),
                    source,
                })?
            }
            OutputFormat::Yaml => serde_norway::to_string(&record).map_err(CliError::Yaml)?,
        };
        writeln!(out, "{text}").map_err(CliError::Output)
    }
}
