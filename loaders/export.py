"""Write the graph's records as files: the loader's own spreadsheets, or one graph file.

Pure: plain records in (:class:`Records`, which :mod:`usecases.export` reads from the
graph), files out; nothing here opens a database.

- ``csv``: ``DIR/<dataset>/<table>.csv``, one folder per dataset in the format ``rsp load``
  reads: each kind's spreadsheet columns, lists joined with ``|``, dates YYYY-MM-DD,
  ``true``/``false``, numbers written so that they read back equal, no value as an empty
  cell. A record that several datasets supply is in each of their folders; records that no
  dataset supplies (loaded before datasets were recorded) are in ``unattributed/``.
  Loading every folder as the dataset it is named after, in :attr:`Written.datasets`
  order, gives the same graph.
- ``xlsx``: ``DIR/<dataset>.xlsx``, one workbook per dataset, a sheet per table named like
  the CSV files, typed cells (a workbook keeps a CR LF line break inside a cell as LF).
- ``graphml``, ``gexf``, ``json``: one file ``DIR/rsp-graph.<ext>`` for Gephi, yEd and
  scripts: nodes with their ``kind``, ``label`` (display name) and properties, edges with
  their ``type`` and properties.

Every export also writes ``DIR/README.md`` saying what the folder holds and how to load it.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
import shlex
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import NotFoundError, RspError
from graph.schema import (
    DATASETS,
    LIST_SEPARATOR,
    NODE_KINDS,
    REL_KINDS,
    NodeKind,
    Prop,
    RelKind,
    node_kind,
    rel_kind,
)

#: The folder (and dataset name) of records that no dataset supplies.
UNATTRIBUTED = "unattributed"
SPREADSHEET_FORMATS = ("csv", "xlsx")
GRAPH_FORMATS = ("graphml", "gexf", "json")
FORMATS = (*SPREADSHEET_FORMATS, *GRAPH_FORMATS)
#: The file name (without extension) of the graph formats.
GRAPH_NAME = "rsp-graph"
README = "README.md"
#: Prefix of a property whose name a graph format keeps for itself (``kind`` -> ``prop_kind``).
RENAMED = "prop_"
#: Attribute names each graph format gives a meaning of its own, for nodes and for edges.
_RESERVED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "graphml": (frozenset({"kind", "label"}), frozenset({"type"})),
    # GEXF reads these as its own: start/end become time intervals, type the edge direction.
    "gexf": (frozenset({"kind", "label", "id", "pid", "start", "end", "viz", "spells",
                        "slices", "parents"}),
             frozenset({"type", "relationship", "label", "id", "key", "networkx_key",
                        "weight", "start", "end", "viz", "spells", "slices"})),
}
_SAFE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


class ExportError(RspError):
    """The records cannot be written as asked (a value a format cannot hold, I/O)."""


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class NodeRecord:
    """One node: its label and its stored properties (the key ``id`` among them)."""

    label: str
    props: Mapping[str, Any]

    @property
    def id(self) -> str:
        return str(self.props["id"])

    @property
    def kind(self) -> NodeKind:
        return node_kind(self.label)


@dataclass(frozen=True)
class RelRecord:
    """One relationship: its type, the labels and ids of its ends, its stored properties."""

    type: str
    source: str
    target: str
    start: str
    end: str
    props: Mapping[str, Any]

    @property
    def kind(self) -> RelKind:
        return rel_kind(self.type)


@dataclass
class Records:
    """Nodes and relationships as plain values (what an export writes)."""

    nodes: list[NodeRecord] = field(default_factory=list)
    rels: list[RelRecord] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.nodes) + len(self.rels)


def supplied_by(props: Mapping[str, Any]) -> list[str]:
    """The datasets that supply a record; ``unattributed`` when none does.

    >>> supplied_by({"datasets": ["b", "a"]}), supplied_by({"datasets": None})
    (['b', 'a'], ['unattributed'])
    """
    names = [str(name) for name in props.get(DATASETS) or []]
    return names or [UNATTRIBUTED]


def dataset_names(records: Records) -> list[str]:
    """Every dataset that supplies one of the records, sorted."""
    items: Iterable[Mapping[str, Any]] = [*(n.props for n in records.nodes),
                                          *(r.props for r in records.rels)]
    return sorted({name for props in items for name in supplied_by(props)})


# --------------------------------------------------------------------------- selection


@dataclass(frozen=True)
class LeftOut:
    """What leaving personal data out removed: contact persons (nodes of personal kinds),
    the relationships that touch them, personal property values of other records."""

    nodes: int = 0
    rels: int = 0
    props: int = 0


def without_personal(records: Records) -> tuple[Records, LeftOut]:
    """The records without personal data: no node of a personal kind (the contact
    persons), no relationship to or from one, no personal property."""
    personal = {k.label for k in NODE_KINDS if k.personal}
    nodes: list[NodeRecord] = []
    props_out = 0
    for n in records.nodes:
        if n.label in personal:
            continue
        kept, dropped = _impersonal(n.kind.stored_props, n.props)
        props_out += dropped
        nodes.append(NodeRecord(n.label, kept))
    rels: list[RelRecord] = []
    for r in records.rels:
        if r.source in personal or r.target in personal:
            continue
        kept, dropped = _impersonal(r.kind.stored_props, r.props)
        props_out += dropped
        rels.append(RelRecord(r.type, r.source, r.target, r.start, r.end, kept))
    left = LeftOut(len(records.nodes) - len(nodes), len(records.rels) - len(rels), props_out)
    return Records(nodes, rels), left


def _impersonal(props: tuple[Prop, ...], values: Mapping[str, Any]
                ) -> tuple[dict[str, Any], int]:
    personal = {p.name for p in props if p.personal}
    kept = {k: v for k, v in values.items() if k not in personal}
    return kept, sum(1 for k in personal if values.get(k) not in (None, "", []))


def neighbourhood(records: Records, centre: str, depth: int) -> Records:
    """The nodes at most ``depth`` relationships away from node ``centre`` (either
    direction) and the relationships between them."""
    if depth < 0:
        raise ExportError(f"depth must be 0 or more, not {depth}")
    if centre not in {n.id for n in records.nodes}:
        raise NotFoundError(f"no node with id {centre!r} among the records exported")
    neighbours: dict[str, set[str]] = defaultdict(set)
    for r in records.rels:
        neighbours[r.start].add(r.end)
        neighbours[r.end].add(r.start)
    distance = {centre: 0}
    queue = deque([centre])
    while queue:
        current = queue.popleft()
        if distance[current] >= depth:
            continue
        for other in sorted(neighbours[current]):
            if other not in distance:
                distance[other] = distance[current] + 1
                queue.append(other)
    return Records([n for n in records.nodes if n.id in distance],
                   [r for r in records.rels if r.start in distance and r.end in distance])


def of_dataset(records: Records, name: str, *, with_ends: bool = False) -> Records:
    """The records that dataset ``name`` supplies; ``with_ends`` adds the nodes its
    relationships need that other datasets supply (a graph file cannot draw an edge
    without its ends; a spreadsheet refers to them by id)."""
    rels = [r for r in records.rels if name in supplied_by(r.props)]
    wanted = {n.id for n in records.nodes if name in supplied_by(n.props)}
    if with_ends:
        wanted |= {end for r in rels for end in (r.start, r.end)}
    return Records([n for n in records.nodes if n.id in wanted], rels)


def by_dataset(records: Records) -> dict[str, Records]:
    """The records of each dataset (a record several datasets supply is in each)."""
    out: dict[str, Records] = defaultdict(Records)
    for n in records.nodes:
        for name in supplied_by(n.props):
            out[name].nodes.append(n)
    for r in records.rels:
        for name in supplied_by(r.props):
            out[name].rels.append(r)
    return dict(sorted(out.items()))


# --------------------------------------------------------------------------- values


def number_text(value: float) -> str:
    """A float as text that reads back as the same float: whole numbers without a decimal
    point (as people write them), others as Python's shortest exact form.

    >>> number_text(17500000000.0), number_text(0.1), number_text(1 / 3), number_text(1e-07)
    ('17500000000', '0.1', '0.3333333333333333', '1e-07')
    >>> number_text(-0.0), number_text(1e22)
    ('-0.0', '1e+22')
    """
    negative_zero = value == 0 and math.copysign(1.0, value) < 0
    if value.is_integer() and abs(value) < 1e16 and not negative_zero:
        return str(int(value))
    return repr(value)


def _as_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def cell_text(prop: Prop, value: Any) -> str:
    """A stored value as the CSV cell the loader reads back as the same value.

    >>> from graph.schema import Prop
    >>> [cell_text(Prop("x", t), v) for t, v in (("bool", False), ("list", ["SK", "ITS"]),
    ...  ("date", dt.date(2025, 3, 10)), ("float", 2.5), ("int", 4), ("string", None))]
    ['false', 'SK|ITS', '2025-03-10', '2.5', '4', '']
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if prop.type == "bool" or isinstance(value, bool):
        return "true" if value else "false"
    if prop.type == "float" or isinstance(value, float):
        return number_text(float(value))
    if prop.type == "list" or isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(cell_text(Prop("item"), item) for item in value)
    if isinstance(value, dt.date):
        return str(_as_date(value).isoformat())
    return str(value)


