"""Demo product names, prices and descriptions: curated per type, plausible, deterministic."""

from __future__ import annotations

import random
import re

import pytest

from shop.demo.data import CATALOGUE, FAMILIES, RANGES, USES
from shop.demo.products import all_kinds, make_product, shop_price_cents


def _products(seed: int, count: int = 3000):
    rng = random.Random(seed)
    kinds = all_kinds()
    return [make_product(rng.choice(kinds), rng) for _ in range(count)]


def test_same_seed_same_products():
    assert _products(5, 300) == _products(5, 300)
    assert [p.name for p in _products(5, 300)] != [p.name for p in _products(6, 300)]


def _pattern(kind) -> re.Pattern[str]:
    """A name is [range] material noun [in colour][, size], all taken from the type's lists."""

    def alternatives(words):
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    materials = alternatives(m.name for m in kind.fitting_materials(FAMILIES))
    colours = alternatives(FAMILIES[kind.family].colours) or "(?!)"
    sizes = alternatives(label for label, _ in kind.sizes) or "(?!)"
    return re.compile(
        rf"(?:(?:{alternatives(RANGES)}) )?(?:{materials}) {re.escape(kind.noun)}"
        rf"(?: in (?:{colours}))?(?:, (?:{sizes}))?"
    )


def test_every_name_is_a_fitting_material_of_its_own_type():
    for product in _products(1):
        assert _pattern(product.kind).fullmatch(product.name), product.name


def test_no_name_pairs_a_material_with_a_type_it_does_not_fit():
    every_material = {m.name for kind in all_kinds() for m in kind.fitting_materials(FAMILIES)}
    for product in _products(2):
        fitting = {m.name for m in product.kind.fitting_materials(FAMILIES)}
        before_noun = product.name.split(product.kind.noun)[0]
        used = {m for m in every_material if f"{m} " in f" {before_noun}"}
        # "Cast Iron" is inside "Enamelled Cast Iron": what counts is the longest one used.
        longest = max(used, key=len)
        assert longest in fitting, product.name
    names = " ".join(p.name for p in _products(3, 5000))
    for nonsense in ("Stainless Steel Shower Curtain", "Recycled Glass Slippers", "Oak Mug"):
        assert nonsense not in names


def test_colours_only_for_dyed_or_glazed_materials():
    for product in _products(4):
        if product.material.coloured:
            assert product.colour in FAMILIES[product.kind.family].colours
            assert f" in {product.colour}" in product.name
        else:
            assert product.colour == product.material.name  # pictured in its own tone


def test_prices_are_plausible_for_the_type_and_end_like_shop_prices():
    for product in _products(5):
        cents = product.price_cents
        assert cents % 100 in (0, 50, 95), product
        assert product.kind.price * 0.4 <= cents / 100 <= product.kind.price * 4, product
    big = [p for p in _products(6) if p.kind.noun == "Duvet Cover"]
    by_size = {
        size: min(p.price_cents for p in big if p.size == size) for size in ("Single", "King")
    }
    assert by_size["Single"] < by_size["King"]  # a king size costs more than a single


@pytest.mark.parametrize("euros", [0.3, 4.2, 17.49, 19.99, 23.5, 99.6, 101.0, 648.2])
def test_shop_prices(euros):
    cents = shop_price_cents(euros, random.Random(1))
    assert cents >= 150 and cents % 100 in (0, 50, 95)
    assert abs(cents / 100 - euros) <= max(2.6, euros * 0.05) or euros < 1


def test_descriptions_are_two_to_four_curated_sentences():
    for product in _products(7):
        sentences = re.split(r"(?<=\.) ", product.description)
        assert 2 <= len(sentences) <= 4, product.description
        assert sentences[0] == USES[product.kind.noun]


def test_every_type_has_its_use_and_a_unique_noun():
    nouns = [
        kind.noun for _, subs in CATALOGUE.values() for kinds in subs.values() for kind in kinds
    ]
    assert len(nouns) == len(set(nouns)) == len(USES)
