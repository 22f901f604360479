"""The one declaration of the graph: node kinds, relationship kinds, their properties.

Everything else derives from it: loader validation, both databases' DDL and
constraints, spreadsheet templates, the network page's colours, ``rsp schema``
and ``docs/data-format.md``. Add a property here and it appears everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar, Literal

PropType = Literal["string", "int", "float", "bool", "date", "list"]

#: Separator of values inside a ``list`` cell of a spreadsheet.
LIST_SEPARATOR = "|"


@dataclass(frozen=True)
class Prop:
    """A typed property of a node or relationship kind."""

    name: str
    type: PropType = "string"
    description: str = ""
    required: bool = False
    choices: tuple[str, ...] | None = None
    #: Personal data of a real person: left out of exports unless asked for.
    personal: bool = False
    default: object = None
    #: Kept by rsp itself, never a spreadsheet column (e.g. which datasets supply a record).
    system: bool = False


@dataclass(frozen=True)
class NodeKind:
    """A kind of node; its key property is always ``id``, unique across all kinds."""

    label: str
    file: str
    description: str
    props: tuple[Prop, ...]
    color: str
    shape: str = "dot"
    personal: bool = False

    @property
    def name(self) -> str:
        return self.label

    @property
    def all_props(self) -> tuple[Prop, ...]:
        """The spreadsheet columns of this kind's table."""
        return (KEY, *self.props, *COMMON)

    @property
    def stored_props(self) -> tuple[Prop, ...]:
        """What the database stores: the columns and the system properties."""
        return (*self.all_props, *SYSTEM)

    #: The columns that identify a row of this kind's table.
    key_columns: ClassVar[tuple[str, ...]] = ("id",)

    @property
    def value_props(self) -> tuple[Prop, ...]:
        """Every stored property but the key: what a load sets and compares."""
        return tuple(p for p in self.stored_props if p.name not in self.key_columns)

    @property
    def display_prop(self) -> str:
        """The property people know a node by (``name``, else ``title``, else ``id``)."""
        for p in self.props:
            if p.name in DISPLAY_PROPS:
                return p.name
        return "id"

    def prop(self, name: str) -> Prop:
        return _find(self.all_props, name, self.label)


@dataclass(frozen=True)
class RelKind:
    """A kind of relationship, with the node kinds allowed at each end."""

    type: str
    file: str
    description: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    props: tuple[Prop, ...] = ()
    color: str = "#9aa5b1"

    @property
    def all_props(self) -> tuple[Prop, ...]:
        """The spreadsheet columns of this kind's table."""
        return (FROM, TO, *self.props, *COMMON)

    @property
    def stored_props(self) -> tuple[Prop, ...]:
        """What the database stores: the columns and the system properties."""
        return (*self.all_props, *SYSTEM)

    #: The columns that identify a row of this kind's table.
    key_columns: ClassVar[tuple[str, ...]] = ("from", "to")

    @property
    def value_props(self) -> tuple[Prop, ...]:
        """Every stored property but the two ends: what a load sets and compares."""
        return tuple(p for p in self.stored_props if p.name not in self.key_columns)

    @property
    def name(self) -> str:
        return self.type

    @property
    def endpoint_pairs(self) -> list[tuple[str, str]]:
        return [(s, t) for s in self.sources for t in self.targets]

    def prop(self, name: str) -> Prop:
        return _find(self.all_props, name, self.type)


def _find(props: Iterable[Prop], name: str, owner: str) -> Prop:
    for p in props:
        if p.name == name:
            return p
    raise KeyError(f"{owner} has no property {name!r}")


KEY = Prop("id", required=True,
           description="Stable identifier, unique across the whole dataset "
           "(e.g. `region-trnava`). Relationships refer to it.")
FROM = Prop("from", required=True, description="`id` of the node the relationship starts at.")
TO = Prop("to", required=True, description="`id` of the node the relationship points to.")