def _sheet_value(prop: Prop, value: Any) -> Any:
    """A stored value as a typed workbook cell (what openpyxl writes)."""
    if value is None or isinstance(value, str):
        return value
    if prop.type == "list" or isinstance(value, list | tuple):
        return cell_text(prop, value)
    if isinstance(value, dt.date):
        return _as_date(value)
    return value


def _graph_value(prop: Prop, value: Any) -> Any:
    """A stored value as a GraphML/GEXF attribute: text, number or boolean."""
    if prop.type == "list" or isinstance(value, list | tuple):
        return cell_text(prop, value)
    if isinstance(value, dt.date):
        return _as_date(value).isoformat()
    if prop.type == "bool":
        return bool(value)
    if prop.type == "int":
        return int(value)
    if prop.type == "float":
        return float(value)
    return value if isinstance(value, str | bool | int | float) else str(value)


def _json_value(prop: Prop, value: Any) -> Any:
    """A stored value for JSON: lists stay lists, dates become ISO text."""
    if isinstance(value, list | tuple):
        return [_json_value(Prop("item"), item) for item in value]
    if isinstance(value, dt.date):
        return _as_date(value).isoformat()
    return value


# --------------------------------------------------------------------------- writing


@dataclass(frozen=True)
class DatasetFiles:
    """One dataset of a spreadsheet export: its folder or workbook and what it holds."""

    name: str
    path: Path
    nodes: int
    rels: int
    #: Datasets of this export it refers to (load them first).
    after: tuple[str, ...] = ()
    #: How many ids it refers to that no dataset of this export holds (they must be in
    #: the graph it is loaded into).
    outside: int = 0

    @property
    def command(self) -> str:
        """The command that loads it, run from the export folder."""
        return f"rsp load {shlex.quote(self.path.name)} --dataset {shlex.quote(self.name)}"


