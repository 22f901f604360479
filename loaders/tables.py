"""Turn a dataset on disk (a folder of CSV files or one XLSX workbook) into raw tables.

A table keeps the spreadsheet's own row numbers (the header is row 1; a quoted
cell spanning several lines is one row, numbered by its first line), so every
problem found later can be reported where the coordinator will look for it.
CSV dialects as European Excel writes them (UTF-8 with a BOM, ``;`` delimiter)
are detected rather than demanded.

What cannot be read is reported, never skipped: an empty file, a row with more
cells than the header, a quote that is never closed, bytes that are not UTF-8, a
workbook formula without a saved value, an error value such as ``#N/A``. A row
with fewer cells than the header is read with its missing trailing cells empty,
as spreadsheets export it. Only CR and LF end a CSV record (RFC 4180): other
Unicode line separators inside a cell stay in the cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from graph.errors import DatasetError, Issue
from graph.memory import give_back_memory
from graph.schema import BY_FILE, NodeKind, RelKind

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: Spreadsheet files the loader cannot read, and what to do instead.
OTHER_SPREADSHEETS = {
    ".xls": "an old Excel .xls workbook",
    ".ods": "an OpenDocument spreadsheet",
    ".numbers": "a Numbers document",
}
#: Files that office programs and file copies leave next to the real ones.
_LITTER = ("~$", "._")  # Excel's owner file of an open workbook; macOS resource forks
_BAD_CHAR = re.compile("[\udc80-\udcff\x00]")  # undecodable byte (surrogateescape) or NUL
_FIRST_LINE = re.compile(r"\r\n|\r|\n")
#: Arrow's CSV reader reads blocks of this many bytes (in parallel); one block a column
#: chunk.
CSV_BLOCK = 16 << 20
#: What ``str.strip()`` removes: Arrow trims cells with exactly the same characters.
WHITESPACE = "".join(c for c in map(chr, range(0x110000)) if c.isspace())


@dataclass
class Table:
    """The cells of one file or sheet, as text, with their spreadsheet row numbers."""

    name: str  # schema file name, e.g. "regions"
    origin: str  # what to call it in messages, e.g. "regions.csv" or "book.xlsx[regions]"
    header: list[str]
    rows: list[tuple[int, list[object]]] = field(default_factory=list)
    #: The file could not be read at all (its problem is reported separately).
    unreadable: bool = False
    #: Some of its rows could not be read (reported): ids it may hold are unknown.
    incomplete: bool = False
    #: Rows whose problem is already reported: not checked again, but their ids exist.
    broken: list[tuple[int, list[object]]] = field(default_factory=list)
    #: The same cells as Arrow text columns (one per header column) with their row numbers
    #: in ``numbers``, when the file was read by Arrow's CSV reader (``rows`` is then empty).
    columns: pa.Table | None = None
    numbers: pa.Array | None = None

    def records(self) -> Iterator[tuple[int, dict[str, object]]]:
        if self.columns is not None and self.numbers is not None:
            names = self.columns.column_names
            for number, values in zip(self.numbers.to_pylist(),
                                      zip(*(c.to_pylist() for c in self.columns.columns),
                                          strict=True), strict=True):
                yield number, dict(zip(names, values, strict=True))
            return
        for number, cells in self.rows:
            yield number, dict(zip(self.header, cells, strict=False))

    def record(self, index: int) -> tuple[int, dict[str, object]]:
        """The ``index``-th row (in file order) with its row number."""
        if self.columns is not None and self.numbers is not None:
            return (int(self.numbers[index].as_py()),
                    {name: self.columns.column(name)[index].as_py()
                     for name in self.columns.column_names})
        number, cells = self.rows[index]
        return number, dict(zip(self.header, cells, strict=False))

    def __len__(self) -> int:
        return len(self.numbers) if self.numbers is not None else len(self.rows)

    def text_columns(self) -> tuple[pa.Table, pa.Array] | None:
        """The rows as Arrow text columns and their row numbers, or None when some cell is
        not text (a workbook's numbers and dates: checked row by row)."""
        if self.columns is not None and self.numbers is not None:
            return self.columns, self.numbers
        if any(type(c) is not str for _, cells in self.rows for c in cells):
            return None
        width = len(self.header)
        cells = [r or [""] * width for _, r in self.rows]
        arrays = [pa.array([r[i] if i < len(r) else "" for r in cells], pa.string())
                  for i in range(width)]
        return (pa.Table.from_arrays(arrays, names=[f"c{i}" for i in range(width)])
                .rename_columns(self.header),
                pa.array([n for n, _ in self.rows], pa.int64()))

    def let_go(self) -> None:
        """Drop the cells once they are typed: at EU scale the text of every file is
        about 150 MB, and the typed columns are what the dataset keeps. Only the table's
        name and origin stay (for messages)."""
        self.rows, self.broken = [], []
        self.columns = self.numbers = None

    def broken_records(self) -> Iterator[tuple[int, dict[str, object]]]:
        for number, cells in self.broken:
            yield number, dict(zip(self.header, cells, strict=False))


def read_tables(path: Path) -> tuple[list[Table], list[Issue]]:
    """Read every table of a dataset; unknown files and unreadable cells become issues."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise DatasetError([Issue(str(path), None, None, "no such file or folder")]) from None
    except OSError as exc:
        raise DatasetError([Issue(str(path), None, None,
                                  f"cannot be read: {exc.strerror or exc}")]) from None
    if stat.S_ISDIR(mode):
        return _read_folder(path)
    suffix = path.suffix.lower()
    if not stat.S_ISREG(mode):
        raise DatasetError([Issue(str(path), None, None, f"is {_file_kind(mode)}, not a CSV "
                                  "file, a folder of CSV files or an .xlsx workbook")])
    if suffix in WORKBOOK_SUFFIXES:
        return _read_workbook(path)
    if suffix == ".csv":
        return _read_files([path])
    if suffix in OTHER_SPREADSHEETS:
        raise DatasetError([_other_spreadsheet(path, str(path))])
    raise DatasetError([Issue(str(path), None, None,
                              "expected a folder of CSV files or an .xlsx workbook")])


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _not_regular(path: Path) -> str | None:
    """What ``path`` is when it is not a regular file (a folder, a FIFO...); None if it is."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # reading it reports the problem
    return None if stat.S_ISREG(mode) else _file_kind(mode)


def _other_spreadsheet(path: Path, where: str) -> Issue:
    what = OTHER_SPREADSHEETS[path.suffix.lower()]
    return Issue(where, None, None, f"is {what}, which cannot be read; save it as an .xlsx "
                 "workbook or as 'CSV UTF-8' files")


def _read_folder(folder: Path) -> tuple[list[Table], list[Issue]]:
    try:
        entries = sorted(p for p in folder.iterdir() if not p.name.startswith(_LITTER))
    except OSError as exc:
        raise DatasetError([Issue(str(folder), None, None,
                                  f"cannot be read: {exc.strerror or exc}")]) from None
    files = [p for p in entries if p.suffix.lower() == ".csv"]
    workbooks = [p for p in entries if p.suffix.lower() in WORKBOOK_SUFFIXES]
    # Other spreadsheets are reported when they look like the data (named like a table, or
    # nothing else is there), and left alone when they sit next to it (an original, say).
    others = [p for p in entries if p.suffix.lower() in OTHER_SPREADSHEETS
              and (p.stem.lower() in BY_FILE or not (files or workbooks))]
    if not files and not workbooks and not others:
        raise DatasetError([Issue(str(folder), None, None,
                                  "no .csv files or .xlsx workbook in this folder")])
    tables, issues = _read_files(files)
    issues += [_other_spreadsheet(p, p.name) for p in others]
    for book in workbooks:
        what = _not_regular(book)
        if what:
            issues.append(Issue(book.name, None, None, f"is {what}, not a workbook"))
            continue
        more, more_issues = _read_workbook(book)
        tables += more
        issues += more_issues
    return tables, issues


def _read_files(files: list[Path]) -> tuple[list[Table], list[Issue]]:
    tables: list[Table] = []
    issues: list[Issue] = []
    for file in files:
        name = file.stem.lower()
        what = _not_regular(file)
        if what:
            issues.append(Issue(file.name, None, None, f"is {what}, not a CSV file"))
            if name in BY_FILE:
                tables.append(Table(name, file.name, [], unreadable=True))
            continue
        if name not in BY_FILE:
            issues.append(Issue(file.name, None, None, _unknown_table(name)))
            continue
        try:
            data = file.read_bytes()
        except OSError as exc:
            issues.append(Issue(file.name, None, None, f"cannot be read: {exc.strerror or exc}"))
            tables.append(Table(name, file.name, [], unreadable=True))
            continue
        fast = read_csv_columns(data, name, file.name)
        table, found = (fast, []) if fast is not None else read_csv_bytes(data, name, file.name)
        del data
        tables.append(table)
        issues += found
        give_back_memory()  # the file's bytes and the reader's blocks, before the next
    return tables, issues


def _unknown_table(name: str) -> str:
    known = ", ".join(sorted(BY_FILE))
    return f"unknown table {name!r}{_did_you_mean(name)}; expected one of: {known}"


def _did_you_mean(name: str) -> str:
    close = difflib.get_close_matches(name, list(BY_FILE), n=1, cutoff=0.8)
    return f" (did you mean {close[0]!r}?)" if close else ""


def minimal_header(kind: NodeKind | RelKind, separator: str = ",") -> str:
    """The columns a table must have at least: its required ones, in schema order."""
    return separator.join(p.name for p in kind.all_props if p.required)


def _empty(origin: str, name: str, what: str = "file") -> Issue:
    return Issue(origin, None, None, f"the {what} is empty (it needs at least the header row: "
                 f"{minimal_header(BY_FILE[name])})")


def _empty_header(origin: str, name: str) -> Issue:
    return Issue(origin, 1, None, "the first row is empty, but it must be the header row "
                 f"(at least: {minimal_header(BY_FILE[name])})")


# --- CSV ------------------------------------------------------------------------------------


def read_csv_bytes(data: bytes, name: str, origin: str) -> tuple[Table, list[Issue]]:
    """Read the bytes of one CSV file as table ``name``; problems come back as issues."""
    table = Table(name, origin, [])

    def refuse(message: str, row: int | None = None, column: str | None = None
               ) -> tuple[Table, list[Issue]]:
        table.unreadable = True
        return table, [Issue(origin, row, column, message)]

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return refuse("UTF-16 text, not UTF-8; save it as 'CSV UTF-8'")
    if data.startswith(b"PK\x03\x04"):
        return refuse("is a zip file (an .xlsx workbook renamed to .csv?), not CSV text; "
                      "name it .xlsx, or save it as 'CSV UTF-8'")
    try:
        text = data.decode("utf-8-sig")
        undecodable = False
    except UnicodeDecodeError:
        # Undecodable bytes become lone surrogates, so they can be found by row and column.
        text = data.decode("utf-8-sig", errors="surrogateescape")
        undecodable = True
    if not text.replace("\ufeff", "").strip():
        table.unreadable = True
        return table, [_empty(origin, name)]
    delimiter = _sniff(_FIRST_LINE.split(text, maxsplit=1)[0])
    issues = _parse_csv(text, delimiter, table)
    if undecodable or "\x00" in text:
        return refuse(*_bad_text(table, text))
    if not table.header:
        table.unreadable = True
        return table, issues or [_empty_header(origin, name)]
    return table, issues


def read_csv_columns(data: bytes, name: str, origin: str) -> Table | None:
    """Read a plain CSV file with Arrow's (columnar, multi-threaded) reader.

    Only the common case: UTF-8 text with no quote character, every row as wide as the
    header, one row per line. Anything else returns None and is read by
    :func:`read_csv_bytes`, which reports each problem with its row and column; so what
    this returns is always exactly what that reader would have read.
    """
    if (b'"' in data or b"\x00" in data or not data or data.isspace()
            or data.startswith((b"\xff\xfe", b"\xfe\xff", b"PK\x03\x04"))):
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    ends = [i for i in (data.find(b"\n"), data.find(b"\r")) if i >= 0]
    first = data[: min(ends)] if ends else data
    try:
        line = first.decode("utf-8")
    except UnicodeDecodeError:
        return None
    delimiter = _sniff(line)
    header = [c.strip() for c in line.split(delimiter)]
    if not all(header) or len(set(header)) != len(header) or not line.strip():
        return None
    lines = data.count(b"\n")
    if b"\r" in data:
        lines += data.count(b"\r") - data.count(b"\r\n")
    lines += not data.endswith((b"\n", b"\r"))
    try:
        arrow = pa_csv.read_csv(
            pa.BufferReader(data),
            # Big blocks: few chunks to combine below (combining many is slow).
            read_options=pa_csv.ReadOptions(column_names=[f"c{i}" for i in range(len(header))],
                                            skip_rows=1, block_size=CSV_BLOCK),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, quote_char=False,
                                              newlines_in_values=False,
                                              ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys((f"c{i}" for i in range(len(header))),
                                           pa.string()),
                strings_can_be_null=False, check_utf8=True))
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
    if arrow.num_rows + 1 != lines:
        return None
    columns = [c.combine_chunks() for c in arrow.columns]
    del arrow
    limit = csv.field_size_limit()
    for column in columns:
        longest = pc.max(pc.binary_length(column)).as_py()
        if longest is not None and longest > limit:
            return None
    blank: pa.Array | None = None
    for column in columns:  # a row is blank when every cell is: mostly the first is not
        if blank is not None and not pc.any(blank).as_py():
            break
        candidates = column if blank is None else column.filter(blank)
        empty = pc.equal(pc.utf8_trim(candidates, WHITESPACE), "")
        blank = empty if blank is None else pc.replace_with_mask(blank, blank, empty)
    table = pa.Table.from_arrays(columns, names=header)
    numbers = pa.array(np.arange(2, table.num_rows + 2, dtype=np.int64))
    if blank is not None and pc.any(blank).as_py():
        keep = pc.invert(blank)
        table, numbers = table.filter(keep), numbers.filter(keep)
    return Table(name, origin, header, columns=table, numbers=numbers)


