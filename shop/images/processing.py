"""Turn an untrusted upload into clean, metadata-free WebP and JPEG renditions."""

from __future__ import annotations

import functools
import io
import logging
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from PIL import ExifTags, Image, ImageCms, ImageFile, ImageMath

logger = logging.getLogger(__name__)

RENDITION_WIDTHS: tuple[int, ...] = (320, 640, 1024, 1600)
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")

WEBP_QUALITY = 80
WEBP_METHOD = 4
JPEG_QUALITY = 82

# Pillow reports multi-picture JPEGs (many phone cameras write them) as "MPO";
# they are JPEGs whose first picture is the photo itself.
_ACCEPTED_FORMATS = frozenset({*ALLOWED_FORMATS, "MPO"})
# WebP cannot encode a picture with a side longer than this.
_MAX_SIDE = 16383
# Each progressive JPEG scan makes the decoder walk the whole picture again, so
# a small file with thousands of scans can keep a worker busy for minutes.
# Encoders write about 10; mozjpeg at most a few dozen.
_MAX_JPEG_SCANS = 100
_SWAPPING_ORIENTATIONS = frozenset({5, 6, 7, 8})
_TRANSPOSE_FOR_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_WHITE = (255, 255, 255)

_NOT_SUPPORTED = (
    "This file is not a JPEG, PNG or WebP image. "
    "Please upload a photo saved in one of those formats."
)
_DAMAGED = (
    "This image file is damaged or incomplete, so it cannot be used. "
    "Please save or export the picture again and upload the new file."
)
_BAD_SHAPE = (
    "This image is far too tall or too wide for its size to be shown in the shop. "
    "Please crop it and upload it again."
)

# Serialises processing in a process: it bounds memory to one decoded photo at a
# time, and it keeps warnings.catch_warnings() (which swaps process-wide state and
# is not thread-safe before Python 3.14) from interleaving between our own threads.
_PROCESS_LOCK = threading.Lock()


class ImageRejected(ValueError):
    """An upload that is not an acceptable image.

    ``str(exc)`` is a sentence a shop assistant understands.
    """


@dataclass(frozen=True)
class Rendition:
    """One encoded, resized copy of an image."""

    width: int
    height: int
    format: str  # "webp" or "jpeg"
    data: bytes

    @property
    def extension(self) -> str:
        """File name extension for this rendition, with the dot."""
        return ".webp" if self.format == "webp" else ".jpg"


@dataclass(frozen=True)
class ProcessedImage:
    """Size of the upright source image and its renditions, smallest first, WebP before JPEG."""

    width: int
    height: int
    renditions: tuple[Rendition, ...]


def process_image(
    stream: BinaryIO | bytes, *, max_pixels: int, widths: Sequence[int] = RENDITION_WIDTHS
) -> ProcessedImage:
    """Validate an upload and re-encode it as WebP and JPEG renditions.

    The format is recognised from the content only (JPEG, PNG or WebP; animated
    WebP/PNG give their first frame). Images over ``max_pixels`` are rejected
    before any pixel data is decoded. The picture is turned upright from its EXIF
    orientation, converted to sRGB with its embedded ICC profile, and every piece of
    metadata (EXIF, GPS, XMP, comments, ICC) is dropped. Renditions are made for each
    width in ``widths`` that is not wider than the source (never upscaled); a source
    narrower than all of them gets one rendition at its own width. WebP renditions
    keep transparency; JPEG renditions are flattened onto white.

    Callers must cap the upload size in bytes themselves: the whole stream is read.
    Pillow's process-wide ``Image.MAX_IMAGE_PIXELS`` also applies, so ``max_pixels``
    above it has no effect, and ``ImageFile.LOAD_TRUNCATED_IMAGES`` must stay False.
    Calls are serialised within a process (one full-size picture in memory at a time).

    Raises ImageRejected, with a message for the shop assistant, for anything that
    is not an acceptable image; no other exception comes from the file's content.
    """
    _check_arguments(max_pixels, widths)
    data = stream if isinstance(stream, bytes) else bytes(stream.read())
    with _PROCESS_LOCK, warnings.catch_warnings():
        _treat_warnings_as_damage()
        try:
            return _process(data, max_pixels, widths)
        except ImageRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            # Pillow's own process-wide cap was hit first; it is the real limit then.
            limit = min(max_pixels, Image.MAX_IMAGE_PIXELS or max_pixels)
            raise ImageRejected(_too_large(limit)) from exc
        except Exception as exc:  # Pillow signals bad data with many unrelated types
            logger.info("image rejected as damaged: %s: %s", type(exc).__name__, exc)
            raise ImageRejected(_DAMAGED) from exc


