"""The live annual fulfillment, computed once per change of its inputs.

``compute_year`` reads goals, indicators, targets, measurements, accepted
follow-ups and their assessments, periods, committees and the budget. Every
write to one of those models (a save, a delete, a change of a goal's links)
gives ``InputsVersion`` a new token in the same transaction; writes that
bypass signals (``bulk_create``, ``QuerySet.update``/``delete``) send
``portal.bulk.bulk_written`` (apps below this one) or call ``changed()``.
``kept()`` keeps the last few results of such reads in this process, keyed by
the token, the language (the explanations are translated) and what was asked:
``fulfillment()`` (the year, the period, the counting) and the cascade's gaps.

The token is read before and after a computation, and the result is kept only
when the two agree: under READ COMMITTED a change committed while the year was
being read gives a new token, so a result mixing old and new rows is never kept.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from django.apps import apps
from django.db import connection
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone, translation

from fulfillment.compilation import compute_year
from fulfillment.judging import MajorityCounting
from fulfillment.models import InputsVersion
from fulfillment.results import YearFulfillment
from portal.bulk import bulk_written
from portal.models import ReportingPeriod

# How many results of each kind a process keeps (the kind is the first item of a key). Separate
# limits, so that many cheap results (a committee's gaps) never push out the costly ones; a large
# municipality's year is about 20 MB in memory, so few of those are kept.
KEEP = {"fulfillment": 6, "statuses": 4, "report rows": 4, "report tree": 8, "gaps": 32, "api goal list": 32}
KEEP_OTHER = 8

# What compute_year reads, by app: every model of budgets (document_overview reads most of them).
INPUT_MODELS = {
    "portal": ("Committee", "ReportingPeriod"),
    "goals": ("Vision", "FocusArea", "Goal", "Indicator", "Target", "Measurement"),
    "followups": ("FollowUp", "Assessment"),
}
INPUT_APPS = ("budgets",)

_results: dict[Hashable, OrderedDict[Hashable, object]] = {}
T = TypeVar("T")
_lock = threading.Lock()


def changed(**_: Any) -> None:
    """Gives the inputs a new token (one UPDATE, in the caller's transaction)."""
    if not InputsVersion.objects.update(token=uuid.uuid4(), changed_at=timezone.now()):
        InputsVersion.objects.create()


def _links_changed(action: str, **_: Any) -> None:
    if action.startswith("post_"):
        changed()


def token() -> uuid.UUID | None:
    return InputsVersion.objects.values_list("token", flat=True).first()


def kept(key: Hashable, compute: Callable[[], T], *, now: uuid.UUID | None = None) -> T:
    """``compute()``, from this process's memory when nothing it reads has changed since it was kept (one
    query, none if the caller passes the token it read, ``now``). ``compute`` may read only the inputs."""
    before = now or token()
    if before is None:  # no version row (a flushed test database): nothing can be kept safely
        return compute()
    full_key = (connection.alias, before, translation.get_language(), key)
    kind = key[0] if isinstance(key, tuple) and key else key
    with _lock:
        kept_of_kind = _results.setdefault(kind, OrderedDict())
        if full_key in kept_of_kind:
            kept_of_kind.move_to_end(full_key)
            return cast(T, kept_of_kind[full_key])
    result = compute()
    if token() == before:
        with _lock:
            kept_of_kind[full_key] = result
            while len(kept_of_kind) > KEEP.get(str(kind), KEEP_OTHER):
                kept_of_kind.popitem(last=False)
    return result


def fulfillment(
    *,
    year: int,
    as_of: ReportingPeriod | None = None,
    counting: str = MajorityCounting.PER_GROUP,
    now: uuid.UUID | None = None,
) -> YearFulfillment:
    """``compute_year(year=..., as_of=..., counting=...)``, kept (see ``kept``)."""
    key = ("fulfillment", year, as_of.pk if as_of else None, counting)
    return kept(key, lambda: compute_year(year=year, as_of=as_of, counting=counting), now=now)


def forget() -> None:
    """Empties this process's results (the tests start each test without them)."""
    with _lock:
        _results.clear()


def input_models() -> list[type[Model]]:
    models = [apps.get_model(app, name) for app, names in INPUT_MODELS.items() for name in names]
    models += [model for app in INPUT_APPS for model in apps.get_app_config(app).get_models()]
    return models


def connect() -> None:
    """Called once from FulfillmentConfig.ready."""
    for model in input_models():
        post_save.connect(changed, sender=model, dispatch_uid=f"inputs-save-{model._meta.label}")
        bulk_written.connect(changed, sender=model, dispatch_uid=f"inputs-bulk-{model._meta.label}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"inputs-delete-{model._meta.label}")
    goal = apps.get_model("goals", "Goal")
    for through in (goal.focus_areas.through, goal.contributes_to.through):
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"inputs-m2m-{through._meta.label}")
