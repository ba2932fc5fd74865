"""Writing measurements from other systems: all or nothing, once per external id."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken, IngestRecord
from goals.models import Indicator, Measurement

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass(frozen=True)
class ItemError:
    index: int | None
    field: str | None
    message: str


@dataclass
class IngestRefused(Exception):
    """Nothing was stored; ``status`` says why (400 bad item, 403 outside the key's scope, 409 conflict)."""

    status: int
    errors: list[ItemError] = field(default_factory=list)


@dataclass(frozen=True)
class ItemResult:
    index: int
    external_id: str
    measurement: int | None
    result: str


def fingerprint(item: Mapping[str, Any]) -> str:
    """A hash of what an item says, independent of key order and of how a number was written."""

    def plain(value: Any) -> Any:
        return format(value.normalize(), "f") if isinstance(value, Decimal) else value

    text = json.dumps({key: plain(value) for key, value in sorted(item.items())}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def measurements_ingest(*, token: ApiToken, items: Sequence[Mapping[str, Any]]) -> list[ItemResult]:
    """Store validated items (``MeasurementItemSerializer`` data) in one transaction, or none of them.

    Runs three queries to check the batch (indicators, earlier records, existing measurements),
    then per new item a save with its history row and an ``IngestRecord``.
    Raises ``IngestRefused`` and stores nothing if any item is outside the key's scope or conflicts.
    """
    errors: list[ItemError] = []
    seen_ids: dict[str, int] = {}
    seen_slots: dict[tuple[int, int, str, str], int] = {}
    for index, item in enumerate(items):
        if item["external_id"] in seen_ids:
            errors.append(
                ItemError(
                    index,
                    "external_id",
                    _("external_id ”%(id)s” finns redan i post %(other)d i samma anrop.")
                    % {"id": item["external_id"], "other": seen_ids[item["external_id"]]},
                )
            )
        seen_ids.setdefault(item["external_id"], index)
        slot = (item["indicator"], item["year"], item["period"], item["basis"])
        if slot in seen_slots:
            errors.append(
                ItemError(
                    index,
                    "indicator",
                    _("Post %(other)d i samma anrop gäller samma indikator, år, period och grund.")
                    % {"other": seen_slots[slot]},
                )
            )
        seen_slots.setdefault(slot, index)

    indicators = Indicator.objects.select_related("goal").in_bulk({item["indicator"] for item in items})
    for index, item in enumerate(items):
        if item["indicator"] not in indicators:
            errors.append(ItemError(index, "indicator", _("Indikatorn %(id)d finns inte.") % {"id": item["indicator"]}))
    if errors:
        raise IngestRefused(400, errors)

    outside = [
        ItemError(
            index,
            "indicator",
            _("Nyckeln får inte skriva indikator %(id)d: den hör till ett mål utanför nyckelns nämnd.")
            % {"id": item["indicator"]},
        )
        for index, item in enumerate(items)
        if not token.may_write(indicators[item["indicator"]].goal.committee_id)
    ]
    if outside:
        raise IngestRefused(403, outside)

    try:
        with transaction.atomic():
            return _write(token, items)
    except IntegrityError:
        # Another request stored the same external id or measurement between our check and our write.
        raise IngestRefused(
            409, [ItemError(None, None, _("Ett annat anrop skrev samma värden samtidigt. Skicka anropet igen."))]
        ) from None


def _write(token: ApiToken, items: Sequence[Mapping[str, Any]]) -> list[ItemResult]:
    records = {
        record.external_id: record
        for record in IngestRecord.objects.select_for_update().filter(
            scope_key=token.scope_key, external_id__in=[item["external_id"] for item in items]
        )
    }
    prints = [fingerprint(item) for item in items]
    conflicts = [
        ItemError(
            index,
            "external_id",
            _(
                "external_id ”%(id)s” har redan använts med andra uppgifter. Ett nytt värde behöver ett nytt "
                "external_id."
            )
            % {"id": item["external_id"]},
        )
        for index, item in enumerate(items)
        if item["external_id"] in records and records[item["external_id"]].fingerprint != prints[index]
    ]
    if conflicts:
        raise IngestRefused(409, conflicts)

    new = [(index, item) for index, item in enumerate(items) if item["external_id"] not in records]
    existing = {
        (m.indicator_id, m.year, m.period, m.basis): m
        for m in Measurement.objects.select_for_update().filter(
            indicator_id__in={item["indicator"] for _index, item in new}
        )
    }
    now = timezone.now()
    results: list[ItemResult] = []
    for index, item in enumerate(items):
        if item["external_id"] in records:
            record = records[item["external_id"]]
            results.append(ItemResult(index, item["external_id"], record.measurement_id, UNCHANGED))
            continue
        slot = (item["indicator"], item["year"], item["period"], item["basis"])
        measurement = existing.get(slot)
        result = UPDATED if measurement is not None else CREATED
        if measurement is None:
            measurement = Measurement(
                indicator_id=item["indicator"], year=item["year"], period=item["period"], basis=item["basis"]
            )
        measurement.value = item["value"]
        measurement.reference_value = item.get("reference_value")
        measurement.source = item.get("source", "")
        measurement.recorded_at = now
        measurement.recorded_by = None
        # simple_history keeps every revision; the reason names the key that wrote it.
        measurement._change_reason = token.describe()  # type: ignore[attr-defined]
        measurement.save()
        IngestRecord.objects.create(
            token=token,
            scope_key=token.scope_key,
            external_id=item["external_id"],
            fingerprint=prints[index],
            measurement=measurement,
            created_at=now,
        )
        results.append(ItemResult(index, item["external_id"], measurement.pk, result))
    return results
