"""The follow-up editor: each section saves on its own, with htmx or a plain form; a stale save is refused
and shows both texts; only the reporter edits, and only a draft."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from followups.models import Assessment, FinancialOutcome, FollowUp, IndicatorValue
from followups.services import period_open
from followups.views import GOALS_PER_PAGE
from portal.formatting import format_number
from portal.models import Committee, ReportingPeriod, User
from tests.factories import (
    CommitteeGoalFactory,
    IndicatorFactory,
    MembershipFactory,
    OperatingBudgetFactory,
    TargetFactory,
)
from tests.followups.helpers import client_for, state_of, take_step

HTMX = {"HX-Request": "true"}
STOCKHOLM = datetime.timezone(datetime.timedelta(hours=2))


def assessment_data(
    assessment: Assessment, *, version: int | None = None, analysis: str = "", status: str = "partly"
) -> dict:
    prefix = f"a{assessment.pk}"
    return {
        f"{prefix}-version": assessment.version if version is None else version,
        f"{prefix}-status": status,
        f"{prefix}-forecast_status": "",
        f"{prefix}-analysis": analysis,
        f"{prefix}-measures": "",
    }


def save_url(assessment: Assessment) -> str:
    return reverse("followups:followup_save_assessment", args=[assessment.followup_id, assessment.pk])


def test_the_editor_shows_every_section_with_a_form_that_works_without_javascript(
    client, followup: FollowUp, reporter: User
) -> None:
    client.force_login(reporter)
    page = client.get(reverse("followups:followup_edit", args=[followup.pk])).content.decode()
    for assessment in followup.assessments.all():
        url = save_url(assessment) + "?sida=1"
        assert f'<form method="post" action="{url}" hx-post="{url}" hx-target="#assessment-{assessment.pk}"' in page
    for name, target in (
        ("indicators", "indicators"),
        ("financial", "financial"),
        ("investments", "investments"),
        ("events", "events"),
    ):
        url = reverse(f"followups:followup_save_{name}", args=[followup.pk]) + "?sida=1"
        assert f'action="{url}" hx-post="{url}" hx-target="#{target}"' in page
    assert "Driftbudget (kommunbidrag): 1\u00a0131\u00a0226\u00a0tkr" in page
    assert " style=" not in page and "<script>" not in page


@time_machine.travel(datetime.datetime(2026, 4, 14, 14, 32, tzinfo=STOCKHOLM), tick=False)
def test_an_htmx_save_answers_with_the_section_and_the_time(client, followup: FollowUp, reporter: User) -> None:
    client.force_login(reporter)
    assessment = followup.assessments.order_by("pk").first()
    response = client.post(save_url(assessment), assessment_data(assessment, analysis="Bra *läge*."), headers=HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith(f'<section id="assessment-{assessment.pk}"')
    assert "<html" not in body
    assert "Sparat kl. 14:32" in body
    assessment.refresh_from_db()
    assert (assessment.analysis, assessment.version, assessment.updated_by) == ("Bra *läge*.", 2, reporter)
    assert assessment.history.order_by("-history_id").first().history_user == reporter


@time_machine.travel(datetime.datetime(2026, 4, 14, 14, 32, tzinfo=STOCKHOLM), tick=False)
def test_a_plain_save_redirects_back_to_the_section_and_says_it_saved(
    client, followup: FollowUp, reporter: User
) -> None:
    client.force_login(reporter)
    assessment = followup.assessments.order_by("pk").first()
    response = client.post(save_url(assessment), assessment_data(assessment, analysis="Text."))
    assert response.status_code == 302
    assert (
        response["Location"]
        == reverse("followups:followup_edit", args=[followup.pk]) + f"?sida=1#assessment-{assessment.pk}"
    )
    assert "Sparat kl. 14:32." in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("htmx", [True, False])
def test_the_second_of_two_concurrent_saves_is_refused_and_the_first_kept(
    followup: FollowUp, reporter: User, committee: Committee, htmx: bool
) -> None:
    second_reporter = MembershipFactory(user__username="rapportor2", committee=committee, role="reporter").user
    first, second = client_for(reporter), client_for(second_reporter)
    assessment = followup.assessments.order_by("pk").first()
    opened_version = assessment.version  # both open the editor now

    assert (
        first.post(
            save_url(assessment), assessment_data(assessment, version=opened_version, analysis="Rasmus analys.")
        ).status_code
        == 302
    )
    response = second.post(
        save_url(assessment),
        assessment_data(assessment, version=opened_version, analysis="Min egen analys."),
        headers=HTMX if htmx else {},
    )

    assert response.status_code == (200 if htmx else 409)
    page = response.content.decode()
    assert "Någon annan har sparat det här avsnittet sedan du öppnade det." in page
    assert "Rasmus analys." in page  # theirs, next to ...
    assert page.count("Min egen analys.") == 2  # ... yours, in the comparison and still in the form
    assessment.refresh_from_db()
    assert (assessment.analysis, assessment.version) == ("Rasmus analys.", 2)

    # Saving again from the refused form overwrites on purpose: nothing was lost.
    assert f'name="a{assessment.pk}-version" value="2"' in page
    again = second.post(save_url(assessment), assessment_data(assessment, version=2, analysis="Min egen analys."))
    assert again.status_code == 302
    assessment.refresh_from_db()
    assert assessment.analysis == "Min egen analys."


def test_concurrent_indicator_saves_show_which_value_changed(followup: FollowUp, reporter: User) -> None:
    values = list(IndicatorValue.objects.filter(followup=followup).order_by("pk"))

    def data(value: str) -> dict:
        return {k: v for iv in values for k, v in {f"iv{iv.pk}-version": 1, f"iv{iv.pk}-value": value}.items()}

    client = client_for(reporter)
    assert client.post(reverse("followups:followup_save_indicators", args=[followup.pk]), data("61")).status_code == 302
    response = client.post(reverse("followups:followup_save_indicators", args=[followup.pk]), data("70"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Ind 1: Utfall" in page and "Ind 2: Utfall" in page
    assert sorted(IndicatorValue.objects.values_list("value", flat=True)) == [Decimal(61), Decimal(61)]


def test_an_explanation_is_required_when_the_forecast_deviates_beyond_the_threshold(
    client, followup: FollowUp, reporter: User
) -> None:
    client.force_login(reporter)
    url = reverse("followups:followup_save_financial", args=[followup.pk])
    data = {
        "financial-version": 1,
        "financial-net_cost_to_date": "290000",
        "financial-forecast": "1170000",
        "financial-explanation": "",
    }
    response = client.post(url, data, headers=HTMX)
    assert (
        "Prognosen avviker från driftbudgeten med mer än 2 %. Skriv en förklaring av avvikelsen och spara igen."
        in response.content.decode()
    )
    assert FinancialOutcome.objects.get(followup=followup).version == 1
    response = client.post(url, data | {"financial-explanation": "Fler barn i förskolan."}, headers=HTMX)
    assert "Sparat kl." in response.content.decode()
    assert FinancialOutcome.objects.get(followup=followup).forecast == Decimal(1_170_000)


def test_markdown_is_sanitised_on_the_read_view(client, followup: FollowUp, reporter: User) -> None:
    client.force_login(reporter)
    assessment = followup.assessments.order_by("pk").first()
    client.post(
        save_url(assessment),
        assessment_data(assessment, analysis="**Viktigt** <script>alert(1)</script> [x](javascript:alert(1))"),
    )
    page = client.get(reverse("followups:followup_detail", args=[followup.pk])).content.decode()
    assert "<strong>Viktigt</strong>" in page
    assert "<script>alert" not in page and "javascript:" not in page


@pytest.mark.usefixtures("filled_in")  # submitted in the test: filled in first, as a reporter would
def test_a_follow_up_that_is_not_a_draft_cannot_be_edited(followup: FollowUp, reporter: User) -> None:
    client = client_for(reporter)
    take_step(client, "submit", followup)
    assessment = followup.assessments.order_by("pk").first()
    before = state_of(followup)
    response = client.post(save_url(assessment), assessment_data(assessment, analysis="Sent ändrat."))
    assert response.status_code == 403
    assert "Uppföljningen har status inlämnad och kan inte ändras." in response.content.decode()
    assert state_of(followup) == before


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("approver", 403),
        ("strategist", 403),
        ("viewer", 403),
        ("outsider", 404),
        ("hr_editor", 404),
        ("other_reporter", 404),
    ],
)
def test_only_the_reporter_saves(request: pytest.FixtureRequest, followup: FollowUp, persona: str, status: int) -> None:
    client = client_for(request.getfixturevalue(persona))
    assessment = followup.assessments.order_by("pk").first()
    before = state_of(followup)
    assert client.post(save_url(assessment), assessment_data(assessment, analysis="Inte min.")).status_code == status
    assert client.get(reverse("followups:followup_edit", args=[followup.pk])).status_code == status
    assert state_of(followup) == before


def test_an_assessment_of_another_follow_up_is_not_found(
    client, followup: FollowUp, reporter: User, other_committee: Committee
) -> None:
    OperatingBudgetFactory(committee=other_committee)
    IndicatorFactory(goal=CommitteeGoalFactory(committee=other_committee))
    (other,) = period_open(period=followup.period, actor=None)
    foreign = other.assessments.get()
    client.force_login(reporter)
    response = client.post(
        reverse("followups:followup_save_assessment", args=[followup.pk, foreign.pk]), assessment_data(foreign)
    )
    assert response.status_code == 404


def grow(committee: Committee, period: ReportingPeriod, goals: int) -> FollowUp:
    """BUN's follow-up with ``goals`` goals of its own, each with two indicators with targets."""
    FollowUp.objects.filter(period=period).delete()
    for _ in range(goals):
        goal = CommitteeGoalFactory(committee=committee)
        for _ in range(2):
            TargetFactory(indicator=IndicatorFactory(goal=goal))
    if not committee.operating_budgets.exists():
        OperatingBudgetFactory(committee=committee)
    (created,) = period_open(period=period, actor=None)
    return created


