"""Internal control (internkontroll, KL 6 kap 6 §): each committee's risk analysis and control plan for a year,
the results of the controls reported in the quarterly follow-ups, and the executive board's summary of the year.

A risk analysis (``RiskAnalysis``) holds the committee's risks, each with a consequence and a probability
from 1 to 4; the risk value is their product, computed, never typed. The control plan (``ControlPlan``)
holds the controls chosen from the risks. Both are drafted by the committee's reporter and adopted by its
approver with the committee's decision; an adopted one is read only, and is changed through a new draft
(internalcontrol/services.py ``reopen``).
``ControlResult`` is a control's result in one follow-up; ``YearSummary`` is the executive board's
summary across committees at year end.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords  # type: ignore[import-untyped]

from followups.models import FollowUp
from internalcontrol.matrix import Level, level_of
from portal.models import Committee, validate_year

SCALE = [MinValueValidator(1), MaxValueValidator(4)]


class State(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    ADOPTED = "adopted", _("Antagen")


class DecidedQuerySet(models.QuerySet):
    def adopted(self) -> DecidedQuerySet:
        """Those the committee has decided on."""
        return self.filter(state=State.ADOPTED)

    def for_year(self, year: int) -> DecidedQuerySet:
        """The year's, in the committees' order."""
        return self.filter(year=year).select_related("committee").order_by("committee__sort_order", "committee__name")


class Decided(models.Model):
    """A committee's document for a year that its decision adopts: a draft until then, read only after."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+", verbose_name=_("nämnd"))
    year = models.PositiveSmallIntegerField(_("år"), validators=[validate_year])
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.DRAFT)
    decision_reference = models.CharField(_("beslut"), max_length=100, blank=True)
    previous_decision = models.CharField(
        _("tidigare beslut"),
        max_length=100,
        blank=True,
        help_text=_("Beslutet som antog den förra versionen, när en antagen öppnats som nytt utkast."),
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("antagen av"),
    )
    adopted_at = models.DateTimeField(_("antagen"), null=True, blank=True)
    sample_note = models.CharField(
        _("exempeldata"),
        max_length=300,
        blank=True,
        help_text=_("Tomt för ett verkligt beslut. Fylls i bara i demonstrationsdata: vad som är påhittat."),
    )

    objects = DecidedQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(fields=["committee", "year"], name="%(class)s_unique_committee_year"),
            models.CheckConstraint(
                condition=~models.Q(state="adopted") | ~models.Q(decision_reference=""),
                name="%(class)s_adopted_has_decision",
            ),
        ]

    @property
    def is_draft(self) -> bool:
        return self.state == State.DRAFT


class RiskAnalysis(Decided):
    """A committee's risk analysis (riskanalys) for a year."""

    history = HistoricalRecords(verbose_name=_("historik för riskanalys"))

    class Meta(Decided.Meta):
        verbose_name = _("riskanalys")
        verbose_name_plural = _("riskanalyser")

    def __str__(self) -> str:
        return f"{self.committee} {self.year}"


class Risk(models.Model):
    """A risk in a committee's risk analysis: what could go wrong, how bad it would be and how likely it is."""

    analysis = models.ForeignKey(
        RiskAnalysis, on_delete=models.CASCADE, related_name="risks", verbose_name=_("riskanalys")
    )
    title = models.CharField(_("risk"), max_length=200)
    description = models.TextField(_("beskrivning"), max_length=4000)
    consequence = models.PositiveSmallIntegerField(_("konsekvens"), validators=SCALE)
    probability = models.PositiveSmallIntegerField(_("sannolikhet"), validators=SCALE)

    history = HistoricalRecords(verbose_name=_("historik för risk"))

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risker")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(consequence__range=(1, 4)), name="risk_consequence_1_to_4"),
            models.CheckConstraint(condition=models.Q(probability__range=(1, 4)), name="risk_probability_1_to_4"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def value(self) -> int:
        """The risk value (riskvärde): consequence times probability, 1 to 16."""
        return self.consequence * self.probability

    @property
    def level(self) -> Level:
        return level_of(self.value)


class ControlPlan(Decided):
    """A committee's internal control plan (internkontrollplan) for a year."""

    history = HistoricalRecords(verbose_name=_("historik för internkontrollplan"))

    class Meta(Decided.Meta):
        verbose_name = _("internkontrollplan")
        verbose_name_plural = _("internkontrollplaner")

    def __str__(self) -> str:
        return f"{self.committee} {self.year}"


class Control(models.Model):
    """A control (kontrollmoment) in a control plan, chosen for one of the committee's risks."""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Varje månad")
        QUARTERLY = "quarterly", _("Varje kvartal")
        TWICE_A_YEAR = "twice_a_year", _("Två gånger om året")
        YEARLY = "yearly", _("En gång om året")

    plan = models.ForeignKey(ControlPlan, on_delete=models.CASCADE, related_name="controls", verbose_name=_("plan"))
    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="controls", verbose_name=_("risk"))
    title = models.CharField(_("kontrollmoment"), max_length=200)
    method = models.TextField(_("metod"), max_length=2000)
    owner = models.CharField(_("ansvarig"), max_length=200)
    frequency = models.CharField(_("frekvens"), max_length=20, choices=Frequency.choices)

    history = HistoricalRecords(verbose_name=_("historik för kontrollmoment"))

    class Meta:
        verbose_name = _("kontrollmoment")
        verbose_name_plural = _("kontrollmoment")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class ControlResult(models.Model):
    """A control's result as reported in one follow-up: performed or not, deviations found, and what is done."""

    followup = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="control_results", verbose_name=_("uppföljning")
    )
    control = models.ForeignKey(
        Control, on_delete=models.PROTECT, related_name="results", verbose_name=_("kontrollmoment")
    )
    performed = models.BooleanField(_("utförd"))
    deviations = models.BooleanField(_("avvikelser hittades"))
    description = models.TextField(_("resultat"), max_length=4000)
    actions = models.TextField(_("åtgärder"), max_length=4000, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sparad av")
    )
    updated_at = models.DateTimeField(_("sparad"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("historik för kontrollresultat"))

    class Meta:
        verbose_name = _("kontrollresultat")
        verbose_name_plural = _("kontrollresultat")
        constraints = [
            models.UniqueConstraint(fields=["followup", "control"], name="controlresult_unique_followup_control"),
        ]

    def __str__(self) -> str:
        return f"{self.control} ({self.followup_id})"


class YearSummary(Decided):
    """The executive board's summary of the year's internal control across committees (``committee`` is the
    executive board)."""

    text = models.TextField(_("sammanfattning"), max_length=20000, blank=True)

    history = HistoricalRecords(verbose_name=_("historik för sammanställning"))

    class Meta(Decided.Meta):
        verbose_name = _("sammanställning av internkontrollen")
        verbose_name_plural = _("sammanställningar av internkontrollen")

    def __str__(self) -> str:
        return f"{self.committee} {self.year}"
