"""Lint: database transactions end in one module only (`shop/database/transaction.py`).

Service functions own their transaction through `transaction.unit_of_work()`; views, the
API, imports and commands call a service and map its errors. A `session.commit()` or
`session.rollback()` anywhere else in `shop/` is reported here, so `make lint` fails on it.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = {Path("shop/database/transaction.py")}
ENDINGS = {"commit", "rollback"}


def _receiver(node: ast.expr) -> str:
    return ast.unparse(node)


def violations(root: Path = ROOT) -> list[str]:
    """`path:line: text` for every commit or rollback of a session outside ALLOWED."""
    found = []
    for path in sorted((root / "shop").rglob("*.py")):
        relative = path.relative_to(root)
        if relative in ALLOWED:
            continue
        tree = ast.parse(path.read_text(), filename=str(relative))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ENDINGS
                and "session" in _receiver(node.func.value).lower()
            ):
                found.append(f"{relative}:{node.lineno}: {ast.unparse(node)}")
    return found


def main() -> int:
    found = violations()
    for line in found:
        print(f"{line}  <- only shop/database/transaction.py ends a transaction; call a service")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
