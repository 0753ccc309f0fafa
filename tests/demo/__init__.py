"""Tests of shop.demo: the deterministic demo catalogue and its pictures."""
