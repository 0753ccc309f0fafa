"""Tests of shop.audit: the change log staff edits write."""
