//! Stripe's list objects and automatic pagination.

use std::collections::VecDeque;

use http::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::expandable::Object;
use crate::request::RequestOptions;
use crate::response::{FromResponse, ResponseMeta};
use crate::types::Extra;
use crate::{Client, Error, Result};

/// One page of a Stripe list (`{"object": "list", "data": […], "has_more": …}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: DeserializeOwned", serialize = "T: Serialize"))]
pub struct List<T> {
    /// The objects of this page, in Stripe's order (newest first).
    pub data: Vec<T>,
    /// Whether more objects follow this page.
    #[serde(default)]
    pub has_more: bool,
    /// The list's URL (`/v1/customers/cus_…/payment_methods`).
    #[serde(default)]
    pub url: Option<String>,
    /// The response that brought this page.
    #[serde(skip)]
    pub last_response: Option<ResponseMeta>,
    /// Every other field Stripe sent (`object: "list"`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

impl<T: DeserializeOwned> FromResponse for List<T> {
    fn set_last_response(&mut self, meta: ResponseMeta) {
        self.last_response = Some(meta);
    }
}

/// Walks every object of a list, fetching the next page when the current one is used up, as
/// `auto_paging_iter()` does in stripe-python and `for await` in stripe-node: pages follow
/// `starting_after` (the last object's id); when the first request had `ending_before` and
/// no `starting_after`, pages go backwards instead, each page's objects in reverse.
///
/// Each page is one request made with the same options (account, timeout, retries), so a
/// failure partway returns the error and the objects already yielded stay yielded; calling
/// [`next`](Paginator::next) again retries the page that failed.
#[derive(Debug)]
pub struct Paginator<T> {
    client: Client,
    path: String,
    params: Map<String, Value>,
    options: RequestOptions,
    backwards: bool,
    buffer: VecDeque<T>,
    /// Whether another page may follow (false once a page says `has_more: false`).
    more: bool,
}

impl<T: DeserializeOwned + Object> Paginator<T> {
    /// A paginator over `path` (a list endpoint) with these query parameters.
    pub(crate) fn new(
        client: &Client,
        path: String,
        params: &impl Serialize,
        options: RequestOptions,
    ) -> Result<Self> {
        options.validate()?;
        let params = match serde_json::to_value(params)
            .map_err(|e| Error::invalid_input("params", e.to_string()))?
        {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        let backwards = params.get("ending_before").is_some_and(|v| !v.is_null())
            && params.get("starting_after").is_none_or(Value::is_null);
        Ok(Paginator {
            client: client.clone(),
            path,
            params,
            options,
            backwards,
            buffer: VecDeque::new(),
            more: true,
        })
    }

    /// The next object, fetching a page when needed; `None` after the last one.
    pub async fn next(&mut self) -> Result<Option<T>> {
        if self.buffer.is_empty() && self.more {
            let page = self.next_page().await?;
            self.buffer.extend(page);
        }
        Ok(self.buffer.pop_front())
    }

    /// Fetches the next page and returns its objects in the order they are walked (empty when
    /// there is none). Use [`next`](Paginator::next) to walk object by object.
    pub async fn next_page(&mut self) -> Result<Vec<T>> {
        if !self.more {
            return Ok(Vec::new());
        }
        let page: List<T> = self
            .client
            .send(
                Method::GET,
                &self.path,
                Some(&self.params),
                &[],
                &self.options,
            )
            .await?;
        self.more = page.has_more && !page.data.is_empty();
        let cursor = if self.backwards {
            page.data.first()
        } else {
            page.data.last()
        };
        if let Some(cursor) = cursor {
            let key = if self.backwards {
                "ending_before"
            } else {
                "starting_after"
            };
            self.params
                .insert(key.to_owned(), Value::String(cursor.id().to_owned()));
        }
        let mut data = page.data;
        if self.backwards {
            data.reverse();
        }
        Ok(data)
    }

    /// Whether every object has been returned.
    pub fn is_done(&self) -> bool {
        self.buffer.is_empty() && !self.more
    }
}
