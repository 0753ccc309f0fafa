"""Demo attributes: each subcategory's definitions (specs.py) as rows, and products' values."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import insert, select

from ..catalogue.models import Attribute, AttributeChoice, ProductAttributeValue
from ..extensions import db
from . import specs
from .products import DemoProduct

KINDS = {"choice": "choice", "number": "number", "yes_no": "boolean"}
# Shown as listing filters: what shoppers narrow a category by first.
FILTERS = {"Material", "Dishwasher safe", "Oven safe", "Induction ready"}


@dataclass(frozen=True)
class CategoryAttribute:
    id: int
    kind: str  # the catalogue's kind: choice, number or boolean
    choices: dict[str, int]  # value -> choice id


def ensure_attributes(subcategories: dict[int, str]) -> dict[int, dict[str, CategoryAttribute]]:
    """Each subcategory's demo attributes (category id -> name -> attribute), created where
    the category has none of that name yet; choices it lacks are added."""
    existing: dict[tuple[int, str], Attribute] = {
        (a.category_id, a.name): a
        for a in db.session.scalars(
            select(Attribute).where(Attribute.category_id.in_(subcategories))
        )
    }
    found: dict[int, dict[str, CategoryAttribute]] = {}
    for category_id, name in subcategories.items():
        found[category_id] = {}
        for position, definition in enumerate(specs.category_attributes(name)):
            attribute = existing.get((category_id, definition.name))
            if attribute is None:
                attribute = Attribute(
                    category_id=category_id,
                    name=definition.name,
                    kind=KINDS[definition.kind],
                    unit=definition.unit or "",
                    position=position,
                    is_filter=definition.name in FILTERS,
                )
                db.session.add(attribute)
            have = {c.value for c in attribute.choices}
            for value in definition.choices:
                if value not in have:
                    attribute.choices.append(
                        AttributeChoice(value=value, position=len(attribute.choices))
                    )
            db.session.flush()
            found[category_id][definition.name] = CategoryAttribute(
                attribute.id, attribute.kind, {c.value: c.id for c in attribute.choices}
            )
    return found


# The measure a type's size names ("26 cm", "1.5 l"): set from the size, not drawn at random.
SIZE_MEASURES = {" cm": ("Diameter", "Length", "Width"), " l": ("Capacity",)}


def product_values(
    product: DemoProduct, slug: str, *, sized_by_variants: bool = False
) -> dict[str, specs.AttributeValue]:
    """A product's attribute values, from its own random stream (so the rest of the seed
    is the same with or without them) and its material, so they agree with its name: a
    "Side Plate, 21 cm" has a diameter of 21. A product whose sizes are variants has no
    single measure, so it has none of them."""
    values = specs.product_specs(product.kind, random.Random(slug), product.material).attributes
    if not product.size:
        return values
    for suffix, names in SIZE_MEASURES.items():
        measures = [name for name in names if name in values]
        if not measures:
            continue
        numbers = _numbers(product.size, suffix)
        if sized_by_variants or numbers is None or len(numbers) > len(measures):
            for name in measures:  # none rather than one that contradicts the size
                del values[name]
            continue
        if len(numbers) == 2:  # "150 by 200 cm": width by length
            measures = [name for name in ("Width", "Length") if name in measures] or measures
        values.update(zip(measures, numbers, strict=False))
    return values


def _numbers(size: str, suffix: str) -> list[float] | None:
    """The numbers of a size such as "26 cm" or "150 by 200 cm" (written with a
    multiplication sign); None if it is not one."""
    if not size.endswith(suffix):
        return None
    try:
        return [float(part) for part in size.removesuffix(suffix).split("\u00d7")]
    except ValueError:
        return None


def value_rows(
    product_id: int,
    values: dict[str, specs.AttributeValue],
    attributes: dict[str, CategoryAttribute],
) -> list[dict]:
    """product_attribute_values rows; a value its category's attribute cannot hold (a choice
    another type of the same category defined differently) is left out."""
    rows = []
    for name, value in values.items():
        attribute = attributes.get(name)
        if attribute is None:
            continue
        row = {"product_id": product_id, "attribute_id": attribute.id}
        if attribute.kind == "choice":
            if value not in attribute.choices:
                continue
            row["choice_id"] = attribute.choices[value]
        elif attribute.kind == "boolean":
            if not isinstance(value, bool):
                continue
            row["flag"] = value
        else:
            if isinstance(value, bool):
                continue
            row["number_milli"] = round(value * 1000)
        rows.append(row)
    return rows


def insert_values(rows: list[dict]) -> None:
    # Three shapes of row (one typed column each): executemany per shape.
    for column in ("choice_id", "number_milli", "flag"):
        shaped = [row for row in rows if column in row]
        if shaped:
            db.session.execute(insert(ProductAttributeValue), shaped)