def _sniff(first_line: str) -> str:
    try:
        # Only the delimiter is guessed; quoting follows Excel ("" inside a quoted cell).
        return csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _parse_csv(text: str, delimiter: str, table: Table) -> list[Issue]:
    """Fill ``table`` from CSV ``text``; the rows that cannot be read become issues."""
    issues: list[Issue] = []
    header = table.header
    # newline="": only CR and LF end a line (str.splitlines would also split on U+2028...).
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter,
                        strict=True, skipinitialspace=True)
    row = 0  # records so far: a spreadsheet numbers a multi-line cell as one row
    end_line = 0  # physical line the previous record ended on
    while True:
        start_line = end_line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            row += 1
            issue, stop = _quoting_issue(text, delimiter, table, row, start_line, str(exc))
            issues.append(issue)
            table.incomplete = True
            if stop or row == 1:  # without a header, no row can be read
                return issues
            end_line = reader.line_num
            continue
        row += 1
        end_line = reader.line_num
        if row == 1:
            header.extend(c.strip() for c in cells)
            while header and not header[-1]:
                header.pop()  # trailing empty cells: the used range ends later than the data
            if not header:
                return issues  # no columns to read the rows by: reported by the caller
            continue
        if not any(c.strip() for c in cells):
            continue
        width = len(cells)
        if width == len(header) and end_line == start_line:
            table.rows.append((row, list[object](cells)))  # the common case, kept fast
            continue
        while width > len(header) and not cells[width - 1].strip():
            width -= 1  # trailing empty cells beyond the header are no data
        lines = f"lines {start_line}-{end_line}" if end_line > start_line else ""
        # A short row is read with its missing trailing cells empty, unless a quoted cell
        # spans lines: spreadsheets write every cell then, so a quote may have gone astray.
        if width > len(header) or (lines and width < len(header)):
            message = f"row has {width} cells but the header has {len(header)}"
            if lines:
                message += (f"; a quoted cell runs over {lines} of the file: "
                            "is a closing '\"' missing?")
                table.incomplete = True  # the rows it swallowed are unknown
            else:
                message += f"; put a cell that contains '{delimiter}' in quotes"
            issues.append(Issue(table.origin, row, None, message))
            table.broken.append((row, list(cells)))
            continue
        table.rows.append((row, list(cells[: len(header)])))
    # Cross-check: every physical line was read (no row vanished into another one).
    total = text.count("\n") + text.count("\r") - text.count("\r\n")
    total += not text.endswith(("\n", "\r"))
    if end_line != total:
        issues.append(Issue(table.origin, row + 1, None, f"only lines 1-{end_line} of "
                            f"{total} could be read; is a '\"' unbalanced?"))
        table.incomplete = True
    return issues


