"""Pans, pots, bakeware, knives and boards."""

from __future__ import annotations

from ..canvas import RGB, Canvas, tone
from .palette import DARK_WOOD, FLOOR, IRON, STEEL, WOOD


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
