"""
Reading a dataset file the way LSTM Studio reads it (`src/data/decode-text.ts`, `table.ts`, `cells.ts`):
UTF-8 with an optional byte-order mark; CSV/TSV with a header row (RFC 4180 quoting, blank lines
skipped, header names trimmed); JSON Lines (one object per line, keys in order of first appearance,
values turned into cells as JavaScript's `String(value)` would); numbers read strictly.
"""

import csv
import decimal
import hashlib
import io
import json
import math
import re
import sys

# JavaScript's String.prototype.trim() removes exactly these (WhiteSpace and LineTerminator).
JS_WHITESPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


def js_trim(text):
    return text.strip(JS_WHITESPACE)


def js_round(x):
    """JavaScript's Math.round (halves go up), not Python's banker's rounding."""
    return math.floor(x + 0.5)


class DatasetError(Exception):
    """A problem with the dataset file, with a message that says what to fix."""


def read_dataset_text(path, expected_fingerprint=None, encoding="auto"):
    """The file's text (BOM stripped) and a warning when its bytes differ from the ones the model was trained on."""
    with open(path, "rb") as handle:
        data = handle.read()
    warning = None
    fingerprint = "sha256:" + hashlib.sha256(data).hexdigest()
    if expected_fingerprint and expected_fingerprint.startswith("sha256:") and fingerprint != expected_fingerprint:
        warning = (f"{path} has changed since the exported run trained on it ({fingerprint[:19]}… instead of "
                   f"{expected_fingerprint[:19]}…): the split and the batches will differ from the run's")
    encoding = dataset_encoding(data, encoding)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise DatasetError(f"{path}: not valid {encoding} (first invalid byte at offset {error.start}); re-save it as UTF-8") from error
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, warning


_DECLARATION = re.compile(r"(?:\bencoding|\bcharset|\bcoding)\s*[:=]\s*[\"']?([A-Za-z0-9][A-Za-z0-9_.:-]*)", re.I)
_LATIN1 = {"latin-1", "latin1", "l1", "iso-8859-1", "iso8859-1", "iso-latin-1", "cp819", "ascii", "us-ascii",
           "windows-1252", "cp1252", "x-cp1252"}


def dataset_encoding(data, choice="auto"):
    """The encoding LSTM Studio reads the bytes in (src/data/text-encoding.ts): a byte-order mark, UTF-16's NULs,
    a declaration on the first two lines, else UTF-8; `choice` (the run's --encoding) wins over all but the mark."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8"
    if data.startswith(b"\xff\xfe"):
        return "utf-16-le"
    if data.startswith(b"\xfe\xff"):
        return "utf-16-be"
    if choice and choice != "auto":
        return {"latin-1": "cp1252", "utf-16": "utf-16-le"}.get(choice, choice)
    head = data[:4096]
    pairs = len(head) // 2
    even = sum(1 for i in range(0, 2 * pairs, 2) if head[i] == 0)
    odd = sum(1 for i in range(1, 2 * pairs, 2) if head[i] == 0)
    looks = lambda many, few: many >= 2 and many * 4 >= pairs and few * 16 <= many
    if looks(odd, even):
        return "utf-16-le"
    if looks(even, odd):
        return "utf-16-be"
    for line in head[:1024].split(b"\n")[:2]:
        match = _DECLARATION.search(line.decode("ascii", "replace"))
        if match:
            name = match.group(1).lower().replace("_", "-")
            return "cp1252" if name in _LATIN1 else "utf-8"
    return "utf-8"


def parse_table(text, file_format, name, header=True):
    """(columns, rows) of a CSV, TSV or JSON Lines text; every row as long as the header. `header=False`:
    the first row is data and the columns are named by position (`column 1`, …), as a headerless pairs file."""
    if file_format == "jsonl":
        return _parse_json_lines(text, name)
    delimiter = "\t" if file_format == "tsv" else ","
    has_header, header = header, None
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    rows = []
    for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        if len(record) == 0 or (len(record) == 1 and js_trim(record[0]) == ""):
            continue  # a blank line, or a line of spaces
        if header is None:
            header = record
            if not has_header:
                header = [f"column {i + 1}" for i in range(len(record))]
                rows.append(record)
            continue
        if len(record) != len(header):
            raise DatasetError(f"{name}: expected {len(header)} columns, found {len(record)} in row {len(rows) + 1}")
        rows.append(record)
    if header is None or not rows:
        raise DatasetError(f"{name}: the file has no data rows")
    columns = [js_trim(h) or f"column {i + 1}" for i, h in enumerate(header)]
    return columns, rows


def _parse_json_lines(text, name):
    columns = {}
    objects = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = js_trim(line)
        if line == "":
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            raise DatasetError(f"{name}: line {number}: not valid JSON ({error})") from error
        if not isinstance(value, dict):
            raise DatasetError(f"{name}: line {number}: expected a JSON object")
        for key in value:
            columns.setdefault(key, len(columns))
        objects.append(value)
    if not objects:
        raise DatasetError(f"{name}: the file holds no JSON objects")
    names = list(columns)
    return names, [[_cell_text(o.get(n)) for n in names] for o in objects]


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return js_number_string(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def js_number_string(x):
    """JavaScript's String(number) for the numbers JSON can hold."""
    if isinstance(x, int):
        return str(x)
    text = repr(float(x))  # the shortest digits that round-trip, as JavaScript chooses them
    if math.isfinite(x) and x == int(x) and abs(x) < 1e21:
        return str(int(x)) if abs(x) < 2**53 else "{:f}".format(decimal.Decimal(text))
    mantissa, _, exponent = text.partition("e")
    if not exponent:
        return text
    sign = "-" if exponent.startswith("-") else "+"
    return f"{mantissa.removesuffix('.0')}e{sign}{exponent.lstrip('+-').lstrip('0') or '0'}"


DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def read_number(cell, where):
    """A cell as a decimal number, or a DatasetError naming the row and the column."""
    text = js_trim(cell)
    if DECIMAL.match(text):
        value = float(text)
        if math.isfinite(value):
            return value
    raise DatasetError(f"{where}: '{text}' is not a finite number; a series needs a number in every row")


def column_index(columns, name, file):
    if name not in columns:
        raise DatasetError(f"{file}: there is no column '{name}'; the columns are {', '.join(columns)}")
    return columns.index(name)