@dataclass
class Written:
    """What an export wrote."""

    format: str
    directory: Path
    files: list[Path] = field(default_factory=list)
    #: Spreadsheet formats: one entry per dataset, in an order they can be loaded in.
    datasets: list[DatasetFiles] = field(default_factory=list)
    #: Datasets that refer to each other's records: no order loads them one by one.
    cyclic: list[str] = field(default_factory=list)
    nodes: int = 0
    rels: int = 0


def write_export(records: Records, directory: Path, fmt: str = "csv", *,
                 personal: bool = False, description: str = "the whole graph",
                 dataset: str | None = None) -> Written:
    """Write ``records`` into ``directory`` (created if missing) in format ``fmt``.

    ``personal`` says whether personal data was kept (then the personal columns are
    written); ``description`` says in the README what was selected; ``dataset`` writes
    only that dataset's spreadsheets (a record it shares with others is not theirs to
    write here).
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        if fmt in SPREADSHEET_FORMATS:
            written = _write_spreadsheets(records, directory, fmt, personal, dataset)
        else:
            written = _write_graph(records, directory, fmt, personal)
        readme = directory / README
        readme.write_text(readme_text(written, personal=personal, description=description),
                          encoding="utf-8")
    except OSError as exc:
        raise ExportError(f"cannot write to {directory}: {exc.strerror or exc}") from None
    written.files.append(readme)
    return written


def columns(kind: NodeKind | RelKind, personal: bool) -> list[Prop]:
    """The spreadsheet columns an export writes for ``kind`` (personal ones only if kept)."""
    return [p for p in kind.all_props if personal or not p.personal]


def _tables(records: Records) -> list[tuple[NodeKind | RelKind, list[Mapping[str, Any]]]]:
    """Each kind's rows (nodes by id, relationships by ends), kinds in schema order."""
    nodes: dict[str, list[NodeRecord]] = defaultdict(list)
    for n in records.nodes:
        nodes[n.label].append(n)
    rels: dict[str, list[RelRecord]] = defaultdict(list)
    for r in records.rels:
        rels[r.type].append(r)
    out: list[tuple[NodeKind | RelKind, list[Mapping[str, Any]]]] = []
    for kind in NODE_KINDS:
        if nodes[kind.label]:
            out.append((kind, [n.props for n in sorted(nodes[kind.label], key=_node_key)]))
    for rel in REL_KINDS:
        if rels[rel.type]:
            out.append((rel, [{**r.props, "from": r.start, "to": r.end}
                              for r in sorted(rels[rel.type], key=_rel_key)]))
    return out


