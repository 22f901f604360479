"""Partnership milestones computed from the graph: value, target, status and evidence.

A milestone is a data row (``milestones.csv``, linked to its action point by
``measures.csv``) naming a query in ``queries/``. The query takes ``$as_of`` (the last day
that counts), ``$start`` (the first, optional) and the row's ``params``, and returns one
evidence row per counted item; the milestone's value is the number of rows, unless the
query returns a single row with a ``value`` column, which is then used instead.
Adding a milestone is a data-only change. See ``docs/milestones.md``.

The status rule (:func:`judge`), in order:

- ``met``: value >= target, counting evidence up to ``min(as_of, deadline)``;
- ``missed``: the deadline is before ``as_of`` and the target was not reached;
- ``no data``: the query returned no rows (nothing recorded yet, or the window has not
  started): progress cannot be judged, which is not the same as being behind;
- ``on track``: value >= target prorated by the elapsed share of the window
  ``start..deadline``;
- ``at risk``: behind that pace, or below target with no ``start`` to prorate from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from graph.errors import RspError
from graph.values import number

Status = Literal["met", "on track", "at risk", "no data", "missed"]
#: Every status, from best to worst news.
STATUSES: tuple[Status, ...] = ("met", "on track", "at risk", "no data", "missed")
#: Parameters the milestone machinery sets itself; a row's ``params`` may not set them.
RESERVED_PARAMS = ("as_of", "start")
#: The query that lists the milestone rows loaded in the graph.
LIST_QUERY = "milestone_list"


@dataclass(frozen=True)
class Milestone:
    """One milestone row as loaded in the graph."""

    id: str
    title: str
    metric: str
    query: str
    target: float
    deadline: dt.date
    start: dt.date | None = None
    params: tuple[str, ...] = ()
    baseline: float | None = None
    action_points: tuple[str, ...] = ()
    action_point_titles: tuple[str, ...] = ()
    source: str = ""
    verified: bool = True
    illustrative: bool = False
    note: str = ""

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Milestone:
        """A milestone from a row of the ``milestone_list`` query (or a CSV-like dict)."""
        ident = str(row.get("id") or "")
        deadline = as_date(row.get("deadline"))
        if deadline is None:
            raise RspError(f"milestone {ident!r} has no deadline")
        params = row.get("params") or ()
        if isinstance(params, str):
            params = [p for p in params.split("|") if p.strip()]
        target = row.get("target")
        if target is None:
            raise RspError(f"milestone {ident!r} has no target")
        point = row.get("action_point")
        point_title = row.get("action_point_title")
        baseline = row.get("baseline")
        return cls(
            id=ident,
            title=str(row.get("title") or ident),
            metric=str(row.get("metric") or ""),
            query=str(row.get("query") or ""),
            target=float(target),
            deadline=deadline,
            start=as_date(row.get("start")),
            params=tuple(str(p).strip() for p in params),
            baseline=None if baseline is None else float(baseline),
            action_points=(str(point),) if point else (),
            action_point_titles=(str(point_title),) if point and point_title else (),
            source=str(row.get("source") or ""),
            verified=bool(True if row.get("verified") is None else row.get("verified")),
            illustrative=bool(row.get("illustrative") or False),
            note=str(row.get("note") or ""),
        )

    def param_values(self) -> dict[str, str]:
        """The row's ``key=value`` params as a dict (raises :class:`RspError` if malformed)."""
        out: dict[str, str] = {}
        for item in self.params:
            key, sep, value = item.partition("=")
            key = key.strip()
            if not sep or not key:
                raise RspError(f"milestone {self.id!r}: parameter {item!r} is not key=value")
            if key in RESERVED_PARAMS:
                raise RspError(f"milestone {self.id!r}: parameter {key!r} is set by the "
                               "milestone itself (as_of = the reporting date capped at the "
                               "deadline, start = the start column); remove it from params")
            if key in out:
                raise RspError(f"milestone {self.id!r}: parameter {key!r} is given twice")
            out[key] = value.strip()
        return out


@dataclass(frozen=True)
class MilestoneStatus:
    """A milestone's state on a reporting date, with the rows that justify it."""

    milestone: Milestone
    as_of: dt.date
    #: Last day whose evidence counts: ``min(as_of, deadline)``.
    counted_until: dt.date
    value: float
    status: Status
    #: The target prorated to ``as_of`` (``None`` when it cannot be prorated).
    expected: float | None
    reason: str
    evidence: tuple[dict[str, Any], ...] = field(default=())

    @property
    def id(self) -> str:
        return self.milestone.id

    @property
    def title(self) -> str:
        return self.milestone.title

    @property
    def target(self) -> float:
        return self.milestone.target

    @property
    def deadline(self) -> dt.date:
        return self.milestone.deadline

    @property
    def start(self) -> dt.date | None:
        return self.milestone.start

    @property
    def sources(self) -> list[str]:
        """The distinct ``source`` values of the evidence rows, sorted."""
        return sorted(evidence_sources(self.evidence))

    def as_dict(self, *, evidence: bool = True) -> dict[str, Any]:
        """Plain values for JSON output; ``evidence=False`` leaves the rows out."""
        m = self.milestone
        out: dict[str, Any] = {
            "id": m.id,
            "action_point": "; ".join(m.action_points),
            "title": m.title,
            "metric": m.metric,
            "query": m.query,
            "params": list(m.params),
            "start": m.start,
            "deadline": m.deadline,
            "as_of": self.as_of,
            "baseline": m.baseline,
            "target": m.target,
            "value": self.value,
            "expected": None if self.expected is None else round(self.expected, 2),
            "status": self.status,
            "reason": self.reason,
            "evidence_count": len(self.evidence),
            "sources": self.sources,
            "illustrative": m.illustrative,
        }
        if evidence:
            out["evidence"] = [dict(row) for row in self.evidence]
        return out


