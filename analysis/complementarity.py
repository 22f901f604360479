"""Complementarity: what region B offers for the challenges region A faces (directed).

An offer (practice, course, project) available in B that addresses a challenge ``c`` of A
contributes ``kind_weight * w_A(c) * (1 + idf(c))``: every need counts, rarer ones more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
from scipy import sparse

from analysis.synergy_source import OfferTotal

#: What an offer of each kind is worth, by its schema label.
KIND_WEIGHTS: Mapping[str, float] = {"Practice": 1.0, "Course": 0.8, "Project": 0.6}
#: A bad practice (``kind=bad``) is a lesson, not an offer: what did not work elsewhere on
#: the same challenge is worth knowing, but less than something that works.
LESSON_WEIGHT = 0.5


def offer_weight(data: Mapping[str, object],
                 kind_weights: Mapping[str, float] = KIND_WEIGHTS) -> float:
    """What one item of the synergy graph is worth as an offer (0 for non-offers).

    >>> offer_weight({"kind": "Course"}), offer_weight({"kind": "Practice", "lesson": True})
    (0.8, 0.5)
    """
    if data.get("lesson"):
        return LESSON_WEIGHT
    return kind_weights.get(str(data.get("kind", "")), 0.0)


def offer_matrix(totals: Iterable[OfferTotal], regions: list[str], challenges: list[str],
                 kind_weights: Mapping[str, float] = KIND_WEIGHTS) -> sparse.csr_matrix:
    """Regions x challenges: summed weights of the offers available in a region per
    challenge, from the offer counts per kind.

    >>> offer_matrix([OfferTotal("a", "x", "Course", False, 2),
    ...               OfferTotal("a", "x", "Practice", True, 1)], ["a"], ["x"]).toarray()
    array([[2.1]])
    """
    r_index = {r: i for i, r in enumerate(regions)}
    c_index = {c: j for j, c in enumerate(challenges)}
    rows, cols, vals = [], [], []
    for t in totals:
        weight = offer_weight({"kind": t.kind, "lesson": t.lesson}, kind_weights)
        if weight and t.region in r_index and t.challenge in c_index:
            rows.append(r_index[t.region])
            cols.append(c_index[t.challenge])
            vals.append(weight * t.items)
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(regions), len(challenges)))


def complementarity_matrix(profiles: sparse.csr_matrix, offers: sparse.csr_matrix,
                           idf: np.ndarray) -> sparse.csr_matrix:
    """``C[a, b]``: how much b offers for a's challenges; zero diagonal."""
    c = (profiles @ sparse.diags(1.0 + idf) @ offers.T).tocsr()
    c.setdiag(0)
    c.eliminate_zeros()
    return c
