"""Lamps, furniture, baskets and decor."""

from __future__ import annotations

import math

from ..canvas import RGB, Canvas, tone
from .palette import BRASS, FLOOR, GLASS, IRON, LEAF, LINEN


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
    """A pedestal table: round top, one turned column, a round foot (a stool has legs)."""
    c.shadow(50, FLOOR, 50, 8)
    c.ellipse((30, FLOOR - 7, 70, FLOOR + 1), tone(rgb, 0.8), "top")
    c.rect((46, 36, 54, FLOOR - 3), tone(rgb, 0.9), 2, "cyl")
    c.rect((43, 56, 57, 60), tone(rgb, 0.85), 2, "cyl")  # a turned ring
    c.ellipse((22, 28, 78, 42), rgb, "top")
    c.rect((22, 34, 78, 38), tone(rgb, 0.8), 2, "flat")


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
    """An open crate with magazines standing in it and a carrying bar above."""
    c.shadow(50, FLOOR, 80, 8)
    for x in (14, 82):
        c.rect((x, 22, x + 4, FLOOR), tone(rgb, 0.85), 1, "cyl")  # the end posts
    c.rect((14, 22, 86, 26), rgb, 2, "cyl")  # the carrying bar
    c.poly([(26, 46), (46, 40), (50, 76), (30, 78)], (214, 84, 72), "flat")  # magazines
    c.poly([(40, 42), (62, 40), (64, 76), (42, 76)], (70, 110, 150), "flat")
    c.poly([(56, 44), (74, 48), (70, 78), (54, 76)], (236, 214, 150), "flat")
    c.rect((12, 58, 88, FLOOR), rgb, 2, "cyl")  # the low front board
    c.line([(14, 70), (86, 70)], tone(rgb, 0.8), 0.5)


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
