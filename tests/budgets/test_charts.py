"""Chart geometry: plain functions, no database."""

from __future__ import annotations

from decimal import Decimal

from budgets import charts


def test_horizontal_bars_scale_to_the_largest() -> None:
    chart = charts.horizontal_bars([("A", Decimal(100)), ("B", Decimal(50)), ("C", Decimal(0))], width=720)
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == 720 - 260 - 130
    assert widths[1] == widths[0] // 2
    assert widths[2] == 0
    assert [bar.y for bar in chart.bars] == [8, 40, 72]
    assert chart.height == 8 * 2 + 32 * 3


def test_horizontal_bars_without_data() -> None:
    assert charts.horizontal_bars([]).bars == ()


def test_stacked_columns_stack_in_order_from_the_baseline() -> None:
    chart = charts.stacked_columns(
        [("2026", [Decimal(254), Decimal(25), Decimal(308), Decimal(24)]), ("2027", [Decimal(194), 0, 0, 0])],
        ["Nämnder", "Finansiell leasing", "VA", "Avfall"],
    )
    first = chart.columns[0]
    assert first.total == Decimal(611)
    assert first.segments[0].y + first.segments[0].height == chart.baseline
    for lower, upper in zip(first.segments, first.segments[1:], strict=False):
        assert upper.y + upper.height == lower.y  # no gaps, no overlaps
    # The axis reaches past the highest column, in round steps.
    assert chart.ticks[0].value == 0 and chart.ticks[0].y == chart.baseline
    assert chart.ticks[-1].value >= first.total
    assert [series.name for series in chart.series] == ["Nämnder", "Finansiell leasing", "VA", "Avfall"]
    assert len({series.colour for series in chart.series}) == 4


def test_share_columns_draw_the_goal_line() -> None:
    chart = charts.share_columns(
        [("2026", Decimal("0.0435")), ("2027", Decimal("0.0361")), ("2028", None)], goal=Decimal("0.04")
    )
    above, below, missing = chart.columns
    assert chart.goal is not None and chart.goal_value == Decimal("0.04")
    assert above.segments[0].y < chart.goal.y < below.segments[0].y  # 4,4 % reaches over the line, 3,6 % not
    assert missing.segments == ()
    assert [tick.value for tick in chart.ticks] == [Decimal(0), Decimal("0.02"), Decimal("0.04"), Decimal("0.06")]
