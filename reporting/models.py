"""The municipality's interim and annual reports: report dates, outcome and forecast, balanskrav items.

Outcome (utfall) and forecast (prognos) are stored as the accounting system gives them; the budget they
are compared with is the year's budget document (budgets), matched by statement and label, committee, or
investment area, and deviations are computed (reporting/outcomes.py), never stored. The outcome rows keep
the label of their line rather than a key to it, since a budget import replaces the document's lines.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from budgets.models import InvestmentArea, LineRole, Statement
from portal.models import Committee


class ReportKind(models.TextChoices):
    TERTIAL = "tertial", _("Tertialrapport per 30 april")
    INTERIM = "interim", _("Delårsrapport per 31 augusti")
    ANNUAL = "annual", _("Årsredovisning per 31 december")


# The day each kind of report closes on (month, day), and the URL word for it.
PERIOD_END = {ReportKind.TERTIAL: (4, 30), ReportKind.INTERIM: (8, 31), ReportKind.ANNUAL: (12, 31)}
KIND_SLUGS = {ReportKind.TERTIAL: "tertial", ReportKind.INTERIM: "delar", ReportKind.ANNUAL: "helar"}


class ReportDate(models.Model):
    """One report date of a year: tertial 1 per 30 April, the interim report per 31 August, the year end."""

    year = models.PositiveSmallIntegerField(_("år"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    kind = models.CharField(_("rapporttillfälle"), max_length=20, choices=ReportKind.choices)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    outcome_imported_at = models.DateTimeField(_("utfall inläst"), null=True, blank=True)
    is_example = models.BooleanField(
        _("exempeldata"),
        default=False,
        help_text=_("Påhittade siffror som visar hur portalen fungerar, inte kommunens redovisning."),
    )
    pension_commitments = models.DecimalField(
        _("pensionsförpliktelser utanför balansräkningen (mnkr)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_(
            "Ansvarsförbindelsen för pensioner intjänade före 1998, inklusive löneskatt, per rapportens dag. "
            "Avgör om reservering till resultatutjämningsreserven får göras först över 2 % (KL 11 kap. 14 §)."
        ),
    )
    submitted_on = models.DateField(
        _("lämnad till fullmäktige och revisorerna"),
        null=True,
        blank=True,
        help_text=_("Dagen rapporten lämnades till fullmäktige och revisorerna; jämförs med lagens sista dag."),
    )

    class Meta:
        verbose_name = _("rapporttillfälle")
        verbose_name_plural = pgettext_lazy("plural", "rapporttillfällen")
        ordering = ["-year", "-kind"]
        constraints = [models.UniqueConstraint(fields=["year", "kind"], name="reportdate_unique_year_kind")]

    def __str__(self) -> str:
        name = f"{self.get_kind_display()} {self.year}"
        return _("%(name)s (exempeldata)") % {"name": name} if self.is_example else name

    def clean(self) -> None:
        super().clean()
        if self.submitted_on is not None and self.year and self.kind and self.submitted_on <= self.period_end:
            raise ValidationError(
                {
                    "submitted_on": _(
                        "Rapporten kan inte lämnas innan perioden är slut (%(end)s). Skriv dagen den lämnades."
                    )
                    % {"end": self.period_end.isoformat()}
                }
            )

    @property
    def period_end(self) -> datetime.date:
        month, day = PERIOD_END[ReportKind(self.kind)]
        return datetime.date(self.year, month, day)

    @property
    def slug(self) -> str:
        return KIND_SLUGS[ReportKind(self.kind)]

    @property
    def is_annual(self) -> bool:
        return self.kind == ReportKind.ANNUAL


class LineOutcome(models.Model):
    """Outcome and forecast of one line of the income statement, balance sheet or cash flow (mnkr)."""

    report = models.ForeignKey(ReportDate, on_delete=models.CASCADE, related_name="line_outcomes")
    statement = models.CharField(_("tabell"), max_length=20, choices=Statement.choices)
    label = models.CharField(_("rad"), max_length=200)
    role = models.CharField(_("betydelse"), max_length=40, choices=LineRole.choices, blank=True)
    is_total = models.BooleanField(_("summarad"), default=False)
    outcome = models.DecimalField(_("utfall (mnkr)"), max_digits=16, decimal_places=2, null=True, blank=True)
    forecast = models.DecimalField(_("prognos (mnkr)"), max_digits=16, decimal_places=2, null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("utfall för rad i finansiell tabell")
        verbose_name_plural = _("utfall för rader i finansiella tabeller")
        ordering = ["report", "statement", "sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "statement", "label"], name="lineoutcome_unique_label"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.outcome}"


class CommitteeOutcome(models.Model):
    """Driftredovisning: a committee's net cost outcome and forecast against its municipal grant (tkr)."""

    report = models.ForeignKey(ReportDate, on_delete=models.CASCADE, related_name="committee_outcomes")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="report_outcomes")
    outcome = models.DecimalField(_("utfall (tkr)"), max_digits=16, decimal_places=2, null=True, blank=True)
    forecast = models.DecimalField(_("prognos (tkr)"), max_digits=16, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("driftredovisning")
        verbose_name_plural = _("driftredovisningar")
        ordering = ["report", "committee__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "committee"], name="committeeoutcome_unique_committee"),
        ]

    def __str__(self) -> str:
        return f"{self.committee}: {self.outcome}"


class InvestmentLineOutcome(models.Model):
    """Investeringsredovisning: outcome and forecast per line of the investment budget (committee or area, tkr)."""

    report = models.ForeignKey(ReportDate, on_delete=models.CASCADE, related_name="investment_outcomes")
    area = models.CharField(_("område"), max_length=30, choices=InvestmentArea.choices)
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, null=True, blank=True, related_name="investment_outcomes"
    )
    outcome = models.DecimalField(_("utfall (tkr)"), max_digits=16, decimal_places=2, null=True, blank=True)
    forecast = models.DecimalField(_("prognos (tkr)"), max_digits=16, decimal_places=2, null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("investeringsredovisning")
        verbose_name_plural = _("investeringsredovisningar")
        ordering = ["report", "sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "committee"],
                condition=models.Q(area="committee"),
                name="investmentlineoutcome_unique_committee",
            ),
            models.UniqueConstraint(
                fields=["report", "area"],
                condition=~models.Q(area="committee"),
                name="investmentlineoutcome_unique_area",
            ),
            models.CheckConstraint(
                condition=models.Q(area="committee", committee__isnull=False)
                | (~models.Q(area="committee") & models.Q(committee__isnull=True)),
                name="investmentlineoutcome_committee_iff_area_committee",
            ),
        ]

    def __str__(self) -> str:
        where = self.committee if self.committee_id else self.get_area_display()
        return f"{where}: {self.outcome}"


