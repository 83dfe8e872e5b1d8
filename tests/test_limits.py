"""Limits on hostile clients: header size and count, header and body deadlines, load
shedding, HEAD, a client that disconnects mid-body.

Each server here is uvicorn with `app.server.GuardedHttpToolsProtocol`, in a thread, on a
free loopback port, with tiny limits and sub-second deadlines, driven over raw sockets.
Nothing is timed: a deadline test only waits, boundedly, for the server to act.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import errno
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient

from app.config import Settings, get_settings
from app.main import create_app
from app.middleware import Slots
from app.server import GuardedHttpToolsProtocol, uvicorn_options

# Long enough for any machine to notice, short enough to keep the file fast.
DEADLINE_S = 0.3
# How long a test waits for the server to do what it must; never reached when it works.
PATIENCE_S = 10.0

TEST_LIMITS: dict[str, Any] = {
    "max_header_bytes": 2048,
    "max_headers": 20,
    "header_timeout": DEADLINE_S,
    "body_timeout": DEADLINE_S,
    "min_rate": 1000,
    "keep_alive_timeout": DEADLINE_S,
    "send_timeout": DEADLINE_S,
}


def limited_settings(**overrides: Any) -> Settings:
    return dataclasses.replace(get_settings(), **{**TEST_LIMITS, **overrides})


@contextmanager
def running_server(**overrides: Any) -> Iterator[tuple[str, int]]:
    """uvicorn with the guarded protocol and `overrides` on a free port, in a thread."""
    settings = limited_settings(**overrides)
    protocol = type("LimitedProtocol", (GuardedHttpToolsProtocol,), {"settings": settings})
    options = {**uvicorn_options(settings), "http": protocol}
    config = uvicorn.Config(
        create_app(settings), log_level="warning", lifespan="off", access_log=False, **options
    )
    server = uvicorn.Server(config)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + PATIENCE_S
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.01)
        yield sock.getsockname()
    finally:
        server.should_exit = True
        thread.join(PATIENCE_S)
        sock.close()


@pytest.fixture(scope="module")
def address() -> Iterator[tuple[str, int]]:
    with running_server() as addr:
        yield addr


def connect(address: tuple[str, int]) -> socket.socket:
    sock = socket.create_connection(address, timeout=PATIENCE_S)
    return sock


def read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def json_body(answer: bytes) -> Any:
    return json.loads(answer.partition(b"\r\n\r\n")[2])


def request(path: str = "/healthz", headers: list[str] | None = None) -> bytes:
    lines = [f"GET {path} HTTP/1.1", "Host: test", "Connection: close", *(headers or [])]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def test_a_request_within_the_limits_is_answered(address):
    headers = [f"X-Pad-{i}: {'a' * 50}" for i in range(15)]
    with connect(address) as sock:
        sock.sendall(request(headers=headers))
        answer = read_until_closed(sock)
    assert status_of(answer) == 200


def test_a_header_over_the_byte_limit_is_refused_with_431(address):
    with connect(address) as sock:
        sock.sendall(request(headers=["X-Big: " + "a" * 3000]))
        answer = read_until_closed(sock)
    assert status_of(answer) == 431
    assert "2048 bytes" in json_body(answer)["detail"]


def test_an_endless_header_is_cut_off_at_the_byte_limit(address):
    with connect(address) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nX-Endless: ")
        try:
            # Far past the limit: the server answers 431 and closes long before the end.
            for _ in range(1000):
                sock.sendall(b"a" * 1024)
            answer = read_until_closed(sock)
        except (BrokenPipeError, ConnectionResetError):
            answer = b"reset"
    assert answer == b"reset" or status_of(answer) == 431
    with connect(address) as sock:
        sock.sendall(request())
        assert status_of(read_until_closed(sock)) == 200


def test_a_request_that_is_not_http_still_gets_400(address):
    with connect(address) as sock:
        sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        assert status_of(read_until_closed(sock)) == 400


def test_too_many_headers_are_refused_with_431(address):
    with connect(address) as sock:
        sock.sendall(request(headers=[f"X-{i}: 1" for i in range(30)]))
        answer = read_until_closed(sock)
    assert status_of(answer) == 431
    assert "20 headers" in json_body(answer)["detail"]


def test_a_silent_connection_is_closed_after_the_header_timeout(address):
    with connect(address) as sock:
        assert read_until_closed(sock) == b""


def test_unfinished_headers_are_answered_408_after_the_header_timeout(address):
    with connect(address) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: test\r\n")
        answer = read_until_closed(sock)
    assert status_of(answer) == 408


def test_a_slowloris_trickle_does_not_extend_the_header_timeout(address):
    pause = DEADLINE_S / 10
    answer = None
    with connect(address) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\n")
        sock.settimeout(pause)
        # A byte every tenth of the deadline would keep an idle timer from ever firing.
        for _ in range(int(PATIENCE_S / pause)):
            try:
                sock.sendall(b"X")
                answer = sock.recv(65536)
                break
            except TimeoutError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                answer = b""
                break
    assert answer is not None, "the trickling client was never cut off"
    assert answer == b"" or status_of(answer) == 408


def test_a_declared_body_that_never_arrives_is_answered_408(address):
    with connect(address) as sock:
        sock.sendall(
            b"POST /api/v1/softmax HTTP/1.1\r\nHost: test\r\n"
            b"Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n"
        )
        answer = read_until_closed(sock)
    assert status_of(answer) == 408
    assert "bytes/s" in json_body(answer)["detail"]


def test_an_idle_keep_alive_connection_is_closed(address):
    with connect(address) as sock:
        sock.sendall(request().replace(b"Connection: close", b"Connection: keep-alive"))
        answer = read_until_closed(sock)
    assert status_of(answer) == 200


def test_a_client_that_disconnects_mid_body_logs_one_line(address, caplog):
    caplog.set_level(logging.WARNING)
    with connect(address) as sock:
        sock.sendall(
            b"POST /api/v1/softmax HTTP/1.1\r\nHost: test\r\n"
            b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
            b'{"logits": [1, '
        )
        time.sleep(DEADLINE_S / 3)
    deadline = time.monotonic() + PATIENCE_S
    while not any("disconnected" in r.getMessage() for r in caplog.records):
        assert time.monotonic() < deadline, "no log line for the disconnect"
        time.sleep(0.01)
    time.sleep(DEADLINE_S / 3)
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    lines = [r.getMessage() for r in caplog.records if "disconnected" in r.getMessage()]
    assert len(lines) == 1 and "\n" not in lines[0]


def hold_a_request(address: tuple[str, int]) -> socket.socket:
    """A POST that the app has started reading: its 100 Continue has arrived."""
    sock = connect(address)
    sock.sendall(
        b"POST /api/v1/softmax HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\n"
        b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    )
    assert sock.recv(100).startswith(b"HTTP/1.1 100")
    return sock


def test_requests_past_the_concurrency_limit_get_503_with_retry_after():
    with running_server(max_concurrent_requests=1, body_timeout=PATIENCE_S) as addr:
        held = hold_a_request(addr)
        with held, connect(addr) as sock:
            sock.sendall(request("/api/v1/presets"))
            answer = read_until_closed(sock)
            head = answer.partition(b"\r\n\r\n")[0].lower()
            assert status_of(answer) == 503
            assert b"retry-after: 2" in head
            assert b"content-security-policy" in head
            assert "busy" in json_body(answer)["detail"]
            # The health check is never shed.
            with connect(addr) as health:
                health.sendall(request("/healthz"))
                assert status_of(read_until_closed(health)) == 200


def test_large_bodies_past_their_limit_wait_then_get_503():
    with running_server(
        max_large_bodies=1, large_body_bytes=10, queue_timeout=DEADLINE_S, body_timeout=PATIENCE_S
    ) as addr:
        held = hold_a_request(addr)
        with held, connect(addr) as sock:
            body = b'{"logits": [1, 2, 3]}'
            sock.sendall(
                b"POST /api/v1/softmax HTTP/1.1\r\nHost: test\r\nConnection: close\r\n"
                b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                % (len(body), body)
            )
            answer = read_until_closed(sock)
            assert status_of(answer) == 503
            assert b"retry-after:" in answer.lower()
        # Once the held request is gone, a large body is served again.
        with connect(addr) as sock:
            sock.sendall(
                b"POST /api/v1/softmax HTTP/1.1\r\nHost: test\r\nConnection: close\r\n"
                b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                % (len(body), body)
            )
            assert status_of(read_until_closed(sock)) == 200


def test_a_connection_answered_before_its_body_ended_is_closed_when_idle():
    with running_server(
        max_large_bodies=1, large_body_bytes=10, queue_timeout=DEADLINE_S, body_timeout=PATIENCE_S
    ) as addr:
        held = hold_a_request(addr)
        with held, connect(addr) as sock:
            body = b'{"logits": [1, 2, 3]}'
            sock.sendall(
                b"POST /api/v1/softmax HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\n"
                b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
            )
            # Shed without reading the body (no 100 Continue), the connection kept alive.
            assert sock.recv(65536).startswith(b"HTTP/1.1 503")
            sock.sendall(body)
            assert read_until_closed(sock) == b""


def test_requests_past_the_connection_limit_get_503():
    with running_server(max_connections=1) as addr:
        with connect(addr) as first, connect(addr) as second:
            second.sendall(request())
            answer = read_until_closed(second)
            assert status_of(answer) == 503
            assert b"retry-after:" in answer.lower()
            first.sendall(request())
            assert status_of(read_until_closed(first)) == 200


@pytest.mark.parametrize("path", ["/", "/rnn", "/healthz", "/api/v1/presets"])
def test_head_answers_like_get_without_a_body(path):
    client = TestClient(create_app())
    got = client.get(path)
    head = client.head(path)
    assert got.status_code == head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == got.headers["content-length"]
    assert head.headers["content-type"] == got.headers["content-type"]
    assert "content-security-policy" in head.headers


def test_head_over_the_wire_sends_headers_only(address):
    with connect(address) as sock:
        sock.sendall(request("/rnn").replace(b"GET", b"HEAD", 1))
        answer = read_until_closed(sock)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert status_of(answer) == 200 and body == b""
    assert b"content-length: " in head.lower()


def test_head_is_405_where_get_is_not_allowed():
    client = TestClient(create_app())
    assert client.head("/api/v1/softmax").status_code == 405


def test_limits_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("GRADVIZ_MAX_HEADER_BYTES", "4096")
    monkeypatch.setenv("GRADVIZ_HEADER_TIMEOUT", "2.5")
    monkeypatch.setenv("GRADVIZ_MAX_LARGE_BODIES", "3")
    settings = Settings.from_env()
    assert settings.max_header_bytes == 4096
    assert settings.header_timeout == 2.5
    assert settings.max_large_bodies == 3
    monkeypatch.setenv("GRADVIZ_BODY_TIMEOUT", "0")
    with pytest.raises(ValueError, match="GRADVIZ_BODY_TIMEOUT"):
        Settings.from_env()


def test_uvicorn_is_started_with_the_guarded_protocol():
    options = uvicorn_options(get_settings())
    assert options["http"] == "app.server:GuardedHttpToolsProtocol"
    assert options["timeout_keep_alive"] == get_settings().keep_alive_timeout


def test_a_body_larger_than_the_header_limit_is_not_counted_as_header(address):
    body = json.dumps({"logits": [0.25] * 5000}).encode()
    with connect(address) as sock:
        sock.sendall(
            b"POST /api/v1/softmax HTTP/1.1\r\nHost: test\r\nConnection: close\r\n"
            b"Expect: 100-continue\r\n"
            b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
        )
        # The body in reads of its own, after the head is done.
        assert sock.recv(100).startswith(b"HTTP/1.1 100")
        sock.sendall(body)
        answer = read_until_closed(sock)
    assert status_of(answer) == 200


def test_a_client_that_never_reads_its_answer_is_dropped(address):
    # About 23 MB of JSON: far more than the socket buffers hold.
    body = json.dumps({"logits": [round(0.001 * k, 3) for k in range(1024)]}).encode()
    sock = socket.socket()
    # A small receive window, so that the answer stays with the server.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    with sock:
        sock.connect(address)
        sock.sendall(
            b"POST /api/v1/jacobian HTTP/1.1\r\nHost: test\r\n"
            b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body
        )
        # Never read: the server resets the connection once it sees no progress.
        deadline = time.monotonic() + PATIENCE_S
        while sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != errno.ECONNRESET:
            assert time.monotonic() < deadline, "the server kept the unread answer"
            time.sleep(0.05)


def test_slots_hand_over_in_order_and_time_out():
    async def scenario() -> list[str]:
        slots = Slots(1)
        events: list[str] = []
        assert await slots.acquire(None)

        async def waiter(name: str, timeout: float | None) -> None:
            got = await slots.acquire(timeout)
            events.append(f"{name} {'got' if got else 'timed out'}")
            if got:
                slots.release()

        late = asyncio.create_task(waiter("late", 0.0))
        first = asyncio.create_task(waiter("first", None))
        await asyncio.sleep(0.05)
        slots.release()
        await asyncio.gather(late, first)
        assert slots.held == 0 and not slots.waiters
        return events

    # A thread of its own: the browser tests' Playwright keeps an event loop running in the
    # main thread for the whole session, and asyncio.run refuses to nest.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        outcome = pool.submit(asyncio.run, scenario()).result(timeout=30)
    assert outcome == ["late timed out", "first got"]
