//! The `gijiroku` binary: parse the command line, run it, print `error: …` with its causes.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = gijiroku::cli::Cli::parse();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match gijiroku::cli::run(cli, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let code = err.exit_code();
            // `check` with warnings only exits 1 and is not an error.
            let label = if code == 1 { "warning" } else { "error" };
            eprintln!("{label}: {err}");
            let mut source = std::error::Error::source(&err);
            while let Some(cause) = source {
                eprintln!("caused by: {cause}");
                source = cause.source();
            }
            ExitCode::from(code)
        }
    }
}
