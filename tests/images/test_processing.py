"""Tests for shop.images.processing: validation, normalisation and metadata stripping."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageFile

from shop.images import RENDITION_WIDTHS, ImageRejected, ProcessedImage, process_image
from tests.helpers.images import (
    BLUE,
    GREEN,
    RED,
    SRGB_BLUE,
    SRGB_GREEN,
    SRGB_RED,
    assert_clean,
    byte_changes,
    encode,
    exif_with_damaged_model,
    exif_with_gps,
    mutate,
    near,
    png_header_only,
    quadrant_image,
    reopen,
    rgb_icc_profile,
    small_jpeg,
    small_png,
)

MAX_PIXELS = 40_000_000
NOT_AN_IMAGE = "is not a JPEG, PNG or WebP image"


def process(data: bytes, **kwargs: object) -> ProcessedImage:
    kwargs.setdefault("max_pixels", MAX_PIXELS)
    return process_image(data, **kwargs)  # type: ignore[arg-type]


# --- what comes out -------------------------------------------------------------------


def test_renditions_for_every_width_that_fits(make_image: Callable[..., bytes]) -> None:
    result = process(make_image(size=(2000, 1000), fmt="JPEG"))
    assert (result.width, result.height) == (2000, 1000)
    assert [(r.width, r.height, r.format) for r in result.renditions] == [
        (w, w // 2, fmt) for w in RENDITION_WIDTHS for fmt in ("webp", "jpeg")
    ]
    for rendition in result.renditions:
        assert reopen(rendition).size == (rendition.width, rendition.height)
        assert rendition.extension == {"webp": ".webp", "jpeg": ".jpg"}[rendition.format]


@pytest.mark.parametrize(
    ("size", "widths", "expected"),
    [
        pytest.param((700, 350), RENDITION_WIDTHS, [(320, 160), (640, 320)], id="fitting"),
        pytest.param((200, 100), RENDITION_WIDTHS, [(200, 100)], id="never-upscaled"),
        pytest.param((500, 500), [400, 100, 400, 900], [(100, 100), (400, 400)], id="custom"),
    ],
)
def test_rendition_sizes(
    make_image: Callable[..., bytes],
    size: tuple[int, int],
    widths: list[int],
    expected: list[tuple[int, int]],
) -> None:
    result = process(make_image(size=size), widths=widths)
    assert [(r.width, r.height) for r in result.renditions] == [s for s in expected for _ in "wj"]


def test_accepts_a_stream_as_well_as_bytes(make_image: Callable[..., bytes]) -> None:
    data = make_image(size=(400, 300), fmt="WEBP")
    from_stream = process_image(io.BytesIO(data), max_pixels=MAX_PIXELS)
    assert from_stream == process(data)


def test_concurrent_calls_leave_warning_filters_as_they_were(
    make_image: Callable[..., bytes], oriented_jpeg: bytes
) -> None:
    before = list(warnings.filters)
    inputs = [oriented_jpeg, make_image(size=(700, 500)), b"not an image"] * 4

    def run(data: bytes) -> object:
        try:
            return process(data)
        except ImageRejected as exc:
            return exc

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(run, inputs))
    assert list(warnings.filters) == before
    assert [type(r).__name__ for r in results[:3]] == ["ProcessedImage"] * 2 + ["ImageRejected"]
    assert results[0] == results[3]


def test_programming_errors_are_not_reported_as_bad_uploads(
    make_image: Callable[..., bytes],
) -> None:
    data = make_image()
    with pytest.raises(ValueError, match="max_pixels") as info:
        process_image(data, max_pixels=0)
    assert not isinstance(info.value, ImageRejected)
    with pytest.raises(ValueError, match="widths"):
        process_image(data, max_pixels=MAX_PIXELS, widths=())


# --- orientation and metadata ---------------------------------------------------------


def test_exif_orientation_applied_and_all_metadata_dropped(oriented_jpeg: bytes) -> None:
    source = Image.open(io.BytesIO(oriented_jpeg))
    assert source.getexif().get_ifd(0x8825), "fixture must carry GPS data"

    result = process(oriented_jpeg)

    # Orientation 6: the stored top-left corner is shown at the top right.
    assert (result.width, result.height) == (800, 1200)
    assert [(r.width, r.height) for r in result.renditions] == [(320, 480)] * 2 + [(640, 960)] * 2
    for rendition in result.renditions:
        assert_clean(rendition)
        im = reopen(rendition).convert("RGB")
        w, h = im.size
        assert near(im.getpixel((w * 3 // 4, h // 4)), RED, 40)
        assert near(im.getpixel((w // 4, h // 4)), BLUE, 40)
        assert near(im.getpixel((w * 3 // 4, h * 3 // 4)), BLUE, 40)


@pytest.mark.parametrize(
    ("orientation", "red_at"),
    [(1, (0, 0)), (2, (1, 0)), (3, (1, 1)), (4, (0, 1)), (5, (0, 0)), (7, (1, 1)), (8, (0, 1))],
)
def test_every_exif_orientation(orientation: int, red_at: tuple[int, int]) -> None:
    data = encode(
        quadrant_image((400, 200)), "JPEG", quality=95, exif=exif_with_gps(orientation).tobytes()
    )
    result = process(data)
    swapped = orientation >= 5
    assert (result.width, result.height) == ((200, 400) if swapped else (400, 200))
    im = reopen(result.renditions[0]).convert("RGB")
    w, h = im.size
    quarter = (w // 4 + red_at[0] * w // 2, h // 4 + red_at[1] * h // 2)
    assert near(im.getpixel(quarter), RED, 40)


@pytest.mark.parametrize(
    ("exif", "complaint", "upright"),
    [
        # Unreadable: the photo is kept, as stored.
        (exif_with_gps(6).tobytes()[:40], "Truncated File Read", (400, 300)),
        # One bad tag: the orientation is still honoured.
        (exif_with_damaged_model(6), "Tag data larger than file", (300, 400)),
    ],
)
def test_damaged_exif_does_not_cost_a_usable_photo(
    exif: bytes, complaint: str, upright: tuple[int, int]
) -> None:
    data = encode(quadrant_image((400, 300)), "JPEG", exif=exif)
    with pytest.warns(UserWarning, match=complaint):  # Pillow's own complaint
        Image.open(io.BytesIO(data)).getexif()
    result = process(data)
    assert (result.width, result.height) == upright
    for rendition in result.renditions:
        assert_clean(rendition)


def test_png_exif_and_text_dropped() -> None:
    exif = exif_with_gps(1)
    data = encode(quadrant_image((400, 300)), "PNG", exif=exif.tobytes())
    for rendition in process(data).renditions:
        assert_clean(rendition)


def test_jpeg_html_polyglot_is_accepted_but_script_not_copied() -> None:
    payload = b"<script>alert(document.cookie)</script>"
    data = encode(quadrant_image((400, 300)), "JPEG", comment=payload) + payload
    assert data.count(b"<script") == 2
    for rendition in process(data).renditions:
        assert_clean(rendition)


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        # Red and blue primaries swapped: "red" pixels are really blue.
        pytest.param(rgb_icc_profile(SRGB_BLUE, SRGB_GREEN, SRGB_RED), BLUE, id="applied"),
        pytest.param(b"not a profile" * 20, RED, id="broken-ignored"),
    ],
)
def test_icc_profile_is_applied_then_dropped(profile: bytes, expected: tuple[int, ...]) -> None:
    data = encode(Image.new("RGB", (400, 300), RED), "JPEG", icc_profile=profile)
    for rendition in process(data).renditions:
        assert_clean(rendition)
        assert near(reopen(rendition).convert("RGB").getpixel((160, 120)), expected)


def test_icc_profile_with_transparency_keeps_alpha() -> None:
    profile = rgb_icc_profile(SRGB_BLUE, SRGB_GREEN, SRGB_RED)
    data = encode(Image.new("RGBA", (400, 300), (*RED, 128)), "PNG", icc_profile=profile)
    webp = reopen(process(data).renditions[0])
    assert near(webp.getpixel((10, 10)), (*BLUE, 128))


# --- colour modes ---------------------------------------------------------------------


def test_png_with_transparency_webp_keeps_alpha_jpeg_on_white() -> None:
    im = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    im.paste((*GREEN, 255), (0, 0, 150, 200))
    webp, jpeg = process(encode(im, "PNG")).renditions
    webp_im, jpeg_im = reopen(webp), reopen(jpeg)
    assert webp_im.mode == "RGBA"
    assert near(webp_im.getpixel((50, 100)), (*GREEN, 255))
    assert webp_im.getpixel((250, 100))[3] == 0
    assert jpeg_im.mode == "RGB"
    assert near(jpeg_im.getpixel((50, 100)), GREEN)
    assert near(jpeg_im.getpixel((250, 100)), (255, 255, 255))


def test_cmyk_jpeg(make_image: Callable[..., bytes]) -> None:
    # Pillow writes Adobe's inverted CMYK; red is 0% cyan, 100% magenta and yellow.
    data = make_image("CMYK", (400, 300), (0, 255, 255, 0), "JPEG", quality=95)
    assert Image.open(io.BytesIO(data)).mode == "CMYK"
    for rendition in process(data).renditions:
        im = reopen(rendition)
        assert im.mode == "RGB"
        assert near(im.getpixel((160, 120)), RED, 20)


def test_sixteen_bit_greyscale_png_is_scaled_not_clipped() -> None:
    im = Image.new("I;16", (512, 64))
    im.putdata([(x * 128) for x in range(512)] * 64)  # 0 .. 65408
    data = encode(im, "PNG")
    assert Image.open(io.BytesIO(data)).mode == "I;16"
    webp = reopen(process(data).renditions[0]).convert("L")
    low, high = webp.getextrema()
    assert low < 20
    assert high > 235
    assert abs(webp.getpixel((webp.width // 2, 5)) - 128) < 20


def test_sixteen_bit_greyscale_png_with_transparent_colour() -> None:
    im = Image.new("I;16", (300, 100))
    im.putdata(([1234] * 150 + [30000] * 150) * 100)
    webp = reopen(process(encode(im, "PNG", transparency=1234)).renditions[0])
    assert webp.mode == "RGBA"
    assert webp.getpixel((50, 50))[3] == 0
    assert near(webp.getpixel((250, 50)), (117, 117, 117, 255))


def test_palette_png_with_transparency() -> None:
    im = Image.new("P", (300, 200), 1)
    im.putpalette([*RED, *GREEN, *BLUE])
    im.paste(2, (0, 0, 150, 200))
    data = encode(im, "PNG", transparency=bytes([255, 0, 128]))
    webp, jpeg = process(data).renditions
    webp_im = reopen(webp)
    assert webp_im.getpixel((250, 100))[3] == 0
    assert near(webp_im.getpixel((50, 100)), (*BLUE, 128))
    assert near(reopen(jpeg).getpixel((250, 100)), (255, 255, 255))


@pytest.mark.parametrize(
    ("mode", "colour", "expected"),
    [
        ("L", 100, (100, 100, 100)),
        ("1", 1, (255, 255, 255)),
        ("P", 0, (0, 0, 0)),
        ("RGB", GREEN, GREEN),
        ("RGBA", (*RED, 255), RED),  # an alpha channel that is opaque everywhere is dropped
    ],
)
def test_simple_modes_become_rgb(
    make_image: Callable[..., bytes], mode: str, colour: object, expected: tuple[int, ...]
) -> None:
    for rendition in process(make_image(mode, (400, 300), colour)).renditions:
        im = reopen(rendition)
        assert im.mode == "RGB"
        assert near(im.getpixel((160, 120)), expected)


def test_grey_with_alpha(make_image: Callable[..., bytes]) -> None:
    webp, jpeg = process(make_image("LA", (300, 200), (100, 128))).renditions
    assert near(reopen(webp).getpixel((150, 100)), (100, 100, 100, 128))
    assert near(reopen(jpeg).getpixel((150, 100)), (178, 178, 178))


def test_grey_with_transparent_colour(make_image: Callable[..., bytes]) -> None:
    webp, _ = process(make_image("L", (300, 200), 7, transparency=7)).renditions
    assert reopen(webp).getpixel((150, 100))[3] == 0


# --- animation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "params"),
    [
        pytest.param("WEBP", {"duration": 100}, id="animated-webp"),
        pytest.param("PNG", {"duration": 100}, id="apng"),
        pytest.param("MPO", {}, id="multi-picture-jpeg"),
    ],
)
def test_several_frames_give_the_first(fmt: str, params: dict[str, object]) -> None:
    frames = [Image.new("RGB", (400, 300), colour) for colour in (RED, GREEN, BLUE)]
    data = encode(frames[0], fmt, save_all=True, append_images=frames[1:], **params)
    assert Image.open(io.BytesIO(data)).n_frames == 3
    for rendition in process(data).renditions:
        assert near(reopen(rendition).convert("RGB").getpixel((160, 120)), RED)


def test_animated_gif_rejected() -> None:
    frames = [Image.new("P", (40, 30), i) for i in range(3)]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:])
    with pytest.raises(ImageRejected, match=NOT_AN_IMAGE):
        process(data)


# --- hostile and unsupported input ----------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="zero-byte"),
        pytest.param(
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>', id="svg"
        ),
        pytest.param(
            b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
            id="html-named-jpg",
        ),
        pytest.param(b"\xff\xd8\xff", id="jpeg-magic-only"),
        pytest.param(b"\x89PNG\r\n\x1a\n", id="png-magic-only"),
        pytest.param(b"RIFF\x00\x00\x00\x00WEBPVP8 ", id="webp-magic-only"),
    ],
)
def test_non_images_rejected(data: bytes) -> None:
    with pytest.raises(ImageRejected) as info:
        process(data)
    assert str(info.value).endswith(".")


@pytest.mark.parametrize("fmt", ["GIF", "TIFF", "BMP", "ICO", "PPM", "JPEG2000"])
def test_other_formats_rejected(make_image: Callable[..., bytes], fmt: str) -> None:
    with pytest.raises(ImageRejected, match=NOT_AN_IMAGE):
        process(make_image("RGB", (32, 32), RED, fmt))


def test_gif_javascript_polyglot_rejected(make_image: Callable[..., bytes]) -> None:
    gif = make_image("P", (32, 32), 0, "GIF")
    # The logical-screen width bytes open a JS comment; the trailer closes it.
    polyglot = b"GIF89a/*" + gif[8:] + b"*/=1;alert(document.domain);"
    assert Image.open(io.BytesIO(polyglot)).format == "GIF"
    with pytest.raises(ImageRejected, match=NOT_AN_IMAGE):
        process(polyglot)


@pytest.mark.parametrize(
    ("fmt", "kept"), [("JPEG", 0.5), ("JPEG", 0.98), ("PNG", 0.5), ("WEBP", 0.5), ("WEBP", 0.98)]
)
def test_truncated_files_rejected(fmt: str, kept: float) -> None:
    data = encode(Image.effect_noise((600, 400), 60).convert("RGB"), fmt)
    with pytest.raises(ImageRejected, match="damaged or incomplete"):
        process(data[: int(len(data) * kept)])
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_decompression_bomb_header_rejected() -> None:
    with pytest.raises(ImageRejected, match=r"too large.*pixels") as info:
        process(png_header_only(100_000, 100_000))
    assert f"{MAX_PIXELS:,}" in str(info.value)


def test_bomb_between_pillow_limits_rejected_even_when_warnings_are_ignored() -> None:
    # 12000x12000 is above Pillow's warning limit but below its error limit.
    data = png_header_only(12_000, 12_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ImageRejected, match=r"too large.*pixels") as info:
            process(data, max_pixels=500_000_000)
    assert f"{Image.MAX_IMAGE_PIXELS:,} pixels" in str(info.value)


def test_pixel_cap_checked_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    # A real, well-formed 5000x5000 PNG that compresses to a few kilobytes.
    data = encode(Image.new("L", (5000, 5000), 0), "PNG")
    assert len(data) < 100_000

    def no_decoding(self: ImageFile.ImageFile) -> None:
        raise AssertionError("pixel data must not be decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    with pytest.raises(ImageRejected, match="5000 by 5000 is 25,000,000 pixels") as info:
        process(data, max_pixels=10_000_000)
    assert "10,000,000 pixels" in str(info.value)


def test_jpeg_with_thousands_of_scans_rejected() -> None:
    # Each scan makes libjpeg walk the whole picture: a CPU bomb in a small file.
    data = encode(Image.effect_noise((256, 256), 50).convert("RGB"), "JPEG", progressive=True)
    scans = data.split(b"\xff\xda")
    tiny_scan = b"\xff\xda" + min(scans[1:-1], key=len)
    end = data.rindex(b"\xff\xd9")
    with pytest.raises(ImageRejected, match="damaged"):
        process(data[:end] + tiny_scan * 1000 + data[end:])


def test_extremely_tall_image_rejected(make_image: Callable[..., bytes]) -> None:
    with pytest.raises(ImageRejected, match="too tall or too wide"):
        process(make_image("L", (2, 20_000), 0), widths=(320,))


# --- fuzzing --------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [small_jpeg(), small_png()], ids=["jpeg", "png"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=byte_changes(), cut=st.none() | st.integers(min_value=1, max_value=4000))
def test_fuzzed_input_is_only_processed_or_rejected(
    seed: bytes, changes: list[tuple[int, int]], cut: int | None
) -> None:
    data = mutate(seed, changes, cut)
    try:
        result = process(data, max_pixels=4_000_000)
    except ImageRejected as exc:
        assert str(exc)
    else:
        assert isinstance(result, ProcessedImage)
        assert result.renditions
