"""Where to go after signing in: only a path on this site, never another site."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

MAX_NEXT_LENGTH = 2000


def _looks_local(target: str) -> bool:
    # Browsers drop tabs and newlines inside URLs and treat "\" like "/", so "/\t/evil.com"
    # and "/\\evil.com" would leave the site: refuse any whitespace, control character or
    # backslash outright.
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 or ch == "\\" for ch in target):
        return False
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return False
    return target.startswith("/") and not target.startswith("//")


def safe_next(target: str | None) -> str | None:
    """`target` when it is a local path such as "/admin/products/?page=2", else None.

    Checked as given and once percent-decoded, so "/%2F%2Fevil.com" and "%2F%2Fevil.com" are
    refused too.
    """
    if not target or len(target) > MAX_NEXT_LENGTH:
        return None
    if not (_looks_local(target) and _looks_local(unquote(target))):
        return None
    return target
