"""Explained synergy suggestions between regions: a score and the evidence behind it.

``score(A, B) = w_similarity * S(A, B) + w_needs * C(A <- B) + w_gives * C(B <- A)
+ w_funds * F(A, B)``, times ``w_existing`` when A and B already work together. S is
:mod:`analysis.similarity`, C :mod:`analysis.complementarity`, F counts funds that
support a challenge both face and for which both are eligible. ``docs/synergy.md``
writes it out with a worked example.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
from scipy import sparse

from analysis.complementarity import KIND_WEIGHTS, complementarity_matrix, offer_matrix
from analysis.similarity import idf as idf_of
from analysis.similarity import profile_matrix, similarity_matrix
from analysis.synergy_graph import AVAILABLE_IN, TAKES_PART, eligible, regions
from graph.errors import RspError
from graph.schema import PRIORITY_WEIGHTS, default_priority


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
        try:
            return cls(**{k: float(v) for k, v in values.items()})
        except ValueError as exc:
            raise RspError(f"weights must be numbers: {exc}") from exc


@dataclass
class Evidence:
    """One reason behind a score, with its share of it and the fact's source."""

    kind: str  # shared_challenge | offer | reverse_offer | shared_fund | existing
    text: str
    contribution: float
    source: str | None = None
    item: str | None = None


@dataclass
class Suggestion:
    a: str
    a_name: str
    b: str
    b_name: str
    score: float
    external: bool
    existing: bool
    evidence: list[Evidence] = field(default_factory=list)
    contacts: dict[str, str] = field(default_factory=dict)  # org id -> name
    people: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class EvidenceIndex:
    """Per-region facts, gathered once, so each reported pair's evidence is cheap."""

    faces: dict[str, dict[str, tuple[str, str | None]]]
    offers: dict[str, list[tuple[str, str, dict[str, str]]]]
    funds: list[tuple[str, str, str | None, frozenset[str]]]  # fund, challenge, source, where
    takes_part: dict[str, set[str]]

    @classmethod
    def of(cls, g: nx.DiGraph, rs: list[str]) -> EvidenceIndex:
        faces: dict[str, dict[str, tuple[str, str | None]]] = {r: {} for r in rs}
        offers: dict[str, list[tuple[str, str, dict[str, str]]]] = {r: [] for r in rs}
        takes_part: dict[str, set[str]] = {r: set() for r in rs}
        funds = []
        addresses: dict[str, list[str]] = {}
        available: list[tuple[str, str, dict[str, str]]] = []
        for u, v, d in g.edges(data=True):
            rel = d.get("rel")
            if rel == "FACES" and u in faces:
                faces[u][v] = (d.get("priority") or default_priority(), d.get("source"))
            elif rel == "ADDRESSES":
                addresses.setdefault(u, []).append(v)
            elif rel == AVAILABLE_IN and v in offers:
                available.append((u, v, dict(d.get("orgs", {}))))
            elif rel == TAKES_PART and u in takes_part:
                takes_part[u].add(v)
            elif rel == "SUPPORTS":
                where = frozenset(r for r in rs if eligible(
                    d["territory"], g.nodes[r].get("nuts"), g.nodes[r].get("country")))
                funds.append((u, v, d.get("source"), where))
        for item, region, orgs in available:
            for challenge in addresses.get(item, []):
                offers[region].append((item, challenge, orgs))
        for found in offers.values():
            found.sort(key=lambda t: (t[0], t[1]))
        funds.sort(key=lambda t: (t[0], t[1]))
        return cls(faces, offers, funds, takes_part)


@dataclass
class SynergyModel:
    """All-pairs matrices over regions; evidence is derived on demand for reported pairs."""

    graph: nx.DiGraph
    regions: list[str]
    challenges: list[str]
    idf: np.ndarray
    similarity: sparse.csr_matrix
    complementarity: sparse.csr_matrix
    funds: sparse.csr_matrix
    existing: sparse.csr_matrix
    weights: Weights

    @cached_property
    def index(self) -> EvidenceIndex:
        """Built on the first evidence request: ranking alone never pays for it."""
        return EvidenceIndex.of(self.graph, self.regions)

    def score_matrix(self) -> sparse.csr_matrix:
        w = self.weights
        total = (w.similarity * self.similarity + w.needs * self.complementarity
                 + w.gives * self.complementarity.T + w.funds * self.funds).tocsr()
        if w.existing != 1.0:
            factor = self.existing.multiply(w.existing - 1.0)  # existing pairs: x w.existing
            total = (total + total.multiply(factor)).tocsr()
        total.eliminate_zeros()
        return total


