"""Demo products sold in colours and sizes: which ones, their variants, and the bulk insert."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable
from dataclasses import dataclass

from slugify import slugify
from sqlalchemy import insert

from ..catalogue.rules import SKU_MAX
from ..catalogue.variant_models import ProductOption, ProductOptionValue, ProductVariant
from ..extensions import db
from .data import FAMILIES
from .products import DemoProduct, shop_price_cents

# Of the products whose type comes in colours or sizes, this share is one product with
# variants; the rest stay single products named with their colour and size, as shops have both.
VARIANT_SHARE = 0.4


@dataclass(frozen=True)
class VariantRow:
    values: tuple[str, ...]  # one per option, in the options' order
    sku: str
    price_cents: int
    stock: int
    published: bool


@dataclass(frozen=True)
class VariantPlan:
    """A demo product's options (name, values) and one row per combination."""

    options: tuple[tuple[str, tuple[str, ...]], ...]
    rows: tuple[VariantRow, ...]

    def colours(self) -> dict[str, tuple[str, ...]]:
        """Each colour the product comes in -> the SKUs of its variants in that colour."""
        names = [name for name, _ in self.options]
        if "Colour" not in names:
            return {}
        at = names.index("Colour")
        skus: dict[str, list[str]] = {colour: [] for colour in dict(self.options)["Colour"]}
        for row in self.rows:
            skus[row.values[at]].append(row.sku)
        return {colour: tuple(found) for colour, found in skus.items()}

    def summary(self) -> dict:
        """The product's columns that summarise its variants (as variant_summary.refresh)."""
        published = [row for row in self.rows if row.published]
        pool = published or list(self.rows)
        return {
            "price_cents": min(row.price_cents for row in pool),
            "stock": sum(row.stock for row in published),
            "variant_count": len(self.rows),
            "price_varies": len({row.price_cents for row in published}) > 1,
            "variant_skus": " ".join(row.sku for row in published),
        }


def _options(product: DemoProduct, rng: random.Random) -> list[tuple[str, tuple[str, ...]]]:
    options: list[tuple[str, tuple[str, ...]]] = []
    family = FAMILIES[product.kind.family]
    if product.material.coloured and family.colours:
        others = [c for c in family.colours if c != product.colour]
        # Its own colour first (the one its picture shows), then one to three more.
        extra = rng.sample(others, min(len(others), rng.randint(1, 3)))
        options.append(("Colour", (product.colour, *extra)))
    if len(product.kind.sizes) > 1:
        options.append(("Size", tuple(label for label, _ in product.kind.sizes)))
    return options


def plan_variants(product: DemoProduct, sku: str, rng: random.Random) -> VariantPlan | None:
    """Variants for a product whose type comes in colours or sizes (VARIANT_SHARE of them),
    priced by size from the product's own price; None for a single product."""
    options = _options(product, rng)
    if not options or rng.random() >= VARIANT_SHARE:
        return None
    factors = dict(product.kind.sizes)
    own = factors.get(product.size or "", 1.0)
    # One price per size, whatever the colour: the product's own size keeps its price.
    prices = {
        size: product.price_cents
        if size == product.size
        else shop_price_cents(product.price_cents / 100 * factor / own, rng)
        for size, factor in factors.items()
    }
    rows = []
    for values in itertools.product(*(values for _, values in options)):
        size = dict(zip((name for name, _ in options), values, strict=True)).get("Size")
        parts = "-".join(slugify(v, max_length=12) for v in values)
        rows.append(
            VariantRow(
                values=values,
                sku=f"{sku}-{parts}"[:SKU_MAX],
                price_cents=prices[size] if size else product.price_cents,
                stock=0 if rng.random() < 0.15 else rng.randint(1, 40),
                published=rng.random() < 0.95,
            )
        )
    return VariantPlan(tuple(options), tuple(rows))


def plain_name(product: DemoProduct) -> str:
    """The product's name without its colour and size, which its variants carry."""
    return " ".join(filter(None, (product.range, product.material.name, product.kind.noun)))


def insert_variants(plans: Iterable[tuple[int, VariantPlan]]) -> int:
    """Options, values and variants of seeded products (id, plan), in a few statements."""
    plans = list(plans)
    if not plans:
        return 0
    option_rows = [
        {"product_id": product_id, "name": name, "position": position}
        for product_id, plan in plans
        for position, (name, _) in enumerate(plan.options)
    ]
    option_ids = _insert_returning(ProductOption, option_rows)
    value_rows = []
    option_at = iter(option_ids)
    value_keys = []  # (product_id, option name, value), in value_rows' order
    for product_id, plan in plans:
        for name, values in plan.options:
            option_id = next(option_at)
            for position, value in enumerate(values):
                value_rows.append({"option_id": option_id, "value": value, "position": position})
                value_keys.append((product_id, name, value, option_id))
    value_ids = _insert_returning(ProductOptionValue, value_rows)
    ids = {key[:3]: (value_id, key[3]) for key, value_id in zip(value_keys, value_ids, strict=True)}
    variant_rows = []
    for product_id, plan in plans:
        names = [name for name, _ in plan.options]
        for position, row in enumerate(plan.rows):
            pairs = zip(names, row.values, strict=True)
            picked = [ids[product_id, name, value] for name, value in pairs]
            # The canonical key: value ids in the order of their options' ids.
            key = ".".join(str(value_id) for value_id, _ in sorted(picked, key=lambda p: p[1]))
            variant_rows.append(
                {
                    "product_id": product_id,
                    "sku": row.sku,
                    "combination": key,
                    "price_cents": row.price_cents,
                    "stock": row.stock,
                    "is_published": row.published,
                    "position": position,
                    "version": 1,
                }
            )
    db.session.execute(insert(ProductVariant), variant_rows)
    return len(variant_rows)


def _insert_returning(model, rows: list[dict]) -> list[int]:
    """Insert many rows and return their ids in the rows' order (one round trip per batch)."""
    if not rows:
        return []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))
