"""Test data: every factory in one place."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group

from api.models import ApiToken
from budgets.models import (
    Basis,
    BudgetDocument,
    DocumentText,
    InvestmentArea,
    InvestmentBudget,
    OperatingBudget,
    StatedTotal,
    Statement,
    StatementAmount,
    StatementLine,
)
from goals.models import FocusArea, Goal, Indicator, Measurement, Target, Vision
from planning.models import Assignment
from portal.models import Committee, Membership, Municipality, ReportingPeriod, Role, User

TEST_PASSWORD = "rätt-lösenord-för-test"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    name = "Testkommun"


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Nämnd {n}")
    abbreviation = factory.Sequence(lambda n: f"N{n}")
    slug = factory.Sequence(lambda n: f"namnd-{n}")
    kind = Committee.Kind.COMMITTEE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            for role in extracted:
                # get_or_create: a transactional test before this one may have flushed the migration's groups.
                self.groups.add(Group.objects.get_or_create(name=Role(role))[0])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    committee = factory.SubFactory(CommitteeFactory)
    role = Membership.Role.REPORTER


# --- budgets ---


class BudgetDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetDocument
        django_get_or_create = ("year",)

    year = 2026
    title = factory.LazyAttribute(lambda o: f"Mål och budget {o.year}, plan {o.year + 1}–{o.year + 2}")
    plan_years = 2
    status = BudgetDocument.Status.ADOPTED


class DocumentTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentText

    document = factory.SubFactory(BudgetDocumentFactory)
    heading = factory.Sequence(lambda n: f"Rubrik {n}")
    body = "En text."
    sort_order = factory.Sequence(lambda n: n)


class StatementLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatementLine

    document = factory.SubFactory(BudgetDocumentFactory)
    statement = Statement.INCOME
    label = factory.Sequence(lambda n: f"Rad {n}")
    role = ""
    is_total = False
    sort_order = factory.Sequence(lambda n: n)


class StatementAmountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatementAmount

    line = factory.SubFactory(StatementLineFactory)
    year = 2026
    basis = Basis.BUDGET
    amount = Decimal(100)


class OperatingBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OperatingBudget

    document = factory.SubFactory(BudgetDocumentFactory)
    committee = factory.SubFactory(CommitteeFactory)
    year = 2026
    basis = Basis.BUDGET
    amount = Decimal(1000)


class InvestmentBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvestmentBudget

    document = factory.SubFactory(BudgetDocumentFactory)
    area = InvestmentArea.COMMITTEE
    committee = factory.SubFactory(CommitteeFactory)
    year = 2026
    amount = Decimal(500)


class StatedTotalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatedTotal

    document = factory.SubFactory(BudgetDocumentFactory)
    table = StatedTotal.Table.OPERATING
    label = "Summa kommunbidrag"
    year = 2026
    amount = Decimal(1000)


# --- goals ---


class VisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vision
        django_get_or_create = ("horizon_year",)

    text = "Testkommunen är en plats där alla trivs."
    horizon_year = 2040
    decision_reference = "KF 2018-03-28 § 55"
    decision_date = datetime.date(2018, 3, 28)


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    vision = factory.SubFactory(VisionFactory)
    name = factory.Sequence(lambda n: f"Fokusområde {n}")
    sort_order = factory.Sequence(lambda n: n)


class GoalFactory(factory.django.DjangoModelFactory):
    """A council goal; ``CommitteeGoalFactory`` makes a committee's."""

    class Meta:
        model = Goal

    level = Goal.Level.COUNCIL
    kind = Goal.Kind.FINANCIAL
    committee = None
    title = factory.Sequence(lambda n: f"Mål {n}")
    first_year = 2026
    sort_order = factory.Sequence(lambda n: n)


