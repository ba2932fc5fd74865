"""The law's calendar at work: opening the committees' follow-up period of a report date when its day comes,
and reminding the strategists by email before the law's deadlines. Run once a day by Celery beat
(``reporting.run_calendar``); each thing is done at most once, however often the task runs, because each
is recorded as a ``CalendarEvent`` under a unique key in the same transaction (or, for an email, before it is
sent, and removed again if sending fails, so that the next run tries again).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from budgets.models import BudgetDocument
from followups.services import period_open
from portal.formatting import format_date
from portal.models import ReportingPeriod, Role, User
from reporting.deadlines import annual_deadline, interim_deadline, year_deadlines
from reporting.models import CalendarEvent, ReportDate, ReportKind

logger = logging.getLogger("portal.reporting")

# The follow-up period a report date opens when there is none with its figures date.
PERIOD_FOR_KIND = {
    ReportKind.TERTIAL: (ReportingPeriod.Kind.CUSTOM, "Tertial 1"),
    ReportKind.INTERIM: (ReportingPeriod.Kind.CUSTOM, "Delår per 31 augusti"),
    ReportKind.ANNUAL: (ReportingPeriod.Kind.ANNUAL, ""),
}


def opening_day(report: ReportDate) -> datetime.date:
    """The day the committees' follow-up of a report date opens: its period's end, less
    REPORTING_PERIOD_OPENS_DAYS_BEFORE days."""
    return report.period_end - datetime.timedelta(days=settings.REPORTING_PERIOD_OPENS_DAYS_BEFORE)


def report_deadline(report: ReportDate) -> datetime.date:
    """The last day the law gives the report to reach the council: past it, its period is no longer opened."""
    return annual_deadline(report.year) if report.is_annual else interim_deadline(report.period_end)


def _existing_period(report: ReportDate) -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(year=report.year, figures_date=report.period_end).order_by("pk").first()


def _period_for(report: ReportDate) -> ReportingPeriod:
    """The follow-up period whose figures are of the report's date; made, with its deadline
    REPORTING_FOLLOWUP_DAYS after that date, if there is none."""
    period = _existing_period(report)
    if period is not None:
        return period
    kind, label = PERIOD_FOR_KIND[ReportKind(report.kind)]
    return ReportingPeriod.objects.create(
        year=report.year,
        kind=kind,
        label=label,
        figures_date=report.period_end,
        deadline=report.period_end + datetime.timedelta(days=settings.REPORTING_FOLLOWUP_DAYS),
    )


def open_due_periods(*, today: datetime.date) -> int:
    """Opens the follow-up period of every report date whose opening day has come (this year's and last
    year's report dates); each once. Never one whose report is past the law's deadline, nor a period whose own
    deadline has passed: a calendar started late does not reopen finished follow-ups. Returns how many were
    opened."""
    opened = 0
    for report in ReportDate.objects.filter(year__gte=today.year - 1, year__lte=today.year).order_by("year", "kind"):
        if not opening_day(report) <= today <= report_deadline(report):
            continue
        existing = _existing_period(report)
        if existing is not None and existing.deadline < today:
            continue
        key = f"open:{report.year}-{report.kind}"
        try:
            with transaction.atomic():
                event, created = CalendarEvent.objects.get_or_create(key=key)
                if not created:
                    continue
                period = _period_for(report)
                followups = period_open(period=period, actor=None)
                event.detail = f"period={period.pk} followups={len(followups)}"
                event.save(update_fields=["detail"])
        except IntegrityError:
            logger.exception("reporting calendar: the period of %s could not be opened", report)
            continue
        logger.info("reporting calendar opened period=%s for report=%s-%s", period.pk, report.year, report.kind)
        opened += 1
    return opened


@dataclass(frozen=True)
class Due:
    key: str
    label: str
    date: datetime.date
    done: Callable[[], bool]


def _submitted(year: int, kind: str) -> Callable[[], bool]:
    return lambda: ReportDate.objects.filter(year=year, kind=kind, submitted_on__isnull=False).exists()


def _budget_adopted(year: int) -> Callable[[], bool]:
    return lambda: BudgetDocument.objects.filter(year=year, decision_date__isnull=False).exists()


def dues(year: int) -> list[Due]:
    """The law's dates that fall in ``year`` with what settles each (reporting.deadlines.year_deadlines' order:
    last year's årsredovisning, this year's delårsrapport, next year's budget)."""
    annual, interim, budget = year_deadlines(year)
    return [
        Due(f"remind:annual-{year - 1}", annual.label, annual.date, _submitted(year - 1, ReportKind.ANNUAL)),
        Due(f"remind:interim-{year}", interim.label, interim.date, _submitted(year, ReportKind.INTERIM)),
        Due(f"remind:budget-{year + 1}", budget.label, budget.date, _budget_adopted(year + 1)),
    ]


def strategists() -> list[User]:
    return list(User.objects.filter(is_active=True, groups__name=Role.STRATEGIST).exclude(email="").distinct())


def _send(due: Due, recipients: list[User]) -> None:
    link = settings.PORTAL_URL.rstrip("/") + reverse("reporting:calendar") + f"?ar={due.date.year}"
    with override(settings.LANGUAGE_CODE):
        subject = _("Påminnelse: %(what)s senast %(date)s") % {"what": due.label, "date": format_date(due.date)}
        body = ngettext(
            "%(what)s ska vara klar senast %(date)s enligt lagen. Portalen har inte registrerat att det är gjort.\n\n"
            "Lagens tidsplan: %(link)s\n\nDet här meddelandet skickas en gång, %(days)d dag före den sista dagen.",
            "%(what)s ska vara klar senast %(date)s enligt lagen. Portalen har inte registrerat att det är gjort.\n\n"
            "Lagens tidsplan: %(link)s\n\nDet här meddelandet skickas en gång, %(days)d dagar före den sista dagen.",
            settings.REPORTING_REMINDER_DAYS,
        ) % {
            "what": due.label,
            "date": format_date(due.date),
            "link": link,
            "days": settings.REPORTING_REMINDER_DAYS,
        }
    for user in recipients:
        EmailMessage(subject, body, to=[user.email]).send()


def send_deadline_reminders(*, today: datetime.date) -> int:
    """Emails the strategists about each of the law's deadlines within REPORTING_REMINDER_DAYS that the portal
    does not know to be met; each deadline once. Returns how many deadlines were reminded of."""
    reminded = 0
    window = datetime.timedelta(days=settings.REPORTING_REMINDER_DAYS)
    for due in dues(today.year) + dues(today.year + 1):
        if not today <= due.date <= today + window or due.done():
            continue
        recipients = strategists()
        if not recipients:
            continue
        event, created = CalendarEvent.objects.get_or_create(key=due.key, defaults={"detail": due.label[:500]})
        if not created:
            continue
        try:
            _send(due, recipients)
        except Exception:  # noqa: BLE001  (any mail failure: forget the event, the next run sends it)
            logger.exception("reporting calendar: the reminder %s could not be sent", due.key)
            event.delete()
            continue
        logger.info("reporting calendar reminded %s to %d strategists", due.key, len(recipients))
        reminded += 1
    return reminded


def run_calendar(*, today: datetime.date) -> dict[str, int]:
    return {"opened": open_due_periods(today=today), "reminded": send_deadline_reminders(today=today)}
