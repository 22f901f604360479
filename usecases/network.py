"""What the network page shows: nodes and relationships read from the graph.

:func:`network_data` reads the whole graph, the ego network of a region, or only some node
kinds; :func:`synergy_data` turns synergy suggestions into a small network of regions.
Values stay raw here (the page formats them with :mod:`graph.values`). Contact nodes and
personal properties stay out unless asked for.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import queries
from graph.errors import NotFoundError, RspError
from graph.schema import NODE_KINDS, NODES, REL_KINDS, NodeKind, Prop
from graph.statements import match_nodes, match_rels
from graph.store import Store

#: Above this many nodes the page is refused: vis-network needs minutes to lay it out.
MAX_NODES = 1500

#: Relationship type of the edges of the synergy view (not stored in the graph).
SYNERGY_TYPE = "SYNERGY"

class NetworkError(RspError):
    """The network page cannot be made as asked (unknown kind, bad suggestion, I/O)."""


class TooManyNodesError(NetworkError):
    """The selection has more nodes than :data:`MAX_NODES`; the page would freeze."""


@dataclass(frozen=True)
class NetworkNode:
    """A node of the page: ``fields`` are the tooltip rows, ``source`` where it comes from."""

    id: str
    label: str
    kind: str
    source: str = ""
    fields: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class NetworkEdge:
    """An edge from node ``source`` to node ``target``; ``lines`` are extra tooltip lines."""

    source: str
    target: str
    type: str
    width: float = 1.5
    fields: tuple[tuple[str, Any], ...] = ()
    lines: tuple[str, ...] = ()


@dataclass
class NetworkData:
    """What the page shows: nodes, edges, and a one-line description of the selection."""

    nodes: list[NetworkNode] = field(default_factory=list)
    edges: list[NetworkEdge] = field(default_factory=list)
    directed: bool = True
    description: str = ""

    def counts(self) -> dict[str, int]:
        """Number of nodes per kind and edges per type."""
        out: dict[str, int] = {}
        for n in self.nodes:
            out[n.kind] = out.get(n.kind, 0) + 1
        for e in self.edges:
            out[e.type] = out.get(e.type, 0) + 1
        return out


# --------------------------------------------------------------------------- reading


def _fields(props: Iterable[Prop], values: Mapping[str, Any], personal: bool,
            skip: Sequence[str] = ("source",)) -> tuple[tuple[str, Any], ...]:
    rows = []
    for prop in props:
        if prop.name in skip or (prop.personal and not personal):
            continue
        value = values.get(prop.name)
        if value is not None and value != "" and value != []:
            rows.append((prop.name, value))
    return tuple(rows)


def _node(kind: NodeKind, props: Mapping[str, Any], personal: bool) -> NetworkNode:
    (key,) = kind.key_columns
    node_id = str(props.get(key))
    shown = kind.display_prop
    label = ""
    if personal or not kind.prop(shown).personal:
        label = str(props.get(shown) or "")
    return NetworkNode(id=node_id, label=label or node_id, kind=kind.label,
                       source=str(props.get("source") or ""),
                       fields=_fields(kind.all_props, props, personal))


def _fetch_nodes(store: Store, kinds: Iterable[NodeKind], personal: bool) -> list[NetworkNode]:
    out = []
    for kind in kinds:
        # The label comes from the schema only; nothing from the user enters the text.
        for (props,) in store.execute(match_nodes(kind)).rows:
            out.append(_node(kind, props, personal))
    return out


def _fetch_edges(store: Store, kinds: set[str], personal: bool) -> list[NetworkEdge]:
    out = []
    for rel in REL_KINDS:
        if not (kinds & set(rel.sources) and kinds & set(rel.targets)):
            continue
        for a, b, props in store.execute(match_rels(rel)).rows:
            out.append(NetworkEdge(source=str(a), target=str(b), type=rel.type,
                                   fields=_fields(rel.value_props, props, personal, skip=())))
    return out


def _resolve_kinds(kinds: Sequence[str] | None, include_contacts: bool) -> list[NodeKind]:
    if kinds is None:
        return [k for k in NODE_KINDS if include_contacts or not k.personal]
    by_lower = {k.label.lower(): k for k in NODE_KINDS}
    chosen: list[NodeKind] = []
    for name in kinds:
        kind = by_lower.get(name.strip().lower())
        if kind is None:
            choices = ", ".join(k.label for k in NODE_KINDS)
            raise NetworkError(f"unknown node kind {name!r}; choose from {choices}")
        if kind.personal and not include_contacts:
            raise NetworkError(f"{kind.label} nodes are personal data: "
                               "ask for them explicitly with --include-contacts")
        if kind not in chosen:
            chosen.append(kind)
    if not chosen:
        raise NetworkError("no node kinds chosen; name at least one with --kinds")
    return [k for k in NODE_KINDS if k in chosen]


def _too_many(count: int, what: str) -> TooManyNodesError:
    return TooManyNodesError(
        f"{what} has {count} nodes, more than the page can lay out ({MAX_NODES}); "
        "narrow it with --region R --depth 1 or --kinds KIND[,KIND...]")


def _sort(nodes: list[NetworkNode], edges: list[NetworkEdge]) -> NetworkData:
    kind_order = {k.label: i for i, k in enumerate(NODE_KINDS)}
    type_order = {k.type: i for i, k in enumerate(REL_KINDS)}
    nodes.sort(key=lambda n: (kind_order.get(n.kind, len(kind_order)), n.label.lower(), n.id))
    edges.sort(key=lambda e: (type_order.get(e.type, len(type_order)), e.source, e.target))
    return NetworkData(nodes=nodes, edges=edges)


def network_data(store: Store, *, region: str | None = None, depth: int = 1,
                 kinds: list[str] | None = None, include_contacts: bool = False) -> NetworkData:
    """Nodes and relationships for the page.

    Without ``region``: the whole graph (or the nodes of ``kinds`` and the relationships
    between them). With ``region``: the nodes at most ``depth`` relationships away from
    that region, counting only paths through nodes of ``kinds`` (the region itself is always
    kept). Contacts and personal properties appear only with ``include_contacts``. Raises
    :class:`TooManyNodesError` above :data:`MAX_NODES` nodes, :class:`NotFoundError` for an
    unknown region and :class:`NetworkError` for unknown kinds or a negative depth.
    """
    chosen = _resolve_kinds(kinds, include_contacts)
    labels = {k.label for k in chosen}
    described = "" if kinds is None else "kinds: " + ", ".join(k.label for k in chosen)
    if region is None:
        counts = store.counts()
        total = sum(counts.get(k.label, 0) for k in chosen)
        if total > MAX_NODES:
            raise _too_many(total, "the graph" if kinds is None else "this selection")
        nodes = _fetch_nodes(store, chosen, include_contacts)
        edges = _fetch_edges(store, labels, include_contacts)
        data = _restrict(nodes, edges)
        data.description = described or "the whole graph"
    else:
        if depth < 0:
            raise NetworkError(f"depth must be 0 or more, not {depth}")
        found = queries.run(store, "region_nodes", {"ids": [region]}).rows
        if not found:
            raise NotFoundError(f"no region with id {region!r} (see 'rsp regions' for the ids)")
        centre = _node(NODES["Region"], found[0][0], include_contacts)
        fetch = chosen if "Region" in labels else [NODES["Region"], *chosen]
        nodes = [n for n in _fetch_nodes(store, fetch, include_contacts)
                 if n.kind in labels or n.id == region]
        edges = _fetch_edges(store, labels | {"Region"}, include_contacts)
        data = _ego(nodes, edges, region, depth)
        what = f"{centre.label} ({region}), depth {depth}"
        data.description = f"around {what}" + (f"; {described}" if described else "")
        if len(data.nodes) > MAX_NODES:
            raise _too_many(len(data.nodes), f"the network around {region!r} at depth {depth}")
    return data


def _restrict(nodes: list[NetworkNode], edges: list[NetworkEdge]) -> NetworkData:
    ids = {n.id for n in nodes}
    return _sort(nodes, [e for e in edges if e.source in ids and e.target in ids])


def _ego(nodes: list[NetworkNode], edges: list[NetworkEdge], centre: str,
         depth: int) -> NetworkData:
    ids = {n.id for n in nodes}
    edges = [e for e in edges if e.source in ids and e.target in ids]
    neighbours: dict[str, set[str]] = {}
    for e in edges:
        neighbours.setdefault(e.source, set()).add(e.target)
        neighbours.setdefault(e.target, set()).add(e.source)
    distance = {centre: 0}
    queue = deque([centre])
    while queue:
        current = queue.popleft()
        if distance[current] >= depth:
            continue
        for other in sorted(neighbours.get(current, ())):
            if other not in distance:
                distance[other] = distance[current] + 1
                queue.append(other)
    kept = [n for n in nodes if n.id in distance]
    return _restrict(kept, edges)


def synergy_data(store: Store, suggestions: list[dict[str, Any]]) -> NetworkData:
    """Regions as nodes and one undirected edge per suggestion.

    A suggestion is ``{"a": region_id, "b": region_id, "score": float, "evidence": [str]}``
    with optional ``"fields"`` (``[(name, value)]`` shown on the edge) and ``"existing"``;
    the edge's width grows with the score and its tooltip lists the evidence lines.
    """
    checked: list[tuple[str, str, float, tuple[str, ...]]] = []
    extra: list[tuple[tuple[str, Any], ...]] = []
    for i, s in enumerate(suggestions, 1):
        if not isinstance(s, Mapping):
            raise NetworkError(f"suggestion {i} is not a mapping")
        a, b, score, evidence = s.get("a"), s.get("b"), s.get("score"), s.get("evidence", [])
        if not isinstance(a, str) or not isinstance(b, str) or not a or not b:
            raise NetworkError(f"suggestion {i} needs region ids 'a' and 'b'")
        if (isinstance(score, bool) or not isinstance(score, int | float)
                or not math.isfinite(score)):
            raise NetworkError(f"suggestion {i} ({a}, {b}) needs a numeric 'score'")
        if isinstance(evidence, str) or not isinstance(evidence, Iterable):
            raise NetworkError(f"suggestion {i} ({a}, {b}): 'evidence' must be a list of lines")
        checked.append((a, b, float(score), tuple(str(line) for line in evidence)))
        extra.append(tuple((str(k), v) for k, v in s.get("fields") or [("score", score)]))
    ids = sorted({x for a, b, _, _ in checked for x in (a, b)})
    if len(ids) > MAX_NODES:
        raise _too_many(len(ids), "the synergy view")
    rows = queries.run(store, "region_nodes", {"ids": ids}).rows
    nodes = [_node(NODES["Region"], props, False) for (props,) in rows]
    missing = sorted(set(ids) - {n.id for n in nodes})
    if missing:
        raise NotFoundError("no region with id " + ", ".join(repr(m) for m in missing))
    top = max((max(score, 0.0) for _, _, score, _ in checked), default=0.0)
    edges = []
    for (a, b, score, evidence), fields in zip(checked, extra, strict=True):
        width = 1.0 + 9.0 * max(score, 0.0) / top if top > 0 else 2.0
        edges.append(NetworkEdge(source=a, target=b, type=SYNERGY_TYPE, width=round(width, 2),
                                 fields=fields, lines=evidence))
    data = _sort(nodes, edges)
    data.directed = False
    n = len(checked)
    data.description = (f"{n} synergy suggestion{'s' if n != 1 else ''} "
                        f"between {len(nodes)} regions")
    return data


def synergy_view(store: Store, region: str | None = None, *, top: int = 40) -> NetworkData:
    """The synergy view: the ``top`` suggestions (for ``region``, or the best pairs of the
    partnership) as regions linked by edges whose width is the score (0-100, the same
    numbers as ``rsp synergies``); the tooltip gives both directions and the reasons."""
    from analysis.explain import plain
    from usecases.synergies import suggest

    answer = suggest(store, region, top=top)
    items = []
    for s in answer.suggestions:
        fields: list[tuple[str, Any]] = [(f"score for {s.a_name}", s.scaled)]
        if s.reverse is not None:
            fields.append((f"score for {s.b_name}", s.reverse.scaled))
        best = max(s.scaled, s.reverse.scaled if s.reverse else 0)
        fields += [("strength", s.band), ("already together", s.existing)]
        lines = [f"{group.heading}: {line.text}" for group in plain(s)
                 for line in group.lines]
        items.append({"a": s.a, "b": s.b, "score": best, "fields": fields,
                      "evidence": lines})
    return synergy_data(store, items)
