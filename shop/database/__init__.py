"""INFRASTRUCTURE: database connections, the one place transactions end, statement counts."""
