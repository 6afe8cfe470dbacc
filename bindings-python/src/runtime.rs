//! The Tokio runtime behind every call, and the two ways a Python caller waits for it:
//! blocking with the GIL released (sync), or a coroutine (async, see `asyncio.rs`); and the
//! cancellation rule (core/src/cancel.rs) for each: a resource call the caller stops waiting
//! for is dropped, a flow call runs to its end on the shared runtime.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

pub use offsession::cancel::CallKind;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use tokio::runtime::Runtime;

use crate::client::{Handle, Pool};
use crate::errors;

/// Converts a finished call's Rust value into a Python object (under the GIL).
pub trait IntoPython: Send + 'static {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>>;
}

/// The runtime and the process it was built in. A forked child gets a new one: the parent's
/// worker threads do not exist in the child, so its runtime must never be touched (or dropped).
static RUNTIME: Mutex<Option<(u32, Arc<Runtime>)>> = Mutex::new(None);

/// The shared runtime of this process (asyncio calls, flows, pagination).
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
    /// Runs the call that `make` builds from a core client and the call's converted arguments
    /// `args`: returns its converted result (blocking), or a coroutine that starts the call
    /// when awaited and resolves to it (asyncio; a refused argument is raised by the await, as
    /// from an `async def`). Errors become offsession exceptions; a panic becomes a Python
    /// exception too, never a crash.
    ///
    /// `kind` is the cancellation rule (core/src/cancel.rs): when the caller stops waiting (a
    /// cancelled asyncio task, Ctrl-C in a blocking call), a [`CallKind::Resource`] call is
    /// dropped, a [`CallKind::Flow`] call runs to its end on the shared runtime.
    pub fn run<P, T, F, M>(
        self,
        py: Python<'_>,
        handle: &Arc<Handle>,
        kind: CallKind,
        args: PyResult<P>,
        make: M,
    ) -> PyResult<Py<PyAny>>
    where
        P: Send + 'static,
        T: IntoPython,
        F: Future<Output = offsession::Result<T>> + Send + 'static,
        M: FnOnce(offsession::Client, P) -> F + Send + 'static,
    {
        match self {
            Mode::Blocking => {
                let args = args?;
                let value = match kind {
                    CallKind::Resource => {
                        block_on_this_thread(py, handle, move |client| make(client, args))?
                    }
                    CallKind::Flow => run_flow_blocking(py, make(handle.client()?, args))?,
                };
                value.into_python(py)
            }
            Mode::Asyncio => crate::asyncio::awaitable(py, handle, kind, args, make),
        }
    }
}

/// How long a blocking call waits before it looks for a pending signal (Ctrl-C): the bound on
/// how late a `KeyboardInterrupt` comes. Checking takes the GIL for a moment, 20 times a
/// second, and only while a call is waiting that long.
const SIGNAL_CHECK: Duration = Duration::from_millis(50);

/// What a blocking call on this thread uses: a single-threaded runtime that the calling thread
/// drives itself, and one core client (connection pool) per Python client. The request, its
/// I/O and its response all happen on the caller's thread: no hand-off to a worker thread and
/// back, which costs more than the request itself on a fast network.
struct ThisThread {
    pid: u32,
    runtime: tokio::runtime::Runtime,
    clients: HashMap<u64, (Weak<Pool>, offsession::Client)>,
}

thread_local! {
    static THIS_THREAD: RefCell<Option<ThisThread>> = const { RefCell::new(None) };
}

/// A call that failed: the core's error, a panic caught on the way, or a signal handler's
/// exception (`KeyboardInterrupt`) that ended the wait.
enum Failure {
    Core(offsession::Error),
    Panic(offsession::panic::Panicked),
    Runtime(std::io::Error),
    Interrupted(PyErr),
}

impl Failure {
    fn into_py(self, py: Python<'_>) -> PyErr {
        match self {
            Failure::Core(error) => errors::to_py(py, error),
            Failure::Panic(caught) => errors::panicked(&caught),
            Failure::Runtime(error) => {
                PyRuntimeError::new_err(format!("could not start the I/O runtime: {error}"))
            }
            Failure::Interrupted(error) => error,
        }
    }
}

