//! The [`Client`]: configuration, headers, the retry loop and response decoding.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use http::Method;
use serde::Serialize;

use crate::error::{ApiError, Error, Result};
use crate::request::{self, RequestOptions};
use crate::response::{FromResponse, ResponseMeta};
use crate::secret::ApiKey;
use crate::transport::{Response, Transport};
use crate::{form, retry, validate};

/// The Stripe API version every request is pinned to, unless overridden with
/// [`ClientBuilder::stripe_version`]. Response types are written against this version.
pub const STRIPE_VERSION: &str = "2026-09-30.endive";

/// Where requests go unless [`ClientBuilder::base_url`] says otherwise.
pub const DEFAULT_BASE_URL: &str = "https://api.stripe.com";

/// How many times a failed request is sent again by default.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// Default limit for establishing a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// Default limit for one whole attempt: connect, send, and read the response.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(80);

/// The most retries a client may be configured with.
pub const MAX_RETRIES_LIMIT: u32 = 10;

/// A Stripe client. Cheap to clone (one pointer), safe to share across tasks and threads.
///
/// Every clone shares one pool of keep-alive connections, so a sequential run uses one TCP
/// connection throughout. Network calls need a Tokio runtime with time and I/O enabled.
///
/// ```no_run
/// # async fn demo() -> offsession::Result<()> {
/// let client = offsession::Client::new("sk_test_123")?;
/// let customer = client
///     .customers()
///     .create(&offsession::CreateCustomer {
///         email: Some("jenny.rosen@example.com".into()),
///         ..Default::default()
///     })
///     .await?;
/// println!("{}", customer.id);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// `Stripe-Account` for requests made through this handle (Connect).
    stripe_account: Option<HeaderValue>,
}

struct Inner {
    transport: Transport,
    api_key: ApiKey,
    authorization: HeaderValue,
    stripe_version: HeaderValue,
    user_agent: HeaderValue,
    base_url: validate::BaseUrl,
    max_retries: u32,
    timeout: Duration,
    /// Caller-chosen headers, applied last so they can replace the defaults.
    headers: Vec<(http::header::HeaderName, HeaderValue)>,
}

