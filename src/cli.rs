//! The command line: clap definitions and one function per subcommand. Only this module (and the
//! binary) orchestrates stages.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::error::Error;
use crate::record::DocumentKind;

mod qa;
mod speakers;
mod watch;

pub use watch::WatchCommand;

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
    /// Parse every document under the paths and index it (incremental: unchanged files are
    /// skipped, changed ones replaced).
    Ingest {
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The index folder.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Remove from the index the files under these paths that no longer exist.
        #[arg(long)]
        prune: bool,
        /// Commit after this many files (and at the end): an ingest that is stopped keeps
        /// what it committed.
        #[arg(long, default_value_t = crate::pipeline::COMMIT_EVERY)]
        commit_every: usize,
    },
    /// Search the index: ranked hits with snippets, the meeting, date and agenda path of each.
    Search {
        /// Terms (all must occur in one entry), `"a phrase"`, `-excluded`.
        query: String,
        /// The index folder.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// The filters.
        #[command(flatten)]
        filters: FilterArgs,
        /// How many hits.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print the hits as JSON.
        #[arg(long)]
        json: bool,
        /// Print only the paths of the matching documents, all of them (like `grep -l`).
        #[arg(long, conflicts_with = "json")]
        files: bool,
        /// With `--files`: terms may occur anywhere in a document, not all in one entry.
        #[arg(long, requires = "files")]
        whole_document: bool,
        /// The order of hits: `score` (best first), `date` (oldest first) or `-date` (newest
        /// first; by date every strict hit is ordered, then `--limit` kept).
        #[arg(long, value_enum, default_value = "score", allow_hyphen_values = true)]
        sort: SortArg,
        /// One line per meeting with its number of hits (like `grep -c`) instead of the hits.
        #[arg(long, value_enum, conflicts_with = "files")]
        group: Option<GroupArg>,
        /// Only hits that are part of a question–answer pair, each shown with the whole pair
        /// in full (a question with its answers, an answer with its question); without it a
        /// hit's pair is shown clipped to a line.
        #[arg(long, conflicts_with_all = ["files", "group"])]
        with_answers: bool,
    },
    /// Questions with their answers, like a 質問・答弁集: every pair by meeting, or the pairs
    /// a query finds in their questions or answers.
    Qa {
        /// Words to find in the questions and answers (as `search` takes them); none: every pair.
        query: Option<String>,
        /// The index folder.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Meetings on or after this date (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Meetings on or before this date (YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
        /// Only this council (exact name).
        #[arg(long)]
        council: Option<String>,
        /// Only this body (全体会, a 部会's name).
        #[arg(long)]
        body: Option<String>,
        /// Only this meeting (its id, as `search` prints it).
        #[arg(long)]
        meeting: Option<String>,
        /// Only questions asked by this person (田中, 田中委員, 高橋 = 髙橋).
        #[arg(long)]
        speaker: Option<String>,
        /// With a query: how many pairs.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Print the pairs as JSON.
        #[arg(long)]
        json: bool,
    },
    /// The people who spoke, across meetings (one person under each spelling and label form),
    /// with their counts of turns, questions and answers.
    Speakers {
        /// Only people whose name or a spelling contains this.
        name: Option<String>,
        /// The index folder.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Saved searches: what is new for a query since the last run (for a scheduled job); the
    /// web page serves each as an Atom feed.
    Watch {
        /// What to do.
        #[command(subcommand)]
        what: WatchCommand,
    },
    /// Print one meeting's record from the index, readable (or as JSON).
    Show {
        /// The meeting id (as `search` prints it) or the document's path.
        id: String,
        /// The index folder.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// Print the record as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema of the record.
    Schema,
    /// Follow a figure or an agenda item across the indexed meetings.
    Track {
        /// What to follow.
        #[command(subcommand)]
        what: TrackCommand,
    },
    /// Scaffold the next meeting's notes (TOML) from the last meeting: roster carried over with
    /// everyone present, session +1 (1 after April's fiscal roll-over), 開会 and その他 kept.
    Notes {
        /// The last meeting: a record (.json), a minutes document, or an index id; default the
        /// latest meeting in the index.
        #[arg(long)]
        from: Option<String>,
        /// The index folder, for an id or the latest meeting.
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// With no --from, the latest meeting of this body (全体会, a 部会's name).
        #[arg(long)]
        body: Option<String>,
        /// The next meeting's date (YYYY-MM-DD); default 13 weeks after the last.
        #[arg(long)]
        date: Option<String>,
        /// Write the notes here instead of standard output.
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
    },
    /// Check notes (.toml), a record (.json) or minutes before publishing. Exit code 0 when
    /// clean, 1 with warnings, 2 with errors.
    Check {
        /// The files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Draft the minutes from notes, in the council's 会議概要 layout.
    Draft {
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
    },
    /// Serve a web page over the index (search, meetings, tracking) and a JSON API beside it.
    Serve {
        /// The index folder (read only; a new ingest shows without a restart).
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// The address to listen on; loopback unless told otherwise (port 0 picks a free one).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
    },
}

/// What `track` follows.
#[derive(Debug, Subcommand)]
pub enum TrackCommand {
    /// A figure: the facts whose subject (or sentence) matches, one point per meeting, by date.
    Facts {
        /// Words that must all occur (`ケース`, `Libero ケース`); aliases and synonyms widen them.
        query: String,
        /// Only this counter word (件, 回, カ所, 名, 人, 世帯, …).
        #[arg(long)]
        unit: Option<String>,
        /// Only this council (part of its name).
        #[arg(long)]
        council: Option<String>,
        /// Every matching fact, not one per meeting.
        #[arg(long)]
        all: bool,
        /// Print CSV.
        #[arg(long, conflicts_with = "json")]
        csv: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Also write a line chart to this SVG file.
        #[arg(long, value_name = "FILE")]
        svg: Option<PathBuf>,
        /// The index folder.
        #[arg(long, default_value = "index")]
        index: PathBuf,
    },
    /// An agenda item: every meeting where it was on the agenda, with its materials, the entries
    /// under it by kind, and its resolutions.
    Agenda {
        /// Words of the item's title (`重層的支援`); similar wordings in other years are found too.
        query: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// The index folder.
        #[arg(long, default_value = "index")]
        index: PathBuf,
    },
}

/// The filters of `search` and of a saved search.
#[derive(Debug, Clone, clap::Args)]
pub struct FilterArgs {
    /// Meetings on or after this date (YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Meetings on or before this date (YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    /// Only this council (exact name).
    #[arg(long)]
    pub council: Option<String>,
    /// Only this body (全体会, a 部会's name).
    #[arg(long)]
    pub body: Option<String>,
    /// Only entries of this kind.
    #[arg(long, value_enum)]
    pub kind: Option<EntryKindArg>,
    /// Only what this person said (田中, 田中委員, 会長, 事務局; 高橋 = 髙橋), whatever label
    /// form the minutes used.
    #[arg(long)]
    pub speaker: Option<String>,
}

/// The order of search hits on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best first.
    Score,
    /// Oldest meeting first.
    Date,
    /// Newest meeting first.
    #[value(name = "-date")]
    DateDesc,
}

impl From<SortArg> for crate::index::search::Sort {
    fn from(s: SortArg) -> Self {
        match s {
            SortArg::Score => crate::index::search::Sort::Score,
            SortArg::Date => crate::index::search::Sort::Date,
            SortArg::DateDesc => crate::index::search::Sort::DateDesc,
        }
    }
}

/// How search hits are grouped on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupArg {
    /// One line per meeting (or material).
    Meeting,
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

/// An entry kind on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EntryKindArg {
    /// Explanations.
    Explanation,
    /// Members' opinions.
    Opinion,
    /// Questions.
    Question,
    /// Answers.
    Answer,
    /// Resolutions.
    Resolution,
    /// Notes.
    Note,
}

