"""Brokers and communities on hand-built graphs, checked against NetworkX (no database)."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from analysis.brokers import brokers, participation_graph
from analysis.communities import communities, region_graph


def _edges(seed: int, orgs: int = 60, items: int = 25, links: int = 150
           ) -> list[tuple[str, str]]:
    rnd = random.Random(seed)
    return sorted({(f"o{rnd.randrange(orgs)}", f"i{rnd.randrange(items)}")
                   for _ in range(links)})


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_exact_betweenness_equals_networkx(seed: int) -> None:
    edges = _edges(seed)
    ours = dict(brokers(participation_graph(edges), top=1000, sample=None).scores)
    g = nx.Graph(edges)
    theirs = nx.betweenness_centrality(g, normalized=True)
    for org, score in ours.items():
        assert score == pytest.approx(theirs[org], abs=1e-4)
    assert set(ours) == {o for o, _ in edges}


def test_sampled_betweenness_says_so_and_keeps_the_top_broker() -> None:
    edges = _edges(7, orgs=400, items=80, links=1200)
    exact = brokers(participation_graph(edges), top=5, sample=None)
    estimated = brokers(participation_graph(edges), top=5, sample=200)
    assert exact.sample is None and estimated.sample == 200 and estimated.nodes > 200
    assert estimated.scores[0][0] in {o for o, _ in exact.scores}
    again = brokers(participation_graph(edges), top=5, sample=200)
    assert again.scores == estimated.scores  # seeded


def test_communities_are_seeded_and_split_by_weight() -> None:
    scores = np.zeros((6, 6))
    for a, b in ((0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5)):
        scores[a, b] = 5.0
    scores[2, 3] = 0.1
    g = region_graph(list("abcdef"), scores)
    assert communities(g) == [["a", "b", "c"], ["d", "e", "f"]]
    assert communities(g) == communities(g, seed=42)
    lonely = region_graph(["x", "y"], np.zeros((2, 2)))
    assert communities(lonely) == [["x"], ["y"]]
