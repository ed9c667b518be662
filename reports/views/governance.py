"""Exit, help and constrain lists per region, drilling down to the archive."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from common.audit import audit_request

from .. import selectors
from ._base import office_required, region_param, scope_label


@office_required
def governance(request):
    """Counts per region; with ?kind= the enterprises of one list, paginated."""
    region = region_param(request)
    rows, total = selectors.governance_counts(user=request.user, region=region)
    kind = request.GET.get("kind", "")
    page = None
    if kind:
        if kind not in selectors.GOVERNANCE_TYPES:
            raise Http404
        q = request.GET.get("q", "").strip()
        qs = selectors.governance_list(user=request.user, kind=kind, region=region, q=q)
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
        audit_request(
            request, action=f"reports.governance.{kind}", scope=scope_label(request)
        )
    return render(
        request,
        "reports/governance.html",
        {
            "rows": rows,
            "total": total,
            "region": region,
            "kind": kind,
            "kind_label": selectors.GOVERNANCE_TYPES.get(kind, ""),
            "page": page,
            "q": request.GET.get("q", ""),
        },
    )
