"""The published category tree, loaded in one query and navigated in memory."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class CategoryNode:
    id: int
    name: str
    slug: str
    parent_id: int | None
    description: str
    position: int
    children: list[CategoryNode] = field(default_factory=list, compare=False, repr=False)


class CategoryTree:
    """Published categories whose ancestors are all published, with tree look-ups."""

    def __init__(self, rows: Iterable[tuple]) -> None:
        """`rows`: (id, name, slug, parent_id, description, position, is_published) for every
        category, published or not."""
        nodes: dict[int, CategoryNode] = {}
        published: set[int] = set()
        for *fields, is_published in rows:
            node = CategoryNode(*fields)
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
        ids, stack = [], [node]
        while stack:
            current = stack.pop()
            ids.append(current.id)
            stack.extend(current.children)
        return ids

    def ancestors(self, node: CategoryNode) -> list[CategoryNode]:
        """From the root down to the node's parent (for breadcrumbs)."""
        chain = []
        parent_id = node.parent_id
        while parent_id is not None and parent_id in self._by_id:
            parent = self._by_id[parent_id]
            chain.append(parent)
            parent_id = parent.parent_id
        return list(reversed(chain))
