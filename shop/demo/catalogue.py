"""Deterministic demo catalogue, bulk-inserted: fast enough for benchmark sizes."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from slugify import slugify
from sqlalchemy import insert, select, text

from ..catalogue.models import Category, Product
from ..catalogue.version import bump_version, note_change
from ..database.transaction import unit_of_work
from ..extensions import db
from .attributes import ensure_attributes, insert_values, product_values, value_rows
from .data import CATALOGUE, Kind
from .products import make_product
from .variants import VariantPlan, insert_variants, plain_name, plan_variants

BATCH = 5_000
# A fixed clock keeps the catalogue deterministic for a given seed.
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class PictureOrder:
    """What a seeded product's picture shows: its type, in its colour (or material's tone).

    A product sold in colours has one picture per colour (position 0 its own), each shown
    for the variants of that colour (their SKUs).
    """

    product_id: int
    noun: str
    colour: str
    alt_text: str
    position: int = 0
    variant_skus: tuple[str, ...] = ()


@dataclass
class SeedResult:
    categories: int
    products: int
    product_ids: list[int]
    pictures: list[PictureOrder] = field(default_factory=list)


@dataclass(frozen=True)
class _Leaf:
    id: int
    top_name: str
    name: str
    kinds: list[Kind]


def _ensure_categories(count: int) -> list[_Leaf]:
    """Create (or reuse, by slug) `count` top-level categories and their subcategories."""
    existing = {c.slug: c for c in db.session.scalars(select(Category))}
    leaves: list[_Leaf] = []
    for position, (top_name, (description, subs)) in enumerate(list(CATALOGUE.items())[:count]):
        top = existing.get(slugify(top_name))
        if top is None:
            top = Category(
                name=top_name, slug=slugify(top_name), description=description, position=position
            )
            db.session.add(top)
            db.session.flush()
        for sub_position, (sub_name, kinds) in enumerate(subs.items()):
            sub = existing.get(slugify(sub_name))
            if sub is None:
                sub = Category(
                    name=sub_name,
                    slug=slugify(sub_name),
                    parent_id=top.id,
                    description=f"{sub_name} from our {top_name.lower()} range.",
                    position=sub_position,
                )
                db.session.add(sub)
                db.session.flush()
            leaves.append(_Leaf(sub.id, top_name, sub_name, kinds))
    return leaves


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def _product_rows(
    rng: random.Random,
    leaves: list[_Leaf],
    count: int,
    slugs: set[str],
    skus: set[str],
    pictures: dict[str, list[tuple]],
    variants: dict[str, VariantPlan],
    values: dict[str, tuple[int, dict]],
) -> Iterator[dict]:
    for i in range(count):
        leaf = leaves[i % len(leaves)]
        product = make_product(rng.choice(leaf.kinds), rng)
        prefix = "".join(w[0] for w in leaf.top_name.split()).upper()[:2].ljust(2, "X")
        created = EPOCH - timedelta(seconds=rng.randrange(365 * 24 * 3600))
        roll = rng.random()
        sku = _unique(f"{prefix}-{rng.randrange(10**6):06d}", skus)
        plan = plan_variants(product, sku, rng)
        name = plain_name(product) if plan else product.name
        slug = _unique(slugify(name, max_length=200), slugs)
        alt = name if product.colour in name else f"{name}, {product.colour.lower()}"
        pictures[slug] = [(product.kind.noun, product.colour, alt)]
        row = {
            "name": name,
            "slug": slug,
            "sku": sku,
            "description": product.description,
            "price_cents": product.price_cents,
            "stock": 0 if roll < 0.12 else rng.randint(1, 120),
            "is_published": roll < 0.96,
            "is_featured": rng.random() < 0.03,
            "category_id": leaf.id,
            "created_at": created,
            "updated_at": created,
            "version": 1,
        }
        sized = plan is not None and "Size" in dict(plan.options)
        values[slug] = (leaf.id, product_values(product, slug, sized_by_variants=sized))
        if plan:
            # Price and stock summarise the variants, as variant_summary.refresh keeps them.
            row.update(plan.summary())
            variants[slug] = plan
            colours = plan.colours()
            if colours:
                pictures[slug] = [
                    (product.kind.noun, colour, f"{name}, {colour.lower()}", *skus)
                    for colour, skus in colours.items()
                ]
        yield row


def seed_demo_catalogue(
    products: int,
    categories: int,
    seed: int,
    progress: Callable[[int], None] | None = None,
) -> SeedResult:
    """Add `products` demo products under `categories` top-level categories (batched commits)."""
    rng = random.Random(seed)
    with unit_of_work():
        leaves = _ensure_categories(max(1, min(categories, len(CATALOGUE))))
        attributes = ensure_attributes({leaf.id: leaf.name for leaf in leaves})
    slugs = set(db.session.scalars(select(Product.slug)))
    skus = set(db.session.scalars(select(Product.sku)))
    batch: list[dict] = []
    new_slugs: list[str] = []
    # slug -> [(noun, colour, alt text, *variant SKUs), ...], the product's own first
    pictures: dict[str, list[tuple]] = {}
    variants: dict[str, VariantPlan] = {}
    values: dict[str, tuple[int, dict]] = {}  # slug -> (category id, attribute values)
    rows = _product_rows(rng, leaves, products, slugs, skus, pictures, variants, values)
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            new_slugs.extend(_insert(batch, progress))
            batch = []
    if batch:
        new_slugs.extend(_insert(batch, progress))
    ids = _ids_for(new_slugs) if new_slugs else {}
    for start in range(0, len(new_slugs), BATCH):
        with unit_of_work():
            insert_values(
                [
                    row
                    for slug in new_slugs[start : start + BATCH]
                    for row in value_rows(ids[slug], values[slug][1], attributes[values[slug][0]])
                ]
            )
            bump_version(db.session.connection())
            note_change(db.session())
    planned = [(ids[slug], plan) for slug, plan in variants.items()]
    for start in range(0, len(planned), BATCH):
        with unit_of_work():
            insert_variants(planned[start : start + BATCH])
            bump_version(db.session.connection())
            note_change(db.session())
    if new_slugs and db.engine.dialect.name == "postgresql":
        # Statistics and the visibility map now, not when autovacuum gets round to it: with
        # an empty table's estimates a category page read 700 heap pages instead of 30, and
        # without the visibility map an index-only count of 200,000 products fetched every
        # row from the table (6.5 s instead of 50 ms). VACUUM cannot run in a transaction.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("SET statement_timeout = 0"))  # production caps statements
            conn.execute(
                text(
                    "VACUUM ANALYZE products, product_images, categories, product_options, "
                    "product_option_values, product_variants, product_attribute_values"
                )
            )
    orders = [
        PictureOrder(ids[slug], noun, colour, alt, position, tuple(skus))
        for slug in new_slugs
        for position, (noun, colour, alt, *skus) in enumerate(pictures[slug])
    ]
    orders.sort(key=lambda order: (order.product_id, order.position))
    return SeedResult(
        categories=len(leaves),
        products=len(new_slugs),
        product_ids=sorted(ids.values()),
        pictures=orders,
    )


def _insert(batch: list[dict], progress: Callable[[int], None] | None) -> list[str]:
    with unit_of_work():
        db.session.execute(insert(Product), batch)
        # Bulk inserts skip the ORM's flush hook: bump the catalogue version (and, through
        # the commit hook, signal the change to running app servers) ourselves.
        bump_version(db.session.connection())
        note_change(db.session())
    if progress:
        progress(len(batch))
    return [row["slug"] for row in batch]


def _ids_for(slugs: list[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for start in range(0, len(slugs), 1000):
        chunk = slugs[start : start + 1000]
        rows = db.session.execute(select(Product.slug, Product.id).where(Product.slug.in_(chunk)))
        ids.update(dict(rows.all()))
    return ids
