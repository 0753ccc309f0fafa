"""Operator tasks on stored image files: find orphans, regenerate renditions at new sizes."""

from __future__ import annotations

import logging
import time

from sqlalchemy import select

from ..database.transaction import unit_of_work
from ..extensions import db
from ..images import ImageRejected, MediaStorage, StagedWrites, process_image
from .models import ProductImage
from .photos import files_digest, referenced_keys, renditions_record

log = logging.getLogger(__name__)


def find_orphans(storage: MediaStorage, *, min_age: float = 3600) -> list[str]:
    """Stored files no image row refers to, older than `min_age` seconds.

    Young files are skipped: an upload writes its files just before its commit.
    """
    referenced = referenced_keys()
    cutoff = time.time() - min_age
    orphans = []
    for key in storage.iter_keys():
        if key in referenced:
            continue
        try:
            if storage.path(key).stat().st_mtime > cutoff:
                continue
        except FileNotFoundError:
            continue
        orphans.append(key)
    return orphans


def _source_key(image: ProductImage) -> str | None:
    """The best stored copy to re-make the others from: the widest JPEG (else WebP)."""
    for entry in sorted(image.renditions or [], key=lambda e: e["width"], reverse=True):
        for fmt in ("jpeg", "webp"):
            if entry.get(fmt):
                return entry[fmt]
    return None


def regenerate_all(storage: MediaStorage, *, max_pixels: int) -> tuple[int, int]:
    """Re-make every image's renditions at the current sizes; old files go after commit.

    The source is the widest stored rendition (originals are never kept: they carry
    metadata), so sizes above it are not produced: renditions are never upscaled.
    """
    done = failed = 0
    replaced: set[str] = set()
    ids = list(db.session.scalars(select(ProductImage.id).order_by(ProductImage.id)))
    for start in range(0, len(ids), 200):
        images = db.session.scalars(
            select(ProductImage).where(ProductImage.id.in_(ids[start : start + 200]))
        ).all()
        staged = StagedWrites(storage)
        with unit_of_work(staged):
            for image in images:
                key = _source_key(image)
                try:
                    data = storage.path(key).read_bytes() if key else b""
                    processed = process_image(data, max_pixels=max_pixels)
                except (OSError, ValueError, ImageRejected):
                    log.warning("cannot regenerate image %s from %s", image.id, key)
                    failed += 1
                    continue
                replaced.update(image.file_keys())
                image.renditions = renditions_record(processed, staged.save)
                image.digest = files_digest(image.renditions)
                done += 1
    # Only at the end: images sharing files may come in later batches and read them.
    for key in replaced - referenced_keys():
        storage.delete(key)
    return done, failed
