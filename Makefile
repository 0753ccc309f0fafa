# Two commands on a fresh machine: `make run` (demo shop on SQLite) and `make test` (the suite).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
HOST ?= 127.0.0.1
PORT ?= 5000
DEMO_PRODUCTS ?= 400
# sqlmap and wapiti for `make scan`, apart from the app's packages (wapiti pins its own).
SCAN_VENV ?= .venv-scan
SCAN_PY := $(SCAN_VENV)/bin/python

.PHONY: run test lint format clean serve-prod scan

$(PY):
	$(PYTHON) -m venv $(VENV)

# Re-install only when the pinned requirements change.
$(VENV)/.runtime-installed: requirements.txt | $(PY)
	$(PIP) install -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt requirements.txt | $(PY)
	$(PIP) install -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

run: $(VENV)/.runtime-installed
	mkdir -p instance
	$(PY) manage.py db upgrade
	@if $(PY) manage.py catalogue-empty; then \
		$(PY) manage.py seed-demo --products $(DEMO_PRODUCTS); \
	fi
	$(PY) manage.py ensure-demo-admin
	$(PY) manage.py run --host $(HOST) --port $(PORT)

test: $(VENV)/.dev-installed node_modules/.package-lock.json
	$(PY) -m pytest

# axe-core and the Nu Html Checker (vnu-jar) for tests/browser, pinned in package-lock.json;
# reinstalled when the lock file changes. Without npm the browser tests skip.
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund; \
	else \
		echo "npm not found: skipping npm ci, the browser tests will skip (.ci/run installs npm)"; \
	fi

# ruff; the layer contracts in .importlinter; transactions end only in shop/database.
lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) scripts/lint_transactions.py

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) $(SCAN_VENV) .pytest_cache .ruff_cache test-artifacts

# Production settings on loopback: gunicorn (deploy/gunicorn.conf.py) behind Nginx on :8080.
serve-prod: $(VENV)/.runtime-installed
	mkdir -p instance
	$(PY) scripts/serve_prod.py

$(SCAN_PY):
	$(PYTHON) -m venv $(SCAN_VENV)

$(SCAN_VENV)/.scan-installed: requirements-scan.txt | $(SCAN_PY)
	$(SCAN_PY) -m pip --disable-pip-version-check -q install -r requirements-scan.txt
	touch $@

# Security scans (README "Security scans"): first both scanners must find the flaws planted in a
# small vulnerable app, then sqlmap and wapiti scan the production stack; any finding fails.
scan: $(VENV)/.runtime-installed $(SCAN_VENV)/.scan-installed
	SHOP_SCAN_VENV=$(SCAN_VENV) $(PY) scripts/security_scan.py --self-test
	SHOP_SCAN_VENV=$(SCAN_VENV) $(PY) scripts/security_scan.py
