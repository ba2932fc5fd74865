"""Goal fulfillment: indicator statuses, goal statuses, roll-ups and the verdict
on sound financial management ("god ekonomisk hushållning").

Plain functions over plain values, with no database, so that the annual
compilation (a Celery task), the cascade page, the PDF and the tests all
judge the same way. Every result carries the Swedish sentence that explains
it, and the basis of the evidence it rests on.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.db import models
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext

from goals.status import Status
from goals.targets import Comparator
from portal.formatting import format_amount, format_number


class Basis(models.TextChoices):
    """What evidence rests on, best first: outcome, then forecast, then budget."""

    OUTCOME = "outcome", gettext_lazy("utfall")
    FORECAST = "forecast", gettext_lazy("prognos")
    BUDGET = "budget", gettext_lazy("budget")


BASIS_ORDER = (Basis.OUTCOME, Basis.FORECAST, Basis.BUDGET)
BASES = frozenset(Basis.values)  # (.values makes a new list on every call)

_translations: dict[tuple[str | None, str], str] = {}
_language: ContextVar[str | None] = ContextVar("fulfillment_language", default=None)


@contextmanager
def one_language() -> Iterator[None]:
    """Reads the active language once for everything judged inside (a compilation judges thousands of
    indicators, each asking for it several times)."""
    token = _language.set(get_language())
    try:
        yield
    finally:
        _language.reset(token)


def _(message: str) -> str:
    """gettext, kept per language: a compilation asks for the same few texts thousands of times."""
    key = (_language.get() or get_language(), message)
    text = _translations.get(key)
    if text is None:
        text = _translations[key] = gettext(message)
    return text


def basis_label(basis: str | None) -> str:
    """The basis in words ("utfall"), or "" for none."""
    if basis not in BASES:
        return ""
    key = (_language.get() or get_language(), f"basis:{basis}")
    text = _translations.get(key)
    if text is None:
        text = _translations[key] = str(Basis(basis).label)
    return text


class MajorityCounting(models.TextChoices):
    PER_GROUP = "per_group", gettext_lazy("Majoritet av de finansiella målen och av verksamhetsmålen, var för sig")
    COMBINED = "combined", gettext_lazy("Majoritet av de finansiella målen och verksamhetsmålen tillsammans")


@dataclass(frozen=True)
class Evidence:
    """The best figure that exists for an indicator and year.

    ``missing`` says why there is no value ("utfall 2025 saknas") when the
    source knows; ``previous`` is last year's value for "unchanged or rising";
    ``compared_with`` is the other indicator's value for "not faster than".
    """

    year: int
    value: Decimal | None
    basis: str | None = None
    reference_value: Decimal | None = None
    previous: Decimal | None = None
    compared_with: Decimal | None = None
    missing: str = ""
    latest_published: bool = False  # ``year`` is the latest published year, not the year judged: say so


@dataclass(frozen=True)
class IndicatorInput:
    name: str
    comparator: str | None  # None: the indicator has no target for the year
    target: Decimal | None = None
    tolerance: Decimal | None = None
    unit: str = ""
    decimals: int = 1
    compared_with_name: str = ""  # the other indicator, for "not faster than"


@dataclass(frozen=True)
class Result:
    status: str
    sentence: str
    basis: str | None = None


def _figure(value: Decimal, unit: str, decimals: int) -> str:
    return format_amount(value, unit, decimals) if unit else format_number(value, decimals)


def best_evidence(year: int, candidates: dict[str, Decimal | None], **extra: object) -> Evidence:
    """The best of the figures by basis: outcome before forecast before budget."""
    for basis in BASIS_ORDER:
        value = candidates.get(basis)
        if value is not None:
            return Evidence(year=year, value=value, basis=basis, **extra)  # type: ignore[arg-type]
    return Evidence(year=year, value=None, **extra)  # type: ignore[arg-type]


def assess_indicator(indicator: IndicatorInput, evidence: Evidence | None) -> Result:
    """Met, partly met, not met, or not assessed with the reason; always with a sentence."""
    name = indicator.name
    if indicator.comparator is None:
        return Result(Status.NOT_ASSESSED, _("%(name)s ej bedömd: målvärde saknas") % {"name": name})
    if evidence is None or evidence.value is None:
        reason = evidence.missing if evidence and evidence.missing else _("värde saknas")
        return Result(Status.NOT_ASSESSED, _("%(name)s ej bedömd: %(reason)s") % {"name": name, "reason": reason})

    value = evidence.value
    label = basis_label(evidence.basis)
    shown = _figure(value, indicator.unit, indicator.decimals)
    if label:
        shown = f"{shown} ({label})"
    tolerance = indicator.tolerance or Decimal(0)
    comparator = indicator.comparator

    if comparator in (Comparator.AT_LEAST, Comparator.AT_MOST):
        if indicator.target is None:
            return Result(Status.NOT_ASSESSED, _("%(name)s ej bedömd: målvärde saknas") % {"name": name})
        target = indicator.target
        target_text = _figure(target, indicator.unit, indicator.decimals)
        if comparator == Comparator.AT_LEAST:
            met, partly = value >= target, value >= target - tolerance
            goal_text = _("minst %(target)s") % {"target": target_text}
        else:
            met, partly = value <= target, value <= target + tolerance
            goal_text = _("högst %(target)s") % {"target": target_text}
    elif comparator == Comparator.ABOVE_REFERENCE:
        if evidence.reference_value is None:
            return Result(
                Status.NOT_ASSESSED,
                _("%(name)s ej bedömd: referensvärde för %(year)d saknas") % {"name": name, "year": evidence.year},
                evidence.basis,
            )
        reference = evidence.reference_value
        met, partly = value > reference, value >= reference - tolerance
        goal_text = _("över referensvärdet %(reference)s") % {
            "reference": _figure(reference, indicator.unit, indicator.decimals)
        }
    elif comparator == Comparator.NOT_FASTER_THAN:
        if evidence.compared_with is None:
            other = indicator.compared_with_name or _("jämförelsevärdet")
            return Result(
                Status.NOT_ASSESSED,
                _("%(name)s ej bedömd: %(other)s för %(year)d saknas")
                % {"name": name, "other": other, "year": evidence.year},
                evidence.basis,
            )
        other_value = evidence.compared_with
        met, partly = value <= other_value, value <= other_value + tolerance
        goal_text = _("inte snabbare än %(other)s %(value)s") % {
            "other": indicator.compared_with_name or _("jämförelsevärdet"),
            "value": _figure(other_value, indicator.unit, indicator.decimals),
        }
    elif comparator == Comparator.UNCHANGED_OR_RISING:
        if evidence.previous is None:
            return Result(
                Status.NOT_ASSESSED,
                _("%(name)s ej bedömd: värde för %(year)d saknas") % {"name": name, "year": evidence.year - 1},
                evidence.basis,
            )
        met = partly = value >= evidence.previous
        goal_text = _("oförändrad eller ökande från %(previous)s") % {
            "previous": _figure(evidence.previous, indicator.unit, indicator.decimals)
        }
    else:
        raise ValueError(f"unknown comparator {comparator!r}")

    if met:
        status, verdict = Status.FULFILLED, _("uppfylld")
    elif partly and tolerance:
        status, verdict = Status.PARTLY, _("delvis uppfylld (inom toleransen)")
    else:
        status, verdict = Status.NOT_FULFILLED, _("ej uppfylld")
    sentence = _("%(name)s: %(value)s mot målet %(goal)s – %(verdict)s") % {
        "name": name,
        "value": shown,
        "goal": goal_text,
        "verdict": verdict,
    }
    if evidence.latest_published:
        sentence += " " + _("(värdet avser %(year)d, det senast publicerade)") % {"year": evidence.year}
    return Result(status, sentence, evidence.basis)


def _weakest_basis(results: Sequence[Result]) -> str | None:
    """The weakest basis among the results: a status is only as sure as its weakest evidence."""
    bases = [r.basis for r in results if r.basis in BASES]
    for basis in reversed(BASIS_ORDER):
        if basis in bases:
            return basis
    return None


def _not_assessed_part(results: Sequence[Result]) -> str:
    reasons = [r.sentence for r in results if r.status == Status.NOT_ASSESSED]
    return "; ".join(reasons)


def _ladder(results: Sequence[Result]) -> str:
    """All fulfilled: fulfilled; some fulfilled or partly: partly; none assessed: not assessed; none
    fulfilled while some are still open: not assessed (what is missing could change it); else not fulfilled."""
    assessed = [r for r in results if r.status != Status.NOT_ASSESSED]
    fulfilled = sum(1 for r in assessed if r.status == Status.FULFILLED)
    if not assessed:
        return Status.NOT_ASSESSED
    if fulfilled == len(results):
        return Status.FULFILLED
    if fulfilled or any(r.status == Status.PARTLY for r in assessed):
        return Status.PARTLY
    if len(assessed) < len(results):
        return Status.NOT_ASSESSED
    return Status.NOT_FULFILLED


@lru_cache(maxsize=256)
def _counted(language: str | None, total: int) -> str:
    """The count's text for ``total`` indicators in ``language`` (the active one), kept: one per goal otherwise."""
    return ngettext("%(met)d av %(total)d indikator uppfylld", "%(met)d av %(total)d indikatorer uppfyllda", total)


