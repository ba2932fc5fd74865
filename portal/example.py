"""The Alingsås example: the organisation of "Mål och budget 2026" and demo users.

``manage.py load_example`` calls ``load()`` here and then in every later app
that has an ``example.py``. Loading twice changes nothing the second time.
The committees are the ones the seed names: the council, the eight committees
of the operating budget (Kommunstyrelsen among them) and the housing company.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.models import Group
from django.db import models, transaction

from portal.models import Committee, Membership, Municipality, Role, User

MUNICIPALITY_NAME = "Alingsås kommun"

# name, abbreviation, slug, kind; in the order of the seed's operating budget.
COMMITTEES: list[tuple[str, str, str, str]] = [
    ("Kommunfullmäktige", "KF", "kommunfullmaktige", Committee.Kind.COUNCIL),
    ("Vård- och omsorgsnämnden", "VON", "vard-och-omsorgsnamnden", Committee.Kind.COMMITTEE),
    ("Socialnämnden", "SN", "socialnamnden", Committee.Kind.COMMITTEE),
    ("Kultur- och utbildningsnämnden", "KUN", "kultur-och-utbildningsnamnden", Committee.Kind.COMMITTEE),
    ("Barn- och ungdomsnämnden", "BUN", "barn-och-ungdomsnamnden", Committee.Kind.COMMITTEE),
    ("Bygg- och miljönämnden", "BMN", "bygg-och-miljonamnden", Committee.Kind.COMMITTEE),
    ("Tekniska nämnden", "TN", "tekniska-namnden", Committee.Kind.COMMITTEE),
    ("Kommunstyrelsen", "KS", "kommunstyrelsen", Committee.Kind.EXECUTIVE_BOARD),
    ("Överförmyndarnämnden", "ÖFN", "overformyndarnamnden", Committee.Kind.COMMITTEE),
    ("AB Alingsåshem", "Alingsåshem", "alingsashem", Committee.Kind.COMPANY),
]

DEMO_PASSWORD = "styrportal-demo"  # noqa: S105  (printed by make demo; demo data only)
DEMO_COMMITTEE = "BUN"
DEMO_EMAIL_DOMAIN = "styrportal.example"  # reserved for examples: nothing is ever delivered there


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str | None = None  # a municipality-wide role
    committee_role: str | None = None  # a role in DEMO_COMMITTEE


DEMO_USERS = [
    DemoUser("strateg", "Stina", "Strateg", role=Role.STRATEGIST),
    DemoUser("rapportor", "Rasmus", "Rapportör", committee_role=Membership.Role.REPORTER),
    DemoUser("godkannare", "Greta", "Godkännare", committee_role=Membership.Role.APPROVER),
    DemoUser("chef", "Charlotte", "Chef", role=Role.MANAGER),
    DemoUser("hr", "Hanna", "HR-redaktör", role=Role.HR_EDITOR),
    DemoUser("ledamot", "Leif", "Ledamot", role=Role.VIEWER),
    DemoUser("admin", "Anders", "Administratör", role=Role.ADMINISTRATOR),
    DemoUser("revisor", "Rut", "Revisor", role=Role.AUDITOR),
]

M = TypeVar("M", bound=models.Model)


@dataclass
class LoadReport:
    created: int = 0
    changed: int = 0


def _save_changes(obj: models.Model, values: Mapping[str, object], report: LoadReport) -> None:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.changed += 1


def upsert(model: type[M], lookup: Mapping[str, Any], values: Mapping[str, Any], report: LoadReport) -> M:
    """The row found by ``lookup``, created or brought up to date with ``values``; counted in ``report``,
    so that loading the example twice changes nothing the second time."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        report.created += 1
        return model._default_manager.create(**lookup, **values)
    _save_changes(obj, values, report)
    return obj


@transaction.atomic
def load() -> LoadReport:
    report = LoadReport()

    municipality = Municipality.objects.first()
    if municipality is None:
        Municipality.objects.create(name=MUNICIPALITY_NAME)
        report.created += 1
    else:
        _save_changes(municipality, {"name": MUNICIPALITY_NAME}, report)

    for order, (name, abbreviation, slug, kind) in enumerate(COMMITTEES, start=1):
        values = {"name": name, "abbreviation": abbreviation, "kind": kind, "sort_order": order * 10}
        committee = Committee.objects.filter(slug=slug).first()
        if committee is None:
            Committee.objects.create(slug=slug, **values)
            report.created += 1
        else:
            _save_changes(committee, values, report)

    demo_committee = Committee.objects.get(abbreviation=DEMO_COMMITTEE)
    for demo in DEMO_USERS:
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            user = User(username=demo.username, first_name=demo.first_name, last_name=demo.last_name)
            user.set_password(DEMO_PASSWORD)
            user.save()
            report.created += 1
        if not user.email:
            # So that the demo's follow-up emails have somewhere to go (they are written to VAR_DIR/mail).
            user.email = f"{demo.username}@{DEMO_EMAIL_DOMAIN}"
            user.save(update_fields=["email"])
            report.changed += 1
        if demo.role and not user.groups.filter(name=demo.role).exists():
            user.groups.add(Group.objects.get(name=demo.role))
            report.changed += 1
        if demo.committee_role:
            _, created = Membership.objects.get_or_create(user=user, committee=demo_committee, role=demo.committee_role)
            report.created += int(created)
    return report