def declared_pixels(data: bytes) -> int | None:
    """Width times height as the file's header declares them, without decoding any pixels.

    None when the header is not a readable JPEG, PNG or WebP one (process_image then says
    what is wrong with the file). Takes microseconds, so callers can weigh a whole batch of
    uploads before spending seconds on any of them.
    """
    try:
        with Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS) as im:
            width, height = im.size
    except Exception:  # bad headers and Pillow's own size cap alike: process_image words them
        return None
    return width * height if width > 0 and height > 0 else None


def _treat_warnings_as_damage() -> None:
    """Make Pillow's warnings about bad input raise, except for damaged EXIF.

    EXIF is parsed by the TIFF plugin (TIFF files themselves are never accepted)
    and is discarded anyway, so a photo whose EXIF an editing app mangled is still
    usable; it is only shown without EXIF rotation if the orientation is unreadable.
    """
    warnings.simplefilter("error")
    warnings.filterwarnings("ignore", category=UserWarning, module=r"PIL\.TiffImagePlugin\Z")
    warnings.filterwarnings("ignore", message=r"Possibly corrupt EXIF", category=UserWarning)


def _check_arguments(max_pixels: int, widths: Sequence[int]) -> None:
    if max_pixels < 1:
        raise ValueError("max_pixels must be positive")
    if not widths or any(w < 1 for w in widths):
        raise ValueError("widths must be a non-empty sequence of positive integers")


def _process(data: bytes, max_pixels: int, widths: Sequence[int]) -> ProcessedImage:
    width, height, plan, frames = _decode_and_resize(data, max_pixels, widths)
    renditions: list[Rendition] = []
    for size, frame in zip(plan, frames, strict=True):
        renditions.append(Rendition(*size, "webp", _encode_webp(frame)))
        renditions.append(Rendition(*size, "jpeg", _encode_jpeg(frame)))
    return ProcessedImage(width, height, tuple(renditions))


def _decode_and_resize(
    data: bytes, max_pixels: int, widths: Sequence[int]
) -> tuple[int, int, list[tuple[int, int]], list[Image.Image]]:
    """Upright size, planned rendition sizes and upright frames for them.

    The full-size pictures only live inside this function, so they are freed
    before the (comparatively slow) encoding starts.
    """
    with _open(data) as im:
        stored_w, stored_h = im.size
        _check_size(stored_w, stored_h, max_pixels)
        is_jpeg = im.format in ("JPEG", "MPO")
        if is_jpeg:
            _check_jpeg_scans(data)
        else:
            im.load()  # EXIF may follow the pixel data in PNG
        orientation = _orientation(im)
        swap = orientation in _SWAPPING_ORIENTATIONS
        width, height = (stored_h, stored_w) if swap else (stored_w, stored_h)
        plan = _plan_sizes(width, height, widths)
        box = _decode(im, plan[-1], swap) if is_jpeg else (0.0, 0.0, stored_w, stored_h)
        pixels = _normalise(im)
    del im  # drop the decoded source before resizing, unless pixels is that same image
    return width, height, plan, _frames(pixels, plan, box, orientation)


