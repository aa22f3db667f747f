//! What a check finds: a [`Finding`] (warning or error, with its line where known), the
//! [`Report`] on one file with its summary and exit code, and the collector the checks fill.

use std::fmt;
use std::path::PathBuf;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// For a human to decide.
    Warning,
    /// Certainly wrong.
    Error,
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Warning or error.
    pub severity: Severity,
    /// The line in the checked file (1-based), where known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

/// The findings on one file.
#[derive(Debug, Clone)]
pub struct Report {
    /// The file checked.
    pub path: PathBuf,
    /// What was found, in file order where lines are known.
    pub findings: Vec<Finding>,
}

impl Report {
    /// How many errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// How many warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }

    /// 0 when clean, 1 with warnings only, 2 with errors.
    pub fn exit_code(&self) -> u8 {
        if self.errors() > 0 {
            2
        } else if self.warnings() > 0 {
            1
        } else {
            0
        }
    }
}

impl fmt::Display for Report {
    /// One line per finding (`notes.toml:12: warning: …`), then a summary line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for x in &self.findings {
            let line = x.line.map(|l| format!(":{l}")).unwrap_or_default();
            let sev = match x.severity {
                Severity::Warning => "warning",
                Severity::Error => "error",
            };
            writeln!(f, "{}{line}: {sev}: {}", self.path.display(), x.message)?;
        }
        if self.findings.is_empty() {
            writeln!(f, "{}: ok", self.path.display())
        } else {
            writeln!(
                f,
                "{}: {} error(s), {} warning(s)",
                self.path.display(),
                self.errors(),
                self.warnings()
            )
        }
    }
}

/// Collects findings, with the notes' source text for line numbers.
pub(super) struct Findings<'a> {
    pub(super) src: Option<&'a str>,
    pub(super) list: Vec<Finding>,
}

impl<'a> Findings<'a> {
    /// No findings yet; `src` is the checked text, for line numbers.
    pub(super) fn new(src: Option<&'a str>) -> Self {
        Findings {
            src,
            list: Vec::new(),
        }
    }

    fn push(&mut self, severity: Severity, line: Option<usize>, message: String) {
        self.list.push(Finding {
            severity,
            line,
            message,
        });
    }

    pub(super) fn error(&mut self, line: Option<usize>, message: String) {
        self.push(Severity::Error, line, message);
    }

    pub(super) fn warn(&mut self, line: Option<usize>, message: String) {
        self.push(Severity::Warning, line, message);
    }

    /// The first line of the source where `key = …` holds `value` (or, failing that, where
    /// `value` appears at all).
    pub(super) fn line_of(&self, key: &str, value: &str) -> Option<usize> {
        let src = self.src?;
        let probe: String = value.chars().take(16).collect();
        if probe.is_empty() {
            return None;
        }
        let lines: Vec<&str> = src.lines().collect();
        lines
            .iter()
            .position(|l| l.trim_start().starts_with(key) && l.contains(&probe))
            .or_else(|| lines.iter().position(|l| l.contains(&probe)))
            .map(|i| i + 1)
    }
}
