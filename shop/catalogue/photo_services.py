"""Use cases on a product's photos: add, order, choose the primary one, alt text, delete.

Like services.py, each function takes plain values and owns its transaction, its audit
entry and its files (written before the commit, removed again if it fails; files no photo
uses any more go only after it succeeded).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..database.transaction import unit_of_work
from ..extensions import db
from ..images import MediaStorage, StagedWrites
from . import gallery
from .errors import NotFound
from .models import Product, ProductImage
from .photos import (
    PreparedImage,
    add_staged_photos,
    renumber,
    schedule_file_removal,
)

if TYPE_CHECKING:
    from ..accounts.models import User


def _photo(product_id: int, image_id: int) -> ProductImage:
    image = db.session.get(ProductImage, image_id)
    if image is None or image.product_id != product_id:
        raise NotFound("That photo does not belong to this product.", field="images")
    return image


def add_photos(
    product_id: int,
    photos: Sequence[PreparedImage],
    *,
    storage: MediaStorage,
    alt_text: str | None = None,
    actor: User | None = None,
) -> list[ProductImage]:
    """Attach already-checked photos after the product's current ones (the door for programs;
    the product form adds photos through update_product)."""
    staged = StagedWrites(storage)
    with unit_of_work(staged):
        product = db.session.get(Product, product_id)
        if product is None:
            raise NotFound("There is no such product.")
        images = add_staged_photos(product, photos, staged, actor, alt_text)
    return images


def place_photo(product_id: int, image_id: int, position: int, *, actor: User | None = None):
    """Put a photo at `position` (0: the primary one; past the end: last)."""
    with unit_of_work():
        image = _photo(product_id, image_id)
        gallery.place(image.product, image, position, actor)


def move_photo(product_id: int, image_id: int, step: int, *, actor: User | None = None) -> None:
    """Move a photo `step` places (-1: towards the front); nothing at either end."""
    with unit_of_work():
        image = _photo(product_id, image_id)
        gallery.move(image.product, image, step, actor)


def make_primary(product_id: int, image_id: int, *, actor: User | None = None) -> None:
    """Show this photo first (on cards and at the top of the gallery)."""
    with unit_of_work():
        image = _photo(product_id, image_id)
        gallery.make_primary(image.product, image, actor)


def set_alt_text(product_id: int, image_id: int, text: str, *, actor: User | None = None) -> None:
    """White space is folded; at most MAX_ALT_TEXT characters."""
    with unit_of_work():
        image = _photo(product_id, image_id)
        gallery.set_alt(image.product, image, text, actor)


def delete_photo(
    product_id: int, image_id: int, *, storage: MediaStorage, actor: User | None = None
) -> int:
    """Delete one photo; returns its 1-based position. Its files go after the commit,
    unless another photo uses the same files."""
    staged = StagedWrites(storage)
    with unit_of_work(staged):
        image = _photo(product_id, image_id)
        position = image.position + 1
        product = image.product
        gallery.record(actor, product, {"photos": [position, None]})
        schedule_file_removal([image], staged)
        product.images.remove(image)
        renumber(product.images)
    return position
