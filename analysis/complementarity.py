"""Complementarity: what region B offers for the challenges region A faces (directed).

An offer (practice, course, project) available in B that addresses a challenge ``c`` of A
contributes ``kind_weight * w_A(c) * (1 + idf(c))``: every need counts, rarer ones more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

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
                 kind_weights: Mapping[str, float] = KIND_WEIGHTS) -> np.ndarray:
    """Regions x challenges: summed weights of the offers available in a region per
    challenge, from the offer counts per kind.

    >>> offer_matrix([OfferTotal("a", "x", "Course", False, 2),
    ...               OfferTotal("a", "x", "Practice", True, 1)], ["a"], ["x"])
    array([[2.1]])
    """
    r_index = {r: i for i, r in enumerate(regions)}
    c_index = {c: j for j, c in enumerate(challenges)}
    out = np.zeros((len(regions), len(challenges)))
    for t in totals:
        weight = offer_weight({"kind": t.kind, "lesson": t.lesson}, kind_weights)
        if weight and t.region in r_index and t.challenge in c_index:
            out[r_index[t.region], c_index[t.challenge]] += weight * t.items
    return out


def complementarity_matrix(profiles: np.ndarray, offers: np.ndarray,
                           idf: np.ndarray) -> np.ndarray:
    """``C[a, b]``: how much b offers for a's challenges; zero diagonal (dense, as the
    profiles: see :func:`analysis.similarity.profile_matrix`)."""
    c: np.ndarray = (profiles * (1.0 + idf)) @ offers.T
    np.fill_diagonal(c, 0)
    return c
