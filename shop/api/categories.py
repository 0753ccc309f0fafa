"""GET /api/v1/categories: the category tree shoppers see, with product counts."""

from __future__ import annotations

from flask import request

from ..catalogue.tree import CategoryNode
from ..catalogue.version import catalogue_snapshot
from ..web.page_cache import share_answer
from .blueprint import ApiBlueprint
from .conditional import conditional
from .schemas import CategoryTreeSchema
from .tokens import bearer_caller, check_caller, end_of_request

blp = ApiBlueprint(
    "api_categories",
    __name__,
    url_prefix="/api/v1/categories",
    description="The category tree, as on the storefront.",
)
# A token, if sent, is checked (and writing needs one) before arguments and bodies.
blp.before_request(check_caller)
blp.teardown_request(end_of_request)


def _node(node: CategoryNode) -> tuple[dict, int]:
    """A node as the API shows it, and its published products with its subcategories'."""
    children = [_node(child) for child in node.children]
    count = node.published_count + sum(child_count for _, child_count in children)
    return {
        "id": node.id,
        "slug": node.slug,
        "name": node.name,
        "parent_id": node.parent_id,
        "product_count": count,
        "children": [child for child, _ in children],
    }, count


@blp.route("")
@blp.response(200, CategoryTreeSchema)
@blp.alt_response(304, description="Not Modified: If-None-Match names the current ETag.")
def category_tree():
    """The published categories whose parents are all published, in storefront order.

    The ETag header follows the catalogue version; If-None-Match with it answers 304.
    """
    version, tree = catalogue_snapshot()
    if bearer_caller() is None:  # staff see the same tree today; their answers are not kept
        share_answer()
    return conditional(
        request, f"categories-{version}", lambda: {"data": [_node(root)[0] for root in tree.roots]}
    )
