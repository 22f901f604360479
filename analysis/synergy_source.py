"""Where the synergy model gets its facts: aggregates for the scores, details on demand.

The scores need only small aggregates: every region's challenge profile, how many offers
of each kind each region has per challenge (:class:`OfferTotal`), the funds, and which
pairs of regions already work together (a common event or project). The evidence of the
few pairs that are shown needs the items themselves (:meth:`SynergySource.offers`). A
:class:`SynergySource` answers both kinds of question; the store-backed one
(:class:`usecases.synergies.StoreSource`) runs the ``synergy_*`` queries in the database,
so only aggregates cross the wire (or reads them from the synergy index that each load
keeps, :mod:`usecases.synergy_index`), and :class:`GraphSource` answers from a whole synergy
graph in memory (:mod:`analysis.synergy_graph`): the reference the database's aggregates
are tested against, and what the unit tests build by hand.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from analysis.synergy_graph import AVAILABLE_IN, TAKES_PART, GraphLike, SynergyGraph


@dataclass(frozen=True)
class OfferTotal:
    """How many distinct offers of one kind a region has for one challenge."""

    region: str
    challenge: str
    kind: str
    lesson: bool
    items: int


@dataclass(frozen=True)
class SharedItem:
    """An event or project and every region taking part in it (itself or through its
    organisations): two regions in one item already work together."""

    item: str
    name: str
    kind: str
    source: str | None
    regions: frozenset[str]


#: The kinds of item a region offers for a challenge, and those regions take part in.
OFFER_KINDS = ("Practice", "Course", "Project")
TAKING_PART_KINDS = ("Event", "Project")
#: Items (events, projects) counted at once by :func:`pairs_taking_part`: a block is a
#: regions-by-items matrix of doubles, 300 x 4096 x 8 bytes = 10 MB at EU scale.
PAIR_BLOCK = 4096

#: A group of offers: region, challenge, kind of item and whether it is a lesson.
OfferKey = tuple[str, str, str, bool]


@dataclass(frozen=True)
class OfferSample:
    """Some regions' offers for some challenges as evidence shows them: for each group
    (:data:`OfferKey`) its first items by id with the organisations behind each (``rows``,
    shaped like the ``synergy_offers`` query's), and how many items it has in all
    (``counts``). A region can offer thousands of items; evidence lists a few per group
    and counts the rest, so only those few are read in full."""

    rows: list[dict[str, Any]]
    counts: dict[OfferKey, int]


@dataclass(frozen=True)
class Together:
    """What a pair of regions already does together: the first events and projects by
    id (``items``) and how many there are (``total``)."""

    items: list[SharedItem]
    total: int


class SynergySource(Protocol):
    """What :func:`analysis.synergy.build_model` asks of the graph."""

    def skeleton(self) -> SynergyGraph:
        """Regions (with ``member``, ``nuts``, ``country``), challenges, ``FACES`` edges,
        funds with ``SUPPORTS`` edges; ``graph["orgs"]`` and
        ``graph["representatives"]`` for the bodies that represent the regions."""

    def offer_totals(self, *, regions: Sequence[str] | None = None,
                     challenges: Sequence[str] | None = None) -> list[OfferTotal]:
        """Offer counts per region, challenge and kind, optionally only for some: one
        total per region, challenge, kind and lesson, in that order (as
        :func:`merge_totals` gives them)."""

    def working_pairs(self, *, region: str | None = None) -> list[tuple[str, str]]:
        """Pairs of regions (in either order) that take part in a common event or
        project; with ``region``, only its pairs."""

    def shared_between(self, pairs: Sequence[tuple[str, str]], limit: int
                       ) -> dict[tuple[str, str], Together]:
        """The events and projects each pair takes part in together (for evidence): the
        first ``limit`` of each pair, and how many."""

    def offers(self, regions: Sequence[str], challenges: Sequence[str], limit: int
               ) -> OfferSample:
        """The offers themselves, the first ``limit`` of each group."""

    def contacts(self) -> list[dict[str, Any]]:
        """Contact persons by organisation (``org``, ``name``, ``role``, ``email``)."""


def total_key(t: OfferTotal) -> tuple[str, str, str, bool]:
    """What a total counts: its region, challenge, kind and lesson (the order of totals)."""
    return t.region, t.challenge, t.kind, t.lesson


def merge_totals(rows: Iterable[OfferTotal]) -> list[OfferTotal]:
    """One total per region, challenge, kind and lesson (the queries count each path to a
    region separately, with no item counted twice).

    >>> merge_totals([OfferTotal("a", "x", "Course", False, 2),
    ...               OfferTotal("a", "x", "Course", False, 1)])
    [OfferTotal(region='a', challenge='x', kind='Course', lesson=False, items=3)]
    """
    found: dict[tuple[str, str, str, bool], int] = {}
    for t in rows:
        key = total_key(t)
        found[key] = found.get(key, 0) + t.items
    return [OfferTotal(*key, items) for key, items in sorted(found.items())]


def pairs_of(items: Iterable[SharedItem], region: str | None = None
             ) -> list[tuple[str, str]]:
    """The pairs of regions the items bring together, each once, ``a < b``; with
    ``region``, only its pairs. Counted as a sparse co-occurrence matrix, so an event
    with hundreds of regions costs its regions, not their pairs.

    >>> pairs_of([SharedItem("e", "E", "Event", None, frozenset("abc"))], "a")
    [('a', 'b'), ('a', 'c')]
    """
    taking: dict[str, dict[str, list[str]]] = {}
    for x in items:
        if region is None or region in x.regions:
            for r in x.regions:
                taking.setdefault(r, {}).setdefault(x.kind, []).append(x.item)
    return [t for t in pairs_taking_part(taking) if region is None or region in t]


def pairs_taking_part(taking: Mapping[str, Mapping[str, Collection[str]]], *,
                      block: int = PAIR_BLOCK) -> list[tuple[str, str]]:
    """The pairs of regions taking part in a common event or project, each once, ``a <
    b``, from what each region takes part in (``region -> kind -> ids``): the same pairs
    as :func:`pairs_of` (which counts through it).

    Counted as a co-occurrence matrix, regions by regions, summed over ``block`` items at
    a time (``P @ P.T`` for each block of the region-by-item matrix ``P``): regions are
    a few hundred, items can be many, so each block is a small dense matrix for numpy.
    SciPy's sparse product gave the same pairs but took 0.36 s to import.

    >>> pairs_taking_part({"a": {"Event": ["e"]}, "b": {"Event": ["e"], "Project": ["e"]},
    ...                    "c": {"Project": ["e"]}})
    [('a', 'b'), ('b', 'c')]
    """
    import numpy as np

    names = sorted(taking)
    columns: dict[str, dict[str, int]] = {}  # kind -> item -> column
    rows: list[int] = []
    cols: list[int] = []
    width = 0
    for i, region in enumerate(names):
        for kind, ids in taking[region].items():
            known = columns.setdefault(kind, {})
            for item in ids:
                column = known.get(item)
                if column is None:
                    column = known[item] = width
                    width += 1
                cols.append(column)
            rows.extend([i] * len(ids))
    if len(names) < 2 or not width:
        return []
    at_row, at_col = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    co = np.zeros((len(names), len(names)), dtype=np.float64)
    for first in range(0, width, block):
        inside = (at_col >= first) & (at_col < first + block)
        part = np.zeros((len(names), min(block, width - first)), dtype=np.float64)
        part[at_row[inside], at_col[inside] - first] = 1.0
        co += part @ part.T
    a, b = np.nonzero(np.triu(co, k=1))
    return [(names[i], names[j]) for i, j in zip(a.tolist(), b.tolist(), strict=True)]


def totals_from_rows(rows: Iterable[Mapping[str, Any]]) -> list[OfferTotal]:
    """Merged :class:`OfferTotal` from rows of ``synergy_offer_totals`` or the index.

    >>> totals_from_rows([{"region": "a", "challenge": "x", "kind": "Course",
    ...                    "lesson": None, "items": 2}])
    [OfferTotal(region='a', challenge='x', kind='Course', lesson=False, items=2)]
    """
    return merge_totals(
        OfferTotal(str(r["region"]), str(r["challenge"]), str(r["kind"]), bool(r["lesson"]),
                   int(r["items"])) for r in rows)


def merge_shared(rows: Iterable[Mapping[str, Any]]) -> list[SharedItem]:
    """One :class:`SharedItem` per item from rows with ``item``, ``name``, ``kind``,
    ``source`` and a ``regions`` list (one row per way of taking part)."""
    found: dict[str, tuple[Mapping[str, Any], set[str]]] = {}
    for r in rows:
        entry = found.setdefault(str(r["item"]), (r, set()))
        entry[1].update(str(x) for x in r["regions"] or [])
    return [SharedItem(item, str(r["name"]), str(r["kind"]), r.get("source"),
                       frozenset(regions))
            for item, (r, regions) in sorted(found.items())]


def together(items: Iterable[SharedItem], pairs: Sequence[tuple[str, str]]
             ) -> dict[tuple[str, str], list[SharedItem]]:
    """For each pair, the items both regions take part in, by id."""
    items = list(items)
    return {(a, b): sorted((x for x in items if a in x.regions and b in x.regions),
                           key=lambda x: (x.item, x.kind)) for a, b in pairs}


def sample_offers(groups: Iterable[Mapping[str, Any]], limit: int
                  ) -> tuple[dict[OfferKey, list[str]], dict[OfferKey, int]]:
    """The first ``limit`` item ids of each group and the group's size, from rows with
    ``region``, ``challenge``, ``item_kind``, ``lesson`` and an ``items`` list (one row
    per way of reaching a region, so an item may come in several rows).

    >>> sample_offers([{"region": "a", "challenge": "x", "item_kind": "Course",
    ...                 "lesson": False, "items": ["k3", "k1"]},
    ...                {"region": "a", "challenge": "x", "item_kind": "Course",
    ...                 "lesson": None, "items": ["k2", "k1"]}], 2)
    ({('a', 'x', 'Course', False): ['k1', 'k2']}, {('a', 'x', 'Course', False): 3})
    """
    found: dict[OfferKey, list[str]] = {}
    for r in groups:
        key = (str(r["region"]), str(r["challenge"]), str(r["item_kind"]), bool(r["lesson"]))
        found.setdefault(key, []).extend(r["items"] or [])
    sample: dict[OfferKey, list[str]] = {}
    counts: dict[OfferKey, int] = {}
    for key in sorted(found):
        ids = set(map(str, found[key]))
        sample[key], counts[key] = heapq.nsmallest(limit, ids), len(ids)
    return sample, counts


def offer_rows(sample: Mapping[OfferKey, Sequence[str]],
               details: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows shaped like ``synergy_offers``' for the sampled items (one per item, region
    and organisation behind it there; a row may come twice, one per way of reaching the
    region, as in ``synergy_offers``), from rows of ``synergy_offer_details`` (the
    organisations of an item in a region as a list of ``[id, name, category, website]``).

    >>> offer_rows({("a", "x", "Course", False): ["k"]},
    ...            [{"region": "a", "item": "k", "item_kind": "Course",
    ...              "orgs": [["o1", "O1", None, ""]]}])[0]["org_name"]
    'O1'
    """
    behind: dict[tuple[str, str, str], list[Mapping[str, Any]]] = {}
    for row in details:
        base = {k: v for k, v in row.items() if k != "orgs"}
        for org, name, category, website in row["orgs"] or [["", "", "", ""]]:
            d = {**base, "org": org or "", "org_name": name or "",
                 "org_category": category or "", "org_website": website or ""}
            behind.setdefault((str(d["region"]), str(d["item_kind"]), str(d["item"])), []
                              ).append(d)
    # By organisation id: the database collects an item's organisations in no set order
    # (LadybugDB's threads), and an answer must read the same each time it is asked.
    return [{**d, "challenge": challenge}
            for (region, challenge, kind, _), items in sample.items() for item in items
            for d in sorted(behind.get((region, kind, item), []), key=lambda d: d["org"])]


def together_ids(groups: Iterable[Mapping[str, Any]], pairs: Sequence[tuple[str, str]],
                 limit: int) -> dict[tuple[str, str], tuple[list[tuple[str, str]], int]]:
    """For each pair, the first ``limit`` ``(item, kind)`` both take part in (by id) and
    how many, from rows with ``region``, ``item_kind`` and an ``items`` list.

    >>> together_ids([{"region": "a", "item_kind": "Event", "items": ["e1", "e2"]},
    ...               {"region": "b", "item_kind": "Event", "items": ["e2"]}],
    ...              [("a", "b")], 5)
    {('a', 'b'): ([('e2', 'Event')], 1)}
    """
    taking: dict[str, set[tuple[str, str]]] = {}
    for r in groups:
        taking.setdefault(str(r["region"]), set()).update(
            (str(i), str(r["item_kind"])) for i in r["items"] or [])
    out = {}
    for a, b in pairs:
        both = sorted(taking.get(a, set()) & taking.get(b, set()))
        out[(a, b)] = (both[:limit], len(both))
    return out


class GraphSource:
    """A :class:`SynergySource` over a whole synergy graph held in memory.

    >>> g = SynergyGraph()
    >>> g.add_node("a", kind="Region", name="A"); g.add_node("x", kind="Challenge", name="X")
    >>> g.add_edge("a", "x", rel="FACES", priority="high")
    >>> g.add_node("k", kind="Course", name="K"); g.add_edge("k", "x", rel="ADDRESSES")
    >>> g.add_edge("k", "a", rel=AVAILABLE_IN, orgs={})
    >>> GraphSource(g).offer_totals()
    [OfferTotal(region='a', challenge='x', kind='Course', lesson=False, items=1)]
    """

    def __init__(self, g: SynergyGraph | GraphLike):
        self.g: Any = g  # a networkx graph too (the tests build them by hand)

    def skeleton(self) -> SynergyGraph:
        g = self.g
        keep = [n for n, d in g.nodes(data=True)
                if d.get("kind") in ("Region", "Challenge", "Fund")]
        out = SynergyGraph.of(g, keep, ("FACES", "SUPPORTS"))
        out.graph.update({k: v for k, v in g.graph.items() if k in
                          ("orgs", "representatives")})
        return out

    def _available(self) -> Iterable[tuple[str, str, str, dict[str, Any], dict[str, str]]]:
        """``(item, region, challenge, item data, orgs)`` for every offer."""
        g = self.g
        for item, region, d in g.edges(data=True):
            if d.get("rel") != AVAILABLE_IN:
                continue
            for challenge in g.successors(item):
                if g.edges[item, challenge].get("rel") == "ADDRESSES":
                    yield item, region, challenge, g.nodes[item], d.get("orgs", {})

    def offer_totals(self, *, regions: Sequence[str] | None = None,
                     challenges: Sequence[str] | None = None) -> list[OfferTotal]:
        return merge_totals(
            OfferTotal(region, challenge, str(data["kind"]), bool(data.get("lesson")), 1)
            for _, region, challenge, data, _ in self._available()
            if (regions is None or region in regions)
            and (challenges is None or challenge in challenges))

    def _shared(self) -> list[SharedItem]:
        g = self.g
        taking: dict[str, set[str]] = {}
        for u, v, d in g.edges(data=True):
            if d.get("rel") == TAKES_PART:
                taking.setdefault(v, set()).add(u)
        return [SharedItem(item, str(g.nodes[item].get("name")), str(g.nodes[item]["kind"]),
                           g.nodes[item].get("source"), frozenset(rs))
                for item, rs in sorted(taking.items())]

    def working_pairs(self, *, region: str | None = None) -> list[tuple[str, str]]:
        return pairs_of(self._shared(), region)

    def shared_between(self, pairs: Sequence[tuple[str, str]], limit: int
                       ) -> dict[tuple[str, str], Together]:
        return {pair: Together(items[:limit], len(items))
                for pair, items in together(self._shared(), pairs).items()}

    def offers(self, regions: Sequence[str], challenges: Sequence[str], limit: int
               ) -> OfferSample:
        orgs_info = self.g.graph.get("orgs", {})
        groups, details = [], []
        for item, region, challenge, data, orgs in self._available():
            if region not in regions or challenge not in challenges:
                continue
            base = {"region": region, "item": item, "item_name": data.get("name"),
                    "item_kind": data["kind"], "lesson": bool(data.get("lesson")),
                    "source": data.get("source")}
            groups.append({**base, "challenge": challenge, "items": [item]})
            details.append({**base, "orgs": [
                [org, name, orgs_info.get(org, {}).get("category") or "",
                 orgs_info.get(org, {}).get("website") or ""]
                for org, name in sorted(orgs.items())] or [["", "", "", ""]]})
        sample, counts = sample_offers(groups, limit)
        return OfferSample(offer_rows(sample, details), counts)

    def contacts(self) -> list[dict[str, Any]]:
        return [{"org": org, **person}
                for org, people in self.g.graph.get("contacts", {}).items()
                for person in people]
