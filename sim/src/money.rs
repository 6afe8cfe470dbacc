//! Amount bounds per currency, with Stripe's messages (`amount_too_small`, `amount_too_large`).

use crate::errors::ApiError;

/// Largest amount Stripe accepts for a charge (eight digits in the smallest unit).
pub const MAX_AMOUNT: i64 = 99_999_999;

const ZERO_DECIMAL: &[&str] = &[
    "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
    "xaf", "xof", "xpf",
];

/// Stripe's minimum charge in the smallest unit (50 cents for usd-like currencies).
pub fn minimum(currency: &str) -> i64 {
    match currency {
        "gbp" => 30,
        "dkk" => 250,
        "nok" | "sek" => 300,
        "hkd" => 400,
        "mxn" | "thb" => 1000,
        "pln" | "ron" | "myr" | "aed" => 200,
        "bgn" => 100,
        "czk" => 1500,
        "huf" => 17500,
        _ => 50,
    }
}

/// Formats an amount the way Stripe's messages do: `$0.50 usd`, `¥50 jpy`.
fn display(amount: i64, currency: &str) -> String {
    let symbol = match currency {
        "usd" => "$",
        "eur" => "€",
        "gbp" => "£",
        "jpy" => "¥",
        _ => "",
    };
    let (units, cents) = if ZERO_DECIMAL.contains(&currency) {
        (amount, None)
    } else {
        (amount / 100, Some(amount % 100))
    };
    let digits = units.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match cents {
        Some(c) => format!("{symbol}{grouped}.{c:02}"),
        None => format!("{symbol}{grouped}"),
    }
}

/// Checks a charge amount: at least 1, at least the currency's minimum, at most [`MAX_AMOUNT`].
pub fn check(amount: i64, currency: &str, param: &str) -> Result<(), ApiError> {
    if amount < 1 {
        return Err(
            ApiError::invalid("This value must be greater than or equal to 1.").param(param),
        );
    }
    let min = minimum(currency);
    if amount < min {
        return Err(ApiError::invalid(format!(
            "Amount must be at least {} {currency}",
            display(min, currency)
        ))
        .param(param)
        .code("amount_too_small"));
    }
    if amount > MAX_AMOUNT {
        return Err(ApiError::invalid(format!(
            "Amount must be no more than {}",
            display(MAX_AMOUNT, currency)
        ))
        .param(param)
        .code("amount_too_large"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn messages_look_like_stripe() {
        let small = super::check(49, "usd", "amount").expect_err("too small");
        assert_eq!(small.fields["message"], "Amount must be at least $0.50 usd");
        let large = super::check(100_000_000, "usd", "amount").expect_err("too large");
        assert_eq!(
            large.fields["message"],
            "Amount must be no more than $999,999.99"
        );
        assert!(super::check(50, "usd", "amount").is_ok());
        assert!(super::check(30, "gbp", "amount").is_ok());
    }
}
