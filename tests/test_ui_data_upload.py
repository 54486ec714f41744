"""The CSV upload widget without a browser: files set as the front end sets FileUpload.value."""
import re

import pytest

from initlab.ui.data_upload import DataUpload

from csv_files import BAD_FILES, GOOD, NOT_UTF8, choose


@pytest.fixture
def widget():
    made = DataUpload()
    yield made
    made.widget.close()
    made.upload.close()
    made.message.close()


def test_the_control_takes_csv_files(widget):
    assert "initlab-data-upload" in widget.upload._dom_classes
    assert widget.upload.accept == ".csv,text/csv" and not widget.upload.multiple
    assert "initlab-data-message" in widget.message._dom_classes
    assert "x1,x2,label" in widget.upload.tooltip


def test_a_good_file_hands_its_points_to_the_callbacks(widget):
    got = []
    widget.on_load(got.append)
    choose(widget, GOOD, name="mine.csv")
    assert got == [tuple((0.5 * i, -0.25 * i, i % 2) for i in range(10))]
    assert widget.points == got[0] and widget.filename == "mine.csv"
    assert "mine.csv: 10 points loaded" in widget.message.value and "alert" not in widget.message.value
    assert widget.upload.value == ()  # the same file, mended, can be chosen again
    choose(widget, GOOD, name="mine.csv")
    assert len(got) == 2


@pytest.mark.parametrize("content, message", BAD_FILES + [NOT_UTF8],
                         ids=[m[:40] for _, m in BAD_FILES + [NOT_UTF8]])
def test_a_bad_file_is_named_and_the_current_data_stay(widget, content, message):
    got = []
    widget.on_load(got.append)
    choose(widget, GOOD, name="good.csv")
    choose(widget, content, name="bad <1>.csv")
    assert len(got) == 1 and widget.points == got[0] and widget.filename == "good.csv"
    shown = widget.message.value
    assert "role='alert'" in shown and "bad &lt;1&gt;.csv was not loaded" in shown
    assert re.search(message.replace("'", "&#x27;"), shown), shown
    assert shown.endswith("The current data stay.</div>")
    choose(widget, GOOD, name="good.csv")  # a good file clears the message
    assert "alert" not in widget.message.value and len(got) == 2


def test_a_callback_can_be_removed(widget):
    got = []
    widget.on_load(got.append)
    widget.on_load(got.append, remove=True)
    choose(widget, GOOD)
    assert got == [] and widget.points is not None
