"""Content-hashed static URLs (shop.0123456789ab.css) and the development view that serves them."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from flask import Flask, current_app, request, send_from_directory, url_for
from werkzeug.wrappers import Response

ONE_YEAR = 365 * 24 * 3600
IMMUTABLE = f"public, max-age={ONE_YEAR}, immutable"  # for URLs whose content never changes
HASHED_NAME = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{12})(?P<ext>\.[A-Za-z0-9]+)$")


@cache
def _digest(path: str, mtime_ns: int, size: int) -> str:
    # Keyed on mtime and size as well, so an edited file gets a new name without a restart.
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def hashed_filename(static_folder: str, filename: str) -> str:
    """`css/shop.css` -> `css/shop.<first 12 hex of sha256>.css` (unchanged if missing)."""
    path = Path(static_folder) / filename
    try:
        stat = path.stat()
    except FileNotFoundError:
        return filename
    digest = _digest(str(path), stat.st_mtime_ns, stat.st_size)
    stem, dot, ext = filename.rpartition(".")
    return f"{stem}.{digest}.{ext}" if dot else f"{filename}.{digest}"


def asset(filename: str) -> str:
    """URL of a static file under a name that changes whenever its content does.

    Worked out once per process and script root unless templates auto-reload (development):
    in production static files only change with a deploy, which restarts the workers.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.jinja_env.auto_reload:
        return url_for("static", filename=hashed_filename(app.static_folder or "", filename))
    key = (request.script_root, filename)
    known = app.extensions["asset_urls"].get(key)
    if known is None:
        known = url_for("static", filename=hashed_filename(app.static_folder or "", filename))
        app.extensions["asset_urls"][key] = known
    return known


def static_file(filename: str) -> Response:
    """Serves /static/ in development and tests; Nginx does the same in production."""
    match = HASHED_NAME.match(filename)
    if match:
        response = send_from_directory(
            current_app.static_folder or "", match["stem"] + match["ext"], max_age=ONE_YEAR
        )
        response.headers["Cache-Control"] = IMMUTABLE
        return response
    return send_from_directory(current_app.static_folder or "", filename, max_age=3600)


def init_static_files(app: Flask) -> None:
    app.view_functions["static"] = static_file
    app.extensions["asset_urls"] = {}
    app.jinja_env.globals["asset"] = asset
