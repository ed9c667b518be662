"""Charts drawn on the server as inline SVG: no chart library, no CDN, no JavaScript.

Both charts scale with their container (viewBox + width 100%) so they read at 375 px.
"""

from collections.abc import Sequence
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

COLOURS = {
    "planned": "#dee2e6",
    "enrolled": "#0d6efd",
    "attended": "#20c997",
    "passed": "#fd7e14",
    "repaired": "#6f42c1",
}
LABELS = {
    "planned": "计划",
    "enrolled": "已报名",
    "attended": "出勤达标",
    "passed": "考试通过",
    "repaired": "修复成功",
}
FONT = 'font-family="system-ui, sans-serif"'


def _short(label: str, limit: int = 7) -> str:
    """Region labels longer than `limit` characters are cut with an ellipsis."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _legend(keys: Sequence[str], y: int) -> list[str]:
    parts, x = [], 10
    for key in keys:
        parts.append(
            f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{COLOURS[key]}"/>'
            f'<text x="{x + 14}" y="{y}" font-size="11" {FONT}>{LABELS[key]}</text>'
        )
        x += 22 + 11 * len(LABELS[key])
    return parts


def progress_svg(rows: Sequence, *, title: str = "各地区计划完成情况") -> SafeString:
    """Horizontal bars per region: the plan as a grey track, stages drawn over it."""
    keys = ("enrolled", "attended", "passed")
    bar_h, gap, label_w, width = 14, 12, 96, 480
    top = 40
    scale_max = max([1] + [max(r.planned, r.enrolled) for r in rows])
    plot_w = width - label_w - 60
    height = top + len(rows) * (bar_h * 2 + gap) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        *_legend(("planned", *keys), 16),
    ]
    for i, row in enumerate(rows):
        y = top + i * (bar_h * 2 + gap)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_h + 4}" font-size="12" '
            f'text-anchor="end" {FONT}>{escape(_short(row.label))}</text>'
        )
        planned_w = plot_w * row.planned / scale_max
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{planned_w:.1f}" '
            f'height="{bar_h * 2}" fill="{COLOURS["planned"]}"/>'
        )
        for j, key in enumerate(keys):
            value = getattr(row, key)
            w = plot_w * value / scale_max
            parts.append(
                f'<rect x="{label_w}" y="{y + j * (bar_h * 2 // 3)}" '
                f'width="{w:.1f}" height="{bar_h * 2 // 3}" fill="{COLOURS[key]}">'
                f"<title>{escape(row.label)} {LABELS[key]} {value}</title></rect>"
            )
        share = f"{row.enrolled / row.planned:.0%}" if row.planned else "—"
        text_x = label_w + max(planned_w, plot_w * row.enrolled / scale_max) + 4
        parts.append(
            f'<text x="{text_x:.1f}" '
            f'y="{y + bar_h + 4}" font-size="11" {FONT}>'
            f"{row.enrolled}/{row.planned} {share}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped


def trend_svg(
    months: Sequence[date],
    series: dict[str, Sequence[int]],
    *,
    title: str = "按月趋势",
) -> SafeString:
    """A line per stage over the months, with the month on the x axis."""
    width, height, left, right, top, bottom = 480, 240, 36, 10, 30, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([1] + [v for values in series.values() for v in values])
    step = plot_w / max(1, len(months) - 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        *_legend(list(series), 14),
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" '
        f'y2="{top + plot_h}" stroke="#adb5bd"/>',
        f'<text x="{left - 4}" y="{top + 4}" font-size="10" text-anchor="end" '
        f"{FONT}>{peak}</text>",
        f'<text x="{left - 4}" y="{top + plot_h}" font-size="10" '
        f'text-anchor="end" {FONT}>0</text>',
    ]
    for i, month in enumerate(months):
        x = left + i * step
        parts.append(
            f'<text x="{x:.1f}" y="{height - 10}" font-size="10" '
            f'text-anchor="middle" {FONT}>{month.month}月</text>'
        )
    for key, values in series.items():
        points = " ".join(
            f"{left + i * step:.1f},{top + plot_h - plot_h * v / peak:.1f}"
            for i, v in enumerate(values)
        )
        parts.append(
            f'<polyline fill="none" stroke="{COLOURS[key]}" stroke-width="2" '
            f'points="{points}"/>'
        )
        for i, v in enumerate(values):
            cx, cy = left + i * step, top + plot_h - plot_h * v / peak
            parts.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3" fill="{COLOURS[key]}">'
                f"<title>{months[i]:%Y-%m} {LABELS[key]} {v}</title></circle>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped
