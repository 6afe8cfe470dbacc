"""The simulator for the reliability drivers (started by ``tests/support/sim_process.py``) and its
control surface, spoken with the standard library only, so that counting never goes through the
SDK under test.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any, Dict, List, Optional, Type

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO / "tests" / "support"))

from sim_process import launch, stop  # noqa: E402  (the launcher shared with the binding's tests)


class Simulator:
    """A running simulator process and its `/_sim/...` control surface."""

    def __init__(self) -> None:
        self.process, self.url = launch()

    def __enter__(self) -> "Simulator":
        return self

    def __exit__(
        self,
        kind: Optional[Type[BaseException]],
        value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.stop()

    def control(self, method: str, path: str, body: Optional[Any] = None) -> Any:
        """One control-surface call; anything but a 2xx is an error."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"simulator {method} {path}: HTTP {error.code}: {error.read()!r}") from error

    def objects(self, kind: str) -> List[Dict[str, Any]]:
        data: List[Dict[str, Any]] = self.control("GET", f"/_sim/objects/{kind}")["data"]
        return data

    def requests(self) -> List[Dict[str, Any]]:
        data: List[Dict[str, Any]] = self.control("GET", "/_sim/requests")["data"]
        return data

    def rss_kib(self) -> int:
        """The simulator process's resident set (VmRSS), in KiB."""
        return vm_rss_kib(f"/proc/{self.process.pid}/status")

    def stop(self) -> None:
        stop(self.process)


def vm_rss_kib(status_file: str = "/proc/self/status") -> int:
    """VmRSS from a /proc status file, in KiB."""
    with open(status_file) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS in {status_file}")


def open_fds() -> int:
    """Open file descriptors of this process (the listing's own descriptor included, as always)."""
    return len(os.listdir("/proc/self/fd"))
