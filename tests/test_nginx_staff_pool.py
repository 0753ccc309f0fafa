"""`nginx-config --staff-upstream`: staff pages, sign-in and API writes get a pool of their
own; anonymous API reads stay with the shoppers'."""

import re
import shutil
import subprocess

import pytest

from deploy.localstack import NGINX_MAIN
from shop import create_app

STAFF_LOCATION = "location ~ ^/admin(?:/|$)|^/(?:login|logout)$ {"
API_LOCATION = "location ~ ^/api(?:/|$) {"


@pytest.fixture
def cli_app(tmp_path):
    return create_app({"SHOP_CONFIG": "testing", "MEDIA_ROOT": str(tmp_path / "media")})


def _render(app, *args):
    result = app.test_cli_runner().invoke(
        args=["nginx-config", "--listen", "127.0.0.1:8080", "--upstream", "127.0.0.1:8000", *args]
    )
    assert result.exit_code == 0, result.output
    return result.output


def _block(conf: str, opening: str) -> str:
    start = conf.index(opening)
    return conf[start : conf.index("\n    }\n", start)]


def test_without_staff_upstreams_everything_goes_to_the_main_pool(cli_app):
    conf = _render(cli_app)
    assert "shop_app_8080_staff" not in conf
    assert STAFF_LOCATION not in conf and API_LOCATION not in conf
    assert set(re.findall(r"proxy_pass http://(\w+);", conf)) == {"shop_app_8080"}


def test_staff_paths_go_to_their_own_pool_with_longer_timeouts(cli_app):
    conf = _render(
        cli_app, "--staff-upstream", "127.0.0.1:8001", "--staff-upstream", "10.0.0.7:8001"
    )
    pool = _block(conf, "upstream shop_app_8080_staff {")
    assert "server 127.0.0.1:8001 " in pool and "server 10.0.0.7:8001 " in pool
    assert "127.0.0.1:8000" not in pool
    staff = _block(conf, STAFF_LOCATION)
    assert "proxy_pass http://shop_app_8080_staff;" in staff
    # Longer than the staff pool's gunicorn --timeout 300, so gunicorn ends a stuck save first.
    assert "proxy_read_timeout 330s;" in staff
    # Never retried: POST is not (no non_idempotent), and nothing that ran for more than 5 s.
    [retry] = re.findall(r"^\s*proxy_next_upstream (.*);$", staff, re.M)
    assert "non_idempotent" not in retry and "timeout" not in retry.split()
    assert "proxy_next_upstream_timeout 5s;" in staff
    assert "proxy_cache " not in staff
    assert "proxy_set_header X-Request-Id $request_id;" in staff
    # Shoppers keep the main pool and its own timeout.
    shoppers = _block(conf, "    location / {")
    assert "proxy_pass http://shop_app_8080;" in shoppers
    assert "proxy_read_timeout 60s;" in shoppers


@pytest.mark.parametrize(
    ("path", "staff"),
    [
        ("/admin", True),
        ("/admin/", True),
        ("/admin/products/new", True),
        ("/api/v1/products", False),  # the API's own location, below
        ("/login", True),
        ("/logout", True),
        ("/", False),
        ("/administrator", False),
        ("/apis", False),
        ("/login/extra", False),
        ("/products/", False),
        ("/product/admin", False),
    ],
)
def test_which_paths_the_staff_location_takes(path, staff):
    # The same regex Nginx applies to the normalised URI (PCRE and Python agree on it).
    pattern = STAFF_LOCATION.removeprefix("location ~ ").removesuffix(" {")
    assert bool(re.search(pattern, path)) is staff


def test_a_bad_staff_upstream_is_refused(cli_app):
    result = cli_app.test_cli_runner().invoke(
        args=["nginx-config", "--listen", "127.0.0.1:8080", "--upstream", "127.0.0.1:8000",
              "--staff-upstream", "8001"]
    )  # fmt: skip
    assert result.exit_code != 0
    assert "HOST:PORT" in result.output


def test_nginx_accepts_the_block_with_a_staff_pool(cli_app, tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not shutil.which(nginx):
        pytest.skip("nginx is not installed (.ci/run installs it)")
    server = _render(cli_app, "--staff-upstream", "127.0.0.1:8001", "--micro-cache", str(tmp_path))
    conf = tmp_path / "nginx.conf"
    conf.write_text(NGINX_MAIN.format(user="", run=tmp_path, server=server))
    check = subprocess.run(
        [nginx, "-t", "-c", str(conf), "-p", str(tmp_path), "-e", "stderr"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
