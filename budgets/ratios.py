"""Key ratios of a budget document, as plain functions over plain values.

No database here: the page, the PDF, the follow-up and a test call the same
functions with figures they have gathered (``budgets.services`` gathers them
for a document). Statement figures are in mnkr, operating and investment
budgets in tkr; every function says which figures it used, and a ratio that
cannot be computed carries the reason instead of a value.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from budgets.models import BUDGET_UNIT, FEE_FINANCED_AREAS, STATEMENT_UNIT, InvestmentArea

TKR_PER_MNKR = Decimal(1000)


class Kind(enum.StrEnum):
    """How a ratio's value reads: a share (shown as a percentage) or an amount in mnkr."""

    SHARE = "share"
    AMOUNT = "amount"


@dataclass(frozen=True)
class Figure:
    """One figure a ratio used, with its unit ("mnkr", "tkr", or "share" for a ratio)."""

    label: str
    value: Decimal | None
    unit: str = STATEMENT_UNIT


@dataclass(frozen=True)
class Ratio:
    """A key ratio for one year: its value, or the reason it has none."""

    key: str
    name: str
    year: int
    value: Decimal | None
    formula: str
    figures: tuple[Figure, ...]
    kind: Kind = Kind.SHARE
    reason: str = ""  # why there is no value: "ej bedömt: utfall 2025 saknas"
    verdict: str = ""  # a comparison the ratio implies, where it has one

    @property
    def is_computable(self) -> bool:
        return self.value is not None


def _missing(year: int, figures: tuple[Figure, ...]) -> str:
    labels = ", ".join(figure.label for figure in figures if figure.value is None)
    return _("ej beräknat: %(labels)s %(year)s saknas") % {"labels": labels, "year": year}


