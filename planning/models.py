"""A committee's plan (verksamhetsplan) and the council's: how goals get adopted, and what each period should reach.

The goals, indicators and yearly targets themselves are goals' models; a goal is
a draft (``Goal.Status.DRAFT``) while it is being planned and adopted when the
committee (or the council) has decided on it. ``Adoption`` records each such
decision: who, when, with which decision reference, and, for an indicator added
to a goal already adopted, which indicator. ``PeriodTarget`` is what an
indicator should reach by the end of a quarter (delmål), beside the year's
target (``goals.Target``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords  # type: ignore[import-untyped]

from goals.models import Goal, Indicator, Measurement
from goals.targets import Comparator
from portal.models import Committee


class Adoption(models.Model):
    """A decision that adopted a goal (with its indicators), or one indicator added to an adopted goal."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="adoptions", verbose_name=_("mål"))
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="adoptions",
        verbose_name=_("indikator"),
        help_text=_("Tomt: hela målet med dess indikatorer antogs."),
    )
    decision_reference = models.CharField(_("beslut"), max_length=100)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("av")
    )
    at = models.DateTimeField(_("när"), default=timezone.now)

    class Meta:
        verbose_name = _("antagande")
        verbose_name_plural = _("antaganden")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(decision_reference=""), name="adoption_has_decision_reference"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator or self.goal}: {self.decision_reference}"


QUARTERS = [
    (Measurement.Period.Q1, Measurement.Period.Q1.label),
    (Measurement.Period.Q2, Measurement.Period.Q2.label),
    (Measurement.Period.Q3, Measurement.Period.Q3.label),
]


class PeriodTarget(models.Model):
    """What an indicator should reach by the end of a quarter of a year (the year's own target is a goals.Target)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="period_targets", verbose_name=_("indikator")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    period = models.CharField(_("period"), max_length=10, choices=QUARTERS)
    comparator = models.CharField(
        _("jämförelse"),
        max_length=30,
        choices=[(Comparator.AT_LEAST, Comparator.AT_LEAST.label), (Comparator.AT_MOST, Comparator.AT_MOST.label)],
    )
    value = models.DecimalField(_("målvärde"), max_digits=16, decimal_places=4)

    history = HistoricalRecords(verbose_name=_("historik för målvärde för period"))

    class Meta:
        verbose_name = _("målvärde för period")
        verbose_name_plural = _("målvärden för perioder")
        ordering = ["indicator", "year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "period"], name="periodtarget_unique_indicator_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year} {self.get_period_display()}"


class Progress(models.TextChoices):
    """How far an assignment or an activity has come."""

    NOT_STARTED = "not_started", _("Ej påbörjad")
    ONGOING = "ongoing", _("Pågår")
    DONE = "done", _("Klar")
    CANCELLED = "cancelled", _("Avbruten")


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def open(self) -> AssignmentQuerySet:
        """Assignments still to be reported on: neither done nor cancelled."""
        return self.exclude(status__in=[Progress.DONE, Progress.CANCELLED])

    def for_year(self, year: int) -> AssignmentQuerySet:
        """Given for the year, or given earlier and still neither done nor cancelled."""
        return self.filter(
            models.Q(year=year) | models.Q(year__lt=year) & ~models.Q(status__in=[Progress.DONE, Progress.CANCELLED])
        )


class Assignment(models.Model):
    """An assignment (uppdrag) the council or the executive board gives a committee or company.

    The owner reports its status and a comment in each quarterly follow-up
    (followups.AssignmentReport); the latest reported status is kept here.
    ``source`` says where the text comes from when it is not a decision
    (the example's assignments are the seed's political directions).
    """

    class Issuer(models.TextChoices):
        COUNCIL = "council", _("Kommunfullmäktige")
        EXECUTIVE_BOARD = "executive_board", _("Kommunstyrelsen")

    issuer = models.CharField(_("given av"), max_length=20, choices=Issuer.choices)
    owner = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("ansvarig nämnd")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    text = models.TextField(_("uppdrag"))
    decision_reference = models.CharField(
        _("beslut"), max_length=100, blank=True, help_text=_("Beslutet som gav uppdraget, t.ex. KF 2025-11-26 § 150.")
    )
    source = models.CharField(
        _("källa"), max_length=300, blank=True, help_text=_("Var texten kommer ifrån när den inte är ett beslut.")
    )
    year = models.PositiveSmallIntegerField(_("år"), help_text=_("Budgetåret uppdraget gavs för."))
    due_date = models.DateField(_("ska vara klart"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED)
    comment = models.TextField(_("kommentar"), blank=True)
    status_changed_at = models.DateTimeField(_("status ändrad"), null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("historik för uppdrag"))
    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("uppdrag")
        verbose_name_plural = pgettext_lazy("plural", "uppdrag")
        ordering = ["year", "owner__sort_order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "year", "title"], name="assignment_unique_owner_year_title"),
            models.CheckConstraint(
                condition=models.Q(status__in=["not_started", "ongoing", "done", "cancelled"]),
                name="assignment_status_known",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Activity(models.Model):
    """Something a committee does to reach one of its goals (aktivitet): who owns it, when, how far it has come."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="activities", verbose_name=_("mål"))
    title = models.CharField(_("aktivitet"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    owner = models.CharField(_("ansvarig"), max_length=200, help_text=_("Förvaltning, enhet eller person."))
    start_date = models.DateField(_("startar"), null=True, blank=True)
    end_date = models.DateField(_("klar senast"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED)
    comment = models.TextField(_("kommentar"), blank=True)

    history = HistoricalRecords(verbose_name=_("historik för aktivitet"))

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["goal", "start_date", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="activity_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["not_started", "ongoing", "done", "cancelled"]),
                name="activity_status_known",
            ),
        ]

    def __str__(self) -> str:
        return self.title
