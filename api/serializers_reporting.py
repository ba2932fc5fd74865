"""The write API's outcome and forecast for a report date (POST /api/v1/report-outcomes/)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from budgets.models import InvestmentArea, LineRole, Statement
from reporting.models import KIND_SLUGS, ReportKind

MAX_ROWS = 500


def _figure(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=True, required=False, default=None, coerce_to_string=False, **kwargs
    )


class LineSerializer(serializers.Serializer[Any]):
    statement = serializers.ChoiceField(choices=Statement.choices)
    label = serializers.CharField(max_length=200, help_text=_("Radens rubrik som i budgetdokumentet."))  # type: ignore[assignment]
    role = serializers.ChoiceField(choices=LineRole.choices, required=False, default="", allow_blank=True)
    is_total = serializers.BooleanField(required=False, default=False)
    outcome = _figure(help_text=_("Utfall i mnkr."))
    forecast = _figure(help_text=_("Prognos för helåret i mnkr."))


class CommitteeSerializer(serializers.Serializer[Any]):
    committee = serializers.CharField(max_length=200, help_text=_("Nämndens namn eller förkortning."))
    outcome = _figure(help_text=_("Nettokostnad, utfall i tkr."))
    forecast = _figure(help_text=_("Nettokostnad, prognos i tkr."))


class InvestmentSerializer(serializers.Serializer[Any]):
    area = serializers.ChoiceField(choices=InvestmentArea.choices)
    committee = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    outcome = _figure(help_text=_("Utfall i tkr."))
    forecast = _figure(help_text=_("Prognos i tkr."))


class ReportOutcomeSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    kind = serializers.ChoiceField(
        choices=[(slug, ReportKind(kind).label) for kind, slug in KIND_SLUGS.items()],
        help_text=_("tertial (30 april), delar (31 augusti) eller helar (31 december)."),
    )
    lines = LineSerializer(many=True, required=False, default=list)
    committees = CommitteeSerializer(many=True, required=False, default=list)
    investments = InvestmentSerializer(many=True, required=False, default=list)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if sum(len(attrs[key]) for key in ("lines", "committees", "investments")) > MAX_ROWS:
            raise serializers.ValidationError(
                _("Högst %(max)d rader per anrop; dela upp dem i flera anrop.") % {"max": MAX_ROWS}
            )
        return attrs


class ReportOutcomeResultSerializer(serializers.Serializer[Any]):
    report = serializers.CharField()
    figures = serializers.IntegerField()
