"""Fixtures for the widget tests (InitLab driven in Python, no browser)."""
import pytest

from initlab import InitLab
from lab_helpers import runner_threads


@pytest.fixture
def make_lab():
    """make_lab(**InitLab arguments): a lab closed after the test, which must leave no
    training thread behind."""
    labs = []

    def make(**kwargs):
        labs.append(InitLab(**kwargs))
        return labs[-1]

    yield make
    for lab in labs:
        lab.close()
    assert not runner_threads()
