"""Behind the TLS proxy: Chromium signs in through the real OpenID Connect redirect over https (nginx with a
self-signed certificate made by the test, deploy/nginx/dashboard.conf.in in front of a replica with a provider),
and every cookie it holds is Secure; the sign-in cookies are HttpOnly too. Streamlit sets none of them Secure:
the proxy does (proxy_cookie_flags), so this test fails if the shipped configuration stops doing it."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import expect

from deploy.topology import Nginx, Replica, free_port
from tests.browser.test_auth_browser import sign_in
from tests.helpers import wait_for_charts

pytestmark = pytest.mark.browser


@pytest.fixture
def tls_app(oidc_provider, auth_db, tmp_path):
    """nginx over https on a loopback port in front of one replica configured with the provider; yields the
    https base URL."""
    url, _engine, _region = auth_db
    port = free_port()
    secrets_file = tmp_path / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "https://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "social-dashboard"\n'
        'client_secret = "test-client-secret"\n'
        f'server_metadata_url = "{oidc_provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    replica = Replica(free_port(), url, tmp_path, secrets.token_hex(16), args=("--secrets.files", str(secrets_file)))
    proxy = Nginx(port, [replica.address], tmp_path / "nginx", tls=True)
    try:
        replica.start()
        replica.wait()
        proxy.start()
        yield proxy.url
    finally:
        proxy.stop()
        replica.stop()


def test_behind_tls_every_cookie_is_secure_and_the_sign_in_cookies_http_only(tls_app, chromium_browser):
    assert tls_app.startswith("https://")
    context = chromium_browser.new_context(
        ignore_https_errors=True, locale="en-US", viewport={"width": 1400, "height": 1000}
    )
    set_cookies: list[tuple[str, str]] = []  # (URL, raw Set-Cookie header) of every response through the proxy

    def keep(response) -> None:
        raw = response.headers_array()
        set_cookies.extend((response.url, h["value"]) for h in raw if h["name"].lower() == "set-cookie")

    context.on("response", keep)
    try:
        page = context.new_page()
        sign_in(page, tls_app, "lead-1")
        expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("Lala Leader")
        wait_for_charts(page)  # the websocket works through the proxy over wss

        cookies = context.cookies()
        names = {c["name"] for c in cookies}
        auth = [c for c in cookies if c["name"].startswith("_streamlit_user")]
        assert auth, f"no sign-in cookie: {sorted(names)}"
        assert {"dashboard_route", "_streamlit_xsrf"} <= names, sorted(names)
        assert all(c["secure"] for c in cookies), [c["name"] for c in cookies if not c["secure"]]
        assert all(c["httpOnly"] for c in auth)
        assert all(c["sameSite"] == "Lax" for c in auth)
        assert next(c for c in cookies if c["name"] == "dashboard_route")["httpOnly"]
        assert page.evaluate("document.cookie").find("_streamlit_user") == -1
        # The headers as sent, the sign-in's callback included: each cookie set over https carries Secure.
        ours = [(u, v) for u, v in set_cookies if u.startswith(tls_app)]
        callback = [v for u, v in ours if "/oauth2callback" in u and v.startswith("_streamlit_user")]
        assert callback, "the callback set no sign-in cookie"
        assert [v for u, v in ours if "/auth/login" in u and v.startswith("_streamlit_session")], "no login state"
        for _url, value in ours:
            if "Max-Age=0" in value or re.search(r"expires=Thu, 01 Jan 1970", value, re.I):
                continue  # a cookie being deleted
            assert re.search(r";\s*Secure(;|$)", value, re.I), value
            if value.startswith(("_streamlit_user", "_streamlit_session")):
                assert re.search(r";\s*HttpOnly(;|$)", value, re.I), value
    finally:
        context.close()
