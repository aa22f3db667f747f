//! `gijiroku check`: check notes, a record or minutes before publishing.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::CliError;

// The arguments of `check` (the subcommand's help is on `Command::Check`).
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

impl CheckArgs {
    /// Checks each file, printing its report; an error when any has a finding.
    pub(super) fn run(self, out: &mut dyn Write) -> Result<(), CliError> {
        check_files(&self.files, out)
    }
}

fn check_files(files: &[PathBuf], out: &mut dyn Write) -> Result<(), CliError> {
    let (mut errors, mut warnings) = (0, 0);
    for f in files {
        let report = crate::check::check_file(f)?;
        errors += report.errors();
        warnings += report.warnings();
        write!(out, "{report}").map_err(CliError::Output)?;
    }
    if errors + warnings == 0 {
        Ok(())
    } else {
        Err(CliError::Check {
            errors,
            warnings,
            files: files.len(),
        })
    }
}
