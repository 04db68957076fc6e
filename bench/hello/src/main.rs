//! `bench-hello [addr]`: answers `GET /` with a small JSON body, nothing else. bench/run loads
//! it with the same client and connections as Stempel's API to show the ceiling of the stack
//! (tokio + hyper + axum) on this machine.

use axum::routing::get;
use axum::Router;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3390".to_string());
    let app = Router::new().route(
        "/",
        get(|| async {
            (
                [("content-type", "application/json; charset=utf-8")],
                r#"{"data":{"id":1,"projectName":"Hello"}}"#,
            )
        }),
    );
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    axum::serve(listener, app).await
}
