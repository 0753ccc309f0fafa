"""The staff product list: its filter state read from (and written back to) the URL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace

from flask import render_template, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest
from wtforms.fields.choices import SelectChoice

from ..catalogue import staff_list, staff_queries
from ..catalogue.staff_queries import StaffTree
from . import bp
from .common import actor, category_choices
from .forms import BulkForm

# Links from before the status filter had more than two values.
OLD_PUBLISHED = {"yes": "published", "no": "draft"}


@dataclass(frozen=True)
class ListState:
    """Everything that picks a list's rows and their order; the URL holds all of it, so a
    list can be bookmarked and shared. Values that mean nothing are dropped, not refused."""

    q: str = ""
    category: int | None = None
    status: str = ""
    stock: str = ""
    photo: str = ""  # "none": only products without a photo
    mine: bool = False
    sort: str = staff_list.DEFAULT_SORT
    per_page: int = staff_list.DEFAULT_PAGE_SIZE

    @classmethod
    def from_args(cls, args: MultiDict, tree: StaffTree) -> ListState:
        category_raw = args.get("category", "")
        category = int(category_raw) if category_raw.isascii() and category_raw.isdigit() else None
        per_page_raw = args.get("per_page", "")
        per_page = int(per_page_raw) if per_page_raw.isascii() and per_page_raw.isdigit() else 0
        status = args.get("status") or OLD_PUBLISHED.get(args.get("published", ""), "")
        defaults = cls()
        return cls(
            q=" ".join(args.get("q", "").split())[:200],
            category=category if category in tree.by_id else None,
            status=status if status in staff_list.STATUSES else "",
            stock=args.get("stock", "") if args.get("stock") in staff_list.STOCK_LEVELS else "",
            photo="none" if args.get("photo") == "none" else "",
            mine=args.get("mine") == "1",
            sort=args.get("sort") if args.get("sort") in staff_list.SORTS else defaults.sort,
            per_page=per_page if per_page in staff_list.PAGE_SIZES else defaults.per_page,
        )

    def query(self, **changes) -> dict[str, str]:
        """The URL arguments of this state (or of it with `changes`), defaults left out."""
        state = replace(self, **changes) if changes else self
        defaults = asdict(ListState())
        out = {}
        for name, value in asdict(state).items():
            if value == defaults[name] or value in ("", None, False):
                continue
            out[name] = "1" if value is True else str(value)
        return out

    @property
    def filtered(self) -> bool:
        return bool(self.q or self.category or self.status or self.stock or self.photo or self.mine)

    def product_filter(self, tree: StaffTree, user_id: int) -> staff_list.StaffProductFilter:
        return staff_list.StaffProductFilter(
            search=self.q,
            category_ids=tuple(tree.subtree_ids(self.category)) if self.category else None,
            status=self.status,
            stock=self.stock,
            no_photo=self.photo == "none",
            changed_by=user_id if self.mine else None,
        )


def _cursor(state: ListState) -> staff_list.Cursor | None:
    if request.method != "GET":
        return None
    after, before = request.args.get("after"), request.args.get("before")
    if not after and not before:
        return None
    try:
        if after:
            return staff_list.Cursor.decode(after, state.sort)
        return staff_list.Cursor.decode(before, state.sort, backwards=True)
    except staff_list.BadCursor as error:
        raise BadRequest(
            description="This page link does not belong to this list; start again from its "
            "first page."
        ) from error


@bp.get("/products/")
def product_list():
    tree = staff_queries.staff_category_tree(with_counts=False)
    return render_list(ListState.from_args(request.args, tree), tree)


def render_list(state: ListState, tree: StaffTree, bulk_form: BulkForm | None = None, status=200):
    """The list page; with `bulk_form`, the bulk form as it was sent, its errors beside its
    fields (and the ticked rows still ticked)."""
    flt = state.product_filter(tree, actor().id)
    cursor = _cursor(state)
    result = staff_list.staff_product_page(flt, state.sort, state.per_page, cursor)
    if bulk_form is None:
        bulk_form = BulkForm(formdata=None)
    categories = category_choices(tree)  # the filter's picker and the bulk form's
    bulk_form.to_category.choices = [SelectChoice("", "Choose a category"), *categories]
    every = (
        f"All {result.matching:,} products matching the filter"
        if not result.matching_more
        else f"All products matching the filter (more than {staff_list.COUNT_CAP:,})"
    )
    bulk_form.scope.choices = [
        SelectChoice("ticked", "The products ticked below"),
        SelectChoice("all", every),
    ]
    ticked = set(request.form.getlist("ids")) if request.method == "POST" else set()
    html = render_template(
        "admin/products/list.html",
        page=result,
        state=state,
        first_page=cursor is None,
        cap=staff_list.COUNT_CAP,
        sorts=staff_list.SORTS,
        statuses=staff_list.STATUSES,
        stock_levels=staff_list.STOCK_LEVELS,
        page_sizes=staff_list.PAGE_SIZES,
        category_options=categories,
        bulk_form=bulk_form,
        ticked=ticked,
        row_url={
            name: _id_url(f"admin.product_{name}") for name in ("edit", "publish", "unpublish")
        },
    )
    return html, status


ROW_LINKS = ("edit", "publish", "unpublish")


def _id_url(endpoint: str) -> Callable[[int], str]:
    """url_for(endpoint, product_id=...) for every row of a page, built once: a row has two
    links, and url_for costs more than the rest of the row. A number needs no quoting, so
    the URL splits cleanly around it."""
    marker = 987654321
    prefix, _, suffix = url_for(endpoint, product_id=marker).partition(str(marker))
    return lambda product_id: f"{prefix}{int(product_id)}{suffix}"
