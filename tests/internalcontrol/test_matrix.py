"""The risk value and the matrix, as plain functions: no database."""

from __future__ import annotations

import pytest

from internalcontrol.matrix import Level, build_matrix, level_of, risk_value


def test_the_risk_value_is_consequence_times_probability() -> None:
    assert risk_value(3, 4) == 12
    assert risk_value(1, 1) == 1
    with pytest.raises(ValueError):
        risk_value(5, 1)
    with pytest.raises(ValueError):
        risk_value(1, 0)


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (1, Level.LOW),
        (3, Level.LOW),
        (4, Level.MODERATE),
        (6, Level.MODERATE),
        (8, Level.HIGH),
        (9, Level.HIGH),
        (12, Level.VERY_HIGH),
        (16, Level.VERY_HIGH),
    ],
)
def test_each_value_has_a_level_in_words(value: int, level: Level) -> None:
    assert level_of(value) is level
    assert level.label  # a word, never the colour alone


def test_the_matrix_puts_each_risk_in_its_cell_most_serious_row_first() -> None:
    rows = build_matrix([("A", 4, 1), ("B", 4, 1), ("C", 1, 4), ("D", 2, 3)])
    assert [row.consequence for row in rows] == [4, 3, 2, 1]
    assert [cell.probability for cell in rows[0].cells] == [1, 2, 3, 4]
    counts = {(cell.consequence, cell.probability): cell.count for row in rows for cell in row.cells}
    assert counts[(4, 1)] == 2 and counts[(1, 4)] == 1 and counts[(2, 3)] == 1
    assert sum(counts.values()) == 4
    assert rows[0].cells[0].titles == ["A", "B"]
    assert rows[0].cells[3].value == 16 and rows[0].cells[3].level is Level.VERY_HIGH
