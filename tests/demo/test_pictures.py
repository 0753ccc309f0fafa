"""Demo pictures: one recognisable drawing per product type, tinted, deterministic, shared."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from shop.catalogue.models import Product, ProductImage
from shop.demo.catalogue import seed_demo_catalogue
from shop.demo.drawings import DRAWINGS
from shop.demo.pictures import COLOURS_RGB, MATERIAL_RGB, draw_product, seed_demo_images
from shop.demo.products import all_kinds
from shop.extensions import db
from shop.images import MediaStorage

SAGE = COLOURS_RGB["Sage"]


def _digest(kind: str, rgb=SAGE, size: int = 160) -> str:
    return hashlib.sha256(draw_product(kind, rgb, size).tobytes()).hexdigest()


def test_every_product_type_has_its_own_drawing():
    assert {kind.noun for kind in all_kinds()} == set(DRAWINGS)
    digests = {kind.noun: _digest(kind.noun) for kind in all_kinds()}
    assert len(set(digests.values())) == len(digests)  # no two types look the same


def test_pictures_are_deterministic_sized_and_tinted():
    picture = draw_product("Teapot", SAGE, 200)
    assert picture.size == (200, 200) and picture.mode == "RGB"
    assert _digest("Teapot") == _digest("Teapot")
    assert _digest("Teapot") != _digest("Teapot", COLOURS_RGB["Rust"])
    # The object's colour is really in the picture: the pot's body, not only a detail.
    pixels = draw_product("Teapot", COLOURS_RGB["Rust"], 100).getcolors(10_000)
    reddish = sum(n for n, (r, g, b) in pixels if r > g + 50 and r > b + 60)
    assert reddish > 100 * 100 * 0.08


def test_every_colour_the_catalogue_uses_has_a_tone():
    for kind in all_kinds():
        for material in kind.materials:
            assert material.coloured or material.name in MATERIAL_RGB, material


def _seed_with_pictures(app, count: int) -> dict[int, str]:
    result = seed_demo_catalogue(count, 6, seed=8)
    storage = MediaStorage(app.config["MEDIA_ROOT"])
    drawn = seed_demo_images(result.pictures, storage=storage, max_pixels=50_000_000)
    rows = db.session.execute(select(ProductImage.product_id, ProductImage.digest)).all()
    assert len(rows) == len(result.pictures) >= count
    assert drawn == len({(o.noun, o.colour) for o in result.pictures})
    assert all(storage.exists(key) for image in db.session.scalars(select(ProductImage))
               for key in image.file_keys())  # fmt: skip
    by_order = {(o.product_id, o.position): (o.noun, o.colour) for o in result.pictures}
    rows = db.session.execute(
        select(ProductImage.product_id, ProductImage.position, ProductImage.digest)
    ).all()
    digests: dict[tuple[str, str], set[str]] = {}
    for product_id, position, digest in rows:
        digests.setdefault(by_order[product_id, position], set()).add(digest)
    assert all(len(d) == 1 for d in digests.values())  # one picture per (type, colour)
    assert len({next(iter(d)) for d in digests.values()}) == len(digests)
    names = dict(db.session.execute(select(Product.id, Product.name)).all())
    return {(names[pid], position): digest for pid, position, digest in rows}


def test_seeded_pictures_are_shared_per_type_and_colour_and_deterministic(app):
    first = _seed_with_pictures(app, 40)
    db.session.execute(ProductImage.__table__.delete())
    db.session.execute(Product.__table__.delete())
    db.session.commit()
    assert _seed_with_pictures(app, 40) == first  # same seed, same names and picture digests
