"""Small self-contained SVG charts for the progress report: no JavaScript, nothing loaded.

Bars and lines for activity over time, and a network of regions on a circle with the
pairs between them drawn by strength.

Every text that reaches the SVG (titles, labels, tooltips) is HTML-escaped here, so
callers may pass data strings as they are. The SVG is meant to be inlined in an HTML page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from analysis.quarters import Quarter, quarter_end, quarter_label, quarter_of, quarter_range
from graph.values import number

FONT = "font-family=\"system-ui, sans-serif\""
BAR_COLOR = "#4e79a7"
LINE_COLOR = "#59a14f"
AXIS_COLOR = "#6b7280"
GRID_COLOR = "#e5e7eb"


def _ticks(top: float) -> list[float]:
    """Round y-axis ticks from 0 to at least ``top`` (at most about five).

    >>> _ticks(4), _ticks(15)
    ([0, 1, 2, 3, 4], [0, 5, 10, 15])
    """
    top = max(top, 1)
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(step, 1)
    count = math.ceil(top / step)
    return [int(i * step) if float(i * step).is_integer() else i * step
            for i in range(count + 1)]


class _Frame:
    """Plot geometry shared by the chart kinds: margins, scales, axes and x labels."""

    def __init__(self, n: int, top: float, width: int, height: int):
        self.left, self.right, self.top_m, self.bottom = 36, 12, 42, 44
        self.width, self.height = width, height
        self.n = max(n, 1)
        self.ticks = _ticks(top)
        self.ymax = self.ticks[-1] or 1
        self.plot_w = width - self.left - self.right
        self.plot_h = height - self.top_m - self.bottom
        self.slot = self.plot_w / self.n

    def x(self, i: int) -> float:
        """Centre of slot ``i``."""
        return self.left + self.slot * (i + 0.5)

    def y(self, value: float) -> float:
        return self.top_m + self.plot_h * (1 - value / self.ymax)

    def axes(self, title: str, labels: Sequence[str], sublabels: Sequence[str] | None) -> str:
        parts = [f'<text x="{self.left}" y="18" font-size="14" font-weight="600" {FONT}>'
                 f"{escape(title)}</text>"]
        for tick in self.ticks:
            y = self.y(tick)
            parts.append(f'<line x1="{self.left}" x2="{self.width - self.right}" '
                         f'y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID_COLOR}"/>')
            parts.append(f'<text x="{self.left - 6}" y="{y + 4:.1f}" font-size="10" '
                         f'text-anchor="end" fill="{AXIS_COLOR}" {FONT}>{number(tick)}</text>')
        base = self.top_m + self.plot_h
        parts.append(f'<line x1="{self.left}" x2="{self.width - self.right}" y1="{base}" '
                     f'y2="{base}" stroke="{AXIS_COLOR}"/>')
        previous = None
        for i, label in enumerate(labels):
            parts.append(f'<text x="{self.x(i):.1f}" y="{base + 14}" font-size="10" '
                         f'text-anchor="middle" fill="{AXIS_COLOR}" {FONT}>'
                         f"{escape(label)}</text>")
            sub = sublabels[i] if sublabels and i < len(sublabels) else None
            if sub and sub != previous:
                parts.append(f'<text x="{self.x(i) - self.slot / 2 + 2:.1f}" y="{base + 30}" '
                             f'font-size="10" fill="{AXIS_COLOR}" {FONT}>{escape(sub)}</text>')
            previous = sub
        return "".join(parts)

    def open(self, title: str) -> str:
        return (f'<svg class="chart" role="img" aria-label="{escape(title)}" '
                f'width="{self.width}" height="{self.height}" '
                f'viewBox="0 0 {self.width} {self.height}">'
                f"<title>{escape(title)}</title>")


def bar_chart(labels: Sequence[str], values: Sequence[float], *, title: str,
              sublabels: Sequence[str] | None = None, tooltips: Sequence[str] | None = None,
              width: int = 680, height: int = 240, color: str = BAR_COLOR) -> str:
    """A vertical bar chart as inline SVG; ``tooltips`` become each bar's ``<title>``.

    >>> svg = bar_chart(["Q1", "Q2"], [1, 3], title="Events <per> quarter")
    >>> svg.startswith("<svg") and svg.count("<rect") == 2 and "&lt;per&gt;" in svg
    True
    """
    frame = _Frame(len(labels), max(values, default=0), width, height)
    parts = [frame.open(title), frame.axes(title, labels, sublabels)]
    bar_w = max(frame.slot * 0.7, 1)
    base = frame.y(0)
    for i, value in enumerate(values):
        top = frame.y(value)
        tip = tooltips[i] if tooltips and i < len(tooltips) else f"{labels[i]}: {number(value)}"
        parts.append(f"<g><title>{escape(tip)}</title>"
                     f'<rect x="{frame.x(i) - bar_w / 2:.1f}" y="{top:.1f}" '
                     f'width="{bar_w:.1f}" height="{max(base - top, 0):.1f}" fill="{color}"/>')
        if value:
            parts.append(f'<text x="{frame.x(i):.1f}" y="{top - 3:.1f}" font-size="10" '
                         f'text-anchor="middle" {FONT}>{number(value)}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def line_chart(labels: Sequence[str], values: Sequence[float], *, title: str,
               sublabels: Sequence[str] | None = None, tooltips: Sequence[str] | None = None,
               width: int = 680, height: int = 240, color: str = LINE_COLOR) -> str:
    """A line chart with a marked point per label, as inline SVG.

    >>> svg = line_chart(["a", "b", "c"], [1, 2, 2], title="Members")
    >>> svg.count("<circle"), "<polyline" in svg
    (3, True)
    """
    frame = _Frame(len(labels), max(values, default=0), width, height)
    parts = [frame.open(title), frame.axes(title, labels, sublabels)]
    points = " ".join(f"{frame.x(i):.1f},{frame.y(v):.1f}" for i, v in enumerate(values))
    if points:
        parts.append(f'<polyline points="{points}" fill="none" stroke="{color}" '
                     'stroke-width="2"/>')
    for i, value in enumerate(values):
        tip = tooltips[i] if tooltips and i < len(tooltips) else f"{labels[i]}: {number(value)}"
        parts.append(f"<g><title>{escape(tip)}</title>"
                     f'<circle cx="{frame.x(i):.1f}" cy="{frame.y(value):.1f}" r="3.5" '
                     f'fill="{color}"/>'
                     f'<text x="{frame.x(i):.1f}" y="{frame.y(value) - 7:.1f}" font-size="10" '
                     f'text-anchor="middle" {FONT}>{number(value)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class ChartNode:
    """A node of :func:`network_chart`: ``key`` links edges to it, ``tip`` is its tooltip."""

    key: str
    label: str
    tip: str = ""


@dataclass(frozen=True)
class ChartEdge:
    """An edge of :func:`network_chart`: ``weight`` 0-100 sets its width, ``style`` one of
    :data:`EDGE_STYLES` its colour; a ``dashed`` edge is drawn dashed (what dashes mean is
    the chart's ``dashed`` legend text)."""

    a: str
    b: str
    weight: float
    style: str = "moderate"
    tip: str = ""
    dashed: bool = False


#: Edge styles: (colour, legend text).
EDGE_STYLES: dict[str, tuple[str, str]] = {
    "strong": ("#1f4e8c", "strong fit (60 or more of 100)"),
    "moderate": ("#9dbbe0", "moderate fit (35 to 59)"),
    "weak": ("#c4c9cf", "weak: a region's best fit, below 35"),
    "new": ("#1a7f37", "first met in the period"),
}
DASH = "7 4"
NODE_COLOR = "#2f3e4e"
#: Nodes are labelled on the picture up to this many of them.
LABELLED_UP_TO = 60


def circle_layout(count: int, cx: float, cy: float, radius: float
                  ) -> list[tuple[float, float, float]]:
    """``(x, y, angle)`` of ``count`` points on a circle, clockwise from the top.

    >>> [(round(x), round(y)) for x, y, _ in circle_layout(2, 0, 0, 10)]
    [(0, -10), (0, 10)]
    """
    out = []
    for i in range(count):
        angle = -math.pi / 2 + 2 * math.pi * i / max(count, 1)
        out.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle), angle))
    return out


