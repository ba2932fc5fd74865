"""The executive board's summary of the year: strategists and the board's approvers write and adopt it with the
board's decision; internal readers and the board's members read it; committee members elsewhere do not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from internalcontrol.models import State, YearSummary
from portal.models import Committee, User
from tests.factories import CommitteeFactory, ControlFactory
from tests.internalcontrol.conftest import client_for

pytestmark = pytest.mark.django_db

URL = reverse("internalcontrol:summary", args=[2026])
ADOPT = reverse("internalcontrol:summary_adopt", args=[2026])


def test_the_board_approver_writes_and_adopts_the_summary(board_approver: User, viewer: User) -> None:
    client = client_for(board_approver)
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"text": ""})
    assert response.status_code == 400 and "Skriv sammanfattningen innan du sparar." in response.content.decode()
    assert not YearSummary.objects.exists()
    assert client.post(URL, {"text": "Kontrollen fungerar i stort."}).status_code == 302
    assert "Kontrollen fungerar" not in client_for(viewer).get(URL).content.decode()  # a draft
    response = client.post(ADOPT, {"decision_reference": "BUN 2026-12-10 § 5"}, follow=True)
    assert "följer inte hur KS skriver sina beslut" in response.content.decode()
    assert YearSummary.objects.get().state == State.DRAFT
    assert client.post(ADOPT, {"decision_reference": "KS 2026-12-10 § 5"}).status_code == 302
    summary = YearSummary.objects.get()
    assert (summary.state, summary.decision_reference, summary.adopted_by) == (
        State.ADOPTED,
        "KS 2026-12-10 § 5",
        board_approver,
    )
    assert summary.history.count() == 3  # written, and adopted
    assert "Kontrollen fungerar i stort." in client_for(viewer).get(URL).content.decode()
    # Adopted: read only.
    assert client.post(URL, {"text": "Ändrad."}).status_code == 403
    assert YearSummary.objects.get().text == "Kontrollen fungerar i stort."


def test_who_reads_and_who_writes(
    board: Committee, reporter: User, approver: User, viewer: User, strategist: User, outsider: User
) -> None:
    assert client_for(strategist).post(URL, {"text": "Strategens utkast."}).status_code == 302
    assert client_for(viewer).get(URL).status_code == 200
    for user in (reporter, approver, outsider):  # BUN's members read their own plan, not the board's summary
        assert client_for(user).get(URL).status_code == 403
        assert client_for(user).post(URL, {"text": "Nej."}).status_code == 403
        assert client_for(user).post(ADOPT, {"decision_reference": "KS 2026-12-10 § 5"}).status_code == 403
    assert client_for(viewer).post(URL, {"text": "Nej."}).status_code == 403
    assert YearSummary.objects.get().text == "Strategens utkast."


def test_the_summary_names_the_committees_without_an_adopted_plan(
    board: Committee, committee: Committee, other_committee: Committee, viewer: User
) -> None:
    CommitteeFactory(name="Kommunfullmäktige", abbreviation="KF", slug="kf", kind=Committee.Kind.COUNCIL)
    ControlFactory(plan__committee=committee, plan__state=State.ADOPTED, plan__decision_reference="BUN 2026-03-18 § 20")
    ControlFactory(plan__committee=other_committee)  # a draft plan
    page = client_for(viewer).get(URL).content.decode()
    missing = page.split("Nämnder utan antagen internkontrollplan för 2026")[1].split("</ul>")[0]
    assert "Tekniska nämnden" in missing and "Kommunstyrelsen" in missing
    assert "Barn- och ungdomsnämnden" not in missing and "Kommunfullmäktige" not in missing
