"""JSON API v1 (SPEC "JSON API"): the catalogue for programs, beside the pages.

The API is a second door to the same catalogue: its views parse and validate requests with
marshmallow schemas (which also generate the OpenAPI document at /api/v1/openapi.json), call
the same read models and services as the pages, and answer errors as problem documents
(shop/web/problems.py, through the shop's own error handlers).
"""

from __future__ import annotations

import http

from flask import Flask
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from ..web.problems import PROBLEM_TYPE
from .schemas import ProblemSchema
from .tokens import init_tokens

DESCRIPTION = (
    "The shop's catalogue for programs: products with their photos and prices, and the "
    "category tree, filtered and sorted as on the storefront."
)
API_SETTINGS = {
    "API_TITLE": "Shop",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
}


class ShopApi(Api):
    """flask-smorest without its own error handlers: it would answer every HTTP error of the
    whole app as its JSON; the shop's handlers answer /api/ errors, routing errors included,
    as problem documents and leave the pages their HTML. The document says so too."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self) -> None:
        pass

    def _register_responses(self) -> None:
        # As flask-smorest's, with the problem document's media type.
        for status in http.HTTPStatus:
            response: dict = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "A problem document (RFC 9457)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


def init_api(app: Flask) -> None:
    from ..extensions import csrf

    # Their routes join the products and categories blueprints.
    from . import category_writes, product_images, product_writes  # noqa: F401
    from .auth import blp as auth_blp
    from .categories import blp as categories_blp
    from .docs import bp as reference_bp
    from .products import blp as products_blp

    for key, value in API_SETTINGS.items():
        app.config.setdefault(key, value)
    # One Api per app: it holds the app's OpenAPI document.
    api = ShopApi(app, spec_kwargs={"info": {"description": DESCRIPTION}})
    init_tokens(app)
    # Bearer tokens only, never the session cookie: no cross-site request can act here.
    csrf.exempt(auth_blp)
    csrf.exempt(products_blp)
    csrf.exempt(categories_blp)
    api.register_blueprint(auth_blp)
    api.register_blueprint(products_blp)
    api.register_blueprint(categories_blp)
    app.extensions["shop_api"] = api
    app.register_blueprint(reference_bp)
