"""Validate raw tables against the schema and turn them into a typed :class:`Dataset`.

Every problem is collected (not just the first), located by file, row and
column, so a coordinator can fix a spreadsheet in one pass. The checks of a cell are
pydantic types built from the schema; cross-table checks (duplicate ids, dangling
references, endpoint kinds) follow once all rows are typed.

The work is done column by column (Arrow): a text column is trimmed in one pass, and a
typed column (numbers, dates, choices, lists, true/false) is checked once per distinct
value, with the very same pydantic type a row would use. A row with any refused cell is
then checked again as a whole by the row model, which words its problems: the messages
are the row model's, whichever way a row is read. References are resolved column by
column too; only rows with a problem are looked at one by one.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    TypeAdapter,
    ValidationError,
    create_model,
)
from pydantic_core import PydanticCustomError

from graph.dataset import RelGroup, arrow_schema, arrow_type
from graph.errors import DatasetError, Issue
from graph.memory import give_back_memory
from graph.schema import BY_FILE, LIST_SEPARATOR, NODE_KINDS, NodeKind, Prop, RelKind
from loaders.dataset import Dataset
from loaders.tables import WHITESPACE, Table, read_tables

#: Ids already in the graph that a dataset may refer to: a mapping (id -> node kind), or
#: a function that looks up the given ids and returns the kinds of those it knows.
Known = Mapping[str, str] | Callable[[list[str]], Mapping[str, str]]

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_AND_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{1,2}:[0-9]{2}")

# Numbers. A dot is always a decimal point; a comma is a decimal comma (2,5), also after
# dots grouping thousands as European Excel writes them (1.234,5). Refused, with the way to
# write them: a comma before exactly three digits (250,000: thousands or decimals?), and
# every other thousands separator (1,234.5  1.234.567  1 234  1_000): a decimal comma
# spreadsheet and a decimal point one read them differently.
_AMBIGUOUS_COMMA = re.compile(r"[-+]?[1-9][0-9]{0,2},[0-9]{3}")
_DECIMAL_COMMA = re.compile(r"[-+]?[0-9]{1,3}(\.[0-9]{3})+,[0-9]+|[-+]?[0-9]+,[0-9]+")
_GROUPED = re.compile(r"[-+]?[0-9]{1,3}(?P<sep>[,. _\u00a0\u202f'\u2019])[0-9]{3}"
                      r"((?P=sep)[0-9]{3})*(?P<fraction>[.,][0-9]+)?")

#: Error type of the checks below: the message is theirs, not pydantic's.
_OWN = "rsp_invalid"


def _invalid(detail: str) -> PydanticCustomError:
    """A refused cell; ``detail`` follows "'<cell>' is not valid: " in the message."""
    return PydanticCustomError(_OWN, "{detail}", {"detail": detail})


def _blank_to_none(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _text(value: object) -> object:
    """Text columns take what a workbook typed as a number or date as the text it shows."""
    value = _blank_to_none(value)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _date(value: object) -> object:
    value = _blank_to_none(value)
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value  # pydantic refuses impossible dates such as 2026-02-30
    if isinstance(value, dt.datetime) or (isinstance(value, str)
                                          and _DATE_AND_TIME.match(value)):
        raise _invalid("expected a date YYYY-MM-DD (without a time of day)")
    raise _invalid("expected a date YYYY-MM-DD")


def _number(expected: str) -> Callable[[object], object]:
    """The reading of a number cell; ``expected`` names what the column takes."""

    def read(value: object) -> object:
        value = _blank_to_none(value)
        if isinstance(value, bool):
            raise _invalid(f"expected {expected}")
        if isinstance(value, float) and not math.isfinite(value):
            raise _invalid(f"not a finite number; expected {expected}")
        if not isinstance(value, str):
            return value
        if _AMBIGUOUS_COMMA.fullmatch(value):
            whole, part = value.split(",")
            raise _invalid(f"ambiguous, a comma before exactly three digits may separate "
                           f"thousands; write {whole}{part}, or {whole}.{part} if the comma "
                           "is a decimal comma")
        if _DECIMAL_COMMA.fullmatch(value):
            # European spreadsheets write 1.234,5; accept it rather than make people re-export.
            return value.replace(".", "").replace(",", ".")
        grouped = _GROUPED.fullmatch(value)
        if grouped and _is_grouping(value, grouped["sep"], grouped["fraction"]):
            plain = value.replace(grouped["sep"], "").replace(",", ".")
            raise _invalid(f"write numbers without thousands separators, e.g. {plain}")
        try:
            number = float(value)
        except ValueError:
            return value  # pydantic refuses it with the column's type
        if not math.isfinite(number):
            raise _invalid(f"not a finite number; expected {expected}")
        return value

    return read


def _is_grouping(value: str, sep: str, fraction: str | None) -> bool:
    if fraction and fraction[0] == sep:
        return False  # 1,234,5: no reading of it is likely
    # 1.234 is one and a bit: a dot alone is a decimal point.
    return not (sep == "." and value.count(".") == 1 and not fraction)


def _choice(value: object) -> object:
    value = _blank_to_none(value)
    if isinstance(value, str):
        return re.sub(r"[\s-]+", "_", value.lower())
    return value


def _items(value: object) -> object:
    value = _text(value)
    if isinstance(value, str):
        return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]
    return value


def _field(prop: Prop) -> tuple[Any, Any]:
    """The pydantic type and default of one schema property."""
    annotated = _annotated(prop)
    if prop.required:
        return annotated, ...
    return annotated | None, _default(prop)


def _default(prop: Prop) -> Any:
    return list(prop.default) if isinstance(prop.default, tuple) else prop.default


@cache
def _adapter(prop: Prop) -> TypeAdapter[Any]:
    """The check of one cell of ``prop``: the row model's type for it, on its own."""
    return TypeAdapter(_annotated(prop), config=ConfigDict(str_strip_whitespace=True))


