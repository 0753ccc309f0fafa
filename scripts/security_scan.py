"""`make scan`: sqlmap and wapiti against the production stack on loopback; 1 on any finding."""

from __future__ import annotations

import argparse
import html
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.localstack import ROOT, LocalStack, StackError, free_port, wait_for

ARTIFACTS = ROOT / "test-artifacts" / "security-scan"  # logs and reports after a failure
# The scanners' own venv (`make scan` makes it from requirements-scan.txt).
SCAN_VENV = Path(os.environ.get("SHOP_SCAN_VENV") or ROOT / ".venv-scan").resolve()
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
USER_AGENT = "shop-security-scan"
STAFF_EMAIL = "security-scan@example.com"
# Where wapiti's out-of-band payloads point instead of its public server (the discard port:
# nothing listens there). No module that needs that server's answers is loaded.
NOWHERE = "http://127.0.0.1:9/"
# A second guard: a plain urllib call that tried to leave loopback (sqlmap's crash-report and
# update helpers use one, after asking: no answer comes without a terminal) goes to this dead
# proxy and fails.
NO_OUTSIDE = {
    "http_proxy": NOWHERE,
    "https_proxy": NOWHERE,
    "all_proxy": NOWHERE,
    "no_proxy": "127.0.0.1,localhost",
}
# The sign-in throttle answers 429 after 20 failed sign-ins per address in 15 minutes, so
# sqlmap would test the throttle's page instead of the form. Raised for the scan only; every
# other setting is production's.
SCAN_APP_SPEC = (
    "shop:create_app({'LOGIN_THROTTLE_PER_EMAIL': '1000000 per 15 minutes', "
    "'LOGIN_THROTTLE_PER_ADDRESS': '1000000 per 15 minutes'})"
)
# A server-rendered site: injections, file and command tricks, XSS (reflected and stored),
# open redirects, header injection, CSRF, and the passive header/cookie/CSP checks.
# Left out: timesql (sqlmap tests time-based injection), ssrf/xxe/log4shell (need wapiti's
# public callback server), nikto/wapp (download databases), ssl (a self-signed test certificate),
# brute-force and CMS modules (not this kind of site).
# (methods is left out too: Flask answers OPTIONS on every page, which it lists as "interesting".)
WAPITI_ANONYMOUS = "sql,exec,file,xss,permanentxss,redirect,crlf,csrf,http_headers,csp,cookieflags"
WAPITI_STAFF = "sql,exec,file,xss,permanentxss,redirect,crlf,csrf,upload"
# Wapiti's anomalies that fail the scan: the shop answers bad input with 4xx pages, so a 500 is
# an unhandled input. "Resource consumption" (a slow answer) is reported only: on a busy
# two-core machine it measures the machine.
FAILING_ANOMALIES = {"Internal Server Error"}
SQLMAP_NOT_INJECTABLE = "all tested parameters do not appear to be injectable"


@dataclass
class Target:
    """One sqlmap run: a URL (`*` marks a path injection point), optional POST data."""

    name: str
    url: str
    params: tuple[str, ...]  # sqlmap must report on each of these
    data: str | None = None
    cookie: str | None = None
    csrf_url: str | None = None


@dataclass
class Result:
    """What one scanner run tested and found."""

    scanner: str
    target: str
    seconds: float = 0.0
    requests: int = 0
    tested: str = ""
    findings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class Settings:
    """Limits shared by every scanner run."""

    work: Path
    dbms: str
    techniques: str = "BEUSTQ"  # sqlmap's default: all of them
    sqlmap_timeout: float = 150
    wapiti_crawl: float = 45
    wapiti_attack: float = 40
    counter: Callable[[], int] = lambda: 0


# --- running the scanners -------------------------------------------------------------------


def scanner_env(home: Path) -> dict[str, str]:
    """The environment of a scanner: its own HOME (history, config), no way out but loopback."""
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(NO_OUTSIDE)
    env.update({"HOME": str(home), "PYTHONWARNINGS": "ignore"})
    return env


def run_logged(command: list[str], log: Path, env: dict[str, str], timeout: float) -> int | None:
    """Run `command` with its output in `log`; its exit status, or None if it was stopped."""
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=log.parent,
            start_new_session=True,
        )
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return None


def tail(text: str, lines: int = 25) -> str:
    return "\n".join(text.splitlines()[-lines:])


