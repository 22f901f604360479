"""Synergy evidence in plain words, grouped by reason: what a coordinator reads.

:func:`plain` turns a suggestion's evidence into a few sentences without ids, weights or
"idf" ("Both face Battery value-chain skills, which only 4 of 15 regions face"); the
arithmetic stays in each :class:`analysis.synergy.Evidence`'s ``text`` for analysts
(``--explain detail``). A fund open to every region is not repeated for every pair:
:func:`everywhere_funds` lists those once for a whole answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from analysis.synergy import ContactPoint, Evidence, Suggestion
from graph.values import number

#: Headings of the groups, in the order shown.
GROUPS = {
    "shared_challenge": "Shared challenges",
    "offer": "What {b} offers {a}",
    "lesson": "Lessons {b} shares (what did not work)",
    "reverse_offer": "What {a} could offer {b}",
    "reverse_lesson": "Lessons {a} could share with {b}",
    "shared_fund": "Funds open to both",
    "existing": "Already working together",
}


@dataclass
class Line:
    """One sentence of an explanation and the source of its fact."""

    text: str
    source: str | None = None


@dataclass
class Group:
    heading: str
    lines: list[Line] = field(default_factory=list)


def rarity(facing: int | None, profiled: int | None) -> str:
    """How rare a challenge is, in words.

    >>> rarity(3, 15), rarity(15, 15)
    ('which only 3 of 15 regions face', 'which every region faces')
    >>> rarity(9, 15), rarity(1, 15)
    ('which 9 of 15 regions face', 'which no other region faces')
    """
    if not facing or not profiled:
        return ""
    if facing >= profiled:
        return "which every region faces"
    if facing <= 2:
        return "which no other region faces" if facing == 1 else \
            f"which only {facing} of {profiled} regions face"
    if facing * 3 <= profiled:
        return f"which only {facing} of {profiled} regions face"
    return f"which {facing} of {profiled} regions face"


def _who(e: Evidence) -> str:
    names = sorted(e.orgs.values())
    return f" (through {', '.join(names)})" if names else ""


def sentence(e: Evidence, s: Suggestion) -> str:
    """One piece of evidence as a sentence, without ids or arithmetic (evidence made
    without its facts, e.g. by hand, reads as its text)."""
    if not e.challenge_name and not e.item_name and not e.more:
        return e.text
    if e.kind == "shared_challenge":
        return (f"Both face {e.challenge_name}, {rarity(e.facing, e.profiled)}: "
                f"a {e.priority_a} priority for {s.a_name}, {e.priority_b} for {s.b_name}")
    if e.kind in ("offer", "reverse_offer", "lesson", "reverse_lesson"):
        taker = s.a_name if e.kind in ("offer", "lesson") else s.b_name
        if e.more:
            what = "lessons" if "lesson" in e.kind else f"{e.item_kind}s"
            return f"{e.giver} has {e.more} more {what} on {taker}'s {e.challenge_name}"
        if "lesson" in e.kind:
            return (f"{e.giver} shares what did not work: {e.item_name}{_who(e)}, on "
                    f"{taker}'s {e.challenge_name}")
        return f"{e.giver} offers the {e.item_kind} {e.item_name}{_who(e)} for " \
            f"{taker}'s {e.challenge_name} ({e.priority_a} priority)"
    if e.kind == "shared_fund":
        return f"{e.item_name} supports {e.challenge_name} in both territories"
    if e.kind == "existing":
        if e.more:
            return f"and together in {e.more} more events or projects"
        return f"Both took part in the {e.item_kind} {e.item_name}"
    return e.text


def plain(s: Suggestion) -> list[Group]:
    """A suggestion's evidence as groups of sentences, each with its source.

    Funds open to every region are left out here (see :func:`everywhere_funds`); the
    multiplier for pairs that already work together is said once, in its group.
    """
    groups: dict[str, Group] = {}
    for e in s.evidence:
        if e.kind == "shared_fund" and e.everywhere:
            continue
        key = e.kind
        if key not in groups:
            groups[key] = Group(GROUPS.get(key, key).format(a=s.a_name, b=s.b_name))
        groups[key].lines.append(Line(sentence(e, s), e.source))
    if "existing" in groups and s.multiplier != 1:
        groups["existing"].lines.append(Line(
            f"The point is new contacts, so this pair's score counts x{number(s.multiplier)}."))
    order = list(GROUPS)
    return [groups[k] for k in sorted(groups, key=lambda k: order.index(k)
                                      if k in order else len(order))]


def everywhere_funds(suggestions: Iterable[Suggestion]) -> list[str]:
    """Names of the funds open to every region that count in these suggestions."""
    return sorted({e.item_name or "" for s in suggestions for e in s.evidence
                   if e.kind == "shared_fund" and e.everywhere})


def how_to_reach(c: ContactPoint) -> str:
    """The role-based way in, when a source gives one: "; ask for OFFICE at ADDRESS" or
    "; write to ADDRESS" (empty otherwise).

    >>> how_to_reach(ContactPoint("o", "O", function="Brussels office", address="x@y.eu"))
    '; ask for Brussels office at x@y.eu'
    """
    if c.function:
        return f"; ask for {c.function}" + (f" at {c.address}" if c.address else "")
    return f"; write to {c.address}" if c.address else ""


def summary(s: Suggestion) -> str:
    """The suggestion in one line: score, band and the main reason.

    >>> from analysis.synergy import Suggestion
    >>> summary(Suggestion("a", "A", "b", "B", 7.9, False, False))
    'B: 66/100 (strong)'
    """
    return f"{s.b_name}: {s.scaled}/100 ({s.band})"
