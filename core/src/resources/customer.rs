//! Customers: `POST /v1/customers`, `GET /v1/customers/{id}`.

use serde::{Deserialize, Serialize};

use crate::expandable::Object;
use crate::types::{Extra, Metadata};
use crate::{validate, Client, Result};

/// A Stripe Customer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    /// `cus_…`
    pub id: String,
    /// Creation time, Unix seconds.
    #[serde(default)]
    pub created: Option<i64>,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Full name or business name.
    #[serde(default)]
    pub name: Option<String>,
    /// Free-form description.
    #[serde(default)]
    pub description: Option<String>,
    /// Whether the object exists in live mode.
    #[serde(default)]
    pub livemode: bool,
    /// Your key-value pairs.
    #[serde(default)]
    pub metadata: Metadata,
    /// The response that brought this object (`Request-Id`, `Idempotent-Replayed`), when a
    /// call returned it; `None` when it was decoded from elsewhere (a webhook, an expansion).
    /// Not part of Stripe's JSON.
    #[serde(skip)]
    pub last_response: Option<crate::response::ResponseMeta>,
    /// Every other field Stripe sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Object for Customer {
    fn id(&self) -> &str {
        &self.id
    }
}

/// Parameters of `POST /v1/customers`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CreateCustomer {
    /// Email address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Full name or business name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Free-form description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Your key-value pairs.
    #[serde(skip_serializing_if = "Metadata::is_empty")]
    pub metadata: Metadata,
    /// Makes a retry of this call return the first result instead of creating a second
    /// customer. Generated when absent; sent as the `Idempotency-Key` header.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// The customers API. Obtained from [`Client::customers`].
#[derive(Clone, Copy, Debug)]
pub struct Customers<'a> {
    client: &'a Client,
}

impl Client {
    /// Customers: create and retrieve.
    pub fn customers(&self) -> Customers<'_> {
        Customers { client: self }
    }
}

impl Customers<'_> {
    /// Creates a customer.
    pub async fn create(&self, params: &CreateCustomer) -> Result<Customer> {
        self.client
            .post(
                "/v1/customers",
                params,
                &[],
                params.idempotency_key.as_deref(),
            )
            .await
    }

    /// Retrieves a customer by id.
    pub async fn retrieve(&self, id: &str) -> Result<Customer> {
        validate::object_id("id", id)?;
        self.client.get(&format!("/v1/customers/{id}"), &[]).await
    }
}

crate::response::from_response!(Customer);
