"""The proxy configuration (deploy/nginx/dashboard.conf.in): the shipped rendering is current, nginx accepts it
with and without TLS, and it serves the front end itself with the headers the deployment promises."""

from __future__ import annotations

import os
import shutil
import ssl
import tempfile
import urllib.request
from pathlib import Path

from deploy.topology import ROOT, Nginx, free_port, precompress, render


def test_the_shipped_compose_configuration_is_the_template_rendered():
    shipped = (ROOT / "deploy" / "nginx" / "compose.conf").read_text(encoding="utf-8")
    listen = "    listen 80;\n    server_name _;"
    expected = render(["app1:8501", "app2:8501", "app3:8501"], listen, "/srv/dashboard-static")
    assert shipped.strip() == expected.strip(), "re-render deploy/nginx/compose.conf (see deploy/Containerfile)"


def get(url: str, **headers: str):
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the trial's self-signed certificate
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10, context=context) as r:
        return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()


def test_nginx_serves_the_front_end_over_http_and_tls(tmp_path):
    # No replica answers behind it: what is checked here is what nginx does by itself.
    for tls in (False, True):
        proxy = Nginx(free_port(), [f"127.0.0.1:{free_port()}"], tmp_path / f"nginx-{tls}", tls=tls)
        proxy.start()
        try:
            status, headers, body = get(f"{proxy.url}/")
            assert status == 200 and b"<html" in body.lower()
            assert headers["x-served-by"] == "nginx-static" and headers["cache-control"] == "no-cache"
            assert headers["set-cookie"].startswith("dashboard_route="), "the first page gives the route cookie"
            assert ("strict-transport-security" in headers) is tls, "HSTS exactly over TLS"
            _, again, _ = get(f"{proxy.url}/", Cookie="dashboard_route=x")
            assert "set-cookie" not in again, "a browser with a route keeps it"
            asset = next(p for p in body.decode().split('"') if p.startswith(("./static/js/", "static/js/")))
            status, headers, _ = get(f"{proxy.url}/{asset.removeprefix('./')}", **{"Accept-Encoding": "gzip"})
            assert status == 200 and headers["content-encoding"] == "gzip"
            assert headers["cache-control"] == "public, max-age=31536000, immutable"
            assert headers["x-served-by"] == "nginx-static"
        finally:
            proxy.stop()


def test_nginx_serves_the_apps_own_static_files_from_the_precompressed_copy(tmp_path):
    """/app/static/ (the map's facility sprite) comes from disk like the front end, not from a replica: every file
    of static/ is in the copy, the same bytes; a changed file is copied again, a removed one goes."""
    base = Path(tempfile.mkdtemp(prefix="app-static-"))  # readable by nginx's workers (www-data under root)
    os.chmod(base, 0o755)
    app_static = base / "app-static"
    shutil.copytree(ROOT / "static", app_static)
    names = sorted(p.name for p in app_static.iterdir() if p.is_file())
    assert names, "static/ holds the app's files"
    copy = precompress(dst=base / "front", app_static=app_static)
    proxy = Nginx(free_port(), [f"127.0.0.1:{free_port()}"], tmp_path / "nginx", copy)  # no replica answers
    proxy.start()
    try:
        for name in names:
            status, headers, body = get(f"{proxy.url}/app/static/{name}")
            assert status == 200 and headers["x-served-by"] == "nginx-static"
            assert body == (app_static / name).read_bytes()
        (app_static / names[0]).write_bytes(b"changed")
        (app_static / names[-1]).unlink()
        precompress(dst=base / "front", app_static=app_static)
        assert get(f"{proxy.url}/app/static/{names[0]}")[2] == b"changed"
        assert not (copy / "app" / "static" / names[-1]).exists()
    finally:
        proxy.stop()
        shutil.rmtree(base, ignore_errors=True)