def _open(data: bytes) -> ImageFile.ImageFile:
    try:
        im = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    except Image.UnidentifiedImageError as exc:
        raise ImageRejected(_NOT_SUPPORTED) from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise  # reported with the pixel limit by process_image
    except Exception as exc:  # recognised as one of ours, but its header is broken
        raise ImageRejected(_DAMAGED) from exc
    if im.format not in _ACCEPTED_FORMATS:  # defensive: formats= already restricts this
        im.close()
        raise ImageRejected(_NOT_SUPPORTED)
    return im


def _too_large(max_pixels: int, width: int | None = None, height: int | None = None) -> str:
    limit = f"the limit is {max_pixels:,} pixels (width times height)"
    if width is None or height is None:
        return f"This image is too large: {limit}. Please make it smaller and upload it again."
    return (
        f"This image is too large: {width} by {height} is {width * height:,} pixels, "
        f"and {limit}. Please make it smaller and upload it again."
    )


def _check_size(width: int, height: int, max_pixels: int) -> None:
    if width < 1 or height < 1:
        raise ImageRejected(_DAMAGED)
    if width * height > max_pixels:
        raise ImageRejected(_too_large(max_pixels, width, height))


def _check_jpeg_scans(data: bytes) -> None:
    # 0xFF 0xDA is the start-of-scan marker; entropy-coded data never contains it
    # (a 0xFF there is always followed by 0x00 or a restart marker), so counting
    # gives an upper bound at C speed without parsing the file.
    if data.count(b"\xff\xda") > _MAX_JPEG_SCANS:
        raise ImageRejected(_DAMAGED)


def _orientation(im: Image.Image) -> int:
    """EXIF orientation 1-8; unreadable EXIF counts as upright (we discard it anyway)."""
    try:
        value = im.getexif().get(ExifTags.Base.Orientation, 1)
    except Exception:  # corrupt EXIF must not cost the shop a usable photo
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _plan_sizes(width: int, height: int, widths: Sequence[int]) -> list[tuple[int, int]]:
    """Upright rendition sizes, narrowest first."""
    fitting = sorted({w for w in widths if w <= width}) or [width]
    sizes = [(w, max(1, round(height * w / width))) for w in fitting]
    if any(h > _MAX_SIDE or w > _MAX_SIDE for w, h in sizes):
        raise ImageRejected(_BAD_SHAPE)
    return sizes


def _decode(
    im: ImageFile.ImageFile, largest: tuple[int, int], swap: bool
) -> tuple[float, float, float, float]:
    """Load a JPEG, letting libjpeg scale it down by 1/2, 1/4 or 1/8 while decoding.

    Returns the area of the decoded picture that holds the source (drafting rounds
    the decoded size up, so the last row and column may be partly padding).
    """
    request = (largest[1], largest[0]) if swap else largest
    # draft() keeps the decoded size at least as large as the request, so the
    # largest rendition is still made by downscaling.
    drafted = im.draft("RGB", request)
    im.load()
    if drafted is None:
        return (0.0, 0.0, float(im.width), float(im.height))
    return drafted[1]


def _normalise(im: Image.Image) -> Image.Image:
    """Convert any supported mode to 8-bit sRGB "RGB", or "RGBA" if anything is see-through."""
    icc = im.info.get("icc_profile")
    base = _to_base_mode(im)
    converted = _apply_icc(base, icc) if icc else None
    if converted is None:
        target = "RGBA" if "A" in base.mode else "RGB"
        # convert() to the same mode copies; a 24-megapixel copy is 72 MB.
        converted = base if base.mode == target else base.convert(target)
    if converted.mode == "RGBA" and converted.getextrema()[3] == (255, 255):
        converted = converted.convert("RGB")  # opaque alpha only costs bytes
    converted.info = {}
    return converted


