"""Real-browser tests: Debian's Chromium driven by Playwright against the production stack.

One session-scoped stack (gunicorn behind Nginx, production settings, a seeded SQLite file and
a temporary media folder) and one browser serve every journey. Each page a journey visits goes
through `Journey.visit`: screenshot, raw HTML kept for one Nu Html Checker run at the end,
axe-core, console errors, failed requests, CSP header and horizontal scrolling.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from deploy.localstack import NGINX, ROOT, LocalStack

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [  # as scripts/screenshots.py: what this machine needs
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1366, "height": 900}}
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = ROOT / "test-artifacts" / "browser"

STAFF_EMAIL = "browser-admin@example.com"
STAFF_PASSWORD = "browser journeys need a long password"
GALLERY_SKU = "GALLERY-3"  # the seeded product that the fixture gives a three-photo gallery


def _missing_tools() -> list[str]:
    missing = []
    if not os.access(CHROMIUM, os.X_OK):
        missing.append("chromium")
    if not (shutil.which("nginx") or os.access(NGINX, os.X_OK)):
        missing.append("nginx")
    if not shutil.which("java"):
        missing.append("java")
    if not (AXE_JS.exists() and VNU_JAR.exists()):
        missing.append("node_modules (npm ci)")
    return missing


@pytest.fixture(scope="session")
def tools() -> None:
    missing = _missing_tools()
    if missing:
        pytest.skip(f"browser tests need {', '.join(missing)} (.ci/run and make test install them)")


# ---- The stack -------------------------------------------------------------------------------

GALLERY_SCRIPT = """
import io, sys
from PIL import Image, ImageDraw
from sqlalchemy import select
from shop import create_app
from shop.cli import media_storage
from shop.catalogue.photo_services import add_photos, move_photo
from shop.catalogue.photos import Upload, prepare_uploads
from shop.catalogue.models import Product
from shop.extensions import db

app = create_app()
with app.app_context():
    product = db.session.scalar(
        # A product sold as one item: a product with variants shows its chosen variant's SKU.
        select(Product)
        .where(Product.is_published, Product.stock > 0, Product.variant_count == 0)
        .order_by(Product.id)
    )
    product.sku = sys.argv[1]
    db.session.commit()
    uploads = []
    for n, colour in enumerate(("#8a5a44", "#3f6e5a", "#44618a")):
        image = Image.new("RGB", (2000, 1500), colour)
        ImageDraw.Draw(image).ellipse((500, 250, 1500, 1250), fill="#f1e7d8")
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=85)
        uploads.append(Upload(f"studio-{n}.jpg", buffer.getvalue()))
    prepared = prepare_uploads(uploads, max_pixels=app.config["SHOP_MAX_IMAGE_PIXELS"])
    added = {image.id for image in add_photos(product.id, prepared, storage=media_storage())}
    for seeded in [image.id for image in product.images if image.id not in added]:
        for _ in added:  # behind the studio photos: a studio photo first
            move_photo(product.id, seeded, 1)
    print(product.slug)
"""


@dataclass
class Shop:
    stack: LocalStack
    url: str
    db_path: Path
    gallery_slug: str


@pytest.fixture(scope="session")
def shop(tools, tmp_path_factory) -> Shop:
    """Migrated, seeded with 120 products and their pictures, one staff admin, running."""
    root = tmp_path_factory.mktemp("browser-stack")
    db_path = root / "shop.sqlite3"
    stack = LocalStack(
        run_dir=root / "run",
        database_url=f"sqlite:///{db_path}",
        media_root=root / "media",
        gunicorn_args=["--workers", "2"],
        extra_env={"SHOP_USER_PASSWORD": STAFF_PASSWORD},
    )
    stack.migrate()
    stack.manage("seed-demo", "--products", "120")
    stack.manage("create-user", STAFF_EMAIL, "--role", "admin")
    # One product gets three large studio photos (first) through the real image pipeline, so
    # its gallery has renditions wider than a phone needs.
    gallery = subprocess.run(
        [sys.executable, "-c", GALLERY_SCRIPT, GALLERY_SKU],
        cwd=ROOT,
        env=stack.env,
        check=True,
        capture_output=True,
        text=True,
    )
    with stack:
        yield Shop(stack, stack.url, db_path, gallery.stdout.strip().splitlines()[-1])


# ---- The browser and the quality checks ------------------------------------------------------


@dataclass
class Quality:
    """What the checks collected across the session: pages for the HTML checker, problems."""

    html_dir: Path
    pages: dict[Path, str] = field(default_factory=dict)  # saved file -> step name

    def save_html(self, name: str, body: bytes) -> None:
        path = self.html_dir / f"{name}.html"
        path.write_bytes(body)
        self.pages[path] = name


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    return ARTIFACTS


@pytest.fixture(scope="session")
def quality(tmp_path_factory) -> Quality:
    return Quality(tmp_path_factory.mktemp("pages"))


@pytest.fixture(scope="session")
def playwright_instance(tools):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def axe_pages(browser):
    """One page per viewport in a context that bypasses CSP, used only to run axe-core."""
    pages = {}
    for label, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport, bypass_csp=True)
        pages[label] = context.new_page()
    yield pages
    for page in pages.values():
        page.context.close()


def run_vnu(files: list[Path]) -> list[dict]:
    """Nu Html Checker over all files in one Java run; returns its messages."""
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    return json.loads(result.stdout or "{}").get("messages", [])
