"""Product images: turn uploads into stored renditions and keep rows and files in step.

Files are written before the database commit and removed again if it fails; files that are
no longer needed go only after a successful commit (see shop.images.storage.StagedWrites).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..images import ImageRejected, MediaStorage, ProcessedImage, StagedWrites, process_image
from .models import Product, ProductImage
from .services import CatalogueError

MAX_ALT_TEXT = 300
MAX_IMAGES_PER_PRODUCT = 20


@dataclass(frozen=True)
class Upload:
    """A file as the web layer received it; the name is used in messages only."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class PreparedImage:
    """An upload that passed every check, processed and ready to be stored."""

    filename: str
    processed: ProcessedImage


class ImagesRejected(CatalogueError):
    """One or more uploads are not usable images; nothing was stored."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages), field="images")
        self.messages = messages


def prepare_uploads(uploads: Sequence[Upload], *, max_pixels: int) -> list[PreparedImage]:
    """Check and process every upload before anything is stored; all or nothing."""
    prepared: list[PreparedImage] = []
    messages: list[str] = []
    for upload in uploads:
        label = _display_name(upload.filename)
        if not upload.data:
            messages.append(f"{label}: the file is empty.")
            continue
        try:
            processed = process_image(upload.data, max_pixels=max_pixels)
        except ImageRejected as exc:
            messages.append(f"{label}: {exc}")
            continue
        prepared.append(PreparedImage(upload.filename, processed))
    if messages:
        raise ImagesRejected(messages)
    return prepared


def _display_name(filename: str) -> str:
    # Only for messages: never used as a path. Keep it short and printable.
    name = "".join(ch for ch in (filename or "").rsplit("/", 1)[-1] if ch.isprintable())
    return f"“{name[:80]}”" if name else "The file"


def files_digest(renditions: list[dict]) -> str:
    """Identifies an image's set of stored files: images sharing files share this digest.

    File names are hashes of the encoded output, so two different uploads that give the same
    pixels (a PNG saved twice, say) share files; comparing these digests finds them.
    """
    keys = sorted(entry[fmt] for entry in renditions for fmt in ("webp", "jpeg") if fmt in entry)
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()


def renditions_record(processed: ProcessedImage, save) -> list[dict]:
    """Store each rendition with `save(data, extension) -> key`; one dict per width."""
    by_width: dict[int, dict] = {}
    for rendition in processed.renditions:
        entry = by_width.setdefault(
            rendition.width, {"width": rendition.width, "height": rendition.height}
        )
        entry[rendition.format] = save(rendition.data, rendition.extension)
    return [by_width[w] for w in sorted(by_width)]


@contextmanager
def media_transaction(storage: MediaStorage) -> Iterator[StagedWrites]:
    """Commit the session with the files staged inside; undo the files if anything fails."""
    staged = StagedWrites(storage)
    try:
        yield staged
        db.session.commit()
    except BaseException:
        db.session.rollback()
        staged.rollback()
        raise
    staged.commit()


def stage_images(
    product: Product, prepared: Sequence[PreparedImage], staged: StagedWrites, alt_text: str = ""
) -> list[ProductImage]:
    """Write the files and add the rows after the product's current images (no commit)."""
    start = len(product.images)
    if start + len(prepared) > MAX_IMAGES_PER_PRODUCT:
        raise CatalogueError(
            f"A product can have at most {MAX_IMAGES_PER_PRODUCT} images.", field="images"
        )
    images = []
    for offset, item in enumerate(prepared):
        renditions = renditions_record(item.processed, staged.save)
        image = ProductImage(
            position=start + offset,
            alt_text=alt_text,
            width=item.processed.width,
            height=item.processed.height,
            renditions=renditions,
            digest=files_digest(renditions),
        )
        product.images.append(image)
        images.append(image)
    return images


def add_images(
    product: Product, prepared: Sequence[PreparedImage], *, storage: MediaStorage
) -> list[ProductImage]:
    """Attach already-checked images to a product and commit."""
    with media_transaction(storage) as staged:
        images = stage_images(product, prepared, staged)
    return images


def _shared_digests(digests: Iterable[str], excluding_ids: Iterable[int]) -> set[str]:
    digests = {d for d in digests if d}
    if not digests:
        return set()
    stmt = select(ProductImage.digest).where(
        ProductImage.digest.in_(digests), ProductImage.id.not_in(list(excluding_ids))
    )
    return set(db.session.scalars(stmt))


def schedule_file_removal(images: Sequence[ProductImage], staged: StagedWrites) -> None:
    """Delete these images' files after commit, unless another image still uses them."""
    shared = _shared_digests((i.digest for i in images), (i.id for i in images))
    for image in images:
        if image.digest and image.digest in shared:
            continue
        for key in image.file_keys():
            staged.delete_after_commit(key)


def delete_image(image: ProductImage, *, storage: MediaStorage) -> None:
    with media_transaction(storage) as staged:
        product = image.product
        schedule_file_removal([image], staged)
        product.images.remove(image)
        _renumber(product.images)


def _renumber(images: Sequence[ProductImage]) -> None:
    for position, image in enumerate(images):
        image.position = position


def reorder_images(product: Product, ordered_ids: Sequence[int]) -> None:
    """Put the product's images in this order (ids not given keep their relative order)."""
    by_id = {image.id: image for image in product.images}
    ordered = [by_id[i] for i in ordered_ids if i in by_id]
    ordered += [image for image in product.images if image not in ordered]
    _renumber(ordered)
    db.session.commit()
    db.session.refresh(product, ["images"])


def make_primary(product: Product, image_id: int) -> None:
    ids = [image.id for image in product.images]
    if image_id not in ids:
        raise CatalogueError("That image does not belong to this product.", field="images")
    reorder_images(product, [image_id, *[i for i in ids if i != image_id]])


def set_alt_text(image: ProductImage, text: str) -> None:
    text = " ".join(text.split())
    if len(text) > MAX_ALT_TEXT:
        raise CatalogueError(f"Use at most {MAX_ALT_TEXT} characters.", field="alt_text")
    image.alt_text = text
    db.session.commit()


def referenced_keys() -> set[str]:
    """Every file key any image row points at (for the orphan sweep)."""
    keys: set[str] = set()
    for (renditions,) in db.session.execute(select(ProductImage.renditions)).yield_per(2000):
        for entry in renditions or []:
            keys.update(entry[fmt] for fmt in ("webp", "jpeg") if entry.get(fmt))
    return keys
