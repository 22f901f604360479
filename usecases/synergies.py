"""Synergy questions: whom should a region talk to, which pairs fit best, which regions
group together, which organisations connect the partnership.

:func:`synergy_model` is the one place where the synergy pipeline is assembled (read the
synergy graph with the ``synergy_*`` queries, build the model); every other function here,
and the network page and the report, start from it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import queries
from analysis.synergy import (
    ContactPoint,
    SynergyModel,
    Weights,
    build_model,
    pair_suggestion,
    prefetch,
    suggestions,
)
from analysis.synergy import Suggestion as Suggestion
from analysis.synergy_graph import AVAILABLE_IN, TAKES_PART, SynergyGraph
from analysis.synergy_source import (
    OFFER_KINDS,
    TAKING_PART_KINDS,
    OfferKey,
    OfferSample,
    OfferTotal,
    SharedItem,
    Together,
    merge_shared,
    offer_rows,
    pairs_of,
    sample_offers,
    together_ids,
    totals_from_rows,
)
from graph.schema import default_priority
from graph.store import Store
from usecases import synergy_index
from usecases.names import region_id


class StoreSource:
    """The synergy model's facts from a store: the skeleton (profiles, regions, funds,
    representatives) and the aggregates are counted by the ``synergy_*`` queries in the
    database, the same on both backends, so only they cross the wire; a pair's offers are
    read only when its evidence is shown."""

    def __init__(self, store: Store):
        self.store = store
        #: Index rows parsed once per region: a one-region answer asks for every region's
        #: totals, then its own, then those of the regions it shows.
        self._totals: dict[str, list[list[Any]]] = {}
        self._all_totals = False
        self._samples: dict[str, list[list[str]]] = {}

    def skeleton(self) -> SynergyGraph:
        g = SynergyGraph()
        store = self.store
        for r in queries.run(store, "synergy_profiles"):
            g.add_node(r["region"], kind="Region", name=r["region_name"],
                       member=bool(r["member"]))
            g.add_node(r["challenge"], kind="Challenge", name=r["challenge_name"])
            g.add_edge(r["region"], r["challenge"], rel="FACES",
                       priority=r["priority"] or default_priority(), source=r["source"])
        for r in self.region_rows:  # regions without challenges still count
            g.add_node(r["id"], kind="Region", name=r["name"], member=bool(r["rsp_member"]),
                       nuts=r["nuts_code"], country=r["country_code"],
                       country_name=r["country"], ara=bool(r["ara_member"]))
        orgs: dict[str, dict[str, Any]] = g.graph.setdefault("orgs", {})
        representatives: dict[str, list[dict[str, Any]]] = g.graph.setdefault(
            "representatives", {})
        for r in queries.run(store, "synergy_representatives"):
            if r["region"] in g:
                orgs[r["org"]] = {"name": r["org_name"], "category": r["category"],
                                  "website": r["website"]}
                representatives.setdefault(r["region"], []).append(
                    {"org": r["org"], "function": r["function"], "address": r["address"],
                     "verified": r["verified"] is not False, "source": r["source"]})
        for r in queries.run(store, "synergy_funds"):
            if r["challenge"] not in g:
                continue
            g.add_node(r["fund"], kind="Fund", name=r["fund_name"])
            g.add_edge(r["fund"], r["challenge"], rel="SUPPORTS",
                       territory=list(r["territory"] or ["EU"]), source=r["source"])
        return g

    @cached_property
    def region_rows(self) -> list[dict[str, Any]]:
        """Every region (the ``synergy_regions`` query): read once for the skeleton and
        for finding the region a question names."""
        return queries.run(self.store, "synergy_regions").dicts()

    @cached_property
    def build(self) -> str | None:
        """The synergy index's build when it matches the graph, else None (count live)."""
        return synergy_index.fresh_build(self.store)

    def offer_totals(self, *, regions: Sequence[str] | None = None,
                     challenges: Sequence[str] | None = None) -> list[OfferTotal]:
        params: dict[str, Any] = {
            "regions": None if regions is None else list(regions),
            "challenges": None if challenges is None else list(challenges)}
        if self.build is not None:
            # The index holds one total per region, challenge, kind and lesson already
            # (synergy_index.refresh): sorted, not merged again.
            wanted = None if challenges is None else set(challenges)
            found = sorted((region, str(c), str(k), bool(lesson), int(n))
                           for region, entries in self._index_totals(regions).items()
                           for c, k, lesson, n in entries if wanted is None or c in wanted)
            return [OfferTotal(*t) for t in found]
        return totals_from_rows(queries.run(self.store, "synergy_offer_totals", params))

    def working_pairs(self, *, region: str | None = None) -> list[tuple[str, str]]:
        if self.build is not None:
            rows = queries.run(self.store, "synergy_index_pairs", {"build": self.build}) \
                if region is None else queries.run(self.store, "synergy_index_taking_part",
                                                   {"build": self.build, "regions": [region]})
            return [(str(r["region"]), str(b)) for r in rows for b in r["partners"] or []
                    if region is not None or str(r["region"]) < b]
        params: dict[str, Any] = {}
        if region is not None:
            params["items"] = sorted({str(item) for r in queries.run(
                self.store, "synergy_taking_part", {"regions": [region]})
                for item in r["items"]})
        return pairs_of(merge_shared(
            queries.run(self.store, "synergy_shared_items", params).dicts()), region)

    def shared_between(self, pairs: Sequence[tuple[str, str]], limit: int
                       ) -> dict[tuple[str, str], Together]:
        regions = sorted({r for pair in pairs for r in pair})
        if self.build is not None:
            groups = [{"region": r["region"], "item_kind": kind, "items": items}
                      for r in queries.run(self.store, "synergy_index_taking_part",
                                           {"regions": regions, "build": self.build})
                      for kind, items in json.loads(r["taking_part"] or "{}").items()]
        else:
            groups = queries.run(self.store, "synergy_taking_part",
                                 {"regions": regions}).dicts()
        found = together_ids(groups, pairs, limit)
        wanted = {kind: sorted({i for ids, _ in found.values() for i, k in ids if k == kind})
                  for kind in TAKING_PART_KINDS}
        details = {(str(r["item"]), str(r["kind"])): r for r in queries.run(
            self.store, "synergy_shared_details",
            {"events": wanted["Event"], "projects": wanted["Project"]})}
        return {(a, b): Together(
            [SharedItem(item, str(details[item, kind]["name"]), kind,
                        details[item, kind]["source"], frozenset((a, b)))
             for item, kind in ids if (item, kind) in details], total)
            for (a, b), (ids, total) in found.items()}

    def offers(self, regions: Sequence[str], challenges: Sequence[str], limit: int
               ) -> OfferSample:
        if self.build is not None and limit <= synergy_index.SAMPLED:
            sample, counts = self._indexed_offers(regions, challenges, limit)
        else:
            groups = queries.run(self.store, "synergy_offer_items",
                                 {"regions": list(regions), "challenges": list(challenges)})
            sample, counts = sample_offers(groups, limit)
        wanted = {kind: sorted({i for (_, _, k, _), ids in sample.items() if k == kind
                                for i in ids}) for kind in OFFER_KINDS}
        details = queries.run(self.store, "synergy_offer_details", {
            "regions": list(regions), "practices": wanted["Practice"],
            "courses": wanted["Course"], "projects": wanted["Project"]})
        return OfferSample(offer_rows(sample, details), counts)

    def _indexed_offers(self, regions: Sequence[str], challenges: Sequence[str], limit: int
                        ) -> tuple[dict[OfferKey, list[str]], dict[OfferKey, int]]:
        """What :func:`sample_offers` gives from ``synergy_offer_items``, read from the
        index: each group's first ids and size (the index keeps the first
        :data:`usecases.synergy_index.SAMPLED` of each)."""
        wanted = set(challenges)
        samples = self._index_samples(regions)
        found: list[tuple[OfferKey, list[str], int]] = [
            ((region, c, k, bool(lesson)), [str(i) for i in ids[:limit]], n)
            for region, entries in self._index_totals(regions).items()
            for (c, k, lesson, n), ids in zip(entries, samples[region], strict=True)
            if c in wanted]
        found.sort(key=lambda t: t[0])
        return {key: ids for key, ids, _ in found}, {key: n for key, _, n in found}

    def _index_totals(self, regions: Sequence[str] | None) -> dict[str, list[list[Any]]]:
        """The index's totals of ``regions`` (None: every region), each region's row read
        and parsed once: ``[[challenge, kind, lesson, items], ...]``, none for a region
        that offers nothing."""
        missing = None if regions is None else [r for r in regions if r not in self._totals]
        if not self._all_totals and (missing is None or missing):
            self._read_index("synergy_index_totals", "totals", missing, self._totals)
            self._all_totals = missing is None
        if regions is None:
            return self._totals
        return {r: self._totals.get(r, []) for r in regions}

    def _index_samples(self, regions: Sequence[str]) -> dict[str, list[list[str]]]:
        """The first ids of each of the index's totals of ``regions`` (in the order of
        :meth:`_index_totals`), read for the few regions an answer shows: at EU scale
        they are two thirds of the index's text, which every answer would otherwise
        read and parse for every region."""
        missing = [r for r in regions if r not in self._samples]
        if missing:
            self._read_index("synergy_index_samples", "samples", missing, self._samples)
        return {r: self._samples[r] for r in regions}

    def _read_index(self, query: str, column: str, regions: list[str] | None,
                    into: dict[str, Any]) -> None:
        """Parse the JSON ``column`` of the index rows of ``regions`` (None: every region)
        into ``into``; a region without a row gets an empty list."""
        rows = queries.run(self.store, query, {"regions": regions, "build": self.build})
        read = {str(r["region"]): json.loads(r[column] or "[]") for r in rows}
        into.update(read)
        into.update({r: [] for r in regions or [] if r not in read})

    def contacts(self) -> list[dict[str, Any]]:
        return queries.run(self.store, "synergy_contacts").dicts()


