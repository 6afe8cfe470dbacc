//! The Tokio runtime behind every call, and the two ways a Python caller waits for it:
//! blocking with the GIL released (sync), or an asyncio future (async, see `asyncio.rs`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, Weak};

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use tokio::runtime::Runtime;

use crate::client::Handle;
use crate::errors;

/// Converts a finished call's Rust value into a Python object (under the GIL).
pub trait IntoPython: Send + 'static {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>>;
}

/// The runtime and the process it was built in. A forked child gets a new one: the parent's
/// worker threads do not exist in the child, so its runtime must never be touched (or dropped).
static RUNTIME: Mutex<Option<(u32, Arc<Runtime>)>> = Mutex::new(None);

pub fn runtime() -> PyResult<Arc<Runtime>> {
    let pid = std::process::id();
    let mut slot = RUNTIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((owner, runtime)) = slot.as_ref() {
        if *owner == pid {
            return Ok(Arc::clone(runtime));
        }
    }
    if let Some((_, inherited)) = slot.take() {
        // Built by the parent before fork(): leak it, as dropping would wait for threads that
        // were not copied into this process.
        std::mem::forget(inherited);
    }
    let runtime = Arc::new(
        // One I/O thread: requests cost microseconds of CPU, so one thread keeps up with many
        // in flight, and keeping every task on it saves cross-thread wake-ups.
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("offsession-io")
            .enable_all()
            .build()
            .map_err(|e| {
                PyRuntimeError::new_err(format!("could not start the I/O runtime: {e}"))
            })?,
    );
    *slot = Some((pid, Arc::clone(&runtime)));
    Ok(runtime)
}

/// Whether calls block the calling thread (with the GIL released) or return awaitables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Blocking,
    Asyncio,
}

impl Mode {
    /// Runs the call that `make` builds from a core client: returns its converted result
    /// (blocking), or an asyncio future that resolves to it. Errors become offsession
    /// exceptions; a panic becomes a Python exception too, never a crash.
    pub fn run<T, F, M>(self, py: Python<'_>, handle: &Arc<Handle>, make: M) -> PyResult<Py<PyAny>>
    where
        T: IntoPython,
        F: Future<Output = offsession::Result<T>> + Send + 'static,
        M: FnOnce(offsession::Client) -> F + Send,
    {
        match self {
            Mode::Blocking => block_on_this_thread(py, handle, make)?.into_python(py),
            Mode::Asyncio => crate::asyncio::awaitable(py, make(handle.client()?)),
        }
    }
}

/// What a blocking call on this thread uses: a single-threaded runtime that the calling thread
/// drives itself, and one core client (connection pool) per Python client. The request, its
/// I/O and its response all happen on the caller's thread: no hand-off to a worker thread and
/// back, which costs more than the request itself on a fast network.
struct ThisThread {
    pid: u32,
    runtime: tokio::runtime::Runtime,
    clients: HashMap<u64, (Weak<Handle>, offsession::Client)>,
}

thread_local! {
    static THIS_THREAD: RefCell<Option<ThisThread>> = const { RefCell::new(None) };
}

/// A call that failed: the core's error, or a panic caught on the way.
enum Failure {
    Core(offsession::Error),
    Panic(offsession::panic::Panicked),
    Runtime(std::io::Error),
}

fn block_on_this_thread<T, F, M>(py: Python<'_>, handle: &Arc<Handle>, make: M) -> PyResult<T>
where
    F: Future<Output = offsession::Result<T>>,
    M: FnOnce(offsession::Client) -> F + Send,
    T: Send,
{
    let outcome = py.detach(|| {
        THIS_THREAD.with(|cell| {
            let mut slot = cell.borrow_mut();
            let pid = std::process::id();
            if slot.as_ref().is_some_and(|this| this.pid != pid) {
                // Inherited through fork(): its epoll instance is shared with the parent.
                std::mem::forget(slot.take());
            }
            if slot.is_none() {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(Failure::Runtime)?;
                *slot = Some(ThisThread {
                    pid,
                    runtime,
                    clients: HashMap::new(),
                });
            }
            let this = slot.as_mut().expect("set above");
            let client = match this.clients.get(&handle.id()) {
                Some((_, client)) => client.clone(),
                None => {
                    this.clients
                        .retain(|_, (owner, _)| owner.strong_count() > 0);
                    let client = handle.build_client().map_err(Failure::Core)?;
                    this.clients
                        .insert(handle.id(), (Arc::downgrade(handle), client.clone()));
                    client
                }
            };
            let call = make(client);
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                this.runtime.block_on(call)
            })) {
                Ok(result) => result.map_err(Failure::Core),
                Err(payload) => {
                    // Start afresh next time rather than reuse a runtime a panic went through.
                    std::mem::forget(slot.take());
                    Err(Failure::Panic(offsession::panic::Panicked::from_payload(
                        payload,
                    )))
                }
            }
        })
    });
    outcome.map_err(|failure| match failure {
        Failure::Core(error) => errors::to_py(py, error),
        Failure::Panic(caught) => errors::panicked(&caught),
        Failure::Runtime(error) => {
            PyRuntimeError::new_err(format!("could not start the I/O runtime: {error}"))
        }
    })
}

/// Test hook: a call whose future panics inside the runtime, as a bug in the core would. Shows
/// that the panic reaches Python as an exception and the process lives on.
#[pyfunction]
#[pyo3(signature = (asyncio = false))]
fn _panic_in_core_for_tests(py: Python<'_>, asyncio: bool) -> PyResult<Py<PyAny>> {
    let mode = if asyncio {
        Mode::Asyncio
    } else {
        Mode::Blocking
    };
    // A client that is never used: the call panics before any request.
    let handle = crate::client::build_handle(
        py,
        "sk_test_panic".into(),
        Some("http://127.0.0.1:9".into()),
        0,
        None,
        None,
        None,
        None,
        None,
        "python",
    )?;
    mode.run(py, &handle, |_client| async {
        if std::hint::black_box(true) {
            panic!("forced by _panic_in_core_for_tests");
        }
        offsession::Event::from_slice(b"{}")
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_panic_in_core_for_tests, m)?)
}
