//! The customer's side of the hosted page: simulated, or a real person with a browser.

use std::time::Duration;

use offsession::{CheckoutSessionStatus, Client};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Who fills in the Checkout page.
pub enum Customer {
    /// The simulator at this URL plays the customer.
    Simulated(String),
    /// A person opens the URL; we poll until the session is complete.
    Person,
}

impl Customer {
    /// Completes (or waits for the completion of) a Checkout Session.
    pub async fn complete(
        &self,
        client: &Client,
        session_id: &str,
        test_card: &str,
    ) -> Result<(), Box<dyn std::error::Error>> {
        match self {
            Customer::Simulated(sim_url) => {
                let body = format!(r#"{{"payment_method":"{test_card}","name":"Jenny Rosen"}}"#);
                let status = post_json(
                    sim_url,
                    &format!("/_sim/checkout/sessions/{session_id}/complete"),
                    &body,
                )
                .await?;
                if status != 200 {
                    return Err(format!(
                        "the simulator refused to complete the session (HTTP {status})"
                    )
                    .into());
                }
                Ok(())
            }
            Customer::Person => {
                println!(
                    "             waiting for you to open the URL above and complete the page with a test card (4242 4242 4242 4242)…"
                );
                let deadline = tokio::time::Instant::now() + crate::HUMAN_TIMEOUT;
                loop {
                    let session = client.checkout_sessions().retrieve(session_id).await?;
                    if session.status == Some(CheckoutSessionStatus::Complete) {
                        return Ok(());
                    }
                    if tokio::time::Instant::now() > deadline {
                        return Err("gave up waiting for the Checkout page to be completed".into());
                    }
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
            }
        }
    }

    /// How the card was saved, for the step's line.
    pub fn describe(&self, test_card: &str) -> String {
        match self {
            Customer::Simulated(_) => format!("(simulated page, test card {test_card})"),
            Customer::Person => "(on the hosted page)".into(),
        }
    }
}

/// A one-shot `POST` of JSON to the simulator's control surface; returns the HTTP status.
async fn post_json(base: &str, path: &str, body: &str) -> std::io::Result<u16> {
    let authority = base.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(authority).await?;
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let status_line = String::from_utf8_lossy(&response);
    status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::other("the simulator sent no HTTP status"))
}
