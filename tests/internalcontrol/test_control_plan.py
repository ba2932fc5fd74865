"""The control plan over HTTP: the reporter chooses controls from the risks, the approver adopts the plan with
the committee's decision once the risk analysis is adopted, and then it is read only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from internalcontrol.models import Control, ControlPlan, RiskAnalysis, State
from portal.models import Committee, User
from tests.factories import ControlFactory, RiskFactory
from tests.internalcontrol.conftest import client_for

pytestmark = pytest.mark.django_db


def control_data(risk_pk: int) -> dict[str, str]:
    return {
        "risk": str(risk_pk),
        "title": "Attest av fakturor",
        "method": "Stickprov på tio fakturor.",
        "owner": "Ekonomichefen",
        "frequency": "quarterly",
    }


def test_the_reporter_drafts_and_the_approver_adopts_the_plan(
    reporter: User, approver: User, committee: Committee
) -> None:
    risk = RiskFactory(analysis__committee=committee)
    create = reverse("internalcontrol:control_create", args=[committee.slug, 2026])
    response = client_for(reporter).post(create, control_data(risk.pk))
    assert response.status_code == 302
    control = Control.objects.get()
    assert (control.risk, control.plan.committee, control.get_frequency_display()) == (
        risk,
        committee,
        "Varje kvartal",
    )
    assert control.history.get().history_user == reporter

    adopt = reverse("internalcontrol:plan_adopt", args=[committee.slug, 2026])
    approving = client_for(approver)
    response = approving.post(adopt, {"decision_reference": "BUN 2026-03-18 § 20"}, follow=True)
    assert "Anta riskanalysen först" in response.content.decode()
    assert ControlPlan.objects.get().state == State.DRAFT
    RiskAnalysis.objects.update(state=State.ADOPTED, decision_reference="BUN 2026-02-18 § 12")
    response = approving.post(adopt, {"decision_reference": "BUN 2026-03-18 § 20"})
    assert response.status_code == 302
    plan = ControlPlan.objects.get()
    assert (plan.state, plan.decision_reference, plan.adopted_by) == (State.ADOPTED, "BUN 2026-03-18 § 20", approver)

    page = client_for(reporter).get(reverse("internalcontrol:plan", args=[committee.slug, 2026])).content.decode()
    assert "Attest av fakturor" in page and "BUN 2026-03-18 § 20" in page and "Nytt kontrollmoment" not in page
    assert client_for(reporter).get(reverse("internalcontrol:control_edit", args=[control.pk])).status_code == 403
    response = client_for(reporter).post(create, control_data(risk.pk))
    assert response.status_code == 400 and "kan inte ändras" in response.content.decode()
    assert Control.objects.count() == 1


def test_bad_input_changes_nothing(reporter: User, committee: Committee, other_committee: Committee) -> None:
    risk = RiskFactory(analysis__committee=committee)
    foreign = RiskFactory(analysis__committee=other_committee)
    create = reverse("internalcontrol:control_create", args=[committee.slug, 2026])
    client = client_for(reporter)
    for change, message in [
        ({"risk": str(foreign.pk)}, "Välj en av nämndens risker för året."),
        ({"risk": ""}, "Välj risken som kontrollmomentet hör till."),
        ({"method": ""}, "Skriv hur kontrollen görs."),
        ({"frequency": "daily"}, "Välj hur ofta kontrollen görs bland alternativen."),
    ]:
        response = client.post(create, control_data(risk.pk) | change)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Control.objects.exists()


def test_outsiders_see_no_draft_plan_and_change_nothing(
    committee: Committee, other_reporter: User, outsider: User, viewer: User, approver: User
) -> None:
    control = ControlFactory(plan__committee=committee, title="Utkastkontroll")
    url = reverse("internalcontrol:plan", args=[committee.slug, 2026])
    assert client_for(other_reporter).get(url).status_code == 404
    assert client_for(outsider).get(url).status_code == 404
    assert "Utkastkontroll" not in client_for(viewer).get(url).content.decode()
    for user in (other_reporter, outsider, viewer):
        assert client_for(user).post(reverse("internalcontrol:control_delete", args=[control.pk])).status_code == 404
    # The approver reads the draft but does not change it.
    assert "Utkastkontroll" in client_for(approver).get(url).content.decode()
    assert client_for(approver).post(reverse("internalcontrol:control_delete", args=[control.pk])).status_code == 403
    assert Control.objects.filter(pk=control.pk).exists()
