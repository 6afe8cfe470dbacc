"""Runs every benchmark client against one local nginx, alternating clients round by round,
and prints one Markdown table of medians with ratios to the peers; writes RESULTS.md and a PNG
chart beside this file. Started by scripts/bench, which builds and installs everything first.

Usage: run.py --flows 2000 --rounds 5 --python VENV_PYTHON --rust-bench BIN --nginx-port P
              [--only CLIENT,PREFIX,...]

The Swift and Kotlin rows (the uniffi bindings over the Rust core) are optional: each is added
only when scripts/bench built its client (and, for Swift, the Swift root exists), and only after
a short smoke run of it passed; otherwise one line says which row was skipped and why, and the
row appears nowhere in the results.

--only keeps the clients whose name equals, or starts with, one of the comma-separated entries
(e.g. --only 'rust/offsession x1,swift/,kotlin/'): a quick partial run that prints its table
and ratios but measures no start-up or sizes and writes no RESULTS.md, results.json or chart.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any, Dict, List

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TARGET = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")
UNIFFI_RELEASE = TARGET / "release" / "liboffsession_uniffi.so"
SWIFT_ROOT = Path(os.environ.get("OFFSESSION_SWIFT_ROOT") or "/var/cache/offsession/swift-root")
SWIFT_BENCH = TARGET / "bench-swift" / "release" / "OffsessionBench"
KOTLIN_DIR = HERE / "kotlin" / "target"


def nginx_accepts(url: str) -> int:
    with urllib.request.urlopen(f"{url}/nginx_status", timeout=5) as response:
        lines = response.read().decode().splitlines()
    return int(lines[2].split()[0])


def start_nginx(port: int) -> tuple[subprocess.Popen[bytes], str, Path]:
    prefix = Path(tempfile.mkdtemp(prefix="offsession-nginx-"))
    spec = REPO / "tests" / "fixtures" / "stripe"
    config = subprocess.run(
        [sys.executable, str(HERE / "nginx" / "make_config.py"), str(spec), str(prefix), str(port)],
        check=True, capture_output=True, text=True,
    ).stdout
    (prefix / "nginx.conf").write_text(config)
    process = subprocess.Popen(["nginx", "-c", str(prefix / "nginx.conf"), "-p", str(prefix)])
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            nginx_accepts(url)
            return process, url, prefix
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("nginx did not start")


def run_client(command: List[str], url: str, cwd: Path | None = None) -> Dict[str, Any]:
    before = nginx_accepts(url)
    out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=cwd)
    result: Dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    # The warm-up opens the connections a run keeps; count what the whole process opened (less
    # the one the second status request itself used).
    result["tcp_connections"] = nginx_accepts(url) - before - 1
    return result


Command = tuple[List[str], "Path | None"]


def optional_clients(url: str, flows: str, wanted: Any) -> tuple[Dict[str, Command], Dict[str, str]]:
    """The wanted Swift and Kotlin clients whose builds exist (and pass a short smoke run), and
    for every other wanted one why it is skipped."""
    # name -> (command builder taking FLOWS and an optional warm-up, reason it cannot run)
    candidates: Dict[str, tuple[Any, str | None]] = {}

    swift_missing = None
    if not (SWIFT_ROOT / ".offsession-swift-root").is_file():
        swift_missing = f"no Swift root at {SWIFT_ROOT} (scripts/setup-swift makes it)"
    elif not SWIFT_BENCH.is_file():
        swift_missing = f"no Swift bench build at {SWIFT_BENCH} (scripts/bench builds it inside the Swift root)"
    elif os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("chroot"):
        swift_missing = "running it inside the Swift root needs root, unshare and chroot"
    kotlin_missing = None
    if not shutil.which("java"):
        kotlin_missing = "no java on PATH"
    elif not (KOTLIN_DIR / "classes" / "offsession" / "bench" / "BenchKt.class").is_file() or not (KOTLIN_DIR / "lib").is_dir():
        kotlin_missing = f"no Kotlin bench build in {KOTLIN_DIR} (scripts/bench builds it with Maven)"
    if not UNIFFI_RELEASE.is_file():
        swift_missing = kotlin_missing = f"no release uniffi library at {UNIFFI_RELEASE}"

    for concurrency in ["1", "8"]:
        # The binary runs inside the Swift root (its runtime lives there), on the host's network.
        candidates[f"swift/offsession x{concurrency}"] = (
            lambda n, warmup=None, c=concurrency: [str(HERE / "swift" / "in-root"), str(SWIFT_BENCH), "offsession", url, n, c] + ([warmup] if warmup else []),
            swift_missing,
        )
    for concurrency in ["1", "8"]:
        # A plain `java`, not Maven's JVM: only the bench's own process is measured.
        candidates[f"kotlin/offsession x{concurrency}"] = (
            lambda n, warmup=None, c=concurrency: [
                "java", f"-Djna.library.path={UNIFFI_RELEASE.parent}",
                "-cp", f"{KOTLIN_DIR / 'classes'}:{KOTLIN_DIR / 'lib'}/*",
                "offsession.bench.BenchKt", "offsession", url, n, c,
            ] + ([warmup] if warmup else []),
            kotlin_missing,
        )

    clients: Dict[str, Command] = {}
    skipped: Dict[str, str] = {}
    for name, (command, missing) in candidates.items():
        if not wanted(name):
            continue
        if missing:
            skipped[name] = missing
            continue
        # A few flows with a short warm-up: a stale build (the library changed under it) or a
        # root that cannot run fails here, not in the middle of the rounds.
        try:
            smoke = subprocess.run(command("16", "8"), capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            skipped[name] = "its smoke run (16 flows) did not finish in 5 minutes"
            continue
        last = smoke.stdout.strip().splitlines()[-1:] if smoke.returncode == 0 else []
        try:
            ok = bool(last) and json.loads(last[0]).get("flows") == 16
        except ValueError:
            ok = False
        if not ok:
            output = smoke.stderr.strip().splitlines() or smoke.stdout.strip().splitlines() or ["no output"]
            # The last line naming an error (a crash report may end with a backtrace), else the last.
            detail = next((line for line in reversed(output) if "error" in line.lower()), output[-1]).strip()
            skipped[name] = f"its smoke run failed (exit {smoke.returncode}): {detail}"
            continue
        clients[name] = (command(flows), None)
    return clients, skipped


def measure_programs(url: str, rounds: int) -> Dict[str, Dict[str, float]]:
    sys.path.insert(0, str(HERE / "programs"))
    from measure import measure  # benches/programs/measure.py

    return measure(url, rounds)


def startup_over_bare(bare: List[str], command: List[str], runs: int = 21) -> float:
    """Median extra start-up time of `command` over the bare runtime, in ms. The two are run
    alternately and compared pair by pair, so that the machine's drift cancels out."""
    def seconds(argv: List[str]) -> float:
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        return time.perf_counter() - start

    differences = []
    for _ in range(runs):
        differences.append(seconds(command) - seconds(bare))
    return statistics.median(differences) * 1000