class AdjustmentKind(models.TextChoices):
    """The entered items of the balanskravsutredning, in the standard structure's order."""

    REALISATION_GAINS = "realisation_gains", _("Samtliga realisationsvinster (avgår)")
    REALISATION_GAINS_EXCEPTION = (
        "realisation_gains_exception",
        _("Realisationsvinster enligt undantagsmöjlighet (tillägg)"),
    )
    REALISATION_LOSSES_EXCEPTION = (
        "realisation_losses_exception",
        _("Realisationsförluster enligt undantagsmöjlighet (tillägg)"),
    )
    UNREALISED_LOSSES = "unrealised_losses", _("Orealiserade förluster i värdepapper (tillägg)")
    UNREALISED_LOSSES_REVERSAL = (
        "unrealised_losses_reversal",
        _("Återföring av orealiserade förluster i värdepapper (avgår)"),
    )


# +1 adds to the result, -1 deducts from it (the amounts are entered as positive figures).
ADJUSTMENT_SIGN = {
    AdjustmentKind.REALISATION_GAINS: -1,
    AdjustmentKind.REALISATION_GAINS_EXCEPTION: 1,
    AdjustmentKind.REALISATION_LOSSES_EXCEPTION: 1,
    AdjustmentKind.UNREALISED_LOSSES: 1,
    AdjustmentKind.UNREALISED_LOSSES_REVERSAL: -1,
}