def _node_key(n: NodeRecord) -> str:
    return n.id


def _rel_key(r: RelRecord) -> tuple[str, str]:
    return r.start, r.end


def _write_spreadsheets(records: Records, directory: Path, fmt: str, personal: bool,
                        dataset: str | None) -> Written:
    written = Written(fmt, directory, nodes=len(records.nodes), rels=len(records.rels))
    groups = by_dataset(records)
    if dataset is not None:
        groups = {name: g for name, g in groups.items() if name == dataset}
    order, cyclic, after, outside = load_order(groups)
    names = file_names(list(groups))
    for name in order:
        group = groups[name]
        if fmt == "csv":
            path = directory / names[name]
            written.files += _write_csv_folder(group, path, personal)
        else:
            path = directory / f"{names[name]}.xlsx"
            _write_workbook(group, path, personal, name)
            written.files.append(path)
        written.datasets.append(DatasetFiles(name, path, len(group.nodes), len(group.rels),
                                             after[name], outside[name]))
    written.cyclic = cyclic
    return written


def file_names(datasets: list[str]) -> dict[str, str]:
    """A safe, distinct file name for each dataset: the name itself where it can be one
    (so that loading the folder names the dataset right), else a cleaned copy.

    >>> file_names(["partnership", "../x", "a b", "README.md"])
    {'partnership': 'partnership', '../x': 'x', 'a b': 'a_b', 'README.md': 'README.md-2'}
    """
    taken = {README.lower()}
    out: dict[str, str] = {}
    for name in datasets:
        candidate = name
        if not _SAFE_NAME.fullmatch(name) or name.lower().endswith((".csv", ".xlsx", ".xlsm")):
            candidate = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._") or "dataset"
        base, n = candidate, 1
        while candidate.lower() in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate.lower())
        out[name] = candidate
    return out


def _write_csv_folder(records: Records, folder: Path, personal: bool) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind, rows in _tables(records):
        props = columns(kind, personal)
        path = folder / f"{kind.file}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([p.name for p in props])
            for row in rows:
                writer.writerow([cell_text(p, row.get(p.name)) for p in props])
        paths.append(path)
    return paths


