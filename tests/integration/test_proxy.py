"""The production stack for real: Nginx in front of gunicorn, on loopback ports."""

from __future__ import annotations

import hashlib
import io
import re
import threading
import time

from PIL import Image

from tests.integration.stack import http_request


def test_pages_through_the_proxy_have_the_right_scheme_and_host(stack):
    reply = http_request(stack.url + "/")
    assert reply.status == 200
    assert reply.headers["Server"] == "nginx"  # no version: server_tokens off
    assert f'<link rel="canonical" href="{stack.url}/">' in reply.text
    product = re.search(r'href="(/product/[^"]+)"', reply.text).group(1)
    assert http_request(stack.url + product).status == 200


def test_pages_are_gzipped(stack):
    reply = http_request(stack.url + "/products/", headers={"Accept-Encoding": "gzip"})
    assert reply.headers["Content-Encoding"] == "gzip"


def test_static_files_come_from_nginx_with_immutable_caching(stack):
    page = http_request(stack.url + "/").text
    css_url = re.search(r'href="(/static/css/shop\.[0-9a-f]{12}\.css)"', page).group(1)
    before = stack.access_log()
    reply = http_request(stack.url + css_url)
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/css"
    assert reply.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert hashlib.sha256(reply.body).hexdigest()[:12] in css_url
    time.sleep(0.2)
    assert "/static/" not in stack.access_log()[len(before) :]


def _webp_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "WEBP")
    return buffer.getvalue()


def _store(stack, data: bytes, extension: str) -> str:
    digest = hashlib.sha256(data).hexdigest()
    key = f"{digest[:2]}/{digest[2:4]}/{digest}{extension}"
    path = stack.media_root / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return key


def test_media_images_come_from_nginx_with_immutable_caching(stack):
    data = _webp_bytes()
    key = _store(stack, data, ".webp")
    before = stack.access_log()
    reply = http_request(f"{stack.url}/media/{key}")
    assert reply.status == 200
    assert reply.body == data
    assert reply.headers["Content-Type"] == "image/webp"
    assert reply.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    time.sleep(0.2)
    assert "/media/" not in stack.access_log()[len(before) :]


def test_media_refuses_traversal_and_non_images(stack):
    html = b"<script>alert(1)</script>"
    html_key = _store(stack, html, ".html")
    (stack.media_root / "notes.txt").write_text("private")
    for path in (
        f"/media/{html_key}",
        "/media/notes.txt",
        "/media/../deploy/gunicorn.conf.py",
        "/media/%2e%2e/deploy/gunicorn.conf.py",
        "/media/ab/../../../etc/passwd",
        "/media/..%2f..%2fetc%2fpasswd",
    ):
        reply = http_request(stack.url + path)
        assert reply.status in (400, 404), path
        assert b"alert(1)" not in reply.body and b"private" not in reply.body


def test_oversized_upload_gets_413_from_nginx(stack):
    before = stack.access_log()
    # Nginx judges the declared length before reading the body: no need to send 30 MB.
    reply = http_request(
        stack.url + "/admin/products/new",
        method="POST",
        headers={"Content-Length": str(30 * 1024 * 1024), "Content-Type": "multipart/form-data"},
        body=b"x" * 1024,
    )
    assert reply.status == 413
    assert "Upload too large" in reply.text  # the shop's own error page
    time.sleep(0.2)
    assert "POST /admin/products/new" not in stack.access_log()[len(before) :]


def test_unconfigured_host_is_refused(stack):
    reply = http_request(stack.url + "/", headers={"Host": "evil.example.net"})
    assert reply.status == 400
    assert http_request(stack.url + "/", headers={"Host": "localhost"}).status == 200


def test_gunicorn_reload_loses_no_request(stack):
    """`kill -HUP` replaces the workers while requests keep coming."""
    results: list[int] = []
    stop = threading.Event()

    def load():
        deadline = time.monotonic() + 20
        while not stop.is_set() and len(results) < 400 and time.monotonic() < deadline:
            try:
                results.append(http_request(stack.url + "/products/").status)
            except OSError as exc:
                results.append(repr(exc))

    threads = [threading.Thread(target=load) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    stack.reload_gunicorn()
    time.sleep(3)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) > 20
    assert set(results) == {200}, [r for r in results if r != 200][:5]
