"""Requests generated from the OpenAPI document (schemathesis): no 5xx, no answer off it."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from schemathesis import Case, CheckContext, GenerationMode, Response
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from shop import create_app
from tests.helpers.factories import STAFF_PASSWORD, make_category, make_image, make_product
from tests.helpers.images import small_jpeg, small_png

DOCUMENT = "/api/v1/openapi.json"
# Per operation, caller and mode: a fixed seed (a run, and CI, is reproducible) and a bound
# that keeps the module to about a minute per database on two cores. Anonymous callers get
# fewer: every write they send ends at the token check.
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
WRITES = ("POST", "PUT", "PATCH", "DELETE")
AUTH_OPERATIONS = (
    "POST /api/v1/auth/token",
    "POST /api/v1/auth/refresh",
    "POST /api/v1/auth/revoke",
)


def _document() -> dict:
    """The document as the app serves it (building it needs no database)."""
    app = create_app({"SHOP_CONFIG": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return app.test_client().get(DOCUMENT).get_json()


# Loaded once; each test checks that its own app serves the same document and sends the
# requests to that app, in-process (WSGI). An explicit, empty configuration: no
# schemathesis.toml on disk changes the run.
SCHEMA = schemathesis.openapi.from_dict(_document(), config=schemathesis.Config())
# Nothing in these can break the document (no arguments, or a path where any text is a
# slug): negative generation has nothing to work with (Hypothesis: Unsatisfiable).
NOTHING_TO_NEGATE = {"GET /api/v1/categories", "GET /api/v1/products/by-slug/{slug}"}
CASES = [
    pytest.param(result.ok().label, mode, id=f"{result.ok().label}-{mode.value}")
    for result in SCHEMA.get_all_operations()
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if not (mode is GenerationMode.NEGATIVE and result.ok().label in NOTHING_TO_NEGATE)
]


@cache
def _cases(label: str, mode: GenerationMode) -> SearchStrategy[Case]:
    method, path = label.split(" ", 1)
    return SCHEMA[path][method].as_strategy(generation_mode=mode)


def success_is_documented(ctx: CheckContext, response: Response, case: Case) -> None:
    """`default` documents the error answers (problem documents), so status_code_conformance
    accepts any status; every other status must be named by the operation."""
    documented = case.operation.responses.status_codes
    if response.status_code < 400 and str(response.status_code) not in documented:
        raise AssertionError(
            f"{case.operation.label} answered {response.status_code}; documented: {documented}"
        )


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    success_is_documented,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def catalogue(app) -> dict[str, list]:
    """A small tree with a hidden branch and an empty category, published and draft
    products, photos."""
    kitchen = make_category("Kitchen")
    mugs = make_category("Mugs", parent=kitchen)
    garden = make_category("Garden")
    hidden = make_category("Hidden", is_published=False)
    empty = make_category("Empty")
    products = [
        make_product("Oak Bowl", category=kitchen, price="12.50"),
        make_product("Blue Mug", category=mugs, price="8.00", stock=0),
        make_product("Draft Mug", category=mugs, is_published=False),
        make_product("Rake", category=garden, price="31.99"),
        make_product("Secret Spade", category=hidden),
    ]
    images = [
        make_image(product, position, alt_text=f"{product.name}, photo {position}")
        for product in products[:3]
        for position in (0, 1)
    ]
    return {
        "categories": [kitchen, mugs, garden, hidden, empty],
        "products": products,
        "images": images,
    }


class Aim:
    """Points some generated values of a valid request at rows that exist (a random id
    almost never does), so the requests also reach the reads and writes behind the 404s and
    422s: ids, slugs and SKUs in the address, categories and SKUs in bodies, a real photo,
    the staff member's password, a refresh token, the current ETag (or `*`) in If-Match."""

    def __init__(self, client, catalogue: dict[str, list], auth: dict, refresh: str | None):
        products, categories = catalogue["products"], catalogue["categories"]
        self.client, self.auth, self.refresh = client, auth, refresh
        self.photos = [(image.product_id, image.id) for image in catalogue["images"]]
        self.values: dict[str, list] = {
            "product_id": [p.id for p in products],
            "category_id": [c.id for c in categories],
            "parent_id": [c.id for c in categories],
            "slug": [p.slug for p in products],
            "sku": [p.sku for p in products],
            "category": [c.slug for c in categories],
            "page": [1],
        }

    def maybe(self, data, name: str, value: Any) -> Any:
        """One of the catalogue's values or (last, so less often) the generated one."""
        known = self.values.get(name)
        if not known:
            return value
        return data.draw(st.sampled_from([*known, value]), label=name)

    def case(self, case: Case, data) -> None:
        """Aim a valid case, in place (it stays valid)."""
        path = case.path_parameters or {}
        if "image_id" in path:  # a product's own photo, mostly
            pair = data.draw(st.sampled_from([*self.photos, None]), label="photo")
            if pair is not None:
                path["product_id"], path["image_id"] = pair
        else:
            for name, value in path.items():
                path[name] = self.maybe(data, name, value)
        for name, value in (case.query or {}).items():
            case.query[name] = self.maybe(data, name, value)
        if isinstance(case.body, dict):
            self.body(case.body, data)
        if self.auth and (case.headers or {}).get("If-Match") is not None:
            choice = data.draw(st.sampled_from(["current", "*", "generated"]), label="If-Match")
            # The product's or category's own address answers with its ETag.
            current = self.client.get(case.formatted_path, headers=self.auth).headers.get("ETag")
            if choice == "current" and current:
                case.headers["If-Match"] = current
            elif choice == "*":
                case.headers["If-Match"] = "*"

    def body(self, body: dict, data) -> None:
        for name in ("category_id", "parent_id"):
            if name in body:
                body[name] = self.maybe(data, name, body[name])
        for item in body["items"] if isinstance(body.get("items"), list) else []:
            item["sku"] = self.maybe(data, "sku", item["sku"])
        if "file" in body and data.draw(st.booleans(), label="a real photo"):
            body["file"] = data.draw(st.sampled_from([small_jpeg(), small_png()]), label="photo")
        if "email" in body and data.draw(st.booleans(), label="real credentials"):
            body.update(email="staff@example.com", password=STAFF_PASSWORD)
        if self.refresh and "refresh_token" in body and data.draw(st.booleans(), label="real"):
            body["refresh_token"] = self.refresh


