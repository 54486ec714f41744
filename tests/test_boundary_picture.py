"""The boundary panels' picture: a PNG made in the kernel (ui/views/picture.py), decoded here
with nothing but zlib, so the test reads what the page will be sent."""
import base64
import struct
import zlib

import numpy as np

from initlab.ui.palette import BOUNDARY_COLORS
from initlab.ui.views.boundary import BoundaryView
from initlab.ui.views.picture import colors, data_url, png


def decode(data):
    """(height, width, 3) uint8 pixels of an 8-bit RGB PNG with filter 0 on every row."""
    data = bytes(data)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, size = 8, b"", None
    while pos < len(data):
        (length,), tag = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        assert struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0] == zlib.crc32(tag + body)
        if tag == b"IHDR":
            size = struct.unpack(">IIBBBBB", body)
            assert size[2:] == (8, 2, 0, 0, 0)
        elif tag == b"IDAT":
            idat += body
        pos += 12 + length
    width, height = size[:2]
    rows = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(height, 1 + 3 * width)
    assert (rows[:, 0] == 0).all()
    return rows[:, 1:].reshape(height, width, 3)


def rgb(hex_color):
    return [int(hex_color[i:i + 2], 16) for i in (1, 3, 5)]


def test_the_three_colours_and_black_for_nan():
    p = np.array([[0.0, 0.5, 1.0, np.nan]], dtype=np.float32)
    assert colors(p).tolist() == [[rgb(c) for c in BOUNDARY_COLORS] + [[0, 0, 0]]]
    quarter = colors(np.array([[0.25]]))[0, 0]
    expected = np.rint((np.array(rgb(BOUNDARY_COLORS[0])) + rgb(BOUNDARY_COLORS[1])) / 2)
    assert quarter.tolist() == expected.tolist()  # linear between 0's colour and 0.5's


def test_png_is_the_grid_with_the_largest_y_on_top():
    p = np.zeros((3, 4), dtype=np.float32)
    p[2, 0] = 1.0  # the last row of the grid is the largest y, the first column the smallest x
    pixels = decode(png(p))
    assert pixels.shape == (3, 4, 3)
    assert pixels[0, 0].tolist() == rgb(BOUNDARY_COLORS[2])
    assert (pixels.reshape(-1, 3)[1:] == rgb(BOUNDARY_COLORS[0])).all()


class Data:
    train_X = test_X = np.array([[0.0, 1.0], [0.0, 1.0]])
    train_Y = test_Y = np.array([[0, 1]])


class Boundary:
    xs = np.linspace(-1.0, 1.0, 5)
    ys = np.linspace(-2.0, 2.0, 3)


class Snapshot:
    labels = ("zeros", "He")
    boundary = Boundary()


def test_panels_show_each_frame_and_put_it_into_the_figure_only_to_be_saved():
    view = BoundaryView(panel_size=(232, 248))
    view.show_data(Data())
    snap = Snapshot()
    snap.boundary.probability = np.stack([np.full((3, 5), 0.5), np.linspace(0, 1, 15).reshape(3, 5)])
    view.update(snap)
    he = view.panels[1]
    # the points' scales span the cells, so the picture's pixels sit under their grid points
    assert (he.x_scale.min, he.x_scale.max, he.y_scale.min, he.y_scale.max) == (-1.25, 1.25, -3.0, 3.0)
    assert decode(he.picture.value).tolist() == colors(snap.boundary.probability[1])[::-1].tolist()
    assert not he._saved_copy.visible
    he.for_saving()
    assert he._saved_copy.visible
    prefix = b"data:image/png;base64,"
    assert bytes(he._saved_copy.image.value).startswith(prefix)
    assert base64.b64decode(bytes(he._saved_copy.image.value)[len(prefix):]) == bytes(he.picture.value)
    assert data_url(he.picture.value) == bytes(he._saved_copy.image.value)
    first = bytes(he.picture.value)
    snap.boundary.probability = snap.boundary.probability[:, ::-1].copy()
    view.update(snap)
    assert bytes(he.picture.value) != first and not he._saved_copy.visible  # the live picture again
    np.testing.assert_array_equal(view.colors[1], snap.boundary.probability[1].astype(np.float32))
    snap.boundary.probability[0, 1, 1] = np.nan
    view.update(snap)
    assert view.panels[0].figure.title == "zeros †" and decode(view.panels[0].picture.value)[1, 1].tolist() == [0, 0, 0]


def test_only_a_save_puts_the_picture_into_the_figure(make_lab):
    from initlab.ui.figures import every_figure
    lab = make_lab()
    every_figure(lab)  # the export's list of figures, refreshed after every rebuild
    assert not any(p._saved_copy.visible for p in lab.boundary_view.panels)
    lab.export.figure.value = "boundary-he"
    assert lab.export.save("png") == "initlab-boundary-he.png"
    he = lab.boundary_view.panels[-1]
    assert he._saved_copy.visible and bytes(he._saved_copy.image.value) == data_url(he.picture.value)
