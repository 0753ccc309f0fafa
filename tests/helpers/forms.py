"""Reading forms out of rendered pages as a browser posts them back: the CSRF token, or every
successful control of one form (its own and those outside it with `form="<id>"`)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_CSRF_INPUT = re.compile(
    r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"'
)


def csrf_token_from(html: str) -> str:
    match = _CSRF_INPUT.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


class _FormReader(HTMLParser):
    """The name/value pairs a browser would send for the form with this id, without any
    submit button (the caller adds the one it presses) and without file inputs."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: dict[str, str] = {}
        self.textarea: str | None = None
        self.select: str | None = None

    def _ours(self, attrs: dict) -> bool:
        owner = attrs.get("form")
        return owner == self.form_id if owner is not None else self.inside

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if tag == "option":
            if self.select is not None and (
                "selected" in attrs or self.select not in self.fields  # the first by default
            ):
                self.fields[self.select] = attrs.get("value", "")
            return
        name = attrs.get("name")
        if not name or not self._ours(attrs) or "disabled" in attrs:
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields[name] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea":
            self.textarea, self.fields[name] = name, ""
        elif tag == "select":
            self.select = name

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            # As HTML parsing does: a newline right after <textarea> is not part of the value.
            value = self.fields[self.textarea]
            cut = 2 if value.startswith("\r\n") else 1 if value.startswith("\n") else 0
            self.fields[self.textarea] = value[cut:]
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.fields[self.textarea] += data


def form_fields(html: str, form_id: str) -> dict[str, str]:
    """What submitting the form `form_id` sends (before pressing a button)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    reader.close()
    assert reader.fields, f"no form #{form_id} with fields on the page"
    return reader.fields
