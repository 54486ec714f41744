"""A learner's own data without widgets: CSV parsing, its messages, the Config field, the
dataset it makes (split, scaling), JSON round trip and the link's refusal."""
import json

import numpy as np
import pytest

from initlab import Config, Experiment
from initlab.core import fields
from initlab.core.datasets import make_dataset
from initlab.core.query import to_query
from initlab.core.uploaded import parse_csv

from csv_files import BAD_FILES, GOOD, NOT_UTF8, rows


def test_a_good_file_with_header_gives_its_points():
    points = parse_csv(GOOD.encode())
    assert points == tuple((0.5 * i, -0.25 * i, i % 2) for i in range(10))


def test_the_header_is_optional_and_excel_exports_are_read():
    bare = "\n".join(rows(10))
    assert parse_csv(bare) == parse_csv(GOOD)
    excel = ("\ufeffX1,X2,Label\r\n" + "\r\n".join(f"{r},," for r in rows(10)) + "\r\n").encode("utf-8")
    assert parse_csv(excel) == parse_csv(GOOD)  # BOM, CRLF, capitals, empty trailing columns
    spaced = "x1, x2, label\n\n" + "\n".join(r.replace(",", " , ") for r in rows(10))
    assert parse_csv(spaced) == parse_csv(GOOD)
    assert parse_csv("1e-3,-.5,1.0\n" + "\n".join(rows(9)))[0] == (0.001, -0.5, 1)


@pytest.mark.parametrize("text, message", BAD_FILES, ids=[m[:40] for _, m in BAD_FILES])
def test_each_bad_file_is_named_with_its_row(text, message):
    with pytest.raises(ValueError, match=message):
        parse_csv(text.encode("utf-8"))


def test_blank_lines_keep_their_row_numbers():
    text = "x1,x2,label\n\n\n" + "\n".join(rows(10)) + "\n1,2,3\n"
    with pytest.raises(ValueError, match="row 14: label must be 0 or 1; got 3"):
        parse_csv(text)


def test_non_utf8_bytes_name_the_row():
    content, message = NOT_UTF8
    with pytest.raises(ValueError, match=message):
        parse_csv(content)


def test_the_limits_are_the_configs():
    n = fields.POINTS.kind.rows.high
    assert len(parse_csv("\n".join(rows(n)))) == n
    with pytest.raises(ValueError, match=f"{n + 1} rows"):
        parse_csv("\n".join(rows(n + 1)))
    low = fields.POINTS.kind.rows.low
    assert len(parse_csv("\n".join(rows(low)))) == low
    with pytest.raises(ValueError, match=f"{low - 1} rows; at least {low}"):
        parse_csv("\n".join(rows(low - 1)))


POINTS = parse_csv(GOOD)


@pytest.mark.parametrize("points, error, message", [
    ([(0, 0, 0)] * 3 + [(1, 1, 1)] * 2, ValueError, "points has 5 rows; at least 6"),
    ([(0, 0, 1)] * 6, ValueError, "only label 1"),
    (list(POINTS[:5]) + [(0, 0, 2)], ValueError, r"points\[5\]: label must be 0 or 1; got 2"),
    (list(POINTS[:5]) + [(0, True, 1)], TypeError, r"points\[5\]: x2 must be a number"),
    (list(POINTS[:5]) + [(float("nan"), 0, 1)], ValueError, r"points\[5\]: x1 must be finite"),
    (list(POINTS[:5]) + [(0, 1)], ValueError, r"points\[5\] must be one \(x1, x2, label\) row"),
    ("0,0,1", TypeError, "points must be a list"),
])
def test_check_points_names_the_index(points, error, message):
    with pytest.raises(error, match=message):
        fields.POINTS.check(points)


