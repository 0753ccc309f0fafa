"""Category listings narrowed by "show as filter" attributes from the URL: exact matches,
number ranges, yes/no; anything else ignored; no statement more without such a filter."""

from __future__ import annotations

import re

import pytest

from shop.catalogue import attribute_services, services
from tests.helpers.factories import make_category, make_product


@pytest.fixture
def shelves(app):
    furniture = make_category("Furniture", slug="furniture")
    shelves = make_category("Shelves", parent=furniture, slug="shelves")
    create = attribute_services.create_attribute
    material = create(
        furniture.id, name="Material", kind="choice", choices=["oak", "walnut"], is_filter=True
    )
    width = create(furniture.id, name="Width", kind="number", unit="cm", is_filter=True)
    wall = create(shelves.id, name="Wall mounted", kind="boolean", is_filter=True)
    secret = create(furniture.id, name="Secret", kind="boolean")  # not a filter
    rows = [("Oak 60", "oak", "60", "yes"), ("Oak 100", "oak", "100", "no"),
            ("Walnut 80", "walnut", "80.5", "yes"), ("Bare", None, None, None)]  # fmt: skip
    for name, wood, cm, mounted in rows:
        product = make_product(name, category=shelves)
        values = {material.id: wood, width.id: cm, wall.id: mounted, secret.id: "yes"}
        services.update_product(product.id, expected_version=product.version, attributes=values)
    return {"material": material, "width": width, "wall": wall}


def _names(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    return sorted(re.findall(r'class="product-card__name">([^<]+)</h', html))


ALL = ["Bare", "Oak 100", "Oak 60", "Walnut 80"]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("attr_material=oak", ["Oak 100", "Oak 60"]),
        ("attr_material=WALNUT", ["Walnut 80"]),
        ("attr_width_min=80&attr_width_max=100", ["Oak 100", "Walnut 80"]),
        ("attr_width_max=80.5", ["Oak 60", "Walnut 80"]),
        ("attr_width_min=80.6", ["Oak 100"]),
        ("attr_wall_mounted=yes", ["Oak 60", "Walnut 80"]),
        ("attr_wall_mounted=no&attr_material=oak", ["Oak 100"]),
        ("attr_material=oak&attr_width_min=70", ["Oak 100"]),
        # Nonsense is ignored, as for prices: the unfiltered list.
        ("attr_material=pine", ALL),
        ("attr_material=%3Cscript%3E", ALL),
        ("attr_width_min=1e3&attr_width_max=NaN", ALL),
        ("attr_wall_mounted=maybe", ALL),
        ("attr_secret=yes", ALL),
        ("attr_colour=red", ALL),
    ],
)
def test_a_category_listing_takes_attribute_filters_from_the_url(client, shelves, query, names):
    assert _names(client, f"/category/shelves/?{query}") == names


def test_a_parent_category_filters_by_its_own_attributes_only(client, shelves):
    assert _names(client, "/category/furniture/?attr_material=walnut") == ["Walnut 80"]
    # "Wall mounted" belongs to Shelves: on Furniture's page it is no filter.
    assert _names(client, "/category/furniture/?attr_wall_mounted=yes") == ALL


def test_the_filter_form_keeps_the_attribute_filter_and_pages_keep_it(client, shelves):
    html = client.get("/category/shelves/?attr_material=oak&attr_width_min=1").get_data(
        as_text=True
    )
    assert '<input type="hidden" name="attr_material" value="oak">' in html
    assert '<input type="hidden" name="attr_width_min" value="1">' in html


def test_statements_one_more_only_with_an_attribute_filter(app, client, shelves):
    app.config["SHOP_CATALOGUE_VERSION_TTL"] = 0  # each request reads the version: comparable
    plain = client.get("/category/shelves/?sort=name")
    filtered = client.get("/category/shelves/?sort=name&attr_material=oak")
    ignored = client.get("/category/shelves/?sort=name&attr_material=pine")
    assert int(plain.headers["X-Query-Count"]) == 2
    assert int(filtered.headers["X-Query-Count"]) == 3
    assert int(ignored.headers["X-Query-Count"]) == 3  # it had to look to know


def test_page_links_keep_the_attribute_filter_and_clear_removes_it(client, shelves):
    category = make_category("Racks", slug="racks")
    rack = attribute_services.create_attribute(
        category.id, name="Rack colour", kind="choice", choices=["red", "blue"], is_filter=True
    )
    for n in range(26):
        product = make_product(f"Rack {n}", category=category)
        colour = "red" if n < 25 else "blue"
        services.update_product(
            product.id, expected_version=product.version, attributes={rack.id: colour}
        )
    html = client.get("/category/racks/?attr_rack_colour=red&sort=name").get_data(as_text=True)
    assert "of 25 products" in html
    assert 'href="/category/racks/?attr_rack_colour=red&amp;sort=name&amp;page=2"' in html
    assert 'class="reset-link" href="/category/racks/"' in html
    second = client.get("/category/racks/?attr_rack_colour=red&sort=name&page=2")
    assert len(re.findall(r'class="product-card__name"', second.get_data(as_text=True))) == 1
