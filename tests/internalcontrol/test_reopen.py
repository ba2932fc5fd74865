"""An adopted risk analysis or control plan is changed through a new draft: the approver opens it, the reporter
changes it, and a new decision adopts it. The results reported so far are kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from followups.services import period_open
from internalcontrol.models import Control, ControlPlan, ControlResult, RiskAnalysis, State
from portal.models import Committee, User
from tests.factories import ControlFactory, OperatingBudgetFactory, ReportingPeriodFactory
from tests.internalcontrol.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def control(committee: Committee) -> Control:
    made = ControlFactory(plan__committee=committee, title="Attest av fakturor")
    RiskAnalysis.objects.update(state=State.ADOPTED, decision_reference="BUN 2026-02-18 § 12")
    ControlPlan.objects.update(state=State.ADOPTED, decision_reference="BUN 2026-03-18 § 20")
    return made


def reopen_url(committee: Committee, what: str) -> str:
    return reverse(f"internalcontrol:{what}_reopen", args=[committee.slug, 2026])


def test_the_approver_opens_a_new_draft_of_the_plan_and_adopts_it_again(
    reporter: User, approver: User, committee: Committee, control: Control
) -> None:
    OperatingBudgetFactory(committee=committee, document__year=2026)
    (followup,) = period_open(period=ReportingPeriodFactory(), actor=None)
    ControlResult.objects.create(
        followup=followup,
        control=control,
        performed=True,
        deviations=False,
        description="Inga fel.",
        updated_by=reporter,
    )
    # The analysis under an adopted plan is not reopened before the plan.
    response = client_for(approver).post(reopen_url(committee, "analysis"), follow=True)
    assert "Öppna planen som nytt utkast först" in response.content.decode()
    assert RiskAnalysis.objects.get().state == State.ADOPTED

    assert client_for(approver).post(reopen_url(committee, "plan")).status_code == 302
    plan = ControlPlan.objects.get()
    assert (plan.state, plan.decision_reference, plan.previous_decision) == (State.DRAFT, "", "BUN 2026-03-18 § 20")
    page = client_for(reporter).get(reverse("internalcontrol:plan", args=[committee.slug, 2026])).content.decode()
    assert "den förra versionen antogs med beslut BUN 2026-03-18 § 20" in page and "Nytt kontrollmoment" in page
    # While the plan is a draft its controls are not in the follow-up; the result is kept.
    editor = client_for(reporter).get(reverse("followups:followup_edit", args=[followup.pk])).content.decode()
    assert 'id="controls"' not in editor
    # A control with results is changed, not deleted.
    response = client_for(reporter).post(reverse("internalcontrol:control_delete", args=[control.pk]), follow=True)
    assert "har resultat i nämndens uppföljningar" in response.content.decode()
    assert Control.objects.filter(pk=control.pk).exists()
    edit = reverse("internalcontrol:control_edit", args=[control.pk])
    data = {"risk": control.risk_id, "title": "Attest av alla fakturor", "method": "Alla.", "owner": "Ekonom"}
    assert client_for(reporter).post(edit, data | {"frequency": "monthly"}).status_code == 302

    adopt = reverse("internalcontrol:plan_adopt", args=[committee.slug, 2026])
    assert client_for(approver).post(adopt, {"decision_reference": "BUN 2026-06-10 § 40"}).status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.decision_reference) == (State.ADOPTED, "BUN 2026-06-10 § 40")
    records = [(h.state, h.previous_decision) for h in plan.history.order_by("history_date", "history_id")]
    assert records[-2:] == [("draft", "BUN 2026-03-18 § 20"), ("adopted", "BUN 2026-03-18 § 20")]
    editor = client_for(reporter).get(reverse("followups:followup_edit", args=[followup.pk])).content.decode()
    assert "Attest av alla fakturor" in editor and "Inga fel." in editor  # the result is kept


def test_only_the_approver_opens_a_new_draft(
    reporter: User,
    viewer: User,
    strategist: User,
    other_reporter: User,
    outsider: User,
    committee: Committee,
    control: Control,
) -> None:
    for user in (reporter, viewer, strategist):
        assert client_for(user).post(reopen_url(committee, "plan")).status_code == 403
        assert client_for(user).post(reopen_url(committee, "analysis")).status_code == 403
    for user in (other_reporter, outsider):
        assert client_for(user).post(reopen_url(committee, "plan")).status_code == 404
    assert ControlPlan.objects.get().state == State.ADOPTED
    assert RiskAnalysis.objects.get().state == State.ADOPTED
    page = client_for(reporter).get(reverse("internalcontrol:plan", args=[committee.slug, 2026])).content.decode()
    assert "Öppna som nytt utkast" not in page
