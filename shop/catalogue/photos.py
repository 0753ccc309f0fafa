"""Product photos: check and process uploads, stage their files and rows (no commit).

The use cases that change photos (photo_services.py, and product saves in services.py) call
these inside their unit of work: files are written before the database commit and removed
again if it fails; files no longer needed go only after it succeeded (StagedWrites).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from ..audit import services as audit
from ..dbtypes import utcnow
from ..extensions import db
from ..images import ImageRejected, ProcessedImage, StagedWrites, declared_pixels, process_image
from .errors import CatalogueError, ImagesRejected
from .models import Product, ProductImage

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


def prepare_uploads(
    uploads: Sequence[Upload], *, max_pixels: int, max_total_pixels: int | None = None
) -> list[PreparedImage]:
    """Check and process every upload before anything is stored; all or nothing.

    Every door passes the operator's SHOP_MAX_UPLOAD_PIXELS_PER_REQUEST as `max_total_pixels`
    (None: no budget, for trusted callers such as the demo data).
    """
    if max_total_pixels is not None:
        check_budget(uploads, max_pixels=max_pixels, max_total_pixels=max_total_pixels)
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


def check_budget(uploads: Sequence[Upload], *, max_pixels: int, max_total_pixels: int) -> None:
    """Refuse uploads whose processing together would hold a worker for too long.

    Decoding costs time in proportion to pixels, and a flat 49-megapixel PNG is 60 KB: the
    byte limit alone let one save of 20 of them run past gunicorn's timeout. Only headers
    are read here, so a refusal is immediate. Files with no readable header, or over
    `max_pixels` on their own, are never decoded (prepare_uploads refuses each with its own
    message), so they do not count.
    """
    total = 0
    for upload in uploads:
        pixels = declared_pixels(upload.data) if upload.data else None
        if pixels is not None and pixels <= max_pixels:
            total += pixels
    if total > max_total_pixels:
        raise ImagesRejected(
            [
                f"These photos have {_megapixels(total, up=True)} megapixels in all; one save "
                f"can take at most {_megapixels(max_total_pixels, up=False)}. "
                "Upload fewer or smaller photos."
            ]
        )


def _megapixels(pixels: int, *, up: bool) -> str:
    # To a tenth, rounded away from the limit, so a total just over it never reads as equal.
    tenths = (math.ceil if up else math.floor)(pixels / 100_000)
    return f"{tenths // 10:,}" if tenths % 10 == 0 else f"{tenths / 10:,.1f}"


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


def gallery_changed(product: Product) -> None:
    """A new version for the product (an UPDATE of its row moves its version column): its
    ETag, and the version a form or program read, must change when its photos do."""
    product.updated_at = utcnow()


def add_staged_photos(
    product: Product,
    photos: Sequence[PreparedImage],
    staged: StagedWrites | None,
    actor,
    alt_text: str | None = None,
) -> list[ProductImage]:
    """Stage new photos after the product's current ones, with their audit entry; nothing
    for no photos. Alt text: `alt_text`, else none until staff describe the photo (the
    product's name beside it already says what it is: as alt text it is read out twice)."""
    if not photos:
        return []
    if staged is None:
        raise ValueError("photos need a storage to be saved in")
    alt_text = " ".join((alt_text or "").split())
    if len(alt_text) > MAX_ALT_TEXT:
        raise CatalogueError(f"Use at most {MAX_ALT_TEXT} characters.", field="alt_text")
    before = len(product.images)
    images = stage_images(product, photos, staged, alt_text=alt_text)
    gallery_changed(product)
    changes = {"photos": [before, len(product.images)]}
    audit.record(actor, "update", "product", product.id, product.name, changes)
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


def renumber(images: Sequence[ProductImage]) -> None:
    """Positions 0, 1, 2 ... in this order (0 is the primary photo)."""
    for position, image in enumerate(images):
        image.position = position


def referenced_keys() -> set[str]:
    """Every file key any image row points at (for the orphan sweep)."""
    keys: set[str] = set()
    for (renditions,) in db.session.execute(select(ProductImage.renditions)).yield_per(2000):
        for entry in renditions or []:
            keys.update(entry[fmt] for fmt in ("webp", "jpeg") if entry.get(fmt))
    return keys
