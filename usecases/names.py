"""Find the record a person means by a name: regions, challenges, projects.

People type "trnava", "Kosice" or a challenge's theme words, not ids. These look the name
up among the graph's records with :func:`analysis.names.resolve` and return the id.
"""

from __future__ import annotations

import queries
from analysis.names import resolve
from graph.errors import NotFoundError
from graph.store import Store


def candidates(store: Store, what: str) -> list[tuple[str, str]]:
    """``(id, name)`` of every region, challenge or project (``what``) in the graph."""
    return [(r["id"], r["name"]) for r in queries.run(store, what + "s")]


def region_id(store: Store, name: str) -> str:
    """The id of the region ``name`` (id or name, forgivingly); else ``NotFoundError``."""
    return resolve(name, candidates(store, "region"))


def challenge_or(store: Store, name: str, other: str) -> tuple[str, str]:
    """Resolve ``name`` as a challenge, else as a region or project: ``(kind, id)``."""
    challenges = candidates(store, "challenge")
    others = candidates(store, other)
    try:
        return "challenge", resolve(name, challenges, "challenge")
    except NotFoundError:
        try:
            return other, resolve(name, others, other)
        except NotFoundError:
            return "challenge", resolve(name, challenges + others, f"challenge or {other}")