def _annotated(prop: Prop) -> Any:
    base: Any
    before: Callable[[object], object] = _text
    if prop.choices:
        base = Literal[prop.choices]
        before = _choice
    elif prop.type == "int":
        base, before = int, _number(_type_hint(prop))
    elif prop.type == "float":
        base, before = float, _number(_type_hint(prop))
    elif prop.type == "bool":
        base, before = bool, _blank_to_none
    elif prop.type == "date":
        base, before = dt.date, _date
    elif prop.type == "list":
        base, before = list[str], _items
    else:
        base = str
    return Annotated[base, BeforeValidator(before)]


@cache
def row_model(kind: NodeKind | RelKind) -> type[BaseModel]:
    """The pydantic model that checks one row of ``kind``'s table."""
    fields = {p.name: _field(p) for p in kind.all_props}
    # "from" is a Python keyword: pydantic fields get a safe name and an alias.
    renamed = {f"f_{name}": (typ, default) for name, (typ, default) in fields.items()}
    model: type[BaseModel] = create_model(  # type: ignore[call-overload]
        f"{kind.name}Row",
        __config__=ConfigDict(extra="forbid", populate_by_name=False, str_strip_whitespace=True,
                              alias_generator=lambda n: n[2:]),
        **renamed,
    )
    return model


def _type_hint(prop: Prop) -> str:
    if prop.choices:
        return "one of " + ", ".join(prop.choices)
    return {
        "int": "a whole number", "float": "a number", "bool": "true or false",
        "date": "a date YYYY-MM-DD", "list": f"values separated by '{LIST_SEPARATOR}'",
    }.get(prop.type, "text")


def _shown(value: object) -> str:
    """A cell as the coordinator sees it: text quoted, numbers plain, never a repr()."""
    if isinstance(value, str):
        return repr(value.strip())
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return repr(value.isoformat())
    return repr(str(value))  # a datetime as 2025-01-02 10:00:00


def _row_issues(table: Table, kind: NodeKind | RelKind, row: int, record: dict[str, object],
                err: ValidationError) -> list[Issue]:
    issues = []
    for e in err.errors():
        column = str(e["loc"][0]) if e["loc"] else None
        prop = kind.prop(column) if column else None
        # The cell as written, not as pydantic last saw it (1.234,5 became 1234.5).
        value = record[column] if column in record else e.get("input")
        if e["type"] == "missing" or (prop and prop.required and _blank_to_none(value) is None):
            message = "a value is required"
        elif prop is not None:
            detail = (str(e["ctx"]["detail"]) if e["type"] == _OWN and "ctx" in e
                      else f"expected {_type_hint(prop)}")
            message = f"{_shown(value)} is not valid: {detail}"
        else:
            message = e["msg"]
        issues.append(Issue(table.origin, row, column, message))
    return issues


