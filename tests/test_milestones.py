"""Milestones computed from the graph, on both backends, with constructed datasets.

``tests/fixtures/milestones`` (illustrative records) is built so that, on 2026-11-25:
four working-group meetings in 2025, the fourth on the deadline (met), no study visit in
2025 (missed; the one in 2026 is too late), one of two new members since July 2025 (at
risk), a 2027 window (no data), network participations in 2025 (met), pilots in two regions
(met; a third pilot starts in 2027).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

import queries
from analysis.milestones import STATUSES, Milestone, MilestoneStatus, judge
from graph.errors import RspError
from graph.store import Result, Store
from loaders import load_path
from tests.support import AS_OF, MILESTONES, PARTNERSHIP
from usecases.progress import evaluate, milestone_status, query_params

FIXTURE = MILESTONES
D = dt.date


def _by_id(statuses: list[MilestoneStatus]) -> dict[str, MilestoneStatus]:
    return {s.id: s for s in statuses}


def _items(status: MilestoneStatus) -> list[Any]:
    return [row["item"] for row in status.evidence]


def _copy_with(tmp_path: Path, milestone_rows: list[str], measure_rows: list[str]) -> Path:
    """The fixture folder with rows appended to milestones.csv and measures.csv."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target, ignore=shutil.ignore_patterns("added"))
    for name, rows in (("milestones.csv", milestone_rows), ("measures.csv", measure_rows)):
        path = target / name
        path.write_text(path.read_text(encoding="utf-8") + "".join(r + "\n" for r in rows),
                        encoding="utf-8")
    return target


