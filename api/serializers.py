"""What the API says: the goals, budget documents and committees as JSON.

Budget documents are read through ``budgets.services.document_overview``, the
function the document page uses, so the API shows the page's figures and
ratios. The CSV downloads are written from these serializers' output.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from budgets.models import BudgetDocument
from fulfillment.models import FulfillmentReport, ReportRow
from goals.models import EmployerInitiative, FocusArea, Goal, Indicator, Measurement, Target, Vision
from portal.models import Committee, validate_year


def amount(**kwargs: Any) -> serializers.DecimalField:
    """A figure of a table (mnkr or tkr), two decimals, as a JSON number."""
    return serializers.DecimalField(max_digits=18, decimal_places=2, coerce_to_string=False, **kwargs)


def share(**kwargs: Any) -> serializers.DecimalField:
    """A ratio as a share (0.0436 is 4,36 %), six decimals, as a JSON number."""
    return serializers.DecimalField(max_digits=12, decimal_places=6, coerce_to_string=False, **kwargs)


def figure(**kwargs: Any) -> serializers.DecimalField:
    """A target or a figure a ratio used, four decimals, as a JSON number."""
    return serializers.DecimalField(max_digits=18, decimal_places=4, coerce_to_string=False, **kwargs)


class CommitteeSerializer(serializers.ModelSerializer[Committee]):
    class Meta:
        model = Committee
        fields = ["id", "name", "abbreviation", "slug", "kind"]


class FocusAreaSerializer(serializers.ModelSerializer[FocusArea]):
    class Meta:
        model = FocusArea
        fields = ["id", "name", "description"]


class VisionSerializer(serializers.ModelSerializer[Vision]):
    focus_areas = FocusAreaSerializer(many=True, read_only=True)

    class Meta:
        model = Vision
        fields = ["id", "text", "horizon_year", "decision_reference", "decision_date", "focus_areas"]


class TargetSerializer(serializers.ModelSerializer[Target]):
    value = figure(allow_null=True, read_only=True)
    tolerance = figure(allow_null=True, read_only=True)
    sentence = serializers.CharField(read_only=True, help_text=_("Målvärdet i ord, t.ex. ”Minst 4 %”."))

    class Meta:
        model = Target
        fields = [
            "year",
            "comparator",
            "value",
            "reference_description",
            "reference_indicator",
            "tolerance",
            "sentence",
        ]


class IndicatorSerializer(serializers.ModelSerializer[Indicator]):
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", "name", "unit", "direction", "decimals", "source", "ratio_key", "external_id", "targets"]


class CommitteeRefSerializer(serializers.ModelSerializer[Committee]):
    class Meta:
        model = Committee
        fields = ["id", "slug", "abbreviation", "name"]


class GoalSerializer(serializers.ModelSerializer[Goal]):
    committee = CommitteeRefSerializer(read_only=True, allow_null=True)
    focus_areas = FocusAreaSerializer(many=True, read_only=True)
    contributes_to: serializers.PrimaryKeyRelatedField[Goal] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text=_("Id för de av kommunfullmäktiges mål som målet bidrar till.")
    )
    indicators = IndicatorSerializer(many=True, read_only=True)
    fulfillment = serializers.SerializerMethodField(
        help_text=_(
            "Senast publicerade måluppfyllelse med förklaring. Alltid null tills årets måluppfyllelse "
            "sammanställs i portalen (kommer)."
        )
    )

    class Meta:
        model = Goal
        fields = [
            "id",
            "level",
            "kind",
            "status",
            "committee",
            "title",
            "description",
            "first_year",
            "last_year",
            "focus_areas",
            "contributes_to",
            "indicators",
            "fulfillment",
        ]

    @extend_schema_field({"type": "object", "nullable": True, "additionalProperties": True})
    def get_fulfillment(self, goal: Goal) -> dict[str, Any] | None:
        # The annual fulfillment is not built yet: never invent a status.
        return None

    def to_representation(self, instance: Goal) -> dict[str, Any]:
        """What the declared fields give (the schema is theirs), built directly: the generic field machinery
        took most of the goal list's time. tests/api/test_goal_representation.py checks that the two agree."""
        committee = instance.committee
        return {
            "id": instance.pk,
            "level": instance.level,
            "kind": instance.kind,
            "status": instance.status,
            "committee": None
            if committee is None
            else {
                "id": committee.pk,
                "slug": committee.slug,
                "abbreviation": committee.abbreviation,
                "name": committee.name,
            },
            "title": instance.title,
            "description": instance.description,
            "first_year": instance.first_year,
            "last_year": instance.last_year,
            "focus_areas": [
                {"id": area.pk, "name": area.name, "description": area.description}
                for area in instance.focus_areas.all()
            ],
            "contributes_to": [other.pk for other in instance.contributes_to.all()],
            "indicators": [_indicator(indicator) for indicator in instance.indicators.all()],
            "fulfillment": self.get_fulfillment(instance),
        }


