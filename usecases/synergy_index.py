"""The synergy index: the aggregates behind the synergy scores, counted once per load.

A one-region answer needs, for every other region, how many offers it has for the
region's challenges and whether the two already work together; its evidence needs the
first few offers of each group and the events and projects both regions of a pair take
part in. Counting that from the graph touches every offer and every participation of
the regions; reading it from the index touches a few rows per region. :func:`refresh`
asks the evidence's own queries (``synergy_offer_items``, ``synergy_taking_part``) once
for every region, keeps each group's size and first ids and each region's events and
projects, and writes them with a new build id, then a stamp naming that build and the graph it was
counted from (the load history and the counts of every kind). :func:`fresh_build` gives
the build only while the stamp still matches the graph: after any later load, a crash
mid-refresh, an incomplete batched load, or two stamps from concurrent refreshes, it gives
None and the answers are counted live from the graph, the same numbers, only slower. A
store that can tell whether anything wrote to the database since (the embedded one, by
its files) remembers the build it last found fresh, and the check is skipped until then.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

import queries
from analysis.synergy import MAX_ITEMS
from analysis.synergy_source import pairs_taking_part, sample_offers
from graph.errors import StoreError
from graph.memory import give_back_memory
from graph.schema import SYNERGY_PAIR, SYNERGY_STAMP, SYNERGY_TOTAL
from graph.store import Store, batches
from graph.synergy_index import FORMAT, INDEX_KINDS, create, drop_other_builds, drop_other_stamps

#: How many item ids of each group of offers the index keeps: those evidence lists.
SAMPLED = MAX_ITEMS
#: A refresh asks the evidence's queries for this many regions at a time.
REGIONS_AT_ONCE = 25
#: Index rows written per statement (a region's row holds up to thousands of ids).
WRITE_ROWS = 100
#: What a store remembers (Store.remember): the build last found to match the graph.
#: Counting every kind to check the stamp takes about 0.1 s of a one-region answer on the
#: embedded store; while nothing has written to the database since, the answer skips it.
FRESH = "synergy_index.fresh_build"


@dataclass(frozen=True)
class IndexReport:
    """What a refresh wrote."""

    build: str
    totals: int
    pairs: int


def _graph_state(store: Store) -> dict[str, Any]:
    """What the stamp records about the graph: the loads and the counts of every kind."""
    loads = queries.run(store, "load_totals").dicts()
    row = loads[0] if loads else {"loads": 0, "last_load": None, "incomplete": 0}
    return {"loads": int(row["loads"] or 0), "last_load": row["last_load"],
            "incomplete": int(row["incomplete"] or 0),
            "counts": json.dumps(store.counts(), sort_keys=True)}


def fresh_build(store: Store) -> str | None:
    """The build of the index when its stamp matches the graph now, else None."""
    try:
        stamps = queries.run(store, "synergy_index_stamp").dicts()
    except StoreError:  # a database of an older rsp, opened read-only: no such column yet
        return None
    if len(stamps) != 1:
        return None
    stamp = stamps[0]
    if stamp.get("format") != FORMAT:
        return None
    build = str(stamp["build"])
    if store.remembered(FRESH) == build:  # nothing written since it was last found fresh
        return build
    state = _graph_state(store)
    if state["incomplete"] or any(stamp[k] != state[k] for k in ("loads", "last_load",
                                                                   "counts")):
        return None
    store.remember(FRESH, build)
    return build


def _stamp(store: Store, build: str, state: dict[str, Any]) -> None:
    """Write the stamp of ``build``, then drop every other stamp and build's rows."""
    stamp = {"id": f"stamp:{uuid.uuid4().hex}", "build": build, "loads": state["loads"],
             "last_load": state["last_load"], "counts": state["counts"],
             "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "format": FORMAT}
    store.execute(create(SYNERGY_STAMP), {"rows": [stamp]}, write=True)
    store.execute(drop_other_stamps(), {"id": stamp["id"]}, write=True)
    for kind in INDEX_KINDS:
        store.execute(drop_other_builds(kind), {"build": build}, write=True)
    if not state["incomplete"]:
        store.remember(FRESH, build)  # until the next write (this process's or another's)


def row_id(build: str, region: str) -> str:
    """The id of a region's index row of ``build`` (``SynergyTotal``, ``SynergyPair``):
    the index's queries find a region's row by it, a lookup by key.

    >>> row_id("b1", "region-trnava")
    'b1:region-trnava'
    """
    return f"{build}:{region}"


def restamp(store: Store, build: str) -> None:
    """Stamp ``build`` as matching the graph now, without counting it again: after a load
    that changed nothing (it only added a history record)."""
    _stamp(store, build, _graph_state(store))


def refresh(store: Store) -> IndexReport:
    """Count the synergy index from the graph and write it as a new build."""
    build = uuid.uuid4().hex
    state = _graph_state(store)
    regions = [str(r["id"]) for r in queries.run(store, "synergy_regions")]
    challenges = [str(r["id"]) for r in queries.run(store, "challenges")]
    # The queries of the one-region evidence, asked for every region, a few regions at a
    # time (a region's rows are all in its part, and at EU scale the rows of every offer
    # at once took hundreds of MB): the totals are the sizes of the groups, and the first
    # few ids of each group are kept for evidence.
    sample: dict[Any, list[str]] = {}
    counts: dict[Any, int] = {}
    taking: dict[str, dict[str, set[str]]] = {}
    for part in batches(regions, REGIONS_AT_ONCE):
        if challenges:
            found_sample, found_counts = sample_offers(queries.run(
                store, "synergy_offer_items", {"regions": list(part),
                                               "challenges": challenges}), SAMPLED)
            sample.update(found_sample)
            counts.update(found_counts)
        for r in queries.run(store, "synergy_taking_part", {"regions": list(part)}):
            taking.setdefault(str(r["region"]), {}).setdefault(
                str(r["item_kind"]), set()).update(r["items"] or [])
        # What each part's queries used is given back before the next asks (at EU scale
        # the heap otherwise grows by a few MB with every part).
        give_back_memory()
    # The engine keeps every page the counting read (at EU scale about 70 MB): given back
    # before what follows adds its own.
    store.release_memory()
    by_region: dict[str, list[list[Any]]] = {}
    samples: dict[str, list[list[str]]] = {}
    for key, n in sorted(counts.items()):
        by_region.setdefault(key[0], []).append([*key[1:], n])
        samples.setdefault(key[0], []).append(sample[key])
    del sample
    totals = [{"id": row_id(build, region), "build": build, "region": region,
               "totals": json.dumps(rows, separators=(",", ":")),
               "samples": json.dumps(samples[region], separators=(",", ":"))}
              for region, rows in sorted(by_region.items())]
    del by_region, samples
    found = pairs_taking_part(taking)
    partners: dict[str, list[str]] = {}
    for a, b in found:
        partners.setdefault(a, []).append(b)
        partners.setdefault(b, []).append(a)
    pairs = [{"id": row_id(build, region), "build": build, "region": region,
              "partners": sorted(partners.get(region, [])),
              "taking_part": json.dumps({kind: sorted(ids) for kind, ids in sorted(
                  taking.get(region, {}).items())}, separators=(",", ":"))}
             for region in sorted(set(partners) | set(taking))]
    del taking, partners
    for kind, rows in ((SYNERGY_TOTAL, totals), (SYNERGY_PAIR, pairs)):
        for batch in batches(rows, WRITE_ROWS):
            store.execute(create(kind), {"rows": list(batch)}, write=True)
    # The stamp goes last: until it is written, the old stamp no longer matches the graph
    # (or there is none) and answers are counted live.
    _stamp(store, build, state)
    return IndexReport(build, len(counts), len(found))
