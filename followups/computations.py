"""Follow-up computations with no database in them: the forecast deviation,
when it must be explained, and the timeline of a follow-up.

Plain functions over plain values, so that the editor, the read view, the
Excel export and the tests judge the same way.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

HUNDRED = Decimal(100)


def forecast_deviation(budget: Decimal | None, forecast: Decimal | None) -> Decimal | None:
    """Budget less the forecast net cost (tkr): positive is a surplus, negative a deficit; None if either is missing."""
    if budget is None or forecast is None:
        return None
    return budget - forecast


def deviation_percent(budget: Decimal | None, forecast: Decimal | None) -> Decimal | None:
    """The deviation as a percentage of the budget; None without a budget (or with a budget of zero)."""
    deviation = forecast_deviation(budget, forecast)
    if deviation is None or not budget:
        return None
    return deviation / budget * HUNDRED


def implausible(value: Decimal, reference: Decimal, factor: Decimal) -> bool:
    """``value`` is more than ``factor`` times larger or smaller than ``reference``, in size (a result may
    change sign). A zero on either side says nothing about the scale of the other."""
    if value == 0 or reference == 0:
        return False
    ratio = abs(value / reference)
    return ratio > factor or ratio * factor < 1


def explanation_required(*, budget: Decimal | None, forecast: Decimal | None, threshold_percent: Decimal) -> bool:
    """Whether the forecast deviates from the budget by more than the threshold, in either direction.

    Without a budget there is nothing to compare with, so no explanation is required.
    """
    percent = deviation_percent(budget, forecast)
    return percent is not None and abs(percent) > threshold_percent


@dataclass(frozen=True)
class Revision:
    """One saved version of a section, as django-simple-history keeps it."""

    section: str  # what the reader sees: "Bedömning: Fler barn ska läsa", "Ekonomiskt utfall"
    object_key: tuple[str, int]  # (model, pk): revisions of one object are compared with each other
    at: datetime.datetime
    who: str
    kind: str  # "+" created, "~" changed, "-" deleted
    values: dict[str, Any]


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    who: str
    is_transition: bool
    title: str  # "Lämnade in: Utkast → Inlämnad", or the section's name
    detail: str = ""  # the comment or decision reference, or the fields that changed


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The names of the fields whose values differ, in the order of ``after``."""
    return [name for name, value in after.items() if before.get(name) != value]


def build_timeline(
    transitions: Iterable[TimelineEntry], revisions: Sequence[Revision], labels: dict[str, str]
) -> list[TimelineEntry]:
    """Transitions and content changes merged, newest first.

    A content change names the fields that changed since the object's previous
    revision (``labels`` gives their names). Creation records (the empty
    sections made when the period opened) and saves that changed nothing are
    left out.
    """
    entries = list(transitions)
    previous: dict[tuple[str, int], dict[str, Any]] = {}
    for revision in sorted(revisions, key=lambda r: r.at):
        before = previous.get(revision.object_key)
        previous[revision.object_key] = revision.values
        if revision.kind == "+" or before is None:
            continue
        fields = changed_fields(before, revision.values)
        if not fields:
            continue
        entries.append(
            TimelineEntry(
                at=revision.at,
                who=revision.who,
                is_transition=False,
                title=revision.section,
                detail=", ".join(labels.get(name, name) for name in fields),
            )
        )
    return sorted(entries, key=lambda entry: entry.at, reverse=True)
