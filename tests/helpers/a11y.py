"""Basic accessibility checks of rendered pages: one h1, a label for every control."""

from __future__ import annotations

from html.parser import HTMLParser

HIDDEN_TYPES = {"hidden", "submit", "button", "reset", "image"}


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.controls: list[dict] = []
        self.labels: dict[str, str] = {}
        self._label_for: str | None = None
        self._label_text: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "h1":
            self.h1 += 1
        elif tag == "label":
            self._label_for = a.get("for")
            self._label_text = []
        elif tag in ("input", "select", "textarea") and a.get("type") not in HIDDEN_TYPES:
            self.controls.append(a)

    def handle_endtag(self, tag):
        if tag == "label" and self._label_for:
            self.labels[self._label_for] = " ".join("".join(self._label_text).split())
            self._label_for = None

    def handle_data(self, data):
        if self._label_for is not None:
            self._label_text.append(data)


def scan(html: str) -> _Scan:
    parser = _Scan()
    parser.feed(html)
    return parser


def labels(html: str) -> dict[str, str]:
    """Label text -> the id of the control it names."""
    return {text: for_id for for_id, text in scan(html).labels.items()}


def assert_accessible(html: str) -> None:
    page = scan(html)
    assert page.h1 == 1, f"expected one h1, found {page.h1}"
    for control in page.controls:
        named = control.get("id") in page.labels or control.get("aria-label")
        assert named, f"control without a label: {control}"
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"