/// Configures a [`Client`]. Obtained from [`Client::builder`].
#[derive(Clone)]
pub struct ClientBuilder {
    api_key: ApiKey,
    base_url: String,
    stripe_version: String,
    max_retries: u32,
    connect_timeout: Duration,
    timeout: Duration,
    stripe_account: Option<String>,
    binding: Option<String>,
    headers: Vec<(String, String)>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key)
            .field("base_url", &self.base_url)
            .field("stripe_version", &self.stripe_version)
            .field("max_retries", &self.max_retries)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("stripe_account", &self.stripe_account)
            .field(
                "headers",
                &self
                    .headers
                    .iter()
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl ClientBuilder {
    /// Sends requests to this URL instead of `https://api.stripe.com` (a proxy, stripe-mock, or
    /// the simulator). Must be `https://`, or `http://` on a loopback host.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Pins another `Stripe-Version` than [`STRIPE_VERSION`].
    pub fn stripe_version(mut self, version: impl Into<String>) -> Self {
        self.stripe_version = version.into();
        self
    }

    /// How many times a retryable failure is sent again (default 2, at most 10).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// Limit for establishing a connection (default 30 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Limit for one whole attempt (default 80 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Makes every request on behalf of a connected account (`Stripe-Account: acct_…`).
    pub fn stripe_account(mut self, account: impl Into<String>) -> Self {
        self.stripe_account = Some(account.into());
        self
    }

    /// Sends this header with every request. Meant for apps that route their calls through
    /// their own backend (set [`base_url`](Self::base_url) to it) and authenticate there with
    /// their own header. Values are never printed.
    ///
    /// The headers that decide what Stripe does with a request are refused at
    /// [`build`](Self::build): `Authorization` (the API key), `Idempotency-Key` (set per
    /// request), `Stripe-Account` ([`stripe_account`](Self::stripe_account)) and
    /// `Stripe-Version` ([`stripe_version`](Self::stripe_version)). Replacing them per client
    /// would send every request with one key or one account by mistake.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Names the language binding in the `User-Agent` (`python/3.11`, `node/20.1`). Set by
    /// the bindings.
    pub fn binding(mut self, binding: impl Into<String>) -> Self {
        self.binding = Some(binding.into());
        self
    }

    /// Checks the configuration and builds the client. Nothing is sent.
    pub fn build(self) -> Result<Client> {
        validate::api_key(self.api_key.expose())?;
        crate::device::check_key_for_target(&self.api_key, crate::device::Target::current())?;
        let base_url = validate::base_url(&self.base_url)?;
        if self.max_retries > MAX_RETRIES_LIMIT {
            return Err(Error::invalid_input(
                "max_retries",
                format!("must be at most {MAX_RETRIES_LIMIT}"),
            ));
        }
        for (param, value) in [
            ("timeout", self.timeout),
            ("connect_timeout", self.connect_timeout),
        ] {
            if value.is_zero() {
                return Err(Error::invalid_input(param, "must be greater than zero"));
            }
        }
        let stripe_version = header_value("stripe_version", &self.stripe_version)?;
        let user_agent = match &self.binding {
            Some(binding) => format!("offsession/{} ({binding})", env!("CARGO_PKG_VERSION")),
            None => format!("offsession/{} (rust)", env!("CARGO_PKG_VERSION")),
        };
        let user_agent = header_value("binding", &user_agent)?;
        let stripe_account = self
            .stripe_account
            .as_deref()
            .map(account_header)
            .transpose()?;
        let mut authorization = HeaderValue::try_from(format!("Bearer {}", self.api_key.expose()))
            .map_err(|_| Error::invalid_input("api_key", "cannot be sent in a header"))?;
        authorization.set_sensitive(true);
        let mut headers = Vec::with_capacity(self.headers.len());
        for (name, value) in &self.headers {
            let name = http::header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::invalid_input("headers", format!("{name:?} is not a valid header name"))
            })?;
            if let Some(setting) = RESERVED_HEADERS
                .iter()
                .find(|(reserved, _)| name.as_str().eq_ignore_ascii_case(reserved))
                .map(|(_, setting)| setting)
            {
                return Err(Error::invalid_input(
                    "headers",
                    format!("{name} is set by the client and cannot be replaced: {setting}"),
                ));
            }
            let mut value = HeaderValue::from_str(value).map_err(|_| {
                Error::invalid_input(
                    "headers",
                    format!("the value of {name} must be visible ASCII"),
                )
            })?;
            value.set_sensitive(true);
            headers.push((name, value));
        }
        let transport = Transport::new(self.connect_timeout)?;
        Ok(Client {
            inner: Arc::new(Inner {
                transport,
                api_key: self.api_key,
                authorization,
                stripe_version,
                user_agent,
                base_url,
                max_retries: self.max_retries,
                timeout: self.timeout,
                headers,
            }),
            stripe_account,
        })
    }
}

/// Headers a caller may not set through [`ClientBuilder::header`], and what to use instead.
const RESERVED_HEADERS: [(&str, &str); 4] = [
    ("authorization", "pass the API key to the client"),
    (
        "idempotency-key",
        "pass idempotency_key to each call (one key per logical request)",
    ),
    ("stripe-account", "use the stripe_account setting"),
    ("stripe-version", "use the stripe_version setting"),
];

fn header_value(param: &str, value: &str) -> Result<HeaderValue> {
    if value.is_empty() || !value.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
        return Err(Error::invalid_input(
            param,
            format!("{value:?} must be non-empty visible ASCII"),
        ));
    }
    HeaderValue::from_str(value).map_err(|e| Error::invalid_input(param, e.to_string()))
}

fn account_header(account: &str) -> Result<HeaderValue> {
    validate::object_id("stripe_account", account)?;
    header_value("stripe_account", account)
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("api_key", &self.inner.api_key)
            .field("base_url", &self.inner.base_url.as_str())
            .field("stripe_version", &self.inner.stripe_version)
            .field("max_retries", &self.inner.max_retries)
            .field("stripe_account", &self.stripe_account)
            .finish()
    }
}

