"""Allow-list sandbox for ad-hoc Cypher: only statements whose plan merely reads the graph run.

``rsp query -e`` promises read-only queries, but a read-only transaction is not enough:
LadybugDB runs ``COPY ... TO`` (writes a file), ``LOAD FROM`` (reads any file),
``INSTALL``/``LOAD EXTENSION``, ``ATTACH``, ``CALL`` of table functions and more inside
``BEGIN TRANSACTION READ ONLY``, and Neo4j runs ``LOAD CSV`` (files and URLs) and
read-mode procedures in a READ session. So before a read runs, the engine itself plans it
(``EXPLAIN``, which plans but never executes) and every operator of that plan must be on
an allow-list of reading operators. Anything else, including an operator this module has
never seen, is refused with one line saying why. The check works on the engine's plan, not
on the text, so comments, casing, nesting and subqueries cannot hide a clause.

LadybugDB binds a statement while planning it, and binding ``LOAD FROM`` opens and sniffs
the file (its header then appears in the plan), ``COPY ... FROM`` reads the first rows
(an error quotes them), ``IMPORT DATABASE`` reads the directory and ``CALL read_csv_*()``
crashes the process. So :func:`check_embedded` first screens the text lexically (outside
strings and comments) and refuses those constructs before the engine sees them; only
then does it ask for the plan. Neo4j's ``EXPLAIN`` touches nothing (checked: it neither
fetches a ``LOAD CSV`` URL nor runs administration commands), so :func:`check_neo4j`
needs only the plan. See ``docs/security.md``.

Both checks take a callable that runs a text (``EXPLAIN <statement>``) on the real
connection, with the same parameters as the real run, and returns the plan: the one
``explain result`` string for LadybugDB, ``result.consume().plan`` for Neo4j.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from graph.cypher import single_statement
from graph.errors import ReadOnlyError

REFUSED = "refused: read-only queries may only read the graph; "

# --------------------------------------------------------------------------------------
# LadybugDB (embedded)
# --------------------------------------------------------------------------------------

#: Physical operators of reading queries, as LadybugDB 0.22 prints them in ``EXPLAIN``:
#: every one observed in the plans of queries/*.cypher and of MATCH / OPTIONAL MATCH /
#: WITH / WHERE / UNWIND / RETURN [DISTINCT] / ORDER BY / SKIP / LIMIT / UNION [ALL] /
#: EXISTS {} / COUNT {} / variable-length and shortest paths / join hints.
EMBEDDED_OPERATORS = frozenset({
    "RESULT_COLLECTOR", "PROJECTION", "FILTER", "FLATTEN",
    "SCAN_NODE_TABLE", "SCAN_REL_TABLE", "PRIMARY_KEY_SCAN_NODE_TABLE",
    "QUERY_PRIMARY_KEY_LOOKUP", "COUNT_REL_TABLE",
    "HASH_JOIN_BUILD", "HASH_JOIN_PROBE", "INTERSECT_BUILD", "INTERSECT", "CROSS_PRODUCT",
    "SEMI_MASKER", "RECURSIVE_EXTEND", "PATH_PROPERTY_PROBE",
    "AGGREGATE", "AGGREGATE_FINALIZE", "AGGREGATE_SCAN",
    "ORDER_BY", "ORDER_BY_MERGE", "ORDER_BY_SCAN", "TOP_K", "TOP_K_SCAN",
    "LIMIT", "SKIP", "MULTIPLICITY_REDUCER", "UNION_ALL_SCAN", "UNWIND",
    "EMPTY_RESULT", "DUMMY_SINK",
    "TABLE_FUNCTION_CALL",  # only with a function from EMBEDDED_TABLE_FUNCTIONS
})

#: Table functions a reading plan may call: READ_FTABLE scans the engine's own
#: intermediate results (``RETURN 1``, UNWIND, OPTIONAL MATCH and UNION use it).
#: Catalogue, settings and file functions (SHOW_TABLES, TABLE_INFO, CURRENT_SETTING,
#: READ_CSV_*, ...) are refused.
EMBEDDED_TABLE_FUNCTIONS = frozenset({"READ_FTABLE"})

#: The clauses a reading statement starts with.
_READ_STARTS = frozenset({"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN"})

_WRITES = "writes to the graph (CREATE/MERGE/SET/DELETE)"
_SCHEMA = "changes the schema or catalogue"
_TX = "controls transactions"

_EMBEDDED_OPERATOR_REASONS = {
    "COPY_TO": "COPY ... TO writes a file",
    "INSTALL_EXTENSION": "INSTALL downloads an extension",
    "UNINSTALL_EXTENSION": "UNINSTALL deletes an installed extension",
    "LOAD_EXTENSION": "LOAD EXTENSION loads native code into the database",
    "EXTENSION_CLAUSE": "extension statements are not graph reads",
    "ATTACH_DATABASE": "ATTACH opens another database",
    "DETACH_DATABASE": "DETACH changes the attached databases",
    "USE_DATABASE": "USE switches to another database",
    "USE_GRAPH": "USE switches to another graph",
    "CREATE_GRAPH": "CREATE GRAPH " + _SCHEMA,
    "EXPORT_DATABASE": "EXPORT DATABASE writes files",
    "IMPORT_DATABASE": "IMPORT DATABASE reads files into the graph",
    "STANDALONE_CALL": "CALL option=value changes a database setting",
    "CREATE_MACRO": "CREATE MACRO " + _SCHEMA,
    "CREATE_TABLE": "CREATE TABLE " + _SCHEMA,
    "CREATE_TYPE": "CREATE TYPE " + _SCHEMA,
    "CREATE_SEQUENCE": "CREATE SEQUENCE " + _SCHEMA,
    "CREATE_INDEX": "CREATE INDEX " + _SCHEMA,
    "DROP": "DROP " + _SCHEMA,
    "ALTER": "ALTER " + _SCHEMA,
    "INSERT": _WRITES, "SET_PROPERTY": _WRITES, "DELETE": _WRITES, "MERGE": _WRITES,
    "BATCH_INSERT": "COPY ... FROM loads a file into the graph",
    "PARTITIONER": "COPY ... FROM loads a file into the graph",
    "INDEX_LOOKUP": _WRITES,
    "TRANSACTION": "BEGIN/COMMIT/ROLLBACK/CHECKPOINT " + _TX,
    "PROFILE": "PROFILE runs the statement",
}

_LEADING_REASONS = {
    "INSTALL": "INSTALL downloads an extension",
    "UNINSTALL": "UNINSTALL deletes an installed extension",
    "ATTACH": "ATTACH opens another database",
    "DETACH": "DETACH changes the attached databases",
    "USE": "USE switches to another database",
    "CALL": "CALL runs a database function (catalogue, settings or files), not a graph read",
    "EXPORT": "EXPORT DATABASE writes files",
    "IMPORT": "IMPORT DATABASE reads files into the graph",
    "CREATE": "CREATE writes to the graph or its schema",
    "MERGE": "MERGE writes to the graph",
    "SET": "SET writes to the graph",
    "DELETE": "DELETE writes to the graph",
    "REMOVE": "REMOVE writes to the graph",
    "DROP": "DROP " + _SCHEMA,
    "ALTER": "ALTER " + _SCHEMA,
    "COMMENT": "COMMENT ON " + _SCHEMA,
    "BEGIN": "BEGIN " + _TX, "COMMIT": "COMMIT " + _TX, "ROLLBACK": "ROLLBACK " + _TX,
    "CHECKPOINT": "CHECKPOINT " + _TX,
    "EXPLAIN": "EXPLAIN/PROFILE cannot be given here (PROFILE runs the statement)",
    "PROFILE": "EXPLAIN/PROFILE cannot be given here (PROFILE runs the statement)",
}

_FILE_FUNCTIONS = re.compile(r"^(READ_|SCAN_|COPY_)")

_OPERATOR = re.compile(r"\b([A-Z][A-Z0-9_]*)\[\d+\]")
_FUNCTION = re.compile(r"Function: ([^\s,│]+)")


def tokens(statement: str) -> Iterator[tuple[str, str]]:
    """``(kind, text)`` of each token outside comments: kinds word, name, string, punct.

    Words are upper-cased; a backtick-quoted name is kind ``name`` (never a keyword).

    >>> [t for _, t in tokens("match /* LOAD */ (n) // CALL x()\\nRETURN 'COPY', `call`")]
    ['MATCH', '(', 'N', ')', 'RETURN', "'", ',', 'call']
    """
    i, n = 0, len(statement)
    while i < n:
        ch = statement[i]
        if ch.isspace():
            i += 1
        elif statement.startswith("//", i):
            end = statement.find("\n", i)
            i = n if end == -1 else end + 1
        elif statement.startswith("/*", i):
            end = statement.find("*/", i + 2)
            i = n if end == -1 else end + 2
        elif ch in "'\"":
            i += 1
            while i < n and statement[i] != ch:
                i += 2 if statement[i] == "\\" else 1
            i += 1
            yield "string", "'"
        elif ch == "`":
            end = i + 1
            while True:
                end = statement.find("`", end)
                if end == -1 or not statement.startswith("``", end):
                    break
                end += 2
            end = n if end == -1 else end
            yield "name", statement[i + 1:end].replace("``", "`")
            i = end + 1
        elif ch.isalnum() or ch in "_$":
            start = i
            while i < n and (statement[i].isalnum() or statement[i] in "_$"):
                i += 1
            yield "word", statement[start:i].upper()
        else:
            i += 1
            yield "punct", ch


def screen_embedded(statement: str) -> None:
    """Refuse, before the engine binds it, what binding alone would act on.

    The statement must start with a reading clause, and contain no ``LOAD FROM`` /
    ``LOAD WITH HEADERS`` and no ``CALL function(...)``.

    >>> screen_embedded("MATCH (n) WHERE n.load = 'LOAD FROM x' RETURN n.call AS call")
    >>> screen_embedded("MATCH (n) LOAD FROM '/etc/passwd' RETURN *")
    Traceback (most recent call last):
    ...
    graph.errors.ReadOnlyError: refused: read-only queries may only read the graph; \
