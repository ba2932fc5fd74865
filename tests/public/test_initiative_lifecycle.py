"""The HR editor's whole lifecycle of an employer initiative over HTTP, and everyone else refused."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from goals.models import EmployerInitiative
from portal.models import User
from tests.conftest import PERSONAS
from tests.factories import EmployerInitiativeFactory

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Höjt friskvårdsbidrag",
    "slug": "hojt-friskvardsbidrag",
    "category": "benefits",
    "summary": "Friskvårdsbidraget höjs.",
    "body": "Mer **text**.<script>alert(1)</script>",
    "contact": "HR-avdelningen",
    "sort_order": "10",
    "key_figures_text": "Friskvårdsbidrag | 2 200 kr | 1 500 kr",
}


def test_hr_editor_creates_previews_publishes_unpublishes_and_archives(client: Client, hr_editor: User) -> None:
    client.force_login(hr_editor)
    response = client.post(reverse("goals:initiative_create"), FORM)
    initiative = EmployerInitiative.objects.get(slug="hojt-friskvardsbidrag")
    assert response.status_code == 302
    assert initiative.status == "draft"
    assert initiative.key_figures == [{"label": "Friskvårdsbidrag", "value": "2 200 kr", "previous": "1 500 kr"}]

    preview = client.get(reverse("goals:initiative_detail", args=[initiative.pk])).content.decode()
    assert "2 200 kr" in preview and "tidigare 1 500 kr" in preview
    assert "<script>" not in preview  # the Markdown is sanitised
    assert "<strong>text</strong>" in preview
    public_url = reverse("public:initiative", args=[initiative.slug])
    assert Client().get(public_url).status_code == 404

    client.post(reverse("goals:initiative_publish", args=[initiative.pk]))
    assert Client().get(public_url).status_code == 200

    edit = dict(FORM, title="Friskvårdsbidraget höjs")
    assert client.post(reverse("goals:initiative_edit", args=[initiative.pk]), edit).status_code == 302
    assert "Friskvårdsbidraget höjs" in Client().get(public_url).content.decode()

    client.post(reverse("goals:initiative_unpublish", args=[initiative.pk]))
    assert Client().get(public_url).status_code == 404
    client.post(reverse("goals:initiative_archive", args=[initiative.pk]))
    initiative.refresh_from_db()
    assert initiative.status == "archived"
    assert Client().get(public_url).status_code == 404
    assert initiative.history.count() >= 4  # type: ignore[attr-defined]


def test_bad_key_figures_are_refused_with_a_message(client: Client, hr_editor: User) -> None:
    client.force_login(hr_editor)
    response = client.post(reverse("goals:initiative_create"), dict(FORM, key_figures_text="bara en sak"))
    assert response.status_code == 400
    assert "Rad 1" in response.content.decode()


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "hr_editor"])
def test_every_other_role_is_refused(client: Client, request: pytest.FixtureRequest, persona: str) -> None:
    initiative = EmployerInitiativeFactory()
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("goals:initiative_list")).status_code == 403
    assert client.post(reverse("goals:initiative_create"), FORM).status_code == 403
    for step in ("publish", "unpublish", "archive"):
        assert client.post(reverse(f"goals:initiative_{step}", args=[initiative.pk])).status_code == 403
    schedule = reverse("goals:initiative_schedule", args=[initiative.pk])
    assert client.post(schedule, {"publish_at": "2099-01-01T08:00"}).status_code == 403
    initiative.refresh_from_db()
    assert initiative.status == "draft"
    assert not EmployerInitiative.objects.filter(slug=FORM["slug"]).exists()


def test_anonymous_is_sent_to_sign_in(client: Client) -> None:
    initiative = EmployerInitiativeFactory()
    response = client.post(reverse("goals:initiative_publish", args=[initiative.pk]))
    assert response.status_code == 302 and reverse("portal:login") in response["Location"]


def test_a_scheduled_initiative_appears_at_its_time(client: Client, hr_editor: User) -> None:
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
        initiative = EmployerInitiativeFactory(title="Schemalagd zq7")
        editor = Client()
        editor.force_login(hr_editor)
        response = editor.post(
            reverse("goals:initiative_schedule", args=[initiative.pk]), {"publish_at": "2026-05-02T08:00"}
        )
        assert response.status_code == 302
        initiative.refresh_from_db()
        assert initiative.status == "scheduled"
        # Cached before its time: the cache must not outlive the moment it becomes public.
        assert "zq7" not in client.get(reverse("public:initiatives")).content.decode()
        assert "zq7" not in client.get(reverse("public:initiative_feed")).content.decode()
        assert initiative in EmployerInitiative.objects.drafts()
    publish_at = initiative.publish_at
    assert publish_at is not None
    with time_machine.travel(publish_at + datetime.timedelta(seconds=1), tick=False):
        assert "zq7" in client.get(reverse("public:initiatives")).content.decode()
        assert "zq7" in client.get(reverse("public:initiative_feed")).content.decode()
        assert "zq7" in client.get(reverse("api:employer_initiatives")).content.decode()
        assert timezone.now() > publish_at


def test_scheduling_in_the_past_is_refused(client: Client, hr_editor: User) -> None:
    initiative = EmployerInitiativeFactory()
    client.force_login(hr_editor)
    client.post(reverse("goals:initiative_schedule", args=[initiative.pk]), {"publish_at": "2000-01-01T08:00"})
    initiative.refresh_from_db()
    assert initiative.status == "draft"


def test_drafts_panel_on_min_sida(client: Client, hr_editor: User, viewer: User) -> None:
    EmployerInitiativeFactory(title="Utkast på Min sida")
    EmployerInitiativeFactory(title="Redan publicerad", published=True)
    client.force_login(hr_editor)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "Utkast på Min sida" in page and "Redan publicerad" not in page
    client.force_login(viewer)
    assert "Utkast på Min sida" not in client.get(reverse("portal:dashboard")).content.decode()
