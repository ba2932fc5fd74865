"""The administrator reads the auditors' records and the internal control's documents in the admin, and can
neither change nor remove them there: a frozen copy and the log are evidence."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent, FrozenCopy
from portal.models import User
from tests.factories import ControlFactory

pytestmark = pytest.mark.django_db


def test_the_administrator_reads_but_cannot_change_or_remove(administrator: User, auditor: User) -> None:
    copy = FrozenCopy.objects.create(kind="fulfillment_report", title="Måluppfyllelse 2026", year=2026, source_id=1)
    event = AuditEvent.objects.create(user=auditor, kind=AuditEvent.Kind.SIGN_IN, what="inloggning")
    plan = ControlFactory().plan
    client = Client()
    client.force_login(administrator)
    for name, obj in (("audit_frozencopy", copy), ("audit_auditevent", event), ("internalcontrol_controlplan", plan)):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
        page = client.get(reverse(f"admin:{name}_change", args=[obj.pk]))
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
        assert client.post(reverse(f"admin:{name}_delete", args=[obj.pk]), {"post": "yes"}).status_code == 403
    changed = client.post(reverse("admin:audit_frozencopy_change", args=[copy.pk]), {"title": "Annan", "year": 2020})
    assert changed.status_code == 403
    copy.refresh_from_db()
    assert (copy.title, copy.year) == ("Måluppfyllelse 2026", 2026)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_nobody_else_opens_them(auditor: User, strategist: User) -> None:
    for user in (auditor, strategist):
        client = Client()
        client.force_login(user)
        response = client.get(reverse("admin:audit_auditevent_changelist"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
