"""A learner's own data: points (x1, x2, label) checked for Config, and parsed from a CSV file.

Every problem is a ValueError whose message names it and, for a CSV, the row as a spreadsheet
numbers it: the first line of the file is row 1, whether or not it is the header, and blank
lines keep their number (they are skipped, not removed).
"""
import csv
import math
import numbers
import re

from . import limits

COLUMNS = ("x1", "x2", "label")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")  # no '1_000', no 'nan'
_NOT_FINITE = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}


def _count_problem(n, what):
    limit = limits.N_SAMPLES
    if n < limit.low:
        return f"{what} {n:,} rows; at least {limit.low:,} are needed"
    if n > limit.high:
        return f"{what} {n:,} rows (at most {limit.high:,})"
    return None


def _classes_problem(labels, what):
    present = set(labels)
    if len(present) < 2:
        (only,) = present
        return (f"{what} only label {only} (one class only): the points need both classes, "
                "labels 0 and 1")
    return None


def check_points(points):
    """Config's points: a tuple of (float x1, float x2, int label) rows, or ValueError/TypeError
    naming the row by its 0-based index, as Python shows it (points[3])."""
    if isinstance(points, (str, bytes, dict)) or not hasattr(points, "__iter__"):
        raise TypeError(f"points must be a list of (x1, x2, label) rows; got {type(points).__name__}")
    rows = []
    for i, row in enumerate(points):
        if isinstance(row, (str, bytes, dict)) or not hasattr(row, "__len__") or len(row) != 3:
            raise ValueError(f"points[{i}] must be one (x1, x2, label) row; got {row!r}")
        x1, x2, label = row
        for name, x in (("x1", x1), ("x2", x2)):
            if isinstance(x, bool) or not isinstance(x, numbers.Real):
                raise TypeError(f"points[{i}]: {name} must be a number; got {x!r}")
            if not math.isfinite(x):
                raise ValueError(f"points[{i}]: {name} must be finite; got {x}")
        if isinstance(label, bool) or not isinstance(label, numbers.Real) or label not in (0, 1):
            raise ValueError(f"points[{i}]: label must be 0 or 1; got {label!r}")
        rows.append((float(x1), float(x2), int(label)))
    problem = _count_problem(len(rows), "points has") or _classes_problem((r[2] for r in rows), "points has")
    if problem:
        raise ValueError(problem)
    return tuple(rows)


def _decode(content):
    if isinstance(content, str):
        return content
    try:
        return bytes(content).decode("utf-8-sig")  # a spreadsheet's UTF-8 export starts with a BOM
    except UnicodeDecodeError as exc:
        row = bytes(content)[:exc.start].count(b"\n") + 1
        raise ValueError(f"the file is not UTF-8 text: byte 0x{exc.object[exc.start]:02x} in row {row} "
                         "(save it as CSV UTF-8)") from None


def _fields(line):
    fields = next(csv.reader([line]))
    while fields and not fields[-1].strip():  # a spreadsheet's empty trailing columns
        fields.pop()
    return [f.strip() for f in fields]


def _is_number(text):
    return bool(_NUMBER.fullmatch(text)) or text.lower() in _NOT_FINITE


def _value(text, column, row):
    if not text:
        raise ValueError(f"row {row}: {column} is empty")
    if text.lower() in _NOT_FINITE:
        raise ValueError(f"row {row}: {column} is {text}; every number must be finite")
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"row {row}: {column} {text!r} is not a number")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"row {row}: {column} {text} is too large; every number must be finite")
    return value


def parse_csv(content):
    """The points of a CSV file (bytes or str) with columns x1,x2,label; the header row is optional."""
    lines = [(row, line) for row, line in enumerate(_decode(content).splitlines(), start=1) if line.strip()]
    if not lines:
        raise ValueError("the file is empty")
    first_row, first = lines[0]
    header = _fields(first)
    if not any(_is_number(f) for f in header):
        if [f.lower() for f in header] != list(COLUMNS):
            raise ValueError(f"row {first_row}: the header must be {','.join(COLUMNS)}; got {first.strip()!r}")
        lines = lines[1:]
        if not lines:
            raise ValueError("the file has a header but no data rows")
    problem = _count_problem(len(lines), "the file has")
    if problem:
        raise ValueError(problem)
    points = []
    for row, line in lines:
        fields = _fields(line)
        if len(fields) != len(COLUMNS):
            hint = " (separate values with commas, not semicolons)" if ";" in line else ""
            raise ValueError(f"row {row} has {len(fields)} value{'s' * (len(fields) != 1)}; expected 3: "
                             f"{','.join(COLUMNS)}{hint}")
        x1, x2 = (_value(text, name, row) for text, name in zip(fields[:2], COLUMNS[:2]))
        label = _value(fields[2], "label", row)
        if label not in (0, 1):
            raise ValueError(f"row {row}: label must be 0 or 1; got {fields[2]}")
        points.append((x1, x2, int(label)))
    problem = _classes_problem((p[2] for p in points), "every row has")
    if problem:
        raise ValueError(problem)
    return tuple(points)
