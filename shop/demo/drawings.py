"""One drawing per product type: the object's silhouette, parts and shading, in its colour."""

from __future__ import annotations

import math
from collections.abc import Callable

from .canvas import RGB, Canvas, tone

STEEL: RGB = (176, 180, 184)
IRON: RGB = (58, 58, 62)
WOOD: RGB = (182, 134, 86)
DARK_WOOD: RGB = (104, 70, 46)
BRASS: RGB = (198, 160, 84)
GLASS: RGB = (214, 230, 232)
LINEN: RGB = (234, 226, 210)
SOIL: RGB = (92, 66, 48)
LEAF: RGB = (88, 134, 76)
FLOOR = 84  # where objects stand


def _dark(rgb: RGB) -> RGB:
    return tone(rgb, 0.62)


# ---- Cookware -------------------------------------------------------------------------------


def skillet(c: Canvas, rgb: RGB, square: bool = False) -> None:
    c.shadow(50, 71, 80, 10)
    c.line([(60, 55), (95, 47)], tone(rgb, 0.8), 5.5)  # the long handle
    c.outline_ellipse((90, 45, 93, 48), (230, 226, 220), 0.6)  # its hanging hole
    if square:
        c.rect((6, 40, 66, 70), tone(rgb, 0.8), 6, "cyl")
        c.rect((8, 38, 64, 64), rgb, 5, "top")
        c.rect((12, 41, 60, 61), tone(rgb, 0.7), 3, "top")
        for x in range(16, 58, 6):
            c.line([(x, 42), (x, 60)], tone(rgb, 0.9), 1.2)  # griddle ridges
        return
    c.ellipse((5, 42, 67, 72), tone(rgb, 0.75), "cyl")  # the outside wall
    c.ellipse((5, 36, 67, 64), rgb, "top")  # the rim
    c.ellipse((9, 39, 63, 61), tone(rgb, 0.72), "top")  # the cooking surface
    c.ellipse((14, 42, 34, 50), tone(rgb, 0.85), "round")  # a sheen


def wok(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, 80, 60, 8)
    for x in (6, 83):  # two small loop handles
        c.arc((x, 40, x + 12, 52), 90 if x > 50 else 270, 270 if x > 50 else 90, IRON, 2.4)
    c.chord((10, 18, 90, 84), 0, 180, rgb, "cyl")  # a deep round bowl
    c.ellipse((10, 42, 90, 58), tone(rgb, 1.1), "top")
    c.ellipse((13, 44, 87, 56), tone(rgb, 0.55), "top")


def _lidded_pot(
    c: Canvas, rgb: RGB, x0: float, x1: float, top: float, handles: str, knob: bool = True
) -> None:
    cx, w = (x0 + x1) / 2, x1 - x0
    c.shadow(cx, FLOOR - 1, w + 8, 8)
    if handles == "long":
        c.line([(x1 - 2, top + 10), (x1 + 32, top + 4)], IRON, 4)
    else:
        for x in (x0 - 6, x1 - 2):
            c.rect((x, top + 7, x + 8, top + 12), tone(rgb, 0.75), 2, "flat")
    c.rect((x0, top + 4, x1, FLOOR - 2), rgb, 3, "cyl")
    c.ellipse((x0, FLOOR - 6, x1, FLOOR + 1), tone(rgb, 0.8), "cyl")
    c.ellipse((x0 - 1, top - 1, x1 + 1, top + 9), tone(rgb, 1.05), "top")  # the lid
    c.ellipse((x0 + 3, top - 5, x1 - 3, top + 7), tone(rgb, 1.12), "round")
    if knob:
        c.rect((cx - 5, top - 9, cx + 5, top - 3), STEEL if handles != "loop" else IRON, 2, "cyl")


def saucepan(c: Canvas, rgb: RGB) -> None:
    _lidded_pot(c, rgb, 12, 58, 44, "long")


def stock_pot(c: Canvas, rgb: RGB) -> None:
    _lidded_pot(c, rgb, 24, 76, 26, "side")


def dutch_oven(c: Canvas, rgb: RGB) -> None:
    _lidded_pot(c, rgb, 14, 86, 48, "loop")


def roasting_tin(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, 78, 92, 8)
    c.poly([(6, 52), (94, 52), (88, 78), (12, 78)], rgb, "cyl")
    c.poly([(6, 52), (94, 52), (86, 44), (14, 44)], tone(rgb, 0.55), "top")  # the inside
    for x in (2, 92):
        c.rect((x, 50, x + 6, 54), tone(rgb, 0.8), 1, "flat")


def loaf_tin(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, 76, 76, 8)
    c.poly([(12, 46), (88, 46), (80, 76), (20, 76)], rgb, "cyl")
    c.poly([(12, 46), (88, 46), (78, 38), (22, 38)], tone(rgb, 0.6), "top")
    c.line([(12, 46), (88, 46)], tone(rgb, 1.2), 1.2)


def cake_tin(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, 76, 80, 10)
    c.rect((12, 46, 88, 72), rgb, 2, "cyl")
    c.ellipse((12, 66, 88, 78), tone(rgb, 0.8), "cyl")
    c.ellipse((12, 40, 88, 52), tone(rgb, 0.58), "top")
    c.line([(80, 48), (88, 52), (88, 62)], tone(rgb, 0.5), 1.4)  # the spring clip


def cooling_rack(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, 76, 90, 8)
    pts = [(16, 50), (84, 50), (94, 68), (6, 68)]
    for i in range(9):  # wires across, front to back
        t = i / 8
        c.line([(16 + 68 * t - 10 * (1 - t) * 0, 50), (6 + 88 * t, 68)], rgb, 0.8)
    for j in range(5):
        t = j / 4
        y = 50 + 18 * t
        c.line([(16 - 10 * t, y), (84 + 10 * t, y)], rgb, 0.9)
    c.line([*pts, pts[0]], tone(rgb, 0.7), 1.4)
    for x in (10, 88):
        c.line([(x, 68), (x, 74)], tone(rgb, 0.7), 1.4)


