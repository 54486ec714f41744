"""Config <-> query string: links to a setup (initlab.core.query), pure Python."""
import numpy as np
import pytest

from initlab import Config, scenarios
from initlab.core import fields, guide
from initlab.core.query import FIELDS, parse_link, parse_query, to_query


def test_issue_example_link_reads_as_those_settings():
    config, problems = parse_query("?dataset=moons&initializations=he,xavier&layers_dims=2-20-20-1")
    assert problems == []
    assert config == Config(dataset="moons", initializations=("he", "xavier"), layers_dims=(2, 20, 20, 1))


def test_defaults_make_an_empty_link():
    assert to_query(Config()) == ""
    assert parse_query("") == (Config(), [])
    assert parse_query(None) == (Config(), [])


def test_only_changed_settings_are_in_the_link():
    q = to_query(Config(learning_rate=0.05, initializations=("he", "xavier")))
    assert q == "initializations=he,xavier&learning_rate=0.05"


def test_round_trip_of_every_field_with_random_values():
    rng = np.random.RandomState(0)
    for _ in range(200):
        dims = (2, *rng.randint(1, fields.LAYERS_DIMS.kind.units.high + 1, size=rng.randint(0, 5)), 1)
        names = tuple(rng.permutation(["zeros", "random", "he", "xavier"])[:rng.randint(1, 5)])
        config = Config(dataset=str(rng.choice(["circles", "moons", "xor", "gaussian", "spiral"])),
                        n_samples=int(rng.randint(fields.N_SAMPLES.limit.low, fields.N_SAMPLES.limit.high + 1)),
                        noise=float(rng.uniform(0, 1)),
                        data_seed=int(rng.randint(0, 2**31)), layers_dims=dims,
                        activation=str(rng.choice(["relu", "tanh"])), initializations=names,
                        random_scale=float(rng.lognormal()), seed=int(rng.randint(0, 2**31)),
                        learning_rate=float(10 ** rng.uniform(-5, 1)), num_iterations=int(rng.randint(1, 10**5)),
                        cost=str(rng.choice(["lesson", "stable"])), record_every=int(rng.randint(1, 100)))
        back, problems = parse_query(to_query(config))
        assert problems == [] and back == config, to_query(config)
        assert back.to_json() == config.to_json()


def test_a_link_can_name_every_config_field_but_uploaded_points():
    assert set(FIELDS) == set(Config().to_dict()) - {"points"}


@pytest.mark.parametrize("query, message", [
    ("dataset=donut", "dataset must be one of circles, moons, xor, gaussian, spiral, uploaded; got 'donut'"),
    ("layers_dims=2-x-1", "layers_dims must be layer sizes joined by '-', e.g. 2-10-5-1; got '2-x-1'"),
    ("layers_dims=3-5-1", "layers_dims[0] must equal the number of input features (2); got 3"),
    ("learning_rate=fast", "learning_rate must be a number from 0.000001 to 100; got 'fast'"),
    ("learning_rate=-1", "learning_rate must be a number from 0.000001 to 100; got -1"),
    ("initializations=he,,zeros", "initializations must be names joined by ',', e.g. he,xavier; got 'he,,zeros'"),
    ("initializations=glorot", "initializations entries must be one of zeros, random, he, xavier or functions"),
    ("seed=1.5", "seed must be a whole number from 0 to 4,294,967,294; got '1.5'"),
    ("colour=red", "unknown setting 'colour' in the link; allowed: dataset, n_samples"),
    ("scenario=deep", "scenario must be one of lesson, symmetry, too-large, too-small, deep-relu"),
])
def test_a_bad_value_is_reported_and_falls_back_to_the_default(query, message):
    config, problems = parse_query(query + "&dataset=moons" if "dataset" not in query else query)
    assert len(problems) == 1 and problems[0].startswith(message), problems
    expected = Config() if "dataset" in query else Config(dataset="moons")
    assert config == expected  # the bad value is dropped, the good one kept