def _check_header(table: Table, kind: NodeKind | RelKind) -> list[Issue]:
    issues = []
    names = [p.name for p in kind.all_props]
    seen: set[str] = set()
    for col in table.header:
        if col in seen:
            issues.append(Issue(table.origin, 1, col, "column appears twice"))
        seen.add(col)
        if col not in names:
            close = [n for n in names if n.lower() == col.lower().replace(" ", "_")]
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            issues.append(Issue(table.origin, 1, col or "(empty)", "unknown column" + hint
                                + f"; '{kind.file}' columns are: {', '.join(names)}"))
    for p in kind.all_props:
        if p.required and p.name not in seen:
            issues.append(Issue(table.origin, 1, p.name, "required column is missing"))
    return issues


def _lookup(known: Known | None) -> Callable[[list[str]], Mapping[str, str]]:
    if known is None:
        return lambda ids: {}
    if isinstance(known, Mapping):
        table = known
        return lambda ids: {i: table[i] for i in ids if i in table}
    return known


def validate_tables(tables: list[Table], issues: list[Issue] | None = None,
                    known: Known | None = None, *, consume: bool = False) -> Dataset:
    """Check tables against the schema and each other; raise :class:`DatasetError` on any issue.

    ``known`` gives the ids already in the graph and their node kinds: a dataset may refer
    to them (a region's own workbook referring to the partnership's regions). It is a
    mapping, or a function asked only about the ids the dataset itself does not define.
    ``consume``: let go of each table's cells once they are typed (:meth:`Table.let_go`),
    so that the text of every file and the typed columns are not all held at once.
    """
    issues = list(issues or [])
    lookup = _lookup(known)
    dataset = Dataset()
    origins: dict[str, str] = {}
    typed: list[tuple[Table, RelKind, pa.Table, pa.Array]] = []
    id_at: dict[str, tuple[str, str, int]] = {}  # id -> (label, origin, row)
    ambiguous: set[str] = set()  # duplicated ids: already reported, references not judged
    unknown_kinds: set[str] = set()  # kinds whose file could not be read (fully)
    # Cells the reader already reported (e.g. a formula without a value): said once only.
    reported = {(i.file, i.row, i.column) for i in issues}

    for table in tables:
        kind = BY_FILE[table.name]
        if table.name in origins:
            issues.append(Issue(table.origin, None, None,
                                f"table '{table.name}' is also given by {origins[table.name]}"))
            continue
        origins[table.name] = table.origin
        if isinstance(kind, NodeKind) and (table.unreadable or table.incomplete):
            unknown_kinds.add(kind.label)
        if table.unreadable:
            continue
        header_issues = _check_header(table, kind)
        issues += header_issues
        # Rows not checked (their problem is reported): their ids exist for references' sake.
        unchecked = [*table.broken_records(), *(table.records() if header_issues else ())]
        if isinstance(kind, NodeKind):
            for number, record in unchecked:
                raw = str(_text(record.get("id")) or "").strip()
                if raw:
                    id_at.setdefault(raw, (kind.label, table.origin, number))
        if header_issues:
            continue
        rows, numbers, refused = _check_rows(table, kind)
        model = row_model(kind)
        rescued: list[tuple[int, dict[str, Any]]] = []
        for index in refused:
            number, record = table.record(index)
            # A blank cell means "not given": the schema's default applies.
            given = {k: v for k, v in record.items() if _blank_to_none(v) is not None}
            try:
                rescued.append((number, _plain(model.model_validate(given).model_dump())))
            except ValidationError as err:
                issues += [i for i in _row_issues(table, kind, number, record, err)
                           if (i.file, i.row, i.column) not in reported]
                ident = given.get("id")
                if isinstance(kind, NodeKind) and isinstance(ident, str):
                    # Known, though invalid: references to it should not add more errors.
                    id_at.setdefault(ident.strip(), (kind.label, table.origin, number))
        if rescued:
            rows, numbers = _merge(kind, rows, numbers, rescued)
        if isinstance(kind, NodeKind):
            keep = np.ones(rows.num_rows, dtype=bool)
            for index, (ident, number) in enumerate(zip(rows.column("id").to_pylist(),
                                                        numbers.to_pylist(), strict=True)):
                if ident in id_at:
                    ambiguous.add(ident)
                    _label, origin, row = id_at[ident]
                    issues.append(Issue(table.origin, number, "id",
                                        f"duplicate id {ident!r} (already used in {origin}, "
                                        f"row {row})"))
                    keep[index] = False
                    continue
                id_at[ident] = (kind.label, table.origin, number)
            if not keep.all():
                mask = pa.array(keep)
                rows, numbers = rows.filter(mask), numbers.filter(mask)
            dataset.add_group(kind.label, rows, table.origin, numbers)
        else:
            typed.append((table, kind, rows, numbers))
        if consume:
            table.let_go()
        give_back_memory()  # what typing the table freed (see loaders.tables)

    columns = [(rows.column("from"), rows.column("to")) for _t, _k, rows, _n in typed]
    ends = _Ends(id_at, ambiguous, lookup, (c for pair in columns for c in pair))
    for (table, rel, rows, numbers), pair in zip(typed, columns, strict=True):
        issues += _resolve(dataset, table, rel, rows, numbers, pair, ends, unknown_kinds,
                           known)
        give_back_memory()

    if issues:
        raise DatasetError(issues)
    return dataset


