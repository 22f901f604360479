"""The reading rules of spreadsheets, without a database: CSV records, XLSX cells, numbers."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from graph.errors import DatasetError, Issue
from loaders.tables import Table, read_csv_bytes, read_tables
from loaders.validate import read_dataset, validate_tables
from tests.support import MINI

CHALLENGES = b"id,name,theme,source,updated\n"


def read(data: bytes, name: str = "challenges") -> tuple[Table, list[tuple[Any, ...]]]:
    table, issues = read_csv_bytes(data, name, f"{name}.csv")
    return table, [(i.row, i.column, i.message) for i in issues]


def problems(tables: list[Table], issues: list[Issue] | None = None) -> list[str]:
    try:
        validate_tables(tables, issues)
    except DatasetError as exc:
        return [str(i) for i in exc.issues]
    return []


# --- CSV records --------------------------------------------------------------------------


def test_header_only_file_is_a_valid_empty_table() -> None:
    table, issues = read(CHALLENGES)
    assert issues == [] and table.rows == [] and table.header[0] == "id"
    assert problems([table]) == []


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"  \r\n\n\t", b"\xef\xbb\xbf\n\n"])
def test_empty_file_is_one_problem(data: bytes) -> None:
    table, issues = read(data, "events")
    assert issues == [(None, None, "the file is empty (it needs at least the header row: "
                                   "id,name,kind,date,source,updated)")]
    assert table.unreadable


def test_blank_first_row_is_not_taken_for_data() -> None:
    table, issues = read(b"\n" + CHALLENGES + b"chal-a,A,green,s,2025-01-01\n")
    assert issues == [(1, None, "the first row is empty, but it must be the header row "
                                "(at least: id,name,theme,source,updated)")]
    assert table.unreadable


def test_short_row_reads_missing_trailing_cells_as_empty() -> None:
    table, issues = read(CHALLENGES + b"chal-a,A,green\n")
    assert issues == []
    assert list(table.records()) == [(2, {"id": "chal-a", "name": "A", "theme": "green"})]
    assert problems([table]) == ["challenges.csv, row 2, column 'source': a value is required",
                                 "challenges.csv, row 2, column 'updated': a value is required"]


def test_trailing_empty_cells_beyond_the_header_are_no_data() -> None:
    table, issues = read(b"id,name,theme,source,updated,,\nchal-a,A,green,s,2025-01-01,,,\n")
    assert issues == [] and table.header == ["id", "name", "theme", "source", "updated"]
    assert problems([table]) == []


def test_row_with_more_cells_than_the_header_is_refused() -> None:
    table, issues = read(CHALLENGES + b"chal-a,Battery, cells,green,s,2025-01-01\n"
                         b"chal-b,B,green,s,2025-01-01\n")
    assert issues == [(2, None, "row has 6 cells but the header has 5; put a cell that contains "
                                "',' in quotes")]
    assert [n for n, _ in table.rows] == [3]
    # Its id still exists: a reference to it is not a second, misleading problem.
    assert [record["id"] for _, record in table.broken_records()] == ["chal-a"]


def test_semicolon_delimiter_is_named_in_the_hint() -> None:
    _table, issues = read(b"\xef\xbb\xbfid;name;theme;source;updated\n"
                          b"chal-a;A;green;s;2025-01-01;x\n")
    assert issues == [(2, None, "row has 6 cells but the header has 5; put a cell that contains "
                                "';' in quotes")]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c"])
def test_unicode_line_separators_stay_inside_their_cell(separator: str) -> None:
    data = (CHALLENGES.decode() + f"chal-a,A{separator}B,green,s,2025-01-01\n"
            f'chal-b,"C{separator}D",green,s,2025-01-01\n').encode()
    table, issues = read(data)
    assert issues == []
    assert [(n, cells[1]) for n, cells in table.rows] == [(2, f"A{separator}B"),
                                                          (3, f"C{separator}D")]


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_multi_line_cell_is_one_row_numbered_by_its_first_line(newline: bytes) -> None:
    data = newline.join([b"id,name,theme,source,updated", b'chal-a,"two', b'lines",green,s,x',
                         b"chal-b,B,green,s,x", b""])
    table, issues = read(data)
    assert issues == []
    assert [(n, cells[0]) for n, cells in table.rows] == [(2, "chal-a"), (3, "chal-b")]
    assert table.rows[0][1][1] == "two" + newline.decode() + "lines"


def test_unterminated_quote_names_its_row_line_and_column() -> None:
    table, issues = read(CHALLENGES + b'chal-a,"two\nlines",green,s,x\n'
                         b'chal-b,B,"green,s,x\nchal-c,C,green,s,x\n')
    assert issues == [(3, "theme", "unterminated quote: the '\"' that opens this cell (line 4 "
                                   "of the file) is never closed, so the rest of the file would "
                                   "run into this cell")]
    assert [n for n, _ in table.rows] == [2]
    assert table.incomplete  # what it swallowed is unknown: references to it are not judged


def test_unterminated_quote_in_a_long_file_hits_the_cell_size_limit() -> None:
    table, issues = read(CHALLENGES + b'chal-a,"A,green,s,x\n' + b"chal-b,B,green,s,x\n" * 9000)
    assert issues == [(2, "name", f"a cell is longer than {csv.field_size_limit()} characters: "
                                  "is the '\"' that opens it (line 2 of the file) never closed?")]
    assert table.incomplete and table.rows == []


def test_text_after_a_closing_quote_is_refused_and_reading_goes_on() -> None:
    table, issues = read(CHALLENGES + b'chal-a,"A" and more,green,s,x\n'
                         b'chal-b,B,"green"!,s,x\nchal-c,C,green,s,x\n')
    hint = ("text follows the closing '\"' of a quoted cell; put the whole cell in quotes and "
            "double every '\"' inside it")
    assert issues == [(2, "name", hint), (3, "theme", hint)]
    assert [n for n, _ in table.rows] == [4]


def test_broken_header_row_is_the_only_problem() -> None:
    table, issues = read(b'id,"na"me,theme,source,updated\nchal-a,A,green,s,x\n')
    assert issues == [(1, None, "text follows the closing '\"' of a quoted cell; put the whole "
                                "cell in quotes and double every '\"' inside it")]
    assert table.unreadable


def test_doubled_quotes_and_quoted_delimiters_are_read() -> None:
    table, issues = read(CHALLENGES + b'chal-a,"Job ""losses"", cuts",social,s,x\n'
                         b'chal-b, "spaced, quoted",green,s,x\n')
    assert issues == []
    assert [cells[1] for _, cells in table.rows] == ['Job "losses", cuts', "spaced, quoted"]


def test_stray_quotes_swallowing_rows_are_caught_by_the_cell_count() -> None:
    table, issues = read(CHALLENGES + b'chal-a,"A,green,s,x\nchal-b,B,green,s,x\n'
                         b'chal-c,C,green",s,x\n')
    assert issues == [(2, None, "row has 4 cells but the header has 5; a quoted cell runs over "
                                "lines 2-4 of the file: is a closing '\"' missing?")]
    assert table.incomplete


def test_not_utf8_names_row_column_and_byte() -> None:
    table, issues = read(CHALLENGES + b"chal-a,Tr\xe8s bien,green,s,x\nchal-b,\xe9,green,s,x\n")
    assert issues == [(2, "name", "not UTF-8 text (byte 0xe8 in 'Tr?s bien' (1 more cell like "
                                  "it)); save the file as 'CSV UTF-8'")]
    assert table.unreadable


def test_not_utf8_where_no_row_could_be_read_names_the_line() -> None:
    _table, issues = read(CHALLENGES + b'chal-a,"A,green,s,x\r\nchal-b,\xe9,green,s,x\r\n')
    assert issues == [(None, None, "not UTF-8 text (byte 0xe9 on line 3 of the file); save the "
                                   "file as 'CSV UTF-8'")]


def test_not_utf8_in_the_header() -> None:
    _table, issues = read(b"id,n\xe4me,theme,source,updated\n")
    assert issues == [(1, None, "not UTF-8 text (byte 0xe4 in 'n?me'); save the file as "
                                "'CSV UTF-8'")]


def test_utf16_nul_and_zip_files_are_named_for_what_they_are() -> None:
    assert read(CHALLENGES.decode().encode("utf-16"))[1] == [
        (None, None, "UTF-16 text, not UTF-8; save it as 'CSV UTF-8'")]
    assert read(CHALLENGES + b"chal-a,A\x00,green,s,x\n")[1] == [
        (2, "name", "contains a NUL byte in 'A?', which text never has; save the file as "
                    "'CSV UTF-8'")]
    assert "is a zip file" in read(b"PK\x03\x04" + b"\x00" * 20)[1][0][2]


# --- numbers, dates, text -------------------------------------------------------------------

FUNDS = ["id", "name", "level", "budget_eur", "source", "updated"]


def fund(budget: object) -> Table:
    return Table("funds", "funds.csv", list(FUNDS),
                 [(2, ["fund-a", "A", "eu", budget, "s", "2025-01-01"])])


def budget(value: object) -> object:
    return read_dataset_table(fund(value))["Fund"][0]["budget_eur"]


def read_dataset_table(table: Table) -> dict[str, list[dict[str, Any]]]:
    return validate_tables([table]).nodes


@pytest.mark.parametrize(("cell", "value"), [
    ("2.5", 2.5), ("2,5", 2.5), ("1,5", 1.5), ("0,125", 0.125), ("1234,567", 1234.567),
    ("1.234,5", 1234.5), ("12.345.678,9", 12345678.9), ("1.234", 1.234), ("250000", 250000.0),
    ("-1,5", -1.5), ("2.5e3", 2500.0), (" 7 ", 7.0), (250000, 250000.0), (2.5, 2.5),
])
def test_numbers_that_are_read(cell: object, value: float) -> None:
    assert budget(cell) == value


@pytest.mark.parametrize(("cell", "message"), [
    ("NaN", "'NaN' is not valid: not a finite number; expected a number"),
    ("nan", "not a finite number"), ("inf", "not a finite number"),
    ("-Infinity", "not a finite number"), ("+inf", "not a finite number"),
    ("1e999", "'1e999' is not valid: not a finite number"),
    (float("inf"), "inf is not valid: not a finite number"),
    (float("nan"), "nan is not valid: not a finite number"),
    ("250,000", "'250,000' is not valid: ambiguous, a comma before exactly three digits may "
                "separate thousands; write 250000, or 250.000 if the comma is a decimal comma"),
    ("-1,500", "write -1500, or -1.500 if the comma is a decimal comma"),
    ("1,234.5", "'1,234.5' is not valid: write numbers without thousands separators, "
                "e.g. 1234.5"),
    ("1,234,567", "without thousands separators, e.g. 1234567"),
    ("1.234.567", "without thousands separators, e.g. 1234567"),
    ("1 234 567,5", "without thousands separators, e.g. 1234567.5"),
    ("1\u00a0234", "without thousands separators, e.g. 1234"),
    ("1'234.5", "without thousands separators, e.g. 1234.5"),
    ("1_000", "without thousands separators, e.g. 1000"),
    ("1 million", "'1 million' is not valid: expected a number"),
    (True, "TRUE is not valid: expected a number"),
])
def test_numbers_that_are_refused(cell: object, message: str) -> None:
    found = problems([fund(cell)])
    assert len(found) == 1 and found[0].startswith("funds.csv, row 2, column 'budget_eur': ")
    assert message in found[0]


def test_whole_numbers_say_so() -> None:
    table = Table("courses", "courses.csv", ["id", "name", "eqf_level", "source", "updated"],
                  [(2, ["c-a", "A", "inf", "s", "2025-01-01"]),
                   (3, ["c-b", "B", "1,000", "s", "2025-01-01"]),
                   (4, ["c-c", "C", "4,5", "s", "2025-01-01"])])
    assert problems([table]) == [
        "courses.csv, row 2, column 'eqf_level': 'inf' is not valid: not a finite number; "
        "expected a whole number",
        "courses.csv, row 3, column 'eqf_level': '1,000' is not valid: ambiguous, a comma before "
        "exactly three digits may separate thousands; write 1000, or 1.000 if the comma is a "
        "decimal comma",
        # The cell as written, not as the decimal comma was turned into a point.
        "courses.csv, row 4, column 'eqf_level': '4,5' is not valid: expected a whole number",
    ]


def event(date: object) -> Table:
    return Table("events", "events.csv", ["id", "name", "kind", "date", "source", "updated"],
                 [(2, ["e-a", "A", "workshop", date, "s", "2025-01-01"])])


@pytest.mark.parametrize(("cell", "message"), [
    ("2025-01-02 10:00", "'2025-01-02 10:00' is not valid: expected a date YYYY-MM-DD (without "
                         "a time of day)"),
    ("2025-01-02T10:00:00", "'2025-01-02T10:00:00' is not valid: expected a date YYYY-MM-DD "
                            "(without a time of day)"),
    (dt.datetime(2025, 1, 2, 10, 0), "'2025-01-02 10:00:00' is not valid: expected a date "
                                     "YYYY-MM-DD (without a time of day)"),
    ("02/01/2025", "'02/01/2025' is not valid: expected a date YYYY-MM-DD"),
    ("2026-02-30", "'2026-02-30' is not valid: expected a date YYYY-MM-DD"),
    (45658, "45658 is not valid: expected a date YYYY-MM-DD"),  # a serial number, not a date
    (86400, "86400 is not valid: expected a date YYYY-MM-DD"),  # not a Unix time either
])
def test_dates_that_are_refused(cell: object, message: str) -> None:
    found = problems([event(cell)])
    assert len(found) == 1 and found[0] == f"events.csv, row 2, column 'date': {message}"
    assert "datetime." not in found[0]


def test_dates_that_are_read() -> None:
    for cell in ("2025-01-02", dt.date(2025, 1, 2)):
        assert read_dataset_table(event(cell))["Event"][0]["date"] == dt.date(2025, 1, 2)


def test_typed_workbook_values_in_text_columns_are_read_as_text() -> None:
    table = Table("regions", "book.xlsx[regions]",
                  ["id", "name", "country", "country_code", "nuts_code", "source", "updated"],
                  [(2, ["r-a", 2024, "X", "SK", 12.0, dt.date(2025, 1, 2), "2025-01-02"])])
    row = read_dataset_table(table)["Region"][0]
    assert (row["name"], row["nuts_code"], row["source"]) == ("2024", "12", "2025-01-02")


# --- XLSX ----------------------------------------------------------------------------------


def workbook(path: Path, edit: Callable[[Any], None] | None = None) -> Path:
    """The mini dataset as one workbook, changed by ``edit``."""
    book = openpyxl.Workbook()
    for sheet in list(book.worksheets):
        book.remove(sheet)
    for file in sorted(MINI.glob("*.csv")):
        sheet = book.create_sheet(file.stem)
        with file.open(encoding="utf-8") as handle:
            for row in csv.reader(handle):
                sheet.append(row)
    if edit:
        edit(book)
    book.save(path)
    return path


def rewrite(path: Path, member: str, change: Callable[[str], str]) -> None:
    """Edit one XML part of a workbook, as another program would have written it."""
    with zipfile.ZipFile(path) as old:
        parts = {n: old.read(n) for n in old.namelist()}
    parts[member] = change(parts[member].decode()).encode()
    with zipfile.ZipFile(path, "w") as new:
        for name, data in parts.items():
            new.writestr(name, data)


def sheet_part(path: Path, title: str) -> str:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return str(book[title]._worksheet_path)
    finally:
        book.close()


def workbook_problems(path: Path) -> list[str]:
    try:
        read_dataset(path)
    except DatasetError as exc:
        return [str(i) for i in exc.issues]
    return []


def test_workbook_reads_like_the_csv_folder(tmp_path: Path) -> None:
    path = workbook(tmp_path / "mini.xlsx")
    assert read_dataset(path).counts() == read_dataset(MINI).counts()


def test_datetime_cells(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        book["events"]["D2"] = dt.datetime(2025, 3, 10, 10, 30, 15)
        book["projects"]["C2"] = dt.datetime(2025, 9, 1)  # midnight: just a date

    assert workbook_problems(workbook(tmp_path / "b.xlsx", edit)) == [
        "b.xlsx[events], row 2, column 'date': '2025-03-10 10:30:15' is not valid: expected a "
        "date YYYY-MM-DD (without a time of day)"]


def test_formula_without_saved_value_is_refused_once(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        book["regions"]["B3"] = '=UPPER("south")'  # name: required
        book["funds"]["D2"] = "=2*3"

    assert workbook_problems(workbook(tmp_path / "b.xlsx", edit)) == [
        "b.xlsx[funds], row 2, column 'budget_eur': formula without a saved value: open and save "
        "the workbook in Excel/LibreOffice so the value is stored",
        "b.xlsx[regions], row 3, column 'name': formula without a saved value: open and save the "
        "workbook in Excel/LibreOffice so the value is stored"]


def test_saved_formula_values_are_read(tmp_path: Path) -> None:
    path = workbook(tmp_path / "b.xlsx", lambda book: book["funds"].__setitem__("D2", "=2*3"))
    # As Excel saves it: the formula with its calculated value.
    rewrite(path, sheet_part(path, "funds"),
            lambda xml: xml.replace('<c r="D2"><f>2*3</f><v />', '<c r="D2"><f>2*3</f><v>6</v>'))
    assert read_dataset(path).nodes["Fund"][0]["budget_eur"] == 6.0


def test_formula_with_an_empty_text_result_is_an_empty_cell(tmp_path: Path) -> None:
    path = workbook(tmp_path / "b.xlsx",
                    lambda book: book["regions"].__setitem__("E2", '=IF(1,"","x")'))
    # Excel saves an empty text result as t="str" with an empty value: not a missing value.
    rewrite(path, sheet_part(path, "regions"),
            lambda xml: xml.replace('<c r="E2"><f>', '<c r="E2" t="str"><f>'))
    north = next(r for r in read_dataset(path).nodes["Region"] if r["id"] == "region-north")
    assert north["nuts_code"] is None


def test_error_values_are_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "b.xlsx",
                    lambda book: book["regions"].__setitem__("C2", "#REF!"))
    assert workbook_problems(path) == [
        "b.xlsx[regions], row 2, column 'country': the cell holds the error #REF!; correct the "
        "formula or clear the cell"]


def test_wrong_sheet_dimension_loses_no_row(tmp_path: Path) -> None:
    path = workbook(tmp_path / "b.xlsx")
    part = sheet_part(path, "regions")
    # Some writers record a used range smaller than the data; the rows past it still count.
    rewrite(path, part, lambda xml: xml.replace('<dimension ref="A1:L4"', '<dimension ref="A1:C2"'))
    assert len(read_dataset(path).nodes["Region"]) == 3


def test_sheets_that_are_not_tables(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        book.create_sheet("Sheet1")  # empty: nothing is lost by ignoring it
        book.create_sheet("_notes")["A1"] = "kept as notes"
        book.create_sheet("Sheet3")["C7"] = 42

    assert workbook_problems(workbook(tmp_path / "b.xlsx", edit)) == [
        "b.xlsx[Sheet3]: sheet 'Sheet3' is not a table of the data format; delete it, or rename "
        "it to start with '_' (e.g. '_notes') to keep it as notes"]


def test_value_beyond_the_header_and_empty_table_sheet(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        book["faces"]["J4"] = "stray"
        book.remove(book["events"])
        book.create_sheet("events")

    assert workbook_problems(workbook(tmp_path / "b.xlsx", edit)) == [
        "b.xlsx[faces], row 4: cell J4 has a value, but column J has no header (the header has 7 "
        "columns); name the column or clear the cell",
        "b.xlsx[events]: the sheet is empty (it needs at least the header row: "
        "id,name,kind,date,source,updated)"]


def test_broken_workbook_is_one_problem(tmp_path: Path) -> None:
    (tmp_path / "b.xlsx").write_bytes(b"not a zip")
    tables, issues = read_tables(tmp_path / "b.xlsx")
    assert tables == []
    assert [str(i) for i in issues] == ["b.xlsx: unreadable workbook: File is not a zip file"]


# --- files and folders ---------------------------------------------------------------------


def test_office_litter_is_ignored(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "d")
    (tmp_path / "d" / "~$book.xlsx").write_bytes(b"owner file of an open workbook")
    (tmp_path / "d" / "._regions.csv").write_bytes(b"\x00\x05\x16\x07 resource fork")
    (tmp_path / "d" / "original export.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert read_dataset(tmp_path / "d").counts() == read_dataset(MINI).counts()


def test_old_spreadsheet_formats_are_named(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "partnership.ods").write_bytes(b"PK")
    tables, issues = read_tables(tmp_path / "d")
    assert tables == []
    assert [str(i) for i in issues] == [
        "partnership.ods: is an OpenDocument spreadsheet, which cannot be read; save it as an "
        ".xlsx workbook or as 'CSV UTF-8' files"]


def test_unknown_csv_name_suggests_the_table(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "d")
    (tmp_path / "d" / "region.csv").write_bytes(b"id\n")
    _tables, issues = read_tables(tmp_path / "d")
    assert [i.message.split(";")[0] for i in issues] == [
        "unknown table 'region' (did you mean 'regions'?)"]


def test_folder_named_like_a_table_file(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "d")
    (tmp_path / "d" / "regions.csv").unlink()
    (tmp_path / "d" / "regions.csv").mkdir()
    tables, issues = read_tables(tmp_path / "d")
    assert [str(i) for i in issues] == ["regions.csv: is a folder, not a CSV file"]
    assert next(t for t in tables if t.name == "regions").unreadable


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_is_never_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "regions.csv")
    with pytest.raises(DatasetError) as caught:
        read_tables(tmp_path / "regions.csv")
    assert str(caught.value) == (f"{tmp_path / 'regions.csv'}: is a named pipe (FIFO), not a "
                                 "CSV file, a folder of CSV files or an .xlsx workbook")


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="no such file or folder"):
        read_tables(tmp_path / "nothing")


def test_validating_can_let_go_of_each_tables_cells_once_typed(tmp_path: Path) -> None:
    """``rsp load`` validates with ``consume``: each table's text is dropped once typed
    (at EU scale the text of every file is about 150 MB); the dataset is the same, and
    so are the problems a broken table reports."""
    kept_tables, kept_issues = read_tables(MINI)
    kept = validate_tables(kept_tables, kept_issues)
    tables, issues = read_tables(MINI)
    consumed = validate_tables(tables, issues, consume=True)
    assert all(len(t) == 0 and t.columns is None and not t.rows for t in tables)
    assert all(len(t) for t in kept_tables)
    assert {k: g.table for k, g in consumed.groups()} == {k: g.table for k, g in kept.groups()}
    broken = tmp_path / "broken"
    shutil.copytree(MINI, broken)
    with (broken / "located_in.csv").open("a", encoding="utf-8") as handle:
        handle.write("org-nowhere,region-nowhere,x,2026-13-01,true,true\n")
    expected = problems(*read_tables(broken))
    tables, issues = read_tables(broken)
    with pytest.raises(DatasetError) as caught:
        validate_tables(tables, issues, consume=True)
    assert expected and [str(i) for i in caught.value.issues] == expected
