"""Uploaded workbooks: the declared dimension is checked before any row is read,
only the template's columns are read, and rows are capped (IMPORT_MAX_ROWS)."""

import io
import re
import zipfile
from unittest.mock import patch

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from common.spreadsheets import SHEET_TOO_LONG, SHEET_TOO_WIDE, xlsx_rows
from enterprises.importing import COLUMNS, read_table


def workbook_bytes(rows: int, *, dimension: str | None = None) -> bytes:
    """A workbook of `rows` one-cell rows; `dimension` rewrites the declared one."""
    book = Workbook()
    sheet = book.active
    for n in range(rows):
        sheet.append([f"r{n}"])
    buffer = io.BytesIO()
    book.save(buffer)
    if dimension is None:
        return buffer.getvalue()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]+"',
                    f'<dimension ref="{dimension}"'.encode(),
                    data,
                )
            target.writestr(item, data)
    return out.getvalue()


def test_the_52_kb_xfd_workbook_is_refused_before_any_row_is_read():
    data = workbook_bytes(10_000, dimension="A1:XFD10000")
    assert len(data) < 120_000
    with (
        patch(
            "openpyxl.worksheet._read_only.ReadOnlyWorksheet._cells_by_row"
        ) as read_rows,
        pytest.raises(ValidationError) as exc,
    ):
        xlsx_rows(io.BytesIO(data), max_columns=len(COLUMNS) + 10)
    read_rows.assert_not_called()
    assert exc.value.messages == [
        SHEET_TOO_WIDE.format(columns=16384, limit=len(COLUMNS) + 10)
    ]


def test_the_governance_import_names_the_file_field_for_the_xfd_workbook():
    data = workbook_bytes(10, dimension="A1:XFD11")
    with pytest.raises(ValidationError) as exc:
        read_table(filename="名单.xlsx", data=data)
    assert "16384 列" in exc.value.message_dict["file"][0]


def test_a_declared_row_count_over_the_cap_is_refused_before_reading(settings):
    settings.IMPORT_MAX_ROWS = 100
    data = workbook_bytes(5, dimension="A1:A1048576")
    with (
        patch(
            "openpyxl.worksheet._read_only.ReadOnlyWorksheet._cells_by_row"
        ) as read_rows,
        pytest.raises(ValidationError) as exc,
    ):
        xlsx_rows(io.BytesIO(data), max_columns=5)
    read_rows.assert_not_called()
    assert exc.value.messages == [SHEET_TOO_LONG.format(rows=1048575, limit=100)]


def test_rows_beyond_the_cap_are_refused_even_without_a_dimension(settings):
    settings.IMPORT_MAX_ROWS = 50
    data = workbook_bytes(80, dimension="A1")  # declares less than it holds
    with pytest.raises(ValidationError) as exc:
        xlsx_rows(io.BytesIO(data), max_columns=5)
    assert "超过上限 50 行" in exc.value.messages[0]


def test_only_the_template_columns_are_read():
    book = Workbook()
    book.active.append(list(range(40)))
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ValidationError):
        xlsx_rows(io.BytesIO(buffer.getvalue()), max_columns=30)
    rows = xlsx_rows(io.BytesIO(buffer.getvalue()), max_columns=40)
    assert rows == [list(range(40))]


def test_csv_rows_are_capped(settings):
    settings.IMPORT_MAX_ROWS = 3
    data = ("企业名称\n" + "甲\n" * 5).encode()
    with pytest.raises(ValidationError) as exc:
        read_table(filename="名单.csv", data=data)
    assert "超过上限 3 行" in exc.value.message_dict["file"][0]


@pytest.mark.django_db
def test_the_question_import_refuses_the_xfd_workbook():
    from exams.services import question_import
    from tests.factories import TrainerFactory

    data = workbook_bytes(10_000, dimension="A1:XFD10000")
    with pytest.raises(ValidationError) as exc:
        question_import(author=TrainerFactory(), file=io.BytesIO(data))
    assert "16384 列" in exc.value.messages[0]
