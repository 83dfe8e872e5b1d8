"""The pooled Jacobian heatmap against building J densely: time and peak memory, then over HTTP.

Rerun:  .venv/bin/python -m bench.heatmap                   (about 2 minutes; Linux)
        .venv/bin/python -m bench.heatmap --max-classes 50257 --dense-gb 3   (quicker)

Part 1. For C from 1,000 to 1,048,576, each method goes from logits to the same
min(512, C)² tile means of J = (diag(ŷ) − ŷŷᵀ)/T, in a fresh subprocess:
  pooled   app.heatmap.jacobian_heatmap: O(C + n²), never C×C
  numpy    the closed form np.diag(p) - np.outer(p, p), then pooled with np.add.reduceat
  inplace  -np.outer(p, p) with ŷ added to its diagonal in place (one C×C array, not three)
  torch    torch.autograd.functional.jacobian of softmax(o/T) (float64), then pooled
Dense methods run only where they fit in --dense-gb and in the memory available now;
torch up to --torch-max-classes. Times: the first run, and the best of the later
("warm") runs; speedups use the warm times, the dense methods' best case. Peak memory
is the growth of the process's peak RSS during the first run (VmHWM, reset through
/proc/self/clear_refs), and for numpy code also tracemalloc's peak.

Part 2. C = 50,257 at 512×512 through uvicorn (one worker): JSON in, JSON out, latency
per request and the server's extra peak memory (VmHWM after − VmRSS before).
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from bench.server import ROOT, serve

CLASSES = [1_000, 4_096, 16_384, 50_257, 131_072, 262_144, 1_048_576]
SIZE = 512
TEMPERATURE = 1.3
METHODS = ["pooled", "numpy", "inplace", "torch"]


def logits_for(classes: int) -> np.ndarray:
    """Seeded normal logits (σ = 3): the top classes share the probability, none has ŷ ≈ 1."""
    rng = np.random.default_rng(classes)
    return rng.standard_normal(classes) * 3.0


def dense_pool(jacobian: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Tile means of a dense matrix over the bins [e_a, e_{a+1})."""
    starts = edges[:-1]
    counts = np.diff(edges)
    # Along rows first (contiguous): 20× faster than along columns first at C = 16,384.
    sums = np.add.reduceat(np.add.reduceat(jacobian, starts, axis=1), starts, axis=0)
    return sums / np.outer(counts, counts)


def method(name: str, logits: np.ndarray) -> Callable[[], np.ndarray]:
    from app import heatmap, numerics

    edges = heatmap.bin_edges(logits.size, SIZE)
    if name == "pooled":
        return lambda: heatmap.jacobian_heatmap(logits, TEMPERATURE, SIZE, "mean").jacobian

    if name == "numpy":

        def closed_form() -> np.ndarray:
            probs = numerics.softmax(logits, TEMPERATURE)
            return dense_pool((np.diag(probs) - np.outer(probs, probs)) / TEMPERATURE, edges)

        return closed_form

    if name == "inplace":

        def in_place() -> np.ndarray:
            probs = numerics.softmax(logits, TEMPERATURE)
            jacobian = np.outer(-probs / TEMPERATURE, probs)
            jacobian.flat[:: logits.size + 1] += probs / TEMPERATURE
            return dense_pool(jacobian, edges)

        return in_place

    import torch

    def autograd() -> np.ndarray:
        def probs(o: torch.Tensor) -> torch.Tensor:
            return torch.softmax(o / TEMPERATURE, dim=0)

        jacobian = torch.autograd.functional.jacobian(probs, torch.from_numpy(logits))
        return dense_pool(jacobian.numpy(), edges)

    return autograd


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def measure_one(name: str, classes: int, budget_seconds: float) -> dict[str, Any]:
    """Run one method in this process: first and best warm time, peak RSS growth, traced peak.

    The first run touches fresh memory; in this VM the first touch of gigabytes costs
    seconds, so the dense methods are timed warm as well (best of the later runs).
    """
    logits = logits_for(classes)
    run = method(name, logits)
    reference = method("pooled", logits)()
    # Peak memory of the first run alone: reset VmHWM to the current RSS, then run once.
    Path("/proc/self/clear_refs").write_text("5")
    before = _status_kib("VmRSS")
    started = time.perf_counter()
    result = run()
    first = time.perf_counter() - started
    peak_rss = (_status_kib("VmHWM") - before) * 1024
    error = float(np.abs(result - reference).max() / np.abs(reference).max())
    del result
    times: list[float] = []
    while not times or (first + sum(times) < budget_seconds and len(times) < 50):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    traced = None
    if name != "torch":  # tracemalloc sees numpy's allocations, not torch's
        tracemalloc.start()
        run()
        traced = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {"first": first, "seconds": min(times), "runs": 1 + len(times), "peak_rss": peak_rss,
            "traced": traced, "max_rel_diff": error}  # fmt: skip


def available_bytes() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    raise KeyError("MemAvailable")


def dense_bytes(name: str, classes: int) -> int:
    """What a dense method holds at once: three C×C arrays for the closed form, one otherwise."""
    arrays = {"numpy": 3, "inplace": 1, "torch": 2}[name]
    return arrays * classes * classes * 8 + SIZE * classes * 8


