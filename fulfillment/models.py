"""The annual fulfillment (måluppfyllelse): a report compiled for a year, its rows, and the version of
what the compilation reads.

A report is a snapshot: its rows keep the status, explanation and figures of
every focus area, goal and indicator as judged when it was compiled, so a
published report never changes whatever later happens to the goals.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from fulfillment.judging import Basis, MajorityCounting
from goals.status import Status as FulfillmentStatus
from portal.models import ReportingPeriod, User

# --- Annual fulfillment (måluppfyllelse) -------------------------------------------


class FulfillmentReportQuerySet(models.QuerySet["FulfillmentReport"]):
    def for_user(self, user: User) -> FulfillmentReportQuerySet:
        """What the user may read: every report for internal readers, published ones for anyone with a role."""
        if user.has_perm("fulfillment.view_draft_fulfillment_reports"):
            return self
        return self.filter(state=FulfillmentReport.State.PUBLISHED)

    def drafts(self) -> FulfillmentReportQuerySet:
        """Reports not yet published: the ones a recompile replaces."""
        return self.filter(state=FulfillmentReport.State.DRAFT)


class FulfillmentReport(models.Model):
    """The annual compilation of goal fulfillment for a year, optionally as of a reporting period: a snapshot.

    A draft is compiled again in place (fulfillment.services.fulfillment_compile_start);
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
        db_table = "goals_fulfillmentreport"  # the table kept its name when the model left goals
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

    def goal_counts(self) -> tuple[int, int]:
        """(goals, goals not assessed) in the current generation: one query."""
        counts = ReportRow.objects.filter(report=self, generation=self.generation, kind=ReportRow.Kind.GOAL).aggregate(
            total=models.Count("pk"),
            open=models.Count("pk", filter=models.Q(status=FulfillmentStatus.NOT_ASSESSED)),
        )
        return counts["total"], counts["open"]

    def caveat(self, goal_counts: tuple[int, int] | None = None) -> str:
        """What a reader must know before trusting the report, or "": the verdict cannot be decided, or at
        least half of the goals are not assessed ("God ekonomisk hushållning kan inte avgöras och 8 av 12 mål
        är ej bedömda."). One query unless the caller has the ``goal_counts`` (a report tree has them); ""
        before the report is compiled."""
        if not self.generation:
            return ""
        total, open_ = goal_counts or self.goal_counts()
        undecided = self.verdict_met is None
        largely_open = total > 0 and 2 * open_ >= total
        counted = gettext("%(open)d av %(total)d mål är ej bedömda") % {"open": open_, "total": total}
        if undecided and largely_open:
            return gettext("God ekonomisk hushållning kan inte avgöras och %(counted)s.") % {"counted": counted}
        if undecided:
            return gettext("God ekonomisk hushållning kan inte avgöras ännu.")
        if largely_open:
            return counted[:1].upper() + counted[1:] + "."
        return ""

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
        db_table = "goals_reportrow"  # the table kept its name when the model left goals
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

    @property
    def basis_label(self) -> str:
        """The basis in words ("utfall"), or ""."""
        return str(Basis(self.basis).label) if self.basis in Basis.values else ""

    @property
    def value_year(self) -> int | None:
        """The year an indicator's value is from; None without a value (or in a report compiled before the
        year was kept)."""
        if self.inputs.get("value") is None:
            return None
        year = self.inputs.get("value_year")
        return year if isinstance(year, int) else None

    @property
    def value_source(self) -> str:
        """Where an indicator's value comes from: "Kolada U11901, hämtat 2026-11-27", a budget document, …"""
        return str(self.inputs.get("value_source") or "")


# --- The version of what the annual fulfillment is computed from -------------------------------------


class InputsVersion(models.Model):
    """One row whose token changes, in the same transaction, whenever anything that ``compute_year``
    reads is written (fulfillment.inputs). A live computation is kept per token, so pages that show live
    statuses (the cascade, the committee page, the manager's dashboard) compute the year once per change
    instead of once per request. A new random token, not a counter: a rolled-back change leaves the
    old token, which still names the old data."""

    token = models.UUIDField(_("version"), default=uuid.uuid4)
    changed_at = models.DateTimeField(_("ändrat"), default=timezone.now)

    class Meta:
        db_table = "goals_inputsversion"  # the table kept its name when the model left goals
        verbose_name = _("version av måluppfyllelsens underlag")
        verbose_name_plural = _("versioner av måluppfyllelsens underlag")

    def __str__(self) -> str:
        return str(self.token)
