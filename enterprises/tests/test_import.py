import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from enterprises import importing, services
from enterprises.models import Enterprise, PenaltyRecord
from enterprises.tests.factories import (
    CityOfficerFactory,
    CountyOfficerFactory,
    EnterpriseFactory,
    RegionFactory,
    TrainerFactory,
    uscc_for,
)

pytestmark = pytest.mark.django_db

HEADER = [c.header for c in importing.COLUMNS]


def row(n, **over):
    values = {
        "统一社会信用代码": uscc_for(1000 + n),
        "企业名称": f"导入测试{n}有限公司",
        "经营状态": "在业/存续",
        "法定代表人": "李四",
        "治理类型": "帮扶",
        "治理措施": "警示、信用培训",
        "名单下发日期": "2026-11-02",
        "行政处罚决定书文号": f"通X罚决字〔2026〕{n}号",
        "处罚机关": "南通市测试局",
        "处罚决定日期": "2026-03-01",
        "处罚内容": "责令限期整改，罚款人民币五千元。",
        "失信程度": "一般失信",
    }
    values.update(over)
    return [values.get(h, "") for h in HEADER]


def csv_bytes(rows, encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def region():
    return RegionFactory(code="01")


@pytest.mark.smoke
def test_csv_import_creates_enterprises_and_penalties(region):
    summary, errors = services.enterprises_import(
        region=region, filename="list.csv", data=csv_bytes([row(1), row(2)])
    )
    assert errors == []
    assert summary.created == 2 and summary.penalties_created == 2
    enterprise = Enterprise.objects.get(uscc=uscc_for(1001))
    assert enterprise.governance_measures == ["warning", "credit_training"]
    assert enterprise.survey_due_on.isoformat() == "2026-11-05"


@pytest.mark.smoke
def test_reimporting_the_same_file_changes_nothing(region):
    data = csv_bytes([row(1), row(2)])
    services.enterprises_import(region=region, filename="a.csv", data=data)
    summary, _ = services.enterprises_import(region=region, filename="a.csv", data=data)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 2)
    assert summary.penalties_created == 0
    assert Enterprise.objects.count() == 2 and PenaltyRecord.objects.count() == 2
    changed = csv_bytes([row(1, 企业名称="导入测试1有限公司（更名）"), row(2)])
    summary, _ = services.enterprises_import(
        region=region, filename="a.csv", data=changed
    )
    assert summary.updated == 1 and Enterprise.objects.count() == 2


def test_gbk_csv_is_detected(region):
    summary, errors = services.enterprises_import(
        region=region, filename="gbk.csv", data=csv_bytes([row(3)], "gbk")
    )
    assert errors == [] and summary.created == 1
    assert Enterprise.objects.get().name == "导入测试3有限公司"


def test_xlsx_import_works(region):
    summary, errors = services.enterprises_import(
        region=region, filename="list.xlsx", data=xlsx_bytes([row(4), row(5)])
    )
    assert errors == [] and summary.created == 2


def test_bad_rows_are_all_reported_and_nothing_is_written(region):
    existing = EnterpriseFactory(region=RegionFactory(code="02"))
    rows = [
        row(1),
        row(2, 统一社会信用代码="91320621MA1MXK2B30"),
        row(3, 处罚决定日期="2099-01-01"),
        row(4, 行政处罚决定书文号="通X罚决字〔2026〕1号"),
        row(5, 统一社会信用代码=existing.uscc),
        row(6, 经营状态="营业中"),
        row(7, 治理措施="启动破产程序"),
    ]
    summary, errors = services.enterprises_import(
        region=region, filename="bad.csv", data=csv_bytes(rows)
    )
    assert summary is None
    found = {(e.row, e.column) for e in errors}
    assert (3, "统一社会信用代码") in found
    assert (4, "处罚决定日期") in found
    assert (5, "行政处罚决定书文号") in found
    assert (6, "统一社会信用代码") in found
    assert (7, "经营状态") in found
    assert (8, "治理措施") in found
    assert not Enterprise.objects.filter(region=region).exists()
    assert not PenaltyRecord.objects.exists()
    text = str(errors[0])
    assert text.startswith("第 ") and "行" in text


