# Styrbord: two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
WAREHOUSE ?= $(or $(STYRBORD_WAREHOUSE),data/warehouse)
DEMO_RAW := data/raw/demo
PORT ?= 8501
# Local mode (no [auth] in .streamlit/secrets.toml: no login) listens on this computer only. With login configured
# the server listens on every address (ADDRESS=... to choose one).
AUTH_CONFIGURED := $(shell grep -qs '^[[:space:]]*\[auth' .streamlit/secrets.toml && echo yes)
ADDRESS ?= $(if $(AUTH_CONFIGURED),0.0.0.0,127.0.0.1)

.PHONY: run test setup demo-warehouse test-fast browser-deps pdf-deps bench bench-national bench-load clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

demo-warehouse: setup
	@if [ ! -f "$(WAREHOUSE)/warehouse.duckdb" ]; then \
		echo "Bygger demolagret i $(WAREHOUSE) ..."; \
		$(PY) -m pipelines demo --out $(DEMO_RAW) && \
		$(PY) -m pipelines ingest $(DEMO_RAW) --warehouse $(WAREHOUSE); \
	fi

# the meeting pack's charts are drawn by Debian's Chromium: installed when it is missing and this is root on
# Debian; otherwise the dashboard starts anyway and the scripts say what to install
run: demo-warehouse
	-@bash scripts/ensure-chromium.sh
	-@bash scripts/ensure-poppler.sh
	STYRBORD_WAREHOUSE=$(WAREHOUSE) $(VENV)/bin/streamlit run dashboard/app.py \
		--server.address $(ADDRESS) --server.port $(PORT) --browser.gatherUsageStats false

browser-deps:
	@bash scripts/ensure-chromium.sh

# pdftotext/pdftoppm and the DejaVu fonts for the meeting pack (its charts need Chromium too)
pdf-deps:
	@bash scripts/ensure-poppler.sh

test: setup browser-deps pdf-deps
	$(PY) -m pytest

# no browser tests, but the meeting pack's charts are drawn by kaleido with Debian's Chromium
test-fast: setup browser-deps pdf-deps
	$(PY) -m pytest -m "not browser and not slow"

bench: demo-warehouse
	STYRBORD_WAREHOUSE=$(WAREHOUSE) $(PY) benchmarks/bench_queries.py
	STYRBORD_WAREHOUSE=$(WAREHOUSE) $(PY) benchmarks/bench_pack.py

# National scale (issue 13): builds the 300-project demo warehouse once under data/bench/ (about 15 minutes on 2
# cores, then cached) and prints one table of figures; PROJECTS=30 for a region-sized try-out.
bench-national: setup
	nice -n 19 $(PY) benchmarks/bench_national.py $(if $(PROJECTS),--projects $(PROJECTS))

# Twenty people at once (issue 13, target 5): 1, 5 and 20 concurrent sessions in headless Chromium against a fresh
# `streamlit run` (127.0.0.1) on the demo warehouse (WAREHOUSE=... for another); prints one table.
# 1,5,20 sessions × 2 rounds took 32 minutes on 2 shared cores; SESSIONS=1,5 ROUNDS=2 for a shorter run.
# Under nice: the browsers and the server share the machine's cores.
bench-load: demo-warehouse browser-deps
	STYRBORD_WAREHOUSE=$(WAREHOUSE) nice -n 10 $(PY) benchmarks/bench_load.py --warehouse $(WAREHOUSE) \
		$(if $(SESSIONS),--sessions $(SESSIONS)) $(if $(ROUNDS),--rounds $(ROUNDS))

clean:
	rm -rf $(VENV) data/warehouse data/.warehouse.* data/raw data/reports data/bench
