"""deploy/jupyterhub/jupyterhub_config.py (tested in chromium by tests/browser/test_hub.py) sets a
class up as intended, and deploy/z2jh/values.yaml, which cannot run here, makes the same choices."""
import json
import os
import re
import runpy
from pathlib import Path

import pytest
import yaml
from traitlets.config import Config

REPO = Path(__file__).resolve().parents[1]
HUB_CONFIG = REPO / "deploy" / "jupyterhub" / "jupyterhub_config.py"
CLASSROOM = json.loads((REPO / "voila-config" / "voila.json").read_text())


def load_hub_config(tmp_path, monkeypatch, **env):
    for key in [k for k in os.environ if k.startswith("INITLAB_HUB_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("INITLAB_HUB_STATE", str(tmp_path))
    monkeypatch.setenv("INITLAB_HUB_PASSWORD", "a-class-password")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    c = Config()
    runpy.run_path(str(HUB_CONFIG), init_globals={"get_config": lambda: c})
    return c


@pytest.fixture
def hub(tmp_path, monkeypatch):
    return load_hub_config(tmp_path, monkeypatch)


def culler_options(c):
    (culler,) = [s for s in c.JupyterHub.services if s["name"] == "jupyterhub-idle-culler"]
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    return dict(arg.lstrip("-").split("=", 1) for arg in culler["command"][3:])


def test_each_learner_gets_a_server_that_opens_on_the_dashboard(hub):
    assert hub.JupyterHub.spawner_class == "simple"
    assert hub.Spawner.default_url == "/voila/render/dashboard.ipynb"
    assert (Path(hub.Spawner.notebook_dir) / "dashboard.ipynb").is_file()
    assert Path(hub.Spawner.cmd[0]).name == "jupyterhub-singleuser"
    assert 1 <= hub.JupyterHub.concurrent_spawn_limit <= 20
    assert hub.SharedPasswordAuthenticator.user_password == "a-class-password"
    assert hub.JupyterHub.bind_url.startswith("http://127.0.0.1:")


def test_the_culler_is_a_hub_service_with_only_the_scopes_it_needs(hub):
    assert culler_options(hub) == {"timeout": "600", "cull-every": "60"}
    (role,) = [r for r in hub.JupyterHub.load_roles if "jupyterhub-idle-culler" in r["services"]]
    assert sorted(role["scopes"]) == ["delete:servers", "list:users", "read:servers",
                                      "read:users:activity"]
    # The culler only learns of activity this often: well under its timeout.
    assert hub.JupyterHub.last_activity_interval * 5 <= 600
    assert hub.Spawner.environment["JUPYTERHUB_ACTIVITY_INTERVAL"] == "60"
    assert not [s for s in hub.JupyterHub.services if s["name"] == "initlab-monitor"]


def test_a_test_can_shorten_the_timeouts_and_get_an_api_token(tmp_path, monkeypatch):
    c = load_hub_config(tmp_path, monkeypatch, INITLAB_HUB_IDLE_TIMEOUT="20",
                        INITLAB_HUB_CULL_EVERY="5", INITLAB_HUB_ACTIVITY_INTERVAL="5",
                        INITLAB_HUB_API_TOKEN="0123456789abcdef")
    assert culler_options(c) == {"timeout": "20", "cull-every": "5"}
    assert c.JupyterHub.last_activity_interval == 5
    (monitor,) = [s for s in c.JupyterHub.services if s["name"] == "initlab-monitor"]
    assert monitor["api_token"] == "0123456789abcdef"
    (role,) = [r for r in c.JupyterHub.load_roles if r["services"] == ["initlab-monitor"]]
    assert "delete:servers" not in role["scopes"], "the monitor only reads"


@pytest.mark.parametrize("password", [None, "short"])
def test_the_hub_refuses_to_start_without_a_class_password(tmp_path, monkeypatch, password):
    if password is None:
        monkeypatch.delenv("INITLAB_HUB_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("INITLAB_HUB_PASSWORD", password)
    monkeypatch.setenv("INITLAB_HUB_STATE", str(tmp_path))
    c = Config()
    with pytest.raises(SystemExit, match="INITLAB_HUB_PASSWORD to the class password, 8 char"):
        runpy.run_path(str(HUB_CONFIG), init_globals={"get_config": lambda: c})


def test_a_learners_server_gets_the_classroom_settings(hub):
    args = dict(a.lstrip("-").split("=", 1) for a in hub.Spawner.args if "=" in a)
    # No per-cell limit, and the executor's waits for a loaded machine, from voila.json.
    assert args["VoilaExecutor.timeout"] == "None"
    for name, value in CLASSROOM["VoilaExecutor"].items():
        assert args[f"VoilaExecutor.{name}"] == str(value)
    for name, value in CLASSROOM["MappingKernelManager"].items():
        assert args[f"MappingKernelManager.{name}"] == str(value)
    assert args["VoilaConfiguration.strip_sources"] == "True"
    assert hub.Spawner.environment["OPENBLAS_NUM_THREADS"] == "1"
    assert hub.Spawner.environment["OMP_NUM_THREADS"] == "1"
    assert ("--allow-root" in hub.Spawner.args) == (os.geteuid() == 0)


def test_z2jh_values_make_the_tested_hubs_choices(hub):
    values = yaml.safe_load((REPO / "deploy" / "z2jh" / "values.yaml").read_text())
    single = values["singleuser"]
    assert single["defaultUrl"] == hub.Spawner.default_url
    assert values["hub"]["config"]["KubeSpawner"]["notebook_dir"].endswith("/notebooks")
    # Culling: the same timeout and interval as the tested hub's culler.
    options = culler_options(hub)
    assert values["cull"]["enabled"] is True
    assert (str(values["cull"]["timeout"]), str(values["cull"]["every"])) == (
        options["timeout"], options["cull-every"])
    assert values["hub"]["config"]["JupyterHub"]["last_activity_interval"] == \
        hub.JupyterHub.last_activity_interval
    assert values["hub"]["concurrentSpawnLimit"] == hub.JupyterHub.concurrent_spawn_limit
    # The same classroom settings inside a learner's server.
    assert values["hub"]["config"]["KubeSpawner"]["args"] == [
        a for a in hub.Spawner.args if a != "--allow-root"]
    assert single["extraEnv"] == hub.Spawner.environment
    # Resources: a guarantee under the limit, and a CPU limit.
    mb = {"M": 1, "G": 1024}
    guarantee, limit = (int(v[:-1]) * mb[v[-1]] for v in
                        (single["memory"]["guarantee"], single["memory"]["limit"]))
    assert 290 <= guarantee <= limit, "the guarantee covers a learner after the lesson (~290 MB)"
    assert 0 < single["cpu"]["guarantee"] <= single["cpu"]["limit"] <= 2
    # The image is built from this repository by repo2docker, as Binder builds it.
    assert "repo2docker" in (REPO / "deploy" / "z2jh" / "values.yaml").read_text()
    assert single["storage"]["type"] == "none", "a home volume would hide the image's notebooks"
    assert single["image"]["name"].endswith("/initlab") and single["image"]["tag"]


def test_make_hub_starts_this_config_with_the_pinned_proxy(hub):
    make = (REPO / "Makefile").read_text()
    (chp,) = re.findall(r"^CHP := (.+)$", make, re.M)
    assert re.search(r"^CHP_VERSION := \d+\.\d+\.\d+$", make, re.M), "the proxy is pinned"
    assert hub.ConfigurableHTTPProxy.command == [str(REPO / chp)]
    assert re.search(r"^test: .*\$\(CHP\)", make, re.M), "make test installs the proxy"
    (recipe,) = re.findall(r"^hub: .*\$\(CHP\).*\n\t(.+)$", make, re.M)
    words = recipe.split()
    assert words[0] == "INITLAB_HUB_PASSWORD='$(HUB_PASSWORD)'" and words[1] == "$(VENV)/bin/jupyterhub"
    assert words[2:4] == ["-f", str(HUB_CONFIG.relative_to(REPO))]
    assert ".chp/" in (REPO / ".gitignore").read_text().splitlines()
