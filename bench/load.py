"""Load test: one uvicorn worker on loopback, driven by wrk with 64 connections.

The mix is what a classroom sends: `POST /api/v1/analyze` with C = 10 (every slider
move), `GET /healthz` (the load balancer) and `GET /` (students opening the page).
Each request is checked once before the run; an endpoint that does not answer 200 is
left out of the mix and reported. The run fails (exit 1) on any error: a non-2xx
answer, a socket error or a timeout.

    .venv/bin/python bench/load.py                 # 60 s
    .venv/bin/python bench/load.py --duration 10   # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULT_MARK = "GRADVIZ_RESULT "
ANALYZE_BODY = json.dumps(
    {"logits": [round(0.35 * k - 1.2, 2) for k in range(10)], "labels": 3, "temperature": 1.0}
)


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    body: str | None = None


# The round-robin order sets the mix: half analyze, a quarter each health and page.
MIX = [
    Call("POST", "/api/v1/analyze", ANALYZE_BODY),
    Call("GET", "/healthz"),
    Call("POST", "/api/v1/analyze", ANALYZE_BODY),
    Call("GET", "/"),
]

WRK_SCRIPT = """
local calls = {CALLS}
local prepared = {}
local n = 0

init = function(args)
  for i, call in ipairs(calls) do
    local headers = {}
    if call.body then headers["Content-Type"] = "application/json" end
    prepared[i] = wrk.format(call.method, call.path, headers, call.body)
  end
end

request = function()
  n = n + 1
  return prepared[(n - 1) % #prepared + 1]
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%s{"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, '
      .. '"read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d, '
      .. '"mean_us": %.1f, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\\n',
    "{MARK}", summary.requests, summary.duration, summary.bytes, e.connect, e.read,
    e.write, e.status, e.timeout, latency.mean, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def lua_string(text: str) -> str:
    """A Lua long-bracket literal, which needs no escaping for JSON text."""
    return "[==[" + text + "]==]"


def wrk_script(calls: list[Call]) -> str:
    entries = []
    for call in calls:
        body = "nil" if call.body is None else lua_string(call.body)
        entries.append(
            f"{{method = {lua_string(call.method)}, path = {lua_string(call.path)}, body = {body}}}"
        )
    return WRK_SCRIPT.replace("{CALLS}", "{" + ", ".join(entries) + "}").replace(
        "{MARK}", RESULT_MARK
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rss_mib(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MiB: its resident memory now, and at its peak."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def fetch(base_url: str, call: Call, timeout: float = 10) -> int:
    data = None if call.body is None else call.body.encode()
    request = urllib.request.Request(base_url + call.path, data=data, method=call.method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def wait_until_serving(base_url: str, server: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with code {server.returncode} before serving")
        try:
            if fetch(base_url, Call("GET", "/healthz"), timeout=1) == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer /healthz within {timeout:.0f} s")


def run_wrk(
    base_url: str, calls: list[Call], duration: int, connections: int, threads: int
) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(wrk_script(calls))
    try:
        command = [
            "wrk",
            f"--threads={threads}",
            f"--connections={connections}",
            f"--duration={duration}s",
            "--timeout=10s",
            f"--script={script.name}",
            base_url,
        ]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=duration + 60, check=False
        )
    finally:
        os.unlink(script.name)
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_MARK):
            return dict(json.loads(line[len(RESULT_MARK) :]))
    raise SystemExit(f"wrk gave no result (exit {done.returncode}):\n{done.stdout}{done.stderr}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (default 60)")
    parser.add_argument("--connections", type=int, default=64, help="open connections")
    parser.add_argument(
        "--threads", type=int, default=1, help="wrk threads (one leaves a core to the server)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if not 1 <= args.duration <= 600:
        parser.error("--duration must be between 1 and 600 seconds")
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (Debian: apt-get install wrk)")

    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "GRADVIZ_HOST": "127.0.0.1", "GRADVIZ_PORT": str(port)}
    with tempfile.TemporaryFile() as server_log:
        # The command operators run (`python -m app`), one worker, access log included.
        server = subprocess.Popen(
            [sys.executable, "-m", "app", "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_serving(base_url, server, timeout=30)
            calls, left_out = [], []
            for call in MIX:
                status = fetch(base_url, call)
                if status == 200:
                    calls.append(call)
                elif (call.method, call.path, status) not in left_out:
                    left_out.append((call.method, call.path, status))
            if not calls:
                raise SystemExit("no endpoint of the mix answered 200")
            rss_before, _ = rss_mib(server.pid)
            result = run_wrk(base_url, calls, args.duration, args.connections, args.threads)
            rss_after, rss_peak = rss_mib(server.pid)
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

    seconds = result["duration_us"] / 1e6
    errors = {
        name: int(result[name])
        for name in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
    }
    figures = {
        "mix": [f"{c.method} {c.path}" for c in calls],
        "left_out": [f"{m} {p} (answered {s})" for m, p, s in left_out],
        "connections": args.connections,
        "duration_s": round(seconds, 2),
        "requests": int(result["requests"]),
        "requests_per_s": round(result["requests"] / seconds, 1),
        "latency_ms": {
            "mean": round(result["mean_us"] / 1000, 2),
            "p50": round(result["p50_us"] / 1000, 2),
            "p90": round(result["p90_us"] / 1000, 2),
            "p99": round(result["p99_us"] / 1000, 2),
            "max": round(result["max_us"] / 1000, 2),
        },
        "errors": errors,
        "server_rss_mib": {
            "before": round(rss_before, 1),
            "after": round(rss_after, 1),
            "peak": round(rss_peak, 1),
        },
    }
    latency = figures["latency_ms"]
    memory = figures["server_rss_mib"]
    print(f"mix (round robin): {', '.join(figures['mix'])}")
    for entry in figures["left_out"]:
        print(f"left out: {entry}")
    print(
        f"{figures['requests']} requests in {seconds:.1f} s over {args.connections} connections: "
        f"{figures['requests_per_s']:.0f} req/s"
    )
    print(
        f"latency ms: mean {latency['mean']}, p50 {latency['p50']}, p90 {latency['p90']}, "
        f"p99 {latency['p99']}, max {latency['max']}"
    )
    print(f"errors: {sum(errors.values())} ({', '.join(f'{k} {v}' for k, v in errors.items())})")
    print(
        f"server RSS MiB: {memory['before']} before, {memory['after']} after "
        f"(peak {memory['peak']})"
    )
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 1 if sum(errors.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
