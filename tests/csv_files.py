"""CSV files for the uploaded-data tests (core and widget): one good file and one per problem,
each with the message it must get, and how a widget test chooses a file."""
import datetime as dt


def rows(n, start=0):
    """n rows alternating labels, as CSV lines."""
    return [f"{0.5 * i},{-0.25 * i},{i % 2}" for i in range(start, start + n)]


GOOD = "x1,x2,label\n" + "\n".join(rows(10)) + "\n"


def lines_with(row, text, header=True, n=20):
    """A file of n data rows whose spreadsheet row `row` is replaced by text."""
    lines = (["x1,x2,label"] if header else []) + rows(n)
    lines[row - 1] = text
    return "\n".join(lines)


# Row numbers are the spreadsheet's: the header is row 1, so data row k is row k + 1.
BAD_FILES = [
    (lines_with(17, "0.5,abc,1"), "row 17: x2 'abc' is not a number"),
    (lines_with(3, "0.5,0.2,2"), "row 3: label must be 0 or 1; got 2"),
    (lines_with(3, "0.5,0.2,2", header=False), "row 3: label must be 0 or 1; got 2"),
    (lines_with(4, "0.5,0.2,yes"), "row 4: label 'yes' is not a number"),
    (lines_with(5, "0.5,0.2,0.5"), "row 5: label must be 0 or 1; got 0.5"),
    ("x1,x2,label\n" + "\n".join(rows(12_000)), r"the file has 12,000 rows \(at most 500\)"),
    ("x1,x2,label\n" + "\n".join(r for r in rows(40) if r.endswith("1")), "only label 1 \\(one class only\\)"),
    ("", "the file is empty"),
    ("\n  \n\n", "the file is empty"),
    ("x1,x2,label\n", "the file has a header but no data rows"),
    ("x1,x2,label\n" + "\n".join(rows(4)), "the file has 4 rows; at least 6 are needed"),
    (lines_with(6, "0.5,1"), "row 6 has 2 values; expected 3: x1,x2,label"),
    (lines_with(6, "0.5,1,0,7"), "row 6 has 4 values; expected 3: x1,x2,label"),
    (lines_with(2, "0.5;1;0"), "row 2 has 1 value; expected 3: x1,x2,label \\(separate values with commas"),
    (lines_with(8, "nan,1,0"), "row 8: x1 is nan; every number must be finite"),
    (lines_with(9, "1,-inf,0"), "row 9: x2 is -inf; every number must be finite"),
    (lines_with(9, "1,1e999,0"), "row 9: x2 1e999 is too large; every number must be finite"),
    (lines_with(10, "1,,0"), "row 10: x2 is empty"),
    (lines_with(1, "a,b,class"), "row 1: the header must be x1,x2,label; got 'a,b,class'"),
    (lines_with(11, "1_000,1,0"), "row 11: x1 '1_000' is not a number"),
]

# A Latin-1 é in row 13 (the header, 10 rows, then two more).
NOT_UTF8 = (("x1,x2,label\n" + "\n".join(rows(10))).encode() + b"\n0.5,1,0\n1,2\xe9,1\n",
            r"not UTF-8 text: byte 0xe9 in row 13 \(save it as CSV UTF-8\)")


def choose(widget, content, name="points.csv"):
    """What ipywidgets 8's front end sends when a file is chosen."""
    content = content.encode("utf-8") if isinstance(content, str) else content
    widget.upload.value = [{"name": name, "type": "text/csv", "size": len(content),
                            "content": memoryview(content),
                            "last_modified": dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)}]