# ---- Knives and boards ------------------------------------------------------------------------


def knife(c: Canvas, rgb: RGB, length: float = 1.0, serrated: bool = False) -> None:
    blade = STEEL if rgb == IRON or sum(rgb) < 200 else tone(rgb, 1.0)
    handle = DARK_WOOD
    c.shadow(50, 72, 88 * length, 6, 80)
    tip = 50 - 44 * length
    c.rect((60, 53, 94, 63), handle, 4, "cyl")
    for x in (68, 78, 88):
        c.ellipse((x - 1.2, 56.8, x + 1.2, 59.2), STEEL, "round")
    depth = 17 if length > 0.7 else 10
    if serrated:  # a bread knife: a long even blade with a rounded end
        c.rect((tip, 50, 62, 63), blade, 5, "top")
    else:  # a straight spine; the edge curves up to meet it at the point
        top = 62 - depth
        third = tip + (60 - tip) * 0.35
        point = (tip, top + depth * 0.4)
        spine = [(60, top), (third, top + 0.5), (tip + 8, top + 2.5), point]
        edge = [(tip + 6, 59), (tip + 16, 61.8), (third, 62.5), (62, 62.5)]
        c.poly([*spine, *edge], blade, "top")
    if serrated:
        c.line(
            [(tip + 8 + i * 3 + (i % 2), 62 - (i % 2)) for i in range(int(16 * length))],
            tone(blade, 0.6),
            0.7,
        )
    c.line([(tip + 10, 61.6), (60, 61.6)], tone(blade, 1.25), 0.6)  # the edge catching the light


def chopping_board(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, 78, 84, 8)
    c.rect((8, 60, 92, 78), tone(rgb, 0.8), 6, "flat")
    c.rect((8, 36, 92, 72), rgb, 8, "top")
    for y, x0, x1 in ((44, 14, 70), (52, 22, 86), (60, 12, 64), (66, 30, 84)):
        c.line([(x0, y), ((x0 + x1) / 2, y + 1.5), (x1, y)], tone(rgb, 0.86), 0.6)  # grain
    c.ellipse((80, 46, 87, 53), (222, 216, 206), "flat")  # the hanging hole


def knife_block(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, 82, 56, 8)
    for i, x in enumerate((36, 44, 52, 60)):
        c.rect((x, 20 + i * 2, x + 6, 40), IRON, 2, "cyl")
    c.poly([(28, 36), (70, 30), (74, 82), (30, 82)], rgb, "cyl")
    c.poly([(28, 36), (70, 30), (66, 28), (26, 33)], tone(rgb, 1.15), "top")


def whetstone(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, 74, 80, 8)
    c.rect((10, 62, 90, 74), WOOD, 2, "flat")  # the holder
    c.rect((14, 48, 50, 64), tone(rgb, 1.1), 1, "top")
    c.rect((50, 48, 86, 64), (168, 92, 62), 1, "top")  # the coarse side
    c.line([(50, 48), (50, 64)], (120, 120, 120), 0.4)


def rolling_pin(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, 70, 92, 6)
    c.rect((4, 55, 18, 61), tone(rgb, 0.9), 3, "cyl")
    c.rect((82, 55, 96, 61), tone(rgb, 0.9), 3, "cyl")
    c.rect((16, 48, 84, 68), rgb, 10, "top")


# ---- Tableware ---------------------------------------------------------------------------------


def plate(c: Canvas, rgb: RGB, scale: float = 1.0, deep: bool = False) -> None:
    w, h = 84 * scale, 40 * scale
    x0, y0 = 50 - w / 2, 72 - h
    c.shadow(50, 72, w, 10)
    c.ellipse((x0, y0 + 2, x0 + w, y0 + h + 2), tone(rgb, 0.78), "cyl")
    c.ellipse((x0, y0, x0 + w, y0 + h), rgb, "top")
    inner = 0.62 if not deep else 0.72
    iw, ih = w * inner, h * inner
    c.ellipse(
        (50 - iw / 2, y0 + (h - ih) / 2, 50 + iw / 2, y0 + (h + ih) / 2),
        tone(rgb, 0.9 if not deep else 0.78),
        "top",
    )


def bowl(c: Canvas, rgb: RGB, width: float = 70, depth: float = 34) -> None:
    x0, x1 = 50 - width / 2, 50 + width / 2
    top = FLOOR - depth
    c.shadow(50, FLOOR - 1, width * 0.8, 8)
    c.rect((50 - width * 0.18, FLOOR - 5, 50 + width * 0.18, FLOOR), tone(rgb, 0.7), 2, "cyl")
    c.chord((x0, top - depth, x1, FLOOR), 0, 180, rgb, "cyl")
    c.ellipse((x0, top - 6, x1, top + 6), tone(rgb, 1.1), "top")
    c.ellipse((x0 + 3, top - 4, x1 - 3, top + 5), tone(rgb, 0.72), "top")


def mug(c: Canvas, rgb: RGB) -> None:
    c.shadow(46, 80, 54, 8)
    c.arc((52, 44, 78, 70), 270, 90, tone(rgb, 0.85), 5)  # the handle
    c.rect((24, 34, 62, 80), rgb, 4, "cyl")
    c.ellipse((24, 76, 62, 82), tone(rgb, 0.8), "cyl")
    c.ellipse((24, 30, 62, 38), tone(rgb, 1.1), "top")
    c.ellipse((26, 31, 60, 37), (92, 58, 38), "top")  # tea


def jug(c: Canvas, rgb: RGB) -> None:
    c.shadow(48, 82, 52, 8)
    c.arc((56, 34, 80, 64), 270, 90, tone(rgb, 0.85), 4.5)
    c.poly([(28, 30), (64, 30), (68, 82), (24, 82)], rgb, "cyl")
    c.poly([(28, 30), (18, 24), (30, 36)], tone(rgb, 0.9), "flat")  # the spout
    c.ellipse((26, 26, 66, 34), tone(rgb, 0.7), "top")


