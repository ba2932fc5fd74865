"""A verified ID token's claims made into a portal user with the roles its groups give.

Each sign-in: the identity (issuer + subject) finds the user, or a first sign-in
creates one; name and email are written from the claims; the roles are set from
the groups by the administrator's table (GroupMapping). A role the table gave
earlier and no longer gives is taken away; a role set by hand is kept. A person
with no role afterwards is refused (``Refused``) and, on a first sign-in, not
even created.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access import roles_for
from portal.models import Membership, Role, User
from sso.models import GroupGrant, GroupMapping, Identity

# (committee id or None for a municipality-wide role, role)
RoleKey = tuple[int | None, str]


@dataclass
class Refused(Exception):
    """A sign-in that may not go on: ``message`` tells the person what to do."""

    message: str
    reason: str  # for the security log
    status: int = 403


def claim_text(claims: dict[str, Any], name: str, *, limit: int) -> str:
    value = claims.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def groups_from(claims: dict[str, Any]) -> list[str]:
    """The groups claim as a list of names; Entra ID's "too many groups" marker is refused, not read as none."""
    name = settings.OIDC_CLAIM_GROUPS
    if name not in claims and name in (claims.get("_claim_names") or {}):
        raise Refused(
            _(
                "Du är med i fler grupper än inloggningstjänsten skickar med, så portalen kan inte se vilka roller "
                "du har. Be %(contact)s att ge portalen bara de grupper som är tilldelade till den."
            )
            % {"contact": settings.SIGNIN_CONTACT},
            reason="groups-overage",
        )
    value = claims.get(name) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(group, str) for group in value):
        raise Refused(
            _("Inloggningstjänsten skickade grupperna i en form portalen inte kan läsa. Kontakta %(contact)s.")
            % {"contact": settings.SIGNIN_CONTACT},
            reason="groups-unreadable",
        )
    return value


def roles_from_groups(groups: list[str]) -> set[RoleKey]:
    """The roles the administrator's table gives these groups (committees that still exist only)."""
    mappings = GroupMapping.objects.filter(group__in=groups).filter(
        Q(committee__isnull=True) | Q(committee__is_active=True)
    )
    return {
        (mapping.committee_id, mapping.committee_role)
        if mapping.committee_id is not None
        else (None, mapping.municipality_role)
        for mapping in mappings
    }


def apply_roles(user: User, wanted: set[RoleKey]) -> None:
    """Gives the wanted roles and takes away those that groups gave before and give no longer."""
    grants = {(grant.committee_id, grant.role): grant for grant in GroupGrant.objects.filter(user=user)}
    held_memberships = set(Membership.objects.filter(user=user).values_list("committee_id", "role"))
    held_roles = set(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
    for committee_id, role in wanted:
        held = role in held_roles if committee_id is None else (committee_id, role) in held_memberships
        if held and (committee_id, role) not in grants:
            continue  # set by hand: stays the hand's, and stays when the group goes
        if not held:
            if committee_id is None:
                user.groups.add(Group.objects.get_or_create(name=role)[0])
            else:
                Membership.objects.create(user=user, committee_id=committee_id, role=role)
        if (committee_id, role) not in grants:
            GroupGrant.objects.create(user=user, committee_id=committee_id, role=role)
    for (committee_id, role), grant in grants.items():
        if (committee_id, role) in wanted:
            continue
        if committee_id is None:
            user.groups.remove(*Group.objects.filter(name=role))
        else:
            Membership.objects.filter(user=user, committee_id=committee_id, role=role).delete()
        grant.delete()
    user._role_set = None


def free_username(wanted: str, subject: str) -> str:
    """A username no one has: the claim's, cleaned, or one made from the subject; "-2", "-3" … on a clash."""
    base = re.sub(r"[^\w.@+-]", "", wanted)[:140] or "sso-" + re.sub(r"[^\w-]", "", subject)[:40]
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def write_person(user: User, claims: dict[str, Any]) -> None:
    """Name and email from the claims, at every sign-in."""
    given = claim_text(claims, "given_name", limit=150)
    family = claim_text(claims, "family_name", limit=150)
    if not (given or family):
        full = claim_text(claims, settings.OIDC_CLAIM_NAME, limit=301)
        given, _space, family = full.rpartition(" ") if " " in full else (full, "", "")
    user.first_name, user.last_name = given[:150], family[:150]
    email = claim_text(claims, settings.OIDC_CLAIM_EMAIL, limit=254)
    if email:
        user.email = email


def sign_in_user(issuer: str, claims: dict[str, Any]) -> User:
    """The user these verified claims belong to, with their roles set; ``Refused`` when they may not sign in."""
    try:
        return _sign_in_user(issuer, claims)
    except IntegrityError:
        # Two first sign-ins of one person at once (two tabs): the other made the identity; this one finds it.
        return _sign_in_user(issuer, claims)


def _sign_in_user(issuer: str, claims: dict[str, Any]) -> User:
    subject = claims.get(settings.OIDC_CLAIM_SUBJECT)
    if not isinstance(subject, str) or not subject.strip():
        raise Refused(
            _(
                "Inloggningstjänsten skickade inget användar-id (anspråket %(claim)s), så portalen kan inte veta "
                "vem du är. Kontakta %(contact)s."
            )
            % {"claim": settings.OIDC_CLAIM_SUBJECT, "contact": settings.SIGNIN_CONTACT},
            reason="no-subject",
        )
    groups = groups_from(claims)
    no_role = Refused(
        _(
            "Du är inloggad hos kommunens inloggningstjänst, men ingen av dina grupper ger någon roll i Styrportal. "
            "Be %(contact)s om behörighet; nämn vilken nämnd du arbetar för och vad du behöver göra i portalen."
        )
        % {"contact": settings.SIGNIN_CONTACT},
        reason="no-role",
    )
    with transaction.atomic():
        wanted = roles_from_groups(groups)
        identity = (
            Identity.objects.select_for_update().select_related("user").filter(issuer=issuer, subject=subject).first()
        )
        if identity is None:
            if not wanted:
                raise no_role  # nothing is stored for a person who may not come in
            username = claim_text(claims, settings.OIDC_CLAIM_USERNAME, limit=150)
            user = User(username=free_username(username, subject))
            user.set_unusable_password()
            write_person(user, claims)
            user.save()
            identity = Identity(issuer=issuer, subject=subject, user=user)
        user = identity.user
        write_person(user, claims)
        user.save(update_fields=["first_name", "last_name", "email"])
        identity.groups = groups
        identity.last_signed_in_at = timezone.now()
        identity.save()
        apply_roles(user, wanted)
    if not user.is_active:
        raise Refused(
            _("Ditt konto i Styrportal är inaktiverat. Kontakta %(contact)s om du behöver komma åt portalen.")
            % {"contact": settings.SIGNIN_CONTACT},
            reason="inactive",
        )
    role_set = roles_for(user)
    if not (role_set.roles or role_set.committee_roles):
        raise no_role
    return user
