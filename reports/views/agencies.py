"""Agencies' progress against their regions, and their monthly reports."""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from common.audit import audit_request
from common.exports import attachment_header, xlsx_response
from common.models import AuditEntry
from common.pdf import render_pdf

from .. import selectors
from ..forms import MONTH_FORMAT_ERROR, DashboardFilterForm
from ._base import office_required, scope_label


@office_required
def agencies(request):
    """Each agency's funnel in each region it serves."""
    form = DashboardFilterForm(request.GET or None)
    programme = form.cleaned_data["programme"] if form.is_valid() else None
    return render(
        request,
        "reports/agencies.html",
        {
            "form": form,
            "progress": selectors.agency_progress(
                user=request.user, programme=programme
            ),
            "this_month": timezone.localdate().strftime("%Y-%m"),
        },
    )


def parse_month(value: str) -> datetime.date:
    """'2026-11' -> 2026-11-01; anything else raises ValueError(MONTH_FORMAT_ERROR)."""
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError as exc:
        raise ValueError(MONTH_FORMAT_ERROR) from exc


@office_required
def agency_report(request, pk: int, fmt: str = "html"):
    """The monthly statistics report of one agency, as a page, PDF or xlsx."""
    if fmt not in ("html", "pdf", "xlsx"):
        raise Http404
    agency = selectors.agency_get(user=request.user, pk=pk)
    raw = request.GET.get("month") or timezone.localdate().strftime("%Y-%m")
    try:
        month = parse_month(raw)
    except ValueError as exc:
        return render(
            request,
            "reports/agency_report.html",
            {"agency": agency, "error": str(exc), "month_raw": raw},
            status=400,
        )
    report = selectors.agency_monthly_report(
        user=request.user, agency=agency, month=month
    )
    context = {"report": report, "agency": agency, "month_raw": raw}
    if fmt == "html":
        return render(request, "reports/agency_report.html", context)
    filename = f"{agency.name}_{report.month_label}统计报告.{fmt}"
    audit_request(
        request,
        action="reports.export.agency_report",
        kind=AuditEntry.Kind.EXPORT,
        obj=agency,
        scope=scope_label(request),
        detail={"format": fmt, "month": raw},
    )
    if fmt == "xlsx":
        return xlsx_response(
            filename,
            selectors.REPORT_HEADER,
            selectors.report_rows(report),
            title=report.month_label,
        )
    pdf = render_pdf(
        "pdf/agency_report.html",
        {**context, "generated_at": timezone.localtime()},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = attachment_header(filename)
    return response