/// This thread's runtime, built on first use (and again in a forked child, or after a panic or
/// an interrupt discarded it).
fn this_thread(slot: &mut Option<ThisThread>) -> Result<&mut ThisThread, Failure> {
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
    Ok(slot.as_mut().expect("set above"))
}

/// The core client of `handle` for this thread's runtime (one per pool of connections, made
/// for the handle's connected account).
fn client_on_this_thread(handle: &Arc<Handle>) -> Result<offsession::Client, Failure> {
    let pool = &handle.pool;
    let client = THIS_THREAD.with(|cell| {
        let mut slot = cell.borrow_mut();
        let this = this_thread(&mut slot)?;
        Ok(match this.clients.get(&pool.id()) {
            Some((_, client)) => client.clone(),
            None => {
                this.clients
                    .retain(|_, (owner, _)| owner.strong_count() > 0);
                let client = pool.build_client().map_err(Failure::Core)?;
                this.clients
                    .insert(pool.id(), (Arc::downgrade(pool), client.clone()));
                client
            }
        })
    })?;
    handle.for_account(client).map_err(Failure::Core)
}

/// Drives `future` on this thread's runtime until it finishes, looking for signals every
/// [`SIGNAL_CHECK`] with the GIL taken for a moment: a signal handler's exception (Ctrl-C's
/// `KeyboardInterrupt`) ends the wait at once and drops `future`. Must run with the GIL
/// released. No borrow of the thread's runtime is held while a signal handler runs, so a
/// handler may make calls of its own.
fn wait_on_this_thread<O>(future: impl Future<Output = O>) -> Result<O, Failure> {
    let mut future = std::pin::pin!(future);
    loop {
        let step = THIS_THREAD.with(|cell| {
            let mut slot = cell.borrow_mut();
            let this = this_thread(&mut slot)?;
            // The timer is made inside the runtime, which it needs.
            let sliced = async { tokio::time::timeout(SIGNAL_CHECK, future.as_mut()).await };
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                this.runtime.block_on(sliced)
            })) {
                Ok(step) => Ok(step.ok()),
                Err(payload) => {
                    // Start afresh next time rather than reuse a runtime a panic went through.
                    std::mem::forget(slot.take());
                    Err(Failure::Panic(offsession::panic::Panicked::from_payload(
                        payload,
                    )))
                }
            }
        })?;
        if let Some(output) = step {
            return Ok(output);
        }
        Python::attach(|py| py.check_signals()).map_err(Failure::Interrupted)?;
    }
}

