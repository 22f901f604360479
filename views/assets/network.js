// The network page of rsp-graph (views/network.py inlines this file).
// Every string from the data is put into the page with textContent or as a property of a
// DOM element (never innerHTML), so a name that looks like HTML markup stays plain text.
//
// What the page keeps in its URL fragment (#focus=...&depth=...): the focused node, the
// depth, whether the neighbourhood goes through hubs, the hidden kinds and relationship
// types, the filters and the search text; a link to the same file reopens the same view.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("rsp-data").textContent);
  const byIdEl = (id) => document.getElementById(id);
  const container = byIdEl("rsp-network");
  const progress = byIdEl("rsp-progress");
  const search = byIdEl("rsp-search");
  const status = byIdEl("rsp-search-status");
  const results = byIdEl("rsp-results");
  const details = byIdEl("rsp-details");
  const summary = byIdEl("rsp-summary");
  const LINK_FIELDS = new Set(["source", "url", "website"]);
  const TOOLTIP_REASONS = 4;
  const HALO = data.legend.halo;
  const DIM_NODE = 0.13;
  const DIM_EDGE = 0.05;
  const MAX_DEPTH = 3;
  const MAX_RESULTS = 12;
  // Rings around a focus are ellipses this much wider than high (screens are wide).
  const ASPECT = 1.45;
  const STRETCH = Math.sqrt((ASPECT * ASPECT + 1) / 2);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // A link only for an absolute http(s) URL, built from a parsed URL; anything else is text.
  function valueNode(name, value) {
    if (LINK_FIELDS.has(name) && /^https?:\/\//i.test(value)) {
      let url = null;
      try { url = new URL(value); } catch (e) { url = null; }
      if (url && (url.protocol === "http:" || url.protocol === "https:")) {
        const a = el("a", "rsp-link", value);
        a.href = url.href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        return a;
      }
    }
    return el("span", null, value);
  }

  function fieldTable(rows, links) {
    const table = el("table", "rsp-fields");
    for (const [name, value] of rows) {
      const tr = el("tr");
      tr.appendChild(el("th", null, name));
      const td = el("td");
      td.appendChild(links ? valueNode(name, value) : el("span", null, value));
      tr.appendChild(td);
      table.appendChild(tr);
    }
    return table;
  }

  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const adjacency = new Map(data.nodes.map((n) => [n.id, []]));
  for (const e of data.edges) {
    adjacency.get(e.from).push(e);
    adjacency.get(e.to).push(e);
  }
  const kindNames = new Set(data.kinds.map((k) => k.name));
  const typeNames = new Set(data.types.map((t) => t.name));
  const roleNames = { member: "member region", other: "region outside the partnership" };

  function sourceRow(value, links) {
    const src = el("div", "rsp-tip-source");
    src.appendChild(el("span", "rsp-tip-key", "source: "));
    src.appendChild(links ? valueNode("source", value) : el("span", null, value));
    return src;
  }

  function nodeBox(n, links) {
    const box = el("div", "rsp-tip");
    const head = el("div", "rsp-tip-head");
    head.appendChild(el("strong", "rsp-tip-label", n.label));
    head.appendChild(el("span", "rsp-tip-kind", roleNames[n.rspRole] || n.rspKind));
    if (n.rspHub) head.appendChild(el("span", "rsp-tip-hub", "hub"));
    box.appendChild(head);
    box.appendChild(fieldTable(n.rspFields, links));
    if (n.rspSource) box.appendChild(sourceRow(n.rspSource, links));
    if (!links) box.appendChild(el("div", "rsp-tip-hint", "Click to focus on it"));
    return box;
  }

  function edgeBox(e, links) {
    const box = el("div", "rsp-tip");
    const head = el("div", "rsp-tip-head");
    const from = byId.get(e.from);
    const to = byId.get(e.to);
    head.appendChild(el("strong", "rsp-tip-label", from ? from.label : e.from));
    head.appendChild(el("span", "rsp-tip-kind", data.directed ? " —" + e.rspType + "→ " :
      " — " + e.rspType + " — "));
    head.appendChild(el("strong", "rsp-tip-label", to ? to.label : e.to));
    box.appendChild(head);
    box.appendChild(fieldTable(e.rspFields.filter((f) => f[0] !== "source"), links));
    if (e.rspLines.length) {
      const shown = links ? e.rspLines : e.rspLines.slice(0, TOOLTIP_REASONS);
      box.appendChild(el("div", "rsp-tip-key", links ? "evidence:" : "main reasons:"));
      const list = el("ul", "rsp-evidence");
      for (const line of shown) list.appendChild(el("li", null, line));
      box.appendChild(list);
      if (shown.length < e.rspLines.length) {
        box.appendChild(el("div", "rsp-tip-hint", "… " + (e.rspLines.length - shown.length) +
          " more: click the line for all the evidence"));
      }
    }
    const source = e.rspFields.find((f) => f[0] === "source");
    if (source) box.appendChild(sourceRow(source[1], links));
    return box;
  }

  // The style each node and edge was drawn with, to come back to after dimming.
  const baseNode = new Map(data.nodes.map((n) => [n.id, {
    font: n.font, color: n.color, borderWidth: n.borderWidth, size: n.size }]));
  const baseEdge = new Map(data.edges.map((e) => [e.id, { color: e.color, font: e.font }]));

  // vis-network shows an HTMLElement title as it is (no HTML parsing of the data).
  const nodes = new vis.DataSet(data.nodes.map((n) => Object.assign({}, n, {
    title: nodeBox(n, false), hidden: false })));
  const edges = new vis.DataSet(data.edges.map((e) => Object.assign({}, e, {
    title: edgeBox(e, false), hidden: false })));

  const plural = (n, word) => n + " " + word + (n === 1 ? "" : "s");

  // ---- the view: what is focused, filtered and searched
  const view = {
    focus: null, depth: clampDepth(data.depth || 1), hubs: !!data.throughHubs,
    kinds: new Set(), types: new Set(), facets: {}, q: "",
  };
  let trail = [];
  if (data.centre && byId.has(data.centre)) {
    view.focus = data.centre;
    trail = [data.centre];
  }

  function clampDepth(value) {
    const d = parseInt(value, 10);
    return Number.isFinite(d) ? Math.min(MAX_DEPTH, Math.max(1, d)) : 1;
  }

  function passes(n) {
    if (view.kinds.has(n.rspKind)) return false;
    for (const name of Object.keys(view.facets)) {
      const wanted = view.facets[name];
      if (wanted && !(n.rspFacets[name] || []).includes(wanted)) return false;
    }
    return true;
  }

  function visibleSets() {
    const shownNodes = new Set(data.nodes.filter(passes).map((n) => n.id));
    const shownEdges = new Set(data.edges.filter((e) => !view.types.has(e.rspType) &&
      shownNodes.has(e.from) && shownNodes.has(e.to)).map((e) => e.id));
    return { nodes: shownNodes, edges: shownEdges };
  }

  // Breadth-first from the focus over what is shown; a hub is reached but not gone through
  // (unless "through hubs" is ticked), so ARA's members do not all become neighbours.
  function neighbourhood(centre, depth, shown) {
    const dist = new Map([[centre, 0]]);
    let frontier = [centre];
    for (let d = 1; d <= depth; d++) {
      const next = [];
      for (const id of frontier) {
        if (id !== centre && byId.get(id).rspHub && !view.hubs) continue;
        for (const e of adjacency.get(id)) {
          if (!shown.edges.has(e.id)) continue;
          const other = e.from === id ? e.to : e.from;
          if (!dist.has(other)) { dist.set(other, d); next.push(other); }
        }
      }
      frontier = next;
    }
    return dist;
  }

  const state = {
    network: null, nodes: nodes, edges: edges, stabilized: false, view: view,
    near: null, shown: null, lastPng: null,
  };
  window.rspNetwork = state;

  function dimFont(font) {
    return Object.assign({}, font, { color: "rgba(82, 96, 109, 0.16)", strokeWidth: 0 });
  }

  // ---- where nodes are: as laid out, or gathered in rings around the focus
  const home = new Map(data.nodes.map((n) => [n.id, { x: n.x, y: n.y }]));
  const placed = data.nodes.length > 0 && data.nodes.every((n) =>
    typeof n.x === "number" && typeof n.y === "number");
  const kindOrder = new Map(data.kinds.map((k, i) => [k.name, i]));
  const current = new Map(home);

  // The neighbourhood around the focus, one ring per step; the first ring grouped by kind,
  // the next ones next to what links them inward (as the ego view of rsp viz --focus).
  function rings(centre, near) {
    const c = home.get(centre);
    const byDistance = new Map();
    for (const [id, d] of near) {
      if (d === 0) continue;
      if (!byDistance.has(d)) byDistance.set(d, []);
      byDistance.get(d).push(id);
    }
    const pos = new Map([[centre, c]]);
    const angle = new Map([[centre, 0]]);
    let radius = 0;
    const px = data.px;
    for (const d of Array.from(byDistance.keys()).sort((a, b) => a - b)) {
      const ring = byDistance.get(d);
      // The first ring has room for its labels; further out only members are named.
      const gap = (d === 1 ? 150 : 62) * px;
      radius = Math.max(radius + (d === 1 ? 150 : 120) * px, (ring.length * gap) /
        (2 * Math.PI * STRETCH));
      let wanted = null;
      if (d === 1) {
        ring.sort((a, b) => (kindOrder.get(byId.get(a).rspKind) - kindOrder.get(
          byId.get(b).rspKind)) || byId.get(a).label.localeCompare(byId.get(b).label));
      } else {
        wanted = new Map();
        for (const id of ring) {
          let sx = 0, sy = 0;
          for (const e of adjacency.get(id)) {
            const other = e.from === id ? e.to : e.from;
            if (angle.has(other) && near.get(other) < d) {
              sx += Math.cos(angle.get(other));
              sy += Math.sin(angle.get(other));
            }
          }
          wanted.set(id, Math.atan2(sy, sx));
        }
        ring.sort((a, b) => (wanted.get(a) - wanted.get(b)) ||
          byId.get(a).label.localeCompare(byId.get(b).label));
      }
      const step = (2 * Math.PI) / ring.length;
      let offset = -Math.PI / 2;
      if (wanted) {
        let sx = 0, sy = 0;
        ring.forEach((id, k) => {
          sx += Math.cos(wanted.get(id) - k * step);
          sy += Math.sin(wanted.get(id) - k * step);
        });
        offset = Math.atan2(sy, sx);
      }
      ring.forEach((id, k) => {
        const a = offset + k * step;
        angle.set(id, a);
        pos.set(id, { x: c.x + radius * ASPECT * Math.cos(a), y: c.y + radius * Math.sin(a) });
      });
    }
    return pos;
  }

  // Gather the neighbourhood around the focus (true), or leave the layout as it is: an ego
  // view or a synergy star is already laid out around its centre.
  function place(near) {
    if (!placed) return false;
    const own = !!near && !(view.focus === data.centre && data.view !== "graph");
    const target = own ? rings(view.focus, near) : new Map();
    const moves = [];
    for (const n of data.nodes) {
      const p = target.get(n.id) || home.get(n.id);
      const now = current.get(n.id);
      if (p.x !== now.x || p.y !== now.y) {
        moves.push({ id: n.id, x: p.x, y: p.y });
        current.set(n.id, p);
      }
    }
    if (moves.length) nodes.update(moves);
    return own;
  }

  // Redraw the view: filters hide, focus gathers the neighbourhood and dims the rest.
  function apply(options) {
    const opts = options || {};
    const shown = visibleSets();
    let near = null;
    let hint = "";
    if (view.focus && !byId.has(view.focus)) view.focus = null;
    if (view.focus && !shown.nodes.has(view.focus)) {
      hint = "“" + byId.get(view.focus).label + "” is hidden by the filters.";
    } else if (view.focus) {
      near = neighbourhood(view.focus, view.depth, shown);
    }
    state.near = near;
    state.shown = shown;
    const own = place(near);
    const hidden = data.nodes.map((n) => ({ id: n.id, hidden: !shown.nodes.has(n.id) }));
    nodes.update(hidden);
    if (opts.fit) fit(near, shown);
    // Labels in focus are as readable as at the overview, whatever the zoom now.
    const scale = state.network ? state.network.getScale() : 1 / data.px;
    const focusSize = data.fonts.focus / scale;
    const centreSize = data.fonts.centre / scale;
    const nodeUpdates = [];
    for (const n of data.nodes) {
      const base = baseNode.get(n.id);
      const update = { id: n.id, opacity: 1, shadow: false, color: base.color,
        borderWidth: base.borderWidth, font: base.font, size: base.size, rspDim: false };
      if (near && !near.has(n.id)) {
        update.opacity = DIM_NODE;
        update.font = dimFont(base.font);
        update.rspDim = true;
      } else if (near && n.id === view.focus) {
        update.font = Object.assign({}, base.font, {
          size: Math.max(base.font.size, centreSize), mod: "bold" });
        update.color = Object.assign({}, base.color, { border: HALO });
        update.borderWidth = Math.max(base.borderWidth, 4);
        if (own) update.size = base.size * 1.6;
        update.shadow = { enabled: true, color: HALO, size: 24, x: 0, y: 0 };
      } else if (near && near.get(n.id) <= 1 && own) {
        // The focus's direct neighbours are named, as readable as at the overview.
        update.font = Object.assign({}, base.font, {
          size: Math.max(base.font.size, focusSize) });
      }
      nodeUpdates.push(update);
    }
    nodes.update(nodeUpdates);
    const edgeUpdates = [];
    for (const e of data.edges) {
      const base = baseEdge.get(e.id);
      const inside = !near || (near.has(e.from) && near.has(e.to));
      const update = { id: e.id, hidden: !shown.edges.has(e.id), color: base.color,
        rspDim: !inside };
      if (!inside) {
        update.color = Object.assign({}, base.color, { opacity: DIM_EDGE });
        if (base.font) update.font = dimFont(base.font);
      } else if (near && e.rspStyle === "hub") {
        update.color = Object.assign({}, base.color, { opacity: 0.7 });
      } else if (base.font) {
        update.font = base.font;
      }
      edgeUpdates.push(update);
    }
    edges.update(edgeUpdates);
    describe(shown, near, hint);
    crumbs();
    if (opts.write) writeHash(opts.history);
  }

  // Fit what is in view; never closer than the overview's sizes (a few nodes would fill the
  // screen), a focus up to twice as close.
  function fit(near, shown) {
    if (!state.network) return;
    const ids = near ? Array.from(near.keys()) : Array.from(shown.nodes);
    if (!ids.length) return;
    state.network.fit({ nodes: ids, animation: false });
    const most = (near ? 2.2 : 1) / data.px;
    if (state.network.getScale() > most) state.network.moveTo({ scale: most });
  }

  function describe(shown, near, hint) {
    let text = plural(data.nodes.length, "node") + ", " +
      plural(data.edges.length, "relationship") +
      (data.description ? " · " + data.description : "");
    if (shown.nodes.size < data.nodes.length) text += " · " + shown.nodes.size + " shown";
    if (near) {
      text += " · focus: " + byId.get(view.focus).label + ", " +
        plural(view.depth, "step") + " (" + plural(near.size, "node") + ")";
    }
    summary.textContent = text;
    byIdEl("rsp-focus-hint").textContent = hint || (near
      ? "Dimmed: more than " + plural(view.depth, "step") + " away" +
        (view.hubs ? "." : ", or reached only through a hub.") + " Click another node to move."
      : "Click any node to bring its neighbourhood forward.");
  }

  // ---- the focus trail (a breadcrumb) and its controls
  const crumbBox = byIdEl("rsp-crumbs");
  function crumbs() {
    crumbBox.replaceChildren();
    const all = el("button", "rsp-crumb", "Everything");
    all.type = "button";
    all.addEventListener("click", () => setFocus(null));
    if (!view.focus) all.disabled = true;
    crumbBox.appendChild(all);
    for (const id of trail) {
      crumbBox.appendChild(el("span", "rsp-crumb-sep", "›"));
      const node = byId.get(id);
      const crumb = el("button", "rsp-crumb", node ? node.label : id);
      crumb.type = "button";
      crumb.dataset.node = id;
      if (id === view.focus) crumb.disabled = true;
      crumb.addEventListener("click", () => setFocus(id));
      crumbBox.appendChild(crumb);
    }
    byIdEl("rsp-all").disabled = !view.focus;
  }

  function setFocus(id) {
    if (id === view.focus) return;
    view.focus = id;
    if (id === null) {
      trail = [];
    } else {
      const at = trail.indexOf(id);
      trail = at >= 0 ? trail.slice(0, at + 1) : trail.concat([id]);
    }
    apply({ fit: true, write: true, history: true });
  }
  state.setFocus = setFocus;

  const depthBox = byIdEl("rsp-depth");
  const hubsBox = byIdEl("rsp-hubs");
  depthBox.addEventListener("change", () => {
    view.depth = clampDepth(depthBox.value);
    apply({ fit: !!view.focus, write: true });
  });
  hubsBox.addEventListener("change", () => {
    view.hubs = hubsBox.checked;
    apply({ fit: !!view.focus, write: true });
  });
  byIdEl("rsp-all").addEventListener("click", () => setFocus(null));
  if (!data.legend.hubs) hubsBox.parentElement.hidden = true;
  document.addEventListener("keydown", (event) => {
    const typing = event.target && /^(INPUT|SELECT|TEXTAREA)$/.test(event.target.tagName);
    if (event.key === "Escape" && !typing && view.focus) setFocus(null);
  });

  // ---- details panel
  function showDetails(box) {
    while (details.childNodes.length > 1) details.removeChild(details.lastChild);
    details.appendChild(box);
  }
  function clearDetails() {
    showDetails(el("p", "rsp-hint", "Click a node or a relationship."));
  }

  // ---- filters: a checkbox per node kind and relationship type, a choice per field
  function filterRow(item, hidden, glyph, kindOf) {
    const label = el("label", "rsp-filter");
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = item.name;
    box.dataset[kindOf] = item.name;
    box.addEventListener("change", () => {
      if (box.checked) hidden.delete(item.name); else hidden.add(item.name);
      apply({ write: true });
      const selected = state.network.getSelectedNodes().filter((id) => nodes.get(id).hidden);
      if (selected.length) { state.network.unselectAll(); clearDetails(); }
    });
    const mark = el("span", "rsp-glyph", glyph);
    mark.style.color = item.color;
    label.appendChild(box);
    label.appendChild(mark);
    label.appendChild(el("span", "rsp-filter-name", item.name));
    label.appendChild(el("span", "rsp-count", item.count));
    return label;
  }
  const kindsBox = byIdEl("rsp-kinds");
  for (const k of data.kinds) kindsBox.appendChild(filterRow(k, view.kinds, k.glyph, "kind"));
  const typesBox = byIdEl("rsp-types");
  for (const t of data.types) typesBox.appendChild(filterRow(t, view.types, "━", "type"));
  if (!data.types.length) typesBox.appendChild(el("p", "rsp-hint", "none"));

  const filtersBox = byIdEl("rsp-filters");
  const facetSelects = new Map();
  for (const facet of data.facets) {
    const row = el("label", "rsp-facet");
    row.title = "Show only nodes by " + facet.meaning;
    row.appendChild(el("span", "rsp-facet-name", facet.title));
    const select = el("select");
    select.dataset.facet = facet.name;
    const any = el("option", null, "all");
    any.value = "";
    select.appendChild(any);
    for (const [value, count] of facet.values) {
      const option = el("option", null, value + " (" + count + ")");
      option.value = value;
      select.appendChild(option);
    }
    select.addEventListener("change", () => {
      if (select.value) view.facets[facet.name] = select.value;
      else delete view.facets[facet.name];
      apply({ fit: true, write: true });
    });
    row.appendChild(select);
    filtersBox.appendChild(row);
    facetSelects.set(facet.name, select);
  }
  if (!data.facets.length) filtersBox.hidden = true;
  const clearFilters = el("button", "rsp-clear", "Clear filters");
  clearFilters.type = "button";
  clearFilters.addEventListener("click", () => {
    view.facets = {};
    view.kinds.clear();
    view.types.clear();
    syncControls();
    apply({ fit: true, write: true });
  });
  filtersBox.appendChild(clearFilters);

  function syncControls() {
    depthBox.value = String(view.depth);
    hubsBox.checked = view.hubs;
    for (const box of kindsBox.querySelectorAll("input[type=checkbox]")) {
      box.checked = !view.kinds.has(box.value);
    }
    for (const box of typesBox.querySelectorAll("input[type=checkbox]")) {
      box.checked = !view.types.has(box.value);
    }
    for (const [name, select] of facetSelects) select.value = view.facets[name] || "";
    search.value = view.q;
    listResults(view.q);
  }

  // ---- legend: what the symbols, sizes and lines mean
  function legend() {
    const box = byIdEl("rsp-legend");
    const L = data.legend;
    for (const r of L.regions) {
      const row = el("div", "rsp-legend-row rsp-region-style");
      row.dataset.role = r.bold ? "member" : "other";
      const glyph = el("span", "rsp-glyph", r.glyph);
      glyph.style.color = r.color;
      glyph.style.webkitTextStroke = (r.bold ? "1.5px " : "0.8px ") + r.border;
      row.appendChild(glyph);
      row.appendChild(el("span", r.bold ? "rsp-legend-text rsp-bold" : "rsp-legend-text",
        r.text));
      row.appendChild(el("span", "rsp-count", r.count));
      box.appendChild(row);
    }
    if (L.sizes.length) {
      const row = el("div", "rsp-legend-row rsp-sizes");
      row.appendChild(el("span", "rsp-legend-text", "Size: " + L.sizeMeaning));
      const samples = el("span", "rsp-size-samples");
      for (const s of L.sizes) {
        const item = el("span", "rsp-size-sample");
        const dot = el("span", "rsp-size-dot");
        const px = Math.round(s.size * 2);
        dot.style.width = px + "px";
        dot.style.height = px + "px";
        item.appendChild(dot);
        item.appendChild(el("span", "rsp-size-label", s.label));
        samples.appendChild(item);
      }
      row.appendChild(samples);
      box.appendChild(row);
    }
    if (L.synergy) {
      box.appendChild(el("p", "rsp-legend-head", "Line width = synergy score (0-100)"));
    }
    for (const line of L.lines) {
      const row = el("div", "rsp-legend-row rsp-line-row");
      const sample = el("span", "rsp-line-sample");
      sample.style.borderTopWidth = line.width + "px";
      sample.style.borderTopColor = line.color;
      sample.style.borderTopStyle = line.dashed ? "dashed" : "solid";
      if (line.faint) sample.style.opacity = "0.45";
      if (line.dashed) row.dataset.dashed = "true";
      row.appendChild(sample);
      row.appendChild(el("span", "rsp-legend-text", line.label));
      box.appendChild(row);
    }
    const notes = [];
    if (L.synergy) {
      notes.push("The number on a line: the pair's score (the higher side). Hover a line " +
        "for both sides and the main reasons; click it for all the evidence.");
    } else if (data.directed) {
      notes.push("Arrows: from the one who does something to what it concerns.");
    }
    notes.push("Names: the main ones always; zoom in (scroll) or hover for the others.");
    if (L.hubs) {
      notes.push("Hubs (dark red rim): reached, but not gone through unless “through " +
        "hubs” is ticked.");
    }
    if (L.apart) notes.push("Placed " + L.apart + ".");
    for (const text of notes) box.appendChild(el("p", "rsp-hint", text));
  }
  legend();

  // ---- notes: what this view leaves out and why
  const notesBox = byIdEl("rsp-notes");
  if (data.notes.length) {
    for (const note of data.notes) notesBox.appendChild(el("p", null, note));
    const close = el("button", "rsp-notes-close", "×");
    close.type = "button";
    close.title = "Hide the note";
    close.addEventListener("click", () => {
      notesBox.hidden = true;
      if (state.network) state.network.redraw();
    });
    notesBox.appendChild(close);
    notesBox.hidden = false;
  }

  // ---- the URL fragment: the view as a link
  let written = null;
  function hashOf() {
    const p = new URLSearchParams();
    p.set("focus", view.focus || "");
    p.set("depth", String(view.depth));
    if (view.hubs) p.set("hubs", "1");
    if (view.kinds.size) p.set("hide", Array.from(view.kinds).join(","));
    if (view.types.size) p.set("types", Array.from(view.types).join(","));
    for (const facet of data.facets) {
      if (view.facets[facet.name]) p.set(facet.name, view.facets[facet.name]);
    }
    if (view.q) p.set("q", view.q);
    return p.toString();
  }
  function writeHash(history) {
    const hash = hashOf();
    if (location.hash.replace(/^#/, "") === hash) return;
    written = hash;
    try {
      if (history) window.history.pushState(null, "", "#" + hash);
      else window.history.replaceState(null, "", "#" + hash);
    } catch (e) {
      location.replace("#" + hash);
    }
  }
  state.hash = hashOf;

  function refill(set, items) {
    set.clear();
    for (const item of items) set.add(item);
  }
  function split(value) {
    return (value || "").split(",").map((s) => s.trim()).filter(Boolean);
  }
  function readHash() {
    const raw = location.hash.replace(/^#/, "");
    if (!raw) return false;
    const p = new URLSearchParams(raw);
    const focus = p.get("focus");
    view.focus = focus && byId.has(focus) ? focus : null;
    if (focus && !byId.has(focus)) {
      status.textContent = "The link focuses on a node this page does not hold (" + focus + ").";
    }
    view.depth = clampDepth(p.get("depth") || "1");
    view.hubs = p.get("hubs") === "1";
    // The checkboxes hold these sets: they are refilled, never replaced.
    refill(view.kinds, split(p.get("hide")).filter((k) => kindNames.has(k)));
    refill(view.types, split(p.get("types")).filter((t) => typeNames.has(t)));
    view.facets = {};
    for (const facet of data.facets) {
      const value = p.get(facet.name);
      if (value && facet.values.some((v) => v[0] === value)) view.facets[facet.name] = value;
    }
    view.q = p.get("q") || "";
    trail = view.focus ? [view.focus] : [];
    syncControls();
    return true;
  }
  // The view a page opens with when its link has no fragment.
  function defaults() {
    view.focus = data.centre && byId.has(data.centre) ? data.centre : null;
    view.depth = clampDepth(data.depth || 1);
    view.hubs = !!data.throughHubs;
    refill(view.kinds, []);
    refill(view.types, []);
    view.facets = {};
    view.q = "";
    trail = view.focus ? [view.focus] : [];
    syncControls();
  }
  function fromLocation() {
    if (location.hash.replace(/^#/, "") === written) return;
    if (!readHash()) defaults();
    apply({ fit: true });
  }
  window.addEventListener("hashchange", fromLocation);
  window.addEventListener("popstate", () => { written = null; fromLocation(); });

  // ---- search: names first (exact, starting with, containing), then any field's value
  const names = byIdEl("rsp-names");
  for (const n of data.nodes) {
    const option = el("option");
    option.value = n.label;
    names.appendChild(option);
  }
  const haystack = new Map(data.nodes.map((n) => {
    const values = n.rspFields.map((f) => [f[0], String(f[1])]);
    for (const name of Object.keys(n.rspFacets)) {
      for (const v of n.rspFacets[name]) values.push([name, v]);
    }
    return [n.id, values];
  }));
  let lastQuery = null;
  let lastIndex = -1;

  function matches(query) {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const out = [];
    const seen = new Set();
    const add = (n, why) => { if (!seen.has(n.id)) { seen.add(n.id); out.push([n, why]); } };
    for (const n of data.nodes) {
      if (n.label.toLowerCase() === q || n.id.toLowerCase() === q) add(n, "");
    }
    for (const n of data.nodes) if (n.label.toLowerCase().startsWith(q)) add(n, "");
    for (const n of data.nodes) {
      if (n.label.toLowerCase().includes(q) || n.id.toLowerCase().includes(q)) add(n, "");
    }
    for (const n of data.nodes) {
      if (seen.has(n.id)) continue;
      const hit = haystack.get(n.id).find((f) => f[1].toLowerCase().includes(q));
      if (hit) add(n, hit[0] + ": " + hit[1]);
    }
    return out;
  }

  function listResults(query) {
    results.replaceChildren();
    const found = matches(query || "");
    for (const [n, why] of found.slice(0, MAX_RESULTS)) {
      const li = el("li");
      const button = el("button", "rsp-result");
      button.type = "button";
      button.dataset.node = n.id;
      button.appendChild(el("span", "rsp-result-name", n.label));
      button.appendChild(el("span", "rsp-result-kind", why ? n.rspKind + " · " + why :
        n.rspKind));
      button.addEventListener("click", () => show(n.id, "Shown: " + n.label));
      li.appendChild(button);
      results.appendChild(li);
    }
    if (found.length > MAX_RESULTS) {
      results.appendChild(el("li", "rsp-hint", "… and " + (found.length - MAX_RESULTS) +
        " more; type more of the name"));
    }
    return found;
  }

  function show(id, message) {
    const node = nodes.get(id);
    if (node.hidden) {
      status.textContent = "“" + node.label + "” is hidden: tick “" + node.rspKind +
        "” under Node kinds or clear the filters.";
      return null;
    }
    setFocus(id);
    network.selectNodes([id]);
    showDetails(nodeBox(node, true));
    if (message) status.textContent = message;
    return id;
  }

  function find(query) {
    view.q = query.trim();
    const found = listResults(query).map((m) => m[0]);
    if (!found.length) {
      status.textContent = query.trim() ? "Nothing matches “" + query.trim() + "”." : "";
      writeHash(false);
      return null;
    }
    const visible = found.filter((n) => !nodes.get(n.id).hidden);
    if (!visible.length) {
      status.textContent = "“" + found[0].label + "” is hidden: tick “" + found[0].rspKind +
        "” under Node kinds or clear the filters.";
      writeHash(false);
      return null;
    }
    lastIndex = query === lastQuery ? (lastIndex + 1) % visible.length : 0;
    lastQuery = query;
    const node = visible[lastIndex];
    const message = visible.length > 1
      ? "Match " + (lastIndex + 1) + " of " + visible.length + ": " + node.label +
        " (Enter for the next)"
      : "Found: " + node.label + " (" + node.rspKind + ")";
    if (view.focus === node.id) writeHash(false);
    show(node.id, message);
    return node.id;
  }
  state.find = find;

  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); find(search.value); }
  });
  search.addEventListener("input", () => listResults(search.value));
  search.addEventListener("change", () => {
    if (search.value !== lastQuery && byId.size) {
      const exact = data.nodes.find((n) => n.label === search.value);
      if (exact) find(search.value);
    }
  });
  byIdEl("rsp-search-go").addEventListener("click", () => find(search.value));

  // ---- sharing: a link to this view, and the picture as a PNG file (made here, offline)
  const linkButton = byIdEl("rsp-link");
  linkButton.addEventListener("click", () => {
    writeHash(false);
    const href = location.href;
    const done = () => { linkButton.textContent = "Link copied"; };
    const fail = () => {
      window.prompt("Copy this link (it opens this view of the same file):", href);
    };
    try {
      navigator.clipboard.writeText(href).then(done, fail);
    } catch (e) {
      fail();
    }
    setTimeout(() => { linkButton.textContent = "Link to this view"; }, 2500);
  });

  function fileName() {
    const focus = view.focus ? byId.get(view.focus).label : "";
    const stem = ("rsp-" + (data.view || "network") + (focus ? "-" + focus : ""))
      .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
    return (stem || "rsp-network") + ".png";
  }

  // The picture as drawn, with the title, what it shows and the colours of its kinds below.
  function picture() {
    const canvas = container.querySelector("canvas");
    const ratio = canvas.width / Math.max(canvas.clientWidth, 1);
    const foot = Math.round(46 * ratio);
    const out = document.createElement("canvas");
    out.width = canvas.width;
    out.height = canvas.height + foot;
    const ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    ctx.fillStyle = "#1f2933";
    ctx.font = "600 " + Math.round(13 * ratio) + "px system-ui, sans-serif";
    ctx.fillText(document.title, 10 * ratio, canvas.height + 18 * ratio);
    ctx.font = Math.round(12 * ratio) + "px system-ui, sans-serif";
    let x = 10 * ratio;
    const y = canvas.height + 37 * ratio;
    ctx.fillStyle = "#52606d";
    const said = summary.textContent;
    ctx.fillText(said, x, y);
    x += ctx.measureText(said).width + 14 * ratio;
    for (const k of data.kinds) {
      if (view.kinds.has(k.name) || x > out.width - 120 * ratio) continue;
      ctx.fillStyle = k.color;
      ctx.fillText(k.glyph, x, y);
      x += ctx.measureText(k.glyph).width + 3 * ratio;
      ctx.fillStyle = "#52606d";
      ctx.fillText(k.name, x, y);
      x += ctx.measureText(k.name).width + 10 * ratio;
    }
    return out.toDataURL("image/png");
  }
  state.picture = picture;

  byIdEl("rsp-png").addEventListener("click", () => {
    const url = picture();
    state.lastPng = url;
    const a = el("a");
    a.href = url;
    a.download = fileName();
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
  });

  // ---- the network: positions come with the data; physics only for hand-made data
  readHash();
  syncControls();
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  state.network = network;

  // A white background, so that the saved picture is not transparent.
  network.on("beforeDrawing", (ctx) => {
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
  });

  function ready() {
    if (state.stabilized) return;
    network.setOptions({ physics: false });
    state.stabilized = true;
    progress.hidden = true;
  }
  if (data.nodes.length === 0) {
    progress.textContent = "Nothing to show: the selection has no nodes.";
    state.stabilized = true;
  } else if (placed) {
    network.once("afterDrawing", ready);
  } else {
    progress.textContent = "Laying out the network…";
    network.on("stabilizationProgress", (p) => {
      progress.textContent = "Laying out the network… " +
        Math.round((100 * p.iterations) / Math.max(p.total, 1)) + "%";
    });
    network.once("stabilizationIterationsDone", ready);
  }
  apply({ fit: placed });

  network.on("click", (params) => {
    if (params.nodes.length) {
      const id = params.nodes[0];
      showDetails(nodeBox(nodes.get(id), true));
      setFocus(id);
      network.selectNodes([id]);
    } else if (params.edges.length) {
      showDetails(edgeBox(edges.get(params.edges[0]), true));
    } else {
      clearDetails();
    }
  });
})();