def network_chart(nodes: Sequence[ChartNode], edges: Sequence[ChartEdge], *, title: str,
                  dashed: str = "", width: int = 900, height: int = 620) -> str:
    """Nodes on a circle (in the order given) with edges between them, as inline SVG.

    Stronger edges are wider and drawn on top; every node and edge has a ``<title>``
    tooltip, and a legend lists the edge styles used. Above :data:`LABELLED_UP_TO` nodes
    the labels would overlap: nodes then show their name as a tooltip only.

    >>> svg = network_chart([ChartNode("a", "A <1>"), ChartNode("b", "B")],
    ...                     [ChartEdge("a", "b", 70, "strong", "A-B", dashed=True)],
    ...                     title="Net", dashed="dashed: together")
    >>> svg.count("<circle"), svg.count("<line"), "A &lt;1&gt;" in svg, "together" in svg
    (2, 3, True, True)
    """
    legend_h = 26
    cx, cy = width / 2, (height - legend_h) / 2 + 10
    radius = min(width / 2 - 190, (height - legend_h) / 2 - 40)
    where = {n.key: (x, y, angle)
             for n, (x, y, angle) in zip(nodes, circle_layout(len(nodes), cx, cy, radius),
                                         strict=True)}
    parts = [f'<svg class="chart network" role="img" aria-label="{escape(title)}" '
             f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
             f"<title>{escape(title)}</title>"]
    used: list[str] = []
    any_dashed = False
    for edge in sorted(edges, key=lambda e: (e.weight, e.a, e.b)):
        if edge.a not in where or edge.b not in where:
            continue
        color, _ = EDGE_STYLES.get(edge.style, EDGE_STYLES["moderate"])
        dash = DASH if edge.dashed else ""
        any_dashed = any_dashed or edge.dashed
        if edge.style not in used:
            used.append(edge.style)
        x1, y1, _ = where[edge.a]
        x2, y2, _ = where[edge.b]
        # Width grows with the weight, steeply above 35, so strong fits stand out.
        weight = max(min(edge.weight, 100), 0)
        stroke = 1 + 5 * max(weight - 30, 0) / 40
        pattern = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f"<g><title>{escape(edge.tip)}</title>"
                     f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                     f'stroke="{color}" stroke-width="{stroke:.1f}" stroke-linecap="butt" '
                     f'opacity="0.85"{pattern}/></g>')
    labelled = len(nodes) <= LABELLED_UP_TO
    for node in nodes:
        x, y, angle = where[node.key]
        if not labelled:
            parts.append(f"<g><title>{escape(node.tip or node.label)}</title>"
                         f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{NODE_COLOR}"/></g>')
            continue
        cos = math.cos(angle)
        anchor = "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"
        lx = x + 12 * cos
        ly = y + 12 * math.sin(angle) + 4
        if anchor == "middle":
            ly += 6 if math.sin(angle) > 0 else -4
        parts.append(f"<g><title>{escape(node.tip or node.label)}</title>"
                     f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{NODE_COLOR}"/>'
                     f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="12" text-anchor="{anchor}" '
                     f"{FONT}>{escape(node.label)}</text></g>")
    x = 10.0
    base = height - 10
    legend = [(EDGE_STYLES[s][0], "", EDGE_STYLES[s][1]) for s in EDGE_STYLES if s in used]
    if any_dashed and dashed:
        legend.append((AXIS_COLOR, DASH, dashed))
    for color, dash, text in legend:
        pattern = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="{x:.1f}" y1="{base - 4}" x2="{x + 26:.1f}" y2="{base - 4}" '
                     f'stroke="{color}" stroke-width="3"{pattern}/>'
                     f'<text x="{x + 32:.1f}" y="{base}" font-size="11" fill="{AXIS_COLOR}" '
                     f"{FONT}>{escape(text)}</text>")
        x += 40 + 6.2 * len(text)
    parts.append("</svg>")
    return "".join(parts)


__all__ = ["ChartEdge", "ChartNode", "Quarter", "bar_chart", "circle_layout", "line_chart",
           "network_chart", "quarter_end", "quarter_label", "quarter_of",
           "quarter_range"]
