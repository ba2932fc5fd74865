"""A committee's follow-up of a reporting period (uppföljning), its sections and its workflow.

Each committee gets one follow-up per period when the strategist opens it: a
goal assessment per committee goal, a value per indicator, the economy
(outcome and forecast against the budget), investments and key events. Every
section keeps its history and a version, so two people saving the same
section never overwrite each other unseen. ``Transition`` records each step
of the workflow; ``Notification`` is the outbox of the emails the steps send.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords  # type: ignore[import-untyped]

from goals.models import Goal, Indicator, Measurement
from goals.status import Status as FulfillmentStatus
from planning.models import Assignment, Progress
from portal.access import RoleSet, roles_for
from portal.markdown import MarkdownHTMLField, RendersMarkdown
from portal.models import Committee, Membership, ReportingPeriod, Role, User

# --- Follow-ups (uppföljningar) -------------------------------------------------


class FollowUpQuerySet(models.QuerySet["FollowUp"]):
    def for_user(self, user: User) -> FollowUpQuerySet:
        """What the user may read: every follow-up for internal readers, else their own committees'
        (followups/rules.py)."""
        if user.has_perm("followups.view_all_followups"):
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

    The state changes only through followups/services.py, which records every
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
        db_table = "goals_followup"  # the table kept its name when the model left goals
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

    def returned_by(self, transitions: Sequence[Transition]) -> Transition | None:
        """The step that sent this draft back, when it was the last step (``transitions`` in time order):
        its comment says what the reporter must put right."""
        last = transitions[-1] if transitions else None
        return last if self.is_draft and last is not None and last.action == Transition.Action.RETURN else None

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
        db_table = "goals_transition"  # the table kept its name when the model left goals
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


class Section(RendersMarkdown, models.Model):
    """A part of a follow-up that is saved on its own, with its own version.

    A save names the version it was edited from; if someone saved in
    between, the save is refused (followups.services.section_save).
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
    analysis_html = MarkdownHTMLField(source="analysis")
    measures_html = MarkdownHTMLField(source="measures")

    history = HistoricalRecords(
        table_name="goals_historicalassessment",
        verbose_name=_("historik för bedömning"),
        excluded_fields=["analysis_html", "measures_html"],
    )
    content_fields = ("status", "forecast_status", "analysis", "measures")

    class Meta:
        db_table = "goals_assessment"  # the table kept its name when the model left goals
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

    history = HistoricalRecords(
        table_name="goals_historicalindicatorvalue",
        verbose_name=_("historik för indikatorvärde"),
        excluded_fields=["measurement"],
    )
    content_fields = ("value", "reference_value", "comment")

    class Meta:
        db_table = "goals_indicatorvalue"  # the table kept its name when the model left goals
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
    explanation_html = MarkdownHTMLField(source="explanation")

    history = HistoricalRecords(
        table_name="goals_historicalfinancialoutcome",
        verbose_name=_("historik för ekonomiskt utfall"),
        excluded_fields=["explanation_html"],
    )
    content_fields = ("net_cost_to_date", "forecast", "explanation")

    class Meta:
        db_table = "goals_financialoutcome"  # the table kept its name when the model left goals
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
    comment_html = MarkdownHTMLField(source="comment")

    history = HistoricalRecords(
        table_name="goals_historicalinvestmentoutcome",
        verbose_name=_("historik för investeringsutfall"),
        excluded_fields=["comment_html"],
    )
    content_fields = ("outcome_to_date", "forecast", "comment")

    class Meta:
        db_table = "goals_investmentoutcome"  # the table kept its name when the model left goals
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
    text_html = MarkdownHTMLField(source="text")

    history = HistoricalRecords(
        table_name="goals_historicalkeyevents",
        verbose_name=_("historik för väsentliga händelser"),
        excluded_fields=["text_html"],
    )
    content_fields = ("text",)

    class Meta:
        db_table = "goals_keyevents"  # the table kept its name when the model left goals
        verbose_name = _("väsentliga händelser")
        verbose_name_plural = pgettext_lazy("plural", "väsentliga händelser")

    def __str__(self) -> str:
        return str(self.followup)


class AssignmentReport(Section):
    """The committee's word in a follow-up on one of its assignments (uppdrag): how far it has come and why.

    Created with the assignment's last reported status and comment; saving it
    also keeps the new status on the assignment (followups.services.section_save).
    """

    followup = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="assignment_reports", verbose_name=_("uppföljning")
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="reports", verbose_name=_("uppdrag")
    )
    status = models.CharField(_("status"), max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED)
    comment = models.TextField(_("kommentar"), blank=True, help_text=_("Vad som är gjort och vad som återstår."))

    history = HistoricalRecords(verbose_name=_("historik för uppdragsrapport"))
    content_fields = ("status", "comment")

    class Meta:
        verbose_name = _("rapport om uppdrag")
        verbose_name_plural = _("rapporter om uppdrag")
        ordering = ["followup", "assignment__title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["followup", "assignment"], name="assignmentreport_unique_followup"),
        ]

    def __str__(self) -> str:
        return f"{self.followup}: {self.assignment}"


class ValueComment(models.Model):
    """A comment on a follow-up's indicator value (kommentar till indikatorvärde): a question from the
    strategist, the committee's answer. Written by anyone who may read the follow-up; never changed."""

    value = models.ForeignKey(
        IndicatorValue, on_delete=models.CASCADE, related_name="comments", verbose_name=_("indikatorvärde")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("skriven av")
    )
    text = models.TextField(_("kommentar"))
    at = models.DateTimeField(_("skriven"), default=timezone.now)

    class Meta:
        verbose_name = _("kommentar till indikatorvärde")
        verbose_name_plural = _("kommentarer till indikatorvärden")
        ordering = ["value", "at", "pk"]
        constraints = [models.CheckConstraint(condition=~models.Q(text=""), name="valuecomment_text_not_empty")]

    def __str__(self) -> str:
        return f"{self.value}: {self.text[:40]}"


def attachment_path(instance: Attachment, filename: str) -> str:
    """Where the storage keeps an attachment: a random name, never the uploader's (shown from ``name``)."""
    return f"bilagor/{instance.followup_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file attached to a section of a follow-up (a PDF, a workbook, a document or an image).

    Stored through Django's storage API; the type is the one the file's first
    bytes show (followups/attachments.py), not the one the browser claimed.
    ``section`` names the section as the editor's anchors do: "financial",
    "investments", "events", "assessment-12", "assignment-3".
    """

    followup = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("uppföljning")
    )
    section = models.CharField(_("avsnitt"), max_length=40)
    section_name = models.CharField(
        _("avsnittets namn"), max_length=300, help_text=_("Som det hette vid uppladdningen.")
    )
    file = models.FileField(_("fil"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("filnamn"), max_length=200)
    content_type = models.CharField(_("filtyp"), max_length=100)
    size = models.PositiveIntegerField(_("storlek (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uppladdad av")
    )
    uploaded_at = models.DateTimeField(_("uppladdad"), default=timezone.now)

    class Meta:
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        ordering = ["followup", "section", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def kilobytes(self) -> Decimal:
        return Decimal(self.size) / 1024


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
        PLAN_CHANGED = "plan_changed", _("Nytt i planen")

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
        db_table = "goals_notification"  # the table kept its name when the model left goals
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
