//! Isolation of the third-party extractors (pdf-extract, lopdf, docx-rs): each file is read on a
//! worker thread of its own with a deadline, and a panic there becomes the file's error without
//! its message or backtrace reaching the terminal.
//!
//! A thread cannot be killed: when a file runs past its time budget the worker is left behind
//! (detached; it holds the file's bytes and, while it spins, a core) and the caller gets
//! [`Error::TimedOut`] at once, so a hang costs one file and the batch goes on to its commit. The
//! process ends with the batch, and the worker with it. The checks before extraction
//! (`pdf::check`, `docx::check`) refuse the known causes of hangs, so the deadline is the last
//! line of defence, not the usual path.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::sync::mpsc;
use std::time::Duration;

use crate::error::{Error, Result};

/// The default time budget for extracting one PDF or DOCX file. The largest sample takes well
/// under a second; `GIJIROKU_TIME_BUDGET_SECS` overrides it.
pub const TIME_BUDGET: Duration = Duration::from_secs(60);

/// The worker's stack: deep enough for the nesting the checks let through (the depth limits are
/// far below what overflows it), reserved rather than committed.
const WORKER_STACK: usize = 64 * 1024 * 1024;

/// The time budget per file: `GIJIROKU_TIME_BUDGET_SECS` when set to a positive number, else
/// [`TIME_BUDGET`].
pub fn time_budget() -> Duration {
    std::env::var("GIJIROKU_TIME_BUDGET_SECS")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| *s > 0.0 && s.is_finite())
        .map(Duration::from_secs_f64)
        .unwrap_or(TIME_BUDGET)
}

thread_local! {
    /// Set while a guarded closure runs on this thread: its panics are caught and silent.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Installs, once, a panic hook that stays silent on threads running a guarded closure and
/// passes every other panic to the hook that was there before.
fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Runs `f`, turning a panic into `None` without printing anything.
pub fn catch_quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    install_quiet_hook();
    let was = QUIET.with(|q| q.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result.ok()
}

/// Runs `f` on a worker thread of its own and waits at most `budget` for it. A panic becomes
/// `on_panic()`, a run past the deadline [`Error::TimedOut`] (the worker is left to finish or
/// spin on its own; see the module's documentation).
pub fn isolated<T: Send + 'static>(
    path: &Path,
    budget: Duration,
    on_panic: impl FnOnce() -> Error,
    f: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    let (tx, rx) = mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name("gijiroku-extract".into())
        .stack_size(WORKER_STACK)
        .spawn(move || {
            let outcome = catch_quietly(f);
            // The receiver is gone when the caller gave up waiting: nothing to tell.
            let _ = tx.send(outcome);
        });
    if let Err(source) = spawned {
        return Err(Error::Read {
            path: path.to_path_buf(),
            source,
        });
    }
    match rx.recv_timeout(budget) {
        Ok(Some(result)) => result,
        Ok(None) => Err(on_panic()),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(Error::TimedOut {
            path: PathBuf::from(path),
            seconds: budget.as_secs_f64(),
        }),
        // The worker died without sending: only a panic does that.
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(on_panic()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn reader_failed() -> Error {
        Error::Pdf {
            path: "x.pdf".into(),
            page: None,
            reason: "the reader failed".into(),
        }
    }

    #[test]
    fn a_hang_costs_its_budget_and_no_more() {
        let start = Instant::now();
        let err = isolated(
            Path::new("hang.pdf"),
            Duration::from_millis(200),
            reader_failed,
            || -> Result<()> {
                std::thread::sleep(Duration::from_secs(30));
                Ok(())
            },
        )
        .unwrap_err();
        assert!(start.elapsed() < Duration::from_secs(10));
        assert!(matches!(err, Error::TimedOut { .. }), "{err}");
        assert_eq!(
            err.to_string(),
            "hang.pdf: gave up after 0.2 s (the time budget for one file); the file is left out"
        );
    }

    #[test]
    fn a_panic_is_the_files_error() {
        let err = isolated(
            Path::new("x.pdf"),
            Duration::from_secs(30),
            reader_failed,
            || -> Result<()> { panic!("index out of bounds") },
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.pdf: cannot read the PDF: the reader failed"
        );
        assert_eq!(
            isolated(
                Path::new("x.pdf"),
                Duration::from_secs(30),
                reader_failed,
                || Ok(7)
            )
            .unwrap(),
            7
        );
    }

    #[test]
    fn catch_quietly_restores_the_flag() {
        assert!(catch_quietly(|| panic!("boom")).is_none());
        assert!(!QUIET.with(Cell::get));
        assert_eq!(catch_quietly(|| 3), Some(3));
    }
}
