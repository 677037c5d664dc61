"""Accessible bar charts as server-rendered SVG (pure: no Django, no JavaScript).

Each chart is an `<svg role="img">` with a `<title>` and `aria-labelledby`, and the page puts the chart's data
table straight after it, so nothing is only in the picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH = 640
BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 220
VALUE_WIDTH = 70


def bar_chart(
    chart_id: str, title: str, labels: Sequence[str], values: Sequence[float | None], unit: str = ""
) -> str:
    """Horizontal bars, one per label; a None value draws no bar and shows "–"."""
    if len(labels) != len(values):
        raise ValueError("labels and values must be the same length")
    numbers = [v for v in values if v is not None]
    top = max(numbers) if numbers and max(numbers) > 0 else 1.0
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = max(1, len(labels)) * (BAR_HEIGHT + GAP) + GAP
    title_id = f"{chart_id}-title"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fd-chart" id="{escape(chart_id)}" role="img" '
        f'aria-labelledby="{escape(title_id)}" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{escape(title_id)}">{escape(title)} (the data is in the table below)</title>',
    ]
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = GAP + index * (BAR_HEIGHT + GAP)
        text_y = y + BAR_HEIGHT * 0.7
        shown = "–" if value is None else f"{_number(value)}{unit}"
        width = 0.0 if value is None else max(0.0, value) / top * plot
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{text_y:.1f}" text-anchor="end" font-size="14" '
            f'fill="#0b0c0c">{escape(_truncate(label))}</text>'
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="#1d70b8"/>'
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{text_y:.1f}" font-size="14" '
            f'fill="#0b0c0c">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _truncate(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
