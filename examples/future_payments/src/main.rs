//! The seed guide's whole flow, one readable line per step.
//!
//! Without `STRIPE_SECRET_KEY` it starts the embedded simulator and plays the customer itself.
//! With `STRIPE_SECRET_KEY=sk_test_…` it talks to Stripe, and waits for you to open the setup
//! URL and save a test card (4242 4242 4242 4242).

mod customer;

use std::time::{Duration, Instant};

use offsession::{
    AttachPaymentMethod, CancelPaymentIntent, CancellationReason, ChargeOutcome, Client,
    CompleteSetup, CreateCustomer, OffSessionCharge, Recovery, StartSetup,
};

const SUCCESS_URL: &str = "https://example.com/success?session_id={CHECKOUT_SESSION_ID}";
const PAID_URL: &str = "https://example.com/paid?session_id={CHECKOUT_SESSION_ID}";

/// Prints one step with the time it took.
struct Steps {
    started: Instant,
    last: Instant,
}

impl Steps {
    fn new() -> Self {
        let now = Instant::now();
        Self {
            started: now,
            last: now,
        }
    }

    fn done(&mut self, what: std::fmt::Arguments<'_>) {
        let now = Instant::now();
        println!(
            "[{:>7.1} ms] {what}",
            (now - self.last).as_secs_f64() * 1000.0
        );
        self.last = now;
    }

    fn note(&self, what: std::fmt::Arguments<'_>) {
        println!("             {what}");
    }
}