def test_config_carries_the_points_and_round_trips_through_json():
    c = Config(dataset="uploaded", points=[list(p) for p in POINTS], num_iterations=50)
    assert c.points == POINTS and all(type(p[2]) is int for p in c.points)
    text = c.to_json()
    assert json.loads(text)["points"][3] == [1.5, -0.75, 1]
    back = Config.from_json(text)
    assert back == c
    a, b = Experiment(c).step(50), Experiment(back).step(50)
    np.testing.assert_array_equal(a.cost_history()[1], b.cost_history()[1])
    assert Config.from_json(Config().to_json()).points is None  # the lesson's settings stay as they were
    assert c != c.replace(points=POINTS[::-1])  # new points, new experiment


def test_points_and_the_dataset_go_together():
    with pytest.raises(ValueError, match="dataset 'uploaded' needs points"):
        Config(dataset="uploaded")
    with pytest.raises(ValueError, match="points are used only with dataset 'uploaded'; got dataset 'circles'"):
        Config(points=POINTS)


def test_a_link_refuses_uploaded_points():
    c = Config(dataset="uploaded", points=POINTS)
    with pytest.raises(ValueError, match=r"uploaded data \(10 points\) cannot be shared as a link; "
                                         "save the settings as JSON instead"):
        to_query(c)


def test_the_dataset_holds_out_a_third_of_each_class_drawn_with_the_seed():
    points = tuple((float(i), float(i * i % 7), int(i % 3 == 0)) for i in range(60))  # 20 of class 1
    d = make_dataset("uploaded", seed=4, points=points)
    assert d.train_X.shape == (2, 41) and d.test_X.shape == (2, 19)  # 40 // 3 + 20 // 3 held out
    assert (d.test_Y == 1).sum() == 20 // 3 and (d.test_Y == 0).sum() == 40 // 3
    # exactly the documented draw: of each class, the first third in RandomState(seed).permutation order
    order = np.random.RandomState(4).permutation(60)
    labels = np.array([p[2] for p in points])
    held = sorted(i for c, n in ((0, 13), (1, 6)) for i in order[labels[order] == c][:n])
    X = np.array([p[:2] for p in points]).T
    scaled = 2 * (X - X.min(axis=1, keepdims=True)) / np.ptp(X, axis=1, keepdims=True) - 1
    np.testing.assert_allclose(d.test_X, scaled[:, held], rtol=0, atol=1e-15)
    np.testing.assert_array_equal(d.test_Y[0], labels[held])
    other = make_dataset("uploaded", seed=5, points=points)
    assert not np.array_equal(d.test_X, other.test_X)
    np.testing.assert_array_equal(make_dataset("uploaded", seed=4, points=points).train_X, d.train_X)


def test_points_are_scaled_into_the_square_of_the_lessons_circles():
    points = [(1000 + 10 * i, -5e-3 * i, i % 2) for i in range(30)] + [(1000, 7, 0)]
    d = make_dataset("uploaded", seed=1, points=points)
    X = np.hstack([d.train_X, d.test_X])
    np.testing.assert_allclose(X.min(axis=1), [-1, -1], atol=1e-12)
    np.testing.assert_allclose(X.max(axis=1), [1, 1], atol=1e-12)
    flat = make_dataset("uploaded", seed=1, points=[(3.0, i, i % 2) for i in range(9)])
    assert (flat.train_X[0] == 0).all() and (flat.test_X[0] == 0).all()
    circles = make_dataset()
    assert np.abs(np.hstack([circles.train_X, circles.test_X])).max() == pytest.approx(1, abs=0.2)


def test_an_experiment_trains_on_uploaded_points_and_its_view_holds_them():
    e = Experiment(Config(dataset="uploaded", points=POINTS, initializations=("he",), num_iterations=200))
    before = e.snapshot().stable_cost[0]
    e.step(200)
    s = e.snapshot()
    assert s.stable_cost[0] < before
    X = np.hstack([e.data.train_X, e.data.test_X])
    b = s.boundary
    assert b.xs[0] < X[0].min() and X[0].max() < b.xs[-1]
    assert b.ys[0] < X[1].min() and X[1].max() < b.ys[-1]
