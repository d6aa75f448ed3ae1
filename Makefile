# TokoDesa: `make run` serves the demo shop, `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
HOST   ?= 127.0.0.1
MANAGE := $(BIN)/python -m tokodesa

.PHONY: run serve install install-dev system-deps db test lint format bench clean-db messages

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "TokoDesa needs Python 3.11 or newer; set PYTHON=python3.12 or similar."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Migrate, load the official regions and the demo villages (each only once), collect static.
db: install
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) load_regions
	$(MANAGE) load_demo
	$(MANAGE) analyze_db
	$(MANAGE) collectstatic --no-input -v 0

run: db serve

serve: install
	@echo ""
	@echo "  TokoDesa is running. Open:"
	@echo "    http://$(HOST):$(PORT)/"
	@echo "        Desa Batu Ampar's shop, as on its own domain"
	@echo "    http://localhost:$(PORT)/  (the national portal)"
	@echo "    http://localhost:$(PORT)/batu-ampar/  (the same shop under the platform's address)"
	@echo "    http://localhost:$(PORT)/bangunjiwo/  (Desa Bangunjiwo, Kasongan pottery)"
	@echo "    http://localhost:$(PORT)/admin/  (back office)"
	@echo "  Demo logins (password: tokodesa-demo):"
	@echo "    admin                 platform operator"
	@echo "    pengelola.batuampar   village admin of Batu Ampar"
	@echo "    staf.batuampar        shop staff of Batu Ampar"
	@echo "    pengelola.bangunjiwo  village admin of Bangunjiwo"
	@echo "    siti, darmawan        sellers of Batu Ampar: http://127.0.0.1:$(PORT)/lapak/"
	@echo ""
	WEB_BIND=$(HOST):$(PORT) $(MANAGE) serve

# What the tests start beside Python (browser tests, the production smoke test through nginx),
# from Debian's packages when missing (as root, or through sudo).
SYSTEM_DEPS := chromium:chromium chromedriver:chromium-driver nginx:nginx msgfmt:gettext
system-deps:
	@missing=""; for pair in $(SYSTEM_DEPS); do command -v $${pair%%:*} >/dev/null 2>&1 || \
	  missing="$$missing $${pair##*:}"; done; \
	[ -e /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ] || \
	  missing="$$missing libnginx-mod-http-brotli-filter"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

# Two processes on two cores (pytest-xdist); each has its own test database.
test: install-dev system-deps
	$(BIN)/pytest -n auto

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Translations: refresh the .po files after changing strings, then compile them.
messages: install-dev
	cd tokodesa && ../$(MANAGE) makemessages -l id -l en --no-obsolete --no-location
	cd tokodesa && ../$(MANAGE) compilemessages

bench: install-dev
	$(BIN)/python bench/storefront.py

clean-db:
	rm -rf var/tokodesa.sqlite3* var/media var/static