def stripped_size(path: Path) -> float | None:
    if not path.exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        shutil.copy(path, copy)
        subprocess.run(["strip", "--strip-unneeded", str(copy)], check=True)
        return copy.stat().st_size / (1024 * 1024)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--flows", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--python", default=str(TARGET / "bench-venv" / "bin" / "python"))
    parser.add_argument("--rust-bench", default=str(HERE / "rust" / "target" / "release" / "offsession-bench"))
    parser.add_argument("--nginx-port", type=int, default=18080)
    parser.add_argument("--build-rounds", type=int, default=3, help="clean release builds of each minimal program (0: skip; full runs only)")
    parser.add_argument("--only", default="", help="comma-separated client names or prefixes (a partial run: no RESULTS.md)")
    args = parser.parse_args()
    only = [entry.strip() for entry in args.only.split(",") if entry.strip()]

    def wanted(name: str) -> bool:
        return not only or any(name == entry or name.startswith(entry) for entry in only)

    nginx, url, prefix = start_nginx(args.nginx_port)
    flows = str(args.flows)
    clients: Dict[str, tuple[List[str], Path | None]] = {}
    for name in ["offsession", "reqwest", "async-stripe"]:
        for concurrency in ["1", "8"]:
            clients[f"rust/{name} x{concurrency}"] = ([args.rust_bench, name, url, flows, concurrency], None)
    for name in ["offsession", "offsession-threads", "offsession-asyncio", "stripe", "urllib3", "httpx"]:
        clients[f"python/{name}"] = ([args.python, str(HERE / "python" / "bench.py"), name, url, flows], None)
    for name in ["offsession", "stripe", "undici"]:
        for concurrency in ["1", "8"]:
            clients[f"node/{name} x{concurrency}"] = (["node", "bench.mjs", name, url, flows, concurrency], HERE / "node")
    clients = {name: client for name, client in clients.items() if wanted(name)}
    try:
        extra, skipped = optional_clients(url, flows, wanted)
    except BaseException:
        nginx.terminate()
        shutil.rmtree(prefix, ignore_errors=True)
        raise
    clients.update(extra)
    for name, why in skipped.items():
        print(f"skipped {name}: {why}; the row is left out of the results", file=sys.stderr, flush=True)
    if not clients:
        nginx.terminate()
        shutil.rmtree(prefix, ignore_errors=True)
        raise SystemExit("no client to run")

    results: Dict[str, List[Dict[str, Any]]] = {name: [] for name in clients}
    names = list(clients)
    try:
        for round_number in range(args.rounds):
            # Rotate the order every round, so no client always runs first or last.
            order = names[round_number % len(names):] + names[: round_number % len(names)]
            for name in order:
                command, cwd = clients[name]
                results[name].append(run_client(command, url, cwd))
            print(f"round {round_number + 1}/{args.rounds} done", file=sys.stderr, flush=True)
        programs: Dict[str, Dict[str, float]] = {}
        if not only and args.build_rounds > 0:
            # After the clients, so compiling never overlaps a timed run; needs nginx for the
            # programs' own smoke run.
            print(f"clean release builds of the minimal programs, {args.build_rounds} rounds", file=sys.stderr, flush=True)
            programs = measure_programs(url, args.build_rounds)
    finally:
        nginx.terminate()
        nginx.wait()
        shutil.rmtree(prefix, ignore_errors=True)

    med: Dict[str, Dict[str, float]] = {
        name: {key: statistics.median(r[key] for r in runs) for key in ["cpu_us_per_request", "wall_ms_per_flow", "peak_rss_mib", "tcp_connections"]}
        for name, runs in results.items()
    }

    def ratio(a: str, b: str) -> str:
        return f"{med[a]['cpu_us_per_request'] / med[b]['cpu_us_per_request']:.2f}×"

    lines = [
        "| client | CPU µs / request | wall ms / flow | peak RSS MiB | TCP connections |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in names:
        m = med[name]
        lines.append(f"| {name} | {m['cpu_us_per_request']:.1f} | {m['wall_ms_per_flow']:.3f} | {m['peak_rss_mib']:.1f} | {m['tcp_connections']:.0f} |")
    ratio_rows = [
        ("rust: offsession / raw reqwest (sequential)", "rust/offsession x1", "rust/reqwest x1", "≤ 1.2×"),
        ("rust: offsession / async-stripe (sequential)", "rust/offsession x1", "rust/async-stripe x1", ""),
        ("python: offsession / stripe-python (sequential)", "python/offsession", "python/stripe", "≤ 0.1×"),
        ("python: offsession / raw urllib3 (sequential)", "python/offsession", "python/urllib3", "≤ 0.5×"),
        ("python: offsession 8 threads / raw urllib3", "python/offsession-threads", "python/urllib3", "≤ 0.5×"),
        ("python: offsession asyncio / raw urllib3", "python/offsession-asyncio", "python/urllib3", "≤ 0.5×"),
        ("python: offsession asyncio / stripe-python", "python/offsession-asyncio", "python/stripe", "≤ 0.1×"),
        ("node: offsession / stripe-node (sequential)", "node/offsession x1", "node/stripe x1", "≤ 0.5×"),
        ("node: offsession / raw undici (sequential)", "node/offsession x1", "node/undici x1", "≤ 1.0×"),
        ("node: offsession / raw undici (8 in flight)", "node/offsession x8", "node/undici x8", "≤ 1.0×"),
        # Binding overhead: the same library, called through uniffi, over the core called from Rust.
        ("swift: offsession / rust core (sequential)", "swift/offsession x1", "rust/offsession x1", ""),
        ("kotlin: offsession / rust core (sequential)", "kotlin/offsession x1", "rust/offsession x1", ""),
    ]
    # A row whose client did not run (skipped, or left out by --only) is left out, never shown.
    ratios = [(label, ratio(a, b), target) for label, a, b, target in ratio_rows if a in med and b in med]
    if ratios:
        lines += ["", "| CPU per request, ratio | measured | target |", "|---|---:|---:|"]
        lines += [f"| {label} | {value} | {target} |" for label, value, target in ratios]
    not_run = [""] + [f"Not run: {name}: {why}." for name, why in skipped.items()] if skipped else []

    if only:
        print("\n".join(lines + not_run))
        print(f"(--only {args.only}: a partial run; start-up, sizes, RESULTS.md, results.json and the chart are left as they were)", file=sys.stderr)
        return

    python = args.python
    bare_py = [python, "-c", "pass"]
    startup = {
        "python: import offsession": startup_over_bare(bare_py, [python, "-c", "import offsession"]),
        "python: import stripe": startup_over_bare(bare_py, [python, "-c", "import stripe"]),
    }
    node_dir = str(HERE / "node")
    bare_node = ["node", "-e", ""]
    startup["node: require('offsession')"] = startup_over_bare(bare_node, ["node", "-e", f"require('{node_dir}/node_modules/offsession')"])
    startup["node: require('stripe')"] = startup_over_bare(bare_node, ["node", "-e", f"require('{node_dir}/node_modules/stripe')"])

    sizes = {
        "python extension (offsession/_native.abi3.so)": stripped_size(Path(subprocess.run([python, "-c", "import offsession._native as n; print(n.__file__)"], capture_output=True, text=True, check=True).stdout.strip())),
        "node add-on (offsession.linux-x64-gnu.node)": stripped_size(REPO / "bindings-node" / "offsession.linux-x64-gnu.node"),
        "uniffi library (liboffsession_uniffi.so)": stripped_size(TARGET / "release" / "liboffsession_uniffi.so"),
        "uniffi library, `mobile` profile (built for size: what an app ships)": stripped_size(TARGET / "mobile" / "liboffsession_uniffi.so"),
    }

    lines += ["", "| start-up over the bare runtime (median of 21 alternated pairs) | ms |", "|---|---:|"]
    lines += [f"| {label} | {value:.1f} |" for label, value in startup.items()]
    lines += ["", "| stripped size | MiB |", "|---|---:|"]
    lines += [f"| {label} | {'not built' if value is None else f'{value:.2f}'} |" for label, value in sizes.items()]
    if programs:
        build, size = programs["build_s"], programs["size_mib"]
        lines += [
            "",
            f"| minimal program (benches/programs: create a customer, charge it) | clean release build s (median of {args.build_rounds}) | stripped MiB |",
            "|---|---:|---:|",
            f"| offsession core | {build['core-program']:.1f} | {size['core-program']:.2f} |",
            f"| raw reqwest + serde_json | {build['reqwest-program']:.1f} | {size['reqwest-program']:.2f} |",
            f"| async-stripe (built once, for its size) | {build['async-stripe-program']:.1f} | {size['async-stripe-program']:.2f} |",
            "",
            "| build | measured | target |",
            "|---|---:|---:|",
            f"| offsession core / raw reqwest program, clean release build time | {build['core-program'] / build['reqwest-program']:.2f}× | ≤ 1.3× |",
        ]
    table = "\n".join(lines + not_run)
    print(table)

    versions = {
        "python": subprocess.run([python, "-c", "import sys, stripe, urllib3, httpx; print(sys.version.split()[0], 'stripe', stripe.VERSION, 'urllib3', urllib3.__version__, 'httpx', httpx.__version__)"], capture_output=True, text=True).stdout.strip(),
        "node": subprocess.run(["node", "-e", f"console.log(process.version, 'stripe', require('{node_dir}/node_modules/stripe/package.json').version, 'undici', require('{node_dir}/node_modules/undici/package.json').version)"], capture_output=True, text=True).stdout.strip(),
        "rust": subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip() + "; reqwest 0.12.28, async-stripe 0.41.0",
        "nginx": subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip(),
    }
    if any(name.startswith("swift/") for name in names):
        versions["swift"] = (SWIFT_ROOT / ".offsession-swift-root").read_text().strip() + " (Debian 13 root, scripts/setup-swift)"
    if any(name.startswith("kotlin/") for name in names):
        java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.strip().splitlines()
        jars = sorted(path.name for path in (KOTLIN_DIR / "lib").glob("*.jar"))
        versions["kotlin"] = f"{java[0] if java else 'java ?'}; {', '.join(jars)}"
    header = (
        f"# Benchmark results\n\n{datetime.date.today().isoformat()} · {platform.machine()} · {os.cpu_count()} cores · "
        f"{platform.platform()}\n\n{args.flows} flows of six requests per client and run, medians of "
        f"{args.rounds} rounds with the clients rotated every round, against one nginx on 127.0.0.1 "
        "serving Stripe's own flow objects (benches/nginx). CPU is the client process's user + "
        "system time over the requests (including its I/O threads, and the JVM's JIT and GC "
        "threads for Kotlin); TCP connections are counted by "
        "nginx per run, warm-up included. The machine is shared and noisy: read the ratios.\n\n"
        + "\n".join(f"- {k}: {v}" for k, v in versions.items())
        + "\n\n"
    )
    (HERE / "RESULTS.md").write_text(header + table + "\n\n![CPU per request](chart.png)\n")
    (HERE / "results.json").write_text(json.dumps({"medians": med, "startup_ms": startup, "sizes_mib": sizes, "programs": programs, "runs": results}, indent=1))

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, max(6, 0.3 * len(names))))
    colours = ["#635bff" if "offsession" in n else "#9aa0a6" for n in names]
    ax.barh(names, [med[n]["cpu_us_per_request"] for n in names], color=colours)
    ax.invert_yaxis()
    ax.set_xlabel("client CPU µs per request (median; lower is better)")
    ax.set_title("offsession (purple) and the SDKs users would otherwise pick, same flow, same nginx")
    fig.tight_layout()
    fig.savefig(HERE / "chart.png", dpi=110)


if __name__ == "__main__":
    main()
