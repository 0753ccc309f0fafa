"""HTTPS through Nginx (`nginx-config --tls-cert/--tls-key`): HSTS, https links, secure cookies."""

from __future__ import annotations

import http.client
import re
import shutil
import ssl
import subprocess
from pathlib import Path

import pytest

from deploy.localstack import free_port
from tests.integration.stack import Reply, http_request, running_stack


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A one-day certificate for localhost and 127.0.0.1, and its key (PEM files)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture(scope="module")
def tls_stack(pg_database, tmp_path_factory):
    root = tmp_path_factory.mktemp("tls")
    cert, key = self_signed_certificate(root)
    redirect_port = free_port()
    with running_stack(
        pg_database,
        root,
        products=12,
        tls_cert=cert,
        tls_key=key,
        nginx_args=["--redirect-http", f"127.0.0.1:{redirect_port}"],
    ) as stack:
        stack.redirect_port = redirect_port
        yield stack


def https_request(
    stack, path: str, method: str = "GET", context: ssl.SSLContext | None = None
) -> tuple[Reply, str]:
    """One request over TLS, verifying the stack's certificate; the reply and TLS version."""
    if context is None:
        context = ssl.create_default_context(cafile=str(stack.tls_cert))
    conn = http.client.HTTPSConnection("127.0.0.1", stack.nginx_port, timeout=15, context=context)
    try:
        conn.request(method, path)
        version = conn.sock.version()
        response = conn.getresponse()
        return Reply(response.status, response.headers, response.read()), version
    finally:
        conn.close()


HSTS = "max-age=31536000; includeSubDomains"


def test_pages_answer_over_https_with_hsts_and_https_links(tls_stack):
    reply, version = https_request(tls_stack, "/")
    assert reply.status == 200
    assert version in ("TLSv1.2", "TLSv1.3")
    assert reply.headers["Strict-Transport-Security"] == HSTS
    # X-Forwarded-Proto is https, so the app builds https links.
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', reply.text).group(1)
    assert canonical == f"https://127.0.0.1:{tls_stack.nginx_port}/"
    product = re.search(r'href="(/product/[^"]+)"', reply.text).group(1)
    page, _ = https_request(tls_stack, product)
    assert page.status == 200
    assert re.search(r'<link rel="canonical" href="https://[^"]+">', page.text)


def test_every_kind_of_answer_carries_hsts(tls_stack):
    home, _ = https_request(tls_stack, "/")
    css = re.search(r'href="(/static/css/shop\.[0-9a-f]{12}\.css)"', home.text).group(1)
    for path, status in [
        (css, 200),  # a hashed static file (a location with headers of its own)
        ("/static/img/logo.svg", 200),
        ("/static/css/missing.css", 404),  # Nginx's error, the app's page
        ("/healthz", 200),
    ]:
        reply, _ = https_request(tls_stack, path)
        assert reply.status == status, path
        assert reply.headers["Strict-Transport-Security"] == HSTS, path


def test_session_cookie_is_secure_over_https(tls_stack):
    reply, _ = https_request(tls_stack, "/login")
    assert reply.status == 200
    cookie = reply.headers["Set-Cookie"]
    assert "session=" in cookie and "Secure" in cookie and "HttpOnly" in cookie


def test_tls_1_2_is_accepted_and_the_certificate_is_checked(tls_stack):
    context = ssl.create_default_context(cafile=str(tls_stack.tls_cert))
    context.maximum_version = ssl.TLSVersion.TLSv1_2
    reply, version = https_request(tls_stack, "/healthz", context=context)
    assert (reply.status, version) == (200, "TLSv1.2")
    with pytest.raises(ssl.SSLCertVerificationError):
        https_request(tls_stack, "/healthz", context=ssl.create_default_context())


def test_plain_http_is_redirected_to_https(tls_stack):
    https = f"https://127.0.0.1:{tls_stack.nginx_port}"
    reply = http_request(f"http://127.0.0.1:{tls_stack.redirect_port}/products/?page=2")
    assert reply.status == 301
    assert reply.headers["Location"] == f"{https}/products/?page=2"
    # Plain HTTP sent to the HTTPS port: the same redirect, not Nginx's 400 page.
    reply = http_request(f"http://127.0.0.1:{tls_stack.nginx_port}/search?q=pot")
    assert reply.status == 301
    assert reply.headers["Location"] == f"{https}/search?q=pot"
