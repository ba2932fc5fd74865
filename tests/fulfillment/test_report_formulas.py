"""The fulfillment report's workbook keeps a goal title that starts like a formula as inert text."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from fulfillment import services
from goals.models import Goal
from portal.models import User

HOSTILE = '=HYPERLINK("http://x","y")'


@pytest.mark.django_db
def test_the_fulfillment_workbook_keeps_a_hostile_goal_title_inert(strategist: User) -> None:
    call_command("load_example", stdout=io.StringIO())
    goal = Goal.objects.council().filter(title__startswith="Årets resultat ska").get()
    Goal.objects.filter(pk=goal.pk).update(title=HOSTILE)
    report = services.fulfillment_compile_start(year=2026, as_of=None, actor=None, queue=False)
    services.fulfillment_compile(report_id=report.pk)
    client = Client()
    client.force_login(strategist)
    response = client.get(reverse("fulfillment:report_xlsx", args=[report.pk]))
    cells = [cell for row in openpyxl.load_workbook(io.BytesIO(response.content))["Mål"] for cell in row]
    assert next(cell for cell in cells if cell.value == HOSTILE).data_type == "s"
