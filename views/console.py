"""What the command line prints for answers that are more than plain rows: synergy
suggestions with their evidence, milestone status, load summaries.

Each function turns a use case's typed result into ``(columns, rows)`` for
:func:`views.output.render`, or into lines of text; values go through :mod:`graph.values`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from analysis import explain
from analysis.milestones import MilestoneStatus
from analysis.synergy import Suggestion
from graph.values import number, text

if TYPE_CHECKING:  # annotations only: a command that prints no loads imports no loaders
    from usecases.data import LoadDiff, LoadRow
    from usecases.progress import MilestoneReading
    from usecases.synergies import Candidate, SynergyAnswer

Rows = tuple[list[str], list[tuple[Any, ...]]]


def load_table(rows: Sequence[LoadRow]) -> Rows:
    """A load's summary: per kind, rows in the dataset, what it adds, changes and removes,
    and the graph before and after."""
    return (["kind", "in dataset", "added", "changed", "removed", "graph before",
             "graph after"],
            [(r.kind, r.in_dataset, r.added, r.changed, r.removed, r.before, r.after)
             for r in rows])


def diff_lines(diff: LoadDiff, *, limit: int = 10) -> list[str]:
    """A load's diff as text: per kind and kind of change, the first ``limit`` records and
    how many more (everything with ``limit=0``)."""
    out: list[str] = []
    for kind, change, count, shown in diff.groups(limit):
        out.append(f"{kind} {change} ({count}):")
        out += [f"  {i.key}" + (f"  ({i.detail})" if i.detail else "") for i in shown]
        if count > len(shown):
            out.append(f"  ... and {count - len(shown)} more (--format json lists all)")
    return out


def synergy_table(answer: SynergyAnswer) -> Rows:
    """One row per suggestion: rank, region(s), score on the 0-100 scale with its band,
    flags and contact points (the representing body first)."""
    if answer.region is not None:
        columns = ["rank", "region", "score", "strength", "already together", "external",
                   "contact points"]
        rows: list[tuple[Any, ...]] = [(i, s.b_name, s.scaled, s.band, "yes" if s.existing else "",
                 "yes" if s.external else "", _contact_names(s))
                for i, s in enumerate(answer.suggestions, 1)]
        return columns, rows
    columns = ["rank", "region a", "region b", "score for a", "score for b", "strength",
               "already together", "external"]
    pairs: list[tuple[Any, ...]] = [
        (i, s.a_name, s.b_name, s.scaled, s.reverse.scaled if s.reverse else "",
             s.band, "yes" if s.existing else "", "yes" if s.external else "")
        for i, s in enumerate(answer.suggestions, 1)]
    return columns, pairs


def _directions(answer: SynergyAnswer) -> list[Suggestion]:
    out = []
    for s in answer.suggestions:
        out.append(s)
        if s.reverse is not None:
            out.append(s.reverse)
    return out


def evidence_table(answer: SynergyAnswer, detail: bool = False) -> Rows:
    """One row per piece of evidence of every suggestion (``--explain`` as CSV/JSON); a
    pair ranking lists both directions."""
    columns = ["region a", "region b", "score", "evidence", "why", "source"]
    if detail:
        columns[3:3] = ["raw score"]
        columns[5:5] = ["adds"]
    rows: list[tuple[Any, ...]] = []
    for s in _directions(answer):
        for e in s.evidence:
            why = e.text if detail else explain.sentence(e, s)
            row: list[Any] = [s.a_name, s.b_name, s.scaled, e.kind, why, e.source]
            if detail:
                row[3:3] = [s.score]
                row[5:5] = [e.contribution]
            rows.append(tuple(row))
    return columns, rows


#: Contact points listed per suggestion in a table or explanation; JSON lists them all.
MAX_CONTACTS = 6


def _contact_names(s: Suggestion) -> str:
    names = s.contact_names
    more = len(names) - MAX_CONTACTS
    return "; ".join(names[:MAX_CONTACTS]) + (f"; and {more} more" if more > 0 else "")


def _contact_lines(s: Suggestion) -> list[str]:
    out = []
    for c in s.contacts[:MAX_CONTACTS]:
        parts = [c.name]
        if c.category:
            parts.append(c.category.replace("_", " "))
        if c.website:
            parts.append(c.website)
        line = f"   contact: {', '.join(parts)} ({c.why}){explain.how_to_reach(c)}"
        if not c.verified:
            line += " [not confirmed by a source: the regional government by default]"
        out.append(line)
    more = len(s.contacts) - MAX_CONTACTS
    if more > 0:
        out.append(f"   ... and {more} more organisations behind these offers "
                   "(--format json lists all)")
    return out


def _plain_lines(s: Suggestion, *, headings: bool) -> list[tuple[str, bool]]:
    """A suggestion's plain-word reasons, each with its source (grouped under headings)."""
    out: list[tuple[str, bool]] = []
    for group in explain.plain(s):
        if headings:
            out.append((f"   {group.heading}:", False))
        for line in group.lines:
            out.append((f"   - {line.text}", False))
            if line.source:
                out.append((f"     source: {line.source}", False))
    return out


