"""Before a follow-up is handed in, the reporter sees what is missing, and an unexplained gap stops the
submit; the approver sees the same list with the explanations (followups/completeness.py)."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from followups.models import Assessment, FinancialOutcome, FollowUp, IndicatorValue
from portal.models import User
from tests.followups.helpers import client_for, fill_in, state_of, take_step


def test_an_empty_follow_up_cannot_be_handed_in_and_the_reporter_is_told_what_is_missing(
    followup: FollowUp, reporter: User
) -> None:
    client = client_for(reporter)
    before = state_of(followup)
    response = take_step(client, "submit", followup)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Uppföljningen kan inte lämnas in ännu." in page
    for missing in (
        "Målet ”Nämndmål 1” har ingen bedömning.",
        "Indikatorn ”Ind 2” (Nämndmål 2) har inget utfall.",
        "Ekonomiskt utfall saknar nettokostnad hittills och prognos för helåret.",
    ):
        assert missing in page
    assert state_of(followup) == before

    editor = client.get(reverse("followups:followup_edit", args=[followup.pk])).content.decode()
    assert "Det här saknas" in editor
    assessment = Assessment.objects.filter(followup=followup, goal__title="Nämndmål 1").get()
    assert f'href="?sida=1#assessment-{assessment.pk}">Målet ”Nämndmål 1” har ingen bedömning.</a>' in editor
    assert editor.count("Ingen förklaring.") == 5  # two goals, two indicators, the economy


def test_a_gap_that_is_explained_lets_the_follow_up_through_and_the_approver_reads_why(
    followup: FollowUp, reporter: User, approver: User
) -> None:
    fill_in(followup)
    missing = IndicatorValue.objects.filter(followup=followup).order_by("pk").first()
    assert missing is not None
    IndicatorValue.objects.filter(pk=missing.pk).update(value=None)
    client = client_for(reporter)
    assert take_step(client, "submit", followup).status_code == 409  # a value missing and not explained

    IndicatorValue.objects.filter(pk=missing.pk).update(comment="Värdet publiceras i Kolada i september.")
    assert take_step(client, "submit", followup).status_code == 302
    assert FollowUp.objects.get(pk=followup.pk).state == FollowUp.State.SUBMITTED

    page = client_for(approver).get(reverse("followups:followup_detail", args=[followup.pk])).content.decode()
    assert "Det här saknas" in page
    assert "Indikatorn ”Ind 1” (Nämndmål 1) har inget utfall." in page
    assert "Förklaring: Värdet publiceras i Kolada i september." in page


def test_a_complete_follow_up_says_nothing_is_missing(followup: FollowUp, reporter: User) -> None:
    fill_in(followup)
    editor = client_for(reporter).get(reverse("followups:followup_edit", args=[followup.pk])).content.decode()
    assert "Inget saknas" in editor and "Det här saknas" not in editor


def test_the_economy_is_explained_by_its_explanation(followup: FollowUp, reporter: User) -> None:
    fill_in(followup)
    FinancialOutcome.objects.filter(followup=followup).update(forecast=None, explanation="Prognosen görs i maj.")
    assert take_step(client_for(reporter), "submit", followup).status_code == 302
    assert FinancialOutcome.objects.get(followup=followup).forecast is None
    assert FollowUp.objects.get(pk=followup.pk).state == FollowUp.State.SUBMITTED
    assert Decimal(1) in IndicatorValue.objects.filter(followup=followup).values_list("value", flat=True)
