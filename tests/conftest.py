"""Shared fixtures: reference databases (SQLite, PostgreSQL), the running app, and a headless Chromium.

Policy: the PostgreSQL and browser tests never skip. When initdb or Chromium cannot be found, or a
server does not come up, the fixture raises and the tests ERROR (a skip would hide a broken CI).
`data.loader` and `data.db` are imported inside the fixtures so that collection works even while
those modules are being changed.

Fixtures
    reference_engine          session  SQLAlchemy Engine: fresh SQLite DB, build_database(demo=True)
    pg_server                 session  str URL prefix "postgresql+psycopg://postgres@127.0.0.1:PORT"
    pg_database               function factory pg_database(prefix="test") -> URL of a new, empty database
    pg_engine                 session  SQLAlchemy Engine: fresh PostgreSQL DB, build_database(demo=True)
    app_database_url          session  str sqlite URL of the DB the app server uses (built once)
    app_server                session  str base URL "http://127.0.0.1:PORT" of `streamlit run app.py`
    chromium_browser          session  playwright Browser (system Chromium, headless)
    browser_page_factory      function factory make(locale=DEFAULT_LOCALE, width=1400, height=1000) -> Page
    browser_page              function playwright Page (locale via indirect parametrisation)
    screenshot_dir            session  Path test-artifacts/screenshots/
Pages from browser_page(_factory) carry `page.request_log` (every URL requested) and
`page.external_requests()` (those whose host is not 127.0.0.1/localhost; they are also blocked).
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS_DIR = ROOT / "test-artifacts"
SCREENSHOT_DIR = ARTIFACTS_DIR / "screenshots"

DEFAULT_LOCALE = "az-AZ"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
APP_START_TIMEOUT_S = 60


# --------------------------------------------------------------------------------------------------
# Never skip the PostgreSQL / browser tests
# --------------------------------------------------------------------------------------------------

_PG_FIXTURES = {"pg_server", "pg_database", "pg_engine"}
_BROWSER_FIXTURES = {"chromium_browser", "browser_page", "browser_page_factory"}
_NEVER_SKIP = ("postgres", "browser")


def pytest_collection_modifyitems(config, items):
    """Mark tests by the fixtures they use, so `-m postgres` / `-m browser` select them all."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & _PG_FIXTURES:
            item.add_marker(pytest.mark.postgres)
        if fixtures & _BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Turn a skip of a postgres/browser test into a failure; remember outcomes for screenshots."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    marked = any(item.get_closest_marker(name) for name in _NEVER_SKIP)
    if marked and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"postgres/browser tests must not be skipped (a skip counts as a failed run): {reason}"
    return report


# --------------------------------------------------------------------------------------------------
# Small utilities
# --------------------------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_sqlite_database(path: Path):
    """A fresh SQLite database at `path`, migrated and loaded with reference + demonstration data."""
    from data.db import make_engine
    from data.loader import build_database

    engine = make_engine(f"sqlite:///{path}")
    build_database(engine, demo=True)
    return engine


