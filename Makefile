# The README's commands. `app` and `test` create and fill .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# axe-core (the accessibility scan in tests/browser/test_browser_share.py), pinned, from
# the npm registry into the git-ignored .axe/.
AXE_VERSION := 4.10.3
AXE := .axe/node_modules/axe-core/axe.min.js

.PHONY: app lab test bench clean assignment exercises

# `make app PORT=8900` serves on another port. VOILA_CONFIG is the one place the server's
# settings live (voila-config/voila.json and voila.py); tests/browser/voila_harness.py
# starts Voila with these same arguments (tests/test_deploy_config.py checks they agree).
PORT ?= 8866
# Concurrent chromium pages in the load benchmark: `make bench PAGES=5`.
PAGES ?= 20
VOILA_CONFIG := voila-config

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Serves the notebooks/ folder at http://127.0.0.1:$(PORT): the dashboard at
# /voila/render/dashboard.ipynb, the lecture at /voila/render/lecture.ipynb (one notebook
# given to voila would answer any other path with 403). Only the dashboard gets preheated
# kernels: the lecture trains at render time. The classroom config is in voila-config/:
# preheated kernels, XSRF check on (and the cookie Voila's tab-close shutdown needs), idle
# kernels culled within 2 minutes, a cap on live kernels, sources stripped.
APP_NOTEBOOKS := notebooks/
APP_NO_PREHEAT := --VoilaKernelManager.preheat_denylist="['lecture.ipynb', 'exercises.ipynb']"
app: $(STAMP)
	$(VENV)/bin/voila $(APP_NOTEBOOKS) $(APP_NO_PREHEAT) --Voila.config_file_paths=$(VOILA_CONFIG) --port=$(PORT)

# The exercises in JupyterLab (editable cells, unlike Voila), from the optional `lab` extra.
# LAB_ARGS=--no-browser to only serve it.
LAB_STAMP := $(VENV)/.installed-lab
$(LAB_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,lab]'
	touch $(LAB_STAMP)
lab: $(LAB_STAMP)
	$(VENV)/bin/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=. $(LAB_ARGS) notebooks/exercises.ipynb

# The exercises as an nbgrader assignment (docs/grading.md): `make assignment COURSE=~/initlab-course`
# lays out that course directory and runs nbgrader generate_assignment in it. nbgrader comes
# with the test extra (its `grading` extra).
COURSE ?= build/course
assignment: $(STAMP)
	$(PY) -m initlab.assignment $(COURSE)

# notebooks/exercises.ipynb is made from the nbgrader source
# (widgets/initlab/assignment/exercises.ipynb): after editing the source, run this and commit both.
exercises: $(STAMP)
	$(PY) -m initlab.assignment.learner notebooks/exercises.ipynb

# Browser tests need Debian's chromium at /usr/bin/chromium (Playwright's own
# browser download cannot work here): install it with apt when missing and root.
test: $(STAMP) /usr/bin/chromium $(AXE)
	$(PY) -m pytest

$(AXE):
	@command -v npm >/dev/null || { echo "The accessibility test needs npm: sudo apt-get install -y npm" >&2; exit 1; }
	npm install --no-audit --no-fund --prefix .axe axe-core@$(AXE_VERSION)

/usr/bin/chromium:
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	else \
		echo "The browser tests need Debian's chromium: sudo apt-get install -y chromium" >&2; \
		exit 1; \
	fi

bench: $(STAMP)
	$(PY) benchmarks/core_speed.py
	$(PY) benchmarks/dashboard_speed.py
	$(PY) benchmarks/limits.py
	$(PY) benchmarks/dashboard_pace.py
	$(PY) benchmarks/deep_speed.py
	$(PY) benchmarks/load.py --pages $(PAGES)

clean:
	rm -rf $(VENV) .axe
