"""One declaration per setting (core/fields.py): Config, links, the controls and these tests read it.

The invalid values are generated from each field's declaration (kinds.py `invalid()`, after
scikit-learn's generate_invalid_param_val): just outside each limit, wrong types, nan/inf,
unknown options. Each must be refused by Config with a message naming the field and what it
allows, and dropped from a link with a problem naming the field.
"""
import dataclasses
from urllib.parse import quote

import pytest

from initlab import Config
from initlab.core import fields
from initlab.core.datasets import make_dataset
from initlab.core.kinds import Limit
from initlab.core.query import parse_link
from initlab.ui.controls import Controls

CASES = [pytest.param(f, bad, id=f"{f.name}={bad.value!r}"[:60]) for f in fields.DECLARED for bad in f.kind.invalid()]
LINK_CASES = [case for case in CASES if case.values[1].in_link]
RANGES = [f for f in fields.DECLARED if isinstance(f.kind, Limit)]


def test_every_config_field_is_declared_once_in_configs_order():
    settable = [f.name for f in dataclasses.fields(Config) if f.name != "custom"]
    assert [f.name for f in fields.DECLARED] == settable
    assert list(fields.FIELDS) == settable


def test_every_kind_of_field_has_invalid_values():
    for f in fields.DECLARED:
        kinds = {bad.error for bad in f.kind.invalid()}
        assert ValueError in kinds, f.name
        assert any(bad.in_link for bad in f.kind.invalid()) == f.in_link, f.name


def test_a_link_carries_every_field_but_uploaded_points():
    assert [f.name for f in fields.DECLARED if not f.in_link] == ["points"]
    link = parse_link("points=0,0,1")
    assert link.config == Config() and link.problems[0].startswith("unknown setting 'points' in the link")


@pytest.mark.parametrize("field,bad", CASES)
def test_config_refuses_each_invalid_value_naming_the_field_and_what_it_allows(field, bad):
    with pytest.raises(bad.error) as info:
        Config(**{field.name: bad.value})
    message = str(info.value)
    assert message.startswith(field.name) and bad.says in message, message


@pytest.mark.parametrize("field,bad", LINK_CASES)
def test_a_link_reports_and_drops_each_invalid_value(field, bad):
    text = field.format(bad.value)
    link = parse_link(f"dataset=moons&{field.name}={quote(text)}" if field.name != "dataset" else
                      f"{field.name}={quote(text)}")
    assert len(link.problems) == 1 and link.problems[0].startswith(field.name), (text, link.problems)
    assert getattr(link.config, field.name) == getattr(Config(), field.name)
    assert link.config.dataset == ("moons" if field.name != "dataset" else Config().dataset)


@pytest.mark.parametrize("field", RANGES, ids=lambda f: f.name)
def test_a_limits_ends_are_allowed_and_travel_in_links(field):
    for end in (field.limit.low, field.limit.high):
        value = int(end) if field.limit.integer else float(end)
        config = Config(**{field.name: value})
        assert getattr(config, field.name) == value
        assert parse_link(f"{field.name}={quote(field.format(value))}").config == config


@pytest.mark.parametrize("field,bad", [c for c in LINK_CASES if isinstance(c.values[0].kind, Limit)])
def test_a_limit_message_says_the_range_in_config_and_link(field, bad):
    described = f"{field.name} must be {field.limit.describe()}; got "
    with pytest.raises((ValueError, TypeError)) as info:
        Config(**{field.name: bad.value})
    assert str(info.value).startswith(described)
    assert parse_link(f"{field.name}={quote(field.format(bad.value))}").problems[0].startswith(described)


def test_values_just_outside_a_range_are_shown_exactly():
    """A value a hair above 1 must not read as 'got 1' (ten decimals would round it)."""
    bad = [b.value for b in fields.NOISE.kind.invalid()][1]
    with pytest.raises(ValueError, match=r"noise must be a number from 0 to 1; got 1\.0000000000000002$"):
        Config(noise=bad)


@pytest.mark.parametrize("kwargs,field", [({"n_samples": 501}, "n_samples"), ({"n_samples": 5}, "n_samples"),
                                          ({"noise": 1.5}, "noise"), ({"name": "iris"}, "dataset")])
def test_make_dataset_and_config_share_one_rule(kwargs, field):
    """n_samples was once checked twice with different bounds: both now read the declaration."""
    with pytest.raises(ValueError) as from_data:
        make_dataset(**kwargs)
    with pytest.raises(ValueError) as from_config:
        Config(**{field: next(iter(kwargs.values()))})
    assert str(from_data.value) == str(from_config.value)


def test_the_controls_take_labels_ranges_and_options_from_the_declarations():
    c = Controls(Config())
    boxes = {"noise": c.noise_text, "data_seed": c.data_seed, "random_scale": c.random_scale, "seed": c.seed,
             "learning_rate": c.learning_rate_text, "num_iterations": c.num_iterations}
    for name, box in boxes.items():
        field = fields.FIELDS[name]
        assert (box.label, box.limit, box.tooltip) == (field.label, field.limit, field.tooltip())
    assert (c.noise.min, c.noise.max) == (fields.NOISE.limit.low, fields.NOISE.limit.high)
    assert 10 ** c.learning_rate.min == pytest.approx(fields.LEARNING_RATE.limit.low)
    drawn = tuple(o for o in fields.DATASET.kind.options if o != "uploaded")  # uploaded: ui/data_upload.py
    assert c.dataset.options == drawn
    assert c.activation.options == tuple(zip(fields.ACTIVATION.kind.options, fields.ACTIVATION.kind.options))
    assert c.cost.options == (("lesson cost", "lesson"), ("stable cost", "stable"))
    assert tuple(c.cost.tooltips) == fields.COST.kind.helps and c.cost.tooltip == fields.COST.help
    assert all(box.limit is fields.LAYERS_DIMS.kind.units for box in c.hidden)


@pytest.mark.parametrize("field,bad", [c for c in LINK_CASES if c.values[0].name in
                                       ("noise", "data_seed", "random_scale", "seed", "learning_rate",
                                        "num_iterations")])
def test_a_control_refuses_each_invalid_value_in_the_fields_words(field, bad):
    c = Controls(Config())
    box = {"noise": c.noise_text, "learning_rate": c.learning_rate_text}.get(field.name) or getattr(c, field.name)
    box.value = field.format(bad.value)
    number, message = box.parse()
    assert number is None and message.startswith(f"{field.label} must be {field.limit.describe()} ("), message
