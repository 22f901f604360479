"""Communities of regions: Louvain (multilevel modularity) on the graph of regions linked by
their synergy scores, computed with igraph, seeded so the same data gives the same answer."""

from __future__ import annotations

import random

import igraph as ig
import numpy as np

SEED = 42


def region_graph(regions: list[str], scores: np.ndarray) -> ig.Graph:
    """Undirected weighted graph of regions; the weight of a pair is its mean score."""
    sym = np.triu((scores + scores.T) * 0.5, k=1)
    rows, cols = np.nonzero(sym > 0)
    g = ig.Graph(n=len(regions), edges=list(zip(rows.tolist(), cols.tolist(), strict=True)))
    g.vs["name"] = regions
    g.es["weight"] = sym[rows, cols].tolist()
    return g


def communities(g: ig.Graph, *, seed: int = SEED, resolution: float = 1.0) -> list[list[str]]:
    """Louvain communities, largest first; regions linked to nobody form communities of one.

    Examples
    --------
    >>> s = np.array([[0, 5, 0.1, 0], [5, 0, 0, 0], [0.1, 0, 0, 5], [0, 0, 5, 0]])
    >>> communities(region_graph(["a", "b", "c", "d"], s))
    [['a', 'b'], ['c', 'd']]
    """
    if g.vcount() == 0:
        return []
    ig.set_random_number_generator(random.Random(seed))
    try:
        found = g.community_multilevel(weights="weight" if g.ecount() else None,
                                       resolution=resolution)
    finally:
        ig.set_random_number_generator(random)  # igraph's default generator
    names = g.vs["name"]
    groups = [sorted(names[i] for i in members) for members in found]
    return sorted(groups, key=lambda c: (-len(c), c))
