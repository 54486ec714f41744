"""A learner's own data: points (x1, x2, label) parsed from a CSV file, by the rules Config checks
them with (core/fields.py POINTS).

Every problem is a ValueError whose message names it and, for a CSV, the row as a spreadsheet
numbers it: the first line of the file is row 1, whether or not it is the header, and blank
lines keep their number (they are skipped, not removed).
"""
import csv
import math
import re

from . import fields

COLUMNS = ("x1", "x2", "label")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")  # no '1_000', no 'nan'
_NOT_FINITE = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}
_RULES = fields.POINTS.kind  # how many rows, which labels: the same rules Config applies


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
    values = next(csv.reader([line]))
    while values and not values[-1].strip():  # a spreadsheet's empty trailing columns
        values.pop()
    return [v.strip() for v in values]


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
    problem = _RULES.count_problem(len(lines), "the file has")
    if problem:
        raise ValueError(problem)
    points = []
    for row, line in lines:
        values = _fields(line)
        if len(values) != len(COLUMNS):
            hint = " (separate values with commas, not semicolons)" if ";" in line else ""
            raise ValueError(f"row {row} has {len(values)} value{'s' * (len(values) != 1)}; expected 3: "
                             f"{','.join(COLUMNS)}{hint}")
        x1, x2 = (_value(text, name, row) for text, name in zip(values[:2], COLUMNS[:2]))
        label = _value(values[2], "label", row)
        if label not in _RULES.labels:
            raise ValueError(f"row {row}: label must be {' or '.join(map(str, _RULES.labels))}; got {values[2]}")
        points.append((x1, x2, int(label)))
    problem = _RULES.classes_problem((p[2] for p in points), "every row has")
    if problem:
        raise ValueError(problem)
    return tuple(points)
