"""The deployment files agree with pyproject.toml, the one source of truth for dependencies."""
import ast
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def _name(spec):
    return re.split(r"[\s<>=!~\[;]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject():
    return tomllib.loads((REPO / "pyproject.toml").read_text())["project"]


def _conda_specs():
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    return env, conda, pip


def _lower_bound(spec):
    m = re.search(r">=\s*([\d.]+)", spec)
    return m.group(1) if m else None


def _extra(project, name):
    """The extra's requirements, with its own extras ("initlab[grading]") spelled out."""
    out = []
    for spec in project["optional-dependencies"][name]:
        inner = re.fullmatch(rf"{project['name']}\[(\w+)\]", spec.strip())
        out += _extra(project, inner.group(1)) if inner else [spec]
    return out


def test_environment_yml_lists_the_pyproject_dependencies():
    project = _pyproject()
    wanted = {_name(s): s for s in project["dependencies"] + _extra(project, "test")}
    assert "jupyterhub" in wanted, "the test extra includes the hub extra"
    env, conda, pip = _conda_specs()
    have = {_name(s): s for s in conda + [p for p in pip if not p.startswith("-")]}
    missing = sorted(set(wanted) - set(have))
    assert not missing, f"environment.yml lacks {missing}"
    for name, spec in wanted.items():
        assert _lower_bound(have[name]) == _lower_bound(spec), (name, have[name], spec)
    extra = sorted(set(have) - set(wanted) - {"python", "pip"})
    assert not extra, f"environment.yml has dependencies pyproject.toml does not: {extra}"
    assert _lower_bound(have["python"]) == _lower_bound(project["requires-python"])
    assert "-e ." in pip, "environment.yml must install initlab itself from the checkout"


def test_environment_yml_excludes_ipykernel_7_0():
    _, conda, _ = _conda_specs()
    (spec,) = [s for s in conda if _name(s) == "ipykernel"]
    # conda match spec: ">=6.29,<7.0|>=7.1" allows 6.29+ and 7.1+, never 7.0.x
    assert spec.split(None, 1)[1].replace(" ", "") == ">=6.29,<7.0|>=7.1"
    assert any("!=7.0.*" in s for s in _pyproject()["dependencies"] if _name(s) == "ipykernel")


def test_binder_installs_this_package_on_a_pinned_python():
    lines = [ln.strip() for ln in (REPO / "binder/requirements.txt").read_text().splitlines()
             if ln.strip() and not ln.lstrip().startswith("#")]
    assert lines in (["."], ["-e ."]), lines
    runtime = (REPO / "binder/runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.(\d+)", runtime), runtime
    minor = int(runtime.split(".")[1])
    assert minor >= int(_lower_bound(_pyproject()["requires-python"]).split(".")[1])


CONFIG_DIR = REPO / "voila-config"


def test_voila_json_sets_the_server_policy():
    cfg = json.loads((CONFIG_DIR / "voila.json").read_text())
    vc = cfg["VoilaConfiguration"]
    assert vc["strip_sources"] is True
    assert vc["preheat_kernel"] is True and vc["default_pool_size"] >= 1
    mkm = cfg["MappingKernelManager"]
    assert mkm["cull_idle_timeout"] > 0 and 0 < mkm["cull_interval"] <= mkm["cull_idle_timeout"]
    # A kernel whose page never connects is reclaimed within 2 minutes: seen out of the pool
    # by one tick, idle past the timeout at a later one.
    assert mkm["cull_idle_timeout"] + 2 * mkm["cull_interval"] <= 120
    assert mkm["cull_connected"] is False, "an open tab keeps its kernel"
    # The executor waits for a cell's output long enough for a loaded classroom server
    # (the default 4 s left pages blank).
    ex = cfg["VoilaExecutor"]
    assert ex["iopub_timeout"] >= 60 and ex["startup_timeout"] >= 60
    # No per-cell limit: a preheated kernel's cell waits for its visitor (a dead kernel is
    # still caught: nbclient checks it is alive while it waits for a reply).
    assert ex.get("timeout", None) is None
    assert "reload" in ex["cell_error_instruction"] and "reload" in ex["cell_timeout_instruction"]
    assert cfg["ClassroomKernelManager"]["max_kernels"] >= vc["default_pool_size"] + 1
    text = json.dumps(cfg).lower()
    assert "xsrf" not in text, "the XSRF check stays on: no disable_check_xsrf anywhere"
    assert cfg["Voila"]["port"] == 8866 and cfg["Voila"]["ip"] == "127.0.0.1"


def test_no_voila_config_at_the_root_shadows_the_package():
    assert not (REPO / "voila.py").exists() and not (REPO / "voila.json").exists()
    out = subprocess.run([sys.executable, "-c", "import voila, voila.utils; print(voila.__file__)"],
                         cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "site-packages" in out.stdout


def test_make_app_and_the_test_harness_start_voila_alike():
    make = (REPO / "Makefile").read_text()
    assert re.search(r"^PORT \?= 8866$", make, re.M)
    (recipe,) = re.findall(r"^app:.*\n\t(.+)$", make, re.M)
    assert recipe.split() == ["$(VENV)/bin/initlab", "serve", "--port=$(PORT)"]
    from initlab import serve
    # From this checkout, `initlab serve` reads the repository's own classroom config ...
    assert serve.config_dir() == CONFIG_DIR and serve.notebooks_dir() == REPO / "notebooks"
    assert serve.default_address() == ("127.0.0.1", 8866)
    argv = serve.voila_argv("127.0.0.1", 8866)
    assert argv[0] == str(REPO / "notebooks") and f"--Voila.config_file_paths={CONFIG_DIR}" in argv
    assert "--VoilaKernelManager.preheat_denylist=['lecture.ipynb', 'exercises.ipynb']" in argv
    # ... and the browser tests' Voila gets the same.
    sys.path.insert(0, str(REPO / "tests" / "browser"))
    import voila_harness
    assert voila_harness.APP_ARGS == [f"--Voila.config_file_paths={CONFIG_DIR}"]


def test_voila_bound_matches_what_voila_py_was_checked_against():
    (spec,) = [s for s in _pyproject()["dependencies"] if _name(s) == "voila"]
    line = next(ln for ln in (CONFIG_DIR / "voila.py").read_text().splitlines()
                if ln.startswith("TESTED_VOILA = "))
    low, high = ast.literal_eval(line.split("=", 1)[1].split("#")[0].strip())
    version = lambda v: ".".join(map(str, v)).removesuffix(".0")  # noqa: E731
    assert spec.replace(" ", "") == f"voila>={version(low)},<{version(high)}", spec
    (conda,) = [s for s in _conda_specs()[1] if _name(s) == "voila"]
    assert conda.split(None, 1)[1].replace(" ", "") == f">={version(low)},<{version(high)}"


def test_voila_py_loads_on_this_voila_and_refuses_an_untested_one():
    code = """
import runpy, sys
from traitlets.config import Config
import voila
if sys.argv[1] != "installed":
    voila.__version__ = sys.argv[1]
c = Config()
ns = runpy.run_path(sys.argv[2], init_globals={"get_config": lambda: c})
cls = c.VoilaConfiguration.multi_kernel_manager_class
print(cls.__name__, cls.class_traits()["max_kernels"].default_value)
"""
    def load(version):
        return subprocess.run([sys.executable, "-c", code, version, str(CONFIG_DIR / "voila.py")],
                              capture_output=True, text=True, timeout=120)
    ok = load("installed")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.split() == ["ClassroomKernelManager", "40"]
    bad = load("0.6.0")
    assert bad.returncode != 0 and "checked against Voila" in bad.stderr
