//! Creates a customer and charges a saved card off-session with async-stripe.
//! Usage: async-stripe-program BASE_URL

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = std::env::args().nth(1).ok_or("usage: async-stripe-program BASE_URL")?;
    let client = stripe::Client::from_url(base.as_str(), "sk_test_program");
    let customer = stripe::Customer::create(
        &client,
        stripe::CreateCustomer {
            email: Some("jenny.rosen@example.com"),
            ..Default::default()
        },
    )
    .await?;
    let mut params = stripe::CreatePaymentIntent::new(1099, stripe::Currency::USD);
    params.customer = Some(customer.id.clone());
    params.payment_method = Some("pm_card_visa".parse()?);
    params.off_session = Some(stripe::PaymentIntentOffSession::Exists(true));
    params.confirm = Some(true);
    let intent = stripe::PaymentIntent::create(&client, params).await?;
    println!("{} {} {:?}", customer.id, intent.id, intent.status);
    Ok(())
}