def _write_workbook(records: Records, path: Path, personal: bool, name: str) -> None:
    import openpyxl  # imported here: only XLSX users pay for it
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = openpyxl.Workbook(write_only=True)
    notes = book.create_sheet("_export")
    for line in (f"Dataset {name!r}, exported by rsp export.",
                 "Each sheet is a table of the data format (rsp schema); sheets whose name "
                 "starts with '_' are notes.", f"Load it with: rsp load {path.name} "
                 f"--dataset {shlex.quote(name)}"):
        notes.append([line])
    for kind, rows in _tables(records):
        sheet = book.create_sheet(kind.file)
        props = columns(kind, personal)
        sheet.append([p.name for p in props])
        for row in rows:
            cells: list[Any] = []
            for p in props:
                value = _sheet_value(p, row.get(p.name))
                if isinstance(value, str) and value.startswith("="):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.data_type = "s"  # text, not a formula
                    value = cell
                cells.append(value)
            try:
                sheet.append(cells)
            except IllegalCharacterError:
                key = row.get("id") or f"{row.get('from')} -> {row.get('to')}"
                raise ExportError(f"{kind.name} {key!r} holds control characters, which an "
                                  ".xlsx workbook cannot; export it as CSV instead") from None
    book.save(path)


def load_order(groups: Mapping[str, Records]
               ) -> tuple[list[str], list[str], dict[str, tuple[str, ...]], dict[str, int]]:
    """An order to load the datasets in, each after those whose records it refers to.

    Returns the order, the datasets caught in a cycle of references (placed last, by
    name), the datasets each one refers to, and how many ids each refers to that no
    dataset of ``groups`` holds.
    """
    own = {name: {n.id for n in g.nodes} for name, g in groups.items()}
    suppliers: dict[str, set[str]] = defaultdict(set)
    for name, ids in own.items():
        for ident in ids:
            suppliers[ident].add(name)
    needs: dict[str, list[set[str]]] = {}
    after: dict[str, tuple[str, ...]] = {}
    outside: dict[str, int] = {}
    for name, g in groups.items():
        refs = {end for r in g.rels for end in (r.start, r.end)} - own[name]
        needs[name] = [suppliers[i] for i in refs if suppliers.get(i)]
        after[name] = tuple(sorted(set().union(*needs[name]))) if needs[name] else ()
        outside[name] = sum(1 for i in refs if not suppliers.get(i))
    order: list[str] = []
    remaining = sorted(groups)
    while remaining:
        ready = next((name for name in remaining
                      if all(s & set(order) for s in needs[name])), None)
        if ready is None:
            return order + remaining, remaining, after, outside
        order.append(ready)
        remaining.remove(ready)
    return order, [], after, outside


# --------------------------------------------------------------------------- graph files


def _display(n: NodeRecord) -> str:
    value = n.props.get(n.kind.display_prop)
    return str(value) if value not in (None, "") else n.id


