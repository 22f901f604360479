"""Render rows as an aligned text table, JSON or CSV: the formats every command offers.

Values go through :mod:`graph.values`, the one formatter. CSV cells that a spreadsheet
would run as a formula are neutralised (:func:`graph.values.spreadsheet_safe`); table
cells show direction-override and control characters as ``<U+XXXX>``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from graph.values import json_default, plain, spreadsheet_safe, text

FORMATS = ("table", "json", "csv")


def to_json(data: Any) -> str:
    """Indented JSON with dates as ISO text; refuses NaN and infinities (invalid JSON)."""
    return json.dumps(data, default=json_default, ensure_ascii=False, indent=2,
                      allow_nan=False)


def table(columns: Sequence[str], rows: Sequence[Sequence[Any]], max_width: int = 60) -> str:
    """An aligned plain-text table; long cells are cut with an ellipsis.

    >>> print(table(["a", "bb"], [(1, "x"), (22, None)]))
    a   bb
    --  --
    1   x
    22
    """
    cells = [[_cut(plain(text(v)), max_width) for v in row] for row in rows]
    widths = [len(c) for c in columns]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
              for row in cells]
    return "\n".join(lines)


def _cut(value: str, width: int) -> str:
    value = " ".join(value.split())
    return value if len(value) <= width else value[: width - 1] + "…"


def csv_text(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """CSV with a header row; formula-like text cells neutralised.

    >>> print(csv_text(["a"], [("=1+1",), (-3,)]))
    a
    '=1+1
    -3
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[spreadsheet_safe(v) for v in row] for row in rows])
    return buffer.getvalue().rstrip("\n")


def render(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "table",
           empty: str = "(no rows)") -> str:
    """Rows in one of :data:`FORMATS`; JSON is a list of objects keyed by column.

    ``empty`` is what a table shows when there are no rows: a sentence saying why
    is better than the default.
    """
    if fmt == "json":
        return to_json([dict(zip(columns, row, strict=True)) for row in rows])
    if fmt == "csv":
        return csv_text(columns, rows)
    if not rows:
        return empty
    return table(columns, rows)
