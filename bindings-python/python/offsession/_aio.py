"""The coroutines of ``AsyncClient`` calls, and how their results get from the core's I/O thread
to the loop that awaits them.

Every ``AsyncClient`` method returns ``call(native_call)``: a real coroutine, so nothing starts
until it is awaited and ``asyncio.run(client.customers.create(...))`` works. When the awaiting
task is cancelled, ``native_call.cancel()`` drops a resource call; a flow call (``start_setup``,
``complete_setup``, ``complete_setup_from_event``, ``charge_off_session``, ``complete_recovery``)
runs to its end on the I/O thread (core/src/cancel.rs).

Each event loop gets one ``Mailbox`` (a queue and a pipe, in the native module): the I/O thread
queues finished calls there and the loop drains them when the pipe becomes readable. Kept free of
heavy imports so that ``import offsession`` stays fast; this module loads on the first async call.
"""

import sys
import weakref
from typing import Any, Dict, Optional

from . import _native

_by_loop: "weakref.WeakKeyDictionary[Any, Optional[_native.Mailbox]]" = weakref.WeakKeyDictionary()
_by_loop_strong: Dict[Any, Optional["_native.Mailbox"]] = {}


def mailbox_for(loop: Any) -> Optional["_native.Mailbox"]:
    """The loop's mailbox, registered with ``loop.add_reader`` on first use; ``None`` when the
    loop cannot watch a pipe (the caller then falls back to ``call_soon_threadsafe``)."""
    try:
        return _by_loop[loop]
    except KeyError:
        pass
    except TypeError:  # a loop type without weak references
        if loop in _by_loop_strong:
            return _by_loop_strong[loop]
    mailbox: Optional[_native.Mailbox] = None
    if sys.platform != "win32":
        candidate = _native.Mailbox()
        try:
            loop.add_reader(candidate.fileno(), candidate.drain)
            mailbox = candidate
        except (NotImplementedError, OSError, ValueError):
            mailbox = None
    try:
        _by_loop[loop] = mailbox
    except TypeError:
        _by_loop_strong[loop] = mailbox
    return mailbox


async def call(native: "_native.Call") -> Any:
    """Starts the call when awaited and returns its result."""
    future = native.start()
    try:
        return await future
    except BaseException:
        # Cancelled (or the call's own error, when this is a no-op): drops a resource call.
        native.cancel()
        raise


async def fail(error: BaseException) -> Any:
    """An argument the binding refused: raised where the call is awaited, as from ``async def``."""
    raise error


async def ready(value: Any) -> Any:
    """A result already there (the next object of a fetched page)."""
    return value


def resolve(future: Any, value: Any) -> None:
    """Sets the result unless the awaiting task was cancelled meanwhile."""
    if not future.done():
        future.set_result(value)


def reject(future: Any, error: BaseException) -> None:
    """Sets the exception unless the awaiting task was cancelled meanwhile."""
    if not future.done():
        future.set_exception(error)