def teapot(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, 82, 66, 9)
    c.arc((64, 36, 90, 66), 270, 90, tone(rgb, 0.8), 4.5)  # handle
    c.poly([(30, 58), (10, 34), (6, 30), (12, 30), (38, 52)], tone(rgb, 0.92), "cyl")  # spout
    c.ellipse((22, 32, 78, 84), rgb, "round")  # body
    c.ellipse((34, 28, 66, 40), tone(rgb, 1.05), "top")  # lid
    c.ellipse((45, 21, 55, 30), tone(rgb, 0.9), "round")  # knob


def butter_dish(c: Canvas, rgb: RGB) -> None:
    plate(c, rgb, 0.9)
    c.chord((22, 30, 78, 76), 180, 360, tone(rgb, 1.05), "round")  # the cover
    c.ellipse((45, 28, 55, 34), tone(rgb, 0.85), "round")


def soap_dish(c: Canvas, rgb: RGB) -> None:
    plate(c, rgb, 0.75, deep=True)
    c.rect((36, 50, 64, 60), (236, 224, 200), 5, "round")  # the soap


# ---- Textiles ------------------------------------------------------------------------------------


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


# ---- Lighting ----------------------------------------------------------------------------------


def table_lamp(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 40, 6)
    c.ellipse((34, 50, 66, 86), rgb, "round")  # a round base
    c.rect((48, 38, 52, 52), BRASS, 1, "cyl")
    c.poly([(30, 14), (70, 14), (80, 42), (20, 42)], LINEN, "cyl")  # the shade
    c.ellipse((20, 38, 80, 46), tone(LINEN, 1.05), "flat")


def floor_lamp(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, 92, 34, 5)
    c.ellipse((36, 86, 64, 94), tone(rgb, 0.85), "top")
    c.rect((48.5, 30, 51.5, 90), rgb, 1, "cyl")
    c.poly([(36, 6), (64, 6), (72, 30), (28, 30)], LINEN, "cyl")


def pendant(c: Canvas, rgb: RGB) -> None:
    c.line([(50, 0), (50, 30)], IRON, 0.8)
    c.rect((46, 28, 54, 36), IRON, 1, "cyl")
    c.chord((14, 34, 86, 100), 180, 360, rgb, "round")  # a dome
    c.ellipse((14, 62, 86, 72), tone(rgb, 0.7), "flat")
    c.ellipse((40, 62, 60, 72), (255, 240, 200), "round")  # the glowing bulb


def reading_light(c: Canvas, rgb: RGB) -> None:
    c.shadow(40, FLOOR, 40, 6)
    c.ellipse((22, 78, 58, 88), rgb, "top")
    c.line([(40, 82), (32, 40), (66, 24)], rgb, 2.4)  # the jointed arm
    c.ellipse((29, 37, 35, 43), IRON, "round")
    c.poly([(60, 18), (78, 30), (72, 44), (54, 30)], rgb, "cyl")  # the head
    c.ellipse((62, 32, 76, 46), (255, 238, 190), "round")


def lantern(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 44, 6)
    c.arc((40, 6, 60, 24), 180, 360, rgb, 1.6)
    c.poly([(30, 26), (50, 14), (70, 26)], rgb, "cyl")
    c.rect((32, 26, 68, 82), GLASS, 1, "cyl")
    c.rect((45, 54, 55, 76), (246, 240, 226), 1, "cyl")  # the candle
    c.ellipse((47.5, 44, 52.5, 54), (255, 196, 90), "round")
    for x in (32, 50, 68):
        c.line([(x, 26), (x, 82)], rgb, 1.6)
    c.rect((30, 80, 70, 86), rgb, 1, "flat")


def candle_holder(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 36, 6)
    c.ellipse((32, 78, 68, 88), rgb, "top")
    c.rect((45, 48, 55, 82), rgb, 2, "cyl")
    c.ellipse((38, 44, 62, 52), tone(rgb, 1.1), "top")
    c.rect((46, 14, 54, 48), (246, 242, 232), 1, "cyl")
    c.ellipse((47.5, 4, 52.5, 14), (255, 196, 90), "round")


# ---- Furniture ---------------------------------------------------------------------------------


def table(
    c: Canvas, rgb: RGB, width: float = 84, height: float = 40, round_top: bool = False
) -> None:
    x0, x1 = 50 - width / 2, 50 + width / 2
    top = FLOOR - height
    c.shadow(50, FLOOR, width + 4, 8)
    legs = (x0 + 4, x1 - 8) if not round_top else (50 - 14, 50 + 10)
    for x in legs:
        c.rect((x + 4, top + 2, x + 8, FLOOR - 4), tone(rgb, 0.72), 1, "cyl")  # back legs
    if round_top:
        c.ellipse((x0, top - 8, x1, top + 6), rgb, "top")
        c.rect((x0 + 1, top - 1, x1 - 1, top + 2), tone(rgb, 0.8), 1, "flat")
    else:
        c.poly([(x0, top), (x1, top), (x1 - 6, top - 10), (x0 + 6, top - 10)], rgb, "top")
        c.rect((x0, top, x1, top + 4), tone(rgb, 0.8), 0, "flat")
    for x in legs:
        c.rect((x - 2, top + 3, x + 3, FLOOR), tone(rgb, 0.88), 1, "cyl")  # front legs


def dining_table(c: Canvas, rgb: RGB) -> None:
    table(c, rgb, 90, 44)


def coffee_table(c: Canvas, rgb: RGB) -> None:
    table(c, rgb, 86, 24)


def side_table(c: Canvas, rgb: RGB) -> None:
    table(c, rgb, 46, 50, round_top=True)


