//! The `offsession-sim` binary prints its URL first, then serves.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Kills the child even when an assertion fails.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn prints_the_url_then_serves() {
    let mut child = Killed(
        Command::new(env!("CARGO_BIN_EXE_offsession-sim"))
            .args(["--port", "0"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn the binary"),
    );
    let stdout = child.0.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    let url = line.trim();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let resp = crate::common::post(url, "/v1/customers", "name=Jenny").await;
    assert_eq!(resp.status, 200);
}

#[test]
fn refuses_non_loopback_hosts() {
    let config = offsession_sim::SimConfig {
        host: "0.0.0.0".into(),
        port: 0,
    };
    assert!(offsession_sim::start_with(config).is_err());
}
