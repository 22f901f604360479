"""Getting data out: the graph as the loader's spreadsheets (one per dataset, a round trip
through ``rsp load``) or as one graph file for Gephi, yEd and scripts.

The graph is read with the statements :mod:`graph.statements` generates from the schema;
:mod:`loaders.export` selects and writes (pure: records in, files out). Contact persons,
their relationships and personal properties stay out unless asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph.errors import NotFoundError
from graph.schema import NODE_KINDS, REL_KINDS
from graph.statements import match_nodes, match_rel_pairs
from graph.store import Store
from loaders.export import (
    FORMATS,
    GRAPH_FORMATS,
    ExportError,
    LeftOut,
    NodeRecord,
    Records,
    RelRecord,
    Written,
    dataset_names,
    neighbourhood,
    of_dataset,
    without_personal,
    write_export,
)
from usecases.data import ensure_empty_folder


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote, and what it left out."""

    written: Written
    #: Contact persons, their relationships and personal values left out (None: included).
    left_out: LeftOut | None
    description: str


def read_records(store: Store) -> Records:
    """Every node and relationship of the graph's kinds with its stored properties (the
    load history is not among them)."""
    records = Records()
    for kind in NODE_KINDS:
        names = [p.name for p in kind.stored_props]
        for (props,) in store.execute(match_nodes(kind)).rows:
            records.nodes.append(NodeRecord(kind.label, {n: props.get(n) for n in names}))
    for rel in REL_KINDS:
        names = [p.name for p in rel.value_props]
        for source, target in rel.endpoint_pairs:
            for a, b, props in store.execute(match_rel_pairs(rel, source, target)).rows:
                records.rels.append(RelRecord(rel.type, source, target, str(a), str(b),
                                              {n: props.get(n) for n in names}))
    return records


def export(store: Store, directory: Path, *, fmt: str = "csv", dataset: str | None = None,
           region: str | None = None, depth: int = 1, include_contacts: bool = False,
           force: bool = False) -> ExportSummary:
    """Write the graph (or dataset ``dataset``'s records, or those within ``depth``
    relationships of the region with id ``region``) into ``directory`` as ``fmt``.

    The folder must be empty unless ``force``. Spreadsheets (``csv``, ``xlsx``) hold one
    dataset each and load back into the same graph; with ``dataset`` the graph formats also
    keep the nodes at the far end of the dataset's relationships.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    ensure_empty_folder(directory, force=force)
    records = read_records(store)
    if dataset is not None:
        known = dataset_names(records)
        if dataset not in known:
            raise NotFoundError(f"no dataset {dataset!r} in the graph; its datasets: "
                                + (", ".join(known) or "none (the graph is empty)"))
    left_out = None
    if not include_contacts:
        records, left_out = without_personal(records)
    parts = []
    if dataset is not None:
        parts.append(f"the records of dataset {dataset!r}")
    if region is not None:
        if region not in {n.id for n in records.nodes if n.label == "Region"}:
            raise NotFoundError(f"no region with id {region!r} (see 'rsp regions' for the ids)")
        records = neighbourhood(records, region, depth)
        hops = "relationship" if depth == 1 else "relationships"
        parts.append(f"{'the records ' if dataset is None else ''}within {depth} {hops} of "
                     f"{region}")
    if dataset is not None:
        records = of_dataset(records, dataset, with_ends=fmt in GRAPH_FORMATS)
    description = " ".join(parts) or "the whole graph"
    written = write_export(records, directory, fmt, personal=include_contacts,
                           description=description, dataset=dataset)
    return ExportSummary(written, left_out, description)
