"""Synergy questions: whom should a region talk to, which pairs fit best, which regions
group together, which organisations connect the partnership.

:func:`synergy_model` is the one place where the synergy pipeline is assembled (read the
synergy graph with the ``synergy_*`` queries, build the model); every other function here,
and the network page and the report, start from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

import queries
from analysis import brokers as broker_analysis
from analysis import communities as community_analysis
from analysis.synergy import Suggestion as Suggestion
from analysis.synergy import SynergyModel, Weights, build_model, suggestions
from analysis.synergy_graph import AVAILABLE_IN, TAKES_PART
from graph.schema import default_priority
from graph.store import Store
from usecases.names import region_id


def read_synergy_graph(store: Store, *, include_contacts: bool = False) -> nx.DiGraph:
    """Regions, challenges, offers, funds and participation as the synergy graph
    (:mod:`analysis.synergy_graph` describes its nodes and edges)."""
    g = nx.DiGraph()
    for r in queries.run(store, "synergy_profiles"):
        g.add_node(r["region"], kind="Region", name=r["region_name"], member=bool(r["member"]))
        g.add_node(r["challenge"], kind="Challenge", name=r["challenge_name"])
        g.add_edge(r["region"], r["challenge"], rel="FACES",
                   priority=r["priority"] or default_priority(), source=r["source"])
    for r in queries.run(store, "regions"):  # regions without challenges still count
        g.add_node(r["id"], kind="Region", name=r["name"], member=bool(r["rsp_member"]),
                   nuts=r["nuts_code"], country=r["country_code"])
    for r in queries.run(store, "synergy_offers"):
        if r["region"] not in g or r["challenge"] not in g:
            continue
        g.add_node(r["item"], kind=r["item_kind"], name=r["item_name"], source=r["source"])
        g.add_edge(r["item"], r["challenge"], rel="ADDRESSES")
        edge = g.get_edge_data(r["item"], r["region"])
        if edge is None:
            g.add_edge(r["item"], r["region"], rel=AVAILABLE_IN, orgs={})
            edge = g.edges[r["item"], r["region"]]
        if r["org"]:
            edge["orgs"][r["org"]] = r["org_name"]
    for r in queries.run(store, "synergy_funds"):
        if r["challenge"] not in g:
            continue
        g.add_node(r["fund"], kind="Fund", name=r["fund_name"])
        g.add_edge(r["fund"], r["challenge"], rel="SUPPORTS",
                   territory=list(r["territory"] or ["EU"]), source=r["source"])
    for r in queries.run(store, "synergy_participation"):
        if r["region"] not in g:
            continue
        g.add_node(r["item"], kind=r["item_kind"], name=r["item_name"], source=r["source"],
                   date=r["date"])
        g.add_edge(r["region"], r["item"], rel=TAKES_PART)
    if include_contacts:
        # Organisations behind an offer, gathered once (not rescanned for every contact).
        behind = {org for *_, d in g.edges(data=True) for org in d.get("orgs", {})}
        for r in queries.run(store, "synergy_contacts"):
            if r["org"] in g or r["org"] in behind:
                g.graph.setdefault("contacts", {}).setdefault(r["org"], []).append(
                    {"name": r["name"], "role": r["role"], "email": r["email"]})
    return g


def synergy_model(store: Store, weights: Weights | None = None, *,
                  include_contacts: bool = False) -> SynergyModel:
    """The synergy model of the graph in ``store``: the one assembly of the pipeline."""
    return build_model(read_synergy_graph(store, include_contacts=include_contacts), weights)


@dataclass
class SynergyAnswer:
    """Suggestions for one region (``region`` set) or the best pairs of the partnership."""

    region: str | None
    region_name: str | None
    suggestions: list[Suggestion]
    weights: Weights = field(default_factory=Weights)


def suggest(store: Store, region: str | None = None, *, top: int = 10,
            include_external: bool = False, explain: bool = True,
            include_contacts: bool = False, weights: Weights | None = None,
            model: SynergyModel | None = None) -> SynergyAnswer:
    """Ranked synergy suggestions for ``region`` (a name or id), or for all pairs.

    ``top=0`` returns every pair with a positive score. Evidence (and with it the
    contact points) is gathered unless ``explain`` is false.
    """
    model = model or synergy_model(store, weights, include_contacts=include_contacts)
    target = region_id(store, region) if region else None
    found = suggestions(model, target, top=top, include_external=include_external,
                        explain=explain, include_contacts=include_contacts)
    name = model.graph.nodes[target]["name"] if target else None
    return SynergyAnswer(target, name, found, model.weights)


@dataclass(frozen=True)
class CommunityMember:
    community: int
    region: str
    name: str


def communities(store: Store, *, seed: int = community_analysis.SEED,
                resolution: float = 1.0) -> list[CommunityMember]:
    """Communities of partnership regions linked by their synergy scores (Louvain)."""
    model = synergy_model(store)
    members = [i for i, r in enumerate(model.regions) if model.graph.nodes[r].get("member")]
    regions = [model.regions[i] for i in members]
    scores = model.score_matrix()[members][:, members]
    found = community_analysis.communities(
        community_analysis.region_graph(regions, scores), seed=seed, resolution=resolution)
    names = model.graph.nodes
    return [CommunityMember(i, r, names[r]["name"]) for i, c in enumerate(found, 1) for r in c]


@dataclass(frozen=True)
class Broker:
    organisation: str
    name: str
    category: str
    betweenness: float


def brokers(store: Store, *, top: int = 10) -> list[Broker]:
    """Organisations that connect the partnership: betweenness over what they take part in."""
    rows = queries.run(store, "broker_edges").dicts()
    names = {r["org"]: (r["org_name"], r["category"]) for r in rows}
    ranked = broker_analysis.brokers(
        broker_analysis.participation_graph((r["org"], r["item"]) for r in rows), top=top)
    return [Broker(o, names[o][0], names[o][1], score) for o, score in ranked]
