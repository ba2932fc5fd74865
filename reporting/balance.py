"""Balanskravsutredning: the balance requirement (KL 11 kap. 5 och 12–14 §§) computed from the outcome.

The standard structure, per year:

    Årets resultat (the income statement's line with the meaning ``result``)
    − samtliga realisationsvinster
    + realisationsvinster enligt undantagsmöjlighet
    + realisationsförluster enligt undantagsmöjlighet
    + orealiserade förluster i värdepapper
    − återföring av orealiserade förluster i värdepapper
    = årets resultat efter balanskravsjusteringar
    − reservation till resultatutjämningsreserven (RUR)
    + användning av RUR
    = balanskravsresultat

The adjustments are entered items (``BalanceAdjustment``, each with its comment); everything else is
computed. The reservation and use follow the municipality's own rule (``EqualisationRule``):
- reservation: of the part of the result after adjustments that exceeds ``threshold_percent`` of
  skatteintäkter and generella statsbidrag, ``reserve_share_percent`` is reserved; with
  ``restore_deficits_first`` never so much that the year's balanskravsresultat falls below the earlier
  deficits still to restore;
- use: in a year whose skatteunderlag grows less than its average over ``average_years`` years (that year
  included), a negative result after adjustments is covered from the reserve, as far as the reserve goes.
A negative balanskravsresultat is a deficit to restore within the three following years; positive
balanskravsresultat restore the oldest deficits first. The chain of years runs over the annual reports
(outcome); the year of an interim report is computed on its forecast.

Pure functions over plain values here; reporting/requirement.py gathers them from the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from portal.formatting import format_number, format_percent

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
RESTORE_YEARS = 3  # KL 11 kap. 12 §: a negative result is restored within the three following years
# KL 11 kap. 14 §: a reservation only from the part above 1 % of skatteintäkter and generella statsbidrag, or above
# 2 % when the equity, less the pension commitments outside the balance sheet, is negative.
LAW_THRESHOLD_NEGATIVE_EQUITY = Decimal(2)


@dataclass(frozen=True)
class Rule:
    threshold_percent: Decimal = Decimal(1)
    reserve_share_percent: Decimal = HUNDRED
    restore_deficits_first: bool = True
    average_years: int = 10
    opening_year: int = 2020
    opening_balance: Decimal = ZERO


@dataclass(frozen=True)
class Adjustment:
    kind: str
    label: str
    signed_amount: Decimal
    comment: str


@dataclass(frozen=True)
class YearFigures:
    """What one year's balanskravsutredning is computed from, with where each figure comes from."""

    year: int
    result: Decimal | None
    tax_and_grants: Decimal | None
    adjustments: tuple[Adjustment, ...] = ()
    result_source: str = ""  # e.g. "Resultaträkningen, raden ”Årets resultat”, utfall 2026"
    tax_source: str = ""
    equity: Decimal | None = None  # the balance sheet's equity (meaning ``equity``)
    pension_commitments: Decimal | None = None  # outside the balance sheet, with payroll tax (entered)


@dataclass(frozen=True)
class Waiver:
    """The council's decision not to restore a year's deficit (synnerliga skäl, KL 11 kap. 13 §): all of it
    (``amount`` None) or ``amount`` of it."""

    year: int
    amount: Decimal | None
    reason: str
    decision_reference: str


@dataclass
class Deficit:
    year: int
    amount: Decimal
    left: Decimal
    waived: Decimal = ZERO  # not to be restored, by the council's decision
    waiver: str = ""  # the decision and its reasons

    @property
    def restore_by(self) -> int:
        return self.year + RESTORE_YEARS


@dataclass(frozen=True)
class Step:
    """One line of the balanskravsutredning: its label, amount (signed as it counts) and how it was found."""

    label: str
    amount: Decimal
    explanation: str
    is_sum: bool = False


@dataclass
class YearRequirement:
    year: int
    known: bool  # False: no figures for the year (no annual report); nothing changed
    result: Decimal = ZERO
    result_after_adjustments: Decimal = ZERO
    reservation: Decimal = ZERO
    use: Decimal = ZERO
    balance_result: Decimal = ZERO
    rur_opening: Decimal = ZERO
    rur_closing: Decimal = ZERO
    restored: Decimal = ZERO
    steps: list[Step] = field(default_factory=list)
    deficits: list[Deficit] = field(default_factory=list)  # after the year: what is left to restore
    notes: list[str] = field(default_factory=list)

    @property
    def deficits_left(self) -> Decimal:
        return sum((deficit.left for deficit in self.deficits), ZERO)

    @property
    def overdue(self) -> list[Deficit]:
        """Deficits whose last year to restore them has passed with something left."""
        return [deficit for deficit in self.deficits if deficit.left > 0 and deficit.restore_by < self.year]


