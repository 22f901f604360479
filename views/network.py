"""The interactive network page: one self-contained HTML file, drawn by vis-network (pyvis).

It formats what :mod:`usecases.network` returns (:class:`NetworkData`): :func:`render_html`
/ :func:`write_html` make the page. The page needs no network at all: vis-network's
JavaScript and CSS are read from the installed pyvis package and inlined, together with the
page's own script and style from ``views/assets/``; a Content-Security-Policy forbids
loading anything else.

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
from importlib import resources
from pathlib import Path
from typing import Any

from pyvis.network import Network

from graph.schema import NODE_KINDS, NODES, REL_KINDS, RELS
from graph.values import text
from usecases.network import SYNERGY_TYPE, NetworkData, NetworkError

DEFAULT_TITLE = "Regional Skills Partnership: network"
SYNERGY_TITLE = "Regional Skills Partnership: region synergies"

SYNERGY_COLOR = "#2f9e44"
OTHER_COLOR = "#9aa5b1"

#: The vis-network build shipped inside the pyvis package.
VIS_DIR = ("templates", "lib", "vis-9.1.2")

_GLYPHS = {"dot": "●", "star": "★", "triangle": "▲", "square": "■", "diamond": "◆",
           "hexagon": "⬢", "box": "▬", "ellipse": "⬬"}


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


def _shown(fields: tuple[tuple[str, Any], ...]) -> list[list[str]]:
    """Tooltip rows as the one formatter writes their values."""
    return [[name, text(value)] for name, value in fields]


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
                     rspKind=n.kind, rspFields=_shown(n.fields),
                     rspSource=n.source)
    for i, e in enumerate(data.edges):
        color = _edge_color(e.type)
        net.add_edge(e.source, e.target, id=f"e{i}", width=e.width,
                     color={"color": color, "highlight": color, "hover": color,
                            "inherit": False, "opacity": 0.85},
                     rspType=e.type, rspFields=_shown(e.fields),
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