def explanation(answer: SynergyAnswer, detail: bool = False) -> list[tuple[str, bool]]:
    """``--explain`` as text: ``(line, is_heading)`` pairs, a block per suggestion.

    Plain words by default, grouped by reason; ``detail`` gives each line's arithmetic.
    Funds open to every region are named once, at the end.
    """
    out: list[tuple[str, bool]] = []
    for i, s in enumerate(answer.suggestions, 1):
        for n, one in enumerate([s] if s.reverse is None else [s, s.reverse]):
            pair = one.b_name if answer.region else f"{one.a_name} <- {one.b_name}"
            flags = [f for f, on in (("already working together", one.existing),
                                     ("outside the partnership", one.external)) if on]
            score = f"{one.scaled}/100, {one.band}"
            if detail:
                score += f", raw {text(one.score)}"
            head = f"{i}. " if n == 0 else "   and the other way: "
            out.append((f"{head}{pair}  ({score})"
                        + (f"  [{', '.join(flags)}]" if flags else ""), True))
            if detail:
                for e in one.evidence:
                    out.append((f"   +{text(e.contribution):>6}  {e.text}", False))
                    if e.source:
                        out.append((f"            source: {e.source}", False))
            else:
                out += _plain_lines(one, headings=True)
            out += [(line, False) for line in _contact_lines(one)]
            for person in one.people:
                out.append((f"   contact person: {person['name']} "
                            f"({person.get('role') or '-'})", False))
        out.append(("", False))
    funds = explain.everywhere_funds(answer.suggestions)
    if funds and not detail:
        out.append((f"Open to every region, so not repeated above: {', '.join(funds)} "
                    "(they support challenges these pairs share; 'rsp funds REGION' "
                    "lists them).", False))
    return out


#: Columns of the one-line-per-milestone view (``rsp milestones``).
MILESTONE_COLUMNS = ["action_point", "id", "title", "value", "target", "deadline", "status",
                     "reason"]


def milestone_table(readings: Sequence[MilestoneReading]) -> Rows:
    """One row per milestone: value, target, deadline, the rule's status, how the report
    reads it (a data gap is not a miss) and why."""
    return ([*MILESTONE_COLUMNS[:7], "reads as", "reason"],
            [("; ".join(s.milestone.action_points), s.id, s.title, number(s.value),
              number(s.target), s.deadline, s.status, r.shown, s.reason)
             for r in readings for s in [r.status]])


def milestone_evidence_table(statuses: Sequence[MilestoneStatus]) -> Rows:
    """One row per evidence item of every milestone (``rsp milestones --explain``)."""
    return (["milestone", "item", "name", "date", "source"],
            [(s.id, row.get("item"), row.get("name"), row.get("date"), row.get("source"))
             for s in statuses for row in s.evidence])


def _matches(c: Candidate, n: int = 3) -> str:
    return "; ".join(f"{m.member_name} ({m.suggestion.scaled})" for m in c.matches[:n])


def candidate_table(found: Sequence[Candidate]) -> Rows:
    """One row per candidate region: fit, best member matches, offers, whom to approach."""
    rows: list[tuple[Any, ...]] = []
    rank = 0
    for c in found:
        if c.missing:
            rows.append(("-", c.name, c.country, c.ara_member, "", c.missing, "",
                         "; ".join(b.name for b in c.bodies[:2])))
            continue
        rank += 1
        rows.append((rank, c.name, c.country, c.ara_member, len(c.matches), _matches(c),
                     "; ".join(name for name, _, _ in c.offers[:3]),
                     "; ".join(b.name for b in c.bodies[:2])))
    return (["rank", "region", "country", "ARA member", "fits members", "best matches",
             "could bring", "approach"], rows)


def candidate_dict(c: Candidate) -> dict[str, Any]:
    """A candidate for JSON: everything, with each member match's evidence."""
    return {"region": c.region, "name": c.name, "country": c.country,
            "ara_member": c.ara_member, "missing": c.missing or None,
            "matches": [{"member": m.member, "member_name": m.member_name,
                         "score": m.suggestion.scaled, "band": m.suggestion.band,
                         "raw_score": m.suggestion.score,
                         "evidence": [{"why": explain.sentence(e, m.suggestion),
                                       "source": e.source} for e in m.suggestion.evidence]}
                        for m in c.matches],
            "could_bring": [{"name": n, "kind": k, "source": src} for n, k, src in c.offers],
            "approach": [{"name": b.name, "category": b.category, "website": b.website,
                          "why": b.why} for b in c.bodies]}


def candidate_explanation(found: Sequence[Candidate]) -> list[tuple[str, bool]]:
    """``rsp candidates --explain``: per candidate, its best matches in plain words."""
    out: list[tuple[str, bool]] = []
    rank = 0
    for c in found:
        if c.missing:
            out += [(f"-. {c.name}: {c.missing}", True), ("", False)]
            continue
        rank += 1
        ara = ", ARA member" if c.ara_member else ""
        out.append((f"{rank}. {c.name} ({c.country or 'country unknown'}{ara}): fits "
                    f"{len(c.matches)} member{'s' if len(c.matches) != 1 else ''}", True))
        for m in c.matches[:3]:
            out.append((f"   For {m.member_name}: {m.suggestion.scaled}/100 "
                        f"({m.suggestion.band})", False))
            out += _plain_lines(m.suggestion, headings=False)
        for b in c.bodies[:3]:
            parts = [b.name] + [p for p in (b.category and b.category.replace("_", " "),
                                              b.website) if p]
            out.append((f"   approach: {', '.join(parts)} ({b.why})", False))
        if not c.bodies:
            out.append(("   approach: no organisation there is in the data yet", False))
        out.append(("", False))
    return out
