"""Geometry for the cascade's pictures, as plain functions over plain values: an indicator's trend
line and the strategy map. Templates draw the SVG with presentation attributes only (the CSP forbids
inline styles), so the pictures work without JavaScript and print; each has its data as text too.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fulfillment.cascade import Cascade, GoalNode, NodeStatus

# Status drawn as a border pattern as well as a colour, so that it reads in black and white.
STATUS_STROKE = {
    "fulfilled": ("#1b6e3a", "", "2"),
    "partly": ("#8a5a00", "6 3", "2"),
    "not_fulfilled": ("#b00020", "", "4"),
    "not_assessed": ("#5b636b", "2 3", "2"),
}


@dataclass(frozen=True)
class Point:
    x: int
    y: int
    year: int
    value: Decimal


@dataclass(frozen=True)
class TrendLine:
    width: int
    height: int
    points: tuple[Point, ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{point.x},{point.y}" for point in self.points)


def trend_line(values: Sequence[tuple[int, Decimal | None]], *, width: int = 160, height: int = 48) -> TrendLine:
    """One point per year with a value, spread over the years given; the highest value at the top."""
    known = [(year, value) for year, value in values if value is not None]
    if not known:
        return TrendLine(width, height, ())
    low, high = min(value for _, value in known), max(value for _, value in known)
    span = float(high - low) or 1.0
    pad = 6
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    index = {year: i for i, (year, _) in enumerate(values)}
    points = tuple(
        Point(
            x=round(pad + index[year] * step),
            y=round(height - pad - (float(value - low) / span) * (height - 2 * pad)) if high != low else height // 2,
            year=year,
            value=value,
        )
        for year, value in known
    )
    return TrendLine(width, height, points)


@dataclass(frozen=True)
class Box:
    kind: str  # "focus_area" or "goal"
    id: int
    x: int
    y: int
    width: int
    height: int
    lines: tuple[tuple[int, str], ...]  # (y, text) of each line of the title
    status: str
    status_label: str
    stroke: str
    dash: str
    stroke_width: str

    @property
    def text_x(self) -> int:
        return self.x + 8

    @property
    def status_y(self) -> int:
        return self.y + self.height - 8


@dataclass(frozen=True)
class Edge:
    x1: int
    y1: int
    x2: int
    y2: int


@dataclass(frozen=True)
class StrategyMap:
    width: int
    height: int
    boxes: tuple[Box, ...]
    edges: tuple[Edge, ...]
    column_x: tuple[int, int, int]


BOX_WIDTH, BOX_HEIGHT, ROW, TOP, COLUMN = 300, 64, 80, 40, 380


def _box(kind: str, pk: int, column: int, row: int, title: str, status: NodeStatus) -> Box:
    y = TOP + row * ROW
    wrapped = textwrap.wrap(title, 40, max_lines=2, placeholder=" …") or [""]
    stroke, dash, stroke_width = STATUS_STROKE.get(status.status, STATUS_STROKE["not_assessed"])
    return Box(
        kind,
        pk,
        x=column * COLUMN + 10,
        y=y,
        width=BOX_WIDTH,
        height=BOX_HEIGHT,
        lines=tuple((y + 18 + 16 * i, text) for i, text in enumerate(wrapped)),
        status=status.status,
        status_label=status.label,
        stroke=stroke,
        dash=dash,
        stroke_width=stroke_width,
    )


def strategy_map(tree: Cascade) -> StrategyMap:
    """Focus areas, council goals and committee goals in three columns, each drawn once, with a line
    for every link between them."""
    areas = {
        area.id: _box("focus_area", area.id, 0, i, area.name, area.status) for i, area in enumerate(tree.focus_areas)
    }
    council: dict[int, Box] = {}
    committee: dict[int, Box] = {}
    edges = []

    def place_council(goal: GoalNode) -> Box:
        if goal.id not in council:
            council[goal.id] = _box("goal", goal.id, 1, len(council), goal.title, goal.status)
        for child in goal.contributions:
            if child.id not in committee:
                committee[child.id] = _box("goal", child.id, 2, len(committee), child.title, child.status)
            edges.append(_edge(council[goal.id], committee[child.id]))
        return council[goal.id]

    for area in tree.focus_areas:
        for goal in area.goals:
            edges.append(_edge(areas[area.id], place_council(goal)))
    for goal in tree.council_without_area:
        place_council(goal)
    for goal in tree.unlinked_committee_goals:
        if goal.id not in committee:
            committee[goal.id] = _box("goal", goal.id, 2, len(committee), goal.title, goal.status)
    rows = max(len(areas), len(council), len(committee), 1)
    boxes = (*areas.values(), *council.values(), *committee.values())
    return StrategyMap(
        width=2 * COLUMN + BOX_WIDTH + 20,
        height=TOP + rows * ROW,
        boxes=tuple(boxes),
        edges=tuple(dict.fromkeys(edges)),
        column_x=(10, COLUMN + 10, 2 * COLUMN + 10),
    )


def _edge(source: Box, target: Box) -> Edge:
    return Edge(source.x + source.width, source.y + source.height // 2, target.x, target.y + target.height // 2)


# Status colours for the fulfillment chart; the chart always has its legend and table in words too.
STATUS_FILL = {
    "fulfilled": "#1e6b34",
    "partly": "#8a4b00",
    "not_fulfilled": "#b00020",
    "not_assessed": "#5f6b76",
}


@dataclass(frozen=True)
class StatusSegment:
    x: float
    width: float
    fill: str
    count: int


@dataclass(frozen=True)
class StatusBar:
    label: str
    y: float
    total: int
    segments: tuple[StatusSegment, ...]


@dataclass(frozen=True)
class StatusChart:
    width: int
    height: int
    bar_left: int
    bar_width: int
    bar_height: int
    bars: tuple[StatusBar, ...]


def status_chart(
    groups: Sequence[tuple[str, Sequence[tuple[str, int]]]], *, width: int = 640, label_width: int = 300
) -> StatusChart:
    """One full-width bar per group, split by status in proportion to the counts.

    ``groups`` is (label, [(status, count), ...]); plain values in, positions out.
    """
    bar_height, gap, top = 22, 14, 8
    bar_left, bar_width = label_width, width - label_width - 10
    bars = []
    for index, (label, counts) in enumerate(groups):
        total = sum(count for _, count in counts)
        x = float(bar_left)
        segments = []
        for status, count in counts:
            if not count or not total:
                continue
            share = bar_width * count / total
            segments.append(StatusSegment(round(x, 1), round(share, 1), STATUS_FILL.get(status, "#5f6b76"), count))
            x += share
        bars.append(StatusBar(label, top + index * (bar_height + gap), total, tuple(segments)))
    height = top + len(bars) * (bar_height + gap) + 4
    return StatusChart(width, height, bar_left, bar_width, bar_height, tuple(bars))