def chair(c: Canvas, rgb: RGB, seat: float = 52, back_slats: int = 3) -> None:
    c.shadow(50, FLOOR, 50, 8)
    c.rect((30, 10, 34, FLOOR - 4), tone(rgb, 0.75), 1, "cyl")  # back legs rise to the back
    c.rect((66, 10, 70, FLOOR - 4), tone(rgb, 0.75), 1, "cyl")
    for i in range(back_slats):
        c.rect((32, 12 + i * 8, 68, 17 + i * 8), rgb, 1, "flat")
    c.poly([(24, seat), (76, seat), (70, seat - 8), (30, seat - 8)], rgb, "top")
    c.rect((24, seat, 76, seat + 4), tone(rgb, 0.8), 0, "flat")
    for x in (24, 72):
        c.rect((x, seat + 3, x + 4, FLOOR), tone(rgb, 0.9), 1, "cyl")


def bistro_chair(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 50, 8)
    c.line([(30, 56), (34, 12), (66, 12), (70, 56)], rgb, 2.2)  # a bent-steel back
    for x in (40, 50, 60):
        c.line([(x, 14), (x, 50)], rgb, 1.4)
    c.ellipse((24, 48, 76, 62), rgb, "top")
    c.line([(28, 56), (22, FLOOR)], rgb, 2)
    c.line([(72, 56), (78, FLOOR)], rgb, 2)
    c.line([(36, 58), (40, FLOOR - 4)], tone(rgb, 0.7), 1.6)
    c.line([(64, 58), (60, FLOOR - 4)], tone(rgb, 0.7), 1.6)


def stool(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 52, 8)
    for a, b in (((40, 42), (36, FLOOR - 3)), ((60, 42), (64, FLOOR - 3))):
        c.line([a, b], tone(rgb, 0.7), 3)
    c.line([(34, 44), (24, FLOOR)], rgb, 3.6)
    c.line([(66, 44), (76, FLOOR)], rgb, 3.6)
    c.line([(50, 48), (50, FLOOR + 1)], tone(rgb, 0.9), 3.6)
    c.line([(30, 66), (70, 66)], tone(rgb, 0.8), 1.6)  # the footrest
    c.ellipse((24, 34, 76, 48), rgb, "top")
    c.rect((24, 40, 76, 46), tone(rgb, 0.8), 3, "flat")


def bench(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 94, 8)
    for x in (8, 88):
        c.rect((x, 24, x + 4, FLOOR), tone(rgb, 0.75), 1, "cyl")
    for i in range(3):
        c.rect((8, 26 + i * 7, 92, 30 + i * 7), rgb, 1, "flat")  # back slats
    c.poly([(4, 58), (96, 58), (92, 50), (8, 50)], rgb, "top")
    c.rect((4, 58, 96, 61), tone(rgb, 0.8), 0, "flat")
    for x in (6, 90):
        c.rect((x, 60, x + 4, FLOOR + 1), tone(rgb, 0.9), 1, "cyl")
        c.rect((x - 2, 42, x + 6, 45), tone(rgb, 0.85), 1, "flat")  # arm rests


def cabinet(
    c: Canvas, rgb: RGB, x0: float, x1: float, top: float, bottom: float, doors: int, legs: bool
) -> None:
    c.shadow((x0 + x1) / 2, FLOOR, x1 - x0 + 6, 8)
    if legs:
        for x in (x0 + 3, x1 - 6):
            c.rect((x, bottom - 2, x + 3, FLOOR), tone(rgb, 0.6), 1, "cyl")
    c.poly([(x0, top), (x1, top), (x1 - 4, top - 6), (x0 + 4, top - 6)], tone(rgb, 1.12), "top")
    c.rect((x0, top, x1, bottom), rgb, 1, "cyl")
    step = (x1 - x0) / doors
    for i in range(doors):
        c.rect(
            (x0 + i * step + 2, top + 3, x0 + (i + 1) * step - 2, bottom - 3),
            tone(rgb, 0.92),
            1,
            "flat",
        )
        hx = x0 + (i + 0.5) * step
        c.rect((hx - 3, top + 5, hx + 3, top + 7), BRASS, 1, "flat")


def bedside_table(c: Canvas, rgb: RGB) -> None:
    cabinet(c, rgb, 28, 72, 36, 58, 1, True)
    c.rect((30, 60, 70, 62), tone(rgb, 0.8), 0, "flat")  # the open shelf below the drawer


def wall_cabinet(c: Canvas, rgb: RGB) -> None:
    cabinet(c, rgb, 20, 80, 16, 78, 2, False)
    c.rect((25, 22, 48, 72), GLASS, 1, "cyl")  # the mirrored door
    c.line([(30, 30), (40, 24)], (250, 252, 252), 1)


def trunk(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 90, 8)
    c.rect((10, 44, 90, FLOOR), rgb, 2, "cyl")
    c.rect((8, 36, 92, 50), tone(rgb, 1.08), 4, "top")  # the lid
    for x in (24, 72):
        c.rect((x, 36, x + 5, FLOOR), tone(rgb, 0.65), 0, "flat")  # leather straps
    c.rect((46, 48, 54, 56), BRASS, 1, "round")


def shelf(c: Canvas, rgb: RGB) -> None:
    c.rect((6, 48, 94, 54), rgb, 1, "top")
    for x in (20, 76):
        c.poly([(x, 54), (x + 4, 54), (x + 4, 64)], IRON, "flat")
    c.rect((14, 30, 20, 48), (180, 60, 50), 0, "cyl")  # a few books and a pot
    c.rect((20, 26, 26, 48), (50, 80, 110), 0, "cyl")
    c.rect((26, 32, 31, 48), (210, 180, 110), 0, "cyl")
    c.rect((62, 36, 76, 48), (196, 110, 76), 2, "cyl")
    c.ellipse((58, 20, 80, 38), LEAF, "round")


def magazine_rack(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 70, 8)
    c.rect((30, 30, 56, 76), (220, 80, 70), 1, "flat")  # magazines
    c.rect((40, 26, 66, 76), (70, 110, 150), 1, "flat")
    c.line([(20, FLOOR), (68, 28)], rgb, 3)
    c.line([(80, FLOOR), (32, 28)], rgb, 3)
    c.rect((22, 70, 78, 76), rgb, 1, "flat")


