"""The OpenAPI document: generated from the schemas the views use, errors as problems."""

from __future__ import annotations

import re

from tests.helpers.a11y import assert_accessible


def test_the_document_describes_every_api_route(app, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"] == "3.1.0"
    assert document["info"]["version"] == "v1"
    documented = set(document["paths"])
    routes = {
        re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)  # <int:id> is {id} there
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api-docs.openapi_json"
    }
    assert routes and routes <= documented


def test_errors_are_documented_as_problem_documents(client):
    document = client.get("/api/v1/openapi.json").get_json()
    default = document["components"]["responses"]["DEFAULT_ERROR"]
    assert list(default["content"]) == ["application/problem+json"]
    problem = document["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail"}


def test_the_category_tree_is_documented_from_its_schema(client):
    document = client.get("/api/v1/openapi.json").get_json()
    get = document["paths"]["/api/v1/categories"]["get"]
    schema = get["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/CategoryTree"}
    node = document["components"]["schemas"]["CategoryNode"]
    assert {"id", "slug", "name", "parent_id", "product_count", "children"} <= set(
        node["properties"]
    )


def test_products_document_their_options_and_variants(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    product = schemas["Product"]
    assert {"options", "variants"} <= set(product["required"])
    assert product["properties"]["options"]["items"] == {"$ref": "#/components/schemas/Option"}
    assert product["properties"]["variants"]["items"] == {"$ref": "#/components/schemas/Variant"}
    assert set(schemas["Option"]["required"]) == {"name", "values"}
    variant = schemas["Variant"]
    fields = {"id", "sku", "price", "stock", "published", "options", "image_id"}
    assert set(variant["required"]) == set(variant["properties"]) == fields
    assert "null" in variant["properties"]["image_id"]["type"]


def test_the_reference_page_lists_every_operation_without_scripts(client):
    document = client.get("/api/v1/openapi.json").get_json()
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert response.content_type.startswith("text/html")
    html = response.get_data(as_text=True)
    assert_accessible(html)
    assert "<script" not in html and "style=" not in html  # the CSP stays strict
    for path, item in document["paths"].items():
        for method in item.keys() - {"parameters"}:  # path-level parameters are no operation
            assert f"<code>{method.upper()} {path}</code>" in html
    for name in document["components"]["schemas"]:
        assert f'id="schema-{name}"' in html
