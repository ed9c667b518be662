"""The audit log, searchable by the city office."""

from django.core.paginator import Paginator
from django.shortcuts import render

from .. import selectors
from ..forms import AuditSearchForm
from ._base import city_required


@city_required
def audit_log(request):
    """Who viewed or exported what, when and in which scope; filters and pages."""
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.audit_search(
        user=request.user, **{k: v for k, v in filters.items() if v}
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