def test_duplicate_decision_in_database_for_another_enterprise(region):
    services.enterprises_import(
        region=region, filename="a.csv", data=csv_bytes([row(1)])
    )
    clash = row(9, 行政处罚决定书文号="通X罚决字〔2026〕1号")
    _, errors = services.enterprises_import(
        region=region, filename="b.csv", data=csv_bytes([clash])
    )
    assert [(e.row, e.column) for e in errors] == [(2, "行政处罚决定书文号")]


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("list.pdf", b"%PDF", importing.FILE_WRONG_TYPE.format(name="list.pdf")),
        ("empty.csv", b"", importing.FILE_EMPTY),
        ("blank.csv", b"\n\n", importing.FILE_EMPTY),
        (
            "header.csv",
            "统一社会信用代码,企业名称\n".encode(),
            importing.FILE_HEADER_ONLY,
        ),
    ],
)
def test_file_level_errors_name_the_problem(region, filename, data, message):
    with pytest.raises(ValidationError) as exc:
        services.enterprises_import(region=region, filename=filename, data=data)
    assert exc.value.message_dict["file"] == [message]


def test_oversized_file_is_refused(region, settings):
    settings.ENTERPRISE_IMPORT_MAX_BYTES = 100
    with pytest.raises(ValidationError) as exc:
        services.enterprises_import(
            region=region, filename="big.csv", data=csv_bytes([row(1), row(2)])
        )
    assert "超过上限" in exc.value.message_dict["file"][0]


def test_missing_required_column_is_reported(region):
    data = "企业名称\n某公司\n".encode()
    with pytest.raises(ValidationError) as exc:
        services.enterprises_import(region=region, filename="x.csv", data=data)
    assert "统一社会信用代码" in exc.value.message_dict["file"][0]


def test_only_own_county_office_or_city_office_may_import(region):
    data = csv_bytes([row(1)])
    other = CountyOfficerFactory(office__region=RegionFactory(code="02"))
    for user in (other, TrainerFactory()):
        with pytest.raises(PermissionDenied):
            services.enterprises_import(
                region=region, filename="a.csv", data=data, actor=user
            )
    own = CountyOfficerFactory(office__region=region)
    assert services.import_allowed(user=own, region=region)
    assert services.import_allowed(user=CityOfficerFactory(), region=region)


def test_preview_then_commit_all_or_nothing(region):
    officer = CountyOfficerFactory(office__region=region)
    bad = services.import_preview(
        region=region,
        filename="bad.csv",
        data=csv_bytes([row(1), row(2, 企业名称="")]),
        actor=officer,
    )
    assert bad.errors and bad.errors[0]["row"] == 3
    with pytest.raises(ValidationError):
        services.import_batch_commit(batch=bad, actor=officer)
    assert not Enterprise.objects.exists()
    good = services.import_preview(
        region=region, filename="good.csv", data=csv_bytes([row(1)]), actor=officer
    )
    summary = services.import_batch_commit(batch=good, actor=officer)
    assert summary.created == 1
    with pytest.raises(ValidationError):
        services.import_batch_commit(batch=good, actor=officer)


def test_nul_bytes_in_a_csv_are_dropped_not_a_database_error(region):
    # Found by tests/fuzz on PostgreSQL: NUL in a cell made the preview a 500
    # (text and jsonb columns refuse \x00).
    officer = CountyOfficerFactory(office__region=region)
    data = csv_bytes([row(1, 企业名称="导入\x00测试", 法定代表人="\x00")])
    batch = services.import_preview(
        region=region, filename="nul.csv", data=data, actor=officer
    )
    assert "\x00" not in repr(batch.rows) + repr(batch.errors)
    assert batch.rows[0]["name"] == "导入测试"
    services.import_batch_commit(batch=batch, actor=officer)
    assert Enterprise.objects.get(name="导入测试").legal_representative == ""


def test_import_stores_the_canonical_uscc_and_refuses_a_wrong_check(region):
    lower = row(41, 统一社会信用代码="91110000802100433b")
    summary, errors = services.enterprises_import(
        region=region, filename="lower.csv", data=csv_bytes([lower])
    )
    assert not errors and summary.created == 1
    assert Enterprise.objects.filter(uscc="91110000802100433B").exists()
    wrong = row(42, 统一社会信用代码="91110000802100433c")
    summary, errors = services.enterprises_import(
        region=region, filename="wrong.csv", data=csv_bytes([wrong])
    )
    assert summary is None
    assert any("校验位" in str(e) for e in errors)
    assert not Enterprise.objects.filter(uscc__iexact="91110000802100433C").exists()
