//! Charges, as they appear in a PaymentIntent's `latest_charge` when it is expanded
//! (`expand: ["latest_charge"]`): the attempt's result, receipt and network details.

use serde::{Deserialize, Serialize};

use crate::expandable::Object;
use crate::types::{Extra, Metadata};

/// A charge: one attempt to move money for a PaymentIntent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Charge {
    /// `ch_…` (or `py_…` for some payment methods).
    pub id: String,
    /// Amount in the currency's smallest unit.
    #[serde(default)]
    pub amount: i64,
    /// Amount captured so far.
    #[serde(default)]
    pub amount_captured: Option<i64>,
    /// Three-letter lowercase currency code.
    #[serde(default)]
    pub currency: Option<String>,
    /// `succeeded`, `pending` or `failed`.
    #[serde(default)]
    pub status: Option<String>,
    /// Whether the charge succeeded or was authorized for later capture.
    #[serde(default)]
    pub paid: bool,
    /// Whether the amount was captured.
    #[serde(default)]
    pub captured: bool,
    /// Why it failed (`card_declined`, …).
    #[serde(default)]
    pub failure_code: Option<String>,
    /// The failure, in words.
    #[serde(default)]
    pub failure_message: Option<String>,
    /// The payment method charged.
    #[serde(default)]
    pub payment_method: Option<String>,
    /// The receipt's URL.
    #[serde(default)]
    pub receipt_url: Option<String>,
    /// Your key-value pairs.
    #[serde(default)]
    pub metadata: Metadata,
    /// Every other field Stripe sent (`outcome`, `payment_method_details`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

impl Object for Charge {
    fn id(&self) -> &str {
        &self.id
    }
}
