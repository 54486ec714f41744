"""The guided lesson's steps, without widgets: each builds, and each question's checker reads
the lesson's facts off a real run (the expected choices are the lesson's findings)."""
import numpy as np
import pytest

from initlab.core import guide
from initlab.core.experiment import Experiment

# What the lesson finds, per step: the choice a real run must bear out.
LESSON_FINDS = {"data": 0, "zeros": 1, "random": 1, "he": 2, "compare": 2, "symmetry": 0,
                "too-small": 1, "deep-relu": 1, "deep-tanh": 0, "exploding": 1}


@pytest.fixture(scope="module")
def runs():
    out = {}
    with np.errstate(all="ignore"):  # the exploding step overflows on purpose
        for s in guide.STEPS:
            e = Experiment(s.config)
            e.step(s.config.num_iterations)
            out[s.id] = e.snapshot(boundary=False)
    return out


def test_steps_follow_the_lesson():
    assert guide.IDS[:5] == ("data", "zeros", "random", "he", "compare")
    assert all(not s.optional for s in guide.STEPS[:5]) and all(s.optional for s in guide.STEPS[5:])
    assert set(guide.IDS) == set(LESSON_FINDS)
    for s in guide.STEPS:
        assert 2 <= len(s.choices) <= 4 and s.question.endswith("?")
        assert guide.step(s.id) is s and guide.step(guide.number(s)) is s


@pytest.mark.parametrize("bad", ["nope", 0, 11, True])
def test_unknown_step_is_refused(bad):
    with pytest.raises(ValueError, match="step must be"):
        guide.step(bad)


@pytest.mark.parametrize("step_id", list(LESSON_FINDS))
def test_checker_accepts_the_right_answer_only(runs, step_id):
    s, snap = guide.step(step_id), runs[step_id]
    right = LESSON_FINDS[step_id]
    assert guide.answer(s, snap) == right
    for choice in range(len(s.choices)):
        assert guide.check(s, choice, snap) is (choice == right)
    with pytest.raises(ValueError, match="choice must be"):
        guide.check(s, len(s.choices), snap)


@pytest.mark.parametrize("step_id", list(LESSON_FINDS))
def test_explanation_cites_this_run(runs, step_id):
    s, snap = guide.step(step_id), runs[step_id]
    right = LESSON_FINDS[step_id]
    wrong = (right + 1) % len(s.choices)
    assert guide.explain(s, snap, right).startswith("Right")
    assert guide.explain(s, snap, wrong).startswith("Not this time")
    assert guide.explain(s, snap, None).startswith("The answer is")
    text = guide.explain(s, snap, right)
    assert any(guide.result(snap, k) in text for k in range(len(snap.names)))
    # Numbers come from the snapshot: a changed cost changes the text.
    if np.all(np.isfinite(snap.stable_cost)):
        import dataclasses
        other = dataclasses.replace(snap, stable_cost=snap.stable_cost + 1e-3)
        assert guide.explain(s, other, right) != text


def test_zeros_explanation_quotes_ln2(runs):
    text = guide.explain(guide.step("zeros"), runs["zeros"], 1)
    assert "zeros ended at 0.693147, which is ln 2" in text


def test_answer_needs_a_run():
    s = guide.step("zeros")
    with pytest.raises(ValueError, match="train first"):
        guide.answer(s, Experiment(s.config).snapshot(boundary=False))
