"""Forgiving lookup of regions and challenges by id or name (case, accents, spacing)."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

from graph.errors import NotFoundError


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
    """
    pairs = list(candidates)
    wanted = fold(query)
    for ident, name in pairs:
        if wanted in (fold(ident), fold(name)):
            return ident
    partial = [(i, n) for i, n in pairs if wanted and (wanted in fold(n) or wanted in fold(i))]
    if len(partial) == 1:
        return partial[0][0]
    names = {fold(n): n for _, n in pairs}
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.5)
    if not close:
        close = [fold(n) for _, n in partial[:3]]
    hint = "; did you mean " + " or ".join(repr(names[c]) for c in close) + "?" if close else ""
    raise NotFoundError(f"no {what} {query!r}{hint}")
