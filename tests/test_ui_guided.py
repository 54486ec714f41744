"""The guided lesson and the playground, driven in Python without a browser: every step builds in
the lab, Run waits for a prediction, the explanation quotes the finished run, Back/Next, the
mode buttons, the settings panel, a step's tab, and links to a step."""
import pytest

from initlab import InitLab
from initlab.core import guide
from initlab.ui.guide_panel import ASK_FIRST
from initlab.ui.runner import DONE, IDLE

from lab_helpers import wait_for


@pytest.fixture
def make_lab():
    labs = []

    def make(*args, **kwargs):
        lab = InitLab(*args, **kwargs)
        labs.append(lab)
        return lab

    yield make
    for lab in labs:
        lab.close()


def choices(lab):
    return list(lab.guide.choices.children)


@pytest.mark.parametrize("step", guide.IDS)
def test_every_step_builds_with_its_settings_question_and_tab(make_lab, step):
    lab = make_lab(step=step)
    s = guide.step(step)
    assert lab.mode == "guided" and lab.experiment.config == s.config
    assert f"Step {guide.number(s)} of {len(guide.STEPS)}: {s.title}" in lab.guide.heading.value
    assert [b.description for b in choices(lab)] == list(s.choices)
    assert lab.settings.selected_index is None  # the settings are folded away
    assert lab.transport.run.disabled and lab.transport.run.tooltip == ASK_FIRST
    if s.tab is not None:
        assert lab.inside_tabs.titles[lab.inside_tabs.selected_index].lower().endswith(s.tab)


def test_run_waits_for_an_answer_or_a_skip(make_lab):
    lab = make_lab(step="zeros")
    assert lab.transport.run.disabled and lab.transport.step.disabled
    choices(lab)[1].click()
    assert not lab.transport.run.disabled and choices(lab)[1].button_style == "info"
    lab.guide.next.click()  # a new step asks again
    assert lab.transport.run.disabled
    lab.guide.skip.click()
    assert not lab.transport.run.disabled


def test_the_explanation_quotes_the_finished_run(make_lab):
    lab = make_lab(step="zeros")
    choices(lab)[1].click()  # stuck at ln 2
    assert lab.guide.explanation.value == ""
    lab.run()
    wait_for(lambda: lab.state == DONE, timeout=120)
    wait_for(lambda: lab.guide.explanation.value != "")
    shot = lab.experiment.snapshot()
    text = lab.guide.explanation.value
    assert "Right: stuck at 0.69 (ln 2)." in text
    assert f"zeros ended at {shot.stable_cost[0]:.6f}" in text and "15,000 iterations" in text
    assert lab.guide.question.layout.display == "none"  # the explanation stands in its place
    lab.reset()  # the explanation belonged to that run
    assert lab.guide.explanation.value == "" and lab.guide.question.layout.display is None


def test_a_wrong_prediction_is_told_so_with_the_right_answer(make_lab):
    lab = make_lab(step="he")
    choices(lab)[0].click()  # about 50%
    lab.run()
    wait_for(lambda: lab.guide.explanation.value != "", timeout=120)
    assert "Not this time: you said about 50%, and the run shows 97% or more." in lab.guide.explanation.value


def test_back_and_next_walk_the_steps_and_stop_at_the_ends(make_lab):
    lab = make_lab(step=1)
    assert lab.guide.back.disabled and not lab.guide.next.disabled
    seen = [lab.guide.step.id]
    while not lab.guide.next.disabled:
        lab.guide.next.click()
        seen.append(lab.guide.step.id)
        assert lab.experiment.config == lab.guide.step.config and lab.state == IDLE
    assert seen == list(guide.IDS)
    lab.guide.back.click()
    assert lab.guide.step.id == guide.IDS[-2]


def test_the_playground_is_one_click_away_and_back(make_lab):
    lab = make_lab(step="random")
    lab.mode_buttons.buttons["playground"].click()
    assert lab.mode == "playground" and lab.settings.selected_index == 0
    assert lab.guide.widget.layout.display == "none" and not lab.transport.run.disabled  # no question asked
    assert lab.experiment.config == guide.step("random").config  # the experiment stays
    lab.mode_buttons.buttons["guided"].click()
    assert lab.mode == "guided" and lab.settings.selected_index is None and lab.transport.run.disabled
    assert lab.guide.step.id == "random"


def test_initlab_defaults_to_the_playground_and_lesson_to_step_1(make_lab):
    assert make_lab().mode == "playground"
    lab = InitLab.lesson()
    try:
        assert lab.mode == "guided" and lab.guide.step.id == guide.IDS[0]
    finally:
        lab.close()
    with pytest.raises(ValueError, match="mode must be 'guided' or 'playground'"):
        InitLab(mode="tour")
    with pytest.raises(ValueError, match="step must be one of data, zeros"):
        InitLab(step="zero")


@pytest.mark.parametrize("query, mode, step", [("", "guided", "data"), ("step=he", "guided", "he"),
                                               ("mode=playground", "playground", "data"),
                                               ("dataset=moons", "playground", "data")])
def test_a_link_opens_the_lesson_a_step_or_the_playground(query, mode, step):
    lab = InitLab.from_query(query)
    try:
        assert (lab.mode, lab.guide.step.id) == (mode, step)
        if query == "step=he":
            assert lab.experiment.config == guide.step("he").config
    finally:
        lab.close()


def test_a_bad_step_in_a_link_is_named_and_the_lesson_opens_on_step_1():
    lab = InitLab.from_query("step=zero")
    try:
        assert lab.mode == "guided" and lab.guide.step.id == "data"
        assert "step must be one of data, zeros" in lab.notices.settings_message.value
    finally:
        lab.close()


def test_a_scenario_opens_the_tab_its_text_talks_about(make_lab):
    lab = make_lab()
    titles = lambda: lab.inside_tabs.titles[lab.inside_tabs.selected_index]  # noqa: E731
    lab.picker.buttons["symmetry"].click()
    assert titles() == "Symmetry" and "distinct" in lab.picker.text.value
    lab.picker.buttons["deep-relu"].click()
    assert titles() == "Inside: activations"