@lru_cache(maxsize=256)
def _counted_majority(language: str | None, total: int) -> str:
    return ngettext(
        "%(met)d av %(total)d indikator uppfylld (majoritet krävs)",
        "%(met)d av %(total)d indikatorer uppfyllda (majoritet krävs)",
        total,
    )


def status_from_indicators(results: Sequence[Result]) -> Result:
    """All met: fulfilled; some met or partly: partly; none met: not fulfilled; none assessed: not assessed."""
    if not results:
        return Result(Status.NOT_ASSESSED, _("Ej bedömt: målet har inga indikatorer"))
    assessed = [r for r in results if r.status != Status.NOT_ASSESSED]
    met = sum(1 for r in assessed if r.status == Status.FULFILLED)
    total = len(results)
    counted = _counted(_language.get() or get_language(), total) % {"met": met, "total": total}
    missing = _not_assessed_part(results)
    sentence = f"{counted}; {missing}" if missing else counted
    return Result(_ladder(results), sentence, _weakest_basis(assessed))


def status_by_majority(results: Sequence[Result]) -> Result:
    """Fulfilled when more than half of the indicators are met; decided only when the rest cannot change it."""
    total = len(results)
    if not total:
        return Result(Status.NOT_ASSESSED, _("Ej bedömt: målet har inga indikatorer"))
    met = sum(1 for r in results if r.status == Status.FULFILLED)
    open_ = sum(1 for r in results if r.status == Status.NOT_ASSESSED)
    counted = _counted_majority(_language.get() or get_language(), total) % {"met": met, "total": total}
    missing = _not_assessed_part(results)
    sentence = f"{counted}; {missing}" if missing else counted
    if 2 * met > total:
        status = Status.FULFILLED
    elif 2 * (met + open_) > total:
        status = Status.NOT_ASSESSED
    else:
        status = Status.NOT_FULFILLED
    return Result(status, sentence, _weakest_basis([r for r in results if r.status != Status.NOT_ASSESSED]))


