"""Is the partnership on track? Milestone status and everything the progress report shows.

A milestone is a data row naming a query in ``queries/`` (see :mod:`analysis.milestones`
for the status rule): :func:`milestone_status` runs each one on a reporting date.
:func:`collect_report` gathers the report's data: each milestone as the report reads it
(:class:`MilestoneReading`, which tells a data gap from a miss), what is new in the period,
a part per member region (challenges, top suggestions with contact points, participation),
the synergy network of the members, how fresh each measure's data is, activity per quarter,
new contacts between regions and the sources; :mod:`views.report` formats it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

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
from analysis.synergy import SynergyModel, band, scaled
from graph.errors import QueryNotFound, RspError, StoreError
from graph.schema import PRIORITIES
from graph.store import Store
from graph.values import text
from usecases.history import changes as history_changes
from usecases.synergies import Suggestion, suggest, synergy_model

#: The charts cover at most this many quarters (the most recent ones).
MAX_QUARTERS = 24
#: With no dated events, the charts show this many quarters up to the reporting date.
DEFAULT_QUARTERS = 8
#: Suggestions shown for each member region.
PER_REGION = 3
#: The network picture draws pairs from this 0-100 score (the moderate band) ...
DRAWN_FROM = 35
#: ... and at most this many of them (each member's best pair included).
MAX_LINKS = 150

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


# --- how the report reads a milestone -------------------------------------------------

#: A milestone's status as the report shows it: :data:`analysis.milestones.STATUSES`, with
#: "no data" split into "not started" (the counting window lies ahead) and "no data
#: recorded" (nothing in the graph to count), which also replaces "missed" when the
#: deadline passed with nothing recorded for the window (see :func:`report_status`).
ReportStatus = Literal["met", "on track", "at risk", "not started", "no data recorded",
                       "missed"]
#: Every report status, from best to worst news.
REPORT_STATUSES: tuple[ReportStatus, ...] = ("met", "on track", "at risk", "not started",
                                             "no data recorded", "missed")

Gap = Literal["", "nothing", "undated", "stale"]


@dataclass(frozen=True)
class Measure:
    """What a milestone query (or a kind of record) counts, what to record when its data
    is missing, and how often new records are expected.

    In ``label`` and ``record``, ``{kind}`` is the ``kind`` parameter in words (plural)
    and ``{kind_id}`` as written in the data. ``stale_after``: days without a new record
    after which the data looks stale (``None``: such records are rare, e.g. new members,
    so only their absence is a warning). ``undated``: what it means that no record has
    its date.
    """

    label: str
    record: str
    stale_after: int | None = 183
    undated: str = "none of the {records} records has a date"


#: The shipped milestone queries and the kinds of record of the freshness section.
MEASURES: dict[str, Measure] = {
    "milestone_events": Measure(
        "{Kind}", "the {kind} held in events.csv (with the date and kind {kind_id}), and "
        "who hosted or attended them in hosts.csv and attends.csv"),
    "milestone_members": Measure(
        "Member joining dates", "the day each member region joined the partnership "
        "(member_since in regions.csv)", stale_after=None,
        undated="no member has a joining date (member_since)"),
    "milestone_pilot_regions": Measure(
        "Pilot projects", "the pilot projects (pilot=true, with a start date) in "
        "projects.csv and the regions they run in (pilots_in.csv)", stale_after=None),
    "milestone_asa_participations": Measure(
        "Participations in ASA actions", "the events and projects of the window (events.csv; "
        "projects.csv, with a start date) and who took part in them (hosts.csv, "
        "attends.csv, partner_in.csv)"),
    "events": Measure("Events", "the partnership's events in events.csv, with who hosted "
                      "or attended them (hosts.csv, attends.csv)"),
    "projects": Measure("Projects", "projects with their start date in projects.csv and "
                        "their partners in partner_in.csv", stale_after=365,
                        undated="no project has a start date"),
    "members": Measure("Member joining dates", "the day each member region joined "
                       "(member_since in regions.csv)", stale_after=None,
                       undated="no member has a joining date (member_since)"),
}
DEFAULT_MEASURE = Measure("Records of {query}",
                          "the records query {query} counts (see docs/milestones.md)")


@dataclass(frozen=True)
class Freshness:
    """How far a measure's records reach, so a data gap reads as one.

    ``records`` are the measure's records up to the reporting date, whatever their date
    (for a milestone: its query without the window's start); ``undated`` of them lack
    the date that places them in time; ``until`` is the day the data should reach (the
    reporting date, or a milestone's deadline if earlier).
    """

    #: What is counted, in a few words ("Events", "Study visits").
    measure: str
    records: int
    undated: int
    newest: dt.date | None
    until: dt.date
    stale_after: int | None = 183
    #: The milestone's id, for a milestone's measure (``None``: a kind of record).
    milestone: str | None = None
    #: Records counted in the milestone's window and the newest of them.
    counted: int | None = None
    newest_counted: dt.date | None = None
    #: The newest ``updated`` of the records: when one was last checked.
    checked: dt.date | None = None
    #: What to record when the data is missing or stale.
    record: str = ""
    #: What it means that no record has its date.
    undated_words: str = ""

    @property
    def age_days(self) -> int | None:
        """Days from the newest record to ``until`` (negative: records beyond it)."""
        return None if self.newest is None else (self.until - self.newest).days

    @property
    def gap(self) -> Gap:
        """``nothing`` recorded; records but ``undated`` (none has its date); ``stale``
        (the newest is more than ``stale_after`` days before ``until``); or ``""``."""
        if not self.records:
            return "nothing"
        if self.newest is None:
            return "undated"
        age = self.age_days
        if self.stale_after is not None and age is not None and age > self.stale_after:
            return "stale"
        return ""


@dataclass(frozen=True)
class MilestoneReading:
    """A milestone as the report reads it: its status, with data gaps told apart from
    misses, and how fresh the data behind it is."""

    status: MilestoneStatus
    shown: ReportStatus
    #: Whether the milestone's query found anything to count in its window.
    has_data: bool
    freshness: Freshness | None = None
    #: What to record to measure the milestone (said when its data is missing or stale).
    record: str = ""

    @property
    def milestone(self) -> Milestone:
        return self.status.milestone

    @property
    def data_gap(self) -> bool:
        """No data recorded, or the data behind a status looks stale or undated."""
        return self.shown == "no data recorded" or bool(
            self.freshness is not None and self.freshness.gap
            and self.shown not in ("met", "not started"))


def has_evidence(status: MilestoneStatus) -> bool:
    """Whether the query found anything (a single null ``value`` row counts as nothing)."""
    rows = status.evidence
    if len(rows) == 1 and "value" in rows[0]:
        return rows[0]["value"] is not None
    return bool(rows)


def report_status(status: MilestoneStatus, has_data: bool,
                  freshness: Freshness | None = None) -> ReportStatus:
    """The status the report shows: :func:`analysis.milestones.judge`'s, except that

    - "no data" reads "not started" while the window lies ahead, else "no data recorded";
    - "missed" reads "no data recorded" when the query found nothing in the window (or
      every record lacks the date it needs, e.g. no member has a ``member_since``) and
      nothing of the kind is recorded after the deadline either: the graph cannot tell
      a miss from records not entered. Records dated after the deadline show recording
      went on, so an empty window then is a real miss.
    """
    judged = status.status
    if judged == "no data":
        if status.start is not None and status.as_of < status.start:
            return "not started"
        return "no data recorded"
    if judged == "missed":
        undated = freshness is not None and freshness.gap == "undated"
        if has_data and not undated:
            return "missed"
        later = (freshness is not None and freshness.newest is not None
                 and freshness.newest > status.deadline)
        return "missed" if later and not undated else "no data recorded"
    return judged


def _words(milestone: Milestone | None, template: str, **extra: Any) -> str:
    """A :class:`Measure` template filled in for ``milestone`` (its ``kind`` parameter)."""
    params: dict[str, str] = {}
    if milestone is not None:
        with contextlib.suppress(RspError):  # a malformed row is reported by query_params
            params = milestone.param_values()
    kind_id = params.get("kind", "")
    kind = kind_id.replace("_", " ") + "s" if kind_id else "events"
    return template.format(kind=kind, Kind=kind[:1].upper() + kind[1:], kind_id=kind_id or
                           "any", query=milestone.query if milestone else "", **extra)


def _dates(rows: Iterable[Mapping[str, Any]]) -> list[dt.date | None]:
    return [as_date(row.get("date")) for row in rows]


def milestone_freshness(store: Store, status: MilestoneStatus) -> Freshness | None:
    """How far the milestone's records reach: its query run without the window's start,
    up to the reporting date (past the deadline, to see whether recording went on).
    ``None`` for a query whose rows carry no ``date`` (or one value row)."""
    milestone = status.milestone
    query, params = query_params(milestone, status.as_of)
    params["as_of"] = status.as_of
    if "start" in params:
        params["start"] = None
    try:
        result = queries.run(store, query.name, params)
    except StoreError as exc:
        raise StoreError(f"milestone {milestone.id!r} (query {query.name!r}): {exc}") from exc
    if "date" not in result.columns or "value" in result.columns:
        return None
    rows = result.dicts()
    days = _dates(rows)
    dated = [d for d in days if d is not None]
    counted = [d for d in _dates(status.evidence) if d is not None]
    measure = MEASURES.get(milestone.query, DEFAULT_MEASURE)
    return Freshness(_words(milestone, measure.label), len(rows),
                     sum(1 for d in days if d is None), max(dated, default=None),
                     status.counted_until, measure.stale_after, milestone.id,
                     len(status.evidence), max(counted, default=None),
                     record=_words(milestone, measure.record),
                     undated_words=_words(milestone, measure.undated, records=len(rows)))


def read_milestone(status: MilestoneStatus, freshness: Freshness | None = None
                   ) -> MilestoneReading:
    """A milestone status as the report reads it (see :func:`report_status`)."""
    found = has_evidence(status)
    measure = MEASURES.get(status.milestone.query, DEFAULT_MEASURE)
    return MilestoneReading(status, report_status(status, found, freshness), found, freshness,
                            freshness.record if freshness else
                            _words(status.milestone, measure.record))


def milestone_readings(store: Store, as_of: dt.date) -> list[MilestoneReading]:
    """Every milestone with the status the report shows (data gaps told from misses)."""
    return [read_milestone(s, milestone_freshness(store, s))
            for s in milestone_status(store, as_of)]


def kind_freshness(store: Store, as_of: dt.date) -> list[Freshness]:
    """Events, projects and member regions: how many, how many dated, the newest date and
    the newest check (``updated``), up to ``as_of``."""
    out = []
    for row in queries.run(store, "report_freshness", {"as_of": as_of}).dicts():
        kind = str(row["measure"])
        measure = MEASURES.get(kind, DEFAULT_MEASURE)
        records = int(row["records"] or 0)
        out.append(Freshness(_words(None, measure.label), records,
                             records - int(row["dated"] or 0), as_date(row["newest"]), as_of,
                             measure.stale_after, checked=as_date(row["checked"]),
                             record=_words(None, measure.record),
                             undated_words=_words(None, measure.undated, records=records)))
    return out


# --- the rest of the report's data ------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """One change to the graph since the last report, as the load history records it
    (``usecases.history.ChangeEntry`` maps field for field; ``name`` is the record in
    words when known). The report lists them as given."""

    #: ``added``, ``changed`` or ``removed``.
    change: str
    #: The kind of record (``Event``, ``Region``, ...) or of relationship.
    kind: str
    #: The record's key (its id).
    key: str
    name: str = ""
    field: str | None = None
    old: Any = None
    new: Any = None
    #: When the load that made the change ran.
    at: str = ""

    @property
    def detail(self) -> str:
        """``field: old -> new`` for a changed field, else empty."""
        if self.field is None:
            return ""
        old = "(empty)" if self.old in (None, "") else text(self.old)
        new = "(empty)" if self.new in (None, "") else text(self.new)
        return f"{self.field}: {old} -> {new}"


@dataclass(frozen=True)
class PeriodNews:
    """What the graph dates in the period ``since..until``: events held, projects started,
    new contacts between regions, members joined."""

    since: dt.date
    until: dt.date
    events: list[dict[str, Any]] = field(default_factory=list)
    projects: list[dict[str, Any]] = field(default_factory=list)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    joined: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.events or self.projects or self.contacts or self.joined)


@dataclass(frozen=True)
class Participation:
    """An event or project a region takes part in; ``roles``: hosted, attended, partner,
    pilot (a pilot project running in the region)."""

    item: str
    name: str
    kind: str
    date: dt.date | None
    roles: tuple[str, ...]
    detail: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class RegionPart:
    """A member region's part of the report."""

    id: str
    name: str
    country: str | None
    member_since: dt.date | None
    #: ``(challenge name, priority)``, highest priority first.
    challenges: list[tuple[str, str]]
    suggestions: list[Suggestion]
    #: Why there are no suggestions, in words that say what to do.
    why_empty: str
    events: list[Participation] = field(default_factory=list)
    projects: list[Participation] = field(default_factory=list)


@dataclass(frozen=True)
class SynergyLink:
    """Two member regions and how well they fit: ``score`` is the higher of the two
    directions (0-100, as ``rsp synergies --all`` ranks pairs)."""

    a: str
    a_name: str
    b: str
    b_name: str
    score: int
    score_a: int
    score_b: int
    band: str
    #: They already take part in the same events or projects.
    existing: bool
    #: Their first shared action falls in the report's period.
    new_contact: bool = False


@dataclass(frozen=True)
class SynergyNetwork:
    """The members and the pairs of them worth drawing, best first: every pair of the
    moderate band or better and each member's best pair (at most :data:`MAX_LINKS`)."""

    regions: list[tuple[str, str, str]]  # id, name, country (sorted by country, name)
    links: list[SynergyLink]
    #: How many pairs of members have a positive score (drawn or not).
    total: int = 0


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, computed from the graph on ``as_of``.

    The period is ``contacts_since..as_of`` (1 January of ``as_of``'s year by default).
    ``changes`` is the hook for the load history: the changes since the last report
    (``None``: no history to compare with yet, so the report says so).
    """

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
    readings: list[MilestoneReading] = field(default_factory=list)
    news: PeriodNews | None = None
    regions: list[RegionPart] = field(default_factory=list)
    network: SynergyNetwork | None = None
    freshness: list[Freshness] = field(default_factory=list)
    members: int = 0
    changes: list[Change] | None = None
    changes_since: dt.date | None = None

    def __post_init__(self) -> None:
        # Data made by hand (tests, other callers) still reads every milestone.
        if self.statuses and not self.readings:
            object.__setattr__(self, "readings", [read_milestone(s) for s in self.statuses])
        if self.news is None:
            object.__setattr__(self, "news", PeriodNews(self.contacts_since, self.as_of,
                                                        contacts=list(self.new_contacts)))

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        return self.contacts_since, self.as_of

    @property
    def checked(self) -> dt.date | None:
        """The newest check of any record (``updated``), when known."""
        return max((f.checked for f in self.freshness if f.checked), default=None)

    @property
    def gaps(self) -> list[Freshness]:
        """The measures whose data is missing, undated or stale."""
        return [f for f in self.freshness if f.gap]


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


def _participation(rows: Iterable[Mapping[str, Any]]
                   ) -> dict[str, tuple[list[Participation], list[Participation]]]:
    """``report_participation`` rows as each region's events and projects (roles merged),
    newest first."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        key = (str(row["region"]), str(row["item"]))
        seen = merged.setdefault(key, {**row, "roles": []})
        if row["role"] not in seen["roles"]:
            seen["roles"].append(row["role"])
    out: dict[str, tuple[list[Participation], list[Participation]]] = {}
    for (region, _), row in merged.items():
        events, projects = out.setdefault(region, ([], []))
        item = Participation(str(row["item"]), str(row.get("name") or row["item"]),
                             str(row["action_kind"]), as_date(row.get("date")),
                             tuple(row["roles"]), row.get("detail"), row.get("source"))
        (events if item.kind == "event" else projects).append(item)
    for events, projects in out.values():
        for items in (events, projects):
            items.sort(key=lambda p: (p.date is None, -(p.date or dt.date.min).toordinal(),
                                      p.name))
    return out


def _priority_order(priority: str) -> int:
    return PRIORITIES.index(priority) if priority in PRIORITIES else len(PRIORITIES)


def _in_period(day: Any, since: dt.date, until: dt.date) -> bool:
    found = as_date(day) if day is not None else None
    return found is not None and since <= found <= until


def collect_report(store: Store, as_of: dt.date, *, top: int = 10,
                   suggestions: Sequence[Suggestion] | None = None,
                   since: dt.date | None = None, per_region: int = PER_REGION,
                   changes: Sequence[Change] | None = None,
                   changes_since: dt.date | None = None) -> ReportData:
    """Compute everything the report shows (no formatting).

    The report lists the ``top`` synergy pairs of the partnership (0: none), unless
    ``suggestions`` are given, and ``per_region`` suggestions for each member region.
    The period of "what is new" is ``since..as_of`` (default: from 1 January of
    ``as_of``'s year). ``changes`` (since ``changes_since``, the last report) come from
    the load history when there is one.
    """
    since = since or dt.date(as_of.year, 1, 1)
    if since > as_of:
        raise RspError(f"the period starts on {since.isoformat()}, after the reporting date "
                       f"{as_of.isoformat()}")
    statuses = milestone_status(store, as_of)
    readings = [read_milestone(s, milestone_freshness(store, s)) for s in statuses]
    events = queries.run(store, "milestone_events", {"as_of": as_of}).dicts()
    members = queries.run(store, "milestone_members", {"as_of": as_of}).dicts()
    projects = queries.run(store, "projects").dicts()
    quarters, undated, earlier = _quarters(events, members, as_of)
    contacts = new_contacts(store, as_of, since)
    news = PeriodNews(
        since, as_of,
        events=[e for e in events if _in_period(e.get("date"), since, as_of)],
        projects=[p for p in projects if _in_period(p.get("start"), since, as_of)],
        contacts=contacts,
        joined=[m for m in members if _in_period(m.get("date"), since, as_of)])
    model = synergy_model(store)
    if suggestions is None and top:
        suggestions = suggest(store, None, top=top, model=model).suggestions
    network = _network(model, contacts)
    parts = _region_parts(store, model, members, as_of, per_region)
    evidence = [{"source": e.source} for s in suggestions or [] for e in s.evidence]
    region_evidence = [{"source": e.source} for part in parts for s in part.suggestions
                       for e in s.evidence]
    participation = [{"source": p.source} for part in parts
                     for p in (*part.events, *part.projects)]
    sources = _tally_sources([*(s.evidence for s in statuses), contacts, events, members,
                              evidence, region_evidence, participation])
    freshness = [*(r.freshness for r in readings if r.freshness is not None),
                 *kind_freshness(store, as_of)]
    if changes is None:
        changes_since = changes_since or since
        recorded = history_changes(store, changes_since)
        changes = [Change(c.change, c.kind, c.key, field=c.field, old=c.old, new=c.new,
                          at=c.at) for c in recorded if c.kind] if recorded else None
    return ReportData(as_of, store.backend, statuses, quarters, undated, since, contacts,
                      None if suggestions is None else list(suggestions), sources, earlier,
                      readings=readings, news=news, regions=parts, network=network,
                      freshness=freshness, members=len(members),
                      changes=None if changes is None else list(changes),
                      changes_since=changes_since)


def _network(model: SynergyModel, contacts: Sequence[Mapping[str, Any]]) -> SynergyNetwork:
    """The members and the pairs of them worth drawing, from the one model's scores: every
    pair of the moderate band or better and each member's best pair, the strongest
    :data:`MAX_LINKS` of them (``total``: every pair with a positive score)."""
    g = model.graph
    index = [i for i, r in enumerate(model.regions) if g.nodes[r].get("member")]
    ids = [model.regions[i] for i in index]
    regions = sorted(((r, str(g.nodes[r]["name"]), str(g.nodes[r].get("country_name") or ""))
                      for r in ids), key=lambda t: (t[2], t[1]))
    if not ids:
        return SynergyNetwork(regions, [])
    scores = model.score_matrix()[index][:, index]
    existing = model.existing[index][:, index]
    met = {frozenset((str(c["region_a"]), str(c["region_b"]))) for c in contacts}
    links: dict[tuple[int, int], SynergyLink] = {}
    best: dict[int, tuple[tuple[int, int], SynergyLink]] = {}
    total = 0
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            top = max(scores[i, j], scores[j, i])
            if top <= 0:
                continue
            total += 1
            a, b = (j, i) if scores[j, i] > scores[i, j] else (i, j)
            score = scaled(top)
            link = SynergyLink(ids[a], str(g.nodes[ids[a]]["name"]), ids[b],
                               str(g.nodes[ids[b]]["name"]), score, scaled(scores[a, b]),
                               scaled(scores[b, a]), band(score), bool(existing[i, j]),
                               frozenset((ids[i], ids[j])) in met)
            if score >= DRAWN_FROM:
                links[(i, j)] = link
            for end in (i, j):
                if end not in best or score > best[end][1].score:
                    best[end] = ((i, j), link)
    links.update(best.values())
    chosen = sorted(links.values(), key=lambda k: (-k.score, k.a_name, k.b_name))
    return SynergyNetwork(regions, chosen[:MAX_LINKS], total)


def _region_parts(store: Store, model: SynergyModel, members: Sequence[Mapping[str, Any]],
                  as_of: dt.date, per_region: int) -> list[RegionPart]:
    """A part per member region: challenges, top suggestions, events and projects."""
    g = model.graph
    joined = {str(m["item"]): as_date(m.get("date")) for m in members}
    taking_part = _participation(
        queries.run(store, "report_participation", {"as_of": as_of}).dicts())
    parts = []
    for region in sorted((r for r in model.regions if g.nodes[r].get("member")),
                         key=lambda r: str(g.nodes[r]["name"])):
        challenges = sorted(((str(g.nodes[c]["name"]), str(d.get("priority") or ""))
                             for _, c, d in g.out_edges(region, data=True)
                             if d.get("rel") == "FACES"),
                            key=lambda t: (_priority_order(t[1]), t[0]))
        answer = suggest(store, region, top=per_region, model=model) if per_region else None
        events, projects = taking_part.get(region, ([], []))
        parts.append(RegionPart(
            region, str(g.nodes[region]["name"]), g.nodes[region].get("country_name"),
            joined.get(region), challenges, answer.suggestions if answer else [],
            answer.why_empty if answer else "", events, projects))
    return parts
