//! What the client checks before sending the generated parameters, and a few constructors for
//! the shapes the flow uses. Only what Stripe would refuse anyway, or what could change the
//! request's meaning, is checked here (ids that could change a URL, amounts, currencies): every
//! other rule is Stripe's to apply, so a parameter Stripe relaxes next year is not refused here.

use super::{
    AttachPaymentMethod, CreateCheckoutSession, CreateCheckoutSessionLineItem,
    CreateCheckoutSessionLineItemPriceData, CreateCheckoutSessionLineItemPriceDataProductData,
    CreateCheckoutSessionMode, CreatePaymentIntent, ListCustomerPaymentMethods, UpdateCustomer,
};
use crate::{validate, Error, Result};

impl CreateCheckoutSession {
    /// A setup-mode session that saves a payment method in `currency` for later charges.
    pub fn setup(currency: impl Into<String>, success_url: impl Into<String>) -> Self {
        Self {
            mode: Some(CreateCheckoutSessionMode::Setup),
            currency: Some(currency.into()),
            success_url: Some(success_url.into()),
            ..Self::default()
        }
    }

    /// A payment-mode session for one item of `unit_amount` in `currency`, named `name`.
    pub fn payment(
        name: impl Into<String>,
        unit_amount: i64,
        currency: impl Into<String>,
        success_url: impl Into<String>,
    ) -> Self {
        Self {
            mode: Some(CreateCheckoutSessionMode::Payment),
            line_items: vec![CreateCheckoutSessionLineItem::new(
                name,
                unit_amount,
                currency,
            )],
            success_url: Some(success_url.into()),
            ..Self::default()
        }
    }

    pub(crate) fn validate(&self) -> Result<()> {
        if self.mode.is_none() {
            return Err(Error::invalid_input(
                "mode",
                "is required: setup (save a card) or payment",
            ));
        }
        for (param, url) in [
            ("success_url", &self.success_url),
            ("cancel_url", &self.cancel_url),
            ("return_url", &self.return_url),
        ] {
            if let Some(url) = url {
                validate::non_empty(param, url)?;
            }
        }
        if let Some(currency) = &self.currency {
            validate::currency("currency", currency)?;
        }
        if let Some(customer) = &self.customer {
            validate::object_id("customer", customer)?;
        }
        for (index, item) in self.line_items.iter().enumerate() {
            item.validate(index)?;
        }
        Ok(())
    }
}

impl CreateCheckoutSessionLineItem {
    /// One item named `name` at `unit_amount` in `currency`.
    pub fn new(name: impl Into<String>, unit_amount: i64, currency: impl Into<String>) -> Self {
        Self {
            price_data: Some(CreateCheckoutSessionLineItemPriceData {
                currency: currency.into(),
                product_data: Some(CreateCheckoutSessionLineItemPriceDataProductData {
                    name: name.into(),
                    ..Default::default()
                }),
                unit_amount: Some(unit_amount),
                ..Default::default()
            }),
            quantity: Some(1),
            ..Default::default()
        }
    }

    fn validate(&self, index: usize) -> Result<()> {
        let param = |field: &str| format!("line_items[{index}][{field}]");
        if let Some(quantity) = self.quantity {
            if quantity < 1 {
                return Err(Error::invalid_input(
                    param("quantity"),
                    "must be at least 1",
                ));
            }
        }
        match (&self.price, &self.price_data) {
            (Some(price), None) => validate::object_id(&param("price"), price),
            (None, Some(data)) => {
                validate::currency(&param("price_data][currency"), &data.currency)?;
                if let Some(unit_amount) = data.unit_amount {
                    validate::amount(&param("price_data][unit_amount"), unit_amount)?;
                }
                if let Some(product_data) = &data.product_data {
                    validate::non_empty(
                        &param("price_data][product_data][name"),
                        &product_data.name,
                    )?;
                }
                Ok(())
            }
            _ => Err(Error::invalid_input(
                param("price_data"),
                "give exactly one of price or price_data",
            )),
        }
    }
}

impl CreatePaymentIntent {
    pub(crate) fn validate(&self) -> Result<()> {
        validate::amount("amount", self.amount)?;
        validate::currency("currency", &self.currency)?;
        if let Some(customer) = &self.customer {
            validate::object_id("customer", customer)?;
        }
        if let Some(payment_method) = &self.payment_method {
            validate::object_id("payment_method", payment_method)?;
        }
        if let Some(fee) = self.application_fee_amount {
            if fee < 0 {
                return Err(Error::invalid_input(
                    "application_fee_amount",
                    "must not be negative",
                ));
            }
        }
        Ok(())
    }
}

impl AttachPaymentMethod {
    pub(crate) fn validate(&self) -> Result<()> {
        match &self.customer {
            Some(customer) => validate::object_id("customer", customer),
            None => Err(Error::invalid_input(
                "customer",
                "is required: the customer (cus_…) to attach to",
            )),
        }
    }
}

impl UpdateCustomer {
    pub(crate) fn validate(&self) -> Result<()> {
        let default_method = self
            .invoice_settings
            .as_ref()
            .and_then(|settings| settings.default_payment_method.as_deref());
        // "" unsets the default; anything else must be an id.
        match default_method {
            Some(id) if !id.is_empty() => {
                validate::object_id("invoice_settings[default_payment_method]", id)
            }
            _ => Ok(()),
        }
    }
}

impl ListCustomerPaymentMethods {
    pub(crate) fn validate(&self) -> Result<()> {
        if let Some(limit) = self.limit {
            if !(1..=100).contains(&limit) {
                return Err(Error::invalid_input("limit", "must be from 1 to 100"));
            }
        }
        for (param, cursor) in [
            ("starting_after", &self.starting_after),
            ("ending_before", &self.ending_before),
        ] {
            if let Some(cursor) = cursor {
                validate::object_id(param, cursor)?;
            }
        }
        Ok(())
    }
}
