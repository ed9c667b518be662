import csv
import io
from urllib.parse import unquote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from common.models import AuditEntry
from reports.tests.factories import enrol
from reports.views.lists import PAGE_SIZE
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(_body(response)), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.smoke
def test_attendance_export_opens_in_openpyxl_with_the_expected_rows(client, world):
    client.force_login(world["city"])
    response = client.get(
        reverse("reports:lists_export", args=["xlsx"]),
        {"kind": "attendance", "session": world["sa"].pk},
    )
    assert response.status_code == 200
    rows = _xlsx_rows(response)
    assert rows[0][0] == "企业名称" and rows[0][-1] == "出勤情况"
    by_name = {row[0]: row for row in rows[1:]}
    e = world["e"]
    assert set(by_name) == {e[k].enterprise.name for k in ("e1", "e2", "e3", "e5")}
    assert by_name[e["e1"].enterprise.name][9:] == [180, "出勤达标"]
    assert by_name[e["e2"].enterprise.name][9:] == [120, "未达标"]
    assert by_name[e["e5"].enterprise.name][9:] == [0, "未签到"]


def test_export_file_name_is_chinese(client, world):
    client.force_login(world["city"])
    response = client.get(
        reverse("reports:lists_export", args=["csv"]),
        {"kind": "attendance", "region": "01"},
    )
    disposition = unquote(response["Content-Disposition"])
    assert "出勤名单_海安市_" in disposition and disposition.endswith(".csv")


def test_csv_export_escapes_formula_cells(client, world):
    rogue = EnterpriseFactory(name='=HYPERLINK("http://x")有限公司', region=world["a"])
    enrol(world["sa"], enterprise=rogue)
    client.force_login(world["city"])
    response = client.get(
        reverse("reports:lists_export", args=["csv"]), {"q": "HYPERLINK"}
    )
    rows = list(csv.reader(io.StringIO(_body(response).decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][0].startswith("'=HYPERLINK")


def test_status_and_search_filters_narrow_the_list(client, world):
    client.force_login(world["city"])
    url = reverse("reports:lists_export", args=["xlsx"])
    met = _xlsx_rows(client.get(url, {"status": "met", "programme": world["p"].pk}))
    assert {r[0] for r in met[1:]} == {
        world["e"][k].enterprise.name for k in ("e1", "e3", "e6")
    }
    uscc = world["e"]["e2"].enterprise.uscc
    found = _xlsx_rows(client.get(url, {"q": uscc.lower()}))
    assert [r[1] for r in found[1:]] == [uscc]


def test_county_export_of_another_region_or_session_is_404(client, world):
    client.force_login(world["county_a"])
    url = reverse("reports:lists_export", args=["xlsx"])
    assert client.get(url, {"region": "02"}).status_code == 404
    assert client.get(url, {"session": world["sb"].pk}).status_code == 404
    assert client.get(reverse("reports:lists"), {"region": "02"}).status_code == 404
    rows = _xlsx_rows(client.get(url))
    assert {r[2] for r in rows[1:]} == {"海安市"}


def test_list_page_paginates_and_is_audited(client, world):
    for _ in range(PAGE_SIZE):
        enrol(world["sa"])
    client.force_login(world["county_a"])
    response = client.get(reverse("reports:lists"), {"kind": "attendance"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == PAGE_SIZE
    assert response.context["page"].paginator.num_pages == 2
    entry = AuditEntry.objects.get(action="reports.list.attendance")
    assert entry.actor == world["county_a"] and entry.kind == AuditEntry.Kind.VIEW


def test_export_writes_an_export_audit_entry_with_its_scope(client, world):
    client.force_login(world["city"])
    client.get(
        reverse("reports:lists_export", args=["csv"]), {"kind": "pass", "region": "02"}
    )
    entry = AuditEntry.objects.get(kind=AuditEntry.Kind.EXPORT)
    assert entry.action == "reports.export.pass"
    assert "地区 02" in entry.scope
    assert entry.detail["format"] == "csv"


def test_bad_dates_get_a_chinese_message_naming_the_field(client, world):
    from reports.forms import DATE_ORDER_ERROR

    client.force_login(world["city"])
    response = client.get(
        reverse("reports:lists"), {"date_from": "2026-11-20", "date_to": "2026-11-01"}
    )
    assert response.status_code == 200
    assert DATE_ORDER_ERROR in response.content.decode()
    response = client.get(reverse("reports:lists"), {"date_from": "明天"})
    assert response.status_code == 200
    assert "培训日期自" in response.content.decode()
