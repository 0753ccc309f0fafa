"""Variant services: generating combinations, the table, SKUs, summaries, audit, 409."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from shop.audit.queries import entries_for
from shop.catalogue import services, variant_services, variant_table
from shop.catalogue.errors import CatalogueError, StaleEdit, VariantRowsRejected
from shop.catalogue.models import CatalogueState, Product
from shop.catalogue.variant_models import ProductOption, ProductVariant
from shop.catalogue.variant_table import VariantRow
from shop.extensions import db
from tests.helpers.factories import make_product


def _version(product: Product) -> int:
    db.session.expire_all()
    return db.session.get(Product, product.id).version


def _variants(product: Product) -> list[ProductVariant]:
    db.session.expire_all()
    stmt = (
        select(ProductVariant)
        .where(ProductVariant.product_id == product.id)
        .order_by(ProductVariant.position)
    )
    return list(db.session.scalars(stmt))


def _catalogue_version() -> int:
    return db.session.scalar(select(CatalogueState.version))


def _add_option(product, name, values):
    return variant_services.add_option(
        product.id, name=name, values=values, expected_version=_version(product)
    )


def _rows(product, **overrides) -> dict[int, VariantRow]:
    rows = {}
    for v in _variants(product):
        row = {"sku": v.sku, "price": v.price, "stock": v.stock, "is_published": v.is_published}
        row.update(overrides.get(v.sku, {}))
        rows[v.id] = VariantRow(**row)
    return rows


def _save(product, **overrides):
    return variant_table.update_variants(
        product.id, _rows(product, **overrides), expected_version=_version(product)
    )


def _check_summary(product: Product) -> None:
    """The product's summary columns are exactly what its variants say."""
    variants = _variants(product)
    saved = db.session.get(Product, product.id)
    published = [v for v in variants if v.is_published]
    assert saved.variant_count == len(variants)
    assert saved.stock == sum(v.stock for v in published)
    if published:
        assert saved.price_cents == min(v.price_cents for v in published)
    assert saved.price_varies == (len({v.price_cents for v in published}) > 1)


def test_an_option_generates_unpublished_variants_with_free_skus(app):
    product = make_product(sku="TEE", price="12.50", stock=7)
    _add_option(product, "Colour", ["Red", "Blue"])
    variants = _variants(product)
    assert [v.sku for v in variants] == ["TEE-red", "TEE-blue"]
    assert all(not v.is_published and v.stock == 0 and v.price_cents == 1250 for v in variants)
    _check_summary(product)
    _add_option(product, "Size", ["S", "M"])
    variants = _variants(product)
    # The existing variants keep their SKU and take the new option's first value.
    assert [v.sku for v in variants] == ["TEE-red", "TEE-blue", "TEE-red-m", "TEE-blue-m"]
    assert len({v.combination for v in variants}) == 4
    _check_summary(product)


def test_adding_a_value_adds_only_the_missing_combinations_and_keeps_the_rest(app):
    product = make_product(sku="CAP", price="10.00")
    _add_option(product, "Colour", ["Red"])
    _add_option(product, "Size", ["S", "M"])
    _save(
        product,
        **{"CAP-red": {"stock": 0, "is_published": True, "price": Decimal("9.00")}},
        **{"CAP-red-m": {"stock": 3, "is_published": True}},
    )
    before = {v.sku: (v.id, v.stock, v.is_published) for v in _variants(product)}
    colour = db.session.scalar(select(ProductOption).where(ProductOption.name == "Colour"))
    variant_services.add_values(
        product.id, colour.id, values=["Green"], expected_version=_version(product)
    )
    after = {v.sku: (v.id, v.stock, v.is_published) for v in _variants(product)}
    # The sold-out one (stock 0) is still there, untouched; two new combinations came.
    assert {k: after[k] for k in before} == before
    assert sorted(set(after) - set(before)) == ["CAP-green-m", "CAP-green-s"]
    assert all(not after[k][2] for k in ("CAP-green-s", "CAP-green-m"))
    _check_summary(product)
    saved = db.session.get(Product, product.id)
    assert (saved.price_cents, saved.stock, saved.price_varies) == (900, 3, True)


def test_the_table_saves_every_row_and_keeps_summaries_exact(app):
    product = make_product(sku="MUG", price="8.00")
    _add_option(product, "Size", ["S", "M", "L"])
    _save(
        product,
        **{"MUG-s": {"stock": 2, "is_published": True, "price": Decimal("8.00")}},
        **{"MUG-m": {"stock": 5, "is_published": True, "price": Decimal("9.50")}},
        **{"MUG-l": {"stock": 9, "is_published": False, "price": Decimal("3.00")}},
    )
    saved = db.session.get(Product, product.id)
    # The unpublished one counts for neither the "from" price nor the stock.
    assert (saved.price_cents, saved.stock, saved.variant_count) == (800, 7, 3)
    assert saved.price_varies is True
    _check_summary(product)
    _save(product, **{"MUG-m": {"sku": "MUG-MEDIUM", "price": Decimal("8.00")}})
    saved = db.session.get(Product, product.id)
    assert saved.price_varies is False
    assert "MUG-MEDIUM" in {v.sku for v in _variants(product)}
    _check_summary(product)


