"""Forgiving lookup of regions and challenges by id or name (case, accents, spacing).

Exact matches (after folding case, accents and spacing) and unique partial matches
resolve; anything else is refused with the closest names first, ranked by RapidFuzz's
weighted ratio (so "Tranva" suggests "Trnava Region", not "Thuringia").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from graph.errors import NotFoundError

#: Suggest names at least this similar (0-100, RapidFuzz WRatio) to what was typed.
SUGGEST_FROM = 60


def fold(text: str) -> str:
    """Lower case, no accents, single spaces: how people type names.

    >>> fold("  Košice   Region ")
    'kosice region'
    """
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return " ".join(plain.lower().replace("-", " ").split())


def resolve(query: str, candidates: Iterable[tuple[str, str]], what: str = "region") -> str:
    """The id among ``(id, name)`` pairs that ``query`` names; else ``NotFoundError``.

    >>> resolve("trnava region", [("region-trnava", "Trnava Region")])
    'region-trnava'
    >>> resolve("Cosice", [("region-kosice", "Košice Region")])
    Traceback (most recent call last):
    ...
    graph.errors.NotFoundError: no region 'Cosice'; did you mean 'Košice Region'?
    >>> closest("Tranva", ["Thuringia", "Trnava Region", "Bavaria"])
    ['Trnava Region']
    """
    pairs = list(candidates)
    wanted = fold(query)
    for ident, name in pairs:
        if wanted in (fold(ident), fold(name)):
            return ident
    partial = [(i, n) for i, n in pairs if wanted and (wanted in fold(n) or wanted in fold(i))]
    if len(partial) == 1:
        return partial[0][0]
    close = closest(query, [n for _, n in pairs]) or [n for _, n in partial[:3]]
    hint = "; did you mean " + " or ".join(repr(c) for c in close) + "?" if close else ""
    raise NotFoundError(f"no {what} {query!r}{hint}")


def closest(query: str, names: Iterable[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` of ``names`` most like ``query``, best first."""
    from rapidfuzz import fuzz, process  # only when a name was not found (~25 ms import)

    choices = {fold(n): n for n in names}
    found = process.extract(fold(query), list(choices), scorer=fuzz.WRatio, limit=limit,
                            score_cutoff=SUGGEST_FROM)
    return [choices[match] for match, _, _ in found]