def timed(settings: Settings, result: Result, work: Callable[[], None]) -> Result:
    """Run `work`, recording its duration and the requests the target received meanwhile."""
    before, started = settings.counter(), time.monotonic()
    work()
    result.seconds = time.monotonic() - started
    result.requests = settings.counter() - before
    return result


# --- sqlmap ---------------------------------------------------------------------------------


def sqlmap_command(target: Target, out_dir: Path, settings: Settings) -> list[str]:
    command = [
        str(SCAN_VENV / "bin" / "sqlmap"), "-u", target.url, "--batch", "--flush-session",
        "--output-dir", str(out_dir), "--dbms", settings.dbms, "--technique", settings.techniques,
        "--level", "1", "--risk", "1", "--timeout", "15", "--retries", "1",
        "--user-agent", USER_AGENT, "--disable-coloring", "-v", "1",
    ]  # fmt: skip
    if target.data is not None:
        command += ["--data", target.data]
    if target.csrf_url:  # the form's page: a fresh token, and the Referer Flask-WTF wants
        command += ["--csrf-token", "csrf_token", "--csrf-url", target.csrf_url]
        command += ["--referer", target.csrf_url]
    if target.cookie:
        command += ["--cookie", target.cookie, "--drop-set-cookie"]
    return command


def run_sqlmap(target: Target, settings: Settings) -> Result:
    """One sqlmap run against `target`; a finding for each injectable parameter it reports."""
    out_dir = settings.work / "sqlmap" / re.sub(r"\W+", "-", target.name)
    out_dir.mkdir(parents=True, exist_ok=True)
    log = out_dir / "stdout.txt"
    result = Result("sqlmap", target.name)

    def work() -> None:
        status = run_logged(
            sqlmap_command(target, out_dir, settings),
            log,
            scanner_env(settings.work / "home"),
            settings.sqlmap_timeout,
        )
        if status is None:
            result.errors.append(f"did not finish within {settings.sqlmap_timeout:.0f} s")
        read_sqlmap(log.read_text(errors="replace"), out_dir, target, result)

    return timed(settings, result, work)


PARAMETER = re.compile(
    r"\b(GET|POST|URI|Cookie|\(custom\) POST|\(custom\) URI) parameter '([^']+)'"
)
INJECTION_BLOCK = re.compile(r"^Parameter: (.+) \((.+)\)$((?:\n(?!---).*)*)", re.M)


def read_sqlmap(output: str, out_dir: Path, target: Target, result: Result) -> None:
    """Fill `result` from sqlmap's output and its session log (injection points, what was
    tested, errors). sqlmap that tested nothing, or stopped midway, is an error."""
    logs = "\n".join(path.read_text(errors="replace") for path in out_dir.glob("*/log"))
    injectable: dict[tuple[str, str], str] = {}
    for match in INJECTION_BLOCK.finditer(output + "\n" + logs):
        injectable.setdefault((match[2], match[1]), match[3].rstrip())
    result.findings += [
        f"{place} parameter '{name}' is injectable:{detail}"
        for (place, name), detail in injectable.items()
    ]
    tested = {name for _, name in PARAMETER.findall(output)}
    result.tested = ", ".join(sorted(tested))
    missing = [name for name in target.params if name not in tested]
    if missing:
        result.errors.append(f"sqlmap never tested {', '.join(missing)}")
    concluded = SQLMAP_NOT_INJECTABLE in output or result.findings
    if not concluded:
        result.errors.append("sqlmap reached no conclusion")
    lines = output.splitlines()
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        if "[CRITICAL]" in line and SQLMAP_NOT_INJECTABLE not in line:
            result.errors.append(line.strip())
        elif "HTTP error codes detected" in line:
            result.notes.append(f"{line.strip()} {following.strip()}")
        elif re.search(r"might be (SQL )?injectable", line):
            result.notes.append(line.strip())
    if result.errors:
        result.errors.append(f"the end of sqlmap's output:\n{tail(output)}")


# --- wapiti ---------------------------------------------------------------------------------


@dataclass
class WapitiRun:
    """One wapiti scan: where it starts, what it may visit, which modules attack."""

    name: str
    base: str
    modules: str
    starts: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    cookie: str | None = None
    min_pages: int = 3


