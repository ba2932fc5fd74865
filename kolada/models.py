"""Which indicators are fed from Kolada, each fetch, and what each fetch changed.

The values themselves are ``goals.Measurement`` rows (basis outcome, period
year), with their history kept by django-simple-history; this app keeps what
belongs to the integration: the bindings, the runs and their changes, and the
gender-split values Kolada publishes beside the total.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from goals.models import Indicator

# The group RKA publishes for the unweighted average of Sweden's municipalities.
# "Riket" has no value for the efficiency indices, so the average is this group's.
AVERAGE_GROUP_TITLE = "Alla kommuner (ovägt medel)"

kpi_id_validator = RegexValidator(
    r"^[A-Z]\d{5}$", _("Ett nyckeltals id i Kolada är en bokstav och fem siffror, t.ex. U11901.")
)
municipality_id_validator = RegexValidator(r"^\d{4}$", _("En kommuns id i Kolada är fyra siffror, t.ex. 1489."))


class KoladaBindingQuerySet(models.QuerySet["KoladaBinding"]):
    def active(self) -> KoladaBindingQuerySet:
        """Bindings that the fetch uses."""
        return self.filter(active=True)


class KoladaBinding(models.Model):
    """An indicator fed by a Kolada KPI, and what its reference value is compared with."""

    class Comparison(models.TextChoices):
        AVERAGE = "average", _("Genomsnittet för Sveriges kommuner")
        GROUP = "group", _("En grupp liknande kommuner")
        MUNICIPALITY = "municipality", _("En enskild kommun")

    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="kolada_binding", verbose_name=_("indikator")
    )
    kpi_id = models.CharField(
        _("nyckeltal i Kolada"), max_length=10, validators=[kpi_id_validator], help_text=_("T.ex. U11901.")
    )
    comparison = models.CharField(
        _("jämförelse"), max_length=20, choices=Comparison.choices, default=Comparison.AVERAGE
    )
    group_title = models.CharField(
        _("kommungrupp"),
        max_length=300,
        blank=True,
        help_text=_(
            "Kommungruppens namn i Kolada, t.ex. ”Liknande kommuner grundskola, Alingsås, 2024 "
            "(ovägt medel)”. "
            "Gruppen söks på namnet vid varje hämtning, eftersom Kolada byter gruppernas id. "
            "För genomsnittet: lämna tomt för ”Alla kommuner (ovägt medel)”."
        ),
    )
    comparison_municipality_id = models.CharField(
        _("jämförelsekommun"),
        max_length=4,
        blank=True,
        validators=[municipality_id_validator],
        help_text=_("Kommunens id i Kolada, när jämförelsen är en enskild kommun."),
    )
    active = models.BooleanField(_("aktiv"), default=True)

    objects = KoladaBindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kolada-koppling")
        verbose_name_plural = _("Kolada-kopplingar")
        ordering = ["indicator__goal__sort_order", "indicator__sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(comparison="group") | ~models.Q(group_title=""),
                name="koladabinding_group_has_title",
            ),
            models.CheckConstraint(
                condition=models.Q(comparison="municipality") & ~models.Q(comparison_municipality_id="")
                | ~models.Q(comparison="municipality") & models.Q(comparison_municipality_id=""),
                name="koladabinding_municipality_id_iff_municipality",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} ← Kolada {self.kpi_id}"

    @property
    def comparison_group_title(self) -> str:
        """The title of the group the reference value comes from; empty for a single municipality."""
        if self.comparison == self.Comparison.AVERAGE:
            return self.group_title or AVERAGE_GROUP_TITLE
        if self.comparison == self.Comparison.GROUP:
            return self.group_title
        return ""

    @property
    def comparison_label(self) -> str:
        if self.comparison == self.Comparison.MUNICIPALITY:
            return f"{self.get_comparison_display()} ({self.comparison_municipality_id})"
        return f"{self.get_comparison_display()}: {self.comparison_group_title}"


class FetchRunQuerySet(models.QuerySet["FetchRun"]):
    def in_progress(self, *, now: datetime.datetime | None = None) -> FetchRunQuerySet:
        """Runs queued or running, unless older than a task may live (its worker is gone)."""
        now = now or timezone.now()
        stale = now - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
        return self.filter(state__in=[FetchRun.State.QUEUED, FetchRun.State.RUNNING], created_at__gte=stale)

    def finished(self) -> FetchRunQuerySet:
        """Runs that ended: succeeded (with or without warnings) or failed."""
        return self.filter(state__in=FetchRun.FINISHED)


class FetchRun(models.Model):
    """One fetch from Kolada, or one import of a saved response file."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Väntar")
        RUNNING = "running", _("Pågår")
        SUCCEEDED = "succeeded", _("Klar")
        # Stored what it could, but something is missing or was kept from before: never "Klar" silently.
        WARNINGS = "warnings", _("Klar med varningar")
        FAILED = "failed", _("Misslyckades")

    class Trigger(models.TextChoices):
        NIGHTLY = "nightly", _("Nattlig hämtning")
        MANUAL = "manual", _("Hämtning på begäran")
        FILE = "file", _("Inläst fil")
        COMMAND = "command", _("Kommando")

    trigger = models.CharField(_("orsak"), max_length=20, choices=Trigger.choices)
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("begärd av"),
    )
    file_name = models.CharField(_("fil"), max_length=255, blank=True)
    years = models.JSONField(_("år"), default=list, blank=True)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("nya värden"), default=0)
    changed_count = models.PositiveIntegerField(_("ändrade värden"), default=0)
    unchanged_count = models.PositiveIntegerField(_("oförändrade värden"), default=0)
    missing_count = models.PositiveIntegerField(_("saknade värden"), default=0)
    reference_missing_count = models.PositiveIntegerField(_("saknade referensvärden"), default=0)
    kept_count = models.PositiveIntegerField(_("behållna värden"), default=0)
    deleted_count = models.PositiveIntegerField(_("borttagna värden"), default=0)
    warnings = models.TextField(_("varningar"), blank=True)
    error = models.TextField(_("fel"), blank=True)

    objects = FetchRunQuerySet.as_manager()

    FINISHED = (State.SUCCEEDED, State.WARNINGS, State.FAILED)

    class Meta:
        verbose_name = _("hämtning från Kolada")
        verbose_name_plural = _("hämtningar från Kolada")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["queued", "running", "succeeded", "warnings", "failed"]),
                name="fetchrun_state_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="failed") | ~models.Q(error=""), name="fetchrun_failed_has_error"
            ),
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="fetchrun_state_created_idx")]

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"

    @property
    def warning_lines(self) -> list[str]:
        return [line for line in self.warnings.splitlines() if line]

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINISHED


class FetchChange(models.Model):
    """A value that a run created or changed: from what, to what."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Nytt")
        CHANGED = "changed", _("Ändrat")
        DELETED = "deleted", _("Borttaget i Kolada")

    run = models.ForeignKey(FetchRun, on_delete=models.CASCADE, related_name="changes", verbose_name=_("hämtning"))
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+", verbose_name=_("indikator"))
    kpi_id = models.CharField(_("nyckeltal i Kolada"), max_length=10)
    year = models.PositiveSmallIntegerField(_("år"))
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices)
    old_value = models.DecimalField(_("tidigare värde"), max_digits=16, decimal_places=4, null=True, blank=True)
    new_value = models.DecimalField(_("nytt värde"), max_digits=16, decimal_places=4, null=True, blank=True)
    old_reference_value = models.DecimalField(
        _("tidigare referensvärde"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    new_reference_value = models.DecimalField(
        _("nytt referensvärde"), max_digits=16, decimal_places=4, null=True, blank=True
    )

    class Meta:
        verbose_name = _("ändring från Kolada")
        verbose_name_plural = _("ändringar från Kolada")
        ordering = ["run", "indicator__goal__sort_order", "indicator__sort_order", "year"]
        indexes = [models.Index(fields=["run", "year"], name="fetchchange_run_year_idx")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.old_value} → {self.new_value}"


class GenderSplit(models.Model):
    """The values Kolada publishes per gender (T total, K women, M men) for an indicator and year.

    Only the total goes into the measurement; the split is kept here, as
    Kolada published it at the last fetch, for the municipality and for the
    comparison. A gender Kolada does not publish is not in the mapping; one
    published as missing maps to None.
    """

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="kolada_gender_splits", verbose_name=_("indikator")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    values = models.JSONField(_("värden per kön"), default=dict, blank=True)
    reference_values = models.JSONField(_("referensvärden per kön"), default=dict, blank=True)
    run = models.ForeignKey(
        FetchRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("hämtning")
    )

    class Meta:
        verbose_name = _("värden per kön från Kolada")
        verbose_name_plural = _("värden per kön från Kolada")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="gendersplit_unique_indicator_year"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}"
