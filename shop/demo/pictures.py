"""Draws demo product pictures with Pillow and stores them through the real image pipeline.

One picture per (product type, colour): products that share both share the (content-addressed)
files, which keeps seeding fast at benchmark sizes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PIL import Image
from sqlalchemy import bindparam, insert, update

from ..catalogue.models import ProductImage
from ..catalogue.photos import files_digest, renditions_record
from ..catalogue.variant_models import ProductVariant
from ..catalogue.version import bump_version, note_change
from ..database.transaction import unit_of_work
from ..extensions import db
from ..images import MediaStorage, StagedWrites, process_image
from .canvas import RGB, Canvas
from .drawings import DRAWINGS
from .drawings.furniture import basket

if TYPE_CHECKING:
    from .catalogue import PictureOrder

SIZE = 640  # the widest rendition the pipeline makes from it; larger would only cost time
COLOURS_RGB: dict[str, RGB] = {
    "Sage": (156, 175, 136), "Charcoal": (68, 71, 77), "Oatmeal": (216, 204, 180),
    "Rust": (183, 84, 46), "Ink Blue": (43, 62, 104), "Moss": (103, 121, 62),
    "Chalk": (236, 233, 225), "Ochre": (204, 142, 53), "Slate": (98, 113, 128),
    "Blush": (222, 170, 166), "Forest": (45, 88, 62), "Sand": (214, 190, 150),
    "Plum": (110, 60, 92), "Teal": (42, 120, 122), "Natural": (200, 178, 140),
    "Mustard": (214, 168, 52),
}  # fmt: skip
# Materials that are not dyed or glazed show their own tone.
MATERIAL_RGB: dict[str, RGB] = {
    "Cast Iron": (58, 58, 62), "Carbon Steel": (78, 80, 84), "Stainless Steel": (184, 188, 192),
    "Damascus Steel": (150, 154, 160), "Copper": (190, 112, 68), "Brass": (200, 160, 80),
    "Aluminium": (200, 202, 205), "Black Steel": (50, 50, 54), "Forged Steel": (96, 98, 102),
    "Galvanised Steel": (172, 178, 180), "Zinc": (156, 166, 170), "Cor-ten Steel": (142, 72, 40),
    "Oak": (196, 150, 96), "Walnut": (112, 74, 50), "Ash": (218, 194, 152),
    "Beech": (222, 186, 140), "Olive Wood": (178, 146, 96), "Teak": (164, 112, 62),
    "Larch": (196, 146, 94), "Bamboo": (214, 184, 124), "Cork": (194, 152, 106),
    "Rattan": (208, 168, 112), "Seagrass": (184, 172, 122), "Water Hyacinth": (162, 130, 90),
    "Jute": (192, 162, 112), "Willow": (172, 132, 82), "Cane": (214, 180, 124),
    "Rope": (216, 202, 172), "Terracotta": (192, 102, 70), "Concrete": (164, 164, 158),
    "Glass": (214, 230, 232), "Marble": (236, 234, 228), "Ceramic": (230, 228, 222),
    "Natural Stone": (150, 148, 140), "Recycled Plastic": (70, 74, 70),
    "Wool": (236, 232, 222), "Goose Down": (244, 242, 236), "Hollowfibre": (240, 240, 240),
    "Sheepskin": (226, 212, 186),
}  # fmt: skip
GREY: RGB = (150, 150, 150)


def colour_rgb(colour: str) -> RGB:
    """The RGB of a shop colour name or of a material's own tone."""
    return COLOURS_RGB.get(colour) or MATERIAL_RGB.get(colour) or GREY


def draw_product(kind: str, colour_rgb: RGB, size: int = SIZE) -> Image.Image:
    """A studio picture of a product type (a noun from data.py) in a colour, size by size pixels."""
    canvas = Canvas(size)
    DRAWINGS.get(kind, basket)(canvas, colour_rgb)
    return canvas.picture()


def draw_product_picture(noun: str, colour: str) -> bytes:
    """The PNG file of `draw_product`, for the image pipeline."""
    buffer = io.BytesIO()
    draw_product(noun, colour_rgb(colour)).save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def seed_demo_images(
    orders: Sequence[PictureOrder],
    *,
    storage: MediaStorage,
    max_pixels: int,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Give each product one picture of its type and colour; returns pictures drawn."""
    # One unit of work: files drawn for rows that are never inserted are removed again.
    staged = StagedWrites(storage)
    with unit_of_work(staged):
        drawn = _draw_and_insert(orders, staged, max_pixels, progress)
    return drawn


def _draw_and_insert(
    orders: Sequence[PictureOrder],
    staged: StagedWrites,
    max_pixels: int,
    progress: Callable[[int], None] | None,
) -> int:
    drawn: dict[tuple[str, str], dict] = {}
    rows: list[dict] = []
    for start in range(0, len(orders), 1000):
        chunk = orders[start : start + 1000]
        for order in chunk:
            key = (order.noun, order.colour)
            if key not in drawn:
                processed = process_image(draw_product_picture(*key), max_pixels=max_pixels)
                renditions = renditions_record(processed, staged.save)
                drawn[key] = {
                    "width": processed.width,
                    "height": processed.height,
                    "renditions": renditions,
                    "digest": files_digest(renditions),
                }
            rows.append(
                {
                    "product_id": order.product_id,
                    "position": order.position,
                    "alt_text": order.alt_text,
                    **drawn[key],
                }
            )
        if progress:
            progress(len(chunk))
    shown_for: list[dict] = []  # a variant's own photo: the picture in its colour
    for start in range(0, len(rows), 5000):
        statement = insert(ProductImage).returning(ProductImage.id, sort_by_parameter_order=True)
        image_ids = db.session.scalars(statement, rows[start : start + 5000]).all()
        for order, image_id in zip(orders[start : start + 5000], image_ids, strict=True):
            shown_for.extend({"s": sku, "i": image_id} for sku in order.variant_skus)
    if shown_for:
        db.session.execute(
            # The table, not the class: the ORM's bulk UPDATE matches by primary key only.
            update(ProductVariant.__table__)
            .where(ProductVariant.__table__.c.sku == bindparam("s"))
            .values(image_id=bindparam("i")),
            shown_for,
        )
    bump_version(db.session.connection())  # bulk inserts skip the ORM's flush hook
    note_change(db.session())  # and tell running app servers after the commit
    return len(drawn)