def _tail(path: Path, chars: int = 6000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return "<no output>"


# --------------------------------------------------------------------------------------------------
# SQLite
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def reference_engine(tmp_path_factory):
    """The reference SQLite database (schema, reference data, demonstration series). Read-only use."""
    engine = build_sqlite_database(tmp_path_factory.mktemp("reference-db") / "reference.sqlite3")
    yield engine
    engine.dispose()


# --------------------------------------------------------------------------------------------------
# PostgreSQL: a throw-away server per test session
# --------------------------------------------------------------------------------------------------


def find_pg_bin(name: str) -> str | None:
    """`name` (initdb, pg_ctl) on PATH or in the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found

    def version(path: str) -> tuple[int, ...]:
        return tuple(int(p) for p in re.findall(r"\d+", Path(path).parent.parent.name))

    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version)
    return candidates[-1] if candidates else None


class PostgresServer:
    """initdb + pg_ctl start on a free port; stop() is idempotent and also registered with atexit."""

    def __init__(self) -> None:
        initdb = find_pg_bin("initdb")
        if not initdb:
            raise RuntimeError(
                "PostgreSQL not found: no initdb on PATH or in /usr/lib/postgresql/*/bin "
                "(run `bash .ci/install-system-deps.sh`, which installs postgresql-15)"
            )
        # pg_ctl from the same installation as initdb (/usr/local/bin/initdb may be a symlink).
        bindir = Path(initdb).resolve().parent
        self.initdb = str(bindir / "initdb")
        self.pg_ctl = str(bindir / "pg_ctl")
        self.port: int | None = None
        self._started = False
        # Not tmp_path_factory: pytest's base temp dir is mode 0700 and owned by root, so the
        # unprivileged account could not reach a data directory inside it. /tmp is world-traversable.
        self.base = Path(tempfile.mkdtemp(prefix="pgtest-"))
        self.data = self.base / "data"
        self.sockets = self.base / "sock"  # short path: unix socket names are limited to ~107 bytes
        self.log = self.base / "server.log"
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        """Run a PostgreSQL program as an unprivileged account when we are root (initdb/pg_ctl refuse root)."""
        cmd = ["runuser", "-u", self.account, "--", *args] if self.as_root else list(args)
        return subprocess.run(cmd, cwd=self.base, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)

    @property
    def account(self) -> str:
        """The existing account that runs the server when we are root: `postgres` where Debian's package created
        it, else `nobody` (on every Debian system). No account is ever created on the host (docs/ARCHITECTURE.md)."""
        for name in (os.environ.get("PGTEST_ACCOUNT", ""), "postgres", "nobody"):
            if name:
                try:
                    pwd.getpwnam(name)
                except KeyError:
                    continue
                return name
        raise RuntimeError("no unprivileged account to run PostgreSQL as (neither postgres nor nobody exists)")

    def start(self) -> str:
        self.data.mkdir(mode=0o700)
        self.sockets.mkdir()
        if self.as_root:
            user = pwd.getpwnam(self.account)
            for path in (self.base, self.data, self.sockets):
                os.chown(path, user.pw_uid, user.pw_gid)

        init = self._run(
            self.initdb, "--auth=trust", "-U", "postgres", "-D", str(self.data),
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        if init.returncode != 0:
            raise RuntimeError(f"initdb failed ({init.returncode}):\n{init.stdout}\n{init.stderr}")

        errors = []
        for _attempt in range(3):  # a "free" port can be taken in between: retry on another one
            port = free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -p {port} -k {self.sockets} "
                "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
            )
            # -l: the server logs to a file, so it does not hold our pipes open (run() would hang).
            started = self._run(
                self.pg_ctl, "-w", "-t", "60", "-D", str(self.data), "-l", str(self.log), "-o", options, "start"
            )
            if started.returncode == 0:
                self.port = port
                self._started = True
                atexit.register(self.stop)  # in case the session dies before the fixture teardown
                return self.url
            errors.append(f"port {port}: {started.stdout}{started.stderr}")
        raise RuntimeError("pg_ctl start failed:\n" + "\n".join(errors) + "\nserver log:\n" + _tail(self.log))

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self._started:
            self._started = False
            self._run(self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server():
    """URL prefix of a running throw-away PostgreSQL server; append "/DBNAME"."""
    from sqlalchemy import create_engine

    server = PostgresServer()
    try:
        url = server.start()
        # Fail here, clearly, if the server does not answer.
        probe = create_engine(f"{url}/postgres")
        with probe.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        probe.dispose()
    except BaseException:
        server.stop()
        raise
    yield url
    server.stop()


def create_pg_database(server_url: str, prefix: str = "test") -> str:
    """CREATE DATABASE with a unique name on `server_url`; returns its URL."""
    from sqlalchemy import create_engine

    name = f"{re.sub(r'[^a-z0-9_]', '_', prefix.lower())}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(f"{server_url}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        admin.dispose()
    return f"{server_url}/{name}"


def drop_pg_database(url: str) -> None:
    """DROP DATABASE ... WITH (FORCE): also ends connections a test left open."""
    from sqlalchemy import create_engine

    server_url, name = url.rsplit("/", 1)
    admin = create_engine(f"{server_url}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


@pytest.fixture
def pg_database(pg_server):
    """Factory: `url = pg_database()` makes a new empty database; all are dropped after the test."""
    created: list[str] = []

    def make(prefix: str = "test") -> str:
        url = create_pg_database(pg_server, prefix)
        created.append(url)
        return url

    yield make
    for url in created:
        drop_pg_database(url)


@pytest.fixture(scope="session")
def pg_engine(pg_server):
    """The reference database on PostgreSQL (built like reference_engine). Read-only use."""
    from data.db import make_engine
    from data.loader import build_database

    url = create_pg_database(pg_server, "reference")
    engine = make_engine(url)
    try:
        build_database(engine, demo=True)
        yield engine
    finally:
        engine.dispose()
        drop_pg_database(url)


# --------------------------------------------------------------------------------------------------
# The running app
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def app_database_url(tmp_path_factory) -> str:
    """The SQLite database the app server reads (built once per session)."""
    path = tmp_path_factory.mktemp("app-db") / "dashboard.sqlite3"
    build_sqlite_database(path).dispose()
    return f"sqlite:///{path}"


@contextlib.contextmanager
def run_app_server(database_url: str, logs: Path):
    """`streamlit run app.py` on a free loopback port (a fresh process); yields its base URL, stops it after."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "PYTHONUNBUFFERED": "1",
    }
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    # Output goes to files, not pipes: nobody reads a pipe while tests run and a full one blocks the app.
    with open(logs / "stdout.log", "wb") as out, open(logs / "stderr.log", "wb") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}"

    def stop() -> None:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    deadline = time.monotonic() + APP_START_TIMEOUT_S
    while True:
        if proc.poll() is not None:
            raise RuntimeError(
                f"streamlit exited with code {proc.returncode} before answering /_stcore/health:\n"
                f"{_tail(logs / 'stderr.log')}\n{_tail(logs / 'stdout.log', 2000)}"
            )
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            stop()
            raise RuntimeError(
                f"streamlit did not answer {base_url}/_stcore/health within {APP_START_TIMEOUT_S} s:\n"
                f"{_tail(logs / 'stderr.log')}\n{_tail(logs / 'stdout.log', 2000)}"
            )
        time.sleep(0.25)

    try:
        yield base_url
    finally:
        stop()


