"""A large synthetic municipality for the benchmark, deterministic from a seed number.

At scale 1: 25 committees, 50 council goals, 1 250 committee goals (each contributing to
council goals and serving focus areas), 6 250 indicators with a target per year, five
years of quarterly reporting periods with 125 000 measurements, 500 follow-ups with
25 000 assessments, and an adopted budget document per year with its statements,
operating and investment budgets for every committee.

Everything is written with plain ``bulk_create`` in batches. The history that
django-simple-history keeps for measurements and follow-up sections is not written
(``bulk_create_with_history`` would double the rows): the data is synthetic, and no page
the benchmark measures reads that history for it. Nothing here is real: the municipality
is named "Syntetisk storkommun (testdata)" and every title says "syntetisk".
"""

from __future__ import annotations

import datetime
import hashlib
import random
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.models import Group
from django.db import models, transaction

from budgets.example import STATEMENTS
from budgets.models import (
    Basis,
    BudgetDocument,
    InvestmentArea,
    InvestmentBudget,
    OperatingBudget,
    StatedTotal,
    StatementAmount,
    StatementLine,
)
from followups.models import Assessment, FinancialOutcome, FollowUp, IndicatorValue, InvestmentOutcome, KeyEvents
from fulfillment import inputs
from goals.models import FocusArea, Goal, Indicator, Measurement, Target, Vision
from goals.status import Status
from goals.targets import Comparator
from portal.models import Committee, Membership, Municipality, ReportingPeriod, Role, User

M = TypeVar("M", bound=models.Model)

MUNICIPALITY_NAME = "Syntetisk storkommun (testdata)"
BATCH_SIZE = 2000
LAST_YEAR = 2026
YEARS = 5
INDICATORS_PER_GOAL = 5
FOCUS_AREAS = ("Livskvalitet", "Lärande", "Hållbar tillväxt", "Trygghet", "Attraktiv arbetsgivare")
THEMES = (
    "delaktighet",
    "kvalitet i verksamheten",
    "kortare väntetider",
    "hållbar energi",
    "digital service",
    "trygg uppväxt",
    "goda resultat i skolan",
    "fler i arbete",
    "minskad klimatpåverkan",
    "effektiv förvaltning",
)
UNITS = ("%", "antal", "kr", "index", "dagar")
PERIOD_DATES = {
    # kind: (figures date, deadline) as (month, day); the annual deadline falls the next year.
    ReportingPeriod.Kind.Q1: ((3, 31), (4, 20)),
    ReportingPeriod.Kind.Q2: ((6, 30), (8, 20)),
    ReportingPeriod.Kind.Q3: ((9, 30), (10, 20)),
    ReportingPeriod.Kind.ANNUAL: ((12, 31), (2, 15)),
}
MEASUREMENT_PERIODS = (
    Measurement.Period.Q1,
    Measurement.Period.Q2,
    Measurement.Period.Q3,
    Measurement.Period.YEAR,
)
STATUSES = (Status.FULFILLED, Status.FULFILLED, Status.PARTLY, Status.NOT_FULFILLED, Status.NOT_ASSESSED)

# The benchmark's users: one per role, the committee roles in the first committee.
USERS = {
    "strategist": ("bench-strateg", [Role.STRATEGIST]),
    "manager": ("bench-chef", [Role.MANAGER]),
    "hr_editor": ("bench-hr", [Role.HR_EDITOR]),
    "viewer": ("bench-ledamot", [Role.VIEWER]),
    "reporter": ("bench-rapportor", []),
    "approver": ("bench-godkannare", []),
}


@dataclass(frozen=True)
class Size:
    """How much to make; ``Size.at(1)`` is the large municipality of issue 10."""

    committees: int
    council_goals: int
    goals_per_committee: int
    indicators_per_goal: int
    years: int

    @classmethod
    def at(cls, scale: float) -> Size:
        """Scales the committees down to two, then the goals per committee; the shape stays the same."""
        if scale <= 0:
            raise ValueError("scale must be above 0")
        committees = max(2, round(25 * scale))
        return cls(
            committees=committees,
            council_goals=max(4, round(50 * scale)),
            goals_per_committee=max(2, round(1250 * scale / committees)),
            indicators_per_goal=INDICATORS_PER_GOAL,
            years=YEARS,
        )

    @property
    def first_year(self) -> int:
        return LAST_YEAR - self.years + 1

    def expected(self) -> dict[str, int]:
        """The number of rows the generator makes, by what they are."""
        goals = self.committees * self.goals_per_committee
        indicators = goals * self.indicators_per_goal
        periods = self.years * len(PERIOD_DATES)
        followups = self.committees * periods
        return {
            "committees": self.committees,
            "council_goals": self.council_goals,
            "committee_goals": goals,
            "indicators": indicators,
            "targets": indicators * self.years,
            "reporting_periods": periods,
            "measurements": indicators * periods,
            "followups": followups,
            "assessments": followups * self.goals_per_committee,
            "budget_documents": self.years,
        }


