//! The README's main command: the whole flow on the embedded simulator, exit code 0.

use std::process::Command;

#[test]
fn the_main_job_walks_the_whole_flow_on_the_simulator() {
    let output = Command::new(env!("CARGO_BIN_EXE_future_payments"))
        .env_remove("STRIPE_SECRET_KEY")
        .output()
        .expect("run the example");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "exit {:?}\nstdout:\n{stdout}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    for expected in [
        "customer created",
        "setup session created",
        "redirect the customer to http://127.0.0.1:",
        "customer saved a card",
        "session retrieved, expanded     seti_",
        "status=succeeded payment_method=pm_",
        "charged 10.99 USD off-session   pi_",
        "charge declined                 HTTP 402 card_error code=card_declined decline_code=generic_decline request=req_",
        "is now requires_payment_method",
        "recovery session created cs_",
        "mode=payment amount=1099 USD",
        "send the customer to http://127.0.0.1:",
        "customer paid the recovery page",
        "recovery completed              pi_",
        "status=succeeded new payment_method=pm_",
        "declined payment intent closed  pi_",
        "status=canceled",
        "charged the recovered card      pi_",
        "2 charges succeeded, 1 declined and recovered",
    ] {
        assert!(stdout.contains(expected), "missing {expected:?} in:\n{stdout}");
    }
}
