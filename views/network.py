"""The interactive network page: one self-contained HTML file, drawn by vis-network (pyvis).

:func:`network_data` reads nodes and relationships from a store (the whole graph, the ego
network of a region, or only some node kinds), :func:`synergy_data` turns region-to-region
synergy suggestions into a small network, and :func:`render_html` / :func:`write_html` make
the page. The page needs no network at all: vis-network's JavaScript and CSS are read from
the installed pyvis package and inlined, together with the page's own script and style from
``views/assets/``; a Content-Security-Policy forbids loading anything else.

Safety: every string from the data travels as JSON inside a non-executed
``<script type="application/json">`` block with ``<``, ``>``, ``&``, U+2028 and U+2029
escaped, and the page's script turns it into text nodes only (``textContent``, tooltips as
DOM elements); no data string is ever parsed as HTML. Contact nodes and personal properties
stay out unless asked for.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import math
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pyvis.network import Network

from graph.errors import NotFoundError, RspError
from graph.schema import NODE_KINDS, NODES, REL_KINDS, RELS, NodeKind, Prop
from graph.store import Store

#: Above this many nodes the page is refused: vis-network needs minutes to lay it out.
MAX_NODES = 1500

DEFAULT_TITLE = "Regional Skills Partnership: network"
SYNERGY_TITLE = "Regional Skills Partnership: region synergies"

#: Relationship type of the edges of the synergy view (not stored in the graph).
SYNERGY_TYPE = "SYNERGY"
SYNERGY_COLOR = "#2f9e44"
OTHER_COLOR = "#9aa5b1"

#: The vis-network build shipped inside the pyvis package.
VIS_DIR = ("templates", "lib", "vis-9.1.2")

_GLYPHS = {"dot": "●", "star": "★", "triangle": "▲", "square": "■", "diamond": "◆",
           "hexagon": "⬢", "box": "▬", "ellipse": "⬬"}


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
    fields: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class NetworkEdge:
    """An edge from node ``source`` to node ``target``; ``lines`` are extra tooltip lines."""

    source: str
    target: str
    type: str
    width: float = 1.5
    fields: tuple[tuple[str, str], ...] = ()
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


def text(value: Any) -> str:
    """A property value as the text a tooltip shows.

    >>> [text(None), text(True), text(2.0), text(0.25), text(["a", "b"]), text(dt.date(2025, 1, 2))]
    ['', 'yes', '2', '0.25', 'a | b', '2025-01-02']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return f"{value:.4f}".rstrip("0").rstrip(".") if math.isfinite(value) else str(value)
    if isinstance(value, list | tuple):
        return " | ".join(text(v) for v in value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
    return str(value)


def _fields(props: Iterable[Prop], values: Mapping[str, Any], personal: bool,
            skip: Sequence[str] = ("source",)) -> tuple[tuple[str, str], ...]:
    rows = []
    for prop in props:
        if prop.name in skip or (prop.personal and not personal):
            continue
        shown = text(values.get(prop.name))
        if shown:
            rows.append((prop.name, shown))
    return tuple(rows)


def _node(kind: NodeKind, props: Mapping[str, Any], personal: bool) -> NetworkNode:
    node_id = str(props.get("id"))
    label = ""
    for name in ("name", "title"):
        if any(p.name == name for p in kind.props) and (personal or not kind.prop(name).personal):
            label = text(props.get(name))
            if label:
                break
    return NetworkNode(id=node_id, label=label or node_id, kind=kind.label,
                       source=text(props.get("source")),
                       fields=_fields(kind.all_props, props, personal))


def _fetch_nodes(store: Store, kinds: Iterable[NodeKind], personal: bool) -> list[NetworkNode]:
    out = []
    for kind in kinds:
        # The label comes from the schema only; nothing from the user enters the text.
        for (props,) in store.execute(f"MATCH (n:{kind.label}) RETURN n").rows:
            out.append(_node(kind, props, personal))
    return out


def _fetch_edges(store: Store, kinds: set[str], personal: bool) -> list[NetworkEdge]:
    out = []
    for rel in REL_KINDS:
        if not (kinds & set(rel.sources) and kinds & set(rel.targets)):
            continue
        result = store.execute(f"MATCH (a)-[r:{rel.type}]->(b) RETURN a.id AS a, b.id AS b, r")
        for a, b, props in result.rows:
            out.append(NetworkEdge(source=str(a), target=str(b), type=rel.type,
                                   fields=_fields(rel.all_props, props, personal,
                                                  skip=("from", "to"))))
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
        found = store.execute("MATCH (r:Region) WHERE r.id = $id RETURN r", {"id": region}).rows
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

    A suggestion is ``{"a": region_id, "b": region_id, "score": float, "evidence": [str]}``;
    the edge's width grows with the score and its tooltip lists the evidence lines.
    """
    checked: list[tuple[str, str, float, tuple[str, ...]]] = []
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
        checked.append((a, b, float(score), tuple(text(line) for line in evidence)))
    ids = sorted({x for a, b, _, _ in checked for x in (a, b)})
    if len(ids) > MAX_NODES:
        raise _too_many(len(ids), "the synergy view")
    rows = store.execute("MATCH (r:Region) WHERE r.id IN $ids RETURN r", {"ids": ids}).rows
    nodes = [_node(NODES["Region"], props, False) for (props,) in rows]
    missing = sorted(set(ids) - {n.id for n in nodes})
    if missing:
        raise NotFoundError("no region with id " + ", ".join(repr(m) for m in missing))
    top = max((max(score, 0.0) for _, _, score, _ in checked), default=0.0)
    edges = []
    for a, b, score, evidence in checked:
        width = 1.0 + 9.0 * max(score, 0.0) / top if top > 0 else 2.0
        edges.append(NetworkEdge(source=a, target=b, type=SYNERGY_TYPE, width=round(width, 2),
                                 fields=(("score", text(round(score, 4))),), lines=evidence))
    data = _sort(nodes, edges)
    data.directed = False
    n = len(checked)
    data.description = (f"{n} synergy suggestion{'s' if n != 1 else ''} "
                        f"between {len(nodes)} regions")
    return data


# --------------------------------------------------------------------------- rendering


def _vis_asset(name: str) -> str:
    try:
        path = resources.files("pyvis").joinpath(*VIS_DIR, name)
        return path.read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError) as exc:
        raise NetworkError(f"vis-network is missing from the pyvis package ({name}): "
                           "reinstall pyvis>=0.3.2") from exc


def _own_asset(name: str) -> str:
    return resources.files("views").joinpath("assets", name).read_text(encoding="utf-8")


def script_json(value: Any) -> str:
    r"""JSON that is safe inside a ``<script>`` element: no ``<``, ``>``, ``&``, U+2028/9.

    >>> print(script_json({"name": "</script><b>&"}))
    {"name":"\u003c/script\u003e\u003cb\u003e\u0026"}
    """
    dumped = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (dumped.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _inline_script(code: str) -> str:
    if "</script" in code.lower() or "<!--" in code:
        raise NetworkError("refusing to inline a script that could end its <script> element")
    return code


def _sha256(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def _options(data: NetworkData) -> dict[str, Any]:
    n = len(data.nodes)
    iterations = max(100, min(1000, 150_000 // max(n, 1)))
    edges: dict[str, Any] = {"selectionWidth": 2, "hoverWidth": 1.5}
    if data.directed:
        edges["arrows"] = {"to": {"enabled": True, "scaleFactor": 0.5}}
        edges["smooth"] = {"type": "continuous"}
    else:
        edges["smooth"] = False
    return {
        "autoResize": True,
        "height": "100%",
        "width": "100%",
        "layout": {"improvedLayout": n <= 150, "randomSeed": 7},
        "nodes": {"font": {"size": 13, "face": "system-ui, sans-serif"},
                  "scaling": {"min": 12, "max": 30, "label": {"enabled": False}},
                  "widthConstraint": {"maximum": 200}, "borderWidth": 1},
        "edges": edges,
        "interaction": {"hover": True, "tooltipDelay": 120, "keyboard": False,
                        "hideEdgesOnDrag": n > 500, "navigationButtons": False},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "centralGravity": 0.01,
                                 "springLength": 110 if data.directed else 220,
                                 "springConstant": 0.08,
                                 "avoidOverlap": 0.4},
            "minVelocity": 1,
            "stabilization": {"enabled": True, "iterations": iterations,
                              "updateInterval": 20, "fit": True},
        },
    }


def _edge_color(rel_type: str) -> str:
    if rel_type in RELS:
        return RELS[rel_type].color
    return SYNERGY_COLOR if rel_type == SYNERGY_TYPE else OTHER_COLOR


def _payload(data: NetworkData) -> dict[str, Any]:
    """The page's data: vis-network node/edge options built with pyvis, plus legend info."""
    ids = {n.id for n in data.nodes}
    if len(ids) != len(data.nodes):
        raise NetworkError("two nodes share an id")
    for e in data.edges:
        if e.source not in ids or e.target not in ids:
            raise NetworkError(f"edge {e.type} {e.source!r} -> {e.target!r} has no node to draw")
    degree = dict.fromkeys(ids, 0)
    for e in data.edges:
        degree[e.source] += 1
        degree[e.target] += 1
    net = Network(directed=data.directed)
    for n in data.nodes:
        kind = NODES.get(n.kind)
        net.add_node(n.id, label=n.label or n.id,
                     shape=kind.shape if kind else "dot",
                     color=kind.color if kind else OTHER_COLOR,
                     value=degree[n.id] + 1,
                     rspKind=n.kind, rspFields=[list(f) for f in n.fields],
                     rspSource=n.source)
    for i, e in enumerate(data.edges):
        color = _edge_color(e.type)
        net.add_edge(e.source, e.target, id=f"e{i}", width=e.width,
                     color={"color": color, "highlight": color, "hover": color,
                            "inherit": False, "opacity": 0.85},
                     rspType=e.type, rspFields=[list(f) for f in e.fields],
                     rspLines=list(e.lines))
    counts = data.counts()
    node_kinds = [k.label for k in NODE_KINDS if k.label in counts]
    node_kinds += sorted({n.kind for n in data.nodes} - set(node_kinds))
    edge_types = [k.type for k in REL_KINDS if k.type in counts]
    edge_types += sorted({e.type for e in data.edges} - set(edge_types))
    legend_kinds = []
    for name in node_kinds:
        kind = NODES.get(name)
        shape = kind.shape if kind else "dot"
        legend_kinds.append({"name": name, "count": counts[name], "shape": shape,
                             "glyph": _GLYPHS.get(shape, "●"),
                             "color": kind.color if kind else OTHER_COLOR})
    legend_types = [{"name": t, "count": counts[t], "color": _edge_color(t)}
                    for t in edge_types]
    return {"description": data.description, "directed": data.directed,
            "nodes": net.nodes, "edges": net.edges, "kinds": legend_kinds,
            "types": legend_types, "options": _options(data)}


def render_html(data: NetworkData, *, title: str = DEFAULT_TITLE) -> str:
    """The whole page as one HTML string that needs no network."""
    vis_js = _inline_script(_vis_asset("vis-network.min.js"))
    vis_css = _vis_asset("vis-network.css")
    app_js = _inline_script(_own_asset("network.js"))
    app_css = _own_asset("network.css")
    csp = ("default-src 'none'; "
           f"script-src {_sha256(vis_js)} {_sha256(app_js)}; "
           "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")
    heading = html.escape(title)
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{heading}</title>",
        f"<style>{vis_css}</style>",
        f"<style>{app_css}</style>",
        "</head>",
        "<body>",
        '<header><h1 id="rsp-title">' + heading + '</h1><p id="rsp-summary"></p></header>',
        "<main>",
        '<aside id="rsp-panel">',
        '<label for="rsp-search">Find a node</label>',
        '<div class="rsp-search-row"><input id="rsp-search" type="search" list="rsp-names" '
        'autocomplete="off" placeholder="Name, then Enter">'
        '<button id="rsp-search-go" type="button">Find</button></div>',
        '<datalist id="rsp-names"></datalist>',
        '<p id="rsp-search-status" role="status" aria-live="polite"></p>',
        '<fieldset id="rsp-kinds"><legend>Node kinds</legend></fieldset>',
        '<fieldset id="rsp-types"><legend>Relationship types</legend></fieldset>',
        '<section id="rsp-details" aria-live="polite"><h2>Details</h2>'
        "<p class=\"rsp-hint\">Click a node or a relationship.</p></section>",
        "</aside>",
        '<div id="rsp-stage"><div id="rsp-network"></div>'
        '<div id="rsp-progress" role="status">Laying out the network…</div></div>',
        "</main>",
        f'<script type="application/json" id="rsp-data">{script_json(_payload(data))}</script>',
        f"<script>{vis_js}</script>",
        f"<script>{app_js}</script>",
        "</body>",
        "</html>",
        "",
    ])


def write_html(data: NetworkData, path: Path, *, title: str = DEFAULT_TITLE) -> Path:
    """Write the page to ``path`` (UTF-8) and return it."""
    page = render_html(data, title=title)
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise NetworkError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path