def in_subprocess(name: str, classes: int, budget_seconds: float) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.heatmap", "--one", name, str(classes)]
    command += ["--budget", str(budget_seconds)]
    done = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def mib(value: float | None) -> str:
    return "—" if value is None else f"{value / 2**20:,.1f}"


def part_one(args: argparse.Namespace) -> None:
    print(f"Part 1: logits → {SIZE}×{SIZE} tile means of J (T = {TEMPERATURE}), best of runs\n")
    header = f"{'C':>9}  {'method':8} {'first run':>11} {'best warm':>11} {'peak RSS MiB':>13}"
    print(header + f" {'traced MiB':>11} {'pooled faster':>14}  max rel diff")
    summary: list[str] = []
    for classes in CLASSES:
        if classes > args.max_classes:
            continue
        results: dict[str, dict[str, Any]] = {}
        for name in METHODS:
            if name != "pooled":
                if name == "torch" and (classes > args.torch_max_classes or not has_torch()):
                    continue
                needed = dense_bytes(name, classes)
                if needed > args.dense_gb * 2**30 or needed > 0.7 * available_bytes():
                    continue
            budget = 1.0 if name == "pooled" else args.dense_budget
            results[name] = in_subprocess(name, classes, budget)
        pooled = results["pooled"]["seconds"]
        for name, result in results.items():
            speedup = "" if name == "pooled" else f"{result['seconds'] / pooled:,.0f}×"
            print(
                f"{classes:>9,}  {name:8} {result['first'] * 1e3:>9.2f}ms "
                f"{result['seconds'] * 1e3:>9.2f}ms {mib(result['peak_rss']):>13} "
                f"{mib(result['traced']):>11} {speedup:>14}  {result['max_rel_diff']:.1e}"
            )
        skipped = [m for m in METHODS if m not in results]
        if skipped:
            print(f"{'':>11}({', '.join(skipped)}: C×C does not fit the memory budget)")
        for name in ("numpy", "inplace", "torch"):
            if name in results:
                ratio = results[name]["seconds"] / pooled
                first = results[name]["first"] / results["pooled"]["first"]
                summary.append(
                    f"C = {classes:,}: pooled is {ratio:,.0f}× faster than {name} warm "
                    f"({first:,.0f}× on first runs)"
                )
    print()
    for line in summary:
        print(line)


def has_torch() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def part_two(args: argparse.Namespace) -> None:
    classes = 50_257
    print(f"\nPart 2: C = {classes:,} at {SIZE}×{SIZE} through HTTP, one uvicorn worker\n")
    logits = logits_for(classes).tolist()
    cases = {
        "J only": {"logits": logits, "size": SIZE},
        "J + M, labels": {"logits": logits, "size": SIZE, "labels": 17, "label_smoothing": 0.1},
        "J + M, prob order": {"logits": logits, "size": SIZE, "labels": 17, "order": "prob"},
    }
    with serve() as server:
        host, port = server.url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        rss_before = server.memory_kib("VmRSS") * 1024
        print(f"server RSS before the first heatmap request: {mib(rss_before)} MiB")
        print(f"{'request':18} {'body in':>9} {'body out':>9} {'median':>9} {'p95':>9} "
              f"{'client json.loads':>18} {'server peak extra':>18}")  # fmt: skip
        for label, payload in cases.items():
            body = json.dumps(payload).encode()
            latencies = []
            decode = []
            answer = b""
            for _ in range(args.requests + 1):
                started = time.perf_counter()
                connection.request(
                    "POST", "/api/v1/jacobian/heatmap", body, {"Content-Type": "application/json"}
                )
                response = connection.getresponse()
                answer = response.read()
                latencies.append(time.perf_counter() - started)
                if response.status != 200:
                    raise RuntimeError(f"{label}: HTTP {response.status}: {answer[:500]!r}")
                started = time.perf_counter()
                json.loads(answer)
                decode.append(time.perf_counter() - started)
            timed = latencies[1:]  # the first request warms up the route
            p95 = statistics.quantiles(timed, n=20)[-1] if len(timed) >= 2 else timed[0]
            extra = server.memory_kib("VmHWM") * 1024 - rss_before
            print(
                f"{label:18} {len(body) / 1e6:>7.2f}MB {len(answer) / 1e6:>7.2f}MB "
                f"{statistics.median(timed) * 1e3:>7.1f}ms {p95 * 1e3:>7.1f}ms "
                f"{statistics.median(decode) * 1e3:>16.1f}ms {mib(extra):>14} MiB"
            )
        connection.close()
    print("\ntargets (issue #4): median ≤ 250 ms JSON in → JSON out; < 50 MB extra server memory")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", nargs=2, metavar=("METHOD", "C"), help=argparse.SUPPRESS)
    parser.add_argument("--budget", type=float, default=1.0, help=argparse.SUPPRESS)
    parser.add_argument("--max-classes", type=int, default=CLASSES[-1])
    parser.add_argument("--dense-gb", type=float, default=8.0, help="memory cap for C×C methods")
    parser.add_argument("--dense-budget", type=float, default=3.0, help="seconds per dense case")
    parser.add_argument("--torch-max-classes", type=int, default=16_384)
    parser.add_argument("--requests", type=int, default=20, help="timed HTTP requests per case")
    parser.add_argument("--skip-http", action="store_true")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(args.one[0], int(args.one[1]), args.budget)))
        return
    part_one(args)
    if not args.skip_http:
        part_two(args)


if __name__ == "__main__":
    main()
