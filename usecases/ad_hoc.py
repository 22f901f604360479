"""An analyst's own questions: the named queries of ``queries/`` and ad-hoc Cypher,
always read-only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import queries
from graph.store import Result, Store
from usecases.names import resolve_params


@dataclass(frozen=True)
class QueryInfo:
    """A named query as ``rsp query --list`` shows it."""

    name: str
    parameters: str
    only_on: str
    description: str


def list_queries() -> list[QueryInfo]:
    """Every named query with its parameters (``?`` marks optional ones)."""
    return [QueryInfo(q.name, ", ".join(p.name + ("?" if p.optional else "") for p in q.params),
                      "" if len(q.engines) > 1 else q.engines[0], q.description)
            for q in queries.all_queries()]


def run_named(store: Store, name: str, params: Mapping[str, str]) -> Result:
    """Run the named query; parameters are typed by the query's declaration, and region,
    challenge and project parameters may be names (resolved like the commands do)."""
    query = queries.get(name)
    declared = {p.name for p in query.params}
    given: dict[str, object] = dict(params)
    resolvable = {k: v for k, v in given.items() if k in declared}
    given.update(resolve_params(store, resolvable))
    return queries.run(store, name, given)


def run_cypher(store: Store, cypher: str, params: Mapping[str, str]) -> Result:
    """Run one ad-hoc statement read-only; parameters are typed by their look."""
    return store.query_untrusted(cypher, {k: queries.guess(v) for k, v in params.items()})
