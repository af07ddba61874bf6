"""Build the container images (deploy/Containerfile) and run deploy/compose.yaml, then check the stack as a browser
sees it: PostgreSQL, the schema built by the `migrate` service, three replicas behind nginx on port 8080.

    PYTHONPATH=. .venv/bin/python -m deploy.containers_check [--engine docker] [--stand-in-bases] [--keep] [--port 8080]

What it checks (and prints, one line each; exit 1 at the first failure):
- the proxy answers, the HTML shell and the hashed JavaScript come from nginx (`X-Served-By: nginx-static`), the
  JavaScript precompressed (gzip) with a year's cache;
- each of the three replicas is reached through nginx (route cookies that hash to each one);
- in Chromium, the map page draws its chart through the proxy (the websocket), and every request a browser makes
  of the app goes to its own replica (sticky);
- an import run on one replica (`python -m data.importer` in its container) is drawn by a browser on another
  replica within a few seconds (the caches key on the data version, docs/DEPLOY.md);
- the collegium deck (PDF and PowerPoint) is exported in a replica's container (`python -m deck export --live`:
  kaleido with the image's Chromium and fonts).

Needs podman with podman-compose, or docker with Compose v2 (`--engine docker`), and Playwright with
/usr/bin/chromium (the dev venv). Where no registry can be reached (the development machine), `--stand-in-bases`
first builds local images under the three names the files ask for (python:3.11-slim-bookworm, nginx:1.22,
postgres:15) from Debian 12 by debootstrap (deploy/containers/stand-in/); the check then says so. The stack is
removed at the end (`--keep` leaves it running). `docker compose` starts the whole file at once and the check reads,
from the containers' state and the engine's events, that the file's conditions held (the migration started once the
database was healthy, the replicas once it had ended with status 0). podman 4.3 cannot wait for a service to be
healthy, so with podman the services are started in order: the database, the migration (to its end), then the
replicas and the proxy.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from deploy.probe import GABALA, MAP, SHOWN, import_csv

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "deploy" / "compose.yaml"
STAND_IN = ROOT / "deploy" / "containers" / "stand-in"
BASES = {  # the stand-in's file -> the name deploy/Containerfile and compose.yaml use
    "python.Containerfile": "docker.io/library/python:3.11-slim-bookworm",
    "nginx.Containerfile": "docker.io/library/nginx:1.22",
    "postgres.Containerfile": "docker.io/library/postgres:15",
}
CSV = import_csv("Container check")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
PROJECT = "dashboard"  # compose.yaml's name: containers dashboard_app1_1 ...


class CheckFailed(Exception):
    pass


def run(cmd: list[str], what: str, timeout: float = 1800, env: dict | None = None) -> str:
    """Run a command; its output on failure, in the exception."""
    started = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT)
    if proc.returncode != 0:
        tail = ((proc.stdout or "") + (proc.stderr or ""))[-4000:]
        raise CheckFailed(f"{what} failed (exit {proc.returncode}): {' '.join(cmd)}\n{tail}")
    print(f"  {what}: {time.monotonic() - started:.1f} s", flush=True)
    return proc.stdout or ""


def engine(wanted: str | None = None) -> tuple[str, list[str]]:
    """The container engine and its compose command (podman first, unless `wanted` names one)."""
    if wanted == "docker" and shutil.which("docker"):
        return "docker", ["docker", "compose"]
    if shutil.which("podman") and wanted in (None, "podman"):
        for compose in (["podman-compose"], [sys.executable, "-m", "podman_compose"]):
            found = shutil.which(compose[0]) and subprocess.run(compose + ["--version"], capture_output=True)
            if found and found.returncode == 0:
                return "podman", compose
        raise CheckFailed("podman is here but podman-compose is not (pip install podman-compose)")
    if shutil.which("docker"):
        return "docker", ["docker", "compose"]
    raise CheckFailed("no container engine (podman or docker)")


def stand_in_bases(tool: str) -> None:
    """Local images under the names of the registry's base images, from Debian 12 (debootstrap)."""
    with tempfile.TemporaryDirectory(prefix="stand-in-") as tmp:
        rootfs = Path(tmp) / "rootfs"
        run(["debootstrap", "--variant=minbase", "bookworm", str(rootfs), "http://deb.debian.org/debian"],
            "debootstrap bookworm (minbase)")  # fmt: skip
        tar = subprocess.Popen(["tar", "-C", str(rootfs), "-c", "."], stdout=subprocess.PIPE)
        imported = subprocess.run([tool, "import", "-", "localhost/bookworm-base:stand-in"], stdin=tar.stdout,
                                  capture_output=True, text=True)  # fmt: skip
        tar.wait()
        if imported.returncode != 0:
            raise CheckFailed(f"{tool} import failed: {imported.stderr[-2000:]}")
        context = Path(tmp) / "context"
        shutil.copytree(STAND_IN, context)
        # A network's own CAs (this machine's egress proxy inspects TLS): trusted inside the stand-in Python image.
        (context / "certs").mkdir()
        for crt in Path("/usr/local/share/ca-certificates").glob("*.crt"):
            shutil.copy(crt, context / "certs" / crt.name)
        for file, name in BASES.items():
            run([tool, "build", "-f", str(context / file), "-t", name, str(context)], f"stand-in {name}")


