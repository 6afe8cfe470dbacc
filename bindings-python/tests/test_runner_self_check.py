"""The conformance runner must be able to fail, or its passes mean nothing."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from conftest import Sim
from conformance_runner import CaseError, run_case


def run(steps: Any, sim: Sim) -> None:
    asyncio.run(run_case({"name": "self-check", "steps": steps}, sim, asyncio_mode=False))


def test_a_passing_case_passes(sim: Sim) -> None:
    run([{"do": "create_customer", "with": {"email": "a@example.com"}, "as": "c",
          "expect": {"id": {"prefix": "cus_"}}},
         {"sim": "objects", "with": {"kind": "customers"}, "expect": {"data.0.id": {"equals": "$c.id"}}}], sim)


@pytest.mark.parametrize(
    "steps",
    [
        [{"do": "create_customer", "with": {"email": "a@example.com"}, "expect": {"email": {"equals": "b@example.com"}}}],
        [{"do": "create_customer", "expect_error": {"kind": {"equals": "card_error"}}}],
        [{"do": "teleport_customer"}],
        [{"sim": "teleport"}],
        [{"do": "create_customer", "with": {"favourite_colour": "blue"}}],
        [{"do": "create_customer", "expect": {"id": {"resembles": "cus_"}}}],
        [{"do": "retrieve_customer", "with": {"id": "$nothing.id"}}],
    ],
)
def test_what_is_wrong_or_inexpressible_fails(steps: Any, sim: Sim) -> None:
    with pytest.raises((CaseError, TypeError)):
        run(steps, sim)
