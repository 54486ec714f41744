"""The guided lesson: its steps as plain data, and how a step's answer is read off a run.

Each step sets up one experiment, asks one prediction question before it runs, and explains the
run afterwards. The right answer is never stored: `answer(step, snapshot)` works it out from the
snapshot of the run the learner just watched, and `explain` quotes that run's own numbers, so a
changed setting or another CPU cannot make the lesson say something the page does not show.
"""
import math
from dataclasses import dataclass

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
    why: object         # snapshot -> the explanation's sentences, with this run's numbers
    optional: bool = False
    tab: str = None     # the inside-the-network tab the text talks about, if any


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


def _shrink_ratio(snapshot, k):
    rms = snapshot.activation_rms[k]
    return rms[-1] / rms[0] if rms[0] > 0 else 0.0


# -- step 1: the data and the network -------------------------------------------------------------
def _line_answer(s):
    return _accuracy_bucket(s.train_accuracy[0])


def _line_why(s):
    return (f"With no hidden layer the network is logistic regression: one straight line. "
            f"{result(s, 0)} No line puts a ring on one side and its centre on the other, so it "
            f"cannot beat a coin by much. The lesson's network [2, 10, 5, 1] adds two ReLU layers "
            f"that can bend the boundary into a closed curve: the next steps ask how its weights "
            f"must start for that to happen.")


# -- step 2: zeros --------------------------------------------------------------------------------
def _zeros_answer(s):
    k = _k(s, "zeros")
    cost, first = s.stable_cost[k], s.stable_costs[k, 0]
    if abs(cost - LN2) < NEAR_LN2:
        return 1
    if cost < 0.3:
        return 0
    return 2 if cost > first else None


def _zeros_why(s):
    k = _k(s, "zeros")
    cost = s.stable_cost[k]
    ln2 = (f"which is ln 2 = {LN2:.6f} to {abs(cost - LN2):.1g}" if abs(cost - LN2) < NEAR_LN2
           else f"{abs(cost - LN2):.3g} away from ln 2")
    return (f"zeros ended at {_cost(cost)}, {ln2}. {result(s, k)} With every weight zero, every "
            f"unit in a layer computes the same thing and receives the same gradient, so they stay "
            f"copies of each other: the output is 0.5 for every point, and the cost of answering "
            f"0.5 is ln 2.")


# -- step 3: random x10 ---------------------------------------------------------------------------
def _random_answer(s):
    first = s.lesson_costs[_k(s, "random"), 0]
    if not np.isfinite(first) or first > 5:
        return 1
    if abs(first - LN2) < 0.05:
        return 0
    return 2 if first < 0.3 else None


def _random_why(s):
    k = _k(s, "random")
    first, stable_first = s.lesson_costs[k, 0], s.stable_costs[k, 0]
    shown = "inf" if not np.isfinite(first) else f"{first:.4g}"
    return (f"{s.labels[k]} started at a lesson cost of {shown}; computed before the sigmoid it is "
            f"{stable_first:.4g}. Weights ten times too large push the output's z so far that the "
            f"sigmoid rounds to exactly 0 or 1, and a confident wrong answer costs log 0 = inf. "
            f"{result(s, k)} Saturated units pass back tiny gradients, so it learns slowly and "
            f"stops on a rough boundary.")


# -- step 4: He -----------------------------------------------------------------------------------
def _he_answer(s):
    return _accuracy_bucket(s.train_accuracy[_k(s, "he")])


def _he_why(s):
    k = _k(s, "he")
    rms = s.activation_rms[k]
    return (f"{result(s, k)} He draws each layer's weights with variance 2 / n_prev: ReLU zeroes "
            f"about half its inputs, and the factor 2 makes up for it, so the signal keeps its size "
            f"from layer to layer (rms {rms[0]:.2f} in layer 1 and {rms[-1]:.2f} in layer "
            f"{len(rms)} now). Every unit starts different, none is saturated, and the boundary "
            f"closes around the inner ring.")


# -- step 5: side by side -------------------------------------------------------------------------
def _best_answer(s):
    costs = np.where(np.isfinite(s.stable_cost), s.stable_cost, np.inf)
    return int(np.argmin(costs))


def _best_why(s):
    return (f"{_results(s)} The initialization decides whether a network can learn at all: zeros never "
            f"breaks the symmetry between units, weights that are too large saturate the output, "
            f"and a scale matched to the layer's width (He for ReLU) trains quickly and well.")


# -- optional chapters ----------------------------------------------------------------------------
def _symmetry_answer(s):
    k = _k(s, "zeros")
    units = s.distinct_units[k][0]
    width = s.weights[0].shape[1] if s.weights is not None else None
    if units == 1:
        return 0
    return 2 if units == width else 1


def _symmetry_why(s):
    k, h = _k(s, "zeros"), _k(s, "he")
    return (f"After {s.iteration:,} iterations zeros has {s.distinct_units[k][0]} distinct unit(s) "
            f"in its first hidden layer and He has {s.distinct_units[h][0]}. Identical units get "
            f"identical gradients, so no amount of training can tell them apart: a layer of copies "
            f"is as good as one unit. {result(s, k)}")


def _small_answer(s):
    k = _k(s, "random")
    if s.train_accuracy[k] >= LEARNED:
        return 0
    return 1 if abs(s.stable_cost[k] - LN2) < NEAR_LN2 else None


def _small_why(s):
    k = _k(s, "random")
    rms = s.activation_rms[k]
    return (f"{result(s, k)} Its activations have rms {rms[0]:.2g} in layer 1 and {rms[-1]:.2g} in "
            f"layer {len(rms)}: each layer shrinks the signal again, and the gradients shrink with "
            f"it, so the weights barely move. Unlike zeros the units are all different; they are "
            f"just too quiet to learn.")


