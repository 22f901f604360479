"""What the command line prints for answers that are more than plain rows: synergy
suggestions with their evidence, milestone status, load summaries.

Each function turns a use case's typed result into ``(columns, rows)`` for
:func:`views.output.render`, or into lines of text; values go through :mod:`graph.values`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from analysis.milestones import MilestoneStatus
from graph.values import number, text
from usecases.data import LoadRow
from usecases.synergies import SynergyAnswer

Rows = tuple[list[str], list[tuple[Any, ...]]]


def load_table(rows: Sequence[LoadRow]) -> Rows:
    """A load's summary: per kind, rows in the dataset and the graph before and after."""
    return (["kind", "in dataset", "graph before", "graph after"],
            [(r.kind, r.in_dataset, r.before, r.after) for r in rows])


def synergy_table(answer: SynergyAnswer) -> Rows:
    """One row per suggestion: rank, region(s), score, flags and contact points."""
    columns = ["rank", "region", "score", "already together", "external", "contact points"]
    if answer.region is None:
        columns.insert(1, "region a")
    rows = [(i, *([] if answer.region else [s.a_name]), s.b_name, s.score,
             "yes" if s.existing else "", "yes" if s.external else "",
             "; ".join(sorted(s.contacts.values())))
            for i, s in enumerate(answer.suggestions, 1)]
    return columns, rows


def evidence_table(answer: SynergyAnswer) -> Rows:
    """One row per piece of evidence of every suggestion (``--explain`` as CSV/JSON)."""
    return (["region a", "region b", "score", "evidence", "adds", "why", "source"],
            [(s.a_name, s.b_name, s.score, e.kind, e.contribution, e.text, e.source)
             for s in answer.suggestions for e in s.evidence])


def explanation(answer: SynergyAnswer) -> list[tuple[str, bool]]:
    """``--explain`` as text: ``(line, is_heading)`` pairs, a block per suggestion."""
    out: list[tuple[str, bool]] = []
    for i, s in enumerate(answer.suggestions, 1):
        pair = s.b_name if answer.region else f"{s.a_name} - {s.b_name}"
        flags = [f for f, on in (("already working together", s.existing),
                                 ("outside the partnership", s.external)) if on]
        out.append((f"{i}. {pair}  score {text(s.score)}"
                    + (f"  ({', '.join(flags)})" if flags else ""), True))
        for e in s.evidence:
            out.append((f"   +{text(e.contribution):>6}  {e.text}", False))
            if e.source:
                out.append((f"            source: {e.source}", False))
        if s.contacts:
            out.append(("   contact points: " + "; ".join(sorted(s.contacts.values())), False))
        for person in s.people:
            out.append((f"   contact person: {person['name']} ({person.get('role') or '-'})",
                        False))
        out.append(("", False))
    return out


#: Columns of the one-line-per-milestone view (``rsp milestones``).
MILESTONE_COLUMNS = ["action_point", "id", "title", "value", "target", "deadline", "status",
                     "reason"]


def milestone_table(statuses: Sequence[MilestoneStatus]) -> Rows:
    """One row per milestone: value, target, deadline, status and why."""
    return (MILESTONE_COLUMNS,
            [("; ".join(s.milestone.action_points), s.id, s.title, number(s.value),
              number(s.target), s.deadline, s.status, s.reason) for s in statuses])


def milestone_evidence_table(statuses: Sequence[MilestoneStatus]) -> Rows:
    """One row per evidence item of every milestone (``rsp milestones --explain``)."""
    return (["milestone", "item", "name", "date", "source"],
            [(s.id, row.get("item"), row.get("name"), row.get("date"), row.get("source"))
             for s in statuses for row in s.evidence])