def compose_env(port: int) -> dict:
    env = dict(os.environ)
    env.setdefault("POSTGRES_PASSWORD", "container-check")
    env.setdefault("DASHBOARD_COOKIE_SECRET", "container-check-secret")
    env["DASHBOARD_PORT"] = str(port)
    return env


def wait_http(url: str, timeout: float = 180, headers: dict | None = None):
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=5) as r:
                return r.status, dict(r.headers), r.read()
        except Exception as exc:  # noqa: BLE001 - a stack still starting: retry until the deadline
            last = exc
            time.sleep(1)
    raise CheckFailed(f"{url} did not answer in {timeout:.0f} s: {last}")


def check(condition: bool, what: str) -> None:
    if not condition:
        raise CheckFailed(what)
    print(f"  ok: {what}", flush=True)


def container(compose: list[str], service: str, env: dict) -> str:
    """The id of a service's one container."""
    found = subprocess.run(compose + ["-f", str(COMPOSE), "ps", "-a", "-q", service], capture_output=True, text=True,
                           env=env, cwd=ROOT).stdout.split()  # fmt: skip
    if len(found) != 1:
        raise CheckFailed(f"expected one container of {service}, found {len(found)}")
    return found[0]


def state_of(tool: str, container_id: str) -> dict[str, str]:
    """A container's state as the engine reports it: Status, ExitCode, StartedAt, FinishedAt."""
    fmt = "{{.State.Status}}|{{.State.ExitCode}}|{{.State.StartedAt}}|{{.State.FinishedAt}}"
    out = subprocess.run([tool, "inspect", "-f", fmt, container_id], capture_output=True, text=True).stdout.strip()
    return dict(zip(("Status", "ExitCode", "StartedAt", "FinishedAt"), (out.split("|") + [""] * 4)[:4], strict=True))


def _instant(text: str) -> float:
    """An engine's RFC 3339 time in UTC (2026-12-08T00:41:43.123456789Z) as seconds since the epoch."""
    from datetime import datetime

    head, _, frac = text.removesuffix("Z").partition(".")
    return datetime.fromisoformat(head + "+00:00").timestamp() + float("0." + (frac or "0")[:6])


def first_healthy(tool: str, since: float) -> dict[str, float]:
    """When the engine first reported each container healthy since `since` (its events): container id -> seconds."""
    out = subprocess.run([tool, "events", "--since", str(int(since) - 1), "--until", str(int(time.time()) + 1),
                          "--filter", "event=health_status", "--format", "{{.TimeNano}} {{.Actor.ID}} {{.Status}}"],
                         capture_output=True, text=True).stdout  # fmt: skip
    found: dict[str, float] = {}
    for line in out.splitlines():
        nano, cid, *status = line.split()
        if status[-1:] == ["healthy"]:
            found.setdefault(cid, int(nano) / 1e9)
    return found


