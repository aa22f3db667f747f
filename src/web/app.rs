//! The server's state ([`App`]: the index and the turns of the expensive requests), and how a
//! handler gets the current catalog: on a blocking thread, within the time limit.

use std::sync::Arc;
use std::time::Duration;

use super::catalog::{Catalog, Library};
use super::error::WebError;
use super::server::REQUEST_TIMEOUT;
use crate::index::IndexError;

/// How long an expensive request (tracking) waits for its turn before it is answered 503.
pub const HEAVY_WAIT: Duration = Duration::from_secs(5);

/// The most expensive requests (tracking: a figure's series, an agenda item's history, over
/// every record) computed at once: half the cores, at least one, so that they cannot starve
/// searches.
pub fn max_heavy() -> usize {
    std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1))
}

/// The server's state: the index, and the turns of the expensive requests.
pub struct App {
    pub(super) library: Library,
    heavy: Arc<tokio::sync::Semaphore>,
}

impl App {
    /// A server over the index in `index` (which need not exist yet: pages say so until it does).
    pub fn new(index: &std::path::Path) -> Arc<App> {
        Arc::new(App {
            library: Library::new(index),
            heavy: Arc::new(tokio::sync::Semaphore::new(max_heavy())),
        })
    }
}

/// Runs `f` with the current catalog on a blocking thread, within [`REQUEST_TIMEOUT`].
pub(super) async fn with_catalog<T: Send + 'static>(
    app: &Arc<App>,
    f: impl FnOnce(Option<Arc<Catalog>>) -> Result<T, WebError> + Send + 'static,
) -> Result<T, WebError> {
    let app = app.clone();
    let task = tokio::task::spawn_blocking(move || {
        let catalog = match app.library.get() {
            Ok(c) => Some(c),
            Err(IndexError::Missing { .. }) => None,
            Err(e) => return Err(WebError::from(e)),
        };
        f(catalog)
    });
    match tokio::time::timeout(REQUEST_TIMEOUT, task).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => Err(WebError::Internal(e.to_string())),
        Err(_) => Err(WebError::Timeout),
    }
}

/// [`with_catalog`] for an expensive request: it waits at most [`HEAVY_WAIT`] for one of
/// [`max_heavy`] turns (else [`WebError::Busy`]), and its turn is held until the work itself
/// ends, not only until the answer is sent (a timed-out computation still occupies it).
pub(super) async fn with_catalog_heavy<T: Send + 'static>(
    app: &Arc<App>,
    f: impl FnOnce(Option<Arc<Catalog>>) -> Result<T, WebError> + Send + 'static,
) -> Result<T, WebError> {
    let turn = match tokio::time::timeout(HEAVY_WAIT, app.heavy.clone().acquire_owned()).await {
        Ok(Ok(turn)) => turn,
        _ => return Err(WebError::Busy),
    };
    with_catalog(app, move |c| {
        let _turn = turn;
        f(c)
    })
    .await
}

pub(super) fn require(c: Option<Arc<Catalog>>) -> Result<Arc<Catalog>, WebError> {
    c.ok_or(WebError::NoIndex)
}

pub(super) fn lookup<'a>(
    catalog: &'a Catalog,
    id: &str,
) -> Result<&'a crate::record::Record, WebError> {
    catalog
        .record(id)
        .ok_or_else(|| WebError::NotFound(format!("ID {id} の会議は索引にありません。")))
}
