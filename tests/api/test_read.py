"""The read API: what it answers, to whom, and how it filters and pages."""

from __future__ import annotations

import pytest
from django.test import Client

from api.models import ApiToken
from goals.models import Goal
from portal.models import Committee, User
from tests.api.conftest import DRAFT_GOAL_TITLE, PROPOSAL_TITLE, Published, bearer
from tests.factories import CommitteeGoalFactory, GoalFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [goal["title"] for goal in response.json()["results"]]


def test_root_links_every_part(client: Client) -> None:
    body = client.get("/api/v1/").json()
    assert body["goals"].endswith("/api/v1/goals/") and body["docs"].endswith("/api/v1/docs/")


def test_vision_with_focus_areas(client: Client, published: Published) -> None:
    body = client.get("/api/v1/vision/").json()
    assert body["horizon_year"] == 2040
    assert [area["name"] for area in body["focus_areas"]] == ["Trygghet"]


def test_no_vision_is_404_with_a_message(client: Client, db: None) -> None:
    response = client.get("/api/v1/vision/")
    assert response.status_code == 404 and response.json()["detail"] == "Ingen vision är registrerad."


def test_committees(client: Client, published: Published, committee: Committee) -> None:
    body = client.get("/api/v1/committees/").json()
    assert [item["slug"] for item in body["results"]] == [committee.slug]


def test_goals_with_indicators_targets_and_no_invented_fulfillment(client: Client, published: Published) -> None:
    body = client.get("/api/v1/goals/").json()
    assert body["count"] == 2
    council = next(goal for goal in body["results"] if goal["level"] == "council")
    assert council["status"] == "adopted"
    assert council["focus_areas"][0]["name"] == "Trygghet"
    target = council["indicators"][0]["targets"][0]
    assert target["value"] == 4 and target["sentence"].startswith("Minst 4")
    assert council["fulfillment"] is None
    committee_goal = next(goal for goal in body["results"] if goal["level"] == "committee")
    assert committee_goal["contributes_to"] == [published.council_goal.pk]
    assert committee_goal["committee"]["abbreviation"] == "BUN"


def test_goals_filter_by_committee_year_and_level(
    client: Client, published: Published, committee: Committee, other_committee: Committee
) -> None:
    CommitteeGoalFactory(title="Rena gator", committee=other_committee, status=Goal.Status.ADOPTED)
    assert titles(client.get("/api/v1/goals/", {"committee": committee.slug})) == ["Fler barn läser"]
    assert titles(client.get("/api/v1/goals/", {"committee": other_committee.slug})) == ["Rena gator"]
    assert "Fler barn läser" not in titles(client.get("/api/v1/goals/", {"year": 2027}))
    assert titles(client.get("/api/v1/goals/", {"level": "council"})) == ["Resultatet ska vara minst 4 %"]


@pytest.mark.parametrize(
    ("query", "field"),
    [({"year": "tjugo"}, "year"), ({"committee": "finns-inte"}, "committee"), ({"level": "x"}, "level")],
)
def test_bad_filters_are_400_naming_the_parameter(client: Client, published: Published, query, field) -> None:
    response = client.get("/api/v1/goals/", query)
    assert response.status_code == 400
    assert response.json()[field]


