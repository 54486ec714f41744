# The README's commands. `app` and `test` create and fill .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# axe-core (the accessibility scan in tests/browser/test_browser_share.py), pinned, from
# the npm registry into the git-ignored .axe/.
AXE_VERSION := 4.10.3
AXE := .axe/node_modules/axe-core/axe.min.js
# configurable-http-proxy (JupyterHub's proxy, for `make hub` and its test), pinned, from the
# npm registry into the git-ignored .chp/.
CHP_VERSION := 4.6.3
CHP := .chp/node_modules/.bin/configurable-http-proxy

.PHONY: app lab hub test bench clean assignment exercises

# `make app PORT=8900` serves on another port. `initlab serve` (widgets/initlab/serve.py) starts
# Voila with the classroom settings in voila-config/; tests/browser/voila_harness.py starts it
# with the same settings (tests/test_deploy_config.py checks they agree).
PORT ?= 8866
# Concurrent chromium pages in the load benchmark: `make bench PAGES=5`.
PAGES ?= 20

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Serves the notebooks at http://127.0.0.1:$(PORT): `/` opens the dashboard (which links the
# lecture and the exercises, at /voila/render/<name>). What `initlab serve` does, from an
# installed wheel as from this checkout: preheated kernels for the dashboard only (the
# lecture trains at render time), XSRF check on (and the cookie Voila's tab-close shutdown
# needs), idle kernels culled within 2 minutes, a cap on live kernels, sources stripped.
app: $(STAMP)
	$(VENV)/bin/initlab serve --port=$(PORT)

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

# JupyterHub for a class on this machine (deploy/jupyterhub/jupyterhub_config.py): learners log
# in at http://127.0.0.1:$(HUB_PORT) with any name and the class password, and land on the
# dashboard. jupyterhub and its idle culler come with the `hub` extra (part of `test`).
HUB_PORT ?= 8000
HUB_PASSWORD ?= initlab-class
hub: $(STAMP) $(CHP)
	INITLAB_HUB_PASSWORD='$(HUB_PASSWORD)' $(VENV)/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py --JupyterHub.bind_url=http://127.0.0.1:$(HUB_PORT)

$(CHP):
	@command -v npm >/dev/null || { echo "JupyterHub's proxy needs npm: sudo apt-get install -y npm" >&2; exit 1; }
	npm install --no-audit --no-fund --prefix .chp configurable-http-proxy@$(CHP_VERSION)

# Browser tests need Debian's chromium at /usr/bin/chromium (Playwright's own
# browser download cannot work here): install it with apt when missing and root.
test: $(STAMP) /usr/bin/chromium $(AXE) $(CHP)
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
	$(PY) benchmarks/frame_cost.py
	$(PY) benchmarks/dashboard_speed.py
	$(PY) benchmarks/limits.py
	$(PY) benchmarks/boundary_draw.py
	$(PY) benchmarks/dashboard_pace.py
	$(PY) benchmarks/deep_speed.py
	$(PY) benchmarks/load.py --pages $(PAGES)

clean:
	rm -rf $(VENV) .axe .chp .hub
