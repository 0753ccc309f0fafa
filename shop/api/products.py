"""GET /api/v1/products (the storefront's listing for programs) and one product."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from functools import partial

from flask import Response, json, request
from flask_smorest import abort

from ..catalogue import product_reads
from ..catalogue.listing import ProductFilter, listing_page
from ..catalogue.product_reads import ProductRecord
from ..catalogue.staff_queries import any_subtree_ids
from ..catalogue.version import category_tree, current_version
from ..database.connections import begin_autocommit_reads, end_autocommit_reads
from ..web.page_cache import share_answer
from . import represent
from .blueprint import ApiBlueprint
from .conditional import json_answer, not_modified
from .schemas import ProductPageSchema, ProductQuerySchema, ProductSchema
from .tokens import SAFE_METHODS, bearer_caller, check_caller, end_of_request

# `status` of a staff or admin token -> ProductFilter.published
STATUSES: dict[str, bool | None] = {"published": True, "draft": False, "all": None}

blp = ApiBlueprint(
    "api_products",
    __name__,
    url_prefix="/api/v1/products",
    description="Products, filtered and sorted as on the storefront.",
)
# A token, if sent, is checked (and writing needs one) before arguments and bodies.
blp.before_request(check_caller)
blp.teardown_request(end_of_request)


@blp.before_request
def _read_as_the_storefront() -> None:
    """Shoppers' reads run as the storefront's do: on an autocommit read connection (no
    BEGIN and ROLLBACK, no ORM session; generic plans on PostgreSQL), checked out before
    anything reads, the catalogue version included. Staff and admin tokens read, and every
    write writes, through the ORM session."""
    if request.method in SAFE_METHODS and bearer_caller() is None:
        begin_autocommit_reads()


blp.teardown_request(end_autocommit_reads)


def _origin() -> str:
    """Scheme, host and script root: the URLs in an answer start with them, so cache keys
    hold them (cheaper than request.url_root, which is also decoded to an IRI)."""
    return f"{request.scheme}://{request.host}{request.script_root}"


@blp.route("")
# An instance: given the class, webargs made a new schema (deep-copying every field) per request.
@blp.arguments(ProductQuerySchema(), location="query", as_kwargs=True)
@blp.response(200, ProductPageSchema)
@blp.alt_response(304, description="Not Modified: If-None-Match names the current ETag.")
def product_list(
    page: int,
    per_page: int,
    in_stock: bool,
    category: str | None = None,
    q: str | None = None,
    min_price=None,
    max_price=None,
    sort: str | None = None,
    status: str | None = None,  # for staff tokens; anonymous callers see published products
):
    """Products in the storefront's order: the published ones shoppers can see, or, with a
    staff or admin token and `status`, drafts (`draft`) or everything (`all`), hidden
    categories included.

    Past the last page: 404. An unknown category: 422.
    """
    staff = bearer_caller() is not None
    published = STATUSES[status] if staff and status else True
    args = (page, per_page, in_stock, category, " ".join((q or "").split()), min_price,
            max_price, sort)  # fmt: skip
    build = partial(_list_body, staff, published, *args)
    if staff:  # drafts, perhaps: never kept for anyone else
        return build()
    # Shoppers' listings change only with the catalogue version: the ETag names it, the host
    # and script root (the URLs in them are absolute) and the parsed arguments; the page
    # cache keeps the answer whole (share_answer).
    key = hashlib.sha256(repr((_origin(), *args)).encode()).hexdigest()[:24]
    tag = f"products-{current_version()}-{key}"
    if (unchanged := not_modified(tag)) is not None:
        return unchanged
    share_answer()
    return json_answer(tag, json.dumps(build()))


def _list_body(
    staff: bool,
    published: bool | None,
    page: int,
    per_page: int,
    in_stock: bool,
    category: str | None,
    q: str,
    min_price,
    max_price,
    sort: str | None,
) -> dict:
    tree = category_tree()
    flt = ProductFilter(
        # Staff asking for drafts see every category; shoppers' listings skip hidden ones.
        hidden_category_ids=tree.hidden_ids if published is True else frozenset(),
        min_cents=None if min_price is None else int(min_price * 100),
        max_cents=None if max_price is None else int(max_price * 100),
        in_stock=in_stock,
        search=q or None,
        published=published,
    )
    if category is not None:
        # Staff may name a hidden category (with `status`, they see its products too).
        node = None if staff else tree.by_slug(category)
        ids = any_subtree_ids(category) if staff else node and tree.subtree_ids(node)
        if not ids:
            abort(422, messages={"query": {"category": ["No category has this slug."]}})
        flt = replace(flt, category_ids=ids)
    result = listing_page(flt, sort, page, per_page, whole=True)
    if page > result.pages:
        abort(404, message=f"There are {result.pages} pages of {per_page}.")
    return {
        "data": represent.products(result.items, staff=staff),
        "pagination": {
            "page": result.page,
            "per_page": result.per_page,
            "pages": result.pages,
            "total": result.total,
        },
    }


def _visible(found: ProductRecord | None, staff: bool) -> ProductRecord:
    # Staff and admin tokens see drafts and products in hidden categories too.
    if found is None or not (staff or category_tree().get(found.category_id) is not None):
        abort(404, message="No published product is at this address.")
    return found


def product_tag(product: ProductRecord) -> str:
    """The product's entity tag: its id and version (If-Match on writes names it back)."""
    return f"product-{product.id}-v{product.version}"


def etag_of(product: ProductRecord) -> str:
    """The product's ETag header value."""
    return f'"{product_tag(product)}"'


def _one(**lookup) -> Response:
    """One product for the caller: a staff token reads drafts too; shoppers' answers are
    kept by the page cache per catalogue version (every product change moves it)."""
    staff = bearer_caller() is not None
    found = _visible(product_reads.product(include_unpublished=staff, **lookup), staff)
    if not staff:
        share_answer()
    return json_answer(product_tag(found), json.dumps(represent.product(found, staff=staff)))


@blp.route("/<int:product_id>")
@blp.response(200, ProductSchema)
@blp.alt_response(304, description="Not Modified: If-None-Match names the current ETag.")
def product_detail(product_id: int):
    """A published product in a visible category; with a staff or admin token, any product.

    The ETag header follows the product's version; If-None-Match with it answers 304.
    """
    return _one(product_id=product_id)


@blp.route("/by-slug/<slug>")
@blp.response(200, ProductSchema)
@blp.alt_response(304, description="Not Modified: If-None-Match names the current ETag.")
def product_by_slug(slug: str):
    """As GET /api/v1/products/{id}, by the product's current slug."""
    return _one(slug=slug)
