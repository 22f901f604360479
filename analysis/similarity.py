"""Similarity of regions' challenge profiles, rare challenges weighing more.

Each shared challenge ``c`` contributes ``w_a(c) * w_b(c) * idf(c)`` where ``w`` is the
region's priority weight and ``idf(c) = ln(N / df(c))``: ``N`` regions with a profile,
``df(c)`` of them facing ``c``. A challenge every region faces tells nothing about who
should talk to whom; one only two regions face tells a lot.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import networkx as nx
import numpy as np
from scipy import sparse

from graph.schema import PRIORITY_WEIGHTS, default_priority


def idf(g: nx.DiGraph) -> dict[str, float]:
    """``ln(N / df)`` per challenge over the regions that have a challenge profile.

    >>> g = nx.DiGraph()
    >>> g.add_edges_from([("a", "x"), ("b", "x"), ("b", "y")], rel="FACES")
    >>> {c: round(v, 3) for c, v in sorted(idf(g).items())}
    {'x': 0.0, 'y': 0.693}
    """
    faces = [(u, v) for u, v, d in g.edges(data=True) if d.get("rel") == "FACES"]
    n = len({u for u, _ in faces})
    df: dict[str, int] = {}
    for _, c in faces:
        df[c] = df.get(c, 0) + 1
    return {c: math.log(n / k) for c, k in df.items()}


def profile_matrix(g: nx.DiGraph, regions: list[str], challenges: list[str],
                   priority_weights: Mapping[str, float] = PRIORITY_WEIGHTS
                   ) -> sparse.csr_matrix:
    """Regions x challenges, each cell the region's priority weight for the challenge."""
    r_index = {r: i for i, r in enumerate(regions)}
    c_index = {c: j for j, c in enumerate(challenges)}
    rows, cols, vals = [], [], []
    for u, v, d in g.edges(data=True):
        if d.get("rel") == "FACES" and u in r_index and v in c_index:
            rows.append(r_index[u])
            cols.append(c_index[v])
            vals.append(priority_weights[d.get("priority") or default_priority()])
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(regions), len(challenges)))


def similarity_matrix(profiles: sparse.csr_matrix, weights: np.ndarray) -> sparse.csr_matrix:
    """``S[a, b] = sum_c P[a, c] * P[b, c] * weights[c]``, zero diagonal."""
    s = (profiles @ sparse.diags(weights) @ profiles.T).tocsr()
    s.setdiag(0)
    s.eliminate_zeros()
    return s
