"""Renders the Nginx server block for this app's settings (`manage.py nginx-config`)."""

from __future__ import annotations

import os
import re

from flask import Flask

HOST_PORT = re.compile(r"^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$")


def check_host_port(value: str) -> str:
    """HOST:PORT with a sane port; raises ValueError otherwise."""
    match = HOST_PORT.match(value)
    if not match or not 0 < int(match.group(2)) < 65536:
        raise ValueError(f"{value!r} is not HOST:PORT")
    return value


def render_nginx_config(
    app: Flask,
    *,
    listen: str,
    upstreams: list[str],
    server_names: list[str] | None = None,
    micro_cache: str | None = None,
) -> str:
    """The `server { }` block (with its `upstream`) that fronts this app."""
    check_host_port(listen)
    for upstream in upstreams:
        check_host_port(upstream)
    if not upstreams:
        raise ValueError("at least one upstream is needed")
    host = listen.rsplit(":", 1)[0]
    names = server_names or app.config.get("TRUSTED_HOSTS") or [host]
    port = listen.rsplit(":", 1)[1]
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
    )
