//! Runs every call on the JavaScript thread, driven by Node's own event loop.
//!
//! Why: handing a call to a background I/O thread and its result back costs two thread
//! wake-ups per request, about a quarter of the CPU of a sequential request when measured,
//! and undici never pays them. Here each JavaScript thread owns a current-thread tokio runtime:
//!
//! - A call spawns its future and runs the runtime until nothing is ready, so the request is
//!   written before the call returns.
//! - libuv watches the runtime's epoll descriptor. When a response arrives, the runtime runs
//!   again on this thread and the finished promises are settled inside a callback scope, as
//!   Node settles its own I/O.
//! - tokio's timers (timeouts, retry back-off) do not make that descriptor readable, so a
//!   libuv timer also turns the runtime while calls are in flight: 1 ms after activity,
//!   doubling to 32 ms while nothing happens. A timer fires at most that late.
//!
//! A turn ends only when the runtime's run queue is empty: the last look at the descriptor
//! inside a turn can wake tasks, and they must run before control goes back to libuv, or
//! they would wait for the next event. That check is the one API here behind
//! `--cfg tokio_unstable`, which `bindings-node/.cargo/config.toml` sets for the add-on's build
//! alone (cargo reads it when run from `bindings-node/`).
//!
//! Linux only, like the package's prebuilt targets: the runtime's descriptor is found in
//! `/proc/self/fd`, because tokio does not expose it.
//!
//! Cancellation follows the core's rule ([`offsession::cancel`]). Every call is its own tokio
//! task, so a call already runs apart from its promise, as `offsession::cancel::run_to_end`
//! would run it. [`abort`] (an `AbortSignal` aborting, through `index.js`) then acts by the
//! call's [`CallKind`]:
//!
//! - a `Resource` call's task is aborted: its future is dropped where it stands (its request is
//!   not completed; its connection is closed) and its promise is rejected.
//! - a `Flow` call is left alone: it runs to its end, detached. Its promise stays registered, so
//!   the driver keeps turning the runtime and keeps Node alive until the flow ends; then its
//!   result settles a promise nobody waits for (`index.js` has already rejected the caller's),
//!   and an idle process exits as before. If the process exits first (`process.exit()`, a
//!   signal, a worker terminated), the runtime is dropped with the env and the flow stops where
//!   it stands; running it again with the same idempotency key completes it.

// libuv and N-API are C APIs; each unsafe block says why it is sound.
#![allow(unsafe_code)]

#[cfg(not(tokio_unstable))]
compile_error!(
    "offsession-node needs `--cfg tokio_unstable`: build it from bindings-node/ (`npm run build`, \
     or cargo there), whose .cargo/config.toml sets it; a RUSTFLAGS variable replaces that setting"
);

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::ffi::{c_int, c_void};
use std::future::Future;
use std::os::fd::RawFd;
use std::ptr;
use std::rc::Rc;
use std::sync::{Arc, Mutex, PoisonError};

use napi::bindgen_prelude::PromiseRaw;
use napi::{sys, Env};
use offsession::cancel::CallKind;
use tokio::task::AbortHandle;

/// The libuv functions used here; Node exports them to add-ons.
mod uv {
    use std::ffi::{c_int, c_void};

    /// `uv_loop_t`, opaque.
    #[repr(C)]
    pub struct Loop {
        _opaque: [u8; 0],
    }

    /// Any `uv_handle_t`, opaque; allocated with `uv_handle_size`.
    #[repr(C)]
    pub struct Handle {
        _opaque: [u8; 0],
    }

    /// `UV_POLL` and `UV_TIMER` in `uv_handle_type`.
    pub const POLL: c_int = 8;
    pub const TIMER: c_int = 13;
    /// `UV_READABLE` in `uv_poll_event`.
    pub const READABLE: c_int = 1;