def roll_up(named: Sequence[tuple[str, Result]], *, what: str) -> Result:
    """A status from the statuses of goals below (the cascade) or of a focus area's goals.

    ``what`` names the parts in the sentence, e.g. "bidragande mål".
    """
    if not named:
        return Result(Status.NOT_ASSESSED, _("Ej bedömt: inga %(what)s") % {"what": what})
    results = [result for _, result in named]
    total = len(results)
    fulfilled = sum(1 for r in results if r.status == Status.FULFILLED)
    partly = sum(1 for r in results if r.status == Status.PARTLY)
    assessed = [r for r in results if r.status != Status.NOT_ASSESSED]
    sentence = _("%(fulfilled)d av %(total)d %(what)s uppfyllda") % {
        "fulfilled": fulfilled,
        "total": total,
        "what": what,
    }
    if partly:
        sentence += ", " + _("%(partly)d delvis") % {"partly": partly}
    not_assessed = [name for name, r in named if r.status == Status.NOT_ASSESSED]
    if not_assessed:
        sentence += "; " + _("ej bedömda: %(names)s") % {"names": ", ".join(not_assessed)}
    return Result(_ladder(results), sentence, _weakest_basis(assessed))


def compare_with_assessment(evidence: Result, assessed_status: str | None) -> str | None:
    """A sentence when the committee assessed its goal differently from what the evidence says, else None."""
    if not assessed_status or assessed_status == Status.NOT_ASSESSED or evidence.status == Status.NOT_ASSESSED:
        return None
    if assessed_status == evidence.status:
        return None
    return _("Nämnden bedömer målet som %(assessed)s, men underlaget visar %(evidence)s.") % {
        "assessed": Status(assessed_status).label.lower(),
        "evidence": Status(evidence.status).label.lower(),
    }


