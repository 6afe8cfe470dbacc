//! Stripe-shaped object ids: a prefix and random alphanumerics, as long as Stripe's own.

/// `prefix` followed by `len` random ASCII alphanumerics.
pub fn random(prefix: &str, len: usize) -> String {
    let mut id = String::with_capacity(prefix.len() + len);
    id.push_str(prefix);
    id.extend(std::iter::repeat_with(fastrand::alphanumeric).take(len));
    id
}

/// `cus_` + 14, like `cus_RZx4bN7qLk2mWp`.
pub fn customer() -> String {
    random("cus_", 14)
}

/// `cs_test_` + 60: Checkout Session ids are long (the fixtures' are 66 characters in all).
pub fn checkout_session() -> String {
    random("cs_test_c1", 58)
}

/// `seti_1` + 23.
pub fn setup_intent() -> String {
    random("seti_1", 23)
}

/// `setatt_1` + 23 (referenced by `latest_attempt`; not a stored object).
pub fn setup_attempt() -> String {
    random("setatt_1", 23)
}

/// `pm_1` + 23.
pub fn payment_method() -> String {
    random("pm_1", 23)
}

/// `pi_3` + 23.
pub fn payment_intent() -> String {
    random("pi_3", 23)
}

/// `ch_3` + 23 (charges are referenced, not stored).
pub fn charge() -> String {
    random("ch_3", 23)
}

/// `evt_1` + 23.
pub fn event() -> String {
    random("evt_1", 23)
}

/// `req_` + 14: the `Request-Id` header.
pub fn request() -> String {
    random("req_", 14)
}

/// `we_1` + 23: a webhook endpoint.
pub fn webhook_endpoint() -> String {
    random("we_1", 23)
}

/// `whsec_` + 32: a webhook signing secret.
pub fn webhook_secret() -> String {
    random("whsec_", 32)
}

/// `<object id>_secret_` + 25: the `client_secret` of an intent.
pub fn client_secret(object_id: &str) -> String {
    random(&format!("{object_id}_secret_"), 25)
}

/// Eight upper-case hex digits: a customer's `invoice_prefix`.
pub fn invoice_prefix() -> String {
    std::iter::repeat_with(|| {
        let digit = fastrand::u8(0..16);
        char::from_digit(u32::from(digit), 16)
            .unwrap_or('0')
            .to_ascii_uppercase()
    })
    .take(8)
    .collect()
}
