"""Demo attributes and variant options per product type (data only), and a product's values."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .data import CATALOGUE, FAMILIES, Kind, Material

AttributeValue = str | float | bool


@dataclass(frozen=True)
class Attribute:
    """One attribute definition: a choice list, a number with a unit, or yes/no."""

    name: str
    kind: str  # "choice", "number" or "yes_no"
    unit: str | None = None
    choices: tuple[str, ...] = ()
    low: float = 0
    high: float = 0
    step: float = 1
    likely: float = 0.5  # yes_no: how often a product says yes

    def value(self, rng: random.Random) -> AttributeValue:
        if self.kind == "choice":
            return rng.choice(self.choices)
        if self.kind == "yes_no":
            return rng.random() < self.likely
        steps = round((self.high - self.low) / self.step)
        return round(self.low + self.step * rng.randint(0, steps), 2)

    def accepts(self, value: AttributeValue) -> bool:
        if self.kind == "choice":
            return value in self.choices
        if self.kind == "yes_no":
            return isinstance(value, bool)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        on_step = abs((value - self.low) / self.step - round((value - self.low) / self.step))
        return self.low <= value <= self.high and on_step < 1e-6


def _cm(name: str, low: float, high: float, step: float = 1) -> Attribute:
    return Attribute(name, "number", "cm", low=low, high=high, step=step)


def _yes(name: str, likely: float = 0.5) -> Attribute:
    return Attribute(name, "yes_no", likely=likely)


def _choice(name: str, *choices: str) -> Attribute:
    return Attribute(name, "choice", choices=choices)


DISHWASHER, NOT_DISHWASHER = _yes("Dishwasher safe", 0.9), _yes("Dishwasher safe", 0.0)
FAMILY_ATTRIBUTES: dict[str, tuple[Attribute, ...]] = {
    "pan": (
        _cm("Diameter", 20, 36, 2),
        Attribute("Weight", "number", "kg", low=0.8, high=3.6, step=0.1),
        _yes("Oven safe", 1.0),
        _yes("Induction ready", 0.9),
        NOT_DISHWASHER,
    ),
    "pot": (
        Attribute("Capacity", "number", "l", low=1, high=12, step=0.5),
        _yes("Oven safe", 0.9),
        _yes("Induction ready", 0.9),
        _yes("Dishwasher safe", 0.6),
        _yes("Lid included", 0.8),
    ),
    "knife": (
        _cm("Blade length", 8, 26),
        Attribute("Hardness", "number", "HRC", low=56, high=62),
        _choice("Handle", "Walnut", "Pakkawood", "Olive Wood"),
        NOT_DISHWASHER,
    ),
    "wood": (
        _cm("Length", 20, 60),
        _cm("Width", 8, 40),
        _choice("Finish", "Oiled", "Waxed", "Raw"),
        NOT_DISHWASHER,
    ),
    "ceramic": (
        _cm("Diameter", 8, 32),
        _choice("Glaze", "Satin", "Gloss", "Reactive"),
        DISHWASHER,
        _yes("Microwave safe", 0.9),
    ),
    "bakeware": (
        _cm("Length", 15, 40),
        _yes("Non-stick", 0.5),
        Attribute("Oven safe to", "number", "°C", low=220, high=260, step=10),
    ),
    "cushion": (
        _cm("Width", 30, 70, 5),
        _choice("Filling", "Feather", "Recycled fibre", "Cover only"),
        _yes("Removable cover", 1.0),
    ),
    "throw": (
        _cm("Width", 120, 200, 10),
        _cm("Length", 150, 240, 10),
        Attribute("Weight", "number", "g", low=600, high=1800, step=50),
        _yes("Fringed", 0.6),
    ),
    "lamp": (
        _cm("Height", 25, 180, 5),
        _choice("Bulb fitting", "E27", "E14", "GU10"),
        Attribute("Cable length", "number", "m", low=1.5, high=3, step=0.5),
        _yes("Dimmable", 0.4),
    ),
    "woven": (
        _cm("Height", 15, 60),
        _cm("Diameter", 20, 55),
        _yes("Handles", 0.7),
        _yes("Lined", 0.3),
    ),
    "furniture": (
        _cm("Width", 30, 220, 5),
        _cm("Depth", 25, 100, 5),
        _cm("Height", 40, 200, 5),
        _choice("Finish", "Oiled", "Lacquered", "Painted"),
        _yes("Assembly required", 0.6),
    ),
    "decor": (_cm("Height", 8, 90), _choice("Finish", "Matt", "Satin", "Polished")),
    "bedding": (
        Attribute("Thread count", "number", low=200, high=600, step=50),
        Attribute("Fabric weight", "number", "g/m²", low=120, high=200, step=5),
        _choice("Closure", "Buttons", "Envelope", "Zip"),
    ),
    "sleepwear": (
        _choice("Fit", "Relaxed", "Regular"),
        Attribute("Fabric weight", "number", "g/m²", low=110, high=320, step=10),
        _yes("Pockets", 0.6),
    ),
    "towel": (
        Attribute("Weight", "number", "g/m²", low=400, high=700, step=25),
        _yes("Hanging loop", 0.7),
        _yes("Quick drying", 0.4),
    ),
    "bath": (_cm("Width", 8, 70), _yes("Waterproof", 0.9), _yes("Wall mounted", 0.2)),
    "tool": (
        _cm("Length", 25, 120),
        _choice("Handle", "Ash", "Beech", "Recycled plastic"),
        Attribute("Guarantee", "number", "years", low=2, high=10),
    ),
    "planter": (
        _cm("Diameter", 12, 80),
        _cm("Height", 8, 60),
        _yes("Drainage hole", 1.0),
        _yes("Frost proof", 0.8),
    ),
    "outdoor": (_cm("Width", 30, 200, 5), _yes("Weather resistant", 1.0), _yes("Foldable", 0.4)),
    "pantry": (
        Attribute("Capacity", "number", "l", low=0.2, high=10, step=0.1),
        _yes("Airtight", 0.8),
        _yes("Dishwasher safe", 0.6),
    ),
}


@dataclass(frozen=True)
class ProductSpecs:
    """A product's attribute values and, per variant option, the values it is offered in."""

    attributes: dict[str, AttributeValue]
    options: dict[str, tuple[str, ...]]


