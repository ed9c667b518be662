"""The dashboard: the funnel per region with a total, and two SVG charts."""

from django.shortcuts import render

from .. import charts, selectors
from ..forms import DashboardFilterForm
from ._base import office_required, region_param


@office_required
def dashboard(request):
    """Plan against enrolled, signed, attended, passed, certified and repaired."""
    region = region_param(request)
    form = DashboardFilterForm(request.GET or None)
    programme = form.cleaned_data["programme"] if form.is_valid() else None
    rows, total = selectors.funnel_by_region(
        user=request.user, programme=programme, region=region
    )
    trend = selectors.monthly_trend(
        user=request.user, programme=programme, region=region
    )
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "programme": programme,
            "region": region,
            "rows": rows,
            "total": total,
            "target": selectors.REPAIR_TARGET,
            "progress_chart": charts.progress_svg(rows),
            "trend_chart": charts.trend_svg(trend.months, trend.series),
        },
    )
