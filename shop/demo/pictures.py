"""Draws recognisable demo product pictures with Pillow and stores them through the real pipeline.

One picture per (product type, colour): products that share both share the (content-addressed)
files, which keeps seeding fast at benchmark sizes.
"""

from __future__ import annotations

import colorsys
import io
from collections.abc import Callable, Sequence

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import insert, select

from ..catalogue.models import Product, ProductImage
from ..catalogue.photos import files_digest, renditions_record
from ..catalogue.version import bump_version, note_change
from ..database.transaction import unit_of_work
from ..extensions import db
from ..images import MediaStorage, StagedWrites, process_image

SIZE = 900
COLOURS_RGB = {
    "Sage": (156, 175, 136), "Charcoal": (68, 71, 77), "Oatmeal": (216, 204, 180),
    "Rust": (183, 84, 46), "Ink Blue": (43, 62, 104), "Moss": (103, 121, 62),
    "Chalk": (236, 233, 225), "Ochre": (204, 142, 53), "Slate": (98, 113, 128),
    "Blush": (222, 170, 166), "Forest": (45, 88, 62), "Sand": (214, 190, 150),
    "Plum": (110, 60, 92), "Teal": (42, 120, 122), "Natural": (200, 178, 140),
    "Mustard": (214, 168, 52),
}  # fmt: skip
# Shape families by what the product is; anything else is drawn as a box.
SHAPES = {
    "round": ("Plate", "Bowl", "Mirror", "Clock", "Dish", "Tray", "Pit", "Mat", "Cushion"),
    "tall": ("Jar", "Lamp", "Vase", "Bottle", "Jug", "Tin", "Caddy", "Holder", "Can", "Ladder"),
    "tool": ("Knife", "Trowel", "Fork", "Spade", "Rake", "Shears", "Pin", "Rack", "Rail"),
    "soft": ("Throw", "Blanket", "Towel", "Sheet", "Cover", "Pillowcase", "Gown", "Set", "Cloth"),
    "pot": ("Pot", "Planter", "Skillet", "Saucepan", "Oven", "Wok", "Pan", "Teapot", "Mug",
            "Basket"),
}  # fmt: skip


def _shape_for(noun: str) -> str:
    for shape, words in SHAPES.items():
        if any(word in noun for word in words):
            return shape
    return "box"


def _shade(rgb: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    h, light, s = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    light = max(0.0, min(1.0, light * factor))
    return tuple(round(c * 255) for c in colorsys.hls_to_rgb(h, light, s))  # type: ignore[return-value]


def draw_product_picture(noun: str, colour: str) -> bytes:
    """A studio-style picture: soft background, the object's silhouette, its name."""
    rgb = COLOURS_RGB.get(colour, (150, 150, 150))
    background = _shade(rgb, 1.75) if sum(rgb) < 600 else (246, 244, 238)
    image = Image.new("RGB", (SIZE, SIZE), background)
    draw = ImageDraw.Draw(image)
    # Floor and shadow give the object somewhere to stand.
    draw.rectangle((0, 640, SIZE, SIZE), fill=_shade(background, 0.93))
    draw.ellipse((230, 610, 670, 680), fill=_shade(background, 0.8))
    dark, light = _shade(rgb, 0.7), _shade(rgb, 1.2)
    shape = _shape_for(noun)
    if shape == "round":
        draw.ellipse((200, 180, 700, 650), fill=rgb, outline=dark, width=14)
        draw.ellipse((300, 270, 600, 560), outline=light, width=10)
    elif shape == "tall":
        draw.rounded_rectangle((330, 150, 570, 650), radius=50, fill=rgb, outline=dark, width=14)
        draw.rounded_rectangle((360, 110, 540, 170), radius=20, fill=dark)
        draw.rectangle((360, 300, 540, 400), fill=light)
    elif shape == "tool":
        draw.rounded_rectangle((420, 110, 480, 440), radius=24, fill=_shade(rgb, 0.55))
        draw.polygon([(450, 430), (560, 640), (340, 640)], fill=rgb, outline=dark, width=10)
    elif shape == "soft":
        for i, y in enumerate(range(220, 640, 70)):
            fill = rgb if i % 2 == 0 else light
            box = (180, y, 720, y + 80)
            draw.rounded_rectangle(box, radius=30, fill=fill, outline=dark, width=6)
    elif shape == "pot":
        body = [(230, 300), (670, 300), (610, 650), (290, 650)]
        draw.polygon(body, fill=rgb, outline=dark, width=14)
        draw.rounded_rectangle((200, 260, 700, 320), radius=20, fill=dark)
    else:
        draw.rounded_rectangle((220, 260, 680, 650), radius=26, fill=rgb, outline=dark, width=14)
        draw.line((220, 360, 680, 360), fill=dark, width=10)
    font = ImageFont.load_default(size=54)
    label = noun.upper()
    width = draw.textlength(label, font=font)
    draw.text(((SIZE - width) / 2, 740), label, font=font, fill=_shade(rgb, 0.5))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _noun_of(name: str, nouns: Sequence[str]) -> str:
    return next((noun for noun in nouns if name.endswith(noun)), name.rsplit(" ", 1)[-1])


def seed_demo_images(
    product_ids: Sequence[int],
    nouns: Sequence[str],
    *,
    storage: MediaStorage,
    max_pixels: int,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Give each product one picture of its type and colour; returns pictures drawn."""
    # One unit of work: files drawn for rows that are never inserted are removed again.
    staged = StagedWrites(storage)
    with unit_of_work(staged):
        drawn = _draw_and_insert(product_ids, nouns, staged, max_pixels, progress)
    return drawn


def _draw_and_insert(
    product_ids: Sequence[int],
    nouns: Sequence[str],
    staged: StagedWrites,
    max_pixels: int,
    progress: Callable[[int], None] | None,
) -> int:
    drawn: dict[tuple[str, str], dict] = {}
    rows: list[dict] = []
    ordered_nouns = sorted(nouns, key=len, reverse=True)  # "Side Table" before "Table"
    for start in range(0, len(product_ids), 1000):
        chunk = product_ids[start : start + 1000]
        products = db.session.execute(
            select(Product.id, Product.name).where(Product.id.in_(chunk))
        ).all()
        for product_id, name in products:
            noun = _noun_of(name, ordered_nouns)
            colour = next((c for c in COLOURS_RGB if f" {c} " in f" {name} "), "Natural")
            if (noun, colour) not in drawn:
                data = draw_product_picture(noun, colour)
                processed = process_image(data, max_pixels=max_pixels)
                renditions = renditions_record(processed, staged.save)
                drawn[(noun, colour)] = {
                    "width": processed.width,
                    "height": processed.height,
                    "renditions": renditions,
                    "digest": files_digest(renditions),
                }
            rows.append(
                {
                    "product_id": product_id,
                    "position": 0,
                    "alt_text": f"{name}, {colour.lower()}",
                    **drawn[(noun, colour)],
                }
            )
        if progress:
            progress(len(chunk))
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(ProductImage), rows[start : start + 5000])
    bump_version(db.session.connection())  # bulk inserts skip the ORM's flush hook
    note_change(db.session())  # and tell running app servers after the commit
    return len(drawn)