def read_synergy_graph(store: Store, *, include_contacts: bool = False) -> SynergyGraph:
    """The whole synergy graph, item by item (:mod:`analysis.synergy_graph` describes
    its nodes and edges): the reference the in-database aggregates of
    :class:`StoreSource` are tested against. It costs a read of every offer and every
    participation, so no command uses it.
    """
    g = StoreSource(store).skeleton()
    orgs: dict[str, dict[str, Any]] = g.graph.setdefault("orgs", {})
    everywhere = {"regions": [n for n, d in g.nodes(data=True) if d.get("kind") == "Region"]}
    challenges = [n for n, d in g.nodes(data=True) if d.get("kind") == "Challenge"]
    for r in queries.run(store, "synergy_offers", {**everywhere, "challenges": challenges}):
        if r["region"] not in g or r["challenge"] not in g:
            continue
        g.add_node(r["item"], kind=r["item_kind"], name=r["item_name"], source=r["source"],
                   lesson=bool(r["lesson"]))
        g.add_edge(r["item"], r["challenge"], rel="ADDRESSES")
        edge = g.get_edge_data(r["item"], r["region"])
        if edge is None:
            g.add_edge(r["item"], r["region"], rel=AVAILABLE_IN, orgs={})
            edge = g.edges[r["item"], r["region"]]
        if r["org"]:
            edge["orgs"][r["org"]] = r["org_name"]
            orgs[r["org"]] = {"name": r["org_name"], "category": r["org_category"] or None,
                              "website": r["org_website"] or None}
    for r in queries.run(store, "synergy_participation", everywhere):
        if r["region"] not in g:
            continue
        g.add_node(r["item"], kind=r["item_kind"], name=r["item_name"], source=r["source"],
                   date=r["date"])
        g.add_edge(r["region"], r["item"], rel=TAKES_PART)
    if include_contacts:
        for r in queries.run(store, "synergy_contacts"):
            g.graph.setdefault("contacts", {}).setdefault(r["org"], []).append(
                {"name": r["name"], "role": r["role"], "email": r["email"]})
    return g