def _deep_relu_answer(s):
    shrank = [name for k, name in enumerate(s.names) if _shrink_ratio(s, k) < SHRINKS]
    return {(): 2, ("he",): 0, ("xavier",): 1}.get(tuple(shrank))


def _rms_spans(s):
    """Each model's activation rms in the first and last hidden layer, as one clause."""
    return "; ".join(f"{s.labels[k]}'s rms goes from {s.activation_rms[k][0]:.2g} in layer 1 to "
                     f"{s.activation_rms[k][-1]:.2g} in layer {len(s.activation_rms[k])}"
                     for k in range(len(s.names)))


def _results(s):
    return " ".join(result(s, k) for k in range(len(s.names)))


def _deep_relu_why(s):
    return (f"{_rms_spans(s)}. Xavier's variance 1 / n_prev would keep a linear layer's signal "
            f"steady, but ReLU zeroes half of it, so every layer halves its power; He's factor 2 "
            f"puts it back. {_results(s)}")


def _deep_tanh_why(s):
    return (f"{_rms_spans(s)}. Tanh keeps both signs and is nearly linear near 0, which is the "
            f"case Xavier's 1 / n_prev was derived for; but it flattens large inputs, so a somewhat "
            f"larger start can still carry more signal through ten layers. Read the activations "
            f"tab to see where each one's units sit. {_results(s)}")


def _exploding_answer(s):
    k = _k(s, "random")
    if not np.isfinite(s.stable_cost[k]) or not np.any(s.activation_rms[k]):
        return 1
    return 0 if s.train_accuracy[k] >= LEARNED else None


def _exploding_why(s):
    k = _k(s, "random")
    return (f"With weights randn × 1 each ReLU layer of 64 multiplies the signal by about "
            f"√(64 / 2) ≈ 5.7, ten times over: the output's z is in the millions, the first "
            f"gradient step is as large and throws every unit into its zero region. "
            f"{result(s, k)} {result(s, _k(s, 'he'))}")


def _labels(config):
    """Choices that name the run's models, in its order (the answer is a model's index)."""
    return tuple(schemes.label(n, config.random_scale) for n in config.names)


def _steps():
    lesson = scenarios.config("lesson")
    # id, title, config, what to try, question, choices, answer, why
    core = [
        ("data", "The data and the network", lesson.replace(layers_dims=(2, 1), initializations=("he",)),
         "The blue and orange points are two rings, 300 for training and 100 held out for "
         "testing. The lesson's network is [2, 10, 5, 1]; this first run takes the hidden "
         "layers away and leaves one output unit, a straight line.",
         "What training accuracy will a network without hidden layers reach on the rings?",
         ("about 50%: no better than a coin", "between 60% and 97%", "97% or more"),
         _line_answer, _line_why),
        ("zeros", "Zeros", lesson.replace(initializations=("zeros",)),
         "Every weight starts at 0, the simplest choice there is. Run it and watch the cost "
         "line and the boundary panel.",
         "Where will the zeros network's cost be after 15,000 iterations?",
         ("close to 0", "stuck at 0.69 (ln 2)", "higher than where it started"),
         _zeros_answer, _zeros_why),
        ("random", "Random ×10", lesson.replace(initializations=("random",)),
         "Now every weight is drawn at random and multiplied by 10, so units differ from the "
         "start. The cost shown is the lesson's own formula, −mean(y log a + (1 − y) log(1 − a)).",
         "What will the lesson's cost be at iteration 0, before any training?",
         ("about 0.69, like zeros", "infinite or huge", "close to 0"),
         _random_answer, _random_why),
        ("he", "He", lesson.replace(initializations=("he",)),
         "He initialization draws random weights scaled by √(2 / n_prev), where n_prev is the "
         "number of units feeding the layer: 2 for the first layer, 10 for the second.",
         "What training accuracy will He reach after 15,000 iterations?",
         ("about 50%", "between 60% and 97%", "97% or more"),
         _he_answer, _he_why),
        ("compare", "Side by side, and the conclusions", lesson,
         "The three networks again, trained together on the same data. Compare the cost "
         "lines and the three boundaries.",
         "Which initialization ends with the lowest cost?",
         _labels(lesson), _best_answer, _best_why),
    ]
    for row in core:
        yield Step(*row)
    # scenario, the tab its text talks about, title, question, choices, answer, why
    optional = [
        ("symmetry", "symmetry", "Why zeros is stuck",
         "How many different units will the zeros network's first hidden layer have after 5,000 "
         "iterations?", ("1: all ten are copies", "some, but not all ten", "all ten"),
         _symmetry_answer, _symmetry_why),
        ("too-small", "activations", "Too small",
         "Will random weights ×0.01 learn the rings in 15,000 iterations?",
         ("yes, like He", "no: the cost stays at ln 2"), _small_answer, _small_why),
        ("deep-relu", "activations", "Deep ReLU",
         "In ten ReLU layers of 64 units, whose activations shrink layer after layer?",
         ("He's", "Xavier's", "neither"), _deep_relu_answer, _deep_relu_why),
        ("deep-tanh", "activations", "Deep tanh",
         "With tanh in the same ten layers, which ends with the lower cost after 2,000 iterations?",
         _labels(scenarios.config("deep-tanh")), _best_answer, _deep_tanh_why),
        ("exploding", "activations", "Exploding",
         "What happens to plain randn × 1 weights in ten ReLU layers?",
         ("they train like He", "the signal explodes and the network dies"),
         _exploding_answer, _exploding_why),
    ]
    for name, tab, title, question, choices, answer, why in optional:
        yield Step(name, title, scenarios.config(name), scenarios.describe(name), question,
                   choices, answer, why, optional=True, tab=tab)


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
    return f"{verdict} {s.why(snapshot)}"
