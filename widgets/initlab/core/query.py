"""Config <-> URL query string, for links to a setup: `?dataset=moons&initializations=he,xavier`.

Pure and Jupyter-free. A link names only the settings that differ from the defaults.
`?scenario=deep-relu` starts from that scenario's settings instead (core/scenarios.py), and the
other settings in the link override it. to_query always writes explicit settings, so a link
keeps its meaning even if a scenario is redefined later.
parse_link never raises on a bad link: it keeps every setting it can and returns one
message per value it dropped, so a page can say what it ignored and use the default.
"""
from typing import NamedTuple, Optional
from urllib.parse import parse_qsl, quote

from . import fields, guide, scenarios
from .config import Config

# Settings a link can carry, in Config's order; `custom` functions and uploaded points (up to
# 500 rows) cannot travel in a URL.
FIELDS = tuple(f.name for f in fields.DECLARED if f.in_link)
_SAFE = ",-."  # kept readable in links: 2-10-5-1, he,xavier, 0.01
SCENARIO = "scenario"  # not a Config field: names the settings the link starts from
STEP = "step"  # a guided-lesson step (core/guide.py): its settings, and the page opens on it
MODE = "mode"
MODES = ("guided", "playground")


def to_query(config, defaults=Config()):
    """The query string (no leading '?') of the settings where config differs from defaults."""
    if config.custom:
        raise ValueError(f"custom initializations cannot be shared as a link: {', '.join(config.custom)}")
    if config.points is not None:
        raise ValueError(f"uploaded data ({len(config.points)} points) cannot be shared as a link; "
                         "save the settings as JSON instead")
    parts = []
    for name in FIELDS:
        value = getattr(config, name)
        if value != getattr(defaults, name):
            parts.append(f"{name}={quote(fields.FIELDS[name].format(value), safe=_SAFE)}")
    return "&".join(parts)


class Link(NamedTuple):
    config: Config
    scenario: Optional[str]  # the scenario the link named (and could be read), else None
    problems: list
    step: Optional[str] = None  # the guided step the link named, else None
    # "guided" or "playground": as the link says; else guided on a step or on a bare link (the
    # dashboard's default), and the playground for a link that carries settings.
    mode: str = "guided"


def parse_link(query, defaults=Config()):
    """Link(config, scenario, problems): what a link describes and a message per value it could not use.

    A bad or unknown value falls back to the default (the scenario's, if the link names one).
    Values are applied in Config's order, each checked together with those kept before it.
    """
    query = (query or "").lstrip("?")
    problems, values, seen = [], {}, set()
    config, scenario, step, mode, settings = defaults, None, None, None, False
    for key, text in parse_qsl(query, keep_blank_values=True):
        if key in seen:
            problems.append(f"{key} is given twice in the link; the first value is used")
            continue
        seen.add(key)
        if key == MODE:
            if text in MODES:
                mode = text
            else:
                problems.append(f"mode must be one of {', '.join(MODES)}; got {text!r}")
            continue
        if key == SCENARIO:
            settings = True
            try:
                config, scenario = scenarios.config(text), text
            except ValueError as exc:
                problems.append(str(exc))
            continue
        if key == STEP:
            try:
                step = guide.step(text).id
            except ValueError as exc:
                problems.append(str(exc))
            else:
                config = guide.step(step).config
            continue
        settings = True
        if key not in FIELDS:
            problems.append(f"unknown setting {key!r} in the link; allowed: "
                            f"{', '.join(FIELDS + (SCENARIO, STEP, MODE))}")
            continue
        try:
            values[key] = fields.FIELDS[key].parse(text)
        except ValueError as exc:
            problems.append(str(exc))
    for key in FIELDS:  # Config's order, whatever the link's
        if key not in values:
            continue
        try:
            config = config.replace(**{key: values[key]})
        except (ValueError, TypeError) as exc:
            problems.append(str(exc))
    if mode is None:
        mode = "guided" if step is not None or not settings else "playground"
    return Link(config, scenario, problems, step, mode)


def parse_query(query, defaults=Config()):
    """(config, problems) of parse_link."""
    link = parse_link(query, defaults)
    return link.config, link.problems
