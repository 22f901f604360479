"""Is the partnership on track? Milestone status and everything the progress report shows.

A milestone is a data row naming a query in ``queries/`` (see :mod:`analysis.milestones`
for the status rule): :func:`milestone_status` runs each one on a reporting date.
:func:`collect_report` gathers the report's data (milestones, activity per quarter, new
contacts between regions, synergy suggestions, sources); :mod:`views.report` formats it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import queries
from analysis.milestones import (
    LIST_QUERY,
    Milestone,
    MilestoneStatus,
    as_date,
    evidence_order,
    evidence_sources,
    judge,
)
from analysis.quarters import Quarter, quarter_end, quarter_label, quarter_of, quarter_range
from graph.errors import QueryNotFound, RspError, StoreError
from graph.store import Store
from usecases.synergies import Suggestion, suggest

#: The charts cover at most this many quarters (the most recent ones).
MAX_QUARTERS = 24
#: With no dated events, the charts show this many quarters up to the reporting date.
DEFAULT_QUARTERS = 8

def load_milestones(store: Store) -> list[Milestone]:
    """The milestone rows in the graph, one per milestone (its action points merged)."""
    merged: dict[str, Milestone] = {}
    for row in queries.run(store, LIST_QUERY).dicts():
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
        result = queries.run(store, query.name, params)
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
    rows.sort(key=evidence_order)
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


@dataclass(frozen=True)
class QuarterPoint:
    """One quarter of the activity charts."""

    quarter: Quarter
    events: list[str] = field(default_factory=list)
    members: int = 0
    joined: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return quarter_label(self.quarter)


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, computed from the graph on ``as_of``."""

    as_of: dt.date
    backend: str
    statuses: list[MilestoneStatus]
    quarters: list[QuarterPoint]
    members_undated: int
    contacts_since: dt.date
    new_contacts: list[dict[str, Any]]
    suggestions: list[Suggestion] | None
    sources: list[tuple[str, int]]
    earlier_events: int = 0


def new_contacts(store: Store, as_of: dt.date, since: dt.date | None = None
                 ) -> list[dict[str, Any]]:
    """Region pairs whose first shared action (co-hosted or co-attended event, project both
    partner in, each region directly or through an organisation located in it) falls in
    ``since..as_of``; ``since`` defaults to 1 January of ``as_of``'s year.

    A pair sharing an undated project is left out: it may have met before. One dict per pair:
    ``region_a, a_name, region_b, b_name, date, action, action_name, action_kind, source,
    shared`` (number of shared actions up to ``as_of``).
    """
    since = since or dt.date(as_of.year, 1, 1)
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in queries.run(store, "milestone_region_contacts", {"as_of": as_of}).dicts():
        pairs.setdefault((row["region_a"], row["region_b"]), []).append(row)
    out: list[dict[str, Any]] = []
    for rows in pairs.values():
        dated = [(as_date(r.get("date")), r) for r in rows]
        if any(day is None for day, _ in dated):
            continue
        day, first = min(dated, key=lambda pair: (pair[0] or dt.date.min,
                                                  str(pair[1].get("action"))))
        if day is None or not since <= day <= as_of:
            continue
        out.append({"region_a": first["region_a"], "a_name": first["a_name"],
                    "region_b": first["region_b"], "b_name": first["b_name"], "date": day,
                    "action": first["action"], "action_name": first["action_name"],
                    "action_kind": first["action_kind"], "source": first.get("source"),
                    "shared": len({r["action"] for r in rows})})
    out.sort(key=lambda c: (c["date"], str(c["a_name"]), str(c["b_name"])))
    return out


def _quarters(events: Sequence[Mapping[str, Any]], members: Sequence[Mapping[str, Any]],
              as_of: dt.date) -> tuple[list[QuarterPoint], int, int]:
    """Quarter points from the first dated event or member to ``as_of`` (capped), the
    number of members with an unknown joining date, and events before the shown range."""
    last = quarter_of(as_of)
    days = [d for d in (as_date(r.get("date")) for r in [*events, *members]) if d]
    if days:
        first = min(quarter_of(min(days)), last)
    else:
        year, q = last
        index = year * 4 + q - 1 - (DEFAULT_QUARTERS - 1)
        first = (index // 4, index % 4 + 1)
    shown = quarter_range(first, last)[-MAX_QUARTERS:]
    by_quarter: dict[Quarter, list[str]] = {}
    earlier = 0
    for row in events:
        day = as_date(row.get("date"))
        if day is None or day > as_of:
            continue
        if quarter_of(day) < shown[0]:
            earlier += 1
        by_quarter.setdefault(quarter_of(day), []).append(str(row.get("name") or row["item"]))
    undated = sum(1 for r in members if as_date(r.get("date")) is None)
    joined: dict[Quarter, list[str]] = {}
    for row in members:
        day = as_date(row.get("date"))
        if day is not None:
            joined.setdefault(quarter_of(day), []).append(str(row.get("name") or row["item"]))
    points = []
    for quarter in shown:
        end = min(quarter_end(quarter), as_of)
        count = undated + sum(1 for r in members
                              if (d := as_date(r.get("date"))) is not None and d <= end)
        points.append(QuarterPoint(quarter, by_quarter.get(quarter, []), count,
                                   joined.get(quarter, [])))
    return points, undated, earlier


def _tally_sources(groups: Iterable[Sequence[Mapping[str, Any]]]) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for rows in groups:
        for row in rows:
            for source in evidence_sources([row]):
                counts[source] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def collect_report(store: Store, as_of: dt.date, *, top: int = 10,
                   suggestions: Sequence[Suggestion] | None = None) -> ReportData:
    """Compute everything the report shows (no formatting).

    The report lists the ``top`` synergy pairs of the partnership (0: none), unless
    ``suggestions`` are given.
    """
    statuses = milestone_status(store, as_of)
    events = queries.run(store, "milestone_events", {"as_of": as_of}).dicts()
    members = queries.run(store, "milestone_members", {"as_of": as_of}).dicts()
    quarters, undated, earlier = _quarters(events, members, as_of)
    since = dt.date(as_of.year, 1, 1)
    contacts = new_contacts(store, as_of, since)
    if suggestions is None and top:
        suggestions = suggest(store, None, top=top).suggestions
    evidence = [{"source": e.source} for s in suggestions or [] for e in s.evidence]
    sources = _tally_sources([*(s.evidence for s in statuses), contacts, events, members,
                              evidence])
    return ReportData(as_of, store.backend, statuses, quarters, undated, since, contacts,
                      None if suggestions is None else list(suggestions), sources, earlier)