def _to_base_mode(im: Image.Image) -> Image.Image:
    """Reduce to one of L, LA, RGB, RGBA or CMYK, turning transparency info into alpha."""
    mode = im.mode
    transparent = "transparency" in im.info
    if mode in ("I;16", "I;16L", "I;16B", "I"):
        return _sixteen_bit_to_l(im)
    if mode in ("L", "LA", "RGB", "RGBA", "CMYK") and not (transparent and mode in ("L", "RGB")):
        return im
    if mode in ("1", "L"):
        return im.convert("LA" if transparent else "L")
    if mode in ("P", "PA", "RGB"):
        return im.convert("RGBA" if transparent or mode == "PA" else "RGB")
    return im.convert("RGBA")


def _sixteen_bit_to_l(im: Image.Image) -> Image.Image:
    """Scale 16-bit grey to 8 bits; a plain convert would clip everything above 255 to white."""
    grey = im.point(lambda i: i * (1 / 256)).convert("L")
    if "transparency" not in im.info:
        return grey
    key = im.info["transparency"]
    # point() only does linear maps on 16-bit data, so compare with ImageMath.
    alpha = ImageMath.lambda_eval(
        lambda a: a["convert"]((a["im"] != key) * 255, "L"), im=im.convert("I")
    )
    assert isinstance(alpha, Image.Image)
    return Image.merge("LA", (grey, alpha))


@functools.cache
def _srgb_profile() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _apply_icc(im: Image.Image, icc: bytes) -> Image.Image | None:
    """Convert to sRGB with the embedded profile; None if the profile is unusable."""
    alpha = im.getchannel("A") if im.mode in ("LA", "RGBA") else None
    colour = im.convert({"LA": "L", "RGBA": "RGB"}[im.mode]) if alpha is not None else im
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        out = ImageCms.profileToProfile(colour, source, _srgb_profile(), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as exc:
        # A broken or mismatched profile is common in the wild; the pixels are
        # still fine, so fall back to treating them as sRGB.
        logger.info("ignoring unusable ICC profile: %s", exc)
        return None
    assert out is not None
    if alpha is not None:
        out.putalpha(alpha)
    return out


def _frames(
    im: Image.Image,
    plan: list[tuple[int, int]],
    box: tuple[float, float, float, float],
    orientation: int,
) -> list[Image.Image]:
    """Upright pictures for each planned size, in plan order.

    The largest is resized from the decoded source and the others from it: a
    second Lanczos pass costs little sharpness and far less time than
    resampling the full source again. Resizing happens in the stored
    orientation, and only the small results are transposed.
    """
    swap = orientation in _SWAPPING_ORIENTATIONS

    def stored(size: tuple[int, int]) -> tuple[int, int]:
        return (size[1], size[0]) if swap else size

    largest = _resize(im, stored(plan[-1]), box)
    whole = (0.0, 0.0, float(largest.width), float(largest.height))
    stored_frames = [_resize(largest, stored(size), whole) for size in plan[:-1]] + [largest]
    return [_upright(frame, orientation) for frame in stored_frames]


def _resize(
    im: Image.Image, size: tuple[int, int], box: tuple[float, float, float, float]
) -> Image.Image:
    if size == im.size and box == (0.0, 0.0, im.width, im.height):
        return im
    return im.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)


def _upright(frame: Image.Image, orientation: int) -> Image.Image:
    method = _TRANSPOSE_FOR_ORIENTATION.get(orientation)
    upright = frame.transpose(method) if method is not None else frame
    upright.info = {}  # resize/transpose copy info, and the encoders read comments from it
    return upright


def _encode_webp(frame: Image.Image) -> bytes:
    buffer = io.BytesIO()
    frame.save(buffer, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    return buffer.getvalue()


def _encode_jpeg(frame: Image.Image) -> bytes:
    if frame.mode == "RGBA":
        flat = Image.new("RGB", frame.size, _WHITE)
        flat.paste(frame, mask=frame.getchannel("A"))
        frame = flat
    buffer = io.BytesIO()
    frame.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()
