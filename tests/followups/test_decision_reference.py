"""Approving needs the committee's decision written as the committee writes it (Committee's pattern)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from followups.models import FollowUp
from portal.models import Committee, User
from tests.followups.helpers import client_for, state_of, take_step

pytestmark = pytest.mark.usefixtures("filled_in")


@pytest.mark.parametrize(
    "reference",
    ["BUN 2026-04-22 § 45", "BUN 2026/123 § 45", "BUN 2026/123 §45", "  BUN   2026-04-22  §  45 "],
)
def test_a_decision_in_the_committees_form_is_accepted(
    followup: FollowUp, reporter: User, approver: User, reference: str
) -> None:
    take_step(client_for(reporter), "submit", followup)
    assert take_step(client_for(approver), "approve", followup, decision_reference=reference).status_code == 302
    assert FollowUp.objects.get(pk=followup.pk).decision_reference == " ".join(reference.split())


@pytest.mark.parametrize("reference", ["x", "2026-04-22 § 45", "SN 2026-04-22 § 45", "BUN 2026-04-22"])
def test_anything_else_is_refused_with_an_example_and_changes_nothing(
    followup: FollowUp, reporter: User, approver: User, reference: str
) -> None:
    take_step(client_for(reporter), "submit", followup)
    before = state_of(followup)
    response = take_step(client_for(approver), "approve", followup, decision_reference=reference)
    assert response.status_code == 400
    assert "följer inte hur BUN skriver sina beslut" in response.content.decode()
    assert "till exempel ”BUN 2026-04-22 § 45”" in response.content.decode()
    assert state_of(followup) == before


def test_a_committee_can_have_its_own_pattern(
    followup: FollowUp, reporter: User, approver: User, committee: Committee
) -> None:
    committee.decision_reference_pattern = r"BUN-\d{4}-\d+ p\. \d+"
    committee.decision_reference_example = "BUN-2026-17 p. 4"
    committee.save()
    take_step(client_for(reporter), "submit", followup)
    refused = take_step(client_for(approver), "approve", followup, decision_reference="BUN 2026-04-22 § 45")
    assert refused.status_code == 400 and "till exempel ”BUN-2026-17 p. 4”" in refused.content.decode()
    assert (
        take_step(client_for(approver), "approve", followup, decision_reference="BUN-2026-17 p. 4").status_code == 302
    )


def test_a_pattern_that_is_no_regular_expression_is_refused(committee: Committee) -> None:
    committee.decision_reference_pattern = "BUN ("
    with pytest.raises(ValidationError, match="Mönstret går inte att läsa som reguljärt uttryck"):
        committee.full_clean()
