"""The goal cascade: the tree and its filters, a node per level over htmx, gaps, the map, a committee's
page and the Min sida panels; what each role sees and must not see; queries at two sizes."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from followups.services import period_open
from fulfillment import cascade as cascade_module
from fulfillment import views_cascade
from fulfillment.cascade import TreeState, trend
from fulfillment.charts import trend_line
from fulfillment.services import fulfillment_compile, fulfillment_compile_start
from goals.models import Goal
from goals.status import Status
from portal.models import Committee, User
from tests.factories import (
    CommitteeFactory,
    CommitteeGoalFactory,
    FocusAreaFactory,
    GoalFactory,
    IndicatorFactory,
    MeasurementFactory,
    OperatingBudgetFactory,
    ReportingPeriodFactory,
    TargetFactory,
)

ADOPTED = Goal.Status.ADOPTED
NOW = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
CASCADE = reverse("fulfillment:cascade") + "?ar=2026"


def build(committee: Committee, scale: int) -> dict[str, Any]:
    """``scale`` focus areas, each with a council goal broken down by one of the committee's goals, an
    unlinked goal of the committee, another committee with a goal, indicators with targets and values
    (this year and last), and Q1 2026 opened (follow-ups for every committee with goals)."""
    made: dict[str, Any] = {"areas": [], "council": [], "committee_goals": [], "unlinked": []}
    for i in range(scale):
        area = FocusAreaFactory(name=f"Fokus {committee.pk}-{i}")
        council = GoalFactory(status=ADOPTED, title=f"KF-mål {i}", kind=Goal.Kind.OPERATIONAL)
        council.focus_areas.add(area)
        ours = CommitteeGoalFactory(status=ADOPTED, committee=committee, title=f"Nämndmål {i}")
        ours.contributes_to.add(council)
        indicator = TargetFactory(indicator__goal=ours, value=Decimal(4)).indicator
        MeasurementFactory(indicator=indicator, year=2026, value=Decimal(5))
        MeasurementFactory(indicator=indicator, year=2025, value=Decimal(3))
        unlinked = CommitteeGoalFactory(status=ADOPTED, committee=committee, title=f"Fristående mål {i}")
        IndicatorFactory(goal=unlinked)  # no target, no value: two gaps
        other = CommitteeGoalFactory(status=ADOPTED, committee=CommitteeFactory(), title=f"Annan nämnds mål {i}")
        other.contributes_to.add(council)
        made["areas"].append(area)
        made["council"].append(council)
        made["committee_goals"].append(ours)
        made["unlinked"].append(unlinked)
    OperatingBudgetFactory(committee=committee, year=2026)
    period_open(period=ReportingPeriodFactory(), actor=None)
    return made


def get(client: Client, user: User, url: str, **headers: str) -> Any:
    client.force_login(user)
    return client.get(url, headers=headers)


# --- plain functions ----------------------------------------------------------------


def test_trend_in_words() -> None:
    assert trend(Status.FULFILLED, Status.PARTLY, "2025").direction == "up"
    assert trend(Status.NOT_FULFILLED, Status.PARTLY, "2025").direction == "down"
    assert trend(Status.PARTLY, Status.PARTLY, "Kvartal 1 2026").sentence == (
        "Oförändrat sedan Kvartal 1 2026 (delvis uppfyllt)"
    )
    assert trend(Status.NOT_ASSESSED, Status.PARTLY, "2025").direction == "unknown"
    assert trend(Status.FULFILLED, None, "2025").direction == "unknown"


def test_tree_state_open_by_default_and_collapsed_on_request() -> None:
    everything = TreeState.from_query({})
    assert everything.is_open("f1")
    closed = everything.toggled("f1")
    assert not closed.is_open("f1") and closed.query() == [("n", "f1")]
    collapsed = TreeState.from_query({"fallt": ["1"]})
    assert not collapsed.is_open("f1")
    assert collapsed.toggled("f1").is_open("f1")
    assert collapsed.toggled("f1").query() == [("fallt", "1"), ("n", "f1")]


def test_trend_line_puts_the_highest_value_on_top() -> None:
    chart = trend_line([(2024, Decimal(1)), (2025, None), (2026, Decimal(3))], width=100, height=40)
    assert [point.year for point in chart.points] == [2024, 2026]
    assert chart.points[1].y < chart.points[0].y
    assert trend_line([(2026, None)]).points == ()


# --- the cascade page --------------------------------------------------------------------


def test_cascade_shows_the_whole_tree_with_statuses_trends_and_gaps(
    client: Client, manager: User, committee: Committee
) -> None:
    made = build(committee, 1)
    response = get(client, manager, CASCADE)
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("Fokus", "KF-mål 0", "Nämndmål 0", "Indikator", "Fristående mål 0"):
        assert text in page
    assert "Uppfyllt" in page  # 5 against at least 4
    assert "Bättre än 2025" in page or "Trend okänd" in page
    assert "Ingen sammanställning finns för perioden" in page
    # Gaps: the unlinked goal, its indicator without target and value.
    gaps = response.context["gaps"]
    assert gaps.committee_goals_serving_none == [made["unlinked"][0]]
    assert [i.goal_id for i in gaps.indicators_without_target] == [made["unlinked"][0].pk]
    assert [i.goal_id for i in gaps.indicators_without_value] == [made["unlinked"][0].pk]
    # Every toggle keeps its href, and names both the page and the partial.
    assert 'hx-get="/mal/malkedja/fokusomrade/' in page and 'href="/mal/malkedja/?ar=2026&amp;n=f' in page
    assert 'hx-include="#cascade-state"' in page


def test_cascade_reads_statuses_from_the_latest_compiled_report(
    client: Client, strategist: User, committee: Committee
) -> None:
    build(committee, 1)
    report = fulfillment_compile_start(year=2026, as_of=None, actor=None, queue=False)
    fulfillment_compile(report_id=report.pk)
    response = get(client, strategist, CASCADE)
    assert response.context["statuses"].report == report
    assert "Måluppfyllelsen är hämtad ur" in response.content.decode()


def test_draft_reports_are_not_read_for_committee_members(client: Client, reporter: User, committee: Committee) -> None:
    build(committee, 1)
    report = fulfillment_compile_start(year=2026, as_of=None, actor=None, queue=False)
    fulfillment_compile(report_id=report.pk)
    response = get(client, reporter, CASCADE)
    assert response.context["statuses"].report is None  # a draft is for internal readers


def test_filters_narrow_the_tree(client: Client, viewer: User, committee: Committee) -> None:
    build(committee, 2)
    other = Committee.objects.exclude(pk=committee.pk).first()
    assert other is not None
    page = get(client, viewer, f"{CASCADE}&namnd={other.slug}").content.decode()
    assert "Annan nämnds mål" in page and "Nämndmål 0" not in page and "Fristående mål" not in page
    page = get(client, viewer, f"{CASCADE}&status=not_fulfilled").content.decode()
    assert "Inga mål matchar filtret." in page or "Fristående" not in page


def test_bad_filters_are_named_not_fatal(client: Client, viewer: User, committee: Committee) -> None:
    build(committee, 1)
    response = get(client, viewer, reverse("fulfillment:cascade") + "?ar=tjugo&namnd=finns-inte&status=bra&period=999")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Året ”tjugo” är inte ett år." in page
    assert "Nämnden finns inte. Visar alla nämnder." in page
    assert "Okänd måluppfyllelse. Visar alla." in page


def test_collapsed_tree_opens_one_node_over_htmx(client: Client, viewer: User, committee: Committee) -> None:
    made = build(committee, 1)
    area = made["areas"][0]
    collapsed = get(client, viewer, f"{CASCADE}&fallt=1").content.decode()
    assert "KF-mål 0" not in collapsed  # children are loaded on demand
    url = reverse("fulfillment:cascade_focus_area", args=[area.pk]) + f"?ar=2026&fallt=1&n=f{area.pk}"
    response = get(client, viewer, url, HX_Request="true")
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment and "KF-mål 0" in fragment and 'aria-expanded="true"' in fragment
    # Without htmx the node's address sends to the page with the same query.
    response = get(client, viewer, url)
    assert (
        response.status_code == 302
        and response["Location"]
        == reverse("fulfillment:cascade") + url.split("/", 5)[-1][url.split("/", 5)[-1].index("?") :]
    )


def test_a_large_tree_opens_at_its_focus_areas_and_keeps_its_mode_in_every_link(
    client: Client, viewer: User, committee: Committee, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = build(committee, 2)  # 2 areas, 2 council goals, 6 committee goals
    monkeypatch.setattr(cascade_module, "OPEN_LIMIT", 5)
    area, council = made["areas"][0], made["council"][0]
    page = get(client, viewer, CASCADE).content.decode()
    assert "Målkedjan har 8 mål och visas därför med fokusområdena öppna." in page
    assert "KF-mål 0" in page and "Nämndmål 0" not in page  # council goals listed, closed
    assert f"fallt=1&amp;n=f{area.pk}&amp;n=f{made['areas'][1].pk}&amp;n=g{council.pk}" in page  # opening one

    opened = get(client, viewer, f"{CASCADE}&fallt=1&n=f{area.pk}&n=g{council.pk}").content.decode()
    assert "Nämndmål 0" in opened and "Nämndmål 1" not in opened

    whole = get(client, viewer, f"{CASCADE}&fallt=0").content.decode()
    assert "Nämndmål 0" in whole and "Nämndmål 1" in whole and "visas därför" not in whole
    assert f"fallt=0&amp;n=g{council.pk}" in whole  # closing a node keeps the whole tree's mode


def test_the_committee_page_shows_its_goals_a_page_at_a_time(
    client: Client, manager: User, committee: Committee, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(committee, 2)  # the committee's goals: Nämndmål 0, Fristående mål 0, Nämndmål 1, Fristående mål 1
    monkeypatch.setattr(views_cascade, "COMMITTEE_GOALS_PER_PAGE", 3)
    url = reverse("fulfillment:cascade_committee", args=[committee.slug]) + "?ar=2026"
    first = get(client, manager, url).content.decode()
    second = get(client, manager, url + "&sida=2").content.decode()
    assert "Mål 1–3 av 4." in first and "Mål 4–4 av 4." in second
    assert '<a href="?ar=2026&amp;sida=2">Sida 2</a>' in first
    titles = [f">{title}</a></h3>" for title in ("Nämndmål 0", "Fristående mål 0", "Nämndmål 1", "Fristående mål 1")]
    assert len([title for title in titles if title in first]) == 3
    shown = [title for title in titles if title in second]
    assert len(shown) == 1 and shown[0] not in first


def response_url(area: int) -> str:
    return reverse("fulfillment:cascade") + f"?ar=2026&fallt=1&n=f{area}"


def test_a_history_restore_gets_the_whole_page(client: Client, viewer: User, committee: Committee) -> None:
    build(committee, 1)
    response = get(client, viewer, CASCADE, HX_Request="true", HX_History_Restore_Request="true")
    assert "<html" in response.content.decode()
    response = get(client, viewer, CASCADE, HX_Request="true")
    assert "<html" not in response.content.decode()


def test_unknown_node_is_404(client: Client, viewer: User, committee: Committee) -> None:
    build(committee, 1)
    response = get(client, viewer, reverse("fulfillment:cascade_goal", args=[999999]), HX_Request="true")
    assert response.status_code == 404


def test_outsider_is_refused_the_cascade(client: Client, outsider: User) -> None:
    assert get(client, outsider, CASCADE).status_code == 403
    assert get(client, outsider, reverse("fulfillment:cascade_map")).status_code == 403
    assert get(client, outsider, reverse("fulfillment:cascade_gaps")).status_code == 403


@time_machine.travel(datetime.datetime(2026, 5, 2, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm")), tick=False)
def test_overdue_followups_only_those_the_user_may_read(
    client: Client, reporter: User, hr_editor: User, strategist: User, committee: Committee
) -> None:
    build(committee, 1)  # Q1's deadline, 24 April, has passed; every follow-up is a draft
    url = reverse("fulfillment:cascade_gaps") + "?ar=2026"
    everyone = get(client, strategist, url).context["gaps"].overdue_followups
    assert len(everyone) == 2
    own = get(client, reporter, url).context["gaps"].overdue_followups
    assert [f.committee for f in own] == [committee]
    assert get(client, hr_editor, url).context["gaps"].overdue_followups == []


# --- the strategy map ----------------------------------------------------------------------


def test_strategy_map_draws_and_lists_the_same(client: Client, viewer: User, committee: Committee) -> None:
    build(committee, 2)
    response = get(client, viewer, reverse("fulfillment:cascade_map") + "?ar=2026")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<rect") == 2 + 2 + 4 + 2  # focus areas, council goals, committee goals (linked, unlinked)
    assert 'media="print"' in page and "Strategikartan som lista" in page
    assert "Uppfyllt" in page  # the status in words, in the picture and the list


# --- a committee's page -------------------------------------------------------------------


def test_committee_page_for_members_and_internal_readers(
    client: Client, reporter: User, approver: User, manager: User, committee: Committee
) -> None:
    build(committee, 1)
    url = reverse("fulfillment:cascade_committee", args=[committee.slug]) + "?ar=2026"
    for user in (reporter, approver, manager):
        response = get(client, user, url)
        assert response.status_code == 200
    page = response.content.decode()
    assert "Nämndmål 0" in page and "Annan nämnds mål" not in page
    assert "<polyline" in page and "Värdena som tabell" in page  # the chart and its data
    assert "Driftbudget (kommunbidrag)" in page and "1\xa0000\xa0tkr" in page
    assert "Kvartal 1 2026" in page  # the follow-up history


def test_committee_page_is_404_for_other_committees_and_outsiders(
    client: Client, reporter: User, hr_editor: User, outsider: User, committee: Committee, other_committee: Committee
) -> None:
    assert (
        get(client, reporter, reverse("fulfillment:cascade_committee", args=[other_committee.slug])).status_code == 404
    )
    for user in (hr_editor, outsider):
        assert get(client, user, reverse("fulfillment:cascade_committee", args=[committee.slug])).status_code == 404


# --- Min sida ------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_strategist_sees_the_period_overview_and_gaps(client: Client, strategist: User, committee: Committee) -> None:
    build(committee, 1)
    page = get(client, strategist, reverse("portal:dashboard")).content.decode()
    assert "Periodöversikt" in page and "luckor i målkedjan 2026" in page
    assert "Nämndernas mål" not in page  # the manager's panel


@time_machine.travel(NOW, tick=False)
def test_manager_sees_every_committee_with_its_status(client: Client, manager: User, committee: Committee) -> None:
    build(committee, 1)
    response = get(client, manager, reverse("portal:dashboard"))
    page = response.content.decode()
    assert "Nämndernas mål 2026" in page and committee.name in page
    assert "Periodöversikt" not in page


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("persona", ["reporter", "approver", "hr_editor", "viewer", "outsider"])
def test_other_roles_see_neither_cascade_panel(
    client: Client, request: pytest.FixtureRequest, persona: str, committee: Committee
) -> None:
    build(committee, 1)
    page = get(client, request.getfixturevalue(persona), reverse("portal:dashboard")).content.decode()
    assert "Periodöversikt" not in page and "Nämndernas mål" not in page


# --- queries at two sizes -----------------------------------------------------------------
# The same number at 1x and 10x the data; what each is, is named in the comment. Every request: the
# session, the user, the user's groups and memberships (roles, read once), the municipality (context
# processor), and the session's save (savepoint, update, release): 8.
REQUEST = 8
SESSION_SAVE = 3
# The statuses read the inputs' version once (fulfillment/inputs.py). compute_year for a year with goals: goals,
# their focus areas, contributions, indicators, targets, measurements, accepted follow-ups, assessments, the
# vision, its focus areas (10); for a year without goals the four link, indicator and target queries are not
# made (6). Here 2026 has goals and 2025 none. Each computation reads the version again after (1); when
# nothing has changed since an earlier request, neither is computed again.
VERSION = 1
COMPUTE_2026, COMPUTE_2025 = 10 + 1, 6 + 1
# The reports now and before (one query; neither exists here, so no rows are read); the statuses by node
# are kept too, with the version read again after building them (1).
REPORTS, STATUSES = 1, 1
# The gaps: the overdue follow-ups (1), and, kept per inputs' version (its own read, 1): council goals not
# broken down, committee goals serving none, indicators without a target, without a value (4; three for one
# committee) and the version after (1). Kept: 2.
GAPS, GAPS_KEPT = 1 + 1 + 4 + 1, 2

# + the periods, the committees, the vision shown above the tree.
CASCADE_QUERIES = REQUEST + 3 + VERSION + COMPUTE_2026 + REPORTS + STATUSES + COMPUTE_2025 + GAPS


@pytest.mark.parametrize("scale", [1, 10])
def test_cascade_queries_do_not_grow(
    client: Client, manager: User, committee: Committee, scale: int, django_assert_num_queries: Any
) -> None:
    build(committee, scale)
    client.force_login(manager)
    with django_assert_num_queries(CASCADE_QUERIES):
        client.get(CASCADE)
    kept = CASCADE_QUERIES - COMPUTE_2026 - COMPUTE_2025 - STATUSES - GAPS + GAPS_KEPT - SESSION_SAVE
    assert kept == REQUEST - SESSION_SAVE + 3 + VERSION + REPORTS + GAPS_KEPT == 12
    with django_assert_num_queries(kept):
        client.get(CASCADE)  # nothing changed: the year is not computed again, and the session is not saved


# + the committee, the year's periods, the measurements for the charts, the operating and investment
# budgets, the follow-ups with their outcomes (select_related), the assignments.
COMMITTEE_QUERIES = REQUEST + 7 + VERSION + COMPUTE_2026 + REPORTS + STATUSES + COMPUTE_2025 + (GAPS - 1)


@pytest.mark.parametrize("scale", [1, 10])
def test_committee_page_queries_do_not_grow(
    client: Client, manager: User, committee: Committee, scale: int, django_assert_num_queries: Any
) -> None:
    build(committee, scale)
    client.force_login(manager)
    with django_assert_num_queries(COMMITTEE_QUERIES):
        client.get(reverse("fulfillment:cascade_committee", args=[committee.slug]) + "?ar=2026")


# Min sida: the memberships table, the latest fulfillment reports, and the Kolada panel's last fetch run, for
# every role that sees them.
# The strategist: + the waiting follow-ups, the open periods, their follow-ups counted by state, the gaps,
# and the law's dates (the report dates, next year's budget document).
STRATEGIST_DASHBOARD_QUERIES = REQUEST + 3 + 3 + GAPS + 2
# The manager: + the year's periods, the statuses as on the cascade page, the committees (no Kolada panel).
MANAGER_DASHBOARD_QUERIES = REQUEST + 2 + 1 + VERSION + COMPUTE_2026 + REPORTS + STATUSES + COMPUTE_2025 + 1


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("scale", [1, 10])
@pytest.mark.parametrize(
    ("persona", "expected"), [("strategist", STRATEGIST_DASHBOARD_QUERIES), ("manager", MANAGER_DASHBOARD_QUERIES)]
)
def test_dashboard_queries_do_not_grow(
    client: Client,
    request: pytest.FixtureRequest,
    committee: Committee,
    scale: int,
    persona: str,
    expected: int,
    django_assert_num_queries: Any,
) -> None:
    build(committee, scale)
    client.force_login(request.getfixturevalue(persona))
    with django_assert_num_queries(expected):
        client.get(reverse("portal:dashboard"))
