"""Cushions, throws, bedding, towels and sleepwear: cloth folded, stuffed or hung."""

from __future__ import annotations

from ..canvas import RGB, Canvas, tone
from .palette import DARK_WOOD, FLOOR, IRON, STEEL


def folded(c: Canvas, rgb: RGB, layers: int = 3, width: float = 70, stripe: bool = False) -> None:
    """Folded linen, towels and throws: a neat stack, each fold rounded at the front."""
    x0, x1 = 50 - width / 2, 50 + width / 2
    c.shadow(50, FLOOR - 1, width + 6, 8)
    h = 9.0
    for i in range(layers):
        y1 = FLOOR - i * h
        shade = tone(rgb, 1.0 - 0.05 * (layers - i))
        c.rect((x0 + i * 1.5, y1 - h - 2, x1 - i * 1.5, y1), shade, h / 3, "soft")
        c.line([(x0 + 4 + i * 1.5, y1 - 2), (x1 - 4 - i * 1.5, y1 - 2)], tone(rgb, 0.8), 0.5)
    top = FLOOR - layers * h
    c.poly(
        [
            (x0 + layers * 1.5, top),
            (x1 - layers * 1.5, top),
            (x1 - 8, top - 10),
            (x0 + 8, top - 10),
        ],
        tone(rgb, 1.08),
        "top",
    )
    if stripe:
        c.rect((x0 + 4, FLOOR - 10, x1 - 4, FLOOR - 7), tone(rgb, 0.7), 0, "flat")


def throw(c: Canvas, rgb: RGB) -> None:
    folded(c, rgb, 4, 72)
    for x in range(18, 84, 3):
        c.line([(x, FLOOR - 1), (x + 0.5, FLOOR + 4)], tone(rgb, 0.85), 0.7)  # the fringe


def picnic_blanket(c: Canvas, rgb: RGB) -> None:
    folded(c, rgb, 3, 64)
    for x in range(24, 78, 8):
        c.line([(x, FLOOR - 36), (x, FLOOR - 1)], tone(rgb, 1.35), 1.2)  # checks
    c.rect((44, 40, 50, 84), DARK_WOOD, 1, "flat")  # the carrying strap


def towel(c: Canvas, rgb: RGB, width: float = 66, layers: int = 3) -> None:
    folded(c, rgb, layers, width, stripe=True)


def hooded_towel(c: Canvas, rgb: RGB) -> None:
    towel(c, rgb, 62, 3)
    c.poly([(26, 48), (50, 28), (74, 48)], tone(rgb, 1.05), "top")  # the hood


def duvet(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 88, 8)
    c.rect((8, 38, 92, 84), rgb, 16, "round")
    for x in (36, 64):
        c.line([(x, 40), (x, 82)], tone(rgb, 0.85), 0.8)
    c.line([(10, 61), (90, 61)], tone(rgb, 0.85), 0.8)


def pillows(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR - 1, 88, 8)
    for dx, dy in ((-10, -10), (8, 0)):
        c.rect((14 + dx, 48 + dy, 82 + dx, 82 + dy), tone(rgb, 1.0 if dy else 0.9), 12, "round")
        c.line([(70 + dx, 50 + dy), (70 + dx, 80 + dy)], tone(rgb, 0.85), 0.6)  # envelope fold


def cushion(c: Canvas, rgb: RGB, wide: float = 1.0) -> None:
    w = 30 * wide
    c.shadow(50, FLOOR - 1, 2 * w + 6, 8)
    pts = [
        (50 - w, 30),
        (50, 34),
        (50 + w, 30),
        (50 + w - 4, 57),
        (50 + w, 84),
        (50, 80),
        (50 - w, 84),
        (50 - w + 4, 57),
    ]
    c.poly(pts, rgb, "round")
    c.line([*pts, pts[0]], tone(rgb, 0.78), 1.0)  # the piping


def floor_cushion(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 94, 10)
    c.rect((6, 58, 94, 84), tone(rgb, 0.85), 10, "cyl")
    c.ellipse((6, 44, 94, 72), rgb, "top")
    c.ellipse((46, 54, 54, 60), tone(rgb, 0.7), "round")  # the tuft


def bolster(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, 78, 88, 8)
    c.rect((10, 50, 84, 78), rgb, 14, "top")
    c.ellipse((74, 50, 92, 78), tone(rgb, 0.85), "round")
    c.ellipse((81, 62, 85, 66), tone(rgb, 0.6), "round")


def pyjamas(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 80, 8)
    body = [
        (30, 24),
        (40, 20),
        (60, 20),
        (70, 24),
        (88, 44),
        (80, 50),
        (70, 40),
        (70, 82),
        (30, 82),
        (30, 40),
        (20, 50),
        (12, 44),
    ]
    c.poly(body, rgb, "flat")
    c.poly([(40, 20), (50, 34), (60, 20)], tone(rgb, 0.8), "flat")  # the collar
    c.line([(50, 34), (50, 82)], tone(rgb, 0.8), 0.6)
    for y in (42, 54, 66, 78):
        c.ellipse((51, y - 1, 53, y + 1), (240, 236, 228), "round")
    c.rect((58, 56, 66, 64), tone(rgb, 0.9), 1, "flat")  # the pocket


def dressing_gown(c: Canvas, rgb: RGB) -> None:
    c.line([(36, 18), (50, 10), (64, 18)], IRON, 1.2)  # the hanger
    body = [(34, 18), (66, 18), (80, 40), (72, 44), (70, 88), (30, 88), (28, 44), (20, 40)]
    c.poly(body, rgb, "flat")
    c.poly([(40, 18), (50, 52), (60, 18)], tone(rgb, 0.8), "flat")  # the shawl collar
    c.rect((28, 54, 72, 58), tone(rgb, 0.85), 1, "flat")  # the belt
    c.line([(46, 58), (42, 72)], tone(rgb, 0.85), 2)


def sleep_mask(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, 70, 76, 6)
    c.arc((10, 30, 90, 80), 180, 360, tone(rgb, 0.7), 1.5)  # the strap
    c.ellipse((14, 40, 52, 68), rgb, "round")
    c.ellipse((48, 40, 86, 68), rgb, "round")
    c.rect((40, 44, 60, 60), rgb, 4, "flat")


def slippers(c: Canvas, rgb: RGB) -> None:
    for dx, dy, f in ((-6, -12, 0.85), (4, 6, 1.0)):  # a pair, one behind the other
        c.shadow(52 + dx, 76 + dy, 76, 6)
        c.rect((12 + dx, 70 + dy, 88 + dx, 77 + dy), (232, 224, 208), 3, "flat")  # the sole
        upper = [(14, 71), (16, 58), (46, 58), (60, 48), (78, 50), (90, 62), (90, 72)]
        c.poly([(x + dx, y + dy) for x, y in upper], tone(rgb, f), "round")
        c.ellipse((18 + dx, 55 + dy, 50 + dx, 62 + dy), tone(rgb, f * 0.55), "top")  # opening


def shower_curtain(c: Canvas, rgb: RGB) -> None:
    c.line([(8, 14), (92, 14)], STEEL, 1.6)
    for i in range(8):
        x = 12 + i * 10
        c.rect((x, 16, x + 10, 90), tone(rgb, 0.92 if i % 2 else 1.05), 3, "cyl")  # folds
        c.outline_ellipse((x + 3, 11, x + 7, 17), STEEL, 0.6)


def bath_mat(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, 80, 96, 6)
    c.poly([(18, 56), (82, 56), (96, 80), (4, 80)], rgb, "top")
    for i in range(1, 8):
        t = i / 8
        c.line([(18 + 64 * t - 0, 56), (4 + 92 * t, 80)], tone(rgb, 0.88), 0.6)