def counts() -> dict[str, int]:
    """What the database holds now, in the keys of ``Size.expected``."""
    return {
        "committees": Committee.objects.exclude(kind=Committee.Kind.COUNCIL).count(),
        "council_goals": Goal.objects.council().count(),
        "committee_goals": Goal.objects.filter(level=Goal.Level.COMMITTEE).count(),
        "indicators": Indicator.objects.count(),
        "targets": Target.objects.count(),
        "reporting_periods": ReportingPeriod.objects.count(),
        "measurements": Measurement.objects.count(),
        "followups": FollowUp.objects.count(),
        "assessments": Assessment.objects.count(),
        "budget_documents": BudgetDocument.objects.count(),
    }


def _bulk(model: type[M], objects: Sequence[M]) -> list[M]:
    return model._default_manager.bulk_create(objects, batch_size=BATCH_SIZE)


def _amount(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low, high))


def _value(rng: random.Random) -> Decimal:
    return Decimal(rng.randint(0, 10000)) / 10


@transaction.atomic
def generate(*, seed: int = 1, scale: float = 1.0) -> dict[str, Any]:
    """Writes the synthetic municipality into an empty database; returns its size and the benchmark's objects.

    The same seed and scale give the same data (``digest`` says so), whatever the primary keys.
    """
    rng = random.Random(seed)
    size = Size.at(scale)
    years = list(range(size.first_year, LAST_YEAR + 1))

    Municipality.objects.update_or_create(pk=1, defaults={"name": MUNICIPALITY_NAME})

    council = Committee.objects.create(
        name="Kommunfullmäktige (syntetisk)", abbreviation="KF", slug="kf", kind=Committee.Kind.COUNCIL
    )
    committees = _bulk(
        Committee,
        [
            Committee(
                name=f"Syntetisk nämnd {number:02d}",
                abbreviation=f"SN{number:02d}",
                slug=f"syntetisk-namnd-{number:02d}",
                kind=Committee.Kind.EXECUTIVE_BOARD if number == 1 else Committee.Kind.COMMITTEE,
                sort_order=number,
            )
            for number in range(1, size.committees + 1)
        ],
    )
    # bulk_create sets primary keys on SQLite and PostgreSQL; read them back to be sure on any database.
    committees = list(Committee.objects.exclude(pk=council.pk).order_by("sort_order"))

    vision = Vision.objects.create(
        text="Syntetisk vision: en kommun där det är gott att leva (testdata).",
        horizon_year=2040,
        decision_reference="KF 2020-01-01 § 1 (syntetisk)",
        decision_date=datetime.date(2020, 1, 1),
    )
    _bulk(
        FocusArea,
        [FocusArea(vision=vision, name=name, sort_order=order) for order, name in enumerate(FOCUS_AREAS, 1)],
    )
    focus_areas = list(vision.focus_areas.order_by("sort_order"))

    kinds = [Goal.Kind.FINANCIAL] * 3 + [Goal.Kind.OPERATIONAL] * 6
    _bulk(
        Goal,
        [
            Goal(
                level=Goal.Level.COUNCIL,
                kind=kinds[number - 1] if number <= len(kinds) else Goal.Kind.OVERARCHING,
                status=Goal.Status.ADOPTED,
                title=f"Kommunfullmäktiges mål {number}: {THEMES[number % len(THEMES)]} (syntetiskt)",
                first_year=size.first_year,
                sort_order=number,
            )
            for number in range(1, size.council_goals + 1)
        ],
    )
    council_goals = list(Goal.objects.council().order_by("sort_order"))
    Goal.focus_areas.through.objects.bulk_create(
        [
            Goal.focus_areas.through(goal_id=goal.pk, focusarea_id=focus_areas[i % len(focus_areas)].pk)
            for i, goal in enumerate(council_goals)
        ]
    )

    _bulk(
        Goal,
        [
            Goal(
                level=Goal.Level.COMMITTEE,
                kind=Goal.Kind.OTHER,
                status=Goal.Status.ADOPTED,
                committee=committee,
                title=f"{committee.abbreviation} mål {number}: {rng.choice(THEMES)} (syntetiskt)",
                description="Syntetiskt nämndmål för prestandamätning.",
                first_year=size.first_year,
                sort_order=number,
            )
            for committee in committees
            for number in range(1, size.goals_per_committee + 1)
        ],
    )
    goals = list(Goal.objects.filter(level=Goal.Level.COMMITTEE).order_by("committee__sort_order", "sort_order"))
    contributions = []
    served = []
    for goal in goals:
        for council_goal in rng.sample(council_goals, rng.randint(1, 2)):
            contributions.append(Goal.contributes_to.through(from_goal_id=goal.pk, to_goal_id=council_goal.pk))
        for area in rng.sample(focus_areas, rng.randint(1, 2)):
            served.append(Goal.focus_areas.through(goal_id=goal.pk, focusarea_id=area.pk))
    Goal.contributes_to.through.objects.bulk_create(contributions, batch_size=BATCH_SIZE)
    Goal.focus_areas.through.objects.bulk_create(served, batch_size=BATCH_SIZE)

    _bulk(
        Indicator,
        [
            Indicator(
                goal=goal,
                name=f"Indikator {number} för {goal.committee.abbreviation if goal.committee else ''} "
                f"mål {goal.sort_order} (syntetisk)",
                unit=rng.choice(UNITS),
                direction=rng.choice(Indicator.Direction.values),
                sort_order=number,
            )
            for goal in goals
            for number in range(1, size.indicators_per_goal + 1)
        ],
    )
    indicators = list(Indicator.objects.order_by("goal__committee__sort_order", "goal__sort_order", "sort_order"))

    targets = []
    measurements = []
    for indicator in indicators:
        base = rng.randint(100, 9000)
        for year in years:
            comparator = Comparator.AT_MOST if indicator.direction == "lower" else Comparator.AT_LEAST
            targets.append(
                Target(
                    indicator=indicator,
                    year=year,
                    comparator=comparator,
                    value=Decimal(base) / 10,
                    tolerance=Decimal(base) / 100,
                )
            )
            for period in MEASUREMENT_PERIODS:
                measurements.append(
                    Measurement(
                        indicator=indicator,
                        year=year,
                        period=period,
                        basis=Measurement.Basis.OUTCOME,
                        value=Decimal(base + rng.randint(-1500, 1500)) / 10,
                        reference_value=Decimal(base) / 10,
                        source="Syntetisk källa",
                    )
                )
    _bulk(Target, targets)
    _bulk(Measurement, measurements)
    del targets, measurements

    periods = []
    for year in years:
        for kind, ((month, day), (deadline_month, deadline_day)) in PERIOD_DATES.items():
            deadline_year = year + 1 if kind == ReportingPeriod.Kind.ANNUAL else year
            periods.append(
                ReportingPeriod(
                    year=year,
                    kind=kind,
                    figures_date=datetime.date(year, month, day),
                    deadline=datetime.date(deadline_year, deadline_month, deadline_day),
                    is_sample=True,
                )
            )
    _bulk(ReportingPeriod, periods)
    periods = list(ReportingPeriod.objects.order_by("figures_date"))
    open_period = periods[-1]
    ReportingPeriod.objects.filter(pk=open_period.pk).update(is_open=True)

    operating = _budgets(rng, size=size, committees=committees, years=years)

    _bulk(
        FollowUp,
        [
            FollowUp(
                period=period,
                committee=committee,
                state=FollowUp.State.DRAFT if period == open_period else FollowUp.State.PUBLISHED,
                decision_reference=""
                if period == open_period
                else f"{committee.abbreviation} {period.deadline.isoformat()} § {committee.sort_order}",
            )
            for period in periods
            for committee in committees
        ],
    )
    followups = list(
        FollowUp.objects.select_related("period").order_by("period__figures_date", "committee__sort_order")
    )
    goals_by_committee: dict[int, list[Goal]] = {}
    for goal in goals:
        goals_by_committee.setdefault(goal.committee_id or 0, []).append(goal)
    indicators_by_committee: dict[int, list[Indicator]] = {}
    goal_committee = {goal.pk: goal.committee_id or 0 for goal in goals}
    for indicator in indicators:
        indicators_by_committee.setdefault(goal_committee[indicator.goal_id], []).append(indicator)

    assessments = []
    for followup in followups:
        is_annual = followup.period.kind == ReportingPeriod.Kind.ANNUAL
        for goal in goals_by_committee[followup.committee_id]:
            assessments.append(
                Assessment(
                    followup=followup,
                    goal=goal,
                    status=rng.choice(STATUSES),
                    forecast_status="" if is_annual else rng.choice(STATUSES),
                    analysis="Syntetisk analys: utvecklingen följer plan i stort, med avvikelser som beskrivs.",
                    measures="Syntetiska åtgärder.",
                )
            )
    _bulk(Assessment, assessments)
    del assessments
    # Indicator values only for the open period's drafts: an accepted follow-up's values became measurements.
    _bulk(
        IndicatorValue,
        [
            IndicatorValue(followup=followup, indicator=indicator, value=_value(rng))
            for followup in followups
            if followup.period_id == open_period.pk
            for indicator in indicators_by_committee[followup.committee_id]
        ],
    )
    _bulk(
        FinancialOutcome,
        [
            FinancialOutcome(
                followup=followup,
                budget=operating.get((followup.committee_id, followup.period.year)),
                net_cost_to_date=_amount(rng, 10_000, 900_000),
                forecast=operating.get((followup.committee_id, followup.period.year)),
            )
            for followup in followups
        ],
    )
    _bulk(InvestmentOutcome, [InvestmentOutcome(followup=followup) for followup in followups])
    _bulk(KeyEvents, [KeyEvents(followup=followup, text="Syntetiska händelser.") for followup in followups])

    users = _users(committees[0])
    inputs.changed()  # bulk_create sends no post_save: the live fulfillment must not outlive this data
    return {"size": asdict(size), "users": {role: user.pk for role, user in users.items()}}


