"""The initiatives' Atom feed says its summaries are plain text, so a reader never renders typed markup."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import EmployerInitiativeFactory


@pytest.mark.django_db
def test_a_summary_is_text_and_its_markup_escaped(client: Client) -> None:
    EmployerInitiativeFactory(published=True, summary='<img src=x onerror="alert(1)"> & mer')
    feed = client.get(reverse("public:initiative_feed")).content.decode()
    assert '<summary type="text">&lt;img src=x onerror="alert(1)"&gt; &amp; mer</summary>' in feed
    assert 'type="html"' not in feed