impl Client {
    /// A client with default settings for this API key.
    pub fn new(api_key: impl Into<ApiKey>) -> Result<Self> {
        Self::builder(api_key).build()
    }

    /// Starts configuring a client for this API key.
    pub fn builder(api_key: impl Into<ApiKey>) -> ClientBuilder {
        ClientBuilder {
            api_key: api_key.into(),
            base_url: DEFAULT_BASE_URL.to_owned(),
            stripe_version: STRIPE_VERSION.to_owned(),
            max_retries: DEFAULT_MAX_RETRIES,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            stripe_account: None,
            binding: None,
            headers: Vec::new(),
        }
    }

    /// A handle that sends `Stripe-Account: account` with every request, sharing this client's
    /// connections. The id is checked here, before anything is sent.
    pub fn with_stripe_account(&self, account: &str) -> Result<Self> {
        Ok(Self {
            inner: Arc::clone(&self.inner),
            stripe_account: Some(account_header(account)?),
        })
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str()
    }

    /// The pinned `Stripe-Version`.
    pub fn stripe_version(&self) -> &str {
        self.inner.stripe_version.to_str().unwrap_or(STRIPE_VERSION)
    }

    /// How many times a retryable failure is sent again.
    pub fn max_retries(&self) -> u32 {
        self.inner.max_retries
    }

    /// Whether the key is a live-mode secret key (`sk_live_`, `rk_live_`).
    pub fn has_live_secret_key(&self) -> bool {
        self.inner.api_key.is_live_secret()
    }

    /// Sends one call: `params` (and `options.extra_params`) form-encoded into the body of a
    /// POST or the query string of a GET or DELETE, with `expand[i]`; a POST always carries an
    /// idempotency key (the caller's, else a new UUID), the same on every retry.
    pub(crate) async fn send<P: Serialize + ?Sized, T: FromResponse>(
        &self,
        method: Method,
        path: &str,
        params: Option<&P>,
        expand: &[&str],
        options: &RequestOptions,
    ) -> Result<T> {
        options.validate()?;
        let mut encoded = match params {
            Some(params) => request::encode(params, &options.extra_params)?,
            None => request::encode(&(), &options.extra_params)?,
        };
        push_expand(&mut encoded, expand)?;
        let stripe_account = match &options.stripe_account {
            Some(account) => Some(account_header(account)?),
            None => self.stripe_account.clone(),
        };
        let attempt = Attempt {
            max_retries: options.max_retries.unwrap_or(self.inner.max_retries),
            timeout: options.timeout.unwrap_or(self.inner.timeout),
            stripe_account,
        };
        if method != Method::POST {
            return self
                .execute(method, path, encoded, None, None, &attempt)
                .await;
        }
        let generated;
        let key = match options.idempotency_key.as_deref() {
            Some(key) => key,
            None => {
                generated = uuid::Uuid::new_v4().to_string();
                &generated
            }
        };
        self.execute(
            method,
            path,
            String::new(),
            Some(encoded),
            Some(key),
            &attempt,
        )
        .await
        .map_err(|error| error.with_idempotency_key(key))
    }

