"""Brokers: organisations that connect otherwise separate parts of the partnership.

Betweenness centrality over the bipartite graph of organisations and what they take part in
(projects, events, networks), computed with igraph (C, fast enough for the EU-scale network).
Above ``sample`` nodes it is estimated from that many seeded source nodes, scaled up, and
the answer says so.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

import igraph as ig

SEED = 42


@dataclass(frozen=True)
class Participation:
    """The bipartite graph: organisations and items, and which organisations are which."""

    graph: ig.Graph
    names: list[str]
    organisation: list[bool]


def participation_graph(edges: Iterable[tuple[str, str]]) -> Participation:
    """Bipartite graph of organisations and what they take part in, from
    ``(organisation, item)`` pairs."""
    index: dict[str, int] = {}
    organisation: list[bool] = []
    pairs: list[tuple[int, int]] = []
    for org, item in edges:
        for name, is_org in ((org, True), (item, False)):
            if name not in index:
                index[name] = len(index)
                organisation.append(is_org)
            elif is_org:
                organisation[index[name]] = True
        pairs.append((index[org], index[item]))
    g = ig.Graph(n=len(index), edges=pairs, directed=False)
    g.simplify()
    return Participation(g, list(index), organisation)


@dataclass(frozen=True)
class Ranking:
    """Organisations by normalised betweenness, and how it was computed."""

    scores: list[tuple[str, float]]
    nodes: int
    sample: int | None  # sources used when estimated; None when exact


def brokers(p: Participation, *, top: int = 10, sample: int | None = 2000,
            seed: int = SEED) -> Ranking:
    """Organisations ranked by betweenness centrality (normalised like NetworkX's).

    Examples
    --------
    >>> p = participation_graph([("hub", "p1"), ("hub", "p2"), ("x", "p1"), ("y", "p2")])
    >>> brokers(p, top=1).scores
    [('hub', 0.6667)]
    """
    g, n = p.graph, p.graph.vcount()
    if n < 3:
        return Ranking([], n, None)
    estimated = sample is not None and n > sample
    if estimated:
        assert sample is not None
        sources = random.Random(seed).sample(range(n), sample)
        raw = g.betweenness(sources=sources, targets=None, directed=False)
        raw = [value * n / sample for value in raw]
    else:
        raw = g.betweenness(directed=False)
    scale = 2.0 / ((n - 1) * (n - 2))
    orgs = [(p.names[i], round(value * scale, 4)) for i, value in enumerate(raw)
            if p.organisation[i]]
    ranked = sorted(orgs, key=lambda t: (-t[1], t[0]))[:top]
    return Ranking(ranked, n, sample if estimated else None)