    extern "C" {
        pub fn uv_handle_size(kind: c_int) -> usize;
        pub fn uv_poll_init(event_loop: *mut Loop, handle: *mut Handle, fd: c_int) -> c_int;
        pub fn uv_poll_start(
            handle: *mut Handle,
            events: c_int,
            callback: extern "C" fn(*mut Handle, c_int, c_int),
        ) -> c_int;
        pub fn uv_timer_init(event_loop: *mut Loop, handle: *mut Handle) -> c_int;
        pub fn uv_timer_start(
            handle: *mut Handle,
            callback: extern "C" fn(*mut Handle),
            timeout: u64,
            repeat: u64,
        ) -> c_int;
        pub fn uv_timer_stop(handle: *mut Handle) -> c_int;
        pub fn uv_ref(handle: *mut Handle);
        pub fn uv_unref(handle: *mut Handle);
        pub fn uv_close(handle: *mut Handle, callback: Option<extern "C" fn(*mut Handle)>);
        pub fn uv_handle_get_data(handle: *const Handle) -> *mut c_void;
        pub fn uv_handle_set_data(handle: *mut Handle, data: *mut c_void);
    }
}

/// How a finished call left the runtime: its id and its JSON result or error.
type Settled = (u64, napi::Result<String>);

/// A call whose promise is not settled yet.
struct Waiting {
    deferred: sys::napi_deferred,
    /// The task of a `Resource` call, to abort it; `None` for a `Flow`, which is never aborted.
    task: Option<AbortHandle>,
}

/// What [`abort`] did with a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aborted {
    /// A resource call: its future was dropped and its promise rejected.
    Cancelled,
    /// A flow call: it runs to its end, detached.
    Detached,
    /// Nothing was waiting under that id (the call had already settled).
    Settled,
}

impl Aborted {
    pub fn as_str(self) -> &'static str {
        match self {
            Aborted::Cancelled => "cancelled",
            Aborted::Detached => "detached",
            Aborted::Settled => "settled",
        }
    }
}

/// The first and the longest interval of the timer that turns the runtime for tokio's timers.
const FIRST_TICK_MS: u64 = 1;
const LONGEST_TICK_MS: u64 = 32;

/// One per JavaScript thread (the main thread and each worker).
struct Driver {
    env: sys::napi_env,
    runtime: tokio::runtime::Runtime,
    async_context: sys::napi_async_context,
    poll: *mut uv::Handle,
    timer: *mut uv::Handle,
    /// Promises not yet settled, by call id.
    waiting: RefCell<HashMap<u64, Waiting>>,
    /// Filled by the spawned tasks (which tokio requires to be `Send`), emptied by `deliver`.
    settled: Arc<Mutex<Vec<Settled>>>,
    next_id: Cell<u64>,
    tick_ms: Cell<u64>,
}

thread_local! {
    static DRIVER: RefCell<Option<Rc<Driver>>> = const { RefCell::new(None) };
}

/// Starts `call` and returns its promise; the promise resolves to the call's JSON text or
/// rejects with its error. `kind` says what [`abort`] may do with it.
pub fn start<'env, F>(
    env: &'env Env,
    kind: CallKind,
    call: F,
) -> napi::Result<PromiseRaw<'env, String>>
where
    F: Future<Output = napi::Result<String>> + Send + 'static,
{
    let driver = Driver::current(env)?;
    let mut deferred = ptr::null_mut();
    let mut promise = ptr::null_mut();
    // SAFETY: called on the JavaScript thread during a call from JavaScript, with its env.
    check(unsafe { sys::napi_create_promise(env.raw(), &mut deferred, &mut promise) })?;
    let id = driver.next_id.get();
    driver.next_id.set(id + 1);
    let settled = Arc::clone(&driver.settled);
    // Spawned inside the runtime (its local queue: no wake-up through the descriptor). A
    // resource call's task is kept to abort it; a flow's is never aborted.
    let task = driver.runtime.block_on(async move {
        let task = tokio::spawn(async move {
            let result = call.await;
            lock(&settled).push((id, result));
        });
        tokio::task::yield_now().await;
        match kind {
            CallKind::Resource => Some(task.abort_handle()),
            CallKind::Flow => None,
        }
    });
    // Registered before `deliver`, which settles only registered calls.
    driver
        .waiting
        .borrow_mut()
        .insert(id, Waiting { deferred, task });
    driver.finish_turn();
    // A call that fails before any I/O (bad input) settles here, still inside the JavaScript
    // call, so no callback scope is needed.
    driver.deliver(false);
    driver.tick_ms.set(FIRST_TICK_MS);
    driver.arm();
    Ok(PromiseRaw::new(env.raw(), promise))
}

