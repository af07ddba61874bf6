"""Fixtures of the sign-in tests: a real OpenID Connect provider on loopback (oidc-provider-mock), the app
started with secrets pointing at it, and the app started on a non-loopback address without a provider."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import APP_START_TIMEOUT_S, ROOT, _tail, build_sqlite_database, free_port

# The users the provider offers (predefined: one click on its authorization form) and what the database gives
# them. The analyst's region is the one with the most districts, so that the checks have rows to look at.
PEOPLE = {
    "lead-1": {"email": "lala@example.org", "name": "Lala Leader", "roles": ["leadership"]},
    "analyst-1": {"email": "anar@example.org", "name": "Anar Analyst", "roles": ["analyst"]},
    "steward-1": {"email": "samira@example.org", "name": "Samira Steward", "roles": ["steward"]},
    "admin-1": {"email": "adil@example.org", "name": "Adil Admin", "roles": ["admin"]},
    "nobody-1": {"email": "nigar@example.org", "name": "Nigar Newcomer", "roles": []},
    "temp-1": {"email": "tural@example.org", "name": "Tural Temporary", "roles": []},  # given a role by the admin
    # No role in the database: leadership comes from the provider's groups claim (GROUPS below), as long as the
    # claim carries the group (the test changes the provider's claims for this user).
    "group-1": {"email": "gulnar@example.org", "name": "Gulnar Group", "roles": [], "groups": ["dash-leadership"]},
}
# The `[access]` mapping of the app's secrets: the groups claim and the provider's group of each role.
GROUPS = {"groups_claim": "groups", "leadership": ["dash-leadership"], "analyst": ["dash-analysts"]}


def provider_claims(sub: str) -> dict:
    """The claims the provider issues for one of PEOPLE."""
    p = PEOPLE[sub]
    return {
        "email": p["email"],
        "name": p["name"],
        "email_verified": True,
        **({"groups": p["groups"]} if "groups" in p else {}),
    }


@contextlib.contextmanager
def running_app(
    db_url: str, logs: Path, address: str = "127.0.0.1", args: tuple[str, ...] = (), port: int | None = None
):
    """`streamlit run app.py` bound to `address` on `port` (default: a free one); yields the base URL, always
    through 127.0.0.1."""
    port = port or free_port()
    env = {**os.environ, "DATABASE_URL": db_url, "PYTHONUNBUFFERED": "1", "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "0"}
    env.pop("OIDC_SERVER_METADATA_URL", None)
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.headless", "true",
        "--server.address", address,
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        *args,
    ]  # fmt: skip
    logs.mkdir(parents=True, exist_ok=True)
    with open(logs / "stdout.log", "wb") as out, open(logs / "stderr.log", "wb") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + APP_START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited ({proc.returncode}):\n{_tail(logs / 'stderr.log')}")
            with contextlib.suppress(OSError), urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not come up:\n{_tail(logs / 'stderr.log')}")
            time.sleep(0.25)
        yield base
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="session")
def oidc_provider():
    """A real OpenID Connect provider on loopback; yields its base URL."""
    from oidc_provider_mock import User, run_server_in_thread

    claims = [User(sub=sub, claims=provider_claims(sub)) for sub in PEOPLE]
    with run_server_in_thread(port=0, user_claims=claims) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="session")
def auth_db(tmp_path_factory):
    """A fresh database with the test users, their roles and the analyst's region; yields (url, engine, region)."""
    from data import audit, queries, users

    engine = build_sqlite_database(tmp_path_factory.mktemp("auth-db") / "auth.sqlite3")
    districts = queries.districts(engine)
    region = districts["economic_region_code"].value_counts().index[0]
    setup = audit.Actor(None, "test setup", "local")
    for sub, p in PEOPLE.items():
        users.add(engine, setup, sub, p["email"], p["name"])
        if p["roles"]:
            users.grant(engine, setup, sub, p["roles"])
    users.set_regions(engine, setup, "analyst-1", [region])
    yield engine.url.render_as_string(hide_password=False), engine, region
    engine.dispose()


@pytest.fixture(scope="session")
def oidc_app(oidc_provider, auth_db, tmp_path_factory):
    """The app with an identity provider configured in a secrets file (the `[auth]` section); yields its URL."""
    url, _engine, _region = auth_db
    port = free_port()
    work = tmp_path_factory.mktemp("oidc-app")
    secrets_file = work / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "social-dashboard"\n'
        'client_secret = "test-client-secret"\n'
        f'server_metadata_url = "{oidc_provider}/.well-known/openid-configuration"\n'
        "[access]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in GROUPS.items()),
        encoding="utf-8",
    )
    with running_app(url, work / "logs", args=("--secrets.files", str(secrets_file)), port=port) as base:
        yield base


@pytest.fixture(scope="session")
def exposed_app(tmp_path_factory):
    """The app without an identity provider bound to all interfaces (0.0.0.0), reached through 127.0.0.1;
    yields (base URL, database engine)."""
    from data.db import make_engine

    work = tmp_path_factory.mktemp("exposed-app")
    engine = build_sqlite_database(work / "exposed.sqlite3")
    url = engine.url.render_as_string(hide_password=False)
    with running_app(url, work / "logs", "0.0.0.0") as base:
        yield base, make_engine(url)
    engine.dispose()
