//! Two real `stempel serve` processes on one database share one API-key budget: nothing of
//! the throttle lives in a process's memory.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::process::{Child, Command};

use crate::common::{account, backends, key};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn spawn_server(db_url: &str, port: u16, limit: u32) -> Child {
    let child = Command::new(env!("CARGO_BIN_EXE_stempel"))
        .args(["serve"])
        .env("STEMPEL_DATABASE_URL", db_url)
        .env("STEMPEL_ADDR", format!("127.0.0.1:{port}"))
        .env("STEMPEL_API_RATE_LIMIT", limit.to_string())
        .env("RUST_LOG", "warn")
        .kill_on_drop(true)
        .spawn()
        .expect("start stempel");
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return child;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("stempel did not start on port {port}");
}

/// A minimal HTTP/1.1 GET: (status, raw response head).
async fn get(port: u16, path: &str, creds: &(String, String)) -> (u16, String) {
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-TimeTrack-Api-Key: {}\r\nX-TimeTrack-Api-Secret: {}\r\nConnection: close\r\n\r\n",
        creds.0, creds.1
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.unwrap();
    let text = String::from_utf8_lossy(&buf).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text.to_lowercase())
}

#[tokio::test]
async fn two_processes_share_the_throttle() {
    for b in backends().await {
        let admin = account(&b.db, "acme").await;
        let creds = key(&b.db, &admin).await;
        let (p1, p2) = (free_port(), free_port());
        let _s1 = spawn_server(&b.url, p1, 30).await;
        let _s2 = spawn_server(&b.url, p2, 30).await;
        let mut accepted = 0;
        for i in 0..30 {
            let port = if i % 2 == 0 { p1 } else { p2 };
            let (status, head) = get(port, "/api/v2/ext/clients", &creds).await;
            assert_eq!(status, 200, "{}: request {i}: {head}", b.name);
            assert!(head.contains("x-ratelimit-limit: 30"));
            accepted += 1;
        }
        assert_eq!(accepted, 30);
        for port in [p1, p2] {
            let (status, head) = get(port, "/api/v2/ext/clients", &creds).await;
            assert_eq!(
                status, 429,
                "{}: the 31st request, on either process",
                b.name
            );
            assert!(head.contains("retry-after: "), "{head}");
            assert!(head.contains("\"code\":10429"), "{head}");
        }
    }
}