def clothes_rail(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 90, 6)
    c.line([(12, FLOOR), (12, 16), (88, 16), (88, FLOOR)], rgb, 2.4)
    c.line([(6, FLOOR), (18, FLOOR)], rgb, 2.4)
    c.line([(82, FLOOR), (94, FLOOR)], rgb, 2.4)
    for i, colour in enumerate(((196, 110, 76), (80, 110, 140), (230, 220, 200), (110, 130, 90))):
        x = 24 + i * 14
        c.line([(x - 5, 22), (x, 16), (x + 5, 22)], IRON, 0.8)
        c.poly([(x - 7, 22), (x + 7, 22), (x + 8, 62), (x - 8, 62)], colour, "cyl")


def towel_ladder(c: Canvas, rgb: RGB) -> None:
    c.shadow(60, FLOOR, 40, 6)
    c.line([(34, 8), (40, FLOOR)], rgb, 2.6)
    c.line([(64, 8), (74, FLOOR)], rgb, 2.6)
    for i in range(5):
        y = 16 + i * 15
        c.line([(35 + i * 1.1, y), (65 + i * 2, y)], tone(rgb, 0.9), 2)
    c.rect((38, 29, 66, 50), (214, 200, 176), 2, "cyl")  # a towel hung over a rung


# ---- Storage, baskets and decor -----------------------------------------------------------------


def basket(c: Canvas, rgb: RGB, lid: bool = False, tall: bool = False) -> None:
    top = 30 if tall else 44
    c.shadow(50, FLOOR, 76, 8)
    c.poly([(14, top), (86, top), (80, FLOOR), (20, FLOOR)], rgb, "cyl")
    for y in range(int(top) + 4, FLOOR, 5):
        c.line([(16, y), (84, y)], tone(rgb, 0.8), 0.6)  # the weave
    for x in range(20, 84, 6):
        c.line([(x, top), (x + (50 - x) * 0.08, FLOOR)], tone(rgb, 0.88), 0.4)
    if lid:
        c.ellipse((12, top - 6, 88, top + 6), tone(rgb, 1.08), "top")
        c.ellipse((46, top - 8, 54, top - 3), tone(rgb, 0.7), "round")
    else:
        c.ellipse((14, top - 5, 86, top + 5), tone(rgb, 0.6), "top")
        for x in (16, 78):
            c.arc((x, top - 6, x + 8, top + 6), 180, 360, tone(rgb, 0.7), 1.6)


def storage_basket(c: Canvas, rgb: RGB) -> None:
    basket(c, rgb)


def hamper(c: Canvas, rgb: RGB) -> None:
    basket(c, rgb, lid=True, tall=True)


def proving_basket(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, 78, 80, 8)
    c.ellipse((12, 50, 88, 80), tone(rgb, 0.75), "cyl")
    c.ellipse((12, 38, 88, 72), rgb, "top")
    for i in range(1, 5):
        d = i * 7
        c.outline_ellipse((12 + d, 38 + d * 0.45, 88 - d, 72 - d * 0.45), tone(rgb, 0.75), 0.7)


def vase(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 40, 6)
    c.ellipse((28, 44, 72, 86), rgb, "round")
    c.rect((40, 16, 60, 56), rgb, 3, "cyl")
    c.ellipse((36, 12, 64, 20), tone(rgb, 0.7), "top")
    c.line([(46, 14), (38, 0)], LEAF, 1.2)  # a couple of stems
    c.line([(54, 14), (64, 2)], LEAF, 1.2)


def mirror(c: Canvas, rgb: RGB) -> None:
    c.ellipse((12, 10, 88, 86), rgb, "round")
    c.ellipse((18, 16, 82, 80), (206, 220, 226), "round")
    c.line([(34, 30), (48, 22)], (250, 252, 252), 1.4)  # reflections
    c.line([(30, 40), (40, 34)], (250, 252, 252), 1)


def picture_frame(c: Canvas, rgb: RGB) -> None:
    c.shadow(54, FLOOR, 56, 6)
    c.rect((24, 12, 80, 84), rgb, 1, "cyl")
    c.rect((30, 18, 74, 78), (246, 244, 238), 0, "flat")  # the mount
    c.rect((36, 26, 68, 68), (150, 180, 200), 0, "top")  # a little landscape print
    c.poly([(36, 68), (48, 46), (58, 58), (68, 50), (68, 68)], (96, 130, 90), "flat")


def clock(c: Canvas, rgb: RGB) -> None:
    c.ellipse((12, 10, 88, 86), rgb, "round")
    c.ellipse((18, 16, 82, 80), (246, 243, 236), "flat")
    for i in range(12):
        a = i * math.pi / 6
        x, y = 50 + 28 * math.sin(a), 48 - 28 * math.cos(a)
        c.line([(x, y), (50 + 31 * math.sin(a), 48 - 31 * math.cos(a))], IRON, 1.2)
    c.line([(50, 48), (50, 26)], IRON, 1.6)
    c.line([(50, 48), (64, 56)], IRON, 2)
    c.ellipse((48, 46, 52, 50), IRON, "round")


def plant(c: Canvas, x0: float, x1: float, top: float) -> None:
    cx, w = (x0 + x1) / 2, x1 - x0
    for dx, dy, s in ((-0.3, 0.2, 0.5), (0.28, 0.15, 0.5), (0, -0.1, 0.6)):
        c.ellipse(
            (cx + dx * w - s * w / 2, top - s * w + dy * w, cx + dx * w + s * w / 2, top + dy * w),
            LEAF,
            "round",
        )


