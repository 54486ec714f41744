"""The share link, exports and uploads through the widgets, no browser."""
import base64
import csv
import datetime as dt
import html
import io
import re
import sys

import pytest

from initlab import Config, InitLab, scenarios
from initlab.core import guide
from initlab.core.query import parse_query, to_query
from initlab.ui.figures import every_figure
from initlab.ui.export import LEGEND_STYLE, results_csv
from initlab.ui.voila_page import voila_request

PRESET = "dataset=moons&initializations=he,xavier&layers_dims=2-20-20-1"


@pytest.fixture
def labs():
    made = []
    yield made
    for lab in made:
        lab.close()


def decoded(link_html):
    """The text of a data: URL download link."""
    data = re.search(r"href='data:[^;]+;base64,([^']+)'", link_html).group(1)
    return base64.b64decode(data).decode("utf-8")


def test_from_query_sets_up_the_lab_and_the_link(labs):
    lab = InitLab.from_query(PRESET, page_url="http://127.0.0.1:8866/")
    labs.append(lab)
    assert lab.config == Config(dataset="moons", initializations=("he", "xavier"), layers_dims=(2, 20, 20, 1))
    assert lab.experiment.config == lab.config
    assert lab.notices.settings_message.value == ""
    assert lab.share.text.value == "http://127.0.0.1:8866/?" + to_query(lab.config)
    assert "href='?dataset=moons&amp;" in lab.share.open.value


def test_the_link_follows_every_change_and_reads_back(labs):
    lab = InitLab()
    labs.append(lab)
    assert lab.share.text.value == "?"  # the defaults, outside Voila
    lab.controls.activation.value = "tanh"
    lab.controls.learning_rate.value = 0.1  # live settings are in the link too
    lab.controls.use["xavier"].value = True
    config, problems = parse_query(lab.share.text.value)
    assert problems == [] and config == lab.config
    assert config.activation == "tanh" and config.learning_rate == 0.1 and "xavier" in config.names


def test_an_edit_typed_into_the_link_box_is_undone(labs):
    lab = InitLab(dataset="xor")
    labs.append(lab)
    lab.share.text.value = "something else"
    assert lab.share.text.value == "?dataset=xor"


def test_invalid_settings_show_no_link(labs):
    lab = InitLab()
    labs.append(lab)
    for box in lab.controls.use.values():
        box.value = False
    assert lab.share.text.value == "no link: tick at least one initialization to compare"
    assert lab.share.text.disabled and lab.share.open.value == ""


def test_a_scenario_link_sets_its_settings_and_shows_its_text(labs):
    lab = InitLab.from_query("scenario=symmetry", page_url="http://127.0.0.1:8866/")
    labs.append(lab)
    assert lab.config == lab.experiment.config == scenarios.config("symmetry")
    assert scenarios.describe("symmetry") in html.unescape(lab.picker.text.value)
    assert lab.picker.buttons["symmetry"].button_style == "info"
    assert lab.notices.settings_message.value == ""
    # The link shown is explicit settings, and opening it gives the same lab, text included.
    assert lab.share.text.value == "http://127.0.0.1:8866/?" + to_query(scenarios.config("symmetry"))
    again = InitLab.from_query(lab.share.text.value.split("?", 1)[1])
    labs.append(again)
    assert again.config == lab.config and again.picker.text.value == lab.picker.text.value


def test_settings_in_a_scenario_link_override_it(labs):
    lab = InitLab.from_query("learning_rate=0.05&scenario=deep-relu&num_iterations=300")
    labs.append(lab)
    assert lab.config == scenarios.config("deep-relu").replace(learning_rate=0.05, num_iterations=300)
    assert lab.experiment.learning_rate == 0.05 and len(lab.controls.hidden) == 10
    assert "Ten hidden ReLU layers" in lab.picker.text.value
    back, problems = parse_query(lab.share.text.value)
    assert problems == [] and back == lab.config


def test_a_bad_scenario_in_a_link_is_named_and_the_rest_applies(labs):
    lab = InitLab.from_query("scenario=deep&dataset=moons")
    labs.append(lab)
    assert lab.config == Config(dataset="moons")
    assert "scenario must be one of lesson, symmetry" in lab.notices.settings_message.value
    assert "got &#x27;deep&#x27;" in lab.notices.settings_message.value
    assert lab.picker.text.value == ""


