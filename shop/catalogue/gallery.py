"""Changes to a product's gallery (order, primary photo, alt text, photos shared by a
duplicate) inside a unit of work.

The photo use cases (photo_services.py) and a product save from the staff form
(services.update_product with a GalleryEdit) both go through these, so a photo button on the
form saves the person's other edits in the same transaction instead of dropping them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..audit import services as audit
from .errors import CatalogueError, NotFound
from .models import Product, ProductImage
from .photos import MAX_ALT_TEXT, MAX_IMAGES_PER_PRODUCT, gallery_changed, renumber

if TYPE_CHECKING:
    from ..accounts.models import User

MOVES = {"up": -1, "down": 1}


@dataclass(frozen=True)
class GalleryEdit:
    """What a product form asks of the photos it shows: alt texts by image id, and at most
    one button: move a photo (`up` or `down`) or make it the primary one."""

    alt_texts: Mapping[int, str] = field(default_factory=dict)
    action: str | None = None  # "up", "down" or "primary"
    image_id: int | None = None


def photo_of(product: Product, image_id: int) -> ProductImage:
    """One of the product's photos, or NotFound."""
    image = next((image for image in product.images if image.id == image_id), None)
    if image is None:
        raise NotFound("That photo does not belong to this product.", field="images")
    return image


def record(actor: User | None, product: Product, changes: dict) -> None:
    """The audit entry of a gallery change, and the product's new version."""
    audit.record(actor, "update", "product", product.id, product.name, changes)
    gallery_changed(product)


def set_alt(product: Product, image: ProductImage, text: str, actor: User | None) -> None:
    """White space is folded; at most MAX_ALT_TEXT characters; nothing for the same text."""
    text = " ".join(text.split())
    if len(text) > MAX_ALT_TEXT:
        raise CatalogueError(
            f"Photo {image.position + 1}: use at most {MAX_ALT_TEXT} characters of alt text.",
            field="alt_text",
        )
    if text != image.alt_text:
        record(actor, product, {f"photo {image.position + 1} alt text": [image.alt_text, text]})
        image.alt_text = text


def move(product: Product, image: ProductImage, step: int, actor: User | None) -> None:
    """Move a photo `step` places (-1: towards the front); nothing at either end."""
    images = list(product.images)
    index = images.index(image)
    target = index + step
    if 0 <= target < len(images):
        images[index], images[target] = images[target], images[index]
        record(actor, product, {"photo order": [index + 1, target + 1]})
        renumber(images)


def place(product: Product, image: ProductImage, position: int, actor: User | None) -> None:
    """Put a photo at `position` (0: the primary one; past the end: last)."""
    images = [other for other in product.images if other is not image]
    target = max(0, min(position, len(images)))
    if target != image.position:
        record(actor, product, {"photo order": [image.position + 1, target + 1]})
        images.insert(target, image)
        renumber(images)


def make_primary(product: Product, image: ProductImage, actor: User | None) -> None:
    """Show this photo first (on cards and at the top of the gallery)."""
    if image.position != 0:
        record(actor, product, {"primary photo": [f"photo {image.position + 1}", "photo 1"]})
        renumber([image, *(other for other in product.images if other is not image)])


def copy_photos(source: Product, product: Product, actor) -> list[ProductImage]:
    """Give `product` the photos of `source`, after its own, with their alt text (no commit).
    The files are content-addressed and shared, not copied: a file goes only when no photo
    uses it any more (`schedule_file_removal`)."""
    if not source.images:
        return []
    start = len(product.images)
    if start + len(source.images) > MAX_IMAGES_PER_PRODUCT:
        raise CatalogueError(
            f"A product can have at most {MAX_IMAGES_PER_PRODUCT} images.", field="images"
        )
    copies = [
        ProductImage(
            position=start + offset,
            alt_text=image.alt_text,
            width=image.width,
            height=image.height,
            renditions=image.renditions,
            digest=image.digest,
        )
        for offset, image in enumerate(source.images)
    ]
    product.images.extend(copies)
    changes = {"photos": [start, len(product.images)], "photos copied from": ["", source.sku]}
    record(actor, product, changes)
    return copies


def apply(product: Product, edit: GalleryEdit, actor: User | None) -> None:
    """Alt texts first (their audit names the positions the person saw), then the button."""
    for image_id, text in edit.alt_texts.items():
        set_alt(product, photo_of(product, image_id), text, actor)
    if edit.action is None or edit.image_id is None:
        return
    image = photo_of(product, edit.image_id)
    if edit.action == "primary":
        make_primary(product, image, actor)
    elif edit.action in MOVES:
        move(product, image, MOVES[edit.action], actor)
    else:
        raise CatalogueError("That is not something a photo button does.", field="images")
