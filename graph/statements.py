"""Bulk-write Cypher generated from the schema, shared by both stores.

Labels and types come from the schema declaration only; every value travels in
``$rows``. The stores differ only in how a value is written (LadybugDB needs a
CAST so an all-null column keeps its declared type).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from graph.schema import (
    DATASETS,
    LOAD_RECORD,
    NODE_KINDS,
    REL_KINDS,
    NodeKind,
    Prop,
    RelKind,
    node_kind,
    rel_kind,
)
from graph.store import batches

if TYPE_CHECKING:
    from graph.dataset import Dataset

ValueOf = Callable[[Prop], str]


def plain_value(prop: Prop) -> str:
    return f"row.`{prop.name}`"


def _assign(var: str, props: tuple[Prop, ...], value: ValueOf) -> str:
    return ", ".join(f"{var}.`{p.name}` = {value(p)}" for p in props)


def node_upsert(kind: NodeKind, value: ValueOf = plain_value) -> str:
    """MERGE a batch of ``kind`` nodes on their key and set every other property."""
    (key,) = kind.key_columns
    return (f"UNWIND $rows AS row MERGE (n:{kind.label} {{{key}: row.{key}}}) "
            f"SET {_assign('n', kind.value_props, value)}")


def _rel_ends(kind: RelKind, source: str, target: str) -> str:
    """UNWIND and match both ends of a batch of ``kind`` relationships."""
    if (source, target) not in kind.endpoint_pairs:
        raise ValueError(f"{kind.type} does not go from {source} to {target}")
    # Two MATCH clauses, not one with a comma: LadybugDB runs the comma form far slower.
    return (f"UNWIND $rows AS row MATCH (a:{source} {{id: row.`from`}}) "
            f"MATCH (b:{target} {{id: row.`to`}}) ")


def rel_upsert(kind: RelKind, source: str, target: str, value: ValueOf = plain_value) -> str:
    """MERGE a batch of relationships between existing nodes, one per (from, type, to)."""
    return (_rel_ends(kind, source, target) + f"MERGE (a)-[r:{kind.type}]->(b) "
            f"SET {_assign('r', kind.value_props, value)}")


def _literal_map(props: tuple[Prop, ...], value: ValueOf) -> str:
    return ", ".join(f"`{p.name}`: {value(p)}" for p in props)


def node_create(kind: NodeKind, value: ValueOf = plain_value) -> str:
    """CREATE a batch of ``kind`` nodes known not to exist yet (cheaper than MERGE)."""
    return (f"UNWIND $rows AS row CREATE (n:{kind.label} "
            f"{{{_literal_map(kind.stored_props, value)}}})")


def rel_create(kind: RelKind, source: str, target: str, value: ValueOf = plain_value) -> str:
    """CREATE a batch of relationships known not to exist yet."""
    return (_rel_ends(kind, source, target) + f"CREATE (a)-[r:{kind.type} "
            f"{{{_literal_map(kind.value_props, value)}}}]->(b)")


def write_plan(dataset: Dataset, batch_size: int, value: ValueOf = plain_value
               ) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """(statement, batch of rows) pairs that write ``dataset``: all nodes, then relationships,
    then what a sync releases and deletes."""
    for label, rows in dataset.node_groups():
        statement = node_upsert(node_kind(label), value)
        for batch in batches(rows, batch_size):
            yield statement, list(batch)
    for (rel_type, source, target), rows in dataset.rel_groups():
        statement = rel_upsert(rel_kind(rel_type), source, target, value)
        for batch in batches(rows, batch_size):
            yield statement, list(batch)
    yield from sync_plan(dataset, batch_size, value)


def match_nodes(kind: NodeKind) -> str:
    """Every node of ``kind`` with all its properties."""
    return f"MATCH (n:{kind.label}) RETURN n"


def match_rels(kind: RelKind) -> str:
    """Every relationship of ``kind``: its two ends' keys and its properties."""
    return f"MATCH (a)-[r:{kind.type}]->(b) RETURN a.id AS a, b.id AS b, r"


def node_release(kind: NodeKind, value: ValueOf = plain_value) -> str:
    """Set the ``datasets`` of a batch of kept nodes (a dataset let go of them)."""
    (key,) = kind.key_columns
    prop = datasets_prop(kind)
    return (f"UNWIND $rows AS row MATCH (n:{kind.label} {{{key}: row.{key}}}) "
            f"SET n.`{DATASETS}` = {value(prop)}")


def rel_release(kind: RelKind, source: str, target: str, value: ValueOf = plain_value) -> str:
    """Set the ``datasets`` of a batch of kept relationships."""
    return (_rel_ends(kind, source, target) + f"MATCH (a)-[r:{kind.type}]->(b) "
            f"SET r.`{DATASETS}` = {value(datasets_prop(kind))}")


def rel_delete(kind: RelKind, source: str, target: str) -> str:
    """Delete a batch of relationships no dataset supplies any more."""
    return _rel_ends(kind, source, target) + f"MATCH (a)-[r:{kind.type}]->(b) DELETE r"


