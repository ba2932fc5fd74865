"""The whole workflow over HTTP, for every role: each step works for the role that owns it,
and answers 403 (readers) or 404 (those who may not see it) to everyone else, changing nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from followups.models import FollowUp, IndicatorValue, Transition
from goals.models import Measurement
from portal.models import User
from tests.conftest import PERSONAS
from tests.followups.helpers import client_for, state_of, step_data, take_step

# These tests are about the steps: each follow-up is filled in first, as a reporter would before submitting.
pytestmark = pytest.mark.usefixtures("filled_in")

ALL = [*PERSONAS, "other_reporter"]
NOT_VISIBLE = {"hr_editor", "outsider", "other_reporter"}


def assert_refused_to_all_but(
    request: pytest.FixtureRequest, followup: FollowUp, action: str, allowed: set[str]
) -> None:
    before = state_of(followup)
    for persona in ALL:
        if persona in allowed:
            continue
        user = request.getfixturevalue(persona)
        response = take_step(client_for(user), action, followup)
        expected = 404 if persona in NOT_VISIBLE else 403
        assert response.status_code == expected, f"{persona} {action}: {response.status_code}"
        assert state_of(followup) == before, f"{persona} {action} changed something"


def save_assessment(client, followup: FollowUp, analysis: str) -> None:
    assessment = followup.assessments.order_by("pk").first()
    response = client.post(
        reverse("followups:followup_save_assessment", args=[followup.pk, assessment.pk]),
        {
            f"a{assessment.pk}-version": assessment.version,
            f"a{assessment.pk}-status": "partly",
            f"a{assessment.pk}-forecast_status": "fulfilled",
            f"a{assessment.pk}-analysis": analysis,
            f"a{assessment.pk}-measures": "",
        },
    )
    assert response.status_code == 302, response.content.decode()


def test_the_whole_flow_for_every_role(
    request: pytest.FixtureRequest,
    followup: FollowUp,
    reporter: User,
    approver: User,
    strategist: User,
    other_reporter: User,
) -> None:
    as_reporter, as_approver, as_strategist = client_for(reporter), client_for(approver), client_for(strategist)

    # The reporter drafts: an assessment and the indicator values.
    save_assessment(as_reporter, followup, "Vi ligger *nära* målet.")
    values = list(IndicatorValue.objects.filter(followup=followup).order_by("pk"))
    data = {}
    for value in values:
        data |= {
            f"iv{value.pk}-version": value.version,
            f"iv{value.pk}-value": "61",
            f"iv{value.pk}-reference_value": "55",
        }
    assert as_reporter.post(reverse("followups:followup_save_indicators", args=[followup.pk]), data).status_code == 302

    for action in ("approve", "return", "accept", "publish"):
        assert_refused_to_all_but(request, followup, action, set())
    assert_refused_to_all_but(request, followup, "submit", {"reporter"})
    assert take_step(as_reporter, "submit", followup).status_code == 302
    assert FollowUp.objects.get(pk=followup.pk).state == "submitted"

    # Submitted: locked for the reporter.
    assert as_reporter.get(reverse("followups:followup_edit", args=[followup.pk])).status_code == 403
    for action in ("submit", "accept", "publish"):
        assert_refused_to_all_but(request, followup, action, set())
    assert_refused_to_all_but(request, followup, "approve", {"approver"})
    assert_refused_to_all_but(request, followup, "return", {"approver", "strategist"})
    page = as_approver.get(reverse("followups:followup_detail", args=[followup.pk])).content.decode()
    assert 'name="approve-decision_reference"' in page and 'name="return-comment"' in page
    assert 'name="approve-version"' in page and 'name="accept-version"' not in page
    assert take_step(as_approver, "approve", followup).status_code == 302
    approved = FollowUp.objects.get(pk=followup.pk)
    assert (approved.state, approved.decision_reference) == ("approved", "BUN 2026-04-22 § 45")

    # Approved: the strategist returns it with a comment.
    for action in ("submit", "approve", "publish"):
        assert_refused_to_all_but(request, followup, action, set())
    assert_refused_to_all_but(request, followup, "return", {"strategist"})
    assert_refused_to_all_but(request, followup, "accept", {"strategist"})
    assert take_step(as_strategist, "return", followup, comment="Analysen av mål 2 saknas.").status_code == 302
    returned = FollowUp.objects.get(pk=followup.pk)
    assert (returned.state, returned.decision_reference) == ("draft", "")

    # The reporter fixes and resubmits; the approver approves again.
    save_assessment(as_reporter, followup, "Vi ligger nära målet. Mål 2 analyseras nu också.")
    assert take_step(as_reporter, "submit", followup).status_code == 302
    assert take_step(as_approver, "approve", followup, decision_reference="BUN 2026-05-20 § 61").status_code == 302

    # The strategist accepts (the values become measurements) and publishes.
    assert take_step(as_strategist, "accept", followup).status_code == 302
    measurements = Measurement.objects.filter(year=2026, period="Q1", basis="outcome")
    assert sorted(m.value for m in measurements) == [Decimal(61), Decimal(61)]
    assert all(m.recorded_by == strategist for m in measurements)
    assert IndicatorValue.objects.filter(followup=followup, measurement__isnull=False).count() == 2
    for action in ("submit", "approve", "return", "accept"):
        assert_refused_to_all_but(request, followup, action, set())
    assert_refused_to_all_but(request, followup, "publish", {"strategist"})
    assert take_step(as_strategist, "publish", followup).status_code == 302

    final = FollowUp.objects.get(pk=followup.pk)
    assert (final.state, final.decision_reference) == ("published", "BUN 2026-05-20 § 61")
    steps = list(
        Transition.objects.filter(followup=followup).values_list(
            "action", "from_state", "to_state", "actor__username", "comment"
        )
    )
    assert steps == [
        ("submit", "draft", "submitted", "rapportor", ""),
        ("approve", "submitted", "approved", "godkannare", ""),
        ("return", "approved", "draft", "strateg", "Analysen av mål 2 saknas."),
        ("submit", "draft", "submitted", "rapportor", ""),
        ("approve", "submitted", "approved", "godkannare", ""),
        ("accept", "approved", "accepted", "strateg", ""),
        ("publish", "accepted", "published", "strateg", ""),
    ]

    # The read view shows the timeline: both the steps and the content changes, with who and why.
    page = as_approver.get(reverse("followups:followup_detail", args=[followup.pk])).content.decode()
    assert "Skickade tillbaka: Godkänd av nämnden → Utkast" in page
    assert "Analysen av mål 2 saknas." in page
    assert "BUN 2026-05-20 § 61" in page
    assert "ändrade Bedömning: Nämndmål 1" in page
    assert "<em>nära</em>" not in page  # the newer analysis is shown, rendered from Markdown
    assert "Mål 2 analyseras nu också." in page


def test_the_approver_may_return_what_was_submitted(followup: FollowUp, reporter: User, approver: User) -> None:
    take_step(client_for(reporter), "submit", followup)
    assert take_step(client_for(approver), "return", followup, comment="Fyll i prognosen.").status_code == 302
    assert FollowUp.objects.get(pk=followup.pk).state == "draft"


def test_returning_needs_a_comment(followup: FollowUp, reporter: User, approver: User) -> None:
    take_step(client_for(reporter), "submit", followup)
    before = state_of(followup)
    response = take_step(client_for(approver), "return", followup, comment="  ")
    assert response.status_code == 400
    assert "Skriv vad som behöver ändras innan du skickar tillbaka uppföljningen." in response.content.decode()
    assert state_of(followup) == before


def test_approving_needs_a_decision_reference(followup: FollowUp, reporter: User, approver: User) -> None:
    take_step(client_for(reporter), "submit", followup)
    before = state_of(followup)
    response = take_step(client_for(approver), "approve", followup, decision_reference="")
    assert response.status_code == 400
    assert "Ange nämndens beslut, till exempel BUN 2026-04-22 § 45." in response.content.decode()
    assert state_of(followup) == before


def test_a_step_from_an_out_of_date_page_is_refused(followup: FollowUp, reporter: User, approver: User) -> None:
    client = client_for(approver)
    take_step(client_for(reporter), "submit", followup)
    stale = step_data("approve", followup)
    take_step(client, "return", followup, comment="Fel siffror.")
    take_step(client_for(reporter), "submit", followup)
    before = state_of(followup)
    response = client.post(reverse("followups:followup_approve", args=[followup.pk]), stale)
    assert response.status_code == 409
    assert "Uppföljningen har ändrats sedan du öppnade sidan" in response.content.decode()
    assert state_of(followup) == before


def test_a_refused_step_says_why_in_swedish(followup: FollowUp, reporter: User) -> None:
    client = client_for(reporter)
    take_step(client, "submit", followup)
    response = take_step(client, "submit", followup)
    assert response.status_code == 403
    assert "Det steget kan du inte ta: uppföljningen har status inlämnad." in response.content.decode()


def test_submitting_needs_an_explanation_when_the_forecast_deviates(followup: FollowUp, reporter: User) -> None:
    # Saved while the threshold was higher; the strategist has since lowered it.
    money = followup.financial_outcome
    money.forecast = Decimal(1_150_000)  # 1,7 % over budget
    money.save()
    followup.period.deviation_threshold_percent = Decimal(1)
    followup.period.save()
    before = state_of(followup)
    response = take_step(client_for(reporter), "submit", followup)
    assert response.status_code == 409
    assert "Prognosen avviker från driftbudgeten med mer än 1 %. Skriv en förklaring" in response.content.decode()
    assert state_of(followup) == before


def test_a_closed_period_cannot_be_submitted(followup: FollowUp, reporter: User) -> None:
    followup.period.is_open = False
    followup.period.save()
    response = take_step(client_for(reporter), "submit", followup)
    assert response.status_code == 403
    assert "Perioden är stängd." in response.content.decode()
