//! asyncio awaitables for core calls.
//!
//! An `AsyncClient` method returns a coroutine (`offsession._aio.call`) around a [`Call`]: nothing
//! happens until it is awaited, so `asyncio.run(client.customers.create(...))` works and a
//! coroutine that is never awaited sends nothing. Awaiting it starts the call on the shared I/O
//! thread. When the awaiting task is cancelled, the rule of core/src/cancel.rs applies: a
//! resource call's task is aborted (the request is dropped), a flow call runs to its end
//! ([`offsession::cancel::run_to_end`]) and its result is dropped.
//!
//! The result must be set on the event loop's thread (asyncio futures are not thread-safe). Each event loop gets a [`Mailbox`]: the I/O thread
//! queues finished calls there without touching Python, and a pipe registered with
//! `loop.add_reader` wakes the loop, which converts and delivers every queued result in one
//! go. The I/O thread never waits for the GIL, and a burst of results costs one wake-up.
//! Loops without `add_reader` (Windows' proactor loop) fall back to `call_soon_threadsafe`.

use std::future::Future;
use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use offsession::cancel::CallKind;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use tokio::task::AbortHandle;

use crate::client::Handle;
use crate::errors;
use crate::runtime::{runtime, track_flow, IntoPython};

/// A finished call: turns into the future's result or exception once the GIL is held.
type Outcome = Box<dyn FnOnce(Python<'_>) -> Result<Py<PyAny>, PyErr> + Send>;

/// The Python helpers of `offsession._aio`, imported on the first asyncio call.
struct Helpers {
    resolve: Py<PyAny>,
    reject: Py<PyAny>,
    mailbox_for: Py<PyAny>,
    call: Py<PyAny>,
    fail: Py<PyAny>,
    ready: Py<PyAny>,
}

static HELPERS: PyOnceLock<Helpers> = PyOnceLock::new();

fn helpers(py: Python<'_>) -> PyResult<&'static Helpers> {
    HELPERS.get_or_try_init(py, || {
        let module = py.import("offsession._aio")?;
        Ok(Helpers {
            resolve: module.getattr("resolve")?.unbind(),
            reject: module.getattr("reject")?.unbind(),
            mailbox_for: module.getattr("mailbox_for")?.unbind(),
            call: module.getattr("call")?.unbind(),
            fail: module.getattr("fail")?.unbind(),
            ready: module.getattr("ready")?.unbind(),
        })
    })
}

/// Starts a call: returns the asyncio future it resolves, and how to abort it (resource calls).
type Start = Box<dyn FnOnce(Python<'_>) -> PyResult<(Py<PyAny>, Option<AbortHandle>)> + Send>;

/// One `AsyncClient` call, not started until its coroutine is awaited.
#[pyclass(frozen, module = "offsession._native")]
pub struct Call {
    start: Mutex<Option<Start>>,
    abort: Mutex<Option<AbortHandle>>,
}

#[pymethods]
impl Call {
    /// Starts the call on the I/O thread; returns the asyncio future of its result.
    fn start(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let start = self
            .start
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
            .ok_or_else(|| PyRuntimeError::new_err("this call was started already"))?;
        let (future, abort) = start(py)?;
        *self.abort.lock().unwrap_or_else(|p| p.into_inner()) = abort;
        Ok(future)
    }

    /// The awaiting task stopped waiting: drops a resource call (its request with it); a flow
    /// call goes on to its end. Nothing happens once the call has finished.
    fn cancel(&self) {
        if let Some(abort) = self.abort.lock().unwrap_or_else(|p| p.into_inner()).take() {
            abort.abort();
        }
    }
}

/// The coroutine of an `AsyncClient` call: `make` builds the call from a core client and the
/// converted arguments when it is awaited. Arguments refused by the conversion are raised by
/// the await.
pub fn awaitable<P, T, F, M>(
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
    let helpers = helpers(py)?;
    let args = match args {
        Ok(args) => args,
        Err(refused) => return helpers.fail.call1(py, (refused.into_value(py),)),
    };
    let handle = Arc::clone(handle);
    let start: Start = Box::new(move |py| start(py, kind, make(handle.client()?, args)));
    let call = Py::new(
        py,
        Call {
            start: Mutex::new(Some(start)),
            abort: Mutex::new(None),
        },
    )?;
    helpers.call.call1(py, (call,))
}

/// A coroutine that returns `value` at once (an object already fetched).
pub fn ready(py: Python<'_>, value: Py<PyAny>) -> PyResult<Py<PyAny>> {
    helpers(py)?.ready.call1(py, (value,))
}

/// Starts `call` on the shared I/O thread, resolving a new future of the running loop.
fn start<T, F>(
    py: Python<'_>,
    kind: CallKind,
    call: F,
) -> PyResult<(Py<PyAny>, Option<AbortHandle>)>
where
    T: IntoPython,
    F: Future<Output = offsession::Result<T>> + Send + 'static,
{
    let helpers = helpers(py)?;
    let event_loop = py.import("asyncio")?.call_method0("get_running_loop")?;
    let future = event_loop.call_method0("create_future")?.unbind();
    let mailbox = helpers.mailbox_for.call1(py, (&event_loop,))?;
    let runtime = runtime()?;
    let target = future.clone_ref(py);
    let abort = if mailbox.is_none(py) {
        let event_loop = event_loop.unbind();
        spawn(&runtime, kind, async move {
            let outcome = outcome_of(offsession::panic::catch_unwind(call).await);
            resolve_through_call_soon_threadsafe(event_loop, target, outcome);
        })
    } else {
        let mailbox = Arc::clone(&mailbox.bind(py).cast::<Mailbox>()?.get().shared);
        spawn(&runtime, kind, async move {
            let outcome = offsession::panic::catch_unwind(call).await;
            mailbox.post(target, outcome_of(outcome));
        })
    };
    Ok((future, abort))
}

/// Spawns a call and its delivery: a resource call as a task that can be aborted, a flow call
/// to run to its end (counted for the interpreter's exit).
fn spawn(
    runtime: &tokio::runtime::Runtime,
    kind: CallKind,
    task: impl Future<Output = ()> + Send + 'static,
) -> Option<AbortHandle> {
    match kind {
        CallKind::Resource => Some(runtime.spawn(task).abort_handle()),
        CallKind::Flow => {
            // Detached at once: nothing waits for it but the future it resolves.
            drop(offsession::cancel::run_to_end(
                runtime.handle(),
                track_flow(task),
            ));
            None
        }
    }
}

/// What the call produced, as a deferred conversion (the I/O thread holds no GIL).
fn outcome_of<T: IntoPython>(
    outcome: Result<offsession::Result<T>, offsession::panic::Panicked>,
) -> Outcome {
    match outcome {
        Ok(Ok(value)) => Box::new(move |py| value.into_python(py)),
        Ok(Err(error)) => Box::new(move |py| Err(errors::to_py(py, error))),
        Err(caught) => Box::new(move |_| Err(errors::panicked(&caught))),
    }
}

/// Finished calls of one event loop, and the pipe that wakes it.
#[pyclass(frozen, module = "offsession._native")]
pub struct Mailbox {
    shared: Arc<Shared>,
}

struct Shared {
    /// Invariant, kept under this lock: the pipe holds one byte exactly when the queue is not
    /// empty, so `drain` never blocks on the read and the loop is never woken for nothing.
    queue: Mutex<Vec<(Py<PyAny>, Outcome)>>,
    reader: Mutex<PipeEnd>,
    writer: Mutex<PipeEnd>,
}

/// One end of the wake-up pipe: a connected socket pair, which every selector can watch.
#[cfg(unix)]
type PipeEnd = std::os::unix::net::UnixStream;
/// Never built: loops there use the `call_soon_threadsafe` fallback.
#[cfg(not(unix))]
type PipeEnd = std::fs::File;

impl Shared {
    /// Queues a finished call; wakes the loop if the queue was empty.
    fn post(&self, future: Py<PyAny>, outcome: Outcome) {
        let mut queue = self.queue.lock().unwrap_or_else(|p| p.into_inner());
        if queue.is_empty() {
            let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
            if writer.write_all(&[1]).is_err() {
                // The loop side is gone (its pipe end closed): nobody is waiting any more.
                return;
            }
        }
        queue.push((future, outcome));
    }

    fn take(&self) -> Vec<(Py<PyAny>, Outcome)> {
        let mut queue = self.queue.lock().unwrap_or_else(|p| p.into_inner());
        if !queue.is_empty() {
            let mut byte = [0u8; 1];
            let mut reader = self.reader.lock().unwrap_or_else(|p| p.into_inner());
            // Present by the invariant above: this read does not block.
            let _ = reader.read_exact(&mut byte);
        }
        std::mem::take(&mut *queue)
    }
}

#[pymethods]
impl Mailbox {
    /// A new mailbox with its own wake-up pipe; `_aio.mailbox_for` registers it with a loop.
    #[new]
    fn new() -> PyResult<Self> {
        #[cfg(unix)]
        let (reader, writer) = PipeEnd::pair()
            .map_err(|e| PyRuntimeError::new_err(format!("could not create a pipe: {e}")))?;
        #[cfg(not(unix))]
        let (reader, writer): (PipeEnd, PipeEnd) = {
            return Err(pyo3::exceptions::PyNotImplementedError::new_err(
                "asyncio mailboxes need Unix sockets",
            ));
        };
        Ok(Mailbox {
            shared: Arc::new(Shared {
                queue: Mutex::new(Vec::new()),
                reader: Mutex::new(reader),
                writer: Mutex::new(writer),
            }),
        })
    }

    /// The file descriptor the loop watches for readability.
    fn fileno(&self) -> i64 {
        #[cfg(unix)]
        {
            use std::os::fd::AsRawFd;
            let reader = self.shared.reader.lock().unwrap_or_else(|p| p.into_inner());
            i64::from(reader.as_raw_fd())
        }
        #[cfg(not(unix))]
        {
            -1
        }
    }

    /// Called by the loop when the pipe is readable: delivers every queued result.
    fn drain(&self, py: Python<'_>) -> PyResult<()> {
        let helpers = helpers(py)?;
        for (future, outcome) in self.shared.take() {
            let (callback, value) = match outcome(py) {
                Ok(value) => (&helpers.resolve, value),
                Err(error) => (&helpers.reject, error.into_value(py).into_any()),
            };
            if let Err(error) = callback.call1(py, (future, value)) {
                // One failed delivery must not strand the rest of the batch.
                error.write_unraisable(py, None);
            }
        }
        Ok(())
    }
}

/// I/O threads currently inside Python, and whether the interpreter is shutting down.
static IN_PYTHON: AtomicUsize = AtomicUsize::new(0);
static SHUTTING_DOWN: AtomicBool = AtomicBool::new(false);

/// Enters Python from an I/O thread, unless the interpreter is exiting. An I/O thread still
/// inside Python while the interpreter finalizes would abort the process; `_quiesce_for_exit`
/// (registered with `atexit`) waits for those threads and keeps new ones out.
fn with_python(f: impl FnOnce(Python<'_>)) {
    IN_PYTHON.fetch_add(1, Ordering::SeqCst);
    if !SHUTTING_DOWN.load(Ordering::SeqCst) {
        Python::attach(f);
    }
    IN_PYTHON.fetch_sub(1, Ordering::SeqCst);
}

/// Called at interpreter exit (atexit): results that arrive later are dropped, never delivered
/// into a finalizing interpreter.
///
/// First it waits for the flow calls still running (whose callers may have stopped waiting):
/// see [`crate::runtime::wait_for_flows_at_exit`].
#[pyfunction]
fn _quiesce_for_exit(py: Python<'_>) {
    crate::runtime::wait_for_flows_at_exit(py);
    SHUTTING_DOWN.store(true, Ordering::SeqCst);
    while IN_PYTHON.load(Ordering::SeqCst) > 0 {
        py.detach(|| std::thread::sleep(std::time::Duration::from_millis(1)));
    }
}

/// The fallback for loops that cannot watch a pipe: the I/O thread takes the GIL and hands
/// the result to `loop.call_soon_threadsafe`.
fn resolve_through_call_soon_threadsafe(
    event_loop: Py<PyAny>,
    target: Py<PyAny>,
    outcome: Outcome,
) {
    with_python(|py| {
        let Ok(helpers) = helpers(py) else { return };
        let closed = event_loop
            .call_method0(py, "is_closed")
            .and_then(|closed| closed.is_truthy(py));
        if closed.unwrap_or(false) {
            // A flow that ran to its end after its loop went away: nobody is waiting.
            return;
        }
        let (callback, value) = match outcome(py) {
            Ok(value) => (helpers.resolve.clone_ref(py), value),
            Err(error) => (
                helpers.reject.clone_ref(py),
                error.into_value(py).into_any(),
            ),
        };
        if let Err(err) =
            event_loop.call_method1(py, "call_soon_threadsafe", (callback, target, value))
        {
            // The loop is closed: nobody is waiting any more.
            err.write_unraisable(py, None);
        }
    });
}

/// Adds this file's classes and functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Mailbox>()?;
    m.add_class::<Call>()?;
    m.add_function(wrap_pyfunction!(_quiesce_for_exit, m)?)
}
