# The README's commands. `app` and `test` create and fill .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# axe-core (the accessibility scan in tests/browser/test_browser_share.py), pinned, from
# the npm registry into the git-ignored .axe/.
AXE_VERSION := 4.10.3
AXE := .axe/node_modules/axe-core/axe.min.js

.PHONY: app lab test bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Serves the notebooks/ folder at http://127.0.0.1:8866: the dashboard at
# /voila/render/dashboard.ipynb, the lecture at /voila/render/lecture.ipynb (one notebook
# given to voila would answer any other path with 403). Only the dashboard gets preheated
# kernels: the lecture trains at render time. Voila reads ./voila.json and ./voila.py
# (this repo's server config: preheated kernels, idle-kernel culling that spares kernels
# just handed out from the pool, sources stripped, XSRF check on) because it is started
# from the repository root.
APP_NOTEBOOKS := notebooks/
APP_NO_PREHEAT := --VoilaKernelManager.preheat_denylist="['lecture.ipynb', 'exercises.ipynb']"
app: $(STAMP)
	$(VENV)/bin/voila $(APP_NOTEBOOKS) $(APP_NO_PREHEAT)

# The exercises in JupyterLab (editable cells, unlike Voila), from the optional `lab` extra.
# LAB_ARGS=--no-browser to only serve it.
LAB_STAMP := $(VENV)/.installed-lab
$(LAB_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,lab]'
	touch $(LAB_STAMP)
lab: $(LAB_STAMP)
	$(VENV)/bin/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=. $(LAB_ARGS) notebooks/exercises.ipynb

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

clean:
	rm -rf $(VENV) .axe
