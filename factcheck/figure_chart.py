"""A measure's figures as a timeline, drawn as an SVG document fragment on the server (no
script: the content security policy stays strict).

Report date across, the figure up; one colour per source; a figure is drawn as what it says:
an exact figure is a point (hollow when approximate), "at least N" a bar at N with an arrow
up (the figure is N or more), "up to N" a bar at N with an arrow down, an interval a bar from
its low to its high bound. A figure in an open flag is ringed in red. Undated figures stand in
a column of their own at the right. Every mark links to a claim stating it.

Plain Python, no Django: the caller gives marks with their link and gets markup back, every
text in it escaped."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from html import escape

WIDTH = 760
PLOT_LEFT = 70
PLOT_TOP = 16
PLOT_HEIGHT = 220
LEGEND_ROW = 18
UNDATED_WIDTH = 90
# Length of the arrow of a bound ("at least", "up to"), in pixels.
BOUND_REACH = 16
CONFLICT_COLOUR = "#c0392b"
# Colour-blind-safe (Okabe-Ito), then greys for sources beyond them.
PALETTE = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#f0e442",
    "#000000",
)
OTHER_COLOUR = "#888888"


@dataclass(frozen=True)
class ChartMark:
    series: str  # the source, as shown in the legend
    reported: dt.date | None
    value: float | None
    lo: float | None
    hi: float | None  # None: no upper bound ("at least")
    qualifier: str
    conflicting: bool
    href: str
    title: str  # tooltip: the figure as written, its source and date


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round values from 0 to at least `top` for the vertical axis."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks = [0.0]
    while ticks[-1] < top:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _number_label(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _mark_shape(mark: ChartMark) -> str:
    """'point', 'lower' (a lower bound), 'upper' (an upper bound) or 'interval'."""
    if mark.hi is None:
        return "lower"
    if mark.qualifier == "upper":
        return "upper"
    if mark.lo is not None and mark.hi > mark.lo and mark.qualifier in ("range", "vague"):
        return "interval"
    return "point"


def _anchor(mark: ChartMark) -> float:
    """The figure the mark stands at: the bound for a bound, the value as written otherwise."""
    shape = _mark_shape(mark)
    if shape == "lower":
        return mark.lo if mark.lo is not None else (mark.value or 0.0)
    if shape == "upper":
        return mark.hi if mark.hi is not None else (mark.value or 0.0)
    if mark.value is not None:
        return mark.value
    return mark.lo if mark.lo is not None else 0.0


def figure_timeline_svg(
    marks: list[ChartMark], *, label: str, series_order: list[str] | None = None
) -> str:
    """The timeline of one measure's figures; `label` names it for screen readers.
    `series_order` fixes each source's colour (one colour per source on every chart of a
    story); sources not in it follow."""
    shown = set(mark.series for mark in marks)
    ordered = list(dict.fromkeys([*(series_order or ()), *(mark.series for mark in marks)]))
    colours = {
        name: PALETTE[i] if i < len(PALETTE) else OTHER_COLOUR for i, name in enumerate(ordered)
    }
    series = [name for name in ordered if name in shown]
    dated = sorted({mark.reported for mark in marks if mark.reported is not None})
    undated = any(mark.reported is None for mark in marks)
    plot_right = WIDTH - 16 - (UNDATED_WIDTH if undated else 0)
    top = max(
        [
            max(_anchor(mark), mark.hi or 0.0, mark.lo or 0.0)
            for mark in marks
            if mark.hi is not None or mark.lo is not None or mark.value is not None
        ]
        or [1.0]
    )
    ticks = nice_ticks(top * 1.15)
    y_max = ticks[-1]
    bottom = PLOT_TOP + PLOT_HEIGHT
    legend_top = bottom + 44
    height = legend_top + LEGEND_ROW * (len(series) + 1) + 8

    def y(value: float) -> float:
        return bottom - (value / y_max) * PLOT_HEIGHT

    first, last = (dated[0], dated[-1]) if dated else (None, None)
    span = (last - first).days if dated else 0

    def x(day: dt.date | None) -> float:
        if day is None:
            return plot_right + UNDATED_WIDTH / 2
        if span == 0:
            return (PLOT_LEFT + plot_right) / 2
        return PLOT_LEFT + 30 + (day - first).days / span * (plot_right - PLOT_LEFT - 70)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="figure-timeline" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'font-family="sans-serif" font-size="11">',
        f"<title>{escape(label)}</title>",
    ]
    # Axes and grid.
    for tick in ticks:
        parts.append(
            f'<line x1="{PLOT_LEFT}" x2="{plot_right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="#e4e4e4"/>'
            f'<text x="{PLOT_LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" '
            f'fill="#444">{_number_label(tick)}</text>'
        )
    parts.append(
        f'<line x1="{PLOT_LEFT}" x2="{plot_right}" y1="{bottom}" y2="{bottom}" stroke="#444"/>'
    )
    for day in _date_ticks(dated):
        parts.append(
            f'<line x1="{x(day):.1f}" x2="{x(day):.1f}" y1="{bottom}" y2="{bottom + 4}" '
            f'stroke="#444"/><text x="{x(day):.1f}" y="{bottom + 16}" text-anchor="middle" '
            f'fill="#444">{day.day} {day:%b %Y}</text>'
        )
    if undated:
        parts.append(
            f'<line x1="{plot_right}" x2="{plot_right}" y1="{PLOT_TOP}" y2="{bottom}" '
            f'stroke="#bbb" stroke-dasharray="3 3"/>'
            f'<text x="{x(None):.1f}" y="{bottom + 16}" text-anchor="middle" fill="#444">'
            f"date unknown</text>"
        )
    parts.append(
        f'<text x="{(PLOT_LEFT + plot_right) / 2:.1f}" y="{bottom + 32}" text-anchor="middle" '
        f'fill="#222">report date</text>'
    )
    # Marks: sources side by side within a day, so equal figures do not hide each other.
    offset = {
        name: (i - (len(series) - 1) / 2) * min(8, 40 / max(len(series), 1))
        for i, name in enumerate(series)
    }
    for mark in marks:
        parts.append(_mark_svg(mark, x(mark.reported) + offset[mark.series], y, colours, PLOT_TOP))
    # Legend: one row per source, then what the shapes mean.
    for i, name in enumerate(series):
        row = legend_top + i * LEGEND_ROW
        parts.append(
            f'<circle cx="{PLOT_LEFT + 5}" cy="{row}" r="5" fill="{colours[name]}"/>'
            f'<text x="{PLOT_LEFT + 16}" y="{row + 4}" fill="#222">{escape(name)}</text>'
        )
    row = legend_top + len(series) * LEGEND_ROW
    parts.append(
        f'<circle cx="{PLOT_LEFT + 5}" cy="{row}" r="7" fill="none" stroke="{CONFLICT_COLOUR}" '
        f'stroke-width="2"/><text x="{PLOT_LEFT + 16}" y="{row + 4}" fill="#222">in an open '
        f"flag · ▲ at least · ▼ up to · bar: interval</text>"
    )
    parts.append("</svg>")
    return "".join(parts)


def _date_ticks(dated: list[dt.date], most: int = 6) -> list[dt.date]:
    if len(dated) <= most:
        return dated
    step = (len(dated) - 1) / (most - 1)
    return [dated[round(i * step)] for i in range(most)]


def _mark_svg(mark: ChartMark, cx: float, y, colours: dict[str, str], plot_top: float) -> str:
    colour = colours[mark.series]
    shape = _mark_shape(mark)
    anchor = y(_anchor(mark))
    body: list[str] = []
    if shape in ("lower", "upper"):
        # A bound: a bar at the bound and a short arrow towards the figures it allows (this
        # or more, this or less), short so that a long series of bounds stays readable.
        way = -1 if shape == "lower" else 1
        tip = anchor + way * BOUND_REACH
        if shape == "lower":
            tip = max(tip, plot_top)
        body.append(
            f'<line x1="{cx - 6:.1f}" x2="{cx + 6:.1f}" y1="{anchor:.1f}" y2="{anchor:.1f}" '
            f'stroke="{colour}" stroke-width="3"/>'
            f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{anchor:.1f}" y2="{tip:.1f}" '
            f'stroke="{colour}" stroke-width="2"/>'
            f'<path d="M{cx - 5:.1f},{tip - way * 2:.1f} L{cx:.1f},{tip + way * 6:.1f} '
            f'L{cx + 5:.1f},{tip - way * 2:.1f} Z" fill="{colour}"/>'
        )
    elif shape == "interval":
        low, high = y(mark.lo or 0.0), y(mark.hi or 0.0)
        body.append(
            f'<rect x="{cx - 4:.1f}" y="{high:.1f}" width="8" height="{max(low - high, 2):.1f}" '
            f'fill="{colour}" fill-opacity="0.45" stroke="{colour}"/>'
        )
    else:
        hollow = mark.qualifier in ("approx", "near")
        body.append(
            f'<circle cx="{cx:.1f}" cy="{anchor:.1f}" r="5" '
            + (
                f'fill="#fff" stroke="{colour}" stroke-width="2"/>'
                if hollow
                else f'fill="{colour}"/>'
            )
        )
    if mark.conflicting:
        body.append(
            f'<circle cx="{cx:.1f}" cy="{anchor:.1f}" r="9" fill="none" '
            f'stroke="{CONFLICT_COLOUR}" stroke-width="2"/>'
        )
    flagged = ' data-conflicting="1"' if mark.conflicting else ""
    return (
        f'<a href="{escape(mark.href)}" class="figure-mark" data-shape="{shape}"{flagged}>'
        f"<title>{escape(mark.title)}</title>{''.join(body)}</a>"
    )
