"""A journey through the shop in one browser page, with the page-quality checks at every step."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, Response

from tests.browser.conftest import AXE_JS, Quality

SERIOUS = {"serious", "critical"}

GALLERY_JS = """
() => Array.from(document.querySelectorAll('.gallery img')).map((img) => {
  const source = img.closest('picture')?.querySelector('source[type="image/webp"]');
  return {
    alt: img.alt,
    currentSrc: img.currentSrc,
    naturalWidth: img.naturalWidth,
    renderedWidth: img.getBoundingClientRect().width,
    dpr: window.devicePixelRatio,
    webp: source ? source.srcset : '',
  };
})
"""


class Journey:
    """Steps through pages; `visit` checks each page and keeps what it found."""

    def __init__(
        self,
        name: str,
        page: Page,
        width_label: str,
        quality: Quality,
        axe_page: Page,
        artifacts: Path,
    ) -> None:
        self.name = name
        self.page = page
        self.width_label = width_label
        self.quality = quality
        self.axe_page = axe_page
        self.artifacts = artifacts
        self.step_number = 0
        self.problems: list[str] = []
        self._console: list[tuple[str, str]] = []  # (text, url)
        self._bad: list[tuple[str, int | str]] = []  # (url, status or failure)
        self._documents = 0  # main-frame documents requested so far
        self._committed = 0  # main-frame documents shown so far
        self._owner: dict[object, int] = {}  # request -> the document that made it
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self._console.append((f"page error: {error}", "")))
        page.on("request", self._on_request)
        page.on("requestfailed", self._on_failed)
        page.on("response", self._on_response)
        page.on("framenavigated", self._on_navigated)

    # ---- listeners ----

    def _on_console(self, message) -> None:
        if message.type == "error":
            self._console.append((message.text, message.location.get("url", "")))

    def _on_request(self, request) -> None:
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            self._documents += 1
        self._owner[request] = self._committed

    def _on_navigated(self, frame) -> None:
        if frame == self.page.main_frame:
            self._committed += 1

    def _on_failed(self, request) -> None:
        owner = self._owner.pop(request, self._committed)
        if request.failure == "net::ERR_ABORTED" and owner < self._documents:
            return  # cancelled because its page was being left (lazy images, while clicking)
        self._bad.append((request.url, request.failure or "failed"))

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self._bad.append((response.url, response.status))

    # ---- steps ----

    def go(self, step: str, url: str, *, status: int = 200) -> Response:
        return self.visit(step, lambda: self.page.goto(url), status=status)

    def visit(self, step: str, action: Callable[[], object], *, status: int = 200) -> Response:
        """Run `action` (which navigates), wait for the page, then check it."""
        with self.page.expect_navigation() as navigation:
            action()
        response = navigation.value
        assert response is not None, f"{step}: no response"
        self.check(step, response, status=status)
        return response

    def check(self, step: str, response: Response, *, status: int = 200) -> None:
        page = self.page
        page.wait_for_load_state("networkidle")
        self.step_number += 1
        label = f"{self.name}-{self.step_number:02d}-{step}-{self.width_label}"
        where = f"{label} ({response.url})"
        assert response.status == status, f"{where}: status {response.status}, not {status}"

        headers = response.all_headers()
        if "default-src" not in headers.get("content-security-policy", ""):
            self.problems.append(f"{where}: no Content-Security-Policy header")

        for text, url in self._console:
            intended = (
                status >= 400
                and url == response.url
                and f"status of {status}" in text
                and text.startswith("Failed to load resource")
            )
            if not intended:
                self.problems.append(f"{where}: console error: {text} {url}".rstrip())
        for url, what in self._bad:
            if not (url == response.url and what == status):
                self.problems.append(f"{where}: request failed: {url} -> {what}")
        self._console.clear()
        self._bad.clear()

        sizes = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if sizes[0] > sizes[1]:
            self.problems.append(f"{where}: scrolls sideways ({sizes[0]} > {sizes[1]} px)")

        page.screenshot(path=str(self.artifacts / f"{label}.png"), full_page=True)
        body = response.body()
        self.quality.save_html(label, body)
        self._axe(where, response.url, body)

    def _axe(self, where: str, url: str, body: bytes) -> None:
        """axe-core over the very HTML the journey got, replayed in a CSP-bypassing context."""
        axe = self.axe_page

        def serve(route) -> None:
            if route.request.is_navigation_request() and route.request.url == url:
                route.fulfill(status=200, body=body, content_type="text/html; charset=utf-8")
            else:
                route.continue_()

        axe.route("**/*", serve)
        try:
            axe.goto(url, wait_until="load")
            axe.add_script_tag(path=str(AXE_JS))
            results = axe.evaluate(
                "() => axe.run(document, {resultTypes: ['violations']})"
                ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
            )
        finally:
            axe.unroute("**/*", serve)
        for violation in results:
            if violation["impact"] in SERIOUS:
                self.problems.append(
                    f"{where}: axe {violation['impact']} {violation['id']}: {violation['help']}"
                    f" at {violation['nodes']}"
                )

    # ---- specific checks ----

    def check_gallery(self, *, min_images: int = 1) -> list[dict]:
        """Every gallery image loaded, as WebP, in a rendition that fits its slot."""
        images = self.page.locator(".gallery img")
        count = images.count()
        assert count >= min_images, f"gallery has {count} images, expected {min_images}+"
        for index in range(count):
            image = images.nth(index)
            image.scroll_into_view_if_needed()
            image.evaluate(
                "img => img.complete ? null : new Promise(r => img.addEventListener('load', r, "
                "{once: true}))"
            )
        self.page.evaluate("() => window.scrollTo(0, 0)")
        found = self.page.evaluate(GALLERY_JS)
        where = f"{self.name} gallery at {self.width_label}"
        for image in found:
            assert image["naturalWidth"] > 0, f"{where}: not loaded: {image}"
            renditions = sorted(
                (int(width), url) for url, width in re.findall(r"(\S+)\s+(\d+)w", image["webp"])
            )
            assert renditions, f"{where}: no WebP srcset: {image}"
            chosen = [w for w, url in renditions if image["currentSrc"].endswith(url)]
            assert chosen, f"{where}: currentSrc is not a WebP rendition: {image}"
            needed = image["renderedWidth"] * image["dpr"]
            widths = [w for w, _ in renditions]
            sharp_enough = [w for w in widths if w >= needed] or [widths[-1]]
            # Not blurry, and no bigger than the smallest rendition 25 % above the need.
            generous = [w for w in widths if w >= needed * 1.25] or [widths[-1]]
            assert chosen[0] >= sharp_enough[0], f"{where}: too small for {needed}px: {image}"
            assert chosen[0] <= generous[0], f"{where}: too large for {needed}px: {image}"
            image["chosen_width"] = chosen[0]
            image["widths"] = widths
        return found

    def assert_clean(self) -> None:
        assert not self.problems, f"{len(self.problems)} problems:\n" + "\n".join(self.problems)