def up_by_conditions(tool: str, compose: list[str], env: dict) -> None:
    """`compose up` of the whole file, its `depends_on` conditions ordering the services; then, from the containers'
    state and the engine's events, that each service started only once what it waits for was done."""
    base = compose + ["-f", str(COMPOSE)]
    for target in ("app", "proxy"):
        run([tool, "build", "-f", "deploy/Containerfile", "--target", target, "-t", f"dashboard-{target}", "."],
            f"build the {target} image", env=env)  # fmt: skip
    since = time.time()
    run(base + ["up", "-d", "--no-build"], "compose up: every service, ordered by the file's conditions", env=env)
    ids = {s: container(compose, s, env) for s in ("db", "migrate", "app1", "app2", "app3", "proxy")}
    state = {s: state_of(tool, cid) for s, cid in ids.items()}
    healthy = first_healthy(tool, since)
    db_ok, migrate = healthy.get(ids["db"]), state["migrate"]
    check(db_ok is not None, "the database reported healthy by its health check (run by the engine)")
    check(migrate["Status"] == "exited" and migrate["ExitCode"] == "0", "the migration ran to its end, status 0")
    check(_instant(migrate["StartedAt"]) > db_ok,
          f"the migration started once the database was healthy ({_instant(migrate['StartedAt']) - db_ok:.1f} s "
          "after; service_healthy)")  # fmt: skip
    for service in ("app1", "app2", "app3"):
        app, app_ok = state[service], healthy.get(ids[service])
        check(app["Status"] == "running" and _instant(app["StartedAt"]) >= _instant(migrate["FinishedAt"]),
              f"{service} started once the migration had ended (service_completed_successfully)")  # fmt: skip
        check(app_ok is not None and _instant(state["proxy"]["StartedAt"]) > app_ok,
              f"{service} healthy, the proxy started after it (service_healthy)")  # fmt: skip


def up(tool: str, compose: list[str], env: dict) -> None:
    """The services in order: the database, the migration to its end, the replicas and the proxy."""
    base = compose + ["-f", str(COMPOSE)]
    # Each image once (`compose build` builds the app's image once per service: podman-compose 1.6 ran the four
    # builds at once, 408 s against 137 s), under the names compose.yaml gives them.
    for target in ("app", "proxy"):
        run([tool, "build", "-f", "deploy/Containerfile", "--target", target, "-t", f"dashboard-{target}", "."],
            f"build the {target} image", env=env)  # fmt: skip
    run(base + ["up", "-d", "--no-build", "db"], "start PostgreSQL", env=env)
    deadline = time.monotonic() + 120
    while subprocess.run([tool, "exec", f"{PROJECT}_db_1", "pg_isready", "-U", "dashboard"],
                         capture_output=True).returncode != 0:  # fmt: skip
        if time.monotonic() > deadline:
            raise CheckFailed("PostgreSQL did not become ready in 120 s")
        time.sleep(1)
    run(base + ["run", "--rm", "migrate"], "migrate: schema and reference data", env=env)
    run(base + ["up", "-d", "--no-deps", "--no-build", "app1", "app2", "app3", "proxy"], "start 3 replicas and nginx",
        env=env)  # fmt: skip


def replica_of(base: str, route: str) -> str:
    _, headers, _ = wait_http(f"{base}/_stcore/health", 30, {"Cookie": f"dashboard_route={route}"})
    return headers["X-Dashboard-Replica"]


