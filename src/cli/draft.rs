//! `gijiroku draft`: draft the minutes from notes.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::CliError;

// The arguments of `draft` (the subcommand's help is on `Command::Draft`).
#[derive(Debug, Args)]
pub struct DraftArgs {
    /// The notes (TOML).
    notes: PathBuf,
    /// Output format; default from the output file's extension.
    #[arg(long, value_enum)]
    format: Option<DraftFormatArg>,
    /// A minijinja template replacing the built-in one (see src/render/templates/).
    #[arg(long)]
    template: Option<PathBuf>,
    /// The draft to write.
    #[arg(short = 'o', long)]
    output: PathBuf,
}

/// A draft format on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DraftFormatArg {
    /// A Word document.
    Docx,
    /// Markdown.
    Md,
    /// Plain text.
    Txt,
}

impl From<DraftFormatArg> for crate::render::DraftFormat {
    fn from(f: DraftFormatArg) -> Self {
        match f {
            DraftFormatArg::Docx => crate::render::DraftFormat::Docx,
            DraftFormatArg::Md => crate::render::DraftFormat::Md,
            DraftFormatArg::Txt => crate::render::DraftFormat::Txt,
        }
    }
}

impl DraftArgs {
    /// Writes the draft.
    pub(super) fn run(self, out: &mut dyn Write) -> Result<(), CliError> {
        let DraftArgs {
            notes,
            format,
            template,
            output,
        } = self;
        let format = match format {
            Some(f) => f.into(),
            None => {
                crate::render::DraftFormat::from_path(&output).ok_or_else(|| CliError::Usage {
                    arg: "--format",
                    reason: format!(
                        "cannot tell the format from {}; give --format docx|md|txt",
                        output.display()
                    ),
                })?
            }
        };
        crate::render::draft_file(&notes, format, template.as_deref(), &output)?;
        writeln!(out, "wrote {}", output.display()).map_err(CliError::Output)
    }
}
