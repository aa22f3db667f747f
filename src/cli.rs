//! The command line: clap definitions and one function per subcommand. Only this module (and the
//! binary) orchestrates stages.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::parse;
use crate::record::DocumentKind;

/// gijiroku: parse, search, track and draft the minutes of Japanese municipal councils.
#[derive(Debug, Parser)]
#[command(name = "gijiroku", version, about)]
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse one document (txt, md, pdf, docx) and print its record.
    Parse {
        /// The document.
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
        format: OutputFormat,
        /// Parse as this kind instead of detecting it from the content.
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
    },
    /// Print the JSON Schema of the record.
    Schema,
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
}

/// Runs a parsed command line, writing to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<(), CliError> {
    match cli.command {
        Command::Parse { file, format, kind } => parse_cmd(&file, format, kind, out),
        Command::Schema => {
            let schema = crate::record::record_schema();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&schema).expect("schema serialises")
            )
            .map_err(CliError::Output)
        }
    }
}

fn parse_cmd(
    file: &std::path::Path,
    format: OutputFormat,
    kind: Option<KindArg>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let doc = crate::ingest::extract(file)?;
    let record = parse::parse_as(&doc, kind.map(Into::into));
    let text = match format {
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
