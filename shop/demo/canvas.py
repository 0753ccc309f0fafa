"""A small studio for drawing products: shaded shapes on a soft background, in 0-100 units."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFilter

RGB = tuple[int, int, int]
Point = tuple[float, float]
SCALE = 2  # drawn at twice the size and reduced: Pillow's shapes have no anti-aliasing
TILE = 24  # shading is computed on a small tile and stretched over each shape


def tone(rgb: RGB, factor: float) -> RGB:
    """Lighter (factor > 1, towards white) or darker (towards black) version of a colour."""
    if factor >= 1:
        return tuple(round(c + (255 - c) * min(1.0, factor - 1)) for c in rgb)  # type: ignore[return-value]
    return tuple(round(c * max(0.0, factor)) for c in rgb)  # type: ignore[return-value]


def _light(mode: str, x: float, y: float) -> float:
    """How lit a point of a shape is, x and y in 0..1 across its box; light from upper left."""
    if mode == "flat":
        return 1.0 - 0.12 * y
    if mode == "cyl":  # a vertical cylinder: a highlight left of centre, darker edges
        return 0.72 + 0.45 * math.exp(-(((x - 0.33) / 0.24) ** 2)) - 0.12 * x
    if mode == "soft":  # cloth: a gentle highlight, no metallic sheen
        return 0.92 + 0.14 * math.exp(-(((x - 0.35) / 0.35) ** 2)) - 0.08 * y
    if mode == "top":  # a surface seen from above: lit at the back, darker to the front
        return 1.12 - 0.25 * y - 0.08 * x
    # "round": a sphere or dome
    d = math.hypot(x - 0.35, y - 0.32)
    return 1.22 - 0.75 * d


@lru_cache(maxsize=2048)
def _tile(rgb: RGB, mode: str) -> Image.Image:
    tile = Image.new("RGB", (TILE, TILE))
    step = 1 / (TILE - 1)
    tile.putdata(
        [tone(rgb, _light(mode, i * step, j * step)) for j in range(TILE) for i in range(TILE)]
    )
    return tile


@lru_cache(maxsize=8)
def _background(px: int) -> Image.Image:
    """A soft studio backdrop: a warm wall that darkens a little towards the floor."""
    strip = Image.new("RGB", (1, 64))
    strip.putdata([tone((238, 234, 227), 1.05 - 0.09 * (j / 63) ** 1.5) for j in range(64)])
    return strip.resize((px, px), Image.Resampling.BILINEAR)


class Canvas:
    """Draw in units of 1/100 of the picture; `picture()` gives the anti-aliased result."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.px = size * SCALE
        self.k = self.px / 100
        self.image = _background(self.px).copy()
        self.draw = ImageDraw.Draw(self.image)

    def _p(self, points: Sequence[Point]) -> list[tuple[float, float]]:
        return [(x * self.k, y * self.k) for x, y in points]

    def _box(self, box: Sequence[float]) -> tuple[int, int, int, int]:
        x0, y0, x1, y1 = (round(v * self.k) for v in box)
        return min(x0, x1), min(y0, y1), max(x0, x1) + 1, max(y0, y1) + 1

    def _fill(self, bbox: Sequence[float], shape, rgb: RGB, light: str) -> None:
        """Paint `shape(draw, offset)` with the shaded colour, clipped to its box."""
        x0, y0, x1, y1 = self._box(bbox)
        w, h = max(1, x1 - x0), max(1, y1 - y0)
        mask = Image.new("L", (w, h), 0)
        shape(ImageDraw.Draw(mask), (x0, y0))
        shade = _tile(rgb, light).resize((w, h), Image.Resampling.BILINEAR)
        self.image.paste(shade, (x0, y0), mask)

    def ellipse(self, box: Sequence[float], rgb: RGB, light: str = "round") -> None:
        x0, y0, x1, y1 = self._box(box)
        self._fill(
            box, lambda d, o: d.ellipse((0, 0, x1 - x0 - 1, y1 - y0 - 1), fill=255), rgb, light
        )

    def rect(self, box: Sequence[float], rgb: RGB, radius: float = 0, light: str = "cyl") -> None:
        x0, y0, x1, y1 = self._box(box)
        r = round(radius * self.k)
        self._fill(
            box,
            lambda d, o: d.rounded_rectangle((0, 0, x1 - x0 - 1, y1 - y0 - 1), r, fill=255),
            rgb,
            light,
        )

    def poly(self, points: Sequence[Point], rgb: RGB, light: str = "cyl") -> None:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        box = (min(xs), min(ys), max(xs), max(ys))
        pts = self._p(points)
        self._fill(
            box,
            lambda d, o: d.polygon([(x - o[0], y - o[1]) for x, y in pts], fill=255),
            rgb,
            light,
        )

    def chord(
        self, box: Sequence[float], start: float, end: float, rgb: RGB, light: str = "cyl"
    ) -> None:
        x0, y0, x1, y1 = self._box(box)
        self._fill(
            box,
            lambda d, o: d.chord((0, 0, x1 - x0 - 1, y1 - y0 - 1), start, end, fill=255),
            rgb,
            light,
        )

    def line(self, points: Sequence[Point], rgb: RGB, width: float = 1.0) -> None:
        self.draw.line(
            self._p(points), fill=rgb, width=max(1, round(width * self.k)), joint="curve"
        )

    def arc(
        self, box: Sequence[float], start: float, end: float, rgb: RGB, width: float = 1.0
    ) -> None:
        self.draw.arc(self._box(box), start, end, fill=rgb, width=max(1, round(width * self.k)))

    def outline_ellipse(self, box: Sequence[float], rgb: RGB, width: float = 0.6) -> None:
        self.draw.ellipse(self._box(box), outline=rgb, width=max(1, round(width * self.k)))

    def shadow(self, cx: float, y: float, w: float, h: float = 5, strength: int = 110) -> None:
        """A soft contact shadow on the floor under an object."""
        # Blurred small and only around the ellipse: a full-size blur would cost more than
        # the rest of the drawing.
        margin = h + 4
        box = self._box(
            (cx - w / 2 - margin, y - h / 2 - margin, cx + w / 2 + margin, y + h / 2 + margin)
        )
        x0, y0 = max(0, box[0]), max(0, box[1])
        x1, y1 = min(self.px, box[2]), min(self.px, box[3])
        if x1 <= x0 or y1 <= y0:
            return
        f = 1 / 8  # the blur works on an eighth of the size
        small = Image.new("L", (max(1, round((x1 - x0) * f)), max(1, round((y1 - y0) * f))), 0)
        k = self.k * f
        ImageDraw.Draw(small).ellipse(
            (
                (cx - w / 2) * k - x0 * f,
                (y - h / 2) * k - y0 * f,
                (cx + w / 2) * k - x0 * f,
                (y + h / 2) * k - y0 * f,
            ),
            fill=strength,
        )
        mask = small.filter(ImageFilter.GaussianBlur(self.px * f / 70)).resize(
            (x1 - x0, y1 - y0), Image.Resampling.BILINEAR
        )
        self.image.paste((92, 86, 78), (x0, y0, x1, y1), mask)

    def picture(self) -> Image.Image:
        return self.image.reduce(SCALE)
