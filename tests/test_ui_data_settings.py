"""Uploaded data in the dashboard's Data settings, no browser: the dropdown, the experiment,
the boundary panels' points, saved settings and the share link."""
import datetime as dt

import numpy as np

from initlab import Config
from initlab.core.datasets import make_dataset

from csv_files import GOOD, choose, lines_with, rows
from lab_helpers import wait_for


def test_the_dropdown_offers_uploaded_only_once_a_file_is_loaded(make_lab):
    lab = make_lab()
    assert "uploaded" not in lab.controls.dataset.options
    assert "initlab-data-upload" in lab.controls.data_upload.upload._dom_classes
    choose(lab.controls.data_upload, GOOD)
    assert lab.controls.dataset.options[-1] == "uploaded" and lab.controls.dataset.value == "uploaded"
    config = lab.experiment.config
    assert config.dataset == "uploaded" and len(config.points) == 10 and lab.experiment.iteration == 0
    want = make_dataset("uploaded", seed=config.data_seed, points=config.points)
    np.testing.assert_array_equal(lab.experiment.data.train_X, want.train_X)
    np.testing.assert_array_equal(lab.boundary_view._data.test_X, want.test_X)  # the panels' points
    assert lab.controls.noise_text.disabled and lab.controls.noise.disabled  # no noise is drawn
    assert lab.share.text.value.startswith("no link: uploaded data (10 points)")


def test_the_points_stay_while_another_dataset_is_tried(make_lab):
    lab = make_lab()
    choose(lab.controls.data_upload, GOOD)
    points = lab.experiment.config.points
    lab.controls.dataset.value = "moons"
    assert lab.experiment.config.points is None and not lab.controls.noise_text.disabled
    assert lab.share.text.value.startswith("?dataset=moons")
    lab.controls.dataset.value = "uploaded"
    assert lab.experiment.config.points == points
    lab.controls.data_seed.value = 4  # another held-out third
    assert lab.experiment.config.data_seed == 4 and lab.experiment.config.points == points


def test_a_new_file_replaces_the_points_and_a_bad_one_changes_nothing(make_lab):
    lab = make_lab()
    choose(lab.controls.data_upload, GOOD)
    other = "\n".join(rows(30, start=5))
    choose(lab.controls.data_upload, other)
    assert len(lab.experiment.config.points) == 30
    before = lab.experiment
    choose(lab.controls.data_upload, lines_with(3, "1,2,2"), name="bad.csv")
    assert lab.experiment is before and len(lab.config.points) == 30
    assert "row 3: label must be 0 or 1; got 2" in lab.controls.data_upload.message.value


def test_training_on_uploaded_points_lowers_the_cost(make_lab):
    lab = make_lab(initializations=["he"], num_iterations=1000)
    choose(lab.controls.data_upload, GOOD)
    start = lab.experiment.snapshot().stable_cost[0]
    lab.step(300)
    wait_for(lambda: lab.state == "paused" and lab.experiment.iteration == 300)
    assert lab.experiment.snapshot().stable_cost[0] < start


def test_saved_settings_on_uploaded_data_load_again(make_lab):
    lab = make_lab()
    choose(lab.controls.data_upload, GOOD)
    saved = lab.config.to_json()
    other = make_lab()
    content = saved.encode()
    other.export.upload.value = [{"name": "saved.json", "type": "application/json", "size": len(content),
                                  "content": memoryview(content),
                                  "last_modified": dt.datetime.now(dt.timezone.utc)}]
    assert other.config == lab.config and other.experiment.config.points == lab.config.points
    assert other.controls.dataset.value == "uploaded" and "uploaded" in other.controls.dataset.options
    assert other.controls.noise_text.disabled


def test_a_lab_can_start_on_uploaded_points(make_lab):
    points = [(float(i), float(-i), i % 2) for i in range(12)]
    lab = make_lab(config=Config(dataset="uploaded", points=points))
    assert lab.experiment.config.points == tuple(points)
    assert lab.controls.dataset.value == "uploaded"


def test_the_upload_waits_while_a_run_can_resume(make_lab):
    lab = make_lab(num_iterations=10_000)
    lab.step(10)
    wait_for(lambda: lab.state == "paused")
    assert lab.controls.data_upload.upload.disabled
    lab.reset()
    assert not lab.controls.data_upload.upload.disabled
