"""The `initlab` command's arguments: what it accepts, and the message and exit status for
what it refuses. Serving itself is tested in the browser (tests/browser/test_browser_wheel.py,
test_browser_app_notebooks.py)."""
import socket
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from initlab import cli
from initlab.app_files import NOTEBOOKS

REPO = Path(__file__).resolve().parents[1]


def run(*args, timeout=60):
    """`python -m initlab ARGS` (the console script's entry point) as a process."""
    return subprocess.run([sys.executable, "-m", "initlab", *args], capture_output=True,
                          text=True, timeout=timeout)


def test_version_and_help():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"initlab {version('initlab')}"
    out = run("--help")
    assert out.returncode == 0 and "serve" in out.stdout and "notebooks" in out.stdout
    assert "assignment" in out.stdout
    out = run("serve", "--help")
    assert out.returncode == 0 and "--port" in out.stdout and "--ip" in out.stdout


def test_no_command_prints_the_help_and_fails(capsys):
    assert cli.main([]) == 2
    assert "serve" in capsys.readouterr().err


@pytest.mark.parametrize("port, message", [
    ("0", "port 0 is out of range: use 1 to 65535"),
    ("65536", "port 65536 is out of range: use 1 to 65535"),
    ("-5", "port -5 is out of range"),
    ("eighty", "'eighty' is not a port number"),
])
def test_a_port_out_of_range_is_refused(port, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["serve", "--port", port])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_a_busy_port_is_refused_before_voila_starts():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        out = run("serve", "--port", str(port))
    assert out.returncode == 2, out.stderr
    assert f"port {port} on 127.0.0.1 is already in use" in out.stderr
    assert "Voil" not in out.stderr, "the server must not have started"


@pytest.mark.parametrize("ip", ["192.0.2.1", "no-such-host.invalid"])  # TEST-NET-1: never local
def test_an_address_not_of_this_machine_is_refused(ip, capsys):
    assert cli.main(["serve", "--ip", ip, "--port", "8951"]) == 2
    err = capsys.readouterr().err
    assert f"cannot listen on {ip}" in err and "not an address of this machine" in err, err


def test_notebooks_copies_into_a_new_directory(tmp_path, capsys):
    target = tmp_path / "course" / "week3"
    assert cli.main(["notebooks", str(target)]) == 0
    assert sorted(p.name for p in target.iterdir()) == sorted(NOTEBOOKS)
    for name in NOTEBOOKS:
        assert (target / name).read_bytes() == (REPO / "notebooks" / name).read_bytes()
    assert "Copied dashboard.ipynb" in capsys.readouterr().out


def test_notebooks_copies_into_an_empty_directory(tmp_path):
    assert cli.main(["notebooks", str(tmp_path)]) == 0
    assert len(list(tmp_path.iterdir())) == len(NOTEBOOKS)


def test_notebooks_refuses_a_directory_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "lecture.ipynb").write_text("my edits")
    assert cli.main(["notebooks", str(tmp_path)]) == 2
    assert f"{tmp_path} is not empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["lecture.ipynb"]
    assert (tmp_path / "lecture.ipynb").read_text() == "my edits"


def test_notebooks_refuses_a_file(tmp_path, capsys):
    target = tmp_path / "notes.txt"
    target.write_text("")
    assert cli.main(["notebooks", str(target)]) == 2
    assert "exists and is not a directory" in capsys.readouterr().err