#: Carried by every node and relationship: where the fact comes from and how sure we are.
COMMON: tuple[Prop, ...] = (
    Prop("source", required=True, description="URL or document the fact comes from."),
    Prop("updated", "date", required=True,
         description="Date the record was last checked (YYYY-MM-DD)."),
    Prop("verified", "bool", default=True,
         description="false when no retrieved source confirms the fact (flagged in outputs)."),
    Prop("illustrative", "bool", default=False,
         description="true for example or synthetic records that are not real facts."),
    Prop("note", description="Free-text remark, e.g. why a fact is unverified."),
)

#: The property that says which datasets supply a record (a list of dataset names).
DATASETS = "datasets"
#: Kept by ``rsp load`` on every node and relationship: provenance by dataset, so that a
#: reload can remove exactly what its dataset no longer holds.
SYSTEM: tuple[Prop, ...] = (
    Prop(DATASETS, "list", system=True,
         description="Datasets that supply this record (set by rsp load, not a column)."),
)

ORG_CATEGORIES = (
    "industry", "vet_provider", "university", "research_centre", "social_partner",
    "regional_government", "cluster", "eu_body", "network", "public_agency", "other",
)
EVENT_KINDS = (
    "working_group_meeting", "study_visit", "workshop", "roundtable", "conference",
    "webinar", "other",
)
PRIORITIES = ("high", "medium", "low")
#: How much a challenge counts for a region by the priority it gives it (synergy scores).
PRIORITY_WEIGHTS: dict[str, float] = {"high": 1.0, "medium": 0.6, "low": 0.3}
THEMES = ("green", "digital", "social", "economic")
#: Property names that label a node for people, in order of preference.
DISPLAY_PROPS = ("name", "title")

