"""The graph the synergy analyses work on: nodes keyed by dataset ``id``, schema kinds.

Nodes carry ``kind`` (the schema label: ``Region``, ``Challenge``, ``Practice``,
``Course``, ``Project``, ``Event``, ``Fund``) and ``name``. Edges carry ``rel``: the stored
types ``FACES`` (region to challenge, with ``priority``), ``ADDRESSES`` (offer to
challenge) and ``SUPPORTS`` (fund to challenge, with ``territory``), and two relationships
derived by the ``synergy_*`` queries, not stored: :data:`AVAILABLE_IN` (offer to region,
with the contact ``orgs`` behind it) and :data:`TAKES_PART` (region to event or project).
:func:`usecases.synergies.read_synergy_graph` builds it from a store; the analyses are
pure functions of it.

It is a :class:`SynergyGraph`: the small part of ``networkx.DiGraph``'s interface these
analyses use (attribute dicts on nodes, edges and the graph), so a networkx graph works
wherever one is expected (the tests build them by hand). NetworkX itself is not imported:
it costs every command about 0.2 s of start-up, most of a one-region answer's budget.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol

#: Derived: an offer (practice, course, project) is available in a region.
AVAILABLE_IN = "AVAILABLE_IN"
#: Derived: a region takes part in an event or project, itself or through its organisations.
TAKES_PART = "TAKES_PART"


Attrs = dict[str, Any]


class _Nodes(dict[str, Attrs]):
    """Node id -> attributes; called, like networkx's view: ``nodes(data=True)``."""

    def __call__(self, data: bool = False) -> Any:
        """Ids, or ``(id, attributes)`` pairs with ``data``."""
        return self.items() if data else self.keys()


class _Edges:
    """``edges[u, v]`` gives an edge's attributes; ``edges(data=True)`` every edge."""

    def __init__(self, succ: dict[str, dict[str, Attrs]]):
        self._succ = succ

    def __getitem__(self, uv: tuple[str, str]) -> Attrs:
        return self._succ[uv[0]][uv[1]]

    def __call__(self, data: bool = False) -> Iterator[Any]:
        for u, out in self._succ.items():
            for v, d in out.items():
                yield (u, v, d) if data else (u, v)


class SynergyGraph:
    """A directed graph of ids with attribute dicts: what :func:`regions`, the synergy
    model and its sources read (``nodes``, ``edges``, ``out_edges``, ``successors``,
    ``get_edge_data``, ``graph``), with the meaning networkx gives them.

    >>> g = SynergyGraph()
    >>> g.add_edge("a", "x", rel="FACES", priority="high")
    >>> g.nodes["a"], list(g.edges(data=True)), "x" in g
    ({}, [('a', 'x', {'rel': 'FACES', 'priority': 'high'})], True)
    """

    def __init__(self) -> None:
        self.graph: Attrs = {}
        self.nodes = _Nodes()
        self._succ: dict[str, dict[str, Attrs]] = {}
        self.edges = _Edges(self._succ)

    @classmethod
    def of(cls, g: GraphLike, keep: Iterable[str] | None = None,
           rels: Iterable[str] | None = None) -> SynergyGraph:
        """A copy of ``g``'s nodes and edges (a networkx graph's too): only the nodes
        ``keep`` and the edges between them whose ``rel`` is in ``rels``, when given; the
        graph's own attributes are the caller's to copy."""
        out = cls()
        kept = None if keep is None else set(keep)
        wanted = None if rels is None else set(rels)
        for n, d in g.nodes(data=True):
            if kept is None or n in kept:
                out.add_node(n, **d)
        for u, v, d in g.edges(data=True):
            if u in out.nodes and v in out.nodes and (wanted is None or d.get("rel") in wanted):
                out.add_edge(u, v, **d)
        return out

    def __contains__(self, n: object) -> bool:
        return n in self.nodes

    def add_node(self, n: str, **attrs: Any) -> None:
        self.nodes.setdefault(n, {}).update(attrs)
        self._succ.setdefault(n, {})

    def add_edge(self, u: str, v: str, **attrs: Any) -> None:
        for n in (u, v):
            if n not in self.nodes:
                self.add_node(n)
        self._succ[u].setdefault(v, {}).update(attrs)

    def successors(self, n: str) -> Iterator[str]:
        return iter(self._succ[n])

    def out_edges(self, n: str, data: bool = False) -> Iterator[Any]:
        for v, d in self._succ.get(n, {}).items():
            yield (n, v, d) if data else (n, v)

    def get_edge_data(self, u: str, v: str, default: Attrs | None = None) -> Attrs | None:
        return self._succ.get(u, {}).get(v, default)


class GraphLike(Protocol):
    """What is read of a graph given to :meth:`SynergyGraph.of` (a networkx graph too)."""

    graph: Attrs

    def nodes(self, data: bool = ...) -> Any: ...

    def edges(self, data: bool = ...) -> Any: ...


def regions(g: SynergyGraph, *, members_only: bool = False) -> list[str]:
    """Region ids in a stable order.

    >>> g = SynergyGraph()
    >>> g.add_node("b", kind="Region", member=True); g.add_node("a", kind="Region")
    >>> regions(g), regions(g, members_only=True)
    (['a', 'b'], ['b'])
    """
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
