"""`manage.py nginx-config`: the printed block follows the app's settings and is valid Nginx."""

import re
import shutil
import subprocess

import pytest

from shop import create_app


@pytest.fixture
def cli_app(tmp_path):
    return create_app(
        {
            "SHOP_CONFIG": "testing",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "SHOP_MAX_UPLOAD_MB": 7,
        }
    )


def _render(app, *args):
    result = app.test_cli_runner().invoke(args=["nginx-config", *args])
    return result


def test_block_follows_settings(cli_app, tmp_path):
    result = _render(
        cli_app, "--listen", "127.0.0.1:8080", "--upstream", "10.0.0.5:8000", "--upstream",
        "10.0.0.6:8000",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    conf = result.output
    assert "client_max_body_size 7m;" in conf
    assert "server 10.0.0.5:8000" in conf and "server 10.0.0.6:8000" in conf
    assert f"alias {tmp_path / 'media'}/$media_key;" in conf
    assert f"alias {cli_app.static_folder}/$static_base$static_ext;" in conf
    assert 'Cache-Control "public, max-age=31536000, immutable"' in conf
    assert "server_tokens off;" in conf
    assert "error_page 400 403 404 405 413 414 429 /_error/$status;" in conf
    assert "proxy_cache" not in conf


def test_micro_cache_option(cli_app, tmp_path):
    result = _render(
        cli_app, "--listen", "127.0.0.1:8080", "--upstream", "127.0.0.1:8000",
        "--micro-cache", str(tmp_path / "cache"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"proxy_cache_path {tmp_path / 'cache'}" in result.output
    assert "proxy_cache_valid 200 301 404 1s;" in result.output
    # Keyed on the Host header the app renders from, never the request line's host.
    assert 'proxy_cache_key "$scheme://$http_host$request_uri";' in result.output
    assert "proxy_set_header Host $http_host;" in result.output


@pytest.mark.parametrize("listen", ["8080", "127.0.0.1", "127.0.0.1:99999", "a b:80"])
def test_bad_addresses_are_refused(cli_app, listen):
    result = _render(cli_app, "--listen", listen, "--upstream", "127.0.0.1:8000")
    assert result.exit_code != 0
    assert "HOST:PORT" in result.output


def test_nginx_accepts_the_block(cli_app, tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not shutil.which(nginx):
        pytest.skip("nginx is not installed (.ci/run installs it)")
    from deploy.localstack import NGINX_MAIN

    server = _render(cli_app, "--listen", "127.0.0.1:8080", "--upstream", "127.0.0.1:8000")
    conf = tmp_path / "nginx.conf"
    conf.write_text(NGINX_MAIN.format(user="", run=tmp_path, server=server.output))
    check = subprocess.run(
        [nginx, "-t", "-c", str(conf), "-p", str(tmp_path), "-e", "stderr"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr


def test_proxy_headers_are_trusted_once_in_production(tmp_path):
    app = create_app(
        {
            "SHOP_CONFIG": "production",
            "SECRET_KEY": "p" * 40,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite3'}",
            "TRUSTED_HOSTS": ["shop.example.com"],
        }
    )
    from shop.extensions import db

    with app.app_context():
        db.create_all()
    client = app.test_client()
    response = client.get(
        "/",
        headers={
            "Host": "127.0.0.1:8000",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "shop.example.com",
            "X-Forwarded-For": "203.0.113.9",
        },
    )
    assert response.status_code == 200
    assert '<link rel="canonical" href="https://shop.example.com/">' in response.get_data(
        as_text=True
    )
    # A forged header from the client, before the one proxy: the proxy's value wins.
    spoofed = client.get(
        "/",
        headers={"Host": "127.0.0.1", "X-Forwarded-Host": "evil.example.net, shop.example.com"},
    )
    assert spoofed.status_code == 200
    assert client.get("/", headers={"X-Forwarded-Host": "evil.example.net"}).status_code == 400


def _nginx_check(tmp_path, server: str) -> subprocess.CompletedProcess:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not shutil.which(nginx):
        pytest.skip("nginx is not installed (.ci/run installs it)")
    from deploy.localstack import NGINX_MAIN

    conf = tmp_path / "nginx.conf"
    conf.write_text(NGINX_MAIN.format(user="", run=tmp_path, server=server))
    return subprocess.run(
        [nginx, "-t", "-c", str(conf), "-p", str(tmp_path), "-e", "stderr"],
        capture_output=True,
        text=True,
    )


def _blocks(conf: str, opening: str) -> list[str]:
    """The text of each `opening ... {` block of `conf` up to its closing brace."""
    blocks = []
    for start in [m.start() for m in re.finditer(re.escape(opening), conf)]:
        depth, end = 0, start
        for end in range(conf.index("{", start), len(conf)):
            depth += {"{": 1, "}": -1}.get(conf[end], 0)
            if depth == 0:
                break
        blocks.append(conf[start : end + 1])
    return blocks


@pytest.fixture
def certificate(tmp_path):
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


HSTS_YEAR = 'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;'


def test_tls_block(cli_app, tmp_path, certificate):
    cert, key = certificate
    result = _render(
        cli_app, "--listen", "0.0.0.0:443", "--upstream", "127.0.0.1:8000",
        "--tls-cert", str(cert), "--tls-key", str(key), "--micro-cache", str(tmp_path / "c"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    conf = result.output
    assert "listen 0.0.0.0:443 ssl;" in conf
    assert f"ssl_certificate {cert};" in conf and f"ssl_certificate_key {key};" in conf
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in conf
    assert "error_page 497 =301 https://$host$request_uri;" in conf  # no :443
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    # HSTS on the server and again in every location with headers of its own (an add_header
    # in a location replaces the server's), the static page for 502/503/504 included.
    assert "\n    " + HSTS_YEAR in conf
    for location in _blocks(conf, "    location "):
        if "add_header" in location:
            assert HSTS_YEAR in location, location
    assert "return 301" not in conf  # no plain-HTTP server unless asked for
    assert _nginx_check(tmp_path, conf).returncode == 0


def test_hsts_seconds_and_http_redirect(cli_app, tmp_path, certificate):
    cert, key = certificate
    result = _render(
        cli_app, "--listen", "127.0.0.1:8443", "--upstream", "127.0.0.1:8000",
        "--tls-cert", str(cert), "--tls-key", str(key), "--hsts-seconds", "300",
        "--redirect-http", "127.0.0.1:8081",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    conf = result.output
    assert 'Strict-Transport-Security "max-age=300; includeSubDomains" always;' in conf
    assert "max-age=31536000; includeSubDomains" not in conf
    (redirect,) = [b for b in _blocks(conf, "server {") if "listen 127.0.0.1:8081;" in b]
    assert "return 301 https://$host:8443$request_uri;" in redirect
    assert "Strict-Transport-Security" not in redirect and "proxy_pass" not in redirect
    assert _nginx_check(tmp_path, conf).returncode == 0

    no_hsts = _render(
        cli_app, "--listen", "127.0.0.1:8443", "--upstream", "127.0.0.1:8000",
        "--tls-cert", str(cert), "--tls-key", str(key), "--hsts-seconds", "0",
    )  # fmt: skip
    assert no_hsts.exit_code == 0, no_hsts.output
    assert "Strict-Transport-Security" not in no_hsts.output


def test_plain_http_block_has_no_tls_or_hsts(cli_app):
    conf = _render(cli_app, "--listen", "127.0.0.1:8080", "--upstream", "127.0.0.1:8000").output
    assert "listen 127.0.0.1:8080;" in conf
    assert "ssl" not in conf and "Strict-Transport-Security" not in conf


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tls-cert", "{cert}"], "go together"),
        (["--tls-key", "{key}"], "go together"),
        (["--tls-cert", "{dir}/missing.pem", "--tls-key", "{key}"], "no such readable file"),
        (["--tls-cert", "{cert}", "--tls-key", "{dir}/missing.pem"], "no such readable file"),
        (["--tls-cert", "{dir}", "--tls-key", "{key}"], "no such readable file"),
        (["--tls-cert", "{dir}/a$b.pem", "--tls-key", "{key}"], "may not contain"),
        (["--hsts-seconds", "300"], "need --tls-cert"),
        (["--redirect-http", "127.0.0.1:8081"], "need --tls-cert"),
        (["--tls-cert", "{cert}", "--tls-key", "{key}", "--hsts-seconds", "-1"], "0 (no HSTS)"),
        (["--tls-cert", "{cert}", "--tls-key", "{key}", "--redirect-http", "80"], "HOST:PORT"),
        (
            ["--tls-cert", "{cert}", "--tls-key", "{key}", "--redirect-http", "127.0.0.1:8443"],
            "its own HOST:PORT",
        ),
    ],
)
def test_bad_tls_options_are_refused(cli_app, tmp_path, certificate, args, message):
    cert, key = certificate
    args = [a.format(cert=cert, key=key, dir=tmp_path) for a in args]
    result = _render(cli_app, "--listen", "127.0.0.1:8443", "--upstream", "127.0.0.1:8000", *args)
    assert result.exit_code != 0
    assert message in result.output, result.output


def test_nginx_errors_go_to_the_app_or_the_static_page(cli_app):
    from shop.web.errors import PROXY_ERRORS
    from shop.web.security import SECURITY_HEADERS

    conf = _render(cli_app, "--listen", "127.0.0.1:8080", "--upstream", "127.0.0.1:8000").output
    codes = " ".join(str(code) for code in sorted(PROXY_ERRORS))
    assert f"error_page {codes} /_error/$status;" in conf
    assert {400, 403, 404, 413, 429} <= set(PROXY_ERRORS)
    assert "error_page 494 =400 /_error/400;" in conf
    (errors,) = _blocks(conf, "    location ^~ /_error/")
    assert "internal;" in errors and "proxy_method GET;" in errors
    assert "proxy_pass_request_body off;" in errors and "proxy_pass_request_headers off;" in errors
    assert "proxy_set_header Host $host;" in errors
    assert "error_page 502 503 504 /_unavailable.html;" in conf
    (unavailable,) = _blocks(conf, "    location = /_unavailable.html")
    for name, value in SECURITY_HEADERS:
        assert f'add_header {name} "{value}" always;' in unavailable


def test_a_lone_upstream_is_retried_for_gets_only(cli_app):
    one = _render(cli_app, "--listen", "127.0.0.1:8080", "--upstream", "127.0.0.1:8000").output
    assert "server 127.0.0.1:8000 max_fails=0;" in one
    assert "server 127.0.0.1:8000 max_fails=0 backup;" in one
    assert "proxy_next_upstream error timeout http_502;" in one
    two = _render(
        cli_app, "--listen", "127.0.0.1:8080", "--upstream", "10.0.0.5:8000",
        "--upstream", "10.0.0.6:8000",
    ).output  # fmt: skip
    assert "backup" not in two and "max_fails=3 fail_timeout=10s;" in two
    assert "proxy_next_upstream error timeout http_502 http_503;" in two
    for conf in (one, two):  # a POST is never sent twice
        directives = re.findall(r"^\s*proxy_next_upstream .*$", conf, re.M)
        assert directives and not any("non_idempotent" in d for d in directives)


@pytest.fixture
def error_app(tmp_path):
    app = create_app(
        {
            "SHOP_CONFIG": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'e.sqlite3'}",
            "MEDIA_ROOT": str(tmp_path / "media"),
        }
    )
    from shop.extensions import db

    with app.app_context():
        db.create_all()
    return app


def test_the_app_renders_every_error_nginx_sends_it(error_app):
    from shop.web.errors import PROXY_ERRORS
    from shop.web.security import SECURITY_HEADERS

    client = error_app.test_client()
    for code in PROXY_ERRORS:
        response = client.get(f"/_error/{code}")
        html = response.get_data(as_text=True)
        assert response.status_code == code
        assert 'class="site-header"' in html and f"Error {code}" in html
        assert f"({code}) |" in html and "(Error) |" not in html  # a title of its own
        for name, _ in SECURITY_HEADERS:
            assert name in response.headers
    assert "This address cannot be opened." in client.get("/_error/403").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/_error/500", "/_error/200", "/_error/302", "/_error/abc"])
def test_other_error_codes_are_a_plain_404(error_app, path):
    response = error_app.test_client().get(path)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
