"""Write side of the catalogue: one function per use case on categories and products.

Each takes plain values (ids, changes, prepared photos, the expected version, the acting
user) and owns everything: checks, staged photo files, audit entries, the version check and
one commit, or one rollback with the files undone (shop.database.transaction). Doors (staff
forms, later the API and imports) prepare input, call one function and map its errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ..audit import services as audit
from ..database.transaction import unit_of_work
from ..dbtypes import utcnow
from ..extensions import db
from ..images import MediaStorage, StagedWrites
from . import attribute_services, gallery, schedule, variant_summary
from .errors import (
    STALE_CATEGORY,
    STALE_PRODUCT,
    CatalogueError,
    NotFound,
    StaleEdit,
)
from .gallery import GalleryEdit
from .models import Category, Product
from .photos import PreparedImage, add_staged_photos, schedule_file_removal
from .rules import check_category_fields, check_product_fields
from .skus import PRODUCT_HAS_SKU, skus_taken
from .slugs import checked_slug, remember_slug
from .variant_models import ProductVariant

if TYPE_CHECKING:
    from ..accounts.models import User

__all__ = [
    "CatalogueError",
    "NotFound",
    "StaleEdit",
    "category_version",
    "create_category",
    "create_product",
    "delete_category",
    "delete_product",
    "set_published",
    "update_category",
    "update_product",
]


def _get(model, item_id: int):
    item = db.session.get(model, item_id)
    if item is None:
        raise NotFound(f"There is no such {model.__name__.lower()}.")
    return item


def _check_sku_free(sku: str, exclude_id: int | None) -> None:
    # Variants share the namespace: a SKU names one thing to sell (skus.py).
    taken = skus_taken([sku], product_id=exclude_id)
    if taken:
        raise CatalogueError(taken[sku], field="sku")


def _category_name(category_id: int | None) -> str | None:
    if category_id is None:
        return None
    category = db.session.get(Category, category_id)
    return category.name if category is not None else None


def product_state(product: Product) -> dict[str, Any]:
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
        "publish at": product.publish_at,
        "unpublish at": product.unpublish_at,
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


def _check_parent(category_id: int | None, parent_id: int | None) -> None:
    """The parent must exist, and a category can be neither its own parent nor below one of
    its descendants."""
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
        if current == category_id:
            raise CatalogueError(
                "A category cannot be placed inside itself or one of its subcategories.",
                field="parent",
            )
        seen.add(current)
        current = parents.get(current)


def create_category(
    name: str,
    *,
    slug: str | None = None,
    parent_id: int | None = None,
    description: str = "",
    position: int = 0,
    is_published: bool = True,
    actor: User | None = None,
) -> Category:
    check_category_fields(
        {"name": name, "slug": slug, "description": description, "position": position}
    )
    with unit_of_work():
        if parent_id is not None and db.session.get(Category, parent_id) is None:
            raise NotFound("There is no such parent category.", field="parent")
        category = Category(
            name=name,
            slug=checked_slug(Category, slug, name, None),
            parent_id=parent_id,
            description=description,
            position=position,
            is_published=is_published,
        )
        db.session.add(category)
        db.session.flush()
        state = _category_state(category)
        audit.record(actor, "create", "category", category.id, name, audit.diff({}, state))
    return category


def update_category(
    category_id: int,
    *,
    expected_version: str | None = None,
    actor: User | None = None,
    **changes,
) -> Category:
    """Apply `changes` (name, slug, parent_id, description, is_published, position)."""
    check_category_fields(changes)
    with unit_of_work():
        category = _get(Category, category_id)
        if expected_version is not None and expected_version != category_version(category):
            raise StaleEdit(STALE_CATEGORY)
        before = _category_state(category)
        if "parent_id" in changes:
            _check_parent(category.id, changes["parent_id"])
        if "slug" in changes:
            requested = changes.pop("slug") or None
            name = changes.get("name", category.name)
            if requested != category.slug:
                category.slug = checked_slug(Category, requested, name, category.id)
        for field, value in changes.items():
            if getattr(category, field) != value:  # as for products: only real changes
                setattr(category, field, value)
        changed = audit.diff(before, _category_state(category))
        if changed:
            audit.record(actor, "update", "category", category.id, category.name, changed)
    return category


def delete_category(
    category_id: int, *, expected_version: str | None = None, actor: User | None = None
) -> str:
    """Only an empty category goes: products and subcategories must be moved first; with
    `expected_version`, only the category as it was then. Returns its name."""
    with unit_of_work():
        category = _get(Category, category_id)
        if expected_version is not None and expected_version != category_version(category):
            raise StaleEdit(STALE_CATEGORY)
        if db.session.scalar(select(exists().where(Category.parent_id == category.id))):
            raise CatalogueError("This category has subcategories; move or delete them first.")
        if db.session.scalar(select(exists().where(Product.category_id == category.id))):
            raise CatalogueError("This category still holds products; move or delete them first.")
        name = category.name
        state = _category_state(category)
        audit.record(actor, "delete", "category", category.id, name, audit.diff(state, {}))
        db.session.delete(category)
    return name


def _staged(storage: MediaStorage | None) -> StagedWrites | None:
    return StagedWrites(storage) if storage is not None else None


def create_product(
    *,
    name: str,
    sku: str,
    price: Decimal,
    category_id: int,
    slug: str | None = None,
    description: str = "",
    stock: int = 0,
    is_published: bool = False,
    is_featured: bool = False,
    publish_at: datetime | None = None,
    unpublish_at: datetime | None = None,
    photos: Sequence[PreparedImage] = (),
    storage: MediaStorage | None = None,
    actor: User | None = None,
    photos_from: int | None = None,
    attributes: dict[int, str | None] | None = None,
) -> Product:
    """Create a product, with its first photos (already checked and processed); with
    `photos_from`, that product's photos first (a duplicate); with `attributes`, its values
    (attribute id -> value as typed)."""
    check_product_fields(
        {"name": name, "slug": slug, "sku": sku, "price": price, "stock": stock,
         "description": description}
    )  # fmt: skip
    moments = {"is_published": is_published, "publish_at": publish_at,
               "unpublish_at": unpublish_at}  # fmt: skip
    schedule.check_schedule({}, moments, utcnow())
    staged = _staged(storage)
    try:
        with unit_of_work(staged):
            category = db.session.get(Category, category_id)
            if category is None:
                raise NotFound("There is no such category.", field="category")
            _check_sku_free(sku, None)
            product = Product(
                name=name,
                slug=checked_slug(Product, slug, name, None),
                sku=sku,
                description=description,
                stock=stock,
                is_published=is_published,
                is_featured=is_featured,
                publish_at=publish_at,
                unpublish_at=unpublish_at,
                category=category,
            )
            product.price = price
            db.session.add(product)
            db.session.flush()
            state = product_state(product)
            changes = audit.diff({}, state)
            if attributes:
                changes.update(attribute_services.apply_values(product, attributes))
            audit.record(actor, "create", "product", product.id, name, changes)
            if photos_from is not None:
                source = db.session.get(Product, photos_from)
                if source is None:
                    raise NotFound("The product to copy photos from is gone.", field="images")
                gallery.copy_photos(source, product, actor)
            add_staged_photos(product, photos, staged, actor)
    except IntegrityError as error:
        # Another request took the SKU between the check and the commit.
        if "sku" not in str(error.orig).lower():
            raise
        raise CatalogueError(PRODUCT_HAS_SKU, field="sku") from None
    return product


def update_product(
    product_id: int,
    *,
    expected_version: int,
    photos: Sequence[PreparedImage] = (),
    storage: MediaStorage | None = None,
    actor: User | None = None,
    gallery_edit: GalleryEdit | None = None,
    **changes,
) -> Product:
    """Apply `changes`, `gallery_edit` (the form's alt texts and photo button) and add
    `photos` if nobody saved the product since `expected_version` was read; otherwise
    StaleEdit, and nothing changes.

    A blank `slug` is made from the name; a changed slug keeps the old one in the slug
    history, so its URL answers 301.
    """
    check_product_fields(changes)
    staged = _staged(storage)
    try:
        with unit_of_work(staged):
            product = _get(Product, product_id)
            if product.version != expected_version:
                raise StaleEdit(STALE_PRODUCT)
            apply_product_changes(product, changes, actor)
            if gallery_edit is not None:
                gallery.apply(product, gallery_edit, actor)
            add_staged_photos(product, photos, staged, actor)
    except StaleDataError:
        # Someone saved between our read and our write (the version column caught it).
        raise StaleEdit(STALE_PRODUCT) from None
    return product


def apply_product_changes(product: Product, changes: dict, actor: User | None) -> None:
    """Set `changes` on a loaded product and audit what really changed; the caller's
    transaction commits it (the form, the API, bulk changes).

    `changes["attributes"]` maps attribute ids to values as typed (attribute_services);
    a new category drops the values of attributes it does not have."""
    before = product_state(product)
    variant_summary.check_untouched(product, changes)
    values = changes.pop("attributes", None)
    old_category = product.category_id
    if any(name in changes for name in schedule.SCHEDULE_FIELDS):
        schedule.reconcile(changes)
        current = {name: getattr(product, name) for name in schedule.SCHEDULE_FIELDS}
        schedule.check_schedule(current, changes, utcnow())
    if "sku" in changes and changes["sku"] != product.sku:
        _check_sku_free(changes["sku"], product.id)
    if "category_id" in changes and db.session.get(Category, changes["category_id"]) is None:
        raise CatalogueError("Choose an existing category.", field="category")
    if "slug" in changes:
        requested = changes.pop("slug") or None
        name = changes.get("name", product.name)
        new_slug = product.slug if requested == product.slug else None
        new_slug = new_slug or checked_slug(Product, requested, name, product.id)
        if new_slug != product.slug:
            remember_slug(product, product.slug, new_slug)
            product.slug = new_slug
    price = changes.pop("price", None)
    if price is not None and price != product.price:
        product.price = price
    # Only real changes: setting a value to itself would still mark the row changed, and the
    # catalogue version (every cached page) would move for a sync job that sent no news.
    for field, value in changes.items():
        if getattr(product, field) != value:
            setattr(product, field, value)
    # Any flush, even one the audit's look-ups would trigger, can meet a concurrent save.
    with db.session.no_autoflush:
        changed = audit.diff(before, product_state(product))
    if values is not None or product.category_id != old_category:
        value_changes = attribute_services.apply_values(product, values)
        if value_changes:
            # Values live in their own table: touching the row moves the product's version,
            # so a form opened before this save gets the 409 page.
            product.updated_at = utcnow()
            changed.update(value_changes)
    if changed:
        audit.record(actor, "update", "product", product.id, product.name, changed)


def set_published(product_id: int, published: bool, *, actor: User | None = None) -> Product:
    """Publish or unpublish now, ending the scheduled moments that overrides; nothing
    happens (and nothing is logged) if it already is, with nothing scheduled."""
    product = _get(Product, product_id)
    if product.is_published == published and not schedule.waits_ended(product, published):
        return product  # nothing to change, nothing to log, no transaction to end
    try:
        with unit_of_work():
            product = _get(Product, product_id)
            before = product_state(product)
            product.is_published = published
            for name, value in schedule.reconcile_values(published).items():
                setattr(product, name, value)
            changes = audit.diff(before, product_state(product))
            action = "publish" if published else "unpublish"
            audit.record(actor, action, "product", product.id, product.name, changes)
    except StaleDataError:
        raise StaleEdit(STALE_PRODUCT) from None
    return product


def delete_product(
    product_id: int,
    *,
    storage: MediaStorage,
    expected_version: int | None = None,
    actor: User | None = None,
) -> str:
    """Delete the product (its photos and old slugs go with it); returns its name. Photo
    files no other image uses are removed once the deletion committed. With
    `expected_version`, only if nobody saved the product since (else StaleEdit)."""
    staged = StagedWrites(storage)
    try:
        with unit_of_work(staged):
            product = _get(Product, product_id)
            if expected_version is not None and product.version != expected_version:
                raise StaleEdit(STALE_PRODUCT)
            name = product.name
            state = product_state(product)
            audit.record(actor, "delete", "product", product.id, name, audit.diff(state, {}))
            schedule_file_removal(list(product.images), staged)
            db.session.delete(product)
    except StaleDataError:
        raise StaleEdit(STALE_PRODUCT) from None
    return name


BATCH_MAX = 500


BATCH_FROM_VARIANTS = (
    "This product has variants: send its variants' SKUs to set their stock and prices."
)


def batch_refusals(items: Sequence[Any]) -> dict[int, dict[str, list[str]]]:
    """What the catalogue refuses in a batch of stock/price items, by item index and field:
    an item that changes nothing, a SKU given twice, a SKU no product has. Items that are
    not well formed (no text `sku`) are skipped: their form is the caller's to judge."""
    errors: dict[int, dict[str, list[str]]] = {}
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("sku"), str):
            continue
        if not any(key in item for key in ("stock", "price")):
            errors.setdefault(index, {})["_item"] = ["Give stock, price or both."]
        sku = item["sku"]
        if sku in seen:
            errors.setdefault(index, {})["sku"] = [f"Also in item {seen[sku]}."]
        seen.setdefault(sku, index)
    stmt = select(Product.sku, Product.variant_count).where(Product.sku.in_(seen))
    known = {row.sku: row.variant_count for row in db.session.execute(stmt)} if seen else {}
    variant_stmt = select(ProductVariant.sku).where(ProductVariant.sku.in_(seen))
    variant_skus = set(db.session.scalars(variant_stmt)) if seen else set()
    for sku, index in seen.items():
        if sku in variant_skus:
            continue  # a variant's: set on it (variant_table.set_stock_and_prices)
        if sku not in known:
            errors.setdefault(index, {})["sku"] = ["No product or variant has this SKU."]
        elif known[sku]:  # its price and stock are its variants' (variant_summary.py)
            errors.setdefault(index, {})["sku"] = [BATCH_FROM_VARIANTS]
    return dict(sorted(errors.items()))