def _budgets(
    rng: random.Random, *, size: Size, committees: list[Committee], years: list[int]
) -> dict[tuple[int, int], Decimal]:
    """An adopted "Mål och budget" per year with its plan years; returns the operating budget by (committee, year)."""
    _bulk(
        BudgetDocument,
        [
            BudgetDocument(
                year=year,
                title=f"Mål och budget {year}, plan {year + 1}–{year + 2} (syntetisk)",
                status=BudgetDocument.Status.ADOPTED,
                decision_reference=f"KF {year - 1}-11-25 § 100 (syntetisk)",
                decision_date=datetime.date(year - 1, 11, 25),
            )
            for year in years
        ],
    )
    documents = list(BudgetDocument.objects.order_by("year"))
    lines = []
    for document in documents:
        for statement, rows in STATEMENTS.items():
            for order, (label, role, is_total, _figures) in enumerate(rows, 1):
                lines.append(
                    StatementLine(
                        document=document,
                        statement=statement,
                        label=label,
                        role=role,
                        is_total=is_total,
                        sort_order=order,
                    )
                )
    _bulk(StatementLine, lines)
    figures = {
        (statement, label): row[3] for statement, rows in STATEMENTS.items() for row in rows for label in [row[0]]
    }
    amounts = []
    for line in StatementLine.objects.select_related("document").order_by("pk"):
        for offset, figure in enumerate(figures[(line.statement, line.label)]):
            # Three times Alingsås: a large municipality's statements, consistent in themselves.
            amounts.append(
                StatementAmount(
                    line=line,
                    year=line.document.year + offset,
                    basis=Basis.BUDGET if offset == 0 else Basis.PLAN,
                    amount=Decimal(figure * 3),
                )
            )
    _bulk(StatementAmount, amounts)

    operating: dict[tuple[int, int], Decimal] = {}
    operating_rows = []
    investment_rows = []
    totals = []
    for document in documents:
        plan_years = document.years
        for year in plan_years:
            operating_sum = Decimal(0)
            for committee in committees:
                amount = _amount(rng, 50_000, 1_500_000)
                operating_sum += amount
                operating_rows.append(
                    OperatingBudget(
                        document=document,
                        committee=committee,
                        year=year,
                        basis=Basis.BUDGET if year == document.year else Basis.PLAN,
                        amount=amount,
                    )
                )
                if year == document.year:
                    operating[(committee.pk, year)] = amount
            totals.append(
                StatedTotal(
                    document=document,
                    table=StatedTotal.Table.OPERATING,
                    label="Summa kommunbidrag",
                    year=year,
                    amount=operating_sum,
                )
            )
        for year in range(document.year, document.year + 5):
            investment_sum = Decimal(0)
            for committee in committees:
                amount = _amount(rng, 0, 200_000)
                investment_sum += amount
                investment_rows.append(
                    InvestmentBudget(
                        document=document, area=InvestmentArea.COMMITTEE, committee=committee, year=year, amount=amount
                    )
                )
            for area in (InvestmentArea.FINANCIAL_LEASING, InvestmentArea.WATER, InvestmentArea.WASTE):
                amount = _amount(rng, 10_000, 500_000)
                investment_sum += amount
                investment_rows.append(InvestmentBudget(document=document, area=area, year=year, amount=amount))
            totals.append(
                StatedTotal(
                    document=document,
                    table=StatedTotal.Table.INVESTMENT,
                    label="Summa investeringar",
                    year=year,
                    amount=investment_sum,
                )
            )
    _bulk(OperatingBudget, operating_rows)
    _bulk(InvestmentBudget, investment_rows)
    _bulk(StatedTotal, totals)
    return operating


