"""Garden tools, pots and planters, and outdoor living."""

from __future__ import annotations

from ..canvas import RGB, Canvas, tone
from .palette import DARK_WOOD, FLOOR, IRON, LEAF, SOIL, STEEL, WOOD


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