class BalanceAdjustment(models.Model):
    """An entered item of the balanskravsutredning: what it is, its amount (mnkr, positive) and where it comes from."""

    report = models.ForeignKey(ReportDate, on_delete=models.CASCADE, related_name="adjustments")
    kind = models.CharField(_("post"), max_length=40, choices=AdjustmentKind.choices)
    amount = models.DecimalField(
        _("belopp (mnkr)"), max_digits=16, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    comment = models.CharField(
        _("kommentar"),
        max_length=500,
        help_text=_("Vad posten avser och var den finns i redovisningen, t.ex. ”Försäljning av Norra skolan”."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("balanskravsjustering")
        verbose_name_plural = _("balanskravsjusteringar")
        ordering = ["report", "kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="balanceadjustment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount} mnkr"

    @property
    def signed_amount(self) -> Decimal:
        return self.amount * ADJUSTMENT_SIGN[AdjustmentKind(self.kind)]


class EqualisationRule(models.Model):
    """The municipality's own guidelines for the resultatutjämningsreserv (RUR), KL 11 kap. 14 §.

    One row: the portal reads the first. See docs/reporting.md for how each field is used.
    """

    threshold_percent = models.DecimalField(
        _("gräns för reservering (% av skatteintäkter och generella statsbidrag)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Den del av resultatet efter balanskravsjusteringar som överstiger gränsen får reserveras."),
    )
    reserve_share_percent = models.DecimalField(
        _("andel av överskottet som reserveras (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(100),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    restore_deficits_first = models.BooleanField(
        _("tidigare underskott återställs före reservering"),
        default=True,
        help_text=_("Reserveringen görs bara av det som återstår när tidigare års underskott har återställts."),
    )
    average_years = models.PositiveSmallIntegerField(
        _("antal år i snittet för skatteunderlagets utveckling"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Reserven får användas det år skatteunderlaget växer mindre än snittet för så här många år."),
    )
    opening_year = models.PositiveSmallIntegerField(
        _("ingående år"), default=2020, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    opening_balance = models.DecimalField(
        _("reservens saldo vid årets början (mnkr)"),
        max_digits=16,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    decision_reference = models.CharField(
        _("beslut om riktlinjerna"), max_length=100, blank=True, help_text=_("T.ex. KF 2013-12-18 § 150.")
    )

    class Meta:
        verbose_name = _("riktlinje för resultatutjämningsreserv")
        verbose_name_plural = _("riktlinjer för resultatutjämningsreserv")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class TaxBaseGrowth(models.Model):
    """The skatteunderlag's growth for one year (per cent), e.g. from SKR's forecast: when the RUR may be used."""

    year = models.PositiveSmallIntegerField(
        _("år"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    percent = models.DecimalField(_("utveckling (%)"), max_digits=6, decimal_places=2)
    source = models.CharField(_("källa"), max_length=200, help_text=_("T.ex. SKR cirkulär 26:12."))

    class Meta:
        verbose_name = _("skatteunderlagets utveckling")
        verbose_name_plural = _("skatteunderlagets utveckling")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.percent} %"


def compiled_file_path(instance: CompiledReport, filename: str) -> str:
    """Where a compiled report's PDF or workbook is stored: under the report date and the file's digest."""
    return f"reporting/{instance.report.year}-{instance.report.slug}/{filename}"


class DeficitWaiver(models.Model):
    """The council's decision that a year's negative balanskravsresultat, wholly or in part, is not to be restored
    because of synnerliga skäl (KL 11 kap. 13 §). The deficit of ``year`` is reduced by ``amount`` (all of it when
    empty) from the year it arose; the decision and its reasons show beside it."""

    year = models.PositiveSmallIntegerField(
        _("underskottet uppstod år"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    amount = models.DecimalField(
        _("belopp som inte återställs (mnkr)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Tomt: hela årets underskott."),
    )
    reason = models.CharField(
        _("synnerliga skäl"),
        max_length=500,
        help_text=_("Skälen fullmäktige angav, t.ex. ”Realisationsförlust vid omstrukturering av bostadsbolaget”."),
    )
    decision_reference = models.CharField(
        _("fullmäktiges beslut"), max_length=100, help_text=_("T.ex. KF 2026-04-22 § 45.")
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("beslut att inte återställa underskott")
        verbose_name_plural = _("beslut att inte återställa underskott")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.decision_reference}"


class CompiledReport(models.Model):
    """The interim or annual report compiled as one document (reporting/compilation.py): a snapshot.

    One per report date. The Celery task renders every section to ``content_html`` (the page), keeps a
    summary in ``content`` (JSON), and stores the PDF and the workbook through Django's storage API with
    their SHA-256. A draft or compiled report is compiled again in place; a published one never changes.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Inte sammanställd")
        COMPILED = "compiled", _("Sammanställd")
        PUBLISHED = "published", _("Antagen och publicerad")

    class Progress(models.TextChoices):
        IDLE = "idle", _("Ingen sammanställning väntar")
        QUEUED = "queued", _("Väntar på att sammanställas")
        RUNNING = "running", _("Sammanställs")
        FAILED = "failed", _("Misslyckades")

    report = models.OneToOneField(ReportDate, on_delete=models.CASCADE, related_name="compiled")
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.DRAFT)
    progress = models.CharField(_("förlopp"), max_length=20, choices=Progress.choices, default=Progress.IDLE)
    error = models.TextField(_("fel"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    heartbeat_at = models.DateTimeField(_("senast igång"), null=True, blank=True)
    requested_by = models.ForeignKey(
        "portal.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("begärd av")
    )
    compiled_at = models.DateTimeField(_("sammanställd"), null=True, blank=True)
    compiled_by = models.ForeignKey(
        "portal.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sammanställd på begäran av"),
    )
    is_example = models.BooleanField(_("exempeldata"), default=False)
    content_html = models.TextField(_("innehåll (HTML)"), blank=True)
    content = models.JSONField(_("innehåll (sammanfattning)"), default=dict, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=compiled_file_path, max_length=200, blank=True)
    pdf_sha256 = models.CharField(_("PDF:ens kontrollsumma (SHA-256)"), max_length=64, blank=True)
    xlsx = models.FileField(_("arbetsbok"), upload_to=compiled_file_path, max_length=200, blank=True)
    xlsx_sha256 = models.CharField(_("arbetsbokens kontrollsumma (SHA-256)"), max_length=64, blank=True)
    decision_reference = models.CharField(
        _("beslut"),
        max_length=100,
        blank=True,
        help_text=_("Fullmäktiges beslut om rapporten, t.ex. KF 2026-10-28 § 120."),
    )
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    published_by = models.ForeignKey(
        "portal.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publicerad av"),
    )

    class Meta:
        verbose_name = _("sammanställd rapport")
        verbose_name_plural = _("sammanställda rapporter")
        ordering = ["-report__year", "-report__kind"]

    def __str__(self) -> str:
        return str(self.report)

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def is_compiled(self) -> bool:
        return self.state in (self.State.COMPILED, self.State.PUBLISHED) and bool(self.content_html)

    @property
    def is_busy(self) -> bool:
        return self.progress in (self.Progress.QUEUED, self.Progress.RUNNING)


class CalendarEvent(models.Model):
    """Something the calendar task did once (reporting/calendar_tasks.py): a period opened, a reminder sent.

    The key names the event (``open:2026-interim``, ``remind:annual-2025:7``); it is unique, so the task
    never does the same thing twice however often it runs."""

    key = models.CharField(_("händelse"), max_length=100, unique=True)
    done_at = models.DateTimeField(_("utförd"), auto_now_add=True)
    detail = models.CharField(_("detaljer"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("händelse i tidsplanen")
        verbose_name_plural = _("händelser i tidsplanen")
        ordering = ["-done_at"]

    def __str__(self) -> str:
        return self.key
