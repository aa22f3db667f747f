//! The server: the router, the guard every response passes (security headers, limits, the time
//! limit), and the accept loop that bounds connections.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::app::App;
use super::error::{ServeError, WebError};
use super::params::malformed_query;
use super::{
    api, feed, meeting_page, meetings_page, qa_page, search_page, speaker_pages, track_page,
};

/// The longest a request may take before it is answered with 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest URI accepted.
pub const MAX_URI_BYTES: usize = 4096;

async fn not_found(req: Request) -> Response {
    let e = WebError::NotFound("このアドレスのページはありません。".into());
    if req.uri().path().starts_with("/api/") {
        e.json()
    } else {
        e.page()
    }
}

/// Security headers, the URI length cap, the query's well-formedness and the time limit, on
/// every response.
async fn guard(req: Request, rest: Next) -> Response {
    let malformed = req.uri().query().and_then(malformed_query);
    let mut res = if req.uri().to_string().len() > MAX_URI_BYTES {
        (StatusCode::URI_TOO_LONG, "URI too long").into_response()
    } else if let Some(why) = malformed {
        let e = WebError::BadRequest(format!("アドレスの条件を読み取れませんでした（{why}）。"));
        if req.uri().path().starts_with("/api/") {
            e.json()
        } else {
            e.page()
        }
    } else {
        match tokio::time::timeout(REQUEST_TIMEOUT, rest.run(req)).await {
            Ok(r) => r,
            Err(_) => WebError::Timeout.page(),
        }
    };
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; \
             base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

/// The router: pages, the JSON API, and a 404 page for anything else.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(search_page::search_page))
        .route("/meetings", get(meetings_page::meetings_page))
        .route("/meetings/{id}", get(meeting_page::meeting_page))
        .route("/track", get(track_page::track_page))
        .route("/qa", get(qa_page::qa_page))
        .route("/speakers", get(speaker_pages::speakers_page))
        .route("/speakers/{key}", get(speaker_pages::speaker_page))
        .route("/watches", get(feed::watches_page))
        .route("/feeds/{file}", get(feed::feed))
        .route("/api/search", get(api::api_search))
        .route("/api/meetings", get(api::api_meetings))
        .route("/api/meetings/{id}", get(api::api_meeting))
        .route("/api/track/facts", get(api::api_track_facts))
        .route("/api/track/facts.svg", get(api::api_track_svg))
        .route("/api/track/agenda", get(api::api_track_agenda))
        .route("/api/track/agenda.svg", get(api::api_track_agenda_svg))
        .fallback(not_found)
        .layer(middleware::from_fn(guard))
        .with_state(app)
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The index folder.
    pub index: PathBuf,
    /// The address to listen on (port 0 picks a free port).
    pub addr: SocketAddr,
}

/// The longest a client may take to send a request's head; also how long a connection may sit
/// idle (a fresh one, or a kept-alive one between requests) before it is closed.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// The most connections held at once. When a new one arrives at the cap, the connection idle
/// the longest (no request being answered) is closed to make room; only when every one is busy
/// is the new one closed instead.
pub const MAX_CONNECTIONS: usize = 512;
/// The most a connection buffers of a request's head (headers and URI); past it hyper answers
/// 431 and closes, so a connection costs at most this much memory on reading.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;

/// How [`accept_with`] bounds its connections.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// See [`HEADER_TIMEOUT`].
    pub header_timeout: Duration,
    /// See [`MAX_CONNECTIONS`].
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: HEADER_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
        }
    }
}

/// Serves until the process is stopped. `on_ready` is called with the bound address (the real
/// port when 0 was asked) once the server accepts connections.
pub fn serve(opts: &ServeOptions, on_ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(64)
        .build()
        .map_err(ServeError::Runtime)?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(opts.addr)
            .await
            .map_err(|source| ServeError::Bind {
                addr: opts.addr,
                source,
            })?;
        let addr = listener.local_addr().map_err(ServeError::Serve)?;
        on_ready(addr);
        accept(listener, router(App::new(&opts.index)), HEADER_TIMEOUT).await;
        Ok(())
    })
}

/// One open connection as the accept loop sees it: how many of its requests are being
/// answered, and how to ask it to close.
struct Conn {
    busy: Arc<std::sync::atomic::AtomicUsize>,
    close: Arc<tokio::sync::Notify>,
}

/// The open connections by arrival (the lowest number is the oldest).
type Conns = Arc<std::sync::Mutex<std::collections::BTreeMap<u64, Conn>>>;

/// Removes a connection from the table when its task ends, however it ends.
struct Registered(Conns, u64);

