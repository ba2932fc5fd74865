"""Nämnder in the main menu: the committees each person may open, each linking to its page."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from portal.models import Committee, User

URL = reverse("fulfillment:committee_list")


def page_for(client: Client, user: User) -> str:
    client.force_login(user)
    return client.get(URL).content.decode()


def test_a_member_sees_their_committee_and_an_internal_reader_every_one(
    client: Client, reporter: User, strategist: User, committee: Committee, other_committee: Committee
) -> None:
    own = reverse("fulfillment:cascade_committee", args=[committee.slug])
    other = reverse("fulfillment:cascade_committee", args=[other_committee.slug])
    page = page_for(client, reporter)
    assert own in page and other not in page
    page = page_for(client, strategist)
    assert own in page and other in page
    assert f'href="{URL}"' in page  # in the main menu


def test_a_role_without_a_committee_is_told_whom_to_ask(client: Client, hr_editor: User, committee: Committee) -> None:
    page = page_for(client, hr_editor)
    assert "Du är inte med i någon nämnd." in page
    assert reverse("fulfillment:cascade_committee", args=[committee.slug]) not in page


def test_min_sida_lists_the_reports_the_user_may_read(client: Client, viewer: User, reporter: User) -> None:
    from fulfillment import services

    report = services.fulfillment_compile_start(year=2026, as_of=None, actor=None, queue=False)
    assert services.fulfillment_compile(report_id=report.pk)
    detail = reverse("fulfillment:report_detail", args=[report.pk])
    client.force_login(viewer)
    assert f'<a href="{detail}">' in client.get(reverse("portal:dashboard")).content.decode()  # a draft: internal
    client.force_login(reporter)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert f'<a href="{detail}">' not in page and "Ingen sammanställning av måluppfyllelsen finns ännu." in page
