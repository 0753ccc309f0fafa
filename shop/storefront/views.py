"""Storefront pages: thin views that parse arguments, call one read each and render."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from ..catalogue import attribute_filters, attributes, queries, variant_page
from ..catalogue.listing import ProductFilter, listing_page
from ..catalogue.version import category_tree
from ..database.connections import begin_autocommit_reads, end_autocommit_reads
from ..web.page_cache import adopt_visit, finish_page, mark_cacheable
from .listing_args import PER_PAGE_CHOICES, SORT_LABELS, ListingArgs, parse_listing_args

bp = Blueprint("storefront", __name__)

HOME_PRODUCTS = 8
RELATED_PRODUCTS = 4

bp.before_app_request(adopt_visit)  # every request: what the page cache read before Flask
bp.before_request(begin_autocommit_reads)  # first: the snapshot below may read already
bp.before_request(mark_cacheable)
bp.teardown_request(end_autocommit_reads)
bp.after_request(finish_page)


def _render_listing(template: str, args: ListingArgs, flt: ProductFilter, **context):
    page = listing_page(flt, args.sort, args.page, args.per_page)
    if args.page > 1 and not page.items:
        abort(404, description="There is no such page in this list.")
    return render_template(
        template,
        args=args,
        page=page,
        sort_labels=SORT_LABELS,
        per_page_choices=PER_PAGE_CHOICES,
        **context,
    )


@bp.get("/")
def home():
    tree = category_tree()
    return render_template(
        "storefront/home.html",
        tree=tree,
        featured=queries.featured_products(tree.hidden_ids, HOME_PRODUCTS),
        newest=queries.newest_products(tree.hidden_ids, HOME_PRODUCTS),
    )


@bp.get("/products/")
def product_list():
    args = parse_listing_args(request.args)
    tree = category_tree()
    flt = ProductFilter(
        hidden_category_ids=tree.hidden_ids,
        min_cents=args.min_cents,
        max_cents=args.max_cents,
        in_stock=args.in_stock,
    )
    return _render_listing("storefront/product_list.html", args, flt)


@bp.get("/category/<slug>/")
def category_detail(slug: str):
    tree = category_tree()
    category = tree.by_slug(slug)
    if category is None:
        abort(404)
    args = parse_listing_args(request.args)
    ancestors = tree.ancestors(category)
    conditions, kept = _attribute_filters([*ancestors, category])
    flt = ProductFilter(
        category_ids=tree.subtree_ids(category),
        min_cents=args.min_cents,
        max_cents=args.max_cents,
        in_stock=args.in_stock,
        attributes=conditions,
    )
    return _render_listing(
        "storefront/category.html",
        args,
        flt,
        category=category,
        ancestors=ancestors,
        attribute_args=kept,
        # The filter form's Clear link removes every attribute argument too.
        attribute_clear=dict.fromkeys(k for k in request.args if k.startswith("attr_")),
    )


def _attribute_filters(chain) -> tuple[tuple[attribute_filters.AttributeCondition, ...], dict]:
    """The attribute filters the URL asks for, and their arguments (the filter form keeps
    them). The category's filter attributes are read only when an `attr_` argument is
    there, so an unfiltered category page costs no statement more."""
    if not any(key.startswith("attr_") for key in request.args):
        return (), {}
    filters = attribute_filters.filter_attributes([c.id for c in chain])
    conditions = attribute_filters.conditions_from_args(request.args, filters)
    if not conditions:
        return (), {}
    known = {f.key for f in filters} | {f"{f.key}_{end}" for f in filters for end in ("min", "max")}
    kept = {k: v for k, v in request.args.items() if k in known and v.strip()}
    return conditions, kept


@bp.get("/product/<slug>")
def product_detail(slug: str):
    tree = category_tree()
    # Signed-in staff may preview a product before it is published.
    staff = current_user.is_authenticated
    product = queries.product_by_slug(slug, include_unpublished=staff)
    if product is None:
        current = queries.current_slug_for(slug, tree.hidden_ids, include_unpublished=staff)
        if current is None:
            abort(404)
        return redirect(url_for(".product_detail", slug=current), code=301)
    category = tree.get(product.category_id)
    if category is None:  # its category is hidden, so the product is too
        abort(404)
    picker = _variant_picker(product, staff)
    ancestors = [*tree.ancestors(category), category]
    return render_template(
        "storefront/product.html",
        product=product,
        picker=picker,
        gallery=variant_page.gallery(product.images, picker.chosen if picker else None),
        category=category,
        ancestors=ancestors,
        specification=attributes.product_specification(product.id, [c.id for c in ancestors]),
        related=queries.related_products(product, RELATED_PRODUCTS),
    )


def _variant_picker(product, staff: bool) -> variant_page.Picker | None:
    """The variant `?variant=<id>` names (a URL per variant), or the default one. A variant
    the product does not sell to this visitor is a 404, not another variant's price."""
    raw = request.args.get("variant")
    if raw is not None and not (raw.isascii() and raw.isdigit() and len(raw) <= 9):
        abort(404, description="This product has no such variant.")
    variant_id = int(raw) if raw is not None else None
    if not product.variant_count:
        if variant_id is not None:
            abort(404, description="This product has no such variant.")
        return None
    try:
        return variant_page.picker(product.id, variant_id, include_unpublished=staff)
    except variant_page.UnknownVariant:
        abort(404, description="This product has no such variant.")


@bp.get("/search")
def search():
    args = parse_listing_args(request.args)
    tree = category_tree()
    if not args.q:
        return render_template("storefront/search.html", args=args, page=None)
    flt = ProductFilter(
        hidden_category_ids=tree.hidden_ids,
        min_cents=args.min_cents,
        max_cents=args.max_cents,
        in_stock=args.in_stock,
        search=args.q,
    )
    return _render_listing("storefront/search.html", args, flt)
