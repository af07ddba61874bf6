"""The production topology on one machine: nginx in front of N Streamlit replicas, all on one PostgreSQL.

    python -m deploy.topology serve [--replicas 3] [--port 8080] [--tls] [--database-url URL]
        a trial on loopback (what `make serve` runs): a throw-away PostgreSQL built from the reference data
        (unless --database-url), the replicas, nginx; Ctrl-C stops everything.
    python -m deploy.topology render --replica 127.0.0.1:8601 ... [--static-root DIR] [--listen LINES]
        prints the nginx configuration (http{} context) for a server, from deploy/nginx/dashboard.conf.in.

The pieces (`render`, `Postgres`, `Replica`, `Nginx`) are also what tests/deploy/ starts. See docs/DEPLOY.md.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import streamlit

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx" / "dashboard.conf.in"
STREAMLIT_STATIC = Path(streamlit.__file__).resolve().parent / "static"
APP_STATIC = ROOT / "static"  # served by Streamlit at /app/static/ (server.enableStaticServing)
COMPRESSIBLE = {".js", ".css", ".json", ".svg", ".txt", ".html", ".map", ".ttf", ".wasm"}
LOOPBACK_LISTEN = "    listen 127.0.0.1:{port};\n    server_name localhost;"
TLS_LISTEN = (
    "    listen 127.0.0.1:{port} ssl;\n    server_name localhost;\n"
    "    ssl_certificate     {cert};\n    ssl_certificate_key {key};\n    ssl_protocols TLSv1.2 TLSv1.3;"
)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def render(replicas: list[str], listen: str, static_root: Path = STREAMLIT_STATIC) -> str:
    """The nginx site configuration for `replicas` (host:port), with `listen` lines, serving `static_root`."""
    servers = "\n".join(f"    server {r} max_fails=1 fail_timeout=5s;" for r in replicas)
    text = TEMPLATE.read_text(encoding="utf-8")
    return text.replace("@REPLICAS@", servers).replace("@LISTEN@", listen).replace("@STATIC_ROOT@", str(static_root))


def _gzip_beside(path: Path) -> None:
    """path.gz beside a compressible file of at least 1 kB, with the same modification time (gzip_static)."""
    if path.is_file() and path.suffix in COMPRESSIBLE and path.stat().st_size >= 1024:
        with path.open("rb") as f_in, gzip.open(f"{path}.gz", "wb", compresslevel=9) as f_out:
            shutil.copyfileobj(f_in, f_out)
        os.utime(f"{path}.gz", (path.stat().st_atime, path.stat().st_mtime))


def sync_app_static(dst: Path, src: Path = APP_STATIC) -> None:
    """The app's own static files (static/: the map's facility sprite, served by Streamlit at /app/static/) copied
    to dst/app/static/ with their .gz, so that nginx serves them from disk (its `location /` tries the file before
    the replicas) instead of every first visit asking a replica for them. Files that changed are copied again,
    files gone are removed."""
    target = dst / "app" / "static"
    wanted = {p.relative_to(src) for p in src.rglob("*") if p.is_file()} if src.is_dir() else set()
    for rel in wanted:
        s, d = src / rel, target / rel
        if not d.exists() or d.read_bytes() != s.read_bytes():
            d.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(s, d)
            _gzip_beside(d)
    if target.is_dir():
        for p in target.rglob("*"):
            rel = p.relative_to(target)
            if p.is_file() and rel not in wanted and rel.with_suffix("") not in wanted:
                p.unlink()


def precompress(src: Path = STREAMLIT_STATIC, dst: Path | None = None, app_static: Path = APP_STATIC) -> Path:
    """A copy of Streamlit's front end with a .gz beside every compressible file (nginx's gzip_static then
    sends it without compressing on every visit), and the app's own static files under app/static/. The front end
    is copied once per Streamlit version, the app's files whenever they changed; returns the copy."""
    dst = dst or ROOT / "var" / "static" / streamlit.__version__
    stamp = dst / ".complete"
    if not stamp.exists():
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(src, dst)
        for path in dst.rglob("*"):
            _gzip_beside(path)
        stamp.touch()
    sync_app_static(dst, app_static)
    return dst


