//! Creates a customer and charges a saved card off-session with raw reqwest + serde_json.
//! Usage: reqwest-program BASE_URL

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = std::env::args().nth(1).ok_or("usage: reqwest-program BASE_URL")?;
    let http = reqwest::Client::new();
    let post = |path: &str, body: String| {
        http.post(format!("{base}{path}"))
            .bearer_auth("sk_test_program")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
    };
    let customer: serde_json::Value = serde_json::from_slice(
        &post("/v1/customers", "email=jenny.rosen%40example.com".into())
            .send()
            .await?
            .error_for_status()?
            .bytes()
            .await?,
    )?;
    let customer_id = customer["id"].as_str().ok_or("no customer id")?;
    let body = format!(
        "amount=1099&currency=usd&customer={customer_id}&payment_method=pm_card_visa&off_session=true&confirm=true"
    );
    let intent: serde_json::Value = serde_json::from_slice(
        &post("/v1/payment_intents", body)
            .send()
            .await?
            .error_for_status()?
            .bytes()
            .await?,
    )?;
    println!("{customer_id} {} {}", intent["id"], intent["status"]);
    Ok(())
}