_FIGURE = figure(allow_null=True, read_only=True)


def _figure(value: Any) -> Any:
    return None if value is None else _FIGURE.to_representation(value)


def _indicator(indicator: Indicator) -> dict[str, Any]:
    """IndicatorSerializer's output, built directly (see GoalSerializer.to_representation)."""
    return {
        "id": indicator.pk,
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "decimals": indicator.decimals,
        "source": indicator.source,
        "ratio_key": indicator.ratio_key,
        "external_id": indicator.external_id,
        "targets": [
            {
                "year": target.year,
                "comparator": target.comparator,
                "value": _figure(target.value),
                "reference_description": target.reference_description,
                "reference_indicator": target.reference_indicator_id,
                "tolerance": _figure(target.tolerance),
                "sentence": target.sentence,
            }
            for target in indicator.targets.all()
        ],
    }


class BudgetDocumentSerializer(serializers.ModelSerializer[BudgetDocument]):
    years = serializers.ListField(child=serializers.IntegerField(), read_only=True)

    class Meta:
        model = BudgetDocument
        fields = ["year", "title", "status", "plan_years", "years", "decision_reference", "decision_date"]


# --- the document's tables and ratios (plain dataclasses from budgets.services) ---


class ColumnSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    basis = serializers.CharField(help_text=_("budget, plan, outcome, forecast, eller tomt där tabellen saknar grund."))
    label = serializers.CharField()  # type: ignore[assignment]


class RowSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]
    is_total = serializers.BooleanField()
    is_heading = serializers.BooleanField()
    cells = serializers.ListField(child=amount(allow_null=True), help_text=_("Ett värde per kolumn; null saknas."))


class ShareRowSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]
    cells = serializers.ListField(child=share(allow_null=True))


class TableSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text=_("income, balance, cash_flow, operating eller investment."))
    title = serializers.CharField()
    unit = serializers.CharField(help_text=_("mnkr eller tkr."))
    columns = ColumnSerializer(many=True)
    rows = RowSerializer(many=True)
    share_rows = ShareRowSerializer(many=True)


class FigureSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]
    value = figure(allow_null=True)
    unit = serializers.CharField()


class RatioSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    value = share(allow_null=True)
    reason = serializers.CharField(help_text=_("Varför värdet saknas, annars tomt."))
    verdict = serializers.CharField()
    figures = FigureSerializer(many=True)


class RatioGroupSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    name = serializers.CharField()
    formula = serializers.CharField()
    kind = serializers.CharField(help_text=_("share (andel: 0,044 är 4,4 %) eller amount (mnkr)."))
    by_year = RatioSerializer(many=True)


class TextSerializer(serializers.Serializer[Any]):
    heading = serializers.CharField()
    html = serializers.CharField(help_text=_("Sanerad HTML."))


class BudgetDocumentDetailSerializer(serializers.Serializer[Any]):
    """A ``budgets.services.DocumentOverview``: the document, its five tables, key ratios and texts."""

    document = BudgetDocumentSerializer()
    statements = TableSerializer(many=True, help_text=_("Resultatbudget, balansbudget, kassaflödesbudget (mnkr)."))
    operating = TableSerializer(help_text=_("Driftbudget: kommunbidrag per nämnd (tkr)."))
    investment = TableSerializer(help_text=_("Investeringsbudget per nämnd och område (tkr)."))
    ratios = RatioGroupSerializer(many=True)
    texts = TextSerializer(many=True)


# --- writing measurements ---


