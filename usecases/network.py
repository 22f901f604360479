"""What the network page shows: nodes and relationships read from the graph, and where.

:func:`network_data` gives the whole graph, the neighbourhood of any node (an *ego view*),
or only some node kinds. :func:`synergy_view` turns the synergy suggestions into a network
of the partnership's regions. Every node carries the values the page filters on (country,
partnership and ARA membership, challenge themes, verified; :data:`FACETS`), how important
its label is, and a position computed here with networkx (seeded), so the page needs no
physics and shows the same picture every time:

- the whole graph: regions on a ring in rough map order (north at the top), member regions
  with the organisations, practices and events located in them around them; challenges,
  funds and the networks shared by several regions inside the ring; records attached to no
  region (the partnership document's milestones) in a block of their own;
- an ego view: the centre in the middle, each step away one ring further out;
- the synergy view: regions placed so that strong pairs sit close (Kamada-Kawai), or, for
  one region, its partners around it, closer for a higher score.

*Hubs* (organisations of category ``eu_body`` or ``network`` such as ASA, ARA and the CoR,
and nodes with far more relationships than the rest) are shown but a neighbourhood does not
expand through them unless asked (``through_hubs``): otherwise Trnava's neighbourhood at
depth 2 would be every ARA member.

Above :data:`MAX_NODES` nodes the page would freeze, so the size of a view is counted
before it is read (counts queries), and a smaller view is given with a note instead: the
regions with counts of what is located in them, or a neighbourhood one step shorter.
Values stay raw here (the page formats them with :mod:`graph.values`). Contact nodes and
personal properties stay out unless asked for.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx

import queries
from analysis.explain import plain
from analysis.names import resolve
from analysis.synergy import Suggestion, band
from graph.errors import NotFoundError, RspError
from graph.schema import NODE_KINDS, NODES, REL_KINDS, NodeKind, Prop
from graph.statements import match_nodes, match_rels
from graph.store import Store
from graph.values import number
from usecases.synergies import suggest

#: Above this many nodes a view is not drawn node by node (the browser would freeze while it
#: draws): a smaller view is given instead, with a note.
MAX_NODES = 1500

#: Relationship type of the edges of the synergy view (not stored in the graph).
SYNERGY_TYPE = "SYNERGY"

#: Organisations of these categories are hubs: a neighbourhood does not go through them.
HUB_CATEGORIES = ("eu_body", "network")
#: A node with at least this many relationships, and at least :data:`HUB_FACTOR` times the
#: mean, is a hub too.
HUB_MIN_DEGREE = 30
HUB_FACTOR = 8.0

#: The filters of the page, in their order: name and what a node's values mean.
FACETS: tuple[tuple[str, str], ...] = (
    ("country", "the country it is in (a region's, or that of the regions it is in)"),
    ("partnership", "whether its region is a member of the partnership"),
    ("ara", "whether its region is in the Automotive Regions Alliance"),
    ("theme", "the theme of the challenges it is about"),
    ("verified", "whether a retrieved source confirms it"),
)
MEMBER, NOT_MEMBER = "member", "not a member"
ARA, NOT_ARA = "ARA member", "not in ARA"
VERIFIED, UNVERIFIED = "verified", "not verified"

#: How many best partners of each region the partnership's synergy view draws.
SYNERGY_PARTNERS = 2

#: Label importance: 3 always shown, 2 shown at the overview's zoom, 1 when zoomed in; at
#: most MAX_ALWAYS and MAX_NAMED labels of the first two (the busiest nodes keep theirs).
ALWAYS, OVERVIEW, ZOOMED = 3, 2, 1
MAX_ALWAYS, MAX_NAMED = 40, 120


class NetworkError(RspError):
    """The network page cannot be made as asked (unknown kind, bad suggestion, I/O)."""


class TooManyNodesError(NetworkError):
    """A selection has more nodes than :data:`MAX_NODES` and no smaller view fits either."""


@dataclass(frozen=True)
class NetworkNode:
    """A node of the page: ``fields`` are the tooltip rows, ``source`` where it comes from,
    ``facets`` the filter values (see :data:`FACETS`), ``x``/``y`` its position (``None``:
    the page lays it out), ``importance`` when its label shows (:data:`ALWAYS`...),
    ``role`` ``member``/``other`` for regions, ``hub`` whether neighbourhoods stop at it,
    ``size`` what its symbol's size shows (``None``: its number of relationships)."""

    id: str
    label: str
    kind: str
    source: str = ""
    fields: tuple[tuple[str, Any], ...] = ()
    facets: tuple[tuple[str, tuple[str, ...]], ...] = ()
    x: float | None = None
    y: float | None = None
    importance: int = ZOOMED
    role: str = ""
    hub: bool = False
    size: float | None = None


@dataclass(frozen=True)
class NetworkEdge:
    """An edge from node ``source`` to node ``target``; ``lines`` are extra tooltip lines,
    ``label`` is written on the line, ``style`` is ``existing`` (a synergy pair that already
    works together: dashed), ``hub`` (a relationship with a hub: faint), ``faint`` (one of
    very many lines) or empty; a synergy
    edge has its ``score`` (0-100) and ``strength``."""

    source: str
    target: str
    type: str
    width: float = 1.5
    fields: tuple[tuple[str, Any], ...] = ()
    lines: tuple[str, ...] = ()
    label: str = ""
    style: str = ""
    strength: str = ""
    score: float | None = None


@dataclass
class NetworkData:
    """What the page shows: nodes, edges, a one-line description of the selection, and
    ``notes`` the page shows prominently (what was left out and why). ``view`` is
    ``graph``, ``ego``, ``synergy`` or ``summary``; ``centre`` the focused node of an ego
    view or synergy star; ``size_meaning`` what a node's size shows; ``apart`` what the block
    at the bottom right holds (records linked to no region)."""

    nodes: list[NetworkNode] = field(default_factory=list)
    edges: list[NetworkEdge] = field(default_factory=list)
    directed: bool = True
    description: str = ""
    view: str = "graph"
    centre: str | None = None
    depth: int = 1
    through_hubs: bool = False
    notes: list[str] = field(default_factory=list)
    size_meaning: str = "number of relationships"
    apart: str = ""

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


def _edge(rel_type: str, a: Any, b: Any, props: Mapping[str, Any],
          personal: bool) -> NetworkEdge:
    rel = next(k for k in REL_KINDS if k.type == rel_type)
    columns = [p for p in rel.all_props if p.name not in rel.key_columns]
    return NetworkEdge(source=str(a), target=str(b), type=rel_type,
                       fields=_fields(columns, props, personal, skip=()))


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
            out.append(_edge(rel.type, a, b, props, personal))
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


def _sort(nodes: list[NetworkNode], edges: list[NetworkEdge]) -> NetworkData:
    kind_order = {k.label: i for i, k in enumerate(NODE_KINDS)}
    type_order = {k.type: i for i, k in enumerate(REL_KINDS)}
    nodes.sort(key=lambda n: (kind_order.get(n.kind, len(kind_order)), n.label.lower(), n.id))
    edges.sort(key=lambda e: (type_order.get(e.type, len(type_order)), e.source, e.target))
    return NetworkData(nodes=nodes, edges=edges)


def _restrict(nodes: list[NetworkNode], edges: list[NetworkEdge]) -> NetworkData:
    ids = {n.id for n in nodes}
    return _sort(nodes, [e for e in edges if e.source in ids and e.target in ids])


