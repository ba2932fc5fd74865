"""Control results in the quarterly follow-up, over HTTP: the reporter reports each planned control's result
in the follow-up's editor (registered through followups/sections.py), a control without a result stops the
submit, the approver reads the results, nobody else writes them, and they reach the year's summary."""

from __future__ import annotations

from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse

from followups import completeness, services
from followups import views as followups_views
from followups.models import FollowUp
from followups.services import period_open
from internalcontrol.models import Control, ControlPlan, ControlResult, RiskAnalysis, State
from portal.models import Committee, User
from tests.factories import ControlFactory, OperatingBudgetFactory, ReportingPeriodFactory
from tests.internalcontrol.conftest import client_for

pytestmark = pytest.mark.django_db

RESULT = {
    "performed": "1",
    "deviations": "1",
    "description": "Två av tio fakturor saknade attest.",
    "actions": "Ny rutin.",
}


@pytest.fixture
def control(committee: Committee) -> Control:
    """A control of BUN's adopted plan for 2026, on a risk of its adopted analysis."""
    made = ControlFactory(plan__committee=committee, title="Attest av fakturor")
    assert made.risk.analysis.committee == committee
    RiskAnalysis.objects.update(state=State.ADOPTED, decision_reference="BUN 2026-02-18 § 12")
    ControlPlan.objects.update(state=State.ADOPTED, decision_reference="BUN 2026-03-18 § 20")
    return made


@pytest.fixture
def followup(committee: Committee, control: Control) -> FollowUp:
    """BUN's draft follow-up of Q1 2026 (its operating budget gives it one)."""
    OperatingBudgetFactory(committee=committee, document__year=2026, amount=Decimal(1000))
    (created,) = period_open(period=ReportingPeriodFactory(), actor=None)
    return created


def result_url(followup: FollowUp, control: Control) -> str:
    return reverse("internalcontrol:result_save", args=[followup.pk, control.pk])


def data(values: dict[str, str], control: Control) -> dict[str, str]:
    return {f"c{control.pk}-{name}": value for name, value in values.items()}


def test_the_reporter_reports_a_result_that_reaches_the_summary(
    reporter: User, approver: User, strategist: User, followup: FollowUp, control: Control
) -> None:
    client = client_for(reporter)
    editor = client.get(reverse("followups:followup_edit", args=[followup.pk])).content.decode()
    assert 'id="control-' in editor and "Attest av fakturor" in editor
    assert "Kontrollmomentet ”Attest av fakturor” har inget resultat." in editor
    assert any(gap.anchor == f"control-{control.pk}" for gap in completeness.unexplained(completeness.gaps(followup)))
    assert any("Attest av fakturor" in problem for problem in services.submit_problems(followup))

    response = client.post(result_url(followup, control), data(RESULT, control))
    assert response.status_code == 302 and response["Location"].endswith(f"#control-{control.pk}")
    result = ControlResult.objects.get()
    assert (result.performed, result.deviations, result.actions, result.updated_by) == (
        True,
        True,
        "Ny rutin.",
        reporter,
    )
    assert result.history.get().history_user == reporter
    fresh = FollowUp.objects.select_related("period").get(pk=followup.pk)  # the rows are read once per object
    assert not [gap for gap in completeness.gaps(fresh) if gap.anchor.startswith("control-")]

    # The approver's read view shows it, read only.
    detail = client_for(approver).get(reverse("followups:followup_detail", args=[followup.pk])).content.decode()
    assert "Två av tio fakturor saknade attest." in detail and "Avvikelser hittades." in detail
    assert result_url(followup, control) not in detail

    # And the PDF of the follow-up, for an elected member to read.
    pages: list[str] = []
    with mock.patch.object(
        followups_views, "html_to_pdf", side_effect=lambda html, **kw: pages.append(html) or b"%PDF-"
    ):
        assert client_for(approver).get(reverse("followups:followup_pdf", args=[followup.pk])).status_code == 200
    assert "Två av tio fakturor saknade attest." in pages[0] and "Ny rutin." in pages[0]

    summary = client_for(strategist).get(reverse("internalcontrol:summary", args=[2026])).content.decode()
    assert (
        "Attest av fakturor" in summary and "Två av tio fakturor saknade attest." in summary and "Ny rutin." in summary
    )
    # The overview counts it: one control, with a result, performed, with deviations.
    assert summary.count('<td class="number">1</td>') == 4
    assert "Nämnder utan antagen internkontrollplan" not in summary  # BUN is the only committee, and has one


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"performed": ""}, "Ange om kontrollen är utförd."),
        ({"description": ""}, "Beskriv resultatet, eller varför kontrollen inte är gjord."),
        ({"actions": ""}, "Avvikelser hittades: skriv vilka åtgärder som vidtas."),
        ({"performed": "0"}, "En kontroll som inte är utförd kan inte ha hittat avvikelser."),
        ({"deviations": "kanske"}, "Ange om kontrollen hittade avvikelser."),
    ],
)
def test_bad_input_changes_nothing(
    reporter: User, followup: FollowUp, control: Control, change: dict[str, str], message: str
) -> None:
    response = client_for(reporter).post(result_url(followup, control), data(RESULT | change, control))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ControlResult.objects.exists()


def test_only_the_reporter_writes_and_only_a_draft(
    reporter: User,
    approver: User,
    viewer: User,
    outsider: User,
    other_reporter: User,
    followup: FollowUp,
    control: Control,
) -> None:
    url = result_url(followup, control)
    assert client_for(approver).post(url, data(RESULT, control)).status_code == 403
    assert client_for(viewer).post(url, data(RESULT, control)).status_code == 403
    assert client_for(outsider).post(url, data(RESULT, control)).status_code == 404
    assert client_for(other_reporter).post(url, data(RESULT, control)).status_code == 404
    assert client_for(None).post(url, data(RESULT, control)).status_code == 302
    # A control that is not in the committee's plan is not there.
    stranger = ControlFactory(title="Annan nämnds kontroll")
    assert client_for(reporter).post(result_url(followup, stranger), data(RESULT, stranger)).status_code == 404
    # Handed in, the follow-up is no longer the reporter's to change.
    FollowUp.objects.filter(pk=followup.pk).update(state=FollowUp.State.SUBMITTED)
    assert client_for(reporter).post(url, data(RESULT, control)).status_code == 403
    assert not ControlResult.objects.exists()


def test_a_followup_without_an_adopted_plan_has_no_control_section(
    reporter: User, committee: Committee, followup: FollowUp
) -> None:
    ControlPlan.objects.update(state=State.DRAFT)
    editor = client_for(reporter).get(reverse("followups:followup_edit", args=[followup.pk])).content.decode()
    assert 'id="controls"' not in editor
    assert not [gap for gap in completeness.gaps(followup) if gap.anchor.startswith("control-")]


def test_the_editor_saves_a_result_in_place_with_htmx(reporter: User, followup: FollowUp, control: Control) -> None:
    client = client_for(reporter)
    response = client.post(
        result_url(followup, control), data(RESULT | {"actions": ""}, control), HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert "Resultatet sparades inte." in page and "skriv vilka åtgärder som vidtas" in page
    assert page.lstrip().startswith(f'<section id="control-{control.pk}"')
    assert not ControlResult.objects.exists()
    response = client.post(result_url(followup, control), data(RESULT, control), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Sparat kl." in response.content.decode()
    assert ControlResult.objects.get().description == RESULT["description"]
