"""A seeded synthetic dataset in the loader's format, at up to EU scale, for benchmarks.

Every record is marked ``illustrative=true`` with source ``synthetic``: nothing here is a
fact. Challenge frequencies follow a Zipf-like law (a few challenges almost every region
faces, a long tail few do), as in the real data.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.schema import BY_FILE, ORG_CATEGORIES, PRIORITIES

SOURCE = "synthetic (rsp generate)"
UPDATED = "2026-01-01"


@dataclass(frozen=True)
class Scale:
    regions: int = 300
    organisations: int = 100_000
    relationships: int = 1_000_000
    challenges: int = 40
    seed: int = 42

    @property
    def courses(self) -> int:
        return max(1, self.organisations // 10)

    @property
    def practices(self) -> int:
        return max(1, self.regions * 5)

    @property
    def projects(self) -> int:
        return max(1, self.organisations // 100)

    @property
    def events(self) -> int:
        return max(1, self.regions * 2)


def _zipf_weights(n: int, exponent: float = 1.1) -> list[float]:
    return [1.0 / (rank ** exponent) for rank in range(1, n + 1)]


def generate(target: Path, scale: Scale = Scale()) -> dict[str, int]:
    """Write the dataset's CSV files into ``target``; returns rows per file."""
    rnd = random.Random(scale.seed)
    target.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    regions = [f"region-s{i:04d}" for i in range(scale.regions)]
    challenges = [f"chal-s{i:03d}" for i in range(scale.challenges)]
    orgs = [f"org-s{i:06d}" for i in range(scale.organisations)]
    courses = [f"course-s{i:06d}" for i in range(scale.courses)]
    practices = [f"prac-s{i:05d}" for i in range(scale.practices)]
    projects = [f"proj-s{i:05d}" for i in range(scale.projects)]
    events = [f"event-s{i:05d}" for i in range(scale.events)]
    funds = [f"fund-s{i:02d}" for i in range(20)]
    popularity = _zipf_weights(scale.challenges)

    def write(name: str, rows: Iterator[dict[str, object]]) -> None:
        columns = [p.name for p in BY_FILE[name].all_props
                   if p.name not in ("verified", "note")]
        n = 0
        with (target / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow({**row, "source": SOURCE, "updated": UPDATED,
                                 "illustrative": "true"})
                n += 1
        counts[name] = n

    countries = ["AT", "BE", "CZ", "DE", "ES", "FR", "IT", "PL", "PT", "RO", "SE", "SK"]
    region_country = {r: countries[i % len(countries)] for i, r in enumerate(regions)}
    write("regions", ({"id": r, "name": f"Synthetic region {i}", "country": region_country[r],
                       "country_code": region_country[r], "nuts_code": f"{region_country[r]}{i}",
                       "rsp_member": "true", "ara_member": str(i % 3 == 0).lower()}
                      for i, r in enumerate(regions)))
    write("challenges", ({"id": c, "name": f"Synthetic challenge {i}",
                          "theme": ("green", "digital", "social", "economic")[i % 4]}
                         for i, c in enumerate(challenges)))
    categories = [c for c in ORG_CATEGORIES if c not in ("eu_body", "network")]
    write("organisations", ({"id": o, "name": f"Synthetic organisation {i}",
                             "category": categories[i % len(categories)]}
                            for i, o in enumerate(orgs)))
    write("courses", ({"id": k, "name": f"Synthetic course {i}"} for i, k in enumerate(courses)))
    write("practices", ({"id": p, "name": f"Synthetic practice {i}"}
                        for i, p in enumerate(practices)))
    write("projects", ({"id": p, "name": f"Synthetic project {i}", "start": "2024-01-01",
                        "pilot": str(i % 10 == 0).lower()} for i, p in enumerate(projects)))
    write("events", ({"id": e, "name": f"Synthetic event {i}", "kind": "workshop",
                      "date": f"2025-{1 + i % 12:02d}-15"} for i, e in enumerate(events)))
    write("funds", ({"id": f, "name": f"Synthetic fund {i}", "level": "eu"}
                    for i, f in enumerate(funds)))

    def faces() -> Iterator[dict[str, object]]:
        for r in regions:
            for c in set(rnd.choices(challenges, weights=popularity, k=rnd.randint(3, 8))):
                yield {"from": r, "to": c, "priority": rnd.choice(PRIORITIES)}

    write("faces", faces())
    org_region = {o: rnd.choice(regions) for o in orgs}
    write("located_in", ({"from": o, "to": org_region[o]} for o in orgs))
    write("offers", ({"from": rnd.choice(orgs), "to": k} for k in courses))
    write("shares", ({"from": regions[i % len(regions)], "to": p}
                     for i, p in enumerate(practices)))
    write("pilots_in", ({"from": p, "to": rnd.choice(regions)} for p in projects))

    def addresses() -> Iterator[dict[str, object]]:
        for item in (*courses, *practices, *projects):
            for c in set(rnd.choices(challenges, weights=popularity, k=2)):
                yield {"from": item, "to": c}

    write("addresses", addresses())
    write("supports", ({"from": f, "to": c, "eligible_territory": "EU"}
                       for f in funds for c in rnd.sample(challenges, k=5)))
    used = sum(counts.get(n, 0) for n in ("faces", "located_in", "offers", "shares",
                                           "pilots_in", "addresses", "supports"))
    remaining = max(0, scale.relationships - used)

    def pairs(items: list[str], budget: int) -> Iterator[dict[str, object]]:
        seen: set[tuple[str, str]] = set()
        while len(seen) < budget:
            pair = (rnd.choice(orgs), rnd.choice(items))
            if pair not in seen:
                seen.add(pair)
                yield {"from": pair[0], "to": pair[1]}

    write("partner_in", pairs(projects, min(remaining // 3,
                                            len(orgs) * len(projects) // 2)))
    write("attends", pairs(events, max(0, remaining - counts["partner_in"])))
    return counts
