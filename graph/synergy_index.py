"""Statements that keep the synergy index (:data:`graph.schema.SYNERGY_TOTAL`,
:data:`~graph.schema.SYNERGY_PAIR`, :data:`~graph.schema.SYNERGY_STAMP`): derived rows
beside the graph, written by :mod:`usecases.synergy_index` after each load.

Labels come from the schema; every value travels in ``$rows`` or ``$build``.
"""

from __future__ import annotations

from graph.schema import KEY, SYNERGY_PAIR, SYNERGY_STAMP, SYNERGY_TOTAL, NodeKind

#: The layout of the index rows: a stamp of another layout (an older rsp's) is not read.
FORMAT = 4

#: The index's kinds, rows first and the stamp last (the order a refresh writes them).
INDEX_KINDS: tuple[NodeKind, ...] = (SYNERGY_TOTAL, SYNERGY_PAIR, SYNERGY_STAMP)


def create(kind: NodeKind) -> str:
    """CREATE a batch of index rows: the key and the kind's own properties only.

    >>> create(SYNERGY_PAIR).split(" CREATE ")[1]
    '(n:SynergyPair {`id`: row.`id`, `build`: row.`build`, `region`: row.`region`, \
`partners`: row.`partners`, `taking_part`: row.`taking_part`})'
    """
    props = ", ".join(f"`{p.name}`: row.`{p.name}`" for p in (KEY, *kind.props))
    return f"UNWIND $rows AS row CREATE (n:{kind.label} {{{props}}})"


def drop_other_builds(kind: NodeKind) -> str:
    """DELETE the rows of every build but ``$build``."""
    return f"MATCH (n:{kind.label}) WHERE n.build <> $build DELETE n"


def drop_other_stamps() -> str:
    """DELETE every stamp but the one with id ``$id``."""
    return f"MATCH (n:{SYNERGY_STAMP.label}) WHERE n.id <> $id DELETE n"
