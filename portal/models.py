"""The organisation: the municipality, its committees, users and their roles."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.querystring import FIRST_YEAR, LAST_YEAR

if TYPE_CHECKING:
    from portal.access import RoleSet


class Role(models.TextChoices):
    """Municipality-wide roles; each is a Django group with this name."""

    STRATEGIST = "strategist", _("Strateg")
    HR_EDITOR = "hr_editor", _("HR-redaktör")
    VIEWER = "viewer", _("Förtroendevald (läsare)")
    MANAGER = "manager", _("Chef")
    ADMINISTRATOR = "administrator", _("Administratör")
    AUDITOR = "auditor", _("Revisor")


class User(AbstractUser):
    """A person who signs in. Roles come from groups and committee memberships."""

    # Filled by portal.access.roles_for() once per request, so that a page
    # asking many permission questions costs at most one query for them.
    _role_set: RoleSet | None = None

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = pgettext_lazy("plural", "användare")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Municipality(models.Model):
    """The municipality the portal serves: one row."""

    name = models.CharField(_("namn"), max_length=200)
    organisation_number = models.CharField(_("organisationsnummer"), max_length=11, blank=True)
    separation_of_duties = models.BooleanField(
        _("kräv två personer i uppföljningen"),
        default=False,
        help_text=_(
            "På: den som lämnade in en uppföljning kan inte godkänna den, och den som godkände den kan inte "
            "acceptera den, även om hen har båda rollerna."
        ),
    )

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = pgettext_lazy("plural", "kommuner")

    def __str__(self) -> str:
        return self.name


class CommitteeQuerySet(models.QuerySet["Committee"]):
    def active(self) -> CommitteeQuerySet:
        """Committees that still exist."""
        return self.filter(is_active=True)


def validate_pattern(pattern: str) -> None:
    """A regular expression Python can read."""
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValidationError(
            _("Mönstret går inte att läsa som reguljärt uttryck (%(error)s). Rätta det eller lämna fältet tomt."),
            params={"error": exc},
        ) from None


class Committee(models.Model):
    """A council, board, committee (nämnd) or municipal company."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("Kommunfullmäktige")
        EXECUTIVE_BOARD = "executive_board", _("Kommunstyrelse")
        COMMITTEE = "committee", _("Nämnd")
        COMPANY = "company", _("Kommunalt bolag")

    name = models.CharField(_("namn"), max_length=200, unique=True)
    abbreviation = models.CharField(
        _("förkortning"), max_length=20, unique=True, help_text=_("Används i diarienummer, t.ex. BUN.")
    )
    slug = models.SlugField(_("adressnamn"), max_length=60, unique=True)
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices, default=Kind.COMMITTEE)
    sort_order = models.PositiveIntegerField(_("ordning"), default=0)
    is_active = models.BooleanField(_("aktiv"), default=True)
    decision_reference_pattern = models.CharField(
        _("mönster för beslut"),
        max_length=200,
        blank=True,
        validators=[validate_pattern],
        help_text=_(
            "Ett reguljärt uttryck som nämndens beslut ska följa när en uppföljning godkänns. Tomt: förkortningen, "
            "ett datum eller diarienummer och en paragraf, t.ex. BUN 2026-04-22 § 45 eller BUN 2026/123 § 45."
        ),
    )
    decision_reference_example = models.CharField(
        _("exempel på beslut"),
        max_length=100,
        blank=True,
        help_text=_("Visas när ett beslut inte följer mönstret, t.ex. BUN 2026/123 § 45."),
    )

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("nämnd")
        verbose_name_plural = _("nämnder")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def decision_reference_problem(self, reference: str) -> str | None:
        """Why ``reference`` is not a decision of this committee, as a sentence that says how to write it;
        None when it follows the committee's pattern (by default: the abbreviation, a date or a diary
        number, and a paragraph)."""
        text = " ".join(reference.split())
        pattern = self.decision_reference_pattern or (
            re.escape(self.abbreviation) + r" (\d{4}-\d{2}-\d{2}|\d{4}/\d+) ?§ ?\d+"
        )
        if re.fullmatch(pattern, text):
            return None
        example = self.decision_reference_example or f"{self.abbreviation} 2026-04-22 § 45"
        return gettext(
            "”%(reference)s” följer inte hur %(committee)s skriver sina beslut. Skriv beslutet som protokollet "
            "anger det, till exempel ”%(example)s”."
        ) % {"reference": text, "committee": self.abbreviation, "example": example}


class MembershipQuerySet(models.QuerySet["Membership"]):
    def for_user(self, user: User) -> MembershipQuerySet:
        """The user's memberships, with their committees, in committee order."""
        return (
            self.filter(user=user, committee__is_active=True)
            .select_related("committee")
            .order_by("committee__sort_order", "committee__name", "role")
        )


class Membership(models.Model):
    """A user's role in one committee."""

    class Role(models.TextChoices):
        REPORTER = "reporter", _("Rapportör")
        APPROVER = "approver", _("Godkännare")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("användare"))
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("nämnd")
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = pgettext_lazy("plural", "medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["user", "committee", "role"], name="membership_unique_user_committee_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.committee} ({self.get_role_display()})"