def _data_rows(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()[1:]


def test_fixture_statuses(store: Store) -> None:
    load_path(store, FIXTURE)
    got = _by_id(milestone_status(store, AS_OF))
    assert set(got) == {"ms-meetings-2025", "ms-visit-2025", "ms-members-2026",
                        "ms-members-2027", "ms-participations-2025", "ms-pilots-2026"}
    assert {s: got[s].status for s in got} == {
        "ms-meetings-2025": "met", "ms-visit-2025": "missed", "ms-members-2026": "at risk",
        "ms-members-2027": "no data", "ms-participations-2025": "met",
        "ms-pilots-2026": "met"}
    assert got["ms-members-2026"].value == 1 and _items(got["ms-members-2026"]) == [
        "region-gamma"]
    assert got["ms-members-2026"].expected == pytest.approx(2 * 512 / 548)
    assert _items(got["ms-pilots-2026"]) == ["region-alpha", "region-beta"]
    assert got["ms-pilots-2026"].milestone.action_points == ("ap-4",)
    participations = got["ms-participations-2025"]
    assert sorted(_items(participations)) == [
        "region-alpha @ event-hostile", "region-alpha @ event-wg-1",
        "region-beta @ event-hostile", "region-beta @ event-wg-1",
        "region-beta @ proj-network", "region-delta @ proj-network"]
    assert participations.milestone.baseline == 2


def test_met_exactly_on_the_deadline(store: Store) -> None:
    load_path(store, FIXTURE)
    meetings = _by_id(milestone_status(store, D(2025, 12, 31)))["ms-meetings-2025"]
    assert meetings.status == "met" and meetings.value == 4
    assert meetings.evidence[-1]["item"] == "event-wg-4"
    assert meetings.evidence[-1]["date"] == meetings.deadline == D(2025, 12, 31)
    later = _by_id(milestone_status(store, AS_OF))["ms-meetings-2025"]
    # The meeting of January 2026 is after the deadline: it never counts for 2025.
    assert later.value == 4 and "event-wg-5" not in _items(later)
    assert later.counted_until == D(2025, 12, 31)


def test_as_of_cuts_off_later_evidence(store: Store) -> None:
    load_path(store, FIXTURE)
    day_before = _by_id(milestone_status(store, D(2025, 12, 30)))["ms-meetings-2025"]
    assert day_before.value == 3 and "event-wg-4" not in _items(day_before)
    assert day_before.status == "at risk"  # 3 of 4 with 99.7 % of the year gone
    params = {"kind": "working_group_meeting"}
    before = queries.run(store, "milestone_events", {**params, "as_of": D(2026, 1, 19)}).dicts()
    on_day = queries.run(store, "milestone_events", {**params, "as_of": D(2026, 1, 20)}).dicts()
    assert "event-wg-5" not in [r["item"] for r in before]
    assert [r["item"] for r in on_day][-1] == "event-wg-5"
    pilots = _by_id(milestone_status(store, D(2025, 3, 31)))["ms-pilots-2026"]
    assert pilots.value == 0 and pilots.status == "no data"  # pilot A starts 2025-04-01


def test_on_track_and_no_data_yet(store: Store) -> None:
    load_path(store, FIXTURE)
    got = _by_id(milestone_status(store, D(2025, 6, 30)))
    assert got["ms-meetings-2025"].status == "on track"  # 2 of 4, 1.98 expected
    assert got["ms-meetings-2025"].value == 2
    assert got["ms-visit-2025"].status == "no data"  # nothing recorded, deadline ahead
    assert got["ms-members-2026"].status == "no data"
    assert "starts on 2025-07-01" in got["ms-members-2026"].reason
    assert got["ms-members-2027"].status == "no data"
    assert all(s.evidence == () for k, s in got.items() if s.status == "no data")


def test_new_milestone_is_a_data_only_change(store: Store, tmp_path: Path) -> None:
    added = FIXTURE / "added"
    data = _copy_with(tmp_path, _data_rows(added / "milestones.csv"),
                      _data_rows(added / "measures.csv"))
    load_path(store, data)
    got = _by_id(milestone_status(store, AS_OF))
    workshops = got["ms-workshops-2025"]
    assert workshops.milestone.query == "milestone_events"
    assert workshops.milestone.params == ("kind=workshop",)
    assert workshops.status == "met" and _items(workshops) == ["event-hostile"]
    assert workshops.evidence[0]["name"] == "<img src=x onerror=alert(1)>"
    assert workshops.sources == ["illustrative source D"]
    assert workshops.milestone.action_points == ("ap-1",)
    assert len(got) == 7


def test_unknown_query_names_the_milestone(store: Store, tmp_path: Path) -> None:
    row = ("ms-broken,Broken,Something,milestone_nope,1,2026-12-31,,,,"
           "illustrative test fixture,2026-11-25,true,true")
    data = _copy_with(tmp_path, [row], ["ms-broken,ap-1,illustrative test fixture,"
                                        "2026-11-25,true,true"])
    load_path(store, data)
    with pytest.raises(RspError, match=r"milestone 'ms-broken'.*'milestone_nope'"):
        milestone_status(store, AS_OF)


def _milestone(**changes: Any) -> Milestone:
    base: dict[str, Any] = {"id": "ms-x", "title": "X", "metric": "m", "query": "milestone_events",
                            "target": 2.0, "deadline": D(2025, 12, 31),
                            "start": D(2025, 1, 1), "params": ("kind=workshop",)}
    return Milestone(**{**base, **changes})


@pytest.mark.parametrize(("changes", "message"), [
    ({"params": ("colour=red",)}, r"'ms-x'.*no parameter 'colour'"),
    ({"params": ("kind",)}, r"'ms-x'.*not key=value"),
    ({"params": ("as_of=2025-01-01",)}, r"'ms-x'.*'as_of' is set by the milestone"),
    ({"query": "milestone_pilot_regions", "params": ("kind=x",)}, r"'ms-x'.*'kind'"),
    ({"query": "regions", "params": ()}, r"'ms-x'.*does not take \$as_of"),
    ({"query": "milestone_list", "params": ()}, r"'ms-x'.*does not take \$as_of"),
])
def test_bad_rows_name_the_milestone(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(RspError, match=message):
        query_params(_milestone(**changes), AS_OF)


def test_query_params_cap_as_of_at_the_deadline() -> None:
    query, params = query_params(_milestone(), AS_OF)
    assert query.name == "milestone_events"
    assert params == {"kind": "workshop", "as_of": D(2025, 12, 31), "start": D(2025, 1, 1)}
    _, early = query_params(_milestone(), D(2025, 3, 1))
    assert early["as_of"] == D(2025, 3, 1)


class _ValueStore(Store):
    """A stand-in store answering every query with one row carrying a ``value`` column."""

    backend = "ladybug"

    def __init__(self, value: Any):
        self.location = "memory"
        self.value = value

    def ensure_schema(self) -> None: ...

    def _read(self, statement: str, params: Any, types: Any) -> Result:
        return Result(["value", "source"], [(self.value, "fake source")])

    def _write(self, statement: str, params: Any) -> Result:
        raise AssertionError("a milestone never writes")

    def _sandbox(self, statement: str, params: Any) -> None:
        raise AssertionError("milestones run the project's own queries")

    def write_dataset(self, dataset: Any, progress: Any = None, batch_size: int = 0) -> Any:
        raise AssertionError("a milestone never writes")

    def close(self) -> None: ...


def test_a_single_value_row_is_the_value() -> None:
    status = evaluate(_ValueStore(7), _milestone(target=5.0), D(2025, 6, 1))
    assert status.value == 7 and status.status == "met"
    assert status.sources == ["fake source"]
    empty = evaluate(_ValueStore(None), _milestone(target=5.0), D(2025, 6, 1))
    assert empty.value == 0 and empty.status == "no data"


def test_status_rule_edges() -> None:
    window = {"deadline": D(2025, 12, 31), "start": D(2025, 1, 1)}
    assert judge(3, 4, as_of=D(2025, 12, 31), has_data=True, **window)[0] == "at risk"
    assert judge(3, 4, as_of=D(2026, 1, 1), has_data=True, **window)[0] == "missed"
    assert judge(0, 4, as_of=D(2026, 1, 1), has_data=False, **window)[0] == "missed"
    assert judge(4, 4, as_of=D(2025, 2, 1), has_data=True, **window)[0] == "met"
    assert judge(1, 4, as_of=D(2025, 2, 1), has_data=True, **window)[0] == "on track"
    end = D(2026, 12, 31)
    status, expected, reason = judge(2, 3, as_of=D(2026, 1, 1), has_data=True, deadline=end,
                                     start=None)
    assert (status, expected) == ("at risk", None) and "start date" in reason
    assert judge(0, 3, as_of=D(2026, 1, 1), has_data=False, deadline=end,
                 start=None)[0] == "no data"


def test_shipped_partnership_milestones(store: Store) -> None:
    load_path(store, PARTNERSHIP)
    statuses = milestone_status(store, AS_OF)
    got = _by_id(statuses)
    assert set(got) == {"ms-ap1-meetings-2025", "ms-ap1-study-visit-2025",
                        "ms-ap2-members-2025", "ms-ap2-members-2026",
                        "ms-ap3-asa-support-2026", "ms-ap4-pilot-regions-2026"}
    assert {p for s in statuses for p in s.milestone.action_points} == {
        "ap-1", "ap-2", "ap-3", "ap-4"}
    for s in statuses:
        assert s.status in STATUSES and s.reason
        assert isinstance(s.evidence, tuple)
        assert all("item" in row and "source" in row for row in s.evidence)
        assert s.milestone.source == "partnership-document.txt"
        assert s.as_dict()["evidence_count"] == len(s.evidence)
    targets = {k: (got[k].target, got[k].deadline) for k in got}
    assert targets == {
        "ms-ap1-meetings-2025": (4, D(2025, 12, 31)),
        "ms-ap1-study-visit-2025": (1, D(2025, 12, 31)),
        "ms-ap2-members-2025": (2, D(2025, 12, 31)),
        "ms-ap2-members-2026": (3, D(2026, 12, 31)),
        "ms-ap3-asa-support-2026": (12, D(2026, 12, 31)),
        "ms-ap4-pilot-regions-2026": (3, D(2026, 12, 31)),
    }


def test_shipped_asa_baseline_matches_the_graph(store: Store) -> None:
    """The stored ap-3 baseline is the same measure over 2024; the target is 1.5 x it."""
    load_path(store, PARTNERSHIP)
    asa = _by_id(milestone_status(store, AS_OF))["ms-ap3-asa-support-2026"]
    baseline = queries.run(store, asa.milestone.query,
                           {"start": D(2024, 1, 1), "as_of": D(2024, 12, 31)}).dicts()
    assert asa.milestone.baseline == len(baseline)
    assert asa.target == 1.5 * len(baseline)
