"""Tests of shop.database: connections, autocommit reads, query counts, transactions."""