def synergy_model(store: Store, weights: Weights | None = None, *,
                  region: str | None = None, source: StoreSource | None = None
                  ) -> SynergyModel:
    """The synergy model of the graph in ``store``: the one assembly of the pipeline.

    With ``region`` (an id), the aggregates are counted for that region's row of scores
    only: its row is exact, the other pairs' are not (use it for that region's answer).
    """
    return build_model(source or StoreSource(store), weights, region=region)


@dataclass
class SynergyAnswer:
    """Suggestions for one region (``region`` set) or the best pairs of the partnership;
    ``why_empty`` says, when there are none, why and what to do."""

    region: str | None
    region_name: str | None
    suggestions: list[Suggestion]
    weights: Weights = field(default_factory=Weights)
    why_empty: str = ""


def why_empty(model: SynergyModel, region: str | None, include_external: bool) -> str:
    """Why an answer has no suggestions, in words that say what to do."""
    g = model.graph
    if region is None:
        return ("No two partnership regions share a challenge or offer anything for each "
                "other's challenges: record challenges in faces.csv and offers (practices, "
                "courses, projects) for them, then rsp load.")
    name = g.nodes[region]["name"]
    faced = sorted(g.nodes[c]["name"] for _, c, d in g.out_edges(region, data=True)
                   if d.get("rel") == "FACES")
    if not faced:
        return (f"{name} has no challenges recorded, so there is nothing to match: add "
                f"{name}'s challenges to faces.csv (its id is listed by 'rsp regions', the "
                "challenges' by 'rsp query challenges'), then rsp load.")
    beyond = "" if include_external else (
        "; --include-external looks beyond the partnership")
    return (f"No other partnership region faces {name}'s challenges ({'; '.join(faced)}) "
            f"or offers anything for them{beyond}.")


