"""The words a goal is judged in: the status ladder and how a goal's status follows from its evidence.

They belong to the goal framework: a goal names its rule, a committee's assessment and the annual
fulfillment both speak in the same statuses. The judging itself is in fulfillment/judging.py.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy


class Status(models.TextChoices):
    FULFILLED = "fulfilled", gettext_lazy("Uppfyllt")
    PARTLY = "partly", gettext_lazy("Delvis uppfyllt")
    NOT_FULFILLED = "not_fulfilled", gettext_lazy("Ej uppfyllt")
    NOT_ASSESSED = "not_assessed", gettext_lazy("Ej bedömt")


class GoalRule(models.TextChoices):
    """How a goal's status follows from its evidence."""

    INDICATORS = "indicators", gettext_lazy("Från indikatorerna")
    CASCADE = "cascade", gettext_lazy("Från de mål som bidrar till det")
    MAJORITY = "majority", gettext_lazy("Majoritet av indikatorerna")
    ASSESSMENT = "assessment", gettext_lazy("Nämndens bedömning")
