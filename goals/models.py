"""The council's vision and goals, the committees' goals that break them down,
and the indicators, targets and measurements that say how they go.

A council goal has no committee; a committee goal has one and contributes to
council goals (the cascade). An indicator says where its values come from:
entered by hand, computed from the budget (a ratio key that the budgets app
computes), or fetched as an external key figure (a Kolada KPI id). A figure
that nobody has entered is absent, never zero.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords  # type: ignore[import-untyped]

from goals.fulfillment import GoalRule, MajorityCounting
from goals.fulfillment import Status as FulfillmentStatus
from goals.targets import Comparator, target_sentence
from portal.access import RoleSet, roles_for
from portal.models import Committee, Membership, ReportingPeriod, Role, User


class VisionQuerySet(models.QuerySet["Vision"]):
    def current(self) -> Vision | None:
        """The vision in force: the one adopted last."""
        return self.order_by(models.F("decision_date").desc(nulls_last=True), "-horizon_year").first()


class Vision(models.Model):
    """The council's long-term vision, e.g. "Vision 2040"."""

    text = models.TextField(_("visionstext"))
    horizon_year = models.PositiveSmallIntegerField(_("målår"), help_text=_("Året visionen siktar mot, t.ex. 2040."))
    decision_reference = models.CharField(
        _("beslut"), max_length=100, blank=True, help_text=_("Fullmäktiges beslut, t.ex. KF 2018-03-28 § 55.")
    )
    decision_date = models.DateField(_("beslutsdatum"), null=True, blank=True)

    objects = VisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("vision")
        verbose_name_plural = _("visioner")
        ordering = ["-horizon_year"]
        constraints = [
            models.UniqueConstraint(fields=["horizon_year"], name="vision_unique_horizon_year"),
        ]

    def __str__(self) -> str:
        return gettext("Vision %(year)d") % {"year": self.horizon_year}


class FocusArea(models.Model):
    """One of the vision's focus areas (fokusområden)."""

    vision = models.ForeignKey(Vision, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("vision"))
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    sort_order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområden")
        ordering = ["vision", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["vision", "name"], name="focusarea_unique_vision_name"),
        ]

    def __str__(self) -> str:
        return self.name


class GoalQuerySet(models.QuerySet["Goal"]):
    def council(self) -> GoalQuerySet:
        """The council's own goals (kommunfullmäktiges mål)."""
        return self.filter(level=Goal.Level.COUNCIL)

    def adopted(self) -> GoalQuerySet:
        """Goals that have been adopted: the only ones shown outside the portal."""
        return self.filter(status=Goal.Status.ADOPTED)

    def for_committee(self, committee: Committee) -> GoalQuerySet:
        """One committee's goals (nämndmål)."""
        return self.filter(level=Goal.Level.COMMITTEE, committee=committee)

    def for_year(self, year: int) -> GoalQuerySet:
        """Goals in force during the year."""
        return self.filter(first_year__lte=year).filter(
            models.Q(last_year__isnull=True) | models.Q(last_year__gte=year)
        )

    def with_indicators(self) -> GoalQuerySet:
        """Goals with their focus areas, indicators and targets: three queries more, whatever the number of goals."""
        return self.prefetch_related(
            "focus_areas",
            models.Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related(
                    models.Prefetch("targets", queryset=Target.objects.select_related("reference_indicator"))
                ),
            ),
        )


