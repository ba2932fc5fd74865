"""A goal's history on a timeline: who changed what in the goal, its indicators and their targets, and when,
with the old and the new value (django-simple-history keeps the rows; this reads them)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from goals.models import Goal, Indicator, Target
from planning.models import PeriodTarget
from portal.formatting import format_number
from portal.numbers import significant_decimals

GOAL_FIELDS = ("title", "description", "kind", "status", "first_year", "last_year")
INDICATOR_FIELDS = ("name", "unit", "decimals", "direction", "source", "ratio_key", "external_id")
TARGET_FIELDS = ("year", "comparator", "value", "tolerance")
PERIOD_TARGET_FIELDS = ("year", "period", "comparator", "value")


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    at: datetime.datetime
    who: str
    what: str
    kind: str  # "+" created, "~" changed, "-" deleted
    changes: list[Change] = field(default_factory=list)


def _shown(model: type[models.Model], name: str, value: Any) -> str:
    if value is None or value == "":
        return "–"
    choices = dict(model._meta.get_field(name).choices or [])  # type: ignore[union-attr]
    if value in choices:
        return str(choices[value])
    if isinstance(value, Decimal):
        return format_number(value, significant_decimals(value))
    return str(value)


def _label(model: type[models.Model], name: str) -> str:
    label = str(getattr(model._meta.get_field(name), "verbose_name", name))
    return label[:1].upper() + label[1:]


def _entries(records: Iterable[Any], model: type[models.Model], fields: tuple[str, ...], what: Any) -> list[Entry]:
    """One entry per history row that created, deleted or changed something, comparing each row with the
    previous row of the same object."""
    previous: dict[int, Any] = {}
    entries = []
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(record.id)
        previous[record.id] = record
        who = str(record.history_user) if record.history_user else _("inläst eller okänd")
        if record.history_type == "+" or before is None:
            entries.append(Entry(record.history_date, who, what(record), "+"))
            continue
        if record.history_type == "-":
            entries.append(Entry(record.history_date, who, what(record), "-"))
            continue
        changes = [
            Change(
                _label(model, name),
                _shown(model, name, getattr(before, name)),
                _shown(model, name, getattr(record, name)),
            )
            for name in fields
            if getattr(before, name) != getattr(record, name)
        ]
        if changes:
            entries.append(Entry(record.history_date, who, what(record), "~", changes))
    return entries


def goal_timeline(goal: Goal) -> list[Entry]:
    """The goal's changes, its indicators' and their targets', newest first. Four queries."""
    indicator_rows = list(Indicator.history.filter(goal_id=goal.pk).select_related("history_user"))
    names = {row.id: row.name for row in indicator_rows}
    ids = list(names)
    entries = _entries(
        Goal.history.filter(id=goal.pk).select_related("history_user"),
        Goal,
        GOAL_FIELDS,
        lambda r: _("Målet"),
    )
    entries += _entries(
        indicator_rows, Indicator, INDICATOR_FIELDS, lambda r: _("Indikatorn %(name)s") % {"name": r.name}
    )
    entries += _entries(
        Target.history.filter(indicator_id__in=ids).select_related("history_user"),
        Target,
        TARGET_FIELDS,
        lambda r: _("Målvärde %(year)s för %(name)s") % {"year": r.year, "name": names.get(r.indicator_id, "")},
    )
    entries += _entries(
        PeriodTarget.history.filter(indicator_id__in=ids).select_related("history_user"),
        PeriodTarget,
        PERIOD_TARGET_FIELDS,
        lambda r: (
            _("Målvärde %(year)s %(period)s för %(name)s")
            % {"year": r.year, "period": r.get_period_display().lower(), "name": names.get(r.indicator_id, "")}
        ),
    )
    return sorted(entries, key=lambda e: e.at, reverse=True)