def build_model(g: nx.DiGraph, weights: Weights | None = None, *,
                priority_weights: Mapping[str, float] = PRIORITY_WEIGHTS,
                kind_weights: Mapping[str, float] = KIND_WEIGHTS) -> SynergyModel:
    """Compute every pair's similarity, complementarity, shared funds and collaboration."""
    weights = weights or Weights()
    rs = regions(g)
    idf_map = idf_of(g)
    cs = sorted(idf_map)
    idf = np.array([idf_map[c] for c in cs])
    profiles = profile_matrix(g, rs, cs, priority_weights)
    offers = offer_matrix(g, rs, cs, kind_weights)
    return SynergyModel(
        g, rs, cs, idf,
        similarity_matrix(profiles, idf),
        complementarity_matrix(profiles, offers, idf),
        _fund_matrix(g, rs, cs, profiles),
        _existing_matrix(g, rs),
        weights,
    )


def _fund_matrix(g: nx.DiGraph, rs: list[str], cs: list[str],
                 profiles: sparse.csr_matrix) -> sparse.csr_matrix:
    """F[a, b]: funds supporting a challenge both face, with both regions eligible."""
    c_index = {c: j for j, c in enumerate(cs)}
    faces = (profiles > 0).astype(np.float64).tocsc()
    total = sparse.csr_matrix((len(rs), len(rs)))
    for fund, data in g.nodes(data=True):
        if data.get("kind") != "Fund":
            continue
        supported = [(v, g.edges[fund, v]["territory"]) for v in g.successors(fund)
                     if g.edges[fund, v].get("rel") == "SUPPORTS" and v in c_index]
        if not supported:
            continue
        shared = sparse.csr_matrix((len(rs), len(rs)))
        for challenge, territory in supported:
            ok = np.array([eligible(territory, g.nodes[r].get("nuts"), g.nodes[r].get("country"))
                           for r in rs], dtype=np.float64)
            col = faces[:, c_index[challenge]].multiply(ok[:, None]).tocsr()
            shared = shared + col @ col.T
        total = total + (shared > 0).astype(np.float64)
    total = total.tocsr()
    total.setdiag(0)
    total.eliminate_zeros()
    return total


def _existing_matrix(g: nx.DiGraph, rs: list[str]) -> sparse.csr_matrix:
    """1 where two regions take part in a common event or project."""
    items = sorted({v for u, v, d in g.edges(data=True) if d.get("rel") == TAKES_PART})
    i_index = {x: j for j, x in enumerate(items)}
    r_index = {r: i for i, r in enumerate(rs)}
    rows, cols = [], []
    for u, v, d in g.edges(data=True):
        if d.get("rel") == TAKES_PART and u in r_index:
            rows.append(r_index[u])
            cols.append(i_index[v])
    p = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(rs), len(items)))
    co = ((p @ p.T) > 0).astype(np.float64).tocsr()
    co.setdiag(0)
    co.eliminate_zeros()
    return co


def suggestions(model: SynergyModel, region: str | None = None, *, top: int = 10,
                include_external: bool = False, explain: bool = True,
                include_contacts: bool = False, max_items: int = 5) -> list[Suggestion]:
    """Ranked suggestions for ``region``, or the best pairs of the whole partnership.

    Without ``include_external`` only partnership members are suggested. ``top=0``
    returns every pair with a positive score. Evidence lists at most ``max_items`` offers
    per challenge and kind of offer, then one line for the rest.
    """
    g, rs = model.graph, model.regions
    index = {r: i for i, r in enumerate(rs)}
    scores = model.score_matrix()
    member = np.array([bool(g.nodes[r].get("member")) for r in rs])
    found: list[tuple[float, int, int]] = []
    if region is not None:
        a = index[region]
        row = scores.getrow(a)
        for b, value in zip(row.indices, row.data, strict=True):
            if member[b] or include_external:
                found.append((float(value), a, int(b)))
    else:
        sym = ((scores + scores.T) * 0.5).tocsr()
        upper = sparse.triu(sym, k=1).tocoo()
        for a, b, value in zip(upper.row, upper.col, upper.data, strict=True):
            if (member[a] and member[b]) or include_external:
                found.append((float(value), int(a), int(b)))
    found.sort(key=lambda t: (-t[0], rs[t[1]], rs[t[2]]))
    if top:
        found = found[:top]
    return [_suggestion(model, a, b, score, explain, include_contacts, symmetric=region is None,
                        max_items=max_items) for score, a, b in found]


