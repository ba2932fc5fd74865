"""The average of Sweden's municipalities, computed from their values: plain values in, no database.

Kolada publishes the unweighted mean of all municipalities as the group
"Alla kommuner (ovägt medel)". When an answer lacks the group's value, the
fetch computes the same mean from every municipality's value, and when both
exist it checks the one against the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from goals.targets import significant_decimals
from kolada.parsing import VALUE_PLACES

# Sweden has 290 municipalities. A mean over fewer than about a third of them is
# not "the average of Sweden's municipalities" (a saved file may hold only a few),
# so below this many values none is computed.
MIN_MUNICIPALITIES = 100

HALF = Decimal("0.5")


def is_municipality(unit_id: str) -> bool:
    """A municipality's Kolada id: four digits, not 00xx (Riket is 0000, the regions 0001–0025), no group."""
    return len(unit_id) == 4 and unit_id.isdigit() and not unit_id.startswith("00")


@dataclass(frozen=True)
class Mean:
    value: Decimal
    count: int  # how many municipalities had a value


def unweighted_mean(values: Iterable[Decimal | None]) -> Mean | None:
    """The mean of the values that exist; None when fewer than ``MIN_MUNICIPALITIES`` have one."""
    present = [value for value in values if value is not None]
    if len(present) < MIN_MUNICIPALITIES:
        return None
    return Mean((sum(present, Decimal(0)) / len(present)).quantize(VALUE_PLACES), len(present))


def rounding_tolerance(published: Decimal, members: Iterable[Decimal]) -> Decimal:
    """How far a mean computed from rounded values may lie from a rounded published mean.

    Half a unit in the published mean's last decimal (its own rounding), plus
    half a unit in the members' coarsest last decimal (the mean of values each
    rounded that far is off by at most as much).
    """
    member_decimals = min((significant_decimals(value) for value in members), default=0)
    return HALF * Decimal(10) ** -significant_decimals(published) + HALF * Decimal(10) ** -member_decimals


def agrees(published: Decimal, computed: Decimal, members: Iterable[Decimal]) -> bool:
    """Whether Kolada's published mean and the computed one differ by no more than rounding."""
    return abs(published - computed) <= rounding_tolerance(published, members)
