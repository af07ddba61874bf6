"""Local mode is only for a server nobody else can reach: loopback, and not behind a proxy others reach."""

from __future__ import annotations

import pytest

from app_pages.ui import auth


@pytest.mark.parametrize(
    ("address", "proxy", "proxy_on_loopback", "expected"),
    [
        ("127.0.0.1", "0", "0", auth.LOCAL),
        ("localhost", "0", "0", auth.LOCAL),
        ("0.0.0.0", "0", "0", auth.EXPOSED),
        ("10.1.2.3", "0", "0", auth.EXPOSED),
        ("127.0.0.1", "1", "0", auth.EXPOSED),  # a replica behind nginx: reachable by whoever reaches nginx
        ("127.0.0.1", "1", "1", auth.LOCAL),  # make serve: nginx itself on loopback
        ("0.0.0.0", "1", "1", auth.EXPOSED),
    ],
)
def test_mode_without_a_provider(monkeypatch, address, proxy, proxy_on_loopback, expected):
    monkeypatch.setattr(auth, "provider_configured", lambda: False)
    monkeypatch.setattr(auth.st, "get_option", lambda name: address if name == "server.address" else None)
    monkeypatch.setenv("TRUSTED_PROXY", proxy)
    monkeypatch.setenv("PROXY_ON_LOOPBACK", proxy_on_loopback)
    assert auth.mode() == expected


def test_a_configured_provider_always_signs_in(monkeypatch):
    monkeypatch.setattr(auth, "provider_configured", lambda: True)
    monkeypatch.setattr(auth.st, "get_option", lambda name: "127.0.0.1")
    assert auth.mode() == auth.OIDC
