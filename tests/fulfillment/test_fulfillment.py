"""Fulfillment rules, roll-ups and sentences, from tables of cases; no database."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from fulfillment.judging import (
    Basis,
    Evidence,
    IndicatorInput,
    MajorityCounting,
    Result,
    assess_indicator,
    best_evidence,
    compare_with_assessment,
    roll_up,
    sound_financial_management,
    status_by_majority,
    status_from_indicators,
)
from goals.status import Status
from goals.targets import Comparator

RESULT_RATIO = IndicatorInput("Resultatandel", Comparator.AT_LEAST, target=D(4), unit="%", decimals=1)
INDEX = IndicatorInput("Effektivitetsindex förskola", Comparator.ABOVE_REFERENCE, unit="", decimals=0)
NET_COST = IndicatorInput(
    "Nettokostnadsutveckling",
    Comparator.NOT_FASTER_THAN,
    unit="%",
    decimals=1,
    compared_with_name="utvecklingen av skatteintäkter och generella statsbidrag",
)
EQUITY = IndicatorInput("Soliditet för kommunkoncernen", Comparator.UNCHANGED_OR_RISING, unit="%", decimals=1)


def ev(value: str | None, **kwargs: object) -> Evidence:
    return Evidence(year=2026, value=None if value is None else D(value), **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("indicator", "evidence", "status", "sentence"),
    [
        (RESULT_RATIO, ev("4.4", basis="budget"), Status.FULFILLED,
         "Resultatandel: 4,4 % (budget) mot målet minst 4,0 % – uppfylld"),
        (RESULT_RATIO, ev("3.6", basis="budget"), Status.NOT_FULFILLED,
         "Resultatandel: 3,6 % (budget) mot målet minst 4,0 % – ej uppfylld"),
        (RESULT_RATIO, ev("4.0", basis="outcome"), Status.FULFILLED,
         "Resultatandel: 4,0 % (utfall) mot målet minst 4,0 % – uppfylld"),
        (IndicatorInput("Resultatandel", Comparator.AT_LEAST, target=D(4), tolerance=D("0.5"), unit="%"),
         ev("3.6", basis="forecast"), Status.PARTLY,
         "Resultatandel: 3,6 % (prognos) mot målet minst 4,0 % – delvis uppfylld (inom toleransen)"),
        (IndicatorInput("Kostnad", Comparator.AT_MOST, target=D(100), unit="kr", decimals=0),
         ev("101", basis="outcome"), Status.NOT_FULFILLED,
         "Kostnad: 101 kr (utfall) mot målet högst 100 kr – ej uppfylld"),
        (INDEX, ev("82", basis="outcome", reference_value=D("80")), Status.FULFILLED,
         "Effektivitetsindex förskola: 82 (utfall) mot målet över referensvärdet 80 – uppfylld"),
        (INDEX, ev("80", basis="outcome", reference_value=D("80")), Status.NOT_FULFILLED,
         "Effektivitetsindex förskola: 80 (utfall) mot målet över referensvärdet 80 – ej uppfylld"),
        (INDEX, ev("82", basis="outcome"), Status.NOT_ASSESSED,
         "Effektivitetsindex förskola ej bedömd: referensvärde för 2026 saknas"),
        (INDEX, ev(None), Status.NOT_ASSESSED, "Effektivitetsindex förskola ej bedömd: värde saknas"),
        (NET_COST, ev(None, missing="utfall 2025 saknas"), Status.NOT_ASSESSED,
         "Nettokostnadsutveckling ej bedömd: utfall 2025 saknas"),
        (NET_COST, ev("3.5", basis="budget", compared_with=D("3.3")), Status.NOT_FULFILLED,
         "Nettokostnadsutveckling: 3,5 % (budget) mot målet inte snabbare än utvecklingen av skatteintäkter och "
         "generella statsbidrag 3,3 % – ej uppfylld"),
        (NET_COST, ev("3.1", basis="budget"), Status.NOT_ASSESSED,
         "Nettokostnadsutveckling ej bedömd: utvecklingen av skatteintäkter och generella statsbidrag för 2026 "
         "saknas"),
        (EQUITY, ev("25.5", basis="outcome"), Status.NOT_ASSESSED,
         "Soliditet för kommunkoncernen ej bedömd: värde för 2025 saknas"),
        (EQUITY, ev("25.5", basis="outcome", previous=D("25.5")), Status.FULFILLED,
         "Soliditet för kommunkoncernen: 25,5 % (utfall) mot målet oförändrad eller ökande från 25,5 % – uppfylld"),
        (EQUITY, ev("24.7", basis="outcome", previous=D("25.5")), Status.NOT_FULFILLED,
         "Soliditet för kommunkoncernen: 24,7 % (utfall) mot målet oförändrad eller ökande från 25,5 % – ej uppfylld"),
        (IndicatorInput("Utan mål", None), ev("1"), Status.NOT_ASSESSED, "Utan mål ej bedömd: målvärde saknas"),
    ],
)  # fmt: skip
def test_assess_indicator(indicator: IndicatorInput, evidence: Evidence, status: str, sentence: str) -> None:
    result = assess_indicator(indicator, evidence)
    assert (result.status, result.sentence.replace("\u00a0", " ")) == (status, sentence)


def test_status_keeps_the_basis_it_rests_on() -> None:
    assert assess_indicator(RESULT_RATIO, ev("4.4", basis="budget")).basis == "budget"


@pytest.mark.parametrize(
    ("candidates", "basis", "value"),
    [
        ({"budget": D(1), "forecast": D(2), "outcome": D(3)}, Basis.OUTCOME, D(3)),
        ({"budget": D(1), "forecast": D(2)}, Basis.FORECAST, D(2)),
        ({"budget": D(1), "outcome": None}, Basis.BUDGET, D(1)),
        ({}, None, None),
    ],
)
def test_best_evidence_prefers_outcome_then_forecast_then_budget(
    candidates: dict[str, D | None], basis: str | None, value: D | None
) -> None:
    evidence = best_evidence(2026, candidates)
    assert (evidence.basis, evidence.value) == (basis, value)


MET = Result(Status.FULFILLED, "a uppfylld", "budget")
PARTLY = Result(Status.PARTLY, "b delvis", "outcome")
NOT_MET = Result(Status.NOT_FULFILLED, "c ej uppfylld", "outcome")
OPEN = Result(Status.NOT_ASSESSED, "nettokostnadsutveckling ej bedömd: utfall 2025 saknas")


@pytest.mark.parametrize(
    ("results", "status", "sentence"),
    [
        ([MET, MET], Status.FULFILLED, "2 av 2 indikatorer uppfyllda"),
        ([MET, NOT_MET], Status.PARTLY, "1 av 2 indikatorer uppfyllda"),
        ([PARTLY, NOT_MET], Status.PARTLY, "0 av 2 indikatorer uppfyllda"),
        ([NOT_MET, NOT_MET], Status.NOT_FULFILLED, "0 av 2 indikatorer uppfyllda"),
        ([MET, MET, MET, OPEN], Status.PARTLY,
         "3 av 4 indikatorer uppfyllda; nettokostnadsutveckling ej bedömd: utfall 2025 saknas"),
        ([OPEN], Status.NOT_ASSESSED,
         "0 av 1 indikator uppfylld; nettokostnadsutveckling ej bedömd: utfall 2025 saknas"),
        ([NOT_MET, OPEN], Status.NOT_ASSESSED,
         "0 av 2 indikatorer uppfyllda; nettokostnadsutveckling ej bedömd: utfall 2025 saknas"),
        ([], Status.NOT_ASSESSED, "Ej bedömt: målet har inga indikatorer"),
    ],
)  # fmt: skip
def test_status_from_indicators(results: list[Result], status: str, sentence: str) -> None:
    assert status_from_indicators(results) == Result(status, sentence, status_from_indicators(results).basis)
    assert status_from_indicators(results).status == status


def test_goal_basis_is_the_weakest_of_its_indicators() -> None:
    assert status_from_indicators([MET, PARTLY]).basis == "budget"
    assert status_from_indicators([NOT_MET, PARTLY]).basis == "outcome"


@pytest.mark.parametrize(
    ("results", "status"),
    [
        ([MET, MET, NOT_MET], Status.FULFILLED),
        ([MET, NOT_MET, NOT_MET], Status.NOT_FULFILLED),
        ([MET, NOT_MET], Status.NOT_FULFILLED),  # half is no majority
        ([MET, OPEN, NOT_MET], Status.NOT_ASSESSED),  # the open one decides
        ([MET, MET, OPEN], Status.FULFILLED),
    ],
)
def test_status_by_majority(results: list[Result], status: str) -> None:
    assert status_by_majority(results).status == status


@pytest.mark.parametrize(
    ("named", "status", "sentence"),
    [
        ([("A", MET), ("B", MET)], Status.FULFILLED, "2 av 2 bidragande mål uppfyllda"),
        ([("A", MET), ("B", NOT_MET)], Status.PARTLY, "1 av 2 bidragande mål uppfyllda"),
        ([("A", PARTLY), ("B", OPEN)], Status.PARTLY, "0 av 2 bidragande mål uppfyllda, 1 delvis; ej bedömda: B"),
        ([("A", NOT_MET)], Status.NOT_FULFILLED, "0 av 1 bidragande mål uppfyllda"),
        ([("A", OPEN)], Status.NOT_ASSESSED, "0 av 1 bidragande mål uppfyllda; ej bedömda: A"),
        ([], Status.NOT_ASSESSED, "Ej bedömt: inga bidragande mål"),
    ],
)
def test_roll_up(named: list[tuple[str, Result]], status: str, sentence: str) -> None:
    result = roll_up(named, what="bidragande mål")
    assert (result.status, result.sentence) == (status, sentence)


def test_differing_assessment_is_flagged() -> None:
    assert compare_with_assessment(NOT_MET, Status.FULFILLED) == (
        "Nämnden bedömer målet som uppfyllt, men underlaget visar ej uppfyllt."
    )
    assert compare_with_assessment(MET, Status.FULFILLED) is None
    assert compare_with_assessment(OPEN, Status.FULFILLED) is None
    assert compare_with_assessment(MET, None) is None


def goals(fulfilled: int, not_fulfilled: int = 0, open_: int = 0) -> list[Result]:
    return [MET] * fulfilled + [NOT_MET] * not_fulfilled + [OPEN] * open_


@pytest.mark.parametrize(
    ("financial", "operational", "counting", "met", "sentence"),
    [
        # The seed alone: result ratio and self-financing met on budget, equity and net cost open; no index values.
        (goals(2, 0, 2), goals(0, 0, 6), MajorityCounting.PER_GROUP, None,
         "God ekonomisk hushållning kan inte avgöras ännu: de mål som inte är bedömda avgör. "
         "Finansiella mål: 2 av 4 uppfyllda, 2 ej bedömda; Verksamhetsmål: 0 av 6 uppfyllda, 6 ej bedömda."),
        (goals(3, 1), goals(4, 2), MajorityCounting.PER_GROUP, True,
         "God ekonomisk hushållning uppnås. Finansiella mål: 3 av 4 uppfyllda; Verksamhetsmål: 4 av 6 uppfyllda."),
        (goals(3, 1), goals(3, 3), MajorityCounting.PER_GROUP, False,
         "God ekonomisk hushållning uppnås inte. Finansiella mål: 3 av 4 uppfyllda; Verksamhetsmål: 3 av 6 uppfyllda."),
        # Counted together, 6 of 10 is a majority although the operational goals alone are not.
        (goals(3, 1), goals(3, 3), MajorityCounting.COMBINED, True,
         "God ekonomisk hushållning uppnås. Finansiella mål och verksamhetsmål: 6 av 10 uppfyllda."),
        (goals(1, 3), goals(4, 2), MajorityCounting.COMBINED, False,
         "God ekonomisk hushållning uppnås inte. Finansiella mål och verksamhetsmål: 5 av 10 uppfyllda."),
        (goals(1, 3), goals(4, 2), MajorityCounting.PER_GROUP, False,
         "God ekonomisk hushållning uppnås inte. Finansiella mål: 1 av 4 uppfyllda; Verksamhetsmål: 4 av 6 uppfyllda."),
    ],
)  # fmt: skip
def test_sound_financial_management(
    financial: list[Result], operational: list[Result], counting: str, met: bool | None, sentence: str
) -> None:
    verdict = sound_financial_management(financial, operational, counting=counting)
    assert verdict.met is met
    assert verdict.sentence.startswith(sentence), verdict.sentence
    assert verdict.counting == counting


def test_the_verdict_says_how_the_majority_was_counted() -> None:
    per_group = sound_financial_management(goals(3, 1), goals(4, 2), counting=MajorityCounting.PER_GROUP)
    assert per_group.sentence.endswith("(Majoritet av de finansiella målen och av verksamhetsmålen, var för sig.)")
    combined = sound_financial_management(goals(3, 1), goals(4, 2), counting=MajorityCounting.COMBINED)
    assert combined.sentence.endswith("(Majoritet av de finansiella målen och verksamhetsmålen tillsammans.)")
