"""The shipped container files, built and run: deploy/containers_check.py with Docker and Compose v2 builds both
images from deploy/Containerfile (on stand-in base images: no registry is reached here), starts deploy/compose.yaml
with one `docker compose up`, reads from the containers that the file's conditions ordered the stack, and checks it
in Chromium through the proxy (front end from nginx, three replicas, sticky, the map over the websocket, an import
in one replica's container drawn through another, the collegium deck exported in a container). About 4 minutes.

.ci/install-system-deps.sh installs the engine where none is (deploy/containers/dev-machine-setup.sh docker); the
daemon is started here if it is not running, and stopped again. Never skips: without an engine the test fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from deploy.topology import ROOT, free_port

pytestmark = pytest.mark.containers

EXPECTED = [  # one line per property the check reads; each must be printed as passed
    "ok: the database reported healthy",
    "ok: the migration started once the database was healthy",
    "ok: the migration ran to its end, status 0",
    *(f"ok: app{n} started once the migration had ended" for n in (1, 2, 3)),
    *(f"ok: app{n} healthy, the proxy started after it" for n in (1, 2, 3)),
    "ok: nginx reaches the three replicas",
    "ok: the map page draws its chart through the proxy",
    "ok: the websocket goes through nginx",
    "ok: the JavaScript comes from nginx",
    "ok: the browser's requests to the app all went to its replica",
    "ok: the import on dashboard-app",
    "ok: the deck's PDF and PowerPoint files are written",
    "all checks passed",
]


def _docker_answers() -> bool:
    return subprocess.run(["docker", "info"], capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def docker_engine(tmp_path_factory):
    """The Docker daemon, started if it is not running (stopped again at the end)."""
    for tool in ("docker", "dockerd"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"no {tool}: run .ci/install-system-deps.sh (it sets up Docker)")
    if _docker_answers():
        started = None
    else:
        log = tmp_path_factory.mktemp("dockerd") / "dockerd.log"
        with open(log, "wb") as out:
            started = subprocess.Popen(["dockerd"], stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not _docker_answers():
            if started.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dockerd did not start; see {log}")
            time.sleep(1)
    if subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0:
        raise RuntimeError("no Compose v2 plugin: run deploy/containers/dev-machine-setup.sh docker")
    yield
    if started is not None:
        started.terminate()
        started.wait(timeout=60)


def test_the_container_files_build_and_run_as_shipped(docker_engine):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-m", "deploy.containers_check", "--engine", "docker", "--stand-in-bases",
         "--port", str(free_port())],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-6000:]
    missing = [line for line in EXPECTED if line not in out]
    assert not missing, f"not reported as passed: {missing}\n{out[-4000:]}"
