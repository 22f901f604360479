"""Explained synergy suggestions between regions: a score and the evidence behind it.

``score(A, B) = w_similarity * S(A, B) + w_needs * C(A <- B) + w_gives * C(B <- A)
+ w_funds * F(A, B)``, times ``w_existing`` when A and B already work together. S is
:mod:`analysis.similarity`, C :mod:`analysis.complementarity`, F counts funds that
support a challenge both face and for which both are eligible. ``docs/synergy.md``
writes it out with a worked example.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import Any, cast

import numpy as np

from analysis.complementarity import (
    KIND_WEIGHTS,
    complementarity_matrix,
    offer_matrix,
    offer_weight,
)
from analysis.similarity import idf as idf_of
from analysis.similarity import profile_matrix, similarity_matrix
from analysis.synergy_graph import SynergyGraph, eligible, regions
from analysis.synergy_source import (
    GraphSource,
    SynergySource,
    Together,
    total_key,
)
from graph.errors import RspError
from graph.schema import PRIORITY_WEIGHTS, default_priority

#: Evidence lists at most this many offers per challenge and kind of offer (and events or
#: projects a pair shares), then one line for the rest; the rest is counted, not read.
MAX_ITEMS = 5


@dataclass(frozen=True)
class Weights:
    """The knobs of the score; ``--weights`` takes ``key=value,...`` or a JSON file."""

    similarity: float = 1.0
    needs: float = 1.0
    gives: float = 0.5
    funds: float = 0.25
    existing: float = 0.5

    @classmethod
    def parse(cls, text: str | None) -> Weights:
        """From ``"similarity=2,funds=0"`` or the path of a JSON object.

        >>> Weights.parse("funds=0,existing=1").funds
        0.0
        """
        if not text:
            return cls()
        names = {f.name for f in fields(cls)}
        path = Path(text)
        if path.suffix == ".json" or path.is_file():
            try:
                values = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise RspError(f"cannot read weights from {text}: {exc}") from exc
        else:
            values = {}
            for part in text.split(","):
                key, sep, value = part.partition("=")
                if not sep:
                    raise RspError(f"weights take key=value pairs, got {part!r}")
                values[key.strip()] = value
        unknown = set(values) - names
        if unknown:
            raise RspError(f"unknown weight {sorted(unknown)[0]!r}; "
                           f"known: {', '.join(sorted(names))}")
        parsed = {}
        for key, value in values.items():
            try:
                parsed[key] = float(value)
            except (TypeError, ValueError):
                raise RspError(f"weight {key!r} must be a number, got {value!r}") from None
            if not np.isfinite(parsed[key]) or parsed[key] < 0:
                raise RspError(f"weight {key!r} must be a number of 0 or more, got {value!r}")
        return cls(**parsed)


#: A raw score of this size reads as 50 on the 0-100 scale (see :func:`scaled`).
SCALE_HALF = 4.0
#: Bands of the 0-100 scale: at least this much is "strong", "moderate"; below, "weak".
BANDS: tuple[tuple[int, str], ...] = ((60, "strong"), (35, "moderate"), (0, "weak"))


def scaled(raw: float) -> int:
    """A raw score on the 0-100 scale people read: ``100 * raw / (raw + SCALE_HALF)``.

    The scale is absolute (it does not depend on the other pairs), so a one-region answer
    needs nothing from the rest of the network and a number means the same after the next
    load. It rises quickly for the first pieces of evidence and flattens for long lists.

    >>> scaled(0), scaled(4.0), scaled(7.9), scaled(20)
    (0, 50, 66, 83)
    """
    raw = max(float(raw), 0.0)
    return round(100 * raw / (raw + SCALE_HALF))


def band(score: int) -> str:
    """``strong``, ``moderate`` or ``weak`` for a 0-100 score.

    >>> band(61), band(35), band(34)
    ('strong', 'moderate', 'weak')
    """
    return next(name for floor, name in BANDS if score >= floor)


@dataclass
class Evidence:
    """One reason behind a score, with its share of it and the fact's source.

    ``kind``: ``shared_challenge``, ``offer`` (B offers A something for A's challenge),
    ``reverse_offer`` (A offers B), ``lesson`` / ``reverse_lesson`` (a bad practice: what
    did not work, shared as a lesson), ``shared_fund``, ``existing`` (a shared event or
    project). ``text`` is the analyst's wording with the arithmetic; the other fields are
    the facts a plain explanation is written from (:mod:`analysis.explain`).
    """

    kind: str
    text: str
    contribution: float
    source: str | None = None
    item: str | None = None
    challenge_name: str | None = None
    #: How many regions with a challenge profile face the challenge, and how many there are.
    facing: int | None = None
    profiled: int | None = None
    priority_a: str | None = None
    priority_b: str | None = None
    item_kind: str | None = None
    item_name: str | None = None
    #: Who offers (the region's name) and the organisations behind the offer (id -> name).
    giver: str | None = None
    orgs: dict[str, str] = field(default_factory=dict)
    #: Further offers of the same kind for the same challenge, summarised in this line.
    more: int = 0
    #: A fund open to every region in the graph: said once, not for every pair.
    everywhere: bool = False


@dataclass
class ContactPoint:
    """An organisation to contact in the suggested region, and why it is the one."""

    id: str
    name: str
    category: str | None = None
    website: str | None = None
    why: str = ""
    #: Role-based contact point (an office and its organisational address), when sourced.
    function: str | None = None
    address: str | None = None
    represents: bool = False
    verified: bool = True
    source: str | None = None


@dataclass
class Suggestion:
    """Region ``b`` suggested to region ``a``: ``score`` is the raw score of the ordered pair,
    ``scaled`` the same on the 0-100 scale with its ``band``. In a pair ranking,
    ``reverse`` is the other direction (``b``'s view of ``a``)."""

    a: str
    a_name: str
    b: str
    b_name: str
    score: float
    external: bool
    existing: bool
    evidence: list[Evidence] = field(default_factory=list)
    contacts: list[ContactPoint] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    multiplier: float = 1.0
    reverse: Suggestion | None = None

    @property
    def scaled(self) -> int:
        return scaled(self.score)

    @property
    def band(self) -> str:
        return band(self.scaled)

    @property
    def contact_names(self) -> list[str]:
        return [c.name for c in self.contacts]

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["scaled"], out["band"] = self.scaled, self.band
        if self.reverse is not None:
            out["reverse"]["scaled"] = self.reverse.scaled
            out["reverse"]["band"] = self.reverse.band
        return out


class EvidenceIndex:
    """Per-region facts for the evidence of the pairs that are shown, read on demand.

    Profiles and funds come with the model's skeleton; the offers of a region are asked
    of the source the first time a pair needs them (and only for the challenges that
    pair needs), so ranking never pays for them and a shown pair costs only its items:
    the first :data:`MAX_ITEMS` of each challenge and kind of offer, with how many there
    are in all (evidence lists those few and counts the rest).
    """

    def __init__(self, model: SynergyModel, limit: int = MAX_ITEMS):
        g, rs = model.graph, model.regions
        self.model = model
        self.limit = limit
        self.faces: dict[str, dict[str, tuple[str, str | None]]] = {r: {} for r in rs}
        self.funds: list[tuple[str, str, str | None, frozenset[str]]] = []
        covered: dict[tuple[str, ...], frozenset[str]] = {}  # funds share few territories
        for u, v, d in g.edges(data=True):
            rel = d.get("rel")
            if rel == "FACES" and u in self.faces:
                self.faces[u][v] = (d.get("priority") or default_priority(), d.get("source"))
            elif rel == "SUPPORTS":
                territory = tuple(d["territory"])
                if territory not in covered:
                    covered[territory] = frozenset(r for r in rs if eligible(
                        list(territory), g.nodes[r].get("nuts"), g.nodes[r].get("country")))
                self.funds.append((u, v, d.get("source"), covered[territory]))
        self.funds.sort(key=lambda t: (t[0], t[1]))
        #: region -> [(item, challenge, orgs behind the item there)], the first of each group
        self._offers: dict[str, list[tuple[str, str, dict[str, str]]]] = {r: [] for r in rs}
        #: (region, challenge, offer kind as evidence reads it) -> how many items in all
        self._counts: dict[tuple[str, str, str], int] = {}
        self._loaded: dict[str, set[str]] = {r: set() for r in rs}
        self._behind: dict[tuple[str, str], dict[str, str]] = {}

    def prefetch(self, needs: Mapping[str, Iterable[str]]) -> None:
        """Read, in one request, the offers of each region for the challenges given."""
        missing = {r: set(cs) - self._loaded[r] for r, cs in needs.items()}
        missing = {r: cs for r, cs in missing.items() if cs}
        if not missing:
            return
        challenges = sorted(set().union(*missing.values()))
        before = {r: set(self._loaded[r]) for r in missing}
        g = self.model.graph
        orgs: dict[str, dict[str, Any]] = g.graph.setdefault("orgs", {})
        seen: set[tuple[str, str, str]] = set()
        sample = self.model.source.offers(sorted(missing), challenges, self.limit)
        for (region, challenge, kind, lesson), n in sample.counts.items():
            if challenge in before[region] or challenge not in self.model.challenge_index:
                continue
            key = (region, challenge, _offer_kind({"kind": kind, "lesson": lesson}))
            self._counts[key] = self._counts.get(key, 0) + n
        for row in sample.rows:
            region, challenge, item = str(row["region"]), str(row["challenge"]), \
                str(row["item"])
            if challenge in before[region] or challenge not in self.model.challenge_index:
                continue
            if item not in g:
                g.add_node(item, kind=row["item_kind"], name=row["item_name"],
                           source=row["source"], lesson=bool(row["lesson"]))
            behind = self._behind.setdefault((item, region), {})
            if row["org"]:
                behind[str(row["org"])] = str(row["org_name"])
                orgs.setdefault(str(row["org"]), {
                    "name": row["org_name"], "category": row["org_category"] or None,
                    "website": row["org_website"] or None})
            if (region, item, challenge) not in seen:
                seen.add((region, item, challenge))
                self._offers[region].append((item, challenge, behind))
        for r in missing:
            self._loaded[r] |= set(challenges)
            self._offers[r].sort(key=lambda t: (t[0], t[1]))

    def offers(self, region: str, challenges: Iterable[str]
               ) -> list[tuple[str, str, dict[str, str]]]:
        """``(item, challenge, orgs)`` offered in ``region`` for ``challenges``: the first
        of each challenge and kind (see :meth:`count`)."""
        wanted = set(challenges)
        self.prefetch({region: wanted})
        return [t for t in self._offers[region] if t[1] in wanted]

    def count(self, region: str, challenge: str, offer_kind: str) -> int:
        """How many offers of ``offer_kind`` (``course``, ``lesson``, ...) ``region`` has
        for ``challenge`` in all."""
        self.prefetch({region: {challenge}})
        return self._counts.get((region, challenge, offer_kind), 0)


@dataclass
class SynergyModel:
    """All-pairs matrices over regions, or one region's row of them (``scope``); the
    evidence of a pair is read on demand (:class:`EvidenceIndex`)."""

    graph: SynergyGraph
    regions: list[str]
    challenges: list[str]
    idf: np.ndarray
    #: Regions x regions, dense (see :func:`analysis.similarity.profile_matrix`).
    similarity: np.ndarray
    complementarity: np.ndarray
    funds: np.ndarray
    existing: np.ndarray
    weights: Weights
    source: SynergySource
    #: The one region whose row of scores is exact, or None: every pair is.
    scope: str | None = None
    _together: dict[tuple[str, str], Together] = field(default_factory=dict)

    @cached_property
    def challenge_index(self) -> dict[str, int]:
        return {c: j for j, c in enumerate(self.challenges)}

    @cached_property
    def index(self) -> EvidenceIndex:
        """Built on the first evidence request: ranking alone never pays for it."""
        return EvidenceIndex(self)

    def prefetch_together(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Read, in one request, the common events and projects of the pairs that
        already work together (the others have none)."""
        r_index = {r: i for i, r in enumerate(self.regions)}
        wanted = sorted({(min(a, b), max(a, b)) for a, b in pairs
                         if self.existing[r_index[a], r_index[b]]} - set(self._together))
        if wanted:
            self._together.update(self.source.shared_between(wanted, MAX_ITEMS))

    def together(self, a: str, b: str) -> Together:
        """The events and projects regions ``a`` and ``b`` both take part in: the first
        :data:`MAX_ITEMS` by id, and how many."""
        self.prefetch_together([(a, b)])
        return self._together.get((min(a, b), max(a, b)), Together([], 0))

    @cached_property
    def people(self) -> dict[str, list[dict[str, Any]]]:
        """Contact persons (personal data) by organisation or region; read when asked."""
        out: dict[str, list[dict[str, Any]]] = {}
        for r in self.source.contacts():
            out.setdefault(str(r["org"]), []).append(
                {"name": r["name"], "role": r["role"], "email": r["email"]})
        return out

    @cached_property
    def facing(self) -> dict[str, int]:
        """How many regions face each challenge."""
        out: dict[str, int] = {}
        for _, c, d in self.graph.edges(data=True):
            if d.get("rel") == "FACES":
                out[c] = out.get(c, 0) + 1
        return out

    @cached_property
    def profiled(self) -> int:
        """How many regions have a challenge profile (the N of the rarity weight)."""
        return len({u for u, _, d in self.graph.edges(data=True) if d.get("rel") == "FACES"})

    @cached_property
    def everywhere(self) -> frozenset[str]:
        """Funds eligible in every region of the graph for some challenge: they apply to
        any pair facing that challenge, so an explanation says so once."""
        return frozenset(fund for fund, _, _, where in self.index.funds
                         if len(where) == len(self.regions))

    def score_matrix(self) -> np.ndarray:
        """Every ordered pair's raw score (row: the asking region)."""
        w = self.weights
        total: np.ndarray = (w.similarity * self.similarity + w.needs * self.complementarity
                             + w.gives * self.complementarity.T + w.funds * self.funds)
        if w.existing != 1.0:
            # existing pairs: x w.existing
            total = total + total * (self.existing * (w.existing - 1.0))
        return total


def build_model(source: SynergySource | SynergyGraph, weights: Weights | None = None, *,
                region: str | None = None,
                priority_weights: Mapping[str, float] = PRIORITY_WEIGHTS,
                kind_weights: Mapping[str, float] = KIND_WEIGHTS) -> SynergyModel:
    """Every pair's similarity, complementarity, shared funds and collaboration, from the
    source's aggregates (a whole synergy graph is read through :class:`GraphSource`).

    With ``region``, only what that region's row of scores needs is asked for: the offer
    totals for its challenges (what others offer it) and its own (what it offers them),
    and its own events and projects. Its row is exact; other pairs are not.
    """
    if isinstance(source, SynergyGraph) or not hasattr(source, "skeleton"):
        source = GraphSource(cast(SynergyGraph, source))  # a whole graph (networkx's too)
    weights = weights or Weights()
    g = source.skeleton()
    rs = regions(g)
    idf_map = idf_of(g)
    cs = sorted(idf_map)
    idf = np.array([idf_map[c] for c in cs])
    profiles = profile_matrix(g, rs, cs, priority_weights)
    if region is None:
        totals = source.offer_totals()
    else:
        own = sorted(c for _, c, d in g.out_edges(region, data=True) if d.get("rel") == "FACES")
        offered = source.offer_totals(challenges=own) if own else []
        gives = [t for t in source.offer_totals(regions=[region]) if t.challenge not in own]
        # Each source gives merged totals; these two parts have no challenge in common.
        totals = sorted([*offered, *gives], key=total_key)
    offers = offer_matrix(totals, rs, cs, kind_weights)
    return SynergyModel(
        g, rs, cs, idf,
        similarity_matrix(profiles, idf),
        complementarity_matrix(profiles, offers, idf),
        _fund_matrix(g, rs, cs, profiles),
        _existing_matrix(source.working_pairs(region=region), rs),
        weights, source, region,
    )


def _fund_matrix(g: SynergyGraph, rs: list[str], cs: list[str],
                 profiles: np.ndarray) -> np.ndarray:
    """F[a, b]: funds supporting a challenge both face, with both regions eligible.

    Dense over regions (a few hundred at most: the NUTS regions of Europe), one fund at a
    time: ``eligible faces`` columns, and a pair counts once per fund however many of its
    challenges they share.
    """
    c_index = {c: j for j, c in enumerate(cs)}
    faces = profiles > 0
    total = np.zeros((len(rs), len(rs)))
    where: dict[tuple[str, ...], np.ndarray] = {}
    for fund, data in g.nodes(data=True):
        if data.get("kind") != "Fund":
            continue
        shared = np.zeros((len(rs), len(rs)), dtype=bool)
        for challenge in g.successors(fund):
            edge = g.edges[fund, challenge]
            if edge.get("rel") != "SUPPORTS" or challenge not in c_index:
                continue
            territory = tuple(edge["territory"])
            if territory not in where:
                where[territory] = np.array([eligible(list(territory), g.nodes[r].get("nuts"),
                                                      g.nodes[r].get("country")) for r in rs])
            col = faces[:, c_index[challenge]] & where[territory]
            shared |= np.outer(col, col)
        total += shared
    np.fill_diagonal(total, 0)
    return total


def _existing_matrix(pairs: Iterable[tuple[str, str]], rs: list[str]) -> np.ndarray:
    """1 where two regions take part in a common event or project (symmetric); a pair
    listed twice is still one collaboration."""
    r_index = {r: i for i, r in enumerate(rs)}
    co = np.zeros((len(rs), len(rs)))
    for a, b in pairs:
        if a in r_index and b in r_index and a != b:
            co[r_index[a], r_index[b]] = co[r_index[b], r_index[a]] = 1.0
    return co


def suggestions(model: SynergyModel, region: str | None = None, *, top: int = 10,
                include_external: bool = False, explain: bool = True,
                include_contacts: bool = False, max_items: int = MAX_ITEMS) -> list[Suggestion]:
    """Ranked suggestions for ``region``, or the best pairs of the whole partnership.

    For a region, each suggestion is the ordered pair (region, candidate). For the whole
    partnership, each suggestion is a pair in both directions: ``a``'s view of ``b`` with
    ``reverse`` holding ``b``'s view of ``a``, ranked by the higher of the two; so every
    number is the same as in the per-region answer. Without ``include_external`` only
    partnership members are suggested. ``top=0`` returns every pair with a positive
    score. Evidence lists at most ``max_items`` offers per challenge and kind of offer,
    then one line for the rest. Contact points are named even without ``explain``.
    """
    g, rs = model.graph, model.regions
    index = {r: i for i, r in enumerate(rs)}
    scores = model.score_matrix()
    member = np.array([bool(g.nodes[r].get("member")) for r in rs])
    found: list[tuple[float, int, int]] = []
    if region is not None:
        asking = index[region]
        for j in np.flatnonzero(scores[asking]):
            if member[j] or include_external:
                found.append((float(scores[asking, j]), asking, int(j)))
    else:
        upper = np.triu(np.maximum(scores, scores.T), k=1)
        for i, j in zip(*np.nonzero(upper), strict=True):
            if (member[i] and member[j]) or include_external:
                found.append((float(upper[i, j]), int(i), int(j)))
    found.sort(key=lambda t: (-t[0], rs[t[1]], rs[t[2]]))
    if top:
        found = found[:top]
    prefetch(model, [(rs[a], rs[b]) for _, a, b in found])
    out = []
    for _, a, b in found:
        if region is None and scores[b, a] > scores[a, b]:
            a, b = b, a  # the stronger direction first
        s = _suggestion(model, a, b, float(scores[a, b]), explain, include_contacts, max_items)
        if region is None:
            s.reverse = _suggestion(model, b, a, float(scores[b, a]), explain,
                                    include_contacts, max_items)
        out.append(s)
    return out


def prefetch(model: SynergyModel, pairs: Iterable[tuple[str, str]]) -> None:
    """Read what the evidence and contact points of ``pairs`` need, in one request per
    kind: for ``(a, b)``, what b offers for a's challenges, what a offers for b's, and
    what they already do together."""
    pairs = list(pairs)
    faces = model.index.faces
    needs: dict[str, set[str]] = {}
    for a, b in pairs:
        needs.setdefault(b, set()).update(faces[a])
        needs.setdefault(a, set()).update(faces[b])
    model.index.prefetch(needs)
    model.prefetch_together(pairs)


def pair_suggestion(model: SynergyModel, a: str, b: str, *, explain: bool = True,
                    include_contacts: bool = False) -> Suggestion:
    """Region ``a``'s view of region ``b``: one ordered pair, with its evidence."""
    index = {r: i for i, r in enumerate(model.regions)}
    i, j = index[a], index[b]
    return _suggestion(model, i, j, float(model.score_matrix()[i, j]), explain,
                       include_contacts)


def _suggestion(model: SynergyModel, a: int, b: int, score: float, explain: bool,
                include_contacts: bool, max_items: int = MAX_ITEMS) -> Suggestion:
    g, rs = model.graph, model.regions
    ra, rb = rs[a], rs[b]
    name_a, name_b = g.nodes[ra]["name"], g.nodes[rb]["name"]
    existing = bool(model.existing[a, b])
    s = Suggestion(ra, name_a, rb, name_b, round(score, 4),
                   external=not (g.nodes[ra].get("member") and g.nodes[rb].get("member")),
                   existing=existing,
                   multiplier=model.weights.existing if existing else 1.0)
    index = model.index
    if explain:
        _evidence(model, s, max_items)
    s.contacts = _contacts(g, rb, index.offers(rb, index.faces[ra]))
    if include_contacts:
        people = model.people
        for org in [*(c.id for c in s.contacts), rb]:
            s.people += people.get(org, [])
    return s


def _evidence(model: SynergyModel, s: Suggestion, max_items: int) -> None:
    g, w, index = model.graph, model.weights, model.index
    ra, rb = s.a, s.b
    idf = dict(zip(model.challenges, model.idf, strict=True))
    facing, profiled = model.facing, model.profiled
    faces_a, faces_b = index.faces[ra], index.faces[rb]
    shared = set(faces_a) & set(faces_b)
    factor = s.multiplier
    for c in sorted(shared):
        pa, pb = faces_a[c], faces_b[c]
        value = w.similarity * PRIORITY_WEIGHTS[pa[0]] * PRIORITY_WEIGHTS[pb[0]] * idf[c]
        s.evidence.append(Evidence(
            "shared_challenge",
            f"both face '{g.nodes[c]['name']}' ({s.a_name}: {pa[0]}, {s.b_name}: {pb[0]}; "
            f"{facing[c]} of {profiled} regions face it, idf {idf[c]:.2f}; "
            f"{w.similarity:g} x {PRIORITY_WEIGHTS[pa[0]]:g} x {PRIORITY_WEIGHTS[pb[0]]:g}"
            f" x {idf[c]:.2f})", round(value * factor, 4), pb[1], c,
            challenge_name=g.nodes[c]["name"], facing=facing[c], profiled=profiled,
            priority_a=pa[0], priority_b=pb[0]))
    for kind, giver, taker, weight in (("offer", rb, ra, w.needs),
                                       ("reverse_offer", ra, rb, w.gives)):
        needs = index.faces[taker]
        groups: dict[tuple[str, str], list[tuple[str, dict[str, str]]]] = {}
        for item, challenge, orgs in index.offers(giver, needs):
            groups.setdefault((challenge, _offer_kind(g.nodes[item])), []).append(
                (item, orgs))
        for (challenge, item_kind), offers in sorted(groups.items()):
            k = offer_weight(g.nodes[offers[0][0]])
            value = weight * k * PRIORITY_WEIGHTS[needs[challenge][0]] * (1 + idf[challenge])
            lesson = item_kind == "lesson"
            evidence_kind = kind.replace("offer", "lesson") if lesson else kind
            need = f"{g.nodes[taker]['name']}'s challenge '{g.nodes[challenge]['name']}'"
            arithmetic = (f"{weight:g} x {k:g} ({item_kind}) x "
                          f"{PRIORITY_WEIGHTS[needs[challenge][0]]:g} ({needs[challenge][0]}) "
                          f"x (1 + {idf[challenge]:.2f})")
            shown = offers[:max_items]
            for item, orgs in shown:
                who = ", ".join(sorted(orgs.values())) or g.nodes[giver]["name"]
                verb = "shares the lesson of" if lesson else f"offers {item_kind}"
                s.evidence.append(Evidence(
                    evidence_kind,
                    f"{g.nodes[giver]['name']} {verb} '{g.nodes[item]['name']}' ({who}) for "
                    f"{need}: {arithmetic}", round(value * factor, 4),
                    g.nodes[item].get("source"), item,
                    challenge_name=g.nodes[challenge]["name"], facing=facing[challenge],
                    profiled=profiled, priority_a=needs[challenge][0], item_kind=item_kind,
                    item_name=g.nodes[item]["name"], giver=g.nodes[giver]["name"],
                    orgs=dict(orgs)))
            rest = index.count(giver, challenge, item_kind) - len(shown)
            if rest > 0:  # keeps the sum exact without listing thousands of items
                s.evidence.append(Evidence(
                    evidence_kind, f"{g.nodes[giver]['name']} has {rest} more {item_kind}s "
                    f"for {need}: {rest} x ({arithmetic})", round(value * rest * factor, 4),
                    challenge_name=g.nodes[challenge]["name"], item_kind=item_kind,
                    giver=g.nodes[giver]["name"], more=rest, priority_a=needs[challenge][0]))
    counted: set[str] = set()
    everywhere = model.everywhere
    for fund, challenge, source, where in index.funds:
        if fund in counted or challenge not in shared or ra not in where or rb not in where:
            continue
        counted.add(fund)
        s.evidence.append(Evidence(
            "shared_fund", f"'{g.nodes[fund]['name']}' supports '{g.nodes[challenge]['name']}' "
            f"in both territories: {w.funds:g}", round(w.funds * factor, 4), source, fund,
            challenge_name=g.nodes[challenge]["name"], item_name=g.nodes[fund]["name"],
            item_kind="fund", everywhere=fund in everywhere))
    together = model.together(ra, rb)
    for shared_item in together.items[:max_items]:
        s.evidence.append(Evidence(
            "existing", f"already together in {shared_item.kind.lower()} "
            f"'{shared_item.name}' (score x {w.existing:g})", 0.0,
            shared_item.source, shared_item.item, item_kind=shared_item.kind.lower(),
            item_name=shared_item.name))
    more = together.total - len(together.items[:max_items])
    if more > 0:
        s.evidence.append(Evidence(
            "existing", f"and together in {more} more events or projects", 0.0, more=more))


def _offer_kind(data: Mapping[str, Any]) -> str:
    """How an item reads in evidence: ``practice``, ``course``, ``project`` or ``lesson``."""
    return "lesson" if data.get("lesson") else str(data["kind"]).lower()


def _contacts(g: SynergyGraph, region: str, offers: list[tuple[str, str, dict[str, str]]]
              ) -> list[ContactPoint]:
    """Whom to contact in ``region``: the body that represents it in the partnership,
    then the organisations behind its offers for the asking region's challenges; each
    organisation once, under its own name."""
    orgs: Mapping[str, Mapping[str, Any]] = g.graph.get("orgs", {})
    out: dict[str, ContactPoint] = {}
    for rep in g.graph.get("representatives", {}).get(region, []):
        info = orgs.get(rep["org"], {})
        out[rep["org"]] = ContactPoint(
            rep["org"], info.get("name") or rep["org"], info.get("category"),
            info.get("website"), f"represents {g.nodes[region]['name']} in the partnership",
            rep.get("function"), rep.get("address"), represents=True,
            verified=bool(rep.get("verified", True)), source=rep.get("source"))
    for item, _, behind in offers:
        for org, name in sorted(behind.items()):
            if org in out:
                continue
            info = orgs.get(org, {})
            verb = "shares the lesson" if g.nodes[item].get("lesson") else "behind"
            out[org] = ContactPoint(org, name, info.get("category"), info.get("website"),
                                    f"{verb} '{g.nodes[item]['name']}'")
    return list(out.values())