def _attributes(kind: NodeKind | RelKind, values: Mapping[str, Any], reserved: frozenset[str],
                convert: Callable[[Prop, Any], Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for prop in kind.stored_props:
        if prop.name in kind.key_columns or prop.name not in values:
            continue
        value = values[prop.name]
        if value is None:
            continue  # GraphML cannot hold None: a missing value is no attribute
        name = RENAMED + prop.name if prop.name in reserved else prop.name
        out[name] = convert(prop, value)
    return out


def graph_of(records: Records, fmt: str) -> Any:
    """The records as a networkx ``MultiDiGraph`` with the attributes format ``fmt`` keeps
    (two relationships of different types may join the same two nodes)."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    nodes_reserved, edges_reserved = _RESERVED.get(fmt, (frozenset(), frozenset()))
    for n in sorted(records.nodes, key=lambda n: (n.label, n.id)):
        if fmt == "json":
            graph.add_node(n.id, kind=n.label, label=_display(n),
                           properties=_attributes(n.kind, n.props, frozenset(), _json_value))
        else:
            graph.add_node(n.id, kind=n.label, label=_display(n),
                           **_attributes(n.kind, n.props, nodes_reserved, _graph_value))
    rels = sorted(records.rels, key=lambda r: (r.type, r.start, r.end))
    for i, r in enumerate(rels):
        if fmt == "json":
            graph.add_edge(r.start, r.end, key=r.type, type=r.type,
                           properties=_attributes(r.kind, r.props, frozenset(), _json_value))
            continue
        attrs = _attributes(r.kind, r.props, edges_reserved, _graph_value)
        if fmt == "gexf":  # GEXF's edge "type" is its direction: the type is the label
            attrs.update(id=f"e{i}", label=r.type, relationship=r.type)
        else:
            attrs["type"] = r.type
        graph.add_edge(r.start, r.end, key=f"e{i}", **attrs)
    return graph


def _write_graph(records: Records, directory: Path, fmt: str, personal: bool) -> Written:
    import networkx as nx

    graph = graph_of(records, fmt)
    path = directory / f"{GRAPH_NAME}.{fmt}"
    if fmt == "graphml":
        nx.write_graphml(graph, path, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(graph, path, encoding="utf-8")
    else:
        data = nx.node_link_data(graph, source="from", target="to", edges="links")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False)
                        + "\n", encoding="utf-8")
    return Written(fmt, directory, [path], nodes=graph.number_of_nodes(),
                   rels=graph.number_of_edges())


# --------------------------------------------------------------------------- README


def readme_text(written: Written, *, personal: bool, description: str) -> str:
    """What the export folder holds and how to use it."""
    lines = ["# rsp-graph export", "",
             f"Written by `rsp export --format {written.format}` on "
             f"{dt.date.today().isoformat()}: {description}, {written.nodes} nodes and "
             f"{written.rels} relationships.", ""]
    if written.format in SPREADSHEET_FORMATS:
        what = ("a folder of CSV files" if written.format == "csv"
                else "an .xlsx workbook (a sheet per table)")
        lines += [f"One dataset per {'folder' if written.format == 'csv' else 'workbook'}, "
                  f"each {what} in the format `rsp load` reads (see `rsp schema`): lists "
                  f"separated by `{LIST_SEPARATOR}`, dates YYYY-MM-DD, true/false. A record "
                  "that several datasets supply is in each of them.", ""]
        for d in written.datasets:
            lines.append(f"- `{d.path.name}`: dataset `{d.name}`, {d.nodes} nodes, "
                         f"{d.rels} relationships")
        lines += ["", "Load it back into a database, in this order (a dataset may refer to "
                  "records of the ones before it), from this folder:", "", "```sh"]
        lines += [d.command for d in written.datasets]
        lines += ["```", ""]
        if any(d.name == UNATTRIBUTED for d in written.datasets):
            lines += [f"`{UNATTRIBUTED}` holds records that no dataset supplies (loaded "
                      "before rsp recorded datasets); loading it makes them records of a "
                      f"dataset named `{UNATTRIBUTED}`.", ""]
        outside = sum(d.outside for d in written.datasets)
        if outside:
            lines += [f"The export refers to {outside} records it does not hold (other "
                      "datasets' records): load it into a graph that has them.", ""]
        if written.cyclic:
            lines += ["Datasets " + ", ".join(f"`{c}`" for c in written.cyclic) + " refer to "
                      "each other's records: no order loads them one by one.", ""]
    else:
        lines += [f"`{GRAPH_NAME}.{written.format}`: nodes with `kind` (Region, "
                  "Organisation, ...), `label` (the display name) and their properties; "
                  "edges with `type` and their properties (lists joined with "
                  f"`{LIST_SEPARATOR}`, dates YYYY-MM-DD, missing values left out). "
                  "Open it in Gephi, yEd or NetworkX.", ""]
    if not personal:
        lines += ["Contact persons, their relationships and personal properties were left "
                  "out (`rsp export --include-contacts` includes them).", ""]
    else:
        lines += ["This export holds personal data (contact persons): share it only with "
                  "people entitled to it.", ""]
    return "\n".join(lines)
