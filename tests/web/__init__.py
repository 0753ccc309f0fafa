"""Tests of shop.web: error pages, health checks, templating and the other shared web helpers."""
