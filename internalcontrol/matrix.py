"""The 4×4 risk matrix, as plain functions over plain values: no database, so the page, the table and a test
call the same ones.

A risk's value is its consequence times its probability (1–16). The level is a word as well as a colour, so
that the matrix never speaks by colour alone: low (1–3), moderate (4–6), high (8–9), very high (12–16).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from django.utils.translation import gettext_lazy as _

SCALE = (1, 2, 3, 4)

CONSEQUENCE_WORDS = {1: _("Försumbar"), 2: _("Lindrig"), 3: _("Kännbar"), 4: _("Allvarlig")}
PROBABILITY_WORDS = {1: _("Osannolik"), 2: _("Mindre sannolik"), 3: _("Sannolik"), 4: _("Mycket sannolik")}


class Level(Enum):
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"
    VERY_HIGH = "very_high"

    @property
    def label(self) -> str:
        return str(LEVEL_WORDS[self])


LEVEL_WORDS = {
    Level.LOW: _("Låg"),
    Level.MODERATE: _("Måttlig"),
    Level.HIGH: _("Hög"),
    Level.VERY_HIGH: _("Mycket hög"),
}


def risk_value(consequence: int, probability: int) -> int:
    """The risk value: consequence times probability, each 1 to 4."""
    if consequence not in SCALE or probability not in SCALE:
        raise ValueError(f"consequence and probability must be 1 to 4, not {consequence} and {probability}")
    return consequence * probability


def level_of(value: int) -> Level:
    """The level of a risk value from 1 to 16."""
    if value <= 3:
        return Level.LOW
    if value <= 6:
        return Level.MODERATE
    if value <= 9:
        return Level.HIGH
    return Level.VERY_HIGH


@dataclass
class Cell:
    consequence: int
    probability: int
    titles: list[str] = field(default_factory=list)

    @property
    def value(self) -> int:
        return self.consequence * self.probability

    @property
    def level(self) -> Level:
        return level_of(self.value)

    @property
    def count(self) -> int:
        return len(self.titles)


@dataclass
class Row:
    consequence: int
    cells: list[Cell]

    @property
    def label(self) -> str:
        return str(CONSEQUENCE_WORDS[self.consequence])


def build_matrix(risks: Iterable[tuple[str, int, int]]) -> list[Row]:
    """The matrix of ``(title, consequence, probability)`` risks: a row per consequence, the most serious
    first, and in each row a cell per probability, the least likely first."""
    rows = [Row(consequence, [Cell(consequence, probability) for probability in SCALE]) for consequence in (4, 3, 2, 1)]
    by_place = {(cell.consequence, cell.probability): cell for row in rows for cell in row.cells}
    for title, consequence, probability in risks:
        by_place[(consequence, probability)].titles.append(title)
    return rows


def probability_labels() -> list[tuple[int, str]]:
    return [(probability, str(PROBABILITY_WORDS[probability])) for probability in SCALE]
