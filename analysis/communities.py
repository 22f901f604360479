"""Communities of regions: Louvain on the graph of regions linked by synergy scores."""

from __future__ import annotations

import networkx as nx
from scipy import sparse

SEED = 42


def region_graph(regions: list[str], scores: sparse.spmatrix) -> nx.Graph:
    """Undirected weighted graph of regions; the weight of a pair is its mean score."""
    g = nx.Graph()
    g.add_nodes_from(regions)
    sym = sparse.triu((scores + scores.T) * 0.5, k=1).tocoo()
    for a, b, w in zip(sym.row, sym.col, sym.data, strict=True):
        if w > 0:
            g.add_edge(regions[a], regions[b], weight=float(w))
    return g


def communities(g: nx.Graph, *, seed: int = SEED, resolution: float = 1.0) -> list[list[str]]:
    """Louvain communities (seeded, so the same graph always gives the same answer).

    Largest community first; regions linked to nobody form communities of one.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_weighted_edges_from([("a", "b", 5), ("c", "d", 5), ("b", "c", 0.1)])
    >>> communities(g)
    [['a', 'b'], ['c', 'd']]
    """
    found = nx.community.louvain_communities(g, weight="weight", seed=seed,
                                             resolution=resolution)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c))
