"""Calendar quarters, the unit of the progress report's activity charts."""

from __future__ import annotations

import datetime as dt

Quarter = tuple[int, int]


def quarter_of(day: dt.date) -> Quarter:
    """``(year, quarter)`` of a date.

    >>> quarter_of(dt.date(2025, 12, 31))
    (2025, 4)
    """
    return day.year, (day.month - 1) // 3 + 1


def quarter_label(quarter: Quarter) -> str:
    """>>> quarter_label((2025, 1))
    '2025 Q1'
    """
    return f"{quarter[0]} Q{quarter[1]}"


def quarter_end(quarter: Quarter) -> dt.date:
    """Last day of a quarter.

    >>> quarter_end((2025, 1)), quarter_end((2025, 4))
    (datetime.date(2025, 3, 31), datetime.date(2025, 12, 31))
    """
    year, q = quarter
    if q == 4:
        return dt.date(year, 12, 31)
    return dt.date(year, 3 * q + 1, 1) - dt.timedelta(days=1)


def quarter_range(first: Quarter, last: Quarter) -> list[Quarter]:
    """Every quarter from ``first`` to ``last``, both included.

    >>> [quarter_label(q) for q in quarter_range((2024, 4), (2025, 2))]
    ['2024 Q4', '2025 Q1', '2025 Q2']
    """
    out: list[Quarter] = []
    year, q = first
    while (year, q) <= last:
        out.append((year, q))
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return out
