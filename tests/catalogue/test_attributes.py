"""Attributes: definitions inherited down the tree, values validated by type, audited and
versioned with the product, dropped when the category changes, and filters on an index."""

from decimal import Decimal

import pytest
from sqlalchemy import select, text

from shop.audit.queries import entries_for
from shop.catalogue import attribute_filters, attribute_services, attributes, services
from shop.catalogue.models import Product, ProductAttributeValue
from shop.extensions import db
from tests.helpers.factories import make_category, make_product


def _attribute(category, name, kind, **fields):
    return attribute_services.create_attribute(category.id, name=name, kind=kind, **fields)


@pytest.fixture
def furniture(app):
    """Furniture (Material, Width) > Tables (Foldable), and a table to describe."""
    furniture = make_category("Furniture")
    tables = make_category("Tables", parent=furniture)
    material = _attribute(furniture, "Material", "choice", choices=["oak", "walnut"], position=2)
    width = _attribute(furniture, "Width", "number", unit="cm", position=1, is_filter=True)
    foldable = _attribute(tables, "Foldable", "boolean", position=0)
    product = make_product("Table", category=tables)
    return {"furniture": furniture, "tables": tables, "material": material, "width": width,
            "foldable": foldable, "product": product}  # fmt: skip


def _save(product, values, **changes):
    return services.update_product(
        product.id, expected_version=product.version, attributes=values, **changes
    )


def _stored(product_id):
    rows = db.session.scalars(
        select(ProductAttributeValue).where(ProductAttributeValue.product_id == product_id)
    )
    return {(r.attribute_id, r.choice_id, r.number_milli, r.flag) for r in rows}


def test_a_category_has_its_ancestors_attributes_first_then_its_own_by_position(furniture):
    names = [a.name for a in attributes.attributes_for_category(furniture["tables"].id)]
    assert names == ["Width", "Material", "Foldable"]
    parent_only = attributes.attributes_for_category(furniture["furniture"].id)
    assert [a.name for a in parent_only] == ["Width", "Material"]


@pytest.mark.parametrize("name", ["material", " MATERIAL "])
def test_a_name_is_unique_up_and_down_the_tree_whatever_its_case(furniture, name):
    with pytest.raises(services.CatalogueError) as below:
        _attribute(furniture["tables"], name, "boolean")
    assert below.value.field == "name"
    with pytest.raises(services.CatalogueError) as above:
        _attribute(furniture["furniture"], "FOLDABLE", "boolean")
    assert above.value.field == "name"
    other = make_category("Lamps")
    assert _attribute(other, name, "boolean").name == name.strip()  # another branch: fine


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": " ", "kind": "boolean"}, "name"),
        ({"name": "x" * 101, "kind": "boolean"}, "name"),
        ({"name": "Colour", "kind": "text"}, "kind"),
        ({"name": "Colour", "kind": "choice", "choices": ["", "  "]}, "choices"),
        ({"name": "Depth", "kind": "number", "unit": "c" * 21}, "unit"),
        ({"name": "Depth", "kind": "number", "position": "1"}, "position"),
    ],
)
def test_a_definition_is_checked_before_anything_is_written(furniture, fields, field):
    with pytest.raises(services.CatalogueError) as excinfo:
        attribute_services.create_attribute(furniture["tables"].id, **fields)
    assert excinfo.value.field == field
    assert len(attributes.attributes_for_category(furniture["tables"].id)) == 3


def test_values_are_stored_typed_and_exact(furniture):
    product, width = furniture["product"], furniture["width"]
    material, foldable = furniture["material"], furniture["foldable"]
    walnut = material.choices[1].id
    _save(product, {width.id: " 80.125 ", material.id: "Walnut", foldable.id: "yes"})
    assert _stored(product.id) == {
        (width.id, None, 80125, None),
        (material.id, walnut, None, None),
        (foldable.id, None, None, True),
    }
    for typed, milli in [("0.001", 1), ("-12.5", -12500), ("999999999999.999", 999999999999999)]:
        _save(db.session.get(Product, product.id), {width.id: typed})
        db.session.expire_all()
        assert (width.id, None, milli, None) in _stored(product.id)
        assert attributes.format_number(milli) == typed