class Goal(models.Model):
    """A goal of the council or of a committee."""

    class Level(models.TextChoices):
        COUNCIL = "council", _("Kommunfullmäktiges mål")
        COMMITTEE = "committee", _("Nämndmål")

    class Kind(models.TextChoices):
        # In the order the goals are presented.
        OVERARCHING = "overarching", _("Övergripande mål")
        FINANCIAL = "financial", _("Finansiellt mål för god ekonomisk hushållning")
        OPERATIONAL = "operational", _("Verksamhetsmål för god ekonomisk hushållning")
        OTHER = "other", _("Övrigt mål")

    class Status(models.TextChoices):
        # Only adopted goals are shown outside the portal (the public site, the open API).
        DRAFT = "draft", _("Utkast")
        ADOPTED = "adopted", _("Antaget")

    level = models.CharField(_("nivå"), max_length=20, choices=Level.choices)
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("nämnd"),
        help_text=_("Nämndmål har en nämnd; kommunfullmäktiges mål har ingen."),
    )
    title = models.CharField(_("mål"), max_length=500)
    description = models.TextField(_("beskrivning"), blank=True)
    first_year = models.PositiveSmallIntegerField(_("gäller från år"))
    last_year = models.PositiveSmallIntegerField(
        _("gäller till och med år"), null=True, blank=True, help_text=_("Tomt: gäller tills vidare.")
    )
    focus_areas = models.ManyToManyField(FocusArea, blank=True, related_name="goals", verbose_name=_("fokusområden"))
    contributes_to = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="contributions",
        limit_choices_to={"level": Level.COUNCIL},
        verbose_name=_("bidrar till"),
        help_text=_("De av kommunfullmäktiges mål som nämndmålet bidrar till."),
    )
    fulfillment_rule = models.CharField(
        _("hur måluppfyllelsen bedöms"),
        max_length=20,
        choices=GoalRule.choices,
        default=GoalRule.INDICATORS,
        help_text=_(
            "Ett mål utan indikatorer som nämndmål bidrar till bedöms från dem, även när indikatorerna är valda."
        ),
    )
    sort_order = models.PositiveIntegerField(_("ordning"), default=0)

    objects = GoalQuerySet.as_manager()

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = pgettext_lazy("plural", "mål")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="council", committee__isnull=True)
                | models.Q(level="committee", committee__isnull=False),
                name="goal_committee_iff_committee_level",
            ),
            models.CheckConstraint(
                condition=models.Q(last_year__isnull=True) | models.Q(last_year__gte=models.F("first_year")),
                name="goal_last_year_not_before_first_year",
            ),
            models.UniqueConstraint(
                fields=["title", "first_year"],
                condition=models.Q(level="council"),
                name="goal_unique_council_title_first_year",
            ),
            models.UniqueConstraint(
                fields=["committee", "title", "first_year"],
                condition=models.Q(level="committee"),
                name="goal_unique_committee_title_first_year",
            ),
        ]
        indexes = [
            models.Index(fields=["level", "kind", "sort_order"], name="goal_level_kind_order_idx"),
            models.Index(fields=["first_year", "last_year"], name="goal_years_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_council_goal(self) -> bool:
        return self.level == self.Level.COUNCIL


class Indicator(models.Model):
    """What is measured to follow a goal (nyckeltal)."""

    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "higher", _("Högre är bättre")
        LOWER_IS_BETTER = "lower", _("Lägre är bättre")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Registreras för hand")
        BUDGET_RATIO = "budget_ratio", _("Nyckeltal ur budgeten")
        EXTERNAL = "external", _("Externt nyckeltal")

    class RatioKey(models.TextChoices):
        # The keys the budgets app computes; named here so that goals need not import budgets' code.
        RESULT_RATIO = "result_ratio", _("Årets resultat i förhållande till skatteintäkter och generella statsbidrag")
        EQUITY_RATIO = "equity_ratio", _("Soliditet")
        SELF_FINANCING_RATIO = "self_financing_ratio", _("Självfinansieringsgrad av skattefinansierade investeringar")
        NET_COST_GROWTH = "net_cost_growth", _("Nettokostnadsutveckling")
        TAX_INCOME_GROWTH = "tax_income_growth", _("Utveckling av skatteintäkter och generella statsbidrag")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("mål"))
    name = models.CharField(_("namn"), max_length=300)
    unit = models.CharField(_("enhet"), max_length=30, blank=True, help_text=_("T.ex. %, kr, index."))
    direction = models.CharField(
        _("riktning"), max_length=10, choices=Direction.choices, default=Direction.HIGHER_IS_BETTER
    )
    decimals = models.PositiveSmallIntegerField(_("antal decimaler"), default=1)
    source = models.CharField(_("källa"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    ratio_key = models.CharField(
        _("nyckeltal ur budgeten"),
        max_length=40,
        choices=RatioKey.choices,
        blank=True,
        help_text=_("Anges när källan är ett nyckeltal ur budgeten."),
    )
    external_id = models.CharField(
        _("externt id"),
        max_length=40,
        blank=True,
        help_text=_("Nyckeltalets id i den externa källan, t.ex. Koladas U11901."),
    )
    sort_order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["goal", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "name"], name="indicator_unique_goal_name"),
            models.CheckConstraint(
                condition=models.Q(source="budget_ratio") & ~models.Q(ratio_key="")
                | ~models.Q(source="budget_ratio") & models.Q(ratio_key=""),
                name="indicator_ratio_key_iff_budget_ratio",
            ),
            models.CheckConstraint(
                condition=models.Q(source="external") | models.Q(external_id=""),
                name="indicator_external_id_only_for_external",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TargetQuerySet(models.QuerySet["Target"]):
    def for_year(self, year: int) -> TargetQuerySet:
        """Targets set for the year."""
        return self.filter(year=year)


class Target(models.Model):
    """What an indicator should reach in a year (målvärde)."""

    Comparator = Comparator

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indikator")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    comparator = models.CharField(_("jämförelse"), max_length=30, choices=Comparator.choices)
    value = models.DecimalField(_("målvärde"), max_digits=16, decimal_places=4, null=True, blank=True)
    reference_indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referenced_by_targets",
        verbose_name=_("jämförs med indikator"),
    )
    reference_description = models.CharField(
        _("jämförs med"),
        max_length=300,
        blank=True,
        help_text=_(
            "Vad målvärdet avser eller jämförs med, t.ex. ”av skatteintäkter och generella statsbidrag” "
            "eller ”genomsnittet för Sveriges kommuner”."
        ),
    )
    tolerance = models.DecimalField(
        _("tolerans"),
        max_digits=16,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Hur långt från målvärdet som räknas som delvis uppfyllt."),
    )

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("målvärde")
        verbose_name_plural = _("målvärden")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="target_unique_indicator_year"),
            models.CheckConstraint(
                condition=models.Q(comparator__in=["at_least", "at_most"], value__isnull=False)
                | ~models.Q(comparator__in=["at_least", "at_most"]) & models.Q(value__isnull=True),
                name="target_value_iff_at_least_or_at_most",
            ),
            models.CheckConstraint(
                condition=models.Q(comparator="not_faster_than", reference_indicator__isnull=False)
                | ~models.Q(comparator="not_faster_than") & models.Q(reference_indicator__isnull=True),
                name="target_reference_indicator_iff_not_faster_than",
            ),
            models.CheckConstraint(
                condition=models.Q(tolerance__isnull=True) | models.Q(tolerance__gte=0),
                name="target_tolerance_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.sentence}"

    @property
    def sentence(self) -> str:
        """The target in words: "Minst 4 % av skatteintäkter och generella statsbidrag"."""
        return target_sentence(
            comparator=self.comparator,
            value=self.value,
            unit=self.indicator.unit,
            reference=self.reference_description
            or (self.reference_indicator.name if self.reference_indicator_id and self.reference_indicator else ""),
        )


class MeasurementQuerySet(models.QuerySet["Measurement"]):
    def for_year(self, year: int) -> MeasurementQuerySet:
        """Measurements of the year, every period and basis."""
        return self.filter(year=year)


class Measurement(models.Model):
    """A value of an indicator for a year and period (utfall, prognos or budget).

    One current row per indicator, year, period and basis; every earlier value
    is kept in its history (django-simple-history), with who changed it.
    """

    class Period(models.TextChoices):
        YEAR = "year", _("Helår")
        Q1 = "Q1", _("Kvartal 1")
        Q2 = "Q2", _("Kvartal 2 (delår)")
        Q3 = "Q3", _("Kvartal 3")
        Q4 = "Q4", _("Kvartal 4")

    class Basis(models.TextChoices):
        OUTCOME = "outcome", _("Utfall")
        FORECAST = "forecast", _("Prognos")
        BUDGET = "budget", _("Budget")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("indikator")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    period = models.CharField(_("period"), max_length=10, choices=Period.choices, default=Period.YEAR)
    basis = models.CharField(_("grund"), max_length=20, choices=Basis.choices, default=Basis.OUTCOME)
    value = models.DecimalField(
        _("värde"), max_digits=16, decimal_places=4, null=True, blank=True, help_text=_("Tomt: värdet saknas.")
    )
    reference_value = models.DecimalField(
        _("referensvärde"),
        max_digits=16,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("T.ex. genomsnittet för Sveriges kommuner."),
    )
    source = models.CharField(_("källa"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("registrerat"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrerat av"),
    )

    history = HistoricalRecords(verbose_name=_("historik för mätvärde"))
    objects = MeasurementQuerySet.as_manager()

    class Meta:
        verbose_name = _("mätvärde")
        verbose_name_plural = _("mätvärden")
        ordering = ["indicator", "year", "period", "basis"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "period", "basis"], name="measurement_unique_indicator_year_period_basis"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year} {self.get_period_display()} ({self.get_basis_display()})"


# --- Follow-ups (uppföljningar) -------------------------------------------------


class FollowUpQuerySet(models.QuerySet["FollowUp"]):
    def for_user(self, user: User) -> FollowUpQuerySet:
        """What the user may read: every follow-up for internal readers, else their own committees' (goals/rules.py)."""
        if user.has_perm("goals.view_all_followups"):
            return self
        return self.filter(committee_id__in=list(roles_for(user).committee_roles))

    def waiting_for(self, role_set: RoleSet) -> FollowUpQuerySet:
        """What waits for the user's next step: drafts for reporters, submitted ones for approvers,
        approved and accepted ones for strategists. Open periods only for drafts."""
        reporting = [pk for pk, roles in role_set.committee_roles.items() if Membership.Role.REPORTER in roles]
        approving = [pk for pk, roles in role_set.committee_roles.items() if Membership.Role.APPROVER in roles]
        condition = models.Q(pk__in=[])
        if reporting:
            condition |= models.Q(committee_id__in=reporting, state=FollowUp.State.DRAFT, period__is_open=True)
        if approving:
            condition |= models.Q(committee_id__in=approving, state=FollowUp.State.SUBMITTED)
        if role_set.has(Role.STRATEGIST):
            condition |= models.Q(state__in=[FollowUp.State.APPROVED, FollowUp.State.ACCEPTED])
        return self.filter(condition)


class FollowUp(models.Model):
    """One committee's follow-up for one reporting period: the workflow object.

    The state changes only through goals/services.py, which records every
    change as a ``Transition``; ``version`` grows with each one, so that a
    step taken on a page that was out of date is refused.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Inlämnad")
        APPROVED = "approved", _("Godkänd av nämnden")
        ACCEPTED = "accepted", _("Accepterad")
        PUBLISHED = "published", _("Publicerad")

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="followups", verbose_name=_("period")
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="followups", verbose_name=_("nämnd")
    )
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.DRAFT, editable=False)
    decision_reference = models.CharField(
        _("nämndens beslut"), max_length=100, blank=True, editable=False, help_text=_("T.ex. BUN 2026-04-22 § 45.")
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now, editable=False)
    state_changed_at = models.DateTimeField(_("status ändrad"), null=True, blank=True, editable=False)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")
        ordering = ["period", "committee__sort_order", "committee__name"]
        constraints = [
            models.UniqueConstraint(fields=["period", "committee"], name="followup_unique_period_committee"),
            models.CheckConstraint(
                condition=models.Q(state__in=["draft", "submitted", "approved", "accepted", "published"]),
                name="followup_state_known",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=["draft", "submitted"]) | ~models.Q(decision_reference=""),
                name="followup_decision_reference_once_approved",
            ),
        ]
        indexes = [models.Index(fields=["state"], name="followup_state_idx")]

    def __str__(self) -> str:
        return f"{self.committee} – {self.period}"

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    def is_overdue(self, today: datetime.date) -> bool:
        """Still a draft after the deadline."""
        return self.is_draft and self.period.is_past_deadline(today)


class Transition(models.Model):
    """One step of a follow-up's workflow: who, when, from which state to which, and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Lämnade in")
        APPROVE = "approve", _("Godkände")
        RETURN = "return", _("Skickade tillbaka")
        ACCEPT = "accept", _("Accepterade")
        PUBLISH = "publish", _("Publicerade")

    followup = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("uppföljning")
    )
    action = models.CharField(_("steg"), max_length=20, choices=Action.choices)
    from_state = models.CharField(_("från"), max_length=20, choices=FollowUp.State.choices)
    to_state = models.CharField(_("till"), max_length=20, choices=FollowUp.State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("av")
    )
    at = models.DateTimeField(_("när"), default=timezone.now)
    comment = models.TextField(_("kommentar"), blank=True)
    decision_reference = models.CharField(_("nämndens beslut"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("steg i uppföljning")
        verbose_name_plural = _("steg i uppföljningar")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(action="return") | ~models.Q(comment=""), name="transition_return_has_comment"
            ),
            models.CheckConstraint(
                condition=~models.Q(action="approve") | ~models.Q(decision_reference=""),
                name="transition_approve_has_decision_reference",
            ),
        ]
        indexes = [models.Index(fields=["followup", "at"], name="transition_followup_at_idx")]

    def __str__(self) -> str:
        return f"{self.followup}: {self.get_from_state_display()} → {self.get_to_state_display()}"


class Section(models.Model):
    """A part of a follow-up that is saved on its own, with its own version.

    A save names the version it was edited from; if someone saved in
    between, the save is refused (goals.services.section_save).
    """

    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("sparad"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sparad av"),
    )

    # The fields a reporter edits, in the order the forms and the conflict message show them.
    content_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True


class Assessment(Section):
    """A committee's judgement of one of its goals in a follow-up (bedömning)."""

    followup = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("uppföljning")
    )
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("mål"))
    status = models.CharField(
        _("måluppfyllelse"), max_length=20, choices=FulfillmentStatus.choices, default=FulfillmentStatus.NOT_ASSESSED
    )
    forecast_status = models.CharField(
        _("prognos för helåret"),
        max_length=20,
        choices=FulfillmentStatus.choices,
        blank=True,
        help_text=_("Hur målet bedöms vara uppfyllt vid årets slut. Anges inte i helårsuppföljningen."),
    )
    analysis = models.TextField(_("analys"), blank=True, help_text=_("Markdown."))
    measures = models.TextField(_("åtgärder"), blank=True, help_text=_("Markdown."))

    history = HistoricalRecords(verbose_name=_("historik för bedömning"))
    content_fields = ("status", "forecast_status", "analysis", "measures")

    class Meta:
        verbose_name = _("bedömning")
        verbose_name_plural = _("bedömningar")
        ordering = ["followup", "goal__sort_order", "goal__pk"]
        constraints = [
            models.UniqueConstraint(fields=["followup", "goal"], name="assessment_unique_followup_goal"),
        ]

    def __str__(self) -> str:
        return f"{self.followup}: {self.goal}"