def _quoting_issue(text: str, delimiter: str, table: Table, row: int, start_line: int,
                   error: str) -> tuple[Issue, bool]:
    """The issue for a record the csv module refused, and whether reading must stop."""
    lines = io.StringIO(text, newline="").readlines()
    found = _scan_quotes("".join(lines[start_line - 1:]), delimiter)
    column = None
    line = start_line
    if found is not None:
        _problem, index, offset = found
        column = table.header[index] if index < len(table.header) and row > 1 else None
        line = start_line + offset
    if "unexpected end of data" in error:
        message = (f"unterminated quote: the '\"' that opens this cell (line {line} of the "
                   "file) is never closed, so the rest of the file would run into this cell")
        return Issue(table.origin, row, column, message), True
    if "field larger than field limit" in error:
        message = (f"a cell is longer than {csv.field_size_limit()} characters: is the '\"' "
                   f"that opens it (line {line} of the file) never closed?")
        return Issue(table.origin, row, column, message), True
    if found is not None and found[0] == "after":
        message = ("text follows the closing '\"' of a quoted cell; put the whole cell in "
                   "quotes and double every '\"' inside it")
        return Issue(table.origin, row, column, message), False
    return Issue(table.origin, row, column, f"unreadable CSV: {error}"), False


def _scan_quotes(rest: str, delimiter: str) -> tuple[str, int, int] | None:
    """Find the quoting problem of the record ``rest`` starts with, as Excel quotes.

    Returns ("open", field, line) for a quote never closed, ("after", field, line) for
    text after a closing quote, or None; ``line`` counts from the record's first line.
    """
    state = "start"  # start of a cell | unquoted | quoted | just after a closing quote
    field = line = 0
    opened = (0, 0)
    i, n = 0, len(rest)
    while i < n:
        c = rest[i]
        if state == "quoted":
            if c == '"':
                if rest.startswith('"', i + 1):
                    i += 2
                    continue
                state = "closed"
            elif c == "\n" or (c == "\r" and not rest.startswith("\n", i + 1)):
                line += 1
        elif c == delimiter:
            field += 1
            state = "start"
        elif c in "\r\n":
            return None  # the record ended without a quoting problem
        elif state == "start" and c == '"':
            state = "quoted"
            opened = (field, line)
        elif state == "closed":
            return "after", field, line
        elif not (state == "start" and c == " "):
            state = "unquoted"
        i += 1
    return ("open", *opened) if state == "quoted" else None


