"""The interactive network page: one self-contained HTML file, drawn by vis-network (pyvis).

It formats what :mod:`usecases.network` returns (:class:`NetworkData`): :func:`render_html`
/ :func:`write_html` make the page. Positions come from the use case, so the page draws at
once and needs no physics (a hand-made :class:`NetworkData` without positions is laid out
by vis-network's physics instead). Styling is decided here: colours and shapes by kind,
member regions bold and dark, other regions pale, label sizes by importance (vis-network
hides a label whose on-screen size falls below a threshold, so zooming in shows more),
faint lines to hubs, synergy lines as wide as their score and dashed for pairs that already
work together. The page's script (``views/assets/network.js``) adds focus, filters, search,
the view in the URL fragment and the PNG export.

The page needs no network at all: vis-network's JavaScript and CSS are read from the
installed pyvis package and inlined, together with the page's own script and style from
``views/assets/``; a Content-Security-Policy forbids loading anything else.

Safety: every string from the data travels as JSON inside a non-executed
``<script type="application/json">`` block with ``<``, ``>``, ``&``, U+2028 and U+2029
escaped, and the page's script turns it into text nodes only (``textContent``, tooltips as
DOM elements); no data string is ever parsed as HTML.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pyvis.network import Network

from graph.schema import NODE_KINDS, NODES, REL_KINDS, RELS
from graph.values import text
from usecases.network import (
    ALWAYS,
    ARA,
    CANVAS,
    FACETS,
    LABEL_PX,
    LABEL_WRAP_PX,
    MEMBER,
    NOT_ARA,
    NOT_MEMBER,
    OVERVIEW,
    SYNERGY_TYPE,
    UNVERIFIED,
    VERIFIED,
    ZOOMED,
    NetworkData,
    NetworkError,
    NetworkNode,
    units_per_px,
)

DEFAULT_TITLE = "Regional Skills Partnership: network"
SYNERGY_TITLE = "Regional Skills Partnership: region synergies"

SYNERGY_COLOR = "#2f9e44"
OTHER_COLOR = "#9aa5b1"
#: Line colours of the synergy view by strength (the bands of ``rsp synergies``).
STRENGTH_COLORS = {"strong": "#1b6e35", "moderate": "#3fa25a", "weak": "#9fd4a8"}
#: Member regions: the Region colour, a dark border; the others: pale, grey label.
MEMBER_STYLE = {"background": NODES["Region"].color, "border": "#0b3558", "font": "#102a43"}
OTHER_STYLE = {"background": "#bcd3e8", "border": "#7c9bb8", "font": "#52606d"}
CENTRE_HALO = "#f59f00"
HUB_BORDER = "#7b341e"

#: Label sizes in pixels by importance: the layouts are made in pixels of the opening zoom
#: (the picture fitted to a drawing area of about :data:`CANVAS`) and keep labels of these
#: sizes apart. vis-network fades a label smaller on screen than LABEL_HIDE_BELOW pixels and
#: drops it below LABEL_HIDE_BELOW - 1, so ZOOMED labels appear when one zooms in; no label
#: grows beyond LABEL_MAX pixels.
FONT_PX = LABEL_PX
LABEL_HIDE_BELOW = 8
LABEL_MAX = 18
EDGE_LABEL_PX = 12.0

#: Filter names as the page titles them, and the order of their values.
FACET_TITLES = {"country": "Country", "partnership": "Partnership", "ara": "ARA",
                "theme": "Challenge theme", "verified": "Verified"}
FACET_ORDER = {"partnership": (MEMBER, NOT_MEMBER), "ara": (ARA, NOT_ARA),
               "verified": (VERIFIED, UNVERIFIED)}

#: The vis-network build shipped inside the pyvis package.
VIS_DIR = ("templates", "lib", "vis-9.1.2")

#: Shapes with the label inside (box, ellipse) grow with their label and hide it badly when
#: zoomed out: the page draws them as shapes with the label below.
_OUTSIDE = {"box": "triangleDown", "ellipse": "dot"}
_SHAPE_OF = {"Course": "triangleDown", "ActionPoint": "square", "Milestone": "diamond",
             "Skill": "dot"}
_GLYPHS = {"dot": "●", "star": "★", "triangle": "▲", "square": "■", "diamond": "◆",
           "hexagon": "⬢", "box": "▬", "ellipse": "⬬", "triangleDown": "▼"}


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


def _placed(data: NetworkData) -> bool:
    return bool(data.nodes) and all(n.x is not None and n.y is not None for n in data.nodes)


def _options(data: NetworkData, scale: Scale) -> dict[str, Any]:
    n = len(data.nodes)
    placed = _placed(data)
    edges: dict[str, Any] = {"selectionWidth": 2, "hoverWidth": 1.5,
                             "smooth": False}
    if data.directed:
        edges["arrows"] = {"to": {"enabled": True, "scaleFactor": 0.45}}
    if not placed and data.directed:
        edges["smooth"] = {"type": "continuous"}
    options: dict[str, Any] = {
        "autoResize": True,
        "height": "100%",
        "width": "100%",
        "layout": {"improvedLayout": not placed and n <= 150, "randomSeed": 7},
        "nodes": {"font": {"size": FONT_PX[ZOOMED], "face": "system-ui, sans-serif",
                           "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "scaling": {"label": {"enabled": False, "drawThreshold": LABEL_HIDE_BELOW,
                                        "maxVisible": LABEL_MAX}},
                  # vis-network draws node borders in screen pixels.
                  "borderWidth": 1, "borderWidthSelected": 3,
                  "widthConstraint": {"maximum": LABEL_WRAP_PX}},
        "edges": edges,
        "interaction": {"hover": True, "tooltipDelay": 120, "keyboard": False,
                        "hideEdgesOnDrag": n > 500, "navigationButtons": False,
                        "multiselect": False},
    }
    if placed:
        options["physics"] = {"enabled": False}
    else:
        iterations = max(100, min(1000, 150_000 // max(n, 1)))
        options["physics"] = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "centralGravity": 0.01,
                                 "springLength": 110 if data.directed else 220,
                                 "springConstant": 0.08, "avoidOverlap": 0.4},
            "minVelocity": 1,
            "stabilization": {"enabled": True, "iterations": iterations,
                              "updateInterval": 20, "fit": True},
        }
    return options


def _edge_color(rel_type: str, strength: str = "") -> str:
    if rel_type in RELS:
        return RELS[rel_type].color
    if rel_type == SYNERGY_TYPE:
        return STRENGTH_COLORS.get(strength, SYNERGY_COLOR)
    return OTHER_COLOR


def _shown(fields: tuple[tuple[str, Any], ...]) -> list[list[str]]:
    """Tooltip rows as the one formatter writes their values."""
    return [[name, text(value)] for name, value in fields]


def _shape(kind: str) -> str:
    found = NODES.get(kind)
    if kind in _SHAPE_OF:
        return _SHAPE_OF[kind]
    shape = found.shape if found else "dot"
    return _OUTSIDE.get(shape, shape)


@dataclass(frozen=True)
class Scale:
    """How the page's units relate to screen pixels. The layouts are made in pixels of the
    opening zoom (for a drawing area of :data:`CANVAS`) and keep labels of those sizes apart;
    a picture too big for it is shrunk to fit (``px`` units per screen pixel, above 1), so its
    labels shrink too and the smaller ones show only when zoomed in, except the always shown
    ones, which grow by ``px`` to stay readable, as do symbols and lines.
    ``size_min``/``size_max``: node radii in pixels that fit the density of the picture."""

    px: float = 1.0
    size_min: float = 6.0
    size_max: float = 16.0

    def always(self, pixels: float) -> float:
        return round(pixels * max(self.px, 1.0), 2)


def scale_of(data: NetworkData) -> Scale:
    """How big a pixel is in the page's units, from the extent of the layout: the page opens
    with the picture fitted to about :data:`CANVAS`. A sparse picture gets bigger symbols.

    >>> from usecases.network import NetworkNode
    >>> wide = NetworkData(nodes=[NetworkNode("a", "A", "Region", x=0, y=0),
    ...                           NetworkNode("b", "B", "Region", x=2160, y=0)])
    >>> scale_of(wide).px
    2.2222
    """
    if not _placed(data):
        return Scale()
    xs = [float(n.x or 0) for n in data.nodes]
    ys = [float(n.y or 0) for n in data.nodes]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    px = units_per_px(max(width, 1.0), max(height, 1.0))
    spacing = math.sqrt(CANVAS[0] * CANVAS[1] / max(len(data.nodes), 1))
    size_min = min(max(0.065 * spacing, 3.5), 9.0)
    size_max = min(max(0.2 * spacing, 10.0), 22.0)
    return Scale(px=round(px, 4), size_min=size_min, size_max=size_max)


def node_size(value: float, top: float, scale: Scale | None = None) -> float:
    """A node's radius in pixels for its size value: the square root, so that the area grows
    with the value, between the scale's smallest and largest size.

    >>> node_size(1, 40), node_size(40, 40)
    (6.0, 16.0)
    """
    scale = scale or Scale()
    if top <= 1:
        return scale.size_min
    share = math.sqrt(max(value - 1, 0) / (top - 1))
    return round(scale.size_min + (scale.size_max - scale.size_min) * min(share, 1.0), 1)


def _style(n: NetworkNode, data: NetworkData, size: float, scale: Scale) -> dict[str, Any]:
    """Colour, font and size (in page units) and border (in screen pixels, as vis-network
    draws it) of a node: what sets member regions, hubs and the centre apart."""
    kind = NODES.get(n.kind)
    color = kind.color if kind else OTHER_COLOR
    border = "#ffffff"
    font_color = "#1f2933"
    font: dict[str, Any] = {"size": FONT_PX.get(n.importance, FONT_PX[ZOOMED])}
    border_width = 0.8
    if n.role == "member":
        color, border, font_color = (MEMBER_STYLE["background"], MEMBER_STYLE["border"],
                                     MEMBER_STYLE["font"])
        border_width = 2.0
        font["mod"] = "bold"
        size = max(size, scale.size_min * 1.9)
    elif n.role == "other":
        color, border, font_color = (OTHER_STYLE["background"], OTHER_STYLE["border"],
                                     OTHER_STYLE["font"])
    if n.hub:
        border, border_width = HUB_BORDER, 2.0
    if n.id == data.centre:
        border, border_width = CENTRE_HALO, 3.5
        font.update(size=FONT_PX[ALWAYS] + 2, mod="bold")
        size = max(size, scale.size_max)
    if n.importance == ALWAYS or n.id == data.centre:
        font["size"] = scale.always(font["size"])
    font.update(color=font_color, strokeWidth=3)
    return {"color": {"background": color, "border": border,
                      "highlight": {"background": color, "border": "#111827"},
                      "hover": {"background": color, "border": "#111827"}},
            "font": font, "borderWidth": border_width, "size": scale.always(size)}


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
    values = {n.id: n.size if n.size is not None else degree[n.id] + 1.0 for n in data.nodes}
    top = max(values.values(), default=1.0)
    placed = _placed(data)
    scale = scale_of(data)
    net = Network(directed=data.directed)
    for n in data.nodes:
        style = _style(n, data, node_size(values[n.id], top, scale), scale)
        extra: dict[str, Any] = {"x": n.x, "y": n.y} if placed else {}
        if n.importance == ALWAYS and scale.px > 1:
            extra["widthConstraint"] = {"maximum": scale.always(LABEL_WRAP_PX)}
        net.add_node(n.id, label=n.label or n.id, shape=_shape(n.kind),
                     color=style["color"], font=style["font"],
                     borderWidth=style["borderWidth"], size=style["size"],
                     rspKind=n.kind, rspFields=_shown(n.fields), rspSource=n.source,
                     rspFacets={name: list(v) for name, v in n.facets},
                     rspRole=n.role, rspHub=n.hub, rspImportance=n.importance,
                     rspDegree=degree[n.id], **extra)
    for i, e in enumerate(data.edges):
        color = _edge_color(e.type, e.strength)
        hub = e.style in ("hub", "faint")
        options: dict[str, Any] = {
            "id": f"e{i}", "width": scale.always(min(e.width, 0.8) if hub else e.width),
            "color": {"color": color, "highlight": color, "hover": color, "inherit": False,
                      "opacity": 0.25 if hub else 0.9 if e.type == SYNERGY_TYPE else 0.55},
            "rspType": e.type, "rspFields": _shown(e.fields), "rspLines": list(e.lines),
            "rspStyle": e.style, "rspStrength": e.strength}
        if e.style == "existing":
            options["dashes"] = [10, 7]
        if e.label:
            options["label"] = e.label
            options["font"] = {"size": EDGE_LABEL_PX, "align": "horizontal",
                               "strokeWidth": 4, "strokeColor": "#ffffff",
                               "color": "#1f2933", "face": "system-ui, sans-serif"}
        net.add_edge(e.source, e.target, **options)
    counts = data.counts()
    node_kinds = [k.label for k in NODE_KINDS if k.label in counts]
    node_kinds += sorted({n.kind for n in data.nodes} - set(node_kinds))
    edge_types = [k.type for k in REL_KINDS if k.type in counts]
    edge_types += sorted({e.type for e in data.edges} - set(edge_types))
    legend_kinds = []
    for name in node_kinds:
        kind = NODES.get(name)
        shape = _shape(name)
        legend_kinds.append({"name": name, "count": counts[name], "shape": shape,
                             "glyph": _GLYPHS.get(shape, "●"),
                             "color": kind.color if kind else OTHER_COLOR})
    legend_types = [{"name": t, "count": counts[t], "color": _edge_color(t)}
                    for t in edge_types]
    return {"description": data.description, "directed": data.directed, "view": data.view,
            "centre": data.centre, "depth": data.depth, "throughHubs": data.through_hubs,
            "notes": list(data.notes), "nodes": net.nodes, "edges": net.edges,
            "kinds": legend_kinds, "types": legend_types, "facets": _facet_choices(data),
            "legend": _legend(data, top, scale), "options": _options(data, scale),
            "px": scale.px,
            "fonts": {"focus": FONT_PX[OVERVIEW] + 1, "centre": FONT_PX[ALWAYS] + 2}}


def _facet_choices(data: NetworkData) -> list[dict[str, Any]]:
    """Every filter with the values the page's nodes have and how many nodes have each."""
    out = []
    for name, meaning in FACETS:
        counted: dict[str, int] = {}
        for n in data.nodes:
            for value in dict(n.facets).get(name, ()):
                counted[value] = counted.get(value, 0) + 1
        if not counted:
            continue
        order = FACET_ORDER.get(name)
        values = sorted(counted, key=lambda v: (order.index(v) if order and v in order
                                                else len(order or ()), v.lower()))
        out.append({"name": name, "title": FACET_TITLES.get(name, name), "meaning": meaning,
                    "values": [[v, counted[v]] for v in values]})
    return out