class IndicatorValue(Section):
    """The period's value of one of the committee's indicators.

    Becomes a ``Measurement`` (basis outcome) when the follow-up is accepted;
    ``measurement`` then points to it.
    """

    followup = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="indicator_values", verbose_name=_("uppföljning")
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indikator"))
    value = models.DecimalField(_("utfall"), max_digits=16, decimal_places=4, null=True, blank=True)
    reference_value = models.DecimalField(_("referensvärde"), max_digits=16, decimal_places=4, null=True, blank=True)
    comment = models.CharField(_("kommentar"), max_length=500, blank=True)
    measurement = models.ForeignKey(
        Measurement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("mätvärde")
    )

    history = HistoricalRecords(verbose_name=_("historik för indikatorvärde"), excluded_fields=["measurement"])
    content_fields = ("value", "reference_value", "comment")

    class Meta:
        verbose_name = _("indikatorvärde")
        verbose_name_plural = _("indikatorvärden")
        ordering = ["followup", "indicator__goal__sort_order", "indicator__sort_order", "indicator__pk"]
        constraints = [
            models.UniqueConstraint(fields=["followup", "indicator"], name="indicatorvalue_unique_followup_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.followup}: {self.indicator}"


class FinancialOutcome(Section):
    """The committee's money in the period (tkr): net cost to date, the year-end forecast, the budget.

    ``budget`` is the committee's operating budget (kommunbidrag) for the year,
    copied from budgets.OperatingBudget when the follow-up was created.
    """

    followup = models.OneToOneField(
        FollowUp, on_delete=models.CASCADE, related_name="financial_outcome", verbose_name=_("uppföljning")
    )
    budget = models.DecimalField(_("driftbudget (tkr)"), max_digits=16, decimal_places=2, null=True, blank=True)
    net_cost_to_date = models.DecimalField(
        _("nettokostnad hittills (tkr)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    forecast = models.DecimalField(
        _("prognos för helåret (tkr)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Nettokostnaden som väntas vid årets slut."),
    )
    explanation = models.TextField(
        _("förklaring av avvikelsen"),
        blank=True,
        help_text=_("Markdown. Krävs när prognosen avviker från budgeten mer än periodens gräns."),
    )

    history = HistoricalRecords(verbose_name=_("historik för ekonomiskt utfall"))
    content_fields = ("net_cost_to_date", "forecast", "explanation")

    class Meta:
        verbose_name = _("ekonomiskt utfall")
        verbose_name_plural = _("ekonomiska utfall")

    def __str__(self) -> str:
        return str(self.followup)


class InvestmentOutcome(Section):
    """The committee's investments in the period (tkr)."""

    followup = models.OneToOneField(
        FollowUp, on_delete=models.CASCADE, related_name="investment_outcome", verbose_name=_("uppföljning")
    )
    budget = models.DecimalField(_("investeringsbudget (tkr)"), max_digits=16, decimal_places=2, null=True, blank=True)
    outcome_to_date = models.DecimalField(
        _("utfall hittills (tkr)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    forecast = models.DecimalField(
        _("prognos för helåret (tkr)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    comment = models.TextField(_("kommentar"), blank=True, help_text=_("Markdown."))

    history = HistoricalRecords(verbose_name=_("historik för investeringsutfall"))
    content_fields = ("outcome_to_date", "forecast", "comment")

    class Meta:
        verbose_name = pgettext_lazy("ett", "investeringsutfall")
        verbose_name_plural = pgettext_lazy("flera", "investeringsutfall")

    def __str__(self) -> str:
        return str(self.followup)


class KeyEvents(Section):
    """What happened in the committee's work during the period (väsentliga händelser)."""

    followup = models.OneToOneField(
        FollowUp, on_delete=models.CASCADE, related_name="key_events", verbose_name=_("uppföljning")
    )
    text = models.TextField(_("väsentliga händelser"), blank=True, help_text=_("Markdown."))

    history = HistoricalRecords(verbose_name=_("historik för väsentliga händelser"))
    content_fields = ("text",)

    class Meta:
        verbose_name = _("väsentliga händelser")
        verbose_name_plural = pgettext_lazy("plural", "väsentliga händelser")

    def __str__(self) -> str:
        return str(self.followup)


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unsent(self) -> NotificationQuerySet:
        """Emails not sent and not being sent."""
        return self.filter(sent_at__isnull=True, claimed_at__isnull=True)


class Notification(models.Model):
    """An email waiting to go out, or gone (the outbox).

    Written in the same transaction as what it tells about, so that it exists
    exactly when that happened; sent by a Celery task that claims the row
    first, so that it is sent once. ``key`` keeps a reminder from being
    written twice.
    """

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Inlämnad")
        RETURNED = "returned", _("Skickad tillbaka")
        APPROVED = "approved", _("Godkänd av nämnden")
        ACCEPTED = "accepted", _("Accepterad")
        REMINDER = "reminder", _("Påminnelse")
        OVERDUE = "overdue", _("Försenad")

    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices)
    followup = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("uppföljning")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("mottagare")
    )
    email = models.EmailField(_("e-postadress"))
    subject = models.CharField(_("ämne"), max_length=300)
    body = models.TextField(_("text"))
    key = models.CharField(_("nyckel"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    claimed_at = models.DateTimeField(_("tagen för sändning"), null=True, blank=True)
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    last_error = models.TextField(_("senaste fel"), blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("avisering")
        verbose_name_plural = _("aviseringar")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=~models.Q(key=""), name="notification_unique_key"),
        ]
        indexes = [
            models.Index(
                fields=["created_at"], condition=models.Q(sent_at__isnull=True), name="notification_unsent_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.email}"


# --- Annual fulfillment (måluppfyllelse) -------------------------------------------


class FulfillmentReportQuerySet(models.QuerySet["FulfillmentReport"]):
    def for_user(self, user: User) -> FulfillmentReportQuerySet:
        """What the user may read: every report for internal readers, published ones for anyone with a role."""
        if user.has_perm("goals.view_draft_fulfillment_reports"):
            return self
        return self.filter(state=FulfillmentReport.State.PUBLISHED)

    def drafts(self) -> FulfillmentReportQuerySet:
        """Reports not yet published: the ones a recompile replaces."""
        return self.filter(state=FulfillmentReport.State.DRAFT)


class FulfillmentReport(models.Model):
    """The annual compilation of goal fulfillment for a year, optionally as of a reporting period: a snapshot.

    A draft is compiled again in place (goals.services.fulfillment_compile_start);
    a published report never changes, and the next compilation makes a new
    version. The rows (``ReportRow``) are written under a new ``generation``
    and become visible in one update of ``generation`` when all are written,
    so a half-done compilation is never shown. ``inputs_digest`` is the
    SHA-256 of the canonical JSON of everything the statuses were judged from.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        PUBLISHED = "published", _("Publicerad")

    class Progress(models.TextChoices):
        QUEUED = "queued", _("Väntar på att sammanställas")
        RUNNING = "running", _("Sammanställs")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    year = models.PositiveSmallIntegerField(_("år"))
    as_of = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fulfillment_reports",
        verbose_name=_("per period"),
        help_text=_("Tomt: hela året."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.DRAFT)
    counting = models.CharField(
        _("hur majoriteten räknas"), max_length=20, choices=MajorityCounting.choices, default=MajorityCounting.PER_GROUP
    )
    verdict_met = models.BooleanField(_("god ekonomisk hushållning"), null=True, blank=True)
    verdict_text = models.TextField(_("bedömning av god ekonomisk hushållning"), blank=True)
    inputs = models.JSONField(_("underlag"), default=dict, blank=True)
    inputs_digest = models.CharField(_("kontrollsumma för underlaget"), max_length=64, blank=True)
    generation = models.PositiveIntegerField(_("generation"), default=0, editable=False)
    progress = models.CharField(_("förlopp"), max_length=20, choices=Progress.choices, default=Progress.QUEUED)
    progress_done = models.PositiveIntegerField(_("klart"), default=0)
    progress_total = models.PositiveIntegerField(_("totalt"), default=0)
    error = models.TextField(_("fel"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    heartbeat_at = models.DateTimeField(_("senast igång"), null=True, blank=True)
    compiled_at = models.DateTimeField(_("sammanställd"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publicerad av"),
    )

    objects = FulfillmentReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("sammanställning av måluppfyllelse")
        verbose_name_plural = _("sammanställningar av måluppfyllelse")
        ordering = ["-year", "-version", "-pk"]
        constraints = [
            # One draft per year and period; NULLs are distinct in a unique constraint, hence two.
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(state="draft", as_of__isnull=True),
                name="fulfillmentreport_one_draft_per_year",
            ),
            models.UniqueConstraint(
                fields=["year", "as_of"],
                condition=models.Q(state="draft", as_of__isnull=False),
                name="fulfillmentreport_one_draft_per_year_period",
            ),
            models.UniqueConstraint(
                fields=["year", "version"],
                condition=models.Q(as_of__isnull=True),
                name="fulfillmentreport_unique_year_version",
            ),
            models.UniqueConstraint(
                fields=["year", "as_of", "version"],
                condition=models.Q(as_of__isnull=False),
                name="fulfillmentreport_unique_year_period_version",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=["draft", "published"]), name="fulfillmentreport_state_known"
            ),
            models.CheckConstraint(
                condition=models.Q(progress__in=["queued", "running", "done", "failed"]),
                name="fulfillmentreport_progress_known",
            ),
            models.CheckConstraint(
                condition=models.Q(state="draft") | models.Q(progress="done", published_at__isnull=False),
                name="fulfillmentreport_published_is_done",
            ),
            models.CheckConstraint(
                condition=models.Q(progress_done__lte=models.F("progress_total")),
                name="fulfillmentreport_done_not_above_total",
            ),
        ]

    def __str__(self) -> str:
        if self.as_of_id and self.as_of:
            return gettext("Måluppfyllelse %(period)s, version %(version)d") % {
                "period": self.as_of,
                "version": self.version,
            }
        return gettext("Måluppfyllelse %(year)d, version %(version)d") % {"year": self.year, "version": self.version}

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def is_done(self) -> bool:
        return self.progress == self.Progress.DONE

    @property
    def is_working(self) -> bool:
        """Queued or running: the page polls until this is False."""
        return self.progress in (self.Progress.QUEUED, self.Progress.RUNNING)

    @property
    def percent_done(self) -> int:
        if self.progress == self.Progress.DONE:
            return 100
        return 100 * self.progress_done // self.progress_total if self.progress_total else 0


class ReportRow(models.Model):
    """One focus area, goal or indicator in a report, as judged when it was compiled.

    ``subject_id`` is the pk the thing had then; no foreign key, so that a
    published report stays as it was whatever later happens to the goals.
    ``inputs`` holds the figures the status was judged from.
    """

    class Kind(models.TextChoices):
        FOCUS_AREA = "focus_area", _("Fokusområde")
        GOAL = "goal", pgettext_lazy("ett mål", "Mål")
        INDICATOR = "indicator", _("Indikator")

    report = models.ForeignKey(
        FulfillmentReport, on_delete=models.CASCADE, related_name="rows", verbose_name=_("sammanställning")
    )
    generation = models.PositiveIntegerField(_("generation"))
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices)
    position = models.PositiveIntegerField(_("ordning"))
    subject_id = models.BigIntegerField(_("id"))
    parent_id = models.BigIntegerField(_("hör till"), null=True, blank=True)
    title = models.CharField(_("rubrik"), max_length=500)
    level = models.CharField(_("nivå"), max_length=20, blank=True)
    goal_kind = models.CharField(_("slag av mål"), max_length=20, blank=True)
    committee = models.CharField(_("nämnd"), max_length=200, blank=True)
    rule = models.CharField(_("bedöms"), max_length=20, blank=True)
    status = models.CharField(_("måluppfyllelse"), max_length=20, choices=FulfillmentStatus.choices)
    explanation = models.TextField(_("förklaring"))
    basis = models.CharField(_("grund"), max_length=20, blank=True)
    assessed_status = models.CharField(
        _("nämndens bedömning"), max_length=20, choices=FulfillmentStatus.choices, blank=True
    )
    difference = models.TextField(_("skillnad mot nämndens bedömning"), blank=True)
    inputs = models.JSONField(_("underlag"), default=dict)

    class Meta:
        verbose_name = _("rad i sammanställning")
        verbose_name_plural = _("rader i sammanställningar")
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "generation", "position"], name="reportrow_unique_report_generation_position"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["focus_area", "goal", "indicator"]), name="reportrow_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.title}"


# --- Employer initiatives (arbetsgivarsatsningar) -----------------------------------


class EmployerInitiativeQuerySet(models.QuerySet["EmployerInitiative"]):
    def public(self, now: datetime.datetime | None = None) -> EmployerInitiativeQuerySet:
        """What the public sees: published, or scheduled with its time come; no job has to flip the status."""
        return self.filter(
            status__in=[EmployerInitiative.Status.PUBLISHED, EmployerInitiative.Status.SCHEDULED],
            publish_at__lte=now or timezone.now(),
        )

    def drafts(self) -> EmployerInitiativeQuerySet:
        """Not yet public: drafts, and scheduled ones whose time has not come."""
        return self.filter(
            models.Q(status=EmployerInitiative.Status.DRAFT)
            | models.Q(status=EmployerInitiative.Status.SCHEDULED, publish_at__gt=timezone.now())
        )

    def next_publication(self) -> datetime.datetime | None:
        """When the next scheduled initiative becomes public (one query), or None."""
        return (
            self.filter(status=EmployerInitiative.Status.SCHEDULED, publish_at__gt=timezone.now())
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )


class EmployerInitiative(models.Model):
    """Something the municipality does as an employer, written and published by HR (arbetsgivarsatsning).

    The status changes only through goals/services_initiatives.py. A scheduled
    initiative is public from ``publish_at`` on: the public queries ask for
    ``publish_at <= now``, so nothing has to run at that moment.
    ``key_figures`` is a list of {"label", "value", "previous"} (previous may be "").
    """

    class Category(models.TextChoices):
        LEADERSHIP = "leadership", _("Ledarskap")
        CAREERS = "careers", _("Karriärvägar")
        COMPETENCE = "competence", _("Kompetensutveckling")
        EQUALITY = "equality", _("Jämställdhet och inkludering")
        BENEFITS = "benefits", _("Förmåner och lön")
        WORK_ENVIRONMENT = "work_environment", _("Arbetsmiljö")
        DIGITAL = "digital", _("Digitala verktyg")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SCHEDULED = "scheduled", _("Schemalagd")
        PUBLISHED = "published", _("Publicerad")
        ARCHIVED = "archived", _("Arkiverad")

    title = models.CharField(_("rubrik"), max_length=200)
    slug = models.SlugField(_("adressnamn"), max_length=80, unique=True)
    summary = models.TextField(_("sammanfattning"), blank=True)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown."))
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    key_figures = models.JSONField(_("nyckeltal"), default=list, blank=True)
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="employer_initiatives", verbose_name=_("fokusområden")
    )
    goals = models.ManyToManyField(Goal, blank=True, related_name="employer_initiatives", verbose_name=_("mål"))
    contact = models.CharField(_("kontakt"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False)
    publish_at = models.DateTimeField(_("publiceras"), null=True, blank=True, editable=False)
    sort_order = models.PositiveIntegerField(_("ordning"), default=0)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("ändrad"), default=timezone.now, editable=False)

    history = HistoricalRecords(verbose_name=_("historik för arbetsgivarsatsning"), m2m_fields=[focus_areas, goals])

    objects = EmployerInitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("arbetsgivarsatsning")
        verbose_name_plural = _("arbetsgivarsatsningar")
        ordering = ["sort_order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "scheduled", "published", "archived"]),
                name="employerinitiative_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "archived"]) | models.Q(publish_at__isnull=False),
                name="employerinitiative_public_has_publish_at",
            ),
        ]
        indexes = [models.Index(fields=["status", "publish_at"], name="initiative_status_publish_idx")]

    def __str__(self) -> str:
        return self.title

    def is_public(self, now: datetime.datetime | None = None) -> bool:
        return (
            self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED)
            and self.publish_at is not None
            and self.publish_at <= (now or timezone.now())
        )


# --- The version of what the annual fulfillment is computed from -------------------------------------


class InputsVersion(models.Model):
    """One row whose token changes, in the same transaction, whenever anything that ``compute_year``
    reads is written (goals.inputs). A live computation is kept per token, so pages that show live
    statuses (the cascade, the committee page, the manager's dashboard) compute the year once per change
    instead of once per request. A new random token, not a counter: a rolled-back change leaves the
    old token, which still names the old data."""

    token = models.UUIDField(_("version"), default=uuid.uuid4)
    changed_at = models.DateTimeField(_("ändrat"), default=timezone.now)

    class Meta:
        verbose_name = _("version av måluppfyllelsens underlag")
        verbose_name_plural = _("versioner av måluppfyllelsens underlag")

    def __str__(self) -> str:
        return str(self.token)
