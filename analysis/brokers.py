"""Brokers: organisations that connect otherwise separate parts of the partnership."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

SEED = 42


def participation_graph(edges: Iterable[tuple[str, str]]) -> nx.Graph:
    """Bipartite graph of organisations and what they take part in (projects, events,
    networks), from ``(organisation, item)`` pairs."""
    g = nx.Graph()
    for org, item in edges:
        g.add_node(org, organisation=True)
        g.add_node(item)
        g.add_edge(org, item)
    return g


def brokers(g: nx.Graph, *, top: int = 10, sample: int | None = 2000,
            seed: int = SEED) -> list[tuple[str, float]]:
    """Organisations ranked by betweenness centrality (normalised).

    Above ``sample`` nodes the betweenness is estimated from that many seeded source
    nodes, which keeps large graphs fast and the answer repeatable.

    Examples
    --------
    >>> g = participation_graph([("hub", "p1"), ("hub", "p2"), ("x", "p1"), ("y", "p2")])
    >>> brokers(g, top=1)
    [('hub', 0.6667)]
    """
    k = sample if sample is not None and g.number_of_nodes() > sample else None
    scores = nx.betweenness_centrality(g, k=k, seed=seed, normalized=True)
    orgs = [(n, round(s, 4)) for n, s in scores.items() if g.nodes[n].get("organisation")]
    return sorted(orgs, key=lambda t: (-t[1], t[0]))[:top]
