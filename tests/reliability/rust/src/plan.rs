//! Which card each customer holds, and what charging it must give.
//!
//! The two `pm_card_chargeDeclined*` cards are declined when a customer saves them (Stripe and
//! the simulator refuse to attach them), so they are charged as one-off test tokens with the
//! customer; the others are saved through Checkout setup mode first, as the flow does.

/// A test card and how it is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Card {
    /// The `pm_card_…` test token.
    pub token: &'static str,
    /// Saved through a completed setup session (else charged as a token).
    pub saved: bool,
    /// What an off-session charge of it gives.
    pub expected: Expected,
}

/// The outcome a card must give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// `Succeeded`, PaymentIntent `succeeded`.
    Succeeded,
    /// `NeedsRecovery` with Stripe's `code` and `decline_code`.
    Declined {
        /// `card_declined` or `authentication_required`.
        code: &'static str,
        /// `generic_decline`, `insufficient_funds`, `authentication_required`.
        decline_code: &'static str,
    },
}

/// Customer `j` holds `CARDS[j % CARDS.len()]`.
pub const CARDS: [Card; 6] = [
    Card {
        token: "pm_card_visa",
        saved: true,
        expected: Expected::Succeeded,
    },
    Card {
        token: "pm_card_chargeCustomerFail",
        saved: true,
        expected: Expected::Declined {
            code: "card_declined",
            decline_code: "generic_decline",
        },
    },
    Card {
        token: "pm_card_authenticationRequired",
        saved: true,
        expected: Expected::Declined {
            code: "authentication_required",
            decline_code: "authentication_required",
        },
    },
    Card {
        token: "pm_card_authenticationRequiredOnSetup",
        saved: true,
        expected: Expected::Succeeded,
    },
    Card {
        token: "pm_card_chargeDeclinedInsufficientFunds",
        saved: false,
        expected: Expected::Declined {
            code: "card_declined",
            decline_code: "insufficient_funds",
        },
    },
    Card {
        token: "pm_card_chargeDeclined",
        saved: false,
        expected: Expected::Declined {
            code: "card_declined",
            decline_code: "generic_decline",
        },
    },
];

/// The amount of charge `i`: distinct per charge, above USD's 50-cent minimum.
pub fn amount(i: usize) -> i64 {
    500 + i64::try_from(i).unwrap_or(0)
}