def node_id(store: Store, name: str) -> str:
    """The id of the node ``name`` (an id, or a name or title, forgivingly) of any kind;
    else :class:`NotFoundError` with the closest names."""
    if queries.run(store, "network_nodes", {"ids": [name]}).rows:
        return name
    found = [(str(r["id"]), str(r["name"]))
             for r in queries.run(store, "nodes_by_name", {"text": name.strip()}).dicts()]
    return resolve(name, found, "node")


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


# --------------------------------------------------------------------------- hubs, facets


def hub_degree(nodes: int, relationships: int) -> float:
    """The number of relationships from which a node is a hub: :data:`HUB_MIN_DEGREE`, or
    :data:`HUB_FACTOR` times the mean number of relationships if that is more.

    >>> hub_degree(235, 387), hub_degree(10_000, 400_000)
    (30, 640.0)
    """
    mean = 2 * relationships / nodes if nodes else 0.0
    return max(HUB_MIN_DEGREE, HUB_FACTOR * mean)


def _is_hub(node: NetworkNode, degree: int, threshold: float) -> bool:
    category = dict(node.fields).get("category")
    return (node.kind == "Organisation" and category in HUB_CATEGORIES) or degree >= threshold


def _region_table(store: Store) -> dict[str, dict[str, Any]]:
    return {str(r["id"]): r for r in queries.run(store, "regions").dicts()}


def _facets(store: Store, nodes: list[NetworkNode],
            regions: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, tuple[str, ...]]]:
    """Filter values of every node, and (under ``"_homes"``) the regions it belongs to."""
    homes: dict[str, set[str]] = {}
    themes: dict[str, set[str]] = {}
    ids = [n.id for n in nodes]
    for start in range(0, len(ids), 2000):
        for r in queries.run(store, "network_facets", {"ids": ids[start:start + 2000]}).dicts():
            if r["region"]:
                homes.setdefault(str(r["id"]), set()).add(str(r["region"]))
            if r["theme"]:
                themes.setdefault(str(r["id"]), set()).add(str(r["theme"]))
    countries = {str(r.get("country_code") or "").upper(): str(r.get("country") or "")
                 for r in regions.values() if r.get("country_code")}
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for n in nodes:
        values = dict(n.fields)
        home = {n.id} if n.kind == "Region" else homes.get(n.id, set())
        info = [regions[h] for h in sorted(home) if h in regions]
        country = {str(r.get("country") or "") for r in info} - {""}
        code = str(values.get("country_code") or "").upper()
        if not country and code:
            country = {countries.get(code) or code}
        facets: dict[str, tuple[str, ...]] = {"country": tuple(sorted(country))}
        if info:
            facets["partnership"] = tuple(sorted({MEMBER if r.get("rsp_member") else NOT_MEMBER
                                                  for r in info}))
            facets["ara"] = tuple(sorted({ARA if r.get("ara_member") else NOT_ARA
                                          for r in info}))
        facets["theme"] = tuple(sorted(themes.get(n.id, set())))
        facets["verified"] = (UNVERIFIED if values.get("verified") is False else VERIFIED,)
        facets["_homes"] = tuple(sorted(home))
        out[n.id] = facets
    return out


def _degrees(data: NetworkData) -> dict[str, int]:
    degree = {n.id: 0 for n in data.nodes}
    for e in data.edges:
        degree[e.source] = degree.get(e.source, 0) + 1
        degree[e.target] = degree.get(e.target, 0) + 1
    return degree