def _suggestion(model: SynergyModel, a: int, b: int, score: float, explain: bool,
                include_contacts: bool, symmetric: bool, max_items: int = 5) -> Suggestion:
    g, rs = model.graph, model.regions
    ra, rb = rs[a], rs[b]
    s = Suggestion(ra, g.nodes[ra]["name"], rb, g.nodes[rb]["name"], round(score, 4),
                   external=not (g.nodes[ra].get("member") and g.nodes[rb].get("member")),
                   existing=bool(model.existing[a, b]))
    if not explain:
        return s
    w = model.weights
    idf = dict(zip(model.challenges, model.idf, strict=True))
    # A pair's symmetric score averages both directions, so each direction's offers
    # count at the mean of the two weights.
    need_w = (w.needs + w.gives) / 2 if symmetric else w.needs
    give_w = (w.needs + w.gives) / 2 if symmetric else w.gives
    index = model.index
    faces_a, faces_b = index.faces[ra], index.faces[rb]
    shared = set(faces_a) & set(faces_b)
    for c in sorted(shared):
        pa, pb = faces_a[c], faces_b[c]
        value = w.similarity * PRIORITY_WEIGHTS[pa[0]] * PRIORITY_WEIGHTS[pb[0]] * idf[c]
        s.evidence.append(Evidence(
            "shared_challenge",
            f"both face '{g.nodes[c]['name']}' ({ra}: {pa[0]}, {rb}: {pb[0]}; "
            f"rarity idf {idf[c]:.2f})", round(value, 4), pb[1], c))
    for kind, giver, taker, weight in (("offer", rb, ra, need_w),
                                       ("reverse_offer", ra, rb, give_w)):
        needs = index.faces[taker]
        groups: dict[tuple[str, str], list[tuple[str, dict[str, str]]]] = {}
        for item, challenge, orgs in index.offers[giver]:
            if challenge in needs:
                groups.setdefault((challenge, g.nodes[item]["kind"]), []).append((item, orgs))
        for (challenge, item_kind), offers in sorted(groups.items()):
            value = weight * KIND_WEIGHTS.get(item_kind, 0.0) * PRIORITY_WEIGHTS[
                needs[challenge][0]] * (1 + idf[challenge])
            need = f"{g.nodes[taker]['name']}'s challenge '{g.nodes[challenge]['name']}'"
            for item, orgs in offers[:max_items]:
                who = ", ".join(sorted(orgs.values())) or g.nodes[giver]["name"]
                text = (f"{g.nodes[giver]['name']} offers {item_kind.lower()} "
                        f"'{g.nodes[item]['name']}' ({who}) for {need}")
                s.evidence.append(Evidence(kind, text, round(value, 4),
                                           g.nodes[item].get("source"), item))
                if kind == "offer":  # the organisations behind it, else the region itself
                    s.contacts.update(orgs or {giver: f"{g.nodes[giver]['name']} (the region)"})
            rest = len(offers) - max_items
            if rest > 0:  # keeps the sum exact without listing thousands of items
                s.evidence.append(Evidence(
                    kind, f"{g.nodes[giver]['name']} offers {rest} more {item_kind.lower()}s "
                    f"for {need}",
                    round(value * rest, 4)))
    counted: set[str] = set()
    for fund, challenge, source, where in index.funds:
        if fund in counted or challenge not in shared or ra not in where or rb not in where:
            continue
        counted.add(fund)
        s.evidence.append(Evidence(
            "shared_fund", f"'{g.nodes[fund]['name']}' supports '{g.nodes[challenge]['name']}' "
            "in both territories", round(w.funds, 4), source, fund))
    together = sorted(index.takes_part[ra] & index.takes_part[rb])
    for item in together[:max_items]:
        s.evidence.append(Evidence(
            "existing", f"already together in {g.nodes[item]['kind'].lower()} "
            f"'{g.nodes[item]['name']}' (score x {w.existing})", 0.0,
            g.nodes[item].get("source"), item))
    if len(together) > max_items:
        s.evidence.append(Evidence(
            "existing", f"and together in {len(together) - max_items} more events or projects",
            0.0))
    if s.existing:
        for e in s.evidence:
            e.contribution = round(e.contribution * w.existing, 4)
    if include_contacts:
        people = g.graph.get("contacts", {})
        for org in [*s.contacts, rb]:
            s.people += people.get(org, [])
    return s