def suggest(store: Store, region: str | None = None, *, top: int = 10,
            include_external: bool = False, explain: bool = True,
            include_contacts: bool = False, weights: Weights | None = None,
            model: SynergyModel | None = None) -> SynergyAnswer:
    """Ranked synergy suggestions for ``region`` (a name or id), or for all pairs.

    ``top=0`` returns every pair with a positive score. Evidence (and with it the
    contact points) is gathered unless ``explain`` is false.
    """
    # Dozens of small reads (the index's rows, one region's offers), none a whole scan.
    with store.point_reads():
        if model is None:
            source = StoreSource(store)
            target = region_id(store, region, regions=source.region_rows) if region \
                else None
            # One region's answer reads its neighbourhood only; the pairs, every pair's.
            model = synergy_model(store, weights, region=target, source=source)
        else:
            # An id the model knows needs no lookup (the report asks once per member
            # region).
            target = (region if region in model.graph else region_id(store, region)) \
                if region else None
        found = suggestions(model, target, top=top, include_external=include_external,
                            explain=explain, include_contacts=include_contacts)
    name = model.graph.nodes[target]["name"] if target else None
    reason = "" if found else why_empty(model, target, include_external)
    return SynergyAnswer(target, name, found, model.weights, reason)


def warm_up(store: Store) -> str | None:
    """Ask one region's question and drop the answer; return the region asked, if any.

    A server that plans each query text once (Neo4j) then answers the user's first
    question after a load at its usual speed: at EU scale the first one-region answer
    took 5.8 s instead of about 2.5 s, most of it planning. The region asked is the
    first with challenges; its own answer is as cheap as any other's.
    """
    first = next(iter(queries.run(store, "synergy_profiles")), None)
    if first is None:
        return None
    suggest(store, str(first["region"]))
    return str(first["region"])


@dataclass(frozen=True)
class CommunityMember:
    community: int
    region: str
    name: str


def communities(store: Store, *, seed: int | None = None,
                resolution: float = 1.0) -> list[CommunityMember]:
    """Communities of partnership regions linked by their synergy scores (Louvain)."""
    model = synergy_model(store)
    members = [i for i, r in enumerate(model.regions) if model.graph.nodes[r].get("member")]
    regions = [model.regions[i] for i in members]
    scores = model.score_matrix()[members][:, members]
    from analysis import communities as community_analysis  # igraph: only when asked

    found = community_analysis.communities(
        community_analysis.region_graph(regions, scores),
        seed=community_analysis.SEED if seed is None else seed, resolution=resolution)
    names = model.graph.nodes
    return [CommunityMember(i, r, names[r]["name"]) for i, c in enumerate(found, 1) for r in c]


@dataclass(frozen=True)
class Broker:
    organisation: str
    name: str
    category: str
    betweenness: float


@dataclass(frozen=True)
class BrokerAnswer:
    """The brokers, and whether betweenness was estimated from a sample of sources."""

    brokers: list[Broker]
    nodes: int
    sample: int | None


