"""Hand-written DDL per database (triggers, search structures) run by create_all()."""

from __future__ import annotations

from sqlalchemy import DDL, Connection


def run_for_dialect(connection: Connection, statements: dict[str, list[str]]) -> None:
    """Run the statements written for this connection's database; none for another one."""
    for statement in statements.get(connection.dialect.name, []):
        connection.execute(DDL(statement))