def _divide(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    return None if denominator == 0 else numerator / denominator


def result_ratio(
    *, year: int, result: Decimal | None, tax_income: Decimal | None, general_grants: Decimal | None
) -> Ratio:
    """Årets resultat / (skatteintäkter + generella statsbidrag och utjämning): 146 / (2 571 + 785) = 4,4 %."""
    figures = (
        Figure(_("Årets resultat"), result),
        Figure(_("Skatteintäkter"), tax_income),
        Figure(_("Generella statsbidrag och utjämning"), general_grants),
    )
    name = _("Resultat i förhållande till skatteintäkter och generella statsbidrag")
    formula = _("Årets resultat / (skatteintäkter + generella statsbidrag och utjämning)")
    if result is None or tax_income is None or general_grants is None:
        return Ratio("result_ratio", name, year, None, formula, figures, reason=_missing(year, figures))
    value = _divide(result, tax_income + general_grants)
    reason = "" if value is not None else _("ej beräknat: skatteintäkter och generella statsbidrag är noll")
    return Ratio("result_ratio", name, year, value, formula, figures, reason=reason)


def equity_ratio(*, year: int, equity: Decimal | None, total_assets: Decimal | None) -> Ratio:
    """Soliditet = eget kapital / summa tillgångar: 2 116 / 8 283 = 25,5 %."""
    figures = (Figure(_("Eget kapital"), equity), Figure(_("Summa tillgångar"), total_assets))
    name = _("Soliditet")
    formula = _("Eget kapital / summa tillgångar")
    if equity is None or total_assets is None:
        return Ratio("equity_ratio", name, year, None, formula, figures, reason=_missing(year, figures))
    value = _divide(equity, total_assets)
    reason = "" if value is not None else _("ej beräknat: summa tillgångar är noll")
    return Ratio("equity_ratio", name, year, value, formula, figures, reason=reason)


def self_financing_ratio(
    *,
    year: int,
    result: Decimal | None,
    depreciation: Decimal | None,
    investments: Mapping[str, Decimal],
) -> Ratio:
    """(Årets resultat + avskrivningar) / nettoinvesteringar in tax-financed activity.

    ``investments`` is the year's investment budget in tkr per ``InvestmentArea``
    (the committees' rows summed under ``committee``); the fee-financed areas
    (VA, avfall) are left out. Depreciation counts as a positive amount however
    the statement signs it.
    """
    area_labels = {str(area): str(area.label) for area in InvestmentArea} | {InvestmentArea.COMMITTEE: _("nämnderna")}
    tax_financed_tkr = sum(
        (amount for area, amount in investments.items() if area not in FEE_FINANCED_AREAS), Decimal(0)
    )
    depreciation_used = abs(depreciation) if depreciation is not None else None
    figures = (
        Figure(_("Årets resultat"), result),
        Figure(_("Avskrivningar"), depreciation_used),
        *(
            Figure(_("Investeringar, %(area)s") % {"area": area_labels[area]}, investments[area], BUDGET_UNIT)
            for area in InvestmentArea
            if area in investments
        ),
        Figure(
            _("Skattefinansierade nettoinvesteringar (utan VA och avfall)"),
            tax_financed_tkr if investments else None,
            BUDGET_UNIT,
        ),
    )
    name = _("Självfinansieringsgrad för skattefinansierade investeringar")
    formula = _(
        "(Årets resultat + avskrivningar) / nettoinvesteringar i skattefinansierad verksamhet "
        "(investeringsbudgeten utan VA och avfall, tkr / 1 000)"
    )
    if result is None or depreciation_used is None or not investments:
        if not investments:
            reason = _("ej beräknat: investeringsbudget %(year)s saknas") % {"year": year}
        else:
            reason = _missing(year, tuple(figure for figure in figures if figure.value is None))
        return Ratio("self_financing_ratio", name, year, None, formula, figures, reason=reason)
    value = _divide(result + depreciation_used, tax_financed_tkr / TKR_PER_MNKR)
    reason = "" if value is not None else _("ej beräknat: skattefinansierade investeringar är noll")
    return Ratio("self_financing_ratio", name, year, value, formula, figures, reason=reason)


def net_cost_growth(
    *,
    year: int,
    net_cost: Decimal | None,
    previous_net_cost: Decimal | None,
    tax_and_grants: Decimal | None,
    previous_tax_and_grants: Decimal | None,
) -> Ratio:
    """Net cost growth against the growth of tax income plus general grants.

    The value is the net cost growth (0.035 for 3,5 %); the verdict says
    whether it stays within the growth of tax income and general grants.
    Without the previous year's figures there is nothing to compare: not assessed.
    """
    previous = year - 1
    cost = abs(net_cost) if net_cost is not None else None
    previous_cost = abs(previous_net_cost) if previous_net_cost is not None else None
    cost_growth = _growth(cost, previous_cost)
    income_growth = _growth(tax_and_grants, previous_tax_and_grants)
    figures = (
        Figure(_("Verksamhetens nettokostnader %(year)s") % {"year": year}, cost),
        Figure(_("Verksamhetens nettokostnader %(year)s") % {"year": previous}, previous_cost),
        Figure(_("Skatteintäkter och generella statsbidrag %(year)s") % {"year": year}, tax_and_grants),
        Figure(_("Skatteintäkter och generella statsbidrag %(year)s") % {"year": previous}, previous_tax_and_grants),
        Figure(_("Nettokostnadsutveckling"), cost_growth, "share"),
        Figure(_("Utveckling av skatteintäkter och generella statsbidrag"), income_growth, "share"),
    )
    name = _("Nettokostnadsutveckling jämfört med skatteintäkter och generella statsbidrag")
    formula = _(
        "Nettokostnader %(year)s / nettokostnader %(previous)s − 1, jämfört med (skatteintäkter + generella "
        "statsbidrag) %(year)s / (skatteintäkter + generella statsbidrag) %(previous)s − 1"
    ) % {"year": year, "previous": previous}
    if previous_cost is None or previous_tax_and_grants is None:
        reason = _("ej bedömt: utfall %(year)s saknas") % {"year": previous}
        return Ratio("net_cost_growth", name, year, None, formula, figures, reason=reason)
    if cost_growth is None or income_growth is None:
        reason = _missing(year, figures[:4]) if cost is None or tax_and_grants is None else ""
        reason = reason or _("ej beräknat: värdet för %(year)s är noll") % {"year": previous}
        return Ratio("net_cost_growth", name, year, None, formula, figures, reason=reason)
    if cost_growth <= income_growth:
        verdict = _("Nettokostnaderna ökar inte snabbare än skatteintäkter och generella statsbidrag.")
    else:
        verdict = _("Nettokostnaderna ökar snabbare än skatteintäkter och generella statsbidrag.")
    return Ratio("net_cost_growth", name, year, cost_growth, formula, figures, verdict=verdict)


def tax_income_growth(*, year: int, tax_and_grants: Decimal | None, previous_tax_and_grants: Decimal | None) -> Ratio:
    """(Skatteintäkter + generella statsbidrag) this year / last year − 1: what net costs may grow by."""
    previous = year - 1
    figures = (
        Figure(_("Skatteintäkter och generella statsbidrag %(year)s") % {"year": year}, tax_and_grants),
        Figure(_("Skatteintäkter och generella statsbidrag %(year)s") % {"year": previous}, previous_tax_and_grants),
    )
    name = _("Utveckling av skatteintäkter och generella statsbidrag")
    formula = _(
        "(Skatteintäkter + generella statsbidrag) %(year)s / (skatteintäkter + generella statsbidrag) %(previous)s − 1"
    ) % {"year": year, "previous": previous}
    if previous_tax_and_grants is None:
        reason = _("ej bedömt: utfall %(year)s saknas") % {"year": previous}
        return Ratio("tax_income_growth", name, year, None, formula, figures, reason=reason)
    value = _growth(tax_and_grants, previous_tax_and_grants)
    if value is None:
        reason = (
            _missing(year, figures[:1])
            if tax_and_grants is None
            else _("ej beräknat: värdet för %(year)s är noll") % {"year": previous}
        )
        return Ratio("tax_income_growth", name, year, None, formula, figures, reason=reason)
    return Ratio("tax_income_growth", name, year, value, formula, figures)


def _growth(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    if current is None or previous is None or previous == 0:
        return None
    return current / previous - 1


def structural_result(*, year: int, result: Decimal | None, one_off_items: Decimal | None) -> Ratio:
    """Årets resultat without items of a one-off nature (mnkr), where the document gives them.

    One-off items are signed as the statement prints them (an income positive),
    so the structural result is the result minus them.
    """
    figures = (Figure(_("Årets resultat"), result), Figure(_("Poster av tillfällig karaktär"), one_off_items))
    name = _("Strukturellt resultat")
    formula = _("Årets resultat − poster av tillfällig karaktär")
    if one_off_items is None:
        reason = _("ej beräknat: poster av tillfällig karaktär för %(year)s anges inte") % {"year": year}
        return Ratio("structural_result", name, year, None, formula, figures, Kind.AMOUNT, reason=reason)
    if result is None:
        return Ratio(
            "structural_result", name, year, None, formula, figures, Kind.AMOUNT, reason=_missing(year, figures)
        )
    return Ratio("structural_result", name, year, result - one_off_items, formula, figures, Kind.AMOUNT)
