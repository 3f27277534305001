"""A large CSV is read and checked in chunks (dashboard/reading.py, STREAM_BYTES and
CHUNK_ROWS): the provider gets exactly the answer the whole file would get. Checked by
shrinking the chunks to a few rows, so that small files cross many chunk boundaries:
duplicates in different chunks, a BSN only in a late chunk, more errors than are listed,
a broken row far into the file, blank lines and the row numbers around them."""

from __future__ import annotations

import pytest

from dashboard import reading, validation
from dashboard.errors import MAX_LISTED
from dashboard.validation import Validated, validate, validate_many
from tests.helpers import GOOD, batch_mix, render, valid_bsns, xlsx_bytes

WL = "JBRR_wachtlijst_2024-06.csv"
HEADER = ";".join(GOOD["wachtlijst"][1])


def _rows(n: int, start: int = 0) -> list[str]:
    return [f"JBRR;30-06-2024;JB-{i:06d};OTS;jeugdbeschermer;01-06-2024;regulier;nee;;{i % 18}" for i in range(start, start + n)]


def _answer(v: Validated) -> tuple:
    frame = None if v.frame is None else v.frame.to_dicts()
    rows = None if v.row_numbers is None else v.row_numbers.to_list()
    return v.ok, v.error_count, [f.as_dict() for f in v.errors], [f.as_dict() for f in v.warnings], frame, rows


@pytest.fixture
def tiny_chunks(monkeypatch):
    def use() -> None:
        monkeypatch.setattr(reading, "STREAM_BYTES", 0)
        monkeypatch.setattr(reading, "CHUNK_ROWS", 3)
        monkeypatch.setattr(validation, "CHUNK_ROWS", 3)

    return use


def _files() -> dict[str, str]:
    bsn = valid_bsns(1)[0]
    many = _rows(40)
    # A duplicate far from the row it repeats, a BSN in a late chunk only, empty lines.
    with_errors = [HEADER, *many[:20], "", many[3], *many[20:], "", f"JBRR;30-06-2024;{bsn};OTS;intake;01-06-2024;;;;"]
    # Every row wrong twice: more errors than are listed, from checks in several chunks.
    all_bad = [HEADER, *[r.replace("01-06-2024", "31-02-2024").replace(";nee;", ";misschien;") for r in _rows(3 * MAX_LISTED)]]
    return {
        WL: "\n".join([HEADER, *many, "", ""]) + "\n",
        "JBRR_wachtlijst_2024-05.csv": "\n".join(with_errors).replace("30-06-2024", "31-05-2024").replace("01-06-2024", "01-05-2024")
        + "\n",
        "JBRR_wachtlijst_2024-04.csv": "\n".join(all_bad).replace("30-06-2024", "30-04-2024") + "\n",
        "JBRR_wachtlijst_2024-03.csv": "\n".join([HEADER, *_rows(25), 'JBRR;"31-03-2024;JB-9;OTS', *_rows(5, 30)]) + "\n",
        "JBRR_wachtlijst_2024-02.csv": "\n".join([HEADER, *_rows(25), "JBRR;29-02-2024;JB-999999;OTS;intake;01-02-2024;;;;;extra"]) + "\n",
        "JBRR_caseload_2024-06.csv": render("caseload"),
        "JBRR_wachtlijst_2024-01.csv": HEADER + "\n",
    }


def test_chunks_give_the_whole_files_answer(tiny_chunks):
    files = {name: text.encode() for name, text in _files().items()}
    whole = {name: _answer(validate(name, data)) for name, data in files.items()}
    assert not whole["JBRR_wachtlijst_2024-05.csv"][0] and whole[WL][0]
    tiny_chunks()
    for name, data in files.items():
        assert _answer(validate(name, data)) == whole[name], name


def test_a_workbook_in_slices_gives_the_whole_answer(tiny_chunks):
    rows = [line.split(";") for line in [HEADER, *_rows(12)]]
    rows[9][2] = rows[2][2]  # a duplicate two slices on
    rows[11][5] = "31-06-2024"
    rows[12] = [""] * len(rows[0])  # a row a spreadsheet left empty
    data = xlsx_bytes([("wachtlijst", rows)])
    whole = _answer(validate("JBRR_wachtlijst_2024-06.xlsx", data))
    assert whole[1] == 2
    tiny_chunks()
    assert _answer(validate("JBRR_wachtlijst_2024-06.xlsx", data)) == whole


def test_a_folder_in_chunks_gives_each_file_its_own_answer(tiny_chunks):
    blobs = batch_mix()
    alone = {name: _answer(validate(name, data)) for name, data in blobs}
    tiny_chunks()
    assert {v.file: _answer(v) for v in validate_many(blobs)} == alone


def test_a_broken_row_late_in_a_large_file_is_found(tiny_chunks):
    tiny_chunks()
    name = "JBRR_wachtlijst_2024-03.csv"
    v = validate(name, _files()[name].encode())
    assert not v.ok and v.error_count == 1 and not v.warnings
    assert "geen leesbare CSV" in v.errors[0].rule