class CommitteeGoalFactory(GoalFactory):
    """An adopted committee goal (what a follow-up reports on); pass ``status=Goal.Status.DRAFT`` for a draft."""

    level = Goal.Level.COMMITTEE
    status = Goal.Status.ADOPTED
    kind = Goal.Kind.OTHER
    committee = factory.SubFactory(CommitteeFactory)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    goal = factory.SubFactory(GoalFactory)
    name = factory.Sequence(lambda n: f"Indikator {n}")
    unit = "%"
    decimals = 1
    source = Indicator.Source.MANUAL


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2026
    comparator = Target.Comparator.AT_LEAST
    value = Decimal(4)


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2026
    period = Measurement.Period.YEAR
    basis = Measurement.Basis.OUTCOME
    value = Decimal("4.4")
    source = "Test"


# --- api ---


def api_token(*, committee: Committee | None = None, name: str = "Integration") -> tuple[ApiToken, str]:
    """A key for the write API and its raw form (a committee's, or the strategist's without one)."""
    creator = UserFactory(username="nyckelskapare", roles=[Role.STRATEGIST])
    return ApiToken.issue(name=name, committee=committee, created_by=creator)


# --- planning ---


class AssignmentFactory(factory.django.DjangoModelFactory):
    """An assignment (uppdrag) from the council to a committee, for 2026."""

    class Meta:
        model = Assignment

    issuer = Assignment.Issuer.COUNCIL
    owner = factory.SubFactory(CommitteeFactory)
    title = factory.Sequence(lambda n: f"Uppdrag {n}")
    text = "Utred hur lokalerna kan användas effektivare."
    decision_reference = "KF 2025-11-26 § 150"
    year = 2026


# --- follow-ups ---


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    """Q1 2026, handed in by 24 April; open it with followups.services.period_open to get follow-ups."""

    class Meta:
        model = ReportingPeriod

    year = 2026
    kind = ReportingPeriod.Kind.Q1
    label = ""
    figures_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 3, 31))
    deadline = factory.LazyAttribute(lambda o: datetime.date(o.year, 4, 24))
    deviation_threshold_percent = Decimal(2)


# --- kolada ---


class KoladaBindingFactory(factory.django.DjangoModelFactory):
    """An efficiency index bound to its Kolada KPI, compared with the average of all municipalities."""

    class Meta:
        model = "kolada.KoladaBinding"

    indicator = factory.SubFactory(
        IndicatorFactory,
        source=Indicator.Source.EXTERNAL,
        external_id=factory.SelfAttribute("..kpi_id"),
        unit="",
        decimals=0,
        goal__kind=Goal.Kind.OPERATIONAL,
    )
    kpi_id = "U11901"
    comparison = "average"


class EmployerInitiativeFactory(factory.django.DjangoModelFactory):
    """A draft; ``published=True`` makes it public from now on, as initiative_publish does."""

    class Meta:
        model = "goals.EmployerInitiative"

    class Params:
        published = factory.Trait(
            status="published", publish_at=factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))
        )

    title = factory.Sequence(lambda n: f"Satsning {n}")
    slug = factory.Sequence(lambda n: f"satsning-{n}")
    summary = "Sammanfattning."
    category = "benefits"


# --- internal control ---


class RiskAnalysisFactory(factory.django.DjangoModelFactory):
    """A committee's draft risk analysis for 2026."""

    class Meta:
        model = "internalcontrol.RiskAnalysis"
        django_get_or_create = ("committee", "year")

    committee = factory.SubFactory(CommitteeFactory)
    year = 2026


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "internalcontrol.Risk"

    analysis = factory.SubFactory(RiskAnalysisFactory)
    title = factory.Sequence(lambda n: f"Risk {n}")
    description = "Något kan gå fel."
    consequence = 3
    probability = 2


class ControlPlanFactory(factory.django.DjangoModelFactory):
    """A committee's draft control plan for 2026."""

    class Meta:
        model = "internalcontrol.ControlPlan"
        django_get_or_create = ("committee", "year")

    committee = factory.SubFactory(CommitteeFactory)
    year = 2026


class ControlFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "internalcontrol.Control"

    plan = factory.SubFactory(ControlPlanFactory)
    risk = factory.SubFactory(
        RiskFactory, analysis__committee=factory.SelfAttribute("...plan.committee"), analysis__year=2026
    )
    title = factory.Sequence(lambda n: f"Kontrollmoment {n}")
    method = "Stickprov på tio ärenden."
    owner = "Ekonomichefen"
    frequency = "quarterly"
