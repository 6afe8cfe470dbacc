//! Steps 1–5: a setup-mode Checkout Session, then the saved payment method ready to charge.

use serde::Deserialize;

use crate::expandable::Expandable;
use crate::flow::{name_caller_key, step_key};
use crate::params::{
    AttachPaymentMethod, Clearable, CreateCheckoutSession, CreateCheckoutSessionMode,
    CreateCustomer, SetupSessionData, UiMode, UpdateSetupIntent,
};
use crate::resources::{
    CheckoutSession, CheckoutSessionMode, CheckoutSessionStatus, Event, EventType, PaymentMethod,
    SetupIntent, SetupIntentStatus,
};
use crate::types::Metadata;
use crate::{validate, Client, Error, Result};

/// Metadata key on the SetupIntent naming the customer `complete_setup` created for a session
/// that had none.
pub const SETUP_CUSTOMER_METADATA_KEY: &str = "offsession_customer";

/// What [`Client::start_setup`] needs. Deserialisable, so every binding reads it from its own
/// values with [`crate::params::from_deserializer`].
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartSetup {
    /// Currency of the later charges (Checkout shows the payment methods that support it).
    pub currency: String,
    /// Where the customer lands afterwards; add `{CHECKOUT_SESSION_ID}` to get the session id.
    /// Required unless `session_data.ui_mode` is `embedded_page`, which takes
    /// `session_data.return_url`.
    #[serde(default)]
    pub success_url: Option<String>,
    /// Where the customer lands on cancel.
    #[serde(default)]
    pub cancel_url: Option<String>,
    /// An existing customer (`cus_…`) to save the card to.
    #[serde(default)]
    pub customer: Option<String>,
    /// A customer to create first, when `customer` is not given.
    #[serde(default)]
    pub new_customer: Option<CreateCustomer>,
    /// Prefills the page's email field when the session has no customer.
    #[serde(default)]
    pub customer_email: Option<String>,
    /// Your key-value pairs for the session.
    #[serde(default)]
    pub metadata: Metadata,
    /// Every other Checkout Session parameter: `locale`, `payment_method_types`,
    /// `setup_intent_data`, `ui_mode` with `return_url`, `consent_collection`, `custom_text`,
    /// `client_reference_id`, `expires_at`, …
    #[serde(default)]
    pub session_data: SetupSessionData,
    /// Makes a re-run return the same customer and session instead of new ones.
    #[serde(default)]
    pub idempotency_key: Option<String>,
}

/// The result of [`Client::start_setup`].
#[derive(Clone, Debug, PartialEq)]
pub struct SetupStarted {
    /// The customer the card will be saved to, if the session has one.
    pub customer_id: Option<String>,
    /// The setup-mode session.
    pub session: CheckoutSession,
}

impl SetupStarted {
    /// The hosted page to redirect the customer to.
    pub fn url(&self) -> Option<&str> {
        self.session.url.as_deref()
    }
}

/// Options of [`Client::complete_setup`].
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompleteSetup {
    /// The customer to attach the payment method to when the session had none. When neither
    /// exists, a customer is created from the details entered on the page.
    #[serde(default)]
    pub customer: Option<String>,
}

impl CompleteSetup {
    /// The customer option; an empty id (`""`, as a `checkout.session.completed` event without
    /// a customer spells it) counts as absent.
    fn customer(&self) -> Option<&str> {
        self.customer.as_deref().filter(|id| !id.is_empty())
    }
}

/// A saved payment method, attached to its customer and ready for off-session charges.
#[derive(Clone, Debug, PartialEq)]
pub struct CompletedSetup {
    /// The customer to charge.
    pub customer_id: String,
    /// The payment method to charge.
    pub payment_method_id: String,
    /// The completed session.
    pub session: CheckoutSession,
    /// The SetupIntent that saved the payment method.
    pub setup_intent: SetupIntent,
    /// The payment method, when the response carried it.
    pub payment_method: Option<PaymentMethod>,
}

