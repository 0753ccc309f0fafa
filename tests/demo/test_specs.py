"""Demo attributes and variant options: valid for their kind, fitting the type, deterministic."""

from __future__ import annotations

import random

from shop.demo.data import CATALOGUE, COLOURS, FAMILIES
from shop.demo.products import all_kinds, kind_named
from shop.demo.specs import attributes_for, category_attributes, options_for, product_specs


def test_every_type_has_attributes_and_every_value_is_valid_for_its_kind():
    rng = random.Random(3)
    for kind in all_kinds():
        definitions = {a.name: a for a in attributes_for(kind)}
        assert "Material" in definitions and len(definitions) >= 3
        for _ in range(20):
            specs = product_specs(kind, rng)
            assert specs.attributes.keys() == definitions.keys()
            for name, value in specs.attributes.items():
                assert definitions[name].accepts(value), (kind.noun, name, value)


def test_attribute_kinds_and_units():
    for kind in all_kinds():
        for attribute in attributes_for(kind):
            assert attribute.kind in ("choice", "number", "yes_no")
            if attribute.kind == "choice":
                assert attribute.choices and not attribute.unit
            if attribute.kind == "number":
                assert attribute.low < attribute.high and attribute.step > 0


def test_specs_are_deterministic_and_follow_the_material():
    skillet = kind_named("Skillet")
    enamel = next(m for m in skillet.fitting_materials(FAMILIES) if m.coloured)
    iron = next(m for m in skillet.fitting_materials(FAMILIES) if not m.coloured)
    assert product_specs(skillet, random.Random(9)) == product_specs(skillet, random.Random(9))
    coloured = product_specs(skillet, random.Random(9), enamel)
    assert coloured.attributes["Material"] == enamel.name
    assert 2 <= len(coloured.options["Colour"]) <= 4
    assert set(coloured.options["Colour"]) <= set(COLOURS)
    assert coloured.options["Size"] == ("20 cm", "26 cm", "30 cm")
    assert "Colour" not in product_specs(skillet, random.Random(9), iron).options


def test_options_are_shop_colours_and_real_sizes():
    for kind in all_kinds():
        options = options_for(kind)
        assert set(options) <= {"Colour", "Size"}
        assert set(options.get("Colour", ())) <= set(COLOURS)
        assert (
            options.get("Size", ())
            == tuple(label for label, _ in kind.sizes)[: len(options.get("Size", ()))]
        )
    assert options_for(kind_named("Pyjama Set"))["Size"] == ("S", "M", "L", "XL")
    assert "Colour" not in options_for(kind_named("Chef's Knife"))


def test_category_attributes_merge_their_types():
    for _, subs in CATALOGUE.values():
        for name, kinds in subs.items():
            merged = category_attributes(name)
            names = [a.name for a in merged]
            assert len(names) == len(set(names))
            materials = next(a for a in merged if a.name == "Material").choices
            assert {m.name for k in kinds for m in k.fitting_materials(FAMILIES)} == set(materials)