def _mnkr(value: Decimal) -> str:
    return f"{format_number(value, 2)} mnkr"


def growth_below_average(year: int, growth: dict[int, Decimal], years: int) -> tuple[bool | None, str]:
    """Whether the skatteunderlag grows less than its average that year; None when a year's figure is missing."""
    span = range(year - years + 1, year + 1)
    missing = [str(y) for y in span if y not in growth]
    if missing:
        return None, _(
            "Skatteunderlagets utveckling saknas för %(years)s, så det går inte att avgöra om reserven får "
            "användas %(year)d. Fyll i utvecklingen under Resultatutjämningsreserv."
        ) % {"years": ", ".join(missing), "year": year}
    average = sum((growth[y] for y in span), ZERO) / years
    below = growth[year] < average
    return below, _("Skatteunderlaget växer %(growth)s %(year)d mot i snitt %(average)s %(first)d–%(year)d.") % {
        "growth": format_percent(growth[year], 2),
        "average": format_percent(average, 2),
        "first": span[0],
        "year": year,
    }


def threshold_condition(figures: YearFigures, rule: Rule) -> tuple[Decimal, str]:
    """The reservation's threshold (per cent) and why: the rule's, or the law's 2 % when the equity less the
    pension commitments outside the balance sheet is negative."""
    if figures.equity is None or figures.pension_commitments is None:
        missing = _("eget kapital") if figures.equity is None else _("pensionsförpliktelserna utanför balansräkningen")
        return rule.threshold_percent, _(
            "Det går inte att pröva om lagens gräns på 2 %% gäller: %(missing)s saknas. Fyll i "
            "pensionsförpliktelserna på sidan Balanskravsutredning."
        ) % {"missing": missing}
    net = figures.equity - figures.pension_commitments
    words = {
        "equity": _mnkr(figures.equity),
        "pensions": _mnkr(figures.pension_commitments),
        "net": _mnkr(net),
    }
    if net < 0:
        return max(rule.threshold_percent, LAW_THRESHOLD_NEGATIVE_EQUITY), _(
            "Eget kapital %(equity)s minus pensionsförpliktelserna utanför balansräkningen %(pensions)s är "
            "negativt (%(net)s): reservering får göras först över 2 %% (KL 11 kap. 14 §)."
        ) % words
    return rule.threshold_percent, _(
        "Eget kapital %(equity)s minus pensionsförpliktelserna utanför balansräkningen %(pensions)s är "
        "%(net)s, inte negativt: gränsen på 1 %% enligt lagen gäller."
    ) % words


