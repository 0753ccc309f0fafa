"""Plates, bowls, jugs and teapots; jars, tins and bottles for the pantry and the bathroom shelf."""

from __future__ import annotations

from ..canvas import RGB, Canvas, tone
from .palette import FLOOR, GLASS, IRON, STEEL, WOOD


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
