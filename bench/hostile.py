"""Hostile clients against one real server: memory, /healthz latency and disconnects.

Starts `python -m app` (one worker, default settings) on a free loopback port and runs
each scenario with its hostile clients, while a separate process samples the server's
RSS (/proc/<pid>/status) and times `GET /healthz` on a fresh connection every 100 ms.
Per scenario it prints the peak RSS, the RSS 10 s after the clients stop against the idle
RSS, /healthz p50/p99, the answers by status (5xx other than 503 counted apart) and, for
slow or silent clients, how long the server took to drop them against its documented
timeout. Targets: RSS < 600 MB throughout and < 2x idle 10 s after; /healthz p99 < 1 s;
no 5xx but 503. Loopback only; every loop is bounded in count and time.

    .venv/bin/python -m bench.hostile                     # every scenario, about 4 min
    .venv/bin/python -m bench.hostile --only slowloris    # one of them
    .venv/bin/python -m bench.hostile --plain             # plain `uvicorn app.main:app`
    .venv/bin/python -m bench.hostile --root ../old       # another checkout's server

`--plain` serves through bench.server.serve() (uvicorn's own protocol, none of the
connection limits of app.server) to show what they change; it stops a scenario once the
server passes 2 GB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.config import Settings
from bench.server import ROOT, Server, free_port, serve

MIB = 1024 * 1024
RSS_TARGET_MIB = 600
SETTLE_S = 10.0
# A scenario on the plain server stops here rather than exhaust the machine.
RSS_ABORT_MIB = 2048
SLACK_S = 1.5


@dataclass
class Tally:
    """What the hostile clients saw."""

    statuses: Counter[int] = field(default_factory=Counter)
    # Seconds from the moment a client went quiet to the server closing on it.
    drop_times: list[float] = field(default_factory=list)
    never_dropped: int = 0
    # Connections reset (or refused mid-send) without an answer the client could read.
    resets: int = 0
    bytes_sent: int = 0

    def answer(self, head: bytes) -> None:
        if head.startswith(b"HTTP/1."):
            status = int(head.split(b" ", 2)[1])
            if status != 100:
                self.statuses[status] += 1


@dataclass(frozen=True)
class Scenario:
    name: str
    describe: str
    run: Callable[[str, int, Settings, Tally], Awaitable[None]]
    # The documented bound on how long a quiet client is kept, if the scenario has one.
    drop_limit: Callable[[Settings], float] | None = None


# Clients


async def open_connection(
    host: str, port: int
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    return await asyncio.wait_for(asyncio.open_connection(host, port), 10)


async def read_answer(reader: asyncio.StreamReader, tally: Tally, timeout: float) -> bool:
    """Read until the server closes; tally the status, or a reset that came instead of
    one. False if the server never closed."""
    head = b""
    try:
        async with asyncio.timeout(timeout):
            head = await reader.read(65536)
            tally.answer(head)
            while await reader.read(65536):
                pass
        return True
    except (ConnectionResetError, BrokenPipeError):
        if not head:
            tally.resets += 1
        return True
    except TimeoutError:
        return False


async def wait_closed(
    reader: asyncio.StreamReader, tally: Tally, quiet_since: float, timeout: float
) -> None:
    if await read_answer(reader, tally, timeout):
        tally.drop_times.append(time.monotonic() - quiet_since)
    else:
        tally.never_dropped += 1


async def endless_headers(host: str, port: int, settings: Settings, tally: Tally) -> None:
    """32 clients each stream one header that never ends, reconnecting for 8 s."""
    chunk = b"a" * 16384
    stop = time.monotonic() + 8

    async def client() -> None:
        while time.monotonic() < stop:
            reader, writer = await open_connection(host, port)
            try:
                writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Endless: ")
                # 64 MiB at most per connection: far past any header limit.
                for _ in range(4096):
                    writer.write(chunk)
                    tally.bytes_sent += len(chunk)
                    await asyncio.wait_for(writer.drain(), 10)
                    if time.monotonic() > stop:
                        break
            except (ConnectionResetError, BrokenPipeError):
                tally.resets += 1
            except TimeoutError:
                pass
            else:
                await read_answer(reader, tally, 1)
            writer.close()

    await asyncio.gather(*(client() for _ in range(32)))


def _repeat_request(request: bytes, seconds: float) -> Callable[..., Awaitable[None]]:
    async def scenario(host: str, port: int, settings: Settings, tally: Tally) -> None:
        stop = time.monotonic() + seconds

        async def client() -> None:
            for _ in range(10_000):
                if time.monotonic() > stop:
                    return
                reader, writer = await open_connection(host, port)
                try:
                    writer.write(request)
                    await asyncio.wait_for(writer.drain(), 10)
                    await read_answer(reader, tally, 10)
                except (ConnectionResetError, BrokenPipeError):
                    tally.resets += 1
                except TimeoutError:
                    pass
                writer.close()

        await asyncio.gather(*(client() for _ in range(32)))

    return scenario


BIG_HEADER = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * MIB + b"\r\n\r\n"
MANY_HEADERS = (
    b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
    + b"".join(b"X-H%d: %d\r\n" % (i, i) for i in range(5000))
    + b"\r\n"
)


async def slowloris(host: str, port: int, settings: Settings, tally: Tally) -> None:
    """200 connections each send a request line, then one header byte a second."""

    async def client() -> None:
        reader, writer = await open_connection(host, port)
        start = time.monotonic()
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        closed = asyncio.ensure_future(read_answer(reader, tally, 60))
        for _ in range(60):
            done, _ = await asyncio.wait({closed}, timeout=1)
            if done:
                break
            try:
                writer.write(b"X")
                await writer.drain()
            except (ConnectionResetError, BrokenPipeError):
                break
        if await closed:
            tally.drop_times.append(time.monotonic() - start)
        else:
            tally.never_dropped += 1
        writer.close()

    await asyncio.gather(*(client() for _ in range(200)))


async def silent_body(host: str, port: int, settings: Settings, tally: Tally) -> None:
    """32 clients declare a 10 MB body and send none of it."""

    async def client() -> None:
        reader, writer = await open_connection(host, port)
        writer.write(
            b"POST /api/v1/jacobian/heatmap HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n"
        )
        await writer.drain()
        await wait_closed(reader, tally, time.monotonic(), 60)
        writer.close()

    await asyncio.gather(*(client() for _ in range(32)))


async def stalled_uploads(host: str, port: int, settings: Settings, tally: Tally) -> None:
    """30 uploads send all but 100 bytes of a body just under the limit, then stall."""
    length = settings.max_body_bytes - 1
    body = memoryview(b'{"logits": [' + b"0.125, " * (length // 7))[: length - 100]

    async def client() -> None:
        reader, writer = await open_connection(host, port)
        writer.write(
            b"POST /api/v1/jacobian/heatmap HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % length
        )
        closed = asyncio.ensure_future(read_answer(reader, tally, 120))
        try:
            for start in range(0, len(body), MIB):
                if closed.done():
                    break
                writer.write(body[start : start + MIB])
                tally.bytes_sent += min(MIB, len(body) - start)
                await asyncio.wait_for(writer.drain(), 60)
        except (ConnectionResetError, BrokenPipeError, TimeoutError):
            pass
        quiet_since = time.monotonic()
        if await closed:
            tally.drop_times.append(time.monotonic() - quiet_since)
        else:
            tally.never_dropped += 1
        writer.close()

    await asyncio.gather(*(client() for _ in range(30)))


async def unread_answers(host: str, port: int, settings: Settings, tally: Tally) -> None:
    """20 clients ask for the largest answer the server writes (a 3 x 1024 x 1024 Jacobian:
    3.1 M numbers, ~70 MB of JSON, just under GRADVIZ_MAX_ANSWER_NUMBERS) and never read it."""
    logits = [[round(0.001 * k, 3) for k in range(1024)]] * 3
    body = json.dumps({"logits": logits}).encode()
    request = (
        b"POST /api/v1/jacobian HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
    ) + body

    async def client() -> None:
        sock = socket.socket()
        # A small receive window, so that the answer stays with the server.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, (host, port))
        reader, writer = await asyncio.open_connection(sock=sock, limit=4096)
        writer.write(request)
        await writer.drain()
        start = time.monotonic()
        # Never read: only notice when the server drops the connection.
        dropped = False
        for _ in range(600):
            await asyncio.sleep(0.1)
            if writer.transport.is_closing() or reader.at_eof():
                dropped = True
                break
            try:
                error = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            except OSError:  # the transport saw the reset and closed the socket
                error = 1
            if error:
                dropped = True
                break
        if dropped:
            tally.drop_times.append(time.monotonic() - start)
        else:
            tally.never_dropped += 1
        writer.transport.abort()

    await asyncio.gather(*(client() for _ in range(20)))


async def large_bodies(host: str, port: int, settings: Settings, tally: Tally) -> None:
    """16 clients at once each POST a 20 MB heatmap body (C = 1,048,576) and read the
    answer."""
    digits = b"-1.234567890123456, "
    count = 1_048_576
    body = b'{"logits": [' + digits * (count - 1) + b'0.5], "size": 256}'

    async def client() -> None:
        reader, writer = await open_connection(host, port)
        try:
            writer.write(
                b"POST /api/v1/jacobian/heatmap HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
            )
            for start in range(0, len(body), MIB):
                writer.write(body[start : start + MIB])
                await asyncio.wait_for(writer.drain(), 60)
            tally.bytes_sent += len(body)
        except (ConnectionResetError, BrokenPipeError):
            pass
        await read_answer(reader, tally, 60)
        writer.close()

    await asyncio.gather(*(client() for _ in range(16)))


SCENARIOS = [
    Scenario("endless-headers", "32 clients streaming one endless header", endless_headers),
    Scenario("big-header", "32 clients sending a 1 MB header", _repeat_request(BIG_HEADER, 8)),
    Scenario("many-headers", "32 clients sending 5,000 headers", _repeat_request(MANY_HEADERS, 8)),
    Scenario(
        "slowloris",
        "200 connections sending a header byte a second",
        slowloris,
        lambda s: s.header_timeout,
    ),
    Scenario(
        "silent-body",
        "32 clients declaring a 10 MB body, sending nothing",
        silent_body,
        lambda s: s.body_timeout,
    ),
    Scenario(
        "stalled-uploads",
        "30 uploads stopped 100 bytes short of the body limit",
        stalled_uploads,
        # The check after the stall can be up to two intervals after the last byte.
        lambda s: 2 * s.body_timeout,
    ),
    Scenario(
        "unread-answers",
        "20 clients never reading a 70 MB answer",
        unread_answers,
        # One check after the answer fills the buffers, plus the time to compute twenty
        # answers two at a time.
        lambda s: s.send_timeout + 10,
    ),
    Scenario("large-bodies", "16 concurrent 20 MB heatmap bodies", large_bodies),
]


# The monitor: a separate process, so that the clients' own work does not delay it.


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise KeyError("VmRSS")


def _probe(host: str, port: int) -> tuple[float, int]:
    start = time.monotonic()
    try:
        with socket.create_connection((host, port), timeout=5) as sock:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            head = sock.recv(64)
            while sock.recv(65536):
                pass
        status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/1.") else 0
    except OSError:
        status = 0
    return time.monotonic() - start, status


def _monitor(pid: int, host: str, port: int, stop: Any, out: Any) -> None:
    import threading

    rss: list[tuple[float, float]] = []
    probes: list[tuple[float, float, int]] = []

    def sample() -> None:
        while not stop.is_set():
            try:
                rss.append((time.monotonic(), _rss_mib(pid)))
            except (OSError, KeyError):
                return
            stop.wait(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    while not stop.is_set():
        latency, status = _probe(host, port)
        probes.append((time.monotonic(), latency, status))
        stop.wait(max(0.0, 0.1 - latency))
    sampler.join()
    out.send((rss, probes))


@contextmanager
def monitored(pid: int, host: str, port: int) -> Iterator[Callable[[], tuple[list, list]]]:
    context = multiprocessing.get_context("fork")
    stop = context.Event()
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_monitor, args=(pid, host, port, stop, sending))
    process.start()
    result: list[tuple[list, list]] = []

    def collect() -> tuple[list, list]:
        if not result:
            stop.set()
            result.append(receiving.recv())
            process.join(10)
        return result[0]

    try:
        yield collect
    finally:
        collect()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


# Running


@contextmanager
def guarded_server(log: Path, root: Path = ROOT) -> Iterator[Server]:
    """`python -m app` as operators run it, from `root`, one worker, its log in `log`."""
    port = free_port()
    env = {**os.environ, "GRADVIZ_HOST": "127.0.0.1", "GRADVIZ_PORT": str(port)}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "app", "--workers", "1"],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=1):
                    break
            except OSError:
                if process.poll() is not None:
                    raise SystemExit(f"the server exited with {process.returncode}") from None
                time.sleep(0.1)
        yield Server(url=url, pid=process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def warm_up(url: str) -> None:
    """Touch every kind of request once, so that idle RSS includes what imports cost."""
    body = json.dumps({"logits": [0.5, 1.0, 2.0], "labels": 1}).encode()
    for path, data in (("/", None), ("/rnn", None), ("/api/v1/analyze", body)):
        request = urllib.request.Request(url + path, data=data)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
    heat = json.dumps({"logits": [0.001 * k for k in range(50_000)], "size": 64}).encode()
    request = urllib.request.Request(url + "/api/v1/jacobian/heatmap", data=heat)
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
    time.sleep(3)


async def _run_with_abort(
    scenario: Scenario, host: str, port: int, settings: Settings, tally: Tally, pid: int
) -> bool:
    """Run the clients; False if the server passed RSS_ABORT_MIB and they were stopped."""
    task = asyncio.ensure_future(scenario.run(host, port, settings, tally))
    for _ in range(3000):
        done, _ = await asyncio.wait({task}, timeout=0.1)
        if done:
            task.result()
            return True
        if _rss_mib(pid) > RSS_ABORT_MIB:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            return False
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    return False


def run_scenario(server: Server, scenario: Scenario, settings: Settings, idle: float) -> dict:
    host, port = "127.0.0.1", int(server.url.rsplit(":", 1)[1])
    tally = Tally()
    with monitored(server.pid, host, port) as collect:
        started = time.monotonic()
        finished = asyncio.run(_run_with_abort(scenario, host, port, settings, tally, server.pid))
        stopped = time.monotonic()
        time.sleep(SETTLE_S)
        after = _rss_mib(server.pid)
        rss, probes = collect()
    during = [value for when, value in rss if when <= stopped + 1]
    latencies = [latency for when, latency, _ in probes if started <= when <= stopped]
    probe_statuses = Counter(status for _, _, status in probes)
    statuses = tally.statuses + probe_statuses
    other_5xx = sum(n for s, n in statuses.items() if s >= 500 and s != 503)
    failed_probes = sum(n for s, n in probe_statuses.items() if s != 200)
    limit = scenario.drop_limit(settings) if scenario.drop_limit else None
    return {
        "scenario": scenario.name,
        "clients_finished": finished,
        "seconds": round(stopped - started, 1),
        "idle_rss_mib": round(idle, 1),
        "peak_rss_mib": round(max(during, default=float("nan")), 1),
        "rss_after_mib": round(after, 1),
        "healthz_p50_ms": round(1000 * percentile(latencies, 0.5), 1),
        "healthz_p99_ms": round(1000 * percentile(latencies, 0.99), 1),
        "healthz_probes": len(latencies),
        "healthz_failed": failed_probes,
        "answers": dict(sorted(tally.statuses.items())),
        "resets": tally.resets,
        "other_5xx": other_5xx,
        "drop_limit_s": limit,
        "slowest_drop_s": round(max(tally.drop_times), 1) if tally.drop_times else None,
        "never_dropped": tally.never_dropped if limit is not None else None,
    }


def verdict(figures: dict) -> list[str]:
    misses = []
    if not figures["clients_finished"]:
        misses.append(f"stopped at {RSS_ABORT_MIB} MiB")
    if not figures["peak_rss_mib"] < RSS_TARGET_MIB:
        misses.append("peak RSS")
    if not figures["rss_after_mib"] < 2 * figures["idle_rss_mib"]:
        misses.append("RSS after")
    if not figures["healthz_p99_ms"] < 1000 or figures["healthz_failed"]:
        misses.append("/healthz")
    if figures["other_5xx"]:
        misses.append("5xx")
    limit = figures["drop_limit_s"]
    if limit is not None and (
        figures["never_dropped"]
        or figures["slowest_drop_s"] is None
        or figures["slowest_drop_s"] > limit + SLACK_S
    ):
        misses.append("disconnect")
    return misses


def report(figures: dict, describe: str) -> None:
    f = figures
    misses = verdict(f)
    print(f"\n{f['scenario']}: {describe} ({f['seconds']} s)")
    print(
        f"  RSS MiB: idle {f['idle_rss_mib']}, peak {f['peak_rss_mib']}, "
        f"{SETTLE_S:.0f} s after {f['rss_after_mib']} "
        f"({f['rss_after_mib'] / f['idle_rss_mib']:.2f}x idle)"
    )
    print(
        f"  /healthz: p50 {f['healthz_p50_ms']} ms, p99 {f['healthz_p99_ms']} ms over "
        f"{f['healthz_probes']} probes, {f['healthz_failed']} not 200"
    )
    print(
        f"  answers to the clients: {f['answers'] or 'none'}, {f['resets']} resets; "
        f"5xx other than 503: {f['other_5xx']}"
    )
    if f["drop_limit_s"] is not None:
        print(
            f"  dropped: slowest after {f['slowest_drop_s']} s (limit {f['drop_limit_s']:g} s), "
            f"{f['never_dropped']} never"
        )
    print(f"  targets: {'all met' if not misses else 'MISSED ' + ', '.join(misses)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=[s.name for s in SCENARIOS])
    parser.add_argument("--plain", action="store_true", help="plain uvicorn (bench.server)")
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="serve `python -m app` from this checkout"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--server-log", type=Path, help="keep the server's log in this file")
    args = parser.parse_args()
    settings = Settings.from_env()
    scenarios = [s for s in SCENARIOS if not args.only or s.name in args.only]
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "server.log"
        with serve() if args.plain else guarded_server(log, args.root) as server:
            warm_up(server.url)
            idle = _rss_mib(server.pid)
            print(f"server {server.url} (pid {server.pid}), idle RSS {idle:.1f} MiB")
            for scenario in scenarios:
                figures = run_scenario(server, scenario, settings, idle)
                report(figures, scenario.describe)
                results.append(figures)
        lines = log.read_text(errors="replace").splitlines() if log.exists() else []
        if args.server_log is not None:
            args.server_log.write_text("\n".join(lines) + "\n")
    tracebacks = sum(1 for line in lines if line.startswith("Traceback"))
    print(f"\nserver log: {len(lines)} lines, {tracebacks} tracebacks")
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 1 if any(verdict(f) for f in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
