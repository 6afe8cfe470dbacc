//! asyncio awaitables for core calls.
//!
//! A call runs on the shared I/O thread; its result must be set on the event loop's thread
//! (asyncio futures are not thread-safe). Each event loop gets a [`Mailbox`]: the I/O thread
//! queues finished calls there without touching Python, and a pipe registered with
//! `loop.add_reader` wakes the loop, which converts and delivers every queued result in one
//! go. The I/O thread never waits for the GIL, and a burst of results costs one wake-up.
//! Loops without `add_reader` (Windows' proactor loop) fall back to `call_soon_threadsafe`.

use std::future::Future;
use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

use crate::errors;
use crate::runtime::{runtime, IntoPython};

/// A finished call: turns into the future's result or exception once the GIL is held.
type Outcome = Box<dyn FnOnce(Python<'_>) -> Result<Py<PyAny>, PyErr> + Send>;

/// The Python helpers of `offsession._aio`, imported on the first asyncio call.
struct Helpers {
    resolve: Py<PyAny>,
    reject: Py<PyAny>,
    mailbox_for: Py<PyAny>,
}

static HELPERS: PyOnceLock<Helpers> = PyOnceLock::new();

fn helpers(py: Python<'_>) -> PyResult<&'static Helpers> {
    HELPERS.get_or_try_init(py, || {
        let module = py.import("offsession._aio")?;
        Ok(Helpers {
            resolve: module.getattr("resolve")?.unbind(),
            reject: module.getattr("reject")?.unbind(),
            mailbox_for: module.getattr("mailbox_for")?.unbind(),
        })
    })
}

/// An asyncio future for `call`, resolved on the running loop's thread.
pub fn awaitable<T, F>(py: Python<'_>, call: F) -> PyResult<Py<PyAny>>
where
    T: IntoPython,
    F: Future<Output = offsession::Result<T>> + Send + 'static,
{
    let helpers = helpers(py)?;
    let event_loop = py.import("asyncio")?.call_method0("get_running_loop")?;
    let future = event_loop.call_method0("create_future")?.unbind();
    let mailbox = helpers.mailbox_for.call1(py, (&event_loop,))?;
    let runtime = runtime()?;
    if mailbox.is_none(py) {
        resolve_through_call_soon_threadsafe(
            &runtime,
            event_loop.unbind(),
            future.clone_ref(py),
            call,
        );
    } else {
        let mailbox = Arc::clone(&mailbox.bind(py).cast::<Mailbox>()?.get().shared);
        let target = future.clone_ref(py);
        runtime.spawn(async move {
            let outcome = offsession::panic::catch_unwind(call).await;
            mailbox.post(target, outcome_of(outcome));
        });
    }
    Ok(future)
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
#[pyfunction]
fn _quiesce_for_exit(py: Python<'_>) {
    SHUTTING_DOWN.store(true, Ordering::SeqCst);
    while IN_PYTHON.load(Ordering::SeqCst) > 0 {
        py.detach(|| std::thread::sleep(std::time::Duration::from_millis(1)));
    }
}

/// The fallback for loops that cannot watch a pipe: the I/O thread takes the GIL and hands
/// each result to `loop.call_soon_threadsafe`.
fn resolve_through_call_soon_threadsafe<T, F>(
    runtime: &tokio::runtime::Runtime,
    event_loop: Py<PyAny>,
    target: Py<PyAny>,
    call: F,
) where
    T: IntoPython,
    F: Future<Output = offsession::Result<T>> + Send + 'static,
{
    runtime.spawn(async move {
        let outcome = outcome_of(offsession::panic::catch_unwind(call).await);
        with_python(|py| {
            let Ok(helpers) = helpers(py) else { return };
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
    });
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Mailbox>()?;
    m.add_function(wrap_pyfunction!(_quiesce_for_exit, m)?)
}