def as_date(value: Any) -> dt.date | None:
    """A date from a stored value (date, datetime or ISO text); ``None`` stays ``None``.

    >>> as_date("2025-12-31"), as_date(None)
    (datetime.date(2025, 12, 31), None)
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def elapsed_share(start: dt.date, deadline: dt.date, as_of: dt.date) -> float:
    """Share of the window ``start..deadline`` elapsed on ``as_of`` (0 on start, 1 on deadline).

    >>> elapsed_share(dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2025, 7, 2))
    0.5
    >>> elapsed_share(dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2024, 5, 1))
    0.0
    """
    total = (deadline - start).days
    if total <= 0:
        return 1.0
    done = (min(as_of, deadline) - start).days
    return max(0.0, min(1.0, done / total))


def judge(value: float, target: float, *, as_of: dt.date, deadline: dt.date,
          start: dt.date | None, has_data: bool) -> tuple[Status, float | None, str]:
    """The status rule: ``(status, expected value by as_of, reason)``.

    >>> d = dt.date
    >>> judge(4, 4, as_of=d(2026, 1, 5), deadline=d(2025, 12, 31), start=d(2025, 1, 1),
    ...       has_data=True)
    ('met', 4, '4 reached the target of 4')
    >>> judge(0, 1, as_of=d(2026, 1, 5), deadline=d(2025, 12, 31), start=d(2025, 1, 1),
    ...       has_data=False)[0]
    'missed'
    >>> judge(0, 2, as_of=d(2026, 1, 5), deadline=d(2027, 12, 31), start=d(2027, 1, 1),
    ...       has_data=False)[0]
    'no data'
    >>> status, expected, reason = judge(2, 4, as_of=d(2025, 7, 2), deadline=d(2025, 12, 31),
    ...                                  start=d(2025, 1, 1), has_data=True)
    >>> status, expected
    ('on track', 2.0)
    >>> print(reason)
    2 of 4; 2 expected by now (50% of the window 2025-01-01..2025-12-31 elapsed)
    >>> judge(1, 4, as_of=d(2025, 7, 2), deadline=d(2025, 12, 31), start=d(2025, 1, 1),
    ...       has_data=True)[0]
    'at risk'
    """
    of = f"{number(value)} of {number(target)}"
    if value >= target:
        return "met", target, f"{number(value)} reached the target of {number(target)}"
    if as_of > deadline:
        return "missed", target, f"{of} by the deadline {deadline.isoformat()}, which has passed"
    if start is not None and as_of < start:
        expected: float | None = 0.0
    elif start is not None:
        expected = target * elapsed_share(start, deadline, as_of)
    else:
        expected = None
    if not has_data:
        if start is not None and as_of < start:
            why = f"the counting window starts on {start.isoformat()}"
        else:
            why = "no evidence recorded in the graph yet"
        return "no data", expected, f"{of}: {why}"
    if expected is None:
        return "at risk", None, (f"{of}: below target, and without a start date the target "
                                 "cannot be prorated")
    assert start is not None
    share = elapsed_share(start, deadline, as_of)
    pace = (f"{number(expected)} expected by now ({share:.0%} of the window "
            f"{start.isoformat()}..{deadline.isoformat()} elapsed)")
    if value >= expected:
        return "on track", expected, f"{of}; {pace}"
    return "at risk", expected, f"{of}; {pace}"


def evidence_sources(rows: Sequence[Mapping[str, Any]]) -> set[str]:
    """The distinct non-empty ``source`` values of evidence rows (a list counts each item)."""
    found: set[str] = set()
    for row in rows:
        value = row.get("source")
        items = value if isinstance(value, list | tuple) else [value]
        found.update(str(v) for v in items if v not in (None, ""))
    return found


def evidence_order(row: Mapping[str, Any]) -> tuple[bool, dt.date, str]:
    when = row.get("date")
    day = as_date(when) if isinstance(when, dt.date | str) else None
    return (day is None, day or dt.date.min, str(row.get("item") or row.get("name") or ""))


def status_counts(statuses: Sequence[MilestoneStatus]) -> dict[str, int]:
    """How many milestones have each status (every status listed, zeros included)."""
    counts: dict[str, int] = {s: 0 for s in STATUSES}
    for item in statuses:
        counts[item.status] += 1
    return counts
