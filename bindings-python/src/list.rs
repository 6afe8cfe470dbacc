//! List pages (`ListObject`) and `auto_paging_iter()`: every object of a list, the pages after
//! the first fetched as they are walked by the core's `Paginator`, with `for` (a `Client`'s
//! list) or `async for` (an `AsyncClient`'s; both protocols work on either).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use offsession::{ListCustomerPaymentMethods, Paginator, PaymentMethod, RequestOptions};
use pyo3::exceptions::{PyStopAsyncIteration, PyStopIteration};
use pyo3::prelude::*;
use serde_json::Value;

use crate::client::Handle;
use crate::objects::{returned_to_python, to_python, value_to_python, StripeObject};
use crate::runtime::{CallKind, IntoPython};

/// One page of a list (`{"object": "list", "data": [...], "has_more", "url"}`) and its
/// `last_response`, as stripe-python's `ListObject`. `data` holds this page; walk every page
/// with `auto_paging_iter()`.
#[pyclass(extends = StripeObject, frozen, module = "offsession")]
pub struct ListObject {
    /// Where the next pages come from.
    source: Source,
}

/// The call that fetched a page, to fetch the ones after it.
#[derive(Clone)]
pub struct Source {
    /// The client that made the call.
    pub handle: Arc<Handle>,
    /// The customer whose payment methods are listed.
    pub customer: String,
    /// The call's parameters (`limit`, `type`, a cursor).
    pub params: ListCustomerPaymentMethods,
    /// The call's options (account, timeout, retries), used for every page.
    pub options: RequestOptions,
}

/// A page a list call returned, with the call that fetched it.
pub struct Page(pub offsession::List<PaymentMethod>, pub Source);

impl IntoPython for Page {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let Page(list, source) = self;
        let returned = returned_to_python(py, list)?;
        let base = returned.bind(py).cast::<StripeObject>()?.get();
        let fields = base.fields().clone();
        let last_response = base.last_response(py);
        let init = PyClassInitializer::from(StripeObject::new(fields, last_response))
            .add_subclass(ListObject { source });
        Ok(Py::new(py, init)?.into_any())
    }
}

#[pymethods]
impl ListObject {
    /// This page's objects, as stripe-python's `ListObject` iterates (`for pm in page`);
    /// `auto_paging_iter()` walks every page.
    fn __iter__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Ok(slf.getattr("data")?.try_iter()?.into_any())
    }

    /// How many objects this page holds.
    fn __len__(slf: &Bound<'_, Self>) -> PyResult<usize> {
        slf.getattr("data")?.len()
    }

    /// An iterator over every object of the list: this page's, then the next pages', each
    /// fetched (one request) when the walk reaches it, with the same parameters and options.
    /// With `ending_before` (and no `starting_after`) the walk goes backwards, each page's
    /// objects in reverse. Use `for` with a `Client`, `async for` with an `AsyncClient`.
    fn auto_paging_iter(slf: &Bound<'_, Self>) -> PyResult<AutoPagingIterator> {
        let py = slf.py();
        let Source {
            handle,
            customer,
            mut params,
            options,
        } = slf.get().source.clone();
        let fields = slf.as_super().get().fields();
        let data = match fields.get("data") {
            Some(Value::Array(data)) => data.clone(),
            _ => Vec::new(),
        };
        let id = |object: Option<&Value>| {
            object
                .and_then(|o| o.get("id")?.as_str())
                .map(str::to_owned)
        };
        let backwards = params.ending_before.is_some() && params.starting_after.is_none();
        let (first, last) = (id(data.first()), id(data.last()));
        let more = fields.get("has_more").and_then(Value::as_bool) == Some(true);
        let mut buffer = data
            .into_iter()
            .map(|object| value_to_python(py, object))
            .collect::<PyResult<VecDeque<_>>>()?;
        let pages = match (more, backwards, first, last) {
            (true, true, Some(cursor), _) => Some(cursor).map(|c| params.ending_before = Some(c)),
            (true, false, _, Some(cursor)) => Some(cursor).map(|c| params.starting_after = Some(c)),
            _ => None,
        };
        if backwards {
            buffer.make_contiguous().reverse();
        }
        let pages = match pages {
            Some(()) => Some(
                handle
                    .client()?
                    .customers()
                    .payment_methods(&customer, &params, options)
                    .map_err(crate::convert::raise)?,
            ),
            None => None,
        };
        Ok(AutoPagingIterator {
            handle,
            state: Arc::new(State {
                buffer: Mutex::new(buffer),
                pages: pages.map(tokio::sync::Mutex::new),
            }),
        })
    }
}

/// Every object of a list, the pages fetched as the walk reaches them (`for pm in it`, or
/// `async for pm in it`). A failed page is raised where the walk is; going on retries it.
#[pyclass(frozen, module = "offsession")]
pub struct AutoPagingIterator {
    handle: Arc<Handle>,
    state: Arc<State>,
}

struct State {
    /// Objects fetched and not yet returned.
    buffer: Mutex<VecDeque<Py<PyAny>>>,
    /// The pages after the first, on the shared runtime's client (`None`: there are none).
    pages: Option<tokio::sync::Mutex<Paginator<PaymentMethod>>>,
}

impl State {
    fn pop(&self) -> Option<Py<PyAny>> {
        self.buffer
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .pop_front()
    }

    /// The next page, fetched on the shared runtime (its client's connections live there).
    async fn next_page(self: Arc<Self>) -> offsession::Result<NextPage> {
        let objects = match &self.pages {
            Some(pages) => pages.lock().await.next_page().await?,
            None => Vec::new(),
        };
        Ok(NextPage(self, objects))
    }
}

/// A fetched page, converted on arrival: its first object is the walk's next, the others wait.
struct NextPage(Arc<State>, Vec<PaymentMethod>);

impl IntoPython for NextPage {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let NextPage(state, objects) = self;
        let objects = objects
            .iter()
            .map(|object| to_python(py, object))
            .collect::<PyResult<Vec<_>>>()?;
        state
            .buffer
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend(objects);
        // An empty page is the end of the list.
        state.pop().ok_or_else(|| PyStopAsyncIteration::new_err(()))
    }
}

#[pymethods]
impl AutoPagingIterator {
    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        if let Some(object) = self.state.pop() {
            return Ok(object);
        }
        let page = crate::runtime::block_on_shared(py, Arc::clone(&self.state).next_page())?;
        page.into_python(py).map_err(|error| {
            if error.is_instance_of::<PyStopAsyncIteration>(py) {
                PyStopIteration::new_err(())
            } else {
                error
            }
        })
    }

    fn __aiter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    /// The next object as an awaitable; `StopAsyncIteration` after the last.
    fn __anext__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        if let Some(object) = self.state.pop() {
            return crate::asyncio::ready(py, object);
        }
        let state = Arc::clone(&self.state);
        crate::asyncio::awaitable(
            py,
            &self.handle,
            CallKind::Resource,
            Ok(state),
            |_client, state| state.next_page(),
        )
    }
}