/// A resource call on this thread's runtime. On Ctrl-C the call is dropped with the thread's
/// runtime, which closes the dropped request's connection now rather than at the next call.
fn block_on_this_thread<T, F, M>(py: Python<'_>, handle: &Arc<Handle>, make: M) -> PyResult<T>
where
    F: Future<Output = offsession::Result<T>>,
    M: FnOnce(offsession::Client) -> F + Send,
    T: Send,
{
    let outcome = py.detach(|| {
        let call = make(client_on_this_thread(handle)?);
        let outcome = wait_on_this_thread(call).and_then(|result| result.map_err(Failure::Core));
        if let Err(Failure::Interrupted(_)) = &outcome {
            // The call is dropped already; its runtime goes too, closing its connection.
            THIS_THREAD.with(|cell| drop(cell.borrow_mut().take()));
        }
        outcome
    });
    outcome.map_err(|failure| failure.into_py(py))
}

/// A flow call from a blocking caller: it runs on the shared runtime with the shared client,
/// where it goes on to its end if the caller stops waiting (Ctrl-C); the caller waits for it on
/// this thread's runtime.
fn run_flow_blocking<T, F>(py: Python<'_>, call: F) -> PyResult<T>
where
    T: Send + 'static,
    F: Future<Output = offsession::Result<T>> + Send + 'static,
{
    let runtime = runtime()?;
    let flow = offsession::cancel::run_to_end(runtime.handle(), track_flow(call));
    let outcome = py.detach(|| match wait_on_this_thread(flow)? {
        Ok(result) => result.map_err(Failure::Core),
        Err(caught) => Err(Failure::Panic(caught)),
    });
    outcome.map_err(|failure| failure.into_py(py))
}

/// A resource call on the shared runtime from a blocking caller (a page of
/// `auto_paging_iter()`, whose client lives there): the caller waits on this thread; Ctrl-C
/// drops the call.
pub fn block_on_shared<T, F>(py: Python<'_>, call: F) -> PyResult<T>
where
    T: Send + 'static,
    F: Future<Output = offsession::Result<T>> + Send + 'static,
{
    let task = runtime()?.spawn(offsession::panic::catch_unwind(call));
    let abort = task.abort_handle();
    let outcome = py.detach(|| match wait_on_this_thread(task) {
        Ok(Ok(Ok(result))) => result.map_err(Failure::Core),
        Ok(Ok(Err(caught))) => Err(Failure::Panic(caught)),
        Ok(Err(ended)) => Err(Failure::Panic(offsession::panic::Panicked::from_payload(
            Box::new(format!("the call's task ended without a result: {ended}")),
        ))),
        Err(failure) => {
            abort.abort();
            Err(failure)
        }
    });
    outcome.map_err(|failure| failure.into_py(py))
}

// ---------------------------------------------------------------- flows in flight

/// Flow calls running now, and the process they belong to (a forked child starts at zero: the
/// parent's calls do not run there).
static FLOWS: Mutex<(u32, usize)> = Mutex::new((0, 0));

fn flows() -> std::sync::MutexGuard<'static, (u32, usize)> {
    let mut flows = FLOWS.lock().unwrap_or_else(|p| p.into_inner());
    let pid = std::process::id();
    if flows.0 != pid {
        *flows = (pid, 0);
    }
    flows
}

/// Counts a flow call from now until it ends (or its task is dropped).
struct FlowInFlight;

impl FlowInFlight {
    fn start() -> Self {
        flows().1 += 1;
        FlowInFlight
    }
}

impl Drop for FlowInFlight {
    fn drop(&mut self) {
        let mut flows = flows();
        flows.1 = flows.1.saturating_sub(1);
    }
}

/// `call`, counted among the flows in flight until it ends, so that the interpreter's exit can
/// wait for it ([`wait_for_flows_at_exit`]).
pub fn track_flow<F: Future>(call: F) -> impl Future<Output = F::Output> {
    let counted = FlowInFlight::start();
    async move {
        let output = call.await;
        drop(counted);
        output
    }
}

/// At interpreter exit (atexit): waits for the flow calls still running, those whose callers
/// stopped waiting (Ctrl-C, a cancelled task) included, so that the process does not end a
/// charge between its PaymentIntent and its recovery session. Says so on stderr; a Ctrl-C
/// during the wait stops it, and the flows still running are cut short with the process (a
/// re-run with the same idempotency key is safe and finishes them).
pub fn wait_for_flows_at_exit(py: Python<'_>) {
    use std::io::Write;
    let running = flows().1;
    if running == 0 {
        return;
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let _ = writeln!(
        std::io::stderr(),
        "offsession: waiting for {running} flow call{} to finish before exiting, so that no \
         charge is left half-done; Ctrl-C again to stop waiting",
        plural(running)
    );
    loop {
        let running = py.detach(|| {
            let deadline = std::time::Instant::now() + SIGNAL_CHECK;
            loop {
                let running = flows().1;
                if running == 0 || std::time::Instant::now() >= deadline {
                    return running;
                }
                std::thread::sleep(Duration::from_millis(2));
            }
        });
        if running == 0 {
            return;
        }
        if py.check_signals().is_err() {
            let _ = writeln!(
                std::io::stderr(),
                "offsession: {running} flow call{} cut short at exit; re-run each with the same \
                 idempotency_key to finish it (it cannot apply twice)",
                plural(running)
            );
            return;
        }
    }
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
    let settings = pyo3::types::PyDict::new(py);
    settings.set_item("base_url", "http://127.0.0.1:9")?;
    settings.set_item("max_retries", 0)?;
    let key = "sk_test_panic".into_pyobject(py)?.into_any();
    let handle = Handle::new(py, Some(&key), Some(&settings), "python")?;
    mode.run(
        py,
        &handle,
        CallKind::Resource,
        Ok(()),
        |_client, ()| async {
            if std::hint::black_box(true) {
                panic!("forced by _panic_in_core_for_tests");
            }
            offsession::Event::from_slice(b"{}")
        },
    )
}

/// Adds this file's classes and functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_panic_in_core_for_tests, m)?)
}
