"""The audit log, searchable and exportable by the city office."""

import json

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from common.audit import action_label, audit_request
from common.exports import csv_response, xlsx_response
from common.models import AuditEntry

from .. import selectors
from ..forms import AuditSearchForm
from ._base import city_required

EXPORT_HEADER = [
    "时间",
    "操作人",
    "账号",
    "类别",
    "动作",
    "动作代码",
    "对象",
    "范围",
    "详情",
    "IP 地址",
]
EXPORT_MAX_ROWS = 100_000


def _entries(request):
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, selectors.audit_search(
        user=request.user, **{k: v for k, v in filters.items() if v}
    )


@city_required
def audit_log(request):
    """Who did, viewed or exported what, when, from where; filters and pages."""
    form, qs = _entries(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@city_required
@require_GET
def audit_export(request, fmt: str):
    """The filtered log as xlsx or csv (at most EXPORT_MAX_ROWS rows); audited."""
    if fmt not in ("xlsx", "csv"):
        raise Http404
    _, qs = _entries(request)
    rows = (
        [
            e.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
            e.actor.real_name if e.actor else "",
            e.actor.username if e.actor else "",
            e.get_kind_display(),
            action_label(e.action),
            e.action,
            e.object_repr,
            e.scope,
            json.dumps(e.detail, ensure_ascii=False) if e.detail else "",
            e.ip_address or "",
        ]
        for e in qs[:EXPORT_MAX_ROWS].iterator(chunk_size=1000)
    )
    audit_request(request, action="audit.export", kind=AuditEntry.Kind.EXPORT)
    if fmt == "xlsx":
        return xlsx_response("审计日志.xlsx", EXPORT_HEADER, rows, title="审计日志")
    return csv_response("审计日志.csv", EXPORT_HEADER, rows)
