"""The built wheel carries the app: build it from a copy of this checkout, install it into a
fresh venv outside the repository, run its `initlab serve`, and run the dashboard in chromium.

The wheel is installed without its dependencies, which the fresh venv borrows from this test's
environment through a .pth file (a plain path line: that environment's own .pth files, among
them the editable initlab's, are not run), and their data files (share/jupyter) through
JUPYTER_PATH. Downloading them afresh takes minutes here; the test
checks instead that every dependency the wheel declares is met. What runs (the command, the
notebooks, the Voila config, the kernel's initlab) is the wheel's.
"""
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import pytest

from dashboard_page import RUN, Dashboard
from voila_harness import PLAYGROUND, REPO, AppServer, HarnessError, new_page

APP_FILES = {"initlab/app_data/notebooks/dashboard.ipynb", "initlab/app_data/notebooks/lecture.ipynb",
             "initlab/app_data/notebooks/exercises.ipynb", "initlab/app_data/voila-config/voila.json",
             "initlab/app_data/voila-config/voila.py"}

CHECK_INSTALL = """
import json, sys
from importlib.metadata import distribution, version
from packaging.requirements import Requirement
import initlab
from initlab.app_files import app_root
unmet = []
for text in distribution("initlab").requires or []:
    req = Requirement(text)
    if req.marker is not None and not req.marker.evaluate({"extra": ""}):
        continue  # an optional extra's requirement
    try:
        have = version(req.name)
    except Exception:
        have = None
    if have is None or not req.specifier.contains(have, prereleases=True):
        unmet.append(f"{text} (have {have})")
print(json.dumps({"initlab": initlab.__file__, "app_root": str(app_root()), "unmet": unmet}))
"""


def _run(cmd, **kwargs):
    out = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kwargs)
    assert out.returncode == 0, f"{cmd} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return out


def _copy_checkout(target):
    """The files git would put in a clean clone (tracked or new, not ignored), as they are now."""
    names = _run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                 cwd=REPO).stdout.split("\0")
    for name in filter(None, names):
        source = REPO / name
        if source.is_file():  # a tracked file deleted in the work tree is not copied
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    source, dist, venv = work / "source", work / "dist", work / "venv"
    _copy_checkout(source)
    started = time.perf_counter()
    # pip's isolated build environment fetches setuptools>=68 (pyproject.toml) from the registry.
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", dist, source], timeout=600)
    build_seconds = time.perf_counter() - started
    (wheel,) = dist.glob("initlab-*.whl")
    # Nothing of this checkout or this environment may leak into the fresh venv's Python.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], timeout=300, env=env)
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", wheel],
         timeout=300, env=env, cwd=work)
    assert (venv / "bin" / "initlab").exists(), "the wheel did not install its console script"
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     env=env).stdout.strip())
    borrowed = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    (site / "initlab-test-dependencies.pth").write_text("\n".join(borrowed) + "\n")
    # ... and their data files (Voila's templates, the widgets' JavaScript), kept in the prefix.
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    return {"wheel": wheel, "venv": venv, "python": python, "env": env, "cwd": work,
            "build_seconds": build_seconds}


def test_the_wheel_carries_the_app_and_the_command(wheel_venv, artifacts):
    wheel = wheel_venv["wheel"]
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        entry_points = z.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()
        for name in APP_FILES:  # the same bytes as the repository's one copy
            assert z.read(name) == (REPO / name.split("app_data/", 1)[1]).read_bytes(), name
    assert APP_FILES <= names, sorted(APP_FILES - names)
    assert "initlab = initlab.cli:main" in entry_points
    packages = {n.split("/")[0] for n in names}
    assert packages == {"initlab", wheel.name.split("-py3")[0] + ".dist-info"}, packages
    size_kb = wheel.stat().st_size / 1024
    report = {"wheel": wheel.name, "size_kb": round(size_kb, 1), "files": len(names),
              "python_modules": sum(n.endswith(".py") for n in names),
              "app_data": sorted(n for n in names if "/app_data/" in n),
              "build_seconds": round(wheel_venv["build_seconds"], 1)}
    (artifacts / "wheel.json").write_text(json.dumps(report, indent=1))
    print(f"\nwheel {wheel.name}: {size_kb:.0f} kB, {len(names)} files "
          f"({report['python_modules']} .py), built in {report['build_seconds']} s")
    assert size_kb < 1024, "the wheel should stay small: no data sets, no screenshots"


def test_the_installed_wheel_runs_its_own_files(wheel_venv):
    out = _run([wheel_venv["python"], "-c", CHECK_INSTALL], cwd=wheel_venv["cwd"],
               env=wheel_venv["env"], timeout=120)
    info = json.loads(out.stdout)
    venv = str(wheel_venv["venv"])
    assert info["initlab"].startswith(venv), info
    assert info["app_root"].startswith(venv) and info["app_root"].endswith("initlab/app_data"), info
    assert not info["unmet"], f"the wheel's dependencies are not met: {info['unmet']}"
    version = _run([wheel_venv["venv"] / "bin" / "initlab", "--version"], env=wheel_venv["env"],
                   cwd=wheel_venv["cwd"], timeout=120)
    assert version.stdout.strip() == "initlab 0.1.0"


def test_initlab_serve_from_the_wheel_runs_the_dashboard(wheel_venv, browser, artifacts):
    command = wheel_venv["venv"] / "bin" / "initlab"
    server = AppServer([command, "serve"], cwd=wheel_venv["cwd"], env=wheel_venv["env"])
    started = time.perf_counter()
    try:
        server.start(timeout=180)
    except HarnessError as exc:
        server.stop()
        pytest.fail(str(exc))
    page = new_page(browser)
    try:
        answered = time.perf_counter() - started
        page.goto(server.url + PLAYGROUND, timeout=180_000)  # `/` redirects to the dashboard
        assert page.url == server.url + "voila/render/dashboard.ipynb" + PLAYGROUND
        d = Dashboard(page)
        d.wait_ready(timeout=180_000)
        first_dashboard = time.perf_counter() - started
        before = d.cost_paths()
        d.click(RUN)
        d.wait_iteration("n >= 1000", timeout=60_000)
        after = d.cost_paths()
        assert len(after) == 3 and all(after) and after != before, "no cost points arrived"
        assert not page.errors, page.errors
    finally:
        page.context.close()
        server.stop()
    report = json.loads((artifacts / "wheel.json").read_text()) if (artifacts / "wheel.json").exists() else {}
    report.update(serve_answers_seconds=round(answered, 1), first_dashboard_seconds=round(first_dashboard, 1))
    (artifacts / "wheel.json").write_text(json.dumps(report, indent=1))
    print(f"\ninitlab serve from the wheel: answers after {answered:.1f} s, "
          f"first dashboard drawn after {first_dashboard:.1f} s")
