"""Chart geometry for the budget page, as plain functions over plain values.

The templates draw the SVG from these numbers with presentation attributes
only (the content security policy forbids inline styles and scripts), so a
chart works without JavaScript, prints, and goes into a PDF unchanged. Every
position is a whole pixel. Each chart's data is also shown as a table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

# Okabe–Ito colours: told apart also by people with colour vision deficiency.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00")
BAR_COLOUR = "#0b4f71"
GOAL_COLOUR = "#b00020"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    x: int
    y: int
    width: int
    height: int
    colour: str = BAR_COLOUR
    # where the label and the value are written
    label_x: int = 0
    label_y: int = 0
    value_x: int = 0
    value_y: int = 0


@dataclass(frozen=True)
class Tick:
    value: Decimal
    y: int


@dataclass(frozen=True)
class HorizontalBarChart:
    width: int
    height: int
    bars: tuple[Bar, ...]


def horizontal_bars(
    items: Sequence[tuple[str, Decimal]], *, width: int = 720, label_width: int = 260
) -> HorizontalBarChart:
    """One bar per item, longest for the largest value; values written after the bars."""
    row, bar_height, top = 32, 20, 8
    value_room = 130
    longest = max((value for _, value in items), default=Decimal(0))
    scale = (width - label_width - value_room) / float(longest) if longest > 0 else 0.0
    bars = []
    for index, (label, value) in enumerate(items):
        y = top + index * row
        length = max(0, round(float(value) * scale))
        bars.append(
            Bar(
                label=label,
                value=value,
                x=label_width,
                y=y,
                width=length,
                height=bar_height,
                label_x=label_width - 8,
                label_y=y + 15,
                value_x=label_width + length + 6,
                value_y=y + 15,
            )
        )
    return HorizontalBarChart(width=width, height=top * 2 + row * len(items), bars=tuple(bars))


@dataclass(frozen=True)
class Column:
    label: str
    label_x: int
    segments: tuple[Bar, ...]
    total: Decimal
    total_y: int


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    x: int
    y: int


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    baseline: int
    columns: tuple[Column, ...]
    ticks: tuple[Tick, ...]
    series: tuple[Series, ...]
    goal: Tick | None = None
    goal_value: Decimal | None = None


def _nice_step(maximum: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about ``ticks`` gridlines up to ``maximum``."""
    if maximum <= 0:
        return 1.0
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= raw)


def stacked_columns(
    columns: Sequence[tuple[str, Sequence[Decimal]]],
    series: Sequence[str],
    *,
    width: int = 720,
    height: int = 340,
) -> ColumnChart:
    """One column per label, stacked from the series' values in order (a missing value as zero).

    The values' unit is the axis's unit: pass mnkr to get an axis in mnkr.
    """
    plot_left, plot_right, plot_top, baseline = 70, width - 10, 24, height - 70
    totals = [sum(values, Decimal(0)) for _, values in columns]
    step = _nice_step(float(max(totals, default=Decimal(0))))
    top_value = step * max(1, math.ceil(float(max(totals, default=Decimal(0))) / step))
    scale = (baseline - plot_top) / top_value
    slot = (plot_right - plot_left) / max(1, len(columns))
    bar_width = round(min(70, slot * 0.6))
    drawn = []
    for index, ((label, values), total) in enumerate(zip(columns, totals, strict=True)):
        x = round(plot_left + slot * index + (slot - bar_width) / 2)
        bottom = float(baseline)
        segments = []
        for series_index, value in enumerate(values):
            size = float(value) * scale
            top = bottom - size
            segments.append(
                Bar(
                    label=series[series_index],
                    value=value,
                    x=x,
                    y=round(top),
                    width=bar_width,
                    height=round(bottom) - round(top),
                    colour=PALETTE[series_index % len(PALETTE)],
                )
            )
            bottom = top
        drawn.append(
            Column(
                label=label,
                label_x=x + bar_width // 2,
                segments=tuple(segments),
                total=total,
                total_y=round(bottom) - 6,
            )
        )
    ticks = tuple(
        Tick(Decimal(str(step * index)).normalize(), round(baseline - step * index * scale))
        for index in range(round(top_value / step) + 1)
    )
    legend = tuple(
        Series(name, PALETTE[index % len(PALETTE)], plot_left + (index % 3) * 210, baseline + 36 + (index // 3) * 22)
        for index, name in enumerate(series)
    )
    return ColumnChart(width, height, plot_left, plot_right, plot_top, baseline, tuple(drawn), ticks, legend)


def share_columns(
    items: Sequence[tuple[str, Decimal | None]], *, goal: Decimal | None, width: int = 560, height: int = 300
) -> ColumnChart:
    """One column per label for a share (0.044 for 4,4 %), with the goal as a line across.

    A missing value gets no column; the template writes "saknas" in its place.
    """
    plot_left, plot_right, plot_top, baseline = 60, width - 160, 24, height - 40
    values = [float(value) * 100 for _, value in items if value is not None]
    if goal is not None:
        values.append(float(goal) * 100)
    highest = max(values, default=1.0)
    step = _nice_step(highest * 1.2, ticks=5)
    top_value = step * max(1, math.ceil(highest * 1.2 / step))
    scale = (baseline - plot_top) / top_value
    slot = (plot_right - plot_left) / max(1, len(items))
    bar_width = round(min(70, slot * 0.5))
    drawn = []
    for index, (label, value) in enumerate(items):
        x = round(plot_left + slot * index + (slot - bar_width) / 2)
        percent = float(value) * 100 if value is not None else 0.0
        top = round(baseline - max(0.0, percent) * scale)
        segments: tuple[Bar, ...] = ()
        if value is not None:
            segments = (Bar(label=label, value=value, x=x, y=top, width=bar_width, height=baseline - top),)
        drawn.append(
            Column(
                label=label,
                label_x=x + bar_width // 2,
                segments=segments,
                total=value if value is not None else Decimal(0),
                total_y=top - 6,
            )
        )
    ticks = tuple(
        Tick(Decimal(str(step * index)).normalize() / 100, round(baseline - step * index * scale))
        for index in range(round(top_value / step) + 1)
    )
    goal_tick = Tick(goal, round(baseline - float(goal) * 100 * scale)) if goal is not None else None
    return ColumnChart(
        width, height, plot_left, plot_right, plot_top, baseline, tuple(drawn), ticks, (), goal_tick, goal
    )
