"""A probability grid as a PNG the page only has to decode: the boundary panels' picture.

The page redraws a bqplot HeatMap cell by cell and re-encodes it to PNG on every frame, and
repaints the points drawn over it; a PNG made here and shown in its own layer under the points
costs chromium about a third as much per frame (docs/performance.md).
"""
import base64
import struct
import zlib

import numpy as np

from ..palette import BOUNDARY_COLORS

NOT_FINITE_RGB = (0, 0, 0)  # a diverged model's nan: black, as the key says


def _rgb(hex_color):
    return np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)], dtype=np.float64)


LOW, MID, HIGH = (_rgb(c) for c in BOUNDARY_COLORS)  # the colours of probabilities 0, 0.5, 1


def colors(probability):
    """(ny, nx) probabilities -> (ny, nx, 3) uint8 sRGB, linear between the three colours
    as bqplot's ColorScale(min=0, mid=0.5, max=1) draws them; nan is black."""
    p = np.asarray(probability, dtype=np.float64)
    finite = np.isfinite(p)
    t = np.clip(np.where(finite, p, 0.5), 0.0, 1.0)[..., None]
    low = t < 0.5
    rgb = np.where(low, LOW + (MID - LOW) * (2 * t), MID + (HIGH - MID) * (2 * t - 1))
    rgb[~finite] = NOT_FINITE_RGB
    return np.rint(rgb).astype(np.uint8)


def _chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def png(probability):
    """The grid as an 8-bit RGB PNG, one pixel per grid point, the largest y in the top row."""
    rgb = colors(probability)[::-1]
    height, width, _ = rgb.shape
    rows = np.concatenate([np.zeros((height, 1), np.uint8), rgb.reshape(height, -1)], axis=1)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)) + _chunk(b"IEND", b""))


def data_url(png_bytes):
    """A data: URL, which a saved SVG carries inside itself (a blob: URL would not travel)."""
    return b"data:image/png;base64," + base64.b64encode(png_bytes)