impl EntryKindArg {
    fn name(self) -> &'static str {
        use crate::record::EntryKind;
        crate::index::write::kind_name(match self {
            EntryKindArg::Explanation => EntryKind::Explanation,
            EntryKindArg::Opinion => EntryKind::Opinion,
            EntryKindArg::Question => EntryKind::Question,
            EntryKindArg::Answer => EntryKind::Answer,
            EntryKindArg::Resolution => EntryKind::Resolution,
            EntryKindArg::Note => EntryKind::Note,
        })
    }
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

/// Runs a parsed command line, writing to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<(), CliError> {
    match cli.command {
        Command::Parse { file, format, kind } => parse_cmd(&file, format, kind, out),
        Command::Ingest {
            paths,
            index,
            prune,
            commit_every,
        } => {
            let options = crate::pipeline::Options {
                prune,
                commit_every,
            };
            ingest_cmd(&paths, &index, &options, out)
        }
        Command::Search {
            query,
            index,
            filters:
                FilterArgs {
                    from,
                    to,
                    council,
                    body,
                    kind,
                    speaker,
                },
            limit,
            json,
            files,
            whole_document,
            sort,
            group,
            with_answers,
        } => {
            let speaker_in = match &speaker {
                Some(who) => {
                    let searcher = crate::index::search::Searcher::open(&index)?;
                    crate::people::speaker_forms(&searcher.records_without_texts()?, who)
                }
                None => Vec::new(),
            };
            let filters = crate::index::search::Filters {
                from,
                to,
                council,
                body,
                kind: kind.map(|k| k.name().to_string()),
                speaker,
                speaker_in,
                ingested_after: None,
                limit,
            };
            if files {
                let searcher = crate::index::search::Searcher::open(&index)?;
                for p in searcher.matching_paths(&query, &filters, whole_document)? {
                    writeln!(out, "{p}").map_err(CliError::Output)?;
                }
                return Ok(());
            }
            let how = SearchOutput {
                json,
                sort: sort.into(),
                group: group.is_some(),
                with_answers,
            };
            search_cmd(&query, &index, &filters, how, out)
        }
        Command::Qa {
            query,
            index,
            from,
            to,
            council,
            body,
            meeting,
            speaker,
            limit,
            json,
        } => {
            let filters = crate::qa::PairFilters {
                from,
                to,
                council,
                body,
                meeting,
                speaker,
            };
            qa::qa_cmd(query.as_deref(), &index, &filters, limit, json, out)
        }
        Command::Speakers { name, index, json } => {
            speakers::speakers_cmd(name.as_deref(), &index, json, out)
        }
        Command::Watch { what } => watch::watch_cmd(what, out),
        Command::Show { id, index, json } => show_cmd(&id, &index, json, out),
        Command::Track { what } => track_cmd(what, out),
        Command::Serve { index, addr } => serve_cmd(index, addr, out),
        Command::Notes {
            from,
            index,
            body,
            date,
            output,
        } => notes_cmd(
            from.as_deref(),
            &index,
            body.as_deref(),
            date.as_deref(),
            output.as_deref(),
            out,
        ),
        Command::Check { files } => check_cmd(&files, out),
        Command::Draft {
            notes,
            format,
            template,
            output,
        } => {
            let format = match format {
                Some(f) => f.into(),
                None => crate::render::DraftFormat::from_path(&output).ok_or_else(|| {
                    CliError::Usage {
                        arg: "--format",
                        reason: format!(
                            "cannot tell the format from {}; give --format docx|md|txt",
                            output.display()
                        ),
                    }
                })?,
            };
            crate::render::draft_file(&notes, format, template.as_deref(), &output)?;
            writeln!(out, "wrote {}", output.display()).map_err(CliError::Output)
        }
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
    let record = crate::pipeline::read_as(file, kind.map(Into::into))?;
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

fn ingest_cmd(
    paths: &[PathBuf],
    index: &std::path::Path,
    options: &crate::pipeline::Options,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use crate::pipeline::{Event, collect_files, ingest_with};
    use std::io::IsTerminal;

    let total = collect_files(paths, index).len();
    let bar = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
                .expect("a valid template"),
        );
        Some(bar)
    } else {
        None
    };
    let on_event = |e: &Event| {
        let line = match e {
            Event::Added(p) => format!("added     {}", p.display()),
            Event::Updated(p) => format!("updated   {}", p.display()),
            Event::Unchanged(p) => format!("unchanged {}", p.display()),
            Event::Removed(p) => format!("removed   {p}"),
            // The messages name their file already.
            Event::Failed(p, msg) => format!("error: {}", with_path(p, msg)),
            Event::Skipped(p, msg) => format!("warning: {}", with_path(p, msg)),
        };
        match &bar {
            Some(bar) => {
                bar.inc(1);
                if matches!(e, Event::Failed(..) | Event::Skipped(..)) {
                    bar.println(&line);
                } else {
                    bar.set_message(line);
                }
            }
            None => eprintln!("{line}"),
        }
    };
    let report = ingest_with(index, paths, options, &on_event)?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    writeln!(
        out,
        "{} added, {} updated, {} unchanged, {} removed, {} failed ({})",
        report.added,
        report.updated,
        report.unchanged,
        report.removed,
        report.failed.len(),
        index.display()
    )
    .map_err(CliError::Output)?;
    if report.failed.is_empty() {
        Ok(())
    } else {
        Err(CliError::PartialIngest {
            failed: report.failed.len(),
            total,
        })
    }
}

