import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from common.audit import audit_record
from common.models import AuditEntry
from reports.forms import MONTH_FORMAT_ERROR
from reports.selectors import agency_progress

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_agency_progress_counts_each_agency_in_its_regions(world):
    agency_a = world["sa"].plan_line.agency
    agency_a.regions.set([world["a"]])
    world["sb"].plan_line.agency.regions.set([world["b"]])
    progress = {
        p.agency.pk: p
        for p in agency_progress(user=world["city"], programme=world["p"])
    }
    row = progress[agency_a.pk].rows[0]
    assert (row.label, row.planned, row.enrolled, row.signed, row.attended) == (
        "海安市",
        10,
        4,
        3,
        2,
    )


def test_county_sees_only_agencies_of_its_region(client, world):
    world["sa"].plan_line.agency.regions.set([world["a"]])
    other = world["sb"].plan_line.agency
    other.regions.set([world["b"]])
    client.force_login(world["county_a"])
    html = client.get(reverse("reports:agencies")).content.decode()
    assert world["sa"].plan_line.agency.name in html and other.name not in html
    url = reverse("reports:agency_report_file", args=[other.pk, "pdf"])
    assert client.get(url).status_code == 404


def test_monthly_report_pdf_carries_the_report_as_text(client, world):
    agency = world["sa"].plan_line.agency
    agency.name = "江苏守诚企业管理咨询有限公司"
    agency.save()
    agency.regions.set([world["a"]])
    client.force_login(world["city"])
    month = world["sa"].starts_at.strftime("%Y-%m")
    response = client.get(
        reverse("reports:agency_report_file", args=[agency.pk, "pdf"]), {"month": month}
    )
    assert response.status_code == 200
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(_body(response))).pages
    )
    assert agency.name in text and "信用修复培训工作统计报告" in text
    assert "海安市" in text and "本月培训场次" in text
    assert world["sa"].title in text  # digits come out since the Latin font landed
    assert AuditEntry.objects.filter(action="reports.export.agency_report").exists()


def test_monthly_report_xlsx_has_a_row_per_region_and_the_total(client, world):
    agency = world["sa"].plan_line.agency
    agency.regions.set([world["a"]])
    client.force_login(world["city"])
    response = client.get(
        reverse("reports:agency_report_file", args=[agency.pk, "xlsx"])
    )
    rows = list(
        load_workbook(io.BytesIO(_body(response))).active.iter_rows(values_only=True)
    )
    assert rows[0][0] == "计划行"
    assert rows[1][:5] == ("海安市", 10, 4, 3, 2)
    assert rows[-1][0] == "合计"


def test_a_bad_month_gets_a_chinese_message(client, world):
    agency = world["sa"].plan_line.agency
    client.force_login(world["city"])
    response = client.get(
        reverse("reports:agency_report", args=[agency.pk]), {"month": "十一月"}
    )
    assert response.status_code == 400
    assert MONTH_FORMAT_ERROR in response.content.decode()


def test_city_office_searches_the_audit_log(client, world):
    audit_record(actor=world["county_a"], action="reports.export.pass", kind="export")
    audit_record(actor=world["county_b"], action="reports.list.attendance", kind="view")
    client.force_login(world["city"])
    page = client.get(reverse("reports:audit"), {"actor": "county01"}).context["page"]
    assert [e.action for e in page] == ["reports.export.pass"]
    page = client.get(reverse("reports:audit"), {"kind": "view"}).context["page"]
    assert [e.actor.username for e in page] == ["county02"]


def test_audit_log_is_404_for_a_county_office(client, world):
    client.force_login(world["county_a"])
    assert client.get(reverse("reports:audit")).status_code == 404


def test_governance_page_is_scoped_and_drill_down_is_audited(client, world):
    client.force_login(world["county_a"])
    url = reverse("reports:governance")
    assert client.get(url, {"region": "02"}).status_code == 404
    response = client.get(url, {"kind": "exit"})
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="reports.governance.exit").exists()


def test_governance_counts_per_region_match_the_archive(client, world):
    from reports.selectors import governance_counts
    from tests.factories import EnterpriseFactory

    for region, kind, n in (
        (world["a"], "exit", 2),
        (world["a"], "help", 1),
        (world["b"], "constrain", 3),
        (world["b"], "exit", 1),
    ):
        EnterpriseFactory.create_batch(n, region=region, governance_type=kind)
    rows, total = governance_counts(user=world["city"])
    by_label = {r.label: (r.exit, r.help, r.constrain) for r in rows}
    assert by_label == {"海安市": (2, 1, 0), "如皋市": (1, 0, 3)}
    assert (total.exit, total.help, total.constrain, total.total) == (3, 1, 3, 7)
    client.force_login(world["county_b"])
    page = client.get(reverse("reports:governance"), {"kind": "constrain"})
    listed = list(page.context["page"])
    assert len(listed) == 3 and {e.region_id for e in listed} == {world["b"].pk}
    assert reverse("enterprises:detail", args=[listed[0].pk]) in page.content.decode()


def test_agency_report_counts_every_plan_line_of_the_agency(world):
    """Planned is the sum of the agency's plan lines, including a sector line and a
    line in a region the agency is not listed for."""
    from reports.selectors import agency_monthly_report
    from tests.factories import PlanLineFactory, RegionFactory

    agency = world["sa"].plan_line.agency
    agency.regions.set([world["a"]])
    world["sa"].plan_line.planned_count = 170
    world["sa"].plan_line.save(update_fields=["planned_count"])
    PlanLineFactory(
        programme=world["p"],
        agency=agency,
        region=None,
        label="住建领域",
        planned_count=200,
    )
    PlanLineFactory(
        programme=world["p"],
        agency=agency,
        region=RegionFactory(code="03", name="海门区"),
        planned_count=170,
    )
    progress = {
        p.agency.pk: p
        for p in agency_progress(user=world["city"], programme=world["p"])
    }
    assert progress[agency.pk].total.planned == 540
    assert [row.planned for row in progress[agency.pk].rows] == [170, 200, 170]
    report = agency_monthly_report(
        user=world["city"], agency=agency, month=world["sa"].starts_at.date()
    )
    assert report.total.planned == 540 and report.total.enrolled == 4
