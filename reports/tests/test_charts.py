import datetime

from reports.charts import progress_svg, trend_svg
from reports.selectors import FunnelRow


def test_progress_chart_draws_each_region_and_escapes_labels():
    rows = [
        FunnelRow(label="海安市", planned=10, enrolled=4, attended=2),
        FunnelRow(label="<script>", planned=5, enrolled=1),
    ]
    svg = str(progress_svg(rows))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "4/10 40%" in svg and "1/5 20%" in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_trend_chart_has_a_point_per_month_and_series():
    months = [datetime.date(2026, m, 1) for m in (9, 10, 11)]
    svg = str(trend_svg(months, {"enrolled": [1, 5, 2], "attended": [0, 3, 1]}))
    assert svg.count("<circle") == 6
    assert "2026-10 已报名 5" in svg and "11月" in svg