def plant_pot(c: Canvas, rgb: RGB, saucer: bool = False) -> None:
    c.shadow(50, FLOOR, 52, 8)
    if saucer:  # an indoor planter stands in a matching saucer
        c.ellipse((24, FLOOR - 6, 76, FLOOR + 2), tone(rgb, 0.85), "top")
    plant(c, 28, 72, 46)
    c.poly([(26, 44), (74, 44), (66, FLOOR), (34, FLOOR)], rgb, "cyl")
    c.rect((24, 40, 76, 50), tone(rgb, 1.08), 1, "cyl")  # the rim


def window_box(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 94, 6)
    for x, colour in (
        (16, (214, 72, 82)),
        (34, (240, 196, 70)),
        (52, (214, 72, 82)),
        (70, (180, 120, 200)),
    ):
        c.ellipse((x - 4, 38, x + 14, 56), LEAF, "round")
        c.ellipse((x, 36, x + 8, 44), colour, "round")
    c.rect((6, 54, 94, FLOOR), rgb, 2, "cyl")
    c.rect((4, 50, 96, 56), tone(rgb, 1.08), 1, "top")


def hanging_basket(c: Canvas, rgb: RGB) -> None:
    for x in (20, 80):
        c.line([(x, 50), (50, 4)], IRON, 0.8)
    c.ellipse((22, 34, 78, 56), LEAF, "round")
    for x, y in ((28, 42), (48, 36), (66, 44), (40, 48)):
        c.ellipse((x, y, x + 8, y + 7), (220, 90, 120), "round")
    c.chord((18, 24, 82, 86), 0, 180, rgb, "cyl")
    c.line([(24, 60), (20, 80)], LEAF, 1.4)  # trailing stems
    c.line([(76, 60), (82, 84)], LEAF, 1.4)


def raised_bed(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 96, 8)
    c.poly([(4, 56), (96, 56), (88, 46), (12, 46)], SOIL, "top")
    for x in (18, 34, 50, 66, 82):
        c.ellipse((x - 6, 36, x + 6, 52), LEAF, "round")
    c.rect((4, 56, 96, FLOOR), rgb, 0, "cyl")
    for y in (64, 74):
        c.line([(4, y), (96, y)], tone(rgb, 0.8), 0.6)  # boards


def seed_tray(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, 78, 92, 8)
    c.poly([(16, 48), (84, 48), (94, 62), (6, 62)], SOIL, "top")
    for i in range(6):
        x = 16 + i * 13
        c.line([(x + 2, 54), (x + 2, 46)], LEAF, 0.8)
        c.ellipse((x - 1, 43, x + 5, 47), LEAF, "round")
    c.rect((6, 62, 94, 74), rgb, 1, "cyl")


# ---- Garden ------------------------------------------------------------------------------------


def hand_tool(c: Canvas, rgb: RGB, head: str) -> None:
    c.shadow(50, 90, 30, 5)
    c.rect((44, 4, 56, 40), WOOD, 5, "cyl")  # the ash handle
    c.rect((46, 38, 54, 48), STEEL, 1, "cyl")  # the ferrule
    if head == "trowel":
        c.poly([(34, 48), (66, 48), (62, 70), (50, 90), (38, 70)], rgb, "cyl")
        c.line([(50, 50), (50, 84)], tone(rgb, 0.8), 0.8)
    else:  # a hand fork
        c.rect((36, 46, 64, 54), rgb, 2, "cyl")
        for x in (37, 48, 59):
            c.poly([(x, 52), (x + 4, 52), (x + 3, 88), (x + 1, 88)], rgb, "cyl")


def trowel(c: Canvas, rgb: RGB) -> None:
    hand_tool(c, rgb, "trowel")


def hand_fork(c: Canvas, rgb: RGB) -> None:
    hand_tool(c, rgb, "fork")


def spade(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, 94, 30, 4)
    c.arc((38, 2, 62, 18), 180, 360, WOOD, 2.6)  # the D-handle
    c.line([(38, 10), (62, 10)], WOOD, 2.6)
    c.rect((47, 9, 53, 62), WOOD, 2, "cyl")
    c.rect((46, 58, 54, 66), STEEL, 1, "cyl")
    c.poly([(34, 64), (66, 64), (64, 92), (36, 92)], rgb, "cyl")


def rake(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, 94, 60, 4)
    c.rect((47.5, 2, 52.5, 78), WOOD, 2, "cyl")
    c.rect((20, 76, 80, 81), rgb, 1, "cyl")
    for x in range(21, 80, 5):
        c.line([(x, 80), (x, 92)], rgb, 1)


def shears(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, 84, 70, 6)
    c.poly([(44, 40), (20, 10), (28, 8), (52, 38)], STEEL, "top")  # blades
    c.poly([(52, 40), (38, 8), (44, 6), (58, 38)], tone(STEEL, 0.8), "top")
    c.ellipse((45, 36, 55, 46), IRON, "round")  # pivot
    c.poly([(46, 44), (20, 84), (30, 88), (52, 46)], rgb, "cyl")  # handles
    c.poly([(54, 44), (76, 86), (86, 82), (56, 42)], tone(rgb, 0.9), "cyl")


def watering_can(c: Canvas, rgb: RGB) -> None:
    c.shadow(46, FLOOR, 64, 8)
    c.poly([(40, 64), (90, 22), (94, 26), (46, 72)], tone(rgb, 0.9), "cyl")  # long spout
    c.ellipse((86, 16, 98, 28), tone(rgb, 0.8), "round")  # the rose
    c.arc((22, 18, 62, 58), 180, 360, tone(rgb, 0.85), 3.2)  # top handle
    c.rect((16, 38, 58, FLOOR), rgb, 4, "cyl")
    c.ellipse((16, 34, 58, 42), tone(rgb, 1.1), "top")
    c.arc((6, 44, 22, 72), 90, 270, tone(rgb, 0.85), 3)  # back handle


def kneeler(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 86, 8)
    c.rect((8, 50, 92, FLOOR), tone(rgb, 0.85), 8, "cyl")
    c.rect((8, 42, 92, 72), rgb, 10, "top")
    c.rect((38, 48, 62, 54), (230, 224, 214), 3, "flat")  # the carry hole


