"""Column types and helpers shared by every model: UTC timestamps and exact money."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

CENT = Decimal("0.01")


def utcnow() -> datetime:
    """Now, timezone-aware in UTC (a callable default, evaluated per row)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores aware datetimes as UTC and always gives them back aware.

    SQLite has no time zones and returns naive values; PostgreSQL returns aware ones.
    Either way the application only ever sees UTC-aware datetimes.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def cents_to_decimal(cents: int) -> Decimal:
    """Integer minor units -> Decimal with two places (exact on every database)."""
    return (Decimal(cents) / 100).quantize(CENT)


def decimal_to_cents(amount: Decimal) -> int:
    """Decimal amount -> integer minor units; refuses more than two decimal places."""
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise ValueError("at most two decimal places")
    return int(amount * 100)


def parse_money(text: str | None) -> Decimal | None:
    """Parse a shopper- or staff-typed amount such as '12.50'; None when it is not one."""
    if text is None:
        return None
    text = text.strip().replace(",", ".")
    if not text or len(text) > 20:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return value
