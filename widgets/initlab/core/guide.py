"""The guided lesson: its steps, and how a step's answer is read off a run.

Every word a step shows (title, what to try, question, choices, and the explanation as a
template) is plain data in guide_steps.json, in lesson order; a lecturer can reword it there.
Here are how each step's right answer is read off a run (registered by step id) and `facts`,
the run's numbers that the explanation templates quote.

Each step sets up one experiment, asks one prediction question before it runs, and explains the
run afterwards. The right answer is never stored: `answer(step, snapshot)` works it out from the
snapshot of the run the learner just watched, and `explain` quotes that run's own numbers, so a
changed setting or another CPU cannot make the lesson say something the page does not show.
"""
import json
import math
from dataclasses import dataclass
from importlib import resources

import numpy as np

from . import scenarios, schemes
from .config import Config

LN2 = math.log(2)
NEAR_LN2 = 0.01      # a cost this close to ln 2 is "stuck at ln 2"
LEARNED = 0.97       # train accuracy from which a model has learned the circles
COIN = 0.6           # train accuracy below which a model does no better than a coin
SHRINKS = 0.1        # last hidden layer's rms below this fraction of the first's: the signal shrank


@dataclass(frozen=True)
class Step:
    id: str             # used in links: ?step=<id>
    title: str
    config: Config
    text: str           # what to try, two or three sentences
    question: str
    choices: tuple      # 2-4 answers, in the order shown
    answer: object      # snapshot -> index into choices, or None when no choice fits the run
    explanation: str    # after the run: a template filled in from facts(snapshot)
    optional: bool = False
    tab: str = None     # the inside-the-network tab the text talks about, if any


# step id -> how its right answer is read off a run
_ANSWER = {}


def _answers(*ids):
    def register(fn):
        _ANSWER.update(dict.fromkeys(ids, fn))
        return fn
    return register


def _k(snapshot, name):
    return snapshot.names.index(name)


def _percent(x):
    return f"{100 * x:.1f}%".replace(".0%", "%")


def _cost(x):
    return f"{x:.6f}" if np.isfinite(x) else "not finite"


def result(snapshot, k):
    """One model's line: final cost, accuracies and verdict."""
    return (f"{snapshot.labels[k]} ended at cost {_cost(snapshot.stable_cost[k])} after "
            f"{snapshot.iteration:,} iterations (train {_percent(snapshot.train_accuracy[k])}, "
            f"test {_percent(snapshot.test_accuracy[k])}): {snapshot.verdicts[k]}.")


def _accuracy_bucket(accuracy):
    return 0 if accuracy < COIN else (1 if accuracy < LEARNED else 2)


def _rms_ends(snapshot, k):
    """A model's activation rms in its first and last hidden layer, as a clause."""
    rms = snapshot.activation_rms[k]
    if not len(rms):
        return "no hidden layer"
    return f"rms {rms[0]:.2g} in layer 1 and {rms[-1]:.2g} in layer {len(rms)}"


def _from_ln2(cost):
    if abs(cost - LN2) < NEAR_LN2:
        return f"which is ln 2 = {LN2:.6f} to {abs(cost - LN2):.1g}"
    return f"{abs(cost - LN2):.3g} away from ln 2"


def facts(s):
    """Every number an explanation may quote, formatted as the page shows it. The per-model
    entries are keyed by scheme name: "{result[he]}" in a template."""
    def per_model(fact):
        return {name: fact(k) for k, name in enumerate(s.names)}
    results, rms = per_model(lambda k: result(s, k)), per_model(lambda k: _rms_ends(s, k))
    return dict(
        iteration=f"{s.iteration:,}",
        results=" ".join(results.values()),
        rms_all="; ".join(f"{label} has {r}" for label, r in zip(s.labels, rms.values())),
        result=results,
        rms=rms,
        label=per_model(lambda k: s.labels[k]),
        cost=per_model(lambda k: _cost(s.stable_cost[k])),
        ln2=per_model(lambda k: _from_ln2(s.stable_cost[k])),
        first_cost=per_model(lambda k: f"{s.stable_costs[k, 0]:.4g}"),
        first_lesson_cost=per_model(lambda k: "inf" if not np.isfinite(s.lesson_costs[k, 0])
                                    else f"{s.lesson_costs[k, 0]:.4g}"),
        units=per_model(lambda k: s.distinct_units[k][0] if len(s.distinct_units[k]) else 0),
    )


def _shrink_ratio(snapshot, k):
    rms = snapshot.activation_rms[k]
    return rms[-1] / rms[0] if rms[0] > 0 else 0.0


# -- step 1: the data and the network -------------------------------------------------------------
@_answers("data")
def _line_answer(s):
    return _accuracy_bucket(s.train_accuracy[0])


# -- step 2: zeros --------------------------------------------------------------------------------
@_answers("zeros")
def _zeros_answer(s):
    k = _k(s, "zeros")
    cost, first = s.stable_cost[k], s.stable_costs[k, 0]
    if abs(cost - LN2) < NEAR_LN2:
        return 1
    if cost < 0.3:
        return 0
    return 2 if cost > first else None