def _check_rows(table: Table, kind: NodeKind | RelKind
                ) -> tuple[pa.Table, pa.Array, list[int]]:
    """The rows every cell of which is valid, typed (with their row numbers), and the
    indices of the other rows (their problems are worded by the row model)."""
    schema = arrow_schema(kind.all_props)
    text = table.text_columns()
    if text is None:  # a workbook's typed cells: row by row
        model = row_model(kind)
        good: list[dict[str, Any]] = []
        numbers: list[int] = []
        refused: list[int] = []
        for index, (number, record) in enumerate(table.records()):
            given = {k: v for k, v in record.items() if _blank_to_none(v) is not None}
            try:
                good.append(_plain(model.model_validate(given).model_dump()))
                numbers.append(number)
            except ValidationError:
                refused.append(index)
        return (pa.Table.from_pylist(good, schema=schema), pa.array(numbers, pa.int64()),
                refused)
    columns, row_numbers = text
    failed = np.zeros(columns.num_rows, dtype=bool)
    arrays = []
    for prop in kind.all_props:
        if prop.name in columns.column_names:
            values, bad = _column(prop, columns.column(prop.name))
            if bad is not None:
                failed |= bad
        else:
            values = _constant(prop, columns.num_rows)
        arrays.append(values)
    rows = pa.Table.from_arrays(arrays, schema=schema)
    if failed.any():
        keep = pa.array(~failed)
        rows, row_numbers = rows.filter(keep), row_numbers.filter(keep)
    return rows, row_numbers, np.flatnonzero(failed).tolist()


def _constant(prop: Prop, n: int) -> pa.Array:
    default = _default(prop)
    if default is None:
        return pa.nulls(n, arrow_type(prop))
    return pa.repeat(pa.scalar(default, arrow_type(prop)), n)


def _column(prop: Prop, raw: pa.Array | pa.ChunkedArray
            ) -> tuple[pa.Array, np.ndarray[Any, Any] | None]:
    """One text column as ``prop``'s values, and which rows it refuses (None: none)."""
    if isinstance(raw, pa.ChunkedArray):
        raw = raw.chunk(0) if raw.num_chunks == 1 else raw.combine_chunks()
    trimmed = pc.utf8_trim(raw, WHITESPACE)
    if trimmed.nbytes == raw.nbytes and pc.all(pc.equal(trimmed, raw)).as_py() is not False:
        trimmed = raw  # nothing to trim (the usual case): keep the file's own buffers
    blank = pc.equal(trimmed, "")
    if prop.type == "string" and not prop.choices:
        if not pc.any(blank).as_py():
            return trimmed, None
        values = pc.if_else(blank, pa.scalar(_default(prop), pa.string()), trimmed)
        return values, (blank.to_numpy(zero_copy_only=False) if prop.required else None)
    quick = _quick(prop, trimmed)
    if quick is not None:
        return quick, None
    # Every distinct value once, with the row model's own type for this column.
    encoded = pc.dictionary_encode(trimmed)
    adapter = _adapter(prop)
    out: list[Any] = []
    refused: list[int] = []
    for index, value in enumerate(encoded.dictionary.to_pylist()):
        if value == "":
            out.append(_default(prop))
            if prop.required:
                refused.append(index)
            continue
        try:
            out.append(adapter.validate_python(value))
        except ValidationError:
            out.append(None)
            refused.append(index)
    try:
        distinct = pa.array(out, type=arrow_type(prop))
    except (pa.ArrowException, OverflowError):  # e.g. a whole number beyond 64 bits
        distinct, refused = _storable(out, prop, refused)
    indices = encoded.indices
    values = distinct.take(indices)
    if not refused:
        return values, None
    return values, np.isin(indices.to_numpy(zero_copy_only=False), refused)