def test_bad_rows_are_refused_by_field_and_nothing_is_saved(app):
    other = make_product(sku="TAKEN")
    product = make_product(sku="BAG")
    _add_option(product, "Colour", ["Red", "Blue"])
    red, blue = _variants(product)
    with pytest.raises(VariantRowsRejected) as refused:
        _save(
            product,
            **{"BAG-red": {"sku": "TAKEN", "stock": 4}},
            **{"BAG-blue": {"price": Decimal("0"), "stock": -1}},
        )
    assert refused.value.errors[red.id] == {"sku": "Another product already has this SKU."}
    assert set(refused.value.errors[blue.id]) == {"price", "stock"}
    assert [v.stock for v in _variants(product)] == [0, 0]
    with pytest.raises(VariantRowsRejected) as twice:
        _save(product, **{"BAG-blue": {"sku": "BAG-red"}})
    assert twice.value.errors[blue.id]["sku"] == "This SKU is given twice."
    assert other.sku == "TAKEN"


def test_skus_are_unique_across_products_and_variants_both_ways(app):
    product = make_product(sku="JAR")
    _add_option(product, "Size", ["Small"])
    category_id = product.category_id
    with pytest.raises(CatalogueError) as refused:
        services.create_product(
            name="Another", sku="JAR-small", price=Decimal("1.00"), category_id=category_id
        )
    assert (refused.value.field, str(refused.value)) == (
        "sku",
        "A product variant already has this SKU.",
    )
    other = make_product(sku="OTHER")
    with pytest.raises(CatalogueError):
        services.update_product(other.id, expected_version=other.version, sku="JAR-small")
    # A generated SKU steps around one already taken by a product.
    make_product(sku="JAR-large")
    size = db.session.scalar(select(ProductOption).where(ProductOption.product_id == product.id))
    variant_services.add_values(
        product.id, size.id, values=["Large"], expected_version=_version(product)
    )
    assert "JAR-large-2" in {v.sku for v in _variants(product)}


def test_a_stale_version_changes_nothing(app):
    product = make_product(sku="POT")
    stale = product.version
    _add_option(product, "Colour", ["Red"])
    with pytest.raises(StaleEdit):
        variant_services.add_option(product.id, name="Size", values=["S"], expected_version=stale)
    with pytest.raises(StaleEdit):
        variant_table.update_variants(product.id, _rows(product), expected_version=stale)
    assert len(_variants(product)) == 1


def test_every_change_is_audited_with_the_sku_and_moves_both_versions(app):
    product = make_product(sku="HAT", price="5.00")
    versions = (_version(product), _catalogue_version())
    _add_option(product, "Colour", ["Red"])
    assert _version(product) > versions[0] and _catalogue_version() > versions[1]
    versions = (_version(product), _catalogue_version())
    _save(product, **{"HAT-red": {"stock": 4, "price": Decimal("6.00"), "is_published": True}})
    assert _version(product) > versions[0] and _catalogue_version() > versions[1]
    latest, created = entries_for("product", product.id)[:2]
    assert created.action == "add option"
    assert created.changes["variant HAT-red"][0] is None
    assert latest.action == "update variants"
    assert latest.changes["HAT-red stock"] == [0, 4]
    assert latest.changes["HAT-red price"] == ["5.00", "6.00"]
    assert latest.changes["HAT-red published"] == [False, True]
    assert latest.changes["stock"] == [0, 4]  # the product's summary, too


def test_a_value_in_use_is_removed_only_after_its_variants_are_deleted(app):
    product = make_product(sku="SOCK")
    _add_option(product, "Size", ["S", "M"])
    option = db.session.scalar(select(ProductOption).where(ProductOption.product_id == product.id))
    small = option.values[0]
    with pytest.raises(CatalogueError) as refused:
        variant_services.remove_value(product.id, small.id, expected_version=_version(product))
    assert "SOCK-s" in str(refused.value)
    assert len(_variants(product)) == 2
    victim = next(v for v in _variants(product) if v.sku == "SOCK-s")
    variant_services.delete_variant(product.id, victim.id, expected_version=_version(product))
    variant_services.remove_value(product.id, small.id, expected_version=_version(product))
    assert [v.sku for v in _variants(product)] == ["SOCK-m"]
    _check_summary(product)
    entry = entries_for("product", product.id)[0]
    assert entry.action == "remove option value"


