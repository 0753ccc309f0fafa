"""Write side of attributes: define them on a category, and set a product's values (called
from services.apply_product_changes, so every door audits and versions them alike)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select

from ..audit import services as audit
from ..database.transaction import unit_of_work
from ..extensions import db
from . import attributes as attrs
from .errors import CatalogueError, NotFound
from .models import (
    ATTRIBUTE_KINDS,
    Attribute,
    AttributeChoice,
    Category,
    Product,
    ProductAttributeValue,
)

if TYPE_CHECKING:
    from ..accounts.models import User


def _clean_text(value: Any, field: str, maximum: int, *, required: bool) -> str:
    if not isinstance(value, str):
        raise CatalogueError("Enter text.", field=field)
    text = value.strip()
    if required and not text:
        raise CatalogueError("This field is required.", field=field)
    if len(text) > maximum:
        raise CatalogueError(f"At most {maximum} characters.", field=field)
    return text


def _clean_choices(values: Sequence[str]) -> list[str]:
    """Blank lines dropped; each value once (case-insensitively), in the given order."""
    seen: set[str] = set()
    cleaned = []
    for raw in values:
        value = _clean_text(raw, "choices", attrs.CHOICE_MAX, required=False)
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            cleaned.append(value)
    if len(cleaned) > attrs.CHOICES_MAX:
        raise CatalogueError(f"At most {attrs.CHOICES_MAX} choices.", field="choices")
    return cleaned


def _descendants(category_id: int) -> set[int]:
    rows = db.session.execute(select(Category.id, Category.parent_id)).all()
    found, frontier = {category_id}, [category_id]
    while frontier:
        current = frontier.pop()
        for child, parent in rows:
            if parent == current and child not in found:
                found.add(child)
                frontier.append(child)
    return found


def _check_name_free(category_id: int, name: str, exclude_id: int | None) -> None:
    """A product sees its category's attributes and its ancestors': one name may mean one
    attribute there, so a name is unique among the ancestors and the descendants too."""
    related = set(attrs.category_chain(category_id)) | _descendants(category_id)
    stmt = select(Attribute.id).where(
        Attribute.category_id.in_(related), func.lower(Attribute.name) == name.lower()
    )
    if exclude_id is not None:
        stmt = stmt.where(Attribute.id != exclude_id)
    if db.session.scalar(stmt.limit(1)) is not None:
        raise CatalogueError(
            "This category, a parent or a subcategory already has an attribute of this name.",
            field="name",
        )


def _state(attribute: Attribute) -> dict[str, Any]:
    return {
        "name": attribute.name,
        "kind": attribute.kind,
        "unit": attribute.unit,
        "position": attribute.position,
        "filter": attribute.is_filter,
        "choices": ", ".join(c.value for c in attribute.choices),
    }


def _position(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 10**6:
        raise CatalogueError("A position is a whole number.", field="position")
    return value


def create_attribute(
    category_id: int,
    *,
    name: str,
    kind: str,
    unit: str = "",
    position: int = 0,
    is_filter: bool = False,
    choices: Sequence[str] = (),
    actor: User | None = None,
) -> Attribute:
    """Define an attribute on a category (its subcategories inherit it)."""
    name = _clean_text(name, "name", attrs.NAME_MAX, required=True)
    if kind not in ATTRIBUTE_KINDS:
        raise CatalogueError("Choose a kind.", field="kind")
    unit = _clean_text(unit, "unit", attrs.UNIT_MAX, required=False) if kind == "number" else ""
    values = _clean_choices(choices) if kind == "choice" else []
    if kind == "choice" and not values:
        raise CatalogueError("A choice list needs at least one value.", field="choices")
    with unit_of_work():
        if db.session.get(Category, category_id) is None:
            raise NotFound("There is no such category.")
        _check_name_free(category_id, name, None)
        attribute = Attribute(
            category_id=category_id,
            name=name,
            kind=kind,
            unit=unit,
            position=_position(position),
            is_filter=bool(is_filter),
            choices=[AttributeChoice(value=v, position=i) for i, v in enumerate(values)],
        )
        db.session.add(attribute)
        db.session.flush()
        audit.record(
            actor, "create", "attribute", attribute.id, name, audit.diff({}, _state(attribute))
        )
    return attribute


def products_with_values(attribute_id: int) -> int:
    """How many products have a value of this attribute (what deleting it takes away)."""
    stmt = select(func.count()).where(ProductAttributeValue.attribute_id == attribute_id)
    return db.session.scalar(stmt) or 0


def _choice_use(attribute_id: int) -> dict[int, int]:
    stmt = (
        select(ProductAttributeValue.choice_id, func.count())
        .where(
            ProductAttributeValue.attribute_id == attribute_id,
            ProductAttributeValue.choice_id.is_not(None),
        )
        .group_by(ProductAttributeValue.choice_id)
    )
    return dict(db.session.execute(stmt).all())


def _set_choices(attribute: Attribute, values: list[str]) -> None:
    """Keep the choices whose value is still listed (matched case-insensitively, so a
    change of case is a rename products follow), add new ones, order all as listed; a
    choice products use cannot go."""
    existing = {c.value.casefold(): c for c in attribute.choices}
    wanted = {v.casefold() for v in values}
    use = _choice_use(attribute.id)
    for key, choice in existing.items():
        if key not in wanted and use.get(choice.id):
            count = use[choice.id]
            raise CatalogueError(
                f"\u201c{choice.value}\u201d is the value of {count} "
                f"product{'s' if count != 1 else ''}; give them another value first.",
                field="choices",
            )
    kept = []
    for position, value in enumerate(values):
        choice = existing.get(value.casefold()) or AttributeChoice(value=value)
        choice.value, choice.position = value, position
        kept.append(choice)
    attribute.choices = kept  # delete-orphan removes the unused ones


def update_attribute(attribute_id: int, *, actor: User | None = None, **changes: Any) -> Attribute:
    """Apply `changes` (name, kind, unit, position, is_filter, choices). The kind can only
    change while no product has a value."""
    with unit_of_work():
        attribute = db.session.get(Attribute, attribute_id)
        if attribute is None:
            raise NotFound("There is no such attribute.")
        before = _state(attribute)
        if "name" in changes:
            name = _clean_text(changes["name"], "name", attrs.NAME_MAX, required=True)
            if name.casefold() != attribute.name.casefold():
                _check_name_free(attribute.category_id, name, attribute.id)
            attribute.name = name
        kind = changes.get("kind", attribute.kind)
        if kind != attribute.kind:
            if kind not in ATTRIBUTE_KINDS:
                raise CatalogueError("Choose a kind.", field="kind")
            if products_with_values(attribute.id):
                raise CatalogueError(
                    "Products have values of this attribute, so its kind cannot change.",
                    field="kind",
                )
            attribute.kind = kind
        if "unit" in changes or kind != "number":
            unit = changes.get("unit", attribute.unit)
            attribute.unit = (
                _clean_text(unit, "unit", attrs.UNIT_MAX, required=False)
                if kind == "number"
                else ""
            )
        if "position" in changes:
            attribute.position = _position(changes["position"])
        if "is_filter" in changes:
            attribute.is_filter = bool(changes["is_filter"])
        if kind != "choice":
            _set_choices(attribute, [])
        elif "choices" in changes:
            values = _clean_choices(changes["choices"])
            if not values:
                raise CatalogueError("A choice list needs at least one value.", field="choices")
            _set_choices(attribute, values)
        changed = audit.diff(before, _state(attribute))
        if changed:
            audit.record(actor, "update", "attribute", attribute.id, attribute.name, changed)
    return attribute


def delete_attribute(attribute_id: int, *, actor: User | None = None) -> tuple[str, int]:
    """Delete the attribute with its choices and every product's value of it; returns its
    name and how many products lost a value."""
    with unit_of_work():
        attribute = db.session.get(Attribute, attribute_id)
        if attribute is None:
            raise NotFound("There is no such attribute.")
        name, lost = attribute.name, products_with_values(attribute.id)
        state = _state(attribute)
        state["products with a value"] = lost
        audit.record(actor, "delete", "attribute", attribute.id, name, audit.diff(state, {}))
        db.session.execute(
            delete(ProductAttributeValue).where(ProductAttributeValue.attribute_id == attribute.id)
        )
        db.session.delete(attribute)
    return name, lost


def _stored(product_id: int) -> dict[int, ProductAttributeValue]:
    stmt = select(ProductAttributeValue).where(ProductAttributeValue.product_id == product_id)
    return {v.attribute_id: v for v in db.session.scalars(stmt)}


def value_state(
    applicable: Sequence[Attribute], stored: dict[int, ProductAttributeValue]
) -> dict[str, str]:
    """The product's values as its audit entry shows them, by attribute name."""
    state = {}
    by_id = {a.id: a for a in applicable}
    for attribute_id, value in stored.items():
        attribute = by_id.get(attribute_id) or db.session.get(Attribute, attribute_id)
        if attribute is None:
            continue
        choice = next((c.value for c in attribute.choices if c.id == value.choice_id), None)
        text = attrs.display_value(
            attribute.kind, attribute.unit, choice, value.number_milli, value.flag
        )
        state[attrs.audit_field(attribute.name)] = text
    return state


