"""Slugs for categories and products: unique, checked when typed, old product URLs kept."""

from __future__ import annotations

from slugify import slugify
from sqlalchemy import select

from ..extensions import db
from .errors import CatalogueError
from .models import Product, ProductSlugHistory

SLUG_MAX = 200


def _slug_taken(model, slug: str, exclude_id: int | None) -> bool:
    stmt = select(model.id).where(model.slug == slug)
    if exclude_id is not None:
        stmt = stmt.where(model.id != exclude_id)
    if db.session.scalar(stmt) is not None:
        return True
    if model is Product:
        owner = db.session.scalar(
            select(ProductSlugHistory.product_id).where(ProductSlugHistory.slug == slug)
        )
        return owner is not None and owner != exclude_id
    return False


def unique_slug(model, text: str, exclude_id: int | None = None) -> str:
    """A slug for `text` not used by another row (nor an old product URL): `name`, `name-2`, ..."""
    base = slugify(text, max_length=SLUG_MAX) or "item"
    candidate, n = base, 2
    while _slug_taken(model, candidate, exclude_id):
        suffix = f"-{n}"
        candidate = base[: SLUG_MAX - len(suffix)] + suffix
        n += 1
    return candidate


def checked_slug(model, requested: str | None, name: str, exclude_id: int | None) -> str:
    """A slug typed by staff must be free; a blank one is made from the name."""
    if not requested:
        return unique_slug(model, name, exclude_id)
    slug = slugify(requested, max_length=SLUG_MAX)
    if not slug:
        raise CatalogueError("Use letters or digits in the slug.", field="slug")
    if _slug_taken(model, slug, exclude_id):
        raise CatalogueError("This slug is already used; choose another.", field="slug")
    return slug


def remember_slug(product: Product, old: str, new: str) -> None:
    """Keep `old` as a redirect to the product (its URL answers 301)."""
    # Going back to an earlier slug: that URL is the product's own again, not a redirect.
    db.session.execute(ProductSlugHistory.__table__.delete().where(ProductSlugHistory.slug == new))
    db.session.add(ProductSlugHistory(product_id=product.id, slug=old))
