"""The published category tree, loaded in one query and navigated in memory."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class CategoryNode:
    id: int
    name: str
    slug: str
    parent_id: int | None
    description: str
    position: int
    # Published products directly in this category (not its subcategories), and how many of
    # them are in stock: kept by database triggers (counts.py).
    published_count: int = 0
    in_stock_count: int = 0
    children: list[CategoryNode] = field(default_factory=list, compare=False, repr=False)


class TreeNode(Protocol):
    id: int
    children: list


def subtree_ids(node: TreeNode) -> list[int]:
    """The ids of a node of any category tree (shoppers' or staff's) and its descendants."""
    ids, stack = [], [node]
    while stack:
        current = stack.pop()
        ids.append(current.id)
        stack.extend(current.children)
    return ids


class CategoryTree:
    """Published categories whose ancestors are all published, with tree look-ups."""

    def __init__(self, rows: Iterable[tuple]) -> None:
        """`rows`: (id, name, slug, parent_id, description, position, is_published,
        published products, published products in stock) for every category, published or
        not (the counts may be left out)."""
        nodes: dict[int, CategoryNode] = {}
        published: set[int] = set()
        for row in rows:
            node = CategoryNode(*row[:6], *(count or 0 for count in row[7:9]))
            is_published = row[6]
            nodes[node.id] = node
            if is_published:
                published.add(node.id)
        self.all_ids: frozenset[int] = frozenset(nodes)
        self._by_id: dict[int, CategoryNode] = {}
        self._by_slug: dict[str, CategoryNode] = {}
        self.roots: list[CategoryNode] = []
        for node in nodes.values():
            if node.id not in published:
                continue
            if node.parent_id is None:
                self.roots.append(node)
            elif node.parent_id in nodes:
                nodes[node.parent_id].children.append(node)
        # Only published nodes hanging from a published root are visible: an unpublished
        # parent hides its whole subtree.
        stack = list(self.roots)
        while stack:
            node = stack.pop()
            self._by_id[node.id] = node
            self._by_slug[node.slug] = node
            stack.extend(node.children)
        for node in self._by_id.values():
            node.children.sort(key=lambda n: (n.position, n.name))
        self.roots.sort(key=lambda n: (n.position, n.name))

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, category_id: int) -> CategoryNode | None:
        return self._by_id.get(category_id)

    def by_slug(self, slug: str) -> CategoryNode | None:
        return self._by_slug.get(slug)

    @property
    def hidden_ids(self) -> frozenset[int]:
        """Categories whose products shoppers must not see."""
        return self.all_ids - self._by_id.keys()

    def subtree_ids(self, node: CategoryNode) -> list[int]:
        """The node and all its descendants."""
        return subtree_ids(node)

    def product_count(self, category_ids: list[int] | None, *, in_stock: bool = False) -> int:
        """Published products shoppers can see in these categories (None: in all of them),
        optionally only those in stock: a listing's total without counting its rows."""
        nodes = self._by_id.values() if category_ids is None else map(self._by_id.get, category_ids)
        if in_stock:
            return sum(node.in_stock_count for node in nodes if node is not None)
        return sum(node.published_count for node in nodes if node is not None)

    def ancestors(self, node: CategoryNode) -> list[CategoryNode]:
        """From the root down to the node's parent (for breadcrumbs)."""
        chain = []
        parent_id = node.parent_id
        while parent_id is not None and parent_id in self._by_id:
            parent = self._by_id[parent_id]
            chain.append(parent)
            parent_id = parent.parent_id
        return list(reversed(chain))