def attributes_for(kind: Kind) -> tuple[Attribute, ...]:
    """The attribute definitions of a product type: its material, then its family's."""
    materials = tuple(m.name for m in kind.fitting_materials(FAMILIES))
    return (_choice("Material", *materials), *FAMILY_ATTRIBUTES[kind.family])


def category_attributes(subcategory: str) -> tuple[Attribute, ...]:
    """Every attribute a subcategory's products use, materials merged, in first-seen order."""
    kinds = next(subs[subcategory] for _, subs in CATALOGUE.values() if subcategory in subs)
    materials: list[str] = []
    merged: dict[str, Attribute] = {}
    for kind in kinds:
        for attribute in attributes_for(kind):
            if attribute.name == "Material":
                materials.extend(m for m in attribute.choices if m not in materials)
            else:
                merged.setdefault(attribute.name, attribute)
    return (_choice("Material", *materials), *merged.values())


def options_for(kind: Kind) -> dict[str, tuple[str, ...]]:
    """The variant options a product type can have: Colour (if dyed or glazed) and Size."""
    options: dict[str, tuple[str, ...]] = {}
    family = FAMILIES[kind.family]
    if family.colours and any(m.coloured for m in kind.fitting_materials(FAMILIES)):
        options["Colour"] = family.colours
    if len(kind.sizes) > 1:
        options["Size"] = tuple(label for label, _ in kind.sizes)
    return options


def product_specs(kind: Kind, rng: random.Random, material: Material | None = None) -> ProductSpecs:
    """A product's attribute values and option values, deterministic for the rng's state.

    Pass the product's own material (from its name) to keep the two consistent. A colour
    option offers two to four of its family's colours; a size option every size it comes in.
    """
    values: dict[str, AttributeValue] = {}
    for attribute in attributes_for(kind):
        if attribute.name == "Material" and material is not None:
            values["Material"] = material.name
        else:
            values[attribute.name] = attribute.value(rng)
    options = options_for(kind)
    if "Colour" in options:
        if material is not None and not material.coloured:
            del options["Colour"]  # a walnut board comes in walnut only
        else:
            count = min(len(options["Colour"]), rng.randint(2, 4))
            options["Colour"] = tuple(rng.sample(options["Colour"], count))
    return ProductSpecs(attributes=values, options=options)
