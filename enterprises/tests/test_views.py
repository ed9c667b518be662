import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from enterprises import importing
from enterprises.models import Enterprise, ImportBatch, ReminderLetter, Severity
from enterprises.tests.factories import (
    AgencyFactory,
    CityOfficerFactory,
    CountyOfficerFactory,
    EnterpriseFactory,
    PenaltyRecordFactory,
    RegionFactory,
    RepresentativeFactory,
    TrainerFactory,
    uscc_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return RegionFactory(code="01")


def upload(name, content: bytes):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def list_csv(n=2, **over):
    header = [c.header for c in importing.COLUMNS]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for i in range(n):
        values = {
            "统一社会信用代码": uscc_for(5000 + i),
            "企业名称": f"页面导入{i}有限公司",
            "行政处罚决定书文号": f"通X罚决字〔2026〕{i + 1}号",
            "处罚机关": "南通市测试局",
            "处罚决定日期": "2026-02-01",
            "处罚内容": "罚款。",
            **over,
        }
        writer.writerow([values.get(h, "") for h in header])
    return out.getvalue().encode()


@pytest.mark.smoke
def test_detail_shows_penalties_with_dates_and_not_repairable_reason(client):
    rep = RepresentativeFactory()
    PenaltyRecordFactory(
        enterprise=rep.enterprise,
        decision_no="通X罚决字〔2026〕3号",
        decision_date=datetime.date(2026, 1, 10),
    )
    PenaltyRecordFactory(
        enterprise=rep.enterprise,
        decision_no="通X罚决字〔2026〕4号",
        severity=Severity.SPECIALLY_SERIOUS,
    )
    client.force_login(rep)
    html = client.get(reverse("enterprises:detail", args=[rep.enterprise.pk])).content
    html = html.decode()
    assert "通X罚决字〔2026〕3号" in html and "2026-04-10" in html
    assert "不可修复" in html and "备注2" in html
    assert "填写/修改档案" not in html


def test_office_imports_through_preview_and_commit(client, region):
    officer = CountyOfficerFactory(office__region=region)
    client.force_login(officer)
    response = client.post(
        reverse("enterprises:import"),
        {"region": region.pk, "file": upload("list.csv", list_csv())},
    )
    batch = ImportBatch.objects.get()
    assert response.url == reverse("enterprises:import_preview", args=[batch.pk])
    page = client.get(response.url).content.decode()
    assert "检查通过" in page and "页面导入0有限公司" in page
    assert not Enterprise.objects.exists()
    client.post(response.url)
    assert Enterprise.objects.filter(region=region).count() == 2


def test_preview_lists_every_error_with_row_and_column(client, region):
    client.force_login(CountyOfficerFactory(office__region=region))
    data = list_csv(n=2, 处罚决定日期="2099-12-31")
    response = client.post(
        reverse("enterprises:import"),
        {"region": region.pk, "file": upload("bad.csv", data)},
        follow=True,
    )
    page = response.content.decode()
    assert page.count("处罚决定日期</td>") == 2
    assert "晚于今天" in page
    assert not Enterprise.objects.exists()


def test_header_only_upload_gets_the_message_on_the_form(client, region):
    client.force_login(CountyOfficerFactory(office__region=region))
    response = client.post(
        reverse("enterprises:import"),
        {"region": region.pk, "file": upload("h.csv", list_csv(n=0))},
    )
    assert importing.FILE_HEADER_ONLY in response.content.decode()


def test_trainers_and_representatives_cannot_reach_the_import(client, region):
    for user in (TrainerFactory(), RepresentativeFactory()):
        client.force_login(user)
        assert client.get(reverse("enterprises:import")).status_code == 404
        assert client.get(reverse("enterprises:import_template")).status_code == 404


def test_template_download_has_the_expected_columns(client, region):
    client.force_login(CityOfficerFactory())
    response = client.get(reverse("enterprises:import_template"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header = [c.value for c in next(workbook.active.iter_rows())]
    assert header == [c.header for c in importing.COLUMNS]


def test_export_escapes_formula_cells(client, region):
    EnterpriseFactory(region=region, name="=HYPERLINK(1)", contact_person="+86")
    client.force_login(CountyOfficerFactory(office__region=region))
    response = client.get(reverse("enterprises:export", args=["csv"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body and "'+86" in body


def test_representative_cannot_export(client):
    client.force_login(RepresentativeFactory())
    assert client.get(reverse("enterprises:export", args=["csv"])).status_code == 404


def test_letter_issue_pdf_and_confirm_over_http(client, region):
    enterprise = EnterpriseFactory(region=region)
    rep = RepresentativeFactory(enterprise=enterprise)
    client.force_login(CountyOfficerFactory(office__region=region))
    client.post(reverse("enterprises:letter_issue", args=[enterprise.pk]))
    letter = ReminderLetter.objects.get()
    pdf = client.get(reverse("enterprises:letter_pdf", args=[enterprise.pk, letter.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    client.force_login(rep)
    client.post(reverse("enterprises:letter_confirm", args=[enterprise.pk, letter.pk]))
    letter.refresh_from_db()
    assert letter.confirmed_at is not None


def test_out_of_scope_actions_answer_404(client, region):
    other = EnterpriseFactory(region=RegionFactory(code="02"))
    client.force_login(CountyOfficerFactory(office__region=region))
    for name in ("edit", "archive_sheet", "penalty_add"):
        assert client.get(
            reverse(f"enterprises:{name}", args=[other.pk])
        ).status_code == (404)
    assert client.post(
        reverse("enterprises:letter_issue", args=[other.pk])
    ).status_code == (404)


def test_trainer_fills_in_the_survey_and_gets_an_archive_number(client, region):
    enterprise = EnterpriseFactory(region=region)
    trainer = TrainerFactory(agency=AgencyFactory(regions=[region]))
    client.force_login(trainer)
    data = {
        "name": enterprise.name,
        "business_status": "active",
        "survey_date": "2026-11-03",
        "surveyor": "调查员乙",
        "land_status": "unknown",
        "governance_type": "constrain",
        "governance_measures": ["restrict_bidding"],
    }
    response = client.post(reverse("enterprises:edit", args=[enterprise.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    enterprise.refresh_from_db()
    assert enterprise.archive_no == "0111030001"
    assert enterprise.governance_measures == ["restrict_bidding"]
    # a representative cannot edit its own archive
    client.force_login(RepresentativeFactory(enterprise=enterprise))
    assert (
        client.get(reverse("enterprises:edit", args=[enterprise.pk])).status_code == 404
    )


def test_invitation_link_registers_a_representative(client, region):
    enterprise = EnterpriseFactory(region=region)
    client.force_login(CountyOfficerFactory(office__region=region))
    client.post(reverse("enterprises:invitation_create", args=[enterprise.pk]))
    token = enterprise.invitations.get().token
    client.logout()
    url = reverse("enterprises:invitation_accept", args=[token])
    assert enterprise.name in client.get(url).content.decode()
    response = client.post(
        url,
        {"real_name": "钱七", "mobile": "13922223333", "password": "Strong-pass-2026"},
    )
    assert response.status_code == 302
    assert enterprise.representatives.get().real_name == "钱七"
    assert client.get(url).status_code == 410


def test_county_office_reads_the_archive_but_does_not_edit_it(client, region):
    enterprise = EnterpriseFactory(region=region)
    client.force_login(CountyOfficerFactory(office__region=region))
    assert client.get(
        reverse("enterprises:detail", args=[enterprise.pk])
    ).status_code == (200)
    assert (
        client.get(reverse("enterprises:edit", args=[enterprise.pk])).status_code == 404
    )


def test_overdue_filter_lists_only_overdue_surveys(client, region):
    late = EnterpriseFactory(region=region, survey_due_on=datetime.date(2026, 1, 8))
    done = EnterpriseFactory(
        region=region,
        survey_due_on=datetime.date(2026, 1, 8),
        survey_date=datetime.date(2026, 1, 7),
    )
    client.force_login(CountyOfficerFactory(office__region=region))
    page = client.get(reverse("enterprises:list") + "?overdue=1").content.decode()
    assert late.name in page and done.name not in page
    assert "逾期" in page


def test_forms_and_lists_render_for_the_agency(client, region):
    enterprise = EnterpriseFactory(region=region, is_key=True, key_reason="多次失信")
    client.force_login(TrainerFactory(agency=AgencyFactory(regions=[region])))
    edit = client.get(
        reverse("enterprises:edit", args=[enterprise.pk])
    ).content.decode()
    assert "督促注销" in edit and "限制参与招投标" in edit and "已履行义务" in edit
    add = client.get(reverse("enterprises:penalty_add", args=[enterprise.pk]))
    assert "行政处罚决定书文号" in add.content.decode()
    keys = client.get(reverse("enterprises:key_list")).content.decode()
    assert enterprise.name in keys and "多次失信" in keys


def test_penalty_form_shows_the_duplicate_message_on_the_field(client, region):
    enterprise = EnterpriseFactory(region=region)
    PenaltyRecordFactory(decision_no="通X罚决字〔2026〕5号", authority="甲局")
    client.force_login(TrainerFactory(agency=AgencyFactory(regions=[region])))
    response = client.post(
        reverse("enterprises:penalty_add", args=[enterprise.pk]),
        {
            "decision_no": "通X罚决字〔2026〕5号",
            "authority": "甲局",
            "decision_date": "2026-01-05",
            "content": "罚款。",
            "severity": "general",
            "domain": "ordinary",
        },
    )
    assert response.status_code == 200
    assert "已录入，不能重复" in response.content.decode()
    assert enterprise.penalties.count() == 0