_FIRST_DAY = dt.date(1, 1, 1)


def _quick(prop: Prop, trimmed: pa.Array) -> pa.Array | None:
    """The common all-valid column in one step, when it reads exactly as the row model
    reads it: every cell an ISO date, or every cell ``true``/``false``. Else None."""
    if prop.type == "date" and pc.all(pc.match_substring_regex(
            trimmed, "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")).as_py() is not False:
        try:
            values = pc.cast(trimmed, pa.date32())
        except pa.ArrowInvalid:  # an impossible date such as 2026-02-30: worded below
            return None
        low = pc.min(values).as_py()
        return values if low is None or low >= _FIRST_DAY else None
    if prop.type == "bool" and pc.all(pc.is_in(
            trimmed, value_set=pa.array(["true", "false"]))).as_py() is not False:
        return pc.equal(trimmed, "true")
    return None


def _storable(out: list[Any], prop: Prop, refused: list[int]
              ) -> tuple[pa.Array, list[int]]:
    kept: list[Any] = []
    for index, value in enumerate(out):
        try:
            pa.array([value], type=arrow_type(prop))
            kept.append(value)
        except (pa.ArrowException, OverflowError):
            kept.append(None)
            refused.append(index)
    return pa.array(kept, type=arrow_type(prop)), refused


def _merge(kind: NodeKind | RelKind, rows: pa.Table, numbers: pa.Array,
           more: list[tuple[int, dict[str, Any]]]) -> tuple[pa.Table, pa.Array]:
    """Rows the row model accepts though a column check refused them, back in file order."""
    extra = pa.Table.from_pylist([values for _, values in more],
                                 schema=arrow_schema(kind.all_props))
    merged = pa.concat_tables([rows, extra])
    order = pa.concat_arrays([numbers, pa.array([n for n, _ in more], pa.int64())])
    sort = pc.sort_indices(order)
    return merged.take(sort), order.take(sort)


_LABELS = [k.label for k in NODE_KINDS]
_CODE = {label: index for index, label in enumerate(_LABELS)}
_NOT_FOUND, _AMBIGUOUS = -2, -1


class _Ends:
    """Which node kind every id the relationships name is: the dataset's own ids first,
    then the graph's (asked once, for the ids the dataset does not define)."""

    def __init__(self, id_at: dict[str, tuple[str, str, int]], ambiguous: set[str],
                 lookup: Callable[[list[str]], Mapping[str, str]],
                 columns: Iterable[pa.ChunkedArray]):
        keys = list(id_at)
        codes = [_AMBIGUOUS if k in ambiguous else _CODE[id_at[k][0]] for k in keys]
        ours = pa.array(keys, pa.string())
        self.positions: dict[int, np.ndarray[Any, Any]] = {}
        missing: set[str] = set()
        for column in columns:
            place = pc.fill_null(pc.index_in(column, value_set=ours), -1)
            positions = place.combine_chunks().to_numpy().astype(np.int64)
            self.positions[id(column)] = positions
            if (positions < 0).any():
                absent = column.filter(pa.array(positions < 0))
                missing.update(pc.unique(absent).to_pylist())
        self.known = dict(lookup(sorted(missing))) if missing else {}
        graph = [ident for ident in self.known if ident not in id_at]
        if graph:  # where the dataset had nothing, the graph's ids, after the dataset's
            self._theirs: pa.Array | None = pa.array(graph, pa.string())
            codes += [_CODE[self.known[ident]] for ident in graph]
            keys += graph
        else:
            self._theirs = None
        self.offset = len(ours)
        self.size = len(keys)
        self.codes = np.array([*codes, _NOT_FOUND], dtype=np.int64)
        self.id_at = id_at
        self.ambiguous = ambiguous

    def codes_of(self, column: pa.ChunkedArray
                 ) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """Each id's position in the list of known ids (-1: not there), and its kind."""
        positions = self.positions[id(column)]
        if self._theirs is not None and (positions < 0).any():
            absent = np.flatnonzero(positions < 0)
            found = pc.fill_null(pc.index_in(column.take(pa.array(absent)),
                                              value_set=self._theirs), -1)
            more = found.combine_chunks().to_numpy().astype(np.int64)
            positions = positions.copy()
            positions[absent] = np.where(more >= 0, more + self.offset, -1)
        return positions, self.codes[positions]  # -1 indexes the final _NOT_FOUND

    def kind(self, ident: str) -> tuple[str, str, int] | None:
        found = self.id_at.get(ident)
        if found is None and ident in self.known:
            return self.known[ident], "the graph", 0
        return found


