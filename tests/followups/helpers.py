"""Helpers for the follow-up tests: a signed-in client, a snapshot of everything a step may change."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.test import Client
from django.urls import reverse

from followups.models import Assessment, FinancialOutcome, FollowUp, IndicatorValue, KeyEvents, Notification, Transition
from goals.models import Measurement
from goals.status import Status
from portal.models import User


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def state_of(followup: FollowUp) -> dict[str, Any]:
    """Everything a step or a save may change, to prove a refusal changed nothing."""
    row = FollowUp.objects.values("state", "version", "decision_reference", "state_changed_at").get(pk=followup.pk)
    return {
        "followup": row,
        "transitions": list(Transition.objects.filter(followup=followup).values_list("pk", flat=True)),
        "notifications": Notification.objects.count(),
        "measurements": list(Measurement.objects.values_list("pk", "value")),
        "sections": [
            list(model.objects.filter(followup=followup).order_by("pk").values())  # type: ignore[attr-defined]
            for model in (Assessment, IndicatorValue, FinancialOutcome, KeyEvents)
        ],
        "history": [
            model.history.count()  # type: ignore[attr-defined]
            for model in (Assessment, IndicatorValue, FinancialOutcome, KeyEvents)
        ],
    }


STEP_URLS = {
    "submit": "followups:followup_submit",
    "approve": "followups:followup_approve",
    "return": "followups:followup_return",
    "accept": "followups:followup_accept",
    "publish": "followups:followup_publish",
}


def step_data(action: str, followup: FollowUp, **extra: str) -> dict[str, Any]:
    data: dict[str, Any] = {f"{action}-version": FollowUp.objects.get(pk=followup.pk).version}
    if action == "approve":
        data["approve-decision_reference"] = "BUN 2026-04-22 § 45"
    if action == "return":
        data["return-comment"] = "Analysen saknas."
    return data | {f"{action}-{key}": value for key, value in extra.items()}


def take_step(client: Client, action: str, followup: FollowUp, **extra: str) -> Any:
    return client.post(reverse(STEP_URLS[action], args=[followup.pk]), step_data(action, followup, **extra))


def fill_in(followup: FollowUp) -> None:
    """Every goal assessed, every indicator with a value, the economy on budget: what a reporter fills in
    before handing in. Written straight to the rows, for tests about the steps after."""
    Assessment.objects.filter(followup=followup).update(status=Status.FULFILLED)
    IndicatorValue.objects.filter(followup=followup).update(value=Decimal(1))
    financial = FinancialOutcome.objects.get(followup=followup)
    budget = financial.budget or Decimal(0)
    FinancialOutcome.objects.filter(pk=financial.pk).update(net_cost_to_date=budget / 4, forecast=budget)
