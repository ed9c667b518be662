import io

import pytest
from openpyxl import load_workbook

from common.exports import csv_response, escape_cell, xlsx_bytes

pytestmark = pytest.mark.smoke


@pytest.mark.parametrize("value", ["=1+1", "+86", "-2", "@SUM(A1)"])
def test_formula_like_cells_are_escaped(value):
    assert escape_cell(value) == "'" + value


def test_plain_values_are_untouched():
    assert escape_cell("南通") == "南通"
    assert escape_cell(5) == 5


def test_csv_streams_with_chinese_filename_and_escaping():
    response = csv_response(
        "出勤名单.csv", ["企业", "备注"], [["甲公司", "=HYPERLINK()"]]
    )
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff企业,备注")
    assert "'=HYPERLINK()" in body
    assert "filename*=UTF-8''%E5%87%BA%E5%8B%A4" in response["Content-Disposition"]


def test_xlsx_opens_in_openpyxl():
    data = xlsx_bytes(["企业", "分数"], [["甲公司", 90], ["乙公司", "-1"]])
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows == [("企业", "分数"), ("甲公司", 90), ("乙公司", "'-1")]
