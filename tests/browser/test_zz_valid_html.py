"""Every page the journeys saw is valid HTML: the Nu Html Checker, in one Java run at the end."""

from __future__ import annotations

from tests.browser.conftest import run_vnu


def test_visited_pages_are_valid_html(quality):
    assert quality.pages, "no journey saved a page (run the whole tests/browser folder)"
    messages = run_vnu(sorted(quality.pages))
    errors = [
        f"{quality.pages.get(_path(m['url']), m['url'])}:{m.get('lastLine', '?')}: {m['message']}"
        f" [{m.get('extract', '').strip()}]"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)


def _path(url: str):
    from pathlib import Path
    from urllib.parse import unquote, urlsplit

    return Path(unquote(urlsplit(url).path))
