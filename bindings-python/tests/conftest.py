"""Fixtures: a fresh simulator (the project's `offsession-sim` binary) per test."""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "support"))

from sim_process import launch, stop  # noqa: E402  (shared with tests/reliability)
from sim_process import sim_binary as sim_binary  # noqa: E402  (re-exported for test_package)


class Sim:
    """A running simulator and its control surface."""

    def __init__(self) -> None:
        self.process, self.url = launch()

    def control(self, method: str, path: str, body: Optional[Any] = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def objects(self, kind: str) -> list[Any]:
        status, body = self.control("GET", f"/_sim/objects/{kind}")
        assert status == 200, body
        data: list[Any] = body["data"]
        return data

    def fault(self, **fault: Any) -> None:
        status, body = self.control("POST", "/_sim/faults", fault)
        assert status == 200, body

    def stop(self) -> None:
        stop(self.process)


@pytest.fixture
def sim() -> Iterator[Sim]:
    running = Sim()
    try:
        yield running
    finally:
        running.stop()