def _wait_http(url: str, proc: subprocess.Popen, what: str, log: Path, timeout: float = 90) -> None:
    """Wait until `url` answers 200, failing with the log's tail if `proc` exits or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with code {proc.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{what} did not answer {url} within {timeout:.0f} s:\n{_tail(log)}")


def _tail(path: Path, chars: int = 4000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return "<no log>"


def _stop(proc: subprocess.Popen | None, timeout: float = 10) -> None:
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Postgres:
    """A throw-away PostgreSQL on a loopback port (initdb + pg_ctl; as `postgres` when run by root)."""

    def __init__(self, base: Path) -> None:
        initdb = shutil.which("initdb") or max(Path("/usr/lib/postgresql").glob("*/bin/initdb"), default=None)
        if not initdb:
            raise RuntimeError("PostgreSQL not found (initdb): run `bash .ci/install-system-deps.sh`")
        self.bindir = Path(initdb).resolve().parent
        self.base = base
        self.port = free_port()
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        cmd = ["runuser", "-u", "postgres", "--", *args] if self.as_root else list(args)
        done = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{' '.join(args[:2])} failed:\n{done.stdout}{done.stderr}")

    def start(self, dbname: str = "dashboard") -> str:
        """Start the server and create `dbname`; returns its SQLAlchemy URL."""
        self.base.mkdir(parents=True, exist_ok=True)
        data, sock = self.base / "data", self.base / "sock"
        if self.as_root:
            user = pwd.getpwnam("postgres")
            os.chown(self.base, user.pw_uid, user.pw_gid)
        self._run(str(self.bindir / "initdb"), "--auth=trust", "-U", "postgres", "-D", str(data),
                  "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        self._run("mkdir", "-p", str(sock))
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {sock} -c fsync=off -c synchronous_commit=off"
        self._run(str(self.bindir / "pg_ctl"), "-w", "-D", str(data), "-l", str(self.base / "server.log"),
                  "-o", options, "start")  # fmt: skip
        self._run(str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", dbname)
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{dbname}"

    def stop(self) -> None:
        """Stop the server and remove its files."""
        with contextlib.suppress(RuntimeError):
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.base / "data"), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.base, ignore_errors=True)


class Replica:
    """One `streamlit run app.py` (or `script`, with the app's settings) on a loopback port, reading
    `database_url`."""

    def __init__(
        self,
        port: int,
        database_url: str,
        logs: Path,
        cookie_secret: str,
        env: dict | None = None,
        args: tuple[str, ...] = (),
        script: Path = ROOT / "app.py",
    ) -> None:
        self.port, self.database_url, self.cookie_secret = port, database_url, cookie_secret
        self.script = script  # the app; the load benchmark also runs a one-chart page with the same settings
        self.log = logs / f"replica-{port}.log"
        self.env = env or {}
        self.args = args  # more `streamlit run` options, e.g. ("--secrets.files", PATH) for a provider
        self.proc: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {
            **os.environ,
            **self.env,
            "DATABASE_URL": self.database_url,
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
            # One secret for all replicas: signed cookies (XSRF, sign-in) stay valid whichever replica reads them.
            "STREAMLIT_SERVER_COOKIE_SECRET": self.cookie_secret,
            # The client's address for the audit trail comes from nginx's X-Forwarded-For (data/config.py).
            "TRUSTED_PROXY": "1",
            # nginx listens on 127.0.0.1 in this trial: without a provider the replicas may run in local mode.
            "PROXY_ON_LOOPBACK": "1",
            "PYTHONUNBUFFERED": "1",
        }
        cmd = [sys.executable, "-m", "streamlit", "run", str(self.script), "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(self.port),
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", *self.args]  # fmt: skip
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(
                cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )

    def wait(self) -> None:
        _wait_http(f"http://{self.address}/_stcore/health", self.proc, f"replica {self.port}", self.log)

    def stop(self) -> None:
        _stop(self.proc)


class Nginx:
    """nginx in the foreground with its own prefix directory (pid, logs, temp files), rendered configuration."""

    def __init__(self, port: int, replicas: list[str], base: Path, static_root: Path = STREAMLIT_STATIC,
                 tls: bool = False) -> None:  # fmt: skip
        self.port, self.replicas, self.base, self.static_root, self.tls = port, replicas, base, static_root, tls
        self.proc: subprocess.Popen | None = None
        self.log = base / "error.log"

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def _certificate(self) -> tuple[Path, Path]:
        """A self-signed certificate for localhost (the trial only; a server uses the ministry's)."""
        cert, key = self.base / "localhost.crt", self.base / "localhost.key"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "7", "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        return cert, key

    def write_config(self) -> Path:
        self.base.mkdir(parents=True, exist_ok=True)
        if self.tls:
            cert, key = self._certificate()
            listen = TLS_LISTEN.format(port=self.port, cert=cert, key=key)
        else:
            listen = LOOPBACK_LISTEN.format(port=self.port)
        (self.base / "dashboard.conf").write_text(render(self.replicas, listen, self.static_root), encoding="utf-8")
        temp = self.base / "temp"
        temp.mkdir(exist_ok=True)
        user = ""
        if os.geteuid() == 0:  # workers drop to www-data: they must be able to write their temp files
            user = "user www-data;"
            www = pwd.getpwnam("www-data")
            os.chown(temp, www.pw_uid, www.pw_gid)
        main = f"""{user}
worker_processes 1;
daemon off;
pid {self.base / "nginx.pid"};
error_log {self.log} warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    types {{ application/javascript mjs; }}
    access_log {self.base / "access.log"};
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {self.base / "dashboard.conf"};
}}
"""
        path = self.base / "nginx.conf"
        path.write_text(main, encoding="utf-8")
        return path

    def start(self) -> None:
        conf = self.write_config()
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        test = subprocess.run([nginx, "-t", "-c", str(conf), "-e", str(self.log)], capture_output=True, text=True)
        if test.returncode:
            raise RuntimeError(f"nginx configuration rejected:\n{test.stderr}")
        with open(self.base / "stdout.log", "wb") as out:
            self.proc = subprocess.Popen(
                [nginx, "-c", str(conf), "-e", str(self.log)], stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )  # fmt: skip
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nginx exited with code {self.proc.returncode}:\n{_tail(self.log)}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"nginx did not listen on {self.port}:\n{_tail(self.log)}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # graceful: finish the requests in flight
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def build(database_url: str) -> None:
    """Migrate and load the reference data once, before any replica starts (replicas then find it current)."""
    from data.db import make_engine
    from data.loader import build_database

    engine = make_engine(database_url)
    try:
        build_database(engine)
    finally:
        engine.dispose()


def _interrupt(*_args) -> None:
    raise KeyboardInterrupt


def serve(replicas: int, port: int, tls: bool, database_url: str | None, precompressed: bool) -> None:
    """Start the trial topology and wait until interrupted."""
    base = Path(tempfile.mkdtemp(prefix="dashboard-serve-"))
    os.chmod(base, 0o755)
    pg = None
    started: list = []
    try:
        if database_url is None:
            pg = Postgres(base / "pg")
            database_url = pg.start()
            print(f"PostgreSQL: {database_url}", flush=True)
        build(database_url)
        secret = secrets.token_hex(32)
        reps = [Replica(free_port(), database_url, base, secret) for _ in range(replicas)]
        for r in reps:
            r.start()
            started.append(r)
        for r in reps:
            r.wait()
            print(f"replica: http://{r.address} (log {r.log})", flush=True)
        static = precompress() if precompressed else STREAMLIT_STATIC
        proxy = Nginx(port, [r.address for r in reps], base / "nginx", static, tls=tls)
        proxy.start()
        started.append(proxy)
        print(f"\nThe dashboard: {proxy.url}/   ({replicas} replicas behind nginx; Ctrl-C stops all)", flush=True)
        signal.signal(signal.SIGTERM, _interrupt)
        while all(p.proc.poll() is None for p in started):
            time.sleep(1)
        print("a process of the topology exited; stopping the others", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        for p in reversed(started):
            p.stop()
        if pg is not None:
            pg.stop()
        shutil.rmtree(base, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="nginx + replicas + a throw-away PostgreSQL on loopback")
    s.add_argument("--replicas", type=int, default=int(os.environ.get("REPLICAS", "3")))
    s.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
    s.add_argument("--tls", action="store_true", help="HTTPS with a self-signed certificate made on the fly")
    s.add_argument("--database-url", default=None, help="an existing PostgreSQL instead of a throw-away one")
    s.add_argument("--no-precompress", action="store_true", help="serve the package's files, gzip on the fly")
    r = sub.add_parser("render", help="print the nginx configuration (http{} context)")
    r.add_argument("--replica", action="append", required=True, help="host:port of a replica (repeat)")
    r.add_argument("--static-root", type=Path, default=STREAMLIT_STATIC)
    r.add_argument("--listen", default="    listen 80;\n    server_name _;", help="the listen/TLS lines")
    args = ap.parse_args(argv)
    if args.command == "render":
        print(render(args.replica, args.listen.replace("\\n", "\n"), args.static_root))
        return 0
    serve(args.replicas, args.port, args.tls, args.database_url, not args.no_precompress)
    return 0


if __name__ == "__main__":
    sys.exit(main())
