"""Clean release build time and stripped size of the three minimal programs in this folder (the
core, raw reqwest + serde_json, async-stripe), each doing the same two calls. Used by
benches/run.py; runnable alone: python3 benches/programs/measure.py BASE_URL [ROUNDS].

Every build starts from an empty target directory with the registry already downloaded
(`cargo fetch` first), so the time is compiling only. The core and reqwest programs are built
alternately, ROUNDS times each, and the median is reported; async-stripe is built once, for its
size (its time is shown for information). Each program is then run against BASE_URL and must
print a succeeded PaymentIntent, so a figure never comes from a program that does not work.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List

HERE = Path(__file__).resolve().parent
TIMED = ["core-program", "reqwest-program"]
SIZE_ONLY = ["async-stripe-program"]


def clean_build(program: str, keep: Path | None = None) -> float:
    """Seconds for a clean `cargo build --release` of one program; copies the binary to keep."""
    with tempfile.TemporaryDirectory(prefix="offsession-build-") as target:
        env = {**os.environ, "CARGO_TARGET_DIR": target}
        env.pop("CARGO_BUILD_JOBS", None)  # every core of the machine, as a user's build would
        start = time.perf_counter()
        subprocess.run(
            ["cargo", "build", "--release", "--locked", "--offline", "--quiet", "-p", program],
            cwd=HERE, env=env, check=True,
        )
        seconds = time.perf_counter() - start
        if keep is not None:
            shutil.copy(Path(target) / "release" / program, keep / program)
        return seconds


def smoke(binary: Path, url: str) -> None:
    run = subprocess.run([str(binary), url], capture_output=True, text=True, timeout=60)
    if run.returncode != 0 or "succeeded" not in run.stdout.lower():
        raise SystemExit(f"{binary.name} did not charge against {url}: {run.stdout}{run.stderr}")


def measure(url: str, rounds: int = 3) -> Dict[str, Dict[str, float]]:
    """{"build_s": {program: median seconds}, "size_mib": {program: MiB}}."""
    subprocess.run(["cargo", "fetch", "--locked", "--quiet"], cwd=HERE, check=True)
    times: Dict[str, List[float]] = {program: [] for program in TIMED + SIZE_ONLY}
    with tempfile.TemporaryDirectory(prefix="offsession-programs-") as kept:
        keep = Path(kept)
        for round_number in range(rounds):
            order = TIMED if round_number % 2 == 0 else list(reversed(TIMED))
            for program in order:
                last = round_number == rounds - 1
                times[program].append(clean_build(program, keep if last else None))
                print(f"  build {program}: {times[program][-1]:.1f} s", file=sys.stderr, flush=True)
        for program in SIZE_ONLY:
            times[program].append(clean_build(program, keep))
            print(f"  build {program}: {times[program][-1]:.1f} s", file=sys.stderr, flush=True)
        sizes: Dict[str, float] = {}
        for program in TIMED + SIZE_ONLY:
            smoke(keep / program, url)
            # The release profile strips; --strip-unneeded matches how the libraries are measured.
            subprocess.run(["strip", "--strip-unneeded", str(keep / program)], check=True)
            sizes[program] = (keep / program).stat().st_size / (1024 * 1024)
    return {"build_s": {p: statistics.median(t) for p, t in times.items()}, "size_mib": sizes}


if __name__ == "__main__":
    figures = measure(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3)
    for program, seconds in figures["build_s"].items():
        print(f"{program}: clean release build {seconds:.1f} s, {figures['size_mib'][program]:.2f} MiB stripped")
