//! What can go wrong: the server's errors ([`ServeError`]) and one request's ([`WebError`]),
//! answered as an HTML error page or as JSON `{"error": …}`.

use std::net::SocketAddr;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Json, Response};

use super::html::{Section, esc, page};
use crate::index::IndexError;

/// Errors of the server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The async runtime could not be started.
    #[error("cannot start the server's runtime")]
    Runtime(#[source] std::io::Error),
    /// The server stopped on an error.
    #[error("the server stopped")]
    Serve(#[source] std::io::Error),
}

/// What went wrong with one request; answered as an HTML page or as JSON `{"error": …}`.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// The request is not valid (the message says why, in Japanese).
    #[error("{0}")]
    BadRequest(String),
    /// Nothing has this id.
    #[error("{0}")]
    NotFound(String),
    /// No index yet.
    #[error("索引がまだありません。gijiroku ingest を実行してください。")]
    NoIndex,
    /// The request took too long.
    #[error("時間がかかりすぎたため中断しました。条件を絞ってもう一度お試しください。")]
    Timeout,
    /// Too many expensive requests at once.
    #[error("混み合っています。しばらくしてからもう一度お試しください。")]
    Busy,
    /// Reading the index failed.
    #[error("索引を読み取れませんでした: {0}")]
    Internal(String),
}

impl WebError {
    pub(super) fn status(&self) -> StatusCode {
        match self {
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::NoIndex | WebError::Timeout | WebError::Busy => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub(super) fn title(&self) -> &'static str {
        match self {
            WebError::BadRequest(_) => "条件を確認してください",
            WebError::NotFound(_) => "見つかりません",
            WebError::NoIndex => "索引がありません",
            WebError::Timeout => "時間切れ",
            WebError::Busy => "混雑",
            WebError::Internal(_) => "エラー",
        }
    }

    pub(super) fn page(self) -> Response {
        (
            self.status(),
            Html(error_page(self.title(), &self.to_string())),
        )
            .into_response()
    }

    pub(super) fn json(self) -> Response {
        (
            self.status(),
            Json(serde_json::json!({ "error": self.to_string() })),
        )
            .into_response()
    }
}

impl From<IndexError> for WebError {
    fn from(e: IndexError) -> WebError {
        match e {
            IndexError::Missing { .. } => WebError::NoIndex,
            IndexError::Query { reason, .. } => {
                WebError::BadRequest(format!("検索条件を読み取れません: {reason}"))
            }
            IndexError::NotFound { id } => {
                WebError::NotFound(format!("ID {id} の会議は索引にありません。"))
            }
            other => WebError::Internal(crate::error::chain(&other)),
        }
    }
}

/// An error page with its message.
fn error_page(title: &str, message: &str) -> String {
    page(
        title,
        Section::Other,
        &format!(
            "<h1>{}</h1><p role=\"alert\">{}</p><p><a href=\"/\">検索のページへ戻る</a></p>",
            esc(title),
            esc(message)
        ),
    )
}