NODE_KINDS: tuple[NodeKind, ...] = (
    NodeKind(
        "Region", "regions", "A region (NUTS territory or municipality) with automotive industry.",
        (
            Prop("name", required=True),
            Prop("country", required=True, description="Country name in English."),
            Prop("country_code", required=True, description="ISO 3166-1 alpha-2 code, e.g. `SK`."),
            Prop("nuts_code", description="NUTS code (2021 unless noted)."),
            Prop("rsp_member", "bool", default=False,
                 description="Member of the Regional Skills Partnership (the 15 regions)."),
            Prop("member_since", "date",
                 description="Date the region joined the partnership / ASA (for milestones)."),
            Prop("ara_member", "bool", default=False,
                 description="Member of the CoR's Automotive Regions Alliance."),
        ),
        color="#1f77b4", shape="star",
    ),
    NodeKind(
        "Organisation", "organisations",
        "A company, training provider, university, social partner, government body, cluster, "
        "or an EU body or network such as ASA, the CoR, ARA or CoRAI.",
        (
            Prop("name", required=True),
            Prop("category", required=True, choices=ORG_CATEGORIES),
            Prop("country_code", description="ISO 3166-1 alpha-2; empty for EU-level bodies."),
            Prop("website"),
            Prop("description"),
        ),
        color="#ff7f0e", shape="dot",
    ),
    NodeKind(
        "Contact", "contacts",
        "A contact person (personal data: keep it minimal; left out of exports by default).",
        (
            Prop("name", required=True, personal=True),
            Prop("role", description="Function, e.g. 'regional skills coordinator'."),
            Prop("email", personal=True),
        ),
        color="#7f7f7f", shape="dot", personal=True,
    ),
    NodeKind(
        "Challenge", "challenges", "A twin-transition theme a region faces.",
        (
            Prop("name", required=True),
            Prop("theme", required=True, choices=THEMES),
            Prop("description"),
        ),
        color="#d62728", shape="triangle",
    ),
    NodeKind(
        "Practice", "practices", "A good (or bad) practice a region shares.",
        (
            Prop("name", required=True),
            Prop("kind", default="good", choices=("good", "bad")),
            Prop("description"),
            Prop("url"),
        ),
        color="#2ca02c", shape="square",
    ),
    NodeKind(
        "Fund", "funds", "A funding instrument (EU, national, regional or private).",
        (
            Prop("name", required=True),
            Prop("level", required=True, choices=("eu", "national", "regional", "private")),
            Prop("budget_eur", "float",
                 description="Total budget in euro, when a source gives it."),
            Prop("period", description="Programming period, e.g. `2021-2027`."),
            Prop("description"),
            Prop("url"),
        ),
        color="#bcbd22", shape="diamond",
    ),
    NodeKind(
        "Project", "projects", "A skills project (e.g. an Erasmus+ Blueprint) or regional pilot.",
        (
            Prop("name", required=True),
            Prop("programme", description="Funding programme or action type."),
            Prop("start", "date"),
            Prop("end", "date"),
            Prop("budget_eur", "float"),
            Prop("pilot", "bool", default=False,
                 description="A regional pilot project (counts for the pilot milestone)."),
            Prop("description"),
            Prop("url"),
        ),
        color="#9467bd", shape="hexagon",
    ),
    NodeKind(
        "Course", "courses", "A training course, programme or micro-credential.",
        (
            Prop("name", required=True),
            Prop("kind", default="course",
                 choices=("course", "micro_credential", "degree", "dual_vet", "programme")),
            Prop("eqf_level", "int", description="EQF level 1-8, when known."),
            Prop("language"),
            Prop("url"),
        ),
        color="#17becf", shape="box",
    ),
    NodeKind(
        "Skill", "skills", "A skill or a reference job role (e.g. from the Skills Hub).",
        (
            Prop("name", required=True),
            Prop("kind", default="skill", choices=("skill", "job_role")),
            Prop("description"),
        ),
        color="#e377c2", shape="ellipse",
    ),
    NodeKind(
        "Event", "events",
        "A working-group meeting, study visit, workshop, roundtable or conference.",
        (
            Prop("name", required=True),
            Prop("kind", required=True, choices=EVENT_KINDS),
            Prop("date", "date", required=True),
            Prop("place"),
            Prop("url"),
        ),
        color="#8c564b", shape="dot",
    ),
    NodeKind(
        "ActionPoint", "action_points", "An action point of the partnership document.",
        (
            Prop("title", required=True),
            Prop("section", description="Key step of the document it belongs to."),
            Prop("description"),
        ),
        color="#9ecae1", shape="box",
    ),
    NodeKind(
        "Milestone", "milestones",
        "A measurable milestone: a named query computes its metric from the graph.",
        (
            Prop("title", required=True),
            Prop("metric", required=True, description="What is counted, in words."),
            Prop("query", required=True,
                 description="Name of the query in `queries/` that computes the value."),
            Prop("target", "float", required=True),
            Prop("deadline", "date", required=True),
            Prop("start", "date", description="Start of the counting window (optional)."),
            Prop("params", "list",
                 description="Query parameters as `key=value` items separated by `|`."),
            Prop("baseline", "float", description="Baseline the target is relative to, if any."),
        ),
        color="#c7e9c0", shape="box",
    ),
)

