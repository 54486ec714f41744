"""The settings lifecycle alone (ui/session.py), with a real Runner and Experiment and no widgets:
what a change does when idle, mid-run and finished, what waits for Reset, and Continue."""
import pytest

from initlab import Config, Experiment
from initlab.core import fields
from initlab.ui.runner import DONE, IDLE, PAUSED, Runner
from initlab.ui.session import COST, LEARNING_RATE, LOCKED_HINT, STRUCTURAL, Session

from lab_helpers import wait_for

SMALL = Config(num_iterations=40, record_every=10)


class Settings:
    """What the controls would return: a Config, or the reason they cannot make one."""

    def __init__(self, config):
        self.value = config

    def __call__(self):
        if isinstance(self.value, Exception):
            raise self.value
        return self.value


@pytest.fixture
def lab():
    settings = Settings(SMALL)
    runner = Runner(Experiment(SMALL), publish=lambda snapshot: None)
    yield Session(runner, settings), runner, settings
    runner.close()


def test_idle_a_structural_change_builds_the_new_experiment(lab):
    session, runner, settings = lab
    settings.value = SMALL.replace(seed=7)
    experiment = session.changed(STRUCTURAL)
    assert isinstance(experiment, Experiment) and experiment.config.seed == 7 and session.valid
    assert session.hint(IDLE)[1] == ""


def test_invalid_settings_build_nothing_and_say_why(lab):
    session, runner, settings = lab
    settings.value = ValueError("learning rate must be a number from 0.000001 to 100")
    assert session.changed(STRUCTURAL) is None
    assert not session.valid and "learning rate" in str(session.problem)
    assert session.pending() == ["invalid settings"]
    settings.value = SMALL
    assert session.changed(STRUCTURAL) is not None and session.valid


def test_mid_run_a_change_waits_for_reset_and_the_hint_names_it(lab):
    session, runner, settings = lab
    runner.step(10)
    wait_for(lambda: not runner.running)
    assert runner.state == PAUSED and session.locked()
    settings.value = SMALL.replace(seed=7, noise=0.1)
    assert session.changed(STRUCTURAL) is None and session.valid
    assert session.pending() == ["noise", "seed"]
    sentences, pending = session.hint()
    assert LOCKED_HINT in sentences and pending == "Changed settings apply on Reset: noise, seed."
    fresh = session.reset()
    assert fresh.config.seed == 7 and fresh.iteration == 0


def test_the_learning_rate_applies_live_mid_run_without_a_rebuild(lab):
    session, runner, settings = lab
    runner.step(10)
    wait_for(lambda: not runner.running)
    settings.value = SMALL.replace(learning_rate=0.5)
    assert session.changed(LEARNING_RATE, learning_rate=0.5) is None
    assert runner.experiment.learning_rate == 0.5 and runner.experiment.iteration == 10
    assert session.changed(COST) is None


def test_fixing_the_last_invalid_box_with_the_learning_rate_applies_the_other_changes(lab):
    session, runner, settings = lab
    settings.value = SMALL.replace(seed=9, learning_rate=0.02)
    experiment = session.changed(LEARNING_RATE, learning_rate=0.02)
    assert experiment is not None and experiment.config.seed == 9
    settings.value = experiment.config
    runner.load(experiment)
    assert session.changed(LEARNING_RATE, learning_rate=0.02) is None  # nothing else pending: live only


def test_reset_with_invalid_settings_keeps_the_old_experiment_at_iteration_0(lab):
    session, runner, settings = lab
    runner.step(20)
    wait_for(lambda: not runner.running)
    old = runner.experiment
    settings.value = TypeError("tick at least one initialization to compare")
    again = session.reset()
    assert again.config == old.config and again.iteration == 0 and not session.valid


def test_a_finished_run_unlocks_and_continues_within_the_limits(lab):
    session, runner, settings = lab
    runner.run()
    wait_for(lambda: not runner.running)
    assert runner.state == DONE and not session.locked()
    assert session.more() == (SMALL.num_iterations, "")
    near_limit = Config(num_iterations=fields.NUM_ITERATIONS.limit.high, record_every=10)
    e = Experiment(near_limit)
    e.iteration = fields.NUM_ITERATIONS.limit.high  # as if trained to the limit
    runner.load(e)
    more, why = session.more()
    assert more is None and why.startswith("cannot continue: num_iterations must be")