def test_a_bad_link_value_is_shown_and_the_default_used(labs):
    lab = InitLab.from_query("dataset=donut&seed=7")
    labs.append(lab)
    assert lab.config.dataset == "circles" and lab.config.seed == 7
    assert "the defaults stand in" in lab.notices.settings_message.value
    assert "dataset must be one of circles, moons, xor, gaussian, spiral, uploaded; got &#x27;donut&#x27;" in lab.notices.settings_message.value


def test_voila_request_outside_voila_is_empty(monkeypatch):
    for name in ("VOILA_PREHEAT", "QUERY_STRING", "SCRIPT_NAME", "SERVER_NAME", "SERVER_PORT"):
        monkeypatch.delenv(name, raising=False)
    assert voila_request() == ("", None, [])


def test_voila_request_reads_what_voila_puts_in_the_kernel_environment(monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)  # a kernel started for the page
    monkeypatch.setenv("QUERY_STRING", PRESET)
    monkeypatch.setenv("SCRIPT_NAME", "/voila/render/notebooks/dashboard.ipynb")
    monkeypatch.setenv("SERVER_NAME", "hub.example.org")
    monkeypatch.setenv("SERVER_PORT", "")
    assert voila_request() == (PRESET, "https://hub.example.org/voila/render/notebooks/dashboard.ipynb", [])
    monkeypatch.setenv("SERVER_NAME", "127.0.0.1")
    monkeypatch.setenv("SERVER_PORT", "8866")
    assert voila_request()[1] == "http://127.0.0.1:8866/voila/render/notebooks/dashboard.ipynb"


def test_settings_download_is_the_config_json(labs):
    lab = InitLab(dataset="spiral", initializations=["he"])
    labs.append(lab)
    assert "download='initlab-settings.json'" in lab.export.settings_link.value
    assert Config.from_json(decoded(lab.export.settings_link.value)) == lab.config
    lab.controls.noise.value = 0.2
    assert Config.from_json(decoded(lab.export.settings_link.value)).noise == 0.2


def test_results_csv_has_the_table_numbers(labs):
    lab = InitLab(num_iterations=50)
    labs.append(lab)
    lab.experiment.step(50)
    s = lab.experiment.snapshot()
    rows = list(csv.DictReader(io.StringIO(results_csv(s))))
    assert [r["initialization"] for r in rows] == list(s.names)
    for k, r in enumerate(rows):
        assert float(r["train_accuracy"]) == s.train_accuracy[k]
        assert float(r["stable_cost"]) == s.stable_cost[k]
        assert r["verdict"] == s.verdicts[k] and int(r["iteration"]) == 50
    assert "download='initlab-results.csv'" in lab.export.results_link.value


def upload(lab, text, name="saved.json"):
    lab.export.upload.value = [{"name": name, "type": "application/json", "size": len(text),
                                "content": memoryview(text.encode()),
                                "last_modified": dt.datetime.now(dt.timezone.utc)}]


def test_uploaded_settings_replace_the_controls_and_the_experiment(labs):
    lab = InitLab()
    labs.append(lab)
    lab.step()
    wanted = Config(dataset="xor", layers_dims=(2, 7, 3, 1), initializations=("xavier", "zeros"),
                    activation="tanh", learning_rate=0.2, num_iterations=300)
    upload(lab, wanted.to_json())
    assert lab.config == wanted and lab.experiment.config == wanted
    assert lab.experiment.iteration == 0 and lab.state == "idle"
    assert [p.figure.title for p in lab.boundary_view.panels] == ["Xavier", "zeros"]
    assert lab.share.text.value == "?" + to_query(wanted)
    assert lab.export.upload.value == ()  # the same file can be loaded again
    lab.controls.data_seed.value = 9  # the new controls are wired
    assert lab.experiment.config.data_seed == 9