def test_a_repeated_setting_keeps_the_first_value():
    config, problems = parse_query("seed=4&seed=5")
    assert config.seed == 4 and problems == ["seed is given twice in the link; the first value is used"]


def test_values_are_percent_decoded_and_encoded():
    config, problems = parse_query("initializations=he%2Cxavier&dataset=moons")
    assert problems == [] and config.names == ("he", "xavier")


def test_custom_initializers_cannot_travel_in_a_link():
    def mine(layers_dims):
        return {}
    with pytest.raises(ValueError, match="custom initializations cannot be shared as a link: mine"):
        to_query(Config(initializations=("he", mine)))


def test_the_unknown_setting_message_names_scenario_too():
    _, problems = parse_query("colour=red")
    assert problems[0].endswith(", record_every, scenario, step, mode")


@pytest.mark.parametrize("name", scenarios.names())
def test_a_scenario_link_is_that_scenario(name):
    assert parse_link(f"?scenario={name}")[:3] == (scenarios.config(name), name, [])


def test_settings_in_a_scenario_link_override_it_whatever_their_order():
    expected = scenarios.config("deep-relu").replace(learning_rate=0.05, dataset="moons")
    for query in ("scenario=deep-relu&learning_rate=0.05&dataset=moons",
                  "learning_rate=0.05&dataset=moons&scenario=deep-relu"):
        assert parse_link(query)[:3] == (expected, "deep-relu", [])


def test_a_bad_value_in_a_scenario_link_falls_back_to_the_scenario():
    config, scenario, problems, _, _ = parse_link("scenario=exploding&random_scale=huge")
    assert config == scenarios.config("exploding") and scenario == "exploding"
    assert problems == ["random_scale must be a number from 0.001 to 1,000; got 'huge'"]
    # checked against the scenario's settings: 10 hidden layers, so layer sizes must match
    config, _, problems, _, _ = parse_link("scenario=deep-relu&layers_dims=3-4-1")
    assert config.layers_dims == scenarios.config("deep-relu").layers_dims
    assert problems[0].startswith("layers_dims[0] must equal the number of input features (2)")


def test_a_repeated_scenario_keeps_the_first():
    config, scenario, problems, _, _ = parse_link("scenario=symmetry&scenario=deep-tanh")
    assert (config, scenario) == (scenarios.config("symmetry"), "symmetry")
    assert problems == ["scenario is given twice in the link; the first value is used"]


@pytest.mark.parametrize("name", scenarios.names())
def test_scenario_settings_round_trip_as_explicit_links(name):
    """A link is written as explicit settings; it reads back to the same Config."""
    for config in (scenarios.config(name), scenarios.config(name).replace(learning_rate=0.3, seed=8)):
        query = to_query(config)
        assert "scenario=" not in query
        assert parse_query(query) == (config, [])
        assert parse_link(query).config == config


@pytest.mark.parametrize("query, step, mode", [
    ("", None, "guided"),                       # the dashboard's default: the lesson from step 1
    ("step=he", "he", "guided"),
    ("step=he&mode=playground", "he", "playground"),
    ("mode=playground", None, "playground"),
    ("dataset=moons", None, "playground"),      # a link with settings is a setup to play with
    ("scenario=symmetry", None, "playground"),
])
def test_a_link_names_the_step_and_the_mode(query, step, mode):
    link = parse_link(query)
    assert (link.step, link.mode, link.problems) == (step, mode, [])
    if step is not None:
        assert link.config == guide.step(step).config


def test_a_bad_step_or_mode_is_named_and_the_lesson_opens_on_step_1():
    link = parse_link("step=hee&mode=lecture")
    assert link.step is None and link.mode == "guided"
    assert link.problems == ["step must be one of " + ", ".join(guide.IDS) + "; got 'hee'",
                             "mode must be one of guided, playground; got 'lecture'"]
