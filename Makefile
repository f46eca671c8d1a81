# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run demo-fresh test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	# compat: a plain path in a .pth instead of setuptools' import hook, which every start of python
	# (the app, each command) would otherwise pay for: about 20 ms (docs/performance.md)
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -e '.[test]' --config-settings editable_mode=compat
	touch $(STAMP)

# `make run` opens the same demo copy every time (in the data folder: drafts and the identity carry over);
# `make demo-fresh` moves that copy aside and opens a new one. Both say where the copy is, before and after.
run: $(STAMP)
	@dir="$$($(BIN)/python -m repo_layout.demo)" || exit $$?; \
	$(BIN)/minutes open "$$dir"; code=$$?; \
	echo "The demo repository is kept in $$dir: make run opens it again, make demo-fresh makes a new one."; \
	exit $$code

demo-fresh: $(STAMP)
	@$(BIN)/python -m repo_layout.demo --fresh >/dev/null
	@$(MAKE) --no-print-directory -o $(STAMP) run

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 -m "not serial"
	$(BIN)/python -m pytest -m serial

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build *.egg-info
