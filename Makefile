# The README's commands. `app` and `test` create and fill .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: app test bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Serves the dashboard at http://127.0.0.1:8866. Voila reads ./voila.json and
# ./voila.py (this repo's server config: preheated kernels, idle-kernel culling that
# spares kernels just handed out from the pool, sources stripped, XSRF check on)
# because it is started from the repository root.
app: $(STAMP)
	$(VENV)/bin/voila notebooks/dashboard.ipynb

# Browser tests need Debian's chromium at /usr/bin/chromium (Playwright's own
# browser download cannot work here): install it with apt when missing and root.
test: $(STAMP) /usr/bin/chromium
	$(PY) -m pytest

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

clean:
	rm -rf $(VENV)
