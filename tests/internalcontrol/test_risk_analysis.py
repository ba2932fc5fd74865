"""The risk analysis over HTTP as each role: the reporter writes it, the approver adopts it with the committee's
decision, and then it is read only; outsiders and other committees' members see no draft and change nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from internalcontrol.models import Risk, RiskAnalysis, State
from portal.models import Committee, User
from tests.factories import ControlFactory, RiskAnalysisFactory, RiskFactory
from tests.internalcontrol.conftest import client_for

pytestmark = pytest.mark.django_db

RISK = {
    "title": "Brist på behöriga lärare",
    "description": "Svårt att rekrytera.",
    "consequence": "3",
    "probability": "4",
}


def risks_url(committee: Committee) -> str:
    return reverse("internalcontrol:risks", args=[committee.slug, 2026])


def test_the_reporter_writes_risks_and_the_value_is_computed(reporter: User, committee: Committee) -> None:
    client = client_for(reporter)
    assert client.get(reverse("internalcontrol:risk_create", args=[committee.slug, 2026])).status_code == 200
    response = client.post(reverse("internalcontrol:risk_create", args=[committee.slug, 2026]), RISK | {"value": "1"})
    assert response.status_code == 302
    risk = Risk.objects.get()
    assert (risk.consequence, risk.probability, risk.value, risk.level.label) == (3, 4, 12, "Mycket hög")
    assert risk.analysis.committee == committee and risk.analysis.state == State.DRAFT
    assert risk.history.get().history_user == reporter
    page = client.get(risks_url(committee)).content.decode()
    assert "Brist på behöriga lärare" in page and "Utkast" in page
    assert "1 risk, Mycket hög (12)" in page  # the table alternative's cell
    assert '<table class="risk-matrix-table">' in page
    assert "lade till\n          ”Brist på behöriga lärare”" in page  # the change, with who made it
    assert "<strong>Test Person" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"consequence": "5"}, "Konsekvensen är ett tal från 1 till 4. Välj ett av dem."),
        ({"probability": "0"}, "Sannolikheten är ett tal från 1 till 4. Välj ett av dem."),
        ({"consequence": ""}, "Välj konsekvensen, från 1 till 4."),
        ({"title": ""}, "Skriv vad risken är"),
        ({"description": ""}, "Beskriv risken: vad kan gå fel, och varför?"),
    ],
)
def test_bad_input_gets_a_swedish_sentence_and_changes_nothing(
    reporter: User, committee: Committee, change: dict[str, str], message: str
) -> None:
    response = client_for(reporter).post(
        reverse("internalcontrol:risk_create", args=[committee.slug, 2026]), RISK | change
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Inget sparades" in response.content.decode()
    assert not Risk.objects.exists() and not RiskAnalysis.objects.exists()


def test_the_approver_adopts_with_the_committees_decision(reporter: User, approver: User, committee: Committee) -> None:
    risk = RiskFactory(analysis__committee=committee, title="Fel i bidrag")
    client = client_for(approver)
    url = reverse("internalcontrol:analysis_adopt", args=[committee.slug, 2026])
    # The reporter drafts but does not adopt.
    assert client_for(reporter).post(url, {"decision_reference": "BUN 2026-02-18 § 12"}).status_code == 403
    response = client.post(url, {"decision_reference": "KS 2026-02-18 § 12"}, follow=True)
    assert "följer inte hur BUN skriver sina beslut" in response.content.decode()
    response = client.post(url, {"decision_reference": ""}, follow=True)
    assert "Ange beslutet" in response.content.decode()
    assert RiskAnalysis.objects.get().state == State.DRAFT
    response = client.post(url, {"decision_reference": "BUN  2026-02-18 § 12"})
    assert response.status_code == 302
    analysis = RiskAnalysis.objects.get()
    assert (analysis.state, analysis.decision_reference, analysis.adopted_by) == (
        State.ADOPTED,
        "BUN 2026-02-18 § 12",
        approver,
    )
    # Adopted: read only, for the reporter too.
    reporting = client_for(reporter)
    assert reporting.get(reverse("internalcontrol:risk_edit", args=[risk.pk])).status_code == 403
    assert reporting.post(reverse("internalcontrol:risk_delete", args=[risk.pk])).status_code == 403
    response = reporting.post(reverse("internalcontrol:risk_create", args=[committee.slug, 2026]), RISK)
    assert response.status_code == 400 and "kan inte ändras" in response.content.decode()
    assert Risk.objects.count() == 1
    assert "Ny risk" not in reporting.get(risks_url(committee)).content.decode()


def test_an_empty_analysis_is_not_adopted(approver: User, committee: Committee) -> None:
    RiskAnalysisFactory(committee=committee)
    url = reverse("internalcontrol:analysis_adopt", args=[committee.slug, 2026])
    response = client_for(approver).post(url, {"decision_reference": "BUN 2026-02-18 § 12"}, follow=True)
    assert "har inga risker" in response.content.decode()
    assert RiskAnalysis.objects.get().state == State.DRAFT


def test_drafts_are_hidden_from_other_committees_and_outsiders(
    committee: Committee, other_reporter: User, outsider: User, viewer: User, strategist: User
) -> None:
    risk = RiskFactory(analysis__committee=committee, title="Hemlig utkastrisk")
    assert client_for(other_reporter).get(risks_url(committee)).status_code == 404
    assert client_for(outsider).get(risks_url(committee)).status_code == 404
    assert client_for(None).get(risks_url(committee)).status_code == 302  # to the sign-in
    for user in (other_reporter, outsider, viewer):
        assert client_for(user).get(reverse("internalcontrol:risk_edit", args=[risk.pk])).status_code == 404
        response = client_for(user).post(reverse("internalcontrol:risk_delete", args=[risk.pk]))
        assert response.status_code == 404
    # An internal reader reads only what is adopted; strategists see drafts.
    page = client_for(viewer).get(risks_url(committee)).content.decode()
    assert "Hemlig utkastrisk" not in page and "ingen antagen riskanalys" in page
    assert "Hemlig utkastrisk" in client_for(strategist).get(risks_url(committee)).content.decode()
    RiskAnalysis.objects.update(state=State.ADOPTED, decision_reference="BUN 2026-02-18 § 12")
    assert "Hemlig utkastrisk" in client_for(viewer).get(risks_url(committee)).content.decode()
    assert client_for(other_reporter).get(risks_url(committee)).status_code == 404  # not their committee
    # Nobody but the committee's reporter writes.
    for user in (other_reporter, viewer, strategist):
        response = client_for(user).post(reverse("internalcontrol:risk_create", args=[committee.slug, 2026]), RISK)
        assert response.status_code in (403, 404)
    assert Risk.objects.count() == 1


def test_a_risk_with_controls_is_not_deleted(reporter: User, committee: Committee) -> None:
    control = ControlFactory(plan__committee=committee)
    response = client_for(reporter).post(reverse("internalcontrol:risk_delete", args=[control.risk.pk]), follow=True)
    assert "Ta bort dem först" in response.content.decode()
    assert Risk.objects.filter(pk=control.risk.pk).exists()


def test_a_year_the_portal_does_not_know_is_not_there(reporter: User, committee: Committee) -> None:
    client = client_for(reporter)
    for year in (1999, 20266):
        assert client.get(reverse("internalcontrol:risks", args=[committee.slug, year])).status_code == 404
        response = client.post(reverse("internalcontrol:risk_create", args=[committee.slug, year]), RISK)
        assert response.status_code == 404
        assert client.get(reverse("internalcontrol:summary", args=[year])).status_code in (403, 404)
    assert not Risk.objects.exists()