def _bad_text(table: Table, text: str) -> tuple[str, int | None, str | None]:
    """Where the first undecodable byte (or NUL) is: message, row and column."""
    everything: list[tuple[int, list[Any]]] = [(1, list(table.header)), *table.rows,
                                               *table.broken]
    everything.sort(key=lambda item: item[0])
    bad = [(row, index, str(cell)) for row, cells in everything
           for index, cell in enumerate(cells) if _BAD_CHAR.search(str(cell))]
    if bad:
        row, index, cell = bad[0]
        code = ord(_BAD_CHAR.findall(cell)[0])
        where = f"in {_BAD_CHAR.sub('?', cell)[:40]!r}"
        more = len(bad) - 1
        where += f" ({more} more cell{'s' if more > 1 else ''} like it)" if more else ""
        column = table.header[index] if row > 1 and index < len(table.header) else None
    else:  # in a part of the file the reader could not split into rows: say the line
        found = _BAD_CHAR.search(text)
        assert found is not None
        code = ord(found.group())
        before = text[: found.start()]
        line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
        where, row, column = f"on line {line} of the file", None, None
    if code == 0:
        return (f"contains a NUL byte {where}, which text never has; save the file as "
                "'CSV UTF-8'", row, column)
    return (f"not UTF-8 text (byte 0x{code - 0xDC00:02x} {where}); save the file as "
            "'CSV UTF-8'", row, column)


