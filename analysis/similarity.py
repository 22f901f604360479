"""Similarity of regions' challenge profiles, rare challenges weighing more.

Each shared challenge ``c`` contributes ``w_a(c) * w_b(c) * idf(c)`` where ``w`` is the
region's priority weight and ``idf(c) = ln(N / df(c))``: ``N`` regions with a profile,
``df(c)`` of them facing ``c``. A challenge every region faces tells nothing about who
should talk to whom; one only two regions face tells a lot.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from analysis.synergy_graph import SynergyGraph
from graph.schema import PRIORITY_WEIGHTS, default_priority


def idf(g: SynergyGraph) -> dict[str, float]:
    """``ln(N / df)`` per challenge over the regions that have a challenge profile.

    >>> g = SynergyGraph()
    >>> for u, v in [("a", "x"), ("b", "x"), ("b", "y")]: g.add_edge(u, v, rel="FACES")
    >>> {c: round(v, 3) for c, v in sorted(idf(g).items())}
    {'x': 0.0, 'y': 0.693}
    """
    faces = [(u, v) for u, v, d in g.edges(data=True) if d.get("rel") == "FACES"]
    n = len({u for u, _ in faces})
    df: dict[str, int] = {}
    for _, c in faces:
        df[c] = df.get(c, 0) + 1
    return {c: math.log(n / k) for c, k in df.items()}


def profile_matrix(g: SynergyGraph, regions: list[str], challenges: list[str],
                   priority_weights: Mapping[str, float] = PRIORITY_WEIGHTS) -> np.ndarray:
    """Regions x challenges, each cell the region's priority weight for the challenge.

    Matrices over regions are dense: Europe has some 240 NUTS-2 and 1,200 NUTS-3 regions,
    so an all-pairs matrix is at most about 11 MB, and dense products of that size are
    faster than sparse ones (SciPy's sparse module also costs every command 0.25 s to
    import). What grows with the network (items, organisations) stays in the database.
    """
    r_index = {r: i for i, r in enumerate(regions)}
    c_index = {c: j for j, c in enumerate(challenges)}
    out = np.zeros((len(regions), len(challenges)))
    for u, v, d in g.edges(data=True):
        if d.get("rel") == "FACES" and u in r_index and v in c_index:
            out[r_index[u], c_index[v]] = priority_weights[d.get("priority") or default_priority()]
    return out


def similarity_matrix(profiles: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``S[a, b] = sum_c P[a, c] * P[b, c] * weights[c]``, zero diagonal.

    >>> similarity_matrix(np.array([[1.0, 2.0], [1.0, 0.0]]), np.array([0.5, 1.0]))
    array([[0. , 0.5],
           [0.5, 0. ]])
    """
    s: np.ndarray = (profiles * weights) @ profiles.T
    np.fill_diagonal(s, 0)
    return s