def wapiti_command(run: WapitiRun, out_dir: Path, settings: Settings) -> list[str]:
    command = [
        str(SCAN_VENV / "bin" / "wapiti"), "-u", run.base, "--scope", "folder", "-m", run.modules,
        "--depth", "3", "--max-links-per-page", "25", "--max-files-per-dir", "8",
        "--max-parameters", "40", "--tasks", "4", "--timeout", "15",
        "--max-scan-time", str(settings.wapiti_crawl),
        "--max-attack-time", str(settings.wapiti_attack),
        "--user-agent", USER_AGENT, "--no-bugreport", "--verbose", "1",
        "--flush-session", "--store-session", str(out_dir / "session"),
        "--store-config", str(out_dir / "config"),
        "--endpoint", NOWHERE,  # both endpoints (--internal-endpoint would be pinged first)
        "--format", "json", "--output", str(out_dir / "report.json"),
    ]  # fmt: skip
    for start in run.starts:
        command += ["--start", start]
    for exclude in run.excludes:
        command += ["--exclude", exclude]
    if run.cookie:
        command += ["--cookie-value", run.cookie]
    return command


def wapiti_timeout(run: WapitiRun, settings: Settings) -> float:
    """Crawl, then each module for at most its attack time, plus start-up and the report."""
    return settings.wapiti_crawl + settings.wapiti_attack * len(run.modules.split(",")) + 90


def run_wapiti(run: WapitiRun, settings: Settings) -> Result:
    """One wapiti scan; a finding for each entry in its report's vulnerabilities."""
    out_dir = settings.work / "wapiti" / re.sub(r"\W+", "-", run.name)
    out_dir.mkdir(parents=True, exist_ok=True)
    log = out_dir / "stdout.txt"
    result = Result("wapiti", run.name)

    def work() -> None:
        timeout = wapiti_timeout(run, settings)
        status = run_logged(
            wapiti_command(run, out_dir, settings),
            log,
            scanner_env(settings.work / "home"),
            timeout,
        )
        if status is None:
            result.errors.append(f"did not finish within {timeout:.0f} s")
        elif status != 0:
            result.errors.append(f"exited with status {status}")
        read_wapiti(out_dir / "report.json", log.read_text(errors="replace"), run, result)
        if result.errors:
            result.errors.append(f"the end of wapiti's output:\n{tail(log.read_text())}")

    return timed(settings, result, work)


def attacks(output: str) -> str:
    """`module N, ...`: how many crawled requests each module attacked ("[+] GET ..." lines)."""
    counts: dict[str, int] = {}
    module = ""
    for line in output.splitlines():
        if match := re.search(r"Launching module (\w+)", line):
            module = match[1]
            counts[module] = 0
        elif line.startswith("[+] ") and module:
            counts[module] += 1
    return ", ".join(f"{name} {count}" for name, count in counts.items()) or "none"


def describe(category: str, entry: dict) -> str:
    where = f"{entry.get('method', '?')} {entry.get('path', '?')}"
    parameter = f" parameter {entry['parameter']!r}" if entry.get("parameter") else ""
    head, _, body = (entry.get("http_request") or "").strip().partition("\n\n")
    request = "\n".join(filter(None, [head.splitlines()[0] if head else "", body.strip()]))
    return f"{category}: {where}{parameter}: {entry.get('info', '')}\n    {request}"


def read_wapiti(report_path: Path, output: str, run: WapitiRun, result: Result) -> None:
    """Fill `result` from wapiti's JSON report and its output. A report that is missing, a
    crawl that found (almost) nothing, a module that did not start or crashed: errors."""
    if not report_path.exists():
        result.errors.append("wapiti wrote no report")
        return
    report = json.loads(report_path.read_text())
    for category, entries in report.get("vulnerabilities", {}).items():
        result.findings += [describe(category, entry) for entry in entries]
    for category, entries in report.get("anomalies", {}).items():
        failing = category in FAILING_ANOMALIES
        for entry in entries:
            (result.findings if failing else result.notes).append(describe(category, entry))
    for category, entries in report.get("additionals", {}).items():
        result.notes += [f"(additional) {describe(category, entry)}" for entry in entries]
    pages = int(report.get("infos", {}).get("crawled_pages_nbr") or 0)
    launched = re.findall(r"Launching module (\w+)", output)
    result.tested = f"{pages} pages crawled; requests attacked per module: {attacks(output)}"
    stopped = re.findall(r"Max attack time was reached for module (\w+)", output)
    if stopped:
        result.notes.append(f"stopped by --max-attack-time before the end: {', '.join(stopped)}")
    if pages < run.min_pages:
        result.errors.append(f"wapiti crawled only {pages} page(s)")
    not_run = sorted(set(run.modules.split(",")) - set(launched))
    if not_run:
        result.errors.append(f"modules that never started: {', '.join(not_run)}")
    if "Traceback (most recent call last)" in output:
        result.errors.append("a wapiti module crashed (traceback in its output)")


