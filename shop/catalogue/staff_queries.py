"""Read side of the staff dashboard: one named query per admin page, eager-loading what it shows.

Unlike the storefront queries, these see unpublished products and hidden categories.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import exists, func, literal, or_, select
from sqlalchemy.orm import joinedload

from ..accounts.models import User
from ..extensions import db
from .models import Category, Product, ProductImage
from .tree import subtree_ids


@dataclass
class StaffCategory:
    """A category in the staff tree: published or not, with its counts."""

    id: int
    name: str
    slug: str
    parent_id: int | None
    is_published: bool
    position: int
    product_count: int
    depth: int = 0
    children: list[StaffCategory] = field(default_factory=list, repr=False)


@dataclass
class StaffTree:
    roots: list[StaffCategory]
    by_id: dict[int, StaffCategory]

    def flat(self) -> list[StaffCategory]:
        """Depth-first, siblings by position and name (for tables and pickers)."""
        out: list[StaffCategory] = []
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out

    def subtree_ids(self, category_id: int) -> list[int]:
        node = self.by_id.get(category_id)
        return subtree_ids(node) if node is not None else []


def staff_category_tree(with_counts: bool = True) -> StaffTree:
    """Every category, with its direct product count unless `with_counts` is false (counting
    reads every product: fine for the categories page, too slow for every list page at a
    million products), in one query."""
    columns = (
        Category.id,
        Category.name,
        Category.slug,
        Category.parent_id,
        Category.is_published,
        Category.position,
    )
    if with_counts:
        counts = (
            select(Product.category_id, func.count(Product.id).label("n"))
            .group_by(Product.category_id)
            .subquery()
        )
        stmt = select(*columns, func.coalesce(counts.c.n, 0)).outerjoin(
            counts, counts.c.category_id == Category.id
        )
    else:
        stmt = select(*columns, literal(0))
    rows = db.session.execute(stmt).all()
    by_id = {row[0]: StaffCategory(*row) for row in rows}
    roots = []
    for node in by_id.values():
        parent = by_id.get(node.parent_id) if node.parent_id is not None else None
        (parent.children if parent else roots).append(node)
    for node in by_id.values():
        node.children.sort(key=lambda n: (n.position, n.name.lower()))
    roots.sort(key=lambda n: (n.position, n.name.lower()))
    tree = StaffTree(roots=roots, by_id=by_id)
    for node in tree.flat():
        parent = by_id.get(node.parent_id) if node.parent_id is not None else None
        node.depth = parent.depth + 1 if parent else 0
    return tree


def any_subtree_ids(slug: str) -> list[int] | None:
    """The ids of the category with this slug, published or not, and of every category under
    it; None when no category has the slug. One query of three columns (no product counts,
    which would read every product)."""
    rows = db.session.execute(select(Category.id, Category.slug, Category.parent_id)).all()
    top = next((row.id for row in rows if row.slug == slug), None)
    if top is None:
        return None
    children: dict[int, list[int]] = {}
    for row in rows:
        if row.parent_id is not None:
            children.setdefault(row.parent_id, []).append(row.id)
    ids, stack = [], [top]
    while stack:
        current = stack.pop()
        ids.append(current)
        stack.extend(children.get(current, ()))
    return ids


@dataclass(frozen=True)
class HiddenBecause:
    """One reason shoppers do not see a product: "draft", "scheduled" (a draft with a moment
    to go on the shop), or "category" (its own category is hidden) or "ancestor" (a category
    above it is), with that category."""

    reason: str
    category: StaffCategory | None = None


def why_not_on_the_shop(product: Product, tree: StaffTree) -> list[HiddenBecause]:
    """Every reason shoppers do not see this product, in the order to fix them; none when
    they do. Reads only the tree the edit page has already loaded."""
    reasons = []
    if not product.is_published:
        reasons.append(HiddenBecause("scheduled" if product.publish_at else "draft"))
    node = tree.by_id.get(product.category_id)
    first = True
    while node is not None:
        if not node.is_published:
            reasons.append(HiddenBecause("category" if first else "ancestor", node))
        first = False
        node = tree.by_id.get(node.parent_id) if node.parent_id is not None else None
    return reasons


def product_for_edit(product_id: int) -> Product | None:
    stmt = (
        select(Product)
        .where(Product.id == product_id)
        .options(joinedload(Product.category), joinedload(Product.images))
    )
    return db.session.scalars(stmt).unique().one_or_none()


def category_for_edit(category_id: int) -> Category | None:
    return db.session.get(Category, category_id)


@dataclass(frozen=True)
class DashboardCounts:
    products: int
    published: int
    categories: int
    staff: int


def dashboard_counts() -> DashboardCounts:
    def count(model, *where):
        return select(func.count()).select_from(model).where(*where).scalar_subquery()

    row = db.session.execute(
        select(
            count(Product),
            count(Product, Product.is_published.is_(True)),
            count(Category),
            count(User, User.is_active_account.is_(True)),
        )
    ).one()
    return DashboardCounts(*row)


def products_needing_attention(limit: int = 10) -> list[tuple[Product, bool]]:
    """Unpublished, out of stock or without an image: (product, has_image), recent first."""
    has_image = exists().where(ProductImage.product_id == Product.id)
    stmt = (
        select(Product, has_image.label("has_image"))
        .where(or_(Product.is_published.is_(False), Product.stock <= 0, ~has_image))
        .options(joinedload(Product.category))
        .order_by(Product.updated_at.desc(), Product.id.desc())
        .limit(limit)
    )
    return [(row[0], bool(row[1])) for row in db.session.execute(stmt).all()]