def _decorate(store: Store, data: NetworkData, *, threshold: float | None = None,
              distance: Mapping[str, int] | None = None) -> NetworkData:
    """Give every node its facets, role, hub flag and label importance, every edge with a
    hub its style, and every node its position."""
    regions = _region_table(store)
    facets = _facets(store, data.nodes, regions)
    degree = _degrees(data)
    if threshold is None:
        threshold = hub_degree(len(data.nodes), len(data.edges))
    # The few busiest records besides regions and challenges have their label at the
    # overview too (ASA and ARA in the partnership), the others when zoomed in.
    others = sorted((d for i, d in degree.items()
                     if i in {n.id for n in data.nodes if n.kind not in ("Region", "Challenge")}),
                    reverse=True)
    busy = max(others[min(len(others) - 1, max(1, len(others) // 50))] + 1 if others else 0, 8)
    nodes = []
    for n in data.nodes:
        values = dict(n.fields)
        role = ""
        if n.kind == "Region":
            role = "member" if values.get("rsp_member") else "other"
        hub = _is_hub(n, degree.get(n.id, 0), threshold)
        if n.id == data.centre or role == "member":
            importance = ALWAYS
        elif role == "other" or n.kind == "Challenge" or degree.get(n.id, 0) >= busy:
            importance = OVERVIEW
        else:
            importance = ZOOMED
        if distance is not None and n.id != data.centre:
            # Around a centre: its neighbours are named, further out the member regions;
            # the rest show their names when zoomed in or hovered.
            step = distance.get(n.id, 99)
            importance = (OVERVIEW if step <= 1 or role == "member" or len(data.nodes) <= 20
                          else ZOOMED)
        found = facets.get(n.id, {})
        nodes.append(replace(
            n, role=role, hub=hub, importance=importance,
            facets=(*((name, found.get(name, ())) for name, _ in FACETS if found.get(name)),
                    ("_homes", found.get("_homes", ())))))
    nodes = _cap_labels(nodes, degree, data.centre)
    hubs = {n.id for n in nodes if n.hub}
    edges = [replace(e, style="hub") if (e.source in hubs or e.target in hubs) and not e.style
             else e for e in data.edges]
    data.nodes, data.edges = nodes, edges
    if distance is not None and data.centre is not None:
        positions = _ego_layout(data, distance)
    else:
        positions = _graph_layout(data)
        g = nx.Graph()
        g.add_nodes_from(n.id for n in data.nodes)
        g.add_edges_from((e.source, e.target) for e in data.edges)
        region_ids = {n.id for n in data.nodes if n.kind == "Region"}
        alone = _detached(g, region_ids) if region_ids else set()
        if alone:
            counted: dict[str, int] = {}
            for n in data.nodes:
                if n.id in alone:
                    counted[n.kind] = counted.get(n.kind, 0) + 1
            kinds = ", ".join(_plural(c, k) for k, c in counted.items())
            data.apart = f"bottom right: what is linked to no region ({kinds})"
    data.nodes = [_placed(n, positions) for n in data.nodes]
    return data


def _cap_labels(nodes: list[NetworkNode], degree: Mapping[str, int], centre: str | None
                ) -> list[NetworkNode]:
    """At most :data:`MAX_ALWAYS` labels always shown and :data:`MAX_NAMED` shown at the
    overview, the nodes with most relationships first (the centre always): hundreds of
    names at once name nothing."""
    ranked = sorted(nodes, key=lambda n: (n.id != centre, -n.importance,
                                          -degree.get(n.id, 0), n.label.lower(), n.id))
    level: dict[str, int] = {}
    for rank, n in enumerate(ranked):
        importance = n.importance
        if importance == ALWAYS and rank >= MAX_ALWAYS and n.id != centre:
            importance = OVERVIEW
        if importance >= OVERVIEW and rank >= MAX_NAMED and n.id != centre:
            importance = ZOOMED
        level[n.id] = importance
    return [replace(n, importance=level[n.id]) if level[n.id] != n.importance else n
            for n in nodes]


def _placed(n: NetworkNode, positions: Mapping[str, tuple[float, float]]) -> NetworkNode:
    x, y = positions.get(n.id, (0.0, 0.0))
    facets = tuple(f for f in n.facets if f[0] != "_homes")
    return replace(n, x=round(float(x), 1), y=round(float(y), 1), facets=facets)


# --------------------------------------------------------------------------- layouts

#: Rough centres of European countries (latitude, longitude): the ring of regions follows
#: the map (north at the top, west on the left), so neighbours on the page are neighbours
#: in Europe.
_CENTRES: dict[str, tuple[float, float]] = {
    "AT": (47.6, 14.1), "BE": (50.6, 4.6), "BG": (42.7, 25.3), "HR": (45.1, 15.2),
    "CY": (35.1, 33.4), "CZ": (49.8, 15.5), "DK": (56.0, 10.0), "EE": (58.7, 25.5),
    "FI": (64.0, 26.0), "FR": (46.6, 2.4), "DE": (51.2, 10.4), "EL": (39.1, 22.0),
    "GR": (39.1, 22.0), "HU": (47.2, 19.5), "IE": (53.4, -8.0), "IT": (42.8, 12.6),
    "LV": (56.9, 24.6), "LT": (55.2, 23.9), "LU": (49.8, 6.1), "MT": (35.9, 14.4),
    "NL": (52.1, 5.3), "PL": (52.1, 19.4), "PT": (39.6, -8.0), "RO": (45.9, 25.0),
    "SK": (48.7, 19.7), "SI": (46.1, 14.8), "ES": (40.2, -3.6), "SE": (62.0, 15.0),
    "NO": (61.0, 9.0), "CH": (46.8, 8.2), "UK": (54.0, -2.0), "GB": (54.0, -2.0),
    "RS": (44.0, 20.9), "TR": (39.0, 35.0), "UA": (49.0, 31.0), "IS": (65.0, -18.0),
    "BA": (44.0, 17.8), "ME": (42.7, 19.3), "MK": (41.6, 21.7), "AL": (41.1, 20.0),
    "MD": (47.2, 28.5),
}
_MIDDLE = (48.5, 11.0)

#: Distances of the layouts, in the page's units (the page fits the picture to the window).
SPACING = 18.0
#: The drawing area the layouts are made for, in pixels: the page opens with the picture
#: fitted to it (a 1400 x 900 window less the side panel), so a label's size in pixels there
#: is known in the layout's units and labels can be kept apart.
CANVAS = (1080.0, 790.0)
#: Label sizes in pixels at the opening zoom by importance, the width at which labels wrap,
#: and the size below which the page does not draw a label (it shows when zoomed in).
LABEL_PX = {ALWAYS: 14.0, OVERVIEW: 11.0, ZOOMED: 7.0}
LABEL_WRAP_PX = 170.0
LABEL_SHOWN_PX = 9.0
RING_GAP = 30.0
#: The ring of regions is an ellipse this much wider than high (screens are wide).
ASPECT = 1.45


def _map_angle(n: NetworkNode) -> float:
    """The direction of a region's country from the middle of Europe (radians, counter-
    clockwise from east); regions of unknown countries come last."""
    code = str(dict(n.fields).get("country_code") or "").upper()
    if code not in _CENTRES:
        return 10.0
    lat, lon = _CENTRES[code]
    return math.atan2(lat - _MIDDLE[0], (lon - _MIDDLE[1]) * math.cos(math.radians(lat)))


def _fan(centre: tuple[float, float], outward: float, count: int
         ) -> list[tuple[float, float]]:
    """``count`` points packed around ``centre``, facing ``outward`` (sunflower seeds in a
    sector of 220 degrees: even density, no two too close)."""
    golden = math.pi * (3 - math.sqrt(5))
    points = []
    for i in range(count):
        r = SPACING * 0.8 * math.sqrt(i + 1.5)
        a = outward + ((i * golden) % (2 * math.pi) - math.pi) * 0.61
        points.append((centre[0] + r * math.cos(a), centre[1] + r * math.sin(a)))
    return points


def _fan_radius(count: int) -> float:
    return SPACING * 0.8 * math.sqrt(count + 0.5) + SPACING * 0.5 if count else SPACING * 0.7


def _graph_layout(data: NetworkData) -> dict[str, tuple[float, float]]:
    """Regions on a ring in map order with their own records fanned out around them; what
    several regions share inside the ring; what reaches no region in a block of its own."""
    nodes = {n.id: n for n in data.nodes}
    g = nx.Graph()
    g.add_nodes_from(nodes)
    for e in data.edges:
        weight = 0.05 if e.style == "hub" else 1.0
        g.add_edge(e.source, e.target, weight=weight)
    regions = [n for n in data.nodes if n.kind == "Region"]
    if not regions:
        return _spring(g, nodes)
    region_ids = {r.id for r in regions}
    satellites: dict[str, list[str]] = {r.id: [] for r in regions}
    homes = {n.id: dict(n.facets).get("_homes", ()) for n in data.nodes}
    detached = _detached(g, region_ids)
    for n in data.nodes:
        home = [h for h in homes[n.id] if h in region_ids]
        if n.kind != "Region" and not n.hub and len(home) == 1 and n.id not in detached:
            satellites[home[0]].append(n.id)
    kind_order = {k.label: i for i, k in enumerate(NODE_KINDS)}
    for ids in satellites.values():
        ids.sort(key=lambda i: (-g.degree(i), kind_order.get(nodes[i].kind, 99),
                                nodes[i].label.lower()))
    order = sorted(regions, key=lambda r: (_map_angle(r), str(dict(r.fields).get(
        "country_code") or ""), str(dict(r.fields).get("nuts_code") or ""), r.label.lower()))
    # Member regions on an inner ring, the others on an outer one, both in map order; each
    # region gets room along its ring for its fan of records and for its label (where the
    # ring runs across, at the top and bottom, a label needs its width; down the sides, its
    # height). Label sizes are known in pixels; the ring's size sets the pixels' size in
    # units, so the rings are sized a few times over.
    members = [r for r in order if r.role != "other"] or order
    others = [r for r in order if r.role == "other" and members is not order]
    fan = {r.id: 2 * _fan_radius(len(satellites[r.id])) for r in order}
    reach_in = max((fan[r.id] for r in members), default=0.0) / 2
    reach_out = max((fan[r.id] for r in others), default=0.0) / 2
    # An ellipse as wide as a screen: its perimeter is about 2 pi r times this factor.
    stretch = math.sqrt((ASPECT ** 2 + 1) / 2)

    def ring(regions: list[NetworkNode], px: float, least: float
             ) -> tuple[float, list[float], float]:
        if not regions:
            return least, [], 0.0
        targets = [_map_angle(r) if _map_angle(r) < 10 else math.pi for r in regions]
        spans = [fan[r.id] + RING_GAP for r in regions]
        radius = least
        tall = 0.0
        for _ in range(3):
            radius = max(sum(spans) / (2 * math.pi * stretch), least)
            middles = _pack(targets, spans, radius * stretch)
            spans = []
            for r, middle in zip(regions, middles, strict=True):
                half, top, bottom = _label_box(r, px) if px else (0.0, 0.0, 0.0)
                tall = max(tall, bottom)
                across = abs(math.sin(middle)) * 2 * half + abs(math.cos(middle)) * (bottom - top)
                spans.append(max(fan[r.id], across) + RING_GAP)
        radius = max(sum(spans) / (2 * math.pi * stretch), least)
        return radius, _pack(targets, spans, radius * stretch), tall

    taken = {r.id for r in order} | {i for ids in satellites.values() for i in ids}
    middle_ids = [i for i in nodes if i not in taken and i not in detached]
    # The layout's units are the pixels of the opening zoom when it fits CANVAS, so label
    # sizes are known; a bigger graph makes a bigger picture, which the page shrinks to fit.
    px = 1.0
    # The inside of the inner ring holds what regions share, with room for its labels.
    need = 0.0
    for i in middle_ids:
        half, top, bottom = _label_box(nodes[i], px)
        need += 2 * half * (bottom - top)
    least = max(6 * SPACING, math.sqrt(1.7 * need / (math.pi * ASPECT)) + SPACING)
    inner_r, inner_at, tall = ring(members, px, least)
    outer_r, outer_at, _ = ring(others, px, inner_r + reach_in + tall * 0.6 + SPACING * 0.5)
    radius = inner_r
    pos: dict[str, tuple[float, float]] = {}
    placed = [(r, m, inner_r) for r, m in zip(members, inner_at, strict=True)]
    placed += [(r, m, outer_r) for r, m in zip(others, outer_at, strict=True)]
    for r, middle, out in placed:
        # North at the top: the page's y axis points down.
        centre = (out * ASPECT * math.cos(middle), -out * math.sin(middle))
        pos[r.id] = centre
        outward = math.atan2(centre[1], centre[0] / ASPECT ** 2)
        for sid, point in zip(satellites[r.id],
                              _fan(centre, outward, len(satellites[r.id])), strict=True):
            pos[sid] = point
    reach = (outer_r - inner_r + reach_out) if others else reach_in
    fixed = set(pos)
    inner = [i for i in nodes if i not in fixed and i not in detached]
    if inner:
        start = _inside(g, pos, inner, radius)
        moved = nx.spring_layout(g.subgraph(set(inner) | fixed), pos={**pos, **start},
                                 fixed=sorted(fixed), k=SPACING * 2.2, iterations=80,
                                 weight="weight", seed=7)
        limit = radius - SPACING * 1.5
        for i in inner:
            x, y = (float(v) for v in moved[i])
            d = math.hypot(x / ASPECT, y)
            if d > limit > 0:
                x, y = x * limit / d, y * limit / d
            pos[i] = (x, y)
        # The rings are fixed now: how big a pixel will be, so labels are kept apart at the
        # size they will be drawn.
        xs = [x for x, _ in pos.values()]
        ys = [y for _, y in pos.values()]
        px = max(units_per_px(max(xs) - min(xs), max(ys) - min(ys)), 1.0)
        boxes = {i: _label_box(nodes[i], px) for i in pos}
        _unclutter(pos, inner, sorted(fixed), boxes, limit)
    if detached:
        corner = (radius * ASPECT + reach, radius + reach)
        pos.update(_blocks(g.subgraph(detached), corner, radius * ASPECT * 0.4))
    return pos


def _pack(targets: list[float], spans: list[float], perimeter_radius: float) -> list[float]:
    """Angles on a ring as close as may be to ``targets`` (their order kept), each region
    ``span`` long (in units along a ring of that radius) and none overlapping: points start
    at their targets and are pushed apart until they fit.

    >>> [round(a, 2) for a in _pack([0.0, 0.0, 3.0], [1.0, 1.0, 1.0], 1.0)]
    [-0.5, 0.5, 3.0]
    """
    n = len(targets)
    width = [s / perimeter_radius for s in spans]
    total = sum(width)
    if total >= 2 * math.pi - 1e-9:
        width = [w * (2 * math.pi - 1e-6) / total for w in width]
    angles = list(targets)
    for i in range(1, n):  # keep the order strictly increasing
        angles[i] = max(angles[i], angles[i - 1] + 1e-9)
    for _ in range(400):
        moved = False
        for i in range(n):
            j = (i + 1) % n
            if n == 1:
                break
            gap = angles[j] - angles[i] + (2 * math.pi if j == 0 else 0.0)
            need = (width[i] + width[j]) / 2
            if gap < need - 1e-9:
                push = (need - gap) / 2
                angles[i] -= push
                angles[j] += push
                moved = True
        if not moved:
            break
    return angles


def _detached(g: nx.Graph, regions: set[str]) -> set[str]:
    """Nodes in a connected part of the graph without any region."""
    out: set[str] = set()
    for part in nx.connected_components(g):
        if not part & regions:
            out |= part
    return out


def _inside(g: nx.Graph, pos: Mapping[str, tuple[float, float]], ids: list[str],
            radius: float) -> dict[str, tuple[float, float]]:
    """Starting points of shared records: the middle of what they link to, pulled in."""
    start: dict[str, tuple[float, float]] = {}
    for _ in range(4):
        for i in ids:
            near = [pos.get(j) or start.get(j) for j in g.neighbors(i)]
            points = [p for p in near if p is not None]
            if points:
                x = sum(p[0] for p in points) / len(points)
                y = sum(p[1] for p in points) / len(points)
                start[i] = (x * 0.6, y * 0.6)
    for n, i in enumerate(sorted(ids)):
        if i not in start:
            a = n * 2.399963
            start[i] = (radius * 0.3 * math.cos(a), radius * 0.3 * math.sin(a))
    return start


def _separate(pos: dict[str, tuple[float, float]], movable: list[str], fixed: set[str],
              gap: float, rounds: int = 60, wide: float = 1.0) -> None:
    """Push movable nodes apart until no two nodes are closer than ``gap``, a horizontal
    distance counting ``1 / wide`` (labels are wider than high)."""
    import numpy as np

    ids = list(movable) + sorted(fixed)
    xy = np.array([pos[i] for i in ids], dtype=float) / np.array([wide, 1.0])
    free = np.zeros(len(ids), dtype=bool)
    free[:len(movable)] = True
    for _ in range(rounds):
        delta = xy[:len(movable), None, :] - xy[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1])
        np.fill_diagonal(dist[:, :len(movable)], np.inf)
        close = dist < gap
        if not close.any():
            break
        safe = np.where(close, np.maximum(dist, 1e-3), 1.0)
        push = np.where(close, (gap - safe) / safe, 0.0)[..., None] * delta
        shove = push.sum(axis=1) * 0.5
        xy[free] += shove
    for i, key in enumerate(movable):
        pos[key] = (float(xy[i, 0]) * wide, float(xy[i, 1]))


def units_per_px(width: float, height: float) -> float:
    """Layout units per pixel once a picture ``width`` x ``height`` (units) is fitted to
    :data:`CANVAS` with a margin (the page's own fit, see :mod:`views.network`).

    >>> units_per_px(1944, 0)
    2.0
    """
    return max(width / (CANVAS[0] * 0.9), height / (CANVAS[1] * 0.86), 1e-6)


def _label_box(n: NetworkNode, px: float) -> tuple[float, float, float]:
    """Half the width, the top and the bottom of a node with its label (drawn below it) at
    the opening zoom, in units, relative to the node's centre; a label too small to be drawn
    at that zoom takes no room."""
    font = LABEL_PX.get(n.importance, LABEL_PX[ZOOMED])
    node = 9.0
    half, bottom = node, node
    if font >= LABEL_SHOWN_PX and n.label:
        wide = len(n.label) * font * (0.62 if n.importance == ALWAYS else 0.58)
        lines = math.ceil(wide / LABEL_WRAP_PX)
        half = max(half, min(wide, LABEL_WRAP_PX) / 2 + 6)
        bottom = node + 4 + lines * font * 1.3 + 4
    return half * px, -node * px, bottom * px


#: Pairs of label boxes :func:`_unclutter` may compare in all its rounds: every round
#: compares each movable node with every node, so a view of 900 nodes gets about 50 rounds
#: (about half a second) instead of 400 (five seconds); small views get all 400.
UNCLUTTER_BUDGET = 40_000_000


def _unclutter(pos: dict[str, tuple[float, float]], movable: list[str], still: list[str],
               boxes: Mapping[str, tuple[float, float, float]], limit: float | None = None,
               rounds: int = 400) -> None:
    """Move the ``movable`` nodes until no two nodes' label boxes overlap (or ``rounds``
    are done, fewer for big views: :data:`UNCLUTTER_BUDGET`), each along the axis it
    overlaps least; with ``limit``, they stay inside the ring's ellipse of that radius."""
    import numpy as np

    ids = list(movable) + list(still)
    m = len(movable)
    if not m:
        return
    rounds = max(1, min(rounds, UNCLUTTER_BUDGET // (m * len(ids))))
    xy = np.array([pos[i] for i in ids], dtype=float)
    half = np.array([boxes[i][0] for i in ids])
    top = np.array([boxes[i][1] for i in ids])
    bottom = np.array([boxes[i][2] for i in ids])
    share = np.where(np.arange(len(ids)) < m, 0.5, 1.0)[None, :]
    tie = np.where(np.arange(m) % 2 == 0, 1.0, -1.0)[:, None]
    for _ in range(rounds):
        dx = xy[:m, None, 0] - xy[None, :, 0]
        ox = half[:m, None] + half[None, :] - np.abs(dx)
        a0, a1 = xy[:m, None, 1] + top[:m, None], xy[:m, None, 1] + bottom[:m, None]
        b0, b1 = xy[None, :, 1] + top[None, :], xy[None, :, 1] + bottom[None, :]
        oy = np.minimum(a1, b1) - np.maximum(a0, b0)
        hit = (ox > 0) & (oy > 0)
        hit[np.arange(m), np.arange(m)] = False
        if not hit.any():
            break
        dy = (a0 + a1) / 2 - (b0 + b1) / 2
        sx = np.where(dx == 0, tie, np.sign(dx))
        sy = np.where(dy == 0, tie, np.sign(dy))
        along_x = hit & (ox <= oy)
        along_y = hit & (oy < ox)
        step_x = np.where(along_x, sx * (ox + 1.0), 0.0) * share
        step_y = np.where(along_y, sy * (oy + 1.0), 0.0) * share
        xy[:m, 0] += np.clip(step_x.sum(axis=1), -SPACING * 3, SPACING * 3) * 0.5
        xy[:m, 1] += np.clip(step_y.sum(axis=1), -SPACING * 3, SPACING * 3) * 0.5
        if limit is not None and limit > 0:
            d = np.hypot(xy[:m, 0] / ASPECT, xy[:m, 1])
            over = d > limit
            xy[:m][over] *= (limit / d[over])[:, None]
    for i, key in enumerate(movable):
        pos[key] = (float(xy[i, 0]), float(xy[i, 1]))


def _blocks(g: nx.Graph, corner: tuple[float, float], width: float
            ) -> dict[str, tuple[float, float]]:
    """Parts of the graph that reach no region, laid out one by one and packed in rows at
    most ``width`` wide, the block's bottom right at ``corner`` (outside the ring)."""
    parts = sorted((sorted(p) for p in nx.connected_components(g)), key=lambda p: (-len(p), p))
    placed: list[tuple[dict[str, tuple[float, float]], float, float]] = []
    for part in parts:
        if len(part) == 1:
            placed.append(({part[0]: (0.0, 0.0)}, 0.0, 0.0))
            continue
        sub = g.subgraph(part)
        raw = nx.kamada_kawai_layout(sub) if len(part) <= 60 else nx.spring_layout(sub, seed=7)
        size = SPACING * 0.75 * math.sqrt(len(part))
        points = {k: (float(v[0]) * size, float(v[1]) * size) for k, v in raw.items()}
        xs = [p[0] for p in points.values()]
        ys = [p[1] for p in points.values()]
        points = {k: (x - min(xs), y - min(ys)) for k, (x, y) in points.items()}
        placed.append((points, max(xs) - min(xs), max(ys) - min(ys)))
    out: dict[str, tuple[float, float]] = {}
    gap = SPACING * 1.3
    x = y = row = right = 0.0
    for points, w, h in placed:
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row + gap, 0.0
        for k, (px, py) in points.items():
            out[k] = (x + px, y + py)
        x += w + gap
        row = max(row, h)
        right = max(right, x - gap)
    bottom = y + row
    return {k: (corner[0] - right + px, corner[1] - bottom + py) for k, (px, py) in out.items()}


def _spring(g: nx.Graph, nodes: Mapping[str, NetworkNode]) -> dict[str, tuple[float, float]]:
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {next(iter(nodes)): (0.0, 0.0)}
    raw = nx.spring_layout(g, seed=7, weight="weight")
    scale = SPACING * 1.6 * math.sqrt(len(nodes))
    pos = {k: (float(v[0]) * scale, float(v[1]) * scale) for k, v in raw.items()}
    _separate(pos, sorted(pos), set(), SPACING * 1.2)
    return pos


def _ego_layout(data: NetworkData, distance: Mapping[str, int]
                ) -> dict[str, tuple[float, float]]:
    """The centre in the middle, every step away one ring further out; on the first ring
    nodes are grouped by kind, further out each sits near what links it inward."""
    assert data.centre is not None
    kind_order = {k.label: i for i, k in enumerate(NODE_KINDS)}
    nodes = {n.id: n for n in data.nodes}
    links: dict[str, set[str]] = {i: set() for i in nodes}
    for e in data.edges:
        links[e.source].add(e.target)
        links[e.target].add(e.source)
    pos: dict[str, tuple[float, float]] = {data.centre: (0.0, 0.0)}
    angles: dict[str, float] = {data.centre: 0.0}
    rings: dict[int, list[str]] = {}
    for i, d in distance.items():
        if i in nodes and i != data.centre:
            rings.setdefault(d, []).append(i)
    radius = 0.0
    stretch = math.sqrt((ASPECT ** 2 + 1) / 2)
    for d in sorted(rings):
        ring = rings[d]
        if d == 1:
            ring.sort(key=lambda i: (kind_order.get(nodes[i].kind, 99), nodes[i].label.lower()))
            targets = [-math.pi / 2 + 2 * math.pi * k / len(ring) for k in range(len(ring))]
        else:
            wanted = {}
            for i in ring:
                inward = [angles[j] for j in links[i] if j in angles]
                wanted[i] = math.atan2(sum(math.sin(a) for a in inward),
                                       sum(math.cos(a) for a in inward)) if inward else 0.0
            ring.sort(key=lambda i: (wanted[i], kind_order.get(nodes[i].kind, 99),
                                     nodes[i].label.lower()))
            targets = [wanted[i] for i in ring]
        # Each node gets room along its ring for its label (its width where the ring runs
        # across, its height down the sides).
        boxes = [_label_box(nodes[i], 1.0) for i in ring]
        spans = [2 * SPACING] * len(ring)
        least = radius + SPACING * (7 if d == 1 else 5)
        for _ in range(3):
            radius_d = max(least, sum(spans) / (2 * math.pi * stretch))
            at = _pack(targets, spans, radius_d * stretch)
            spans = [abs(math.sin(a)) * 2 * half + abs(math.cos(a)) * (bottom - top) + 8
                     for a, (half, top, bottom) in zip(at, boxes, strict=True)]
        radius = max(least, sum(spans) / (2 * math.pi * stretch))
        for i, a in zip(ring, _pack(targets, spans, radius * stretch), strict=True):
            angles[i] = a
            pos[i] = (radius * ASPECT * math.cos(a), radius * math.sin(a))
    _fill(pos)
    others = [i for i in pos if i != data.centre]
    _unclutter(pos, others, [data.centre], {i: _label_box(nodes[i], 1.0) for i in pos},
               rounds=150)
    return pos


def _fill(pos: dict[str, tuple[float, float]]) -> None:
    """Spread a picture smaller than :data:`CANVAS` until it fills it (labels keep their
    size, so they get more room); a bigger one stays as it is."""
    if len(pos) < 2:
        return
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    grow = 1.0 / units_per_px(max(xs) - min(xs), max(ys) - min(ys))
    if grow > 1.0:
        for k, (x, y) in pos.items():
            pos[k] = (x * grow, y * grow)


# --------------------------------------------------------------------------- views


def network_data(store: Store, *, region: str | None = None, depth: int = 1,
                 kinds: list[str] | None = None, include_contacts: bool = False,
                 focus: str | None = None, through_hubs: bool = False) -> NetworkData:
    """Nodes and relationships for the page, placed.

    Without ``region`` or ``focus``: the whole graph (or the nodes of ``kinds`` and the
    relationships between them); above :data:`MAX_NODES` nodes, the regions with counts of
    what is located in them (:func:`summary_view`). With ``region`` (a region's id) or
    ``focus`` (any node's id): the nodes at most ``depth`` relationships away, counting only
    paths through nodes of ``kinds`` (the centre itself is always kept) and not through hubs
    unless ``through_hubs``; a depth whose neighbourhood would pass :data:`MAX_NODES` is
    cut to the last step that fits, with a note. Contacts and personal properties appear only
    with ``include_contacts``. Raises :class:`NotFoundError` for an unknown centre and
    :class:`NetworkError` for unknown kinds or a negative depth.
    """
    chosen = _resolve_kinds(kinds, include_contacts)
    labels = {k.label for k in chosen}
    described = "" if kinds is None else "kinds: " + ", ".join(k.label for k in chosen)
    if region is not None and focus is not None:
        raise NetworkError("give either a region or a node to focus on, not both")
    centre_id = region if region is not None else focus
    if centre_id is None:
        counts = store.counts()
        total = sum(counts.get(k.label, 0) for k in chosen)
        if total > MAX_NODES:
            what = "the graph" if kinds is None else f"this selection ({described})"
            return summary_view(store, note=(
                f"{what.capitalize()} has {total:,} nodes, more than the page draws one by one "
                f"({MAX_NODES:,}). Shown instead: the regions, sized by the organisations "
                "located in them, with the challenges they face; hover a region for its "
                "counts. For the records themselves: rsp viz --focus NAME (a region, "
                "organisation, challenge...) or --kinds."))
        nodes = _fetch_nodes(store, chosen, include_contacts)
        edges = _fetch_edges(store, labels, include_contacts)
        data = _restrict(nodes, edges)
        data.description = described or "the whole graph"
        rels = sum(counts.get(k.type, 0) for k in REL_KINDS)
        threshold = hub_degree(sum(counts.get(k.label, 0) for k in NODE_KINDS), rels)
        return _decorate(store, data, threshold=threshold)
    if depth < 0:
        raise NetworkError(f"depth must be 0 or more, not {depth}")
    found = queries.run(store, "network_nodes", {"ids": [centre_id]}).rows
    kind = NODES.get(str(found[0][0].get("_kind"))) if found else None
    if kind is None or (region is not None and kind.label != "Region"):
        what = "region" if region is not None else "node"
        raise NotFoundError(f"no {what} with id {centre_id!r} (see 'rsp regions' for the ids)"
                            if region is not None else f"no {what} with id {centre_id!r}")
    if kind.personal and not include_contacts:
        raise NetworkError(f"{kind.label} nodes are personal data: "
                           "ask for them explicitly with --include-contacts")
    centre = _node(kind, found[0][0], include_contacts)
    counts = store.counts()
    threshold = hub_degree(sum(counts.get(k.label, 0) for k in NODE_KINDS),
                           sum(counts.get(k.type, 0) for k in REL_KINDS))
    reached, notes, kept_hubs, drawn = _neighbourhood(
        store, centre, depth, labels, include_contacts, through_hubs, threshold)
    ids = sorted(reached)
    nodes = [centre] + [n for n in reached.values() if n.id != centre.id]
    types = {k.type for k in REL_KINDS}
    shown = set(ids)
    edges = [_edge(str(props.get("_kind")), a, b, props, include_contacts)
             for a, b, props in queries.run(store, "network_edges", {"ids": ids}).rows
             if str(props.get("_kind")) in types and a in shown and b in shown]
    data = _restrict(nodes, edges)
    data.view, data.centre, data.depth, data.through_hubs = "ego", centre.id, drawn, through_hubs
    what = f"{centre.label} ({centre.id}), depth {drawn}" + (
        f" (of {depth} asked)" if drawn < depth else "")
    data.description = f"around {what}" + (f"; {described}" if described else "")
    if kept_hubs:
        names = sorted(kept_hubs)
        listed = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
        notes.append(f"Not expanded through {_plural(len(names), 'hub')} ({listed}): their "
                     "many members would bury the neighbourhood; add --through-hubs to go "
                     "through them.")
    data.notes = notes
    distance = {i: d for i, (d, _) in _distances(data, centre.id).items()}
    return _decorate(store, data, threshold=threshold, distance=distance)


def _distances(data: NetworkData, centre: str) -> dict[str, tuple[int, str]]:
    links: dict[str, set[str]] = {}
    for e in data.edges:
        links.setdefault(e.source, set()).add(e.target)
        links.setdefault(e.target, set()).add(e.source)
    seen = {centre: (0, "")}
    queue = deque([centre])
    while queue:
        current = queue.popleft()
        for other in sorted(links.get(current, ())):
            if other not in seen:
                seen[other] = (seen[current][0] + 1, current)
                queue.append(other)
    for n in data.nodes:
        seen.setdefault(n.id, (max((d for d, _ in seen.values()), default=0) + 1, ""))
    return seen


def _neighbourhood(store: Store, centre: NetworkNode, depth: int, labels: set[str],
                   personal: bool, through_hubs: bool, threshold: float
                   ) -> tuple[dict[str, NetworkNode], list[str], set[str], int]:
    """Breadth-first from ``centre``, one query per step; each step is counted before it is
    read and not taken if the view would pass :data:`MAX_NODES`. Also returns the depth
    drawn: less than ``depth`` when a step was not taken (said in a note) or when only
    hubs were left to expand."""
    reached: dict[str, NetworkNode] = {centre.id: centre}
    frontier = [centre]
    notes: list[str] = []
    held: set[str] = set()
    drawn = 0
    for step in range(1, depth + 1):
        ids = [n.id for n in frontier]
        degrees = {str(r["id"]): int(r["degree"])
                   for r in queries.run(store, "network_degrees", {"ids": ids}).dicts()}
        expand = []
        for n in frontier:
            if (n.id != centre.id and not through_hubs
                    and _is_hub(n, degrees.get(n.id, 0), threshold)):
                held.add(n.label)
            else:
                expand.append(n.id)
        if not expand:
            break
        more = int(queries.run(store, "network_neighbour_count", {"ids": expand}).scalar()
                   or 0)
        if len(reached) + more > MAX_NODES:
            notes.append(
                f"Depth {step} would add up to {more:,} nodes to the {len(reached):,} shown, "
                f"more than the page draws one by one ({MAX_NODES:,}): shown up to depth "
                f"{step - 1}. Focus on one of its nodes, or choose fewer --kinds.")
            if step == 1:
                notes[-1] = (f"{centre.label} has {more:,} neighbours, more than the page "
                             f"draws one by one ({MAX_NODES:,}): only the "
                             f"{MAX_NODES - 1:,} with most relationships are shown.")
                frontier = _first_neighbours(store, expand, labels, personal, reached)
                drawn = 1
            break
        rows = queries.run(store, "network_neighbours", {"ids": expand}).rows
        found: dict[str, NetworkNode] = {}
        for _, props in rows:
            kind = NODES.get(str(props.get("_kind")))
            node = str(props.get("id"))
            if kind is None or kind.label not in labels or node in reached:
                continue
            found[node] = _node(kind, props, personal)
        reached.update(found)
        frontier = sorted(found.values(), key=lambda n: n.id)
        drawn = step
    return reached, notes, held, drawn


def _first_neighbours(store: Store, ids: list[str], labels: set[str], personal: bool,
                      reached: dict[str, NetworkNode]) -> list[NetworkNode]:
    """The best connected neighbours, as many as fit (a centre with too many neighbours)."""
    rows = queries.run(store, "network_neighbours", {"ids": ids}).rows
    found: dict[str, NetworkNode] = {}
    for _, props in rows:
        kind = NODES.get(str(props.get("_kind")))
        if kind is not None and kind.label in labels and str(props.get("id")) not in reached:
            found[str(props.get("id"))] = _node(kind, props, personal)
    degrees = {str(r["id"]): int(r["degree"]) for r in queries.run(
        store, "network_degrees", {"ids": sorted(found)}).dicts()}
    best = sorted(found.values(), key=lambda n: (-degrees.get(n.id, 0), n.id))
    chosen = best[:MAX_NODES - len(reached)]
    reached.update({n.id: n for n in chosen})
    return chosen


def summary_view(store: Store, *, note: str = "") -> NetworkData:
    """The regions with counts of the organisations, practices, events and projects in
    them (sized by their organisations), and the challenges they face: a view of a graph too
    big to draw node by node. If even that passes :data:`MAX_NODES`, the member regions and
    the regions with most organisations are kept, with a note."""
    kind = NODES["Region"]
    rows = queries.run(store, "network_region_counts").dicts()
    challenges = {str(r["id"]): r for r in queries.run(store, "challenges").dicts()}
    notes = [note] if note else []
    room = MAX_NODES - len(challenges)
    if room < 1:
        raise TooManyNodesError(
            f"even the summary has {len(challenges) + len(rows):,} nodes, more than the page "
            f"draws ({MAX_NODES:,}); use --focus NAME")
    if len(rows) > room:
        rows.sort(key=lambda r: (not r["rsp_member"], -int(r["organisations"] or 0),
                                 str(r["id"])))
        notes.append(f"{len(rows):,} regions are more than fit: shown are the partnership's "
                     f"members and the {room:,} regions with most organisations.")
        rows = rows[:room]
    nodes = []
    for r in rows:
        base = _node(kind, r, False)
        counts = (("organisations", r["organisations"]), ("practices", r["practices"]),
                  ("events", r["events"]), ("projects running there", r["pilots"]),
                  ("projects with a partner there", r["partner_projects"]),
                  ("challenges", r["challenges"]))
        nodes.append(replace(base, fields=base.fields + tuple((k, int(v or 0))
                                                              for k, v in counts),
                             size=float(int(r["organisations"] or 0) + 1)))
    shown = {n.id for n in nodes}
    ckind = NODES["Challenge"]
    for c in challenges.values():
        nodes.append(replace(_node(ckind, {"id": c["id"], "name": c["name"],
                                           "theme": c["theme"]}, False),
                             size=float(int(c["regions"] or 0) + 1)))
    edges = [NetworkEdge(str(r["region"]), str(r["challenge"]), "FACES",
                         fields=(("priority", r["priority"]),) if r["priority"] else (),
                         style="faint" if len(rows) > 60 else "")
             for r in queries.run(store, "synergy_profiles").dicts()
             if str(r["region"]) in shown and str(r["challenge"]) in challenges]
    data = _restrict(nodes, edges)
    data.view = "summary"
    data.description = (f"summary: {_plural(len(shown), 'region')} with counts, "
                        f"{_plural(len(challenges), 'challenge')}")
    data.notes = notes
    data.size_meaning = "organisations located in the region (challenges: regions facing it)"
    return _decorate(store, data)


# --------------------------------------------------------------------------- synergies


def _strength(score: float) -> str:
    return band(round(score))


def synergy_data(store: Store, suggestions: list[dict[str, Any]], *,
                 regions: Sequence[str] = (), centre: str | None = None,
                 empty: Mapping[str, str] | None = None) -> NetworkData:
    """Regions as nodes and one undirected edge per suggestion.

    A suggestion is ``{"a": region_id, "b": region_id, "score": number 0-100, "evidence":
    [str]}`` with optional ``"fields"`` (``[(name, value)]`` shown on the edge),
    ``"existing"`` (the pair already works together: drawn dashed) and ``"strength"``. The
    edge's width is the score (1 at 0, 12 at 100: the same scale on every page), its label
    the score, its tooltip the evidence lines. ``regions`` are shown even without a
    suggestion (``empty`` says why, per region); ``centre`` makes the picture a star
    around that region, partners closer for a higher score.
    """
    checked: list[tuple[str, str, float, tuple[str, ...]]] = []
    extra: list[tuple[tuple[str, Any], ...]] = []
    flags: list[tuple[bool, str]] = []
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
        flags.append((bool(s.get("existing")), str(s.get("strength") or _strength(score))))
    ids = sorted({x for a, b, _, _ in checked for x in (a, b)} | set(regions))
    if len(ids) > MAX_NODES:
        raise TooManyNodesError(f"the synergy view has {len(ids):,} regions, more than the "
                                f"page draws ({MAX_NODES:,}); choose one region")
    rows = queries.run(store, "region_nodes", {"ids": ids}).rows
    empty = empty or {}
    nodes = []
    for (props,) in rows:
        node = _node(NODES["Region"], props, False)
        if node.id in empty:
            node = replace(node, fields=(*node.fields, ("suggestions", empty[node.id])))
        nodes.append(node)
    missing = sorted(set(ids) - {n.id for n in nodes})
    if missing:
        raise NotFoundError("no region with id " + ", ".join(repr(m) for m in missing))
    edges = []
    for (a, b, score, evidence), fields, (existing, strength) in zip(checked, extra, flags,
                                                                     strict=True):
        width = 1.0 + 11.0 * min(max(score, 0.0), 100.0) / 100.0
        edges.append(NetworkEdge(source=a, target=b, type=SYNERGY_TYPE, width=round(width, 2),
                                 fields=fields, lines=evidence, label=_score_label(score),
                                 style="existing" if existing else "", strength=strength,
                                 score=score))
    data = _sort(nodes, edges)
    data.directed = False
    data.view = "synergy"
    data.centre = centre
    data.size_meaning = ""
    n = len(checked)
    data.description = (f"{n} synergy suggestion{'s' if n != 1 else ''} "
                        f"between {len(nodes)} regions")
    data.notes = [f"{name}: {why}" for name, why in sorted(
        (next(x.label for x in nodes if x.id == r), w) for r, w in empty.items()
        if r in {x.id for x in nodes})]
    return _synergy_decorate(store, data)


def _score_label(score: float) -> str:
    return number(round(score))


def _synergy_decorate(store: Store, data: NetworkData) -> NetworkData:
    regions = _region_table(store)
    facets = _facets(store, data.nodes, regions)
    nodes = []
    for n in data.nodes:
        role = "member" if dict(n.fields).get("rsp_member") else "other"
        found = facets.get(n.id, {})
        nodes.append(replace(n, role=role, importance=ALWAYS, facets=tuple(
            (name, found[name]) for name, _ in FACETS if found.get(name))))
    data.nodes = nodes
    pos = _star_layout(data) if data.centre is not None else _synergy_layout(data)
    data.nodes = [replace(n, x=round(pos[n.id][0], 1), y=round(pos[n.id][1], 1))
                  for n in data.nodes]
    return data


def _pair_score(e: NetworkEdge) -> float:
    return e.score or 0.0


def _synergy_layout(data: NetworkData) -> dict[str, tuple[float, float]]:
    """Strong pairs close together (Kamada-Kawai on distances that shrink with the score);
    regions without a line in a row below."""
    g = nx.Graph()
    linked = {x for e in data.edges for x in (e.source, e.target)}
    g.add_nodes_from(sorted(linked))
    for e in data.edges:
        g.add_edge(e.source, e.target, dist=1.0 + (100.0 - _pair_score(e)) / 45.0)
    pos: dict[str, tuple[float, float]] = {}
    scale = SPACING * 2.2 * math.sqrt(max(len(linked), 1))
    lowest = 0.0
    parts = sorted((sorted(p) for p in nx.connected_components(g)), key=lambda p: -len(p))
    x_off = 0.0
    for part in parts:
        sub = g.subgraph(part)
        raw = (nx.kamada_kawai_layout(sub, weight="dist") if len(part) > 2
               else {k: (i * 1.0, 0.0) for i, k in enumerate(part)})
        size = scale * math.sqrt(len(part) / max(len(linked), 1))
        for k, v in raw.items():
            pos[k] = (x_off + float(v[0]) * size, float(v[1]) * size)
        x_off += 2 * size + SPACING * 3
        lowest = max(lowest, max(p[1] for p in pos.values()))
    pos = {k: (x * ASPECT, y) for k, (x, y) in pos.items()}
    _fill(pos)
    nodes = {n.id: n for n in data.nodes}
    _unclutter(pos, sorted(pos), [], {i: _label_box(nodes[i], 1.0) for i in pos})
    lowest = max((y for _, y in pos.values()), default=0.0)
    alone = sorted((n for n in data.nodes if n.id not in linked), key=lambda n: n.label.lower())
    for i, n in enumerate(alone):
        pos[n.id] = ((i - (len(alone) - 1) / 2) * SPACING * 4, lowest + SPACING * 4)
    return pos


def _star_layout(data: NetworkData) -> dict[str, tuple[float, float]]:
    """The centre in the middle, its partners around it, best first from the top clockwise,
    closer for a higher score."""
    assert data.centre is not None
    score: dict[str, float] = {}
    for e in data.edges:
        other = e.target if e.source == data.centre else e.source
        score[other] = max(score.get(other, 0.0), _pair_score(e))
    others = sorted((n for n in data.nodes if n.id != data.centre),
                    key=lambda n: (-score.get(n.id, -1.0), n.label.lower()))
    pos = {data.centre: (0.0, 0.0)}
    base = max(SPACING * 5, len(others) * SPACING * 2.6 / (2 * math.pi))
    for i, n in enumerate(others):
        a = -math.pi / 2 + 2 * math.pi * i / max(len(others), 1)
        r = base + SPACING * 0.12 * (100.0 - score.get(n.id, 0.0))
        pos[n.id] = (r * ASPECT * math.cos(a), r * math.sin(a))
    _fill(pos)
    others_ids = [n.id for n in others]
    _unclutter(pos, others_ids, [data.centre],
               {n.id: _label_box(n, 1.0) for n in data.nodes}, rounds=150)
    return pos


def synergy_view(store: Store, region: str | None = None, *, top: int | None = None
                 ) -> NetworkData:
    """The synergy view, on the 0-100 scale of ``rsp synergies``.

    Without ``region``: every member region, each linked to its ``top`` best partners
    (default :data:`SYNERGY_PARTNERS`), so no region is left out; a member without any
    suggestion is shown alone, with the reason. With ``region`` (a name or id): a star of
    its ``top`` best partners (default all). Each line has the pair's score (the higher of
    the two directions), its strength, whether the pair already works together (dashed),
    both directions' scores and the reasons in plain words.
    """
    if top is not None and top < 1:
        raise NetworkError(f"--top must be 1 or more, not {top}")
    if region is not None:
        answer = suggest(store, region, top=top or 0)
        items = [_synergy_item(s) for s in answer.suggestions]
        assert answer.region is not None
        empty = {answer.region: answer.why_empty} if answer.why_empty else {}
        data = synergy_data(store, items, regions=[answer.region], centre=answer.region,
                            empty=empty)
        n = len(items)
        data.description = (f"{answer.region_name}'s {_plural(n, 'synergy suggestion')} "
                            "(closer = higher score)")
        return data
    answer = suggest(store, None, top=0)
    per_region = top or SYNERGY_PARTNERS
    members = [str(r["id"]) for r in queries.run(store, "regions", {"rsp_member": True})]
    mine: dict[str, list[tuple[int, str, Suggestion]]] = {m: [] for m in members}
    for s in answer.suggestions:
        for view in (s, s.reverse):
            if view is not None and view.a in mine:
                mine[view.a].append((view.scaled, view.b, s))
    chosen: dict[tuple[str, str], Suggestion] = {}
    for found in mine.values():
        found.sort(key=lambda t: (-t[0], t[1]))
        for _, _, s in found[:per_region]:
            chosen[(s.a, s.b)] = s
    # Pairs that already work together are drawn too (dashed), whatever their rank.
    for s in answer.suggestions:
        if s.existing and s.a in mine and s.b in mine:
            chosen[(s.a, s.b)] = s
    ranked = sorted(chosen.values(), key=lambda s: (-max(s.scaled, s.reverse.scaled
                                                         if s.reverse else 0), s.a, s.b))
    items = [_synergy_item(s) for s in ranked]
    linked = {x for s in ranked for x in (s.a, s.b)}
    model_empty = {m: "no synergy suggestion: " + _why_alone(store, m)
                   for m in members if m not in linked}
    data = synergy_data(store, items, regions=members, empty=model_empty)
    existing = sum(1 for s in ranked if s.existing)
    data.description = (f"each member region's {per_region} best "
                        f"{'partner' if per_region == 1 else 'partners'}"
                        f"{' and the pairs that already work together' if existing else ''}: "
                        f"{_plural(len(items), 'pair')} of {len(answer.suggestions)}, "
                        f"{_plural(len(data.nodes), 'region')}")
    return data


def _why_alone(store: Store, region: str) -> str:
    return suggest(store, region, top=1).why_empty or "none found"


def _synergy_item(s: Suggestion) -> dict[str, Any]:
    fields: list[tuple[str, Any]] = [(f"score for {s.a_name}", s.scaled)]
    if s.reverse is not None:
        fields.append((f"score for {s.b_name}", s.reverse.scaled))
    best = max(s.scaled, s.reverse.scaled if s.reverse else 0)
    fields += [("strength", band(best)), ("already together", s.existing)]
    lines = [f"{group.heading}: {line.text}" for group in plain(s) for line in group.lines]
    return {"a": s.a, "b": s.b, "score": best, "fields": fields, "evidence": lines,
            "existing": s.existing, "strength": band(best)}
