"""Throughput of POST /api/v1/analyze (C = 10, one label) against GET /healthz, same app and load.

POST /api/v1/softmax (C = 10) is measured too: the lightest real JSON POST of the app,
to show how much of the gap is any JSON POST and how much is analyze's own work.

Rerun:  .venv/bin/python -m bench.throughput            (about 50 s; needs /usr/bin/wrk)
        .venv/bin/python -m bench.throughput --duration 5 --rounds 1     (quicker, noisier)
        .venv/bin/python -m bench.throughput --accept-encoding "gzip, deflate, br, zstd"
                                                   (as a browser asks: compression allowed)

One uvicorn worker on a free loopback port; wrk with the same threads, connections and
duration for every endpoint, alternating them for --rounds rounds after a
short warm-up of each. SPEC §5 asks for analyze ≥ 0.5× the trivial endpoint's requests/s.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from bench.server import serve

ANALYZE_BODY = {
    "logits": [1.2, -0.4, 0.3, 2.1, -1.5, 0.0, 0.8, -0.2, 1.7, -0.9],
    "labels": 3,
}


def lua_post(body: dict[str, object]) -> str:
    return (
        'wrk.method = "POST"\n'
        'wrk.headers["Content-Type"] = "application/json"\n'
        f"wrk.body = [[{json.dumps(body)}]]\n"
    )


def run_wrk(url: str, args: argparse.Namespace, duration: float, script: Path | None) -> float:
    """Requests/s reported by wrk; fails on any error or non-2xx answer."""
    command = [
        args.wrk,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{duration:g}s",
        "--timeout",
        "5s",
    ]
    if args.accept_encoding:
        command += ["-H", f"Accept-Encoding: {args.accept_encoding}"]
    if script is not None:
        command += ["-s", str(script)]
    output = subprocess.run(command + [url], check=True, capture_output=True, text=True).stdout
    for problem in ("Non-2xx or 3xx responses", "Socket errors"):
        if problem in output:
            raise RuntimeError(f"wrk reported errors for {url}:\n{output}")
    match = re.search(r"Requests/sec:\s*([\d.]+)", output)
    if match is None:
        raise RuntimeError(f"no Requests/sec in wrk output:\n{output}")
    return float(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=2, help="healthz/analyze pairs")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--wrk", default=shutil.which("wrk") or "/usr/bin/wrk")
    parser.add_argument(
        "--accept-encoding",
        default="",
        help="send this Accept-Encoding with every request, e.g. a browser's "
        '"gzip, deflate, br, zstd" (default: none, as wrk)',
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, serve() as server:
        script = Path(tmp) / "analyze.lua"
        script.write_text(lua_post(ANALYZE_BODY))
        analyze_url = server.url + "/api/v1/analyze"
        request = urllib.request.Request(
            analyze_url,
            data=json.dumps(ANALYZE_BODY).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request) as response:
            answer = json.loads(response.read())
        print(f"analyze answers loss = {answer['loss']:.6f} for C = {answer['classes']}")

        softmax_script = Path(tmp) / "softmax.lua"
        softmax_script.write_text(lua_post({"logits": ANALYZE_BODY["logits"]}))
        # The lightest real JSON POST of the app: parse, validate, one softmax, serialise.
        targets = {
            "healthz": (server.url + "/healthz", None),
            "softmax": (server.url + "/api/v1/softmax", softmax_script),
            "analyze": (analyze_url, script),
        }
        for url, lua in targets.values():
            run_wrk(url, args, 2.0, lua)
        rates: dict[str, list[float]] = {name: [] for name in targets}
        for round_number in range(1, args.rounds + 1):
            for name, (url, lua) in targets.items():
                rate = run_wrk(url, args, args.duration, lua)
                rates[name].append(rate)
                print(f"round {round_number}  {name:8s} {rate:9.0f} requests/s")

    healthz = statistics.median(rates["healthz"])
    softmax = statistics.median(rates["softmax"])
    analyze = statistics.median(rates["analyze"])
    print()
    print(
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration:g}s, one uvicorn worker, "
        f"median of {args.rounds} round(s)"
    )
    print(f"GET  /healthz          {healthz:9.0f} requests/s")
    print(f"POST /api/v1/softmax   {softmax:9.0f} requests/s   (C = 10)")
    print(f"POST /api/v1/analyze   {analyze:9.0f} requests/s   (C = 10, one label)")
    print(f"ratio softmax/healthz  {softmax / healthz:9.2f}×   (a light JSON POST, for reference)")
    ratio = analyze / healthz
    verdict = "meets" if ratio >= 0.5 else "MISSES"
    print(f"ratio analyze/healthz  {ratio:9.2f}×   ({verdict} the ≥ 0.5× target of SPEC §5)")


if __name__ == "__main__":
    main()
