"""Questions about regions and what serves them: the list of regions, a region's profile,
its funds, training for a challenge, consortium partners."""

from __future__ import annotations

from dataclasses import dataclass

import queries
from graph.errors import NotFoundError
from graph.store import Result, Store
from usecases.names import challenge_or, country_check, region_id


def list_regions(store: Store, *, country: str | None = None, members: bool | None = None,
                 ara: bool | None = None) -> Result:
    """Regions with their memberships and number of challenges, filtered; a country no
    region has is refused with the closest names."""
    if country:
        country_check(store, country)
    return queries.run(store, "regions", {"country": country, "rsp_member": members,
                                          "ara_member": ara})


#: The parts of a region's profile, in the order shown, with the query behind each.
PROFILE_SECTIONS = {
    "stakeholders": "organisations",
    "challenges": "region_challenges",
    "practices": "region_practices",
    "projects": "region_projects",
    "funds": "region_funds",
    "events": "region_events",
}


@dataclass
class Profile:
    """Everything about one region, section by section."""

    region: str
    sections: dict[str, Result]


def profile(store: Store, region: str) -> Profile:
    """Stakeholders by category, challenges with priority, practices, projects, funds and
    events of ``region`` (a name or id)."""
    with store.point_reads():  # a statement per section, each about one region
        rid = region_id(store, region)
        return Profile(rid, {title: queries.run(store, name, {"region": rid})
                             for title, name in PROFILE_SECTIONS.items()})


def funds(store: Store, region: str) -> Result:
    """Funds that support ``region``'s challenges and for which its territory is eligible."""
    return queries.run(store, "region_funds", {"region": region_id(store, region)})


def training(store: Store, target: str) -> Result:
    """Courses and providers for a challenge, or for the challenges a region faces."""
    kind, ident = challenge_or(store, target, "region")
    return queries.run(store, "training", {kind: ident})


def partners(store: Store, target: str) -> Result:
    """Consortium candidates across regions for a challenge, or for a project's challenges
    (its current partners left out)."""
    kind, ident = challenge_or(store, target, "project")
    exclude: set[str] = set()
    challenges = [ident]
    if kind == "project":
        current = queries.run(store, "project_challenges", {"project": ident}).dicts()
        challenges = sorted({r["challenge"] for r in current if r["challenge"]})
        exclude = {r["partner"] for r in current if r["partner"]}
        if not challenges:
            raise NotFoundError(f"project {ident!r} addresses no challenge in the graph")
    result = queries.run(store, "partner_candidates", {"challenges": challenges})
    return Result(result.columns, sorted(r for r in result.rows if r[0] not in exclude))
