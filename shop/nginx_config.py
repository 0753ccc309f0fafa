"""Renders the Nginx server block for this app's settings (`manage.py nginx-config`)."""

from __future__ import annotations

import os
import re

from flask import Flask

from .web.errors import PROXY_ERRORS
from .web.security import SECURITY_HEADERS

HOST_PORT = re.compile(r"^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$")

# HSTS max-age when TLS is on and nothing else is asked for: a year.
DEFAULT_HSTS_SECONDS = 31536000

# Characters that would end or change an Nginx directive ($ makes a certificate path a variable).
UNSAFE_IN_PATH = re.compile(r"[\s;{}\"'$#\\]")


def check_host_port(value: str) -> str:
    """HOST:PORT with a sane port; raises ValueError otherwise."""
    match = HOST_PORT.match(value)
    if not match or not 0 < int(match.group(2)) < 65536:
        raise ValueError(f"{value!r} is not HOST:PORT")
    return value


def check_tls_file(option: str, path: str) -> str:
    """The absolute path of a readable certificate or key file; raises ValueError otherwise."""
    full = os.path.abspath(path)
    if UNSAFE_IN_PATH.search(full):
        raise ValueError(f"{option} {path!r}: the path may not contain spaces, quotes or ;{{}}$#\\")
    if not os.path.isfile(full) or not os.access(full, os.R_OK):
        raise ValueError(f"{option} {path!r}: no such readable file")
    return full


def render_nginx_config(
    app: Flask,
    *,
    listen: str,
    upstreams: list[str],
    server_names: list[str] | None = None,
    micro_cache: str | None = None,
    tls_cert: str | None = None,
    tls_key: str | None = None,
    hsts_seconds: int | None = None,
    redirect_http: str | None = None,
    staff_upstreams: list[str] | None = None,
) -> str:
    """The `server { }` block (with its `upstream`) that fronts this app; with `tls_cert` and
    `tls_key` it serves HTTPS (HSTS for `hsts_seconds`, 0 for none), and with `redirect_http`
    a second, plain-HTTP server sends every request there. With `staff_upstreams`, staff
    pages, sign-in and the API go to that pool instead of `upstreams`."""
    check_host_port(listen)
    for upstream in upstreams:
        check_host_port(upstream)
    if not upstreams:
        raise ValueError("at least one upstream is needed")
    for upstream in staff_upstreams or []:
        check_host_port(upstream)
    tls = bool(tls_cert or tls_key)
    if tls and not (tls_cert and tls_key):
        raise ValueError("--tls-cert and --tls-key go together: give both or neither")
    if not tls and (hsts_seconds is not None or redirect_http):
        raise ValueError("--hsts-seconds and --redirect-http need --tls-cert and --tls-key")
    if hsts_seconds is not None and hsts_seconds < 0:
        raise ValueError("--hsts-seconds must be 0 (no HSTS) or more")
    if redirect_http:
        check_host_port(redirect_http)
        if redirect_http == listen:
            raise ValueError("--redirect-http needs its own HOST:PORT, not the --listen one")
    host, port = listen.rsplit(":", 1)
    names = server_names or app.config.get("TRUSTED_HOSTS") or [host]
    hsts = (DEFAULT_HSTS_SECONDS if hsts_seconds is None else hsts_seconds) if tls else 0
    # Headers every location with an add_header of its own repeats (that replaces the
    # server's): HSTS, over TLS only (browsers ignore it on plain HTTP).
    server_headers = []
    if hsts:
        server_headers.append(("Strict-Transport-Security", f"max-age={hsts}; includeSubDomains"))
    template = app.jinja_env.get_template("deploy/nginx_server.conf")
    return template.render(
        listen=listen,
        upstreams=upstreams,
        upstream_name=f"shop_app_{port}",
        server_names=names,
        static_root=os.path.abspath(app.static_folder or ""),
        media_root=os.path.abspath(app.config["MEDIA_ROOT"]),
        max_upload_mb=app.config["SHOP_MAX_UPLOAD_MB"],
        micro_cache=os.path.abspath(micro_cache) if micro_cache else None,
        proxied_errors=sorted(PROXY_ERRORS),
        security_headers=SECURITY_HEADERS,
        tls_cert=check_tls_file("--tls-cert", tls_cert) if tls_cert else None,
        tls_key=check_tls_file("--tls-key", tls_key) if tls_key else None,
        server_headers=server_headers,
        redirect_http=redirect_http,
        staff_upstreams=staff_upstreams or [],
        https_port="" if port == "443" else f":{port}",
    )
