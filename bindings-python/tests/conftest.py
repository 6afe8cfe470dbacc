"""Fixtures: a fresh simulator (the project's `offsession-sim` binary) per test."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

REPO = Path(__file__).resolve().parents[2]


def sim_binary() -> Path:
    configured = os.environ.get("OFFSESSION_SIM_BIN")
    path = Path(configured) if configured else REPO / "target" / "debug" / "offsession-sim"
    if not path.is_file():
        raise RuntimeError(
            f"the simulator binary is missing at {path}: run `cargo build -p offsession-sim` "
            "or set OFFSESSION_SIM_BIN"
        )
    return path


class Sim:
    """A running simulator and its control surface."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [str(sim_binary())], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self.process.kill()
            raise RuntimeError(f"the simulator did not print its URL (got {self.url!r})")

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
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def sim() -> Iterator[Sim]:
    running = Sim()
    try:
        yield running
    finally:
        running.stop()