def test_the_editor_answers_with_the_same_number_of_queries_for_more_goals(
    client, reporter: User, committee: Committee, period: ReportingPeriod, django_assert_num_queries
) -> None:
    client.force_login(reporter)
    for goals, shown in ((1, 1), (11, GOALS_PER_PAGE)):  # 1, then 12 goals in all: three pages
        followup = grow(committee, period, goals)
        url = reverse("followups:followup_edit", args=[followup.pk])
        client.get(url)  # the first request stamps the session's last activity
        # session, user, groups and memberships (roles), the follow-up with its period, committee and three
        # one-to-one sections, assessments with goals, the page's indicator values with indicators and goals,
        # their targets, every indicator value without a value (the gaps), the last step (a return's comment),
        # the reports on assignments (with their assignments), the attachments, the municipality (header),
        # the committee's planned controls for the year (internalcontrol's section, followups/sections.py)
        with django_assert_num_queries(14):
            page = client.get(url).content.decode()
        assert page.count('class="followup-section" aria-labelledby="assessment-') == shown
        assert page.count("<fieldset>") == 2 * shown  # the page's goals' indicators, two each


def test_a_committee_with_many_goals_reports_them_a_page_at_a_time(
    client, reporter: User, committee: Committee, period: ReportingPeriod
) -> None:
    followup = grow(committee, period, 12)  # pages of 5, 5 and 2 goals
    assessments = list(followup.assessments.order_by("goal__sort_order", "pk"))
    client.force_login(reporter)
    url = reverse("followups:followup_edit", args=[followup.pk])

    last = client.get(url + "?sida=3").content.decode()
    assert "Mål 11–12 av 12." in last and 'aria-current="page">Sida 3</a>' in last
    assert [a for a in assessments if f'id="assessment-{a.pk}-heading"' in last] == assessments[10:]
    assert 'aria-current="page">Sida 3</a>' in client.get(url + "?sida=99").content.decode()  # past the end: the last

    # The indicator form of page 3 posts page 3's values, and saves them without touching the others'.
    on_page = IndicatorValue.objects.filter(followup=followup, indicator__goal__in=[a.goal for a in assessments[10:]])
    data = {f"iv{value.pk}-version": value.version for value in on_page} | {
        f"iv{value.pk}-value": "7" for value in on_page
    }
    save = reverse("followups:followup_save_indicators", args=[followup.pk]) + "?sida=3"
    response = client.post(save, data)
    assert response.status_code == 302 and response["Location"] == url + "?sida=3#indicators"
    assert {value.value for value in IndicatorValue.objects.filter(pk__in=on_page)} == {Decimal(7)}
    assert not IndicatorValue.objects.filter(followup=followup, value__isnull=False).exclude(pk__in=on_page).exists()


