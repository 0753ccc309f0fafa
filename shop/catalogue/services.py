"""Write side of the catalogue: create and change categories and products; owns the transaction."""

from __future__ import annotations

from decimal import Decimal

from slugify import slugify
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from .models import Category, Product, ProductSlugHistory

SLUG_MAX = 200


class CatalogueError(Exception):
    """A change the catalogue refuses; `field` names the form field it concerns, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class StaleEdit(CatalogueError):
    """Someone saved the item after this form was loaded; nothing was overwritten."""


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


def _checked_slug(model, requested: str | None, name: str, exclude_id: int | None) -> str:
    """A slug typed by staff must be free; a blank one is made from the name."""
    if not requested:
        return unique_slug(model, name, exclude_id)
    slug = slugify(requested, max_length=SLUG_MAX)
    if not slug:
        raise CatalogueError("Use letters or digits in the slug.", field="slug")
    if _slug_taken(model, slug, exclude_id):
        raise CatalogueError("This slug is already used; choose another.", field="slug")
    return slug


def _check_sku_free(sku: str, exclude_id: int | None) -> None:
    stmt = select(Product.id).where(Product.sku == sku)
    if exclude_id is not None:
        stmt = stmt.where(Product.id != exclude_id)
    if db.session.scalar(stmt) is not None:
        raise CatalogueError("Another product already has this SKU.", field="sku")


def create_category(
    name: str,
    *,
    slug: str | None = None,
    parent: Category | None = None,
    description: str = "",
    position: int = 0,
    is_published: bool = True,
) -> Category:
    category = Category(
        name=name,
        slug=_checked_slug(Category, slug, name, None),
        parent=parent,
        description=description,
        position=position,
        is_published=is_published,
    )
    db.session.add(category)
    db.session.commit()
    return category


def create_product(
    *,
    name: str,
    sku: str,
    price: Decimal,
    category: Category,
    slug: str | None = None,
    description: str = "",
    stock: int = 0,
    is_published: bool = False,
    is_featured: bool = False,
) -> Product:
    _check_sku_free(sku, None)
    product = Product(
        name=name,
        slug=_checked_slug(Product, slug, name, None),
        sku=sku,
        description=description,
        stock=stock,
        is_published=is_published,
        is_featured=is_featured,
        category=category,
    )
    product.price = price
    db.session.add(product)
    db.session.commit()
    return product


def update_product(product: Product, *, expected_version: int, **changes) -> Product:
    """Apply `changes` if nobody saved the product since `expected_version` was read.

    A blank `slug` is made from the name; a changed slug keeps the old one in the slug
    history, so its URL answers 301.
    """
    if product.version != expected_version:
        raise StaleEdit("This product was changed by someone else since you opened it.")
    if "sku" in changes and changes["sku"] != product.sku:
        _check_sku_free(changes["sku"], product.id)
    if "slug" in changes:
        requested = changes.pop("slug") or None
        name = changes.get("name", product.name)
        new_slug = product.slug if requested == product.slug else None
        new_slug = new_slug or _checked_slug(Product, requested, name, product.id)
        if new_slug != product.slug:
            _remember_slug(product, product.slug, new_slug)
            product.slug = new_slug
    price = changes.pop("price", None)
    if price is not None:
        product.price = price
    for field, value in changes.items():
        setattr(product, field, value)
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise StaleEdit("This product was changed by someone else since you opened it.") from None
    return product


def _remember_slug(product: Product, old: str, new: str) -> None:
    # Going back to an earlier slug: that URL is the product's own again, not a redirect.
    db.session.execute(ProductSlugHistory.__table__.delete().where(ProductSlugHistory.slug == new))
    db.session.add(ProductSlugHistory(product_id=product.id, slug=old))