def test_goals_are_paged(client: Client, db: None) -> None:
    for number in range(3):
        GoalFactory(title=f"Mål {number}", status=Goal.Status.ADOPTED)
    body = client.get("/api/v1/goals/", {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    assert client.get("/api/v1/goals/", {"page": 9}).status_code == 404


def test_goal_list_queries_do_not_grow_with_goals(
    client: Client, published: Published, django_assert_num_queries
) -> None:
    # count, goals with committees, focus areas, contributes to, indicators, targets with reference indicators,
    # and the inputs version read before and after (fulfillment/inputs.py)
    with django_assert_num_queries(8):
        client.get("/api/v1/goals/")
    for number in range(5):
        GoalFactory(title=f"Fler mål {number}", status=Goal.Status.ADOPTED)
    with django_assert_num_queries(8):
        assert "Fler mål 4" in client.get("/api/v1/goals/").content.decode()
    with django_assert_num_queries(1):  # nothing changed since: the page kept, the version read once
        assert "Fler mål 4" in client.get("/api/v1/goals/").content.decode()


def test_a_kept_goal_list_is_built_anew_after_any_change_it_shows(
    client: Client, published: Published, strategist: User
) -> None:
    def titles() -> list[str]:
        return [goal["title"] for goal in client.get("/api/v1/goals/").json()["results"]]

    before = titles()
    goal = published.council_goal
    goal.title = "Ett nytt namn på målet"
    goal.save()
    assert "Ett nytt namn på målet" in titles() and titles() != before
    indicator = goal.indicators.first()
    assert indicator is not None
    indicator.name = "En ny indikator"
    indicator.save()
    assert "En ny indikator" in client.get("/api/v1/goals/").content.decode()
    # the page for those who see drafts is kept apart from the published one
    GoalFactory(title="Ett utkast i listan", status=Goal.Status.DRAFT)
    assert "Ett utkast i listan" not in titles()
    signed_in = Client()
    signed_in.force_login(strategist)
    assert "Ett utkast i listan" in signed_in.get("/api/v1/goals/").content.decode()
    assert "Ett utkast i listan" not in titles()


def test_goal_detail(client: Client, published: Published) -> None:
    body = client.get(f"/api/v1/goals/{published.council_goal.pk}/").json()
    assert body["title"] == "Resultatet ska vara minst 4 %"


def test_draft_goal_is_404_for_anonymous_and_outsider_and_shown_to_roles(
    client: Client, unpublished, outsider: User, viewer: User, reporter: User
) -> None:
    draft, _proposal = unpublished
    url = f"/api/v1/goals/{draft.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    for user in (viewer, reporter):
        client.force_login(user)
        assert client.get(url).json()["title"] == DRAFT_GOAL_TITLE


def test_key_reads_with_its_scope(client: Client, unpublished, committee_token: tuple[ApiToken, str]) -> None:
    draft, proposal = unpublished
    assert client.get(f"/api/v1/goals/{draft.pk}/", **bearer(committee_token[1])).status_code == 200
    assert client.get(f"/api/v1/budget-documents/{proposal.year}/", **bearer(committee_token[1])).status_code == 200


def test_wrong_and_revoked_keys_are_401(client: Client, published: Published, strategist_token) -> None:
    token, raw = strategist_token
    response = client.get("/api/v1/goals/", **bearer("sp_fel"))
    assert response.status_code == 401 and response.json()["detail"] == "Nyckeln är ogiltig."
    ApiToken.objects.filter(pk=token.pk).update(revoked_at="2026-01-01T00:00:00Z")
    response = client.get("/api/v1/goals/", **bearer(raw))
    assert response.status_code == 401 and "återkallad" in response.json()["detail"]


def test_budget_documents_list_and_detail_with_tables_and_ratios(client: Client, published: Published) -> None:
    body = client.get("/api/v1/budget-documents/").json()
    assert [document["year"] for document in body["results"]] == [2026]
    detail = client.get("/api/v1/budget-documents/2026/").json()
    assert [table["key"] for table in detail["statements"]] == ["income", "balance", "cash_flow"]
    assert detail["operating"]["rows"][0]["cells"][0] == 409875.5
    assert detail["investment"]["unit"] == "tkr"
    result_ratio = next(group for group in detail["ratios"] if group["key"] == "result_ratio")
    # 146 / (2 571 + 785) = 4,35 %: the same function as the budget page.
    assert round(result_ratio["by_year"][0]["value"], 4) == 0.0435


def test_budget_filter_by_year(client: Client, published: Published) -> None:
    assert client.get("/api/v1/budget-documents/", {"year": 2027}).json()["count"] == 0


def test_proposal_is_404_for_anonymous_and_shown_to_roles(client: Client, unpublished, viewer: User) -> None:
    _draft, proposal = unpublished
    assert client.get(f"/api/v1/budget-documents/{proposal.year}/").status_code == 404
    client.force_login(viewer)
    assert client.get(f"/api/v1/budget-documents/{proposal.year}/").json()["document"]["title"] == PROPOSAL_TITLE


def test_unknown_year_and_huge_ids_are_404(client: Client, db: None) -> None:
    assert client.get("/api/v1/budget-documents/1999/").json()["detail"] == "Det finns ingen budget för året."
    assert client.get("/api/v1/goals/99999999999999999999999/").status_code == 404


def test_empty_parameters_are_refused_not_ignored(client: Client, published: Published) -> None:
    for query in ({"level": ""}, {"page": ""}, {"page_size": "0"}, {"page_size": "201"}, {"page_size": "tio"}):
        response = client.get("/api/v1/goals/", query)
        assert response.status_code == 400, query
        assert next(iter(response.json().values()))
