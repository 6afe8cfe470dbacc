//! Customers: `POST /v1/customers`, `GET` and `POST /v1/customers/{id}`, and
//! `GET /v1/customers/{id}/payment_methods`.

use serde::{Deserialize, Serialize};

use http::Method;

use crate::expandable::Object;
use crate::params::{CreateCustomer, ListCustomerPaymentMethods, UpdateCustomer};
use crate::types::{Extra, Metadata};
use crate::{validate, Client, List, Paginator, PaymentMethod, Request, RequestOptions, Result};

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

/// The customers API. Obtained from [`Client::customers`].
#[derive(Clone, Copy, Debug)]
pub struct Customers<'a> {
    client: &'a Client,
}

impl Client {
    /// Customers: create, retrieve, update, and their saved payment methods.
    pub fn customers(&self) -> Customers<'_> {
        Customers { client: self }
    }
}

impl<'a> Customers<'a> {
    /// Creates a customer.
    pub fn create(&self, params: &'a CreateCustomer) -> Request<'a, CreateCustomer, Customer> {
        Request::new(
            self.client,
            Method::POST,
            Ok("/v1/customers".to_owned()),
            Some(params),
        )
    }

    /// Retrieves a customer by id.
    pub fn retrieve(&self, id: &str) -> Request<'a, (), Customer> {
        let path = validate::object_id("id", id).map(|()| format!("/v1/customers/{id}"));
        Request::new(self.client, Method::GET, path, None)
    }

    /// Updates a customer: only the parameters given change (`metadata` is merged; a key set
    /// to `""` is removed). Set `invoice_settings.default_payment_method` to choose the saved
    /// payment method the customer's invoices are charged to (`""` unsets it).
    pub fn update(
        &self,
        id: &str,
        params: &'a UpdateCustomer,
    ) -> Request<'a, UpdateCustomer, Customer> {
        let path = validate::object_id("id", id)
            .and_then(|()| params.validate())
            .map(|()| format!("/v1/customers/{id}"));
        Request::new(self.client, Method::POST, path, Some(params))
    }

    /// One page of the customer's saved payment methods (newest first). Set `type` to list
    /// one kind (`card`), `limit` (1–100, default 10) and a cursor (`starting_after` /
    /// `ending_before`) to move through pages; [`Customers::payment_methods`] walks them all.
    pub fn list_payment_methods(
        &self,
        id: &str,
        params: &'a ListCustomerPaymentMethods,
    ) -> Request<'a, ListCustomerPaymentMethods, List<PaymentMethod>> {
        let path = validate::object_id("id", id)
            .and_then(|()| params.validate())
            .map(|()| format!("/v1/customers/{id}/payment_methods"));
        Request::new(self.client, Method::GET, path, Some(params))
    }

    /// Every saved payment method of the customer, fetched a page at a time as they are
    /// walked (see [`Paginator`]); `params` set the first page (`type`, `limit`, a cursor).
    pub fn payment_methods(
        &self,
        id: &str,
        params: &ListCustomerPaymentMethods,
        options: RequestOptions,
    ) -> Result<Paginator<PaymentMethod>> {
        validate::object_id("id", id)?;
        params.validate()?;
        Paginator::new(
            self.client,
            format!("/v1/customers/{id}/payment_methods"),
            params,
            options,
        )
    }
}

crate::response::from_response!(Customer);
