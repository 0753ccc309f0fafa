"""Fixtures for the image package tests: encoded pictures made with Pillow."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PIL import Image

from tests.helpers.images import RED, encode, exif_with_gps, quadrant_image, srgb_icc


@pytest.fixture
def oriented_jpeg() -> bytes:
    """Stored 1200x800 with the top-left quarter red, EXIF orientation 6 (turn 90° clockwise).

    Carries GPS, a camera model, an XMP packet, a comment and an sRGB ICC profile,
    none of which may survive.
    """
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/>secret-xmp</x:xmpmeta>'
    return encode(
        quadrant_image((1200, 800)),
        "JPEG",
        quality=92,
        exif=exif_with_gps(6).tobytes(),
        xmp=xmp,
        comment="secret comment",
        icc_profile=srgb_icc(),
    )


@pytest.fixture
def make_image() -> Callable[..., bytes]:
    """``make_image(mode, size, colour, fmt, **save_params)`` -> encoded bytes."""

    def make(
        mode: str = "RGB",
        size: tuple[int, int] = (100, 80),
        colour: Any = RED,
        fmt: str = "PNG",
        **params: Any,
    ) -> bytes:
        return encode(Image.new(mode, size, colour), fmt, **params)

    return make
