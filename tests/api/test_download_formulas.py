"""The API's CSV downloads keep a label that starts like a formula as inert text."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from budgets.models import StatementLine
from goals.models import Goal
from tests.api.conftest import Published

HOSTILE = '=HYPERLINK("http://x","y")'


@pytest.mark.django_db
def test_the_api_csvs_keep_a_hostile_label_inert(client: Client, published: Published) -> None:
    Goal.objects.filter(pk=published.council_goal.pk).update(title=HOSTILE)
    StatementLine.objects.filter(document=published.document, label="Skatteintäkter").update(label=HOSTILE)
    for url in ("/api/v1/goals.csv", "/api/v1/budget-documents/2026/tables.csv"):
        text = client.get(url).content.decode("utf-8-sig")
        cells = [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
        assert "'" + HOSTILE in cells, url
        assert HOSTILE not in cells, url