    /// Sends one logical request, retrying it (same idempotency key) while the failure is
    /// retryable and retries remain, and decodes the successful body into `T`.
    async fn execute<T: FromResponse>(
        &self,
        method: Method,
        path: &str,
        query: String,
        body: Option<String>,
        idempotency_key: Option<&str>,
        attempt: &Attempt,
    ) -> Result<T> {
        let inner = &*self.inner;
        let mut url =
            String::with_capacity(inner.base_url.as_str().len() + path.len() + 1 + query.len());
        url.push_str(inner.base_url.as_str());
        url.push_str(path);
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        let uri: http::Uri = url
            .parse()
            .map_err(|e| Error::invalid_input("path", format!("{path:?}: {e}")))?;
        let body = body.map(Bytes::from);
        let idempotency_key = idempotency_key
            .map(|key| header_value("idempotency_key", key))
            .transpose()?;

        let mut retry = 0;
        loop {
            let mut request = http::Request::builder()
                .method(method.clone())
                .uri(uri.clone())
                .header(AUTHORIZATION, inner.authorization.clone())
                .header("Stripe-Version", inner.stripe_version.clone())
                .header(USER_AGENT, inner.user_agent.clone());
            if let Some(account) = &attempt.stripe_account {
                request = request.header("Stripe-Account", account.clone());
            }
            if let Some(key) = &idempotency_key {
                request = request.header("Idempotency-Key", key.clone());
            }
            if body.is_some() {
                request = request.header(
                    CONTENT_TYPE,
                    HeaderValue::from_static("application/x-www-form-urlencoded"),
                );
            }
            if let Some(headers) = request.headers_mut() {
                for (name, value) in &inner.headers {
                    headers.insert(name, value.clone());
                }
            }
            let request = request
                .body(http_body_util::Full::new(body.clone().unwrap_or_default()))
                .map_err(|e| Error::invalid_input("request", e.to_string()))?;

            let error = match inner.transport.send(request, attempt.timeout).await {
                Ok(response) if response.status.is_success() => {
                    let mut object: T = decode(&response).map_err(|error| match error {
                        // Keep what arrived, as for an error status, so it can be reported.
                        Error::Api(mut api) => {
                            api.headers = header_map(&response.headers);
                            api.http_body = String::from_utf8_lossy(&response.body).into_owned();
                            api.redact(inner.api_key.expose(), &inner.api_key.to_string());
                            Error::Api(api)
                        }
                        other => other,
                    })?;
                    object.set_last_response(ResponseMeta {
                        http_status: response.status.as_u16(),
                        request_id: response.request_id,
                        idempotent_replayed: response.idempotent_replayed,
                        idempotency_key: idempotency_key
                            .as_ref()
                            .and_then(|key| key.to_str().ok())
                            .map(str::to_owned),
                    });
                    return Ok(object);
                }
                Ok(response) => {
                    let mut api = ApiError::from_response(
                        response.status.as_u16(),
                        response.request_id,
                        response.should_retry,
                        header_map(&response.headers),
                        &response.body,
                    );
                    api.redact(inner.api_key.expose(), &inner.api_key.to_string());
                    Error::from_api(api)
                }
                Err(error) => error,
            };
            if retry >= attempt.max_retries || !error.is_retryable() {
                return Err(error.after_attempts(retry + 1));
            }
            retry += 1;
            tokio::time::sleep(retry::backoff_delay(retry, fastrand::f64())).await;
        }
    }
}

/// What one call's attempts use: the client's settings with the request's options applied.
struct Attempt {
    max_retries: u32,
    timeout: Duration,
    stripe_account: Option<HeaderValue>,
}

/// Response headers for an error: lower-case names, several values of a name joined by `, `.
fn header_map(headers: &http::HeaderMap) -> std::collections::BTreeMap<String, String> {
    let mut map = std::collections::BTreeMap::<String, String>::new();
    for (name, value) in headers {
        let value = String::from_utf8_lossy(value.as_bytes());
        map.entry(name.as_str().to_owned())
            .and_modify(|joined| {
                joined.push_str(", ");
                joined.push_str(&value);
            })
            .or_insert_with(|| value.into_owned());
    }
    map
}

fn push_expand(out: &mut String, expand: &[&str]) -> Result<()> {
    for (index, path) in expand.iter().enumerate() {
        validate::expand_path("expand", path)?;
        form::append_pair(out, &format!("expand[{index}]"), path);
    }
    Ok(())
}

fn decode<T: serde::de::DeserializeOwned>(response: &Response) -> Result<T> {
    serde_json::from_slice(&response.body).map_err(|e| {
        Error::undecodable(
            response.status.as_u16(),
            response.request_id.clone(),
            std::any::type_name::<T>()
                .rsplit("::")
                .next()
                .unwrap_or("object"),
            &e,
        )
    })
}

/// `Client` must stay shareable across threads and tasks; this fails to compile otherwise.
const _: () = {
    const fn shareable<T: Send + Sync + Clone + 'static>() {}
    shareable::<Client>();
};
