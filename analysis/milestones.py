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
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import queries
from graph.errors import QueryNotFound, RspError, StoreError
from graph.store import Store

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


def number(value: float | None) -> str:
    """A value as people write it: ``4`` not ``4.0``, else two decimals at most.

    >>> number(4.0), number(1.8712), number(None)
    ('4', '1.87', '')
    """
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


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


def _sort_key(row: Mapping[str, Any]) -> tuple[bool, dt.date, str]:
    when = row.get("date")
    day = as_date(when) if isinstance(when, dt.date | str) else None
    return (day is None, day or dt.date.min, str(row.get("item") or row.get("name") or ""))


def load_milestones(store: Store) -> list[Milestone]:
    """The milestone rows in the graph, one per milestone (its action points merged)."""
    merged: dict[str, Milestone] = {}
    for row in store.query(LIST_QUERY).dicts():
        milestone = Milestone.from_row(row)
        seen = merged.get(milestone.id)
        if seen is None:
            merged[milestone.id] = milestone
            continue
        merged[milestone.id] = replace(
            seen, action_points=seen.action_points + milestone.action_points,
            action_point_titles=seen.action_point_titles + milestone.action_point_titles)
    return sorted(merged.values(),
                  key=lambda m: (m.action_points[:1] or ("~",), m.deadline, m.id))


def query_params(milestone: Milestone, as_of: dt.date) -> tuple[queries.Query, dict[str, Any]]:
    """The milestone's query and the parameters to run it with on ``as_of``.

    Raises :class:`RspError` naming the milestone when the query does not exist or does
    not take the row's parameters.
    """
    try:
        query = queries.get(milestone.query)
    except QueryNotFound as exc:
        raise RspError(f"milestone {milestone.id!r} names query {milestone.query!r}, which "
                       f"does not exist: {exc}") from None
    declared = {p.name for p in query.params}
    if "as_of" not in declared:
        raise RspError(f"milestone {milestone.id!r}: query {milestone.query!r} does not take "
                       "$as_of, so it cannot honour the reporting date")
    params: dict[str, Any] = dict(milestone.param_values())
    unknown = sorted(set(params) - declared)
    if unknown:
        raise RspError(f"milestone {milestone.id!r}: query {milestone.query!r} has no "
                       f"parameter {unknown[0]!r} (its parameters: {', '.join(sorted(declared))})")
    params["as_of"] = min(as_of, milestone.deadline)
    if "start" in declared:
        params["start"] = milestone.start
    elif milestone.start is not None:
        raise RspError(f"milestone {milestone.id!r} has a start date, but query "
                       f"{milestone.query!r} does not take $start")
    try:
        query.bind(params)
    except RspError as exc:
        raise RspError(f"milestone {milestone.id!r}: {exc}") from None
    return query, params


def evaluate(store: Store, milestone: Milestone, as_of: dt.date) -> MilestoneStatus:
    """Run one milestone's query and judge its status on ``as_of``."""
    query, params = query_params(milestone, as_of)
    try:
        result = store.query(query.name, params)
    except StoreError as exc:
        raise StoreError(f"milestone {milestone.id!r} (query {query.name!r}): {exc}") from exc
    rows = result.dicts()
    if len(rows) == 1 and "value" in result.columns:
        raw = rows[0]["value"]
        has_data = raw is not None
        value = float(raw) if raw is not None else 0.0
    else:
        has_data = bool(rows)
        value = float(len(rows))
    rows.sort(key=_sort_key)
    status, expected, reason = judge(value, milestone.target, as_of=as_of,
                                     deadline=milestone.deadline, start=milestone.start,
                                     has_data=has_data)
    return MilestoneStatus(milestone, as_of, min(as_of, milestone.deadline), value, status,
                           expected, reason, tuple(rows))


def milestone_status(store: Store, as_of: dt.date,
                     milestones: Sequence[Milestone] | None = None) -> list[MilestoneStatus]:
    """Every milestone's value, target, status and evidence on ``as_of``.

    ``milestones`` defaults to the milestone rows loaded in the graph.
    """
    chosen = load_milestones(store) if milestones is None else list(milestones)
    return [evaluate(store, m, as_of) for m in chosen]


def status_counts(statuses: Sequence[MilestoneStatus]) -> dict[str, int]:
    """How many milestones have each status (every status listed, zeros included)."""
    counts: dict[str, int] = {s: 0 for s in STATUSES}
    for item in statuses:
        counts[item.status] += 1
    return counts


#: Columns of the one-line-per-milestone view (``rsp milestones``).
TABLE_COLUMNS = ("action_point", "id", "title", "value", "target", "deadline", "status",
                 "reason")


def table_rows(statuses: Sequence[MilestoneStatus]) -> list[tuple[Any, ...]]:
    """Rows for :data:`TABLE_COLUMNS` (values as the table/CSV writers expect)."""
    return [("; ".join(s.milestone.action_points), s.id, s.title, number(s.value),
             number(s.target), s.deadline, s.status, s.reason) for s in statuses]


#: Columns of the evidence view (``rsp milestones --explain``).
EVIDENCE_COLUMNS = ("milestone", "item", "name", "date", "source")


def evidence_rows(statuses: Sequence[MilestoneStatus]) -> list[tuple[Any, ...]]:
    """One row per evidence item of every milestone, for :data:`EVIDENCE_COLUMNS`."""
    out: list[tuple[Any, ...]] = []
    for s in statuses:
        for row in s.evidence:
            out.append((s.id, row.get("item"), row.get("name"), row.get("date"),
                        row.get("source")))
    return out