def browser_checks(tool: str, base: str) -> None:
    from playwright.sync_api import sync_playwright

    routes: dict[str, str] = {}
    for i in range(200):
        routes.setdefault(replica_of(base, f"route{i}"), f"route{i}")
        if len(routes) == 3:
            break
    check(len(routes) == 3, f"nginx reaches the three replicas ({', '.join(sorted(routes))})")
    writer_route, reader_route = list(routes.values())[:2]
    writer_replica, reader_replica = list(routes)[:2]

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
        context.add_cookies([{"name": "dashboard_route", "value": reader_route, "url": base}])
        page = context.new_page()
        responses: list[tuple[str, dict]] = []
        sockets: list[str] = []
        page.on("response", lambda r: responses.append((r.url, r.all_headers())))
        page.on("websocket", lambda ws: sockets.append(ws.url))

        def draw() -> str:
            page.goto(f"{base}{MAP}", timeout=120_000)
            page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=120_000)
            page.wait_for_function(f"() => ({GABALA})().length > 0", timeout=120_000)
            return page.evaluate(GABALA)[0]

        before = draw()
        check(SHOWN not in before, "the map page draws its chart through the proxy")
        check(any(u.startswith(base.replace("http", "ws") + "/_stcore/stream") for u in sockets),
              "the websocket goes through nginx")  # fmt: skip
        assets = [(u, h) for u, h in responses if re.search(r"/static/js/[^/]+\.js$", u)]
        check(bool(assets) and all(h.get("x-served-by") == "nginx-static" for _, h in assets),
              f"the JavaScript comes from nginx ({len(assets)} files)")  # fmt: skip
        check(all("immutable" in h.get("cache-control", "") for _, h in assets), "with a year's cache (immutable)")
        check(any(h.get("content-encoding") == "gzip" for _, h in assets), "compressed (gzip)")
        seen = {h["x-dashboard-replica"] for _, h in responses if "x-dashboard-replica" in h}
        check(seen == {reader_replica}, f"the browser's requests to the app all went to its replica {reader_replica}"
              f" (seen: {', '.join(sorted(seen))})")  # fmt: skip
        check(page.locator('[data-testid="stException"]').count() == 0, "no exception on the page")

        # The import, run on the writer's replica (its container), seen by the reader's.
        container = container_of(tool, writer_replica)
        subprocess.run([tool, "exec", "-i", container, "sh", "-c", "cat > /tmp/check.csv"], input=CSV.encode(),
                       check=True)  # fmt: skip
        run([tool, "exec", container, ".venv/bin/python", "-m", "data.importer", "/tmp/check.csv", "--lang", "en",
             "--user", "containers_check"], f"import through {container}")  # fmt: skip
        committed, drawn = time.monotonic(), None
        while drawn is None and time.monotonic() - committed < 30:
            if SHOWN in draw():
                drawn = time.monotonic() - committed
        check(drawn is not None, f"the import on {container} is drawn through the replica {reader_replica}")
        print(f"  the new value was drawn {drawn:.1f} s after the import's commit", flush=True)
        browser.close()

    # The collegium deck, exported in a replica's container (kaleido with the image's Chromium and fonts).
    container = container_of(tool, reader_replica)
    today = time.strftime("%Y-%m-%d")
    run([tool, "exec", container, ".venv/bin/python", "-m", "deck", "export", "--meeting", today, "--lang", "en",
         "--out", "/tmp/deck", "--live"], f"the collegium deck exported in {container}")  # fmt: skip
    heads = run([tool, "exec", container, "sh", "-c", f"head -c 4 /tmp/deck/collegium_{today}_en.pdf; echo; "
                 f"head -c 2 /tmp/deck/collegium_{today}_en.pptx"], "read the deck's files")  # fmt: skip
    check(heads.split() == ["%PDF", "PK"], "the deck's PDF and PowerPoint files are written")


def container_of(tool: str, address: str) -> str:
    """The container with this address (nginx names the upstream by its resolved address)."""
    ip = address.rsplit(":", 1)[0]
    for n in (1, 2, 3):
        out = subprocess.run([tool, "inspect", "-f", "{{.Name}} {{range .NetworkSettings.Networks}}{{.IPAddress}} "
                              "{{end}}", f"{PROJECT}_app{n}_1" if tool == "podman" else f"{PROJECT}-app{n}-1"],
                             capture_output=True, text=True).stdout.split()  # fmt: skip
        if ip in out[1:]:
            return out[0].lstrip("/")
    raise CheckFailed(f"no replica container has the address {address}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stand-in-bases", action="store_true", help="build local base images (no registry)")
    parser.add_argument("--keep", action="store_true", help="leave the stack running")
    parser.add_argument("--port", type=int, default=8080, help="the proxy's port on the host (compose.yaml: 8080)")
    parser.add_argument("--engine", choices=["podman", "docker"], help="the engine to use (default: podman if here)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    tool, compose = engine(args.engine)
    env = compose_env(args.port)
    bases = "stand-ins built now" if args.stand_in_bases else "as the engine finds them (local images or the registry)"
    print(f"engine: {tool} ({' '.join(compose)}), base images: {bases}")
    try:
        if args.stand_in_bases:
            stand_in_bases(tool)
        (up_by_conditions if tool == "docker" else up)(tool, compose, env)
        base = f"http://127.0.0.1:{args.port}"
        status, headers, _ = wait_http(f"{base}/_stcore/health")
        check(status == 200 and "X-Dashboard-Replica" in headers, "the replicas answer through the proxy")
        _, headers, body = wait_http(f"{base}/")
        check(headers.get("X-Served-By") == "nginx-static" and b"<html" in body.lower(), "the HTML shell from nginx")
        browser_checks(tool, base)
        print(f"all checks passed in {time.monotonic() - started:.0f} s")
        return 0
    except Exception as exc:  # noqa: BLE001 - any failure, a browser's time-out included: message and logs
        print(f"FAILED: {exc}", file=sys.stderr)
        subprocess.run(compose + ["-f", str(COMPOSE), "logs", "--tail", "30"], env=env, cwd=ROOT)
        return 1
    finally:
        if not args.keep:
            subprocess.run(compose + ["-f", str(COMPOSE), "down", "-v"], env=env, cwd=ROOT, capture_output=True)


if __name__ == "__main__":
    sys.exit(main())