@pytest.mark.parametrize(
    ("which", "typed"),
    [
        ("width", "1e3"),
        ("width", "NaN"),
        ("width", "Infinity"),
        ("width", "80,5"),
        ("width", "1,000"),
        ("width", "1.2345"),
        ("width", "1234567890123"),
        ("width", "twelve"),
        ("width", "٣"),  # a digit, but not one a decimal field takes
        ("material", "pine"),
        ("material", "<script>alert(1)</script>"),
        ("foldable", "maybe"),
        ("foldable", "1"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_on_its_field_and_nothing_changes(
    furniture, which, typed
):
    product, attribute = furniture["product"], furniture[which]
    _save(product, {furniture["width"].id: "75"})
    version = db.session.get(Product, product.id).version
    with pytest.raises(services.CatalogueError) as excinfo:
        _save(db.session.get(Product, product.id), {attribute.id: typed}, name="Renamed")
    assert excinfo.value.field == f"attribute_{attribute.id}"
    db.session.expire_all()
    saved = db.session.get(Product, product.id)
    assert (saved.name, saved.version) == ("Table", version)
    assert _stored(product.id) == {(furniture["width"].id, None, 75000, None)}


def test_an_attribute_of_another_category_is_refused(furniture):
    lamps = make_category("Lamps")
    wattage = _attribute(lamps, "Wattage", "number", unit="W")
    with pytest.raises(services.CatalogueError) as excinfo:
        _save(furniture["product"], {wattage.id: "40"})
    assert excinfo.value.field == f"attribute_{wattage.id}"
    assert _stored(furniture["product"].id) == set()


def test_a_value_change_is_audited_and_moves_the_version_so_a_stale_form_is_refused(furniture):
    product, width, foldable = furniture["product"], furniture["width"], furniture["foldable"]
    opened_at = product.version
    _save(product, {width.id: "80", foldable.id: "no"})
    saved = db.session.get(Product, product.id)
    assert saved.version == opened_at + 1
    entry = entries_for("product", product.id)[0]
    assert entry.changes == {
        "attribute: Foldable": [None, "No"],
        "attribute: Width": [None, "80 cm"],
    }

    with pytest.raises(services.StaleEdit):  # a form opened before that save
        services.update_product(product.id, expected_version=opened_at, attributes={width.id: "90"})

    _save(db.session.get(Product, product.id), {width.id: "80.0", foldable.id: "NO"})
    assert db.session.get(Product, product.id).version == opened_at + 1  # the same values
    _save(db.session.get(Product, product.id), {width.id: "", foldable.id: None})
    assert entries_for("product", product.id)[0].changes == {
        "attribute: Foldable": ["No", None],
        "attribute: Width": ["80 cm", None],
    }
    assert _stored(product.id) == set()


def test_a_new_category_drops_the_values_it_does_not_have(furniture):
    product, width, foldable = furniture["product"], furniture["width"], furniture["foldable"]
    _save(product, {width.id: "120", foldable.id: "yes"})
    # Up to Furniture: Width is still there, Foldable (a Tables attribute) goes.
    _save(db.session.get(Product, product.id), None, category_id=furniture["furniture"].id)
    assert _stored(product.id) == {(width.id, None, 120000, None)}
    assert entries_for("product", product.id)[0].changes == {
        "attribute: Foldable": ["Yes", None],
        "category": ["Tables", "Furniture"],
    }
    lamps = make_category("Lamps")
    services.update_product(
        product.id,
        expected_version=db.session.get(Product, product.id).version,
        category_id=lamps.id,
    )
    assert _stored(product.id) == set()


def test_create_product_takes_values_and_audits_them(furniture):
    product = services.create_product(
        name="Desk", sku="DESK-1", price=Decimal("99.00"), category_id=furniture["tables"].id,
        attributes={furniture["material"].id: "oak"},
    )  # fmt: skip
    assert product.version == 1
    assert entries_for("product", product.id)[0].changes["attribute: Material"] == [None, "oak"]


def test_the_kind_cannot_change_once_products_have_values(furniture):
    width = furniture["width"]
    assert attribute_services.update_attribute(width.id, kind="boolean").kind == "boolean"
    attribute_services.update_attribute(width.id, kind="number", unit="mm")
    _save(furniture["product"], {width.id: "3"})
    with pytest.raises(services.CatalogueError) as excinfo:
        attribute_services.update_attribute(width.id, kind="choice", choices=["a"])
    assert excinfo.value.field == "kind"
    db.session.expire_all()
    assert attributes.attributes_for_category(furniture["furniture"].id)[0].unit == "mm"


def test_a_choice_in_use_cannot_be_removed_and_the_message_says_by_how_many(furniture):
    material = furniture["material"]
    _save(furniture["product"], {material.id: "oak"})
    other = make_product("Bench", category=furniture["furniture"])
    _save(other, {material.id: "oak"})
    with pytest.raises(services.CatalogueError) as excinfo:
        attribute_services.update_attribute(material.id, choices=["walnut", "beech"])
    assert excinfo.value.field == "choices"
    assert "2 products" in str(excinfo.value)
    # A change of case renames the choice for every product; unused ones may go.
    attribute_services.update_attribute(material.id, choices=["Oak", "beech"])
    db.session.expire_all()
    material = attributes.attributes_for_category(furniture["furniture"].id)[1]
    assert [c.value for c in material.choices] == ["Oak", "beech"]
    assert len(_stored(other.id)) == 1
    assert entries_for("attribute", material.id)[0].changes == {
        "choices": ["oak, walnut", "Oak, beech"]
    }


def test_deleting_an_attribute_says_how_many_products_lost_a_value(furniture):
    material = furniture["material"]
    _save(furniture["product"], {material.id: "walnut", furniture["width"].id: "60"})
    assert attribute_services.products_with_values(material.id) == 1
    assert attribute_services.delete_attribute(material.id) == ("Material", 1)
    assert _stored(furniture["product"].id) == {(furniture["width"].id, None, 60000, None)}
    names = [a.name for a in attributes.attributes_for_category(furniture["tables"].id)]
    assert names == ["Width", "Foldable"]
    assert entries_for("attribute", material.id)[0].action == "delete"


def _plan(statement) -> str:
    compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
    prefix = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
    if db.engine.dialect.name == "postgresql":
        # 30 rows fit one page, where a scan is cheaper: ask whether the index can serve it.
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
    rows = db.session.execute(text(prefix + str(compiled))).all()
    return "\n".join(str(row[-1]) for row in rows)


@pytest.mark.parametrize(
    ("which", "condition", "index"),
    [
        ("material", lambda f: {"choice_id": f["material"].choices[0].id}, "choice"),
        ("width", lambda f: {"low": 80000, "high": 120000}, "number"),
        ("foldable", lambda f: {"flag": True}, "flag"),
    ],
)
def test_a_filter_by_attribute_reads_its_index(furniture, which, condition, index):
    for n in range(30):
        product = make_product(f"T{n}", category=furniture["tables"])
        _save(product, {furniture["width"].id: str(60 + n * 3), furniture["foldable"].id: "yes",
                        furniture["material"].id: "oak" if n % 2 else "walnut"})  # fmt: skip
    has = attribute_filters.has_value(
        attribute_filters.AttributeCondition(furniture[which].id, **condition(furniture))
    )
    statement = select(Product.id).where(has)
    assert (
        len(db.session.scalars(statement).all()) == {"choice": 15, "number": 14, "flag": 30}[index]
    )
    assert f"ix_attribute_values_{index}" in _plan(statement)