def hammock(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 96, 6)
    for x in (6, 90):
        c.rect((x, 20, x + 4, FLOOR), WOOD, 1, "cyl")
    c.line([(8, 24), (20, 44)], (210, 196, 170), 0.8)
    c.line([(92, 24), (80, 44)], (210, 196, 170), 0.8)
    c.chord((18, 14, 82, 74), 0, 180, rgb, "cyl")
    for x in range(24, 78, 8):
        c.line([(x, 58), (x + 2, 70)], tone(rgb, 0.8), 0.6)


def fire_pit(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 80, 8)
    for a, b in (((28, 66), (22, FLOOR)), ((72, 66), (78, FLOOR)), ((50, 70), (50, FLOOR + 1))):
        c.line([a, b], IRON, 2.4)
    c.ellipse((24, 28, 76, 54), (255, 170, 60), "round")  # flames
    c.ellipse((34, 20, 62, 46), (255, 214, 110), "round")
    c.chord((10, 24, 90, 74), 0, 180, rgb, "cyl")
    c.ellipse((10, 44, 90, 54), tone(rgb, 0.7), "top")
    c.rect((28, 40, 72, 46), DARK_WOOD, 2, "flat")  # logs
    c.ellipse((30, 32, 70, 46), (255, 170, 60), "round")


# ---- Pantry --------------------------------------------------------------------------------------


def jar(c: Canvas, rgb: RGB, clip: bool = False) -> None:
    c.shadow(50, FLOOR, 50, 8)
    body = GLASS if rgb == GLASS or sum(rgb) > 640 else rgb
    c.rect((28, 30, 72, FLOOR), body, 8, "cyl")
    if body == GLASS:
        c.rect((30, 52, 70, FLOOR - 2), (222, 196, 140), 6, "top")  # the oats or pasta inside
    if clip:
        c.rect((28, 22, 72, 30), GLASS, 4, "cyl")
        c.rect((27, 28, 73, 31), (232, 120, 60), 1, "flat")  # orange rubber seal
        c.line([(70, 24), (76, 34), (70, 44)], STEEL, 1.2)
    else:
        c.rect((26, 20, 74, 32), WOOD, 3, "cyl")  # a wooden lid
    c.line([(34, 36), (34, 70)], (250, 252, 252), 1.4)  # the glass catching the light


def storage_jar(c: Canvas, rgb: RGB) -> None:
    jar(c, rgb)


def kilner_jar(c: Canvas, rgb: RGB) -> None:
    jar(c, GLASS, clip=True)


def tin(c: Canvas, rgb: RGB, width: float, height: float) -> None:
    x0, x1 = 50 - width / 2, 50 + width / 2
    top = FLOOR - height
    c.shadow(50, FLOOR, width + 6, 8)
    c.rect((x0, top + 6, x1, FLOOR), rgb, 2, "cyl")
    c.ellipse((x0, FLOOR - 4, x1, FLOOR + 2), tone(rgb, 0.8), "cyl")
    c.rect((x0 - 1, top, x1 + 1, top + 10), tone(rgb, 0.9), 2, "cyl")  # the lid
    c.ellipse((x0 - 1, top - 4, x1 + 1, top + 4), tone(rgb, 1.12), "top")
    c.rect(
        (x0 + width * 0.15, top + 20, x1 - width * 0.15, top + 20 + height * 0.3),
        (240, 232, 214),
        1,
        "flat",
    )  # label


def spice_tin(c: Canvas, rgb: RGB) -> None:
    tin(c, rgb, 30, 36)


def tea_caddy(c: Canvas, rgb: RGB) -> None:
    tin(c, rgb, 36, 62)


def biscuit_tin(c: Canvas, rgb: RGB) -> None:
    tin(c, rgb, 76, 34)


def bread_bin(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 90, 8)
    c.rect((8, 50, 92, FLOOR), rgb, 4, "cyl")
    c.chord((8, 20, 92, 80), 180, 360, rgb, "round")  # the roll top
    c.line([(10, 50), (90, 50)], tone(rgb, 0.75), 0.8)
    c.rect((40, 52, 60, 56), tone(rgb, 0.7), 2, "flat")  # handle
    c.rect((30, 64, 70, 72), (244, 240, 232), 1, "flat")  # BREAD label panel


def lunch_box(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 80, 8)
    c.rect((12, 46, 88, FLOOR), rgb, 6, "cyl")
    c.rect((12, 60, 88, 62), tone(rgb, 0.7), 0, "flat")  # two tiers
    c.rect((10, 38, 90, 48), tone(rgb, 1.1), 5, "top")
    for x in (6, 90):
        c.rect((x, 44, x + 4, 66), IRON, 1, "flat")  # the clips


def vegetable_rack(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 70, 6)
    for x in (16, 80):
        c.rect((x, 14, x + 4, FLOOR), tone(rgb, 0.8), 1, "cyl")
    for y, produce in ((40, (200, 160, 100)), (66, (170, 90, 70))):
        c.ellipse((24, y - 10, 36, y), produce, "round")
        c.ellipse((40, y - 12, 54, y), produce, "round")
        c.ellipse((58, y - 10, 70, y), produce, "round")
        c.rect((18, y, 82, y + 6), rgb, 2, "cyl")


def oil_bottle(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 36, 6)
    body = GLASS if sum(rgb) > 640 else rgb
    c.rect((34, 36, 66, FLOOR), body, 8, "cyl")
    if body == GLASS:
        c.rect((36, 50, 64, FLOOR - 2), (214, 178, 60), 6, "cyl")  # olive oil
    c.poly([(42, 36), (46, 18), (54, 18), (58, 36)], body, "cyl")
    c.rect((46, 12, 54, 20), STEEL, 1, "cyl")
    c.line([(50, 12), (60, 4)], STEEL, 1.2)  # the pourer