@pytest.fixture(scope="session")
def app_server(app_database_url, tmp_path_factory):
    """The app server of the session (run_app_server); yields its base URL."""
    with run_app_server(app_database_url, tmp_path_factory.mktemp("app-server")) as base_url:
        yield base_url


# --------------------------------------------------------------------------------------------------
# Chromium (system browser, driven by Playwright; pytest-playwright's fixtures are disabled)
# --------------------------------------------------------------------------------------------------


def chromium_path() -> str:
    """CHROMIUM_PATH, /usr/bin/chromium, or chromium on PATH; fails (never skips) when missing."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail(
        "Chromium not found (/usr/bin/chromium or `chromium` on PATH): run `bash .ci/install-system-deps.sh`. "
        "Never `playwright install`.",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def chromium_browser(_playwright):
    browser = _playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def is_external(url: str) -> bool:
    """True for a network URL whose host is not this machine (data:, blob:, about: are local)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https", "ws", "wss", "ftp"}:
        return False
    return (parts.hostname or "") not in LOCAL_HOSTS


@pytest.fixture
def browser_page_factory(chromium_browser, request, screenshot_dir):
    """Factory: `page = make(locale="en-US")`; each page has its own context, closed after the test.

    Every request URL is appended to `page.request_log`; `page.external_requests()` lists those that
    would leave the machine. External requests are recorded, then aborted (CI has no internet, and a
    hanging fetch would only slow the test down).
    """
    contexts = []

    def make(locale: str = DEFAULT_LOCALE, width: int = 1400, height: int = 1000):
        context = chromium_browser.new_context(viewport={"width": width, "height": height}, locale=locale)
        context.set_default_timeout(30_000)
        request_log: list[str] = []
        context.on("request", lambda req: request_log.append(req.url))
        context.route(is_external, lambda route: route.abort())
        page = context.new_page()
        page.on("websocket", lambda ws: request_log.append(ws.url))
        page.request_log = request_log
        page.external_requests = lambda: [url for url in request_log if is_external(url)]
        contexts.append(context)
        return page

    yield make

    # On failure keep a screenshot of every page the test opened.
    report = getattr(request.node, "rep_call", None)
    for i, context in enumerate(contexts):
        if report is not None and report.failed:
            for j, page in enumerate(context.pages):
                name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
                with contextlib.suppress(Exception):  # best effort, the test already failed
                    page.screenshot(path=str(screenshot_dir / f"FAILED-{name}-{i}{j}.png"))
        context.close()


@pytest.fixture
def browser_page(browser_page_factory, request):
    """A fresh page (viewport 1400x1000). Locale: DEFAULT_LOCALE, or indirect parametrisation:
    `@pytest.mark.parametrize("browser_page", ["en-US"], indirect=True)`."""
    return browser_page_factory(locale=getattr(request, "param", None) or DEFAULT_LOCALE)
