"""Attendance and pass lists with filters, search, pagination and exports."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from accounts.selectors import agency_list
from common.audit import audit_request
from common.exports import csv_response, xlsx_response
from common.models import AuditEntry

from .. import selectors
from ..forms import ListFilterForm
from ._base import office_required, region_param, scope_label

PAGE_SIZE = 50
EXPORT_FORMATS = ("csv", "xlsx")


def _filters(request) -> tuple[ListFilterForm, selectors.ListFilters]:
    """Parse the query string; region and session outside scope are a 404."""
    kind = request.GET.get("kind") or "attendance"
    if kind not in selectors.LIST_KINDS:
        kind = "attendance"
    form = ListFilterForm(
        request.GET or None, agencies=agency_list(user=request.user), kind=kind
    )
    filters = selectors.ListFilters(kind=kind, region=region_param(request))
    session_id = request.GET.get("session", "").strip()
    if session_id:
        if not session_id.isdigit():
            raise Http404
        filters.session = selectors.session_get(user=request.user, pk=int(session_id))
    if form.is_valid():
        data = form.cleaned_data
        filters.programme = data["programme"]
        filters.agency = data["agency"]
        filters.status = data["status"]
        filters.date_from = data["date_from"]
        filters.date_to = data["date_to"]
        filters.q = data["q"].strip()
    return form, filters


@office_required
def lists(request):
    """The attendance or pass list in the reader's scope; each view is audited."""
    form, filters = _filters(request)
    qs = selectors.roster(user=request.user, filters=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_request(
        request,
        action=f"reports.list.{filters.kind}",
        kind=AuditEntry.Kind.VIEW,
        scope=scope_label(request),
        detail={"rows": len(page.object_list)},
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/lists.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "title": selectors.LIST_KINDS[filters.kind],
        },
    )


def export_filename(filters: selectors.ListFilters, fmt: str) -> str:
    """A Chinese file name naming the list, its scope and the day, e.g.
    出勤名单_海安市_20261123.xlsx."""
    parts = [selectors.LIST_KINDS[filters.kind]]
    if filters.session is not None:
        parts.append(filters.session.title)
    elif filters.region is not None:
        parts.append(filters.region.name)
    if filters.programme is not None and filters.session is None:
        parts.append(filters.programme.name)
    parts.append(timezone.localdate().strftime("%Y%m%d"))
    return "_".join(p.replace("/", "-") for p in parts) + f".{fmt}"


@office_required
def lists_export(request, fmt: str):
    """Stream the filtered list as csv or xlsx, escaped against formula injection."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    _form, filters = _filters(request)
    qs = selectors.roster(user=request.user, filters=filters)
    if filters.kind == "pass":
        header, rows = selectors.PASS_HEADER, selectors.pass_rows(qs)
    else:
        header, rows = selectors.ATTENDANCE_HEADER, selectors.attendance_rows(qs)
    filename = export_filename(filters, fmt)
    audit_request(
        request,
        action=f"reports.export.{filters.kind}",
        kind=AuditEntry.Kind.EXPORT,
        scope=scope_label(request),
        detail={"format": fmt, "filename": filename},
    )
    if fmt == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(
        filename, header, rows, title=selectors.LIST_KINDS[filters.kind]
    )
