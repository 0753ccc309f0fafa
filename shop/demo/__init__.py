"""TOOLS: the deterministic demo catalogue and its drawn pictures (`manage.py seed-demo`)."""