def _users(committee: Committee) -> dict[str, User]:
    """One user per role; the reporter and approver in ``committee``. They sign in only by force_login."""
    users = {}
    for key, (username, roles) in USERS.items():
        user = User(username=username, first_name="Syntetisk", last_name=key)
        user.set_unusable_password()
        user.save()
        for role in roles:
            user.groups.add(Group.objects.get_or_create(name=role)[0])
        users[key] = user
    Membership.objects.create(user=users["reporter"], committee=committee, role=Membership.Role.REPORTER)
    Membership.objects.create(user=users["approver"], committee=committee, role=Membership.Role.APPROVER)
    return users


def _hash_rows(hasher: Any, rows: Iterable[Iterable[object]]) -> None:
    for row in rows:
        hasher.update("\x1f".join("" if value is None else str(value) for value in row).encode())
        hasher.update(b"\x1e")


def digest() -> str:
    """SHA-256 of the synthetic data by natural keys (names, years, values): equal for equal data, whatever the pks."""
    hasher = hashlib.sha256()
    _hash_rows(hasher, Committee.objects.order_by("slug").values_list("slug", "name", "kind"))
    _hash_rows(
        hasher,
        Goal.objects.order_by("level", "committee__slug", "sort_order").values_list(
            "level", "committee__slug", "title", "kind", "sort_order"
        ),
    )
    _hash_rows(
        hasher,
        Goal.contributes_to.through.objects.order_by("from_goal__title", "to_goal__title").values_list(
            "from_goal__title", "to_goal__title"
        ),
    )
    _hash_rows(
        hasher,
        Goal.focus_areas.through.objects.order_by("goal__title", "focusarea__name").values_list(
            "goal__title", "focusarea__name"
        ),
    )
    _hash_rows(
        hasher,
        Indicator.objects.order_by("goal__title", "name").values_list("goal__title", "name", "unit", "direction"),
    )
    _hash_rows(
        hasher,
        Target.objects.order_by("indicator__name", "indicator__goal__title", "year").values_list(
            "indicator__name", "year", "comparator", "value", "tolerance"
        ),
    )
    _hash_rows(
        hasher,
        Measurement.objects.order_by("indicator__goal__title", "indicator__name", "year", "period").values_list(
            "indicator__name", "year", "period", "basis", "value", "reference_value"
        ),
    )
    _hash_rows(
        hasher,
        Assessment.objects.order_by("followup__period__figures_date", "goal__title").values_list(
            "followup__period__figures_date", "goal__title", "status", "forecast_status"
        ),
    )
    _hash_rows(
        hasher,
        OperatingBudget.objects.order_by("document__year", "committee__slug", "year").values_list(
            "document__year", "committee__slug", "year", "amount"
        ),
    )
    _hash_rows(
        hasher,
        InvestmentBudget.objects.order_by("document__year", "area", "committee__slug", "year").values_list(
            "document__year", "area", "committee__slug", "year", "amount"
        ),
    )
    return hasher.hexdigest()
