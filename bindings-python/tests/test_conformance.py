"""Every shared conformance case, with the blocking client and with the asyncio client."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any, List

import pytest

from conftest import REPO, Sim
from conformance_runner import run_case

CASES: List[Path] = sorted((REPO / "tests" / "conformance" / "cases").glob("*.json"))


def test_the_cases_are_there() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_blocking(path: Path, sim: Sim) -> None:
    case: Any = json.loads(path.read_text())
    asyncio.run(run_case(case, sim, asyncio_mode=False))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_asyncio(path: Path, sim: Sim) -> None:
    case: Any = json.loads(path.read_text())
    asyncio.run(run_case(case, sim, asyncio_mode=True))