impl Drop for Registered {
    fn drop(&mut self) {
        if let Ok(mut conns) = self.0.lock() {
            conns.remove(&self.1);
        }
    }
}

/// Counts a request while it is answered.
struct Busy(Arc<std::sync::atomic::AtomicUsize>);

impl Busy {
    fn new(n: &Arc<std::sync::atomic::AtomicUsize>) -> Busy {
        n.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Busy(n.clone())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// The router as a hyper service that counts the requests it is answering.
#[derive(Clone)]
struct Counted {
    inner: hyper_util::service::TowerToHyperService<Router>,
    busy: Arc<std::sync::atomic::AtomicUsize>,
}

impl hyper::service::Service<hyper::Request<hyper::body::Incoming>> for Counted {
    type Response = Response;
    type Error = std::convert::Infallible;
    type Future = std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<Response, std::convert::Infallible>> + Send>,
    >;

    fn call(&self, req: hyper::Request<hyper::body::Incoming>) -> Self::Future {
        let busy = Busy::new(&self.busy);
        let fut = self.inner.call(req);
        Box::pin(async move {
            let res = fut.await;
            drop(busy);
            res
        })
    }
}

/// Makes room for one more connection: closes the connection idle the longest, if any.
/// Returns false when every connection is answering a request.
fn evict_idle(conns: &Conns) -> bool {
    use std::sync::atomic::Ordering;
    let Ok(mut conns) = conns.lock() else {
        return false;
    };
    let idle = conns
        .iter()
        .find(|(_, c)| c.busy.load(Ordering::SeqCst) == 0)
        .map(|(&n, _)| n);
    match idle.and_then(|n| conns.remove(&n)) {
        Some(c) => {
            c.close.notify_one();
            true
        }
        None => false,
    }
}

/// The accept loop: HTTP/1.1 with `header_timeout` on each request's head and on an idle
/// connection, at most [`MAX_CONNECTIONS`] connections (the idle ones closed first).
pub async fn accept(listener: tokio::net::TcpListener, app: Router, header_timeout: Duration) {
    accept_with(
        listener,
        app,
        Limits {
            header_timeout,
            ..Limits::default()
        },
    )
    .await
}

/// [`accept`] with its limits given.
pub async fn accept_with(listener: tokio::net::TcpListener, app: Router, limits: Limits) {
    let conns: Conns = Arc::default();
    let mut last_id = 0u64;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors and the like: make room and wait a little rather
                // than spin.
                evict_idle(&conns);
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let full = conns
            .lock()
            .map(|c| c.len() >= limits.max_connections.max(1))
            .unwrap_or(true);
        if full && !evict_idle(&conns) {
            // Every connection is answering a request: this one waits for none of them.
            continue;
        }
        let (busy, close) = (Arc::default(), Arc::new(tokio::sync::Notify::new()));
        last_id += 1;
        let registered = Registered(conns.clone(), last_id);
        if let Ok(mut c) = conns.lock() {
            c.insert(
                last_id,
                Conn {
                    busy: Arc::clone(&busy),
                    close: close.clone(),
                },
            );
        }
        let _ = stream.set_nodelay(true);
        let service = Counted {
            inner: hyper_util::service::TowerToHyperService::new(app.clone()),
            busy,
        };
        tokio::spawn(async move {
            let _registered = registered;
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .max_header_size(MAX_HEAD_BYTES)
                .max_buf_size(MAX_HEAD_BYTES * 4)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = close.notified() => {
                    // Closes at once when idle; a request that arrived meanwhile is answered.
                    conn.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(REQUEST_TIMEOUT, conn).await;
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt;

    /// The status and body of `GET target` on a server over an index that does not exist.
    async fn get(target: &str) -> (StatusCode, String) {
        let dir = std::env::temp_dir().join("gijiroku-web-unit-no-index");
        let app = super::router(super::App::new(&dir));
        let res = app
            .oneshot(Request::get(target).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = res.status();
        let body = axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .unwrap();
        (status, String::from_utf8(body.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn pages_say_there_is_no_index_yet() {
        let (status, body) = get("/meetings").await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("索引がまだありません"), "{body}");
        let (status, body) = get("/").await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("<option value=\"question\""), "{body}");
    }

    #[tokio::test]
    async fn bad_parameters_are_refused_before_any_lookup() {
        let (status, body) = get("/api/search?q=a&kind=opinions").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            body.contains("explanation, opinion, question, answer, resolution, note"),
            "{body}"
        );
        let (status, _) = get("/meetings/not-an-id").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, body) = get("/api/nothing").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body.starts_with("{\"error\":"), "{body}");
    }
}
