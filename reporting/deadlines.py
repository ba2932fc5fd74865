"""The statutory calendar: when the budget, the delårsrapport and the årsredovisning are due, and the checks.

What the law says (docs/reporting.md cites it):
- the budget is adopted by the council before the end of November of the year before the budget year; in
  the year of the nationwide council elections (every fourth year: 2022, 2026, 2030, ...) by the newly
  elected council, whose term starts on 15 October (kommunallagen 11 kap.);
- at least one delårsrapport a year, covering at least half and at most two thirds of the year (LKBR
  13 kap. 1 §), handed to the council and the auditors within two months of the period's end (KL 11 kap.
  16 § andra stycket);
- the årsredovisning handed to the council and the auditors by 15 April of the following year (KL 11 kap.).
Pure functions: dates in, findings out.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.formatting import format_date

ELECTION_YEAR = 2022  # any year of the nationwide elections; they come every fourth year
TERM_STARTS = (10, 15)  # the new council's term starts on 15 October of the election year


@dataclass(frozen=True)
class Finding:
    ok: bool
    message: str


@dataclass(frozen=True)
class Deadline:
    label: str
    date: datetime.date
    rule: str


def is_election_year(year: int) -> bool:
    return (year - ELECTION_YEAR) % 4 == 0


def budget_deadline(budget_year: int) -> datetime.date:
    return datetime.date(budget_year - 1, 11, 30)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def interim_deadline(period_end: datetime.date) -> datetime.date:
    """Two months after the period's end; the period ends on a month's last day, so the deadline does too."""
    last = _add_months(period_end.replace(day=1), 2)
    return last.replace(day=calendar.monthrange(last.year, last.month)[1])


def annual_deadline(year: int) -> datetime.date:
    return datetime.date(year + 1, 4, 15)


def share_of_year(period_end: datetime.date) -> Fraction:
    """How much of the year a period from 1 January covers, in whole months when it ends on a month's end."""
    if period_end.day == calendar.monthrange(period_end.year, period_end.month)[1]:
        return Fraction(period_end.month, 12)
    days = (period_end - datetime.date(period_end.year, 1, 1)).days + 1
    return Fraction(days, 366 if calendar.isleap(period_end.year) else 365)


def budget_findings(budget_year: int, decision_date: datetime.date | None) -> list[Finding]:
    """Whether the year's budget was adopted in time, and by the right council in an election year."""
    deadline = budget_deadline(budget_year)
    previous = budget_year - 1
    if decision_date is None:
        return [
            Finding(
                False,
                _(
                    "Beslutsdatum saknas för budgeten %(year)d, så det går inte att se att den fastställdes före "
                    "%(deadline)s. Fyll i fullmäktiges beslutsdatum i budgetdokumentet."
                )
                % {"year": budget_year, "deadline": format_date(deadline)},
            )
        ]
    findings = []
    if decision_date > deadline:
        findings.append(
            Finding(
                False,
                _("Budgeten %(year)d fastställdes %(date)s, efter november månads utgång (senast %(deadline)s).")
                % {"year": budget_year, "date": format_date(decision_date), "deadline": format_date(deadline)},
            )
        )
    else:
        findings.append(
            Finding(
                True,
                _("Budgeten %(year)d fastställdes %(date)s, före november månads utgång.")
                % {"year": budget_year, "date": format_date(decision_date)},
            )
        )
    term_start = datetime.date(previous, *TERM_STARTS)
    if is_election_year(previous) and decision_date < term_start:
        findings.append(
            Finding(
                False,
                _(
                    "%(previous)d var valår: budgeten ska fastställas av de nyvalda fullmäktige, vars mandattid "
                    "börjar %(start)s. Beslutet %(date)s fattades av de tidigare fullmäktige; låt de nyvalda "
                    "fastställa budgeten före %(deadline)s."
                )
                % {
                    "previous": previous,
                    "start": format_date(term_start),
                    "date": format_date(decision_date),
                    "deadline": format_date(deadline),
                },
            )
        )
    return findings


