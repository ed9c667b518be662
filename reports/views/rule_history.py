"""规则变更记录: the offices see every change of the rules, calendar and plan lines."""

from django.core.paginator import Paginator
from django.shortcuts import render

from .. import selectors
from ._base import office_required


@office_required
def rule_history(request):
    """Who changed which rule, calendar day or plan line, when, from what to what."""
    table = request.GET.get("table", "")
    if table not in selectors.RULE_TABLES:
        table = ""
    changes = selectors.rule_changes(table=table)
    page = Paginator(changes, 50).get_page(request.GET.get("page"))
    tables = [
        (key, model._meta.verbose_name) for key, model in selectors.RULE_TABLES.items()
    ]
    return render(
        request,
        "reports/rule_history.html",
        {"page": page, "table": table, "tables": tables},
    )