class MeasurementItemSerializer(serializers.Serializer[Any]):
    indicator = serializers.IntegerField(min_value=1, max_value=2**53, help_text=_("Indikatorns id."))
    year = serializers.IntegerField(validators=[validate_year], help_text=_("Året, 2000–2100."))
    period = serializers.ChoiceField(choices=Measurement.Period.choices, default=Measurement.Period.YEAR)
    basis = serializers.ChoiceField(choices=Measurement.Basis.choices, default=Measurement.Basis.OUTCOME)
    value = serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True, coerce_to_string=False)
    reference_value = serializers.DecimalField(
        max_digits=16, decimal_places=4, allow_null=True, required=False, default=None, coerce_to_string=False
    )
    source = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")  # type: ignore[assignment]
    external_id = serializers.CharField(
        max_length=100, help_text=_("Ert id för värdet; samma id två gånger sparas en gång.")
    )


MAX_ITEMS = 500
# Lazy, so that the schema shows it in the language of the request that reads it.
ITEMS_HELP = lazy(lambda: gettext("En eller flera poster, högst %(max)d.") % {"max": MAX_ITEMS}, str)()


class MeasurementBatchSerializer(serializers.Serializer[Any]):
    items = MeasurementItemSerializer(
        many=True,
        allow_empty=False,
        help_text=ITEMS_HELP,
    )

    def validate_items(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if len(items) > MAX_ITEMS:
            raise serializers.ValidationError(
                _("Högst %(max)d poster per anrop; dela upp dem i flera anrop.") % {"max": MAX_ITEMS}
            )
        return items


class ItemResultSerializer(serializers.Serializer[Any]):
    index = serializers.IntegerField()
    external_id = serializers.CharField()
    measurement = serializers.IntegerField(allow_null=True)
    result = serializers.ChoiceField(choices=["created", "updated", "unchanged"])


class BatchResultSerializer(serializers.Serializer[Any]):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    items = ItemResultSerializer(many=True)


class ItemErrorSerializer(serializers.Serializer[Any]):
    index = serializers.IntegerField(
        allow_null=True, help_text=_("Postens plats i items, från 0; null för hela anropet.")
    )
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class ErrorSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
    errors = ItemErrorSerializer(many=True, required=False)  # type: ignore[assignment]


class KeyFigureSerializer(serializers.Serializer[Any]):
    label = serializers.CharField(help_text=_("T.ex. ”Friskvårdsbidrag”."))  # type: ignore[assignment]  # a field, not Field.label
    value = serializers.CharField(help_text=_("T.ex. ”2 200 kr”."))
    previous = serializers.CharField(allow_blank=True, help_text=_("Tidigare värde, t.ex. ”1 500 kr”; tomt om inget."))


class EmployerInitiativeSerializer(serializers.ModelSerializer[EmployerInitiative]):
    key_figures = KeyFigureSerializer(many=True, read_only=True)
    focus_areas = FocusAreaSerializer(many=True, read_only=True)
    goals: serializers.PrimaryKeyRelatedField[Goal] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text=_("Id för de antagna mål som satsningen bidrar till.")
    )
    published_at = serializers.DateTimeField(source="publish_at", read_only=True)

    class Meta:
        model = EmployerInitiative
        fields = [
            "slug",
            "title",
            "category",
            "summary",
            "body",
            "key_figures",
            "focus_areas",
            "goals",
            "contact",
            "published_at",
        ]


class ReportRowSerializer(serializers.ModelSerializer[ReportRow]):
    class Meta:
        model = ReportRow
        fields = [
            "kind",
            "subject_id",
            "parent_id",
            "title",
            "level",
            "goal_kind",
            "committee",
            "status",
            "explanation",
        ]


class FulfillmentReportSerializer(serializers.ModelSerializer[FulfillmentReport]):
    as_of: serializers.StringRelatedField[Any] = serializers.StringRelatedField(
        read_only=True, allow_null=True, help_text=_("Perioden sammanställningen avser; null: hela året.")
    )

    class Meta:
        model = FulfillmentReport
        fields = ["id", "year", "as_of", "version", "published_at", "counting", "verdict_met", "verdict_text"]


class FulfillmentReportDetailSerializer(FulfillmentReportSerializer):
    rows = serializers.SerializerMethodField(help_text=_("Fokusområden, mål och indikatorer med måluppfyllelse."))

    class Meta(FulfillmentReportSerializer.Meta):
        fields = [*FulfillmentReportSerializer.Meta.fields, "rows"]

    @extend_schema_field(ReportRowSerializer(many=True))
    def get_rows(self, report: FulfillmentReport) -> list[dict[str, Any]]:
        rows = ReportRow.objects.filter(report=report, generation=report.generation).order_by("position")
        return list(ReportRowSerializer(rows, many=True).data)
