// The network page of rsp-graph (views/network.py inlines this file).
// Every string from the data is put into the page with textContent or as a property of a
// DOM element (never innerHTML), so a name that looks like HTML markup stays plain text.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("rsp-data").textContent);
  const container = document.getElementById("rsp-network");
  const progress = document.getElementById("rsp-progress");
  const search = document.getElementById("rsp-search");
  const status = document.getElementById("rsp-search-status");
  const details = document.getElementById("rsp-details");
  const LINK_FIELDS = new Set(["source", "url", "website"]);

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

  function nodeBox(n, links) {
    const box = el("div", "rsp-tip");
    const head = el("div", "rsp-tip-head");
    head.appendChild(el("strong", "rsp-tip-label", n.label));
    head.appendChild(el("span", "rsp-tip-kind", n.rspKind));
    box.appendChild(head);
    box.appendChild(fieldTable(n.rspFields, links));
    if (n.rspSource) {
      const src = el("div", "rsp-tip-source");
      src.appendChild(el("span", "rsp-tip-key", "source: "));
      src.appendChild(links ? valueNode("source", n.rspSource) : el("span", null, n.rspSource));
      box.appendChild(src);
    }
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
    const rows = e.rspFields.filter((f) => f[0] !== "source");
    box.appendChild(fieldTable(rows, links));
    if (e.rspLines.length) {
      box.appendChild(el("div", "rsp-tip-key", "evidence:"));
      const list = el("ul", "rsp-evidence");
      for (const line of e.rspLines) list.appendChild(el("li", null, line));
      box.appendChild(list);
    }
    const source = e.rspFields.find((f) => f[0] === "source");
    if (source) {
      const src = el("div", "rsp-tip-source");
      src.appendChild(el("span", "rsp-tip-key", "source: "));
      src.appendChild(links ? valueNode("source", source[1]) : el("span", null, source[1]));
      box.appendChild(src);
    }
    return box;
  }

  // vis-network shows an HTMLElement title as it is (no HTML parsing of the data).
  const nodes = new vis.DataSet(data.nodes.map((n) => Object.assign({}, n, {
    title: nodeBox(n, false), hidden: false })));
  const edges = new vis.DataSet(data.edges.map((e) => Object.assign({}, e, {
    title: edgeBox(e, false), hidden: false })));

  const summary = document.getElementById("rsp-summary");
  const plural = (n, word) => n + " " + word + (n === 1 ? "" : "s");
  summary.textContent = plural(data.nodes.length, "node") + ", " +
    plural(data.edges.length, "relationship") +
    (data.description ? " · " + data.description : "");

  // ---- details panel
  function showDetails(box) {
    while (details.childNodes.length > 1) details.removeChild(details.lastChild);
    details.appendChild(box);
  }
  function clearDetails() {
    showDetails(el("p", "rsp-hint", "Click a node or a relationship."));
  }

  // ---- filters: a checkbox per node kind and per relationship type
  const hiddenKinds = new Set();
  const hiddenTypes = new Set();

  function applyFilters() {
    nodes.update(nodes.get().map((n) => ({ id: n.id, hidden: hiddenKinds.has(n.rspKind) })));
    edges.update(edges.get().map((e) => {
      const a = nodes.get(e.from);
      const b = nodes.get(e.to);
      return { id: e.id, hidden: hiddenTypes.has(e.rspType) || a.hidden || b.hidden };
    }));
    const selected = network.getSelectedNodes().filter((id) => nodes.get(id).hidden);
    if (selected.length) { network.unselectAll(); clearDetails(); }
  }

  function filterRow(item, hidden, glyph, kindOf) {
    const label = el("label", "rsp-filter");
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = item.name;
    box.dataset[kindOf] = item.name;
    box.addEventListener("change", () => {
      if (box.checked) hidden.delete(item.name); else hidden.add(item.name);
      applyFilters();
    });
    const mark = el("span", "rsp-glyph", glyph);
    mark.style.color = item.color;
    label.appendChild(box);
    label.appendChild(mark);
    label.appendChild(el("span", "rsp-filter-name", item.name));
    label.appendChild(el("span", "rsp-count", item.count));
    return label;
  }
  const kindsBox = document.getElementById("rsp-kinds");
  for (const k of data.kinds) kindsBox.appendChild(filterRow(k, hiddenKinds, k.glyph, "kind"));
  const typesBox = document.getElementById("rsp-types");
  for (const t of data.types) typesBox.appendChild(filterRow(t, hiddenTypes, "━", "type"));
  if (!data.types.length) typesBox.appendChild(el("p", "rsp-hint", "none"));

  // ---- the network: physics lays it out once, then stops
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  const state = { network: network, nodes: nodes, edges: edges, stabilized: false };
  window.rspNetwork = state;

  function stabilized() {
    if (state.stabilized) return;
    network.setOptions({ physics: false });
    state.stabilized = true;
    progress.hidden = true;
  }
  network.on("stabilizationProgress", (p) => {
    progress.textContent = "Laying out the network… " +
      Math.round((100 * p.iterations) / Math.max(p.total, 1)) + "%";
  });
  network.once("stabilizationIterationsDone", stabilized);
  if (data.nodes.length === 0) {
    progress.textContent = "Nothing to show: the selection has no nodes.";
    state.stabilized = true;
  }

  network.on("click", (params) => {
    if (params.nodes.length) showDetails(nodeBox(nodes.get(params.nodes[0]), true));
    else if (params.edges.length) showDetails(edgeBox(edges.get(params.edges[0]), true));
    else clearDetails();
  });

  // ---- search: exact name first, then names starting with, then containing the text
  const names = document.getElementById("rsp-names");
  for (const n of data.nodes) {
    const option = el("option");
    option.value = n.label;
    names.appendChild(option);
  }
  let lastQuery = null;
  let lastIndex = -1;

  function matches(query) {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const all = nodes.get();
    const exact = all.filter((n) => n.label.toLowerCase() === q || n.id.toLowerCase() === q);
    const starts = all.filter((n) => !exact.includes(n) && n.label.toLowerCase().startsWith(q));
    const rest = all.filter((n) => !exact.includes(n) && !starts.includes(n) &&
      (n.label.toLowerCase().includes(q) || n.id.toLowerCase().includes(q)));
    return exact.concat(starts, rest);
  }

  function find(query) {
    const found = matches(query);
    if (!found.length) {
      status.textContent = query.trim() ? "No node matches “" + query.trim() + "”." : "";
      return null;
    }
    const visible = found.filter((n) => !n.hidden);
    if (!visible.length) {
      status.textContent = "“" + found[0].label + "” is hidden: tick “" + found[0].rspKind +
        "” under Node kinds.";
      return null;
    }
    lastIndex = query === lastQuery ? (lastIndex + 1) % visible.length : 0;
    lastQuery = query;
    const node = visible[lastIndex];
    network.selectNodes([node.id]);
    network.focus(node.id, { scale: 1.3, animation: { duration: 400 } });
    showDetails(nodeBox(node, true));
    status.textContent = visible.length > 1
      ? "Match " + (lastIndex + 1) + " of " + visible.length + ": " + node.label +
        " (Enter for the next)"
      : "Found: " + node.label + " (" + node.rspKind + ")";
    return node.id;
  }
  state.find = find;

  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); find(search.value); }
  });
  search.addEventListener("change", () => {
    if (search.value !== lastQuery) find(search.value);
  });
  document.getElementById("rsp-search-go").addEventListener("click", () => find(search.value));
})();