def _resolve(dataset: Dataset, table: Table, rel: RelKind, rows: pa.Table,
             numbers: pa.Array, columns: tuple[pa.ChunkedArray, pa.ChunkedArray],
             ends: _Ends, unknown_kinds: set[str], known: Known | None) -> list[Issue]:
    """Resolve one relationship table's ends to node kinds, column by column; the rows
    with a problem (a missing or ambiguous end, a wrong kind, a duplicate) one by one."""
    issues: list[Issue] = []
    n = rows.num_rows
    fine = np.ones(n, dtype=bool)
    codes, places = [], []
    for column, allowed in zip(columns, (rel.sources, rel.targets), strict=True):
        place, found = ends.codes_of(column)
        fine &= np.isin(found, [_CODE[a] for a in allowed])
        codes.append(found)
        places.append(place)
    if n:
        # A pair of ends found in the dataset or the graph is two positions in one list:
        # a duplicate pair is a repeated number. Other rows are looked at one by one anyway.
        code = np.where(fine, places[0] * (ends.size + 1) + places[1],
                        -1 - np.arange(n, dtype=np.int64))
        _, inverse, counts = np.unique(code, return_inverse=True, return_counts=True)
        fine &= counts[inverse] == 1
    source, target = codes
    keep = fine.copy()
    slow = np.flatnonzero(~fine)
    if len(slow):
        froms = rows.column("from").take(pa.array(slow)).to_pylist()
        tos = rows.column("to").take(pa.array(slow)).to_pylist()
        row_numbers = numbers.take(pa.array(slow)).to_pylist()
        seen: dict[tuple[str, str], int] = {}
        for position, a, b, number in zip(slow, froms, tos, row_numbers, strict=True):
            labels: list[str] = []
            for column, ident, allowed in (("from", a, rel.sources), ("to", b, rel.targets)):
                hit = ends.kind(ident)
                if ident in ends.ambiguous:
                    continue
                if hit is None:
                    if unknown_kinds.intersection(allowed):
                        continue  # the unreadable file may well hold it
                    issues.append(Issue(table.origin, number, column,
                                        f"no node has id {ident!r}"
                                        + (" (in this dataset or the graph)" if known
                                           else "")))
                elif hit[0] not in allowed:
                    issues.append(Issue(
                        table.origin, number, column,
                        f"{ident!r} is a {hit[0]}, but {rel.type} {column} must be "
                        f"{' or '.join(allowed)}"))
                else:
                    labels.append(hit[0])
            pair = (a, b)
            if pair in seen:
                issues.append(Issue(table.origin, number, "to",
                                    f"duplicate relationship {pair[0]} -> {pair[1]} "
                                    f"(already on row {seen[pair]})"))
                continue
            seen[pair] = number
            if len(labels) == 2:
                keep[position] = True
                source[position], target[position] = _CODE[labels[0]], _CODE[labels[1]]
    combined = source * len(_LABELS) + target
    kinds, first = np.unique(np.where(keep, combined, -1), return_index=True)
    for combo in [int(c) for _, c in sorted(zip(first, kinds, strict=True)) if c >= 0]:
        mask = pa.array(keep & (combined == combo))
        group: RelGroup = (rel.type, _LABELS[combo // len(_LABELS)],
                           _LABELS[combo % len(_LABELS)])
        dataset.add_group(group, rows.filter(mask), table.origin, numbers.filter(mask))
    return issues


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {name[2:]: value for name, value in values.items()}


def read_dataset(path: Path | str, known: Known | None = None) -> Dataset:
    """Read and validate a dataset folder or workbook; raise :class:`DatasetError` if invalid.

    ``known`` (id -> node kind, or a function looking ids up) are ids already in the graph
    that references may use.
    """
    tables, issues = read_tables(Path(path))
    return validate_tables(tables, issues, known, consume=True)