/// The id of the call this thread started last: `index.js` asks right after starting a call
/// that has an `AbortSignal`, to [`abort`] it later.
pub fn last_call_id() -> Option<u64> {
    let driver = DRIVER.with(|slot| slot.borrow().clone())?;
    driver.next_id.get().checked_sub(1)
}

/// The caller stopped waiting for call `id` (its `AbortSignal` aborted). A resource call is
/// cancelled: its task is aborted, and the runtime is turned at once so that its future is
/// dropped (its connection closed) before this returns; its promise is rejected. A flow call
/// runs to its end, detached (see the module documentation).
pub fn abort(env: &Env, id: u64) -> napi::Result<Aborted> {
    let Some(driver) = DRIVER.with(|slot| slot.borrow().clone()) else {
        return Ok(Aborted::Settled);
    };
    let mut waiting = driver.waiting.borrow_mut();
    match waiting.get(&id) {
        None => return Ok(Aborted::Settled),
        Some(call) if call.task.is_none() => return Ok(Aborted::Detached),
        Some(_) => {}
    }
    let Some(Waiting {
        deferred,
        task: Some(task),
    }) = waiting.remove(&id)
    else {
        return Ok(Aborted::Settled);
    };
    drop(waiting);
    task.abort();
    driver.runtime.block_on(tokio::task::yield_now());
    driver.finish_turn();
    // SAFETY: on the JavaScript thread during a call from JavaScript; the deferred was removed
    // from `waiting`, so nothing else settles it.
    unsafe {
        settle(
            env.raw(),
            deferred,
            Err(napi::Error::from_reason("offsession: the call was aborted")),
        )
    };
    // The turn may have finished other calls.
    driver.deliver(false);
    driver.arm();
    Ok(Aborted::Cancelled)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn check(status: sys::napi_status) -> napi::Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(napi::Error::from_reason(format!(
            "offsession: a Node-API call failed with status {status}"
        )))
    }
}

fn uv_check(what: &str, status: c_int) -> napi::Result<()> {
    if status == 0 {
        Ok(())
    } else {
        Err(napi::Error::from_reason(format!(
            "offsession: {what} failed with libuv status {status}"
        )))
    }
}

impl Driver {
    /// This thread's driver, created on first use.
    fn current(env: &Env) -> napi::Result<Rc<Driver>> {
        if let Some(driver) = DRIVER.with(|slot| slot.borrow().clone()) {
            return Ok(driver);
        }
        let driver = Rc::new(Driver::new(env)?);
        DRIVER.with(|slot| *slot.borrow_mut() = Some(Rc::clone(&driver)));
        // SAFETY: the hook runs once, on this thread, when its env is torn down.
        check(unsafe {
            sys::napi_add_env_cleanup_hook(env.raw(), Some(cleanup), ptr::null_mut())
        })?;
        Ok(driver)
    }

    fn new(env: &Env) -> napi::Result<Driver> {
        let before = eventpoll_fds();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| napi::Error::from_reason(format!("offsession: no runtime: {e}")))?;
        let fd = runtime_fd(&runtime, &before)?;

        let mut event_loop = ptr::null_mut();
        // SAFETY: env is this thread's env; Node returns its loop.
        check(unsafe { sys::napi_get_uv_event_loop(env.raw(), &mut event_loop) })?;
        let event_loop = event_loop.cast::<uv::Loop>();

        let mut async_context = ptr::null_mut();
        let mut resource = ptr::null_mut();
        let mut name = ptr::null_mut();
        // SAFETY: plain N-API calls on the JavaScript thread; the context is destroyed in
        // `cleanup`.
        unsafe {
            check(sys::napi_create_object(env.raw(), &mut resource))?;
            check(sys::napi_create_string_utf8(
                env.raw(),
                c"offsession".as_ptr(),
                10,
                &mut name,
            ))?;
            check(sys::napi_async_init(
                env.raw(),
                resource,
                name,
                &mut async_context,
            ))?;
        }

