"""Writes the identity provider from the environment into a secrets file Streamlit reads (`make run`).

    python -m data.auth_settings var/auth.secrets.toml

With OIDC_SERVER_METADATA_URL set (and OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_COOKIE_SECRET,
OIDC_REDIRECT_URI), the file gets an `[auth]` section readable by its owner only; without it the file is
removed, so a stale provider never lingers. `.streamlit/secrets.toml` is the other way to configure it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from data.config import oidc_settings


def toml(settings: dict[str, str]) -> str:
    """The `[auth]` section as TOML (values as JSON strings, which TOML accepts as basic strings)."""
    return "[auth]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in settings.items())


def write(path: Path) -> bool:
    """Write (or remove) the secrets file; True when a provider is configured."""
    settings = oidc_settings()
    if settings is None:
        path.unlink(missing_ok=True)
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(toml(settings))
    os.chmod(path, 0o600)
    return True


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "var/auth.secrets.toml")
    try:
        configured = write(target)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        raise SystemExit(2) from e
    print("identity provider: from the environment" if configured else "identity provider: none in the environment")