# -- step 3: random x10 ---------------------------------------------------------------------------
@_answers("random")
def _random_answer(s):
    first = s.lesson_costs[_k(s, "random"), 0]
    if not np.isfinite(first) or first > 5:
        return 1
    if abs(first - LN2) < 0.05:
        return 0
    return 2 if first < 0.3 else None


# -- step 4: He -----------------------------------------------------------------------------------
@_answers("he")
def _he_answer(s):
    return _accuracy_bucket(s.train_accuracy[_k(s, "he")])


# -- step 5: side by side -------------------------------------------------------------------------
@_answers("compare", "deep-tanh")
def _best_answer(s):
    costs = np.where(np.isfinite(s.stable_cost), s.stable_cost, np.inf)
    return int(np.argmin(costs))


# -- optional chapters ----------------------------------------------------------------------------
@_answers("symmetry")
def _symmetry_answer(s):
    k = _k(s, "zeros")
    units = s.distinct_units[k][0]
    width = s.weights[0].shape[1] if s.weights is not None else None
    if units == 1:
        return 0
    return 2 if units == width else 1


@_answers("too-small")
def _small_answer(s):
    k = _k(s, "random")
    if s.train_accuracy[k] >= LEARNED:
        return 0
    return 1 if abs(s.stable_cost[k] - LN2) < NEAR_LN2 else None


@_answers("deep-relu")
def _deep_relu_answer(s):
    shrank = [name for k, name in enumerate(s.names) if _shrink_ratio(s, k) < SHRINKS]
    return {(): 2, ("he",): 0, ("xavier",): 1}.get(tuple(shrank))


@_answers("exploding")
def _exploding_answer(s):
    k = _k(s, "random")
    if not np.isfinite(s.stable_cost[k]) or not np.any(s.activation_rms[k]):
        return 1
    return 0 if s.train_accuracy[k] >= LEARNED else None


def _labels(config):
    """Choices that name the run's models, in its order (the answer is a model's index)."""
    return tuple(schemes.label(n, config.random_scale) for n in config.names)


def _steps():
    """The steps, in order: the prose from guide_steps.json, the reading of a run from above."""
    rows = json.loads(resources.files(__package__).joinpath("guide_steps.json").read_text("utf-8"))
    lesson = scenarios.config("lesson")
    for row in rows["core"]:
        config = lesson.replace(**{k: tuple(v) for k, v in row["lesson_settings"].items()})
        yield _step(row, config, row["text"])
    for row in rows["optional"]:   # a chapter is a scenario: its settings and its description
        yield _step(row, scenarios.config(row["id"]), scenarios.describe(row["id"]),
                    optional=True, tab=row["tab"])


def _step(row, config, text, **chapter):
    # choices null: the answer is one of the run's models, named as the page names them
    choices = _labels(config) if row["choices"] is None else tuple(row["choices"])
    return Step(row["id"], row["title"], config, text, row["question"], choices,
                _ANSWER[row["id"]], row["explanation"], **chapter)


STEPS = tuple(_steps())
IDS = tuple(s.id for s in STEPS)


def step(id_or_number):
    """A step by its id ("zeros") or its number, 1 for the first."""
    if isinstance(id_or_number, int) and not isinstance(id_or_number, bool):
        if not 1 <= id_or_number <= len(STEPS):
            raise ValueError(f"step must be from 1 to {len(STEPS)}; got {id_or_number}")
        return STEPS[id_or_number - 1]
    if id_or_number not in IDS:
        raise ValueError(f"step must be one of {', '.join(IDS)}; got {id_or_number!r}")
    return STEPS[IDS.index(id_or_number)]


def number(s):
    """1-based position of a step."""
    return IDS.index(s.id) + 1


def answer(s, snapshot):
    """Index of the choice this run bears out, or None when none fits (e.g. settings changed)."""
    if snapshot.iteration == 0:
        raise ValueError("the step's answer is read from a run: train first")
    return s.answer(snapshot)


def check(s, choice, snapshot):
    """Whether `choice` (an index into s.choices) is what this run shows."""
    if not 0 <= choice < len(s.choices):
        raise ValueError(f"choice must be from 0 to {len(s.choices) - 1}; got {choice}")
    return answer(s, snapshot) == choice


def explain(s, snapshot, choice=None):
    """The explanation after the run: whether the learner was right, then why, with its numbers.
    choice None means the question was skipped."""
    right = answer(s, snapshot)
    if right is None:
        verdict = "None of the answers fits this run, perhaps because its settings changed."
    elif choice is None:
        verdict = f"The answer is: {s.choices[right]}."
    elif choice == right:
        verdict = f"Right: {s.choices[right]}."
    else:
        verdict = f"Not this time: you said {s.choices[choice]}, and the run shows {s.choices[right]}."
    return f"{verdict} {s.explanation.format(**facts(snapshot))}"