def caddy(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, 74, 96, 6)
    c.rect((2, 56, 98, 64), tone(rgb, 0.85), 2, "cyl")
    c.poly([(2, 56), (98, 56), (90, 46), (10, 46)], rgb, "top")
    for x in range(16, 88, 10):
        c.line([(x, 48), (x - 1, 55)], tone(rgb, 0.6), 1.2)  # the slots
    c.rect((58, 38, 72, 48), (236, 224, 200), 3, "round")  # soap
    c.rect((26, 22, 36, 48), GLASS, 1, "cyl")  # a glass


def toothbrush_holder(c: Canvas, rgb: RGB) -> None:
    c.shadow(50, FLOOR, 40, 6)
    c.line([(44, 46), (36, 8)], (90, 160, 200), 2)
    c.line([(56, 46), (64, 10)], (240, 240, 236), 2)
    c.rect((33, 6, 39, 14), (250, 250, 250), 1, "flat")
    c.rect((32, 40, 68, FLOOR), rgb, 5, "cyl")
    c.ellipse((32, 36, 68, 44), tone(rgb, 0.7), "top")


DRAWINGS: dict[str, Callable[[Canvas, RGB], None]] = {
    "Skillet": skillet,
    "Griddle Pan": lambda c, rgb: skillet(c, rgb, square=True),
    "Wok": wok,
    "Saucepan": saucepan,
    "Stock Pot": stock_pot,
    "Dutch Oven": dutch_oven,
    "Roasting Tin": roasting_tin,
    "Chef's Knife": knife,
    "Paring Knife": lambda c, rgb: knife(c, rgb, 0.55),
    "Bread Knife": lambda c, rgb: knife(c, rgb, 1.0, serrated=True),
    "Chopping Board": chopping_board,
    "Knife Block": knife_block,
    "Whetstone": whetstone,
    "Dinner Plate": plate,
    "Side Plate": lambda c, rgb: plate(c, rgb, 0.7),
    "Pasta Bowl": lambda c, rgb: plate(c, rgb, 0.95, deep=True),
    "Serving Bowl": bowl,
    "Mixing Bowl": lambda c, rgb: bowl(c, rgb, 78, 44),
    "Mug": mug,
    "Jug": jug,
    "Teapot": teapot,
    "Loaf Tin": loaf_tin,
    "Cooling Rack": cooling_rack,
    "Rolling Pin": rolling_pin,
    "Cake Tin": cake_tin,
    "Proving Basket": proving_basket,
    "Cushion Cover": cushion,
    "Outdoor Cushion": lambda c, rgb: cushion(c, rgb, 1.3),
    "Throw": throw,
    "Blanket": lambda c, rgb: folded(c, rgb, 5, 80),
    "Picnic Blanket": picnic_blanket,
    "Floor Cushion": floor_cushion,
    "Bolster": bolster,
    "Table Lamp": table_lamp,
    "Floor Lamp": floor_lamp,
    "Pendant Shade": pendant,
    "Reading Light": reading_light,
    "Lantern": lantern,
    "Dining Table": dining_table,
    "Dining Chair": chair,
    "Coffee Table": coffee_table,
    "Side Table": side_table,
    "Storage Basket": storage_basket,
    "Magazine Rack": magazine_rack,
    "Shelf": shelf,
    "Trunk": trunk,
    "Vase": vase,
    "Candle Holder": candle_holder,
    "Wall Mirror": mirror,
    "Picture Frame": picture_frame,
    "Planter": lambda c, rgb: plant_pot(c, rgb, saucer=True),
    "Plant Pot": plant_pot,
    "Clock": clock,
    "Duvet Cover": lambda c, rgb: folded(c, rgb, 3, 80),
    "Fitted Sheet": lambda c, rgb: folded(c, rgb, 2, 66),
    "Bedspread": lambda c, rgb: folded(c, rgb, 4, 84),
    "Pillowcase Pair": pillows,
    "Duvet": duvet,
    "Pyjama Set": pyjamas,
    "Dressing Gown": dressing_gown,
    "Sleep Mask": sleep_mask,
    "Slippers": slippers,
    "Bedside Table": bedside_table,
    "Laundry Hamper": hamper,
    "Clothes Rail": clothes_rail,
    "Stool": stool,
    "Hand Towel": lambda c, rgb: towel(c, rgb, 50, 3),
    "Bath Towel": towel,
    "Bath Sheet": lambda c, rgb: towel(c, rgb, 82, 4),
    "Face Cloth": lambda c, rgb: towel(c, rgb, 44, 2),
    "Hooded Towel": hooded_towel,
    "Bath Mat": bath_mat,
    "Soap Dish": soap_dish,
    "Toothbrush Holder": toothbrush_holder,
    "Shower Curtain": shower_curtain,
    "Bath Caddy": caddy,
    "Towel Ladder": towel_ladder,
    "Wall Cabinet": wall_cabinet,
    "Laundry Basket": lambda c, rgb: basket(c, rgb, tall=True),
    "Trowel": trowel,
    "Hand Fork": hand_fork,
    "Pruning Shears": shears,
    "Spade": spade,
    "Watering Can": watering_can,
    "Kneeler": kneeler,
    "Rake": rake,
    "Window Box": window_box,
    "Hanging Basket": hanging_basket,
    "Raised Bed": raised_bed,
    "Seed Tray": seed_tray,
    "Bistro Chair": bistro_chair,
    "Garden Bench": bench,
    "Hammock": hammock,
    "Fire Pit": fire_pit,
    "Storage Jar": storage_jar,
    "Spice Tin": spice_tin,
    "Tea Caddy": tea_caddy,
    "Biscuit Tin": biscuit_tin,
    "Kilner Jar": kilner_jar,
    "Bread Bin": bread_bin,
    "Lunch Box": lunch_box,
    "Butter Dish": butter_dish,
    "Vegetable Rack": vegetable_rack,
    "Oil Bottle": oil_bottle,
}
