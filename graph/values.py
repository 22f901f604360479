"""The one formatter of values: a number, date or list reads the same in every output.

The table, CSV and JSON output of the command line, the network page, the report and the
sentences analyses write (a milestone's reason) all show values through :func:`text` (and
:func:`number` for numbers), so a score of 6.4967 is "6.5" everywhere, never 6.497 in one
place and 6.50 in another. JSON keeps raw values; :func:`json_default` only turns what JSON
cannot hold (dates, sets) into text. It lives in the bottom layer so that every layer above
can use it without an import cycle.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any

#: Separator between the items of a list value.
LIST_JOIN = "; "

#: Characters that change the direction of the text around them; printed raw, they can
#: make a table lie about what a cell holds (e.g. "exe.txt" shown for "txt.exe").
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
#: A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def number(value: float | int | None) -> str:
    """A number as people write it: whole numbers without decimals, others rounded to two
    decimals (three significant digits below 1), trailing zeros dropped.

    >>> number(4.0), number(6.4967), number(7.9), number(0.01234), number(None)
    ('4', '6.5', '7.9', '0.0123', '')
    >>> number(250000.0), number(-1.005), number(float("nan"))
    ('250000', '-1', 'nan')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return str(value)
    if value.is_integer():
        return str(int(value))
    # Two decimals from 1 up; three significant digits below, so 0.0123 keeps its meaning.
    shown = f"{value:.2f}".rstrip("0").rstrip(".") if abs(value) >= 1 else f"{value:.3g}"
    return "0" if shown in ("-0", "") else shown


def text(value: Any) -> str:
    """Any stored or computed value as the text every output shows.

    >>> [text(None), text(True), text(2.0), text(0.25), text(["a", 1.5])]
    ['', 'yes', '2', '0.25', 'a; 1.5']
    >>> text(dt.date(2025, 1, 2)), text(dt.datetime(2025, 1, 2, 10, 30))
    ('2025-01-02', '2025-01-02 10:30')
    """
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return number(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return LIST_JOIN.join(text(v) for v in value)
    if isinstance(value, set | frozenset):
        return LIST_JOIN.join(sorted(text(v) for v in value))
    if isinstance(value, dict):
        return json.dumps(value, default=json_default, ensure_ascii=False, sort_keys=True)
    return str(value)


def json_default(value: Any) -> Any:
    """What ``json.dumps`` cannot write itself: dates as ISO text, sets as sorted lists."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    return str(value)


def plain(value: str) -> str:
    """Text safe to print in a terminal table: direction overrides and control characters
    are shown as ``<U+XXXX>`` instead of acting on the text around them.

    >>> plain("abc\u202edef")
    'abc<U+202E>def'
    """
    def shown(match: re.Match[str]) -> str:
        return f"<U+{ord(match.group()):04X}>"

    return _CONTROL.sub(shown, _BIDI.sub(shown, value))


def spreadsheet_safe(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula: text starting with
    ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading apostrophe (the
    usual neutralisation, which spreadsheets hide); numbers stay numbers.

    >>> spreadsheet_safe('=HYPERLINK("http://x")'), spreadsheet_safe(-2.5), spreadsheet_safe("a")
    ('\\'=HYPERLINK("http://x")', '-2.5', 'a')
    """
    shown = text(value)
    if isinstance(value, str) and shown.startswith(FORMULA_START):
        return "'" + shown
    return shown
