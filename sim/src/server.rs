//! The HTTP/1.1 server: its own thread and tokio runtime, one task per connection.

use std::convert::Infallible;
use std::fmt;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use http::Method;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

use crate::api::{self, Outcome};
use crate::conn::{AbortableIo, ConnControl};
use crate::reply::{self, Body};
use crate::state::Sim;

/// Largest request body accepted.
const MAX_BODY: usize = 1 << 20;

/// Where the simulator listens. Only loopback addresses are accepted.
#[derive(Clone, Debug)]
pub struct SimConfig {
    /// `127.0.0.1` (default), `localhost` or `::1`.
    pub host: String,
    /// `0` (default) picks a free port.
    pub port: u16,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            host: "127.0.0.1".into(),
            port: 0,
        }
    }
}

/// A running simulator. Dropping it stops the server and joins its thread.
pub struct SimHandle {
    url: String,
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl SimHandle {
    /// Base URL, e.g. `http://127.0.0.1:54321` (no trailing slash).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops the server now (same as dropping the handle).
    pub fn stop(self) {}
}

impl fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimHandle").field("url", &self.url).finish()
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Starts a simulator on `127.0.0.1` and a free port.
pub fn start() -> io::Result<SimHandle> {
    start_with(SimConfig::default())
}

/// Starts a simulator as configured. Works inside or outside a tokio runtime: the server runs
/// on its own thread with its own runtime.
pub fn start_with(config: SimConfig) -> io::Result<SimHandle> {
    let ip: IpAddr = match config.host.as_str() {
        "localhost" => IpAddr::V4(Ipv4Addr::LOCALHOST),
        host => host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse()
            .map_err(|_| {
                io::Error::new(io::ErrorKind::InvalidInput, format!("invalid host: {host}"))
            })?,
    };
    if !ip.is_loopback() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "offsession-sim only binds loopback addresses (127.0.0.1, ::1)",
        ));
    }
    let listener = std::net::TcpListener::bind((ip, config.port))?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let url = match addr {
        SocketAddr::V4(v4) => format!("http://{}:{}", v4.ip(), v4.port()),
        SocketAddr::V6(v6) => format!("http://[{}]:{}", v6.ip(), v6.port()),
    };
    let sim = Arc::new(Sim::new(url.clone()));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("offsession-sim-worker")
        .enable_all()
        .build()?;
    let (shutdown_tx, shutdown_rx) = oneshot::channel();
    let thread = std::thread::Builder::new()
        .name("offsession-sim".into())
        .spawn(move || {
            runtime.block_on(async move {
                if let Ok(listener) = TcpListener::from_std(listener) {
                    accept_loop(listener, sim, shutdown_rx).await;
                }
            });
            // Open connections and background deliveries are cancelled here.
            runtime.shutdown_timeout(Duration::from_secs(1));
        })?;
    Ok(SimHandle {
        url,
        addr,
        shutdown: Some(shutdown_tx),
        thread: Some(thread),
    })
}

async fn accept_loop(listener: TcpListener, sim: Arc<Sim>, mut shutdown: oneshot::Receiver<()>) {
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    tokio::spawn(serve_connection(stream, Arc::clone(&sim)));
                }
                // Typically out of file descriptors: back off instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            },
        }
    }
}

async fn serve_connection(stream: TcpStream, sim: Arc<Sim>) {
    let _ = stream.set_nodelay(true);
    let control = Arc::new(ConnControl::default());
    let io = TokioIo::new(AbortableIo::new(stream, Arc::clone(&control)));
    let service = service_fn(move |request| {
        let sim = Arc::clone(&sim);
        let control = Arc::clone(&control);
        async move { Ok::<_, Infallible>(dispatch(sim, control, request).await) }
    });
    // Errors here are the client's (or an injected fault's) doing; nothing to report.
    let _ = http1::Builder::new()
        .keep_alive(true)
        .serve_connection(io, service)
        .await;
}

async fn dispatch(
    sim: Arc<Sim>,
    control: Arc<ConnControl>,
    request: Request<Incoming>,
) -> Response<Body> {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            let mut response = reply::control_error(
                413,
                "The request body could not be read (the limit is 1 MiB).",
            );
            reply::set_header(&mut response, "request-id", &crate::ids::request());
            return response;
        }
    };
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().map(str::to_string);
    if path == "/v1" || path.starts_with("/v1/") {
        let incoming = api::Incoming {
            method: parts.method,
            path,
            query,
            headers: parts.headers,
            body,
        };
        // A separate task, so a request runs to completion even if its client goes away.
        let outcome = tokio::spawn(api::handle(sim, incoming)).await;
        return match outcome {
            Ok(Outcome::Respond(response)) => response,
            Ok(Outcome::Abort(how)) => {
                control.abort(how);
                api::internal_error()
            }
            Err(_) => api::internal_error(),
        };
    }
    if path == "/_sim" || path.starts_with("/_sim/") {
        return crate::control::handle(&sim, &parts.method, &path, query.as_deref(), &body);
    }
    if parts.method == Method::GET {
        if let Some(id) = path.strip_prefix("/checkout/") {
            return checkout_page(&sim, id);
        }
    }
    let error = api::unrecognized(&parts.method, &path);
    let mut response = reply::json(error.status, &error.body());
    reply::set_header(&mut response, "request-id", &crate::ids::request());
    response
}

/// A minimal stand-in for the hosted Checkout page.
fn checkout_page(sim: &Sim, id: &str) -> Response<Body> {
    let state = sim.lock();
    let Some(session) = state.sessions.get(id) else {
        let mut response = Response::new(Body::from(
            "<!doctype html><title>Not found</title><p>No such Checkout Session.</p>\n",
        ));
        *response.status_mut() = http::StatusCode::NOT_FOUND;
        set_html(&mut response);
        return response;
    };
    let field = |name: &str| session[name].as_str().unwrap_or("").to_string();
    let id = field("id");
    let html = format!(
        "<!doctype html>\n<title>offsession-sim Checkout</title>\n<h1>Checkout Session {id}</h1>\n\
         <p>mode: {}, status: {}</p>\n\
         <p>This is the simulator. Complete the session with <code>POST /_sim/checkout/sessions/{id}/complete</code> \
         and a body such as <code>{{\"payment_method\": \"pm_card_visa\"}}</code>.</p>\n",
        field("mode"),
        field("status"),
    );
    drop(state);
    let mut response = Response::new(Body::from(html));
    set_html(&mut response);
    response
}

fn set_html(response: &mut Response<Body>) {
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/html; charset=utf-8"),
    );
}
