"""The deployment files agree with pyproject.toml, the one source of truth for dependencies."""
import json
import re
from pathlib import Path

import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

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


def test_environment_yml_lists_the_pyproject_dependencies():
    project = _pyproject()
    wanted = {_name(s): s for s in project["dependencies"] + project["optional-dependencies"]["test"]}
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


def test_voila_json_sets_the_server_policy():
    cfg = json.loads((REPO / "voila.json").read_text())
    vc = cfg["VoilaConfiguration"]
    assert vc["strip_sources"] is True
    assert vc["preheat_kernel"] is True and vc["default_pool_size"] >= 1
    mkm = cfg["MappingKernelManager"]
    assert mkm["cull_idle_timeout"] > 0 and 0 < mkm["cull_interval"] <= mkm["cull_idle_timeout"]
    text = json.dumps(cfg).lower()
    assert "xsrf" not in text, "the XSRF check stays on: no disable_check_xsrf anywhere"
    assert cfg["Voila"]["port"] == 8866 and cfg["Voila"]["ip"] == "127.0.0.1"