def brokers(store: Store, *, top: int = 10) -> BrokerAnswer:
    """Organisations that connect the partnership: betweenness over what they take part in.

    Only the ids of the edges are read; names are read for the organisations shown."""
    from analysis import brokers as broker_analysis  # igraph: only when asked

    rows = queries.run(store, "broker_edges").rows
    ranking = broker_analysis.brokers(broker_analysis.participation_graph(
        (str(o), str(x)) for o, items in rows for x in items), top=top)
    shown = [o for o, _ in ranking.scores]
    names = {r["org"]: (r["org_name"], r["category"]) for r in
             queries.run(store, "broker_names", {"organisations": shown})} if shown else {}
    return BrokerAnswer([Broker(o, *names[o], score) for o, score in ranking.scores],
                        ranking.nodes, ranking.sample)


@dataclass
class MemberMatch:
    """How a candidate region fits one member: the member's view of the candidate."""

    member: str
    member_name: str
    suggestion: Suggestion


@dataclass
class Candidate:
    """A region outside the partnership, as a possible new member."""

    region: str
    name: str
    country: str | None
    ara_member: bool
    #: The members it fits, best first (each member's score of this region).
    matches: list[MemberMatch] = field(default_factory=list)
    #: What it could bring the members: practices, courses, projects (names), sourced.
    offers: list[tuple[str, str, str | None]] = field(default_factory=list)
    #: Bodies to approach there.
    bodies: list[ContactPoint] = field(default_factory=list)
    #: Why it cannot be ranked, when its data is missing.
    missing: str = ""

    @property
    def fit(self) -> float:
        """Raw scores of its three best member matches, summed: the ranking key."""
        return sum(m.suggestion.score for m in self.matches[:3])


def candidates(store: Store, *, top: int = 10, weights: Weights | None = None
               ) -> list[Candidate]:
    """Regions outside the partnership ranked as candidate members: which members they
    share challenges with, what they could bring, whom to approach. Regions with no
    challenges recorded come last, each saying what is missing instead of ranking low."""
    model = synergy_model(store, weights)
    g = model.graph
    index = {r: i for i, r in enumerate(model.regions)}
    scores = model.score_matrix()
    members = [r for r in model.regions if g.nodes[r].get("member")]
    bodies: dict[str, list[ContactPoint]] = {}
    for r in queries.run(store, "region_bodies"):
        bodies.setdefault(r["region"], []).append(ContactPoint(
            r["org"], r["org_name"], r["category"], r["website"],
            f"a {str(r['category']).replace('_', ' ')} in the region", source=r["source"]))
    profiled = {u for u, _, d in g.edges(data=True) if d.get("rel") == "FACES"}
    # The evidence of every member match, read in one request rather than pair by pair.
    prefetch(model, [(m, r) for r in model.regions if r in profiled
                     and not g.nodes[r].get("member") for m in members
                     if scores[index[m], index[r]] > 0])
    ranked, missing = [], []
    for region in model.regions:
        data = g.nodes[region]
        if data.get("member"):
            continue
        found = Candidate(region, data["name"], data.get("country_name"),
                          bool(data.get("ara")), bodies=bodies.get(region, []))
        if region not in profiled:
            found.missing = (f"no challenges recorded for {data['name']}: add them to "
                             "faces.csv to rank it")
            missing.append(found)
            continue
        for member in members:
            if scores[index[member], index[region]] > 0:
                s = pair_suggestion(model, member, region)
                found.matches.append(MemberMatch(member, g.nodes[member]["name"], s))
        found.matches.sort(key=lambda m: (-m.suggestion.score, m.member_name))
        seen: set[str] = set()
        for match in found.matches:
            for e in match.suggestion.evidence:
                if e.kind == "offer" and e.item and e.item not in seen:
                    seen.add(e.item)
                    found.offers.append((e.item_name or e.item, e.item_kind or "", e.source))
            for c in match.suggestion.contacts:
                if c.id not in {b.id for b in found.bodies}:
                    found.bodies.append(c)
        if not found.matches:
            found.missing = (f"{data['name']} shares no challenge with a member and offers "
                             "nothing for their challenges in the data")
            missing.append(found)
            continue
        ranked.append(found)
    ranked.sort(key=lambda c: (-c.fit, c.name))
    return (ranked[:top] if top else ranked) + sorted(missing, key=lambda c: c.name)

