//! `gijiroku serve`: the web page and JSON API over the index.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::CliError;
use super::args::IndexArg;

// The arguments of `serve` (the subcommand's help is on `Command::Serve`).
#[derive(Debug, Args)]
#[command(mut_arg("index", |a| a.help(
    "The index folder (read only; a new ingest shows without a restart)"
)))]
pub struct ServeArgs {
    #[command(flatten)]
    index: IndexArg,
    /// The address to listen on; loopback unless told otherwise (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,
}

impl ServeArgs {
    /// Serves until the process is stopped.
    pub(super) fn run(self, out: &mut dyn Write) -> Result<(), CliError> {
        serve(self.index.index, self.addr, out)
    }
}

fn serve(index: PathBuf, addr: std::net::SocketAddr, out: &mut dyn Write) -> Result<(), CliError> {
    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {addr}: the page is reachable from other machines on the network"
        );
    }
    let opts = crate::web::ServeOptions { index, addr };
    let mut written = Ok(());
    crate::web::serve(&opts, |bound| {
        written = writeln!(
            out,
            "serving {} on http://{bound}/ (Ctrl-C to stop)",
            opts.index.display()
        )
        .and_then(|_| out.flush());
    })?;
    written.map_err(CliError::Output)
}
