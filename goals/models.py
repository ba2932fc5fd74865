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
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords  # type: ignore[import-untyped]

from goals.querysets import (
    EmployerInitiativeQuerySet,
    GoalQuerySet,
    MeasurementQuerySet,
    TargetQuerySet,
    VisionQuerySet,
)
from goals.status import GoalRule
from goals.targets import Comparator, target_sentence
from portal.markdown import MarkdownHTMLField, RendersMarkdown
from portal.models import Committee, validate_year


class Vision(models.Model):
    """The council's long-term vision, e.g. "Vision 2040"."""

    text = models.TextField(_("visionstext"))
    horizon_year = models.PositiveSmallIntegerField(
        _("målår"), help_text=_("Året visionen siktar mot, t.ex. 2040."), validators=[validate_year]
    )
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


class Goal(RendersMarkdown, models.Model):
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
    description_html = MarkdownHTMLField(source="description")
    first_year = models.PositiveSmallIntegerField(_("gäller från år"), validators=[validate_year])
    last_year = models.PositiveSmallIntegerField(
        _("gäller till och med år"),
        null=True,
        blank=True,
        help_text=_("Tomt: gäller tills vidare."),
        validators=[validate_year],
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
    sample_note = models.CharField(
        _("exempeldata"),
        max_length=300,
        blank=True,
        help_text=_(
            "Tomt för ett beslutat mål. Fylls i bara i demonstrationsdata: vad i målet som är påhittat och "
            "inte kommer ur något beslut. Sidor som visar målet märker det som exempeldata."
        ),
    )

    history = HistoricalRecords(verbose_name=_("historik för mål"), excluded_fields=["description_html"])
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

    class YearRule(models.TextChoices):
        """Which year's value a year is judged on. A source that publishes afterwards (Kolada publishes a
        year's efficiency index in the autumn of the next) is judged on the latest year published when the
        report is compiled, and the report says which year that is."""

        SAME_YEAR = "same_year", _("Årets värde")
        LATEST_PUBLISHED = "latest_published", _("Senast publicerade året (för källor som publicerar i efterhand)")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("mål"))
    name = models.CharField(_("namn"), max_length=300)
    unit = models.CharField(_("enhet"), max_length=30, blank=True, help_text=_("T.ex. %, kr, index."))
    direction = models.CharField(
        _("riktning"), max_length=10, choices=Direction.choices, default=Direction.HIGHER_IS_BETTER
    )
    decimals = models.PositiveSmallIntegerField(_("antal decimaler"), default=1)
    plausible_factor = models.DecimalField(
        _("rimlighetsgräns"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(5),
        validators=[MinValueValidator(Decimal(1))],
        help_text=_(
            "Ett värde som är fler gånger större eller mindre än förra utfallet (eller målvärdet) ifrågasätts "
            "innan det sparas, t.ex. 824 i stället för 82,4."
        ),
    )
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
    year_rule = models.CharField(
        _("år som bedöms"),
        max_length=20,
        choices=YearRule.choices,
        default=YearRule.SAME_YEAR,
        help_text=_(
            "Senast publicerade året: finns inget utfall för året bedöms det senaste år som har ett "
            "(högst tre år tillbaka), och sammanställningen säger vilket år värdet avser."
        ),
    )
    sort_order = models.PositiveIntegerField(_("ordning"), default=0)

    history = HistoricalRecords(verbose_name=_("historik för indikator"))

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


class Target(models.Model):
    """What an indicator should reach in a year (målvärde)."""

    Comparator = Comparator

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indikator")
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=[validate_year])
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

    history = HistoricalRecords(verbose_name=_("historik för målvärde"))
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
    year = models.PositiveSmallIntegerField(_("år"), validators=[validate_year])
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

    def ends_on(self) -> datetime.date:
        """The last day the value covers: 31 March for Q1, 31 December for Q4 and the whole year."""
        month = {self.Period.Q1: 3, self.Period.Q2: 6, self.Period.Q3: 9}.get(self.Period(self.period), 12)
        return datetime.date(self.year, month, 30 if month in (6, 9) else 31)


# --- Employer initiatives (arbetsgivarsatsningar) -----------------------------------


class EmployerInitiative(RendersMarkdown, models.Model):
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
    body_html = MarkdownHTMLField(source="body")
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

    history = HistoricalRecords(
        verbose_name=_("historik för arbetsgivarsatsning"),
        m2m_fields=[focus_areas, goals],
        excluded_fields=["body_html"],
    )

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