# --- XLSX -----------------------------------------------------------------------------------


def _read_workbook(book: Path) -> tuple[list[Table], list[Issue]]:
    import openpyxl  # imported here: only XLSX users pay for it

    try:
        workbook = openpyxl.load_workbook(book, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        return [], [Issue(book.name, None, None, f"unreadable workbook: {exc}")]
    tables: list[Table] = []
    issues: list[Issue] = []
    formulas = _FormulaFinder(book)
    try:
        for sheet in workbook.worksheets:
            name = sheet.title.strip().lower()
            origin = f"{book.name}[{sheet.title}]"
            sheet.reset_dimensions()  # a wrong <dimension> would otherwise hide rows
            if name not in BY_FILE:
                # "_guide" sheets are notes for people; an empty "Sheet1" is nothing at all.
                if not name.startswith("_") and not _sheet_is_empty(sheet):
                    issues.append(Issue(origin, None, None, _unknown_sheet(sheet.title)))
                continue
            table, found = _read_sheet(sheet, name, origin, formulas)
            tables.append(table)
            issues += found
    finally:
        workbook.close()
        formulas.close()
    return tables, issues


def _unknown_sheet(title: str) -> str:
    return (f"sheet {title!r} is not a table of the data format"
            f"{_did_you_mean(title.strip().lower())}; delete it, or rename it to start with "
            "'_' (e.g. '_notes') to keep it as notes")


def _sheet_is_empty(sheet: Any) -> bool:
    return not any(_cell_text(value) != "" for values in sheet.iter_rows(values_only=True)
                   for value in values)


def _read_sheet(sheet: Any, name: str, origin: str, formulas: _FormulaFinder
                ) -> tuple[Table, list[Issue]]:
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.utils import get_column_letter

    header: list[str] = []
    table = Table(name, origin, header)
    issues: list[Issue] = []
    #: Present cells without a value: empty but formatted, or a formula never calculated.
    maybe_formula: dict[tuple[int, int], str] = {}
    seen_any = False
    for index, row in enumerate(sheet.iter_rows(), start=1):
        cells = [_cell_text(cell.value) for cell in row]
        seen_any = seen_any or any(c != "" for c in cells)
        if index == 1:
            header.extend(str(c).strip() for c in cells)
            while header and not header[-1]:
                header.pop()
            continue
        for col, cell in enumerate(row[: len(header)]):
            column = header[col] or get_column_letter(col + 1)
            if cell.data_type == "e":  # an error value such as #N/A or #DIV/0!
                issues.append(Issue(origin, index, column, f"the cell holds the error "
                                    f"{cell.value}; correct the formula or clear the cell"))
                cells[col] = ""
            elif (isinstance(cell, ReadOnlyCell) and cell.value is None
                  and cell.data_type not in ("str", "s", "inlineStr")):
                maybe_formula[(index, col)] = column
        width = len(cells)
        while width and cells[width - 1] == "":
            width -= 1
        if width > len(header) and header:
            letter = get_column_letter(width)
            issues.append(Issue(origin, index, None, f"cell {letter}{index} has a value, but "
                                f"column {letter} has no header (the header has {len(header)} "
                                "columns); name the column or clear the cell"))
        if any(str(c).strip() for c in cells[: len(header)]):
            table.rows.append((index, cells[: len(header)]
                               + [""] * (len(header) - len(cells))))
    for (index, _col), column in sorted(formulas.find(sheet.title, maybe_formula).items()):
        issues.append(Issue(origin, index, column, "formula without a saved value: open and "
                            "save the workbook in Excel/LibreOffice so the value is stored"))
    if not seen_any:
        table.unreadable = True
        return table, [_empty(origin, name, "sheet")]
    if not header:
        table.unreadable = True
        return table, [_empty_header(origin, name)]
    return table, issues


class _FormulaFinder:
    """Tells which value-less cells are formulas, by reading the workbook again (lazily).

    ``data_only=True`` gives the value Excel saved with each formula, or None if none was
    saved (e.g. a workbook written by a script and never opened): only that second read,
    without ``data_only``, tells such a formula from an empty formatted cell.
    """

    def __init__(self, book: Path):
        self.book = book
        self.workbook: Any = None

    def find(self, title: str, cells: dict[tuple[int, int], str]
             ) -> dict[tuple[int, int], str]:
        if not cells:
            return {}
        if self.workbook is None:
            import openpyxl

            self.workbook = openpyxl.load_workbook(self.book, read_only=True, data_only=False)
        sheet = self.workbook[title]
        sheet.reset_dimensions()
        first = min(r for r, _ in cells)
        last = max(r for r, _ in cells)
        found = {}
        for index, row in enumerate(sheet.iter_rows(min_row=first, max_row=last), start=first):
            for col, cell in enumerate(row):
                if (index, col) in cells and cell.data_type == "f":
                    found[(index, col)] = cells[(index, col)]
        return found

    def close(self) -> None:
        if self.workbook is not None:
            self.workbook.close()


def _cell_text(value: object) -> object:
    """Excel cells arrive typed; a date-time keeps its time only when it has one.

    A time of day is written out as text (``2025-01-02 10:00``), so a date column can say
    what is wrong with it in the coordinator's terms; empty cells become ''.
    """
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date()
        spec = "seconds" if value.second or value.microsecond else "minutes"
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec=spec)
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    if isinstance(value, dt.timedelta):
        return str(value)
    return value