def test_renames_keep_the_variants(app):
    product = make_product(sku="CUP")
    _add_option(product, "Colour", ["Red", "Blue"])
    option = db.session.scalar(select(ProductOption).where(ProductOption.product_id == product.id))
    red, blue = option.values
    ids = [v.id for v in _variants(product)]
    with pytest.raises(CatalogueError) as twice:
        variant_services.rename_option(
            product.id, option.id, name="Shade", values={red.id: "blue"},
            expected_version=_version(product),
        )  # fmt: skip
    assert twice.value.field == f"value_{blue.id}"
    variant_services.rename_option(
        product.id, option.id, name="Shade", values={red.id: "Crimson"},
        expected_version=_version(product),
    )  # fmt: skip
    db.session.expire_all()
    option = db.session.get(ProductOption, option.id)
    assert (option.name, [v.value for v in option.values]) == ("Shade", ["Crimson", "Blue"])
    assert [v.id for v in _variants(product)] == ids
    entry = entries_for("product", product.id)[0]
    assert entry.changes["option Colour"] == ["Colour", "Shade"]
    assert entry.changes["option Shade value Red"] == ["Red", "Crimson"]


def test_option_input_is_checked(app):
    product = make_product(sku="BOX")
    with pytest.raises(CatalogueError) as empty:
        _add_option(product, "  ", ["A"])
    assert empty.value.field == "name"
    with pytest.raises(CatalogueError) as twice:
        _add_option(product, "Size", ["S", "s"])
    assert twice.value.field == "values"
    _add_option(product, "Size", ["S"])
    with pytest.raises(CatalogueError) as same:
        _add_option(product, "size", ["L"])
    assert same.value.field == "name"
    with pytest.raises(CatalogueError) as too_many:
        _add_option(product, "Colour", [f"c{n}" for n in range(30)])
        _add_option(product, "Width", [f"w{n}" for n in range(30)])
    assert "at most 250" in str(too_many.value)


def test_the_product_form_cannot_overwrite_variant_summaries(app):
    product = make_product(sku="TOP", price="4.00")
    _add_option(product, "Size", ["S"])
    saved = db.session.get(Product, product.id)
    # The whole form sends the same price and stock back: fine.
    services.update_product(
        product.id, expected_version=saved.version, price=saved.price, stock=saved.stock,
        name="Top",
    )  # fmt: skip
    with pytest.raises(CatalogueError) as refused:
        services.update_product(product.id, expected_version=_version(product), stock=50)
    assert refused.value.field == "stock"
    _check_summary(product)


def test_deleting_a_product_takes_its_variants(app, tmp_path):
    from shop.images import MediaStorage

    product = make_product(sku="GONE")
    _add_option(product, "Size", ["S"])
    services.delete_product(product.id, storage=MediaStorage(tmp_path))
    assert db.session.scalars(select(ProductVariant)).all() == []


def _search(term: str) -> list[str]:
    from shop.catalogue.listing import ProductFilter
    from shop.catalogue.listing.statements import product_page

    return [p.name for p in product_page(ProductFilter(search=term), None, 1, 24).items]


def test_search_finds_a_published_variant_sku_and_forgets_it_when_it_goes(app):
    product = make_product("Linen Shirt", sku="SHIRT")
    make_product("Teapot", sku="POT-9")
    _add_option(product, "Size", ["XL"])
    variant = _variants(product)[0]
    assert _search(variant.sku) == []  # unpublished: not for sale, not found by its SKU
    _save(product, **{variant.sku: {"sku": "ZQ-77310", "is_published": True, "stock": 1}})
    assert _search("ZQ-77310") == ["Linen Shirt"]
    assert _search("77310") == ["Linen Shirt"]
    assert _search("linen") == ["Linen Shirt"]
    variant_services.delete_variant(product.id, variant.id, expected_version=_version(product))
    assert _search("77310") == []
    assert _search("shirt") == ["Linen Shirt"]


def test_bulk_price_and_stock_changes_leave_products_with_variants_alone(app):
    from shop.catalogue.bulk import BulkChange, apply_bulk, snapshot

    product = make_product(sku="BULK", price="10.00")
    plain = make_product(sku="PLAIN", price="10.00", stock=1)
    _add_option(product, "Size", ["S"])
    _save(product, **{"BULK-s": {"stock": 2, "is_published": True}})
    for change in (BulkChange("stock", 9), BulkChange("price_percent", Decimal("10"))):
        outcome = apply_bulk(change, snapshot([product.id, plain.id]))
        assert [row[0] for row in outcome.refused] == [product.id]
        assert outcome.changed == 1
    _check_summary(product)
    db.session.expire_all()
    assert db.session.get(Product, plain.id).stock == 9


def test_csv_import_keeps_variant_summaries_and_skus(app):
    from shop.catalogue import csv_import

    product = make_product(sku="CSV", price="10.00", stock=0)
    _add_option(product, "Size", ["S"])
    header = "sku,stock\r\n"
    plan = csv_import.plan_import(f"{header}CSV,50\r\nCSV-s,5\r\n".encode())
    reasons = [(e.line, e.reason) for e in plan.errors]
    assert reasons[0] == (
        2,
        "This product has variants: set prices and stock on its variants page.",
    )
    assert reasons[1][0] == 3 and "A product variant already has this SKU." in reasons[1][1]
    assert not plan.updates and not plan.creates