/// `msg` as `path: msg`, unless it names the path already.
fn with_path(path: &std::path::Path, msg: &str) -> String {
    let shown = path.display().to_string();
    if msg.contains(&shown) {
        msg.to_string()
    } else {
        format!("{shown}: {msg}")
    }
}

/// How `search` prints its hits.
struct SearchOutput {
    json: bool,
    sort: crate::index::search::Sort,
    group: bool,
    with_answers: bool,
}

/// One meeting's line of `search --group meeting`.
#[derive(serde::Serialize)]
struct MeetingCount {
    meeting_id: String,
    title: String,
    date: Option<String>,
    path: String,
    /// Hits of the strict search.
    hits: usize,
    /// Hits of the fallback (only when the strict search found fewer than the limit).
    fallback_hits: usize,
}

fn search_cmd(
    query: &str,
    index: &std::path::Path,
    filters: &crate::index::search::Filters,
    how: SearchOutput,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use crate::index::search::Searcher;

    let json = how.json;
    let searcher = Searcher::open(index)?;
    if how.group {
        // Every hit of the strict search (the fallback's only when there are none), counted
        // per meeting, in the order asked for (by score: the order of each meeting's best hit).
        let all = crate::index::search::Filters {
            limit: crate::index::search::MAX_LIMIT,
            ..filters.clone()
        };
        let mut hits = searcher.search_sorted(query, &all, how.sort)?;
        if hits.iter().any(|h| !h.fallback) {
            hits.retain(|h| !h.fallback);
        }
        let mut groups: Vec<MeetingCount> = Vec::new();
        for h in &hits {
            let i = match groups.iter().position(|g| g.meeting_id == h.meeting_id) {
                Some(i) => i,
                None => {
                    groups.push(MeetingCount {
                        meeting_id: h.meeting_id.clone(),
                        title: h.title.clone(),
                        date: h.date.clone(),
                        path: h.path.clone(),
                        hits: 0,
                        fallback_hits: 0,
                    });
                    groups.len() - 1
                }
            };
            if h.fallback {
                groups[i].fallback_hits += 1;
            } else {
                groups[i].hits += 1;
            }
        }
        if json {
            let text = serde_json::to_string_pretty(&groups).expect("counts serialise");
            return writeln!(out, "{text}").map_err(CliError::Output);
        }
        if groups.is_empty() {
            return writeln!(out, "no hits for {query:?}").map_err(CliError::Output);
        }
        for g in &groups {
            let fallback = if g.fallback_hits > 0 {
                format!(" (+{} ≈ fallback)", g.fallback_hits)
            } else {
                String::new()
            };
            writeln!(
                out,
                "{}  {}  {}{}  (id {})",
                g.date.as_deref().unwrap_or("----------"),
                g.title,
                g.hits,
                fallback,
                g.meeting_id
            )
            .map_err(CliError::Output)?;
        }
        return Ok(());
    }
    let mut hits = if how.with_answers {
        // Only hits with a pair: read deeper, keep the first `limit` of them.
        let deeper = crate::index::search::Filters {
            limit: (filters.limit.max(1) * 4).min(crate::index::search::MAX_LIMIT),
            ..filters.clone()
        };
        searcher.search_sorted(query, &deeper, how.sort)?
    } else {
        searcher.search_sorted(query, filters, how.sort)?
    };
    crate::qa::attach(&searcher, &mut hits)?;
    if how.with_answers {
        hits.retain(|h| h.question.is_some() || !h.answers.is_empty());
        hits.truncate(filters.limit.max(1));
    }
    if json {
        let text = serde_json::to_string_pretty(&hits).expect("hits serialise");
        return writeln!(out, "{text}").map_err(CliError::Output);
    }
    if hits.is_empty() {
        return writeln!(out, "no hits for {query:?}").map_err(CliError::Output);
    }
    print_hits(&hits, how.with_answers, out)
}

