# The two entry points a fresh machine needs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint neo4j-start neo4j-stop neo4j-restart neo4j-reset docs screenshots bench

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/rsp demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy .

# Runs every test on both backends. Neo4j: $NEO4J_URI if set, else testcontainers
# (Docker), else scripts/neo4j-local starts Neo4j 5.26 from Maven Central.
test: $(STAMP) lint
	$(BIN)/python -m pytest

docs: $(STAMP)
	$(BIN)/rsp schema --format markdown > docs/data-format.md
	$(BIN)/python -m views.browser_guide write
	$(BIN)/python -m tests.doc_examples --update

# Screenshots of the network page and the report (headless Chromium) into docs/screenshots.
screenshots: $(STAMP)
	$(BIN)/python -m tests.screenshots

neo4j-start:
	scripts/neo4j-local start

neo4j-stop:
	scripts/neo4j-local stop

neo4j-restart:
	scripts/neo4j-local restart

neo4j-reset:
	scripts/neo4j-local reset

# The scale benchmark (docs/performance.md): the network at 1/4, 1/2 and full size on both
# backends, each figure next to its anchor, one table of figures, ratios and peak memory.
# It starts a Neo4j of its own unless NEO4J_URI is set. Other sizes or options:
#   make bench BENCH_ARGS="--sizes 0.25 --skip-neo4j"
BENCH_ARGS ?= --sizes 0.25,0.5,1
bench: $(STAMP)
	$(BIN)/python bench/scale.py $(BENCH_ARGS)