LOAD FROM reads a file
    """
    toks = list(tokens(statement))
    if not toks:
        raise ReadOnlyError(REFUSED + "the statement is empty")
    kind, first = toks[0]
    if kind != "word" or first not in _READ_STARTS:
        raise ReadOnlyError(REFUSED + _leading_reason(first if kind == "word" else "", toks))
    for i, (kind, word) in enumerate(toks):
        if kind != "word" or word not in ("LOAD", "CALL"):
            continue
        before = toks[i - 1][1] if i else ""
        if before in (".", ":", "|", "AS"):  # a property, label, type or alias named so
            continue
        after = toks[i + 1] if i + 1 < len(toks) else ("", "")
        then = toks[i + 2][1] if i + 2 < len(toks) else ""
        if word == "LOAD" and after[0] == "word" and after[1] in ("FROM", "WITH"):
            raise ReadOnlyError(REFUSED + "LOAD FROM reads a file")
        if word == "CALL" and (after[1] == "{" or
                               (after[0] in ("word", "name") and then in ("(", "=", "."))):
            raise ReadOnlyError(REFUSED + _LEADING_REASONS["CALL"])


def _leading_reason(word: str, toks: list[tuple[str, str]]) -> str:
    second = toks[1][1] if len(toks) > 1 else ""
    if word == "COPY":
        return ("COPY ... TO writes a file" if second == "("
                else "COPY ... FROM loads a file into the graph")
    if word == "LOAD":
        return ("LOAD FROM reads a file" if second in ("FROM", "WITH")
                else "LOAD EXTENSION loads native code into the database")
    if word in _LEADING_REASONS:
        return _LEADING_REASONS[word]
    shown = f"starting with {word}" if word else "not starting with a clause"
    return (f"a statement {shown} is not a reading query "
            "(start with MATCH, OPTIONAL MATCH, WITH, UNWIND or RETURN)")


def check_embedded_plan(plan: str) -> None:
    """Refuse unless every operator of a LadybugDB ``EXPLAIN`` plan is a reading one.

    Operators appear in the printed plan as ``NAME[id]``; user text (an expression,
    a literal) can only add names, never hide one, so an odd literal can at worst cause
    a refusal. Every ``Function:`` named must be an allowed table function.
    """
    names = _OPERATOR.findall(plan)
    if not names:
        raise ReadOnlyError(REFUSED + "the engine's plan could not be classified")
    refused = [name for name in names if name not in EMBEDDED_OPERATORS]
    if refused:
        # Name the step the user will recognise (COPY_TO) before a generic one.
        known = [name for name in refused if name in _EMBEDDED_OPERATOR_REASONS]
        if known:
            raise ReadOnlyError(REFUSED + _EMBEDDED_OPERATOR_REASONS[known[0]])
        raise ReadOnlyError(REFUSED + f"the plan step {refused[0]} is not on the allow-list "
                            "of reading operators")
    functions = _FUNCTION.findall(plan)
    if len(functions) < names.count("TABLE_FUNCTION_CALL"):
        raise ReadOnlyError(REFUSED + "a table function in the plan could not be identified")
    for function in functions:
        if function.upper() not in EMBEDDED_TABLE_FUNCTIONS:
            raise ReadOnlyError(REFUSED + _function_reason(function.upper()))


def _function_reason(function: str) -> str:
    if _FILE_FUNCTIONS.match(function):
        return "LOAD FROM reads a file"
    return (f"CALL {function.lower()}() reads the database catalogue or settings, "
            "not the graph")


def check_embedded(statement: str, explain: Callable[[str], str]) -> None:
    """Refuse ``statement`` unless LadybugDB would only read the graph to run it.

    ``explain(text)`` runs ``text`` (``EXPLAIN <statement>``) on the real connection with
    the real parameters and returns the plan string (the one value of the result). It is
    called only after the lexical screen, so nothing the screen refuses reaches the engine.
    Errors from ``explain`` propagate unchanged, except the engine's read-only refusals.
    """
    one = single_statement(statement)
    if one is None:
        raise ReadOnlyError(REFUSED + "give exactly one statement (no ';' list, no BEGIN/COMMIT)")
    screen_embedded(one)
    try:
        plan = explain("EXPLAIN " + one)
    except Exception as exc:
        text = str(exc)
        if "read-only" in text.lower() or "read only" in text.lower():
            first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
            raise ReadOnlyError(REFUSED + f"this statement writes ({first})") from exc
        raise
    check_embedded_plan(str(plan))


# --------------------------------------------------------------------------------------
# Neo4j
# --------------------------------------------------------------------------------------

#: Reading operators of Neo4j 5 plans (``operatorType`` without ``@database``, and
#: without a ``(variant)`` such as ``Expand(All)``): those observed for queries/*.cypher
#: and common reads on 5.26, and the documented read-only operators of the same families.
NEO4J_OPERATORS = frozenset({
    "ProduceResults", "Projection", "Filter", "Argument", "CacheProperties", "EmptyRow",
    "AllNodesScan", "NodeByLabelScan", "UnionNodeByLabelsScan",
    "IntersectionNodeByLabelsScan", "SubtractionNodeByLabelsScan",
    "NodeByIdSeek", "NodeByElementIdSeek", "NodeIndexSeek", "NodeUniqueIndexSeek",
    "NodeIndexSeekByRange", "NodeUniqueIndexSeekByRange", "NodeIndexScan",
    "NodeIndexContainsScan", "NodeIndexEndsWithScan", "MultiNodeIndexSeek",
    "NodeCountFromCountStore", "RelationshipCountFromCountStore",
    "DirectedRelationshipByIdSeek", "UndirectedRelationshipByIdSeek",
    "DirectedRelationshipByElementIdSeek", "UndirectedRelationshipByElementIdSeek",
    "DirectedRelationshipIndexSeek", "UndirectedRelationshipIndexSeek",
    "DirectedRelationshipIndexSeekByRange", "UndirectedRelationshipIndexSeekByRange",
    "DirectedRelationshipIndexScan", "UndirectedRelationshipIndexScan",
    "DirectedRelationshipIndexContainsScan", "UndirectedRelationshipIndexContainsScan",
    "DirectedRelationshipIndexEndsWithScan", "UndirectedRelationshipIndexEndsWithScan",
    "DirectedRelationshipTypeScan", "UndirectedRelationshipTypeScan",
    "DirectedAllRelationshipsScan", "UndirectedAllRelationshipsScan",
    "DirectedUnionRelationshipTypesScan", "UndirectedUnionRelationshipTypesScan",
    "Expand", "OptionalExpand", "VarLengthExpand", "ShortestPath", "StatefulShortestPath",
    "Trail", "Repeat", "NullifyMetadata", "ProjectEndpoints",
    "TriadicSelection", "TriadicBuild", "TriadicFilter",
    "Apply", "SemiApply", "AntiSemiApply", "LetSemiApply", "LetAntiSemiApply",
    "SelectOrSemiApply", "SelectOrAntiSemiApply", "LetSelectOrSemiApply",
    "LetSelectOrAntiSemiApply", "ConditionalApply", "AntiConditionalApply", "RollUpApply",
    "CartesianProduct", "NodeHashJoin", "ValueHashJoin", "NodeLeftOuterHashJoin",
    "NodeRightOuterHashJoin", "Optional", "Anti",
    "EagerAggregation", "OrderedAggregation", "Distinct", "OrderedDistinct",
    "Sort", "PartialSort", "Top", "PartialTop", "Limit", "ExhaustiveLimit", "Skip",
    "Union", "OrderedUnion", "Unwind", "Eager",
    # Catalogue listings the store itself reads (Neo4jStore.ensure_schema).
    "ShowIndexes", "ShowConstraints",
    "ProcedureCall",  # only with a procedure from NEO4J_PROCEDURES
})

#: Read-only catalogue procedures (what the Neo4j Browser calls for its sidebar).
NEO4J_PROCEDURES = frozenset({
    "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
})

_NEO4J_WRITE = re.compile(
    r"^(Create|Merge|LockingMerge|Set|Remove|Delete|DetachDelete|Foreach|SubqueryForeach|"
    r"EmptyResult)")
_NEO4J_SCHEMA = re.compile(r"^(Create|Drop)(Index|Constraint|.*Constraint)|^DoNothingIfExists")
_NESTED_SUBQUERY = re.compile(r"\b(COLLECT|COUNT|EXISTS)\s*\{", re.IGNORECASE)
_NESTED_EFFECT = re.compile(r"LOAD\s+CSV|ResolvedCall\(|\bCALL\b", re.IGNORECASE)


def _neo4j_reason(operator: str) -> tuple[int, str]:
    """Why ``operator`` is refused, ranked: the lowest rank is the one reported."""
    if operator in ("TransactionApply", "TransactionForeach"):
        return 0, "CALL { ... } IN TRANSACTIONS commits on its own"
    if operator == "LoadCSV":
        return 1, "LOAD CSV reads a file or URL"
    if operator == "AdministrationCommand":
        return 2, "administration commands are not graph reads"
    if _NEO4J_SCHEMA.match(operator):
        return 2, "schema commands (CREATE/DROP INDEX or CONSTRAINT) change the database"
    if operator.startswith(("Show", "Terminate")):
        return 2, "SHOW/TERMINATE commands act on the server, not the graph"
    if _NEO4J_WRITE.match(operator):
        return 3, "this query writes (CREATE/MERGE/SET/DELETE/REMOVE/FOREACH)"
    return 4, f"the plan step {operator} is not on the allow-list of reading operators"


def _plan_nodes(plan: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield plan
    for child in plan.get("children") or ():
        yield from _plan_nodes(child)


def check_neo4j_plan(plan: Mapping[str, Any] | None) -> None:
    """Refuse unless every operator of a Neo4j ``EXPLAIN`` plan is a reading one.

    ``plan`` is the driver's ``ResultSummary.plan``: ``operatorType``, ``args``
    (``Details``) and ``children``. A ``ProcedureCall`` must name an allowed procedure.
    Subqueries inside expressions (``CASE ... COLLECT { }``) are planned as nested
    expressions that are not children, so their ``Details`` are searched for LOAD CSV and
    procedure calls.
    """
    if not plan or "operatorType" not in plan:
        raise ReadOnlyError(REFUSED + "the server returned no plan to check")
    reasons: list[tuple[int, str]] = []
    for node in _plan_nodes(plan):
        operator, _, database = str(node.get("operatorType", "")).partition("@")
        family = operator.split("(", 1)[0]
        args = node.get("args") or node.get("arguments") or {}
        details = str(args.get("Details", ""))
        if database == "system":
            reasons.append((2, "administration commands are not graph reads"))
        elif family not in NEO4J_OPERATORS:
            reasons.append(_neo4j_reason(family))
        elif family == "ProcedureCall":
            name = details.split("(", 1)[0].strip()
            if name not in NEO4J_PROCEDURES:
                allowed = ", ".join(sorted(NEO4J_PROCEDURES))
                reasons.append((1, f"CALL {name or '(unknown)'} is not an allowed procedure "
                                   f"(allowed: {allowed})"))
        if _NESTED_SUBQUERY.search(details) and _NESTED_EFFECT.search(details):
            reasons.append((1, "LOAD CSV or CALL inside a subquery expression cannot be "
                               "checked"))
    if reasons:
        raise ReadOnlyError(REFUSED + min(reasons, key=lambda r: r[0])[1])


def check_neo4j(statement: str,
                explain: Callable[[str], Mapping[str, Any] | None]) -> None:
    """Refuse ``statement`` unless Neo4j would only read the graph to run it.

    ``explain(text)`` runs ``text`` (``EXPLAIN <statement>``) with the real parameters and
    returns ``result.consume().plan``. Neo4j's EXPLAIN plans without executing, so it is
    safe to ask for any statement. Errors from ``explain`` (a syntax error) propagate.
    """
    one = single_statement(statement)
    if one is None:
        raise ReadOnlyError(REFUSED + "give exactly one statement (no ';' list)")
    check_neo4j_plan(explain("EXPLAIN " + one))
