//! Stripe's test payment methods (DESIGN §4) and how each behaves when attached or charged.

use crate::errors::ApiError;

/// One of the `pm_card_…` test tokens the simulator understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestCard {
    /// `pm_card_visa` (4242 4242 4242 4242): always succeeds.
    Visa,
    /// `pm_card_chargeCustomerFail` (…0341): attaches, every charge is declined.
    ChargeCustomerFail,
    /// `pm_card_authenticationRequired` (4000 0027 6000 3184): every payment needs 3DS.
    AuthenticationRequired,
    /// `pm_card_authenticationRequiredOnSetup` (4000 0025 0000 3155): 3DS on-session, none
    /// off-session once set up.
    AuthenticationRequiredOnSetup,
    /// `pm_card_chargeDeclined` (…0002): declined, even when attached.
    ChargeDeclined,
    /// `pm_card_chargeDeclinedInsufficientFunds` (…9995): declined for insufficient funds.
    ChargeDeclinedInsufficientFunds,
    /// `pm_usBankAccount_success` (ACH Direct Debit, account …6789): a bank debit, so a
    /// confirmed payment is `processing`, not `succeeded`: the result arrives days later.
    UsBankAccountSuccess,
}

/// What confirming a payment with a card does.
pub enum Charge {
    /// The payment succeeds.
    Succeeded,
    /// On-session: the customer must authenticate (`requires_action`).
    RequiresAction,
    /// The card is declined with this 402.
    Declined(ApiError),
    /// A bank debit was initiated: the PaymentIntent is `processing`.
    Processing,
}

const ALL: [TestCard; 7] = [
    TestCard::Visa,
    TestCard::ChargeCustomerFail,
    TestCard::AuthenticationRequired,
    TestCard::AuthenticationRequiredOnSetup,
    TestCard::ChargeDeclined,
    TestCard::ChargeDeclinedInsufficientFunds,
    TestCard::UsBankAccountSuccess,
];

fn generic_decline() -> ApiError {
    ApiError::card(
        "card_declined",
        "generic_decline",
        "Your card was declined.",
    )
}

fn insufficient_funds() -> ApiError {
    ApiError::card(
        "card_declined",
        "insufficient_funds",
        "Your card has insufficient funds.",
    )
}

fn authentication_required() -> ApiError {
    ApiError::card(
        "authentication_required",
        "authentication_required",
        "Your card was declined. This transaction requires authentication.",
    )
}

impl TestCard {
    /// The card behind a `pm_card_…` token.
    pub fn from_token(token: &str) -> Option<TestCard> {
        ALL.into_iter().find(|card| card.token() == token)
    }

    /// The token, e.g. `pm_card_visa`.
    pub fn token(self) -> &'static str {
        match self {
            TestCard::Visa => "pm_card_visa",
            TestCard::ChargeCustomerFail => "pm_card_chargeCustomerFail",
            TestCard::AuthenticationRequired => "pm_card_authenticationRequired",
            TestCard::AuthenticationRequiredOnSetup => "pm_card_authenticationRequiredOnSetup",
            TestCard::ChargeDeclined => "pm_card_chargeDeclined",
            TestCard::ChargeDeclinedInsufficientFunds => "pm_card_chargeDeclinedInsufficientFunds",
            TestCard::UsBankAccountSuccess => "pm_usBankAccount_success",
        }
    }

    /// Whether this is a bank account (`us_bank_account`) rather than a card.
    pub fn is_bank_account(self) -> bool {
        matches!(self, TestCard::UsBankAccountSuccess)
    }

    /// Last four digits of the test card number.
    pub fn last4(self) -> &'static str {
        match self {
            TestCard::Visa => "4242",
            TestCard::ChargeCustomerFail => "0341",
            TestCard::AuthenticationRequired => "3184",
            TestCard::AuthenticationRequiredOnSetup => "3155",
            TestCard::ChargeDeclined => "0002",
            TestCard::ChargeDeclinedInsufficientFunds => "9995",
            TestCard::UsBankAccountSuccess => "6789",
        }
    }

    /// A stable fingerprint per card number, as Stripe gives one.
    pub fn fingerprint(self) -> &'static str {
        match self {
            TestCard::Visa => "Xt5EWLLDS7FJjR1c",
            TestCard::ChargeCustomerFail => "Qm2PcW8dRb5TnK0e",
            TestCard::AuthenticationRequired => "Lk9ZsV3hYq7JfN2a",
            TestCard::AuthenticationRequiredOnSetup => "Hw4UxB6gEp1MdR8c",
            TestCard::ChargeDeclined => "Tn7CyA2kWs9GbL5f",
            TestCard::ChargeDeclinedInsufficientFunds => "Pv3RjE8mXu6KcH1d",
            TestCard::UsBankAccountSuccess => "Bq6NsD4vZa8LhT3y",
        }
    }

    /// The 402 Stripe returns when this card is attached to a customer (or saved by a
    /// SetupIntent), if it is one that declines there.
    pub fn attach_error(self) -> Option<ApiError> {
        match self {
            TestCard::ChargeDeclined => Some(generic_decline()),
            TestCard::ChargeDeclinedInsufficientFunds => Some(insufficient_funds()),
            _ => None,
        }
    }

    /// Outcome of confirming a payment. `set_up` is true for a card saved through a SetupIntent.
    ///
    /// `authenticationRequiredOnSetup` succeeds off-session as DESIGN §4 specifies (Stripe's
    /// card authenticates during setup and then charges off-session without 3DS).
    pub fn charge(self, off_session: bool, set_up: bool) -> Charge {
        match self {
            TestCard::Visa => Charge::Succeeded,
            TestCard::ChargeCustomerFail | TestCard::ChargeDeclined => {
                Charge::Declined(generic_decline())
            }
            TestCard::ChargeDeclinedInsufficientFunds => Charge::Declined(insufficient_funds()),
            TestCard::AuthenticationRequired if off_session => {
                Charge::Declined(authentication_required())
            }
            TestCard::AuthenticationRequired => Charge::RequiresAction,
            TestCard::AuthenticationRequiredOnSetup if off_session || set_up => Charge::Succeeded,
            TestCard::AuthenticationRequiredOnSetup => Charge::RequiresAction,
            TestCard::UsBankAccountSuccess => Charge::Processing,
        }
    }

    /// The error to report when a payment that would need authentication must not ask for it
    /// (`error_on_requires_action=true`).
    pub fn authentication_error() -> ApiError {
        authentication_required()
    }
}
