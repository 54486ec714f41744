"""How `python -m initlab.assignment` lays out a course directory, with nbgrader itself
replaced by a recorder (tests/test_grading.py runs the real one)."""
import subprocess
import sys

import pytest

from initlab.assignment import course


@pytest.fixture
def calls(monkeypatch):
    seen = []
    monkeypatch.setattr(course, "nbgrader", lambda *args, course_dir: seen.append((args, course_dir)))
    return seen


def test_a_new_course_gets_the_config_the_source_and_generate_assignment(tmp_path, calls):
    release = course.build(tmp_path / "c")
    assert (tmp_path / "c" / "nbgrader_config.py").read_text() == course.CONFIG
    copied = tmp_path / "c" / "source" / "initialization" / "exercises.ipynb"
    assert copied.read_bytes() == course.SOURCE.read_bytes()
    assert calls == [(("generate_assignment", "initialization", "--force"), tmp_path / "c")]
    assert release == tmp_path / "c" / "release" / "initialization" / "exercises.ipynb"


def test_a_lecturers_own_config_is_kept_and_the_source_rewritten(tmp_path, calls):
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()  # mine\n")
    source = tmp_path / "source" / "initialization" / "exercises.ipynb"
    source.parent.mkdir(parents=True)
    source.write_text("{}")
    course.build(tmp_path)
    assert (tmp_path / "nbgrader_config.py").read_text() == "c = get_config()  # mine\n"
    assert source.read_bytes() == course.SOURCE.read_bytes()


def test_a_course_directory_that_is_a_file_is_refused(tmp_path, calls):
    (tmp_path / "c").write_text("")
    with pytest.raises(NotADirectoryError, match="is a file"):
        course.build(tmp_path / "c")
    assert calls == []


@pytest.mark.parametrize("command", [["initlab.assignment"], ["initlab", "assignment"]])
def test_the_commands_report_it_and_exit_2(tmp_path, command):
    (tmp_path / "c").write_text("")
    made = subprocess.run([sys.executable, "-m", *command, tmp_path / "c"],
                          capture_output=True, text=True)
    assert made.returncode == 2, made.stderr
    assert made.stderr == f"initlab assignment: error: the course directory {tmp_path / 'c'} is a file\n"


def test_without_nbgrader_the_error_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(course.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(RuntimeError, match=r"pip install 'initlab\[grading\]'"):
        course.nbgrader("generate_assignment", "initialization", course_dir=tmp_path)


def test_a_failing_nbgrader_command_shows_its_output(tmp_path):
    # a course directory without the assignment's source: nbgrader exits 1
    with pytest.raises(RuntimeError, match="nbgrader generate_assignment initialization failed") as err:
        course.nbgrader("generate_assignment", "initialization", course_dir=tmp_path)
    assert "No notebooks were matched" in str(err.value)
