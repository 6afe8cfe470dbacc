//! Creates a customer and charges a saved card off-session through offsession's core.
//! Usage: core-program BASE_URL

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = std::env::args().nth(1).ok_or("usage: core-program BASE_URL")?;
    let client = offsession::Client::builder("sk_test_program").base_url(&base).build()?;
    let customer = client
        .customers()
        .create(&offsession::CreateCustomer {
            email: Some("jenny.rosen@example.com".into()),
            ..Default::default()
        })
        .await?;
    let intent = client
        .payment_intents()
        .create(&offsession::CreatePaymentIntent {
            amount: 1099,
            currency: "usd".into(),
            customer: Some(customer.id.clone()),
            payment_method: Some("pm_card_visa".into()),
            off_session: Some(offsession::OffSession::Bool(true)),
            confirm: Some(true),
            ..Default::default()
        })
        .await?;
    println!("{} {} {}", customer.id, intent.id, intent.status);
    Ok(())
}
