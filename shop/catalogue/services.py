"""Write side of the catalogue: create and change categories and products; owns the transaction.

Each use case commits once, with its audit entry in the same transaction. The acting user is
passed in (`actor`), never read from the request.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from slugify import slugify
from sqlalchemy import exists, select
from sqlalchemy.orm.exc import StaleDataError

from ..audit import services as audit
from ..extensions import db
from .models import Category, Product, ProductSlugHistory

if TYPE_CHECKING:
    from ..accounts.models import User

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


STALE_PRODUCT = "This product was changed by someone else since you opened it."
STALE_CATEGORY = "This category was changed by someone else since you opened it."


def _category_name(category_id: int | None) -> str | None:
    if category_id is None:
        return None
    category = db.session.get(Category, category_id)
    return category.name if category is not None else None


def _product_state(product: Product) -> dict[str, Any]:
    """The fields staff edit, as the audit log shows them."""
    return {
        "name": product.name,
        "slug": product.slug,
        "sku": product.sku,
        "price": product.price,
        "stock": product.stock,
        "category": _category_name(product.category_id),
        "description": product.description,
        "published": product.is_published,
        "featured": product.is_featured,
    }


def _category_state(category: Category) -> dict[str, Any]:
    return {
        "name": category.name,
        "slug": category.slug,
        "parent": _category_name(category.parent_id),
        "description": category.description,
        "published": category.is_published,
    }


def category_version(category: Category) -> str:
    """What a category edit form carries to detect a concurrent save (categories have no
    version column; the last change time does the job)."""
    return category.updated_at.isoformat() if category.updated_at else ""


def create_category(
    name: str,
    *,
    slug: str | None = None,
    parent: Category | None = None,
    description: str = "",
    position: int = 0,
    is_published: bool = True,
    actor: User | None = None,
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
    db.session.flush()
    audit.record(
        actor, "create", "category", category.id, name, audit.diff({}, _category_state(category))
    )
    db.session.commit()
    return category


def _check_parent(category: Category, parent_id: int | None) -> None:
    """A category can be neither its own parent nor below one of its descendants."""
    if parent_id is None:
        return
    parents = {
        row.id: row.parent_id for row in db.session.execute(select(Category.id, Category.parent_id))
    }
    if parent_id not in parents:
        raise CatalogueError("Choose an existing category.", field="parent")
    seen: set[int] = set()
    current: int | None = parent_id
    while current is not None and current not in seen:
        if current == category.id:
            raise CatalogueError(
                "A category cannot be placed inside itself or one of its subcategories.",
                field="parent",
            )
        seen.add(current)
        current = parents.get(current)


def update_category(
    category: Category,
    *,
    expected_version: str | None = None,
    actor: User | None = None,
    **changes,
) -> Category:
    """Apply `changes` (name, slug, parent_id, description, is_published, position)."""
    if expected_version is not None and expected_version != category_version(category):
        raise StaleEdit(STALE_CATEGORY)
    before = _category_state(category)
    if "parent_id" in changes:
        _check_parent(category, changes["parent_id"])
    if "slug" in changes:
        requested = changes.pop("slug") or None
        name = changes.get("name", category.name)
        if requested != category.slug:
            category.slug = _checked_slug(Category, requested, name, category.id)
    for field, value in changes.items():
        setattr(category, field, value)
    changed = audit.diff(before, _category_state(category))
    if changed:
        audit.record(actor, "update", "category", category.id, category.name, changed)
    db.session.commit()
    return category


def delete_category(category: Category, *, actor: User | None = None) -> None:
    """Only an empty category goes: products and subcategories must be moved first."""
    if db.session.scalar(select(exists().where(Category.parent_id == category.id))):
        raise CatalogueError("This category has subcategories; move or delete them first.")
    if db.session.scalar(select(exists().where(Product.category_id == category.id))):
        raise CatalogueError("This category still holds products; move or delete them first.")
    audit.record(
        actor,
        "delete",
        "category",
        category.id,
        category.name,
        audit.diff(_category_state(category), {}),
    )
    db.session.delete(category)
    db.session.commit()


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
    actor: User | None = None,
    before_commit: Callable[[Product], None] | None = None,
) -> Product:
    """Create a product; `before_commit(product)` may add to the same transaction (images)."""
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
    db.session.flush()
    audit.record(
        actor, "create", "product", product.id, name, audit.diff({}, _product_state(product))
    )
    if before_commit is not None:
        before_commit(product)
    db.session.commit()
    return product


def update_product(
    product: Product,
    *,
    expected_version: int,
    actor: User | None = None,
    before_commit: Callable[[Product], None] | None = None,
    **changes,
) -> Product:
    """Apply `changes` if nobody saved the product since `expected_version` was read.

    `before_commit(product)` may add to the same transaction (new images).

    A blank `slug` is made from the name; a changed slug keeps the old one in the slug
    history, so its URL answers 301.
    """
    if product.version != expected_version:
        raise StaleEdit(STALE_PRODUCT)
    before = _product_state(product)
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
        # Any flush, even one the audit's look-ups would trigger, can meet a concurrent save.
        with db.session.no_autoflush:
            changed = audit.diff(before, _product_state(product))
        if changed:
            audit.record(actor, "update", "product", product.id, product.name, changed)
        if before_commit is not None:
            before_commit(product)
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise StaleEdit(STALE_PRODUCT) from None
    return product


def set_published(product: Product, published: bool, *, actor: User | None = None) -> Product:
    if product.is_published == published:
        return product
    action = "publish" if published else "unpublish"
    audit.record(
        actor,
        action,
        "product",
        product.id,
        product.name,
        {"published": [not published, published]},
    )
    product.is_published = published
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise StaleEdit(STALE_PRODUCT) from None
    return product


def delete_product(
    product: Product,
    *,
    actor: User | None = None,
    before_commit: Callable[[Product], None] | None = None,
) -> None:
    """Delete the product (its images and old slugs go with it).

    `before_commit(product)` runs in the same transaction: the caller schedules the image
    files for removal there, so they go only once the commit succeeded.
    """
    audit.record(
        actor,
        "delete",
        "product",
        product.id,
        product.name,
        audit.diff(_product_state(product), {}),
    )
    if before_commit is not None:
        before_commit(product)
    db.session.delete(product)
    db.session.commit()


def _remember_slug(product: Product, old: str, new: str) -> None:
    # Going back to an earlier slug: that URL is the product's own again, not a redirect.
    db.session.execute(ProductSlugHistory.__table__.delete().where(ProductSlugHistory.slug == new))
    db.session.add(ProductSlugHistory(product_id=product.id, slug=old))
