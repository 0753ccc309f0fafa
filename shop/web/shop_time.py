"""Moments as staff read and type them: in the shop's time zone (SHOP_TIMEZONE), kept as UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app

# What a datetime-local input sends (seconds only if a browser adds them), and typed text.
INPUT_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M")
INPUT_FORMAT = INPUT_FORMATS[0]


def shop_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["SHOP_TIMEZONE"])


def parse_local(text: str) -> datetime | None:
    """Text typed in the shop's zone -> aware UTC; None if it is not a date and time.
    A wall-clock time that a clock change skips or repeats takes its first meaning."""
    for fmt in INPUT_FORMATS:
        try:
            naive = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return naive.replace(tzinfo=shop_zone()).astimezone(UTC)
    return None


def input_value(moment: datetime | None) -> str:
    """An aware moment as a datetime-local input's value, in the shop's zone."""
    return moment.astimezone(shop_zone()).strftime(INPUT_FORMAT) if moment else ""


def shop_time(moment: datetime | None) -> str:
    """An aware moment for people to read: "Mon 7 Dec 2026, 06:00 CET"."""
    if moment is None:
        return ""
    local = moment.astimezone(shop_zone())
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} {local.tzname()}"
