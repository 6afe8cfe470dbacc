"""Resolves asyncio futures from the core's I/O threads (through call_soon_threadsafe).

Kept free of imports so that ``import offsession`` stays fast.
"""

from typing import Any


def resolve(future: Any, value: Any) -> None:
    """Sets the result unless the awaiting task was cancelled meanwhile."""
    if not future.done():
        future.set_result(value)


def reject(future: Any, error: BaseException) -> None:
    """Sets the exception unless the awaiting task was cancelled meanwhile."""
    if not future.done():
        future.set_exception(error)
