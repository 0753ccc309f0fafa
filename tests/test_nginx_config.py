"""`manage.py nginx-config`: the printed block follows the app's settings and is valid Nginx."""

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
    assert "error_page 413 @shop_413;" in conf
    assert "proxy_cache" not in conf


def test_micro_cache_option(cli_app, tmp_path):
    result = _render(
        cli_app, "--listen", "127.0.0.1:8080", "--upstream", "127.0.0.1:8000",
        "--micro-cache", str(tmp_path / "cache"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"proxy_cache_path {tmp_path / 'cache'}" in result.output
    assert "proxy_cache_valid 200 301 404 1s;" in result.output


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
