"""Starts the project's simulator (`offsession-sim`); shared by the Python binding's tests and the
reliability drivers, which each add their own control-surface helpers.

The binary is ``$OFFSESSION_SIM_BIN`` or ``target/debug/offsession-sim`` in the repository; it
prints its URL on the first line of stdout. A simulator that does not start is an error: no test
may pass without one.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Tuple

REPO = Path(__file__).resolve().parents[2]


def sim_binary() -> Path:
    """The simulator binary, or an error saying how to build it."""
    configured = os.environ.get("OFFSESSION_SIM_BIN")
    path = Path(configured) if configured else REPO / "target" / "debug" / "offsession-sim"
    if not path.is_file():
        raise RuntimeError(
            f"the simulator binary is missing at {path}: run `cargo build -p offsession-sim` "
            "or set OFFSESSION_SIM_BIN"
        )
    return path


def launch() -> Tuple["subprocess.Popen[str]", str]:
    """A fresh simulator process and the URL it listens on."""
    process = subprocess.Popen(
        [str(sim_binary())], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1:"):
        process.kill()
        process.wait()
        raise RuntimeError(f"the simulator did not print its URL (got {url!r})")
    return process, url


def stop(process: "subprocess.Popen[str]") -> None:
    """Stops the simulator, killing it if it does not exit within 5 seconds."""
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stdout is not None:
        process.stdout.close()