def test_uploaded_settings_bring_their_cost_and_scenario_text(labs):
    lab = InitLab()
    labs.append(lab)
    upload(lab, Config(cost="stable", dataset="moons").to_json())
    assert lab.cost_view.cost == lab.results_view.cost == "stable"
    assert lab.picker.text.value == ""  # not a scenario
    upload(lab, scenarios.config("too-large").to_json())
    assert lab.config == scenarios.config("too-large")
    assert scenarios.describe("too-large") in html.unescape(lab.picker.text.value)


def test_a_bad_upload_is_named_and_the_settings_stay(labs):
    lab = InitLab(dataset="moons")
    labs.append(lab)
    upload(lab, '{"dataset": "moons", "colour": 1}', name="notes.json")
    assert "notes.json is not InitLab settings" in lab.notices.settings_message.value
    assert "unknown config keys [&#x27;colour&#x27;]" in lab.notices.settings_message.value
    assert "the current ones stay" in lab.notices.settings_message.value
    assert lab.config.dataset == "moons"
    upload(lab, "not json")
    assert "JSONDecodeError" in lab.notices.settings_message.value


def test_figures_save_under_telling_names_with_a_white_legend(labs):
    lab = InitLab(initializations=["zeros", "he"])
    labs.append(lab)
    assert lab.export.figure.options == ("cost", "boundary-zeros", "boundary-he", "activation-histograms",
                                         "gradient-norm", "distinct-units", "weights-zeros", "weights-he")
    sent = []
    for stem in lab.export.figure.options:
        lab.export.figure.value = stem
        figure = every_figure(lab)[stem]
        figure.send = sent.append  # the message bqplot's front end turns into a download
        assert lab.export.save("png") == f"initlab-{stem}.png"
        assert lab.export.save("svg") == f"initlab-{stem}.svg"
        assert figure.legend_style == LEGEND_STYLE and not figure.display_toolbar
    assert sent[:2] == [{"type": "save_png", "filename": "initlab-cost.png", "scale": None},
                        {"type": "save_svg", "filename": "initlab-cost.svg"}]
    lab.export.figure.value = "gradient-norm"
    lab.controls.use["xavier"].value = True  # new panels are offered, the choice kept
    assert {"boundary-xavier", "weights-xavier"} <= set(lab.export.figure.options)
    assert lab.export.figure.value == "gradient-norm"
    lab.controls.remove_layer.click()
    lab.controls.remove_layer.click()  # no hidden layer: no histograms, nothing symmetric to show
    assert lab.export.figure.options == ("cost", "boundary-zeros", "boundary-he", "boundary-xavier",
                                         "gradient-norm")


def test_from_voila_says_in_the_page_when_the_link_cannot_be_read(monkeypatch, labs):
    monkeypatch.setenv("VOILA_PREHEAT", "True")  # a preheated kernel that cannot wait for its page
    monkeypatch.setitem(sys.modules, "websockets.asyncio.client", None)
    lab = InitLab.from_voila()
    labs.append(lab)
    assert lab.mode == "guided" and lab.config == guide.step(1).config  # as a bare link opens
    assert "the link&#x27;s settings could not be read (ModuleNotFoundError" in lab.notices.settings_message.value


def test_from_voila_applies_the_query_voila_passed(monkeypatch, labs):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("QUERY_STRING", "initializations=xavier&num_iterations=500")
    monkeypatch.setenv("SCRIPT_NAME", "/")
    monkeypatch.setenv("SERVER_NAME", "localhost")
    monkeypatch.setenv("SERVER_PORT", "8866")
    lab = InitLab.from_voila()
    labs.append(lab)
    assert lab.config == Config(initializations=("xavier",), num_iterations=500)
    assert lab.share.text.value == "http://localhost:8866/?initializations=xavier&num_iterations=500"
    assert lab.notices.settings_message.value == ""


def test_the_link_box_says_why_uploaded_data_have_no_link():
    from initlab.ui.share import ShareLink
    share = ShareLink(page_url="http://127.0.0.1:8866/")
    share.show(Config(dataset="uploaded", points=[(i, -i, i % 2) for i in range(9)]))
    assert share.text.value == ("no link: uploaded data (9 points) cannot be shared as a link; "
                                "save the settings as JSON instead")
    assert share.text.disabled and share.url == "" and share.open.value == ""
    share.show(Config())
    assert share.text.value == "http://127.0.0.1:8866/" and not share.text.disabled