impl Client {
    /// Steps 1–2: creates the customer when asked, then a setup-mode Checkout Session.
    /// Redirect the customer to [`SetupStarted::url`].
    pub async fn start_setup(&self, params: &StartSetup) -> Result<SetupStarted> {
        validate::currency("currency", &params.currency)?;
        let embedded = params.session_data.ui_mode == Some(UiMode::EmbeddedPage);
        match &params.success_url {
            Some(url) => validate::redirect_url("success_url", url)?,
            None if embedded => {}
            None => {
                return Err(Error::invalid_input(
                    "success_url",
                    "is required (or session_data[ui_mode] embedded_page with session_data[return_url])",
                ))
            }
        }
        if let Some(cancel_url) = &params.cancel_url {
            validate::redirect_url("cancel_url", cancel_url)?;
        }
        if let Some(return_url) = &params.session_data.return_url {
            validate::redirect_url("session_data[return_url]", return_url)?;
        }
        if let Some(customer) = &params.customer {
            validate::object_id("customer", customer)?;
        }
        if params.customer.is_some() && params.new_customer.is_some() {
            return Err(Error::invalid_input(
                "new_customer",
                "give either customer (an existing id) or new_customer, not both",
            ));
        }
        if params.customer_email.is_some()
            && (params.customer.is_some() || params.new_customer.is_some())
        {
            return Err(Error::invalid_input(
                "customer_email",
                "prefills the page when the session has no customer; give the new customer's email as new_customer.email",
            ));
        }
        let key = params.idempotency_key.as_deref();
        if let Some(key) = key {
            validate::idempotency_key("idempotency_key", key)?;
        }
        let customer_id = match (&params.customer, &params.new_customer) {
            (Some(id), _) => Some(id.clone()),
            (None, Some(new_customer)) => {
                let created = self
                    .customers()
                    .create(new_customer)
                    .maybe_idempotency_key(step_key(key, "customer"))
                    .await;
                Some(name_caller_key(created, key)?.id)
            }
            (None, None) => None,
        };
        let session = self
            .checkout_sessions()
            .create(
                &params.session_data.clone().complete(CreateCheckoutSession {
                    cancel_url: params.cancel_url.clone(),
                    currency: Some(params.currency.clone()),
                    customer: customer_id.clone(),
                    customer_email: params.customer_email.clone(),
                    metadata: params.metadata.clone(),
                    mode: Some(CreateCheckoutSessionMode::Setup),
                    success_url: params.success_url.clone(),
                    ..CreateCheckoutSession::default()
                }),
            )
            .maybe_idempotency_key(step_key(key, "setup_session"))
            .await;
        let session = name_caller_key(session, key)?;
        Ok(SetupStarted {
            customer_id,
            session,
        })
    }

    /// Steps 3b–5 from the session id on the success URL: one retrieve with the SetupIntent
    /// and its payment method expanded, then, when the session had no customer, an attach.
    ///
    /// Safe to call more than once for the same session (say, from the redirect and from the
    /// webhook): a payment method that is already attached is not attached again.
    ///
    /// Its requests carry keys derived from the session, so its errors name none: calling it
    /// again is the way to re-run it.
    pub async fn complete_setup(
        &self,
        session_id: &str,
        options: &CompleteSetup,
    ) -> Result<CompletedSetup> {
        self.complete_setup_by_id(session_id, options)
            .await
            .map_err(Error::without_idempotency_key)
    }

    async fn complete_setup_by_id(
        &self,
        session_id: &str,
        options: &CompleteSetup,
    ) -> Result<CompletedSetup> {
        validate::object_id("session_id", session_id)?;
        check_customer_option(options)?;
        let mut session = self
            .checkout_sessions()
            .retrieve(session_id)
            .expand(["setup_intent", "setup_intent.payment_method"])
            .await?;
        check_session(&session, "session_id")?;
        let setup_intent = match session.setup_intent.take() {
            Some(Expandable::Object(setup_intent)) => *setup_intent,
            Some(Expandable::Id(id)) => {
                // A server that ignored `expand`: fetch it (one more request, same result).
                self.setup_intents()
                    .retrieve(&id)
                    .expand(["payment_method"])
                    .await?
            }
            None => return Err(no_setup_intent(&session, "session_id")),
        };
        self.finish_setup(session, setup_intent, options).await
    }

    /// Steps 3a–5 from a verified `checkout.session.completed` event (see
    /// [`crate::webhook`]): retrieves the SetupIntent, then attaches when needed.
    pub async fn complete_setup_from_event(
        &self,
        event: &Event,
        options: &CompleteSetup,
    ) -> Result<CompletedSetup> {
        self.complete_setup_from_verified_event(event, options)
            .await
            .map_err(Error::without_idempotency_key)
    }

    async fn complete_setup_from_verified_event(
        &self,
        event: &Event,
        options: &CompleteSetup,
    ) -> Result<CompletedSetup> {
        if event.type_ != EventType::CheckoutSessionCompleted {
            return Err(Error::invalid_input(
                "event",
                format!(
                    "is a {} event; complete_setup needs checkout.session.completed",
                    event.type_
                ),
            ));
        }
        check_customer_option(options)?;
        let session = event.checkout_session()?;
        check_session(&session, "event")?;
        let setup_intent_id = session
            .setup_intent_id()
            .ok_or_else(|| no_setup_intent(&session, "event"))?
            .to_owned();
        validate::object_id("event", &setup_intent_id)?;
        let setup_intent = self
            .setup_intents()
            .retrieve(&setup_intent_id)
            .expand(["payment_method"])
            .await?;
        self.finish_setup(session, setup_intent, options).await
    }

