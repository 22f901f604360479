"""A validated dataset in memory: typed node and relationship rows, grouped for bulk writes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]
#: (relationship type, source label, target label): each group is one bulk statement.
RelGroup = tuple[str, str, str]


@dataclass
class Dataset:
    """Rows ready to write: every value typed, every reference resolved to its node kind."""

    nodes: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    rels: dict[RelGroup, list[Row]] = field(default_factory=lambda: defaultdict(list))
    #: Where each record was read: ``(file or sheet, row)`` by node id or
    #: ``(type, from, to)``, so a conflict can name the cell.
    where: dict[object, tuple[str, int]] = field(default_factory=dict)
    #: Set by a sync (:mod:`loaders.sync`): records to delete, kept records whose
    #: ``datasets`` shrink (``{"id" | "from","to", "datasets"}`` rows by kind and ends),
    #: and the history record of this load.
    delete_nodes: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    delete_rels: dict[RelGroup, list[Row]] = field(default_factory=lambda: defaultdict(list))
    release_nodes: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    release_rels: dict[RelGroup, list[Row]] = field(default_factory=lambda: defaultdict(list))
    history: Row | None = None

    def add_node(self, label: str, row: Row, where: tuple[str, int] | None = None) -> None:
        self.nodes[label].append(row)
        if where:
            self.where[row["id"]] = where

    def add_rel(self, rel_type: str, source: str, target: str, row: Row,
                where: tuple[str, int] | None = None) -> None:
        self.rels[(rel_type, source, target)].append(row)
        if where:
            self.where[(rel_type, row["from"], row["to"])] = where

    def counts(self) -> dict[str, int]:
        """Rows per node label and relationship type, the shape ``rsp stats`` reports."""
        out: dict[str, int] = defaultdict(int)
        for label, rows in self.nodes.items():
            out[label] += len(rows)
        for (rel_type, _, _), rows in self.rels.items():
            out[rel_type] += len(rows)
        return dict(out)

    @property
    def size(self) -> int:
        return sum(len(r) for r in self.nodes.values()) + sum(len(r) for r in self.rels.values())

    def node_groups(self) -> Iterator[tuple[str, list[Row]]]:
        yield from ((label, rows) for label, rows in self.nodes.items() if rows)

    def rel_groups(self) -> Iterator[tuple[RelGroup, list[Row]]]:
        yield from ((group, rows) for group, rows in self.rels.items() if rows)