@pytest.mark.parametrize("caller", ["anonymous", "staff"])
@pytest.mark.parametrize(("label", "mode"), CASES)
def test_generated_requests_follow_the_document(
    request, app, client, staff_user, catalogue, label, caller, mode
):
    assert client.get(DOCUMENT).get_json() == SCHEMA.raw_schema  # this app's own document
    auth = request.getfixturevalue("auth") if caller == "staff" else {}
    refresh = None
    if label in AUTH_OPERATIONS[1:]:  # a sign-in of its own, to refresh or revoke
        credentials = {"email": staff_user.email, "password": STAFF_PASSWORD}
        tokens = client.post("/api/v1/auth/token", json=credentials).get_json()
        refresh = tokens["refresh_token"]
    aim = Aim(client, catalogue, auth, refresh)

    @settings(SETTINGS, max_examples=SETTINGS.max_examples // (2 if caller == "anonymous" else 1))
    @given(case=_cases(label, mode), data=st.data())
    def run(case: Case, data) -> None:
        if mode is GenerationMode.POSITIVE:  # a negative case stays as generated: invalid
            aim.case(case, data)
        response = case.call(app=app, headers=auth)
        case.validate_response(response, checks=CHECKS, headers=auth)
        status = response.status_code
        if case.method in WRITES and label not in AUTH_OPERATIONS:
            if caller == "anonymous":  # refused before anything else; or no such route
                assert status in (401, 404, 405), f"an anonymous write answered {status}"
            else:  # a valid token: accepted or refused, never an error of the shop's
                assert 200 <= status < 300 or 400 <= status < 500, status

    run()