def compute_year(
    figures: YearFigures,
    rule: Rule,
    deficits_before: list[Deficit],
    rur_opening: Decimal,
    growth: dict[int, Decimal],
    waiver: Waiver | None = None,
) -> YearRequirement:
    """One year's balanskravsutredning, given the deficits and reserve it starts with, and the council's decision
    not to restore the year's deficit, if there is one."""
    deficits = [Deficit(d.year, d.amount, d.left, d.waived, d.waiver) for d in deficits_before if d.left > 0]
    year = figures.year
    if figures.result is None:
        return YearRequirement(
            year,
            known=False,
            rur_opening=rur_opening,
            rur_closing=rur_opening,
            deficits=deficits,
            notes=[
                _("Årets resultat för %(year)d saknas (inget utfall eller prognos för raden ”Årets resultat”).")
                % {"year": year}
            ],
        )
    found = YearRequirement(year, known=True, result=figures.result, rur_opening=rur_opening)
    found.steps.append(Step(_("Årets resultat"), figures.result, figures.result_source))
    after = figures.result
    for adjustment in figures.adjustments:
        after += adjustment.signed_amount
        found.steps.append(Step(adjustment.label, adjustment.signed_amount, adjustment.comment))
    found.result_after_adjustments = after
    found.steps.append(
        Step(
            _("Årets resultat efter balanskravsjusteringar"),
            after,
            _("Årets resultat %(result)s och justeringarna ovan.") % {"result": _mnkr(figures.result)},
            is_sum=True,
        )
    )

    left_before = sum((d.left for d in deficits), ZERO)
    reservation = ZERO
    if figures.tax_and_grants is None:
        found.notes.append(_("Skatteintäkter och generella statsbidrag saknas: ingen reservering beräknas."))
        reservation_text = _("Ingen reservering: skatteintäkter och generella statsbidrag saknas.")
    else:
        threshold_percent, condition = threshold_condition(figures, rule)
        threshold = (figures.tax_and_grants * threshold_percent / HUNDRED).quantize(CENT, ROUND_HALF_UP)
        excess = after - threshold
        available = after - left_before if rule.restore_deficits_first else after
        reservable = max(ZERO, min(excess, available))
        reservation = (reservable * rule.reserve_share_percent / HUNDRED).quantize(CENT, ROUND_HALF_UP)
        reservation_text = _(
            "Gräns: %(percent)s av skatteintäkter och generella statsbidrag %(base)s (%(tax_source)s) = "
            "%(threshold)s. Över gränsen: %(excess)s."
        ) % {
            "percent": format_percent(threshold_percent, 2),
            "base": _mnkr(figures.tax_and_grants),
            "tax_source": figures.tax_source,
            "threshold": _mnkr(threshold),
            "excess": _mnkr(max(ZERO, excess)),
        }
        if rule.restore_deficits_first and left_before:
            reservation_text += " " + _("Tidigare underskott att återställa först: %(left)s.") % {
                "left": _mnkr(left_before)
            }
        reservation_text += " " + _("Andel som reserveras: %(share)s.") % {
            "share": format_percent(rule.reserve_share_percent, 2)
        }
        reservation_text += " " + condition
    found.reservation = reservation
    found.steps.append(Step(_("Reservation till resultatutjämningsreserv (avgår)"), -reservation, reservation_text))

    use = ZERO
    if after < 0:
        below, growth_text = growth_below_average(year, growth, rule.average_years)
        if below:
            use = min(rur_opening, -after)
            use_text = (
                growth_text
                + " "
                + _("Reserven används, högst dess saldo %(balance)s.") % {"balance": _mnkr(rur_opening)}
            )
        else:
            use_text = growth_text + (" " + _("Reserven får inte användas.") if below is False else "")
    else:
        use_text = _("Resultatet efter balanskravsjusteringar är inte negativt: reserven används inte.")
    found.use = use
    found.steps.append(Step(_("Användning av resultatutjämningsreserv (tillägg)"), use, use_text))

    balance_result = after - reservation + use
    found.balance_result = balance_result
    found.steps.append(Step(_("Balanskravsresultat"), balance_result, "", is_sum=True))
    found.rur_closing = rur_opening + reservation - use

    if balance_result > 0:
        room = balance_result
        for deficit in deficits:
            restored = min(room, deficit.left)
            deficit.left -= restored
            room -= restored
            found.restored += restored
    elif balance_result < 0:
        deficit = Deficit(year, -balance_result, -balance_result)
        if waiver is not None:
            deficit.waived = min(waiver.amount or deficit.amount, deficit.amount)
            deficit.left -= deficit.waived
            deficit.waiver = _("%(amount)s återställs inte enligt %(decision)s: %(reason)s") % {
                "amount": _mnkr(deficit.waived),
                "decision": waiver.decision_reference,
                "reason": waiver.reason,
            }
        deficits.append(deficit)
    # The year's own deficit shows even when the council decided not to restore any of it.
    found.deficits = [d for d in deficits if d.left > 0 or (d.year == year and d.waived)]
    return found


def requirement_chain(
    figures: dict[int, YearFigures],
    rule: Rule,
    growth: dict[int, Decimal],
    until: int,
    waivers: dict[int, Waiver] | None = None,
) -> list[YearRequirement]:
    """Every year from the first with figures (or the rule's opening year) up to ``until``, in order."""
    start = min([*figures, rule.opening_year, until])
    chain: list[YearRequirement] = []
    deficits: list[Deficit] = []
    rur = ZERO
    for year in range(start, until + 1):
        if year == rule.opening_year:
            rur = rule.opening_balance
        found = compute_year(
            figures.get(year, YearFigures(year, None, None)), rule, deficits, rur, growth, (waivers or {}).get(year)
        )
        if year < min(figures, default=until) and not found.known:
            continue  # before the first year with figures: nothing to show
        chain.append(found)
        deficits, rur = found.deficits, found.rur_closing
    return chain