def _legend(data: NetworkData, top: float, scale: Scale) -> dict[str, Any]:
    """What the symbols, sizes and lines mean, for the legend of the page."""
    roles = {"member": 0, "other": 0}
    for n in data.nodes:
        if n.role in roles:
            roles[n.role] += 1
    regions = []
    if roles["member"]:
        regions.append({"text": "member region of the partnership", "count": roles["member"],
                        "color": MEMBER_STYLE["background"], "border": MEMBER_STYLE["border"],
                        "glyph": "★", "bold": True})
    if roles["other"]:
        regions.append({"text": "region outside the partnership", "count": roles["other"],
                        "color": OTHER_STYLE["background"], "border": OTHER_STYLE["border"],
                        "glyph": "★", "bold": False})
    sizes = []
    if data.size_meaning and top > 1:
        for value in sorted({1.0, max(1.0, round(top / 4)), top}):
            # Size values are counts plus one, so that nothing has size zero.
            sizes.append({"label": text(max(value - 1, 0)),
                          "size": node_size(value, top, scale)})
    lines: list[dict[str, Any]] = []
    synergy = any(e.type == SYNERGY_TYPE for e in data.edges)
    if synergy:
        for score, strength in ((20, "weak"), (50, "moderate"), (80, "strong")):
            lines.append({"label": f"score {score} ({strength})",
                          "width": round(1.0 + 11.0 * score / 100.0, 2),
                          "color": STRENGTH_COLORS[strength], "dashed": False})
        existing = sum(1 for e in data.edges if e.style == "existing")
        lines.append({"label": "dashed: the pair already works together "
                      f"({existing or 'none'} here); its score counts half", "width": 3,
                      "color": STRENGTH_COLORS["moderate"], "dashed": True})
    hubs = sum(1 for n in data.nodes if n.hub)
    if hubs:
        lines.append({"label": f"faint: a relationship with one of the {hubs} hubs "
                      "(EU bodies, networks)", "width": 1, "color": OTHER_COLOR,
                      "dashed": False, "faint": True})
    return {"regions": regions, "sizeMeaning": data.size_meaning, "sizes": sizes,
            "apart": data.apart,
            "lines": lines, "synergy": synergy, "hubs": hubs,
            "centre": data.centre is not None, "halo": CENTRE_HALO}


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
        '<header><div class="rsp-heading"><h1 id="rsp-title">' + heading + "</h1>"
        '<p id="rsp-summary"></p></div>'
        '<div class="rsp-actions">'
        '<button id="rsp-link" type="button" title="Copy a link that reopens this view">'
        "Link to this view</button>"
        '<button id="rsp-png" type="button" title="Download the picture as it is now">'
        "Save picture (PNG)</button></div></header>",
        "<main>",
        '<aside id="rsp-panel">',
        '<section id="rsp-find"><label for="rsp-search">Find</label>',
        '<div class="rsp-search-row"><input id="rsp-search" type="search" list="rsp-names" '
        'autocomplete="off" placeholder="Name or value, then Enter">'
        '<button id="rsp-search-go" type="button">Find</button></div>',
        '<datalist id="rsp-names"></datalist>',
        '<p id="rsp-search-status" role="status" aria-live="polite"></p>',
        '<ul id="rsp-results"></ul></section>',
        '<section id="rsp-focus"><h2>Focus</h2>'
        '<nav id="rsp-crumbs" aria-label="Focus trail"></nav>'
        '<div class="rsp-focus-row"><label for="rsp-depth">Depth</label>'
        '<select id="rsp-depth"><option value="1">1 step</option>'
        '<option value="2">2 steps</option><option value="3">3 steps</option></select>'
        '<label class="rsp-check"><input id="rsp-hubs" type="checkbox"> through hubs</label>'
        "</div>"
        '<button id="rsp-all" type="button">Show everything</button>'
        '<p class="rsp-hint" id="rsp-focus-hint">Click any node to bring its neighbourhood '
        "forward.</p></section>",
        '<section id="rsp-legend"><h2>Reading the picture</h2></section>',
        '<fieldset id="rsp-filters"><legend>Show only</legend></fieldset>',
        '<fieldset id="rsp-kinds"><legend>Node kinds</legend></fieldset>',
        '<fieldset id="rsp-types"><legend>Relationship types</legend></fieldset>',
        '<section id="rsp-details" aria-live="polite"><h2>Details</h2>'
        "<p class=\"rsp-hint\">Click a node or a relationship.</p></section>",
        "</aside>",
        '<div id="rsp-stage"><div id="rsp-notes" role="note" hidden></div>'
        '<div id="rsp-network"></div>'
        '<div id="rsp-progress" role="status">Drawing the network…</div></div>',
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