def validate_year(value: int) -> None:
    """A year the portal knows (portal.querystring): a typo such as 20266 or 226 is refused, not stored."""
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValidationError(
            _("Ange ett år mellan %(first)s och %(last)s."),
            code="year_out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


def validate_single_line(value: str) -> None:
    """A name shown in headings, file names and mails: one line, no control characters (CR and LF included)."""
    if not value.isprintable():
        raise ValidationError(
            _("Skriv benämningen på en rad, utan radbrytningar eller andra styrtecken."), code="single_line"
        )


class ReportingPeriodQuerySet(models.QuerySet["ReportingPeriod"]):
    def open(self) -> ReportingPeriodQuerySet:
        """Periods that committees report in now."""
        return self.filter(is_open=True)

    def for_year(self, year: int) -> ReportingPeriodQuerySet:
        """The year's periods, in the order they fall."""
        return self.filter(year=year).order_by("figures_date", "pk")


class ReportingPeriod(models.Model):
    """A period the committees report on (uppföljningsperiod): Q1, delår, Q3, helår or one of its own.

    A municipality that reports per tertial uses the custom kind with a label
    ("Tertial 1"). The deadline is the last day to hand the follow-up in; it is
    overdue from the day after, in the portal's time zone.
    """

    class Kind(models.TextChoices):
        Q1 = "Q1", _("Kvartal 1")
        Q2 = "Q2", _("Delår (kvartal 2)")
        Q3 = "Q3", _("Kvartal 3")
        ANNUAL = "annual", _("Helår")
        CUSTOM = "custom", _("Egen period")

    year = models.PositiveSmallIntegerField(_("år"), validators=[validate_year])
    kind = models.CharField(_("slag"), max_length=10, choices=Kind.choices)
    label = models.CharField(
        _("benämning"),
        max_length=60,
        blank=True,
        help_text=_("Krävs för en egen period, t.ex. Tertial 1. Lämnas tom för de andra."),
        validators=[validate_single_line],
    )
    figures_date = models.DateField(_("uppgifterna avser"), help_text=_("Dagen siffrorna avser, t.ex. 31 mars."))
    deadline = models.DateField(_("sista dag att lämna in"))
    is_open = models.BooleanField(_("öppen"), default=False)
    deviation_threshold_percent = models.DecimalField(
        _("gräns för förklaring av avvikelse (%)"),
        max_digits=5,
        decimal_places=2,
        default=2,
        help_text=_(
            "En nämnd vars prognos avviker från driftbudgeten med mer än så många procent måste förklara avvikelsen."
        ),
    )
    is_sample = models.BooleanField(
        _("exempeldata"),
        default=False,
        help_text=_("Perioden är påhittad för demonstration och kommer inte från något beslut."),
    )

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("uppföljningsperiod")
        verbose_name_plural = _("uppföljningsperioder")
        ordering = ["-year", "figures_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind"],
                condition=~models.Q(kind="custom"),
                name="reportingperiod_unique_year_kind",
                violation_error_message=_("Det finns redan en sådan period för året. Välj ett annat slag eller år."),
            ),
            models.UniqueConstraint(
                fields=["year", "label"],
                condition=models.Q(kind="custom"),
                name="reportingperiod_unique_year_label",
                violation_error_message=_(
                    "Det finns redan en egen period med den benämningen för året. Välj en annan benämning."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(kind="custom") & ~models.Q(label="") | ~models.Q(kind="custom") & models.Q(label=""),
                name="reportingperiod_label_iff_custom",
                violation_error_message=_(
                    "Ange en benämning för en egen period, och lämna benämningen tom för de andra slagen."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("figures_date")),
                name="reportingperiod_deadline_not_before_figures_date",
                violation_error_message=_("Sista dag att lämna in kan inte ligga före dagen uppgifterna avser."),
            ),
            models.CheckConstraint(
                condition=models.Q(deviation_threshold_percent__gte=0),
                name="reportingperiod_threshold_not_negative",
                violation_error_message=_("Gränsen för avvikelse kan inte vara negativ. Ange 0 eller mer."),
            ),
        ]

    def __str__(self) -> str:
        name = self.label if self.kind == self.Kind.CUSTOM else self.get_kind_display()
        return f"{name} {self.year}"

    # What a published follow-up's figures refer to: fixed once one is published (followups' state
    # "published"; portal cannot import followups). The label may still be corrected.
    FIXED_WHEN_PUBLISHED = ("year", "kind", "figures_date", "deadline")

    def has_published_followups(self) -> bool:
        return self.pk is not None and self.followups.filter(state="published").exists()

    def clean(self) -> None:
        """A period with published follow-ups keeps its year, kind and dates: the published figures (and the
        measurements acceptance wrote) refer to them."""
        super().clean()
        if self.pk is None:
            return
        stored = type(self)._default_manager.filter(pk=self.pk).values(*self.FIXED_WHEN_PUBLISHED).first()
        if stored is None:
            return
        changed = [name for name in self.FIXED_WHEN_PUBLISHED if getattr(self, name) != stored[name]]
        if changed and self.has_published_followups():
            raise ValidationError(
                _(
                    "Perioden har publicerade uppföljningar, så dess år, slag och datum kan inte ändras: de "
                    "publicerade siffrorna avser dem. Ändra tillbaka %(fields)s. Benämningen kan du rätta."
                ),
                code="period_published",
                params={
                    "fields": ", ".join(
                        str(getattr(self._meta.get_field(name), "verbose_name", name)) for name in changed
                    )
                },
            )

    @property
    def has_year_end_forecast(self) -> bool:
        """Every period but the annual one asks for a forecast of the year end."""
        return self.kind != self.Kind.ANNUAL

    def is_past_deadline(self, today: datetime.date) -> bool:
        return today > self.deadline
