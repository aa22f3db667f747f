//! The command line: the top [`Cli`] parser, the [`Command`] enum and its dispatch. Each
//! subcommand's arguments and `run` are in a file of its own; only this module (and the
//! binary) orchestrates stages.

use std::io::Write;

use clap::{Parser, Subcommand};

mod args;
mod check;
mod draft;
mod error;
mod hits;
mod ingest;
mod notes;
mod parse;
mod qa;
mod schema;
mod search;
mod serve;
mod show;
mod speakers;
mod track;
mod watch;

pub use error::CliError;

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
    Parse(parse::ParseArgs),
    /// Parse every document under the paths and index it (incremental: unchanged files are
    /// skipped, changed ones replaced).
    Ingest(ingest::IngestArgs),
    /// Search the index: ranked hits with snippets, the meeting, date and agenda path of each.
    Search(search::SearchArgs),
    /// Questions with their answers, like a 質問・答弁集: every pair by meeting, or the pairs
    /// a query finds in their questions or answers.
    Qa(qa::QaArgs),
    /// The people who spoke, across meetings (one person under each spelling and label form),
    /// with their counts of turns, questions and answers.
    Speakers(speakers::SpeakersArgs),
    /// Saved searches: what is new for a query since the last run (for a scheduled job); the
    /// web page serves each as an Atom feed.
    Watch(watch::WatchArgs),
    /// Print one meeting's record from the index, readable (or as JSON).
    Show(show::ShowArgs),
    /// Print the JSON Schema of the record.
    Schema,
    /// Follow a figure or an agenda item across the indexed meetings.
    Track(track::TrackArgs),
    /// Scaffold the next meeting's notes (TOML) from the last meeting: roster carried over with
    /// everyone present, session +1 (1 after April's fiscal roll-over), 開会 and その他 kept.
    Notes(notes::NotesArgs),
    /// Check notes (.toml), a record (.json) or minutes before publishing. Exit code 0 when
    /// clean, 1 with warnings, 2 with errors.
    Check(check::CheckArgs),
    /// Draft the minutes from notes, in the council's 会議概要 layout.
    Draft(draft::DraftArgs),
    /// Serve a web page over the index (search, meetings, tracking) and a JSON API beside it.
    Serve(serve::ServeArgs),
}

/// Runs a parsed command line, writing to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<(), CliError> {
    match cli.command {
        Command::Parse(a) => a.run(out),
        Command::Ingest(a) => a.run(out),
        Command::Search(a) => a.run(out),
        Command::Qa(a) => a.run(out),
        Command::Speakers(a) => a.run(out),
        Command::Watch(a) => a.run(out),
        Command::Show(a) => a.run(out),
        Command::Schema => schema::run(out),
        Command::Track(a) => a.run(out),
        Command::Notes(a) => a.run(out),
        Command::Check(a) => a.run(out),
        Command::Draft(a) => a.run(out),
        Command::Serve(a) => a.run(out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::EntryKind;

    #[test]
    fn search_takes_the_flattened_index_and_filters() {
        let cli = Cli::try_parse_from([
            "gijiroku", "search", "相談", "--index", "idx", "--kind", "question", "--sort", "-date",
        ])
        .unwrap();
        let Command::Search(a) = cli.command else {
            panic!("not search: {:?}", cli.command);
        };
        assert_eq!(a.index_dir(), std::path::Path::new("idx"));
        assert_eq!(a.kind(), Some(EntryKind::Question));
    }

    #[test]
    fn index_defaults_to_the_index_folder() {
        let cli = Cli::try_parse_from(["gijiroku", "show", "0123456789ab"]).unwrap();
        let Command::Show(a) = cli.command else {
            panic!("not show: {:?}", cli.command);
        };
        assert_eq!(a.index_dir(), std::path::Path::new("index"));
        let cli = Cli::try_parse_from(["gijiroku", "track", "agenda", "支援", "--index", "x"]);
        assert!(cli.is_ok());
    }

    #[test]
    fn dates_are_read_as_dates_and_anything_else_refused() {
        let cli = Cli::try_parse_from([
            "gijiroku",
            "qa",
            "--from",
            "2024-04-01",
            "--to",
            "2025-03-31",
        ]);
        assert!(cli.is_ok(), "{cli:?}");
        for bad in ["2024/4/1", "令和6年4月1日", "2024-02-30"] {
            let e = Cli::try_parse_from(["gijiroku", "search", "a", "--from", bad]).unwrap_err();
            assert_eq!(e.kind(), clap::error::ErrorKind::ValueValidation, "{bad}");
            assert!(e.to_string().contains(bad), "{e}");
        }
    }

    #[test]
    fn an_unknown_kind_is_refused() {
        let e = Cli::try_parse_from(["gijiroku", "search", "a", "--kind", "opinions"]).unwrap_err();
        assert_eq!(e.kind(), clap::error::ErrorKind::InvalidValue);
    }

    #[test]
    fn index_help_keeps_each_subcommands_wording() {
        use clap::CommandFactory;
        let cmd = Cli::command();
        let help = |path: &[&str]| {
            let mut c = &cmd;
            for p in path {
                c = c.find_subcommand(p).unwrap();
            }
            let arg = c.get_arguments().find(|a| a.get_id() == "index").unwrap();
            arg.get_help().unwrap().to_string()
        };
        assert_eq!(help(&["search"]), "The index folder");
        assert_eq!(help(&["watch", "list"]), "The index folder");
        assert_eq!(
            help(&["serve"]),
            "The index folder (read only; a new ingest shows without a restart)"
        );
        assert_eq!(
            help(&["notes"]),
            "The index folder, for an id or the latest meeting"
        );
        assert_eq!(
            help(&["watch", "add"]),
            "The index folder (the watches are kept in it, in `watches.json`)"
        );
    }
}