def apply_values(product: Product, values: dict[int, str | None] | None) -> dict[str, list]:
    """Set the product's attribute values (attribute id -> text as typed; empty or None
    clears it) and drop values of attributes its category no longer has. Returns the audit
    diff. Runs in the caller's transaction."""
    with db.session.no_autoflush:
        applicable = attrs.attributes_for_category(product.category_id)
        stored = _stored(product.id)
        before = value_state(applicable, stored)
        by_id = {a.id: a for a in applicable}
        for attribute_id in values or {}:
            if attribute_id not in by_id:
                raise CatalogueError(
                    "This attribute does not belong to the product's category.",
                    field=attrs.field_name(attribute_id),
                )
        parsed = {i: attrs.parse_value(by_id[i], raw) for i, raw in (values or {}).items()}
    changed = False
    for attribute_id, value in list(stored.items()):
        cleared = attribute_id in parsed and parsed[attribute_id] is None
        if cleared or attribute_id not in by_id:  # not by_id: the category changed
            db.session.delete(value)
            del stored[attribute_id]
            changed = True
    for attribute_id, typed in parsed.items():
        if typed is None:
            continue
        row = stored.get(attribute_id)
        if row is None:
            row = ProductAttributeValue(product_id=product.id, attribute_id=attribute_id)
            db.session.add(row)
            stored[attribute_id] = row
        if (row.choice_id, row.number_milli, row.flag) != (
            typed.choice_id,
            typed.number_milli,
            typed.flag,
        ):
            row.choice_id, row.number_milli, row.flag = (
                typed.choice_id,
                typed.number_milli,
                typed.flag,
            )
            changed = True
    return audit.diff(before, value_state(applicable, stored)) if changed else {}