    async fn finish_setup(
        &self,
        mut session: CheckoutSession,
        setup_intent: SetupIntent,
        options: &CompleteSetup,
    ) -> Result<CompletedSetup> {
        if setup_intent.status != SetupIntentStatus::Succeeded {
            return Err(Error::invalid_state(
                "session_id",
                format!(
                    "SetupIntent {} is {}, not succeeded: no payment method was saved",
                    setup_intent.id, setup_intent.status
                ),
            ));
        }
        let payment_method_id = setup_intent
            .payment_method_id()
            .ok_or_else(|| {
                Error::invalid_state(
                    "session_id",
                    format!("SetupIntent {} has no payment method", setup_intent.id),
                )
            })?
            .to_owned();
        let mut payment_method = setup_intent
            .payment_method
            .as_ref()
            .and_then(Expandable::as_object)
            .cloned();
        let already_attached_to = payment_method
            .as_ref()
            .and_then(PaymentMethod::customer_id)
            .map(str::to_owned);

        let customer_id = match (session.customer_id(), already_attached_to) {
            // Checkout attached it to the session's customer.
            (Some(customer), _) => customer.to_owned(),
            // An earlier call attached it: nothing to do again.
            (None, Some(customer)) => customer,
            (None, None) => {
                let customer = match options.customer() {
                    Some(customer) => customer.to_owned(),
                    None => self.customer_for_session(&session, &setup_intent).await?,
                };
                let attached = self
                    .payment_methods()
                    .attach(
                        &payment_method_id,
                        &AttachPaymentMethod {
                            customer: Some(customer.clone()),
                            ..AttachPaymentMethod::default()
                        },
                    )
                    // The customer is part of the key: a second call naming another customer
                    // (after the first failed) is a new request, not a reused key with another
                    // body.
                    .idempotency_key(format!("offsession:{}:attach:{customer}", session.id))
                    .await?;
                payment_method = Some(attached);
                customer
            }
        };
        session.setup_intent = Some(Expandable::Id(setup_intent.id.clone()));
        Ok(CompletedSetup {
            customer_id,
            payment_method_id,
            session,
            setup_intent,
            payment_method,
        })
    }

    /// The customer for a session that had none: the one an earlier call created (recorded on
    /// the SetupIntent, so it is found even after Stripe has forgotten that call's idempotency
    /// key, say when a `checkout.session.completed` is redelivered days later), or a new one,
    /// which is then recorded there.
    async fn customer_for_session(
        &self,
        session: &CheckoutSession,
        setup_intent: &SetupIntent,
    ) -> Result<String> {
        if let Some(customer) = setup_intent.metadata.get(SETUP_CUSTOMER_METADATA_KEY) {
            validate::object_id("setup_intent.metadata", customer)?;
            return Ok(customer.clone());
        }
        let customer = self.customer_from_session(session).await?;
        let mut metadata = Metadata::new();
        metadata.insert(SETUP_CUSTOMER_METADATA_KEY.into(), customer.clone());
        self.setup_intents()
            .update(
                &setup_intent.id,
                &UpdateSetupIntent {
                    metadata: Some(Clearable::Set(metadata)),
                    ..UpdateSetupIntent::default()
                },
            )
            .idempotency_key(format!("offsession:{}:remember_customer", session.id))
            .await?;
        Ok(customer)
    }

    /// Creates the customer for a session that had none, from what was typed on the page.
    /// The key is derived from the session, so completing the same session twice creates one.
    async fn customer_from_session(&self, session: &CheckoutSession) -> Result<String> {
        let details = session.customer_details.clone().unwrap_or_default();
        let mut metadata = Metadata::new();
        metadata.insert("checkout_session".into(), session.id.clone());
        let customer = self
            .customers()
            .create(&CreateCustomer {
                email: details.email.or_else(|| session.customer_email.clone()),
                name: details.name,
                metadata,
                ..CreateCustomer::default()
            })
            .idempotency_key(format!("offsession:{}:customer", session.id))
            .await?;
        Ok(customer.id)
    }
}

fn check_customer_option(options: &CompleteSetup) -> Result<()> {
    match options.customer() {
        Some(customer) => validate::object_id("customer", customer),
        None => Ok(()),
    }
}

fn check_session(session: &CheckoutSession, param: &str) -> Result<()> {
    if session.mode != CheckoutSessionMode::Setup {
        return Err(Error::invalid_state(
            param,
            format!(
                "Checkout Session {} is in {} mode; completing a setup needs a setup-mode session",
                session.id, session.mode
            ),
        ));
    }
    match &session.status {
        Some(CheckoutSessionStatus::Complete) => Ok(()),
        status => Err(Error::invalid_state(
            param,
            format!(
                "Checkout Session {} is {}: the customer has not finished the page yet",
                session.id,
                status.as_ref().map_or("of unknown status", |s| s.as_str())
            ),
        )),
    }
}

fn no_setup_intent(session: &CheckoutSession, param: &str) -> Error {
    Error::invalid_state(
        param,
        format!("Checkout Session {} has no SetupIntent", session.id),
    )
}
