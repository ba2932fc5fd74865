"""Comments on a follow-up's indicator values: readers of the follow-up ask and answer, nobody else."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from followups.models import FollowUp, IndicatorValue, ValueComment
from followups.services import period_open
from portal.models import Committee, User
from tests.factories import CommitteeGoalFactory, IndicatorFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def followup(committee: Committee) -> FollowUp:
    IndicatorFactory(goal=CommitteeGoalFactory(committee=committee), name="Behöriga till gymnasiet")
    return period_open(period=ReportingPeriodFactory(), actor=None)[0]


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_question_and_its_answer_on_a_value(
    followup: FollowUp, strategist: User, reporter: User, viewer: User
) -> None:
    value = IndicatorValue.objects.get(followup=followup)
    url = reverse("followups:comment_add", args=[followup.pk])
    assert client_for(strategist).post(url, {"value": value.pk, "text": "Varför sjunker andelen?"}).status_code == 302
    assert client_for(reporter).post(url, {"value": value.pk, "text": "Fler nyanlända elever."}).status_code == 302
    assert list(ValueComment.objects.values_list("author__username", "text")) == [
        ("strateg", "Varför sjunker andelen?"),
        ("rapportor", "Fler nyanlända elever."),
    ]
    page = client_for(viewer).get(reverse("followups:followup_detail", args=[followup.pk])).content.decode()
    assert "Varför sjunker andelen?" in page and "Fler nyanlända elever." in page


def test_an_empty_comment_or_another_followups_value_is_refused(
    followup: FollowUp, reporter: User, other_committee: Committee
) -> None:
    url = reverse("followups:comment_add", args=[followup.pk])
    value = IndicatorValue.objects.get(followup=followup)
    response = client_for(reporter).post(url, {"value": value.pk, "text": "   "}, follow=True)
    assert "Skriv kommentaren innan du skickar den." in response.content.decode()
    IndicatorFactory(goal=CommitteeGoalFactory(committee=other_committee))
    other = period_open(period=ReportingPeriodFactory(kind="Q2"), actor=None)
    foreign = IndicatorValue.objects.exclude(followup=followup).first()
    assert foreign is not None and other
    client_for(reporter).post(url, {"value": foreign.pk, "text": "Fel värde"})
    assert not ValueComment.objects.exists()


def test_who_may_not_read_the_followup_may_not_comment(
    followup: FollowUp, hr_editor: User, other_committee: Committee
) -> None:
    from tests.factories import MembershipFactory

    value = IndicatorValue.objects.get(followup=followup)
    url = reverse("followups:comment_add", args=[followup.pk])
    outsider = MembershipFactory(committee=other_committee, role="reporter").user
    for user in (hr_editor, outsider):
        assert client_for(user).post(url, {"value": value.pk, "text": "Hej"}).status_code == 404
    assert not ValueComment.objects.exists()