def node_delete(kind: NodeKind) -> str:
    """Delete a batch of nodes no dataset supplies and no relationship uses any more."""
    (key,) = kind.key_columns
    return (f"UNWIND $rows AS row MATCH (n:{kind.label} {{{key}: row.{key}}}) "
            "DETACH DELETE n")


def datasets_prop(kind: NodeKind | RelKind) -> Prop:
    """The schema's ``datasets`` property of ``kind`` (which datasets supply a record)."""
    return next(p for p in kind.value_props if p.name == DATASETS)


def sync_plan(dataset: Dataset, batch_size: int, value: ValueOf = plain_value
              ) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """What a sync writes besides the rows, after them: releases, then deletions
    (relationships before nodes), then the load's history record."""
    for label, rows in dataset.release_nodes.items():
        for batch in batches(rows, batch_size):
            yield node_release(node_kind(label), value), list(batch)
    for (rel_type, source, target), rows in dataset.release_rels.items():
        for batch in batches(rows, batch_size):
            yield rel_release(rel_kind(rel_type), source, target, value), list(batch)
    for (rel_type, source, target), rows in dataset.delete_rels.items():
        for batch in batches(rows, batch_size):
            yield rel_delete(rel_kind(rel_type), source, target), list(batch)
    for label, rows in dataset.delete_nodes.items():
        for batch in batches(rows, batch_size):
            yield node_delete(node_kind(label)), list(batch)
    if dataset.history is not None:
        yield node_create(LOAD_RECORD, value), [dataset.history]


def history_complete() -> str:
    """Mark a dataset's batched loads complete (``$dataset``): its last batch committed, so
    earlier interrupted loads of it are completed too (every batch is idempotent)."""
    return (f"MATCH (l:{LOAD_RECORD.label}) WHERE l.dataset = $dataset "
            "AND l.complete = false SET l.complete = true")


def match_rel_pairs(kind: RelKind, source: str, target: str) -> str:
    """Every relationship of ``kind`` from ``source`` to ``target`` nodes: ends' keys and
    properties."""
    return (f"MATCH (a:{source})-[r:{kind.type}]->(b:{target}) "
            "RETURN a.id AS a, b.id AS b, r")


def _columns(kind: NodeKind | RelKind, var: str) -> str:
    return ", ".join(f"{var}.`{p.name}` AS `{p.name}`" for p in kind.value_props)


def match_group(kind: NodeKind | RelKind, source: str | None = None,
                target: str | None = None, *, keys: bool = False, tagged: bool = False
                ) -> str:
    """The records of one node kind (or relationship group) as columns: key columns, then
    every stored property. ``keys`` keeps those whose id (for a relationship: the id at
    its ``from`` end) is in ``$ids``, ``tagged`` those whose ``datasets`` hold
    ``$dataset``; both: either."""
    if isinstance(kind, NodeKind):
        where = ["n.id IN $ids"] if keys else []
        where += [f"$dataset IN n.`{DATASETS}`"] if tagged else []
        cond = f" WHERE {' OR '.join(where)}" if where else ""
        return f"MATCH (n:{kind.label}){cond} RETURN n.id AS id, {_columns(kind, 'n')}"
    where = ["a.id IN $ids"] if keys else []
    where += [f"$dataset IN r.`{DATASETS}`"] if tagged else []
    cond = f" WHERE {' OR '.join(where)}" if where else ""
    return (f"MATCH (a:{source})-[r:{kind.type}]->(b:{target}){cond} "
            f"RETURN a.id AS `from`, b.id AS `to`, {_columns(kind, 'r')}")


def match_ids(kind: NodeKind, *, among: bool = False) -> str:
    """The ids of every node of ``kind`` (``among``: only those in ``$ids``), with their
    ``datasets``."""
    cond = " WHERE n.id IN $ids" if among else ""
    return f"MATCH (n:{kind.label}){cond} RETURN n.id AS id, n.`{DATASETS}` AS datasets"


def match_incident(backend: str) -> str:
    """The relationships touching the nodes with ids in ``$ids``: type, end labels, ends."""
    if backend == "neo4j":
        kinds = "type(r) AS type, head(labels(a)) AS source, head(labels(b)) AS target"
    else:
        kinds = "label(r) AS type, label(a) AS source, label(b) AS target"
    return (f"MATCH (a)-[r]->(b) WHERE a.id IN $ids OR b.id IN $ids "
            f"RETURN {kinds}, a.id AS `from`, b.id AS `to`")


def count_tagged() -> str:
    """Records of every kind whose ``datasets`` hold ``$dataset`` (one row per kind)."""
    return " UNION ALL ".join(
        [f"MATCH (n:{k.label}) WHERE $dataset IN n.`{DATASETS}` "
         f"RETURN '{k.label}' AS kind, count(n) AS n" for k in NODE_KINDS]
        + [f"MATCH ()-[r:{k.type}]->() WHERE $dataset IN r.`{DATASETS}` "
           f"RETURN '{k.type}' AS kind, count(r) AS n" for k in REL_KINDS])


def last_load() -> str:
    """The latest history record of dataset ``$dataset``: its checksum and completeness."""
    return (f"MATCH (l:{LOAD_RECORD.label}) WHERE l.dataset = $dataset "
            "RETURN l.checksum AS checksum, l.complete AS complete ORDER BY l.id DESC LIMIT 1")
