"""A lab from a link: the page's query string (core/query.py) decides the settings, the step
and whether the guided lesson or the playground opens; what could not be used is named."""
from ..core import Config, guide, scenarios
from ..core.query import parse_link
from .modes import GUIDED
from .notices import LINK_HEADING, SCENARIO_LINK_HEADING
from .voila_page import voila_request


def lab_from_query(cls, query, page_url=None, **kwargs):
    link = parse_link(query)
    if link.mode == GUIDED and link.scenario is None:
        lab = cls(step=link.step or 1, page_url=page_url, **kwargs)
        if link.step is not None and link.config != lab.experiment.config:  # settings on top of the step's
            lab.load_config(link.config)
    else:
        lab = cls(link.config, page_url=page_url, mode=link.mode, **kwargs)
    if link.scenario is not None:
        lab.picker.show(link.scenario)
    lab.show_settings_message(*link.problems,
                              heading=LINK_HEADING if link.scenario is None else SCENARIO_LINK_HEADING)
    return lab


def lab_from_voila(cls, **kwargs):
    query, page_url, problems = voila_request()
    lab = lab_from_query(cls, query, page_url=page_url, **kwargs)
    if problems:
        lab.show_settings_message(*problems)
    return lab


def initial_config(config, scenario, step, fields):
    if sum(x is not None for x in (config, scenario, step)) > 1:
        raise TypeError("give InitLab one of a config, a scenario or a step, not several")
    if step is not None:
        return guide.step(step).config.replace(**fields)
    if scenario is not None:
        return scenarios.config(scenario).replace(**fields)
    if config is None:
        return Config(**fields)
    if not isinstance(config, Config):
        raise TypeError(f"config must be an initlab Config; got {type(config).__name__}")
    return config.replace(**fields) if fields else config
