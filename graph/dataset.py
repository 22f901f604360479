"""A validated dataset in memory: typed node and relationship rows, grouped for bulk writes.

Rows are kept column by column (Arrow tables, one per node kind and per relationship
type with its two end kinds), so a load of a million rows never builds a million Python
objects: the embedded store copies them into the database as they are, and a row is
made a Python dict only where one is needed (:meth:`Dataset.node_groups` for the Neo4j
store, a change to report).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

import pyarrow as pa
import pyarrow.compute as pc

from graph.schema import DATASETS, NodeKind, Prop, RelKind, node_kind, rel_kind

Row = dict[str, Any]
#: (relationship type, source label, target label): each group is one bulk statement.
RelGroup = tuple[str, str, str]
GroupKey = str | RelGroup

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
    "date": pa.date32(), "list": pa.list_(pa.string()),
}


def arrow_type(prop: Prop) -> pa.DataType:
    return ARROW_TYPES[prop.type]


def arrow_schema(props: Sequence[Prop]) -> pa.Schema:
    return pa.schema([(p.name, arrow_type(p)) for p in props])


def kind_of(key: GroupKey) -> NodeKind | RelKind:
    return node_kind(key) if isinstance(key, str) else rel_kind(key[0])


def empty_table(kind: NodeKind | RelKind, *, stored: bool = False) -> pa.Table:
    return arrow_schema(kind.stored_props if stored else kind.all_props).empty_table()


@dataclass
class Group:
    """The rows of one node kind or relationship group: typed columns, in file order, with
    the file (or sheet) and row each came from."""

    table: pa.Table
    origin: str
    numbers: pa.Array

    def locate(self, column: str, value: str, other: tuple[str, str] | None = None
               ) -> int | None:
        """The spreadsheet row of the first row whose ``column`` is ``value`` (and, for a
        relationship, whose ``other[0]`` column is ``other[1]``)."""
        mask = pc.equal(self.table.column(column), value)
        if other is not None:
            mask = pc.and_(mask, pc.equal(self.table.column(other[0]), other[1]))
        found = pc.index(mask, True).as_py()
        return None if found is None or found < 0 else int(self.numbers[found].as_py())


class Keys(Sequence[str]):
    """The keys of many records (node ids, or ``from -> to``), made text only when read."""

    def __init__(self, first: pa.Array, second: pa.Array | None = None):
        self.first = first
        self.second = second

    def __len__(self) -> int:
        return len(self.first)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return list(self)[index]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        a = str(self.first[index].as_py())
        return a if self.second is None else f"{a} -> {self.second[index].as_py()}"

    def __iter__(self) -> Iterator[str]:
        step = 10_000  # a slice at a time: reading the first few makes only those
        for start in range(0, len(self.first), step):
            first = self.first.slice(start, step).to_pylist()
            if self.second is None:
                yield from (str(v) for v in first)
            else:
                second = self.second.slice(start, step).to_pylist()
                yield from (f"{a} -> {b}" for a, b in zip(first, second, strict=True))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        return f"Keys({list(self)!r})"


@dataclass
class Dataset:
    """Rows ready to write: every value typed, every reference resolved to its node kind."""

    node_tables: dict[str, Group] = field(default_factory=dict)
    rel_tables: dict[RelGroup, Group] = field(default_factory=dict)
    #: Set by a sync (:mod:`loaders.sync`): records to delete, kept records whose
    #: ``datasets`` shrink (``{"id" | "from","to", "datasets"}`` rows by kind and ends),
    #: and the history record of this load.
    delete_nodes: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    delete_rels: dict[RelGroup, list[Row]] = field(default_factory=lambda: defaultdict(list))
    release_nodes: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    release_rels: dict[RelGroup, list[Row]] = field(default_factory=lambda: defaultdict(list))
    history: Row | None = None
    #: Set by a sync: per group, the rows new to the graph (an Arrow table of every stored
    #: property, ``datasets`` included: the embedded store copies it in bulk) and the rows
    #: that exist and differ (row dicts, written by MERGE). Rows in neither are in the
    #: graph already, exactly so. None before a sync: then every row is to be written.
    new_rows: dict[GroupKey, pa.Table] | None = None
    changed_rows: dict[GroupKey, list[Row]] | None = None
    #: SHA-256 of the files read (see ``loaders.sync.checksum``), once a load computed it.
    checksum: str | None = None
    #: Set by a load that has no use for the rows once written (``loaders.load``): a bulk
    #: load then lets each group's rows go as soon as the engine has copied them
    #: (:meth:`let_go`), so a million rows are not held through the rest of the load.
    disposable: bool = False
    #: Row counts of the groups let go, so :meth:`counts` and :attr:`size` still tell them.
    _let_go: dict[GroupKey, int] = field(default_factory=dict, repr=False)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def add_group(self, key: GroupKey, table: pa.Table, origin: str,
                  numbers: pa.Array) -> None:
        group = Group(table, origin, numbers)
        if isinstance(key, str):
            self.node_tables[key] = group
        else:
            self.rel_tables[key] = group
        self._cache.clear()

    def groups(self) -> Iterator[tuple[GroupKey, Group]]:
        yield from self.node_tables.items()
        yield from self.rel_tables.items()

    def set_datasets(self, key: GroupKey, column: pa.Array) -> None:
        """Give a group's rows their ``datasets`` (what the sync decided)."""
        group = self.node_tables[key] if isinstance(key, str) else self.rel_tables[key]
        table = group.table
        if DATASETS in table.column_names:
            table = table.drop_columns([DATASETS])
        group.table = table.append_column(pa.field(DATASETS, column.type), column)
        self._cache.clear()

    # -- rows as dicts, made on demand ---------------------------------------------------

    @property
    def nodes(self) -> dict[str, list[Row]]:
        """Every node row by label, as dicts (made when first asked for)."""
        if "nodes" not in self._cache:
            out: dict[str, list[Row]] = defaultdict(list)
            for label, group in self.node_tables.items():
                out[label] = _rows(group.table)
            self._cache["nodes"] = out
        return self._cache["nodes"]  # type: ignore[no-any-return]

    @property
    def rels(self) -> dict[RelGroup, list[Row]]:
        """Every relationship row by group, as dicts (made when first asked for)."""
        if "rels" not in self._cache:
            out: dict[RelGroup, list[Row]] = defaultdict(list)
            for key, group in self.rel_tables.items():
                out[key] = _rows(group.table)
            self._cache["rels"] = out
        return self._cache["rels"]  # type: ignore[no-any-return]

    def locate(self, key: object) -> tuple[str, int] | None:
        """Where a record was read: ``(file or sheet, row)`` by node id or by
        ``(type, from, to)``, so a conflict can name the cell."""
        if isinstance(key, str):
            for group in self.node_tables.values():
                row = group.locate("id", key)
                if row is not None:
                    return group.origin, row
            return None
        if isinstance(key, tuple) and len(key) == 3:
            for (rel_type, _s, _t), group in self.rel_tables.items():
                if rel_type == key[0]:
                    row = group.locate("from", key[1], ("to", key[2]))
                    if row is not None:
                        return group.origin, row
        return None

    def let_go(self, key: GroupKey) -> None:
        """Drop a written group's rows (its table, and its new rows after a sync), keeping
        how many there were. Only for a :attr:`disposable` dataset: its rows are not
        read again."""
        group = self.node_tables[key] if isinstance(key, str) else self.rel_tables[key]
        self._let_go[key] = self._let_go.get(key, group.table.num_rows)
        group.table = group.table.schema.empty_table()
        group.numbers = group.numbers[:0]
        if self.new_rows is not None:
            self.new_rows.pop(key, None)
        self._cache.clear()

    def _rows_of(self, key: GroupKey, group: Group) -> int:
        return int(self._let_go.get(key, group.table.num_rows))

    def counts(self) -> dict[str, int]:
        """Rows per node label and relationship type, the shape ``rsp stats`` reports."""
        out: dict[str, int] = defaultdict(int)
        for label, group in self.node_tables.items():
            out[label] += self._rows_of(label, group)
        for key, group in self.rel_tables.items():
            out[key[0]] += self._rows_of(key, group)
        return dict(out)

    @property
    def size(self) -> int:
        return sum(self._rows_of(k, g) for k, g in self.groups())

    def node_groups(self) -> Iterator[tuple[str, list[Row]]]:
        """Node rows to write by label: every row, or after a sync only the rows that are
        new or differ (the others are in the graph already, exactly so)."""
        for label, group in self.node_tables.items():
            rows = self._to_write(label, group)
            if rows:
                yield label, rows

    def rel_groups(self) -> Iterator[tuple[RelGroup, list[Row]]]:
        """Relationship rows to write by group (as :meth:`node_groups`)."""
        for key, group in self.rel_tables.items():
            rows = self._to_write(key, group)
            if rows:
                yield key, rows

    def _to_write(self, key: GroupKey, group: Group) -> list[Row]:
        if self.new_rows is None or self.changed_rows is None:
            return _rows(group.table)
        new = self.new_rows.get(key)
        return (_rows(new) if new is not None else []) + self.changed_rows.get(key, [])


def _rows(table: pa.Table) -> list[Row]:
    rows: list[Row] = table.to_pylist()
    return rows

