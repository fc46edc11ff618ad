# The archive's developer commands. Every install step lives here, so a fresh clone needs only
# Python 3.11+ and make.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.installed
CORPUS ?= ../shared/corpus/dev
MOTO_PORT ?= 5000
API_PORT  ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK=1

.PHONY: install serve serve-fresh test eval bench template fixtures lint clean

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt client/pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q -r requirements-dev.txt 2>&1 | grep -v "^WARNING: Location" || true
	$(PIP) install -q -e ./client 2>&1 | grep -v "^WARNING: Location" || true
	$(PY) -c "import chalice, moto, pypdfium2, eyecite, courts_db, juriscraper, archive_client"
	touch $(STAMP)

## Run the whole archive locally: moto + resources from infra/ + fixtures + API + workers.
## Data persists in ARCHIVE_DATA_DIR (default ./.archive-data); VERBOSE=1 logs every request.
serve: install
	$(PY) -m tools.serve --moto-port $(MOTO_PORT) --api-port $(API_PORT) $(if $(filter-out 0,$(VERBOSE)),--verbose)

## The same, starting from an empty archive (removes what ARCHIVE_DATA_DIR holds).
serve-fresh: install
	$(PY) -m tools.serve --fresh --moto-port $(MOTO_PORT) --api-port $(API_PORT) $(if $(filter-out 0,$(VERBOSE)),--verbose)

## The whole test suite (moto only; never real AWS).
SEARCH_TESTS = tests/services/test_search.py tests/services/test_search_forgiving.py \
	tests/services/test_search_planning.py tests/security/test_search_leaks.py tests/api/test_retrieval.py

test: install
	$(PY) -m pytest -n 2 --dist loadfile
	SEARCH_BACKEND=sqlite $(PY) -m pytest -n 2 --dist loadfile $(SEARCH_TESTS)

## Extraction accuracy on the real dev corpus and the fixtures: make eval CORPUS=path/to/dev
eval: install
	$(PY) -m tools.eval --corpus $(CORPUS) --fixtures fixtures

## Benchmarks (speed, request cost, cold start, bulk upload, memory) -> bench/results.json
bench: install
	$(PY) -m bench.run --corpus $(CORPUS)

## Static checks: ruff (pyflakes, bugbear, simplify, pyupgrade, complexity; ruff.toml) and mypy on
## the pure core and the use cases (mypy.ini)
lint: install
	$(PY) -m ruff check app.py chalicelib infra tools bench client/archive_client tests fixtures/generate.py fixtures/synth
	$(PY) -m mypy chalicelib/domain chalicelib/services

## Re-render infra/template.json from infra/resources.py
template: install
	$(PY) -m infra.resources

fixtures: install
	$(PY) fixtures/generate.py

clean:
	rm -rf $(VENV) .pytest_cache build dist
