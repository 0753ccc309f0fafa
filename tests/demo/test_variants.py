"""Demo products with colours and sizes: variants as the staff pages would have made them."""

from __future__ import annotations

import itertools

from sqlalchemy import select

from shop.catalogue import variant_summary
from shop.catalogue.models import Product, ProductImage
from shop.catalogue.variant_models import ProductOption, ProductVariant
from shop.demo.catalogue import seed_demo_catalogue
from shop.demo.pictures import seed_demo_images
from shop.extensions import db
from shop.images import MediaStorage


def test_seeded_variants_are_whole_and_their_products_summarise_them(app):
    seed_demo_catalogue(300, 6, seed=3)
    products = db.session.scalars(select(Product).where(Product.variant_count > 0)).all()
    assert len(products) > 20  # a good share of the demo comes in colours or sizes
    for product in products:
        options = db.session.scalars(
            select(ProductOption)
            .where(ProductOption.product_id == product.id)
            .order_by(ProductOption.position)
        ).all()
        variants = db.session.scalars(
            select(ProductVariant).where(ProductVariant.product_id == product.id)
        ).all()
        # Every combination of the options' values once, each keyed as the services key it.
        expected = {
            ".".join(str(v.id) for v in sorted(combo, key=lambda v: v.option_id))
            for combo in itertools.product(*(o.values for o in options))
        }
        assert {v.combination for v in variants} == expected
        assert all(v.sku.startswith(product.sku + "-") for v in variants)
        # The summary columns are what variant_summary.refresh would set.
        before = (product.price_cents, product.stock, product.variant_skus, product.price_varies)
        variant_summary.refresh(product, variants)
        after = (product.price_cents, product.stock, product.variant_skus, product.price_varies)
        assert before == after and product.variant_count == len(variants)
        # Named without "in <colour>" or ", <size>": those are the variants'.
        for value in (v.value for option in options for v in option.values):
            assert f" in {value}" not in product.name, product.name
            assert not product.name.endswith(f", {value}"), product.name
    db.session.rollback()


def test_each_colour_has_its_picture_and_its_variants_show_it(app):
    result = seed_demo_catalogue(120, 6, seed=3)
    seed_demo_images(
        result.pictures, storage=MediaStorage(app.config["MEDIA_ROOT"]), max_pixels=50_000_000
    )
    coloured = [o for o in result.pictures if o.variant_skus]
    assert coloured
    images = {i.id: i for i in db.session.scalars(select(ProductImage))}
    for order in coloured:
        for sku in order.variant_skus:
            variant = db.session.scalars(
                select(ProductVariant).where(ProductVariant.sku == sku)
            ).one()
            image = images[variant.image_id]
            assert image.product_id == variant.product_id == order.product_id
            assert image.position == order.position
            assert image.alt_text.endswith(", " + order.colour.lower())


def test_a_size_costs_the_same_in_every_colour(app):
    seed_demo_catalogue(300, 6, seed=3)
    checked = 0
    for product in db.session.scalars(select(Product).where(Product.variant_count > 0)):
        options = {o.name: o for o in product_options(product.id)}
        if not {"Colour", "Size"} <= set(options):
            continue
        checked += 1
        sizes = {v.id: v.value for v in options["Size"].values}
        prices: dict[str, set[int]] = {}
        for variant in db.session.scalars(
            select(ProductVariant).where(ProductVariant.product_id == product.id)
        ):
            size = next(
                sizes[int(part)] for part in variant.combination.split(".") if int(part) in sizes
            )
            prices.setdefault(size, set()).add(variant.price_cents)
        assert all(len(found) == 1 for found in prices.values()), product.name
        assert len(prices) == len(sizes)
    assert checked > 5


def product_options(product_id: int) -> list[ProductOption]:
    return db.session.scalars(
        select(ProductOption).where(ProductOption.product_id == product_id)
    ).all()
