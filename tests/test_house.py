"""The house rules `make lint` enforces, run by the suite too: layers, and who ends transactions."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _transaction_lint():
    spec = importlib.util.spec_from_file_location(
        "lint_transactions", ROOT / "scripts/lint_transactions.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_only_the_transaction_module_commits_or_rolls_back():
    assert _transaction_lint().violations() == []


def test_a_commit_in_a_view_is_reported(tmp_path):
    view = tmp_path / "shop/admin/planted.py"
    view.parent.mkdir(parents=True)
    view.write_text(
        "from ..extensions import db\n\n\ndef save():\n    db.session.commit()\n"
        "    s = db.session\n    s.rollback()\n"
        "    with db.engine.begin() as connection:\n        connection.begin_nested()\n"
    )
    (tmp_path / "shop/database").mkdir()
    (tmp_path / "shop/database/transaction.py").write_text("def f(db):\n    db.session.commit()\n")
    found = _transaction_lint().violations(tmp_path)
    assert found == [
        "shop/admin/planted.py:5: db.session.commit()",
        "shop/admin/planted.py:7: s.rollback()",
        "shop/admin/planted.py:8: db.engine.begin()",
        "shop/admin/planted.py:9: connection.begin_nested()",
    ]


def test_layer_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "3 kept, 0 broken" in result.stdout