/// Prints hits as `search` does: where and who, the snippet with the matches marked (in colour
/// on a terminal), the meetings a material was handed out at, and each hit's pair (clipped to
/// a line unless `full`).
pub(crate) fn print_hits(
    hits: &[crate::index::search::Hit],
    full: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    use crate::index::search::mark;
    use std::io::IsTerminal;

    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let (open, close) = if color {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    for h in hits {
        let mut where_ = vec![h.date.clone().unwrap_or_else(|| "----------".into())];
        where_.push(h.title.clone());
        if let Some(a) = &h.agenda_ref {
            where_.push(a.clone());
        }
        let mut who = Vec::new();
        if let Some(k) = &h.kind {
            who.push(k.clone());
        } else {
            who.push(h.doc_type.clone());
        }
        if let Some(s) = &h.speaker {
            who.push(s.clone());
        }
        writeln!(
            out,
            "{}  ({}, {}, id {}{}){}\n    {}",
            where_.join("  "),
            who.join(" "),
            format_args!("{:.2}", h.score),
            h.meeting_id,
            h.line.map(|l| format!(", line {l}")).unwrap_or_default(),
            if h.fallback {
                format!("  {}", h.matched.label())
            } else {
                String::new()
            },
            mark(&h.snippet, &h.highlights, open, close)
        )
        .map_err(CliError::Output)?;
        for m in &h.distributed_at {
            writeln!(
                out,
                "    配布: {} {} (id {})",
                m.date.as_deref().unwrap_or(""),
                m.title,
                m.meeting_id
            )
            .map_err(CliError::Output)?;
        }
        let shown = |text: &str| {
            if full {
                text.to_string()
            } else {
                crate::qa::clip(text, 60)
            }
        };
        if let Some(q) = &h.question {
            writeln!(
                out,
                "    ← 問{} (line {}): {}",
                q.by(),
                q.line,
                shown(&q.text)
            )
            .map_err(CliError::Output)?;
        }
        for a in &h.answers {
            writeln!(
                out,
                "    → 答{} (line {}): {}",
                a.by(),
                a.line,
                shown(&a.text)
            )
            .map_err(CliError::Output)?;
        }
    }
    Ok(())
}

fn show_cmd(
    id: &str,
    index: &std::path::Path,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let searcher = crate::index::search::Searcher::open(index)?;
    let record = searcher.record(id)?;
    if json {
        let text = serde_json::to_string_pretty(&record).expect("records serialise");
        return writeln!(out, "{text}").map_err(CliError::Output);
    }
    let mut text = crate::record::render_text(&record);
    let records = searcher.records()?;
    text.push_str(&links_text(&record, &records));
    write!(out, "{text}").map_err(CliError::Output)
}

/// The `show` lines that link a record to others: for minutes, where each material it lists or
/// cites was found in the index (or that it was not); for a material, the meetings it was handed
/// out at.
pub fn links_text(record: &crate::record::Record, records: &[crate::track::Stored]) -> String {
    use crate::record::DocumentKind;
    use std::fmt::Write as _;
    let mut s = String::new();
    match record.kind {
        DocumentKind::Minutes => {
            let links = crate::track::material_links(record, records);
            if links.is_empty() {
                return s;
            }
            s.push_str("\n資料の所在:\n");
            for l in &links {
                let name = l.id.clone().unwrap_or_else(|| "（番号なし）".into());
                let title = if l.title.is_empty() {
                    String::new()
                } else {
                    format!(" {}", l.title)
                };
                let cited = if l.cited_by.is_empty() {
                    String::new()
                } else {
                    format!(" [議題 {}]", l.cited_by.join("、"))
                };
                match &l.resolved {
                    Some(r) => {
                        let _ = writeln!(
                            s,
                            "  {name}{title}{cited}\n      → {} (id {})",
                            r.path, r.record_id
                        );
                    }
                    None if l.id.is_some() => {
                        let _ = writeln!(
                            s,
                            "  {name}{title}{cited}\n      → 未登録 (not in the index)"
                        );
                    }
                    None => {
                        let _ = writeln!(s, "  {name}{title}{cited}");
                    }
                }
            }
        }
        DocumentKind::Material => {
            let at = crate::track::distributed_at(record, records);
            if let Some(id) = &record.material_id {
                let _ = writeln!(s, "\n資料番号: {id}");
            }
            if !at.is_empty() {
                s.push_str("\n配布された会議:\n");
                for m in at {
                    let _ = writeln!(
                        s,
                        "  {}  {} (id {})",
                        m.date.unwrap_or_default(),
                        m.title.unwrap_or_default(),
                        m.record_id
                    );
                }
            }
        }
    }
    s
}

fn track_cmd(what: TrackCommand, out: &mut dyn Write) -> Result<(), CliError> {
    use crate::index::search::Searcher;
    use crate::track;
    match what {
        TrackCommand::Facts {
            query,
            unit,
            council,
            all,
            csv,
            json,
            svg,
            index,
        } => {
            let records = Searcher::open(&index)?.records()?;
            let q = track::FactQuery {
                query: query.clone(),
                unit,
                council,
                all,
            };
            let points = track::facts(&records, &q);
            if let Some(path) = &svg {
                let title = match &q.unit {
                    Some(u) => format!("{query}（{u}）"),
                    None => query.clone(),
                };
                std::fs::write(path, track::svg(&points, &title)).map_err(|source| {
                    CliError::WriteFile {
                        path: path.clone(),
                        source,
                    }
                })?;
            }
            if json {
                let text = serde_json::to_string_pretty(&points).expect("points serialise");
                return writeln!(out, "{text}").map_err(CliError::Output);
            }
            if csv {
                return write!(out, "{}", track::facts_csv(&points)).map_err(CliError::Output);
            }
            if points.is_empty() {
                return writeln!(out, "no facts match {query:?}").map_err(CliError::Output);
            }
            for p in &points {
                writeln!(
                    out,
                    "{}  {:>6}  {}\n    「{}」\n    {}{} (id {})",
                    p.date.as_deref().unwrap_or("----------"),
                    track::value_text(p),
                    p.subject,
                    p.quote,
                    p.meeting_title.as_deref().unwrap_or(""),
                    p.agenda_ref
                        .as_deref()
                        .map(|a| format!("  {a}"))
                        .unwrap_or_default(),
                    p.meeting_id
                )
                .map_err(CliError::Output)?;
            }
            Ok(())
        }
        TrackCommand::Agenda { query, json, index } => {
            let records = Searcher::open(&index)?.records()?;
            let rows = track::agenda(&records, &query);
            if json {
                let text = serde_json::to_string_pretty(&rows).expect("rows serialise");
                return writeln!(out, "{text}").map_err(CliError::Output);
            }
            if rows.is_empty() {
                return writeln!(out, "no agenda item matches {query:?}").map_err(CliError::Output);
            }
            for a in &rows {
                let mats = if a.materials.is_empty() {
                    String::new()
                } else {
                    format!("  （{}）", a.materials.join("、"))
                };
                let kinds: Vec<String> = a
                    .entries_by_kind
                    .iter()
                    .map(|(k, n)| format!("{k} {n}"))
                    .collect();
                writeln!(
                    out,
                    "{}  {}  {} {}{}\n    {} (id {})\n    entries: {}",
                    a.date.as_deref().unwrap_or("----------"),
                    a.body.as_deref().unwrap_or(""),
                    a.path,
                    a.title,
                    mats,
                    a.meeting_title.as_deref().unwrap_or(""),
                    a.meeting_id,
                    if kinds.is_empty() {
                        "none".to_string()
                    } else {
                        kinds.join(", ")
                    }
                )
                .map_err(CliError::Output)?;
                for r in &a.resolutions {
                    writeln!(out, "    ⇒ {r}").map_err(CliError::Output)?;
                }
            }
            Ok(())
        }
    }
}

fn notes_cmd(
    from: Option<&str>,
    index: &std::path::Path,
    body: Option<&str>,
    date: Option<&str>,
    output: Option<&std::path::Path>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let date = date
        .map(|d| {
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|e| CliError::Usage {
                arg: "--date",
                reason: format!("{d:?} is not a YYYY-MM-DD date ({e})"),
            })
        })
        .transpose()?;
    let (last, name) = match from {
        Some(f) if std::path::Path::new(f).exists() => {
            let path = std::path::Path::new(f);
            let record = if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
                    path: path.to_path_buf(),
                    source,
                })?;
                serde_json::from_str(&text).map_err(|e| CliError::Usage {
                    arg: "--from",
                    reason: format!("{f} is not a gijiroku record: {e}"),
                })?
            } else {
                crate::pipeline::read(path)?
            };
            (record, f.to_string())
        }
        Some(id) => {
            let searcher = crate::index::search::Searcher::open(index)?;
            (searcher.record(id)?, format!("{id} in {}", index.display()))
        }
        None => {
            let searcher = crate::index::search::Searcher::open(index)?;
            let latest = searcher
                .records()?
                .into_iter()
                .map(|(_, r)| r)
                .filter(|r| r.kind == DocumentKind::Minutes && r.meeting.date.is_some())
                .filter(|r| body.is_none() || r.meeting.body.as_deref() == body)
                .max_by(|a, b| a.meeting.date.cmp(&b.meeting.date))
                .ok_or_else(|| CliError::Usage {
                    arg: "--from",
                    reason: format!(
                        "no dated minutes{} in {}; give --from",
                        body.map(|b| format!(" of {b}")).unwrap_or_default(),
                        index.display()
                    ),
                })?;
            let name = latest.source.path.clone();
            (latest, name)
        }
    };
    let notes = crate::notes::scaffold::next_notes(&last, date);
    let text = crate::notes::scaffold::to_commented_toml(&notes, &name);
    match output {
        Some(p) => {
            std::fs::write(p, text).map_err(|source| Error::Write {
                path: p.to_path_buf(),
                source,
            })?;
            writeln!(out, "wrote {}", p.display()).map_err(CliError::Output)
        }
        None => write!(out, "{text}").map_err(CliError::Output),
    }
}

fn check_cmd(files: &[PathBuf], out: &mut dyn Write) -> Result<(), CliError> {
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

fn serve_cmd(
    index: PathBuf,
    addr: std::net::SocketAddr,
    out: &mut dyn Write,
) -> Result<(), CliError> {
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