# --- the shop on loopback -------------------------------------------------------------------


def create_database(kind: str, work: Path, server: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{work / 'scan.sqlite3'}"
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    name = f"shop_scan_{uuid.uuid4().hex[:8]}"
    engine = create_engine(
        server.replace("postgresql://", "postgresql+psycopg://") + "/postgres",
        isolation_level="AUTOCOMMIT",
        poolclass=NullPool,
    )
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return f"{server}/{name}"


def drop_database(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        return  # SQLite: a file in the work directory
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    base, name = db_url.rsplit("/", 1)
    engine = create_engine(
        base.replace("postgresql://", "postgresql+psycopg://") + "/postgres",
        isolation_level="AUTOCOMMIT",
        poolclass=NullPool,
    )
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A one-day certificate for 127.0.0.1: the stack serves HTTPS, as in production."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def prepare_shop(work: Path, db_url: str, password: str) -> LocalStack:
    """A migrated stack (not started) with a demo catalogue and a staff account."""
    cert, key = self_signed_certificate(work)
    stack = LocalStack(
        run_dir=work / "run",
        database_url=db_url,
        media_root=work / "media",
        gunicorn_args=["--workers", "3"],
        app_spec=SCAN_APP_SPEC,
        tls_cert=cert,
        tls_key=key,
    )
    stack.migrate()
    # One of each kind of page is what a scanner needs; every copy costs it time.
    stack.manage("seed-demo", "--products", "16", "--categories", "1", "--no-images")
    stack.manage("seed-demo", "--products", "2", "--categories", "1", "--seed", "2")  # photos
    stack.manage(
        "create-user", STAFF_EMAIL, "--role", "staff", env={"SHOP_USER_PASSWORD": password}
    )
    return stack


class Browser:
    """urllib with a cookie jar, our certificate and no redirects followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    def __init__(self, cafile: Path) -> None:
        self.jar = http.cookiejar.CookieJar()
        context = ssl.create_default_context(cafile=str(cafile))
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context),
            urllib.request.HTTPCookieProcessor(self.jar),
            self._NoRedirect(),
        )

    def fetch(self, url: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        # Over HTTPS, Flask-WTF accepts a form only with a Referer from the same site.
        headers = {"User-Agent": USER_AGENT, "Referer": url}
        request = urllib.request.Request(url, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)


CSRF_INPUT = re.compile(
    r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"'
)


def sign_in(base: str, cafile: Path, password: str) -> str:
    """Sign the staff account in through the real form; the session's Cookie header."""
    browser = Browser(cafile)
    status, page = browser.fetch(f"{base}/login")
    match = CSRF_INPUT.search(page)
    if status != 200 or not match:
        raise StackError(f"GET /login answered {status} without a CSRF token")
    form = {"email": STAFF_EMAIL, "password": password, "csrf_token": match[1] or match[2]}
    status, _ = browser.fetch(f"{base}/login", form)
    if status != 302 or browser.fetch(f"{base}/admin/")[0] != 200:
        raise StackError(f"signing in failed (POST /login answered {status})")
    return browser.cookie_header()


def still_signed_in(base: str, cafile: Path, cookie: str) -> bool:
    browser = Browser(cafile)
    request = urllib.request.Request(
        f"{base}/admin/", headers={"Cookie": cookie, "User-Agent": USER_AGENT}
    )
    try:
        with browser.opener.open(request, timeout=30) as response:
            return response.status == 200
    except urllib.error.HTTPError:
        return False


@dataclass
class ShopPages:
    """Real values for the scanned URLs, read from the running shop."""

    category: str  # "/category/<slug>/"
    product: str  # "/product/<slug>"
    category_id: str
    staff_products: list[str]  # ids, in the staff list's order
    staff_categories: list[str]


def discover(base: str, cafile: Path, cookie: str) -> ShopPages:
    browser = Browser(cafile)
    _, home = browser.fetch(f"{base}/")
    category = re.search(
        r'class="category-tile" href="(?:https?://[^/"]+)?(/category/[^"]+/)"', home
    )
    _, listing = browser.fetch(f"{base}/products/")
    product = re.search(r'href="(?:https?://[^/"]+)?(/product/[^"?#]+)"', listing)
    browser.jar.clear()
    request = urllib.request.Request(
        f"{base}/admin/products/", headers={"Cookie": cookie, "User-Agent": USER_AGENT}
    )
    with browser.opener.open(request, timeout=30) as response:
        staff_page = response.read().decode("utf-8", "replace")
    request.full_url = f"{base}/admin/categories/"
    with browser.opener.open(request, timeout=30) as response:
        staff_categories = response.read().decode("utf-8", "replace")
    category_id = re.search(r'<option value="(\d+)"', staff_page)
    products = unique(re.findall(r'/admin/products/(\d+)/edit"', staff_page))
    categories = unique(re.findall(r'/admin/categories/(\d+)/edit"', staff_categories))
    if not (category and product and category_id and products and categories):
        raise StackError("could not find the categories and products to scan")
    return ShopPages(category[1], product[1], category_id[1], products, categories)


def unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


LISTING = "sort=price_asc&page=1&per_page=24&min_price=1&max_price=5000&in_stock=1"
LISTING_PARAMS = ("sort", "page", "per_page", "min_price", "max_price", "in_stock")


def marked(base: str, path: str) -> str:
    """`path` with sqlmap's injection marker after its last segment (the slug)."""
    return base + path.rstrip("/") + "*" + ("/" if path.endswith("/") else "")


def sqlmap_targets(base: str, pages: ShopPages, cookie: str) -> list[Target]:
    return [
        Target("search", f"{base}/search?q=oak&{LISTING}", ("q", *LISTING_PARAMS)),
        Target("all products", f"{base}/products/?{LISTING}", LISTING_PARAMS),
        Target("category listing", f"{base}{pages.category}?{LISTING}", LISTING_PARAMS),
        Target("category slug", marked(base, pages.category), ("#1*",)),
        Target("product slug", marked(base, pages.product), ("#1*",)),
        Target(
            "API product list",
            f"{base}/api/v1/products?q=oak&category={pages.category.split('/')[2]}"
            "&sort=price_asc&min_price=1&max_price=5000&in_stock=true&page=1&per_page=24",
            ("q", "category", "sort", "min_price", "max_price", "in_stock", "page", "per_page"),
        ),
        Target(
            "API product by slug",
            marked(base, "/api/v1/products/by-slug/" + pages.product.rsplit("/", 1)[1]),
            ("#1*",),
        ),
        Target(
            "sign-in form",
            f"{base}/login",
            ("email", "password", "next"),
            data="email=nobody%40example.com&password=wrong-one&next=%2Fadmin%2F&csrf_token=x",
            csrf_url=f"{base}/login",
        ),
        Target(
            "staff product filters",
            f"{base}/admin/products/?q=oak&category={pages.category_id}"
            "&status=published&stock=in&photo=none&sort=name&per_page=25",
            ("q", "category", "status", "stock", "photo", "sort", "per_page"),
            cookie=cookie,
        ),
        # A bulk change's review only keeps a job (Apply is another form, never sent here).
        Target(
            "staff bulk change review",
            f"{base}/admin/products/bulk",
            ("scope", "kind", "value", "q"),
            data="scope=all&kind=publish&value=3&q=e&csrf_token=x",
            cookie=cookie,
            csrf_url=f"{base}/admin/products/",
        ),
    ]


def staff_excludes(base: str, pages: ShopPages) -> tuple[str, ...]:
    """Keep the staff scan on one product (the newest: it has photos) and one category: the
    others are the same forms, and each costs wapiti's modules a share of their time. Their
    delete forms are left out too: a module would delete what the modules after it attack."""
    keep_product, keep_category = max(pages.staff_products, key=int), pages.staff_categories[0]
    excludes = [f"{base}/logout"]
    excludes += [f"{base}/admin/products/{i}/*" for i in pages.staff_products if i != keep_product]
    excludes += [
        f"{base}/admin/categories/{i}/*" for i in pages.staff_categories if i != keep_category
    ]
    excludes += [
        # A bulk change's Apply would change or delete what the modules after it attack.
        f"{base}/admin/products/bulk*",
        # Likewise an import's Apply (the upload form itself is attacked: it only dry-runs;
        # it is multipart, which the sqlmap targets here do not send).
        f"{base}/admin/products/import/*",
        f"{base}/admin/products/{keep_product}/delete",
        f"{base}/admin/products/{keep_product}/images/*/delete",
        f"{base}/admin/categories/{keep_category}/delete",
    ]
    return tuple(excludes)


def wapiti_runs(base: str, pages: ShopPages, cookie: str) -> list[WapitiRun]:
    return [
        WapitiRun(
            "storefront (anonymous)",
            f"{base}/",
            WAPITI_ANONYMOUS,
            starts=(f"{base}/login", f"{base}/search?q=oak"),
            excludes=(f"{base}/logout", f"{base}/admin/*"),
            min_pages=10,
        ),
        WapitiRun(
            "staff area (signed in)",
            f"{base}/admin/",
            WAPITI_STAFF,
            excludes=staff_excludes(base, pages),
            cookie=cookie,
            min_pages=5,
        ),
    ]


# --- checks on the stack's own logs ---------------------------------------------------------


class AccessLog:
    """Nginx's access log: requests counted, and the lines written since a mark."""

    LINE = re.compile(r'"(?P<request>[^"]*)" (?P<status>\d{3}) ')

    def __init__(self, path: Path) -> None:
        self.path = path

    def lines(self) -> list[str]:
        return self.path.read_text(errors="replace").splitlines() if self.path.exists() else []

    def count(self) -> int:
        return len(self.lines())

    def statuses(self, since: int) -> Iterable[tuple[str, str]]:
        for line in self.lines()[since:]:
            match = self.LINE.search(line)
            if match:
                yield match["request"], match["status"]


def check_sign_in_form(result: Result, app_log: Path, failures_before: int) -> None:
    """The sign-in run must have reached the password check (past the CSRF check)."""
    failures = app_log.read_text(errors="replace").count("Sign-in failed from")
    if failures == failures_before:
        result.errors.append("no request got past the form's CSRF check to a sign-in attempt")


def check_form_accepted(result: Result, log: AccessLog, since: int, url: str) -> None:
    """A staff form's run must have got past the CSRF check: some POST kept (303)."""
    path = "POST /" + url.split("://", 1)[1].split("/", 1)[1]
    kept = [r for r, s in log.statuses(since) if r.startswith(path) and s == "303"]
    if not kept:
        result.errors.append("no request got past the form's CSRF check (no 303 answer)")


def check_staff_requests(result: Result, log: AccessLog, since: int) -> None:
    """The staff run must have been answered as staff, not sent to the sign-in page."""
    redirected = [r for r, s in log.statuses(since) if r.startswith("GET /admin") and s == "302"]
    if redirected:
        result.errors.append(f"{len(redirected)} staff requests were sent to sign in")


def server_errors(log: AccessLog, since: int) -> Result:
    """Every 500 the shop answered during the scan is a finding (4xx is the answer to bad input);
    502/503/504 are reported (a busy machine, a statement timeout) without failing."""
    result = Result("nginx log", "5xx answers during the scan")
    answers = list(log.statuses(since))
    result.requests = len(answers)
    result.tested = f"{len(answers)} requests"
    for request, status in answers:
        if status == "500":
            result.findings.append(f"500 for {request}")
        elif status.startswith("5"):
            result.notes.append(f"{status} for {request}")
    return result


# --- the scan of the shop -------------------------------------------------------------------


def scan_shop(args: argparse.Namespace, work: Path, db_url: str) -> list[Result]:
    """Start the stack, sign the staff account in, run every scanner; their results."""
    password = secrets.token_urlsafe(24)
    stack = prepare_shop(work, db_url, password)
    access = AccessLog(stack.run_dir / "nginx-access.log")
    settings = Settings(
        work=work,
        dbms="SQLite" if db_url.startswith("sqlite") else "PostgreSQL",
        sqlmap_timeout=args.sqlmap_timeout,
        wapiti_crawl=args.wapiti_crawl,
        wapiti_attack=args.wapiti_attack,
        counter=access.count,
    )
    with stack:
        print(f"Stack up at {stack.url} ({settings.dbms}); scanning ...", flush=True)
        cookie = sign_in(stack.url, stack.tls_cert, password)
        pages = discover(stack.url, stack.tls_cert, cookie)
        start = access.count()
        results = sqlmap_scans(stack, settings, pages, cookie)
        results += wapiti_scans(stack, settings, pages, cookie)
        results.append(server_errors(access, start))
    return results


def sqlmap_scans(
    stack: LocalStack, settings: Settings, pages: ShopPages, cookie: str
) -> list[Result]:
    access, app_log = (
        AccessLog(stack.run_dir / "nginx-access.log"),
        stack.run_dir / "gunicorn-0.log",
    )
    results = []
    for target in sqlmap_targets(stack.url, pages, cookie):
        mark, failures = access.count(), app_log.read_text().count("Sign-in failed from")
        result = progress(run_sqlmap(target, settings))
        if target.csrf_url and not target.cookie:
            check_sign_in_form(result, app_log, failures)
        elif target.csrf_url:
            check_form_accepted(result, access, mark, target.url)
        if target.cookie:
            check_staff_requests(result, access, mark)
        results.append(result)
    return results


def wapiti_scans(
    stack: LocalStack, settings: Settings, pages: ShopPages, cookie: str
) -> list[Result]:
    results = []
    for run in wapiti_runs(stack.url, pages, cookie):
        result = progress(run_wapiti(run, settings))
        if run.cookie and not still_signed_in(stack.url, stack.tls_cert, cookie):
            result.errors.append("the staff session ended during the scan")
        results.append(result)
    return results


def progress(result: Result) -> Result:
    state = "FINDINGS" if result.findings else "ERROR" if result.errors else "clean"
    print(f"  {result.scanner} {result.target}: {state} ({result.seconds:.0f} s)", flush=True)
    return result


# --- the self-test: a deliberately vulnerable app -------------------------------------------


class VulnerableApp:
    """WSGI app with a planted SQL injection (a query built by string formatting) and a
    reflected XSS (a parameter echoed unescaped). Only ever served on 127.0.0.1."""

    HOME = (
        "<!doctype html><title>Planted</title><h1>Planted flaws</h1>"
        '<p><a href="/item?id=1">Oak chair</a> <a href="/item?id=2">Clay jug</a></p>'
        '<form action="/hello" method="get"><input name="name" value="guest">'
        '<button type="submit">Greet</button></form>'
    )

    def __init__(self) -> None:
        self.requests = 0
        self.lock = threading.Lock()
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price INTEGER)")
        self.db.executemany(
            "INSERT INTO items VALUES (?, ?, ?)",
            [(1, "Oak chair", 120), (2, "Clay jug", 30), (3, "Linen throw", 45)],
        )

    def __call__(self, environ: dict, start_response: Callable) -> list[bytes]:
        with self.lock:
            self.requests += 1
        query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
        value = query.get("id", query.get("name", [""]))[0]
        path = environ.get("PATH_INFO", "/")
        status, body = "404 Not Found", "<p>Not here.</p>"
        if path == "/":
            status, body = "200 OK", self.HOME
        elif path == "/item":
            status, body = self.item(value)
        elif path == "/hello":
            status, body = "200 OK", f"<p>Hello {value}!</p>"  # planted: not escaped
        start_response(status, [("Content-Type", "text/html; charset=utf-8")])
        return [body.encode()]

    def item(self, item_id: str) -> tuple[str, str]:
        sql = f"SELECT name, price FROM items WHERE id = {item_id}"  # noqa: S608 - planted
        try:
            with self.lock:
                rows = self.db.execute(sql).fetchall()
        except sqlite3.Error as error:
            return "500 Internal Server Error", html.escape(f"sqlite3.OperationalError: {error}")
        items = "".join(f"<li>{html.escape(str(n))}: {html.escape(str(p))}</li>" for n, p in rows)
        return "200 OK", f"<ul>{items}</ul>"


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def self_test(args: argparse.Namespace, work: Path) -> int:
    """Both scanners against the planted flaws; 0 only when both report them."""
    app = VulnerableApp()
    port = free_port()
    server = make_server(
        "127.0.0.1", port, app, server_class=_ThreadingServer, handler_class=_Quiet
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/", timeout=10)
    settings = Settings(
        work=work,
        dbms="SQLite",
        techniques="BEU",  # SQLite's time-based tests are CPU-heavy queries: not needed here
        sqlmap_timeout=args.sqlmap_timeout,
        wapiti_crawl=10,
        wapiti_attack=40,
        counter=lambda: app.requests,
    )
    print(f"Self-test: planted flaws at {base}", flush=True)
    started = time.monotonic()
    try:
        sqlmap = progress(run_sqlmap(Target("planted id", f"{base}/item?id=1", ("id",)), settings))
        wapiti = progress(
            run_wapiti(WapitiRun("planted flaws", f"{base}/", "sql,xss", min_pages=2), settings)
        )
    finally:
        server.shutdown()
    print_results([sqlmap, wapiti], "Self-test", time.monotonic() - started)
    return self_test_verdict(sqlmap, wapiti)


def self_test_verdict(sqlmap: Result, wapiti: Result) -> int:
    expected = {
        "sqlmap reports the injectable 'id'": any("'id'" in f for f in sqlmap.findings),
        "wapiti reports the SQL injection": any(
            f.startswith("SQL Injection") for f in wapiti.findings
        ),
        "wapiti reports the XSS": any("Cross Site Scripting" in f for f in wapiti.findings),
    }
    for check, ok in expected.items():
        print(f"  {'ok  ' if ok else 'MISS'} {check}")
    if all(expected.values()):
        print("SELF-TEST PASSED: both scanners report the planted flaws, so the scan can fail.")
        return 0
    print("SELF-TEST FAILED: a scanner missed a planted flaw; its clean result would mean nothing.")
    return 1


# --- the report -----------------------------------------------------------------------------


def print_results(results: list[Result], title: str, seconds: float) -> None:
    print(f"\n{title}: {len(results)} runs in {seconds:.0f} s")
    print(f"{'scanner':<9} {'target':<26} {'time':>6} {'requests':>8}  tested")
    for r in results:
        print(f"{r.scanner:<9} {r.target:<26} {r.seconds:>5.0f}s {r.requests:>8}  {r.tested}")
    for r in results:
        for note in r.notes:
            print(f"\nnote [{r.scanner} {r.target}] {note}")
    for r in results:
        for finding in r.findings:
            print(f"\nFINDING [{r.scanner} {r.target}] {finding}")
        for error in r.errors:
            print(f"\nSCANNER ERROR [{r.scanner} {r.target}] {error}")


def verdict(results: list[Result]) -> int:
    findings = sum(len(r.findings) for r in results)
    failed = [f"{r.scanner} {r.target}" for r in results if r.errors]
    if not findings and not failed:
        print("\nSECURITY SCAN PASSED: no finding, every scanner ran to the end.")
        return 0
    errors = ", ".join(failed) or "none"
    print(f"\nSECURITY SCAN FAILED: {findings} finding(s); scanner errors: {errors}")
    return 1


def scan(args: argparse.Namespace, work: Path) -> int:
    db_url = create_database(args.database, work, args.pg_server)
    started = time.monotonic()
    try:
        results = scan_shop(args, work, db_url)
    except (StackError, subprocess.CalledProcessError, OSError) as error:
        detail = getattr(error, "stderr", "") or ""
        print(f"SECURITY SCAN FAILED: the shop could not be scanned: {error}\n{detail}")
        return 1
    finally:
        drop_database(db_url)
    print_results(results, f"Security scan ({args.database})", time.monotonic() - started)
    return verdict(results)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--self-test", action="store_true", help="scan a planted-flaw app")
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--pg-server", default=PG_SERVER, help="a fresh database is made there")
    parser.add_argument("--sqlmap-timeout", type=float, default=150, help="s per sqlmap run")
    parser.add_argument("--wapiti-crawl", type=float, default=45, help="s of crawling per scan")
    parser.add_argument("--wapiti-attack", type=float, default=40, help="s per wapiti module")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    for tool in ("sqlmap", "wapiti"):
        if not (SCAN_VENV / "bin" / tool).exists():
            print(f"{SCAN_VENV}/bin/{tool} is missing: `make scan` installs requirements-scan.txt")
            return 1
    # Stopped with SIGTERM (a timeout, CI): unwind, so servers, database and files go too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    work = Path(tempfile.mkdtemp(prefix="shop-security-scan-"))
    status = 1
    try:
        status = self_test(args, work) if args.self_test else scan(args, work)
        return status
    finally:
        if status != 0:
            keep_logs(work, ARTIFACTS / ("self-test" if args.self_test else "scan"))
        if args.keep:
            print(f"Work files kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def keep_logs(work: Path, destination: Path) -> None:
    """After a failure: the scanners' output and reports and the stack's logs, for reading."""
    shutil.rmtree(destination, ignore_errors=True)
    shutil.copytree(
        work,
        destination,
        ignore=shutil.ignore_patterns("home", "session", "config", "media", "*.sqlite3*", "*.pem"),
        dirs_exist_ok=True,
    )
    print(f"Scanner output, reports and the stack's logs: {destination.relative_to(ROOT)}/")


if __name__ == "__main__":
    sys.exit(main())
