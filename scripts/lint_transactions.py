"""Lint: database transactions end in one module only (`shop/database/transaction.py`).

Service functions own their transaction through `transaction.unit_of_work()`; views, the
API, imports and commands call a service and map its errors. Any `.commit()`, `.rollback()`,
`.begin()` or `.begin_nested()` call anywhere else in `shop/` is reported here, whatever it
is called on (a session, a connection, a variable holding either), so `make lint` fails on
it. StagedWrites (shop/images/storage.py) ends its own file units; only the transaction
module calls it.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = {Path("shop/database/transaction.py"), Path("shop/images/storage.py")}
ENDINGS = {"commit", "rollback", "begin", "begin_nested"}


def violations(root: Path = ROOT) -> list[str]:
    """`path:line: text` for every call that begins or ends a transaction outside ALLOWED."""
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
            ):
                found.append(f"{relative}:{node.lineno}: {ast.unparse(node)}")
    return found


def main() -> int:
    found = violations()
    for line in found:
        print(f"{line}  <- transactions begin and end in shop/database/transaction.py only")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
