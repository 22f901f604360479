"""Find the record a person means by a name: regions, challenges, projects.

People type "trnava", "Kosice" or a challenge's theme words, not ids. These look the name
up among the graph's records with :func:`analysis.names.resolve` and return the id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import queries
from analysis.names import closest, fold, resolve
from graph.errors import NotFoundError
from graph.store import Store


def candidates(store: Store, what: str) -> list[tuple[str, str]]:
    """``(id, name)`` of every region, challenge or project (``what``) in the graph."""
    return [(r["id"], r["name"]) for r in queries.run(store, what + "s")]


def region_id(store: Store, name: str, *,
              regions: Sequence[Mapping[str, Any]] | None = None) -> str:
    """The id of the region ``name`` (id or name, forgivingly); else ``NotFoundError``,
    which names the regions of a country when ``name`` is one. ``regions``: the rows of
    the ``synergy_regions`` query (or of ``regions``) when the caller has read them
    already; else they are read here, with the lighter of the two queries."""
    if regions is None:
        regions = queries.run(store, "synergy_regions").dicts()
    try:
        return resolve(name, [(r["id"], r["name"]) for r in regions])
    except NotFoundError:
        wanted = fold(name)
        inside = [r["name"] for r in regions
                  if wanted in (fold(r["country"] or ""), fold(r["country_code"] or ""))]
        if inside:
            raise NotFoundError(f"{name!r} is a country, not a region; its regions in the "
                                f"graph: {', '.join(sorted(inside))}") from None
        raise


def country_check(store: Store, country: str) -> None:
    """Refuse a country that no region has, naming the closest ones in the graph."""
    regions = queries.run(store, "synergy_regions").dicts()
    known = {r["country"] for r in regions if r["country"]}
    codes = {fold(r["country_code"] or "") for r in regions}
    if fold(country) in {fold(c) for c in known} | codes:
        return
    close = closest(country, known)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise NotFoundError(f"no region in country {country!r}{hint} (countries in the graph: "
                        f"{', '.join(sorted(known))})")


#: Parameters of named queries that take an id, and the kind of record each names.
RESOLVED_PARAMS = {"region": "region", "challenge": "challenge", "project": "project"}


def resolve_params(store: Store, params: dict[str, object]) -> dict[str, object]:
    """Named-query parameters with region, challenge and project names turned into ids,
    so ``-p region=trnava`` means the Trnava Region rather than finding nothing."""
    out = dict(params)
    for key, what in RESOLVED_PARAMS.items():
        value = out.get(key)
        if isinstance(value, str) and value.strip():
            out[key] = (region_id(store, value) if what == "region"
                        else resolve(value, candidates(store, what), what))
    return out


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
