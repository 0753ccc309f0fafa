"""One demo product from its type and a random.Random: name, price, description, colour."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .data import CATALOGUE, FAMILIES, MATERIAL_NOTES, NOTE_FAMILIES, RANGES, USES, Kind, Material


@dataclass(frozen=True)
class DemoProduct:
    kind: Kind
    material: Material
    colour: str  # a shop colour name, or the material itself when it shows its own tone
    size: str | None
    range: str | None
    name: str
    price_cents: int
    description: str


def all_kinds() -> list[Kind]:
    return [kind for _, subs in CATALOGUE.values() for kinds in subs.values() for kind in kinds]


def kind_named(noun: str) -> Kind:
    return next(kind for kind in all_kinds() if kind.noun == noun)


def make_product(kind: Kind, rng: random.Random) -> DemoProduct:
    """A product of this type in a material, size and colour it is really sold in."""
    family = FAMILIES[kind.family]
    material = rng.choice(kind.fitting_materials(FAMILIES))
    colour = rng.choice(family.colours) if material.coloured and family.colours else material.name
    size, size_factor = rng.choice(kind.sizes) if kind.sizes else (None, 1.0)
    range_name = rng.choice(RANGES) if rng.random() < 0.5 else None
    name = " ".join(filter(None, (range_name, material.name, kind.noun)))
    if colour != material.name:
        name += f" in {colour}"
    if size:
        name += f", {size}"
    euros = kind.price * material.factor * size_factor * rng.uniform(0.95, 1.08)
    return DemoProduct(
        kind=kind,
        material=material,
        colour=colour,
        size=size,
        range=range_name,
        name=name,
        price_cents=shop_price_cents(euros, rng),
        description=_description(kind, material, range_name, rng),
    )


def shop_price_cents(euros: float, rng: random.Random) -> int:
    """A price a shop would print: whole euros ending .00 or .95, or .50 under 20 euros."""
    if euros >= 100:
        whole = max(100, round(euros / 5) * 5)  # 145, 150, 155...
        return whole * 100 - rng.choice((0, 0, 5))  # 149.95 reads as well as 150.00
    whole = max(1, round(euros))
    endings = (0, 50, -5) if euros < 20 else (0, -5, -5)
    return max(150, whole * 100 + rng.choice(endings))


def _description(kind: Kind, material: Material, range_name: str | None, rng: random.Random) -> str:
    """Two to four sentences: what it is for, what it is made of, how to look after it."""
    family = FAMILIES[kind.family]
    sentences = [USES[kind.noun]]
    fits = kind.family in NOTE_FAMILIES.get(material.name, (kind.family,))
    note = MATERIAL_NOTES.get(material.name) if fits else None
    sentences.append(note or rng.choice(family.about))
    if note and rng.random() < 0.5:
        sentences.append(rng.choice(family.about))
    sentences.append(rng.choice(kind.care or family.care))
    if range_name and len(sentences) < 4:
        sentences.append(f"Part of our {range_name} range.")
    return " ".join(sentences)