        let poll = alloc_handle(uv::POLL);
        let timer = alloc_handle(uv::TIMER);
        // SAFETY: both handles are freshly allocated at libuv's size for their type, live until
        // `cleanup` closes them, and are used only on this (the loop's) thread.
        unsafe {
            uv_check("uv_poll_init", uv::uv_poll_init(event_loop, poll, fd))?;
            uv_check(
                "uv_poll_start",
                uv::uv_poll_start(poll, uv::READABLE, on_readable),
            )?;
            // Neither handle keeps Node alive by itself: `arm` refs the poll while promises
            // are waiting.
            uv::uv_unref(poll);
            uv_check("uv_timer_init", uv::uv_timer_init(event_loop, timer))?;
            uv::uv_unref(timer);
        }
        Ok(Driver {
            env: env.raw(),
            runtime,
            async_context,
            poll,
            timer,
            waiting: RefCell::new(HashMap::new()),
            settled: Arc::new(Mutex::new(Vec::new())),
            next_id: Cell::new(0),
            tick_ms: Cell::new(FIRST_TICK_MS),
        })
    }

    /// Runs the runtime until its run queues are empty, after a first pass has run (every
    /// `block_on` ends with a look at the descriptor and the timers, which can wake tasks).
    fn finish_turn(&self) {
        loop {
            let metrics = self.runtime.metrics();
            if metrics.worker_local_queue_depth(0) == 0 && metrics.global_queue_depth() == 0 {
                break;
            }
            self.runtime.block_on(tokio::task::yield_now());
        }
    }

    /// Settles the promises of the finished calls. From a libuv callback (`from_loop`) there
    /// is no JavaScript on the stack, so this opens a handle scope and a callback scope; closing
    /// the callback scope runs the promise reactions, as after any Node I/O callback.
    fn deliver(&self, from_loop: bool) -> bool {
        let batch = std::mem::take(&mut *lock(&self.settled));
        if batch.is_empty() {
            return false;
        }
        let env = self.env;
        let mut handle_scope = ptr::null_mut();
        let mut callback_scope = ptr::null_mut();
        // SAFETY: on the JavaScript thread with its env; scopes are closed in reverse order.
        unsafe {
            if from_loop {
                sys::napi_open_handle_scope(env, &mut handle_scope);
                let mut resource = ptr::null_mut();
                sys::napi_create_object(env, &mut resource);
                sys::napi_open_callback_scope(
                    env,
                    resource,
                    self.async_context,
                    &mut callback_scope,
                );
            }
            for (id, result) in batch {
                // Remove before settling: settling can run JavaScript that starts new calls.
                let Some(Waiting { deferred, .. }) = self.waiting.borrow_mut().remove(&id) else {
                    continue;
                };
                settle(env, deferred, result);
            }
            if from_loop {
                sys::napi_close_callback_scope(env, callback_scope);
                sys::napi_close_handle_scope(env, handle_scope);
            }
        }
        true
    }

    /// Keeps Node alive and the timer running while promises are waiting; lets both go when
    /// none are.
    fn arm(&self) {
        let waiting = !self.waiting.borrow().is_empty();
        // SAFETY: handles owned by this driver, on the loop's thread.
        unsafe {
            if waiting {
                uv::uv_ref(self.poll);
                uv::uv_timer_start(self.timer, on_tick, self.tick_ms.get(), 0);
            } else {
                uv::uv_unref(self.poll);
                uv::uv_timer_stop(self.timer);
            }
        }
    }

    /// One pass from a libuv callback: turn, settle, re-arm.
    fn wake(&self, from_timer: bool) {
        // The first yield lets the runtime collect the events that woke libuv; the second
        // runs the tasks they woke, in the same `block_on`.
        self.runtime.block_on(async {
            tokio::task::yield_now().await;
            tokio::task::yield_now().await;
        });
        self.finish_turn();
        let delivered = self.deliver(true);
        let tick = if delivered || !from_timer {
            FIRST_TICK_MS
        } else {
            (self.tick_ms.get() * 2).min(LONGEST_TICK_MS)
        };
        self.tick_ms.set(tick);
        // The driver may have been torn down by JavaScript run while settling.
        if DRIVER.with(|slot| slot.borrow().is_some()) {
            self.arm();
        }
    }
}

/// Resolves with the JSON text or rejects with an `Error` whose message is the tagged reason.
///
/// # Safety
/// On the JavaScript thread, inside a handle scope, with a deferred not settled before.
unsafe fn settle(env: sys::napi_env, deferred: sys::napi_deferred, result: napi::Result<String>) {
    let (text, ok) = match &result {
        Ok(json) => (json.as_str(), true),
        Err(error) => (error.reason.as_str(), false),
    };
    let mut value = ptr::null_mut();
    sys::napi_create_string_utf8(env, text.as_ptr().cast(), text.len() as isize, &mut value);
    if ok {
        sys::napi_resolve_deferred(env, deferred, value);
    } else {
        let mut error = ptr::null_mut();
        sys::napi_create_error(env, ptr::null_mut(), value, &mut error);
        sys::napi_reject_deferred(env, deferred, error);
    }
}