@dataclass(frozen=True)
class GroupCount:
    label: str
    total: int
    fulfilled: int
    not_assessed: int

    @property
    def decided(self) -> bool | None:
        """True: a majority is met; False: it can no longer be; None: the goals not assessed decide."""
        if 2 * self.fulfilled > self.total:
            return True
        if 2 * (self.fulfilled + self.not_assessed) > self.total:
            return None
        return False

    def sentence(self) -> str:
        text = _("%(label)s: %(fulfilled)d av %(total)d uppfyllda") % {
            "label": self.label,
            "fulfilled": self.fulfilled,
            "total": self.total,
        }
        if self.not_assessed:
            text += ", " + _("%(count)d ej bedömda") % {"count": self.not_assessed}
        return text


def _count(label: str, results: Sequence[Result]) -> GroupCount:
    return GroupCount(
        label=label,
        total=len(results),
        fulfilled=sum(1 for r in results if r.status == Status.FULFILLED),
        not_assessed=sum(1 for r in results if r.status == Status.NOT_ASSESSED),
    )


@dataclass(frozen=True)
class Verdict:
    """Sound financial management: True, False, or None while it cannot be decided yet."""

    met: bool | None
    sentence: str
    counting: str


def sound_financial_management(
    financial: Sequence[Result], operational: Sequence[Result], *, counting: str = MajorityCounting.PER_GROUP
) -> Verdict:
    """A majority of the financial goals and of the operational goals met at year end.

    ``counting`` says whether the majority is counted per group or over both
    together; the sentence says which.
    """
    if counting == MajorityCounting.PER_GROUP:
        groups = [_count(_("Finansiella mål"), financial), _count(_("Verksamhetsmål"), operational)]
    else:
        groups = [_count(_("Finansiella mål och verksamhetsmål"), [*financial, *operational])]
    decisions = [group.decided for group in groups]
    counts = "; ".join(group.sentence() for group in groups)
    rule = MajorityCounting(counting).label
    if any(group.total == 0 for group in groups):
        met: bool | None = None
        head = _("God ekonomisk hushållning kan inte bedömas: det finns inga mål att räkna")
    elif all(decisions):
        met, head = True, _("God ekonomisk hushållning uppnås")
    elif any(decision is False for decision in decisions):
        met, head = False, _("God ekonomisk hushållning uppnås inte")
    else:
        met = None
        head = _("God ekonomisk hushållning kan inte avgöras ännu: de mål som inte är bedömda avgör")
    return Verdict(met, f"{head}. {counts}. ({rule}.)", counting)