def test_the_read_view_answers_with_the_same_number_of_queries_for_more_goals(
    client, reporter: User, committee: Committee, period: ReportingPeriod, django_assert_num_queries
) -> None:
    client.force_login(reporter)
    for goals in (1, 6):
        followup = grow(committee, period, goals)
        client.post(
            reverse("followups:followup_save_events", args=[followup.pk]),
            {"events-version": 1, "events-text": "Ny rektor."},
        )
        url = reverse("followups:followup_detail", args=[followup.pk])
        client.get(url)
        # session, user, roles (2), the follow-up with its sections, assessments, indicator values, targets,
        # transitions, five section histories, the attachments, the value comments, the municipality (header),
        # the committee's planned controls for the year (internalcontrol's section, followups/sections.py)
        with django_assert_num_queries(18):
            client.get(url)


def test_a_bad_indicator_value_is_named_at_its_field_and_nothing_is_saved(followup: FollowUp, reporter: User) -> None:
    values = list(followup.indicator_values.order_by("pk"))
    data = {f"iv{value.pk}-version": value.version for value in values} | {f"iv{values[0].pk}-value": "mycket"}
    client = client_for(reporter)
    response = client.post(reverse("followups:followup_save_indicators", args=[followup.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Avsnittet sparades inte. Rätta det som är markerat och spara igen." in page
    assert f'<label for="id_iv{values[0].pk}-value">Utfall:</label>' in page
    assert "Skriv ett tal, till exempel 82,4 eller −5, utan enhet." in page and 'aria-invalid="true"' in page
    assert not IndicatorValue.objects.filter(followup=followup, value__isnull=False).exists()


@pytest.mark.parametrize("language", ["sv-SE,sv;q=0.9", "en-US,en;q=0.9"])
@pytest.mark.parametrize(
    ("typed", "stored"),
    [("82,4", Decimal("82.4")), ("82.4", Decimal("82.4")), ("1 234,5", Decimal("1234.5")), ("\u22125", Decimal(-5))],
)
def test_a_decimal_comma_is_a_decimal_comma_in_any_browser_language(
    followup: FollowUp, reporter: User, language: str, typed: str, stored: Decimal
) -> None:
    values = list(followup.indicator_values.order_by("pk"))
    value = values[0]
    client = client_for(reporter)
    url = reverse("followups:followup_save_indicators", args=[followup.pk])
    data = {f"iv{each.pk}-version": each.version for each in values} | {f"iv{value.pk}-value": typed}
    response = client.post(url, data, headers={"Accept-Language": language})
    assert response.status_code == 302, response.content.decode()
    assert IndicatorValue.objects.get(pk=value.pk).value == stored
    page = client.get(reverse("followups:followup_edit", args=[followup.pk])).content.decode()
    shown = format_number(stored, 1)
    assert f'name="iv{value.pk}-value" value="{shown}"' in page  # back in Swedish format, the indicator's decimals