REL_KINDS: tuple[RelKind, ...] = (
    RelKind("LOCATED_IN", "located_in", "Where an organisation, practice or event is.",
            ("Organisation", "Practice", "Event"), ("Region",)),
    RelKind("MEMBER_OF", "member_of", "Membership of a region or organisation in a body/network.",
            ("Region", "Organisation"), ("Organisation",),
            (Prop("since", "date"),)),
    RelKind("FACES", "faces", "A region faces a challenge.", ("Region",), ("Challenge",),
            (Prop("priority", default="medium", choices=PRIORITIES),), color="#d62728"),
    RelKind("ADDRESSES", "addresses", "A practice, course or project addresses a challenge.",
            ("Practice", "Course", "Project"), ("Challenge",)),
    RelKind("SHARES", "shares", "A region or organisation shares a practice.",
            ("Region", "Organisation"), ("Practice",)),
    RelKind("OFFERS", "offers", "A provider offers a course.", ("Organisation",), ("Course",)),
    RelKind("TEACHES", "teaches", "A course teaches a skill or prepares for a job role.",
            ("Course",), ("Skill",)),
    RelKind("PARTNER_IN", "partner_in", "An organisation or region takes part in a project.",
            ("Organisation", "Region"), ("Project",),
            (Prop("role", default="partner",
                  choices=("coordinator", "partner", "associated", "lead")),)),
    RelKind("PILOTS_IN", "pilots_in", "A project runs (pilots) in a region.",
            ("Project",), ("Region",)),
    RelKind("FUNDED_BY", "funded_by", "A project is funded by a fund.", ("Project",), ("Fund",),
            (Prop("amount_eur", "float"),)),
    RelKind("SUPPORTS", "supports", "A fund supports work on a challenge in some territories.",
            ("Fund",), ("Challenge",),
            (Prop("eligible_territory", "list", default=("EU",),
                  description="NUTS code prefixes or country codes separated by `|`; "
                  "`EU` = all."),)),
    RelKind("HOSTS", "hosts", "Who hosts an event.", ("Organisation", "Region"), ("Event",)),
    RelKind("ATTENDS", "attends", "Who took part in an event.",
            ("Organisation", "Region", "Contact"), ("Event",)),
    RelKind("WORKS_FOR", "works_for", "A contact person works for an organisation.",
            ("Contact",), ("Organisation",)),
    RelKind("REPRESENTS", "represents", "A contact person represents a region or organisation.",
            ("Contact",), ("Region", "Organisation")),
    RelKind("MEASURES", "measures", "A milestone measures an action point.",
            ("Milestone",), ("ActionPoint",)),
    RelKind("REPRESENTED_BY", "represented_by",
            "The body that represents a region in the partnership (its regional government, "
            "agency or cluster): the region's default contact point.",
            ("Region",), ("Organisation",),
            (Prop("function", description="Role-based contact point: the office or function "
                  "to address (no personal names), when a public source gives it."),
             Prop("address", description="Organisational address of that function (a generic "
                  "e-mail or contact page URL, never a person's), when a public source gives "
                  "it."))),
)

#: The history of loads: one node per load, kept beside the graph (not a table people fill
#: in, not exported, not counted): ``rsp history`` and ``rsp changes`` read it.
LOAD_RECORD = NodeKind(
    "LoadRecord", "_loads", "One load of a dataset: when, from where, what it changed.",
    (
        Prop("dataset", required=True),
        Prop("at", required=True, description="When the load was written (UTC, ISO 8601)."),
        Prop("checksum", description="SHA-256 of the file or folder loaded."),
        Prop("backend"),
        Prop("added", "int"),
        Prop("changed", "int"),
        Prop("removed", "int"),
        Prop("complete", "bool", default=True,
             description="false until the last batch of a batched load commits."),
        Prop("changes", description="What changed, as JSON (capped for very large loads)."),
    ),
    color="#cccccc",
)

