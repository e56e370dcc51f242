"""deploy/nginx.conf, run by Debian's nginx on a loopback port: every location sends the
security headers, once each.

`make test` installs nginx when it is missing (`make nginx`). The configuration is the
one the web image uses, with loopback addresses in place of the compose network's and a
small upstream standing in for the API workers.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from api.core.config import PROJECT_ROOT
from api.core.security_headers import CONTENT_SECURITY_POLICY

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CONF = PROJECT_ROOT / "deploy" / "nginx.conf"
DOCS_POLICY = "default-src 'self'; img-src 'self' data:"
EXPECTED = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "strict-transport-security": "max-age=31536000; includeSubDomains",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
# The SPA's pages, a file of the build, the API, operations paths and a refused one.
LOCATIONS = [
    "/",
    "/organisationen/kip-ni",
    "/en/network",
    "/assets/app-1234.js",
    "/robots.txt",
    "/api/v1/organisations",
    "/healthz",
    "/readyz",
    "/metrics",
]


class _Upstream(BaseHTTPRequestHandler):
    """Answers like an API worker that sends no security headers of its own, except on
    the docs page, which brings its own policy."""

    def do_GET(self) -> None:
        body = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if self.path.startswith("/api/docs"):
            self.send_header("Content-Security-Policy", DOCS_POLICY)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen[bytes], deadline: float) -> None:
    """Returns once nginx accepts connections; fails at once when it exits instead."""
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            pass
        try:
            process.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            continue
        raise AssertionError(f"nginx exited: {process.stderr.read().decode() if process.stderr else ''}")
    raise AssertionError("nginx did not listen in time")


@dataclass(frozen=True)
class Rendered:
    conf: Path
    prefix: Path
    port: int


def render(tmp_path: Path, *, upstream_port: int) -> Rendered:
    """The site configuration inside a minimal main configuration, on loopback."""
    root = tmp_path / "html"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><title>KIP NI</title>")
    (root / "assets" / "app-1234.js").write_text("console.log(1)")
    (root / "robots.txt").write_text("User-agent: *")
    port = _free_port()
    site = CONF.read_text()
    for old, new in (
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("http://api:8000", f"http://127.0.0.1:{upstream_port}"),
        ("/usr/share/nginx/html", str(root)),
    ):
        assert old in site, old
        site = site.replace(old, new)
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp = "\n".join(f"    {kind}_temp_path {tmp_path / kind};" for kind in kinds)
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"daemon off;\nmaster_process off;\npid {tmp_path / 'nginx.pid'};\nerror_log stderr;\n"
        f"events {{}}\nhttp {{\n    include /etc/nginx/mime.types;\n    access_log off;\n{temp}\n"
        f"{site}\n}}\n"
    )
    return Rendered(conf, tmp_path, port)


def _nginx_available() -> None:
    assert Path(NGINX).is_file(), "nginx is missing: `make nginx` installs Debian's package"


@pytest.fixture(scope="module")
def upstream() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Upstream)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, upstream: int) -> Iterator[str]:
    _nginx_available()
    rendered = render(tmp_path_factory.mktemp("nginx"), upstream_port=upstream)
    process = subprocess.Popen(
        [NGINX, "-c", str(rendered.conf), "-p", str(rendered.prefix), "-e", "stderr"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for_port(rendered.port, process, time.monotonic() + 20)
        yield f"http://127.0.0.1:{rendered.port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()


def test_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    _nginx_available()
    rendered = render(tmp_path, upstream_port=_free_port())

    result = subprocess.run(
        [NGINX, "-t", "-c", str(rendered.conf), "-p", str(rendered.prefix), "-e", "stderr"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@pytest.mark.parametrize("path", LOCATIONS)
def test_every_location_sends_each_security_header_once(site: str, path: str) -> None:
    response = httpx.get(site + path)

    for name, value in EXPECTED.items():
        assert response.headers.get_list(name) == [value], (path, name)


def test_the_pages_of_the_app_are_revalidated_and_assets_kept(site: str) -> None:
    page = httpx.get(site + "/organisationen/kip-ni")
    asset = httpx.get(site + "/assets/app-1234.js")

    assert page.status_code == asset.status_code == 200
    assert page.headers.get_list("cache-control") == ["no-cache"]
    assert asset.headers.get_list("cache-control") == ["public, max-age=31536000, immutable"]


def test_the_api_keeps_its_own_caching_and_docs_policy(site: str) -> None:
    api = httpx.get(site + "/api/v1/organisations")
    docs = httpx.get(site + "/api/docs")

    assert api.headers.get_list("cache-control") == ["no-store"]
    assert docs.headers.get_list("content-security-policy") == [DOCS_POLICY]
    assert docs.headers.get_list("x-frame-options") == ["DENY"]


def test_metrics_stay_closed_to_the_outside(site: str) -> None:
    assert httpx.get(site + "/metrics").status_code == 403
