"""Uploaded images: the MEDIA_ROOT storage, served by Flask in development only."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, send_from_directory
from werkzeug.wrappers import Response

from ..images import MediaStorage
from .static_files import IMMUTABLE, ONE_YEAR

bp = Blueprint("media", __name__)


def media_storage() -> MediaStorage:
    """The storage for uploaded images under this app's MEDIA_ROOT."""
    return MediaStorage(current_app.config["MEDIA_ROOT"])


IMAGE_SUFFIXES = (".webp", ".jpg", ".png")


@bp.get("/media/<path:key>")
def media_file(key: str) -> Response:
    if not key.endswith(IMAGE_SUFFIXES):
        abort(404)
    # send_from_directory refuses paths that leave the folder (404).
    response = send_from_directory(current_app.config["MEDIA_ROOT"], key, max_age=ONE_YEAR)
    response.headers["Cache-Control"] = IMMUTABLE
    return response
