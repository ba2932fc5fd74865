"""Writing employer initiatives: create, change, publish, schedule, unpublish, archive.

Every status change forgets the cached public pages (portal.publiccache), so
the public site shows the change at once. Who may call these is decided by
the views through goals/rules.py.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from goals.models import EmployerInitiative
from portal import publiccache
from portal.errors import Refused

Status = EmployerInitiative.Status


def initiative_save(*, initiative: EmployerInitiative, values: dict[str, Any]) -> EmployerInitiative:
    """Creates or changes an initiative from a form's cleaned values (many-to-many fields included)."""
    focus_areas = values.pop("focus_areas", None)
    goals = values.pop("goals", None)
    with transaction.atomic():
        for name, value in values.items():
            setattr(initiative, name, value)
        initiative.updated_at = timezone.now()
        initiative.save()
        if focus_areas is not None:
            initiative.focus_areas.set(focus_areas)
        if goals is not None:
            initiative.goals.set(goals)
        if initiative.is_public():
            publiccache.bump()
    return initiative


def _set_status(
    initiative: EmployerInitiative, status: str, publish_at: datetime.datetime | None
) -> EmployerInitiative:
    with transaction.atomic():
        locked = EmployerInitiative.objects.select_for_update().get(pk=initiative.pk)
        locked.status = status
        locked.publish_at = publish_at
        locked.updated_at = timezone.now()
        locked.save(update_fields=["status", "publish_at", "updated_at"])
        publiccache.bump()
    return locked


def initiative_publish(*, initiative: EmployerInitiative) -> EmployerInitiative:
    """Public from now on."""
    if initiative.status == Status.PUBLISHED:
        raise Refused(_("Satsningen är redan publicerad."))
    return _set_status(initiative, Status.PUBLISHED, timezone.now())


def initiative_schedule(*, initiative: EmployerInitiative, publish_at: datetime.datetime) -> EmployerInitiative:
    """Public from ``publish_at`` on, which must lie ahead; nothing has to run then."""
    if publish_at <= timezone.now():
        raise Refused(_("Välj en tidpunkt som ligger framåt i tiden, eller publicera direkt."))
    return _set_status(initiative, Status.SCHEDULED, publish_at)


def initiative_unpublish(*, initiative: EmployerInitiative) -> EmployerInitiative:
    """Back to a draft: no longer public (and a scheduled publication is called off)."""
    if initiative.status == Status.DRAFT:
        raise Refused(_("Satsningen är redan ett utkast."))
    return _set_status(initiative, Status.DRAFT, None)


def initiative_archive(*, initiative: EmployerInitiative) -> EmployerInitiative:
    """No longer public, kept with its history."""
    if initiative.status == Status.ARCHIVED:
        raise Refused(_("Satsningen är redan arkiverad."))
    return _set_status(initiative, Status.ARCHIVED, None)
