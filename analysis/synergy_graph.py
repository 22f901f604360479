"""The graph the synergy analyses work on: nodes keyed by dataset ``id``, schema kinds.

Nodes carry ``kind`` (the schema label: ``Region``, ``Challenge``, ``Practice``,
``Course``, ``Project``, ``Event``, ``Fund``) and ``name``. Edges carry ``rel``: the stored
types ``FACES`` (region to challenge, with ``priority``), ``ADDRESSES`` (offer to
challenge) and ``SUPPORTS`` (fund to challenge, with ``territory``), and two relationships
derived by the ``synergy_*`` queries, not stored: :data:`AVAILABLE_IN` (offer to region,
with the contact ``orgs`` behind it) and :data:`TAKES_PART` (region to event or project).
:func:`usecases.synergies.read_synergy_graph` builds it from a store; the analyses are
pure functions of it.
"""

from __future__ import annotations

import networkx as nx

#: Derived: an offer (practice, course, project) is available in a region.
AVAILABLE_IN = "AVAILABLE_IN"
#: Derived: a region takes part in an event or project, itself or through its organisations.
TAKES_PART = "TAKES_PART"


def regions(g: nx.DiGraph, *, members_only: bool = False) -> list[str]:
    """Region ids in a stable order.

    >>> g = nx.DiGraph()
    >>> g.add_node("b", kind="Region", member=True); g.add_node("a", kind="Region")
    >>> regions(g), regions(g, members_only=True)
    (['a', 'b'], ['b'])
    """
    return sorted(n for n, d in g.nodes(data=True)
                  if d.get("kind") == "Region" and (d.get("member") or not members_only))


def eligible(territory: list[str], region_nuts: str | None, country: str | None) -> bool:
    """Whether a fund's territory list covers a region (``EU``, a NUTS prefix or a country).

    >>> eligible(["EU"], None, None), eligible(["CZ08"], "CZ080", "CZ")
    (True, True)
    >>> eligible(["FRF"], "ES41", "ES")
    False
    """
    for t in territory:
        if t.upper() == "EU":
            return True
        if region_nuts and region_nuts.upper().startswith(t.upper()):
            return True
        if country and country.upper() == t.upper():
            return True
    return False