#: The synergy index: aggregates the synergy scores are computed from, counted by rsp after
#: each load so that one region's answer reads a few rows instead of the network. Derived,
#: never exported or counted; a ``SynergyStamp`` says which graph (which loads) they match,
#: and rows of any other build are ignored (:mod:`usecases.synergy_index`).
SYNERGY_TOTAL = NodeKind(
    "SynergyTotal", "_synergy_totals",
    "How many distinct offers of each kind one region has for each challenge, and the "
    "first few by id that evidence lists (derived): one row per region, its totals as JSON "
    "[[challenge, kind, lesson, items], ...] and each total's first ids apart (a one-region "
    "answer reads every region's totals, and the ids of the few regions it shows).",
    (Prop("build", required=True), Prop("region", required=True),
     Prop("totals", required=True,
          description="JSON list of [challenge, kind, lesson, items], one per total."),
     Prop("samples", required=True,
          description="JSON list of each total's first ids by id, in the order of "
                      "totals.")),
    color="#cccccc",
)
SYNERGY_PAIR = NodeKind(
    "SynergyPair", "_synergy_pairs",
    "The regions one region takes part with in a common event or project, and the events "
    "and projects it takes part in (derived): one row per region.",
    (Prop("build", required=True), Prop("region", required=True),
     Prop("partners", "list", description="Ids of the regions it works with."),
     Prop("taking_part",
          description='JSON {"Event": [ids], "Project": [ids]}: what it takes part in.')),
    color="#cccccc",
)
SYNERGY_STAMP = NodeKind(
    "SynergyStamp", "_synergy_stamp",
    "Which graph the synergy index was counted from: the loads and counts it matches.",
    (Prop("build", required=True), Prop("loads", "int"), Prop("last_load"),
     Prop("counts", description="Nodes and relationships per kind, as JSON."),
     Prop("at", description="When the index was counted (UTC, ISO 8601)."),
     Prop("format", "int", description="The index's layout; another one is not read.")),
    color="#cccccc",
)
#: Which load is writing to a Neo4j database now (:mod:`graph.lease`): taken before a load
#: reads the graph to plan its writes, given back when it ends. Loads on one server run one
#: at a time, so two never create the same relationship from two stale plans.
LOAD_LEASE = NodeKind(
    "LoadLease", "_load_lease",
    "The load writing to the database now (Neo4j): one node while a load runs, none "
    "otherwise.",
    (Prop("holder", required=True, description="A random id of the load holding it."),
     Prop("dataset", description="The dataset being loaded."),
     Prop("since", description="When the load took it (UTC, ISO 8601)."),
     Prop("renewed", "int",
          description="The server's clock (ms) when the load last showed it is alive."),
     Prop("asked", "int",
          description="The server's clock (ms) when a load last asked for it.")),
    color="#cccccc",
)
#: Kept by rsp beside the graph: tables in the database, not in spreadsheets or exports.
SYSTEM_KINDS: tuple[NodeKind, ...] = (LOAD_RECORD, SYNERGY_TOTAL, SYNERGY_PAIR, SYNERGY_STAMP,
                                      LOAD_LEASE)

ALL_KINDS: tuple[NodeKind | RelKind, ...] = (*NODE_KINDS, *REL_KINDS)
NODES: dict[str, NodeKind] = {k.label: k for k in NODE_KINDS}
RELS: dict[str, RelKind] = {k.type: k for k in REL_KINDS}
BY_FILE: dict[str, NodeKind | RelKind] = {k.file: k for k in ALL_KINDS}


def node_kind(label: str) -> NodeKind:
    """The node kind named ``label`` (raises ``KeyError`` for anything else)."""
    return NODES[label]


def rel_kind(rel_type: str) -> RelKind:
    """The relationship kind named ``rel_type`` (raises ``KeyError`` for anything else)."""
    return RELS[rel_type]


def default_priority() -> str:
    """The priority a ``faces`` row without one is given (the schema's default).

    >>> default_priority()
    'medium'
    """
    return str(RELS["FACES"].prop("priority").default)


def priority_weight(priority: str | None) -> float:
    """The weight of a challenge's priority; a blank priority weighs as the default.

    >>> priority_weight("high"), priority_weight(None)
    (1.0, 0.6)
    """
    return PRIORITY_WEIGHTS[priority or default_priority()]


def _check() -> None:
    """Fail at import when the declaration contradicts itself."""
    files = [k.file for k in NODE_KINDS] + [k.file for k in REL_KINDS]
    assert len(files) == len(set(files)), "duplicate file names in the schema"
    for rel in REL_KINDS:
        for end in (*rel.sources, *rel.targets):
            assert end in NODES, f"{rel.type} refers to unknown node kind {end}"
    for kind in ALL_KINDS:
        names = [p.name for p in kind.all_props]
        assert len(names) == len(set(names)), f"duplicate property in {kind}"
    assert set(PRIORITY_WEIGHTS) == set(PRIORITIES), "every priority needs a weight"


_check()

#: Dataset-level fields grouped so callers can iterate over both kinds.
__all__ = [
    "BY_FILE",
    "COMMON",
    "DATASETS",
    "DISPLAY_PROPS",
    "LIST_SEPARATOR",
    "NODES",
    "NODE_KINDS",
    "PRIORITIES",
    "PRIORITY_WEIGHTS",
    "RELS",
    "REL_KINDS",
    "SYSTEM",
    "THEMES",
    "NodeKind",
    "Prop",
    "RelKind",
    "default_priority",
    "node_kind",
    "priority_weight",
    "rel_kind",
]