#[tokio::main]
async fn main() {
    if let Err(error) = run().await {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let live_key = std::env::var("STRIPE_SECRET_KEY")
        .ok()
        .filter(|k| !k.is_empty());
    // Keep the simulator alive for the whole run when it is used.
    let (client, customer_side, _sim) = match live_key {
        Some(key) => {
            if !key.starts_with("sk_test_") {
                return Err("STRIPE_SECRET_KEY must be a test-mode key (sk_test_…)".into());
            }
            println!("offsession future payments — against Stripe test mode");
            (Client::new(key)?, customer::Customer::Person, None)
        }
        None => {
            let sim = offsession_sim::start()?;
            println!(
                "offsession future payments — against the embedded simulator at {}",
                sim.url()
            );
            println!("(set STRIPE_SECRET_KEY=sk_test_… to run against Stripe itself)");
            let client = Client::builder("sk_test_future_payments")
                .base_url(sim.url())
                .build()?;
            (
                client,
                customer::Customer::Simulated(sim.url().to_owned()),
                Some(sim),
            )
        }
    };
    let mut steps = Steps::new();

    // 1. The customer.
    let jenny = client
        .customers()
        .create(&CreateCustomer {
            email: Some("jenny.rosen@example.com".into()),
            name: Some("Jenny Rosen".into()),
            ..Default::default()
        })
        .await?;
    steps.done(format_args!(
        "customer created                {}  {}",
        jenny.id,
        jenny.email.as_deref().unwrap_or_default()
    ));

    // 2. A setup-mode Checkout Session for that customer.
    let started = client
        .start_setup(&StartSetup {
            currency: "usd".into(),
            success_url: Some(SUCCESS_URL.into()),
            customer: Some(jenny.id.clone()),
            ..Default::default()
        })
        .await?;
    let session = &started.session;
    steps.done(format_args!(
        "setup session created           {}  mode={} status={}",
        session.id,
        session.mode,
        session.status.as_ref().map_or("?", |s| s.as_str())
    ));
    steps.note(format_args!(
        "redirect the customer to {}",
        started.url().unwrap_or("(no url)")
    ));

    // 3. The customer fills in the hosted page.
    customer_side
        .complete(&client, &session.id, "pm_card_visa")
        .await?;
    steps.done(format_args!(
        "customer saved a card           {}",
        customer_side.describe("pm_card_visa")
    ));

    // 4. One retrieve with the SetupIntent expanded gives the payment method.
    let saved = client
        .complete_setup(&session.id, &CompleteSetup::default())
        .await?;
    steps.done(format_args!(
        "session retrieved, expanded     {}  status={} payment_method={}",
        saved.setup_intent.id, saved.setup_intent.status, saved.payment_method_id
    ));

    // 5. Later, without the customer: charge 10.99 USD.
    let outcome = client
        .charge_off_session(&charge(
            &saved.customer_id,
            &saved.payment_method_id,
            "order-1001",
        ))
        .await?;
    match &outcome {
        ChargeOutcome::Succeeded(pi) => steps.done(format_args!(
            "charged 10.99 USD off-session   {}  status={} amount_received={}",
            pi.id,
            pi.status,
            pi.amount_received.unwrap_or(0)
        )),
        other => {
            return Err(format!("the first charge should succeed, got {}", other.name()).into())
        }
    }

    // 6. A second customer whose saved card the bank declines off-session.
    let richard = client
        .customers()
        .create(&CreateCustomer {
            email: Some("richard.roe@example.com".into()),
            name: Some("Richard Roe".into()),
            ..Default::default()
        })
        .await?;
    let declining_card = client
        .payment_methods()
        .attach(
            "pm_card_chargeCustomerFail",
            &AttachPaymentMethod {
                customer: Some(richard.id.clone()),
                ..Default::default()
            },
        )
        .await?;
    steps.done(format_args!(
        "second customer with a card     {}  {} ({} •••• {})",
        richard.id,
        declining_card.id,
        declining_card
            .card
            .as_ref()
            .and_then(|c| c.brand.as_deref())
            .unwrap_or("card"),
        declining_card
            .card
            .as_ref()
            .and_then(|c| c.last4.as_deref())
            .unwrap_or("????")
    ));

    // 7. The charge is declined with HTTP 402: a recovery Checkout Session comes back.
    let outcome = client
        .charge_off_session(&charge(&richard.id, &declining_card.id, "order-1002"))
        .await?;
    let ChargeOutcome::NeedsRecovery {
        error,
        payment_intent,
        recovery_session,
    } = outcome
    else {
        return Err(format!(
            "the second charge should be declined, got {}",
            outcome.name()
        )
        .into());
    };
    steps.done(format_args!(
        "charge declined                 HTTP {} {} code={} decline_code={} request={} (with the recovery session)",
        error.http_status,
        error.details.type_.as_deref().unwrap_or("card_error"),
        error.details.code.as_deref().unwrap_or("-"),
        error.details.decline_code.as_deref().unwrap_or("-"),
        error.request_id.as_deref().unwrap_or("-")
    ));
    if let Some(pi) = &payment_intent {
        steps.note(format_args!(
            "payment intent {} is now {}",
            pi.id, pi.status
        ));
    }
    steps.note(format_args!(
        "message for the customer: {}",
        error
            .details
            .message
            .as_deref()
            .unwrap_or("Your card was declined.")
    ));
    steps.note(format_args!(
        "recovery session created {}  mode={} amount={} {}",
        recovery_session.id,
        recovery_session.mode,
        recovery_session.amount_total.unwrap_or(0),
        recovery_session
            .currency
            .as_deref()
            .unwrap_or("")
            .to_uppercase()
    ));
    steps.note(format_args!(
        "send the customer to {}",
        recovery_session.url.as_deref().unwrap_or("(no url)")
    ));

    // 8. The customer pays on the recovery page with another card, which is saved for next time.
    customer_side
        .complete(&client, &recovery_session.id, "pm_card_visa")
        .await?;
    steps.done(format_args!(
        "customer paid the recovery page {}",
        customer_side.describe("pm_card_visa")
    ));
    let recovered = client.complete_recovery(&recovery_session.id).await?;
    steps.done(format_args!(
        "recovery completed              {}  status={} new payment_method={}",
        recovered.payment_intent.id, recovered.payment_intent.status, recovered.payment_method_id
    ));

    // 9. The declined PaymentIntent is closed for good.
    if let Some(declined) = &recovered.declined_payment_intent_id {
        let canceled = client
            .payment_intents()
            .cancel(
                declined,
                &CancelPaymentIntent {
                    cancellation_reason: Some(CancellationReason::Abandoned),
                },
            )
            .await?;
        steps.done(format_args!(
            "declined payment intent closed  {}  status={}",
            canceled.id, canceled.status
        ));
    }

    // 10. The next charge uses the card saved on the recovery page.
    let next = client
        .charge_off_session(&charge(
            &recovered.customer_id,
            &recovered.payment_method_id,
            "order-1003",
        ))
        .await?;
    let ChargeOutcome::Succeeded(pi) = &next else {
        return Err(format!("the next charge should succeed, got {}", next.name()).into());
    };
    steps.done(format_args!(
        "charged the recovered card      {}  status={}",
        pi.id, pi.status
    ));
    println!(
        "done in {:.1} ms: 2 charges succeeded, 1 declined and recovered",
        steps.started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}

fn charge(customer: &str, payment_method: &str, order: &str) -> OffSessionCharge {
    OffSessionCharge {
        customer: customer.into(),
        payment_method: payment_method.into(),
        amount: 1099,
        currency: "usd".into(),
        description: Some(format!("{order}: T-shirt")),
        idempotency_key: order.into(),
        recovery: Recovery {
            product_name: "T-shirt".into(),
            success_url: PAID_URL.into(),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// How long the Stripe-mode run waits for a person to finish the hosted page.
pub const HUMAN_TIMEOUT: Duration = Duration::from_secs(15 * 60);
