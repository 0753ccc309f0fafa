"""Template helpers: money formatting from integer cents."""

from __future__ import annotations

import pytest

from shop.web.templating import money


@pytest.mark.parametrize(
    ("cents", "shown"),
    [(None, ""), (0, "€0.00"), (5, "€0.05"), (1250, "€12.50"), (123456789, "€1,234,567.89")],
)
def test_money_is_exact_with_thousands_separators(app, cents, shown):
    assert money(cents) == shown


def test_money_uses_the_shop_currency(app):
    app.config["SHOP_CURRENCY"] = "GBP"
    assert money(99) == "£0.99"
