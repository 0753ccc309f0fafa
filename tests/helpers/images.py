"""Pictures for the image tests, made with Pillow: builders, EXIF and ICC payloads, checks."""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

from hypothesis import strategies as st
from PIL import ExifTags, Image, ImageCms

from shop.images import Rendition

RED = (255, 0, 0)
BLUE = (0, 0, 255)
GREEN = (0, 255, 0)

# sRGB primaries adapted to D50, as an ICC profile stores them.
SRGB_RED = (0.4360747, 0.2225045, 0.0139322)
SRGB_GREEN = (0.3850649, 0.7168786, 0.0971045)
SRGB_BLUE = (0.1430804, 0.0606169, 0.7141733)
D50 = (0.9642, 1.0, 0.8249)


def encode(im: Image.Image, fmt: str, **params: Any) -> bytes:
    """Save ``im`` in ``fmt`` to bytes."""
    buffer = io.BytesIO()
    im.save(buffer, fmt, **params)
    return buffer.getvalue()


def quadrant_image(size: tuple[int, int], corner: tuple[int, int, int] = RED) -> Image.Image:
    """A blue RGB picture whose top-left quarter is ``corner``."""
    im = Image.new("RGB", size, BLUE)
    im.paste(corner, (0, 0, size[0] // 2, size[1] // 2))
    return im


def exif_with_gps(orientation: int) -> Image.Exif:
    """EXIF with an orientation, a camera model and a GPS position (all must be dropped)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Model] = "Secret Camera"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 22.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (4.0, 53.0, 42.0)
    return exif


def reopen(rendition: Rendition) -> Image.Image:
    im = Image.open(io.BytesIO(rendition.data))
    im.load()
    return im


def near(actual: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 12) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=False))


def assert_clean(rendition: Rendition) -> None:
    """No EXIF, GPS, XMP, comment or ICC profile made it into the output."""
    im = reopen(rendition)
    assert im.format == {"webp": "WEBP", "jpeg": "JPEG"}[rendition.format]
    assert len(im.getexif()) == 0
    for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"):
        assert key not in im.info, key
    for marker in (b"Exif", b"secret", b"Secret", b"xmpmeta", b"ICC_PROFILE", b"<script"):
        assert marker not in rendition.data


def exif_with_damaged_model(orientation: int) -> bytes:
    """EXIF whose camera-model tag claims far more text than the block holds."""
    exif = exif_with_gps(orientation).tobytes()
    assert exif[6:8] == b"MM"  # Pillow writes big-endian EXIF
    count_at = exif.index(b"\x01\x10\x00\x02") + 4  # tag 0x0110 (Model), type ASCII
    return exif[:count_at] + b"\x00\x00\xff\xff" + exif[count_at + 4 :]


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz_tag(xyz: tuple[float, float, float]) -> bytes:
    return b"XYZ " + bytes(4) + b"".join(_s15(v) for v in xyz)


def rgb_icc_profile(
    red: tuple[float, float, float],
    green: tuple[float, float, float],
    blue: tuple[float, float, float],
) -> bytes:
    """A minimal ICC v2 matrix/gamma-2.2 RGB display profile with the given primaries."""
    gamma = b"curv" + bytes(4) + struct.pack(">IH", 1, 0x0233) + bytes(2)
    text = b"test primaries\x00"
    desc = b"desc" + bytes(4) + struct.pack(">I", len(text)) + text + bytes(78)
    tags = [
        (b"desc", desc),
        (b"wtpt", _xyz_tag(D50)),
        (b"rXYZ", _xyz_tag(red)),
        (b"gXYZ", _xyz_tag(green)),
        (b"bXYZ", _xyz_tag(blue)),
        (b"rTRC", gamma),
        (b"gTRC", gamma),
        (b"bTRC", gamma),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table = body = b""
    for signature, data in tags:
        data += bytes(-len(data) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    header = (
        struct.pack(">I", offset + len(body))
        + bytes(4)
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + bytes(12)
        + b"acsp"
        + bytes(28)
        + b"".join(_s15(v) for v in D50)
        + bytes(48)
    )
    return header + struct.pack(">I", len(tags)) + table + body


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` but carries almost no data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def small_jpeg() -> bytes:
    """A 64x48 baseline JPEG with some detail and EXIF (orientation, GPS), for fuzzing."""
    im = Image.linear_gradient("L").resize((64, 48)).convert("RGB")
    im.paste(RED, (8, 8, 24, 24))
    return encode(im, "JPEG", quality=85, exif=exif_with_gps(6).tobytes())


def small_png() -> bytes:
    """A 48x32 RGBA PNG with some detail, for fuzzing."""
    im = Image.radial_gradient("L").resize((48, 32)).convert("RGBA")
    im.paste((0, 128, 0, 90), (4, 4, 20, 20))
    return encode(im, "PNG")


def byte_changes() -> st.SearchStrategy[list[tuple[int, int]]]:
    """Hypothesis strategy: up to 12 (position, new byte value) overwrites."""
    return st.lists(
        st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)),
        min_size=1,
        max_size=12,
    )


def mutate(data: bytes, changes: list[tuple[int, int]], cut: int | None) -> bytes:
    """Overwrite bytes (positions wrap around), then optionally keep only ``cut`` bytes."""
    buffer = bytearray(data)
    for position, value in changes:
        buffer[position % len(buffer)] = value
    return bytes(buffer[:cut] if cut else buffer)


def srgb_icc() -> bytes:
    """Little CMS's built-in sRGB profile as ICC bytes."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
