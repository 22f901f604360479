"""The graph the synergy analyses work on, read from a store with the ``synergy_*`` queries.

Nodes are keyed by their dataset ``id`` and carry ``kind``; edges carry ``rel``:
``FACES`` (region to challenge, with ``weight`` from the priority), ``ADDRESSES`` (offer
to challenge), ``AVAILABLE_IN`` (offer to region, with the contact ``orgs``),
``SUPPORTS`` (fund to challenge, with ``territory``) and ``TAKES_PART`` (region to event or
project). The analyses are pure functions of this graph.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from graph.store import Store

PRIORITY_WEIGHTS: Mapping[str, float] = {"high": 1.0, "medium": 0.6, "low": 0.3}


def read_synergy_graph(store: Store, *, include_contacts: bool = False) -> nx.DiGraph:
    """Read regions, challenges, offers, funds and participation into one DiGraph."""
    g = nx.DiGraph()
    for r in store.query("synergy_profiles"):
        g.add_node(r["region"], kind="Region", name=r["region_name"], member=bool(r["member"]))
        g.add_node(r["challenge"], kind="Challenge", name=r["challenge_name"])
        g.add_edge(r["region"], r["challenge"], rel="FACES", priority=r["priority"] or "medium",
                   source=r["source"])
    for r in store.query("regions"):  # regions without challenges still count
        g.add_node(r["id"], kind="Region", name=r["name"], member=bool(r["rsp_member"]),
                   nuts=r["nuts_code"], country=r["country_code"])
    for r in store.query("synergy_offers"):
        if r["region"] not in g or r["challenge"] not in g:
            continue
        g.add_node(r["item"], kind=r["item_kind"], name=r["item_name"], source=r["source"])
        g.add_edge(r["item"], r["challenge"], rel="ADDRESSES")
        edge = g.get_edge_data(r["item"], r["region"])
        if edge is None:
            g.add_edge(r["item"], r["region"], rel="AVAILABLE_IN", orgs={})
            edge = g.edges[r["item"], r["region"]]
        if r["org"]:
            edge["orgs"][r["org"]] = r["org_name"]
    for r in store.query("synergy_funds"):
        if r["challenge"] not in g:
            continue
        g.add_node(r["fund"], kind="Fund", name=r["fund_name"])
        g.add_edge(r["fund"], r["challenge"], rel="SUPPORTS",
                   territory=list(r["territory"] or ["EU"]), source=r["source"])
    for r in store.query("synergy_participation"):
        if r["region"] not in g:
            continue
        g.add_node(r["item"], kind=r["item_kind"], name=r["item_name"], source=r["source"],
                   date=r["date"])
        g.add_edge(r["region"], r["item"], rel="TAKES_PART")
    if include_contacts:
        # Organisations behind an offer, gathered once (not rescanned for every contact).
        behind = {org for *_, d in g.edges(data=True) for org in d.get("orgs", {})}
        for r in store.query("synergy_contacts"):
            if r["org"] in g or r["org"] in behind:
                g.graph.setdefault("contacts", {}).setdefault(r["org"], []).append(
                    {"name": r["name"], "role": r["role"], "email": r["email"]})
    return g


def regions(g: nx.DiGraph, *, members_only: bool = False) -> list[str]:
    """Region ids in a stable order."""
    return sorted(n for n, d in g.nodes(data=True)
                  if d.get("kind") == "Region" and (d.get("member") or not members_only))


def eligible(territory: list[str], region_nuts: str | None, country: str | None) -> bool:
    """Whether a fund's territory list covers a region (``EU``, a NUTS prefix or a country).

    >>> eligible(["EU"], None, None), eligible(["CZ08"], "CZ080", "CZ")
    (True, True)
    >>> eligible(["FRF"], "ES41", "ES")
    False
    """
    for t in territory:
        if t.upper() == "EU":
            return True
        if region_nuts and region_nuts.upper().startswith(t.upper()):
            return True
        if country and country.upper() == t.upper():
            return True
    return False