/// Runs `body` with this thread's driver; a panic stops here, never unwinding into libuv.
fn with_driver(body: impl FnOnce(&Driver)) {
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if let Some(driver) = DRIVER.with(|slot| slot.borrow().clone()) {
            body(&driver);
        }
    }));
}

extern "C" fn on_readable(_handle: *mut uv::Handle, _status: c_int, _events: c_int) {
    with_driver(|driver| driver.wake(false));
}

extern "C" fn on_tick(_handle: *mut uv::Handle) {
    with_driver(|driver| driver.wake(true));
}

/// Env teardown (process exit or a worker ending): closes the handles, drops the runtime.
unsafe extern "C" fn cleanup(_arg: *mut c_void) {
    let _ = std::panic::catch_unwind(|| {
        let Some(driver) = DRIVER.with(|slot| slot.borrow_mut().take()) else {
            return;
        };
        // SAFETY: the handles are ours and open; `free_handle` releases them once closed.
        unsafe {
            uv::uv_timer_stop(driver.timer);
            uv::uv_close(driver.poll, Some(free_handle));
            uv::uv_close(driver.timer, Some(free_handle));
            sys::napi_async_destroy(driver.env, driver.async_context);
        }
    });
}

/// A zeroed, 8-byte aligned allocation of libuv's size for `kind`; its length is kept in
/// the handle's `data` so `free_handle` can release it.
fn alloc_handle(kind: c_int) -> *mut uv::Handle {
    // SAFETY: a pure query of libuv.
    let bytes = unsafe { uv::uv_handle_size(kind) };
    let words = bytes.div_ceil(8);
    let handle = Box::into_raw(vec![0u64; words].into_boxed_slice()).cast::<uv::Handle>();
    // SAFETY: the allocation is at least as large as the handle; `data` is its first field.
    unsafe { uv::uv_handle_set_data(handle, words as *mut c_void) };
    handle
}

extern "C" fn free_handle(handle: *mut uv::Handle) {
    // SAFETY: `handle` came from `alloc_handle`, which stored its length in words in `data`;
    // libuv calls this once, after the handle is closed.
    unsafe {
        let words = uv::uv_handle_get_data(handle) as usize;
        drop(Box::from_raw(ptr::slice_from_raw_parts_mut(
            handle.cast::<u64>(),
            words,
        )));
    }
}

/// The epoll descriptors open in this process.
fn eventpoll_fds() -> HashSet<RawFd> {
    let Ok(entries) = std::fs::read_dir("/proc/self/fd") else {
        return HashSet::new();
    };
    entries
        .flatten()
        .filter(|entry| {
            std::fs::read_link(entry.path())
                .is_ok_and(|target| target.as_os_str() == "anon_inode:[eventpoll]")
        })
        .filter_map(|entry| entry.file_name().to_str()?.parse().ok())
        .collect()
}

/// The epoll descriptor the new runtime created: one that was not open before, and that turns
/// readable when a task is scheduled from outside the runtime (which signals its waker). The
/// second test tells it apart from one another thread opened at the same moment.
fn runtime_fd(runtime: &tokio::runtime::Runtime, before: &HashSet<RawFd>) -> napi::Result<RawFd> {
    let candidates: Vec<RawFd> = eventpoll_fds()
        .difference(before)
        .copied()
        .filter(|&fd| !readable(fd))
        .collect();
    runtime.spawn(async {});
    let found = candidates.into_iter().find(|&fd| readable(fd));
    // Run the no-op task and consume the wake-up.
    runtime.block_on(tokio::task::yield_now());
    found.ok_or_else(|| {
        napi::Error::from_reason(
            "offsession: could not find the event descriptor of the I/O runtime in /proc/self/fd",
        )
    })
}

fn readable(fd: RawFd) -> bool {
    let mut poll = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, no waiting.
    unsafe { libc::poll(&mut poll, 1, 0) == 1 && poll.revents & libc::POLLIN != 0 }
}