def report_findings(
    *, annual: bool, period_end: datetime.date, submitted_on: datetime.date | None, today: datetime.date
) -> list[Finding]:
    """Whether a report covers what the law asks and reached the council and the auditors in time."""
    findings = []
    if annual:
        deadline = annual_deadline(period_end.year)
        what = _("Årsredovisningen")
    else:
        deadline = interim_deadline(period_end)
        what = _("Delårsrapporten")
        share = share_of_year(period_end)
        if Fraction(1, 2) <= share <= Fraction(2, 3):
            findings.append(
                Finding(
                    True,
                    _(
                        "Perioden omfattar %(months)s av året: minst hälften och högst två tredjedelar, "
                        "som lagen kräver."
                    )
                    % {"months": _share_text(share)},
                )
            )
        else:
            findings.append(
                Finding(
                    False,
                    _(
                        "Perioden omfattar %(months)s av året, så rapporten är inte den delårsrapport lagen kräver "
                        "(minst hälften och högst två tredjedelar av året, t.ex. per 30 juni eller 31 augusti). "
                        "Gör också en delårsrapport per 31 augusti."
                    )
                    % {"months": _share_text(share)},
                )
            )
            return findings  # the law's two months apply to the delårsrapport it requires, not to this one
    if submitted_on is None:
        late = today > deadline
        findings.append(
            Finding(
                not late,
                (
                    _(
                        "%(what)s skulle ha lämnats till fullmäktige och revisorerna senast %(deadline)s. "
                        "Fyll i när den lämnades."
                    )
                    if late
                    else _("%(what)s ska lämnas till fullmäktige och revisorerna senast %(deadline)s.")
                )
                % {"what": what, "deadline": format_date(deadline)},
            )
        )
    elif submitted_on > deadline:
        days = (submitted_on - deadline).days
        findings.append(
            Finding(
                False,
                ngettext(
                    "%(what)s lämnades %(date)s, %(days)d dag efter sista dagen %(deadline)s.",
                    "%(what)s lämnades %(date)s, %(days)d dagar efter sista dagen %(deadline)s.",
                    days,
                )
                % {"what": what, "date": format_date(submitted_on), "days": days, "deadline": format_date(deadline)},
            )
        )
    else:
        findings.append(
            Finding(
                True,
                _("%(what)s lämnades %(date)s, i tid (senast %(deadline)s).")
                % {"what": what, "date": format_date(submitted_on), "deadline": format_date(deadline)},
            )
        )
    return findings


def _share_text(share: Fraction) -> str:
    if share.denominator in (1, 2, 3, 4, 6, 12) and share * 12 == int(share * 12):
        return _("%(months)d av 12 månader") % {"months": int(share * 12)}
    return f"{float(share) * 100:.0f} %".replace(".", ",")


def year_deadlines(year: int) -> list[Deadline]:
    """The law's dates that fall in ``year``: last year's årsredovisning, this year's delårsrapport per 31 August,
    next year's budget."""
    budget_rule = _("fullmäktige, före november månads utgång")
    if is_election_year(year):
        budget_rule = _("de nyvalda fullmäktige (valår), före november månads utgång")
    return [
        Deadline(
            _("Årsredovisning %(year)d till fullmäktige och revisorerna") % {"year": year - 1},
            annual_deadline(year - 1),
            _("kommunallagen 11 kap."),
        ),
        Deadline(
            _("Delårsrapport per 31 augusti %(year)d till fullmäktige och revisorerna") % {"year": year},
            interim_deadline(datetime.date(year, 8, 31)),
            _("kommunallagen 11 kap. 16 §; perioden enligt LKBR 13 kap. 1 §"),
        ),
        Deadline(
            _("Budget %(next)d fastställd av %(who)s") % {"next": year + 1, "who": budget_rule},
            budget_deadline(year + 1),
            _("kommunallagen 11 kap."),
        ),
    ]
